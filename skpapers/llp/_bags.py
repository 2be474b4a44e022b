"""Bags: making them, checking them, and scoring predictions at bag level."""

import numbers
import warnings

import numpy as np
import pandas as pd
from sklearn import get_config
from sklearn.metrics import make_scorer
from sklearn.utils import check_random_state
from sklearn.utils.validation import column_or_1d

from skpapers.utils._validation import check_class_labels


def make_bags(y, bag_size, random_state=None, *, X=None):
    """Group rows into bags and return each row's bag and bag proportion.

    Random bags (the paper's setting) shuffle the rows and cut them into
    consecutive groups of ``bag_size``; the last bag holds the remainder when
    ``n_samples`` is not a multiple of ``bag_size``. With ``X`` given, bags are
    feature correlated: rows are ordered by a random one-dimensional
    projection of ``X`` (ties broken at random) before cutting, so a bag
    holds similar rows and its proportion is far from the global prevalence.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Binary instance labels (0/1 or two distinct values; the larger value
        is the positive class).
    bag_size : int
        Number of rows per bag, at least 1.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle (and of the projection).
    X : array-like of shape (n_samples, n_features), default=None
        When given, make feature-correlated bags.

    Returns
    -------
    bags : ndarray of shape (n_samples,), int
        Bag id of every row, in ``0 .. n_bags - 1``.
    proportions : ndarray of shape (n_samples,), float
        Positive proportion of each row's bag: the ``y`` that ``fit`` takes.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.llp import make_bags
    >>> y = np.array([0, 1, 1, 0, 1, 1, 0])
    >>> bags, proportions = make_bags(y, bag_size=3, random_state=0)
    >>> np.bincount(bags).tolist()  # two bags of three, the remainder bag of one
    [3, 3, 1]
    >>> bool(np.allclose(proportions.sum(), sum(np.bincount(bags, weights=y))))
    True
    """
    y = column_or_1d(y)
    if not isinstance(bag_size, numbers.Integral) or isinstance(bag_size, bool):
        raise TypeError(f"bag_size must be an int, got {type(bag_size).__name__}.")
    if bag_size < 1:
        raise ValueError(
            f"bag_size must be at least 1 (a bag of size 0 holds no row), got {bag_size}."
        )
    n = y.shape[0]
    if n == 0:
        raise ValueError("y is empty: cannot make bags from 0 samples.")
    classes = np.unique(y)
    if classes.size > 2:
        raise ValueError(
            f"y must hold binary labels to make bags, got {classes.size} classes."
        )
    positive = (y == classes[-1]).astype(np.float64) if classes.size == 2 else (
        np.asarray(y, dtype=np.float64) > 0
    ).astype(np.float64)
    rng = check_random_state(random_state)
    if X is None:
        order = rng.permutation(n)
    else:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] != n:
            raise ValueError(
                f"X must be 2-D with {n} rows like y, got shape {X.shape}."
            )
        direction = rng.normal(size=X.shape[1])
        key = X @ direction
        order = np.lexsort((rng.random_sample(n), key))
    bags = np.empty(n, dtype=np.int64)
    bags[order] = np.arange(n) // bag_size
    sums = np.bincount(bags, weights=positive)
    sizes = np.bincount(bags)
    return bags, (sums / sizes)[bags]


def _encode_bags(bags, n_samples):
    """Bag ids -> contiguous indices, with clear errors for bad input."""
    bags = np.asarray(bags)
    if bags.ndim != 1:
        bags = column_or_1d(bags)
    if bags.shape[0] != n_samples:
        raise ValueError(
            f"bags must give one bag id per row: X has {n_samples} rows, "
            f"bags has {bags.shape[0]}."
        )
    if bags.dtype.kind == "f":
        if np.isnan(bags).any():
            raise ValueError("bags has missing values (NaN): every row needs a bag id.")
        if not np.all(bags == np.round(bags)):
            raise ValueError("bags must hold integer bag ids, got fractional values.")
    elif bags.dtype.kind == "O":
        missing = np.asarray(pd.isna(bags), dtype=bool)  # None, NaN, pd.NA, NaT
        if missing.any():
            raise ValueError(
                "bags has missing values (None, NaN or pd.NA) at rows "
                f"{np.flatnonzero(missing)[:5].tolist()}: every row needs a bag id."
            )
        check_class_labels(bags, input_name="bags")  # str mixed with numbers
    elif bags.dtype.kind not in "iubUS":  # text ids, as object arrays of str are
        raise TypeError(f"bags must hold integer bag ids, got dtype {bags.dtype}.")
    _, bag_index = np.unique(bags, return_inverse=True)
    return bag_index.astype(np.int64).ravel()


