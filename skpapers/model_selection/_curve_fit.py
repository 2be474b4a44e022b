"""Power-law learning curves ``err(m) = a + b * m**(-c)``: fit, intervals, queries.

Plain functions on arrays. They live here rather than in ``skpapers._solvers``
because they post-process learning curves for this subpackage only; no
estimator calls them.

``a`` is the asymptotic error, ``b`` the excess error at one sample and ``c``
the rate. The fit is a bounded, robust nonlinear least-squares problem
(``scipy.optimize.least_squares``, trust-region reflective), started from the
best point of a grid over ``c`` where ``a`` and ``b`` solve a linear problem.
"""

import numpy as np
from scipy.optimize import brentq, least_squares

# default bounds of (a, b, c)
A_BOUNDS = (0.0, 1.0)
C_BOUNDS = (1e-2, 4.0)


def power_law(m, a, b, c):
    """Evaluate ``a + b * m**(-c)``."""
    return a + b * np.power(np.asarray(m, dtype=float), -c)


def _grid_start(log_m, err, a_bounds, c_bounds, asymptote):
    """Best (a, b, c) over a grid of c, with (a, b) by clipped linear least squares."""
    c_grid = np.geomspace(c_bounds[0], c_bounds[1], 60)
    basis = np.exp(-c_grid[:, None] * log_m[None, :])  # (n_grid, n_points)
    if asymptote is None:
        x_mean = basis.mean(axis=1, keepdims=True)
        centred = basis - x_mean
        slope = centred @ (err - err.mean()) / np.maximum(
            np.einsum("gn,gn->g", centred, centred), 1e-300)
        a = np.clip(err.mean() - slope * x_mean[:, 0], *a_bounds)
    else:
        a = np.full(c_grid.size, float(asymptote))
    resid = err[None, :] - a[:, None]
    b = np.maximum(np.einsum("gn,gn->g", basis, resid)
                   / np.einsum("gn,gn->g", basis, basis), 0.0)
    sse = np.sum((resid - b[:, None] * basis) ** 2, axis=1)
    best = int(np.argmin(sse))
    return np.array([a[best], b[best], c_grid[best]])


def _sse(params, log_m, err):
    a, b, c = params
    return float(np.sum((a + b * np.exp(-c * log_m) - err) ** 2))


def noise_scale(errors):
    """Pooled standard deviation of the repeats at each size (0 if noiseless).

    Parameters
    ----------
    errors : ndarray of shape (n_sizes, n_repeats)

    Returns
    -------
    scale : float
    """
    errors = np.asarray(errors, dtype=float)
    if errors.ndim != 2 or errors.shape[1] < 2:
        return 0.0
    return float(np.sqrt(np.mean(np.var(errors, axis=1, ddof=1))))


def fit_power_law(
    sizes,
    errors,
    *,
    loss="soft_l1",
    f_scale=None,
    asymptote=None,
    a_bounds=A_BOUNDS,
    c_bounds=C_BOUNDS,
    x0=None,
    tol=1e-15,
):
    """Fit ``err(m) = a + b m^(-c)`` to learning-curve points.

    Parameters
    ----------
    sizes : array-like of shape (n_points,)
        Training sizes (one entry per observed error; repeats are repeated).
    errors : array-like of shape (n_points,)
        Observed test errors.
    loss : {"soft_l1", "huber", "linear", "cauchy", "arctan"}, default="soft_l1"
        Robust loss of ``scipy.optimize.least_squares``.
    f_scale : float or None, default=None
        Residual size at which the robust loss bends. ``None``: ordinary least
        squares (``loss`` is ignored); callers pass the noise scale.
    asymptote : float or None, default=None
        Fix ``a`` to this value (e.g. a known Bayes error) and fit ``b, c``.
    a_bounds, c_bounds : tuple of float
        Bounds of ``a`` and ``c``; ``b >= 0`` always.
    x0 : array-like of shape (3,) or None, default=None
        Starting ``(a, b, c)``; ``None`` starts from the best point of a grid
        over ``c`` (``a, b`` by linear least squares for each ``c``).
    tol : float, default=1e-15
        ``ftol``, ``xtol`` and ``gtol`` of ``least_squares``.

    Returns
    -------
    params : ndarray of shape (3,)
        ``(a, b, c)``.
    cov : ndarray of shape (3, 3)
        Gauss-Newton covariance ``s^2 (J'J)^+`` at the solution (rows and
        columns of a fixed ``a`` are zero), ``s^2`` the residual variance.
    """
    m = np.asarray(sizes, dtype=float).ravel()
    err = np.asarray(errors, dtype=float).ravel()
    if m.shape != err.shape or m.size < 3:
        raise ValueError("fit_power_law needs at least 3 (size, error) points.")
    needed = 3 if asymptote is None else 2
    if np.unique(m).size < needed:
        raise ValueError(
            f"sizes holds {np.unique(m).size} distinct value(s); fitting "
            f"a + b * m**-c needs {needed} distinct sizes (the curve is not "
            "identified otherwise)."
        )
    if np.any(m <= 0) or not np.all(np.isfinite(err)):
        raise ValueError("sizes must be positive and errors finite.")
    log_m = np.log(m)
    if x0 is None:
        start = _grid_start(log_m, err, a_bounds, c_bounds, asymptote)
    else:
        start = np.asarray(x0, dtype=float)
    free = slice(0, 3) if asymptote is None else slice(1, 3)
    lower = np.array([a_bounds[0], 0.0, c_bounds[0]])[free]
    upper = np.array([a_bounds[1], np.inf, c_bounds[1]])[free]

    def unpack(theta):
        return (theta[0], theta[1], theta[2]) if asymptote is None else (
            asymptote, theta[0], theta[1])

    def residuals(theta):
        a, b, c = unpack(theta)
        return a + b * np.exp(-c * log_m) - err

    def jacobian(theta):
        _, b, c = unpack(theta)
        basis = np.exp(-c * log_m)
        cols = [basis, -b * log_m * basis]
        if asymptote is None:
            cols.insert(0, np.ones_like(basis))
        return np.column_stack(cols)

    x0 = np.clip(start[free], lower, upper)
    robust = f_scale is not None and f_scale > 0 and loss != "linear"
    result = least_squares(
        residuals, x0, jac=jacobian, bounds=(lower, upper),
        loss=loss if robust else "linear", f_scale=f_scale if robust else 1.0,
        x_scale="jac", ftol=tol, xtol=tol, gtol=tol, max_nfev=2000,
    )
    theta = result.x
    params = np.array(unpack(theta), dtype=float)
    if asymptote is None:
        # trust-region reflective creeps towards an active bound of ``a``:
        # refit with ``a`` on the bound and keep the better of the two fits
        for edge in a_bounds:
            if abs(params[0] - edge) < 1e-6:
                alt, alt_cov = fit_power_law(
                    m, err, loss=loss, f_scale=f_scale, asymptote=edge,
                    a_bounds=a_bounds, c_bounds=c_bounds, tol=tol,
                )
                if _sse(alt, log_m, err) <= _sse(params, log_m, err):
                    return alt, alt_cov
    J = jacobian(theta)
    dof = max(m.size - J.shape[1], 1)
    s2 = float(np.sum(residuals(theta) ** 2) / dof)
    cov_free = s2 * np.linalg.pinv(J.T @ J)
    cov = np.zeros((3, 3))
    cov[free, free] = cov_free
    return params, cov


