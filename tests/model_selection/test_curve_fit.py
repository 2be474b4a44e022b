"""Power-law learning-curve fits: recovery, intervals, crossovers, extrapolation."""

import numpy as np
import pytest

from skpapers.model_selection import extrapolate_learning_curve
from skpapers.model_selection._comparison import observed_crossover
from skpapers.model_selection._curve_fit import (
    find_crossovers,
    fit_power_law,
    power_law,
    size_for_error,
    size_within,
)

SIZES = np.geomspace(5, 5000, 15)


@pytest.mark.parametrize(
    "truth",
    [(0.05, 0.8, 0.5), (0.0, 2.0, 1.2), (0.2, 0.3, 0.3), (0.01, 5.0, 2.0),
     (0.0, 3.0, 2.5), (0.3, 1.0, 0.05)],
)
def test_noiseless_curve_is_recovered(truth):
    params, _ = fit_power_law(SIZES, power_law(SIZES, *truth))
    np.testing.assert_allclose(params, truth, atol=1e-6, rtol=1e-6)


def test_fixed_asymptote_is_respected():
    errors = power_law(SIZES, 0.1, 1.0, 0.7)
    params, cov = fit_power_law(SIZES, errors, asymptote=0.1)
    np.testing.assert_allclose(params, [0.1, 1.0, 0.7], atol=1e-8)
    assert np.all(cov[0] == 0)


def test_noisy_intervals_cover_the_truth():
    truth = (0.05, 0.8, 0.5)
    covered_jac, covered_boot, widths = 0, 0, []
    for seed in range(12):
        rng = np.random.RandomState(seed)
        errors = power_law(SIZES, *truth)[:, None] + rng.normal(0, 0.01, (15, 8))
        jac = extrapolate_learning_curve(SIZES, errors, n_bootstrap=0)
        _, lo, hi = jac.asymptote()
        covered_jac += lo <= truth[0] <= hi
        if seed < 4:
            boot = extrapolate_learning_curve(
                SIZES, errors, n_bootstrap=60, random_state=seed)
            _, lo_b, hi_b = boot.asymptote()
            covered_boot += lo_b <= truth[0] <= hi_b
            widths.append(hi_b - lo_b)
    assert covered_jac >= 9  # nominal 90 %: 10.8 of 12
    assert covered_boot >= 3
    # intervals are informative: a few hundredths wide, not the whole [0, 1]
    assert 0.002 < np.mean(widths) < 0.05


def test_interval_shrinks_with_more_repeats():
    rng = np.random.RandomState(0)
    truth = (0.1, 1.0, 0.6)
    few = power_law(SIZES, *truth)[:, None] + rng.normal(0, 0.02, (15, 3))
    many = power_law(SIZES, *truth)[:, None] + rng.normal(0, 0.02, (15, 30))
    width = []
    for errors in (few, many):
        _, lo, hi = extrapolate_learning_curve(SIZES, errors, n_bootstrap=0).asymptote()
        width.append(hi - lo)
    assert width[1] < width[0] / 2


def test_extrapolation_from_a_prefix():
    truth = (0.08, 1.5, 0.6)
    rng = np.random.RandomState(1)
    errors = power_law(SIZES, *truth)[:, None] + rng.normal(0, 0.003, (15, 6))
    curve = extrapolate_learning_curve(
        SIZES[:10], errors[:10], n_bootstrap=80, random_state=0)
    mean, low, high = curve.predict(SIZES[10:])
    target = power_law(SIZES[10:], *truth)
    assert np.all((low <= target) & (target <= high))
    assert np.all(np.abs(mean - target) < 0.01)
    need, need_lo, need_hi = curve.size_for_error(0.1)
    exact = (1.5 / 0.02) ** (1 / 0.6)
    assert need_lo <= exact <= need_hi
    assert need == pytest.approx(exact, rel=0.5)


def test_size_formulas():
    params = np.array([0.1, 2.0, 0.5])
    # b m^-c = eps  ->  m = (b / eps)^(1/c)
    assert size_within(params, 0.01) == pytest.approx(200.0**2)
    assert power_law(size_for_error(params, 0.3), *params) == pytest.approx(0.3)
    assert size_for_error(params, 0.05) == np.inf
    assert size_within(np.array([0.0, 0.005, 1.0]), 0.01) == 1.0


