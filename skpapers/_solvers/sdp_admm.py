"""Exact solver of the doubly non-negative clustering SDPs by ADMM.

Both programs of this package are instances of

    minimise    sum_b <C_b, Z_b>
    subject to  Z_b positive semidefinite, tr(Z_b) = t_b,
                Z_b >= 0 entrywise,  (sum_b Z_b) 1 = 1,

with one block for Peng-Wei (``C = -X X^T``, ``t = K``) and one block per
cluster for LA-SDP (``t_b = 1``). The splitting ``Z = W`` separates the two
halves of the constraints, each with a cheap exact projection:

- ``Z_b`` onto {PSD, trace ``t_b``}: an eigendecomposition, and the
  eigenvalues projected onto the scaled simplex ``{d >= 0, sum d = t_b}``;
- ``W`` onto {``W >= 0``, ``sum_b W_b 1 = 1``}: row ``i`` of all blocks side by
  side is projected onto the probability simplex.

The iteration is the scaled alternating direction method of multipliers
(ADMM) with residual balancing of the penalty. It is convex, so from any start
it converges to the SDP's optimum; a start at the Burer-Monteiro solution
(which is feasible but may sit on the smaller completely positive set) makes
it short. Each iteration costs one ``n x n`` eigendecomposition per block,
``O(B n^3)``: this is the exact solver for a few hundred points, not the
scalable one.
"""

import warnings

import numpy as np
from scipy.linalg import eigh
from sklearn.exceptions import ConvergenceWarning
from skpapers._solvers._threads import single_threaded


def project_rows_to_simplex(V, total=1.0):
    """Euclidean projection of each row of ``V`` onto ``{x >= 0, sum x = total}``."""
    U = -np.sort(-V, axis=1)
    cumulative = np.cumsum(U, axis=1) - np.reshape(total, (-1, 1))
    index = np.arange(1, V.shape[1] + 1)
    last = np.sum(U - cumulative / index > 0, axis=1) - 1
    theta = cumulative[np.arange(V.shape[0]), last] / (last + 1)
    return np.maximum(V - theta[:, None], 0.0)


def _project_psd_trace(M, trace, n_top):
    """Projection onto {PSD, trace ``trace``} from the top ``n_top`` eigenpairs.

    The eigenvalues are shifted down by the ``theta`` that makes the positive
    parts sum to ``trace``. When the smallest computed eigenvalue falls below
    ``theta``, so do all the others and the partial decomposition is exact;
    otherwise twice as many pairs are computed. Returns the projection and the
    number of positive eigenvalues (the next call's ``n_top`` hint).
    """
    n = M.shape[0]
    M = 0.5 * (M + M.T)
    while True:
        n_top = min(n_top, n)
        values, vectors = eigh(
            M, subset_by_index=[n - n_top, n - 1], driver="evr", check_finite=False
        )
        shifted = project_rows_to_simplex(values[None], trace)[0]
        if n_top == n or shifted[0] <= 0.0:
            break
        n_top *= 2
    keep = shifted > 0
    V = vectors[:, keep]
    return (V * shifted[keep]) @ V.T, int(keep.sum())


def _project_psd_trace_all(M, traces):
    """Projection of every block of ``M`` (B, n, n) onto {PSD, trace ``t_b``}
    by one batched full eigendecomposition: on small blocks the per-call
    overhead of the partial decompositions above dominates."""
    M = 0.5 * (M + M.transpose(0, 2, 1))
    values, vectors = np.linalg.eigh(M)
    shifted = project_rows_to_simplex(values, traces)
    return np.matmul(vectors * shifted[:, None, :], vectors.transpose(0, 2, 1))


