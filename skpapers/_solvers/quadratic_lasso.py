"""Weighted lasso on an explicit quadratic: the proximal Newton subproblem (private).

Minimise ``g.(z - z0) + (z - z0)' H (z - z0) / 2 + sum_j l1_j |z_j|`` over a
subset of the coordinates, with ``H`` a small dense positive semi-definite
matrix (``(K - 1)(p + 1)`` square for PRESTO).
"""

import numpy as np

from skpapers._solvers._threads import single_threaded


def _support_step(H, g, z0, z, l1v, coords, unpen):
    """Active-set step on the support and signs of ``z``.

    With the support ``A`` and the signs ``s`` fixed, the problem is a
    quadratic whose minimiser solves
    ``H_AA (z_A - z0_A) = -(g_A + l1_A s_A) + H_AN z0_N``. If that point keeps
    the signs it is taken, and it is optimal when every coordinate off the
    support satisfies ``|q_j| <= l1_j``. If some sign flips, the step stops
    where the first coordinate reaches zero (still a descent step, since the
    objective is a convex quadratic on the segment) and that coordinate leaves
    the support.

    Returns
    -------
    z_new : ndarray or None
        The new point (None if the linear system is singular).
    optimal : bool
    """
    A = np.array([j for j in coords if z[j] != 0 or j in unpen], dtype=np.intp)
    if A.size == 0:
        return None, False
    signs = np.sign(z[A])
    step = z - z0  # off the support: -z0 on free coordinates, 0 on held ones
    H_AA = H[np.ix_(A, A)]
    rhs = -(g[A] + l1v[A] * signs) - H[A] @ step + H_AA @ step[A]
    try:
        step_A = np.linalg.solve(H_AA, rhs)
    except np.linalg.LinAlgError:
        return None, False
    target = z0[A] + step_A
    pen = l1v[A] > 0
    flipped = pen & (np.sign(target) != signs)
    z_new = z.copy()  # held coordinates keep their value
    z_new[np.asarray(coords, dtype=np.intp)] = 0.0
    if np.any(flipped):
        cur = z[A]
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(flipped, cur / (cur - target), np.inf)
        t = float(np.clip(frac.min(), 0.0, 1.0))
        moved = cur + t * (target - cur)
        moved[flipped & (frac <= t)] = 0.0
        z_new[A] = moved
        return z_new, False
    z_new[A] = target
    q_new = g + H @ (z_new - z0)
    off = np.setdiff1d(np.asarray(coords, dtype=np.intp), A)
    optimal = not (off.size and np.any(np.abs(q_new[off]) > l1v[off] * (1 + 1e-9) + 1e-13))
    return z_new, optimal


def quadratic_lasso(H, g, z0, l1v, coords, tol, max_sweeps=500):
    """Single-threaded wrapper of :func:`_quadratic_lasso` (see its doc)."""
    with single_threaded("blas"):  # small matrices: one BLAS thread
        return _quadratic_lasso(H, g, z0, l1v, coords, tol, max_sweeps)


def _quadratic_lasso(H, g, z0, l1v, coords, tol, max_sweeps=500):
    """Minimise ``g.(z - z0) + (z - z0)' H (z - z0) / 2 + sum l1v |z|`` over ``coords``.

    Coordinates outside ``coords`` stay at ``z0``. Cyclic coordinate descent
    finds the support; the difference coordinates of PRESTO are strongly
    correlated (``beta_k`` is a sum of them), which makes plain coordinate
    descent slow, so after every sweep an active-set step on the current
    support and signs (:func:`_support_step`) is taken, and the exact
    solution is returned as soon as it satisfies the optimality conditions.
    """
    z = z0.copy()
    q = g.copy()  # gradient of the smooth part at z
    diag = np.diag(H).copy()
    coords = [j for j in coords if diag[j] > 0]
    unpen = {j for j in coords if l1v[j] == 0}
    for _ in range(max_sweeps):
        biggest = 0.0
        for j in coords:
            hj = diag[j]
            zj = z[j]
            u = zj - q[j] / hj
            t = l1v[j] / hj
            new = u - t if u > t else (u + t if u < -t else 0.0)
            if new != zj:
                delta = new - zj
                z[j] = new
                q += delta * H[j]
                change = abs(delta) * np.sqrt(hj)
                if change > biggest:
                    biggest = change
        if biggest <= tol:
            break
        z_new, optimal = _support_step(H, g, z0, z, l1v, coords, unpen)
        if z_new is not None:
            if optimal:
                return z_new
            z = z_new
            q = g + H @ (z - z0)
    return z
