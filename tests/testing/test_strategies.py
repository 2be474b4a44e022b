"""The hypothesis strategies of skpapers.testing keep their contracts."""

import numpy as np
import pytest
from hypothesis import given, settings

from skpapers.testing import (
    bagged_proportions,
    binary_scores,
    clustered_points,
    ordinal_targets,
)

MANY = settings(max_examples=100, deadline=None)


@MANY
@given(binary_scores(ties="some", weights="float"))
def test_binary_scores_contract(data):
    y, s, w = data
    assert y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    assert s.dtype == np.float64 and s.shape == y.shape and np.all(np.isfinite(s))
    assert w.dtype == np.float64 and w.shape == y.shape and np.all(w > 0)


@MANY
@given(binary_scores(ties="none", dtype="float32", extreme=True))
def test_binary_scores_no_ties_float32_extreme(data):
    y, s, w = data
    assert s.dtype == np.float32 and np.all(np.isfinite(s))
    assert len(np.unique(s)) == len(s)
    assert w is None


@MANY
@given(binary_scores(ties="many", weights="integer"))
def test_binary_scores_many_ties_integer_weights(data):
    y, s, w = data
    assert len(np.unique(s)) <= 3
    assert np.array_equal(w, np.round(w)) and w.min() >= 1


@settings(max_examples=100, deadline=None)
@given(binary_scores(ties="all"))
def test_binary_scores_all_tied(data):
    _, s, _ = data
    assert len(np.unique(s)) == 1


@settings(max_examples=100, deadline=None)
@given(binary_scores(min_size=40, max_size=60, prevalence=(0.01, 0.1)))
def test_binary_scores_prevalence_range(data):
    y, _, _ = data
    assert 1 <= y.sum() <= max(1, int(0.1 * len(y)))


@settings(max_examples=100, deadline=None)
@given(binary_scores(min_size=20, max_size=20, prevalence=0.5))
def test_binary_scores_exact_prevalence(data):
    assert data[0].sum() == 10


@settings(max_examples=100, deadline=None)
@given(binary_scores(extreme=True))
def test_binary_scores_extreme_reaches_huge_or_tiny(data):
    assert np.all(np.isfinite(data[1]))


def test_extreme_values_are_actually_drawn():
    seen = {"huge": False, "subnormal": False}

    @settings(max_examples=300, deadline=None, database=None)
    @given(binary_scores(extreme=True))
    def collect(data):
        a = np.abs(data[1])
        seen["huge"] |= bool(np.any(a > 1e200))
        seen["subnormal"] |= bool(np.any((a > 0) & (a < np.finfo(np.float64).tiny)))

    collect()
    assert seen["huge"] and seen["subnormal"]


@MANY
@given(ordinal_targets(min_classes=3, max_classes=6, min_per_class=2, weights=True))
def test_ordinal_targets_contract(data):
    X, y, w = data
    counts = np.bincount(y)
    assert 3 <= len(counts) <= 6 and counts.min() >= 2
    assert X.shape[0] == y.shape[0] and X.dtype == np.float64
    assert w.shape == y.shape and np.all(w > 0)


@MANY
@given(bagged_proportions(max_bags=6, max_bag_size=10))
def test_bagged_proportions_consistent_with_integer_counts(data):
    bags, proportions, labels = data
    sizes = np.bincount(bags)
    counts = proportions * sizes[bags]
    assert np.allclose(counts, np.round(counts), atol=1e-9)
    for b in np.unique(bags):
        rows = bags == b
        assert np.all(proportions[rows] == proportions[rows][0])
        assert np.isclose(proportions[rows][0], labels[rows].mean())


@MANY
@given(clustered_points(min_clusters=2, max_clusters=5, n_features=3, separation=8.0))
def test_clustered_points_are_separated(data):
    X, labels = data
    k = labels.max() + 1
    centers = np.array([X[labels == j].mean(axis=0) for j in range(k)])
    within = max(
        np.abs(X[labels == j] - centers[j]).max() for j in range(k)
    )
    gaps = np.linalg.norm(centers[:, None] - centers[None], axis=-1)[np.triu_indices(k, 1)]
    assert gaps.min() > 2 * within * np.sqrt(3)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"ties": "lots"}, "ties"),
        ({"weights": "uniform"}, "weights"),
        ({"dtype": "int8"}, "dtype"),
        ({"prevalence": 1.5}, "prevalence"),
        ({"min_size": 1}, "min_size"),
    ],
)
def test_binary_scores_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        binary_scores(**kwargs)


def test_other_strategies_bad_arguments():
    with pytest.raises(ValueError, match="min_classes"):
        ordinal_targets(min_classes=1)
    with pytest.raises(ValueError, match="min_bags"):
        bagged_proportions(min_bags=0)
    with pytest.raises(ValueError, match="min_clusters"):
        clustered_points(min_clusters=3, max_clusters=2)


def test_missing_hypothesis_names_the_extra(monkeypatch):
    import sys

    import skpapers.testing

    monkeypatch.setitem(sys.modules, "hypothesis", None)
    with pytest.raises(ImportError, match=r"skpapers\[testing\]"):
        skpapers.testing.__getattr__("binary_scores")


def test_zero_weights_keep_both_classes():
    seen_zero = {"any": False}

    @settings(max_examples=100, deadline=None, database=None)
    @given(binary_scores(weights="float", zero_weights=True))
    def check(data):
        y, _, w = data
        assert w[y == 1].sum() > 0 and w[y == 0].sum() > 0
        seen_zero["any"] |= bool(np.any(w == 0))

    check()
    assert seen_zero["any"]


@settings(max_examples=20, deadline=None)
@given(binary_scores(min_size=19, max_size=19, prevalence=0.3))
def test_binary_scores_exact_prevalence_is_rounded_not_truncated(data):
    assert data[0].sum() == 6  # round(0.3 * 19) = round(5.7)
