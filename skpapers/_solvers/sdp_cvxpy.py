"""Exact reference solvers (cvxpy + SCS) for the Peng-Wei SDP and LA-SDP.

They form ``n x n`` matrices and are meant for ``n`` up to a few hundred; the
tests check the Burer-Monteiro solvers of :mod:`skpapers._solvers.sdp_bm`
against them.
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._optional import import_optional


def _cvxpy():
    return import_optional("cvxpy", "reference", "solver='cvxpy'")


def _solve(problem, eps, max_iters):
    cp = _cvxpy()
    problem.solve(solver=cp.SCS, eps=eps, max_iters=max_iters)
    if problem.status not in ("optimal",):
        warnings.warn(
            f"SCS finished with status {problem.status!r}; the returned solution "
            "may be inaccurate.",
            ConvergenceWarning,
        )


def peng_wei_cvxpy(X, n_clusters, *, eps=1e-6, max_iters=100_000):
    """Peng-Wei K-means SDP solved exactly by SCS.

    Maximise ``<A, Z>``, ``A = X_c X_c^T``, over ``Z`` PSD, ``Z >= 0``,
    ``Z 1 = 1``, ``tr(Z) = n_clusters``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    n_clusters : int
    eps : float, default=1e-6
        SCS tolerance (``eps_abs`` and ``eps_rel``).
    max_iters : int, default=100000

    Returns
    -------
    Z : ndarray of shape (n_samples, n_samples)
    objective : float
        ``<A, Z>``.
    """
    cp = _cvxpy()
    Xc = X - X.mean(axis=0)
    A = Xc @ Xc.T
    n = A.shape[0]
    Z = cp.Variable((n, n), PSD=True)
    constraints = [Z >= 0, cp.sum(Z, axis=1) == 1, cp.trace(Z) == n_clusters]
    problem = cp.Problem(cp.Maximize(cp.sum(cp.multiply(A, Z))), constraints)
    _solve(problem, eps, max_iters)
    Zv = np.asarray(Z.value)
    Zv = 0.5 * (Zv + Zv.T)
    return Zv, float(np.sum(A * Zv))


def la_cost_matrices(X, covariances, weights):
    """Dense ``C_k[i, j] = 1/2 (x_i - x_j)^T Sigma_k^-1 (x_i - x_j) + c_k``."""
    mats = []
    for cov, w in zip(covariances, weights):
        P = np.linalg.inv(cov)
        Q = np.einsum("ip,pq,iq->i", X, P, X)
        D = Q[:, None] + Q[None, :] - 2.0 * X @ P @ X.T
        c = np.linalg.slogdet(cov)[1] - 2.0 * np.log(w)
        mats.append(0.5 * D + c)
    return mats


def la_sdp_cvxpy(X, covariances, weights, *, eps=1e-6, max_iters=100_000):
    """LA-SDP solved exactly by SCS.

    Minimise ``sum_k <C_k, Z_k>`` over ``Z_k`` PSD, ``Z_k >= 0``,
    ``tr(Z_k) = 1`` and ``(sum_k Z_k) 1 = 1``, with ``C_k`` from
    :func:`la_cost_matrices`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    covariances : ndarray of shape (K, n_features, n_features)
    weights : ndarray of shape (K,)
    eps : float, default=1e-6
    max_iters : int, default=100000

    Returns
    -------
    Z : ndarray of shape (K, n_samples, n_samples)
    objective : float
    """
    cp = _cvxpy()
    Xc = X - X.mean(axis=0)
    C = la_cost_matrices(Xc, covariances, weights)
    n = Xc.shape[0]
    Zs = [cp.Variable((n, n), PSD=True) for _ in C]
    constraints = [sum(cp.sum(Z, axis=1) for Z in Zs) == 1]
    for Z in Zs:
        constraints += [Z >= 0, cp.trace(Z) == 1]
    objective = sum(cp.sum(cp.multiply(Ck, Z)) for Ck, Z in zip(C, Zs))
    problem = cp.Problem(cp.Minimize(objective), constraints)
    _solve(problem, eps, max_iters)
    Z = np.stack([0.5 * (Z.value + Z.value.T) for Z in Zs])
    return Z, float(sum(np.sum(Ck * Zk) for Ck, Zk in zip(C, Z)))
