"""The SMOTE experiment's pieces (the full run is exercised by the CLI)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.naive_bayes import GaussianNB

from skpapers.experiments import smote as exp
from skpapers.over_sampling import SMOTEUnderSampler


def test_module_contract():
    assert exp.TITLE and exp.PROVIDES and "\n" not in exp.PROVIDES
    assert callable(exp.run) and callable(exp.summarize) and callable(exp.plot)


def test_data_sets_are_binary_with_minority_one():
    for name, (X, y) in exp.load_sets().items():
        assert set(np.unique(y)) == {0, 1}, name
        assert y.mean() < 0.5, name
        assert X.shape[0] == y.shape[0]


def test_cv_rates_are_pooled_rates():
    X, y = exp.load_sets()["breast cancer"]
    tpr, fpr = exp._cv_rates(X, y, lambda seed: None, GaussianNB(), 5, 0)
    assert 0.8 < tpr <= 1 and 0 <= fpr < 0.2
    # Heavier under-sampling of the majority pushes the point up and right.
    def sampler(seed):
        return SMOTEUnderSampler(smote_percent=0, under_percent=2000, random_state=seed)

    tpr_u, fpr_u = exp._cv_rates(X, y, sampler, GaussianNB(), 5, 0)
    assert fpr_u >= fpr and tpr_u >= tpr


def test_summarize_auc_closed_form():
    df = pd.DataFrame({
        "dataset": "d", "classifier": "c",
        "family": ["A", "B"], "smote_percent": [0, 100], "setting": [100, 100],
        "tp_rate": [0.8, 0.6], "fp_rate": [0.2, 0.4],
    })
    table = exp.summarize(df).set_index("family")
    # One point (a, b): trapezoids through (0,0) and (1,1).
    assert table.loc["A", "AUC"] == pytest.approx(0.2 * 0.8 / 2 + 0.8 * 1.8 / 2)
    assert table.loc["A", "points on hull"] == 1
    assert table.loc["B", "points on hull"] == 0


def test_plot_returns_a_figure():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    df = pd.DataFrame({
        "dataset": "d", "classifier": "c",
        "family": ["under-sampling", "SMOTE 200% + under"], "smote_percent": [0, 200],
        "setting": [100, 100], "tp_rate": [0.8, 0.6], "fp_rate": [0.2, 0.4],
    })
    fig = exp.plot(df)
    assert len(fig.axes) >= 1
