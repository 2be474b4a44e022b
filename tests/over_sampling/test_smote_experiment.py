"""The SMOTE experiment's pieces (the full run is exercised by the CLI)."""

import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.naive_bayes import GaussianNB

from skpapers.datasets import load_pima
from skpapers.experiments import _ripper
from skpapers.experiments import smote as exp
from skpapers.over_sampling import SMOTEUnderSampler


def test_module_contract():
    assert exp.TITLE and exp.PROVIDES and "\n" not in exp.PROVIDES
    assert callable(exp.run) and callable(exp.summarize) and callable(exp.plot)
    assert set(exp.PAPER_TABLE3) == set(exp.DATASETS)


def test_cv_rates_are_pooled_rates():
    X, y = load_pima(return_X_y=True)
    tpr, fpr = exp._cv_rates(X, y, lambda seed: None, GaussianNB(), 5, 0)
    assert 0.5 < tpr < 0.8 and 0.05 < fpr < 0.3

    # Heavier under-sampling of the majority pushes the point up and right.
    def sampler(seed):
        return SMOTEUnderSampler(smote_percent=0, under_percent=2000, random_state=seed)

    tpr_u, fpr_u = exp._cv_rates(X, y, sampler, GaussianNB(), 5, 0)
    assert fpr_u > fpr and tpr_u > tpr


def _frame(rows):
    return pd.DataFrame(rows, columns=exp.COLUMNS)


def test_summarize_auc_paper_column_and_hull():
    df = _frame([
        ("Pima", exp.UNDER, 0, 100, 0.8, 0.2),
        ("Pima", "SMOTE 100%-C4.5", 100, 100, 0.6, 0.4),
        ("Pima", exp.NB_FAMILY, 0, 0.5, 0.5, 0.1),
    ])
    table = exp.summarize(df).loc["Pima"]
    # One point (a, b): trapezoids through (0,0) and (1,1).
    assert table.loc[exp.UNDER, "AUC from (0,0)"] == round(
        1e4 * (0.2 * 0.8 / 2 + 0.8 * 1.8 / 2))
    # the paper's rule needs the raw-data point
    assert pd.isna(table.loc[exp.UNDER, "AUC (ours)"])
    assert table.loc[exp.UNDER, "paper"] == 7242
    assert table.loc["SMOTE 100%-C4.5", "paper"] == 7307
    assert pd.isna(table.loc[exp.NB_FAMILY, "paper"])
    # the hull of all classifiers: (0.1, 0.5) and (0.2, 0.8) are on it
    assert table.loc[exp.UNDER, "on hull"] == "1 of 1"
    assert table.loc[exp.NB_FAMILY, "on hull"] == "1 of 1"
    assert table.loc["SMOTE 100%-C4.5", "on hull"] == "0 of 1"


def test_paper_rule_auc_starts_at_the_raw_data_point():
    df = _frame([
        ("Pima", exp.UNDER, 0, exp.RAW_SETTING, 0.6, 0.2),
        ("Pima", exp.UNDER, 0, 100, 0.9, 0.6),
        ("Pima", "SMOTE 100%-C4.5", 100, 100, 0.8, 0.4),
        ("Pima", exp.NB_FAMILY, 0, 0.5, 0.5, 0.1),
    ])
    table = exp.summarize(df).loc["Pima"]
    # Under: (0.2, 0.6) -> (0.6, 0.9) -> (1, 1), nothing left of %FP 0.2
    assert table.loc[exp.UNDER, "AUC (ours)"] == round(1e4 * (0.4 * 1.5 + 0.4 * 1.9) / 2)
    # SMOTE starts at the same raw point: (0.2, 0.6) -> (0.4, 0.8) -> (1, 1)
    assert table.loc["SMOTE 100%-C4.5", "AUC (ours)"] == round(
        1e4 * (0.2 * 1.4 + 0.6 * 1.8) / 2)
    assert table.loc["SMOTE 100%-C4.5", "ours - paper"] == (
        table.loc["SMOTE 100%-C4.5", "AUC (ours)"] - 7307)
    assert pd.isna(table.loc[exp.NB_FAMILY, "AUC (ours)"])
    assert table.loc[exp.NB_FAMILY, "AUC from (0,0)"] == round(
        1e4 * (0.1 * 0.5 + 0.9 * 1.5) / 2)


