"""The Burer-Monteiro solvers against the exact cvxpy/SCS references."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from skpapers._solvers.gaussian_mixture import estimate_gaussians, log_det_covariances
from skpapers._solvers.sdp_bm import (
    _sphere_projection,
    la_sdp_bm,
    la_sdp_objective,
    peng_wei_bm,
)
from skpapers._solvers.sdp_cvxpy import la_cost_matrices, la_sdp_cvxpy, peng_wei_cvxpy
from skpapers._solvers.sdp_rounding import (
    round_by_row_mass,
    round_embedding,
    spectral_embedding_from_factor,
    spectral_embedding_from_matrix,
)
from skpapers.datasets import make_heterogeneous_gmm
from skpapers.metrics import misclustering_error


def _start(X, K):
    return KMeans(K, n_init=1, random_state=0).fit_predict(X)


@pytest.mark.parametrize(
    "n, K, p, std, seed",
    [(60, 3, 4, 1.5, 1), (100, 3, 5, 3.0, 1), (150, 4, 10, 2.5, 2)],
)
def test_peng_wei_bm_matches_cvxpy(n, K, p, std, seed):
    X, _ = make_blobs(n, centers=K, n_features=p, cluster_std=std, random_state=seed)
    Z, ref = peng_wei_cvxpy(X, K, eps=1e-6)
    U, obj, info = peng_wei_bm(X, K, _start(X, K), random_state=0)
    assert info["converged"]
    assert abs(obj - ref) / abs(ref) < 1e-4
    # the factor is feasible: row sums, trace, non-negativity
    assert np.all(U >= 0)
    np.testing.assert_allclose(U @ U.sum(axis=0), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.sum(U * U), K, atol=1e-5)
    labels_bm = round_embedding(spectral_embedding_from_factor(U, K), K, 0)
    labels_cvx = round_embedding(spectral_embedding_from_matrix(Z, K), K, 0)
    assert misclustering_error(labels_cvx, labels_bm) == 0.0


def _random_gaussians(K, p, seed):
    rng = np.random.RandomState(seed)
    covs = []
    for _ in range(K):
        A = rng.normal(size=(p, p))
        covs.append(A @ A.T / p + 0.5 * np.eye(p))
    covs = np.array(covs)
    weights = np.full(K, 1.0 / K) if seed == 0 else rng.dirichlet(np.full(K, 5.0))
    chol = np.linalg.cholesky(np.linalg.inv(covs))
    log_terms = np.linalg.slogdet(covs)[1] - 2 * np.log(weights)
    return covs, weights, chol, log_terms


def _estimated_problem(n, K, p, seed):
    """Covariances and weights estimated from k-means labels, as in iLA-SDP."""
    X, _ = make_heterogeneous_gmm(n, p, K, separation=3.0, random_state=seed)
    labels, _, covs, weights, chol = estimate_gaussians(X, _start(X, K), K, 1e-6)
    log_terms = log_det_covariances(chol) - 2 * np.log(weights)
    return X, labels, covs, weights, chol, log_terms


def test_la_sdp_bm_matches_cvxpy():
    X, _ = make_blobs(80, centers=3, n_features=4, cluster_std=3.0, random_state=0)
    labels = _start(X, 3)
    covs, weights, chol, log_terms = _random_gaussians(3, 4, 0)
    Z, ref = la_sdp_cvxpy(X, covs, weights, eps=1e-6)
    U, obj, info = la_sdp_bm(X, chol, log_terms, labels, random_state=0)
    assert info["converged"]
    assert abs(obj - ref) / abs(ref) < 1e-4
    np.testing.assert_array_equal(
        round_by_row_mass(Z.sum(axis=2)),
        round_by_row_mass(np.einsum("knr,kr->kn", U, U.sum(axis=1))),
    )


def test_la_sdp_bm_on_estimated_parameters_is_close_and_feasible():
    # Covariances from k-means labels, as inside iLA-SDP: the factorised
    # (completely positive, non-convex) solve is feasible and close - 1e-3
    # here - and gives the SDP's labels; the exact value is ADMM's job
    # (tests/cluster/test_sdp_admm.py).
    X, labels, covs, weights, chol, log_terms = _estimated_problem(80, 3, 4, 1)
    Z, ref = la_sdp_cvxpy(X, covs, weights, eps=1e-6)
    U, obj, info = la_sdp_bm(X, chol, log_terms, labels, random_state=0)
    assert info["converged"] and np.all(U >= 0)
    np.testing.assert_allclose(np.sum(U * U, axis=(1, 2)), 1.0, atol=1e-12)  # exact traces
    np.testing.assert_allclose(np.einsum("knr,kr->n", U, U.sum(axis=1)), 1.0, atol=1e-5)
    assert ref * (1 - 1e-6) <= obj <= ref * (1 + 3e-3)
    np.testing.assert_array_equal(
        round_by_row_mass(Z.sum(axis=2)),
        round_by_row_mass(np.einsum("knr,kr->kn", U, U.sum(axis=1))),
    )


def test_la_sdp_bm_never_beats_the_sdp():
    # A minimisation over the completely positive subset: never below the
    # SDP optimum; here (overlapping clusters) it stays 2e-4 above it.
    X, labels, covs, weights, chol, log_terms = _estimated_problem(60, 2, 3, 0)
    _, ref = la_sdp_cvxpy(X, covs, weights, eps=1e-6)
    _, obj, _ = la_sdp_bm(X, chol, log_terms, labels, random_state=0)
    assert ref * (1 - 1e-6) <= obj <= ref * (1 + 1e-3)


def test_la_objective_without_cost_matrices_matches_dense():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(25, 3))
    covs, weights, chol, log_terms = _random_gaussians(2, 3, 3)
    U = rng.uniform(size=(2, 25, 2))
    dense = la_cost_matrices(X - X.mean(axis=0), covs, weights)
    expected = sum(np.sum(C * (Uk @ Uk.T)) for C, Uk in zip(dense, U))
    assert la_sdp_objective(X, chol, log_terms, U) == pytest.approx(expected, rel=1e-10)


def test_la_objective_at_integral_point_is_minus_twice_the_likelihood():
    # At Z_k = 1_k 1_k^T / n_k the LA-SDP objective equals
    # sum_k [ sum_{i in k} (x_i - m_k)^T Sigma_k^-1 (x_i - m_k) + n_k c_k ].
    rng = np.random.RandomState(4)
    X = rng.normal(size=(30, 2))
    labels = np.arange(30) % 3
    covs, weights, chol, log_terms = _random_gaussians(3, 2, 4)
    U = np.zeros((3, 30, 1))
    for k in range(3):
        U[k, labels == k, 0] = 1 / np.sqrt(np.sum(labels == k))
    expected = 0.0
    for k in range(3):
        R = X[labels == k] - X[labels == k].mean(axis=0)
        expected += np.einsum("ip,pq,iq->", R, np.linalg.inv(covs[k]), R)
        expected += np.sum(labels == k) * log_terms[k]
    assert la_sdp_objective(X, chol, log_terms, U) == pytest.approx(expected, rel=1e-10)


def test_peng_wei_exact_recovery_gives_block_membership_matrix():
    X, y = make_blobs(60, centers=3, n_features=2, cluster_std=0.3, random_state=0)
    U, _, _ = peng_wei_bm(X, 3, _start(X, 3), random_state=0)
    Z = U @ U.T
    counts = np.bincount(y)
    expected = (y[:, None] == y[None, :]) / counts[y][:, None]
    np.testing.assert_allclose(Z, expected, atol=1e-4)


def test_bm_warns_and_returns_last_iterate_when_stopped_early():
    X, _ = make_blobs(60, centers=3, cluster_std=3.0, random_state=0)
    with pytest.warns(Warning, match="multiplier updates"):
        U, obj, info = peng_wei_bm(X, 3, _start(X, 3), random_state=0, max_outer=1)
    assert not info["converged"] and np.all(np.isfinite(U))


def test_no_block_is_trapped_at_zero():
    # With the trace in the augmented Lagrangian, one block of this problem
    # fell to U_k = 0 (violation 1, 60 updates, 30 s); the trace is now kept
    # exactly by the projection, so every block keeps its unit trace.
    X, _ = make_heterogeneous_gmm(40, 2, 4, separation=2.0, random_state=5)
    start = _start(X, 4)
    labels, _, covs, weights, chol = estimate_gaussians(X, start, 4, 1e-6)
    log_terms = log_det_covariances(chol) - 2 * np.log(weights)
    U, obj, info = la_sdp_bm(X, chol, log_terms, labels, random_state=0, tol=1e-4, gtol=1e-4)
    assert info["converged"] and info["violation"] <= 1e-4
    np.testing.assert_allclose(np.sum(U * U, axis=(1, 2)), 1.0, atol=1e-12)


def test_sphere_projection_clips_rescales_and_revives_empty_blocks():
    project = _sphere_projection([4.0, 1.0])
    V = np.array([[[3.0, -1.0], [0.0, 4.0]], [[-1.0, -2.0], [-3.0, -0.5]]])
    P = project(V)
    np.testing.assert_allclose(P[0], np.array([[3.0, 0.0], [0.0, 4.0]]) * 2 / 5)
    np.testing.assert_allclose(P[1], np.full((2, 2), 0.5))  # all clipped: uniform
    assert np.all(V[1] < 0)  # input untouched


def test_solve_peng_wei_each_solver_reaches_the_scs_optimum():
    # the entry point behind SDPKMeans and the benchmark: every solver gives
    # an (n, K) embedding of a solution whose objective matches SCS's
    from skpapers._solvers.peng_wei import solve_peng_wei

    X, _ = make_blobs(80, centers=3, n_features=4, cluster_std=2.5, random_state=3)
    _, ref = peng_wei_cvxpy(X, 3, eps=1e-7)
    for solver in ("bm", "admm", "cvxpy"):
        embedding, objective, n_iter = solve_peng_wei(X, 3, solver, tol=1e-5)
        assert embedding.shape == (80, 3)
        assert n_iter >= 1
        assert abs(objective - ref) / ref < 1e-4, solver
