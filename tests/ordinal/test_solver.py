"""The fast solver against the cvxpy reference and closed forms."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.special import expit

from skpapers._solvers.cumulative_logit import (
    cumulative_to_class_proba,
    isotonic_rows,
    nll_derivatives,
    row_nll,
    standardize,
)
from skpapers._solvers.presto_cvxpy import solve_cvxpy
from skpapers._solvers.presto_path import alpha_grid
from skpapers._solvers.presto_prox import objective, prepare_data, solve


def _direct_nll(eta, y):
    """-log(sigmoid(eta_y) - sigmoid(eta_{y-1})) the naive way (moderate eta)."""
    cum = np.hstack([np.zeros((len(y), 1)), expit(eta), np.ones((len(y), 1))])
    return -np.log(cum[np.arange(len(y)), y + 1] - cum[np.arange(len(y)), y])


def test_row_nll_matches_direct_formula_and_is_stable():
    rng = np.random.RandomState(0)
    eta = np.sort(rng.normal(0, 2, (50, 3)), axis=1)
    y = rng.randint(0, 4, 50)
    np.testing.assert_allclose(row_nll(eta, y), _direct_nll(eta, y), rtol=1e-10)
    # huge and nearly tied predictors: finite, correct asymptotics
    eta = np.array([[-900.0, -850.0, -800.0], [1.0, 1.0 + 1e-12, 2.0]])
    out = row_nll(eta, np.array([3, 1]))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out[0], 0.0, atol=1e-300)  # log(1 + e^-800)
    np.testing.assert_allclose(out[1], -np.log(expit(1.0) * expit(-1.0) * 1e-12), rtol=1e-3)
    # a crossing at the observed class is outside the likelihood's domain
    assert row_nll(np.array([[0.0, -1.0, 2.0]]), np.array([1]))[0] == np.inf


def test_gradient_and_hessian_match_finite_differences():
    rng = np.random.RandomState(1)
    n, m = 20, 3
    eta = np.sort(rng.normal(0, 1.5, (n, m)), axis=1)
    y = rng.randint(0, m + 1, n)
    w = rng.uniform(0.5, 1.5, n)
    w /= w.sum()
    loss, grad, hu, hl, hc = nll_derivatives(eta, y, w)
    eps = 1e-6
    num = np.zeros_like(eta)
    for k in range(m):
        step = np.zeros_like(eta)
        step[:, k] = eps
        num[:, k] = (w * (row_nll(eta + step, y) - row_nll(eta - step, y))) / (2 * eps)
    np.testing.assert_allclose(grad, num, rtol=1e-5, atol=1e-9)
    assert np.isclose(loss, w @ row_nll(eta, y))
    # second derivative along the upper predictor of each row
    rows = np.flatnonzero(y < m)
    step = np.zeros_like(eta)
    step[rows, y[rows]] = eps
    g_plus = nll_derivatives(eta + step, y, w)[1]
    g_minus = nll_derivatives(eta - step, y, w)[1]
    num_h = (g_plus - g_minus)[rows, y[rows]] / (2 * eps)
    np.testing.assert_allclose(hu[rows], num_h, rtol=1e-4, atol=1e-9)
    mid = np.flatnonzero((y > 0) & (y < m))
    num_c = (g_plus - g_minus)[mid, y[mid] - 1] / (2 * eps)
    np.testing.assert_allclose(hc[mid], num_c, rtol=1e-4, atol=1e-9)
    assert np.all(hu >= 0) and np.all(hl >= 0) and np.all(hc <= 0)


def test_isotonic_projection_matches_pava_on_small_rows():
    from sklearn.isotonic import isotonic_regression

    rng = np.random.RandomState(2)
    values = rng.uniform(size=(200, 5))
    ours = isotonic_rows(values)
    ref = np.array([isotonic_regression(v) for v in values])
    np.testing.assert_allclose(ours, ref, atol=1e-12)


def test_repaired_probabilities_are_valid():
    cum = np.array([[0.2, 0.1, 0.9], [0.3, 0.6, 0.9], [0.99, 0.5, 0.2]])
    proba = cumulative_to_class_proba(cum)
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(proba[1], [0.3, 0.3, 0.3, 0.1])  # valid rows untouched
    np.testing.assert_allclose(proba[0], [0.15, 0.0, 0.75, 0.1])  # pooled (0.2, 0.1)


def test_standardize_is_safe_for_constant_and_huge_columns():
    X = np.column_stack([np.full(6, 3.0), np.arange(6.0) * 1e300, np.arange(6.0)])
    mean, scale = standardize(X, np.full(6, 1 / 6))
    assert scale[0] == 1.0
    assert np.all(np.isfinite(scale)) and np.all(np.isfinite(mean))
    np.testing.assert_allclose(scale[2], np.std(np.arange(6.0)))
    np.testing.assert_allclose(scale[1] / 1e300, np.std(np.arange(6.0)))


@st.composite
def ordinal_problems(draw):
    n_classes = draw(st.integers(3, 6))
    n_features = draw(st.integers(1, 4))
    n_samples = draw(st.integers(8 * n_classes, 80))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.RandomState(seed)
    # few distinct values: many tied rows
    X = rng.randint(-2, 3, size=(n_samples, n_features)).astype(float)
    X[:, 0] += rng.normal(0, 0.5, n_samples)
    y = rng.randint(0, n_classes, n_samples)
    y[: 2 * n_classes] = np.repeat(np.arange(n_classes), 2)
    weight = rng.uniform(0.2, 3.0, n_samples)
    if draw(st.booleans()):
        weight[rng.rand(n_samples) < 0.1] = 0.0
        weight[: 2 * n_classes] = 1.0
    alpha = draw(st.sampled_from([1e-3, 1e-2, 5e-2, 0.2]))
    factor = draw(st.sampled_from([0.0, 0.5, 1.0]))
    return X, y, n_classes, weight, alpha, factor


@pytest.mark.filterwarnings("ignore:Solution may be inaccurate")  # judged below
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(ordinal_problems())
def test_fast_solver_matches_cvxpy_objective(problem):
    X, y, n_classes, weight, alpha, factor = problem
    l1 = alpha * np.r_[factor, np.ones(n_classes - 2)]
    data = prepare_data(X, y, n_classes, weight)
    fast = solve(data, l1, tol=1e-10, max_iter=200)
    ref_coef, _ = solve_cvxpy(X, y, n_classes, weight, l1)
    ref_value = objective(data, ref_coef, l1, np.zeros(n_classes - 1))
    assert np.isfinite(fast.objective)
    # same objective to 1e-6 relative, and never worse than the reference
    assert abs(fast.objective - ref_value) <= 1e-6 * abs(ref_value)
    assert fast.objective <= ref_value + 1e-9 * abs(ref_value)


def test_fast_solver_matches_cvxpy_with_ridge_and_fixed_rows():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(60, 3))
    y = rng.randint(0, 4, 60)
    w = np.ones(60)
    l1 = np.zeros(3)
    l2 = np.array([0.1, 0.0, 0.0])
    fixed = np.array([False, True, True])
    data = prepare_data(X, y, 4, w)
    fast = solve(data, l1, l2, fixed, tol=1e-10)
    ref_coef, _ = solve_cvxpy(X, y, 4, w, l1, l2, fixed)
    np.testing.assert_allclose(fast.coef, ref_coef, atol=1e-4)
    assert np.allclose(fast.coef[0, 1:], fast.coef[2, 1:])  # shared slope


def test_alpha_max_zeroes_every_difference_and_is_tight():
    rng = np.random.RandomState(4)
    X = rng.normal(size=(150, 4))
    eta = np.array([-1.0, 0.5, 2.0]) + (X @ np.array([1.0, -0.5, 0, 0]))[:, None]
    y = (rng.uniform(size=(150, 1)) > expit(eta)).sum(axis=1)
    data = prepare_data(X, y, 4, np.ones(150))
    # factors other than 0 and 1: alpha_max must divide by the factor
    for factor in (0.0, 0.3, 1.0, 3.0):
        pf = np.r_[factor, 1.0, 1.0]
        alphas, _ = alpha_grid(data, pf, n_alphas=2, min_ratio=0.9)
        at_max = solve(data, alphas[0] * pf, tol=1e-10).coef[:, 1:]
        below = solve(data, alphas[1] * pf, tol=1e-10).coef[:, 1:]
        diffs = np.diff(at_max, axis=0)
        assert np.abs(diffs).max() < 1e-10
        if factor > 0:
            assert np.abs(at_max).max() < 1e-10
        moved = np.abs(np.diff(below, axis=0) if factor == 0 else below).max()
        assert moved > 1e-8  # just below alpha_max something enters


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_quadratic_lasso_subproblem_matches_cvxpy(seed):
    import cvxpy as cp

    from skpapers._solvers.quadratic_lasso import quadratic_lasso

    rng = np.random.RandomState(seed)
    d = 12
    B = rng.normal(size=(d, d))
    L = np.tril(np.ones((d, d)))  # correlated like PRESTO's difference coordinates
    H = L.T @ (B @ B.T / d + 0.01 * np.eye(d)) @ L
    g = rng.normal(size=d)
    z0 = rng.normal(size=d) * (rng.rand(d) < 0.5)
    l1 = np.where(rng.rand(d) < 0.8, 0.5, 0.0)
    coords = list(range(d - 1))  # the last coordinate is held at its start
    z0[-1] = 0.0
    ours = quadratic_lasso(H, g, z0, l1, coords, tol=1e-12)
    z = cp.Variable(d)
    obj = g @ (z - z0) + 0.5 * cp.quad_form(z - z0, cp.psd_wrap(H)) + l1 @ cp.abs(z)
    cp.Problem(cp.Minimize(obj), [z[-1] == 0]).solve(solver=cp.CLARABEL)

    def f(v):
        return g @ (v - z0) + 0.5 * (v - z0) @ H @ (v - z0) + l1 @ np.abs(v)

    assert ours[-1] == 0.0
    assert f(ours) <= f(z.value) + 1e-9
    np.testing.assert_allclose(ours, z.value, atol=1e-5)
