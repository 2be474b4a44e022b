"""SMOTE-NC: SMOTE for mixed nominal and continuous features (section 6.1)."""

import numbers
from collections import namedtuple

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils import check_array, check_random_state
from sklearn.utils.validation import validate_data
from imblearn.utils import check_target_type

from skpapers._solvers.smote import nominal_vote
from skpapers.over_sampling._base import (
    _BaseSMOTE,
    check_interpolation_range,
    check_output_size,
)
from skpapers.utils._validation import check_class_labels, check_numeric_columns


def _resolve_categorical(categorical_features, X, n_features):
    """Indices of the nominal columns, from indices, names, a mask or "auto"."""
    is_frame = isinstance(X, pd.DataFrame)
    if isinstance(categorical_features, str):
        if categorical_features != "auto":
            raise ValueError(
                "categorical_features must be 'auto', indices, names or a boolean "
                f"mask; got the string {categorical_features!r}."
            )
        if not is_frame:
            raise ValueError(
                "categorical_features='auto' needs a pandas DataFrame with "
                f"categorical columns; got {type(X).__name__}."
            )
        return np.flatnonzero(
            [isinstance(dtype, pd.CategoricalDtype) for dtype in X.dtypes]
        )
    spec = np.asarray(categorical_features)
    if spec.ndim != 1:
        raise ValueError("categorical_features must be one-dimensional.")
    if spec.dtype.kind == "b":
        if spec.size != n_features:
            raise ValueError(
                f"categorical_features as a boolean mask needs {n_features} "
                f"entries (one per feature); got {spec.size}."
            )
        return np.flatnonzero(spec)
    if spec.size == 0:
        return spec.astype(np.intp)
    if spec.dtype.kind in "iu":
        bad = spec[(spec < -n_features) | (spec >= n_features)]
        if bad.size:
            raise ValueError(
                f"categorical_features has indices {bad.tolist()} outside "
                f"[0, {n_features}) for X with {n_features} features."
            )
        return np.unique(np.where(spec < 0, spec + n_features, spec))
    if spec.dtype.kind in "UO":
        if not is_frame:
            raise ValueError(
                "categorical_features given as names needs X to be a pandas "
                f"DataFrame; got {type(X).__name__}."
            )
        columns = list(X.columns)
        unknown = [name for name in spec if name not in columns]
        if unknown:
            raise ValueError(
                f"categorical_features names {unknown} are not columns of X "
                f"(columns: {columns})."
            )
        return np.unique([columns.index(name) for name in spec])
    raise ValueError(
        "categorical_features must be 'auto', integer indices, column names or a "
        f"boolean mask; got an array of dtype {spec.dtype}."
    )


# ``sparse_format``: "csr"/"csc" when X came sparse (the output is made sparse
# again), else None
_Split = namedtuple(
    "_Split", ["X", "continuous", "codes", "levels", "sparse_format"], defaults=[None]
)


def _unit_exponent(values):
    """Exponent of the power of two that brings ``max |values|`` into [0.5, 1)."""
    peak = float(np.max(np.abs(values))) if values.size else 0.0
    return int(np.frexp(peak)[1]) if peak > 0 else 0


def _dense_frame(X):
    """A DataFrame with its pandas sparse columns made dense (others untouched)."""
    sparse_cols = {
        name: dtype.subtype
        for name, dtype in X.dtypes.items()
        if isinstance(dtype, pd.SparseDtype)
    }
    return X.astype(sparse_cols) if sparse_cols else X


def _all_finite(values):
    values = np.asarray(values)
    if values.dtype.kind in "fc":
        return bool(np.isfinite(values).all())
    if values.dtype.kind == "O":
        return all(
            np.isfinite(v) for v in values if isinstance(v, (float, np.floating))
        )
    return True


