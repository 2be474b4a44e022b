"""Learning curves of several estimators on the same stratified subsets."""

import time
import warnings
from numbers import Integral, Real

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone, is_classifier
from sklearn.model_selection import StratifiedShuffleSplit, check_cv
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    column_or_1d,
)

from skpapers.model_selection._comparison import LearningCurveComparison, _sizes_needed
from skpapers.utils._progress import progress


def _named_estimators(estimators):
    """``dict`` name -> estimator from a dict, (name, est) pairs or estimators."""
    if isinstance(estimators, dict):
        pairs = list(estimators.items())
    else:
        pairs = []
        for item in estimators:
            if isinstance(item, tuple) and len(item) == 2:
                pairs.append(item)
            else:
                pairs.append((type(item).__name__, item))
    if not pairs:
        raise ValueError("estimators must hold at least one estimator.")
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"estimators need unique names; got {names}.")
    for name, est in pairs:
        if not (hasattr(est, "fit") and hasattr(est, "predict")):
            raise TypeError(f"estimators[{name!r}] has no fit/predict: {est!r}.")
    return dict(pairs)


def _check_train_sizes(train_sizes, pool_size, n_classes):
    sizes = np.asarray(train_sizes)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("train_sizes must be a non-empty 1-D array of sizes.")
    if np.issubdtype(sizes.dtype, np.floating):
        if np.all((sizes > 0) & (sizes <= 1)):
            sizes = np.floor(sizes * pool_size)
        sizes = sizes.astype(int)
    elif not np.issubdtype(sizes.dtype, np.integer):
        raise TypeError("train_sizes must be integers or fractions in (0, 1].")
    sizes = np.unique(sizes)
    if sizes[0] < n_classes:
        raise ValueError(
            f"train_sizes must be at least the number of classes ({n_classes}) "
            f"so that every subset contains every class; got {sizes[0]}."
        )
    if sizes[-1] > pool_size:
        raise ValueError(
            f"train_sizes must not exceed the smallest training pool "
            f"({pool_size} samples); got {sizes[-1]}."
        )
    return sizes


def _check_asymptote(asymptote, estimators):
    """``None``, a finite number, or a dict of them keyed by estimator name."""
    values = asymptote.items() if isinstance(asymptote, dict) else [(None, asymptote)]
    for name, value in values:
        where = "asymptote" if name is None else f"asymptote[{name!r}]"
        if name is not None and name not in estimators:
            raise ValueError(
                f"{where}: {name!r} is not an estimator name; names: {list(estimators)}."
            )
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
            raise ValueError(
                f"{where} must be None or a finite number (the fixed asymptotic "
                f"error); got {value!r}."
            )


def _warn_if_too_few_sizes(sizes, asymptote, names):
    """The curve ``a + b m^-c`` needs 3 distinct sizes (2 with ``a`` fixed)."""
    short = [name for name in names if sizes.size < _sizes_needed(asymptote, name)]
    if short:
        warnings.warn(
            f"train_sizes gives {sizes.size} distinct size(s) {sizes.tolist()}: "
            f"too few to fit err(m) = a + b * m**-c for {short} (3 distinct sizes "
            "are needed, 2 with the asymptote fixed). The errors are measured; "
            "the fitted parameters, m_star and fitted crossovers are NaN.",
            UserWarning,
            stacklevel=3,
        )


def stratified_subset(pool_labels, size, rng):
    """Indices into a pool of a random subset with every class, proportionally.

    Each class gets one sample, the remaining ``size - n_classes`` are split
    in proportion to what every class has left (largest remainders), and the
    members are drawn at random without replacement.

    Parameters
    ----------
    pool_labels : ndarray of shape (n_pool,), int
        Class index of each pool member (every class present).
    size : int
        Subset size, ``n_classes <= size <= n_pool``.
    rng : numpy.random.Generator

    Returns
    -------
    indices : ndarray of shape (size,)
        Positions in the pool.
    """
    counts = np.bincount(pool_labels)
    n_classes = counts.size
    spare = counts - 1
    extra = size - n_classes
    share = extra * spare / spare.sum() if spare.sum() else np.zeros(n_classes)
    quota = np.floor(share).astype(int)
    short = extra - quota.sum()
    if short:
        order = np.argsort(-(share - quota), kind="stable")
        quota[order[:short]] += 1
    quota += 1
    members = [
        rng.choice(np.flatnonzero(pool_labels == k), quota[k], replace=False)
        for k in range(n_classes)
    ]
    return rng.permutation(np.concatenate(members))


