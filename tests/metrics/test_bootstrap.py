"""bootstrap_ci: percentile and BCa, stratified, skipping, reproducibility."""

import numpy as np
import pytest
from joblib import parallel_backend

from skpapers.metrics import auprc_score, auroc_score, bootstrap_ci


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(120), np.ones(30)]
    return y, rng.normal(size=150) + y


def test_percentile_is_quantiles_of_distribution(data):
    y, s = data
    ci = bootstrap_ci(auroc_score, y, s, n_resamples=300, random_state=0)
    assert ci.estimate == auroc_score(y, s)
    assert ci.low == pytest.approx(np.quantile(ci.distribution, 0.025))
    assert ci.high == pytest.approx(np.quantile(ci.distribution, 0.975))
    assert ci.n_resamples == 300 and ci.n_skipped == 0


def test_stratified_keeps_class_counts():
    seen = []

    def metric(y, s):
        seen.append(int(np.sum(y)))
        return auroc_score(y, s)

    y = np.r_[np.zeros(20), np.ones(5)]
    s = np.arange(25.0)
    bootstrap_ci(metric, y, s, n_resamples=30, random_state=0)
    assert set(seen) == {5}


def test_unstratified_skips_single_class_resamples():
    y = np.r_[np.zeros(19), np.ones(1)]
    s = np.linspace(0, 1, 20)
    ci = bootstrap_ci(auroc_score, y, s, n_resamples=200, stratified=False,
                      random_state=0)
    # P(the one positive is never drawn) = (19/20)**20, about 0.36
    assert 40 <= ci.n_skipped <= 110
    assert ci.n_resamples == 200 - ci.n_skipped


def test_bca_close_to_percentile_and_covers_estimate(data):
    y, s = data
    p = bootstrap_ci(auprc_score, y, s, n_resamples=400, random_state=1)
    b = bootstrap_ci(auprc_score, y, s, n_resamples=400, method="bca", random_state=1)
    np.testing.assert_array_equal(p.distribution, b.distribution)
    assert b.low < b.estimate < b.high
    assert abs(b.low - p.low) < 0.1 and abs(b.high - p.high) < 0.1
    assert (b.low, b.high) != (p.low, p.high)


def test_bca_shifts_towards_skew():
    # A metric with a strongly skewed distribution: BCa moves the bounds.
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(60), np.ones(60)]
    s = rng.normal(size=120) + 2.5 * y
    p = bootstrap_ci(auroc_score, y, s, n_resamples=500, random_state=0)
    b = bootstrap_ci(auroc_score, y, s, n_resamples=500, method="bca", random_state=0)
    assert b.high <= 1.0 and b.low < p.low


def test_same_seed_same_result_any_n_jobs(data):
    y, s = data
    a = bootstrap_ci(auroc_score, y, s, n_resamples=120, random_state=5)
    with parallel_backend("threading"):  # cheap workers; same chunked seeding
        b = bootstrap_ci(auroc_score, y, s, n_resamples=120, random_state=5,
                         n_jobs=2)
    np.testing.assert_array_equal(a.distribution, b.distribution)
    c = bootstrap_ci(auroc_score, y, s, n_resamples=120, random_state=6)
    assert not np.array_equal(a.distribution, c.distribution)


def test_weights_passed_through(data):
    y, s = data
    w = np.r_[np.ones(75), 2 * np.ones(75)]
    ci = bootstrap_ci(auroc_score, y, s, sample_weight=w, n_resamples=50,
                      random_state=0)
    assert ci.estimate == auroc_score(y, s, sample_weight=w)


@pytest.mark.parametrize("method", ["percentile", "bca"])
@pytest.mark.parametrize("stratified", [True, False])
def test_zero_weight_rows_are_dropped_rows(data, method, stratified):
    # Most positives have weight 0: resamples drew only those and the metric
    # raised "positive samples have zero total sample_weight" for the whole
    # call. A zero weight must act as a dropped row.
    y, s = data
    w = np.ones_like(y)
    w[np.flatnonzero(y == 1)[:27]] = 0.0
    w[:5] = 0.0
    kwargs = dict(n_resamples=200, method=method, stratified=stratified,
                  random_state=0)
    ci = bootstrap_ci(auroc_score, y, s, sample_weight=w, **kwargs)
    keep = w > 0
    ref = bootstrap_ci(auroc_score, y[keep], s[keep], sample_weight=w[keep], **kwargs)
    assert ci.estimate == auroc_score(y, s, sample_weight=w)
    assert (ci.low, ci.high, ci.n_skipped) == (ref.low, ref.high, ref.n_skipped)
    np.testing.assert_array_equal(ci.distribution, ref.distribution)


