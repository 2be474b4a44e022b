"""RIPPER with a loss ratio, for the SMOTE experiment (optional ``ripper`` extra).

The RIPPER implementation is the ``wittgenstein`` package's. Cohen's RIPPER
takes a loss ratio (the cost of a false negative over that of a false
positive); wittgenstein has no such option and no sample weights, so an
integer loss ratio ``L`` is emulated by the equivalent class weighting:
each positive training case is repeated ``L`` times.
"""

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils._param_validation import Interval


def ripper_available():
    """Whether the optional ``wittgenstein`` package can be imported."""
    try:
        import wittgenstein  # noqa: F401
    except ImportError:
        return False
    return True


class RipperLossRatio(ClassifierMixin, BaseEstimator):
    """wittgenstein's RIPPER learning rules for class 1, positives weighted.

    Parameters
    ----------
    loss_ratio : int, default=1
        Cost of a false negative over that of a false positive; each positive
        training case is repeated ``loss_ratio`` times.
    random_state : int or None, default=None
        Seed of RIPPER's grow/prune splits.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.experiments._ripper import RipperLossRatio, ripper_available
    >>> X = np.arange(40, dtype=float).reshape(-1, 1)
    >>> y = (X[:, 0] >= 30).astype(int)
    >>> if ripper_available():
    ...     pred = RipperLossRatio(random_state=0).fit(X, y).predict(X)
    ... else:
    ...     pred = y
    >>> int(pred.sum()) >= 8
    True
    """

    _parameter_constraints = {
        "loss_ratio": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, loss_ratio=1, random_state=None):
        self.loss_ratio = loss_ratio
        self.random_state = random_state

    def fit(self, X, y):
        try:
            import wittgenstein
        except ImportError as exc:
            raise ImportError(
                "RipperLossRatio needs the optional 'wittgenstein' package: "
                "pip install 'skpapers[ripper]'"
            ) from exc
        self._validate_params()
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y).astype(int)
        repeats = np.where(y == 1, self.loss_ratio, 1)
        X_fit, y_fit = np.repeat(X, repeats, axis=0), np.repeat(y, repeats)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.ruleset_model_ = wittgenstein.RIPPER(random_state=self.random_state)
            self.ruleset_model_.fit(X_fit, y_fit, pos_class=1)
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pred = self.ruleset_model_.predict(np.asarray(X, dtype=np.float64))
        return np.asarray(pred, dtype=int)