def _run_one(estimators, X, y, train, test):
    """Fit every estimator on ``train`` and return test errors and fit times."""
    errors, times = [], []
    for est in estimators.values():
        model = clone(est)
        start = time.perf_counter()
        model.fit(_safe_indexing(X, train), y[train])
        times.append(time.perf_counter() - start)
        errors.append(float(np.mean(model.predict(_safe_indexing(X, test)) != y[test])))
    return errors, times


def compare_learning_curves(
    estimators,
    X,
    y,
    train_sizes,
    *,
    n_repeats=5,
    cv=None,
    epsilon=0.01,
    asymptote=None,
    n_bootstrap=200,
    confidence=0.9,
    n_jobs=None,
    random_state=None,
    verbose=0,
):
    """Learning curves of several classifiers, fitted power laws and crossovers.

    For each train/test split of ``cv``, each training size ``m`` and each of
    ``n_repeats`` repeats, one random subset of ``m`` training samples that
    contains every class (stratified) is drawn, and every estimator is fitted
    on that same subset and scored by its test error (misclassification
    rate). A power law ``err(m) = a + b m^(-c)`` is then fitted to each
    estimator's errors (robust least squares with bounds), which gives its
    asymptotic error ``a``, the size ``m*`` where it gets within ``epsilon``
    of ``a`` (Zheng et al.: ``O(log n)`` for naive Bayes, ``O(n)`` for
    logistic regression), and the sizes where two curves cross (the "two
    regimes").

    Parameters
    ----------
    estimators : dict, list of (name, estimator) or list of estimators
        Classifiers to compare; they are cloned.
    X : array-like of shape (n_samples, n_features)
        Data.
    y : array-like of shape (n_samples,)
        Class labels.
    train_sizes : array-like of int or of float in (0, 1]
        Training sizes (fractions are of the smallest training pool). Each
        must be at least the number of classes.
    n_repeats : int, default=5
        Random subsets per size and split.
    cv : int, cross-validation splitter, iterable of (train, test) or None
        Train/test splits; the training part is the pool subsets are drawn
        from. ``None``: one stratified 75 % / 25 % split. An int is the
        number of stratified folds.
    epsilon : float, default=0.01
        Tolerance defining ``m*`` (distance to the asymptotic error).
    asymptote : float or dict or None, default=None
        Fix the asymptotic error (e.g. a known Bayes error) instead of
        fitting it; a dict gives one value per estimator name.
    n_bootstrap : int, default=200
        Bootstrap resamples of the runs for the intervals (0: none).
    confidence : float, default=0.9
        Level of the percentile intervals.
    n_jobs : int or None, default=None
        Parallel runs through joblib: threads by default (the fits release the
        GIL); any backend set with ``joblib.parallel_config`` (loky, Dask,
        Ray) is used instead.
    random_state : int, RandomState instance or None, default=None
        Seed of the splits, the subsets and the bootstrap. Results do not
        depend on ``n_jobs``.
    verbose : int, default=0
        0: silent. 1: a progress bar over the (split, repeat, size) tasks on
        a terminal, one line per task elsewhere (see
        :func:`skpapers.utils._progress.progress`).

    Raises
    ------
    ValueError
        When ``epsilon`` is not a positive finite number, ``confidence`` not
        in (0, 1), ``asymptote`` not finite or names an unknown estimator.

    Warns
    -----
    UserWarning
        When ``train_sizes`` gives fewer than 3 distinct sizes (2 with the
        asymptote fixed): the errors are measured, but the curve is not
        identified and its parameters are NaN.

    Returns
    -------
    result : LearningCurveComparison
        Errors, fitted curves, ``m*``, crossovers; ``.to_frame()``,
        ``.summary()``, ``.crossovers()``, ``.plot()``.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skpapers.datasets import make_gaussian_mixture_classification
    >>> from skpapers.model_selection import compare_learning_curves
    >>> from skpapers.naive_bayes import PooledGaussianNB
    >>> X, y = make_gaussian_mixture_classification(3000, n_features=20, random_state=0)
    >>> result = compare_learning_curves(
    ...     {"NB": PooledGaussianNB(), "LR": LogisticRegression()}, X, y,
    ...     train_sizes=[4, 8, 16, 32, 64, 128, 256], n_repeats=3,
    ...     n_bootstrap=0, random_state=0)
    >>> result.summary()[["estimator", "asymptotic_error"]].shape
    (2, 2)
    """
    estimators = _named_estimators(estimators)
    if not hasattr(X, "iloc"):
        # arrays are checked here; a DataFrame goes to the estimators as it is
        # (its text or categorical columns are theirs to encode, as in
        # sklearn's learning_curve)
        X = check_array(X, accept_sparse=["csr"], dtype=None, ensure_all_finite=True)
    y = column_or_1d(y)
    check_consistent_length(X, y)
    if not isinstance(n_repeats, Integral) or n_repeats < 1:
        raise ValueError(f"n_repeats must be a positive integer; got {n_repeats!r}.")
    if not isinstance(epsilon, Real) or not (0 < epsilon < np.inf):
        raise ValueError(f"epsilon must be a positive finite number; got {epsilon!r}.")
    if not isinstance(confidence, Real) or not (0 < confidence < 1):
        raise ValueError(f"confidence must be a number in (0, 1); got {confidence!r}.")
    if (
        not isinstance(n_bootstrap, Integral)
        or isinstance(n_bootstrap, bool)
        or n_bootstrap < 0
    ):
        raise ValueError(
            f"n_bootstrap must be a non-negative integer; got {n_bootstrap!r}."
        )
    _check_asymptote(asymptote, estimators)
    classes, y_index = np.unique(y, return_inverse=True)
    if classes.size < 2:
        raise ValueError("y needs at least 2 classes for a learning curve.")
    rng = check_random_state(random_state)
    if cv is None:
        cv = StratifiedShuffleSplit(
            n_splits=1, test_size=0.25, random_state=rng.randint(2**31)
        )
    all_classifiers = all(is_classifier(e) for e in estimators.values())
    splits = list(check_cv(cv, y, classifier=all_classifiers).split(X, y))
    pool = min(len(train) for train, _ in splits)
    for i, (train, _) in enumerate(splits):
        missing = np.setdiff1d(np.arange(classes.size), y_index[train])
        if missing.size:
            raise ValueError(
                f"The training part of split {i} lacks classes {classes[missing]}."
            )
    sizes = _check_train_sizes(train_sizes, pool, classes.size)
    _warn_if_too_few_sizes(sizes, asymptote, estimators)

    # draw every subset up front: results do not depend on n_jobs or the backend
    seeds = np.random.SeedSequence(rng.randint(2**31)).spawn(len(splits) * n_repeats)
    tasks = []
    for s, (train, test) in enumerate(splits):
        for r in range(n_repeats):
            gen = np.random.default_rng(seeds[s * n_repeats + r])
            for j, m in enumerate(sizes):
                subset = train[stratified_subset(y_index[train], m, gen)]
                tasks.append((s, r, j, subset, test))

    # Threads by default: each task is a short fit whose NumPy/BLAS work releases
    # the GIL, and a process pool spends longer shipping X to its workers than
    # the fits take (measured: 1.06 s with 2 threads vs 1.85 s with 2 loky
    # processes and 1.44 s serial, 20,000 x 300, 7 sizes x 3 repeats). A
    # backend chosen with joblib.parallel_config (loky, Dask, Ray) still wins.
    out = Parallel(n_jobs=n_jobs, prefer="threads", return_as="generator")(
        delayed(_run_one)(estimators, X, y, subset, test)
        for _, _, _, subset, test in tasks
    )
    out = list(progress(out, verbose=verbose, total=len(tasks),
                        desc="learning curves (fits of every estimator at one size)"))
    n_runs = len(splits) * n_repeats
    errors = np.empty((len(estimators), sizes.size, n_runs))
    fit_times = np.empty_like(errors)
    for (s, r, j, _, _), (errs, times) in zip(tasks, out):
        errors[:, j, s * n_repeats + r] = errs
        fit_times[:, j, s * n_repeats + r] = times
    return LearningCurveComparison(
        names=list(estimators),
        train_sizes=sizes,
        errors=errors,
        fit_times=fit_times,
        epsilon=epsilon,
        asymptote=asymptote,
        n_bootstrap=n_bootstrap,
        confidence=confidence,
        random_state=rng.randint(2**31),
    )
