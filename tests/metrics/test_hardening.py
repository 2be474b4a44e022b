"""Ranking metrics on hostile input (issue 13: items 2, 11, 12).

Reference: a metric is a ratio of weight sums, so equal weights of any scale
give the unweighted value, which scikit-learn computes independently.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

from skpapers.metrics import (
    auc_decomposition,
    auprc_score,
    auroc_score,
    bootstrap_ci,
    mistake_gains,
    subgroup_report,
)

Y = np.array([0, 0, 1, 1])
S = np.array([0.1, 0.4, 0.35, 0.8])
SCALES = [5e-324, 1e-300, 1e-200, 1e200, 1e300, 1.7e308]


@pytest.mark.parametrize("scale", SCALES)
def test_equal_weights_of_any_scale_give_the_unweighted_metrics(scale):
    w = np.full(Y.size, scale)
    assert auroc_score(Y, S, sample_weight=w) == roc_auc_score(Y, S)
    assert auprc_score(Y, S, sample_weight=w) == pytest.approx(
        average_precision_score(Y, S), rel=1e-15
    )
    weighted = mistake_gains(Y, S, sample_weight=w)
    plain = mistake_gains(Y, S)
    pd.testing.assert_frame_equal(weighted, plain)
    dec = auc_decomposition(Y, S, sample_weight=w)
    assert dec.auroc == pytest.approx(roc_auc_score(Y, S), rel=1e-15)
    np.testing.assert_array_equal(dec.weight, w[Y == 1])  # reported as given


@pytest.mark.parametrize("scale", SCALES)
def test_subgroup_report_with_equal_weights_of_any_scale(scale):
    groups = np.array(["a", "b"] * 4)
    y = np.r_[Y, Y]
    s = np.r_[S, S[::-1]]
    w = np.full(y.size, scale)
    weighted = subgroup_report(y, s, groups, sample_weight=w)
    plain = subgroup_report(y, s, groups)
    cols = ["auroc", "auprc", "prevalence", "auroc_gap", "auprc_gap"]
    pd.testing.assert_frame_equal(weighted[cols], plain[cols])
    with np.errstate(over="ignore"):
        expected_count = plain["n_positives"] * scale
    np.testing.assert_allclose(weighted["n_positives"], expected_count, rtol=1e-15)


def test_subgroups_on_scales_far_apart_are_each_unweighted():
    # group a weighs 1e300 per row, group b 1e-300: b is not lost to underflow
    groups = np.array(["a"] * 4 + ["b"] * 4)
    y = np.r_[Y, Y]
    s = np.r_[S, S[::-1]]
    w = np.r_[np.full(4, 1e300), np.full(4, 1e-300)]
    report = subgroup_report(y, s, groups, sample_weight=w)
    assert report.loc["a", "auroc"] == roc_auc_score(Y, S)
    assert report.loc["b", "auroc"] == roc_auc_score(Y, S[::-1])


@settings(max_examples=40, deadline=None)
@given(
    exponent=st.integers(-1074, 1023),
    labels=st.lists(st.booleans(), min_size=4, max_size=30).filter(
        lambda v: 0 < sum(v) < len(v)
    ),
    seed=st.integers(0, 2**16),
)
def test_weight_scale_property(exponent, labels, seed):
    y = np.asarray(labels, dtype=int)
    s = np.random.default_rng(seed).permutation(y.size) / y.size  # distinct
    w = np.full(y.size, 2.0**exponent)
    assert auroc_score(y, s, sample_weight=w) == pytest.approx(
        roc_auc_score(y, s), abs=1e-14
    )
    assert auprc_score(y, s, sample_weight=w) == pytest.approx(
        average_precision_score(y, s), abs=1e-14
    )
    gains = mistake_gains(y, s, sample_weight=w)
    np.testing.assert_allclose(
        gains[["auroc_gain", "auprc_gain"]], mistake_gains(y, s)[["auroc_gain", "auprc_gain"]],
        rtol=1e-12,
    )


# ----------------------------------------------------------- item 11: labels


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinite_label_is_rejected(bad):
    with pytest.raises(ValueError, match=r"y_true contains infinity"):
        auroc_score([0, bad, 0, bad], S)
    with pytest.raises(ValueError, match=r"y_true contains infinity"):
        auprc_score(np.array([0, bad, 0, bad]), S)


def test_missing_and_mixed_labels_are_named():
    with pytest.raises(ValueError, match=r"y_true has missing labels .* rows \[1\]"):
        auroc_score(np.array([0, pd.NA, 1, 1], dtype=object), S)
    with pytest.raises(ValueError, match=r"y_true mixes labels of types int and str"):
        auroc_score(np.array(["0", 0, 1, 1], dtype=object), S)


# ----------------------------------------------------- item 12: bootstrap


def _nan_metric(y_true, y_score):
    return np.nan


@pytest.mark.parametrize("stratified", [True, False])
def test_bootstrap_names_a_metric_that_returns_nan(stratified):
    y = np.r_[np.zeros(20, int), np.ones(20, int)]
    s = np.linspace(0, 1, 40)
    with pytest.raises(ValueError, match=r"metric _nan_metric returned NaN on 30") as info:
        bootstrap_ci(_nan_metric, y, s, n_resamples=30, stratified=stratified, random_state=0)
    assert "stratified=True" not in str(info.value)
