"""Gaussian naive Bayes with one pooled diagonal variance (a linear classifier)."""

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted

from skpapers._solvers.pooled_gaussian_nb import (
    centred_model,
    class_statistics,
    grand_mean,
    log_posterior,
    merge_statistics,
    pooled_variance,
    scaled_scores,
)
from skpapers.utils._validation import check_class_labels, validate_numeric_data

# float32 input keeps float32 attributes and outputs (as GaussianNB);
# statistics are accumulated in float64 either way
_DTYPES = [np.float64, np.float32]


class PooledGaussianNB(ClassifierMixin, BaseEstimator):
    """Gaussian naive Bayes with one diagonal variance shared by all classes.

    The generative model of Zheng et al. (ICML 2023): given its class ``k``,
    each feature ``x_i`` is Gaussian with a class mean ``mu_ki`` and a variance
    ``s_i`` that every class shares. The variance is the per-class variances
    pooled with the class proportions, ``s_i = sum_k pi_k sigma_ki^2``, which
    is its maximum-likelihood estimate. Because the variance is shared, the
    quadratic terms cancel between classes and the decision rule is linear:
    class ``k`` scores ``x . (mu_k / s) + log pi_k - sum_i mu_ki^2 / (2 s_i)``.
    This is linear discriminant analysis with a diagonal covariance, and the
    classifier the paper compares with logistic regression.

    Parameters
    ----------
    priors : array-like of shape (n_classes,), default=None
        Prior class probabilities. ``None`` uses the (weighted) class
        proportions of the training data. Priors change the intercepts only:
        the variance is always pooled with the empirical class proportions
        (its maximum-likelihood estimate).
    var_smoothing : float, default=1e-9
        Added to every variance: ``epsilon = var_smoothing * max_i var(x_i)``,
        a fraction of the largest feature variance over all training data (the
        rule of :class:`sklearn.naive_bayes.GaussianNB`; with sample weights the
        variance is weighted, and in ``partial_fit`` it covers every batch seen,
        so that streaming equals one ``fit``). ``0`` disables smoothing; then a
        feature that is constant within every class but not overall is an error.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    class_count_ : ndarray of shape (n_classes,)
        (Weighted) number of training samples of each class (``inf`` if a
        total weight exceeds the float range; the fit itself works on weights
        divided by a power of two, so any common scale of the weights gives
        the same model).
    class_prior_ : ndarray of shape (n_classes,)
        Prior probability of each class.
    theta_ : ndarray of shape (n_classes, n_features)
        Class means.
    var_ : ndarray of shape (n_features,)
        Pooled variance of each feature, ``epsilon_`` included.
    epsilon_ : float
        Absolute value added to the variances.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Weights of the equivalent linear model. For two classes, one row: the
        log-odds of ``classes_[1]`` against ``classes_[0]`` is
        ``X @ coef_[0] + intercept_[0]``, as in scikit-learn's linear models.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Intercepts of the equivalent linear model.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of features seen during ``fit``, when ``X`` has string column names.

    See Also
    --------
    sklearn.naive_bayes.GaussianNB : One variance per class and feature
        (a quadratic decision rule).
    sklearn.discriminant_analysis.LinearDiscriminantAnalysis : Linear rule
        with a full pooled covariance.

    Notes
    -----
    A class with no training sample (or zero total weight) has no mean; it
    gets probability zero until ``partial_fit`` sees it. Classes with a single
    sample are fine: the pooled variance borrows from the other classes.

    References
    ----------
    C. Zheng, G. Wu, F. Bao, Y. Cao, C. Li and J. Zhu. "Revisiting
    Discriminative vs. Generative Classifiers: Theory and Implications".
    ICML 2023.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.naive_bayes import PooledGaussianNB
    >>> X = np.array([[-1.0, -1.0], [-2.0, -1.0], [1.0, 1.0], [2.0, 1.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> clf = PooledGaussianNB().fit(X, y)
    >>> clf.predict([[-0.8, -1.0]])
    array([0])
    >>> clf.predict_proba([[0.0, 0.0]]).round(3)
    array([[0.5, 0.5]])
    >>> clf.coef_.shape
    (1, 2)
    """

    _parameter_constraints: dict = {
        "priors": ["array-like", None],
        "var_smoothing": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, *, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the class means and the pooled variance.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels; at least two classes.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights; an integer weight counts like repeated rows.

        Returns
        -------
        self : PooledGaussianNB
            The fitted classifier.
        """
        check_class_labels(y)
        X, y = validate_numeric_data(self, X, y, dtype=_DTYPES, reset=True)
        check_classification_targets(y)
        classes, y_index = np.unique(y, return_inverse=True)
        self._check_n_classes(classes)
        self.classes_ = classes
        stats = class_statistics(
            X, y_index, len(classes), self._weights(sample_weight, X)
        )
        return self._finish(stats, X.dtype)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Update the fit with a batch of samples (exact streaming update).

        The sufficient statistics (class counts, class means, pooled
        within-class sum of squares) of the batch are merged exactly with
        those seen so far, so any split of the data into batches gives the
        same model as one :meth:`fit` on all of it, up to rounding.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Batch of training data.
        y : array-like of shape (n_samples,)
            Class labels of the batch.
        classes : array-like of shape (n_classes,), default=None
            All the classes that can appear. Required on the first call,
            ignored (if equal) afterwards.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the batch.

        Returns
        -------
        self : PooledGaussianNB
            The updated classifier.
        """
        first_call = not hasattr(self, "classes_")
        check_class_labels(y)
        if first_call:
            check_class_labels(classes, input_name="classes")
            if classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            classes = np.unique(np.asarray(classes))
            self._check_n_classes(classes)
        elif classes is not None and not np.array_equal(
            self.classes_, np.unique(np.asarray(classes))
        ):
            raise ValueError(
                f"classes={classes!r} differs from the classes of the first "
                f"partial_fit call, {self.classes_!r}."
            )
        X, y = validate_numeric_data(self, X, y, dtype=_DTYPES, reset=first_call)
        check_classification_targets(y)
        known = classes if first_call else self.classes_
        y_index = np.searchsorted(known, y)
        y_index = np.minimum(y_index, len(known) - 1)
        unknown = known[y_index] != y
        if np.any(unknown):
            raise ValueError(
                f"y contains labels {np.unique(y[unknown])!r} that are not in "
                f"classes {known!r}."
            )
        if first_call:
            self.classes_ = known
        weights = self._weights(sample_weight, X)
        stats = class_statistics(X, y_index, len(known), weights)
        if not first_call:
            stats = merge_statistics(self._stats, stats)
        return self._finish(stats, X.dtype)

    # ------------------------------------------------------------ internals

    @staticmethod
    def _check_n_classes(classes):
        if len(classes) < 2:
            raise ValueError(
                "PooledGaussianNB needs at least 2 classes in y; got "
                f"{len(classes)} class: {classes!r}."
            )

    @staticmethod
    def _weights(sample_weight, X):
        if sample_weight is None:
            return None
        return _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )

    def _finish(self, stats, dtype):
        """Turn merged statistics into the fitted attributes (in ``dtype``)."""
        counts, means, within_ss, exponent = stats
        if counts.sum() <= 0:
            raise ValueError("sample_weight sums to zero: there is nothing to fit.")
        if not (np.all(np.isfinite(means)) and np.all(np.isfinite(within_ss))):
            raise ValueError(
                "The means or variances of X overflow float64 (values near "
                f"{np.nanmax(np.abs(means)):.3g}); rescale X, e.g. with StandardScaler."
            )
        var, epsilon, constant = pooled_variance(
            counts, means, within_ss, self.var_smoothing
        )
        if not np.all(np.isfinite(var)):
            raise ValueError(
                "The variance of X overflows float64; rescale X, e.g. with "
                "StandardScaler."
            )
        if np.any(var <= 0):
            bad = np.flatnonzero(var <= 0)
            raise ValueError(
                f"Features {bad[:10].tolist()} have zero variance within every "
                "class but differ between classes; set var_smoothing > 0."
            )
        prior = self._prior(counts)
        seen = counts > 0
        with np.errstate(divide="ignore"):
            log_prior = np.where(seen, np.log(prior), -np.inf)
        if not np.any(np.isfinite(log_prior)):
            raise ValueError(
                "Every class with training samples has prior 0; check priors."
            )
        centre = grand_mean(counts, means)
        coef, intercept = centred_model(means, var, log_prior, centre)
        # the float64 model the predictions use (centred: see centred_model)
        self._stats = (counts, means, within_ss, exponent)
        self._centred = (centre, coef, intercept)
        with np.errstate(over="ignore"):  # a total weight past 1.8e308 is inf
            self.class_count_ = np.ldexp(counts, exponent).astype(dtype)
        self.class_prior_ = prior.astype(dtype)
        self.theta_ = means.astype(dtype)
        self.var_ = var.astype(dtype)
        self.epsilon_ = epsilon
        # the linear model on raw x (public; predictions use the centred one)
        if len(self.classes_) == 2:
            gap, middle = means[1] - means[0], 0.5 * (means[1] + means[0])
            self.coef_ = (gap / var)[None, :].astype(dtype)
            self.intercept_ = np.array(
                [log_prior[1] - log_prior[0] - (gap / var) @ middle], dtype
            )
        else:
            self.coef_ = (means / var).astype(dtype)
            self.intercept_ = (
                log_prior - 0.5 * np.einsum("kj,kj->k", means / var, means)
            ).astype(dtype)
        return self

    def _prior(self, counts):
        n_classes = len(self.classes_)
        if self.priors is None:
            return counts / counts.sum()
        priors = np.asarray(self.priors, dtype=np.float64)
        if priors.shape != (n_classes,):
            raise ValueError(
                f"priors must have one entry per class ({n_classes}); "
                f"got shape {priors.shape}."
            )
        if not np.all(np.isfinite(priors)) or np.any(priors < 0):
            raise ValueError("priors must be finite and non-negative.")
        if not np.isclose(priors.sum(), 1.0):
            raise ValueError(f"priors must sum to 1; they sum to {priors.sum():.6g}.")
        return priors

    def _scaled_scores(self, X):
        """Class scores over a per-row scale (see ``scaled_scores``) and X's dtype."""
        check_is_fitted(self)
        X = validate_numeric_data(self, X, dtype=_DTYPES, reset=False)
        return (*scaled_scores(X, *self._centred), X.dtype)

    # ------------------------------------------------------------ prediction

    def decision_function(self, X):
        """Scores of the equivalent linear model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the log-odds of ``classes_[1]``; otherwise the
            log joint probability of each class up to a term shared by all
            classes (differences between columns are log-odds).
        """
        v, t, dtype = self._scaled_scores(X)
        if v.shape[1] == 2:
            v = v[:, 1:] - v[:, :1]
        with np.errstate(over="ignore"):
            scores = v * t[:, None]
        # -inf from a class never seen (prior 0) is an answer; overflow is not
        overflow = ~np.isfinite(scores) & np.isfinite(v)
        if np.any(overflow):
            rows = np.flatnonzero(np.any(overflow, axis=1))
            raise ValueError(
                f"X rows {rows[:5].tolist()} are so far from the training data "
                "that their decision scores overflow float64; predict_proba "
                "and predict still work on them."
            )
        scores = scores.astype(dtype, copy=False)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_log_proba(self, X):
        """Log posterior class probabilities (by log-sum-exp).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            ``log P(y = k | x)``, columns in the order of ``classes_``.
        """
        v, t, dtype = self._scaled_scores(X)
        log_proba = log_posterior(v, t)
        if dtype != np.float64:
            # a probability that rounds to 1 in ``dtype`` has log 0 there, so
            # that log(predict_proba) and predict_log_proba agree
            log_proba[np.exp(log_proba).astype(dtype) == 1] = 0.0
        return log_proba.astype(dtype, copy=False)

    def predict_proba(self, X):
        """Posterior class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            ``P(y = k | x)``; rows sum to one.
        """
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """Most probable class of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        v, _, _ = self._scaled_scores(X)
        return self.classes_[np.argmax(v, axis=1)]
