"""Warm-started regularisation paths of PRESTO (private)."""

import numpy as np

from skpapers._solvers.cumulative_logit import nll_derivatives
from skpapers._solvers.presto_prox import (
    gradient_differences,
    intercept_only_start,
    linear_predictor,
    solve,
)


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


def penalty_scale_at_zero(data, penalty_factor, fixed=None):
    """Smallest ``alpha`` at which all penalised differences are zero (KKT).

    The start is the model whose penalised rows are zero and whose free
    coordinates (intercepts, and ``psi_0`` when its factor is zero) are at
    their optimum. Rows with a zero penalty factor are fitted first.

    Parameters
    ----------
    data : OrdinalData
    penalty_factor : ndarray of shape (K - 1,)
        ``(c, 1, ..., 1)`` for PRESTO.
    fixed : ndarray of bool, default=None

    Returns
    -------
    alpha_max : float
    coef : ndarray of shape (K - 1, p + 1)
        The solution at ``alpha_max`` (a warm start for the path).
    """
    pf = np.asarray(penalty_factor, dtype=float)
    m = data.n_classes - 1
    fixed = np.zeros(m, bool) if fixed is None else np.asarray(fixed, bool)
    zero_rows = (pf > 0) | fixed
    if np.all(zero_rows):
        coef = intercept_only_start(data)
    else:
        coef = solve(data, np.zeros(m), fixed=zero_rows, tol=1e-10).coef
    eta = linear_predictor(data, coef)
    _, g_eta, *_ = nll_derivatives(eta, data.y, data.weight)
    gv = gradient_differences(data, g_eta)[:, 1:]
    ratios = [np.abs(gv[k]).max() / pf[k] for k in range(m) if pf[k] > 0 and not fixed[k]]
    alpha_max = max(ratios) if ratios and data.n_features else 0.0
    return float(alpha_max), coef
