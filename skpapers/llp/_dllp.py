"""DLLPClassifier: logistic regression trained on bag proportions."""

from numbers import Integral, Real

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._solvers.dllp import fit_dllp
from ._base import LLPClassifierMixin


class DLLPClassifier(LLPClassifierMixin, BaseEstimator):
    """Logistic model fitted by matching bag proportions (DLLP).

    The standard LLP baseline (Ardehaly & Culotta 2017, "DLLP"): a logistic
    model ``P(y=1|x) = sigmoid(x.w + b)`` is trained so that, in every bag,
    the mean predicted probability matches the bag's known proportion. The
    loss is the bag-level cross-entropy, each bag weighted by its size::

        C * sum_B |B| * [-p_B log pbar_B - (1 - p_B) log(1 - pbar_B)]
            + 0.5 * ||w||^2,   pbar_B = mean_{i in B} sigmoid(x_i.w + b),

    minimised exactly by L-BFGS with its analytic gradient. With bags of one
    row it is L2 logistic regression with the same ``C``.

    Parameters
    ----------
    C : float, default=1.0
        Inverse strength of the L2 penalty on ``w`` (``np.inf``: none).
    fit_intercept : bool, default=True
        Fit ``b`` (never penalised).
    max_iter : int, default=1000
        L-BFGS iterations.
    tol : float, default=1e-6
        L-BFGS gradient tolerance.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        ``[0, 1]`` when fitted on bags; the labels of ``y`` when ``bags=None``.
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    n_iter_ : int
        L-BFGS iterations run.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when ``X`` has string column names.

    See Also
    --------
    BeliefPropagationLLP : pseudo-labels by belief propagation, then any learner.

    Notes
    -----
    ``fit(X, y, bags=...)``: ``y`` holds, per row, the positive proportion of
    the row's bag. With ``bags=None`` each row is its own bag and ``y`` holds
    binary labels.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skpapers.llp import DLLPClassifier, make_bags
    >>> X, y = make_classification(n_samples=400, random_state=0)
    >>> bags, proportions = make_bags(y, bag_size=8, random_state=0)
    >>> clf = DLLPClassifier().fit(X, proportions, bags=bags)
    >>> clf.predict_proba(X[:2]).shape
    (2, 2)
    """

    _parameter_constraints = {
        "C": [Interval(Real, 0, np.inf, closed="right")],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, C=1.0, fit_intercept=True, max_iter=1000, tol=1e-6):
        self.C = C
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, *, bags=None):
        """Fit to bag proportions.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Positive proportion of each row's bag (binary labels if
            ``bags=None``).
        bags : array-like of shape (n_samples,), default=None
            Bag id per row.

        Returns
        -------
        self : DLLPClassifier
        """
        X, t = self._validate_llp(X, y, bags)
        # rescale huge features so exp/log stay finite; undone on the coefficients
        col_scale = np.max(np.abs(X), axis=0)
        col_scale = np.where((col_scale > 1e100) & np.isfinite(col_scale), col_scale, 1.0)
        Xs = X / col_scale
        if not np.all(np.isfinite(Xs)):
            raise ValueError("X has values too large to fit a logistic model.")
        coef, intercept, n_iter = fit_dllp(
            Xs, t.bag_index, t.counts / t.sizes, C=self.C,
            fit_intercept=self.fit_intercept, max_iter=self.max_iter, tol=self.tol,
        )
        self.coef_ = (coef / col_scale)[None, :]
        self.intercept_ = np.array([intercept])
        self.n_iter_ = n_iter
        return self

    def decision_function(self, X):
        """Log-odds ``x.w + b`` of the positive class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Class probabilities, columns ordered as ``classes_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
        """
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])
