"""Covariance of unpenalised cumulative link fits, and separation (private).

The covariance of the maximum likelihood estimate is the inverse of the
observed information (the exact Hessian of the total negative log-likelihood
at the estimate), or the sandwich ``H^-1 B H^-1`` with ``B`` the sum of the
outer products of the per-row scores (White's robust form, statsmodels'
``cov_type="HC0"``). Sample weights count as frequency weights: a row of
weight 3 is three rows.

Whether the estimate exists at all is a linear feasibility question (Albert &
Anderson, 1984, for the binary logit; the same argument for the ordinal
model): the likelihood increases without bound along a direction ``(d_theta,
d_beta)`` that moves, for every row of class ``c``, its upper predictor up
and its lower predictor down. :func:`separating_direction` looks for one with
a linear program.
"""

import numpy as np
from scipy.optimize import linprog

from skpapers._solvers.cumulative_logit import nll_derivatives
from skpapers._solvers.presto_prox import (
    free_coordinates,
    hessian_differences,
    linear_predictor,
)


def scores_differences(data, grad_eta):
    """Per-row scores in ``(theta, psi)``, shape ``(n, K - 1, p + 1)``.

    ``grad_eta`` is the per-row (unweighted) gradient in ``eta``.
    """
    X1 = data.X1.toarray() if hasattr(data.X1, "toarray") else data.X1
    S = grad_eta[:, :, None] * X1[:, None, :]
    S[:, :, 1:] = np.cumsum(S[:, ::-1, 1:], axis=1)[:, ::-1]  # beta_k = psi_0 + .. + psi_k
    return S


def covariance(data, coef, fixed=None, link="logit", total_weight=1.0, robust=False):
    """Covariance of the free ``(theta, psi)`` coordinates at the estimate.

    Parameters
    ----------
    data : OrdinalData
        The training data the solver saw (weights summing to one).
    coef : ndarray of shape (K - 1, p + 1)
        The unpenalised estimate, ``(theta, beta)`` rows.
    fixed : ndarray of bool, default=None
        Coordinates held at zero (as in :func:`presto_prox.solve`).
    link : str or Link
    total_weight : float
        Sum of the raw sample weights (the number of rows without weights);
        the information of the total log-likelihood is this times the
        information of the mean one.
    robust : bool
        Sandwich instead of the inverse observed information.

    Returns
    -------
    cov : ndarray of shape (n_free, n_free)
        In the row-major order of the free coordinates.
    free : ndarray of bool of shape (K - 1, p + 1)

    Raises
    ------
    numpy.linalg.LinAlgError
        When the information matrix is singular (a parameter that is not
        identified, e.g. a constant or collinear feature).
    """
    m, q = coef.shape
    free = free_coordinates(m, q, fixed)
    eta = linear_predictor(data, coef)
    _, grad, hu, hl, hc = nll_derivatives(eta, data.y, data.weight, link)
    H = hessian_differences(data, hu, hl, hc)
    idx = np.flatnonzero(free.ravel())
    H = total_weight * H[np.ix_(idx, idx)]
    H = 0.5 * (H + H.T)
    evals, evecs = np.linalg.eigh(H)
    if not evals[0] > 1e-10 * max(evals[-1], np.finfo(float).tiny):
        raise np.linalg.LinAlgError(
            "singular information matrix", np.abs(evecs[:, 0]), idx
        )
    inv = (evecs / evals) @ evecs.T
    if not robust:
        return inv, free
    # per-row scores (unweighted), then sum_i w_i s_i s_i' with raw weights
    raw_w = total_weight * data.weight
    per_row = grad / np.where(data.weight > 0, data.weight, 1.0)[:, None]
    S = scores_differences(data, per_row).reshape(len(raw_w), m * q)[:, idx]
    B = (S * raw_w[:, None]).T @ S
    return inv @ B @ inv, free


def likelihood_multipliers(data, coef, link="logit"):
    """Per-constraint weights ``f(a) / P`` and ``f(b) / P`` at ``coef``, in the
    order of the constraints of :func:`separating_direction` (upper
    predictors of the rows below the top class, then lower predictors of the
    rows above the bottom class) for the class-sorted rows of ``data``."""
    eta = linear_predictor(data, coef)
    _, grad, *_ = nll_derivatives(eta, data.y, np.ones(len(data.y)), link)
    y, m = data.y, data.n_classes - 1
    up = np.flatnonzero(y < m)
    down = np.flatnonzero(y > 0)
    return np.r_[-grad[up, y[up]], grad[down, y[down] - 1]]