def check_bag_targets(y, bags, n_samples, *, warn_rounding=True):
    """Validate bag proportions; return bag indices, counts and sizes.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Positive proportion of every row's bag.
    bags : array-like of shape (n_samples,)
        Bag id per row.
    n_samples : int

    Returns
    -------
    proportions : ndarray of shape (n_samples,)
        ``y`` rounded to the nearest ``k / |B|``.
    bag_index : ndarray of shape (n_samples,), int
    counts : ndarray of shape (n_bags,)
        Positive count of every bag (integers stored as float).
    sizes : ndarray of shape (n_bags,), int
    """
    bag_index = _encode_bags(bags, n_samples)
    y = column_or_1d(y, warn=True)
    try:
        y = y.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            "y must hold the positive proportion (a number in [0, 1]) of each "
            f"row's bag when bags is given; got {y.dtype} values."
        ) from exc
    if y.shape[0] != n_samples:
        raise ValueError(f"y has {y.shape[0]} rows, X has {n_samples}.")
    if not np.all(np.isfinite(y)):
        raise ValueError("y (bag proportions) contains NaN or inf.")
    if y.min() < 0 or y.max() > 1:
        raise ValueError(
            "y (bag proportions) must lie in [0, 1], got values in "
            f"[{y.min():g}, {y.max():g}]."
        )
    n_bags = int(bag_index.max()) + 1
    sizes = np.bincount(bag_index, minlength=n_bags)
    first = np.full(n_bags, -1, dtype=np.int64)
    first[bag_index[::-1]] = np.arange(n_samples)[::-1]
    bag_prop = y[first]
    disagree = np.abs(y - bag_prop[bag_index]) > 1e-9
    if disagree.any():
        bad = int(bag_index[np.flatnonzero(disagree)[0]])
        rows = np.flatnonzero(bag_index == bad)[:5]
        raise ValueError(
            "every row of a bag must carry the same proportion in y; the bag of "
            f"rows {rows.tolist()} has values {np.unique(y[rows]).tolist()}."
        )
    raw = bag_prop * sizes
    counts = np.round(raw)
    off = np.abs(raw - counts) > 1e-6
    if off.any() and warn_rounding:
        warnings.warn(
            f"{int(off.sum())} bag proportion(s) are not k/|B| for any integer k "
            f"(e.g. {bag_prop[off][0]:g} for a bag of {sizes[off][0]} rows); "
            "rounded to the nearest k/|B|.",
            UserWarning,
        )
    return (counts / sizes)[bag_index], bag_index, counts, sizes


def bag_proportion_error(y_true, y_prob, *, bags):
    """Mean absolute gap between true and predicted bag proportions.

    For every bag ``B`` the predicted proportion is the mean predicted
    probability of its rows; the error is ``mean_B |p_B - mean_{i in B} p_i|``.
    Only bag-level labels are needed, so it scores LLP models without any
    instance label (lower is better).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True proportion of each row's bag (the ``y`` of ``fit``).
    y_prob : array-like of shape (n_samples,) or (n_samples, 2)
        Predicted probability of the positive class (the second column is
        used for a two-column ``predict_proba`` output).
    bags : array-like of shape (n_samples,)
        Bag id per row.

    Returns
    -------
    float

    Examples
    --------
    >>> from skpapers.llp import bag_proportion_error
    >>> err = bag_proportion_error([0.5, 0.5, 1.0], [0.2, 0.6, 0.9], bags=[0, 0, 1])
    >>> round(err, 6)  # bag 0: |0.5 - 0.4|, bag 1: |1.0 - 0.9|
    0.1
    """
    y_prob = np.asarray(y_prob, dtype=np.float64)
    if y_prob.ndim == 2:
        if y_prob.shape[1] != 2:
            raise ValueError(
                f"y_prob must be 1-D or have 2 columns, got shape {y_prob.shape}."
            )
        y_prob = y_prob[:, 1]
    n = y_prob.shape[0]
    if n == 0:
        raise ValueError("y_prob is empty: a bag of size 0 cannot be scored.")
    if bags is None:
        raise TypeError("bag_proportion_error needs bags= (one bag id per row).")
    y_true, bag_index, counts, sizes = check_bag_targets(
        y_true, bags, n, warn_rounding=False
    )
    if not np.all(np.isfinite(y_prob)):
        raise ValueError("y_prob contains NaN or inf.")
    predicted = np.bincount(bag_index, weights=y_prob) / sizes
    return float(np.mean(np.abs(counts / sizes - predicted)))


def make_bag_scorer():
    """Scorer for ``GridSearchCV(scoring=...)`` that needs only bag labels.

    Returns the negated :func:`bag_proportion_error` of ``predict_proba`` and
    requests ``bags`` through metadata routing (higher is better). Routing
    must be on (``sklearn.set_config(enable_metadata_routing=True)``): without
    it scikit-learn passes no metadata to scorers.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, bags=...)``.

    Examples
    --------
    >>> import sklearn
    >>> from skpapers.llp import make_bag_scorer
    >>> with sklearn.config_context(enable_metadata_routing=True):
    ...     scorer = make_bag_scorer()
    >>> scorer.get_metadata_routing().score.requests
    {'bags': True}
    """
    if not get_config()["enable_metadata_routing"]:
        raise RuntimeError(
            "make_bag_scorer needs metadata routing to receive bags: call "
            "sklearn.set_config(enable_metadata_routing=True) first."
        )
    scorer = make_scorer(
        bag_proportion_error, greater_is_better=False, response_method="predict_proba"
    )
    return scorer.set_score_request(bags=True)
