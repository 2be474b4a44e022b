"""DLLP: logistic model fitted to bag proportions (bag-level cross-entropy).

Objective, with ``p_B`` the bag's true proportion and
``pbar_B = mean_{i in B} sigmoid(x_i w + b)``::

    C * sum_B |B| * CE(p_B, pbar_B) + 0.5 * ||w||^2,
    CE(p, q) = -p log q - (1 - p) log(1 - q).

With bags of one row this is exactly L2 logistic regression (scikit-learn's
``LogisticRegression(C=C)``). Minimised by L-BFGS on the exact loss with its
analytic gradient; every log is taken in log space (log-sum-exp per bag).
"""

import warnings

import numpy as np
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning


def _segment_logsumexp(values, starts, sizes):
    """log(sum(exp(values))) over consecutive segments (rows sorted by bag)."""
    peak = np.maximum.reduceat(values, starts)
    peak = np.where(np.isfinite(peak), peak, 0.0)
    total = np.add.reduceat(np.exp(values - np.repeat(peak, sizes)), starts)
    return np.log(total) + peak


def dllp_loss_grad(params, X, p_bag, starts, sizes, C, fit_intercept):
    """Objective and gradient; ``X`` rows must be sorted by bag.

    Parameters
    ----------
    params : ndarray of shape (n_features + fit_intercept,)
    X : ndarray of shape (n_samples, n_features)
    p_bag : ndarray of shape (n_bags,)
        True proportion of each bag.
    starts, sizes : ndarray of shape (n_bags,)
        First row and number of rows of each bag.
    C : float
        Inverse regularisation strength (``np.inf`` for none).
    fit_intercept : bool

    Returns
    -------
    loss : float
    grad : ndarray like ``params``
    """
    w = params[: X.shape[1]]
    b = params[-1] if fit_intercept else 0.0
    z = X @ w + b
    log_s = -np.logaddexp(0.0, -z)  # log sigmoid(z)
    log_1ms = -np.logaddexp(0.0, z)  # log (1 - sigmoid(z))
    log_size = np.log(sizes)
    lse1 = _segment_logsumexp(log_s, starts, sizes)
    lse0 = _segment_logsumexp(log_1ms, starts, sizes)
    log_q1 = lse1 - log_size  # log pbar_B
    log_q0 = lse0 - log_size  # log (1 - pbar_B)
    ce = -(p_bag * log_q1 + (1.0 - p_bag) * log_q0)
    data_loss = np.sum(sizes * ce)
    # d CE_B / d z_i = -p_B s_i(1-s_i)/sum s + (1-p_B) s_i(1-s_i)/sum (1-s)
    log_ds = log_s + log_1ms
    d1 = np.exp(log_ds - np.repeat(lse1, sizes))
    d0 = np.exp(log_ds - np.repeat(lse0, sizes))
    p_row = np.repeat(p_bag, sizes)
    dz = np.repeat(sizes, sizes) * (-p_row * d1 + (1.0 - p_row) * d0)
    grad_w = X.T @ dz
    scale = 1.0 if np.isinf(C) else C
    loss = scale * data_loss
    grad = np.empty_like(params)
    grad[: X.shape[1]] = scale * grad_w
    if not np.isinf(C):
        loss += 0.5 * float(w @ w)
        grad[: X.shape[1]] += w
    if fit_intercept:
        grad[-1] = scale * dz.sum()
    return float(loss), grad


def fit_dllp(X, bag_index, proportions_bag, *, C=1.0, fit_intercept=True,
             max_iter=1000, tol=1e-6):
    """Fit the DLLP logistic model; returns ``(coef, intercept, n_iter)``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    bag_index : ndarray of shape (n_samples,)
        Bag of each row, ``0 .. n_bags - 1``.
    proportions_bag : ndarray of shape (n_bags,)
        True proportion of each bag.
    C : float, default=1.0
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-6
        L-BFGS projected-gradient tolerance.

    Returns
    -------
    coef : ndarray of shape (n_features,)
    intercept : float
    n_iter : int
    """
    order = np.argsort(bag_index, kind="stable")
    Xs = np.ascontiguousarray(X[order])
    sizes = np.bincount(bag_index).astype(np.float64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    x0 = np.zeros(X.shape[1] + int(fit_intercept))
    args = (Xs, np.asarray(proportions_bag, np.float64), starts,
            sizes.astype(np.int64), C, fit_intercept)
    res = minimize(
        dllp_loss_grad, x0, args=args, jac=True, method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": tol, "ftol": 64 * np.finfo(float).eps},
    )
    if not res.success and res.nit >= max_iter:
        warnings.warn(
            f"DLLP L-BFGS did not converge in {max_iter} iterations "
            f"({res.message}); returning the last iterate.",
            ConvergenceWarning,
        )
    params = res.x
    coef = params[: X.shape[1]].copy()
    intercept = float(params[-1]) if fit_intercept else 0.0
    return coef, intercept, int(res.nit)