def test_smote_families_keep_as_many_majority_cases_as_plain_under_sampling():
    # the paper: "each corresponding point on each ROC curve for a dataset
    # represents the same number of majority class samples"
    y = np.r_[np.zeros(500, int), np.ones(50, int)]
    X = np.arange(2 * y.size, dtype=float).reshape(-1, 2) % 97
    for under in (50, 100, 300):
        kept = []
        for smote in (0, 100, 300):
            sampler = SMOTEUnderSampler(
                smote_percent=smote, under_percent=exp._paper_under_percent(under, smote),
                random_state=0)
            kept.append(np.sum(sampler.fit_resample(X, y)[1] == 0))
        assert kept == [round(100 * 50 / under)] * 3


def test_shared_range_auc_closed_form():
    df = _frame([
        ("Pima", exp.UNDER, 0, 10, 0.6, 0.2), ("Pima", exp.UNDER, 0, 100, 0.9, 0.6),
        ("Pima", "SMOTE 100%-C4.5", 100, 10, 0.8, 0.4),
        ("Pima", "SMOTE 100%-C4.5", 100, 100, 0.95, 0.8),
        ("Pima", exp.NB_FAMILY, 0, 0.5, 0.5, 0.1),
    ])
    table = exp.summarize(df).loc["Pima", "shared-range AUC"]
    # shared %FP range [0.4, 0.6]: under-sampling's segment runs from 0.75 to
    # 0.9 there, SMOTE's from 0.8 to 0.875
    assert table[exp.UNDER] == 8250
    assert table["SMOTE 100%-C4.5"] == 8375
    assert pd.isna(table[exp.NB_FAMILY])


def test_repeated_points_count_once_on_the_hull():
    df = _frame([("Pima", exp.UNDER, 0, 10, 0.8, 0.2), ("Pima", exp.UNDER, 0, 15, 0.8, 0.2),
                 ("Pima", exp.UNDER, 0, 2000, 0.9, 0.6)])
    assert exp.summarize(df).loc[("Pima", exp.UNDER), "on hull"] == "2 of 2"


def test_hull_is_per_data_set():
    df = _frame([("A", exp.UNDER, 0, 100, 0.8, 0.2), ("B", exp.UNDER, 0, 100, 0.3, 0.4)])
    assert exp._with_hull(df)["on_hull"].tolist() == [True, False]


def _tiny(monkeypatch):
    tiny = {"datasets": ["Pima"], "n_splits": 3, "under": [50, 500], "smote": [200],
            "priors": [0.3, 0.7]}
    monkeypatch.setattr(exp, "FULL", tiny)
    monkeypatch.setattr(exp, "LOSS_RATIOS", [1, 3])


def test_full_run_without_wittgenstein_prints_a_note(monkeypatch, capsys):
    _tiny(monkeypatch)
    monkeypatch.setattr(exp, "ripper_available", lambda: False)
    results = exp.run()
    assert "RIPPER skipped" in capsys.readouterr().out
    assert exp.RIPPER_FAMILY not in set(results["family"])
    # raw-data point + (under + SMOTE 200) x 2 rates + 2 priors
    assert len(results) == 1 + 2 * 2 + 2


def test_run_takes_a_subset_of_the_data_sets(monkeypatch):
    _tiny(monkeypatch)
    monkeypatch.setattr(exp, "ripper_available", lambda: False)
    monkeypatch.setitem(exp.FULL, "datasets", ["Phoneme"])
    assert set(exp.run(datasets=["Pima"])["dataset"]) == {"Pima"}
    with pytest.raises(ValueError, match=r"datasets must be a non-empty subset.*'Iris'"):
        exp.run(datasets=["Pima", "Iris"])
    with pytest.raises(ValueError, match="datasets must be a non-empty subset"):
        exp.run(datasets=[])


