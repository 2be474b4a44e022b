"""SDPKMeans and ILASDP: recovery, prediction, sketch-and-lift, bad input."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.covariance import LedoitWolf
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

from skpapers._solvers.gaussian_mixture import estimate_gaussians
from skpapers.cluster import ILASDP, SDPKMeans
from skpapers.datasets import make_heterogeneous_gmm
from skpapers.metrics import misclustering_error


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(90, centers=3, n_features=3, cluster_std=0.5, random_state=0)


@pytest.fixture(scope="module")
def hetero():
    return make_heterogeneous_gmm(150, 2, 3, separation=8.0, random_state=1)


def test_sdpkmeans_exact_recovery(blobs):
    X, y = blobs
    model = SDPKMeans(n_clusters=3, random_state=0).fit(X)
    assert misclustering_error(y, model.labels_) == 0.0
    np.testing.assert_array_equal(model.fit_predict(X), model.labels_)
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    # objective of the integral solution: between-cluster sum of squares
    Xc = X - X.mean(axis=0)
    expected = sum(np.sum(Xc[y == k].sum(axis=0) ** 2) / np.sum(y == k) for k in range(3))
    assert model.objective_ == pytest.approx(expected, rel=1e-4)


def test_ilasdp_exact_recovery_and_parameters(hetero):
    X, y = hetero
    model = ILASDP(n_clusters=3, random_state=0).fit(X)
    assert misclustering_error(y, model.labels_) == 0.0
    assert model.converged_
    # fitted parameters: the labelled clusters' means, Ledoit-Wolf covariances
    # (+ ridge); without shrinkage, their plain moments
    raw = ILASDP(n_clusters=3, covariance_shrinkage=0.0, random_state=0).fit(X)
    np.testing.assert_array_equal(raw.labels_, model.labels_)
    for k in range(3):
        members = X[model.labels_ == k]
        np.testing.assert_allclose(model.means_[k], members.mean(axis=0))
        ridge = model.reg_covar * np.eye(2)
        lw = LedoitWolf().fit(members).covariance_ + ridge
        np.testing.assert_allclose(model.covariances_[k], lw, rtol=1e-10)
        cov = np.cov(members.T, bias=True) + ridge
        np.testing.assert_allclose(raw.covariances_[k], cov, rtol=1e-10)
    np.testing.assert_allclose(model.weights_.sum(), 1.0)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(proba.argmax(axis=1), model.predict(X))
    assert model.score(X) == pytest.approx(model.log_likelihood_)


def test_predict_on_new_points(hetero):
    X, y = hetero
    X_new, y_new = make_heterogeneous_gmm(150, 2, 3, separation=8.0, random_state=1)
    for model in (ILASDP(3, random_state=0), SDPKMeans(3, random_state=0)):
        model.fit(X[:100])
        pred = model.predict(X[100:])
        assert misclustering_error(y[100:], pred) <= 0.02
        restored = pickle.loads(pickle.dumps(model))
        np.testing.assert_array_equal(restored.predict(X_new), model.predict(X_new))


def test_solvers_agree_on_small_data():
    X, y = make_blobs(45, centers=3, n_features=2, cluster_std=0.8, random_state=2)
    cvx = SDPKMeans(3, solver="cvxpy", tol=1e-6, random_state=0).fit(X)
    for solver in ("auto", "admm"):
        model = SDPKMeans(3, solver=solver, random_state=0).fit(X)
        assert misclustering_error(model.labels_, cvx.labels_) == 0.0
        assert model.objective_ == pytest.approx(cvx.objective_, rel=1e-4)
    bm = SDPKMeans(3, solver="bm", random_state=0).fit(X)
    assert misclustering_error(bm.labels_, cvx.labels_) == 0.0
    # completely positive restriction: at most the SDP value, and close to it
    # (here 1.4e-4 below)
    assert cvx.objective_ * (1 - 1e-3) <= bm.objective_ <= cvx.objective_ * (1 + 1e-6)
    ila_bm = ILASDP(3, random_state=0).fit(X)
    ila_cvx = ILASDP(3, solver="cvxpy", random_state=0).fit(X)
    assert misclustering_error(ila_bm.labels_, ila_cvx.labels_) == 0.0


def test_sketch_and_lift():
    X, y = make_heterogeneous_gmm(600, 2, 3, separation=8.0, random_state=3)
    sdp = SDPKMeans(3, max_samples=150, random_state=0).fit(X)
    assert sdp.sample_indices_.shape == (150,)
    assert misclustering_error(y, sdp.labels_) <= 0.01
    ila = ILASDP(3, max_samples=150, random_state=0).fit(X)
    assert ila.sample_indices_.shape == (150,)
    assert misclustering_error(y, ila.labels_) <= 0.01
    rest = np.setdiff1d(np.arange(600), ila.sample_indices_)
    np.testing.assert_array_equal(ila.labels_[rest], ila.predict(X[rest]))


def test_n_init_keeps_the_most_likely_start(hetero):
    X, _ = hetero
    one = ILASDP(3, n_init=1, random_state=5).fit(X)
    three = ILASDP(3, n_init=3, random_state=5).fit(X)
    assert three.log_likelihood_ >= one.log_likelihood_ - 1e-12


@pytest.mark.parametrize("Est", [SDPKMeans, ILASDP])
def test_more_clusters_than_samples(Est):
    with pytest.raises(ValueError, match=r"n_samples=4 should be >= n_clusters=5"):
        Est(n_clusters=5).fit(np.arange(8.0).reshape(4, 2))


@pytest.mark.parametrize("Est", [SDPKMeans, ILASDP])
def test_max_samples_below_n_clusters_names_max_samples(Est, blobs):
    # 90 points are plenty; the sketch of 2 is what cannot hold 3 clusters
    X, _ = blobs
    with pytest.raises(ValueError, match=r"max_samples=2 .*n_clusters=3"):
        Est(n_clusters=3, max_samples=2).fit(X)


@pytest.mark.parametrize("solver", ["bm", "admm"])
def test_sdpkmeans_rank_below_n_clusters_names_rank(blobs, solver):
    # Z = U U^T of a K-cluster partition has rank K; the factor start used to
    # fail with "IndexError: index 2 is out of bounds for axis 2 with size 1"
    X, _ = blobs
    with pytest.raises(ValueError, match=r"rank=1 .*n_clusters=3"):
        SDPKMeans(n_clusters=3, rank=1, solver=solver).fit(X)
    assert SDPKMeans(n_clusters=3, rank=3, solver=solver, random_state=0).fit(X)


@pytest.mark.parametrize("Est", [SDPKMeans, ILASDP])
def test_n_clusters_below_one(Est):
    with pytest.raises(ValueError, match="n_clusters"):
        Est(n_clusters=0).fit(np.arange(8.0).reshape(4, 2))


@pytest.mark.parametrize("Est", [SDPKMeans, ILASDP])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite(Est, bad, blobs):
    X = blobs[0].copy()
    X[3, 1] = bad
    with pytest.raises(ValueError, match="(?i)nan|inf"):
        Est(n_clusters=3).fit(X)


@pytest.mark.parametrize("Est", [SDPKMeans, ILASDP])
def test_duplicate_points(Est):
    # 3 distinct locations, each repeated 10 times: recovered exactly
    base = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
    X = np.repeat(base, 10, axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels = Est(n_clusters=3, random_state=0).fit(X).labels_
    assert misclustering_error(np.repeat([0, 1, 2], 10), labels) == 0.0


def test_collapsing_cluster_is_handled_with_a_warning():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (20, 2)), rng.normal(10, 1, (20, 2)), [[40.0, 40.0]]])
    with pytest.warns(UserWarning, match="fewer than 2 points"):
        model = ILASDP(n_clusters=3, random_state=0).fit(X)
    assert np.all(np.isfinite(model.covariances_))
    assert set(np.unique(model.labels_)) == {0, 1, 2}


def test_empty_cluster_is_reseeded():
    X = np.array([[0.0], [0.1], [0.2], [5.0], [5.1], [9.0]])
    with pytest.warns(UserWarning, match="re-seeded"):
        labels, *_ = estimate_gaussians(X, np.array([0, 0, 0, 1, 1, 1]), 3, 1e-6)
    assert labels[5] == 2 and np.bincount(labels).min() >= 1


def test_singular_covariance_needs_reg_covar():
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.normal(size=40), np.zeros(40)])
    X[20:, 0] += 10
    with pytest.raises(ValueError, match="reg_covar"):
        ILASDP(n_clusters=2, reg_covar=0.0, covariance_shrinkage=0.0,
               random_state=0).fit(X)
    # shrinkage towards the sphere of the same trace alone makes them invertible
    shrunk = ILASDP(n_clusters=2, reg_covar=0.0, random_state=0).fit(X)
    assert np.all(np.linalg.eigvalsh(shrunk.covariances_) > 0)
    model = ILASDP(n_clusters=2, random_state=0).fit(X)  # default ridge
    assert np.all(np.isfinite(model.score_samples(X)))


def test_high_dimension_singular_sample_covariance():
    # p = 30 > n_k = 20: sample covariances are singular, the ridge keeps it finite
    X, y = make_heterogeneous_gmm(60, 30, 3, separation=12.0, random_state=0)
    model = ILASDP(n_clusters=3, reg_covar=1e-2, random_state=0).fit(X)
    assert np.all(np.isfinite(model.predict_proba(X)))
    assert misclustering_error(y, model.labels_) <= 0.05


def test_max_iter_reached_warns(hetero):
    X, _ = make_heterogeneous_gmm(150, 2, 3, separation=2.0, random_state=1)
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        ILASDP(n_clusters=3, max_iter=1, random_state=0).fit(X)


def test_sdp_initialisation(hetero):
    X, y = hetero
    model = ILASDP(n_clusters=3, init="sdp", random_state=0).fit(X)
    assert misclustering_error(y, model.labels_) == 0.0


def test_single_cluster():
    X, _ = make_blobs(30, centers=1, random_state=0)
    for model in (SDPKMeans(1), ILASDP(1)):
        np.testing.assert_array_equal(model.fit(X).labels_, 0)


def _init_labels_and_score(X, K, seed, shrinkage="auto"):
    """The default start (k-means, 10 runs) and its classification likelihood."""
    from sklearn.cluster import KMeans

    from skpapers._solvers.gaussian_mixture import classification_log_likelihood

    labels = KMeans(K, n_init=10, random_state=seed).fit_predict(X)
    params = estimate_gaussians(X, labels, K, 1e-6, shrinkage)
    return params[0], classification_log_likelihood(X, params)


def _fitted_score(X, model):
    from skpapers._solvers.gaussian_mixture import classification_log_likelihood

    params = estimate_gaussians(X, model.labels_, model.n_clusters, model.reg_covar,
                                model.covariance_shrinkage)
    return classification_log_likelihood(X, params)


def _seed_of(model):
    # the seed fit() draws for its first start
    from sklearn.utils import check_random_state

    rng = check_random_state(model.random_state)
    return rng.randint(np.iinfo(np.int32).max)


def test_rounds_never_lower_the_classification_likelihood(monkeypatch):
    # A solver whose rounding scrambles the labels: every round would lower
    # the likelihood, so the start's labels must be kept (the old loop took
    # any new labels).
    import skpapers._solvers.ila_sdp as module

    X, y = make_heterogeneous_gmm(120, 2, 3, separation=6.0, random_state=0)

    def scrambling_solver(X, prec_chol, log_terms, labels, rank, random_state, **kw):
        K, n = prec_chol.shape[0], X.shape[0]
        U = np.zeros((K, n, rank))
        bad = np.arange(n) % K
        U[bad, np.arange(n), 0] = 1.0 / np.sqrt(np.bincount(bad)[bad])
        return U, 0.0, {"violation": 0.0, "multipliers": None}

    monkeypatch.setattr(module, "la_sdp_bm", scrambling_solver)
    model = ILASDP(3, solver="bm", rounding="row_mass", accept="improve",
                   random_state=0).fit(X)
    start, _ = _init_labels_and_score(X, 3, _seed_of(model))
    np.testing.assert_array_equal(model.labels_, start)
    assert model.converged_ and model.n_iter_ == 1


def test_failed_solve_is_detected_and_warned(monkeypatch):
    # The zero-block trap: one membership block collapses to U_k = 0 (trace
    # violation 1); the old code rounded that to a near-empty cluster.
    import skpapers._solvers.ila_sdp as module

    X, y = make_heterogeneous_gmm(120, 2, 3, separation=6.0, random_state=0)

    def collapsing_solver(X, prec_chol, log_terms, labels, rank, random_state, **kw):
        U = np.zeros((prec_chol.shape[0], X.shape[0], rank))
        U[0, :, 0] = 1.0 / np.sqrt(X.shape[0])
        return U, 1.0, {"violation": 1.0, "multipliers": None}

    monkeypatch.setattr(module, "la_sdp_bm", collapsing_solver)
    with pytest.warns(ConvergenceWarning, match="row-sum violation 1 > 0.5"):
        model = ILASDP(3, solver="bm", random_state=0).fit(X)
    start, _ = _init_labels_and_score(X, 3, _seed_of(model))
    np.testing.assert_array_equal(model.labels_, start)
    assert not model.converged_
    assert np.all(np.isfinite(model.covariances_))
    # The default on small problems (n_clusters * n <= 180: here a sketch of
    # 60 points) ends with exact (convex) solves, which do not depend on the
    # factorised start: the collapse costs nothing there.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        rescued = ILASDP(3, max_samples=60, random_state=0).fit(X)
    assert rescued.converged_
    assert misclustering_error(y, rescued.labels_) <= 0.05


@pytest.mark.parametrize(
    "p, separation, seed, max_error",
    # p = 10: the warm-started solver froze the labels after one round (0.107);
    # p = 40 (p = 0.4 n_k): one k-means run left a 2-point cluster, kept
    # because raw covariances made it look likely (0.327).
    [(10, 5.0, 6, 0.06), (40, 8.0, 0, 0.04)],
)
def test_improves_on_its_start_on_heterogeneous_data(p, separation, seed, max_error):
    X, y = make_heterogeneous_gmm(300, p, 3, separation=separation, scale_ratio=6.0,
                                  anisotropy=6.0, random_state=seed)
    model = ILASDP(3, random_state=seed).fit(X)
    start, start_score = _init_labels_and_score(X, 3, _seed_of(model))
    assert misclustering_error(y, model.labels_) <= max_error
    assert misclustering_error(y, model.labels_) < misclustering_error(y, start)
    assert _fitted_score(X, model) > start_score


def test_random_init_is_reproducible(hetero):
    X, y = hetero
    a = ILASDP(3, init="random", random_state=3).fit(X)
    b = ILASDP(3, init="random", random_state=3).fit(X)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert misclustering_error(y, a.labels_) <= 0.05


def test_n_init_keeps_the_start_with_the_highest_likelihood(monkeypatch):
    # Record every start's fitted parameters and check the kept model is the
    # one whose observed mixture log-likelihood is the largest.
    from skpapers._solvers.gaussian_mixture import mixture_log_likelihood

    X, _ = make_heterogeneous_gmm(60, 2, 3, separation=2.0, random_state=3)
    starts = []
    original = ILASDP._one_start

    def recording(self, Xs, seed):
        out = original(self, Xs, seed)
        _, means, _, weights, prec = out[0]
        starts.append(float(np.mean(mixture_log_likelihood(Xs, means, prec, weights))))
        return out

    monkeypatch.setattr(ILASDP, "_one_start", recording)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ILASDP(3, n_init=4, init="random", max_iter=1, random_state=0).fit(X)
    assert len(starts) == 4
    assert max(starts) - starts[0] > 1e-6  # the first start is not the best
    assert model.log_likelihood_ == max(starts)


def test_cluster_with_one_point_uses_the_pooled_covariance():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (8, 2)), rng.normal(6, 2, (8, 2)), [[30.0, -5.0]]])
    labels = np.r_[np.zeros(8, int), np.ones(8, int), 2]
    with pytest.warns(UserWarning, match="fewer than 2 points"):
        _, means, cov, weights, _ = estimate_gaussians(X, labels, 3, 1e-6)
    R = X - np.vstack([X[:8].mean(0), X[8:16].mean(0), X[16]])[labels]
    np.testing.assert_allclose(cov[2], R.T @ R / 17 + 1e-6 * np.eye(2), rtol=1e-12)
    np.testing.assert_allclose(cov[0], np.cov(X[:8].T, bias=True) + 1e-6 * np.eye(2))
    np.testing.assert_allclose(weights, [8 / 17, 8 / 17, 1 / 17])


def test_sketched_inertia_sums_over_every_point():
    X, _ = make_heterogeneous_gmm(200, 2, 3, separation=8.0, random_state=4)
    model = SDPKMeans(3, max_samples=60, random_state=0).fit(X)
    assert model.sample_indices_.shape == (60,)
    expected = np.sum((X - model.cluster_centers_[model.labels_]) ** 2)
    assert model.inertia_ == pytest.approx(expected, rel=1e-10)
