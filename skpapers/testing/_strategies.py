"""Hypothesis strategies for the inputs skpapers' metrics and estimators take.

Every strategy returns NumPy arrays and respects a written contract (both
classes present, proportions that some hidden 0/1 labels produce, ...); the
contracts are themselves tested over many draws in ``tests/testing``.
"""

import math

import numpy as np
from hypothesis import strategies as st

_TIES = ("none", "some", "many", "all")
_WEIGHTS = (None, "float", "integer")
_DTYPES = ("float64", "float32")


def _check_choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}.")


def _score_elements(dtype, extreme):
    """Finite floats; with ``extreme`` the whole range, subnormals included."""
    width = 32 if dtype == "float32" else 64
    if extreme:
        bound = float(np.float32(3e38)) if width == 32 else 1e300
        return st.one_of(
            st.floats(-bound, bound, width=width, allow_subnormal=True),
            st.sampled_from([0.0, 5e-324 if width == 64 else 1e-45, -bound, bound]).map(
                lambda v: float(np.dtype(dtype).type(v))
            ),
        )
    return st.floats(-1e3, 1e3, width=width, allow_subnormal=False)


def _n_positives(draw, n, prevalence):
    if prevalence is None:
        return draw(st.integers(1, n - 1))
    if isinstance(prevalence, tuple):
        low, high = prevalence
        lo = max(1, math.ceil(low * n))
        hi = min(n - 1, math.floor(high * n))
        if lo > hi:  # the range holds no count at this size: take the nearest
            lo = hi = min(n - 1, max(1, round((low + high) / 2 * n)))
        return draw(st.integers(lo, hi))
    return min(n - 1, max(1, round(prevalence * n)))


def _check_prevalence(prevalence):
    if prevalence is None:
        return
    bounds = prevalence if isinstance(prevalence, tuple) else (prevalence, prevalence)
    if len(bounds) != 2 or not 0 < bounds[0] <= bounds[1] < 1:
        raise ValueError(
            "prevalence must be None, a float in (0, 1) or a (low, high) tuple with "
            f"0 < low <= high < 1; got {prevalence!r}."
        )


@st.composite
def _binary_scores(draw, min_size, max_size, ties, weights, prevalence, dtype, extreme,
                   zero_weights):
    n = draw(st.integers(min_size, max_size))
    n_pos = _n_positives(draw, n, prevalence)
    y_true = np.array(draw(st.permutations([1] * n_pos + [0] * (n - n_pos))), dtype=np.int64)

    elements = _score_elements(dtype, extreme)
    if ties == "none":
        values = draw(st.lists(elements, min_size=n, max_size=n, unique=True))
    elif ties == "all":
        values = [draw(elements)] * n
    else:
        max_pool = n if ties == "some" else min(n, 3)
        pool = draw(st.lists(elements, min_size=1, max_size=max_pool, unique=True))
        index = draw(st.lists(st.integers(0, len(pool) - 1), min_size=n, max_size=n))
        values = [pool[i] for i in index]
    y_score = np.array(values, dtype=dtype)

    sample_weight = None
    if weights == "float":
        sample_weight = np.array(
            draw(st.lists(st.floats(1e-3, 1e3), min_size=n, max_size=n)), dtype=np.float64
        )
    elif weights == "integer":
        sample_weight = np.array(
            draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)), dtype=np.float64
        )
    if sample_weight is not None and zero_weights:
        zero = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        # one positive and one negative always keep their weight
        zero[np.flatnonzero(y_true == 1)[0]] = zero[np.flatnonzero(y_true == 0)[0]] = False
        sample_weight[zero] = 0.0
    return y_true, y_score, sample_weight