# Blocks up to this size are projected by one batched full eigendecomposition,
# larger ones by partial decompositions of the top pairs. Measured CPU per
# ADMM iteration, partial -> batched: LA-SDP K = 3 at n = 40 / 60 / 100
# 1.3 / 2.0 / 4.2 ms -> 0.65 / 1.2 / 3.0 ms; K = 8, n = 150: 29 -> 23 ms;
# Peng-Wei on iris (n = 150, K = 8): 4.3 -> 2.5 ms.
_BATCHED_MAX_N = 200


def _project_row_sums(M):
    B, n, _ = M.shape
    rows = M.transpose(1, 0, 2).reshape(n, B * n)
    return project_rows_to_simplex(rows).reshape(n, B, n).transpose(1, 0, 2)


def dnn_sdp_admm(
    costs, traces, *, Z0=None, tol=1e-6, max_iter=10_000, penalty=None,
    relaxation=1.6, verbose=0,
):
    """Solve the doubly non-negative SDP above by ADMM.

    Parameters
    ----------
    costs : ndarray of shape (B, n, n)
        Symmetric cost matrices ``C_b``.
    traces : array-like of shape (B,)
        Trace targets ``t_b``.
    Z0 : ndarray of shape (B, n, n), default=None
        Starting point (for instance ``U_b U_b^T`` from the Burer-Monteiro
        solver); the uniform feasible point when None.
    tol : float, default=1e-6
        Stop when the primal residual ``||Z - W||`` relative to ``||W||`` and
        the dual residual ``rho ||W - W_previous||`` relative to the dual
        variable are both below ``tol``.
    max_iter : int, default=10000
    penalty : float, default=None
        Initial penalty ``rho``; ``0.1 ||C|| / ||Z0||`` when None. It is doubled or
        halved every 10 iterations to keep the two relative residuals within a
        factor 10 of each other.
    relaxation : float, default=1.6
        Over-relaxation factor in ``(0, 2)``.
    verbose : int, default=0
        Print the residuals every 100 iterations when positive.

    Returns
    -------
    Z : ndarray of shape (B, n, n)
        The last ``W``: entrywise non-negative with exact row sums, and within
        the primal residual of the PSD, fixed-trace set.
    objective : float
        ``sum_b <C_b, Z_b>``.
    info : dict
        ``n_iter``, ``primal_residual`` and ``dual_residual`` (relative),
        ``converged``.
    """
    C = np.asarray(costs, dtype=np.float64)
    traces = np.asarray(traces, dtype=np.float64)
    B, n, _ = C.shape
    if Z0 is None:
        W = np.broadcast_to((traces / traces.sum())[:, None, None] / n, C.shape).copy()
    else:
        W = _project_row_sums(np.asarray(Z0, dtype=np.float64))
    scale_C = max(np.linalg.norm(C), np.finfo(float).tiny)
    # 0.1 ||C|| / ||Z0||: measured on four problems (LA-SDP n = 60 and 100,
    # Peng-Wei on iris K = 8 and on 100 overlapping blobs), iterations to
    # 1e-5 went from 2370 / 433 / 1424 / 393 (factor 1) to 881 / 760 / 241 /
    # 604: half in total, the worst case a third.
    rho = 0.1 * scale_C / max(np.linalg.norm(W), 1e-12) if penalty is None else float(penalty)
    D = np.zeros_like(W)  # scaled dual variable: the dual is rho * D
    Z = np.empty_like(W)
    ranks = [4] * B  # positive eigenvalues of each block at the last step
    converged = False
    r_rel = s_rel = np.inf
    # one small eigendecomposition per step: BLAS threads only add overhead
    with single_threaded("blas"):
        for it in range(1, max_iter + 1):
            if n <= _BATCHED_MAX_N:
                Z = _project_psd_trace_all(W - D - C / rho, traces)
            else:
                for b in range(B):
                    Z[b], rank = _project_psd_trace(
                        W[b] - D[b] - C[b] / rho, traces[b], ranks[b] + 4
                    )
                    ranks[b] = rank
            W_old = W
            Z_hat = relaxation * Z + (1.0 - relaxation) * W_old
            W = _project_row_sums(Z_hat + D)
            D += Z_hat - W
            r_norm = np.linalg.norm(Z - W)
            s_norm = rho * np.linalg.norm(W - W_old)
            # both residuals relative to what they measure: the primal
            # iterate and the dual variable rho * D
            r_rel = r_norm / max(np.linalg.norm(W), 1e-12)
            s_rel = s_norm / max(rho * np.linalg.norm(D), 1e-12 * scale_C)
            if verbose > 0 and it % 100 == 0:
                print(f"[admm] {it}: primal={r_rel:.2e} dual={s_rel:.2e} rho={rho:.3g}")
            if r_rel <= tol and s_rel <= tol:
                converged = True
                break
            if it % 10 == 0:
                if r_rel > 10.0 * s_rel:
                    rho, D = 2.0 * rho, D / 2.0
                elif s_rel > 10.0 * r_rel:
                    rho, D = rho / 2.0, D * 2.0
    if not converged:
        warnings.warn(
            f"The ADMM SDP solver stopped after {max_iter} iterations with relative "
            f"primal residual {r_rel:.2e} and dual residual {s_rel:.2e}; the last "
            "iterate is returned. Increase max_iter.",
            ConvergenceWarning,
        )
    objective = float(np.einsum("bij,bij->", C, W))
    return W, objective, {
        "n_iter": it, "primal_residual": float(r_rel), "dual_residual": float(s_rel),
        "converged": converged,
    }


