"""C4.5's error-based (pessimistic) pruning of a grown binary tree.

Quinlan (C4.5: Programs for Machine Learning, 1993, Sec. 4.2) estimates the
error rate of a leaf that holds ``N`` training cases, ``E`` of them
misclassified, by the upper limit ``U_CF(E, N)`` of a one-sided binomial
confidence interval at confidence ``CF`` (0.25 by default), i.e. the ``p``
with ``P(Binomial(N, p) <= E) = CF``. A subtree's predicted errors are the
sum over its leaves of ``N_leaf * U_CF(E_leaf, N_leaf)``; working bottom-up, a
subtree is replaced by a leaf when the leaf's predicted errors are not more
than the subtree's plus 0.1 (the margin C4.5 release 8 uses).

Here ``U_CF`` is the exact (Clopper-Pearson) limit, a beta quantile; C4.5's
program approximates it (a normal approximation once ``E >= 1``), so its
estimates differ in the second or third decimal. Subtree raising (replacing
a node by its largest branch) is not done.

The functions work on the arrays of a binary tree in which every internal
node's children have larger indices than the node itself (scikit-learn's
``tree_`` layout): ``children_left``/``children_right`` (-1 at leaves) and
per-node class counts.
"""

import numpy as np
from scipy.stats import beta


def binomial_upper_limit(errors, n, confidence=0.25):
    """Upper confidence limit ``U_CF(E, N)`` of a binomial error rate.

    Parameters
    ----------
    errors : array-like of float
        Observed errors ``E`` (may be fractional, e.g. weighted counts).
    n : array-like of float
        Number of cases ``N`` (> 0), same shape as ``errors``.
    confidence : float, default=0.25
        ``CF`` in (0, 1): the probability of seeing at most ``E`` errors when
        the true rate is the returned limit. Smaller values give larger limits.

    Returns
    -------
    limit : ndarray of float
        ``p`` with ``P(Binomial(N, p) <= E) = CF``; 1 where ``E >= N``.
    """
    errors = np.asarray(errors, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    full = errors >= n
    # P(Bin(N, p) <= E) = 1 - I_p(E + 1, N - E): the limit is a beta quantile.
    limit = beta.ppf(1.0 - confidence, errors + 1.0, np.where(full, 1.0, n - errors))
    return np.where(full, 1.0, limit)


def pessimistic_prune(children_left, children_right, class_counts, confidence=0.25,
                      margin=0.1):
    """C4.5's error-based pruning: where each node ends up in the pruned tree.

    Parameters
    ----------
    children_left, children_right : ndarray of shape (n_nodes,), int
        Child indices, -1 at leaves; children have larger indices than their
        parent.
    class_counts : ndarray of shape (n_nodes, n_classes)
        Training cases of each class reaching each node.
    confidence : float, default=0.25
        C4.5's ``CF``.
    margin : float, default=0.1
        A subtree is replaced when ``leaf errors <= subtree errors + margin``.

    Returns
    -------
    leaf_of : ndarray of shape (n_nodes,), int
        ``leaf_of[i]`` is the leaf of the pruned tree that node ``i`` falls
        into: its highest collapsed ancestor (or itself), else ``i``. The
        pruned tree's leaves are ``np.unique(leaf_of[children_left == -1])``.
    predicted_errors : ndarray of shape (n_nodes,)
        Predicted errors of each node's pruned subtree (of the node as a leaf
        where it was collapsed).
    """
    counts = np.asarray(class_counts, dtype=np.float64)
    n = counts.sum(axis=1)
    errors = n - counts.max(axis=1)
    as_leaf = n * binomial_upper_limit(errors, np.maximum(n, 1e-300), confidence)
    left = np.asarray(children_left)
    right = np.asarray(children_right)
    n_nodes = left.shape[0]
    predicted = as_leaf.copy()
    collapsed = left < 0
    for node in range(n_nodes - 1, -1, -1):  # children before parents
        if left[node] < 0:
            continue
        subtree = predicted[left[node]] + predicted[right[node]]
        if as_leaf[node] <= subtree + margin:
            collapsed[node] = True
        else:
            predicted[node] = subtree
    leaf_of = np.arange(n_nodes)
    for node in range(n_nodes):  # parents before children
        if left[node] >= 0 and collapsed[leaf_of[node]]:
            leaf_of[left[node]] = leaf_of[right[node]] = leaf_of[node]
    return leaf_of, predicted
