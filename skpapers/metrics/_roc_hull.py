"""ROC convex hull of a set of operating points (Provost & Fawcett; SMOTE paper).

A classifier run at several settings (under-sampling rates, loss ratios,
priors) gives a cloud of ROC points ``(FPR, TPR)``. Together with the trivial
classifiers ``(0, 0)`` (always negative) and ``(1, 1)`` (always positive),
their upper convex hull is the ROC convex hull: for any class distribution and
misclassification costs, the best classifier lies on it, and points below it
are never optimal. The SMOTE paper compares families of classifiers by which
one dominates this hull.
"""

import numpy as np
from sklearn.utils.validation import column_or_1d

__all__ = ["roc_convex_hull", "roc_hull_auc", "roc_hull_optimal_point"]


def _check_points(fpr, tpr):
    fpr = column_or_1d(np.asarray(fpr, dtype=np.float64), warn=False)
    tpr = column_or_1d(np.asarray(tpr, dtype=np.float64), warn=False)
    if fpr.shape != tpr.shape:
        raise ValueError(
            f"fpr and tpr must have the same length; got {fpr.size} and {tpr.size}."
        )
    for name, values in (("fpr", fpr), ("tpr", tpr)):
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{name} contains NaN or inf.")
        if values.size and (values.min() < 0 or values.max() > 1):
            raise ValueError(f"{name} must lie in [0, 1]; got values outside.")
    return fpr, tpr


def _upper_hull(x, y):
    """Vertices of the upper hull of points sorted by (x, y), collinear dropped."""
    hull = []
    for px, py in zip(x, y):
        while len(hull) >= 2:
            (ax, ay), (bx, by) = hull[-2], hull[-1]
            # Pop b unless a -> b -> p turns clockwise (strictly).
            if (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= 0:
                hull.pop()
            else:
                break
        hull.append((px, py))
    return np.array(hull, dtype=np.float64).reshape(-1, 2)


def roc_convex_hull(fpr, tpr, *, atol=1e-12):
    """ROC convex hull of operating points and which points lie on it.

    Parameters
    ----------
    fpr : array-like of shape (n_points,)
        False positive rates of the operating points, in ``[0, 1]``.
    tpr : array-like of shape (n_points,)
        True positive rates, in ``[0, 1]``.
    atol : float, default=1e-12
        Tolerance for a point to count as lying on the hull.

    Returns
    -------
    hull_fpr : ndarray of shape (n_vertices,)
        FPR of the hull vertices, increasing, from 0 to 1.
    hull_tpr : ndarray of shape (n_vertices,)
        TPR of the hull vertices; the hull starts at ``(0, 0)`` and ends at
        ``(1, 1)`` (the trivial classifiers are always included).
    on_hull : ndarray of shape (n_points,), dtype=bool
        Whether each operating point lies on the hull's upper boundary, i.e.
        is optimal for some class ratio and cost ratio (vertices and points
        on edges between vertices).

    See Also
    --------
    roc_hull_auc : Area under the hull.
    roc_hull_optimal_point : The best point for a given iso-performance slope.

    Examples
    --------
    >>> from skpapers.metrics import roc_convex_hull
    >>> hull_fpr, hull_tpr, on_hull = roc_convex_hull([0.1, 0.3, 0.4], [0.5, 0.6, 0.9])
    >>> hull_fpr.tolist(), hull_tpr.tolist()
    ([0.0, 0.1, 0.4, 1.0], [0.0, 0.5, 0.9, 1.0])
    >>> on_hull.tolist()
    [True, False, True]
    """
    fpr, tpr = _check_points(fpr, tpr)
    x = np.concatenate(([0.0, 1.0], fpr))
    y = np.concatenate(([0.0, 1.0], tpr))
    order = np.lexsort((y, x))
    hull = _upper_hull(x[order], y[order])
    # A vertical first edge (points at FPR 0) keeps only its top.
    if hull.shape[0] > 1 and hull[1, 0] == 0.0:
        hull = np.vstack(([0.0, 0.0], hull[1:]))
    hull_fpr, hull_tpr = hull[:, 0], hull[:, 1]
    start = 1 if hull.shape[0] > 1 and hull_fpr[1] == 0.0 else 0
    level = np.interp(fpr, hull_fpr[start:], hull_tpr[start:])
    on_hull = np.abs(tpr - level) <= atol
    return hull_fpr, hull_tpr, on_hull


def roc_hull_auc(fpr, tpr):
    """Area under the ROC convex hull of operating points.

    The trapezoid rule over the hull vertices, i.e. the AUC of the best
    classifier one can build by choosing (or randomly mixing) the given
    operating points.

    Parameters
    ----------
    fpr : array-like of shape (n_points,)
        False positive rates.
    tpr : array-like of shape (n_points,)
        True positive rates.

    Returns
    -------
    auc : float
        Area in ``[0.5, 1]`` (the diagonal is always reachable).

    Examples
    --------
    >>> from skpapers.metrics import roc_hull_auc
    >>> float(roc_hull_auc([0.2], [0.8]))
    0.8
    """
    hull_fpr, hull_tpr, _ = roc_convex_hull(fpr, tpr)
    return float(np.sum(np.diff(hull_fpr) * (hull_tpr[1:] + hull_tpr[:-1]) / 2))


def roc_hull_optimal_point(fpr, tpr, slope):
    """Index of the operating point with the lowest expected cost.

    An iso-performance line ``TPR = slope * FPR + c`` joins classifiers of
    equal expected cost, with ``slope = (cost_FP * P(negative)) /
    (cost_FN * P(positive))``. The optimal classifier maximises
    ``TPR - slope * FPR``; it lies on the ROC convex hull.

    Parameters
    ----------
    fpr : array-like of shape (n_points,)
        False positive rates.
    tpr : array-like of shape (n_points,)
        True positive rates.
    slope : float
        Positive slope of the iso-performance lines.

    Returns
    -------
    index : int
        Index of the best operating point (the first one on ties).

    Examples
    --------
    >>> from skpapers.metrics import roc_hull_optimal_point
    >>> roc_hull_optimal_point([0.1, 0.4], [0.5, 0.9], slope=0.5)
    1
    >>> roc_hull_optimal_point([0.1, 0.4], [0.5, 0.9], slope=4.0)
    0
    """
    fpr, tpr = _check_points(fpr, tpr)
    if fpr.size == 0:
        raise ValueError("fpr and tpr are empty; need at least one point.")
    slope = float(slope)
    if not np.isfinite(slope) or slope <= 0:
        raise ValueError(f"slope must be a positive finite number; got {slope}.")
    return int(np.argmax(tpr - slope * fpr))