class _CheapLossRatio(GaussianNB):
    """Stands in for RIPPER in the plumbing test: loss ratio -> NB prior."""

    def __init__(self, loss_ratio=1, random_state=None):
        super().__init__()
        self.loss_ratio = loss_ratio
        self.random_state = random_state

    def fit(self, X, y):
        self.priors = [1 / (1 + self.loss_ratio), self.loss_ratio / (1 + self.loss_ratio)]
        return super().fit(X, y)


def test_ripper_family_plumbing(monkeypatch):
    _tiny(monkeypatch)
    monkeypatch.setattr(exp, "ripper_available", lambda: True)
    monkeypatch.setattr(exp, "RipperLossRatio", _CheapLossRatio)
    results = exp.run()
    ripper = results[results["family"] == exp.RIPPER_FAMILY].sort_values("setting")
    assert ripper["setting"].tolist() == [1, 3]
    assert ripper["tp_rate"].iloc[1] > ripper["tp_rate"].iloc[0]
    assert exp.RIPPER_FAMILY not in set(exp.run(ripper_datasets=())["family"])


def test_ripper_loss_ratio_finds_more_positives():
    pytest.importorskip("wittgenstein")
    rng = np.random.RandomState(0)
    X = rng.normal(size=(240, 2))
    y = (X[:, 0] + rng.normal(scale=0.8, size=240) > 1.0).astype(int)
    found = [_ripper.RipperLossRatio(loss_ratio, random_state=0).fit(X, y).predict(X).sum()
             for loss_ratio in (1, 6)]
    assert found[1] > found[0]


def test_ripper_adapter_names_the_extra_when_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "wittgenstein", None)
    assert not _ripper.ripper_available()
    with pytest.raises(ImportError, match=r"skpapers\[ripper\]"):
        _ripper.RipperLossRatio().fit(np.zeros((4, 1)), [0, 1, 0, 1])


@pytest.mark.slow
def test_quick_run_shape_and_direction():
    results = exp.run(quick=True)
    assert set(results["dataset"]) == {"Pima"}
    assert results[["tp_rate", "fp_rate"]].stack().between(0, 1).all()
    under = results[results["family"] == exp.UNDER].set_index("setting")
    # under-sampling at 2000 % (few majority cases left) finds more positives
    # and more false positives than at 10 %
    assert under.loc[2000, "tp_rate"] > under.loc[10, "tp_rate"]
    assert under.loc[2000, "fp_rate"] > under.loc[10, "fp_rate"]
    # on Pima under-sampling at 10 % keeps every majority case: the raw data
    assert tuple(under.loc[exp.RAW_SETTING]) == tuple(under.loc[10])
    table = exp.summarize(results)
    assert table.loc[("Pima", exp.UNDER), "paper"] == 7242
    assert table.loc[("Pima", exp.UNDER), "AUC (ours)"] < table.loc[
        ("Pima", exp.UNDER), "AUC from (0,0)"]


def test_plot_returns_a_figure():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    df = _frame([
        ("Pima", exp.UNDER, 0, 100, 0.8, 0.2),
        ("Pima", "SMOTE 200%-C4.5", 200, 100, 0.6, 0.4),
        ("Phoneme", exp.NB_FAMILY, 0, 0.5, 0.7, 0.3),
    ])
    fig = exp.plot(df)
    # per data set: all classifiers, and the C4.5 families zoomed
    assert len(fig.axes) == 4
    assert fig._suptitle.get_text().startswith("SMOTE (Chawla et al. 2002): ")
    assert fig.axes[0].get_title().startswith("Pima: 768 rows")
    assert "zoomed" in fig.axes[2].get_title()
    single = exp.plot(df[df["dataset"] == "Pima"])
    assert [ax.get_title() for ax in single.axes][1] == "Pima: C4.5 families, zoomed"
