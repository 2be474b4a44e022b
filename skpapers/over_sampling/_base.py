"""What SMOTE, SMOTENC and SMOTEUnderSampler share (private).

The samplers subclass imbalanced-learn's public :class:`imblearn.base.BaseSampler`,
which provides ``fit_resample`` (target checks, ``sampling_strategy`` parsing
through :func:`imblearn.utils.check_sampling_strategy`, pandas/list round
trips) and makes them steps of :class:`imblearn.pipeline.Pipeline`. This module
adds parameter validation, the input checks and the neighbour search.
"""

import numbers

import numpy as np
from imblearn.base import BaseSampler
from imblearn.utils import check_target_type
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import validate_data

from skpapers._solvers.smote import draw_pairs, interpolate, same_class_kneighbors
from skpapers._solvers.smote_neighbors import drop_self


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

    def _check_X_y(self, X, y, accept_sparse=("csr", "csc")):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_data(
            self,
            X=X,
            y=y,
            reset=True,
            accept_sparse=list(accept_sparse),
            dtype=[np.float64, np.float32],
        )
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
