"""What SMOTE, SMOTENC and SMOTEUnderSampler share (private).

The samplers subclass imbalanced-learn's public :class:`imblearn.base.BaseSampler`,
which provides ``fit_resample`` (target checks, ``sampling_strategy`` parsing
through :func:`imblearn.utils.check_sampling_strategy`, pandas/list round
trips) and makes them steps of :class:`imblearn.pipeline.Pipeline`. This module
adds parameter validation, the input checks and the neighbour search.
"""

import numbers
import os

import numpy as np
import pandas as pd
from imblearn.base import BaseSampler
from imblearn.utils import check_target_type
from scipy import sparse
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from skpapers._solvers.smote import draw_pairs, interpolate, same_class_kneighbors
from skpapers._solvers.smote_neighbors import drop_self
from skpapers.utils._validation import check_class_labels, validate_numeric_data

# bytes per synthetic row besides its features: the pair draws (base row,
# neighbour column, gap) of draw_pairs
_DRAW_BYTES = 24


def _memory_bytes():
    """Physical memory of this machine in bytes, or None when unknown."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def check_output_size(n_new, n_features, itemsize, what):
    """Raise a ValueError, before any allocation, for an output past memory.

    ``what`` names the setting that asked for the ``n_new`` synthetic rows.
    """
    need = float(n_new) * (n_features * itemsize + _DRAW_BYTES)
    memory = _memory_bytes()
    if memory is not None and need > memory:
        raise ValueError(
            f"{what} asks for {int(n_new):,} synthetic samples, about "
            f"{need / 2**30:,.1f} GiB, more than this machine's memory "
            f"({memory / 2**30:,.1f} GiB); ask for fewer samples."
        )


def check_interpolation_range(X, features=None):
    """Raise a ValueError when SMOTE's arithmetic on ``X`` would overflow.

    ``features`` gives the index in the user's X of each column of ``X``
    (SMOTE-NC checks its continuous block); default: the column positions.

    New samples are ``x + gap * (neighbour - x)`` and the neighbour search
    centres every feature on its mean: both need the differences between
    rows and the column sums to be finite floats (values near +-1e308 are
    not: ``1e308 - (-1e308)`` is inf).
    """
    if sparse.issparse(X):
        data = X.data
        if data.size == 0:
            return
        hi = np.asarray(X.max(axis=0).toarray()).ravel()
        lo = np.asarray(X.min(axis=0).toarray()).ravel()
        with np.errstate(over="ignore"):
            total = np.asarray(abs(X).sum(axis=0, dtype=np.float64)).ravel()
    else:
        if X.size == 0:
            return
        hi, lo = X.max(axis=0), X.min(axis=0)
        with np.errstate(over="ignore"):
            total = np.abs(X).sum(axis=0, dtype=np.float64)
    with np.errstate(over="ignore"):
        span = hi.astype(np.float64) - lo
    bad = np.flatnonzero(~(np.isfinite(span) & np.isfinite(total)))
    if bad.size:
        j = bad[0]
        name = j if features is None else features[j]
        raise ValueError(
            f"X feature {name} ranges from {lo[j]:.3g} to {hi[j]:.3g}: differences "
            "or sums of such values overflow float64, so SMOTE cannot "
            "interpolate or search neighbours on them. Rescale X (e.g. divide "
            "by 1e10 or use StandardScaler)."
        )


def floats_for_nullable_ints(X, columns):
    """A DataFrame whose nullable-integer ``columns`` (positions) are Float64.

    Interpolated values are not integers: pandas refuses to cast them back to
    ``Int64``. Other columns and other inputs are returned as they are.
    """
    if not isinstance(X, pd.DataFrame):
        return X
    change = {
        X.columns[j]: "Float64"
        for j in columns
        if isinstance(X.dtypes.iloc[j], pd.api.extensions.ExtensionDtype)
        and pd.api.types.is_integer_dtype(X.dtypes.iloc[j])
    }
    return X.astype(change) if change else X


class _BaseSMOTE(BaseSampler):
    """Shared parameters, checks and the per-class SMOTE step."""

    _sampling_type = "over-sampling"

    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(numbers.Real, 0, 1, closed="right"),
            StrOptions({"auto", "minority", "not minority", "not majority", "all"}),
            dict,
            callable,
        ],
        "k_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors"]),
        ],
        "allocation": [StrOptions({"random", "per_sample"})],
        "random_state": ["random_state"],
        "n_jobs": [None, numbers.Integral],
    }

    def fit_resample(self, X, y, **params):
        """Resample the dataset.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data. In a DataFrame, nullable integer columns (``Int64``) that are
            interpolated come back as ``Float64`` (new values are not integers).
        y : array-like of shape (n_samples,)
            Class labels: all strings or all numbers, none missing.
        **params : dict
            Unused, present for API consistency.

        Returns
        -------
        X_resampled : {ndarray, dataframe, sparse matrix} of shape (n_samples_new, n_features)
            The original samples followed by the synthetic ones.
        y_resampled : ndarray of shape (n_samples_new,)
            Their labels.

        Raises
        ------
        ValueError
            For labels that are missing or mix types, non-numeric columns
            (named), values whose differences overflow (near +-1e308), and a
            request for more synthetic samples than memory holds.
        """
        check_class_labels(y)
        X = floats_for_nullable_ints(X, self._interpolated_columns(X))
        return super().fit_resample(X, y, **params)

    def fit(self, X, y, **params):
        """Check the labels, the data and the sampling strategy; do not resample.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data to check.
        y : array-like of shape (n_samples,)
            Class labels to check (missing and mixed-type labels are named).
        **params : dict
            Not used (imbalanced-learn's signature).

        Returns
        -------
        self : object
            The sampler, with ``sampling_strategy_``; :meth:`fit_resample`
            resamples.
        """
        check_class_labels(y)
        return super().fit(X, y, **params)

    def _interpolated_columns(self, X):
        """Positions of the columns SMOTE interpolates (all of them here)."""
        shape = getattr(X, "shape", ())
        return range(shape[1]) if len(shape) == 2 else ()

    def _check_X_y(self, X, y, accept_sparse=("csr", "csc")):
        check_class_labels(y)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_numeric_data(
            self,
            X=X,
            y=y,
            reset=True,
            accept_sparse=list(accept_sparse),
            dtype=[np.float64, np.float32],
        )
        check_interpolation_range(X)
        return X, y, binarize_y

    def _n_neighbors(self):
        if isinstance(self.k_neighbors, numbers.Integral):
            return int(self.k_neighbors)
        # A NearestNeighbors-like object counts the query point itself.
        return int(getattr(self.k_neighbors, "n_neighbors", 6)) - 1

    def _check_class_size(self, n_class, label):
        k = self._n_neighbors()
        if k < 1:
            raise ValueError(
                "k_neighbors: a neighbour object must have n_neighbors >= 2 "
                "(the sample itself plus at least one neighbour)."
            )
        if n_class <= k:
            label = label.item() if isinstance(label, np.generic) else label
            raise ValueError(
                f"k_neighbors={k} needs at least {k + 1} samples in class "
                f"{label!r} to over-sample it, but that class has {n_class} "
                "sample(s). Lower k_neighbors or leave this class out of "
                "sampling_strategy."
            )

    def _class_neighbors(self, X_class, codes=None, nominal_weight=0.0, encoded=None):
        """Indices of the k same-class neighbours of every row of ``X_class``.

        ``encoded`` is what a user-supplied neighbour object sees (SMOTE-NC
        passes continuous features plus scaled one-hot columns).
        """
        if isinstance(self.k_neighbors, numbers.Integral):
            return same_class_kneighbors(
                X_class, self.k_neighbors, codes=codes, nominal_weight=nominal_weight,
                n_jobs=getattr(self, "n_jobs", None),
            )
        data = X_class if encoded is None else encoded
        nn = clone(self.k_neighbors).fit(data)
        # Drop each row's own index to keep k = n_neighbors - 1 neighbours.
        return drop_self(nn.kneighbors(data, return_distance=False))

    def _plan_class(self, X_class, n_new, random_state, **neighbor_kwargs):
        """Neighbours and pair draws for one class (before any output exists)."""
        neighbors = self._class_neighbors(X_class, **neighbor_kwargs)
        rows, cols, gaps = draw_pairs(
            X_class.shape[0], neighbors.shape[1], n_new, random_state, self.allocation
        )
        return neighbors, rows, cols, gaps

    def _grow_class(self, X_class, n_new, random_state, **neighbor_kwargs):
        """Neighbours, pair draws and interpolation for one class."""
        neighbors, rows, cols, gaps = self._plan_class(
            X_class, n_new, random_state, **neighbor_kwargs
        )
        return interpolate(X_class, neighbors, rows, cols, gaps), neighbors, rows

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        return tags
