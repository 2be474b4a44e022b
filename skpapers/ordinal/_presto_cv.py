"""PRESTO with the penalty chosen by cross-validation along a warm-started path."""

import time
import warnings
from numbers import Integral, Real

import numpy as np
from joblib import Parallel, delayed
from scipy.special import expit
from sklearn.base import _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import check_cv
from sklearn.utils._param_validation import Interval, StrOptions

from skpapers._solvers.cumulative_logit import cumulative_to_class_proba
from skpapers._solvers.presto_path import alpha_grid, fit_path
from skpapers._solvers.presto_prox import prepare_data
from skpapers.ordinal._base import CumulativeLogitMixin
from skpapers.utils._progress import progress, write


def _validation_losses(coefs, mean, scale, X_val, y_val, w_val, scoring):
    """Loss of each path solution on the validation rows (lower is better)."""
    w_val = w_val / w_val.sum()
    losses = np.empty(len(coefs))
    for i, coef in enumerate(coefs):
        beta = coef[:, 1:] / scale
        intercept = coef[:, 0] - beta @ mean
        eta = np.asarray(X_val @ beta.T) + intercept
        proba = cumulative_to_class_proba(expit(eta))
        if scoring == "brier":
            proba[np.arange(len(y_val)), y_val] -= 1.0
            row = np.sum(proba**2, axis=1)
        else:
            row = -np.log(np.clip(proba[np.arange(len(y_val)), y_val], 1e-15, 1.0))
        losses[i] = w_val @ row
    return losses


def _fold_path(estimator, X, codes, weight, train, test, alphas, pf):
    """Fit the path on one training fold; return its validation losses."""
    w_train = weight[train] / weight[train].sum()
    Xs, mean, scale = estimator._standardized(X[train], w_train)
    data = prepare_data(Xs, codes[train], estimator.classes_.size, w_train)
    coefs, _, converged = fit_path(data, alphas, pf, max_iter=estimator.max_iter,
                                   tol=estimator.tol)
    losses = _validation_losses(coefs, mean, scale, X[test], codes[test],
                                weight[test], estimator.scoring)
    return losses, converged