def bootstrap_power_law(
    sizes, errors, *, n_bootstrap=200, random_state=None, **fit_params
):
    """Refit the curve on repeats drawn with replacement (a percentile bootstrap).

    Parameters
    ----------
    sizes : ndarray of shape (n_sizes,)
    errors : ndarray of shape (n_sizes, n_repeats)
        Errors of each repeat (column) at each size (row).
    n_bootstrap : int, default=200
    random_state : int, RandomState instance or None
    **fit_params : passed to :func:`fit_power_law`.

    Returns
    -------
    params : ndarray of shape (n_bootstrap, 3)
        One ``(a, b, c)`` per resample of the repeats.
    """
    rng = np.random.default_rng(
        random_state if not isinstance(random_state, np.random.RandomState)
        else random_state.randint(2**31)
    )
    sizes = np.asarray(sizes, dtype=float)
    errors = np.asarray(errors, dtype=float)
    n_repeats = errors.shape[1]
    flat_sizes = np.repeat(sizes, n_repeats)
    # every resample starts from the fit to all runs, with a looser tolerance
    start, _ = fit_power_law(flat_sizes, errors.ravel(), **fit_params)
    out = np.empty((n_bootstrap, 3))
    for i in range(n_bootstrap):
        cols = rng.integers(0, n_repeats, n_repeats)
        out[i], _ = fit_power_law(
            flat_sizes, errors[:, cols].ravel(), x0=start, tol=1e-10, **fit_params
        )
    return out


def size_within(params, epsilon):
    """Size ``m*`` where the curve is within ``epsilon`` of its asymptote.

    ``b m^(-c) = epsilon``  gives  ``m* = (b / epsilon)^(1 / c)`` (1 if
    ``b <= epsilon``).
    """
    params = np.atleast_2d(params)
    b, c = params[:, 1], params[:, 2]
    with np.errstate(divide="ignore", over="ignore"):
        out = np.where(b > epsilon, np.power(b / epsilon, 1.0 / c), 1.0)
    return out if out.size > 1 else float(out[0])


def size_for_error(params, target):
    """Size at which the curve reaches the error ``target`` (inf if ``target <= a``)."""
    params = np.atleast_2d(params)
    a, b, c = params.T
    gap = target - a
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        out = np.where(
            gap <= 0, np.inf, np.where(b <= gap, 1.0, np.power(b / gap, 1.0 / c))
        )
    return out if out.size > 1 else float(out[0])


def find_crossovers(params_a, params_b, m_min, m_max, n_grid=2000):
    """Sizes in ``[m_min, m_max]`` where two fitted curves cross.

    Parameters
    ----------
    params_a, params_b : array-like of shape (3,)
        ``(a, b, c)`` of the two curves.
    m_min, m_max : float
        Search range of training sizes.
    n_grid : int, default=2000
        Log-spaced grid used to bracket sign changes (refined by Brent's method).

    Returns
    -------
    crossings : ndarray
        Crossing sizes, increasing.
    a_better_before : ndarray of bool
        For each crossing, whether curve ``a`` has the lower error just before it.
    """
    def diff(log_m):
        return power_law(np.exp(log_m), *params_a) - power_law(np.exp(log_m), *params_b)

    grid = np.linspace(np.log(m_min), np.log(m_max), n_grid)
    values = diff(grid)
    sign = np.sign(values)
    crossings, before = [], []
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        root = brentq(diff, grid[i], grid[i + 1], xtol=1e-14, rtol=1e-14)
        crossings.append(np.exp(root))
        before.append(bool(values[i] < 0))
    return np.array(crossings), np.array(before, dtype=bool)
