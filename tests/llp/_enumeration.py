"""Exact marginals of the LLP Gibbs distribution by enumerating all labelings."""

import itertools

import numpy as np


def exact_marginals(n, edges, weights, bag_index, counts, lambda_sim, lambda_bag, unary):
    """P(y_i = 1) for every i, summing over all 2^n labelings (n <= 16)."""
    Y = np.array(list(itertools.product([0.0, 1.0], repeat=n)))
    logp = Y @ np.asarray(unary, dtype=float)
    sums = np.zeros((Y.shape[0], len(counts)))
    for i, b in enumerate(bag_index):
        sums[:, b] += Y[:, i]
    logp -= lambda_bag * ((sums - counts) ** 2).sum(axis=1)
    for (i, j), s in zip(edges, weights):
        logp -= lambda_sim * s * (Y[:, i] - Y[:, j]) ** 2
    p = np.exp(logp - logp.max())
    return (p / p.sum()) @ Y


def random_tree_problem(rng, n, max_bag=5):
    """Bags plus edges such that the factor graph (variables, bag factors,
    edge factors) is a tree: an edge never joins two variables already
    connected through bags or earlier edges."""
    sizes, left = [], n
    while left > 0:
        size = int(min(left, rng.integers(1, max_bag + 1)))
        sizes.append(size)
        left -= size
    bag_index = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(bag_index)
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a

    for b in range(len(sizes)):
        members = np.flatnonzero(bag_index == b)
        for m in members[1:]:
            parent[find(m)] = find(members[0])
    edges = []
    for _ in range(4 * n):
        i, j = rng.choice(n, 2, replace=False)
        if find(i) != find(j):
            parent[find(i)] = find(j)
            edges.append((i, j))
    edges = np.array(edges, dtype=np.int64).reshape(-1, 2)
    counts = np.array(
        [rng.integers(0, (bag_index == b).sum() + 1) for b in range(len(sizes))], float
    )
    return edges, rng.uniform(0.1, 1.0, len(edges)), bag_index, counts