def binary_scores(
    min_size=2,
    max_size=50,
    *,
    ties="some",
    weights=None,
    prevalence=None,
    dtype="float64",
    extreme=False,
    zero_weights=False,
):
    """Strategy for binary ranking problems ``(y_true, y_score, sample_weight)``.

    Both classes are always present. ``y_true`` holds 0/1 as int64,
    ``y_score`` finite values of ``dtype``, ``sample_weight`` is ``None`` or a
    float64 array of non-negative weights (positive unless ``zero_weights``).

    Parameters
    ----------
    min_size, max_size : int, default=2, 50
        Range of the number of samples (``min_size >= 2``).
    ties : {"none", "some", "many", "all"}, default="some"
        ``"none"``: all scores distinct; ``"some"``: scores drawn from a pool, so
        ties happen; ``"many"``: at most three distinct scores; ``"all"``: one
        score for every sample.
    weights : {None, "float", "integer"}, default=None
        ``None``: no weights; ``"float"``: positive floats in [1e-3, 1e3];
        ``"integer"``: whole numbers 1 to 5 (stored as float64).
    zero_weights : bool, default=False
        With weights, set some of them to exactly zero (one positive and one
        negative always keep a positive weight).
    prevalence : float, (float, float) or None, default=None
        Share of positives: exact (rounded, at least one of each class), a
        ``(low, high)`` range, or ``None`` for anything from one positive to one
        negative.
    dtype : {"float64", "float32"}, default="float64"
        dtype of ``y_score``.
    extreme : bool, default=False
        Draw scores from the whole finite range, subnormals and values near
        1e300 (3e38 for float32) included, instead of [-1e3, 1e3].

    Returns
    -------
    strategy : hypothesis.strategies.SearchStrategy
        Draws ``(y_true, y_score, sample_weight)``.

    Examples
    --------
    >>> from hypothesis import given
    >>> from skpapers.testing import binary_scores
    >>> @given(binary_scores(ties="many", weights="integer"))
    ... def test_both_classes(data):
    ...     y_true, y_score, sample_weight = data
    ...     assert 0 < y_true.sum() < len(y_true)
    >>> test_both_classes()
    """
    if min_size < 2 or max_size < min_size:
        raise ValueError(
            f"need 2 <= min_size <= max_size; got min_size={min_size}, max_size={max_size}."
        )
    _check_choice("ties", ties, _TIES)
    _check_choice("weights", weights, _WEIGHTS)
    _check_choice("dtype", dtype, _DTYPES)
    _check_prevalence(prevalence)
    return _binary_scores(
        min_size, max_size, ties, weights, prevalence, dtype, extreme, zero_weights
    )


