"""What DLLP and EasyLLP share: a logistic model or an MLP fitted to a bag loss."""

from numbers import Integral, Real

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from .._solvers.linear_llp import fit_linear_llp
from ._base import LLPClassifierMixin, check_finite_output
from ._network import DEFAULT_HIDDEN, BagNetwork

#: default max_iter: L-BFGS iterations (logistic) or epochs (mlp)
_MAX_ITER = {"logistic": 1000, "mlp": 100}


class LossModelLLP(LLPClassifierMixin, BaseEstimator):
    """Base of the LLP classifiers defined by a loss (not public).

    Subclasses define ``_loss(t)``: the loss ``(z, rows) -> (mean, dz)`` of
    the validated targets ``t``, and ``_batch_by_bags`` (whether mini-batches
    must hold whole bags).
    """

    _parameter_constraints = {
        "learner": [StrOptions({"logistic", "mlp"})],
        "C": [Interval(Real, 0, np.inf, closed="right")],
        "fit_intercept": ["boolean"],
        "hidden_layer_sizes": [tuple, list],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    }
    _batch_by_bags = True

    def __init__(self, learner="logistic", *, C=1.0, fit_intercept=True,
                 hidden_layer_sizes=DEFAULT_HIDDEN, alpha=1e-4, max_iter=None,
                 tol=1e-6, random_state=None):
        self.learner = learner
        self.C = C
        self.fit_intercept = fit_intercept
        self.hidden_layer_sizes = hidden_layer_sizes
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

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
        self : object
            The fitted estimator.
        """
        X, t = self._validate_llp(X, y, bags)
        sizes = np.asarray(self.hidden_layer_sizes)
        if sizes.ndim != 1 or sizes.size == 0 or np.any(sizes < 1) or sizes.dtype.kind not in "iu":
            raise ValueError(
                "hidden_layer_sizes must be a non-empty tuple of positive ints, got "
                f"{self.hidden_layer_sizes!r}."
            )
        max_iter = _MAX_ITER[self.learner] if self.max_iter is None else self.max_iter
        loss = self._loss(t)
        if self.learner == "logistic":
            # rescale huge features so exp/log stay finite; undone on the coefficients
            col_scale = np.max(np.abs(X), axis=0)
            col_scale = np.where((col_scale > 1e100) & np.isfinite(col_scale), col_scale, 1.0)
            Xs = X / col_scale
            if not np.all(np.isfinite(Xs)):
                raise ValueError("X has values too large to fit a logistic model.")
            rows = np.arange(X.shape[0])
            coef, intercept, n_iter = fit_linear_llp(
                Xs, lambda z: loss(z, rows), C=self.C, fit_intercept=self.fit_intercept,
                max_iter=max_iter, tol=self.tol, name=type(self).__name__,
            )
            self.coef_ = (coef / col_scale)[None, :]
            self.intercept_ = np.array([intercept])
            self.network_ = None
        else:
            seed = check_random_state(self.random_state)
            batches = t.bag_index if self._batch_by_bags else np.arange(X.shape[0])
            self.network_ = BagNetwork(
                tuple(int(h) for h in sizes), alpha=self.alpha, max_iter=max_iter,
                random_state=int(seed.randint(np.iinfo(np.int32).max)),
            ).fit(X, batches, loss)
            n_iter = self.network_.n_iter_
            self.coef_ = self.intercept_ = None
        self.n_iter_ = n_iter
        return self

    def decision_function(self, X):
        """Log-odds of the positive class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = self._validate_predict_input(X)
        with np.errstate(over="ignore", invalid="ignore"):
            if self.network_ is not None:
                z = self.network_.decision_function(X)
            else:
                z = X @ self.coef_[0] + self.intercept_[0]
        return check_finite_output(z, "decision function")

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
