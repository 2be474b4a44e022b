"""What both LLP classifiers share: the fit convention, routing and scoring."""

import sys

import numpy as np
from sklearn import get_config
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d

from skpapers.utils._validation import validate_numeric_data

from ._bags import bag_proportion_error, check_bag_targets


# scikit-learn's module that fits and scores every split of a search
_CV_MODULE = "sklearn.model_selection._validation"


def _called_by_cross_validation(max_depth=15):
    """True when a caller up the stack is scikit-learn's per-split fit-and-score."""
    frame = sys._getframe(1)
    for _ in range(max_depth):
        if frame is None:
            return False
        if frame.f_globals.get("__name__") == _CV_MODULE:
            return True
        frame = frame.f_back
    return False


def check_routing_for_bags(bags):
    """Raise when a search passes ``bags`` to fit with metadata routing off.

    Without routing, GridSearchCV and cross_validate hand ``bags`` to ``fit``
    only: ``score`` then gets bag proportions without bags, every score fails
    and ``best_score_`` is NaN (with a warning per split). Raising in ``fit``
    makes the search stop with this message instead.
    """
    if bags is None or get_config().get("enable_metadata_routing", False):
        return
    if _called_by_cross_validation():
        raise ValueError(
            "bags reached fit through a scikit-learn search or cross-validation "
            "with metadata routing off: bags would not reach score, so every "
            "split would score NaN. Call "
            "sklearn.set_config(enable_metadata_routing=True) first (bags is "
            "requested by default by fit and score)."
        )


class _LLPTargets:
    """Validated training targets: per-row proportions grouped into bags."""

    def __init__(self, proportions, bag_index, counts, sizes):
        self.proportions = proportions
        self.bag_index = bag_index
        self.counts = counts
        self.sizes = sizes

    @property
    def n_bags(self):
        return self.counts.shape[0]


def check_finite_output(values, what):
    """Return ``values`` if all finite, else a ValueError naming ``X``.

    Rows of ``X`` far outside the training data (near +-1e308) can overflow
    a model's score; a NaN or infinite answer would pass silently.
    """
    values = np.asarray(values)
    if not np.all(np.isfinite(values)):
        bad = np.flatnonzero(~np.all(np.isfinite(values.reshape(values.shape[0], -1)), axis=1))
        raise ValueError(
            f"X has values too large for this model: its {what} overflows on "
            f"rows {bad[:5].tolist()} (the training data are far smaller). "
            "Rescale X as the training data were."
        )
    return values


class LLPClassifierMixin(ClassifierMixin):
    """Fit convention ``fit(X, y, *, bags)`` shared by the LLP classifiers.

    * ``bags`` given: ``y`` is, per row, the positive proportion of the row's
      bag; ``classes_ = [0, 1]``.
    * ``bags=None``: every row is its own bag, so ``y`` holds binary labels
      (any two values, like any scikit-learn classifier); ``classes_`` are
      those labels.

    ``bags`` is requested by default from ``fit`` and ``score`` under metadata
    routing, so meta-estimators forward it without ``set_fit_request``.
    """

    __metadata_request__fit = {"bags": True}
    __metadata_request__score = {"bags": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _validate_llp(self, X, y, bags):
        """Validate ``X`` and the targets; set ``classes_``; return both."""
        check_routing_for_bags(bags)
        X = validate_numeric_data(self, X, dtype=np.float64, ensure_min_samples=1)
        n = X.shape[0]
        if bags is None:
            y = column_or_1d(y, warn=True)
            if y.shape[0] != n:
                raise ValueError(f"y has {y.shape[0]} rows, X has {n}.")
            y_type = type_of_target(y, input_name="y", raise_unknown=True)
            if y_type == "continuous":
                raise ValueError(
                    "Unknown label type: continuous. With bags=None every row is "
                    "its own bag and y must hold binary labels; pass bags= (one "
                    "bag id per row) to learn from bag proportions."
                )
            classes, y01 = np.unique(y, return_inverse=True)
            if classes.size < 2:
                raise ValueError(
                    "y has only one class; a classifier needs two classes "
                    f"(got only {classes[0]!r})."
                )
            if y_type != "binary":
                raise ValueError(
                    "Only binary classification is supported. The type of the "
                    f"target is {y_type}."
                )
            self.classes_ = classes
            y01 = y01.astype(np.float64)
            targets = _LLPTargets(y01, np.arange(n), y01.copy(), np.ones(n, np.int64))
            return X, targets
        proportions, bag_index, counts, sizes = check_bag_targets(y, bags, n)
        if np.all(counts == 0) or np.all(counts == sizes):
            raise ValueError(
                "every bag proportion is 0 or every one is 1: the rows hold only "
                "one class; a classifier needs both classes."
            )
        self.classes_ = np.array([0, 1])
        return X, _LLPTargets(proportions, bag_index, counts, sizes)

    def _validate_predict_input(self, X):
        check_is_fitted(self)
        return validate_numeric_data(self, X, dtype=np.float64, reset=False)

    def predict(self, X):
        """Predicted class of each row (positive when ``P(y=1|x) > 1/2``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[(proba[:, 1] > 0.5).astype(int)]

    def score(self, X, y, sample_weight=None, *, bags=None):
        """Accuracy on instance labels, or bag-level fit when ``bags`` is given.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Instance labels when ``bags`` is None; otherwise the positive
            proportion of each row's bag.
        sample_weight : array-like of shape (n_samples,), default=None
            Only used for accuracy (``bags=None``).
        bags : array-like of shape (n_samples,), default=None
            Bag id per row.

        Returns
        -------
        float
            ``accuracy`` when ``bags`` is None, else
            ``-bag_proportion_error`` (higher is better in both cases).
        """
        check_is_fitted(self)
        if bags is None:
            if type_of_target(y, input_name="y") == "continuous":
                raise ValueError(
                    "score got fractional y (bag proportions) but bags=None; pass "
                    "bags= (one bag id per row) to score against bag proportions. "
                    "In GridSearchCV, cross_validate or a Pipeline, call "
                    "sklearn.set_config(enable_metadata_routing=True) so that bags "
                    "reaches score as well as fit."
                )
            return float(accuracy_score(y, self.predict(X), sample_weight=sample_weight))
        return -bag_proportion_error(y, self.predict_proba(X)[:, 1], bags=bags)

