"""PRESTO: cumulative logits shrunk toward proportional odds (Faletto & Bien, 2023)."""

from numbers import Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval

from skpapers.ordinal._base import CumulativeLogitMixin


class PrestoClassifier(CumulativeLogitMixin):
    """Ordinal classifier with one slope vector per class boundary, fused by L1.

    PRESTO (Faletto & Bien, ICML 2023) models the ``K`` ordered classes by
    ``K - 1`` cumulative logits, ``P(y <= k | x) = sigmoid(theta_k + x . beta_k)``,
    each with its own slope vector ``beta_k``. It minimises the exact mean
    negative log-likelihood plus
    ``alpha * (c * ||beta_1||_1 + sum_{k >= 2} ||beta_k - beta_{k-1}||_1)``,
    with ``c = first_penalty_factor`` and unpenalised intercepts. The penalty
    on the differences shrinks the model toward proportional odds (one shared
    slope), so a rare last class borrows strength from the common earlier
    boundaries while keeping its own slope where the data demand it. With
    ``c = 0`` a large ``alpha`` gives exactly the proportional odds model and
    ``alpha = 0`` separate, unrestricted cumulative logits.

    Read more in the :ref:`User Guide <presto>`.

    Parameters
    ----------
    alpha : float, default=0.01
        Penalty strength (on the standardised features when
        ``standardize=True``). Choose it by cross-validation with
        :class:`PrestoClassifierCV`.
    first_penalty_factor : float, default=1.0
        ``c``: weight of the L1 penalty on the first slope vector ``beta_1``
        relative to the differences (1 as in the authors' code; 0 penalises
        only the differences).
    max_iter : int, default=100
        Maximum number of proximal Newton iterations.
    tol : float, default=1e-8
        Stop when the largest violation of the optimality (KKT) conditions is
        below ``tol``.
    standardize : bool, default=True
        Standardise the features (weighted mean 0, variance 1) before fitting,
        so the penalty treats them alike; coefficients are reported on the
        original scale. Sparse input is only scaled (centring changes the
        intercepts, not the solution). Constant features are left unscaled.
    solver : {"prox-newton", "cvxpy"}, default="prox-newton"
        ``"prox-newton"``: exact-Hessian proximal Newton with coordinate
        descent on the lasso subproblem (fast). ``"cvxpy"``: the conic
        reference formulation (slow, for checking).
    warm_start : bool, default=False
        Start from the previous solution when refitting (e.g. along a path
        of ``alpha``).
    categories : array-like, default=None
        The class labels from lowest to highest. If None, the order of an
        ordered pandas Categorical ``y``, else the sorted unique labels of
        ``y``. Needed for labels whose sort order is not their
        ordinal order (e.g. ``["low", "mid", "high"]``); ``classes_`` then
        follows this order, which scikit-learn's probability scorers (e.g.
        ``"neg_log_loss"``) do not expect (see the User Guide).
    verbose : int, default=0
        Print the solver's progress if positive.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels in their ordinal order.
    coef_ : ndarray of shape (n_classes - 1, n_features)
        ``beta_k`` of each cumulative logit, on the original feature scale.
    intercept_ : ndarray of shape (n_classes - 1,)
        ``theta_k`` of each cumulative logit, on the original feature scale.
    n_iter_ : int
        Number of solver iterations.
    objective_ : float
        Final value of the penalised objective (standardised scale).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit (only when X has string column names).

    See Also
    --------
    PrestoClassifierCV : Chooses ``alpha`` by cross-validation.
    ProportionalOddsClassifier : One slope vector shared by all boundaries.

    Notes
    -----
    Two ordered classes are allowed: the model is then logistic regression
    with an L1 penalty ``c * alpha`` on its slopes. Every class must have
    at least one sample with positive weight. ``sample_weight`` enters the
    likelihood normalised to sum to one, so ``alpha`` does not depend on the
    scale of the weights.

    References
    ----------
    .. [1] G. Faletto and J. Bien, "Predicting Rare Events by Shrinking
       Towards Proportional Odds", ICML 2023, arXiv:2305.18700.

    Examples
    --------
    >>> from skpapers.datasets import make_rare_ordinal
    >>> from skpapers.ordinal import PrestoClassifier
    >>> X, y, proba = make_rare_ordinal(n_samples=500, random_state=0)
    >>> clf = PrestoClassifier(alpha=0.01).fit(X, y)
    >>> clf.coef_.shape
    (3, 10)
    >>> clf.predict_rare_proba(X[:2]).round(3)  # the truth: 0.008, 0.002
    array([0.01 , 0.002])
    """

    _parameter_constraints = {
        **CumulativeLogitMixin._parameter_constraints,
        "alpha": [Interval(Real, 0, None, closed="left")],
        "first_penalty_factor": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
    }

    def __init__(self, alpha=0.01, *, first_penalty_factor=1.0, max_iter=100,
                 tol=1e-8, standardize=True, solver="prox-newton",
                 warm_start=False, categories=None, verbose=0):
        self.alpha = alpha
        self.first_penalty_factor = first_penalty_factor
        self.max_iter = max_iter
        self.tol = tol
        self.standardize = standardize
        self.solver = solver
        self.warm_start = warm_start
        self.categories = categories
        self.verbose = verbose

    def _penalty_spec(self, n_classes):
        m = n_classes - 1
        factor = np.ones(m)
        factor[0] = self.first_penalty_factor
        return self.alpha * factor, np.zeros(m), np.zeros(m, bool)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Ordered class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.

        Returns
        -------
        self : PrestoClassifier
            Fitted estimator.
        """
        previous = None
        if self.warm_start and hasattr(self, "_coef_rows"):
            previous = (self._coef_rows, self.intercept_, self.classes_)
        X, codes, weight = self._validate_training_data(X, y, sample_weight)
        Xs, mean, scale = self._standardized(X, weight)
        init = None
        if (previous is not None and previous[0].shape[1] == X.shape[1]
                and np.array_equal(previous[2], self.classes_)):
            init = self._standardized_start(mean, scale)
        coef, self.n_iter_, self.objective_, _ = self._solve_standardized(
            Xs, codes, weight, init
        )
        self._store(coef, mean, scale)
        self.coef_ = self._coef_rows
        return self

