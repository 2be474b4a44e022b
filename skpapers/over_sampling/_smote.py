"""SMOTE: synthetic minority over-sampling (Chawla et al., 2002)."""

import numpy as np
from scipy import sparse
from sklearn.utils import check_random_state

from skpapers._solvers.smote import interpolate
from skpapers.over_sampling._base import _BaseSMOTE, check_output_size
from skpapers.utils._dask import is_dask_collection


class SMOTE(_BaseSMOTE):
    """Synthetic Minority Over-sampling Technique (SMOTE).

    For each class to grow, every sample is linked to its ``k`` nearest
    neighbours *within that class* (Euclidean distance). A synthetic sample
    is a random point on the segment between a sample ``x`` and one of its
    neighbours ``x_nn``: ``x + u (x_nn - x)`` with ``u`` uniform in
    ``[0, 1)``. New samples are appended after the original ones.

    The neighbour search is exact and faster than a generic one: it visits
    each pair of same-class samples once, in float32 BLAS blocks, then
    re-ranks the few candidates in float64 so the neighbours are exactly
    those of a float64 search (see the user guide). Large classes with at
    most 5 features use scikit-learn's exact ``KDTree`` instead.

    Read more in the :ref:`User Guide <smote_user_guide>`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples each class should have after resampling, read
        exactly as imbalanced-learn reads it: a float ``r`` (binary only)
        asks for ``r * n_majority`` minority samples; ``"auto"`` (=
        ``"not majority"``), ``"minority"``, ``"not minority"``, ``"all"``
        equalise the targeted classes with the majority; a dict maps class
        to its final count; a callable maps ``y`` to such a dict.
    k_neighbors : int or object, default=5
        Number of same-class neighbours, or a NearestNeighbors-like object
        (with ``fit`` and ``kneighbors``) whose ``n_neighbors`` counts the
        sample itself, as in imbalanced-learn; use it for a kd-tree, a
        ball-tree or an approximate index.
    allocation : {"random", "per_sample"}, default="random"
        ``"random"`` draws each new sample's (sample, neighbour) pair
        uniformly, as imbalanced-learn does. ``"per_sample"`` follows the
        paper's pseudo-code: with ``N`` new samples for ``T`` originals,
        every original is the base of ``N // T`` of them (the paper's
        ``N% / 100``) and the remainder goes to distinct random originals.
    random_state : int, RandomState instance or None, default=None
        Seed of the pair and gap draws.
    n_jobs : int, default=None
        Threads of the neighbour search of large dense classes. ``None``
        follows the BLAS thread limit in effect (``threadpoolctl``; joblib
        sets it to one per worker inside a parallel grid search, so the
        cores are not oversubscribed), and is one off the main thread;
        ``-1`` uses all CPUs.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of synthetic samples generated per class.
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` is a DataFrame with string names.

    See Also
    --------
    SMOTENC : SMOTE for mixed nominal and continuous features.
    SMOTEUnderSampler : SMOTE plus random majority under-sampling.

    Notes
    -----
    Dense and sparse (CSR/CSC) input; float32 stays float32, integer input
    becomes float64 (synthetic points are not integers). With an integer
    ``random_state``, ``allocation="random"`` and the same neighbours, the
    output equals imbalanced-learn's for a binary problem.

    A Dask array (or Dask DataFrame with a Dask Series ``y``) is resampled
    without reading the majority into memory: the class counts and the rows
    of the classes to grow are computed, the synthetic rows are made in
    memory exactly as for in-memory input (same seed, same rows), and the
    original rows stay lazy, followed by the synthetic ones. Needs the
    ``dask`` extra.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer,
       "SMOTE: Synthetic Minority Over-sampling Technique", Journal of
       Artificial Intelligence Research 16, 321-357, 2002.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from skpapers.over_sampling import SMOTE
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 450), (np.int64(1), 450)]
    """

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        k_neighbors=5,
        allocation="random",
        random_state=None,
        n_jobs=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.k_neighbors = k_neighbors
        self.allocation = allocation
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit_resample(self, X, y, **params):
        """Resample ``X, y``; Dask inputs stay lazy (see the Notes of the class).

        Parameters
        ----------
        X : {array-like, sparse matrix, Dask array, Dask DataFrame} of shape \
(n_samples, n_features)
            Samples.
        y : array-like or Dask array/Series of shape (n_samples,)
            Class labels.
        **params : dict
            Passed to imbalanced-learn's ``fit_resample``.

        Returns
        -------
        X_resampled, y_resampled
            The original rows, then the synthetic rows of each grown class;
            Dask collections for Dask input.
        """
        if is_dask_collection(X, y):
            from skpapers.over_sampling._dask import fit_resample_dask

            return fit_resample_dask(self, X, y)
        return super().fit_resample(X, y, **params)

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        for label, n_new in self.sampling_strategy_.items():
            if n_new > 0:
                self._check_class_size(int(np.sum(y == label)), label)
        grow = [(label, n) for label, n in self.sampling_strategy_.items() if n > 0]
        check_output_size(
            sum(n for _, n in grow), X.shape[1], X.dtype.itemsize, "sampling_strategy"
        )
        y_res = np.concatenate(
            [y] + [np.full(n_new, label, dtype=y.dtype) for label, n_new in grow]
        )
        if sparse.issparse(X):
            X_parts = [X]
            for label, n_new in grow:
                X_class = X[np.flatnonzero(y == label)]
                X_parts.append(self._grow_class(X_class, n_new, random_state)[0])
            X_res = sparse.vstack(X_parts, format=X.format).astype(X.dtype)
            return X_res, y_res
        # Dense: search all classes first, then allocate one output array and
        # write the new samples straight into it (peak memory: the larger of
        # the search and the output, not their sum).
        plans = [
            self._plan_class(X[np.flatnonzero(y == label)], n_new, random_state)
            for label, n_new in grow
        ]
        X_res = np.empty((y_res.size, X.shape[1]), dtype=X.dtype)
        X_res[: X.shape[0]] = X
        pos = X.shape[0]
        for (label, n_new), plan in zip(grow, plans):
            X_class = X[np.flatnonzero(y == label)]
            interpolate(X_class, *plan, out=X_res[pos : pos + n_new])
            pos += n_new
        return X_res, y_res
