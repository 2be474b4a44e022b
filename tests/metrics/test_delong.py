"""DeLong CI and paired test against a brute-force placement-value reference."""

import numpy as np
import pytest
from hypothesis import given, settings
from scipy.stats import norm

from skpapers.metrics import auroc_score, delong_ci, delong_test

from ._strategies import binary_data

PROPS = settings(max_examples=200, deadline=None)


def _brute_components(y, s):
    """O(n+ n-) placement values from the full psi matrix."""
    sp, sn = s[y == 1], s[y == 0]
    psi = (sp[:, None] > sn[None, :]) + 0.5 * (sp[:, None] == sn[None, :])
    return psi.mean(axis=1), psi.mean(axis=0), psi.mean()


def _brute_var(y, s):
    v10, v01, auc = _brute_components(y, s)
    return auc, np.var(v10, ddof=1) / v10.size + np.var(v01, ddof=1) / v01.size


@PROPS
@given(binary_data(min_size=4))
def test_ci_matches_brute_force(data):
    y, s, _ = data
    if min(y.sum(), (1 - y).sum()) < 2:
        with pytest.raises(ValueError, match="at least two positives and two"):
            delong_ci(y, s)
        return
    auc, var = _brute_var(y, s)
    ci = delong_ci(y, s, confidence=0.9)
    assert ci.auroc == pytest.approx(auc, abs=1e-12)
    assert ci.std == pytest.approx(np.sqrt(var), abs=1e-12)
    z = norm.ppf(0.95)
    assert ci.low == pytest.approx(max(0.0, auc - z * np.sqrt(var)), abs=1e-12)
    assert ci.high == pytest.approx(min(1.0, auc + z * np.sqrt(var)), abs=1e-12)
    assert 0 <= ci.low <= ci.auroc <= ci.high <= 1


@PROPS
@given(binary_data(min_size=4))
def test_paired_test_matches_brute_force(data):
    y, s, _ = data
    if min(y.sum(), (1 - y).sum()) < 2:
        return
    s2 = np.roll(s, 1) + 0.25 * (np.arange(len(s)) % 3)
    a10, a01, auc_a = _brute_components(y, s)
    b10, b01, auc_b = _brute_components(y, s2)
    var = (np.var(a10 - b10, ddof=1) / a10.size + np.var(a01 - b01, ddof=1) / a01.size)
    res = delong_test(y, s, s2)
    assert res.auroc_a == pytest.approx(auc_a, abs=1e-12)
    assert res.auroc_b == pytest.approx(auc_b, abs=1e-12)
    assert res.std == pytest.approx(np.sqrt(var), abs=1e-12)
    if var > 1e-20:
        assert res.pvalue == pytest.approx(
            2 * norm.sf(abs(auc_a - auc_b) / np.sqrt(var)), rel=1e-6, abs=1e-12)


def test_same_scores_give_pvalue_one():
    y = np.array([0, 1, 0, 1, 0, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8, 0.5, 0.2])
    res = delong_test(y, s, s)
    assert res.difference == 0 and res.std == 0 and res.pvalue == 1.0


def test_integer_weights_equal_repetition():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 40)
    y[:2], y[2:4] = 0, 1
    s = np.round(rng.normal(size=40) + y, 1)
    w = rng.integers(0, 4, 40)
    w[:4] = 1
    rep = np.repeat(np.arange(40), w)
    a, b = delong_ci(y, s, sample_weight=w), delong_ci(y[rep], s[rep])
    assert a.auroc == pytest.approx(b.auroc, abs=1e-12)
    assert a.std == pytest.approx(b.std, abs=1e-12)
    t1 = delong_test(y, s, s ** 3 - s, sample_weight=w)
    t2 = delong_test(y[rep], s[rep], s[rep] ** 3 - s[rep])
    assert t1.std == pytest.approx(t2.std, abs=1e-12)


def test_non_integer_weights_rejected():
    with pytest.raises(ValueError, match="integer sample_weight"):
        delong_ci([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], sample_weight=[1, 0.5, 1, 1])


def test_clipped_to_unit_interval():
    y = np.r_[np.zeros(3), np.ones(3)]
    ci = delong_ci(y, np.r_[0.1, 0.2, 0.3, 0.7, 0.8, 0.65])
    assert ci.high == 1.0 and ci.auroc == 1.0


def test_coverage_is_close_to_nominal():
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(150), np.ones(50)]
    truth = norm.cdf(1 / np.sqrt(2))
    hits = 0
    for _ in range(300):
        s = rng.normal(size=200) + y
        ci = delong_ci(y, s)
        hits += ci.low <= truth <= ci.high
    assert 0.90 <= hits / 300 <= 0.98


def test_bad_confidence():
    with pytest.raises(ValueError, match="confidence must be a float in"):
        delong_ci([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], confidence=95)


def test_agrees_with_auroc_score_on_large_input():
    rng = np.random.default_rng(1)
    y = rng.random(50_000) < 0.2
    s = np.round(rng.normal(size=50_000) + y, 2)
    assert delong_ci(y, s).auroc == pytest.approx(auroc_score(y, s), abs=1e-12)
