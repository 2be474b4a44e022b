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


def _spg(fun, U, tol, max_iter, project, memory=10, check_every=5):
    """Spectral projected gradient with an arc search along ``project``.

    Each trial point is ``project(U - t * step * G)``, so every iterate stays
    on the feasible set even when it is not convex. A rejected trial shrinks
    ``t`` by the minimiser of the quadratic through ``f(U)``, the predicted
    decrease ``<G, U_trial - U>`` and ``f(U_trial)``, kept within
    ``[0.1 t, 0.5 t]`` (the safeguarded interpolation of Birgin, Martinez and
    Raydan's SPG2; halving alone took up to 16 evaluations after a long
    Barzilai-Borwein step). The stopping test, the projected gradient
    ``||project(U - G) - U||_inf <= tol``, costs a projection, so it is
    checked every ``check_every`` iterations (and at the start): at most
    ``check_every - 1`` further descent steps past the first passing one.
    Returns ``(U, n_iter)``.
    """
    f, G = fun(U)
    history = [f]
    step = 1.0 / max(np.abs(project(U - G) - U).max(), 1e-12)
    for it in range(max_iter):
        if it % check_every == 0:
            D = project(U - G)
            D -= U
            if max(D.max(), -D.min()) <= tol:
                return U, it
        f_ref = max(history[-memory:])
        t = 1.0
        while True:
            U_new = project(U - (t * step) * G)
            f_new, G_new = fun(U_new)
            decrease = np.vdot(G, U_new - U)
            if f_new <= f_ref + 1e-4 * decrease or t < 1e-10:
                break
            curvature = f_new - f - decrease
            shrink = -decrease / (2.0 * curvature) if curvature > 0 else 0.5
            t *= min(0.5, max(0.1, shrink))
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
        norms = np.sqrt(np.einsum("bij,bij->b", V, V))[:, None, None]
        empty = norms[:, 0, 0] <= 1e-300
        if np.any(empty):
            V[empty] = 1.0
            norms[empty] = np.sqrt(V.shape[1] * V.shape[2])
        V *= radii / norms
        return V

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
        ``objective(V, w) -> (value, gradient)`` for the transposed factors
        ``V`` of shape ``(B, r, n)`` (``V_b = U_b^T``) and row weights ``w``
        of shape ``(n,)``: the value of ``f(V)`` and the gradient (shape of
        ``V``) of ``f(V) + w^T sum_b V_b^T V_b 1``. The multiplier term has
        the form of a linear cost on the row sums, so an objective can fold
        it into its own products (see :func:`_row_cost_rows`).
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
    # The iterations work on V_b = U_b^T, shape (B, r, n): with the long
    # axis last, the sums over n and the broadcasts against n-vectors are
    # contiguous (measured at B = 10, n = 1000, r = 2: a sum over n took
    # 443 us in the (B, n, r) layout against 18 us, a rank-1 broadcast
    # 328 us against about 20 us).
    B, n, r = np.shape(U0)
    U = np.ascontiguousarray(np.transpose(np.asarray(U0, dtype=np.float64), (0, 2, 1)))
    errstate = np.errstate(over="ignore", invalid="ignore")
    errstate.__enter__()
    lam = np.zeros(n)
    beta = float(penalty)

    def residuals(V):
        s = V.sum(axis=2).reshape(-1)  # U_b^T 1, stacked
        return s @ V.reshape(B * r, n) - 1.0  # sum_b U_b U_b^T 1 - 1

    def lagrangian(V):
        # f + lam^T res + beta/2 ||res||^2; its gradient is that of
        # f + w^T (res + 1) at fixed w = lam + beta res
        res = residuals(V)
        w = lam + beta * res
        f, G = objective(V, w)
        return f + w @ res - 0.5 * beta * (res @ res), G

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
        res = residuals(U)
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
    U = U.transpose(0, 2, 1)
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


