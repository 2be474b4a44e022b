"""ILASDP's ablation options, n_jobs over starts, and the hardening of issue 13
(offsets, inputs near the float range, more clusters than distinct points)."""

import warnings

import numpy as np
import pytest
from joblib import parallel_backend
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.exceptions import ConvergenceWarning

from skpapers.cluster import ILASDP, SDPKMeans
from skpapers.datasets import make_heterogeneous_gmm
from skpapers.metrics import misclustering_error


@pytest.fixture(scope="module")
def separated():
    return make_heterogeneous_gmm(90, 2, 3, separation=8.0, random_state=1)


def _reference_posterior(model, X):
    """Posteriors from scipy's multivariate normal densities (independent)."""
    log_prob = np.column_stack([
        np.log(w) + multivariate_normal(m, c).logpdf(X)
        for m, c, w in zip(model.means_, model.covariances_, model.weights_)
    ])
    return np.exp(log_prob - logsumexp(log_prob, axis=1, keepdims=True))


@pytest.mark.parametrize("options", [
    {"rounding": "spectral"},
    {"accept": "improve"},
    {"accept": "always"},
    {"weight_term": False, "covariance_shrinkage": 0.0},
    {"init": "sdp"},
])
def test_every_option_recovers_separated_clusters(separated, options):
    X, y = separated
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = ILASDP(3, solver="bm", random_state=0, **options).fit(X)
    assert misclustering_error(y, model.labels_) == 0.0
    np.testing.assert_array_equal(model.predict(X), model.labels_)


def test_n_jobs_over_starts_gives_the_serial_fit():
    # threads here (loky's process start-up took ~25 s on the loaded CI box;
    # SDPKMeans below runs on loky)
    backend = "threading"
    X, _ = make_heterogeneous_gmm(60, 2, 3, separation=3.0, random_state=4)
    kwargs = {"n_init": 3, "init": "random", "solver": "bm", "max_iter": 4, "random_state": 0}
    serial = ILASDP(3, **kwargs).fit(X)
    with parallel_backend(backend, n_jobs=2):
        parallel = ILASDP(3, n_jobs=2, **kwargs).fit(X)
    np.testing.assert_array_equal(parallel.labels_, serial.labels_)
    np.testing.assert_allclose(parallel.means_, serial.means_)
    assert parallel.log_likelihood_ == serial.log_likelihood_


def test_sdpkmeans_n_jobs_gives_the_serial_fit():
    backend = "loky"
    X, _ = make_heterogeneous_gmm(80, 2, 3, separation=3.0, random_state=4)
    serial = SDPKMeans(3, random_state=0).fit(X)
    with parallel_backend(backend, n_jobs=2):
        parallel = SDPKMeans(3, n_jobs=2, random_state=0).fit(X)
    np.testing.assert_array_equal(parallel.labels_, serial.labels_)
    np.testing.assert_allclose(parallel.cluster_centers_, serial.cluster_centers_)


# issue 13, item 1: no cancellation when the data sit far from the origin
def test_ilasdp_at_an_offset_of_1e7_matches_the_reference_posterior(separated):
    X, _ = separated
    X = X + np.array([1e7, -1e7])
    model = ILASDP(3, solver="bm", random_state=0).fit(X)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba, _reference_posterior(model, X), atol=1e-6)
    np.testing.assert_array_equal(proba.argmax(axis=1), model.labels_)


def test_sdpkmeans_nearest_centre_at_an_offset_of_1e7():
    # two centres 1 apart at 1e7: expanded |x|^2 - 2 x.c + |c|^2 loses the
    # difference (1e14 * 2e-16 ~ 0.02 per term); the centred form does not
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0.0, 0.05, (20, 2)), rng.normal(1.0, 0.05, (20, 2))])
    base = SDPKMeans(2, random_state=0).fit(X)
    far = SDPKMeans(2, random_state=0).fit(X + 1e7)
    assert misclustering_error(base.labels_, far.labels_) == 0.0
    np.testing.assert_array_equal(far.predict(X + 1e7), far.labels_)
    # the new point is nearer to the second centre by 0.1 units
    centres = far.cluster_centers_
    point = (0.55 * centres[1] + 0.45 * centres[0])[None]
    expected = np.argmin(np.sum((point - 1e7 - (centres - 1e7)) ** 2, axis=1))
    assert far.predict(point)[0] == expected


# issue 13, item 3: huge inputs at predict time
@pytest.mark.parametrize("factor", [1e300, -1e300, 1e200])
def test_predict_proba_on_huge_inputs_is_valid(separated, factor):
    X, _ = separated
    model = ILASDP(3, solver="bm", random_state=0).fit(X)
    Xbig = X[:10] * factor
    proba = model.predict_proba(Xbig)
    assert np.all(np.isfinite(proba)) and np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    labels = model.predict(Xbig)
    np.testing.assert_array_equal(proba.argmax(axis=1), labels)
    # the limit: all mass on the cluster with the smallest Mahalanobis distance,
    # computed here on the rescaled point with np.linalg.solve
    for x, label in zip(Xbig, labels):
        s = np.max(np.abs(x))
        d = [(x / s - m / s) @ np.linalg.solve(c, x / s - m / s)
             for m, c in zip(model.means_, model.covariances_)]
        assert label == int(np.argmin(d))


def test_predict_proba_rejects_infinite_x_naming_x(separated):
    X, _ = separated
    model = ILASDP(3, solver="bm", random_state=0).fit(X)
    with pytest.raises(ValueError, match="X"):
        model.predict_proba(np.array([[np.inf, 0.0], [1.0, 2.0]]))


# issue 13, item 14: more clusters than distinct points
def test_sdpkmeans_more_clusters_than_distinct_points():
    rng = np.random.RandomState(0)
    distinct = rng.normal(size=(9, 2))
    X = distinct[np.r_[np.arange(9), rng.randint(0, 9, 8)]]  # 17 rows, 9 distinct
    with pytest.warns(ConvergenceWarning, match="distinct clusters"):
        model = SDPKMeans(n_clusters=10, random_state=0).fit(X)
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    _, first, inverse = np.unique(X, axis=0, return_index=True, return_inverse=True)
    np.testing.assert_array_equal(model.labels_, model.labels_[first][inverse.ravel()])


def test_accept_always_stops_on_a_cycle_with_the_most_likely_labels():
    # these rounds cycle through four labellings (86 labels flip every fourth
    # round); returning the last one left 2 % of the points mis-clustered
    X, y = make_heterogeneous_gmm(150, 2, 3, separation=8.0, random_state=1)
    model = ILASDP(3, accept="always", random_state=0).fit(X)
    assert model.converged_ and model.n_iter_ < model.max_iter
    assert misclustering_error(y, model.labels_) == 0.0
