"""Warm-started regularisation paths of PRESTO (private)."""

import numpy as np

from skpapers._solvers.presto_prox import penalty_scale_at_zero, solve


def alpha_grid(data, penalty_factor, n_alphas=20, min_ratio=0.01):
    """Log-spaced ``alpha`` values from ``alpha_max`` down to ``min_ratio * alpha_max``.

    ``alpha_max`` is the smallest penalty at which every penalised difference
    is zero (from the KKT conditions at the proportional odds fit when the
    first penalty factor is zero, at the intercept-only fit otherwise).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,), decreasing
    start : ndarray of shape (K - 1, p + 1)
        The solution at ``alphas[0]`` (a warm start for the path).
    """
    alpha_max, start = penalty_scale_at_zero(data, penalty_factor)
    alpha_max = max(alpha_max, np.finfo(float).tiny ** 0.5)
    if n_alphas == 1:
        return np.array([alpha_max]), start
    return np.geomspace(alpha_max, alpha_max * min_ratio, n_alphas), start


def fit_path(data, alphas, penalty_factor, init=None, max_iter=100, tol=1e-6):
    """Solve PRESTO at each ``alpha`` in turn, each fit starting from the last.

    Parameters
    ----------
    data : OrdinalData
    alphas : ndarray of shape (n_alphas,)
        Best given in decreasing order (warm starts then move little).
    penalty_factor : ndarray of shape (K - 1,)
        ``(c, 1, ..., 1)``.
    init : ndarray of shape (K - 1, p + 1), default=None
        Start of the first fit.
    max_iter, tol : int, float
        Passed to :func:`presto_prox.solve`.

    Returns
    -------
    coefs : ndarray of shape (n_alphas, K - 1, p + 1)
        ``(theta, beta)`` rows of each solution.
    n_iter : ndarray of shape (n_alphas,)
    converged : ndarray of bool of shape (n_alphas,)
    """
    pf = np.asarray(penalty_factor, dtype=float)
    coefs, n_iter, converged = [], [], []
    current = init
    for alpha in alphas:
        result = solve(data, alpha * pf, init=current, max_iter=max_iter, tol=tol)
        current = result.coef
        coefs.append(result.coef)
        n_iter.append(result.n_iter)
        converged.append(result.converged)
    return np.array(coefs), np.array(n_iter), np.array(converged)