def separating_direction(X, codes, n_classes, tol=1e-7, multipliers=None):
    """A direction along which the proportional odds likelihood increases
    without bound, or None if the maximum likelihood estimate exists.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Dense features (rows of positive weight only).
    codes : ndarray of shape (n_samples,), class codes ``0 .. n_classes - 1``
        Every class present. With ``n_classes = 2`` this is the binary logit.
    n_classes : int
    tol : float
        Separation when the summed slack exceeds ``tol`` per constraint.
    multipliers : ndarray, default=None
        Positive weights of the constraints whose combination ``A' lambda``
        is (nearly) zero, e.g. :func:`likelihood_multipliers` at a fitted
        estimate (the score equations are exactly such a combination). They
        certify that no direction exists, without the linear program, when
        ``sqrt(n_variables) ||A' lambda|| / min(lambda)`` is below the
        threshold: for any ``d`` in the box with slacks ``s = -A d >= 0``,
        ``min(lambda) sum(s) <= lambda' s = -(A' lambda) . d`` (Gordan's
        alternative with a residual).

    Returns
    -------
    direction : ndarray of shape (n_features,) or None
        The slope part of a recession direction in the units of standardised
        features (its largest entries name the separating features), or None.

    Notes
    -----
    Variables ``(d_beta, d_theta)`` in a box ``[-1, 1]``; for each row of class
    ``c`` the constraints ``d_theta_c - x . d_beta >= 0`` (upper predictor up,
    if ``c < K - 1``) and ``d_theta_{c-1} - x . d_beta <= 0`` (lower one down,
    if ``c > 0``), in the latent-score orientation ``eta_k = theta_k - x . b``.
    The linear program maximises the summed slack; a positive optimum means
    (quasi-)complete separation. With every class present a zero ``d_beta``
    has zero slack, so the optimum is positive only through the features.
    """
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    if p == 0 or n == 0:
        return None
    m = n_classes - 1
    centred = X - X.mean(axis=0)
    scale = np.abs(centred).max(axis=0)
    varying = scale > 1e-12 * np.maximum(np.abs(X).max(axis=0), 1.0)
    Z = np.zeros_like(centred)
    Z[:, varying] = centred[:, varying] / scale[varying]
    rows_up = np.flatnonzero(codes < m)  # -(d_theta_c - z.d_beta) <= 0
    rows_down = np.flatnonzero(codes > 0)  # d_theta_{c-1} - z.d_beta <= 0
    n_rows = rows_up.size + rows_down.size
    if multipliers is not None and np.all(multipliers > 0):
        # A' lambda without forming A: slope part, then one entry per threshold
        lam_up, lam_down = multipliers[:rows_up.size], multipliers[rows_up.size:]
        r_beta = Z[rows_up].T @ lam_up - Z[rows_down].T @ lam_down
        r_theta = (np.bincount(codes[rows_down] - 1, lam_down, minlength=m)
                   - np.bincount(codes[rows_up], lam_up, minlength=m))
        residual = np.sqrt(r_beta @ r_beta + r_theta @ r_theta)
        if np.sqrt(p + m) * residual < tol * n_rows * multipliers.min():
            return None  # certified: no direction of unbounded increase
    A_up = np.zeros((rows_up.size, p + m))
    A_up[:, :p] = Z[rows_up]
    A_up[np.arange(rows_up.size), p + codes[rows_up]] = -1.0
    A_down = np.zeros((rows_down.size, p + m))
    A_down[:, :p] = -Z[rows_down]
    A_down[np.arange(rows_down.size), p + codes[rows_down] - 1] = 1.0
    A = np.vstack([A_up, A_down])
    # maximise the summed slack = minimise the sum of the constraint rows
    result = linprog(A.sum(axis=0), A_ub=A, b_ub=np.zeros(A.shape[0]),
                     bounds=[(-1.0, 1.0)] * (p + m), method="highs")
    if result.status != 0 or -result.fun <= tol * A.shape[0]:
        return None
    direction = result.x[:p].copy()
    direction[~varying] = 0.0
    return direction
