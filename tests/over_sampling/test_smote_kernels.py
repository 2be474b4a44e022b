"""The private kernels: exact neighbours, pair draws, interpolation, vote."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.spatial.distance import cdist

from skpapers._solvers import smote_neighbors
from skpapers._solvers.smote import (
    draw_pairs,
    interpolate,
    nominal_vote,
    same_class_kneighbors,
)


def brute_neighbors(X, k, codes=None, weight=0.0):
    D = cdist(X, X, "sqeuclidean")
    if codes is not None:
        D = D + weight**2 * (codes[:, None, :] != codes[None, :, :]).sum(axis=2)
    np.fill_diagonal(D, np.inf)
    idx = np.arange(X.shape[0])
    order = np.lexsort((np.broadcast_to(idx, D.shape), D), axis=1)
    return order[:, :k], D


def assert_same_neighbor_distances(found, expected, D):
    """Same neighbours up to exact ties: compare the distances row by row."""
    rows = np.arange(D.shape[0])[:, None]
    np.testing.assert_allclose(D[rows, found], D[rows, expected], rtol=1e-12, atol=0)
    assert np.all(found != rows)


@pytest.mark.parametrize("n, d, k", [(50, 3, 5), (300, 20, 7), (40, 1, 39)])
def test_rowwise_search_matches_brute_force(n, d, k):
    X = np.random.RandomState(n).normal(size=(n, d))
    found = same_class_kneighbors(X, k)
    expected, D = brute_neighbors(X, k)
    np.testing.assert_array_equal(found, expected)


def test_symmetric_search_matches_brute_force(monkeypatch):
    # Shrink the subset so the symmetric float32 path runs on a small class.
    monkeypatch.setattr(smote_neighbors, "_SUBSET", 64)
    rng = np.random.RandomState(0)
    # Offset far from the origin and a low-rank part: hard for float32.
    X = 1e3 + rng.normal(size=(700, 30)) @ np.diag(np.r_[np.ones(5), 1e-3 * np.ones(25)])
    found = same_class_kneighbors(X, 5, chunk_bytes=2**16)
    expected, D = brute_neighbors(X, 5)
    assert_same_neighbor_distances(found, expected, D)
    assert np.mean(found == expected) > 0.999


def test_symmetric_search_with_many_small_tiles(monkeypatch):
    monkeypatch.setattr(smote_neighbors, "_SUBSET", 32)
    monkeypatch.setattr(smote_neighbors, "_TILE_ROWS", 16)
    monkeypatch.setattr(smote_neighbors, "_TILE_COLS", 40)
    X = np.random.RandomState(5).normal(size=(333, 6))
    found = same_class_kneighbors(X, 4)
    expected, _ = brute_neighbors(X, 4)
    np.testing.assert_array_equal(found, expected)


def test_symmetric_search_with_duplicates(monkeypatch):
    monkeypatch.setattr(smote_neighbors, "_SUBSET", 32)
    rng = np.random.RandomState(1)
    base = rng.normal(size=(100, 8))
    X = np.vstack([base, base, base])  # every point has two exact copies
    found = same_class_kneighbors(X, 2)
    expected, D = brute_neighbors(X, 2)
    np.testing.assert_array_equal(found, expected)


def test_low_dimensional_classes_use_an_exact_kd_tree(monkeypatch):
    monkeypatch.setattr(smote_neighbors, "_SUBSET", 32)
    X = np.random.RandomState(6).normal(size=(400, 3))
    found = same_class_kneighbors(X, 5)
    expected, D = brute_neighbors(X, 5)
    assert_same_neighbor_distances(found, expected, D)


def test_drop_self_handles_duplicates():
    found = np.array([[0, 3, 1], [2, 1, 0], [0, 3, 1]])
    # row 1: self in the middle; row 2: self pushed out by duplicates
    np.testing.assert_array_equal(
        smote_neighbors.drop_self(found), [[3, 1], [2, 0], [0, 3]]
    )


def test_sparse_search_equals_dense():
    rng = np.random.RandomState(2)
    X = rng.normal(size=(120, 15)) * (rng.rand(120, 15) < 0.3)
    dense = same_class_kneighbors(X, 4)
    for fmt in ("csr", "csc"):
        np.testing.assert_array_equal(
            same_class_kneighbors(sparse.csr_matrix(X).asformat(fmt), 4), dense
        )


def test_nominal_distance_adds_weight_per_mismatch():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(80, 3))
    codes = rng.randint(0, 3, size=(80, 2))
    found = same_class_kneighbors(X, 5, codes=codes, nominal_weight=0.7)
    expected, D = brute_neighbors(X, 5, codes, 0.7)
    np.testing.assert_array_equal(found, expected)


def test_huge_values_stay_finite():
    X = np.random.RandomState(4).normal(size=(30, 3)) * 1e300
    found = same_class_kneighbors(X, 3)
    expected, _ = brute_neighbors(X / 1e300, 3)
    np.testing.assert_array_equal(found, expected)


def test_search_rejects_k_too_large():
    with pytest.raises(ValueError, match="n_neighbors"):
        same_class_kneighbors(np.zeros((5, 2)), 5)


def test_per_sample_allocation_counts():
    rng = np.random.RandomState(0)
    rows, cols, gaps = draw_pairs(10, 5, 37, rng, "per_sample")
    counts = np.bincount(rows, minlength=10)
    assert sorted(set(counts)) == [3, 4] and counts.sum() == 37
    assert np.sum(counts == 4) == 7
    assert cols.min() >= 0 and cols.max() < 5
    assert np.all((gaps >= 0) & (gaps < 1))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 30),
    k=st.integers(1, 5),
    n_new=st.integers(0, 200),
    seed=st.integers(0, 2**31 - 1),
)
def test_interpolation_is_on_the_segment(n, k, n_new, seed):
    k = min(k, n - 1)
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 3))
    nn = same_class_kneighbors(X, k)
    rows, cols, gaps = draw_pairs(n, k, n_new, rng, "random")
    new = interpolate(X, nn, rows, cols, gaps)
    start, end = X[rows], X[nn[rows, cols]]
    np.testing.assert_allclose(new, start + gaps[:, None] * (end - start))
    # Geometric check: the point splits the segment at the drawn gap.
    np.testing.assert_allclose(
        np.linalg.norm(new - start, axis=1) + np.linalg.norm(end - new, axis=1),
        np.linalg.norm(end - start, axis=1),
        atol=1e-9,
    )


def test_vote_is_majority_with_uniform_ties():
    codes = np.array([[0], [1], [1], [2], [2], [2]])
    neighbors = np.array([[1, 2], [0, 2], [0, 1], [4, 5], [3, 5], [0, 1]])
    rng = np.random.RandomState(0)
    rows = np.array([0, 3, 5])
    out = nominal_vote(codes, neighbors, rows, rng)
    # row 0: votes {0, 1, 1} -> 1; row 3: {2, 2, 2} -> 2; row 5: {2, 0, 1} tie
    assert out[0, 0] == 1 and out[1, 0] == 2
    ties = nominal_vote(codes, neighbors, np.full(3000, 5), rng)[:, 0]
    freq = np.bincount(ties, minlength=3) / ties.size
    np.testing.assert_allclose(freq, 1 / 3, atol=0.04)
    only_neighbors = nominal_vote(codes, neighbors, np.array([0]), rng, include_base=False)
    assert only_neighbors[0, 0] == 1


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(130, 400),
    d=st.integers(6, 30),
    k=st.integers(1, 7),
    scale=st.sampled_from([1e-6, 1.0, 1e6]),
    offset=st.sampled_from([0.0, 1e3]),
    duplicate=st.booleans(),
    seed=st.integers(0, 2**31 - 1),
)
def test_symmetric_search_is_exact_property(n, d, k, scale, offset, duplicate, seed):
    # Tiny subset and tiles so every code path of the symmetric search runs.
    old = (smote_neighbors._SUBSET, smote_neighbors._TILE_ROWS, smote_neighbors._TILE_COLS)
    smote_neighbors._SUBSET, smote_neighbors._TILE_ROWS, smote_neighbors._TILE_COLS = (
        64, 24, 80,
    )
    try:
        rng = np.random.RandomState(seed)
        X = rng.normal(size=(n, d)) * scale + offset
        if duplicate:
            X[: n // 3] = X[n // 3 : 2 * (n // 3)]
        found = same_class_kneighbors(X, k)
    finally:
        smote_neighbors._SUBSET, smote_neighbors._TILE_ROWS, smote_neighbors._TILE_COLS = old
    D = cdist(X, X, "sqeuclidean")
    np.fill_diagonal(D, np.inf)
    expected = np.sort(D, axis=1)[:, :k]
    np.testing.assert_allclose(np.take_along_axis(D, found, 1), expected, rtol=1e-9, atol=0)


def test_rowwise_search_is_exact_on_float32_near_ties():
    # Shells around every point at radii 1 + j * 1e-9: float32 distances
    # cannot order them, so only the float32 error band keeps the true
    # nearest ones among the candidates re-ranked in float64.
    rng = np.random.RandomState(0)
    d, n_shell = 40, 60
    centres = 10.0 * rng.normal(size=(4, d))
    parts = []
    for c in centres:
        dirs = rng.normal(size=(n_shell, d))
        dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
        radii = 1.0 + 1e-9 * rng.permutation(n_shell)
        parts.append(np.vstack([c, c + radii[:, None] * dirs]))
    X = np.vstack(parts)
    found = same_class_kneighbors(X, 3)
    expected, D = brute_neighbors(X, 3)
    centre_rows = np.arange(4) * (n_shell + 1)
    np.testing.assert_array_equal(found[centre_rows], expected[centre_rows])


def test_rowwise_search_breaks_exact_ties_by_lower_index():
    # Exact duplicates and a symmetric lattice: many exactly tied distances.
    X = np.array([[0.0, 0.0], [1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0],
                  [1.0, 0.0], [0.0, 0.0]])
    found = same_class_kneighbors(X, 4)
    expected, _ = brute_neighbors(X, 4)
    np.testing.assert_array_equal(found, expected)
    np.testing.assert_array_equal(found[0], [6, 1, 2, 3])
