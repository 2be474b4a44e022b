"""Extrapolate a learning curve from its first sizes."""

import numpy as np
from sklearn.utils import check_random_state

from skpapers.model_selection._comparison import FittedLearningCurve


def extrapolate_learning_curve(
    train_sizes,
    errors,
    *,
    asymptote=None,
    n_bootstrap=200,
    confidence=0.9,
    random_state=None,
):
    """Fit ``err(m) = a + b m^(-c)`` to observed errors, to extrapolate them.

    The fitted curve predicts the error at larger sizes and answers how much
    data is needed for a target error, ``m = (b / (target - a))^(1 / c)``,
    each with an interval.

    Parameters
    ----------
    train_sizes : array-like of shape (n_sizes,)
        Observed training sizes (at least 3, positive).
    errors : array-like of shape (n_sizes,) or (n_sizes, n_runs)
        Test errors; columns are repeated runs (used by the bootstrap).
    asymptote : float or None, default=None
        Fix the asymptotic error ``a`` instead of fitting it.
    n_bootstrap : int, default=200
        Resamples of the runs for the intervals; with one run (or 0) the
        intervals come from the Gauss-Newton covariance.
    confidence : float, default=0.9
        Level of the intervals.
    random_state : int, RandomState instance or None, default=None
        Seed of the bootstrap.

    Returns
    -------
    curve : FittedLearningCurve
        ``curve.params`` is ``(a, b, c)``; ``curve.predict(sizes)`` returns
        ``(error, low, high)``; ``curve.size_for_error(target)`` returns
        ``(size, low, high)``.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.model_selection import extrapolate_learning_curve
    >>> sizes = np.array([10, 20, 40, 80, 160])
    >>> curve = extrapolate_learning_curve(sizes, 0.1 + 2.0 * sizes**-0.5)
    >>> np.round(curve.params, 6)
    array([0.1, 2. , 0.5])
    >>> round(curve.size_for_error(0.15)[0])
    1600
    """
    sizes = np.asarray(train_sizes, dtype=float)
    errors = np.asarray(errors, dtype=float)
    if errors.ndim == 1:
        errors = errors[:, None]
    if sizes.ndim != 1 or errors.ndim != 2 or errors.shape[0] != sizes.size:
        raise ValueError(
            "errors must have one row per training size; got train_sizes of "
            f"shape {sizes.shape} and errors of shape {errors.shape}."
        )
    if sizes.size < 3:
        raise ValueError(
            f"Extrapolation needs at least 3 training sizes; got {sizes.size}."
        )
    if np.any(sizes <= 0) or not np.all(np.isfinite(errors)):
        raise ValueError("train_sizes must be positive and errors finite (no NaN).")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1); got {confidence!r}.")
    seed = check_random_state(random_state).randint(2**31)
    return FittedLearningCurve(
        sizes, errors, asymptote=asymptote, n_bootstrap=n_bootstrap,
        confidence=confidence, random_state=seed,
    )