def test_crossover_of_constructed_curves():
    nb = (0.12, 0.6, 0.9)  # learns fast, worse asymptote
    lr = (0.05, 2.0, 0.5)  # learns slowly, better asymptote
    cross, nb_first = find_crossovers(nb, lr, 1, 1e5)
    assert cross.size == 1 and nb_first[0]
    assert power_law(cross[0], *nb) == pytest.approx(power_law(cross[0], *lr), abs=1e-12)
    # curves that never cross
    assert find_crossovers(nb, (0.2, 2.0, 0.5), 1, 1e5)[0].size == 0


def test_observed_crossover():
    sizes = np.array([10, 20, 40, 80, 160])
    a = np.array([0.30, 0.20, 0.15, 0.13, 0.12])
    b = np.array([0.40, 0.25, 0.14, 0.16, 0.10])  # wobbles: settled from 160 on
    assert observed_crossover(sizes, a, b) == 160
    assert observed_crossover(sizes, a, b + 1) != observed_crossover(sizes, a, b)
    assert np.isnan(observed_crossover(sizes, a, b + 1))


def test_extrapolation_bad_input():
    with pytest.raises(ValueError, match="at least 3"):
        extrapolate_learning_curve([10, 20], [0.3, 0.2])
    with pytest.raises(ValueError, match="one row per training size"):
        extrapolate_learning_curve([10, 20, 40], [0.3, 0.2])
    with pytest.raises(ValueError, match="NaN"):
        extrapolate_learning_curve([10, 20, 40], [0.3, np.nan, 0.1])
    with pytest.raises(ValueError, match="confidence"):
        extrapolate_learning_curve([10, 20, 40], [0.3, 0.2, 0.1], confidence=1.5)


def test_gauss_newton_covariance_and_normal_intervals_match_curve_fit():
    # One run, no bootstrap: intervals come from s^2 (J'J)^-1 with
    # s^2 = SSE / (n - 3), as scipy's curve_fit computes it, and a two-sided
    # normal quantile.
    from scipy.optimize import curve_fit
    from scipy.stats import norm

    rng = np.random.RandomState(4)
    errors = power_law(SIZES, 0.1, 1.5, 0.6) + 0.005 * rng.normal(size=SIZES.size)
    curve = extrapolate_learning_curve(SIZES, errors, n_bootstrap=0, confidence=0.8)
    ref, ref_cov = curve_fit(power_law, SIZES, errors, p0=curve.params)
    np.testing.assert_allclose(curve.params, ref, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(curve.cov, ref_cov, rtol=1e-3)
    a, low, high = curve.asymptote()
    half = norm.ppf(0.9) * np.sqrt(ref_cov[0, 0])
    assert high - a == pytest.approx(half, rel=1e-3)
    assert a - low == pytest.approx(half, rel=1e-3)


def test_noise_scale_is_the_root_mean_sample_variance():
    from skpapers.model_selection._curve_fit import noise_scale

    errors = np.array([[0.0, 2.0], [1.0, 1.0], [0.0, 4.0]])
    # sample variances (ddof=1): 2, 0, 8 -> mean 10 / 3
    assert noise_scale(errors) == pytest.approx(np.sqrt(10 / 3))
    assert noise_scale(errors[:, :1]) == 0.0


def test_two_sizes_are_rejected_even_with_many_runs():
    with pytest.raises(ValueError, match="at least 3 training sizes; got 2"):
        extrapolate_learning_curve([10, 20], np.full((2, 4), 0.3))


def test_fitted_crossover_beyond_the_largest_size_is_not_in_range():
    from skpapers.model_selection._comparison import LearningCurveComparison

    nb, lr = (0.12, 0.6, 0.9), (0.05, 2.0, 0.5)
    root = find_crossovers(nb, lr, 1, 1e6)[0][0]
    results = {}
    for top in (root / 3, root * 3):  # crossing after / before the largest size
        sizes = np.geomspace(5, top, 8)
        errors = np.stack([power_law(sizes, *nb), power_law(sizes, *lr)])[..., None]
        comp = LearningCurveComparison(
            ["nb", "lr"], sizes, errors, np.zeros_like(errors), epsilon=0.01,
            n_bootstrap=0,
        )
        row = comp.crossovers().iloc[0]
        assert row["fitted_crossover"] == pytest.approx(root, rel=1e-4)
        assert row["better_below"] == "nb"
        results[top > root] = row["in_observed_range"]
    assert results == {False: False, True: True}
