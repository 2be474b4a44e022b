"""The SMOTE experiment over seeds: spread, paired gains, hull owners."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from skpapers.experiments import _smote_seeds as seeds
from skpapers.experiments import smote as exp

SMOTE100 = "SMOTE 100%-C4.5"


def _run(under_tpr, smote_tpr, nb_point=(0.1, 0.5)):
    """A one-data-set 'run': raw point (0.2, 0.6), one more point per C4.5
    family at %FP 0.6 and one naive Bayes point."""
    return pd.DataFrame([
        ("Pima", exp.UNDER, 0, exp.RAW_SETTING, 0.6, 0.2),
        ("Pima", exp.UNDER, 0, 100, under_tpr, 0.6),
        ("Pima", SMOTE100, 100, 100, smote_tpr, 0.6),
        ("Pima", exp.NB_FAMILY, 0, 0.5, nb_point[1], nb_point[0]),
    ], columns=exp.COLUMNS)


def _auc(tpr):
    # raw point (0.2, 0.6) -> (0.6, tpr) -> (1, 1), x 10^4
    return round(1e4 * (0.4 * (0.6 + tpr) + 0.4 * (tpr + 1.0)) / 2)


def test_per_seed_matches_summarize_of_each_seed():
    runs = {0: _run(0.8, 0.9), 1: _run(0.85, 0.8)}
    table = seeds.per_seed(runs)
    assert len(table) == 2 * 3 and list(table["seed"].unique()) == [0, 1]
    for seed, results in runs.items():
        ours = table[table["seed"] == seed].set_index("family")
        summary = exp.summarize(results).loc["Pima"]
        for family in summary.index:
            hull, points = summary.loc[family, "on hull"].split(" of ")
            assert ours.loc[family, "hull_points"] == int(hull)
            assert ours.loc[family, "points"] == int(points)
            assert ours.loc[family, "auc_from_origin"] == summary.loc[family,
                                                                      "AUC from (0,0)"]
    under = table[table["family"] == exp.UNDER]["auc"].tolist()
    assert under == [_auc(0.8), _auc(0.85)]
    assert table.loc[table["family"] == exp.NB_FAMILY, "auc"].isna().all()


def test_paired_gains_closed_form_and_tests():
    tprs = [(0.80, 0.82), (0.80, 0.85), (0.84, 0.83), (0.80, 0.81), (0.79, 0.80)]
    table = seeds.per_seed({s: _run(u, m) for s, (u, m) in enumerate(tprs)})
    gains = seeds.paired_gains(table).loc[("Pima", SMOTE100)]
    diff = np.array([_auc(m) - _auc(u) for u, m in tprs], float)
    assert gains["per_seed"] == diff.tolist()
    assert gains["mean"] == pytest.approx(diff.mean())
    assert gains["sd"] == pytest.approx(diff.std(ddof=1))
    assert gains["leads"] == 4 and gains["ties"] == 0 and gains["n_seeds"] == 5
    # sign test: 4 of 5 ahead, two-sided, by the binomial sum
    assert gains["sign_p"] == pytest.approx(2 * (5 + 1) / 32)
    half = stats.t.ppf(0.975, 4) * diff.std(ddof=1) / np.sqrt(5)
    assert gains["ci_low"] == pytest.approx(diff.mean() - half)
    assert gains["ci_high"] == pytest.approx(diff.mean() + half)
    assert gains["t_p"] == pytest.approx(stats.ttest_1samp(diff, 0).pvalue)
    assert gains["paper"] == 7307 - 7242


def test_paired_gains_ties_leave_the_sign_test():
    table = seeds.per_seed({0: _run(0.8, 0.8), 1: _run(0.8, 0.9), 2: _run(0.8, 0.85)})
    gains = seeds.paired_gains(table).loc[("Pima", SMOTE100)]
    assert gains["ties"] == 1 and gains["leads"] == 2
    assert gains["sign_p"] == pytest.approx(0.5)  # 2 of 2 non-ties ahead


def test_paired_gains_needs_under_sampling_with_its_raw_point():
    run = _run(0.8, 0.9)
    table = seeds.per_seed({0: run[run["setting"] != exp.RAW_SETTING]})
    with pytest.raises(ValueError, match="Under-C4.5 AUC"):
        seeds.paired_gains(table)
    with pytest.raises(ValueError, match="results_by_seed is empty"):
        seeds.per_seed({})


def test_auc_over_seeds_mean_sd_and_paper():
    table = seeds.per_seed({0: _run(0.8, 0.9), 1: _run(0.84, 0.9), 2: _run(0.88, 0.9)})
    summary = seeds.auc_over_seeds(table).loc["Pima"]
    values = np.array([_auc(t) for t in (0.8, 0.84, 0.88)], float)
    assert summary.loc[exp.UNDER, "mean"] == pytest.approx(values.mean())
    assert summary.loc[exp.UNDER, "sd"] == pytest.approx(values.std(ddof=1))
    assert summary.loc[exp.UNDER, "mean - paper"] == pytest.approx(values.mean() - 7242)
    assert summary.loc[SMOTE100, "sd"] == 0
    # naive Bayes has no raw-data point: the whole-axis AUC, labelled
    assert summary.loc[exp.NB_FAMILY, "measure"] == "(0, 0)"
    assert np.isnan(summary.loc[exp.NB_FAMILY, "paper"])


def test_hull_owners_counts_and_most():
    # seed 0: NB (0.1, 0.5), the raw point (0.2, 0.6) and SMOTE (0.6, 0.9)
    # are on the hull (slopes 5, 1, 0.75, then 0.25 to (1, 1)); seed 1: NB
    # moves below the chord from (0, 0) to the raw point
    runs = {0: _run(0.8, 0.9), 1: _run(0.8, 0.9, nb_point=(0.1, 0.2))}
    owners = seeds.hull_owners(seeds.per_seed(runs)).loc["Pima"]
    assert owners.loc[exp.NB_FAMILY, "per_seed"] == [1, 0]
    assert owners.loc[SMOTE100, "per_seed"] == [1, 1]
    # the raw point is Under-C4.5's; (0.6, 0.8) is below the hull
    assert owners.loc[exp.UNDER, "per_seed"] == [1, 1]
    assert owners.loc[exp.UNDER, "points"] == [2, 2]
    # ties count for each tied family
    assert owners["most"].to_dict() == {exp.UNDER: 2, SMOTE100: 2, exp.NB_FAMILY: 1}
    assert owners["share"].sum() == pytest.approx(1.0)
    assert owners.loc[SMOTE100, "share"] == pytest.approx(2 / 5)


def test_paper_nb_priors_keeps_the_papers_range():
    rows = [("Pima", exp.NB_FAMILY, 0, p, 0.5, 0.1) for p in exp.NB_PRIORS]
    rows.append(("Pima", exp.UNDER, 0, 10, 0.5, 0.1))
    results = pd.DataFrame(rows, columns=exp.COLUMNS)
    kept = seeds.paper_nb_priors(results)
    # Pima: 268 of 768 positive; the paper's priors run from that share to
    # odds 50 (p = 50/51)
    share = 268 / 768
    expected = [p for p in exp.NB_PRIORS if share <= p <= 50 / 51]
    assert kept.loc[kept["family"] == exp.NB_FAMILY, "setting"].tolist() == expected
    assert expected[0] == 0.4 and expected[-1] == 0.98
    assert (kept["family"] == exp.UNDER).sum() == 1
    assert len(results) == len(exp.NB_PRIORS) + 1  # input untouched


def test_hull_by_approach_sums_the_smote_amounts():
    run = pd.concat([_run(0.8, 0.9), pd.DataFrame(
        [("Pima", "SMOTE 300%-C4.5", 300, 100, 0.97, 0.8)], columns=exp.COLUMNS)])
    table = seeds.per_seed({0: run, 1: _run(0.8, 0.9, nb_point=(0.1, 0.2))})
    owners = seeds.hull_by_approach(table).loc["Pima"]
    # SMOTE 100 % (0.6, 0.9) in both seeds, SMOTE 300 % (0.8, 0.97) in seed 0
    assert owners.loc["SMOTE + under-sampling", "per_seed"] == [2, 1]
    assert owners.loc[exp.UNDER, "per_seed"] == [1, 1]
    assert owners.loc[exp.NB_FAMILY, "per_seed"] == [1, 0]
    assert owners.loc["SMOTE + under-sampling", "most"] == 2
    assert owners["share"].sum() == pytest.approx(1.0)
