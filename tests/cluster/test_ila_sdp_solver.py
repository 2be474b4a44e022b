"""The iLA-SDP start loop as a plain solver (skpapers._solvers.ila_sdp), and
ILASDP's progress reporting over its starts."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans
from sklearn.utils import check_random_state

from skpapers._solvers.gaussian_mixture import (
    classification_log_likelihood,
    estimate_gaussians,
)
from skpapers._solvers.ila_sdp import ila_sdp, partition_key, same_partition
from skpapers.cluster import ILASDP
from skpapers.datasets import make_heterogeneous_gmm


def test_same_partition_ignores_label_names():
    assert same_partition(np.array([0, 0, 1, 2]), np.array([2, 2, 0, 1]))
    assert not same_partition(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]))
    assert not same_partition(np.array([0, 0, 1, 1]), np.array([0, 0, 1, 2]))
    assert partition_key(np.array([1, 1, 0])) == partition_key(np.array([0, 0, 2]))
    assert partition_key(np.array([1, 1, 0])) != partition_key(np.array([0, 1, 1]))


def test_estimator_is_the_solver_from_its_start():
    # ILASDP = validate, start (k-means), one call of ila_sdp, store: the same
    # seed and options give the same parameters through both doors
    X, _ = make_heterogeneous_gmm(90, 2, 3, separation=4.0, random_state=3)
    model = ILASDP(3, accept="always", random_state=7).fit(X)
    seed = check_random_state(7).randint(np.iinfo(np.int32).max)
    start = KMeans(3, n_init=10, random_state=seed).fit_predict(X)
    result = ila_sdp(X, start, 3, accept="always", solver="bm", bm_first=True,
                     random_state=seed)
    np.testing.assert_array_equal(model.labels_, result.params[0])
    np.testing.assert_allclose(model.covariances_, result.params[2], rtol=1e-12)
    assert model.n_iter_ == result.n_iter and model.converged_ == result.converged
    assert model.objective_ == pytest.approx(result.objective, rel=1e-12)


@pytest.mark.filterwarnings("ignore:LA-SDP rounding left clusters:UserWarning")
@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 10_000), n_clusters=st.integers(2, 3))
def test_rounds_never_lower_the_likelihood_of_the_start(seed, n_clusters):
    # accept="improve": the kept labels are at least as likely as the start's,
    # from any start (here random labels), and X is left untouched
    X, _ = make_heterogeneous_gmm(45, 2, n_clusters, separation=4.0, random_state=seed)
    X_before = X.copy()
    start = np.random.RandomState(seed).randint(n_clusters, size=X.shape[0])
    start[:n_clusters] = np.arange(n_clusters)  # no empty cluster
    result = ila_sdp(X, start, n_clusters, max_iter=5, random_state=seed)
    start_params = estimate_gaussians(X, start, n_clusters, 1e-6, "auto")
    assert (classification_log_likelihood(X, result.params)
            >= classification_log_likelihood(X, start_params))
    assert result.n_iter <= 5 and result.hit_max_iter == (not result.converged
                                                         and result.n_iter == 5)
    np.testing.assert_array_equal(X, X_before)


def test_verbose_zero_prints_nothing(capsys):
    X, _ = make_heterogeneous_gmm(60, 2, 3, separation=5.0, random_state=0)
    ILASDP(3, n_init=2, init="random", solver="bm", random_state=0, verbose=0).fit(X)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_verbose_reports_each_start_without_a_terminal(capsys):
    # pytest's capture is not a terminal: no bar, one plain line per start on
    # standard error; verbose=2 adds one line per round on standard output
    X, _ = make_heterogeneous_gmm(60, 2, 3, separation=5.0, random_state=0)
    kwargs = {"n_init": 2, "init": "random", "solver": "bm", "random_state": 0}
    quiet = ILASDP(3, **kwargs).fit(X)
    ILASDP(3, verbose=1, **kwargs).fit(X)
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert [line.split(" in ")[0] for line in lines] == [
        "ILASDP starts: 1/2", "ILASDP starts: 2/2"]
    assert captured.out == ""
    loud = ILASDP(3, verbose=2, **kwargs).fit(X)
    captured = capsys.readouterr()
    assert captured.out.count("[ILASDP] round ") >= 1
    np.testing.assert_array_equal(loud.labels_, quiet.labels_)
