"""Burer-Monteiro solvers for the K-means SDP (Peng-Wei) and LA-SDP.

Every membership matrix is factored as ``Z_b = U_b U_b^T`` with ``U_b >= 0``
(``n x r``), so ``Z_b`` is positive semidefinite and entrywise non-negative by
construction, and no ``n x n`` matrix is ever formed. The traces
``tr(Z_b) = ||U_b||_F^2 = t_b`` are kept exactly: the feasible set of the
factors is ``{U_b >= 0, ||U_b||_F^2 = t_b}``, whose projection clips and
rescales each block. The row sums ``sum_b Z_b 1 = 1`` (``n`` equations) enter
an augmented Lagrangian (method of multipliers). Each sub-problem is solved
inexactly by a spectral projected gradient method (Barzilai-Borwein steps,
non-monotone arc search along the projection), whose iterations cost
``O(n p r)``; the inner tolerance tightens and the penalty ``beta`` grows while
the violation does not shrink fast enough.

Keeping the traces by projection rather than in the Lagrangian was measured
to matter: with a trace multiplier, a block could fall to ``U_b = 0``, where
its gradient vanishes, and never come back (a collapsed cluster, and 30-60 s
of a growing penalty), and the Peng-Wei solve on 2000 overlapping points took
33 s against 1.9 s now. The objective is passed in as a callback returning its value and
gradient, so the same engine serves Peng-Wei (one block) and LA-SDP (one
block per cluster).
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from skpapers._solvers._threads import single_threaded


def _spg(fun, U, tol, max_iter, project, memory=10):
    """Spectral projected gradient with an arc search along ``project``.

    Each trial point is ``project(U - t * step * G)``, so every iterate stays
    on the feasible set even when it is not convex. Returns ``(U, n_iter)``.
    """
    f, G = fun(U)
    history = [f]
    step = 1.0 / max(np.abs(project(U - G) - U).max(), 1e-12)
    for it in range(max_iter):
        if np.abs(project(U - G) - U).max() <= tol:
            return U, it
        f_ref = max(history[-memory:])
        t = 1.0
        while True:
            U_new = project(U - (t * step) * G)
            f_new, G_new = fun(U_new)
            if f_new <= f_ref + 1e-4 * np.vdot(G, U_new - U) or t < 1e-10:
                break
            t *= 0.5
        S, Y = U_new - U, G_new - G
        sy = np.vdot(S, Y)
        # Negative curvature along the step: grow the step tenfold. (The
        # textbook choice, the largest step 1e10, jumped onto a factor with
        # all its mass in one row - a stationary point of the projected
        # gradient, violation K - 1 - seen on 10 separated blobs, n = 2000.)
        step = min(1e10, 10.0 * step) if sy <= 0 else min(1e10, max(1e-10, np.vdot(S, S) / sy))
        U, f, G = U_new, f_new, G_new
        history.append(f)
    return U, max_iter


def _sphere_projection(traces):
    """Projection onto ``{U >= 0, ||U_b||_F^2 = t_b}``: clip, then rescale each block.

    A block whose clipped part vanishes is reset to the uniform positive
    block of the right norm, so no block can be trapped at ``U_b = 0``.
    """
    radii = np.sqrt(np.asarray(traces, dtype=np.float64))[:, None, None]

    def project(V):
        V = np.maximum(V, 0.0)
        norms = np.sqrt(np.einsum("bnr,bnr->b", V, V))[:, None, None]
        empty = norms[:, 0, 0] <= 1e-300
        if np.any(empty):
            V[empty] = 1.0
            norms[empty] = np.sqrt(V.shape[1] * V.shape[2])
        return V * (radii / norms)

    return project


def augmented_lagrangian_bm(
    objective,
    U0,
    traces,
    *,
    tol=1e-6,
    gtol=1e-5,
    penalty=3.0,
    max_outer=60,
    max_inner=1000,
    verbose=0,
):
    """Minimise ``objective(U)`` over ``U >= 0`` with the membership constraints.

    Parameters
    ----------
    objective : callable
        ``objective(U) -> (value, gradient)`` for ``U`` of shape ``(B, n, r)``.
    U0 : ndarray of shape (B, n, r)
        Starting point; it is projected onto the feasible set first.
    traces : array-like of shape (B,)
        Targets ``t_b`` of ``||U_b||_F^2``, kept exactly by the projection.
    tol : float
        Largest absolute violation of a row-sum constraint at the end.
    gtol : float
        Final tolerance of the projected gradient of the Lagrangian.
    penalty : float
        Initial penalty parameter ``beta``.
    max_outer, max_inner : int
        Multiplier updates, and projected-gradient steps per update.
    verbose : int
        Print one line per multiplier update when positive.

    Returns
    -------
    U : ndarray of shape (B, n, r)
        Best iterate (the last one).
    info : dict
        ``n_iter`` (multiplier updates), ``n_inner`` (gradient steps),
        ``violation``, ``converged`` and ``multipliers`` (the final row-sum
        multipliers and penalty, ``(lambda, beta)``).
    """
    U = np.array(U0, dtype=np.float64, copy=True)
    errstate = np.errstate(over="ignore", invalid="ignore")
    errstate.__enter__()
    lam = np.zeros(U.shape[1])
    beta = float(penalty)

    def residuals(V):
        s = V.sum(axis=1)  # (B, r): U_b^T 1
        return s, np.matmul(V, s[:, :, None]).sum(axis=0)[:, 0] - 1.0

    def lagrangian(V):
        f, G = objective(V)
        s, res = residuals(V)
        w = lam + beta * res
        value = f + w @ res - 0.5 * beta * res @ res
        G = G + w[None, :, None] * s[:, None, :]
        G += (w @ V)[:, None, :]
        return value, G

    project = _sphere_projection(traces)
    U = project(U)
    eps = max(1e-2, gtol)
    previous = np.inf
    n_inner = 0
    violation = np.inf
    converged = False
    for outer in range(1, max_outer + 1):
        # Thousands of small BLAS calls: threading only adds synchronisation
        # (measured 28x slower with 2 busy cores), so use one BLAS thread.
        with single_threaded("blas"):
            U, it = _spg(lagrangian, U, eps, max_inner, project)
        n_inner += it
        _, res = residuals(U)
        violation = np.abs(res).max()
        if not np.isfinite(violation):
            break  # diverged: report it below, the caller decides
        lam += beta * res
        if verbose > 0:
            print(
                f"[bm] update {outer}: violation={violation:.2e} "
                f"inner={it} tol={eps:.0e} penalty={beta:.3g}"
            )
        if violation <= tol and eps <= gtol:
            converged = True
            break
        if violation > 0.25 * previous:
            beta *= 3.0
        previous = violation
        eps = max(gtol, 0.1 * eps)
    errstate.__exit__(None, None, None)
    if not converged:
        warnings.warn(
            f"The Burer-Monteiro solver stopped after {max_outer} multiplier "
            f"updates with constraint violation {violation:.2e} (tol={tol:.0e}); "
            "the last iterate is returned. Increase max_iter or use solver='cvxpy' "
            "for small problems.",
            ConvergenceWarning,
        )
    return U, {
        "n_iter": outer,
        "n_inner": n_inner,
        "violation": float(violation),
        "converged": converged,
        "multipliers": (lam, beta),
    }


def _indicator_start(labels, n_blocks, block_of_label, rank, noise, rng):
    """Scaled cluster indicators plus a little positive noise, shape (B, n, rank)."""
    n = labels.shape[0]
    U = rng.uniform(size=(n_blocks, n, rank)) * (noise / np.sqrt(n))
    counts = np.bincount(labels, minlength=block_of_label.shape[0]).astype(float)
    counts[counts == 0] = 1.0
    block, column = block_of_label[labels].T
    U[block, np.arange(n), column] += 1.0 / np.sqrt(counts[labels])
    return U


def peng_wei_bm(X, n_clusters, init_labels, *, rank=None, random_state=None, **kwargs):
    """Peng-Wei K-means SDP by non-negative Burer-Monteiro factorisation.

    Maximises ``<A, Z>`` with ``A = X_c X_c^T`` (``X_c`` the centred data) over
    ``Z = U U^T``, ``U >= 0``, ``Z 1 = 1``, ``tr(Z) = K``. The objective is
    ``||X_c^T U||_F^2``, evaluated in ``O(n p r)``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    n_clusters : int
    init_labels : ndarray of shape (n_samples,)
        Labels in ``0..K-1`` giving the starting point (scaled indicators).
    rank : int, default=None
        Columns of ``U``; ``2 * n_clusters`` when None.
    random_state : RandomState
        Source of the small positive noise in the start.
    **kwargs
        Passed to :func:`augmented_lagrangian_bm`.

    Returns
    -------
    U : ndarray of shape (n_samples, rank)
    objective : float
        ``<A, U U^T>``.
    info : dict
    """
    rng = np.random.RandomState(random_state) if not hasattr(random_state, "uniform") else random_state
    K = int(n_clusters)
    rank = 2 * K if rank is None else int(rank)
    Xc = X - X.mean(axis=0)
    n = Xc.shape[0]
    scale = max(np.sum(Xc * Xc) / n, np.finfo(float).tiny)
    Y = Xc / np.sqrt(scale)

    def objective(U):
        YU = Y.T @ U[0]
        return -np.sum(YU * YU), (-2.0 * (Y @ YU))[None]

    block_of_label = np.array([[0] * K, list(range(K))]).T
    U0 = _indicator_start(init_labels, 1, block_of_label, rank, 0.1, rng)
    U, info = augmented_lagrangian_bm(objective, U0, [float(K)], **kwargs)
    U = U[0]
    XU = Xc.T @ U
    return U, float(np.sum(XU * XU)), info


def la_sdp_bm(
    X, precisions_cholesky, log_terms, init_labels, *, rank=2, random_state=None, **kwargs
):
    """Likelihood-adjusted SDP by non-negative Burer-Monteiro factorisation.

    Minimises ``sum_k <C_k, Z_k>`` with
    ``C_k[i, j] = 1/2 ||L_k^T (x_i - x_j)||^2 + c_k`` over ``Z_k = U_k U_k^T``,
    ``U_k >= 0``, ``tr(Z_k) = 1``, ``(sum_k Z_k) 1 = 1``. ``C_k`` is never
    formed: with whitened rows ``w_i = L_k^T x_i`` and ``q_i = ||w_i||^2``,
    ``<C_k, Z> = q^T Z 1 - ||W^T U||_F^2 + c_k 1^T Z 1``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    precisions_cholesky : ndarray of shape (K, n_features, n_features)
        ``L_k`` with ``L_k L_k^T = Sigma_k^{-1}``.
    log_terms : ndarray of shape (K,)
        ``c_k = log det Sigma_k - 2 log pi_k``.
    init_labels : ndarray of shape (n_samples,)
        Labels giving the starting point.
    rank : int, default=2
        Columns of each ``U_k``.
    random_state : RandomState
    **kwargs
        Passed to :func:`augmented_lagrangian_bm`.

    Returns
    -------
    U : ndarray of shape (K, n_samples, rank)
    objective : float
        ``sum_k <C_k, U_k U_k^T>``.
    info : dict
    """
    rng = np.random.RandomState(random_state) if not hasattr(random_state, "uniform") else random_state
    K = precisions_cholesky.shape[0]
    n, p = X.shape
    Xc = X - X.mean(axis=0)
    W = np.einsum("np,kpq->knq", Xc, precisions_cholesky)
    W -= W.mean(axis=1, keepdims=True)  # <D_k, Z> is translation invariant
    q = np.einsum("knq,knq->kn", W, W)
    c = np.asarray(log_terms, dtype=np.float64)
    # Adding gamma to every C_k changes the objective by gamma * n on the
    # feasible set (sum_k Z_k 1 = 1). Shift so every cost matrix has a negative
    # mean: otherwise U = 0 lowers the objective and attracts the iterates.
    mean_q = q.mean(axis=1)
    shift = np.max(mean_q + c) + np.max(mean_q)
    scale = max(np.max(mean_q), np.finfo(float).tiny)  # mean cost becomes <= -1
    Ws, qs, cs = W / np.sqrt(scale), q / scale, (c - shift) / scale

    WsT = np.ascontiguousarray(Ws.transpose(0, 2, 1))

    def objective(U):
        s = U.sum(axis=1)  # (K, r)
        WU = np.matmul(WsT, U)  # (K, p, r)
        Uq = np.matmul(qs[:, None, :], U)[:, 0, :]  # (K, r)
        value = np.sum(Uq * s) - np.sum(WU * WU) + cs @ np.sum(s * s, axis=1)
        G = qs[:, :, None] * s[:, None, :] + Uq[:, None, :]
        G -= 2.0 * np.matmul(Ws, WU)
        G += (2.0 * cs)[:, None, None] * s[:, None, :]
        return value, G

    block_of_label = np.array([list(range(K)), [0] * K]).T
    U0 = _indicator_start(init_labels, K, block_of_label, rank, 0.1, rng)
    U, info = augmented_lagrangian_bm(objective, U0, np.ones(K), **kwargs)
    return U, la_sdp_objective(X, precisions_cholesky, c, U), info


def la_sdp_objective(X, precisions_cholesky, log_terms, U):
    """``sum_k <C_k, U_k U_k^T>`` computed without forming ``C_k`` (for checks)."""
    total = 0.0
    for L, c, Uk in zip(precisions_cholesky, log_terms, U):
        Wk = (X - X.mean(axis=0)) @ L
        s = Uk.sum(axis=0)
        total += (Uk @ s) @ np.einsum("np,np->n", Wk, Wk)
        total -= np.sum((Wk.T @ Uk) ** 2) - c * (s @ s)
    return float(total)
