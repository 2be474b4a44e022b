"""Loopy sum-product belief propagation for the LLP Gibbs distribution.

Binary labels ``y_i`` with::

    log p(y) = sum_i (u_i + d^t v_i) y_i
               - lambda_bag * sum_B (sum_{i in B} y_i - c_B)^2
               - lambda_sim * sum_{(i,j) in E} s_ij (y_i - y_j)^2  + const

Every message is a log-ratio (value at ``y = 1`` minus at ``y = 0``), so
beliefs are log-odds. All updates are synchronous and vectorised over edges
(``np.bincount`` gathers what each node receives); one iteration costs
O(n_samples + n_edges) with Gaussian bag messages.

``v`` is an optional *fading* field: the starting beliefs include it, and
at sweep ``t`` it enters with weight ``d^t`` (``prior_decay``). With
``d < 1`` it steers which state loopy BP falls into (a strongly coupled
graph has several) and then fades: run to convergence, BP ends at a fixed
point of the model without ``v``. ``d = 1`` makes it a fixed unary term.
"""

import warnings

import numpy as np
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning

from .bag_messages import exact_bag_messages, gaussian_bag_messages


def _edge_messages(cavity, tanh_half_w):
    """Message log-ratio through ``exp(-w [y_i != y_j])`` given cavity log-odds.

    Equals ``log(e^a + e^-w) - log(e^(a-w) + 1)``, written in the Ising form
    ``2 atanh(tanh(w/2) tanh(a/2))`` (one tanh and one atanh per edge).
    """
    return 2.0 * np.arctanh(tanh_half_w * np.tanh(0.5 * cavity))


def llp_belief_propagation(
    n_samples,
    edges,
    edge_weights,
    bag_index,
    counts,
    *,
    lambda_sim=10.0,
    lambda_bag=10.0,
    unary=None,
    damping=0.5,
    max_iter=100,
    tol=1e-4,
    bag_method="gaussian",
    verbose=0,
    prior=None,
    prior_decay=1.0,
):
    """Marginals ``P(y_i = 1)`` of the LLP Gibbs distribution by loopy BP.

    Parameters
    ----------
    n_samples : int
        Number of label variables.
    edges : ndarray of shape (n_edges, 2), int
        Undirected edges, each listed once.
    edge_weights : ndarray of shape (n_edges,)
        Similarities ``s_ij >= 0``.
    bag_index : ndarray of shape (n_samples,), int
        Bag of each row, in ``0 .. n_bags - 1``.
    counts : ndarray of shape (n_bags,)
        Positive count ``c_B`` of each bag.
    lambda_sim, lambda_bag : float
        Weights of the similarity and bag terms.
    unary : ndarray of shape (n_samples,), default=None
        Extra log-odds per row (e.g. hard evidence for pure bags).
    prior : ndarray of shape (n_samples,), default=None
        Fading log-odds ``v``: the starting beliefs are ``unary + prior``,
        and sweep ``t`` adds ``prior_decay ** t * prior``.
    prior_decay : float in [0, 1], default=1.0
        ``1.0``: ``prior`` is a fixed unary term; ``0.0``: it only sets the
        starting beliefs.
    damping : float in [0, 1)
        New message = ``damping * old + (1 - damping) * update``.
    max_iter : int
        Maximum number of synchronous sweeps.
    tol : float
        Stop once no message moves by more than ``tol`` (log-ratio scale).
    bag_method : {"gaussian", "exact"}
        How the bag factor talks to its members, see
        :mod:`skpapers._solvers.bag_messages`.
    verbose : int
        Print the residual every 10 sweeps when positive.

    Returns
    -------
    marginals : ndarray of shape (n_samples,)
    n_iter : int
    converged : bool
    """
    n = int(n_samples)
    bag_index = np.asarray(bag_index, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.float64)
    n_bags = counts.shape[0]
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    n_edges = edges.shape[0]
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    dst = np.concatenate([edges[:, 1], edges[:, 0]])
    rev = np.concatenate([np.arange(n_edges, 2 * n_edges), np.arange(n_edges)])
    w = lambda_sim * np.concatenate([edge_weights, edge_weights]).astype(np.float64)
    tanh_half_w = np.tanh(0.5 * w)
    u = np.zeros(n) if unary is None else np.asarray(unary, dtype=np.float64)
    v = np.zeros(n) if prior is None else np.asarray(prior, dtype=np.float64)
    bag_fn = exact_bag_messages if bag_method == "exact" else gaussian_bag_messages

    msg = np.zeros(2 * n_edges)
    r = np.zeros(n)
    beliefs = u + v
    best_res, best_beliefs = np.inf, beliefs
    res = np.inf
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        new_msg = _edge_messages(beliefs[src] - msg[rev], tanh_half_w)
        new_r = bag_fn(beliefs - r, bag_index, counts, lambda_bag, n_bags)
        new_msg = damping * msg + (1.0 - damping) * new_msg
        new_r = damping * r + (1.0 - damping) * new_r
        res = max(
            np.max(np.abs(new_msg - msg), initial=0.0),
            np.max(np.abs(new_r - r), initial=0.0),
        )
        msg, r = new_msg, new_r
        beliefs = u + prior_decay**n_iter * v + np.bincount(dst, weights=msg, minlength=n) + r
        if verbose > 0 and n_iter % 10 == 0:
            print(f"[BP] sweep {n_iter}: max message change {res:.3e}")
        if res < best_res:
            best_res, best_beliefs = res, beliefs
        if res < tol:
            converged = True
            break
    if not converged:
        warnings.warn(
            f"Belief propagation did not settle in max_iter={max_iter} sweeps "
            f"(largest message change {res:.2e} > tol={tol:g}). The marginals "
            f"come from the sweep with the smallest change ({best_res:.2e}), so "
            "the pseudo-labels may be noisier than a settled run's. To settle "
            "it, raise max_iter or damping, or lower lambda_sim.",
            ConvergenceWarning,
        )
        beliefs = best_beliefs
    return expit(beliefs), n_iter, converged
