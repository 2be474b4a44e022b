"""Loopy BP on the LLP Gibbs distribution against exact enumeration."""

import itertools

import numpy as np
import pytest
from scipy import integrate
from sklearn.exceptions import ConvergenceWarning
from sklearn.neighbors import NearestNeighbors

from skpapers._solvers.bag_messages import exact_bag_messages, gaussian_bag_messages
from skpapers._solvers.belief_propagation import llp_belief_propagation
from skpapers._solvers.knn_graph import knn_indices, similarity_edges
from tests.llp._enumeration import exact_marginals, random_tree_problem


@pytest.mark.parametrize("seed", range(6))
def test_exact_bag_messages_make_bp_exact_on_trees(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 15))
    edges, w, bags, counts = random_tree_problem(rng, n)
    unary = rng.normal(0, 1, n)
    lam_s, lam_b = rng.uniform(0.2, 3.0, 2)
    truth = exact_marginals(n, edges, w, bags, counts, lam_s, lam_b, unary)
    got, _, converged = llp_belief_propagation(
        n, edges, w, bags, counts, lambda_sim=lam_s, lambda_bag=lam_b, unary=unary,
        tol=1e-12, max_iter=2000, bag_method="exact",
    )
    assert converged
    np.testing.assert_allclose(got, truth, atol=1e-6)


