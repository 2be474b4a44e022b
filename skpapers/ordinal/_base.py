"""Shared machinery of the cumulative logit classifiers (private).

Label encoding (sortable labels or a given order), input validation,
standardisation, the call to the solver, and prediction with valid
probabilities on any input.
"""

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
)

from skpapers._solvers.cumulative_logit import cumulative_to_class_proba, standardize
from skpapers._solvers.ordinal_links import get_link
from skpapers._solvers.presto_cvxpy import solve_cvxpy
from skpapers._solvers.presto_prox import prepare_data, solve
from skpapers.utils._validation import validate_numeric_data


def encode_ordinal_labels(y, categories=None):
    """Return ``(classes, codes)`` with classes in their ordinal order.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Labels.
    categories : array-like or None
        The labels from lowest to highest. If None, the sorted unique labels
        of ``y`` are used (numbers numerically, strings alphabetically).

    Returns
    -------
    classes : ndarray of shape (n_classes,)
    codes : ndarray of shape (n_samples,), dtype int
    """
    y = np.asarray(y)
    _reject_missing_labels(y)
    if categories is None:
        try:
            check_classification_targets(y)
            classes, codes = np.unique(y, return_inverse=True)
        except TypeError as exc:
            raise ValueError(
                "The labels in y cannot be ordered (mixed or unorderable types); "
                "pass `categories` with the labels from lowest to highest."
            ) from exc
        _warn_if_alphabetical(classes)
        return classes, codes.ravel().astype(np.intp)
    classes = np.asarray(list(categories), dtype=object if y.dtype == object else None)
    if classes.ndim != 1 or classes.size == 0:
        raise ValueError("`categories` must be a non-empty 1-d list of labels.")
    lookup = {}
    for code, label in enumerate(classes.tolist()):
        if label in lookup:
            raise ValueError(f"`categories` has the label {label!r} twice.")
        lookup[label] = code
    try:
        codes = np.array([lookup[label] for label in y.tolist()], dtype=np.intp)
    except KeyError as exc:
        raise ValueError(
            f"y has the label {exc.args[0]!r}, which is not in `categories` "
            f"{classes.tolist()}."
        ) from None
    return classes, codes


def _reject_missing_labels(y):
    """ValueError naming y when it holds NaN or pd.NA (a missing label has no
    place in an order). ``None`` is left to the ordering rules: it can be a
    label listed in ``categories``."""
    if y.dtype.kind == "f":
        missing = np.isnan(y)
    elif y.dtype == object:
        missing = np.array([v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))
                            for v in y.ravel().tolist()], dtype=bool)
    else:
        return
    if np.any(missing):
        first = int(np.flatnonzero(missing.ravel())[0])
        raise ValueError(
            f"y has {int(missing.sum())} missing label(s) (NaN or pd.NA), the first "
            f"at row {first}; ordinal labels must all be present. Drop those rows "
            "or encode the missing value as a class of its own."
        )


def _warn_if_alphabetical(classes):
    """Warn when string labels are ordered by their spelling (3+ classes)."""
    if classes.size < 3 or classes.dtype.kind not in "OUS":
        return
    if not all(isinstance(c, (str, bytes)) for c in classes.tolist()):
        return
    warnings.warn(
        f"y holds strings and no order was given, so the classes are ordered "
        f"alphabetically: {classes.tolist()}. Pass `categories` with the labels "
        "from lowest to highest (or an ordered pandas Categorical y) if that is "
        "not their ordinal order.",
        UserWarning,
        stacklevel=4,
    )


def ordered_categories(y):
    """Categories present in ``y``, in order, when ``y`` is an ordered pandas
    Categorical (or a Series of one); ``None`` for any other target."""
    dtype = getattr(y, "dtype", None)
    if not (isinstance(dtype, pd.CategoricalDtype) and dtype.ordered):
        return None
    codes = np.asarray(pd.Categorical(y).codes)
    return list(dtype.categories[np.unique(codes[codes >= 0])])


