"""The SMOTE experiment's C4.5 stand-in: error-based pruning and the pruned tree."""

import numpy as np
import pytest
from scipy.stats import binom
from sklearn.tree import DecisionTreeClassifier

from skpapers._solvers.error_based_pruning import binomial_upper_limit, pessimistic_prune
from skpapers.experiments._c45_tree import C45LikeTree


@pytest.mark.parametrize("n", [1, 2, 6, 9, 40, 1000])
@pytest.mark.parametrize("cf", [0.1, 0.25, 0.5])
def test_upper_limit_without_errors_is_closed_form(n, cf):
    # P(Bin(N, p) = 0) = (1 - p)^N = CF
    assert binomial_upper_limit(0, n, cf) == pytest.approx(1 - cf ** (1 / n), rel=1e-10)


@pytest.mark.parametrize(("errors", "n"), [(1, 16), (3, 10), (7.0, 50), (20, 21)])
def test_upper_limit_solves_the_binomial_equation(errors, n):
    p = binomial_upper_limit(errors, n, 0.25)
    assert binom.cdf(errors, n, p) == pytest.approx(0.25, abs=1e-9)
    assert binomial_upper_limit(n, n) == 1.0


def test_quinlan_book_example():
    """C4.5 book, Sec. 4.2: leaves of 6, 9 and 1 cases without error (a 3-way
    split, here two binary ones) under a node of 16 cases with 1 error.
    The book's U_25% values are 0.206, 0.143, 0.750 and, by its normal
    approximation, 0.157 for (1, 16); the subtree predicts 3.273 errors and
    the node as a leaf 2.512, so the subtree is pruned."""
    assert binomial_upper_limit([0, 0, 0], [6, 9, 1]) == pytest.approx(
        [0.206, 0.143, 0.750], abs=5e-4)
    assert binomial_upper_limit(1, 16) == pytest.approx(0.157, abs=3e-3)
    left = np.array([1, -1, 3, -1, -1])
    right = np.array([2, -1, 4, -1, -1])
    counts = np.array([[15, 1], [6, 0], [9, 1], [9, 0], [0, 1]])
    leaf_of, predicted = pessimistic_prune(left, right, counts)
    assert predicted[1] + predicted[2] == pytest.approx(3.273, abs=1e-3)
    assert predicted[0] == pytest.approx(16 * binomial_upper_limit(1, 16))
    np.testing.assert_array_equal(leaf_of, [0, 0, 0, 0, 0])


def test_a_useful_split_is_kept():
    # 50 / 50 cases split perfectly: as a leaf 50 errors, as a subtree ~2.7
    left, right = np.array([1, -1, -1]), np.array([2, -1, -1])
    counts = np.array([[50, 50], [50, 0], [0, 50]])
    leaf_of, predicted = pessimistic_prune(left, right, counts)
    np.testing.assert_array_equal(leaf_of, [0, 1, 2])
    assert predicted[0] == pytest.approx(2 * 50 * (1 - 0.25 ** (1 / 50)))


def _recursive_reference(left, right, counts, cf=0.25):
    """Top-down recursive form of the pruning (the book's description)."""
    n = counts.sum(axis=1)
    as_leaf = n * binomial_upper_limit(n - counts.max(axis=1), n, cf)
    leaf_of = np.arange(len(left))

    def estimate(node):
        if left[node] < 0:
            return as_leaf[node]
        subtree = estimate(left[node]) + estimate(right[node])
        if as_leaf[node] <= subtree + 0.1:
            assign(node, node)
            return as_leaf[node]
        return subtree

    def assign(node, owner):
        leaf_of[node] = owner
        if left[node] >= 0:
            assign(left[node], owner)
            assign(right[node], owner)

    estimate(0)
    return leaf_of


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pruning_matches_a_recursive_reference_on_noise(seed):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(400, 3))
    y = (rng.uniform(size=400) < 0.2).astype(int)  # labels independent of X
    tree = C45LikeTree(random_state=0).fit(X, y)
    grown = tree.tree_estimator_.tree_
    counts = grown.value[:, 0, :] * grown.weighted_n_node_samples[:, None]
    expected = _recursive_reference(grown.children_left, grown.children_right, counts)
    np.testing.assert_array_equal(tree.leaf_of_, expected)
    # Pessimistic pruning is lenient (C4.5 keeps some splits on noise), but it
    # removes at least a third of the leaves here.
    assert tree.n_leaves_ < 2 / 3 * tree.tree_estimator_.get_n_leaves()


def test_pruned_tree_is_a_coarsening_of_the_grown_tree():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(600, 4))
    y = ((X[:, 0] + 0.5 * X[:, 1] > 0) ^ (rng.uniform(size=600) < 0.15)).astype(int)
    tree = C45LikeTree(random_state=0).fit(X, y)
    grown = DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2,
                                   random_state=0).fit(X, y)
    assert 1 < tree.n_leaves_ < grown.get_n_leaves()
    # Samples in one grown leaf share one pruned leaf; where no pruning
    # happened above a leaf, the prediction is the grown tree's.
    leaves = grown.apply(X)
    pruned = tree.leaf_of_[leaves]
    unpruned_rows = pruned == leaves
    np.testing.assert_array_equal(tree.predict(X)[unpruned_rows],
                                  grown.predict(X)[unpruned_rows])
    proba = tree.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # more confidence -> less pruning
    assert C45LikeTree(confidence=0.6, random_state=0).fit(X, y).n_leaves_ >= tree.n_leaves_


def test_bad_confidence():
    with pytest.raises(ValueError, match="'confidence' parameter"):
        C45LikeTree(confidence=1.5).fit([[0.0], [1.0]], [0, 1])