def peng_wei_costs(X):
    """``(C, scale)``: ``C = -X_c X_c^T / scale`` with ``scale`` the mean squared norm."""
    Xc = X - X.mean(axis=0)
    scale = max(np.sum(Xc * Xc) / Xc.shape[0], np.finfo(float).tiny)
    return -(Xc @ Xc.T) / scale, scale


def la_sdp_costs(X, precisions_cholesky, log_terms):
    """Dense ``C_k[i, j] = 1/2 ||L_k^T (x_i - x_j)||^2 + c_k``, shape (K, n, n)."""
    Xc = X - X.mean(axis=0)
    W = np.einsum("np,kpq->knq", Xc, precisions_cholesky)
    q = np.einsum("knq,knq->kn", W, W)
    gram = np.matmul(W, W.transpose(0, 2, 1))
    C = 0.5 * (q[:, :, None] + q[:, None, :]) - gram
    return C + np.asarray(log_terms, dtype=np.float64)[:, None, None]


def peng_wei_admm(X, n_clusters, *, Z0=None, **kwargs):
    """Peng-Wei SDP solved exactly by :func:`dnn_sdp_admm`.

    Returns ``(Z, objective, info)`` with ``objective = <X_c X_c^T, Z>``.
    """
    C, scale = peng_wei_costs(X)
    Z0 = None if Z0 is None else np.asarray(Z0)[None]
    Z, value, info = dnn_sdp_admm(C[None], [float(n_clusters)], Z0=Z0, **kwargs)
    return Z[0], -value * scale, info


def la_sdp_admm(X, precisions_cholesky, log_terms, *, Z0=None, **kwargs):
    """LA-SDP solved exactly by :func:`dnn_sdp_admm`.

    Returns ``(Z, objective, info)``, ``Z`` of shape (K, n, n) and
    ``objective = sum_k <C_k, Z_k>``.
    """
    C = la_sdp_costs(X, precisions_cholesky, log_terms)
    # A constant added to every C_k moves the objective by the same amount on
    # the feasible set; centring and scaling the costs conditions the ADMM.
    n = C.shape[1]
    shift = float(np.mean(C))
    scale = max(float(np.std(C)), np.finfo(float).tiny)
    Z, value, info = dnn_sdp_admm((C - shift) / scale, np.ones(C.shape[0]), Z0=Z0, **kwargs)
    return Z, value * scale + shift * n, info
