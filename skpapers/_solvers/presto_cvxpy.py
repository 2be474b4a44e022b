"""Reference solver for penalised cumulative logit models with cvxpy (private).

The same objective as :mod:`presto_prox`, written in disciplined convex form.
For a row of a middle class with upper predictor ``a`` and lower ``b``,

    log(sigmoid(a) - sigmoid(b)) = a - logistic(a) - logistic(b) + log(1 - exp(-(a - b))),

with ``logistic(t) = log(1 + exp(t))``; the last term is concave in
``a - b`` and is bounded from below through an auxiliary ``t`` with
``exp(t) + exp(-(a - b)) <= 1`` (exponential cones). Rows of the first class
contribute ``-logistic(-a)``, rows of the last ``-logistic(b)``. Clarabel
solves it (SCS if Clarabel is missing or fails). Slow but exact: tests check
the fast solver against it.
"""

import numpy as np
import scipy.sparse as sp

from ..utils._optional import import_optional


def solve_cvxpy(X, y, n_classes, weight, l1, l2=None, fixed=None):
    """Solve the penalised problem of :func:`presto_prox.solve` with cvxpy.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,), class codes ``0 .. n_classes - 1``
    n_classes : int
    weight : ndarray of shape (n_samples,), non-negative
    l1, l2 : ndarray of shape (n_classes - 1,)
        L1 and ridge weights of each difference row ``psi_k``.
    fixed : ndarray of bool of shape (n_classes - 1,), default=None
        Rows ``psi_k`` held at zero.

    Returns
    -------
    coef : ndarray of shape (n_classes - 1, n_features + 1)
        Intercept then ``beta_k`` for each cumulative logit.
    objective : float
        The optimal value reported by the conic solver.
    """
    cp = import_optional("cvxpy", "reference", "solver='cvxpy'")

    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=float)
    y = np.asarray(y)
    weight = np.asarray(weight, dtype=float)
    keep = weight > 0
    X, y, weight = X[keep], y[keep], weight[keep] / weight[keep].sum()
    m = n_classes - 1
    p = X.shape[1]
    l1 = np.asarray(l1, dtype=float)
    l2 = np.zeros(m) if l2 is None else np.asarray(l2, dtype=float)
    fixed = np.zeros(m, bool) if fixed is None else np.asarray(fixed, bool)

    theta = cp.Variable(m)
    psi = cp.Variable((m, p)) if p else None
    constraints = []
    if p:
        for k in np.flatnonzero(fixed):
            constraints.append(psi[k] == 0)
        beta = cp.vstack([cp.sum(psi[: k + 1], axis=0) for k in range(m)])
    terms = []
    for c in range(n_classes):
        rows = np.flatnonzero(y == c)
        if rows.size == 0:
            continue
        w = weight[rows]

        def eta(k, rows=rows):
            base = theta[k] * np.ones(rows.size)
            return base + X[rows] @ beta[k] if p else base

        if c == 0:
            terms.append(w @ cp.logistic(-eta(0)))
        elif c == m:
            terms.append(w @ cp.logistic(eta(m - 1)))
        else:
            a, b = eta(c), eta(c - 1)
            t = cp.Variable(rows.size)
            constraints.append(cp.exp(t) + cp.exp(b - a) <= 1)
            terms.append(w @ (-a + cp.logistic(a) + cp.logistic(b) - t))
    obj = cp.sum(cp.hstack(terms))
    if p:
        for k in range(m):
            if not fixed[k]:
                obj = obj + l1[k] * cp.norm1(psi[k])
                if l2[k]:
                    obj = obj + 0.5 * l2[k] * cp.sum_squares(psi[k])
    problem = cp.Problem(cp.Minimize(obj), constraints)
    try:
        problem.solve(solver=cp.CLARABEL)
    except (cp.error.SolverError, ImportError):  # pragma: no cover
        problem.solve(solver=cp.SCS, eps=1e-9, max_iters=100000)
    if problem.status not in ("optimal", "optimal_inaccurate"):
        raise RuntimeError(f"cvxpy reference solver failed: {problem.status}")
    coef = np.zeros((m, p + 1))
    coef[:, 0] = theta.value
    if p:
        coef[:, 1:] = np.cumsum(psi.value, axis=0)
    return coef, float(problem.value)
