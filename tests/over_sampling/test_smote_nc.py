"""SMOTENC: the paper's distance, majority vote, inputs and errors."""

import tracemalloc

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTENC as ImbSMOTENC
from scipy import sparse
from sklearn.neighbors import NearestNeighbors

from skpapers.over_sampling import SMOTENC


def mixed(n=200, minority=40, seed=0, n_levels=4):
    rng = np.random.RandomState(seed)
    X = np.column_stack(
        [rng.normal(size=n), rng.randint(0, n_levels, n), rng.normal(size=n) * 3]
    )
    y = np.r_[np.zeros(n - minority, int), np.ones(minority, int)]
    return X, y


def test_counts_and_categories_stay_valid():
    X, y = mixed()
    X_res, y_res = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [160, 160]
    assert set(np.unique(X_res[:, 1])) <= set(np.unique(X[:, 1]))
    np.testing.assert_array_equal(X_res[: len(X)], X)


def test_nominal_value_is_the_vote_of_base_and_neighbors():
    X, y = mixed(seed=1)
    k = 5
    sampler = SMOTENC(categorical_features=[1], k_neighbors=k, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    Xm = X[y == 1]
    med = np.median(np.std(Xm[:, [0, 2]], axis=0))
    assert sampler.median_std_[1] == pytest.approx(med)
    # Paper's distance, brute force.
    D = ((Xm[:, None, [0, 2]] - Xm[None, :, [0, 2]]) ** 2).sum(axis=2)
    D += med**2 * (Xm[:, None, 1] != Xm[None, :, 1])
    np.fill_diagonal(D, np.inf)
    neigh = np.argsort(D, axis=1, kind="stable")[:, :k]
    for point in X_res[len(X):]:
        # Find the base sample and neighbour from the continuous part.
        a = Xm[:, None, [0, 2]]
        b = Xm[neigh][:, :, [0, 2]]
        seg = b - a
        u = np.einsum("ijk,ijk->ij", point[[0, 2]] - a, seg) / np.einsum("ijk,ijk->ij", seg, seg)
        resid = np.linalg.norm(point[[0, 2]] - (a + u[..., None] * seg), axis=2)
        base = np.flatnonzero(((resid < 1e-9) & (u > -1e-12) & (u < 1 + 1e-12)).any(axis=1))
        assert base.size >= 1
        # A segment a-b may also be b-a: the point must win one of its votes.
        winners = []
        for a_idx in base:
            votes = np.concatenate(([Xm[a_idx, 1]], Xm[neigh[a_idx], 1]))
            values, counts = np.unique(votes, return_counts=True)
            winners.extend(values[counts == counts.max()])
        assert point[1] in winners


def test_same_distance_as_imblearn_with_a_neighbor_object():
    # imbalanced-learn encodes the same distance with scaled one-hot columns;
    # a brute-force neighbour object on our encoding must agree with ours.
    X, y = mixed(seed=2)
    ours = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    via_obj = SMOTENC(
        categorical_features=[1], k_neighbors=NearestNeighbors(n_neighbors=6),
        random_state=0,
    ).fit_resample(X, y)
    np.testing.assert_allclose(via_obj[0][:, [0, 2]], ours[0][:, [0, 2]])
    theirs = ImbSMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    assert theirs[0].shape == ours[0].shape


@pytest.mark.parametrize(
    "spec", [[1], [-2], np.array([False, True, False]), "names", "auto"]
)
def test_categorical_feature_forms(spec):
    X, y = mixed(seed=3)
    df = pd.DataFrame({"a": X[:, 0], "colour": X[:, 1].astype(int), "b": X[:, 2]})
    if isinstance(spec, str) and spec == "names":
        spec, data = ["colour"], df
    elif isinstance(spec, str) and spec == "auto":
        data = df.astype({"colour": "category"})
    else:
        data = X
    sampler = SMOTENC(categorical_features=spec, random_state=0)
    X_res, y_res = sampler.fit_resample(data, y)
    assert sampler.categorical_features_.tolist() == [1]
    assert len(X_res) == 320
    if isinstance(data, pd.DataFrame):
        assert isinstance(X_res, pd.DataFrame)
        assert list(X_res.columns) == ["a", "colour", "b"]
        assert (X_res.dtypes == data.dtypes).all()


def test_string_categories_in_object_array():
    X, y = mixed(seed=4)
    Xo = X.astype(object)
    Xo[:, 1] = np.array(["red", "green", "blue", "grey"])[X[:, 1].astype(int)]
    X_res, _ = SMOTENC(categorical_features=[1], random_state=0).fit_resample(Xo, y)
    assert X_res.dtype == object
    assert set(X_res[:, 1]) <= {"red", "green", "blue", "grey"}


def test_float32_kept():
    X, y = mixed(seed=5)
    X_res, _ = SMOTENC(categorical_features=[1], random_state=0).fit_resample(
        X.astype(np.float32), y
    )
    assert X_res.dtype == np.float32


def test_same_seed_same_output():
    X, y = mixed(seed=6)
    a = SMOTENC(categorical_features=[1], random_state=1).fit_resample(X, y)[0]
    b = SMOTENC(categorical_features=[1], random_state=1).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "spec, match",
    [
        ([0, 1, 2], "continuous feature"),
        ([], "categorical feature"),
        (np.zeros(3, bool), "categorical feature"),
        ([5], r"outside \[0, 3\)"),
        ([3], r"indices \[3\] outside \[0, 3\)"),
        ([-4], r"indices \[-4\] outside"),
        (np.array([True, False]), "boolean mask needs 3"),
        (["nope"], "not columns"),
        ("everything", "'auto'"),
    ],
)
def test_bad_categorical_features(spec, match):
    X, y = mixed(seed=7)
    data = pd.DataFrame(X, columns=["a", "c", "b"]) if isinstance(spec, list) and spec == ["nope"] else X
    with pytest.raises(ValueError, match=match):
        SMOTENC(categorical_features=spec).fit_resample(data, y)


