"""misclustering_error and make_heterogeneous_gmm."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score

from skpapers.datasets import make_heterogeneous_gmm
from skpapers.metrics import misclustering_error


def _brute_force(a, b):
    a_vals, b_vals = np.unique(a), np.unique(b)
    best = 0
    size = max(len(a_vals), len(b_vals))
    targets = list(a_vals) + [None] * (size - len(a_vals))
    for perm in itertools.permutations(targets, size):
        mapping = dict(zip(b_vals, perm))
        best = max(best, sum(mapping[bi] == ai for ai, bi in zip(a, b)))
    return 1 - best / len(a)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=25))
def test_matches_brute_force_over_permutations(pairs):
    a, b = map(np.array, zip(*pairs))
    assert misclustering_error(a, b) == pytest.approx(_brute_force(a, b), abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=30), st.permutations(range(5)))
def test_invariant_to_relabelling(labels, perm):
    labels = np.array(labels)
    relabelled = np.array(perm)[labels]
    assert misclustering_error(labels, relabelled) == 0.0


def test_equals_one_minus_accuracy_when_aligned():
    y = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
    pred = np.array([0, 0, 1, 1, 1, 1, 2, 2, 0, 2])
    assert misclustering_error(y, pred) == pytest.approx(1 - accuracy_score(y, pred))


def test_different_numbers_of_clusters_and_string_labels():
    assert misclustering_error(["a", "a", "b", "b"], [0, 0, 0, 0]) == 0.5
    assert misclustering_error([0, 0, 1, 1], [0, 1, 2, 3]) == 0.5


def test_metric_bad_input():
    with pytest.raises(ValueError, match="same length"):
        misclustering_error([0, 1], [0])
    with pytest.raises(ValueError, match="empty"):
        misclustering_error([], [])


def test_heterogeneous_gmm_parameters():
    X, y, params = make_heterogeneous_gmm(
        400, 5, 4, separation=6.0, scale_ratio=9.0, anisotropy=3.0,
        weights=[0.1, 0.2, 0.3, 0.4], return_params=True, random_state=0,
    )
    assert X.shape == (400, 5) and np.array_equal(np.bincount(y), [40, 80, 120, 160])
    means = params["means"]
    gaps = np.linalg.norm(means[:, None] - means[None], axis=-1)[np.triu_indices(4, 1)]
    assert gaps.min() == pytest.approx(6.0)
    covs = params["covariances"]
    scales = np.trace(covs, axis1=1, axis2=2) / 5
    assert scales.max() / scales.min() == pytest.approx(9.0)
    for cov in covs:
        eig = np.linalg.eigvalsh(cov)
        assert eig.max() / eig.min() <= 3.0 + 1e-9
    # sample moments agree with the parameters
    k = 3
    np.testing.assert_allclose(X[y == k].mean(axis=0), means[k], atol=0.6)
    X2, y2 = make_heterogeneous_gmm(400, 5, 4, random_state=0)
    X3, y3 = make_heterogeneous_gmm(400, 5, 4, random_state=0)
    np.testing.assert_array_equal(X2, X3)


@pytest.mark.parametrize(
    "kwargs, match",
    [({"n_clusters": 0}, "n_clusters"), ({"n_samples": 2, "n_clusters": 3}, "n_clusters"),
     ({"separation": -1.0}, "separation"), ({"weights": [1, 2]}, "weights"),
     ({"anisotropy": 0.5}, "anisotropy")],
)
def test_heterogeneous_gmm_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_heterogeneous_gmm(**kwargs)