def test_numpy_float_confidence_is_a_float(data):
    # was "confidence must be a float in (0, 1); got np.float32(0.9)"
    y, s = data
    ci = bootstrap_ci(auroc_score, y, s, confidence=np.float32(0.9), n_resamples=50,
                      random_state=0)
    ref = bootstrap_ci(auroc_score, y, s, confidence=0.9, n_resamples=50,
                       random_state=0)
    assert (ci.low, ci.high) == pytest.approx((ref.low, ref.high))


@pytest.mark.parametrize("kwargs, match", [
    (dict(method="basic"), "method must be 'percentile' or 'bca'"),
    (dict(n_resamples=1), "n_resamples must be an integer >= 2"),
    (dict(confidence=1.5), "confidence must be a float in"),
])
def test_bad_parameters(data, kwargs, match):
    y, s = data
    with pytest.raises(ValueError, match=match):
        bootstrap_ci(auroc_score, y, s, **kwargs)


def test_metric_must_be_callable(data):
    y, s = data
    with pytest.raises(TypeError, match="metric must be callable"):
        bootstrap_ci("auroc", y, s)


def _efron_bca_levels(dist, estimate, jack, confidence):
    """BCa levels from Efron & Tibshirani (1993), eqs. 14.10-14.15."""
    from scipy.stats import norm

    b = dist.size
    p0 = np.clip(np.mean(dist < estimate) + 0.5 * np.mean(dist == estimate),
                 1 / (b + 1), 1 - 1 / (b + 1))
    z0 = norm.ppf(p0)
    d = jack.mean() - jack
    a = np.sum(d**3) / (6 * np.sum(d**2) ** 1.5)
    alpha = 1 - confidence
    out = []
    for q in (alpha / 2, 1 - alpha / 2):
        zq = norm.ppf(q)
        out.append(norm.cdf(z0 + (z0 + zq) / (1 - a * (z0 + zq))))
    return out


def test_bca_bounds_follow_efron_with_weighted_jackknife():
    # Skewed metric (AUPRC, few positives) and uneven weights: a clearly
    # non-zero acceleration from the leave-one-out (weighted) values.
    rng = np.random.default_rng(3)
    y = np.r_[np.zeros(32), np.ones(8)]
    s = rng.normal(size=40) + 1.2 * y
    w = rng.uniform(0.2, 3.0, size=40)
    ci = bootstrap_ci(auprc_score, y, s, sample_weight=w, n_resamples=300,
                      method="bca", confidence=0.9, random_state=0)
    keep = ~np.eye(40, dtype=bool)
    jack = np.array([auprc_score(y[k], s[k], sample_weight=w[k]) for k in keep])
    levels = _efron_bca_levels(ci.distribution, ci.estimate, jack, 0.9)
    d = jack.mean() - jack
    assert abs(np.sum(d**3) / (6 * np.sum(d**2) ** 1.5)) > 0.01  # skewed: a != 0
    np.testing.assert_allclose([ci.low, ci.high], np.quantile(ci.distribution, levels),
                               rtol=1e-12)


def test_resamples_keep_their_weights():
    # The two negatives ranked above every positive have weight 0: every
    # weighted resample is perfectly ordered (unweighted ones would not be).
    y = np.r_[np.zeros(20), np.ones(20)]
    s = np.r_[np.arange(18.0), 100.0, 101.0, 50 + np.arange(20.0)]
    w = np.r_[np.ones(18), 0.0, 0.0, np.ones(20)]
    ci = bootstrap_ci(auroc_score, y, s, sample_weight=w, n_resamples=100,
                      random_state=0)
    assert ci.estimate == 1.0
    np.testing.assert_array_equal(ci.distribution, 1.0)


def test_repr_is_one_short_line_without_the_resamples():
    rng = np.random.default_rng(1)
    y = np.r_[np.zeros(150), np.ones(50)]
    s = rng.normal(size=200) + y
    ci = bootstrap_ci(auroc_score, y, s, n_resamples=500, random_state=0)
    text = repr(ci)
    assert "\n" not in text and len(text) < 140
    assert f"{ci.estimate:.4g}" in text and f"{ci.low:.4g}" in text
    assert "95% CI" in text and "n_resamples=500" in text
    assert str(ci) == text
