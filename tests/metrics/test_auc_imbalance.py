"""The paper's experiment and its data generator."""

import numpy as np
import pytest

from skpapers.datasets import make_prevalence_subgroups
from skpapers.experiments import auc_imbalance
from skpapers.metrics import auprc_score, auroc_score, subgroup_report


def test_generator_prevalence_auroc_and_calibration():
    y, s, g = make_prevalence_subgroups(200_000, prevalences=(0.05, 0.01),
                                        auroc=(0.85, 0.65), random_state=0)
    rep = subgroup_report(y, s, g)
    np.testing.assert_allclose(rep["prevalence"], [0.05, 0.01])
    np.testing.assert_allclose(rep["auroc"], [0.85, 0.65], atol=0.015)
    for k, p in enumerate((0.05, 0.01)):
        assert s[g == k].mean() == pytest.approx(p, rel=1e-6)


def test_generator_reproducible_and_validates():
    a = make_prevalence_subgroups(500, random_state=3)
    b = make_prevalence_subgroups(500, random_state=3)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    with pytest.raises(ValueError, match="prevalences must be in"):
        make_prevalence_subgroups(100, prevalences=(0.5, 1.2))
    with pytest.raises(ValueError, match="auroc must be a float or have one value"):
        make_prevalence_subgroups(100, auroc=(0.8, 0.7, 0.6))


def test_sorted_metrics_match_public_metrics():
    rng = np.random.default_rng(0)
    y = rng.random(300) < 0.1
    y[:2] = [True, False]
    s = rng.normal(size=300)
    lab = y[np.argsort(-s)]
    auroc, auprc = auc_imbalance._sorted_metrics(lab)
    assert auroc == pytest.approx(auroc_score(y, s), abs=1e-12)
    assert auprc == pytest.approx(auprc_score(y, s), abs=1e-12)


def test_headline():
    res = auc_imbalance.run(quick=True)
    table = auc_imbalance.summarize(res)
    for target in auc_imbalance.TARGET_AUROCS:
        pr, roc = table.loc[(target, "auprc")], table.loc[(target, "auroc")]
        # AUPRC route: almost every fix in the high-prevalence group, the gap widens
        assert pr["share_fixes_hi"] > 0.9
        assert pr["gap_gain"] > 3 * roc["gap_gain"]
        assert pr["gap_gain"] > 5 * pr["gap_gain_se"]
        # AUROC route: both groups improve
        assert roc["auroc_gain_lo"] > 0.5 * roc["auroc_gain_hi"]
        assert pr["auroc_gain_lo"] < 0.1 * roc["auroc_gain_lo"]
        # each route raises its own pooled metric more than the other route does
        assert pr["auprc_gain_all"] > roc["auprc_gain_all"]
    assert set(res.columns) >= {"target_auroc", "seed", "route", "step", "group",
                                "auroc", "auprc"}


def test_generator_three_groups_sizes_and_no_calibration():
    y, s, g = make_prevalence_subgroups(
        1000, prevalences=(0.3, 0.2, 0.1), auroc=0.9, group_sizes=(2, 1, 1),
        calibrate=False, random_state=0)
    np.testing.assert_array_equal(np.bincount(g), [500, 250, 250])
    np.testing.assert_array_equal([y[g == k].sum() for k in range(3)], [150, 50, 25])
    assert s.min() < 0  # raw binormal latent scores
    with pytest.raises(ValueError, match="n_samples must be an integer >= 2"):
        make_prevalence_subgroups(1)