def _row_cost_rows(n):
    """The two constant rows ``[w; 1]`` appended to an objective's data.

    With ``A`` the ``(m, n)`` data of an objective (rows over the ``n``
    points) followed by these two rows, ``V_flat @ A.T`` gives in one
    product ``V_b^T``'s products with the data, ``U_b^T w`` and
    ``U_b^T 1``; the gradient of ``w^T sum_b V_b^T V_b 1``,
    ``s_b w^T + (U_b^T w) 1^T``, is then two more columns of the
    coefficients of the gradient's product ``M @ A``. Row ``-2`` is
    overwritten with ``w`` at every evaluation.
    """
    return np.vstack([np.zeros(n), np.ones(n)])


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

    p = Y.shape[1]
    A = np.vstack([Y.T, _row_cost_rows(n)])  # (p + 2, n): data, w, 1

    def objective(V, w):  # V = U^T, shape (1, r, n)
        A[p] = w
        VA = V[0] @ A.T  # (r, p + 2): V Y, U^T w, U^T 1
        VY = VA[:, :p]
        M = np.column_stack([-2.0 * VY, VA[:, p + 1], VA[:, p]])
        return -np.sum(VY * VY), (M @ A)[None]

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
    # <D_k, Z> is translation invariant: centre once, whiten per cluster
    Xc = X - X.mean(axis=0)
    W = np.matmul(Xc, precisions_cholesky)  # (K, n, p): w_i = L_k^T x_i
    q = np.einsum("knq,knq->kn", W, W)
    c = np.asarray(log_terms, dtype=np.float64)
    # Adding gamma to every C_k changes the objective by gamma * n on the
    # feasible set (sum_k Z_k 1 = 1). Shift so every cost matrix has a negative
    # mean: otherwise U = 0 lowers the objective and attracts the iterates.
    mean_q = q.mean(axis=1)
    shift = np.max(mean_q + c) + np.max(mean_q)
    scale = max(np.max(mean_q), np.finfo(float).tiny)  # mean cost becomes <= -1
    Ls = precisions_cholesky / np.sqrt(scale)
    LsT2 = -2.0 * Ls.transpose(0, 2, 1)
    qs, cs = q / scale, (c - shift) / scale
    rank = int(rank)
    # rows over the points: X_c^T (p), the K cost vectors q_k, w, 1
    A = np.vstack([Xc.T, qs, _row_cost_rows(n)])
    m = A.shape[0]
    blocks = np.arange(K)

    def objective(V, w):  # V_k = U_k^T, shape (K, r, n)
        # One (K r x n) @ (n x m) product gives X_c^T U_k, U_k^T q_j, U_k^T w
        # and U_k^T 1 for all blocks; W_k^T U_k = L_k^T X_c^T U_k is then a
        # small (r x p) @ (p x p) product per block. The gradient is one
        # (K r x m) @ (m x n) product. (Measured at K = 10, n = 1000: a
        # batched (K, r, n) @ (K, n, p) product and broadcast rank-one
        # terms took 3-4x as long.)
        A[m - 2] = w
        VA = (V.reshape(K * rank, n) @ A.T).reshape(K, rank, m)
        VW = np.matmul(VA[:, :, :p], Ls)  # (K, r, p): U_k^T W_k
        Uq = VA[blocks, :, p + blocks]  # (K, r): U_k^T q_k
        Uw, s = VA[:, :, m - 2], VA[:, :, m - 1]
        value = np.sum(Uq * s) - np.sum(VW * VW) + cs @ np.sum(s * s, axis=1)
        M = np.zeros_like(VA)
        M[:, :, :p] = np.matmul(VW, LsT2)
        M[blocks, :, p + blocks] = s
        M[:, :, m - 2] = s
        M[:, :, m - 1] = Uq + Uw + 2.0 * cs[:, None] * s
        return value, (M.reshape(K * rank, m) @ A).reshape(K, rank, n)

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
