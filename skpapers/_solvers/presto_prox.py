"""Proximal Newton solver for penalised cumulative logit models (private).

Problem, in the difference parameterisation ``psi_0 = beta_0``,
``psi_k = beta_k - beta_{k-1}`` (so ``beta_k = psi_0 + ... + psi_k``)::

    minimise  sum_i w_i nll_i(theta, beta)
              + sum_k l1_k ||psi_k||_1 + sum_k l2_k / 2 ||psi_k||^2

with the weights ``w`` summing to one and the intercepts ``theta`` free. The
PRESTO penalty is ``l1 = alpha * (c, 1, ..., 1)``; the proportional odds model
fixes ``psi_k = 0`` for ``k >= 1``.

Each outer iteration builds the exact second-order model of the likelihood:
the per-row Hessian in the linear predictors is a 2 x 2 block (see
:mod:`cumulative_logit`), so the Hessian in the parameters is block
tridiagonal and costs about three weighted Gram matrices of the data (rows
are sorted by class once, so each Gram reads a contiguous slice). The
weighted lasso on that quadratic is solved by coordinate descent with an
active set on the small ``(K - 1)(p + 1)`` dense matrix, then a backtracking
line search halves the step until the objective decreases enough *and*
every training row keeps a positive probability of its observed class
(steps leaving the likelihood's domain are rejected).
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from skpapers._solvers.cumulative_logit import (
    add_intercept_column,
    nll_derivatives,
    row_nll,
    weighted_gram,
)
from skpapers._solvers.ordinal_links import get_link
from skpapers._solvers.quadratic_lasso import quadratic_lasso


# sparse training data with at most this many entries (8 MB) is densified
_DENSIFY_MAX_ENTRIES = 2**20


@dataclass
class OrdinalData:
    """Training data prepared once for repeated fits (rows sorted by class)."""

    X1: object  # (n, p + 1) with a leading column of ones, dense or CSR
    y: np.ndarray  # (n,) class codes, sorted
    weight: np.ndarray  # (n,) positive, summing to one
    starts: np.ndarray  # (K + 1,) row offsets of each class
    n_classes: int

    @property
    def n_features(self):
        return self.X1.shape[1] - 1


@dataclass
class SolverResult:
    """Solution in the ``(theta, beta)`` parameterisation."""

    coef: np.ndarray  # (K - 1, p + 1): intercept then beta_k, per row
    objective: float
    n_iter: int
    converged: bool
    kkt: float


def prepare_data(X, y, n_classes, weight):
    """Sort rows by class, drop zero-weight rows, add the intercept column.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,), class codes ``0 .. n_classes - 1``
    n_classes : int
    weight : ndarray of shape (n_samples,), non-negative

    Returns
    -------
    data : OrdinalData
    """
    weight = np.asarray(weight, dtype=float)
    keep = weight > 0
    order = np.argsort(y[keep], kind="stable")
    idx = np.flatnonzero(keep)[order]
    Xk = X[idx]
    if sp.issparse(Xk) and Xk.shape[0] * (Xk.shape[1] + 1) <= _DENSIFY_MAX_ENTRIES:
        Xk = Xk.toarray()  # small: dense BLAS beats sparse bookkeeping
    yk = np.asarray(y)[idx].astype(np.intp)
    wk = weight[idx] / weight[idx].sum()
    starts = np.searchsorted(yk, np.arange(n_classes + 1))
    return OrdinalData(add_intercept_column(Xk), yk, wk, starts, n_classes)


def linear_predictor(data, coef):
    """``eta = X1 @ coef.T``, shape ``(n, K - 1)``."""
    out = data.X1 @ coef.T
    return np.asarray(out)


def to_differences(coef):
    """``(theta, beta)`` rows to ``(theta, psi)`` rows."""
    out = coef.copy()
    out[1:, 1:] = np.diff(coef[:, 1:], axis=0)
    return out


def from_differences(v):
    """``(theta, psi)`` rows to ``(theta, beta)`` rows."""
    out = v.copy()
    out[:, 1:] = np.cumsum(v[:, 1:], axis=0)
    return out


def intercept_only_start(data, link="logit"):
    """Intercepts at the weighted cumulative class proportions, slopes zero."""
    m = data.n_classes - 1
    class_w = np.array(
        [data.weight[data.starts[c] : data.starts[c + 1]].sum() for c in range(m + 1)]
    )
    cum = np.clip(np.cumsum(class_w)[:m], 1e-12, 1 - 1e-12)
    coef = np.zeros((m, data.n_features + 1))
    coef[:, 0] = get_link(link).ppf(cum)
    return coef


def gradient_differences(data, grad_eta):
    """Gradient in ``(theta, psi)`` from the gradient in ``eta``."""
    gu = np.asarray(data.X1.T @ grad_eta).T  # (m, p + 1)
    gv = gu.copy()
    gv[:, 1:] = np.cumsum(gu[::-1, 1:], axis=0)[::-1]
    return gv


def hessian_differences(data, hu_, hl_, hc_):
    """Exact Hessian in ``(theta, psi)``, flattened row-major, ``(d, d)``."""
    m = data.n_classes - 1
    q = data.n_features + 1
    s = data.starts
    H = np.zeros((m, q, m, q))
    for k in range(m):
        lo, mid, hi = s[k], s[k + 1], s[k + 2]
        w = np.concatenate([hu_[lo:mid], hl_[mid:hi]])
        H[k, :, k, :] = weighted_gram(data.X1[lo:hi], w)
        if k >= 1:  # rows of class k couple eta_k and eta_{k-1}
            block = weighted_gram(data.X1[lo:mid], hc_[lo:mid])
            H[k, :, k - 1, :] = block
            H[k - 1, :, k, :] = block.T
    # beta_k = psi_0 + ... + psi_k: reverse cumulative sums over the slope parts
    H[:, 1:] = np.cumsum(H[::-1, 1:], axis=0)[::-1]
    H[:, :, :, 1:] = np.cumsum(H[:, :, ::-1, 1:], axis=2)[:, :, ::-1]
    return H.reshape(m * q, m * q)


def _penalty(v, l1, l2):
    psi = v[:, 1:]
    return float(l1 @ np.abs(psi).sum(axis=1) + 0.5 * l2 @ (psi**2).sum(axis=1))


def objective(data, coef, l1, l2, link="logit"):
    """Penalised objective at ``coef`` (``(theta, beta)`` rows); inf if invalid."""
    eta = linear_predictor(data, coef)
    nll = row_nll(eta, data.y, link)
    value = float(data.weight @ nll) if np.all(np.isfinite(nll)) else np.inf
    return value + _penalty(to_differences(coef), l1, l2)


def kkt_violation(gv, v, l1v, free):
    """Largest violation of the optimality conditions (min-norm subgradient)."""
    g = gv.ravel()[free]
    x = v.ravel()[free]
    lam = l1v[free]
    at_zero = x == 0
    viol = np.where(
        at_zero,
        np.maximum(np.abs(g) - lam, 0.0),
        np.abs(g + lam * np.sign(x)),
    )
    return float(viol.max()) if viol.size else 0.0


def free_coordinates(n_rows, n_cols, fixed=None):
    """Boolean ``(K - 1, p + 1)`` mask of the coordinates the solver moves.

    ``fixed`` holds difference coordinates ``psi`` at zero: a bool array of
    shape ``(K - 1,)`` (whole rows: ``psi_k = 0``, the proportional odds
    constraint) or ``(K - 1, p)`` (single coordinates, e.g. partial
    proportional odds). Intercepts are always free.
    """
    free = np.ones((n_rows, n_cols), bool)
    if fixed is not None:
        fixed = np.asarray(fixed, bool)
        free[:, 1:] &= ~(fixed[:, None] if fixed.ndim == 1 else fixed)
    return free


def solve(data, l1, l2=None, fixed=None, init=None, max_iter=100, tol=1e-6,
          verbose=0, link="logit"):
    """Fit a penalised cumulative logit model by proximal Newton.

    Parameters
    ----------
    data : OrdinalData
        From :func:`prepare_data`.
    l1 : ndarray of shape (K - 1,)
        L1 weight of each difference row ``psi_k`` (``alpha * penalty factor``).
    l2 : ndarray of shape (K - 1,), default=None
        Ridge weight of each ``psi_k`` (``l2_k / 2 ||psi_k||^2``).
    fixed : ndarray of bool of shape (K - 1,) or (K - 1, p), default=None
        Rows ``psi_k`` (or single coordinates) held at zero; see
        :func:`free_coordinates`.
    init : ndarray of shape (K - 1, p + 1), default=None
        Warm start in ``(theta, beta)`` rows; ignored if the training
        likelihood is not finite there.
    max_iter : int
        Maximum number of Newton steps.
    tol : float
        Stop when the largest KKT violation is below ``tol``.
    verbose : int
        Print one line per iteration if positive.
    link : {"logit", "probit", "cloglog"} or Link, default="logit"
        The cdf ``F`` of ``P(y <= k | x) = F(eta_k)``.

    Returns
    -------
    result : SolverResult
        ``converged`` is False when ``max_iter`` was reached or the line search
        could not decrease the objective any more; ``coef`` is then the best
        iterate found.
    """
    m = data.n_classes - 1
    q = data.n_features + 1
    l1 = np.asarray(l1, dtype=float)
    l2 = np.zeros(m) if l2 is None else np.asarray(l2, dtype=float)
    link = get_link(link)
    l1v = np.zeros((m, q))
    l1v[:, 1:] = l1[:, None]
    l1v = l1v.ravel()
    l2v = np.zeros((m, q))
    l2v[:, 1:] = l2[:, None]
    l2v = l2v.ravel()
    free_mask = free_coordinates(m, q, fixed)
    free = free_mask.ravel()
    coords = np.flatnonzero(free).tolist()

    coef = None
    if init is not None:
        init = np.array(init, dtype=float, copy=True)
        init_v = to_differences(init)
        init_v[~free_mask] = 0.0
        init = from_differences(init_v)
        if np.isfinite(objective(data, init, l1, l2, link)):
            coef = init
    if coef is None:
        coef = intercept_only_start(data, link)
    v = to_differences(coef)
    fval = None
    converged = False
    kkt = np.inf
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        eta = linear_predictor(data, coef)
        loss, g_eta, hu_, hl_, hc_ = nll_derivatives(eta, data.y, data.weight, link)
        fval = loss + _penalty(v, l1, l2)
        gv = gradient_differences(data, g_eta) + l2v.reshape(m, q) * v
        kkt = kkt_violation(gv, v, l1v, free)
        if verbose:
            print(f"  prox-newton iter {n_iter:3d}  objective {fval:.12g}  kkt {kkt:.3e}")
        if kkt <= tol:
            converged = True
            break
        H = hessian_differences(data, hu_, hl_, hc_)
        H[np.diag_indices_from(H)] += l2v + 1e-12 * max(np.abs(np.diag(H)).max(), 1.0)
        z = quadratic_lasso(
            H, gv.ravel(), v.ravel(), l1v, coords, tol=min(1e-2 * kkt, 1e-3) * 1e-2
        )
        step = z - v.ravel()
        pen_now = float(l1v @ np.abs(v.ravel()))
        pen_new = float(l1v @ np.abs(z))
        decrease = float(gv.ravel() @ step) + pen_new - pen_now
        if not decrease < 0:
            break  # no descent direction left: precision limit
        t = 1.0
        accepted = False
        for _ in range(60):
            v_try = v + t * step.reshape(m, q)
            coef_try = from_differences(v_try)
            f_try = objective(data, coef_try, l1, l2, link)
            if f_try <= fval + 1e-4 * t * decrease:
                accepted = True
                break
            t *= 0.5
        if not accepted:
            break
        v, coef = v_try, coef_try
        if fval - f_try <= 1e-16 * max(abs(fval), 1.0) and t < 1e-6:
            break
    else:
        n_iter = max_iter
    if not converged:
        # stopped by max_iter or by the precision limit of the line search
        converged = kkt <= max(tol, 1e-8) and n_iter < max_iter
    final = objective(data, coef, l1, l2, link)
    return SolverResult(coef, final, n_iter, converged, kkt)
