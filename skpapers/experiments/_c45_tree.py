"""The SMOTE experiment's C4.5 stand-in: an entropy tree with C4.5's pruning.

No sound, fast C4.5 is on PyPI (see the SMOTE user guide for what was
measured), so the experiment grows scikit-learn's tree the way C4.5 grows
one (information-gain criterion, at least 2 cases per leaf, grown out) and
prunes it with C4.5's error-based pruning at confidence 0.25
(:mod:`skpapers._solvers.error_based_pruning`). What remains different from
C4.5 release 8: binary splits chosen by information gain rather than gain
ratio (with continuous features every C4.5 split is binary too), no MDL
correction of continuous thresholds, no subtree raising, and an exact
binomial limit where C4.5 uses an approximation.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from skpapers._solvers.error_based_pruning import pessimistic_prune


class C45LikeTree(ClassifierMixin, BaseEstimator):
    """Entropy decision tree pruned by C4.5's error-based pruning.

    Parameters
    ----------
    confidence : float, default=0.25
        C4.5's confidence factor ``CF`` in (0, 1); smaller prunes more.
    min_samples_leaf : int, default=2
        Fewest training cases in a leaf of the grown tree (C4.5's ``-m``).
    random_state : int, RandomState instance or None, default=None
        Seed of scikit-learn's tie-breaking between equally good features.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    tree_estimator_ : DecisionTreeClassifier
        The grown, unpruned tree.
    leaf_of_ : ndarray of shape (n_nodes,)
        The node of the pruned tree each grown node falls into.
    n_leaves_ : int
        Number of leaves of the pruned tree.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.experiments._c45_tree import C45LikeTree
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(300, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> noisy = y ^ (rng.uniform(size=300) < 0.1)  # 10 % label noise
    >>> tree = C45LikeTree().fit(X, noisy)
    >>> bool(tree.n_leaves_ < tree.tree_estimator_.get_n_leaves())
    True
    >>> float(tree.score(X, y)) > 0.95
    True
    """

    _parameter_constraints = {
        "confidence": [Interval(Real, 0, 1, closed="neither")],
        "min_samples_leaf": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, confidence=0.25, min_samples_leaf=2, random_state=None):
        self.confidence = confidence
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        tree = DecisionTreeClassifier(
            criterion="entropy", min_samples_leaf=self.min_samples_leaf,
            random_state=self.random_state,
        ).fit(X, y)
        structure = tree.tree_
        # scikit-learn stores class fractions; counts = fraction x cases
        counts = structure.value[:, 0, :] * structure.weighted_n_node_samples[:, None]
        self.leaf_of_, _ = pessimistic_prune(
            structure.children_left, structure.children_right, counts,
            confidence=self.confidence,
        )
        self.tree_estimator_ = tree
        self.classes_ = tree.classes_
        self.n_leaves_ = int(np.unique(
            self.leaf_of_[structure.children_left < 0]
        ).shape[0])
        return self

    def predict_proba(self, X):
        """Class fractions of the training cases in each sample's pruned leaf."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        leaves = self.leaf_of_[self.tree_estimator_.apply(X)]
        return self.tree_estimator_.tree_.value[leaves, 0, :]

    def predict(self, X):
        """The majority class of each sample's pruned leaf."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
