"""The default (Burer-Monteiro + ADMM) solver against the exact cvxpy/SCS solutions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from skpapers._solvers.gaussian_mixture import estimate_gaussians, log_det_covariances
from skpapers._solvers.sdp_admm import (
    _project_psd_trace,
    dnn_sdp_admm,
    la_sdp_admm,
    la_sdp_costs,
    peng_wei_admm,
    project_rows_to_simplex,
)
from skpapers._solvers.sdp_bm import la_sdp_bm
from skpapers._solvers.sdp_cvxpy import la_cost_matrices, la_sdp_cvxpy, peng_wei_cvxpy
from skpapers._solvers.sdp_rounding import (
    round_by_row_mass,
    round_embedding,
    spectral_embedding_from_matrix,
)
from skpapers.cluster import ILASDP, SDPKMeans
from skpapers.datasets import make_heterogeneous_gmm
from skpapers.metrics import misclustering_error
from skpapers.testing import clustered_points


def _random_peng_wei_problem(seed):
    """Blobs whose size, dimension, K and overlap are drawn from the seed."""
    rng = np.random.RandomState(seed)
    n, K, p = rng.randint(30, 151), rng.randint(2, 5), rng.randint(2, 8)
    std = rng.uniform(0.5, 3.0)
    X, _ = make_blobs(n, centers=K, n_features=p, cluster_std=std, random_state=seed)
    return X, K


# Random problems (seeds where SCS itself is quick; the others take up to 20 s)
# and overlapping blobs (100 + seed).
@pytest.mark.parametrize("seed", [1, 4, 5, 6, 7, 101, 102])
def test_sdpkmeans_default_matches_cvxpy(seed):
    if seed >= 100:
        X, _ = make_blobs(100, centers=2, n_features=2, cluster_std=2.0, random_state=seed - 100)
        K = 2
    else:
        X, K = _random_peng_wei_problem(seed)
    Z, ref = peng_wei_cvxpy(X, K, eps=1e-6)
    model = SDPKMeans(K, random_state=0).fit(X)  # default: solver="auto"
    assert abs(model.objective_ - ref) / abs(ref) < 1e-4
    labels_cvx = round_embedding(spectral_embedding_from_matrix(Z, K), K, 0)
    assert misclustering_error(labels_cvx, model.labels_) == 0.0


def test_bm_alone_is_below_the_sdp_where_admm_is_not():
    # the completely positive gap the ADMM refinement removes
    X, _ = make_blobs(100, centers=2, n_features=2, cluster_std=2.0, random_state=0)
    _, ref = peng_wei_cvxpy(X, 2, eps=1e-5)
    bm = SDPKMeans(2, solver="bm", random_state=0).fit(X)
    auto = SDPKMeans(2, random_state=0).fit(X)
    assert (ref - bm.objective_) / ref > 1e-3
    assert abs(auto.objective_ - ref) / ref < 1e-4


def _la_problem(n, K, p, seed, separation):
    X, _ = make_heterogeneous_gmm(n, p, K, separation=separation, random_state=seed)
    start = KMeans(K, n_init=1, random_state=0).fit_predict(X)
    labels, _, covs, weights, chol = estimate_gaussians(X, start, K, 1e-6)
    log_terms = log_det_covariances(chol) - 2 * np.log(weights)
    return X, labels, covs, weights, chol, log_terms


# the non-negative factorisation alone is 1e-5, 8e-3, 2e-4 and 6e-3 away
# from the SDP on these
@pytest.mark.parametrize(
    "n, K, p, seed, separation",
    [(40, 2, 2, 0, 2.0), (50, 3, 2, 1, 2.0), (60, 2, 3, 0, 3.0), (60, 3, 2, 6, 1.5)],
)
def test_la_sdp_default_matches_cvxpy(n, K, p, seed, separation):
    # the default path: Burer-Monteiro, then ADMM from its solution
    X, labels, covs, weights, chol, log_terms = _la_problem(n, K, p, seed, separation)
    Z_ref, ref = la_sdp_cvxpy(X, covs, weights, eps=1e-6)
    U, _, _ = la_sdp_bm(X, chol, log_terms, labels, random_state=0, tol=1e-4, gtol=1e-4)
    # ILASDP's default tol=1e-4 runs ADMM to 1e-5
    Z, obj, info = la_sdp_admm(X, chol, log_terms, Z0=np.matmul(U, U.transpose(0, 2, 1)), tol=1e-5)
    assert info["converged"]
    assert abs(obj - ref) / abs(ref) < 1e-4
    np.testing.assert_array_equal(round_by_row_mass(Z.sum(axis=2)), round_by_row_mass(Z_ref.sum(axis=2)))
    # feasibility of the returned iterate
    assert np.all(Z >= 0)
    np.testing.assert_allclose(Z.sum(axis=(0, 2)), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.trace(Z, axis1=1, axis2=2), 1.0, atol=1e-3)


def test_ilasdp_default_ends_on_an_exact_la_sdp_solution():
    # ILASDP's default ends with exact solves: its labels are the rounding of
    # the LA-SDP at its own fitted parameters, and its objective is that
    # program's optimum - both checked against SCS.
    X, _ = make_heterogeneous_gmm(60, 2, 3, separation=4.0, random_state=2)
    model = ILASDP(3, random_state=0).fit(X)
    assert model.converged_
    Z, ref = la_sdp_cvxpy(X, model.covariances_, model.weights_, eps=1e-6)
    np.testing.assert_array_equal(round_by_row_mass(Z.sum(axis=2)), model.labels_)
    assert abs(model.objective_ - ref) / abs(ref) < 1e-4


def test_auto_switches_to_bm_above_the_exact_size():
    X, _ = make_blobs(400, centers=3, cluster_std=3.0, random_state=0)
    auto = SDPKMeans(3, max_samples=151, random_state=0).fit(X)
    bm = SDPKMeans(3, solver="bm", max_samples=151, random_state=0).fit(X)
    assert auto.n_iter_ == bm.n_iter_ and auto.objective_ == bm.objective_
    small = SDPKMeans(3, max_samples=150, random_state=0).fit(X)
    small_bm = SDPKMeans(3, solver="bm", max_samples=150, random_state=0).fit(X)
    assert small.n_iter_ > small_bm.n_iter_  # the ADMM iterations are added


def test_la_costs_match_the_dense_reference():
    X, labels, covs, weights, chol, log_terms = _la_problem(40, 3, 3, 4, 3.0)
    expected = la_cost_matrices(X - X.mean(axis=0), covs, weights)
    np.testing.assert_allclose(la_sdp_costs(X, chol, log_terms), expected, rtol=1e-9, atol=1e-9)


def test_admm_from_the_uniform_start_and_without_convergence():
    X, _ = make_blobs(50, centers=3, n_features=2, cluster_std=1.0, random_state=1)
    _, ref = peng_wei_cvxpy(X, 3, eps=1e-7)
    _, obj, info = peng_wei_admm(X, 3, tol=1e-6)
    assert info["converged"] and abs(obj - ref) / ref < 1e-5
    with pytest.warns(Warning, match="ADMM SDP solver stopped after 3 iterations"):
        Z, _, info = dnn_sdp_admm(-np.eye(5)[None], [2.0], max_iter=3)
    assert not info["converged"] and np.all(np.isfinite(Z))


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 8)),
           elements=st.floats(-1e3, 1e3)),
    st.floats(0.1, 10.0),
)
def test_row_simplex_projection_is_the_euclidean_projection(V, total):
    P = project_rows_to_simplex(V, total)
    assert np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), total, rtol=1e-9, atol=1e-9 * np.abs(V).max())
    # optimality: P = max(V - theta, 0) with one theta per row, and every
    # other simplex point is farther (variational inequality)
    rng = np.random.RandomState(0)
    for _ in range(5):
        Q = rng.dirichlet(np.ones(V.shape[1]), size=V.shape[0]) * total
        inner = np.einsum("ij,ij->i", V - P, Q - P)
        assert np.all(inner <= 1e-7 * (1 + np.abs(V).max() ** 2))


@pytest.mark.parametrize("n_top", [1, 3, 40])
def test_partial_eigendecomposition_projection_is_exact(n_top):
    rng = np.random.RandomState(0)
    A = rng.normal(size=(40, 40))
    M = A + A.T
    P, rank = _project_psd_trace(M, 3.0, n_top)
    values, vectors = np.linalg.eigh(M)
    shifted = project_rows_to_simplex(values[None], 3.0)[0]
    expected = (vectors * shifted) @ vectors.T
    np.testing.assert_allclose(P, expected, atol=1e-10)
    assert rank == np.sum(shifted > 0)
    assert np.trace(P) == pytest.approx(3.0)


@settings(max_examples=15, deadline=None)
@given(clustered_points(min_clusters=2, max_clusters=4, min_per_cluster=3, max_per_cluster=15))
def test_default_solver_recovers_separated_clusters(data):
    # Exact recovery regime: the SDP optimum is the integral membership matrix,
    # so the default solver's objective is the between-cluster sum of squares.
    X, y = data
    K = len(np.unique(y))
    model = SDPKMeans(K, random_state=0).fit(X)
    assert misclustering_error(y, model.labels_) == 0.0
    Xc = X - X.mean(axis=0)
    expected = sum(np.sum(Xc[y == k].sum(axis=0) ** 2) / np.sum(y == k) for k in np.unique(y))
    assert model.objective_ == pytest.approx(expected, rel=1e-4)
