"""The paper's SMOTE + random majority under-sampling as one sampler."""

import numbers

import numpy as np
from scipy import sparse
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from skpapers.over_sampling._base import _BaseSMOTE, check_output_size


class SMOTEUnderSampler(_BaseSMOTE):
    """SMOTE the minority class, then randomly under-sample the others.

    The combination evaluated in the SMOTE paper: the minority class is
    over-sampled by ``smote_percent`` % (200 % adds two synthetic samples per
    minority sample, 50 % adds one for a random half of them), then every
    other class is randomly under-sampled, without replacement, until the
    minority class is ``under_percent`` % of it: a class keeps
    ``round(100 * n_minority_after / under_percent)`` samples, or all of them
    if it has fewer. With ``smote_percent=0`` it is the paper's
    under-sampling-alone baseline.

    ``under_percent`` counts the minority *after* SMOTE. The paper's ROC
    curves (section 5, "ROC Creation") keep, at under-sampling rate ``x``,
    as many majority cases as plain under-sampling does ("each corresponding
    point on each ROC curve for a dataset represents the same number of
    majority class samples"), i.e. the minority counted *before* SMOTE: pass
    ``under_percent = x * (100 + smote_percent) / 100`` for that.

    Read more in the :ref:`User Guide <smote_user_guide>`.

    Parameters
    ----------
    smote_percent : float, default=200
        Amount of SMOTE, in percent of the minority class size (``>= 0``).
    under_percent : float, default=100
        Size of the minority class (after SMOTE), in percent of each other
        class after under-sampling (``> 0``; 100 balances the classes, 200
        keeps half as many majority as minority samples).
    k_neighbors : int or object, default=5
        As in :class:`SMOTE`.
    allocation : {"per_sample", "random"}, default="per_sample"
        As in :class:`SMOTE`; the default follows the paper's pseudo-code.
    random_state : int, RandomState instance or None, default=None
        Seed of SMOTE's draws and of the under-sampling.
    n_jobs : int, default=None
        As in :class:`SMOTE`: threads of the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
        Final number of samples of every class.
    minority_class_ : object
        The class that was over-sampled (the smallest one).
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` is a DataFrame with string names.

    See Also
    --------
    SMOTE : The over-sampling step alone.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from skpapers.over_sampling import SMOTEUnderSampler
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> np.bincount(y).tolist()
    [898, 102]
    >>> sampler = SMOTEUnderSampler(smote_percent=200, under_percent=50, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [612, 306]
    """

    _sampling_type = "bypass"

    _parameter_constraints: dict = {
        "smote_percent": [Interval(numbers.Real, 0, None, closed="left")],
        "under_percent": [Interval(numbers.Real, 0, None, closed="neither")],
        "k_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors"]),
        ],
        "allocation": [StrOptions({"random", "per_sample"})],
        "random_state": ["random_state"],
        "n_jobs": [None, numbers.Integral],
    }

    def __init__(
        self,
        *,
        smote_percent=200,
        under_percent=100,
        k_neighbors=5,
        allocation="per_sample",
        random_state=None,
        n_jobs=None,
    ):
        self.smote_percent = smote_percent
        self.under_percent = under_percent
        self.k_neighbors = k_neighbors
        self.allocation = allocation
        self.random_state = random_state
        self.n_jobs = n_jobs

    @property
    def sampling_strategy(self):
        """Fixed to ``"auto"``: the counts follow from the two percentages."""
        return "auto"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, **params):
        """Check the input and set ``minority_class_`` and ``sampling_strategy_``.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data.
        y : array-like of shape (n_samples,)
            Class labels.
        **params : dict
            Unused, present for API consistency.

        Returns
        -------
        self : SMOTEUnderSampler
            The sampler; use :meth:`fit_resample` to resample.
        """
        X, y, _ = self._check_X_y(X, y)
        self._plan(X, y)
        return self

    def _plan(self, X, y):
        """Class labels, minority, its size, new samples, size kept of the others.

        Sets ``minority_class_`` and ``sampling_strategy_`` (final counts).
        Raises a ValueError, before anything is allocated, when the synthetic
        samples asked for do not fit in memory.
        """
        labels, counts = np.unique(y, return_counts=True)
        minority = labels[np.argmin(counts)]
        n_min = int(counts.min())
        n_new_float = n_min * float(self.smote_percent) / 100
        check_output_size(
            n_new_float, X.shape[1], X.dtype.itemsize,
            f"smote_percent={self.smote_percent:g}",
        )
        n_new = int(round(n_new_float))
        target = max(1, int(round(100 * (n_min + n_new) / self.under_percent)))
        self.minority_class_ = minority
        self.sampling_strategy_ = {
            label: n_min + n_new if label == minority else min(int(count), target)
            for label, count in zip(labels, counts)
        }
        return labels, minority, n_min, n_new, target

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        labels, minority, n_min, n_new, target = self._plan(X, y)
        if n_new > 0:
            self._check_class_size(n_min, minority)
        keep = []
        for label in labels:
            idx = np.flatnonzero(y == label)
            if label != minority and idx.size > target:
                idx = np.sort(random_state.choice(idx, size=target, replace=False))
            keep.append(idx)
        keep = np.sort(np.concatenate(keep))
        X_parts, y_parts = [X[keep]], [y[keep]]
        if n_new > 0:
            X_class = X[np.flatnonzero(y == minority)]
            X_new, _, _ = self._grow_class(X_class, n_new, random_state)
            X_parts.append(X_new)
            y_parts.append(np.full(n_new, minority, dtype=y.dtype))
        if sparse.issparse(X):
            X_res = sparse.vstack(X_parts, format=X.format).astype(X.dtype)
        else:
            X_res = np.concatenate(X_parts, axis=0)
        return X_res, np.concatenate(y_parts)