class CumulativeLogitMixin(ClassifierMixin, BaseEstimator):
    """Fit and prediction shared by the cumulative logit classifiers.

    Subclasses define ``_penalty_spec(n_classes)`` returning the L1 and ridge
    weights of each difference row and which rows are held at zero.
    """

    _parameter_constraints = {
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "standardize": ["boolean"],
        "solver": [StrOptions({"prox-newton", "cvxpy"})],
        "categories": ["array-like", None],
        "verbose": ["verbose"],
    }

    # ------------------------------------------------------------ fitting
    def _validate_training_data(self, X, y, sample_weight):
        _reject_missing_labels(np.asarray(y))  # before sklearn compares NA to itself
        categories = self.categories
        if categories is None:
            categories = ordered_categories(y)  # before y becomes an array
        X, y = validate_numeric_data(
            self, X, y, accept_sparse=["csr", "csc"], dtype=np.float64,
            y_numeric=False,
        )
        self.classes_, codes = encode_ordinal_labels(y, categories)
        n_classes = self.classes_.size
        name = type(self).__name__
        if n_classes < 2:
            raise ValueError(
                f"{name} needs at least 2 ordered classes; y has "
                f"{n_classes} class ({self.classes_.tolist()})."
            )
        weight = _check_sample_weight(sample_weight, X, dtype=np.float64,
                                      ensure_non_negative=True)
        class_weight = np.bincount(codes, weights=weight, minlength=n_classes)
        empty = np.flatnonzero(class_weight <= 0)
        if empty.size:
            raise ValueError(
                f"{name}: class {self.classes_[empty[0]]!r} has no samples with "
                "positive weight; every ordered class needs at least one "
                "(drop it from `categories` or merge it with a neighbour)."
            )
        return X, codes, weight / weight.sum()

    def _standardized(self, X, weight):
        """Centred (and, if ``standardize``, scaled) copy of X and the
        ``(mean, scale)`` used.

        Dense X is always centred at its weighted mean for the solver, with or
        without ``standardize``: the intercepts absorb the shift, so the fit is
        the same for ``X`` and ``1e7 + X`` (uncentred, the intercept column and
        an offset column are nearly collinear and Newton's method stalls).
        Sparse X is only scaled (centring would make it dense).
        """
        mean, scale = standardize(X, weight, center=not sp.issparse(X))
        if not self.standardize:
            scale = np.ones_like(scale)
        if sp.issparse(X):
            return (X @ sp.diags(1.0 / scale) if self.standardize else X), mean, scale
        return (X - mean) / scale, mean, scale

    def _solve_standardized(self, Xs, codes, weight, init=None):
        """Run the chosen solver; return coef rows ``(theta, beta)``, the
        number of iterations, the objective and the prepared data (None for
        cvxpy)."""
        n_classes = self.classes_.size
        l1, l2, fixed = self._penalty_spec(n_classes)
        link = self._link()
        if self.solver == "cvxpy":
            if link.name != "logit":
                raise ValueError(
                    f"solver='cvxpy' supports only link='logit'; got link={link.name!r}."
                )
            coef, obj = solve_cvxpy(Xs, codes, n_classes, weight, l1, l2, fixed)
            return coef, 1, obj, None
        data = prepare_data(Xs, codes, n_classes, weight)
        result = solve(data, l1, l2, fixed, init=init, max_iter=self.max_iter,
                       tol=self.tol, verbose=self.verbose, link=link)

        if not result.converged:
            warnings.warn(
                f"{type(self).__name__} did not converge in {result.n_iter} "
                f"iterations (largest KKT violation {result.kkt:.2e} > tol="
                f"{self.tol}); returning the best iterate. Increase max_iter, "
                "or a larger alpha may help (alpha=0 can diverge on separable "
                "data).",
                ConvergenceWarning,
            )
        return result.coef, result.n_iter, result.objective, data

    def _link(self):
        """The link of the model (logit unless the estimator has ``link``)."""
        return get_link(getattr(self, "link", "logit"))

    def _store(self, coef_std, mean, scale):
        """Store intercept_ and slopes on the original scale of X.

        The intercepts at the centre (``coef_std[:, 0]``) and the centre are
        kept too: dense X is predicted as ``theta_c + (x - mean) . beta``,
        which does not cancel digits when the features carry a large offset.
        """
        beta = coef_std[:, 1:] / scale
        self.intercept_ = coef_std[:, 0] - beta @ mean
        self._coef_rows = beta
        self._center = np.asarray(mean, dtype=float)
        self._centered_intercept = coef_std[:, 0].copy()

    def _standardized_start(self, mean, scale):
        """Current fitted model in the standardised coordinates (warm start)."""
        coef = np.empty((self._coef_rows.shape[0], self._coef_rows.shape[1] + 1))
        coef[:, 1:] = self._coef_rows * scale
        coef[:, 0] = self.intercept_ + self._coef_rows @ mean
        return coef

    # --------------------------------------------------------- prediction
    def _linear_predictor(self, X):
        check_is_fitted(self)
        X = validate_numeric_data(self, X, accept_sparse=["csr", "csc"], dtype=np.float64,
                          reset=False)
        center = getattr(self, "_center", None)
        if sp.issparse(X) or center is None or not np.any(center):
            return np.asarray(X @ self._coef_rows.T) + self.intercept_
        with np.errstate(over="ignore", invalid="ignore"):
            eta = (X - center) @ self._coef_rows.T + self._centered_intercept
        return eta

    def predict_cumulative_proba(self, X):
        """Cumulative probabilities ``P(y <= class k | x)``, ``k < K - 1``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        cum : ndarray of shape (n_samples, n_classes - 1)
            ``F(intercept_k + x . beta_k)`` (``F`` the link's cdf), made non-decreasing in
            ``k`` by isotonic projection where the fitted lines cross.
        """
        proba = self.predict_proba(X)
        return np.cumsum(proba, axis=1)[:, :-1]

    def predict_proba(self, X):
        """Class probabilities, always valid.

        ``P(y = k | x) = P(y <= k | x) - P(y <= k - 1 | x)``. Where the
        fitted cumulative probabilities are not increasing in ``k`` (which can
        happen away from the training data, since each class boundary has its
        own slope), they are first replaced by their least-squares isotonic
        projection across ``k``, so probabilities are non-negative and sum
        to one on any input.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        eta = self._linear_predictor(X)
        return cumulative_to_class_proba(self._link().cdf(eta))

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (``-inf`` for zero probabilities)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict_rare_proba(self, X):
        """Probability of the highest (rare) class, ``P(y = classes_[-1] | x)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples,)
        """
        return self.predict_proba(X)[:, -1]

    def predict(self, X):
        """Most probable class of each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
