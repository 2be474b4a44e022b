"""kNN search behind the graph: exact, approximate (pynndescent), fallbacks."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from skpapers._solvers.knn_graph import knn_indices
from skpapers.llp import _neighbors
from skpapers.llp._neighbors import APPROXIMATE_THRESHOLD, resolve_neighbors


def test_auto_is_exact_below_the_threshold():
    nn = resolve_neighbors("auto", APPROXIMATE_THRESHOLD, 5, 0)
    assert isinstance(nn, NearestNeighbors)


def test_auto_falls_back_to_exact_with_a_warning(monkeypatch):
    monkeypatch.setattr(_neighbors, "_have_pynndescent", lambda: False)
    with pytest.warns(UserWarning, match=r"pynndescent is not installed.*\[ann\]"):
        nn = resolve_neighbors("auto", APPROXIMATE_THRESHOLD + 1, 5, 0)
    assert isinstance(nn, NearestNeighbors)
    with pytest.raises(ImportError, match=r"skpapers\[ann\]"):
        resolve_neighbors("approximate", 1000, 5, 0)


def test_user_object_is_copied_not_fitted_in_place():
    user = NearestNeighbors(algorithm="brute")
    nn = resolve_neighbors(user, 10, 5, 0)
    assert nn is not user and nn.algorithm == "brute"
    with pytest.raises(TypeError, match="kneighbors"):
        resolve_neighbors(42, 10, 5, 0)


@pytest.mark.slow
def test_pynndescent_adapter_recall_against_exact_search():
    pytest.importorskip("pynndescent")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1500, 8))
    approx, adist = knn_indices(X, 5, resolve_neighbors("approximate", 1500, 5, 0))
    exact, edist = knn_indices(X, 5, NearestNeighbors())
    assert not np.any(approx == np.arange(1500)[:, None])
    recall = np.mean([len(set(a) & set(e)) / 5 for a, e in zip(approx, exact)])
    assert recall > 0.9
    # distances are true Euclidean distances of the returned pairs
    np.testing.assert_allclose(
        adist, np.linalg.norm(X[:, None, :] - X[approx], axis=2), rtol=1e-5
    )
