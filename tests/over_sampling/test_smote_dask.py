"""SMOTE on Dask inputs, on a real two-worker ``distributed.LocalCluster``.

The lazy result is compared with the in-memory sampler on the same data and
seed: same counts, the original rows untouched, and the same synthetic rows
(so the same segments between same-class neighbours).
"""

from collections import Counter

import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from sklearn.datasets import make_classification

from skpapers.over_sampling import SMOTE


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def data3():
    X, y = make_classification(n_samples=600, n_classes=3, weights=[0.7, 0.2, 0.1],
                               n_informative=4, n_features=6, random_state=0)
    return X, y


@pytest.mark.parametrize("strategy", [
    "auto", "minority", "not minority", "all", {2: 100, 1: 130},
    lambda y: {1: 150, 2: 90},
])
def test_lazy_output_equals_in_memory(client, data3, strategy):
    X, y = data3
    X_ref, y_ref = SMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    sampler = SMOTE(sampling_strategy=strategy, random_state=0)
    Xd, yd = da.from_array(X, chunks=(97, 6)), da.from_array(y, chunks=97)
    X_res, y_res = sampler.fit_resample(Xd, yd)
    assert isinstance(X_res, da.Array) and isinstance(y_res, da.Array)
    # the original rows pass through lazily: the input's graph is in the output's
    assert set(Xd.__dask_graph__().layers) <= set(X_res.__dask_graph__().layers)
    X_got, y_got = X_res.compute(), y_res.compute()
    assert Counter(y_got.tolist()) == Counter(y_ref.tolist())
    np.testing.assert_array_equal(y_got, y_ref)
    np.testing.assert_array_equal(X_got, X_ref)
    ref = SMOTE(sampling_strategy=strategy, random_state=0)
    ref.fit_resample(X, y)
    assert dict(sampler.sampling_strategy_) == dict(ref.sampling_strategy_)


def test_float_strategy_and_float32_kept(client):
    X, y = make_classification(n_samples=400, weights=[0.85], random_state=1)
    X = X.astype(np.float32)
    X_ref, y_ref = SMOTE(sampling_strategy=0.6, random_state=3).fit_resample(X, y)
    X_res, y_res = SMOTE(sampling_strategy=0.6, random_state=3).fit_resample(
        da.from_array(X, chunks=(50, 20)), da.from_array(y, chunks=50))
    assert X_res.dtype == np.float32
    np.testing.assert_array_equal(X_res.compute(), X_ref)
    np.testing.assert_array_equal(y_res.compute(), y_ref)


def test_dask_dataframe_gives_dask_dataframe(client, data3):
    X, y = data3
    cols = [f"f{i}" for i in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=cols)
    target = pd.Series(np.array(["a", "b", "c"])[y], name="label")
    X_ref, y_ref = SMOTE(random_state=0).fit_resample(frame, target)
    sampler = SMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(dd.from_pandas(frame, npartitions=3),
                                        dd.from_pandas(target, npartitions=3))
    assert isinstance(X_res, dd.DataFrame) and isinstance(y_res, dd.Series)
    X_got, y_got = X_res.compute(), y_res.compute()
    assert list(X_got.columns) == cols and y_got.name == "label"
    np.testing.assert_array_equal(X_got.to_numpy(), X_ref.to_numpy())
    np.testing.assert_array_equal(y_got.to_numpy(), y_ref.to_numpy())
    assert list(X_got.index) == list(range(len(X_ref)))  # new rows continue it
    assert list(sampler.feature_names_in_) == cols


def test_errors(client, data3):
    X, y = data3
    Xd, yd = da.from_array(X, chunks=100), da.from_array(y, chunks=100)
    with pytest.raises(TypeError, match="both be Dask"):
        SMOTE().fit_resample(Xd, y)
    with pytest.raises(ValueError, match="different numbers of rows"):
        SMOTE().fit_resample(Xd, yd[:-1])
    with pytest.raises(ValueError, match="not in y"):
        SMOTE(sampling_strategy={7: 10}).fit_resample(Xd, yd)
    with pytest.raises(ValueError, match="can only add"):
        SMOTE(sampling_strategy={2: 5}).fit_resample(Xd, yd)
    with pytest.raises(ValueError, match="binary"):
        SMOTE(sampling_strategy=0.5).fit_resample(Xd, yd)
    y_few = y.copy()
    y_few[np.flatnonzero(y == 2)[3:]] = 0  # three rows of class 2 left
    with pytest.raises(ValueError, match="k_neighbors=5 needs at least 6"):
        SMOTE().fit_resample(Xd, da.from_array(y_few, chunks=100))
    X_nan = X.copy()
    X_nan[np.flatnonzero(y == 2)[0], 0] = np.nan  # NaN in a row to grow
    with pytest.raises(ValueError, match="NaN"):
        SMOTE().fit_resample(da.from_array(X_nan, chunks=100), yd)