def test_gaussian_messages_are_exact_for_singleton_bags_on_a_tree():
    # with one row per bag the rest of the bag is empty: no approximation left
    rng = np.random.default_rng(3)
    n = 12
    edges = np.array([(i, int(rng.integers(0, i))) for i in range(1, n)])
    w = rng.uniform(0.1, 1, n - 1)
    bags = np.arange(n)
    counts = rng.integers(0, 2, n).astype(float)
    truth = exact_marginals(n, edges, w, bags, counts, 2.0, 0.7, np.zeros(n))
    got, _, _ = llp_belief_propagation(
        n, edges, w, bags, counts, lambda_sim=2.0, lambda_bag=0.7, tol=1e-12,
        max_iter=2000, bag_method="gaussian",
    )
    np.testing.assert_allclose(got, truth, atol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_loopy_knn_graph_is_close_to_exact(seed):
    rng = np.random.default_rng(seed)
    n = 14
    X = rng.normal(size=(n, 2))
    ind, dist = knn_indices(X, 3, NearestNeighbors())
    edges, w = similarity_edges(ind, dist)
    bags = np.arange(n) % 4
    counts = np.array([rng.integers(0, (bags == b).sum() + 1) for b in range(4)], float)
    truth = exact_marginals(n, edges, w, bags, counts, 1.0, 1.0, np.zeros(n))
    # loopy BP is not exact on cycles: worst row within 0.1, typical within 0.04
    for method in ("exact", "gaussian"):
        got, _, converged = llp_belief_propagation(
            n, edges, w, bags, counts, lambda_sim=1.0, lambda_bag=1.0, tol=1e-10,
            max_iter=2000, bag_method=method,
        )
        assert converged
        assert len(edges) > n - 1  # the graph has cycles
        assert np.max(np.abs(got - truth)) < 0.1
        assert np.mean(np.abs(got - truth)) < 0.04


def test_exact_bag_messages_match_direct_sum_over_the_rest_of_the_bag():
    rng = np.random.default_rng(0)
    cavity = rng.normal(0, 2, 6)
    q = 1 / (1 + np.exp(-cavity))
    bags = np.zeros(6, dtype=np.int64)
    c, lam = 4.0, 0.8
    got = exact_bag_messages(cavity, bags, np.array([c]), lam, 1)
    for i in range(6):
        others = [j for j in range(6) if j != i]
        h = np.zeros(2)
        for ys in itertools.product([0, 1], repeat=5):
            prob = np.prod([q[j] if y else 1 - q[j] for j, y in zip(others, ys)])
            for yi in (0, 1):
                h[yi] += prob * np.exp(-lam * (sum(ys) + yi - c) ** 2)
        assert got[i] == pytest.approx(np.log(h[1] / h[0]), abs=1e-10)


def test_gaussian_message_is_the_gaussian_expectation():
    # independent check of the closed form by numerical integration
    cavity = np.array([0.3, -1.2, 2.0, 0.1, -0.4])
    q = 1 / (1 + np.exp(-cavity))
    lam, c = 0.6, 2.0
    got = gaussian_bag_messages(cavity, np.zeros(5, np.int64), np.array([c]), lam, 1)
    i = 0
    m = q.sum() - q[i]
    v = (q * (1 - q)).sum() - q[i] * (1 - q[i])

    def expect(shift):
        f = lambda s: np.exp(-lam * (s + shift - c) ** 2 - (s - m) ** 2 / (2 * v))
        return integrate.quad(f, -np.inf, np.inf)[0]

    assert got[i] == pytest.approx(np.log(expect(1) / expect(0)), abs=1e-8)


def test_pure_evidence_and_no_edges_give_bag_marginals():
    # one bag of 3 with count 1 and no similarity edges: every member 1/3
    got, _, _ = llp_belief_propagation(
        3, np.empty((0, 2)), np.empty(0), np.zeros(3), np.array([1.0]),
        lambda_bag=50.0, tol=1e-12, max_iter=500, bag_method="exact",
    )
    np.testing.assert_allclose(got, 1 / 3, atol=1e-9)


def test_non_convergence_warns_and_returns_valid_marginals():
    rng = np.random.default_rng(0)
    edges, w, bags, counts = random_tree_problem(rng, 12)
    with pytest.warns(ConvergenceWarning, match="did not settle in max_iter="):
        got, n_iter, converged = llp_belief_propagation(
            12, edges, w, bags, counts, max_iter=2, tol=0.0
        )
    assert not converged and n_iter == 2
    assert np.all((got >= 0) & (got <= 1))


def test_knn_graph_is_symmetric_weighted_and_excludes_self():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    X[1] = X[0]  # a duplicate must not hide the row's own index
    ind, dist = knn_indices(X, 4, NearestNeighbors())
    assert not np.any(ind == np.arange(40)[:, None])
    edges, w = similarity_edges(ind, dist, scale=2.0)
    assert np.all(edges[:, 0] < edges[:, 1])
    assert len({tuple(e) for e in edges}) == len(edges)
    # reference: brute-force distances and the union of both kNN relations
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    expected = set()
    for i in range(40):
        for j in ind[i]:
            expected.add((min(i, j), max(i, j)))
    assert {tuple(e) for e in edges} == expected
    np.testing.assert_allclose(w, np.exp(-D[edges[:, 0], edges[:, 1]] / 2.0), rtol=1e-12)


def test_padding_and_self_entries_are_not_edges():
    # approximate indexes pad missing neighbours with -1
    indices = np.array([[1, -1], [0, 1], [0, 1]])
    distances = np.array([[1.0, np.inf], [1.0, 0.0], [2.0, 1.0]])
    edges, w = similarity_edges(indices, distances, scale=1.0)
    assert {tuple(e) for e in edges} == {(0, 1), (0, 2), (1, 2)}
    np.testing.assert_allclose(w, np.exp(-np.array([1.0, 2.0, 1.0])))


def _run_with_change(max_iter, problem, **kw):
    """Marginals and the 'last change' the warning reports after max_iter sweeps."""
    import re
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got, _, converged = llp_belief_propagation(*problem, max_iter=max_iter,
                                                   tol=0.0, **kw)
    assert not converged
    message = str([w for w in caught if w.category is ConvergenceWarning][0].message)
    return got, float(re.search(r"largest message change ([0-9.e+-]+)", message).group(1))


def test_non_convergence_returns_the_sweep_with_the_smallest_change():
    # Undamped loopy BP with strong couplings oscillates. A run stopped after
    # k sweeps reports sweep k's change; the full run must return the
    # marginals of the sweep whose change was smallest (the first one on
    # ties), i.e. those of the run stopped right there.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    ind, dist = knn_indices(X, 5, NearestNeighbors())
    edges, w = similarity_edges(ind, dist)
    bags = np.repeat(np.arange(6), 5)
    counts = np.array([1.0, 4.0, 0.0, 5.0, 2.0, 3.0])
    problem = (30, edges, w, bags, counts)
    kw = dict(lambda_sim=8.0, lambda_bag=20.0, damping=0.0)
    n_sweeps = 12
    runs = [_run_with_change(k, problem, **kw) for k in range(1, n_sweeps + 1)]
    changes = np.array([change for _, change in runs])
    best = int(np.argmin(changes))
    assert changes[-1] > 2 * changes[best]  # the last sweep is far from the best
    np.testing.assert_array_equal(runs[-1][0], runs[best][0])


def test_fading_prior_with_decay_one_is_a_fixed_unary_term():
    rng = np.random.default_rng(7)
    edges, w, bags, counts = random_tree_problem(rng, 12)
    u, v = rng.normal(0, 1, 12), rng.normal(0, 2, 12)
    kw = dict(lambda_sim=1.5, lambda_bag=1.0, tol=1e-10, max_iter=500)
    fixed, _, _ = llp_belief_propagation(12, edges, w, bags, counts, unary=u + v, **kw)
    fading, _, _ = llp_belief_propagation(
        12, edges, w, bags, counts, unary=u, prior=v, prior_decay=1.0, **kw
    )
    np.testing.assert_array_equal(fading, fixed)


@pytest.mark.parametrize("decay", [0.0, 0.5, 0.9])
def test_fading_prior_is_forgotten_where_bp_has_one_fixed_point(decay):
    # on a tree BP has one fixed point, the exact marginals of the model
    # without the prior: a fading prior only changes the path there
    rng = np.random.default_rng(11)
    n = 12
    edges, w, bags, counts = random_tree_problem(rng, n)
    truth = exact_marginals(n, edges, w, bags, counts, 1.5, 1.0, np.zeros(n))
    got, _, converged = llp_belief_propagation(
        n, edges, w, bags, counts, lambda_sim=1.5, lambda_bag=1.0,
        prior=rng.normal(0, 3, n), prior_decay=decay, tol=1e-12, max_iter=3000,
        bag_method="exact",
    )
    assert converged
    np.testing.assert_allclose(got, truth, atol=1e-6)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_prior_decides_where_a_strongly_coupled_graph_settles(sign):
    # 8 rows, all tied strongly, no bag information: the model is symmetric
    # under y -> 1 - y, so from zero log-odds BP stays at 1/2, while a start
    # used only once (decay 0) tips the whole clique its way
    n = 8
    edges = np.array(list(itertools.combinations(range(n), 2)))
    w = np.ones(len(edges))
    bags, counts = np.zeros(n, dtype=int), np.array([4.0])
    kw = dict(lambda_sim=2.0, lambda_bag=0.0, tol=1e-10, max_iter=2000)
    flat, _, _ = llp_belief_propagation(n, edges, w, bags, counts, **kw)
    np.testing.assert_allclose(flat, 0.5)
    start = sign * np.full(n, 0.5)
    tipped, _, converged = llp_belief_propagation(
        n, edges, w, bags, counts, prior=start, prior_decay=0.0, **kw
    )
    assert converged
    assert np.all(sign * (tipped - 0.5) > 0.45)
