"""Linear LLP models: a logistic model fitted to an LLP loss by L-BFGS.

Objective, with ``z = X w + b`` and ``L(z)`` one of the losses of
:mod:`skpapers._solvers.llp_losses` (a mean over rows)::

    C * n_samples * L(z) + 0.5 * ||w||^2

(``C = inf``: no penalty; the intercept is never penalised). With DLLP's
bag cross-entropy this is Ardehaly & Culotta's DLLP, ``C * sum_B |B|
CE(p_B, mean_{i in B} sigmoid(z_i))``, and with bags of one row it is
scikit-learn's ``LogisticRegression(C=C)``; with EasyLLP's debiased targets
it is EasyLLP's linear model (Busa-Fekete et al. 2023).
"""

import warnings

import numpy as np
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning

from .llp_losses import bag_cross_entropy, easyllp_targets, instance_cross_entropy

__all__ = ["fit_dllp", "fit_easyllp", "fit_linear_llp", "linear_llp_objective"]


def linear_llp_objective(params, X, loss, C, fit_intercept):
    """Objective and gradient of the penalised linear model.

    Parameters
    ----------
    params : ndarray of shape (n_features + fit_intercept,)
    X : ndarray of shape (n_samples, n_features)
    loss : callable
        ``loss(z) -> (mean value, d mean / dz)``.
    C : float
    fit_intercept : bool

    Returns
    -------
    value : float
    grad : ndarray like ``params``
    """
    p = X.shape[1]
    w = params[:p]
    b = params[p] if fit_intercept else 0.0
    value, dz = loss(X @ w + b)
    scale = X.shape[0] * (1.0 if np.isinf(C) else C)
    grad = np.empty_like(params)
    grad[:p] = scale * (X.T @ dz)
    value = scale * value
    if not np.isinf(C):
        value += 0.5 * float(w @ w)
        grad[:p] += w
    if fit_intercept:
        grad[p] = scale * dz.sum()
    return float(value), grad


def fit_linear_llp(X, loss, *, C=1.0, fit_intercept=True, max_iter=1000, tol=1e-6,
                   name="the linear LLP model"):
    """Minimise :func:`linear_llp_objective` by L-BFGS from zero.

    Returns
    -------
    coef : ndarray of shape (n_features,)
    intercept : float
    n_iter : int
    """
    x0 = np.zeros(X.shape[1] + int(fit_intercept))
    res = minimize(
        linear_llp_objective, x0, args=(X, loss, C, fit_intercept), jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": tol, "ftol": 64 * np.finfo(float).eps},
    )
    if not res.success and res.nit >= max_iter:
        warnings.warn(
            f"L-BFGS fitting {name} did not converge in max_iter={max_iter} "
            f"iterations ({res.message}); the last iterate is kept. Raise "
            "max_iter, or standardise X.",
            ConvergenceWarning,
        )
    coef = res.x[: X.shape[1]].copy()
    intercept = float(res.x[-1]) if fit_intercept else 0.0
    return coef, intercept, int(res.nit)


def fit_dllp(X, bag_index, proportions_bag, **kwargs):
    """DLLP's logistic model; ``proportions_bag`` indexed by bag id.

    Keyword arguments go to :func:`fit_linear_llp`.
    """
    bag_index = np.asarray(bag_index)
    p_bag = np.asarray(proportions_bag, dtype=np.float64)
    return fit_linear_llp(
        X, lambda z: bag_cross_entropy(z, bag_index, p_bag), name="DLLP", **kwargs
    )


def fit_easyllp(X, proportions, sizes, prior, **kwargs):
    """EasyLLP's logistic model from per-row bag proportions and bag sizes.

    Keyword arguments go to :func:`fit_linear_llp`.
    """
    target = easyllp_targets(proportions, sizes, prior)
    return fit_linear_llp(
        X, lambda z: instance_cross_entropy(z, target), name="EasyLLP", **kwargs
    )
