"""SMOTE on a Dask array or Dask DataFrame (private).

The usual big-data case: the classes to grow fit in memory, the majority does
not. Only the class counts (one pass) and the rows of the classes to grow
(one filtered pass) are computed; the neighbour search, the draws and the
interpolation run in memory exactly as :class:`~skpapers.over_sampling.SMOTE`
runs them (same seed, same synthetic rows); the original rows stay lazy and
the synthetic rows are appended to them. The result is a Dask array (a Dask
DataFrame and Series for a Dask DataFrame input).

The majority rows are not checked here (that would read them): a NaN in them
passes through, as any lazy Dask operation lets it.
"""

import numpy as np
from sklearn.utils import check_array, check_random_state

from skpapers._solvers.smote import interpolate
from skpapers.utils._dask import require_dask


def _resolve_strategy(strategy, counts, y):
    """Synthetic rows per class from the class counts, as imbalanced-learn reads
    ``sampling_strategy`` for over-sampling (keys sorted)."""
    labels = sorted(counts)
    n_max = max(counts.values())
    majority = max(labels, key=counts.get)
    minority = min(labels, key=counts.get)
    if callable(strategy):
        strategy = strategy(y)
    if isinstance(strategy, str):
        keep = {
            "minority": [minority],
            "not minority": [c for c in labels if c != minority],
            "not majority": [c for c in labels if c != majority],
            "auto": [c for c in labels if c != majority],
            "all": labels,
        }[strategy]
        return {c: n_max - counts[c] for c in keep}
    if isinstance(strategy, dict):
        missing = sorted(set(strategy) - set(labels), key=str)
        if missing:
            raise ValueError(
                f"sampling_strategy: classes {missing} are not in y; classes "
                f"present: {labels}."
            )
        out = {}
        for c in sorted(strategy):
            if strategy[c] < counts[c]:
                raise ValueError(
                    f"sampling_strategy asks for {strategy[c]} samples of class "
                    f"{c!r}, which already has {counts[c]}; over-sampling can "
                    "only add samples."
                )
            out[c] = int(strategy[c]) - counts[c]
        return out
    # a float in (0, 1] (checked by the parameter constraints)
    if len(labels) != 2:
        raise ValueError(
            "sampling_strategy as a float is only defined for binary targets; "
            f"y has {len(labels)} classes."
        )
    n_new = int(n_max * strategy) - counts[minority]
    if n_new < 0:
        raise ValueError(
            f"sampling_strategy={strategy} asks for fewer minority samples than "
            "there are; increase it."
        )
    return {minority: n_new}


def _class_counts(y, frame, dask, da):
    """Rows per class (one pass over y), labels as Python scalars."""
    if frame:
        counts = y.value_counts().compute()
        return {k: int(v) for k, v in counts.items()}
    labels, counts = dask.compute(*da.unique(y, return_counts=True))
    return {k.item(): int(v) for k, v in zip(labels, counts)}


def _check_inputs(X, y):
    """Dask X (2-D) and aligned y (1-D); returns whether they are DataFrames."""
    frame = hasattr(X, "to_dask_array")
    if frame != hasattr(y, "to_dask_array") or not hasattr(y, "__dask_graph__"):
        raise TypeError(
            "X and y must both be Dask arrays or both Dask DataFrame/Series; got "
            f"{type(X).__name__} and {type(y).__name__}."
        )
    if frame:
        if X.npartitions != y.npartitions:
            raise ValueError(
                "X and y must have the same partitions; got "
                f"{X.npartitions} and {y.npartitions}."
            )
        return True
    if X.ndim != 2 or y.ndim != 1:
        raise ValueError(
            f"X must be 2-D and y 1-D; got shapes {X.shape} and {y.shape}."
        )
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y have different numbers of rows: {X.shape[0]} != {y.shape[0]}."
        )
    return False


def fit_resample_dask(sampler, X, y):
    """SMOTE's ``fit_resample`` on Dask inputs (see the module docstring).

    Returns
    -------
    X_res, y_res : Dask array and Dask array, or Dask DataFrame and Series
        The original rows (lazy), then the synthetic rows of each grown class.
    """
    dask, da, dd = require_dask("dask", "dask.array", "dask.dataframe")
    import pandas as pd

    sampler._validate_params()
    frame = _check_inputs(X, y)
    if not frame:
        y = y.rechunk((X.chunks[0],))
    counts = _class_counts(y, frame, dask, da)
    strategy = _resolve_strategy(sampler.sampling_strategy, counts, y)
    sampler.sampling_strategy_ = dict(sorted(strategy.items()))
    sampler.n_features_in_ = X.shape[1]
    if frame and all(isinstance(c, str) for c in X.columns):
        sampler.feature_names_in_ = np.asarray(X.columns, dtype=object)
    grow = [(c, n) for c, n in sampler.sampling_strategy_.items() if n > 0]
    if not grow:
        return X, y
    for c, _ in grow:
        sampler._check_class_size(counts[c], c)
    # the rows of the classes to grow, in input order, as the in-memory sampler
    # takes them (float64, or float32 kept)
    rows = [
        check_array(np.asarray(r), dtype=[np.float64, np.float32],
                    input_name="X")
        for r in dask.compute(*[X[y == c] for c, _ in grow])
    ]
    random_state = check_random_state(sampler.random_state)
    plans = [sampler._plan_class(r, n, random_state) for r, (_, n) in zip(rows, grow)]
    X_new = np.concatenate([interpolate(r, *p) for r, p in zip(rows, plans)])
    y_new = np.concatenate([np.full(n, c) for c, n in grow])
    if not frame:
        X_old = X if X.dtype == X_new.dtype else X.astype(X_new.dtype)
        return (da.concatenate([X_old, da.from_array(X_new)], axis=0),
                da.concatenate([y, da.from_array(y_new.astype(y.dtype))]))
    n = sum(counts.values())
    index = pd.RangeIndex(n, n + X_new.shape[0])
    new = pd.DataFrame(X_new, columns=X.columns, index=index).astype(X.dtypes.to_dict())
    y_tail = pd.Series(y_new, name=y.name, index=index).astype(y.dtype)
    return (dd.concat([X, dd.from_pandas(new, npartitions=1)]),
            dd.concat([y, dd.from_pandas(y_tail, npartitions=1)]))