class SMOTENC(_BaseSMOTE):
    """SMOTE for data with nominal and continuous features (SMOTE-NC).

    Section 6.1 of the SMOTE paper. Let ``Med`` be the median, over the
    continuous features, of their standard deviations within the class being
    grown. The squared distance between two samples is the squared Euclidean
    distance of their continuous parts plus ``Med ** 2`` for every nominal
    feature on which they differ. A new sample interpolates the continuous
    features as :class:`SMOTE` does, and takes for each nominal feature the
    value held by most of the base sample and its ``k`` nearest neighbours
    (ties broken at random).

    Nominal values are handled as integer codes: no one-hot array of
    ``n_new x k x n_levels`` is ever built, so memory stays linear in the
    number of new samples whatever the number of levels. Continuous values
    are handled in units of a power of two (exact), so that ``Med ** 2`` and
    squared distances stay finite up to the float range. Sparse X (CSR/CSC)
    is worked on densely and returned in its own format; pandas sparse
    columns keep their dtype.

    Read more in the :ref:`User Guide <smote_user_guide>`.

    Parameters
    ----------
    categorical_features : "auto" or array-like
        The nominal features: ``"auto"`` (the categorical-dtype columns of a
        DataFrame), integer indices, column names (DataFrame input) or a
        boolean mask of length ``n_features``.
    sampling_strategy : float, str, dict or callable, default="auto"
        As in :class:`SMOTE` (imbalanced-learn's reading).
    k_neighbors : int or object, default=5
        Number of same-class neighbours, or a NearestNeighbors-like object
        counting the sample itself; it then sees the continuous features
        next to one-hot columns scaled so that a differing nominal value adds
        ``Med ** 2`` to the squared distance.
    allocation : {"random", "per_sample"}, default="random"
        As in :class:`SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the pair, gap and tie-break draws.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of synthetic samples generated per class.
    categorical_features_ : ndarray of shape (n_nominal,)
        Indices of the nominal features.
    continuous_features_ : ndarray of shape (n_continuous,)
        Indices of the continuous features.
    median_std_ : dict
        Per grown class, the median standard deviation ``Med``.
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` is a DataFrame with string names.

    See Also
    --------
    SMOTE : SMOTE for continuous features.

    Notes
    -----
    The vote includes the base sample, as the paper states ("majority vote
    between the feature vector under consideration and its k nearest
    neighbors"); imbalanced-learn's SMOTENC votes among the neighbours only.
    ``Med`` uses the population standard deviation (``ddof=0``).

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.over_sampling import SMOTENC
    >>> rng = np.random.RandomState(0)
    >>> X = np.column_stack([rng.normal(size=100), rng.randint(0, 3, 100)])
    >>> y = np.r_[np.zeros(80, int), np.ones(20, int)]
    >>> sampler = SMOTENC(categorical_features=[1], random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [80, 80]
    >>> set(np.unique(X_res[:, 1])) <= {0.0, 1.0, 2.0}
    True
    """

    _parameter_constraints: dict = {
        **_BaseSMOTE._parameter_constraints,
        "categorical_features": ["array-like", str],
    }

    def __init__(
        self,
        categorical_features,
        *,
        sampling_strategy="auto",
        k_neighbors=5,
        allocation="random",
        random_state=None,
    ):
        self.categorical_features = categorical_features
        self.sampling_strategy = sampling_strategy
        self.k_neighbors = k_neighbors
        self.allocation = allocation
        self.random_state = random_state

    def _interpolated_columns(self, X):
        """Positions of the continuous columns (the nominal ones are voted)."""
        shape = getattr(X, "shape", ())
        if len(shape) != 2:
            return ()
        try:
            nominal = _resolve_categorical(self.categorical_features, X, shape[1])
        except ValueError:
            return ()  # _check_X_y raises the message
        return np.setdiff1d(np.arange(shape[1]), nominal)

    def _check_X_y(self, X, y, accept_sparse=None):
        check_class_labels(y)
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        sparse_format = None
        if sparse.issparse(X):
            # nominal features are values: work on the dense array, give the
            # result back in the input's sparse format (as imbalanced-learn)
            sparse_format = X.format if X.format in ("csr", "csc") else "csr"
            X = X.toarray()
        if isinstance(X, pd.DataFrame):
            X = _dense_frame(X)
        else:
            X = check_array(X, dtype=None, ensure_all_finite=False)
        validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        y = np.asarray(y)
        if X.shape[0] == 0:
            raise ValueError("Found array with 0 sample(s); SMOTENC needs samples.")
        if X.shape[0] != y.shape[0]:
            raise ValueError(
                f"X and y have different numbers of samples: {X.shape[0]} and "
                f"{y.shape[0]}."
            )
        # Split and encode now, so fit() checks the values as well; the
        # result travels to _fit_resample with the original X.
        return _Split(X, *self._split(X), sparse_format), y, binarize_y

    def _split(self, X):
        """Continuous block (float) and integer codes + levels of nominal ones."""
        n_features = X.shape[1]
        nominal = _resolve_categorical(self.categorical_features, X, n_features)
        if nominal.size == n_features:
            raise ValueError(
                "SMOTENC needs at least one continuous feature; all "
                f"{n_features} feature(s) are categorical. Use SMOTE-N style "
                "methods for purely nominal data."
            )
        if nominal.size == 0:
            raise ValueError(
                "SMOTENC needs at least one categorical feature "
                "(categorical_features selected none); use SMOTE instead."
            )
        continuous = np.setdiff1d(np.arange(n_features), nominal)
        self.categorical_features_ = nominal
        self.continuous_features_ = continuous
        frame = X if isinstance(X, pd.DataFrame) else None
        if frame is not None:
            cont = frame.iloc[:, continuous]
        else:
            cont = X[:, continuous]
            if cont.dtype.kind in "OUS":  # name the columns by their index in X
                check_numeric_columns(pd.DataFrame(cont, columns=continuous))
        check_numeric_columns(cont)
        cont = check_array(cont, dtype=[np.float64, np.float32], input_name="X")
        check_interpolation_range(cont, continuous)
        codes = np.empty((X.shape[0], nominal.size), dtype=np.intp)
        levels = []
        for pos, col in enumerate(nominal):
            values = frame.iloc[:, col] if frame is not None else X[:, col]
            codes[:, pos], uniques = pd.factorize(values, sort=False)
            if (codes[:, pos] < 0).any() or not _all_finite(uniques):
                raise ValueError(
                    f"categorical feature {col} contains NaN, inf or missing "
                    "values; encode them as their own category first."
                )
            levels.append(np.asarray(uniques))
        return cont, codes, levels

    def _encoded(self, cont, codes, weight):
        """Continuous features plus one-hot columns scaled to weight/sqrt(2)."""
        blocks = [sparse.csr_matrix(cont)]
        for f in range(codes.shape[1]):
            n_levels = codes[:, f].max() + 1
            onehot = sparse.csr_matrix(
                (np.full(codes.shape[0], weight / np.sqrt(2)),
                 (np.arange(codes.shape[0]), codes[:, f])),
                shape=(codes.shape[0], n_levels),
            )
            blocks.append(onehot)
        return sparse.hstack(blocks, format="csr")

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        X, cont, codes, levels, sparse_format = X
        for label, n_new in self.sampling_strategy_.items():
            if n_new > 0:
                self._check_class_size(int(np.sum(y == label)), label)
        check_output_size(
            sum(self.sampling_strategy_.values()), X.shape[1], 8, "sampling_strategy"
        )
        self.median_std_ = {}
        cont_parts, code_parts, y_parts = [cont], [codes], [y]
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            idx = np.flatnonzero(y == label)
            # work in units of a power of two (exact): Med ** 2 and squared
            # distances stay finite for values up to the float range
            unit = _unit_exponent(cont[idx])
            cont_class, codes_class = np.ldexp(cont[idx], -unit), codes[idx]
            med = float(np.median(np.std(cont_class, axis=0, dtype=np.float64)))
            self.median_std_[label] = float(np.ldexp(med, unit))
            encoded = None
            if not isinstance(self.k_neighbors, numbers.Integral):
                encoded = self._encoded(cont_class, codes_class, med)
            cont_new, neighbors, rows = self._grow_class(
                cont_class,
                n_new,
                random_state,
                codes=codes_class,
                nominal_weight=med,
                encoded=encoded,
            )
            cont_parts.append(np.ldexp(cont_new, unit).astype(cont.dtype, copy=False))
            code_parts.append(nominal_vote(codes_class, neighbors, rows, random_state))
            y_parts.append(np.full(n_new, label, dtype=y.dtype))
        X_res = self._assemble(X, cont_parts, code_parts, levels)
        if sparse_format is not None:
            X_res = sparse.csr_matrix(X_res).asformat(sparse_format)
        return X_res, np.concatenate(y_parts)

    def _assemble(self, X, cont_parts, code_parts, levels):
        """Original rows followed by the new ones, columns in input order."""
        if len(cont_parts) == 1:
            return X.copy()  # never hand back the caller's own array
        cont_new = np.concatenate(cont_parts[1:], axis=0)
        codes_new = np.concatenate(code_parts[1:], axis=0)
        if isinstance(X, pd.DataFrame):
            new = {}
            for pos, col in enumerate(self.continuous_features_):
                new[X.columns[col]] = cont_new[:, pos]
            for pos, col in enumerate(self.categorical_features_):
                new[X.columns[col]] = levels[pos][codes_new[:, pos]]
            new = pd.DataFrame(new, columns=X.columns)
            new = new.astype(X.dtypes.to_dict())
            return pd.concat([X, new], axis=0, ignore_index=True)
        if X.dtype.kind == "O":
            dtype = X.dtype
        else:
            dtype = np.result_type(X.dtype, cont_new.dtype)
        out = np.empty((cont_new.shape[0], X.shape[1]), dtype=dtype)
        out[:, self.continuous_features_] = cont_new
        for pos, col in enumerate(self.categorical_features_):
            out[:, col] = levels[pos][codes_new[:, pos]]
        return np.concatenate([X.astype(out.dtype, copy=False), out], axis=0)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        return tags