@st.composite
def _ordinal_targets(draw, min_classes, max_classes, min_per_class, max_samples,
                     n_features, weights):
    n_classes = draw(st.integers(min_classes, max_classes))
    counts = draw(
        st.lists(
            st.integers(min_per_class, max(min_per_class, max_samples // n_classes)),
            min_size=n_classes,
            max_size=n_classes,
        )
    )
    labels = np.repeat(np.arange(n_classes), counts)
    y = np.array(draw(st.permutations(labels.tolist())), dtype=np.int64)
    p = draw(st.integers(*n_features)) if isinstance(n_features, tuple) else n_features
    values = st.floats(-10, 10, allow_subnormal=False)
    X = np.array(
        draw(st.lists(values, min_size=len(y) * p, max_size=len(y) * p)), dtype=np.float64
    ).reshape(len(y), p)
    sample_weight = None
    if weights:
        sample_weight = np.array(
            draw(st.lists(st.floats(0.1, 10), min_size=len(y), max_size=len(y)))
        )
    return X, y, sample_weight


def ordinal_targets(
    min_classes=3,
    max_classes=6,
    *,
    min_per_class=1,
    max_samples=60,
    n_features=(1, 4),
    weights=False,
):
    """Strategy for ordinal problems ``(X, y, sample_weight)``.

    ``y`` holds the ordered classes ``0 .. K-1`` (int64), every class present
    at least ``min_per_class`` times; ``X`` is float64 in [-10, 10] (rows may
    repeat, so ties happen).

    Parameters
    ----------
    min_classes, max_classes : int, default=3, 6
        Range of the number of classes K.
    min_per_class : int, default=1
        Smallest count of every class.
    max_samples : int, default=60
        Upper bound (approximate) on the number of rows.
    n_features : int or (int, int), default=(1, 4)
        Number of features, or a range to draw it from.
    weights : bool, default=False
        Also draw positive sample weights in [0.1, 10].

    Returns
    -------
    strategy : hypothesis.strategies.SearchStrategy

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from skpapers.testing import ordinal_targets
    >>> @settings(max_examples=10)
    ... @given(ordinal_targets(min_per_class=2))
    ... def test_every_class_present(data):
    ...     X, y, _ = data
    ...     assert set(y) == set(range(y.max() + 1))
    >>> test_every_class_present()
    """
    if not 2 <= min_classes <= max_classes:
        raise ValueError(
            f"need 2 <= min_classes <= max_classes; got {min_classes}, {max_classes}."
        )
    if min_per_class < 1:
        raise ValueError(f"min_per_class must be >= 1; got {min_per_class}.")
    return _ordinal_targets(
        min_classes, max_classes, min_per_class, max_samples, n_features, weights
    )


@st.composite
def _bagged_proportions(draw, min_bags, max_bags, min_bag_size, max_bag_size):
    n_bags = draw(st.integers(min_bags, max_bags))
    sizes = draw(
        st.lists(st.integers(min_bag_size, max_bag_size), min_size=n_bags, max_size=n_bags)
    )
    bags = np.repeat(np.arange(n_bags), sizes)
    order = np.array(draw(st.permutations(range(len(bags)))), dtype=np.int64)
    bags = bags[order]
    labels = np.array(
        draw(st.lists(st.integers(0, 1), min_size=len(bags), max_size=len(bags))),
        dtype=np.int64,
    )
    positives = np.bincount(bags, weights=labels, minlength=n_bags)
    proportions = (positives / np.asarray(sizes, dtype=np.float64))[bags]
    return bags, proportions, labels


def bagged_proportions(min_bags=1, max_bags=8, *, min_bag_size=1, max_bag_size=16):
    """Strategy for learning-from-label-proportions data ``(bags, proportions, labels)``.

    ``labels`` are hidden 0/1 instance labels, ``bags`` an int bag id per row
    (rows of a bag are not contiguous), and ``proportions`` the positive share
    of each row's bag, so ``proportions * bag size`` is a whole number.

    Parameters
    ----------
    min_bags, max_bags : int, default=1, 8
        Range of the number of bags.
    min_bag_size, max_bag_size : int, default=1, 16
        Range of each bag's size.

    Returns
    -------
    strategy : hypothesis.strategies.SearchStrategy

    Examples
    --------
    >>> import numpy as np
    >>> from hypothesis import given, settings
    >>> from skpapers.testing import bagged_proportions
    >>> @settings(max_examples=10)
    ... @given(bagged_proportions())
    ... def test_consistent(data):
    ...     bags, proportions, labels = data
    ...     for b in np.unique(bags):
    ...         assert np.allclose(proportions[bags == b], labels[bags == b].mean())
    >>> test_consistent()
    """
    if not 1 <= min_bags <= max_bags or not 1 <= min_bag_size <= max_bag_size:
        raise ValueError(
            "need 1 <= min_bags <= max_bags and 1 <= min_bag_size <= max_bag_size; got "
            f"bags ({min_bags}, {max_bags}), sizes ({min_bag_size}, {max_bag_size})."
        )
    return _bagged_proportions(min_bags, max_bags, min_bag_size, max_bag_size)


@st.composite
def _clustered_points(draw, min_clusters, max_clusters, n_features, min_per_cluster,
                      max_per_cluster, separation):
    k = draw(st.integers(min_clusters, max_clusters))
    sizes = draw(
        st.lists(st.integers(min_per_cluster, max_per_cluster), min_size=k, max_size=k)
    )
    # Centres on the axes, `separation` apart; points within a unit cube of them.
    centers = np.zeros((k, n_features))
    for j in range(k):
        centers[j, j % n_features] = separation * (j // n_features + 1) * (
            1 if j % 2 == 0 else -1
        )
    labels = np.repeat(np.arange(k), sizes)
    offsets = np.array(
        draw(
            st.lists(
                st.floats(-1, 1, allow_subnormal=False),
                min_size=labels.size * n_features,
                max_size=labels.size * n_features,
            )
        )
    ).reshape(labels.size, n_features)
    return centers[labels] + offsets, labels


def clustered_points(
    min_clusters=1,
    max_clusters=5,
    *,
    n_features=2,
    min_per_cluster=2,
    max_per_cluster=20,
    separation=10.0,
):
    """Strategy for clustered data ``(X, labels)`` with well-separated clusters.

    Cluster centres lie on the coordinate axes; each point is within 1 (in
    every coordinate) of its centre, so with ``separation > 2 * sqrt(n_features)``
    clusters never overlap and the true labels are recoverable.

    Parameters
    ----------
    min_clusters, max_clusters : int, default=1, 5
        Range of the number of clusters.
    n_features : int, default=2
        Dimension of the points.
    min_per_cluster, max_per_cluster : int, default=2, 20
        Range of each cluster's size.
    separation : float, default=10.0
        Smallest distance of a centre from the origin (and scale of the layout).

    Returns
    -------
    strategy : hypothesis.strategies.SearchStrategy

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from skpapers.testing import clustered_points
    >>> @settings(max_examples=10)
    ... @given(clustered_points(min_clusters=2))
    ... def test_shapes(data):
    ...     X, labels = data
    ...     assert X.shape[0] == labels.shape[0]
    >>> test_shapes()
    """
    if not 1 <= min_clusters <= max_clusters:
        raise ValueError(
            f"need 1 <= min_clusters <= max_clusters; got {min_clusters}, {max_clusters}."
        )
    if n_features < 1 or min_per_cluster < 1 or max_per_cluster < min_per_cluster:
        raise ValueError(
            "need n_features >= 1 and 1 <= min_per_cluster <= max_per_cluster; got "
            f"{n_features}, {min_per_cluster}, {max_per_cluster}."
        )
    return _clustered_points(
        min_clusters, max_clusters, n_features, min_per_cluster, max_per_cluster,
        float(separation),
    )