def test_names_or_auto_need_a_dataframe():
    X, y = mixed(seed=8)
    with pytest.raises(ValueError, match="DataFrame"):
        SMOTENC(categorical_features=["a"]).fit_resample(X, y)
    with pytest.raises(ValueError, match="DataFrame"):
        SMOTENC(categorical_features="auto").fit_resample(X, y)


def test_nothing_to_grow_returns_a_copy():
    # balanced classes: no new sample; X_res was the caller's own array, so
    # editing the output edited the input (imbalanced-learn returns a copy)
    rng = np.random.RandomState(0)
    X = np.c_[rng.normal(size=40), rng.randint(0, 3, 40)]
    y = np.r_[np.zeros(20, int), np.ones(20, int)]
    X_res, _ = SMOTENC(categorical_features=[1]).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X)
    assert not np.shares_memory(X_res, X)


def test_nan_rejected_in_both_kinds_of_feature():
    X, y = mixed(seed=9)
    for col in (0, 1):
        Xb = X.copy()
        Xb[2, col] = np.nan
        with pytest.raises(ValueError, match="NaN"):
            SMOTENC(categorical_features=[1]).fit_resample(Xb, y)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_gives_the_dense_result_in_its_format(fmt):
    # imbalanced-learn's SMOTENC accepts sparse X (its test_smotenc[data3/4])
    X, y = mixed(seed=10)
    X_sp = sparse.csr_matrix(X).asformat(fmt)
    dense = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    got = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X_sp, y)
    assert sparse.issparse(got[0]) and got[0].format == fmt
    np.testing.assert_array_equal(got[0].toarray(), dense[0])
    np.testing.assert_array_equal(got[1], dense[1])


def test_pandas_sparse_columns_keep_their_dtypes():
    # imbalanced-learn's check_samplers_pandas_sparse
    X, y = mixed(seed=11)
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).astype(pd.SparseDtype(float, 0.0))
    dense = SMOTENC(categorical_features=["b"], random_state=0).fit_resample(
        pd.DataFrame(X, columns=["a", "b", "c"]), y
    )
    got = SMOTENC(categorical_features=["b"], random_state=0).fit_resample(frame, y)
    assert (got[0].dtypes == frame.dtypes).all()
    np.testing.assert_array_equal(got[0].sparse.to_dense().to_numpy(), dense[0].to_numpy())


def test_k_too_large_names_class():
    X, y = mixed(n=30, minority=3)
    with pytest.raises(ValueError, match=r"class 1.* 3 sample"):
        SMOTENC(categorical_features=[1]).fit_resample(X, y)


def test_memory_linear_with_many_levels():
    # 2,000 levels: imbalanced-learn would build n_new x k x 2000 floats
    # (about 1.4 GB here); we stay far below that.
    rng = np.random.RandomState(0)
    n = 10000
    X = np.column_stack([rng.normal(size=(n, 3)), rng.randint(0, 2000, n)])
    y = (rng.rand(n) < 0.1).astype(int)
    tracemalloc.start()
    try:
        SMOTENC(categorical_features=[3], random_state=0).fit_resample(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    n_new = np.sum(y == 0) - np.sum(y == 1)
    assert peak < 0.1 * n_new * 5 * 2000 * 8


def test_med_is_the_median_not_the_mean_of_the_stds():
    # Three continuous features with very different spreads: the median of
    # their standard deviations (population, ddof=0) differs from the mean.
    rng = np.random.RandomState(3)
    n = 60
    X = np.column_stack([rng.normal(size=n), rng.normal(size=n) * 4,
                         rng.randint(0, 3, n), rng.normal(size=n) * 50])
    y = np.r_[np.zeros(40, int), np.ones(20, int)]
    sampler = SMOTENC(categorical_features=[2], random_state=0)
    sampler.fit_resample(X, y)
    stds = [np.sqrt(np.mean((c - c.mean()) ** 2)) for c in X[y == 1][:, [0, 1, 3]].T]
    assert sampler.median_std_[1] == pytest.approx(sorted(stds)[1], rel=1e-12)
    assert abs(np.mean(stds) - sorted(stds)[1]) > 1.0