class PrestoClassifierCV(CumulativeLogitMixin):
    """PRESTO with ``alpha`` chosen by K-fold cross-validation.

    Fits :class:`PrestoClassifier` along a decreasing, log-spaced grid of
    ``alpha`` from ``alpha_max`` (the smallest penalty at which all slope
    differences are zero; with ``first_penalty_factor > 0`` also ``beta_1``)
    down to ``alpha_min_ratio * alpha_max``, each fit warm-started from the
    previous one. Each fold's path is scored on its held-out rows with a
    proper scoring rule (the multiclass Brier score by default, as in the
    paper, or the log-loss); the ``alpha`` with the lowest mean loss is
    chosen (the largest one on ties) and the model is refitted on all the
    data at that ``alpha`` (the full-data path is kept for plotting).

    Read more in the :ref:`User Guide <presto>`.

    Parameters
    ----------
    alphas : int or array-like, default=20
        Number of grid values, or the grid itself (sorted decreasingly).
    alpha_min_ratio : float, default=0.01
        Smallest ``alpha`` of the automatic grid relative to ``alpha_max``.
    first_penalty_factor : float, default=1.0
        ``c``, the relative L1 weight of ``beta_1`` (see
        :class:`PrestoClassifier`).
    cv : int, cross-validation generator or iterable, default=5
        Folds; an int means :class:`~sklearn.model_selection.StratifiedKFold`.
    scoring : {"brier", "log_loss"}, default="brier"
        Validation loss: multiclass Brier score
        ``sum_k (p_k - 1{y = k})^2`` or the negative log-likelihood.
    n_jobs : int, default=None
        Folds fitted in parallel with joblib (any joblib backend).
    max_iter : int, default=100
        Maximum proximal Newton iterations per fit.
    tol : float, default=1e-8
        KKT tolerance of each fit.
    standardize : bool, default=True
        Standardise features (within each training fold, as for the final fit).
    categories : array-like, default=None
        The class labels from lowest to highest (default: the order of an
        ordered pandas Categorical ``y``, else the sorted labels).
    verbose : int, default=0
        0: silent. 1 or more: progress over the paths, one step per fold's
        path and one for the full-data path (a tqdm bar on a terminal with
        the ``progress`` extra installed, plain lines on standard error
        otherwise), then one line on standard output with the chosen
        ``alpha`` and the time taken. The results do not depend on it.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels in their ordinal order.
    alpha_ : float
        The chosen penalty.
    alphas_ : ndarray of shape (n_alphas,)
        The grid, decreasing.
    best_index_ : int
        Position of ``alpha_`` in ``alphas_``.
    cv_results_ : dict of ndarray
        ``param_alpha``, ``split{i}_test_score``, ``mean_test_score``,
        ``std_test_score`` and ``rank_test_score``; scores are negative losses
        (higher is better), as in scikit-learn.
    coef_ : ndarray of shape (n_classes - 1, n_features)
        Slopes refitted on all the data at ``alpha_`` (original scale).
    intercept_ : ndarray of shape (n_classes - 1,)
        Intercepts of the refit.
    coef_path_ : ndarray of shape (n_alphas, n_classes - 1, n_features)
        Full-data slopes at every ``alpha`` (original scale).
    intercept_path_ : ndarray of shape (n_alphas, n_classes - 1)
        Full-data intercepts at every ``alpha``.
    n_iter_ : int
        Solver iterations of the refit.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit (only when X has string column names).

    See Also
    --------
    PrestoClassifier : The model at a fixed ``alpha``.
    PrestoPathDisplay : Plot of the slope-difference path.

    Notes
    -----
    Every training fold must contain every class (the likelihood has no
    maximiser otherwise); a clear error asks for fewer folds when a class is
    too rare for ``cv``.

    Examples
    --------
    >>> from skpapers.datasets import make_rare_ordinal
    >>> from skpapers.ordinal import PrestoClassifierCV
    >>> X, y, proba = make_rare_ordinal(n_samples=1000, random_state=0)
    >>> clf = PrestoClassifierCV(alphas=10, cv=3).fit(X, y)
    >>> clf.alphas_.shape, clf.coef_.shape
    ((10,), (3, 10))
    """

    _parameter_constraints = {
        **{k: v for k, v in CumulativeLogitMixin._parameter_constraints.items()
           if k != "solver"},
        "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "alpha_min_ratio": [Interval(Real, 0, 1, closed="neither")],
        "first_penalty_factor": [Interval(Real, 0, None, closed="left")],
        "cv": ["cv_object"],
        "scoring": [StrOptions({"brier", "log_loss"})],
        "n_jobs": [Integral, None],
    }

    def __init__(self, alphas=20, *, alpha_min_ratio=0.01, first_penalty_factor=1.0,
                 cv=5, scoring="brier", n_jobs=None, max_iter=100, tol=1e-8,
                 standardize=True, categories=None, verbose=0):
        self.alphas = alphas
        self.alpha_min_ratio = alpha_min_ratio
        self.first_penalty_factor = first_penalty_factor
        self.cv = cv
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.max_iter = max_iter
        self.tol = tol
        self.standardize = standardize
        self.categories = categories
        self.verbose = verbose

    def _penalty_factor(self, n_classes):
        pf = np.ones(n_classes - 1)
        pf[0] = self.first_penalty_factor
        return pf

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, groups=None):
        """Choose ``alpha`` by cross-validation and refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Ordered class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights (used in fitting and in the validation loss).
        groups : array-like of shape (n_samples,), default=None
            Group labels for a grouped splitter such as
            :class:`~sklearn.model_selection.GroupKFold` (rows of one group are
            never split between training and validation); ignored by the
            other splitters.

        Returns
        -------
        self : PrestoClassifierCV
            Fitted estimator.
        """
        X, codes, weight = self._validate_training_data(X, y, sample_weight)
        n_classes = self.classes_.size
        pf = self._penalty_factor(n_classes)
        Xs, mean, scale = self._standardized(X, weight)
        data = prepare_data(Xs, codes, n_classes, weight)
        if isinstance(self.alphas, Integral):
            alphas, start = alpha_grid(data, pf, self.alphas, self.alpha_min_ratio)
        else:
            alphas = np.sort(np.asarray(self.alphas, dtype=float).ravel())[::-1]
            if alphas.size == 0 or np.any(alphas < 0) or not np.all(np.isfinite(alphas)):
                raise ValueError("`alphas` must be non-negative finite numbers.")
            start = None
        folds = list(check_cv(self.cv, codes, classifier=True).split(X, codes, groups))
        for i, (train, test) in enumerate(folds):
            if not weight[test].sum() > 0:
                raise ValueError(
                    f"The test part of CV fold {i} has zero total sample_weight, so "
                    "its validation loss is undefined. Shuffle the folds (e.g. "
                    "cv=StratifiedKFold(5, shuffle=True, random_state=0)) or drop "
                    "the zero-weight rows."
                )
            present = np.bincount(codes[train], weights=weight[train], minlength=n_classes)
            if np.any(present <= 0):
                missing = self.classes_[np.flatnonzero(present <= 0)[0]]
                raise ValueError(
                    f"Class {missing!r} has no samples in the training part of CV "
                    f"fold {i}; every class must appear in every training fold. "
                    "Use fewer folds (cv) or merge the rare class with a neighbour."
                )
        started = time.perf_counter()

        def paths():
            # each fold's path (in fold order, whatever n_jobs), then the full-data path
            yield from Parallel(n_jobs=self.n_jobs, return_as="generator")(
                delayed(_fold_path)(self, X, codes, weight, train, test, alphas, pf)
                for train, test in folds
            )
            yield fit_path(data, alphas, pf, init=start, max_iter=self.max_iter,
                           tol=self.tol)

        *results, (coefs, n_iter, converged) = progress(
            paths(), verbose=self.verbose, total=len(folds) + 1,
            desc=f"PrestoClassifierCV: {len(folds)} fold paths + full path",
        )
        losses = np.array([r[0] for r in results])  # (n_folds, n_alphas)
        mean_loss = losses.mean(axis=0)
        best = int(np.flatnonzero(mean_loss <= mean_loss.min() * (1 + 1e-12) + 1e-300)[0])
        if self.verbose:
            write(f"PrestoClassifierCV: alpha_ = {alphas[best]:.4g} (number {best + 1} "
                  f"of {len(alphas)}, largest first), {len(alphas)} alphas x "
                  f"{len(folds)} folds + full-data path in "
                  f"{time.perf_counter() - started:.1f} s")
        if not (converged.all() and all(r[1].all() for r in results)):
            warnings.warn(
                "PrestoClassifierCV: some fits along the path did not converge "
                f"in max_iter={self.max_iter} iterations; their best iterates "
                "were used.",
                ConvergenceWarning,
            )
        self.alphas_ = alphas
        self.best_index_ = best
        self.alpha_ = float(alphas[best])
        scores = -losses
        self.cv_results_ = {"param_alpha": alphas}
        for i, row in enumerate(scores):
            self.cv_results_[f"split{i}_test_score"] = row
        self.cv_results_["mean_test_score"] = scores.mean(axis=0)
        self.cv_results_["std_test_score"] = scores.std(axis=0)
        order = np.argsort(-self.cv_results_["mean_test_score"], kind="stable")
        rank = np.empty(len(alphas), dtype=np.int32)
        rank[order] = np.arange(1, len(alphas) + 1)
        self.cv_results_["rank_test_score"] = rank
        slopes = coefs[:, :, 1:] / scale
        self.coef_path_ = slopes
        self.intercept_path_ = coefs[:, :, 0] - slopes @ mean
        self._store(coefs[best], mean, scale)
        self.coef_ = self._coef_rows
        self.n_iter_ = int(n_iter[best])
        return self
