"""SMOTE sampler behaviour (expectations written after imbalanced-learn's)."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.pipeline import Pipeline
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.neighbors import NearestNeighbors
from sklearn.tree import DecisionTreeClassifier

from skpapers.over_sampling import SMOTE


@pytest.fixture(scope="module")
def data3():
    X, y = make_classification(
        n_samples=400, n_classes=3, weights=[0.6, 0.3, 0.1], n_informative=4,
        n_features=6, random_state=0,
    )
    return X, y


def _counts(y):
    return dict(Counter(np.asarray(y).tolist()))


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", lambda c: {0: c[0], 1: c[0], 2: c[0]}),
        ("not majority", lambda c: {0: c[0], 1: c[0], 2: c[0]}),
        ("minority", lambda c: {0: c[0], 1: c[1], 2: c[0]}),
        ("all", lambda c: {0: c[0], 1: c[0], 2: c[0]}),
        ({2: 100}, lambda c: {0: c[0], 1: c[1], 2: 100}),
        (lambda y: {1: 150, 2: 90}, lambda c: {0: c[0], 1: 150, 2: 90}),
    ],
)
def test_exact_counts_for_each_strategy(data3, strategy, expected):
    X, y = data3
    c = _counts(y)
    _, y_res = SMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert _counts(y_res) == expected(c)


def test_float_strategy_binary():
    X, y = make_classification(n_samples=300, weights=[0.9], random_state=1)
    c = _counts(y)
    _, y_res = SMOTE(sampling_strategy=0.5, random_state=0).fit_resample(X, y)
    assert _counts(y_res) == {0: c[0], 1: int(0.5 * c[0])}


def test_float_strategy_multiclass_is_rejected(data3):
    with pytest.raises(ValueError, match="binary"):
        SMOTE(sampling_strategy=0.5).fit_resample(*data3)


def test_dict_strategy_leaves_other_classes_untouched(data3):
    X, y = data3
    X_res, y_res = SMOTE(sampling_strategy={2: 120}, random_state=0).fit_resample(X, y)
    # Originals come first, unchanged; only class 2 grows.
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert set(y_res[len(y):]) == {2}


def test_every_synthetic_point_is_on_a_same_class_neighbor_segment(data3):
    X, y = data3
    k = 5
    X_res, y_res = SMOTE(k_neighbors=k, random_state=0).fit_resample(X, y)
    for label in np.unique(y):
        X_class = X[y == label]
        new = X_res[len(X):][y_res[len(y):] == label]
        if not len(new):
            continue
        nn = NearestNeighbors(n_neighbors=k + 1).fit(X_class)
        neigh = nn.kneighbors(X_class, return_distance=False)[:, 1:]
        for point in new:
            # point = a + u (b - a) for some sample a and one of its k neighbours b.
            a = X_class[:, None, :]
            b = X_class[neigh]
            seg = b - a
            u = np.einsum("ijk,ijk->ij", point - a, seg) / np.einsum("ijk,ijk->ij", seg, seg)
            resid = np.linalg.norm(point - (a + u[..., None] * seg), axis=2)
            ok = (resid < 1e-9) & (u >= -1e-12) & (u <= 1 + 1e-12)
            assert ok.any()


def test_sparse_equals_dense(data3):
    X, y = data3
    X = X * (np.random.RandomState(0).rand(*X.shape) < 0.5)
    dense = SMOTE(random_state=3).fit_resample(X, y)
    for fmt in ("csr", "csc"):
        X_sp, y_sp = SMOTE(random_state=3).fit_resample(sparse.csr_matrix(X).asformat(fmt), y)
        assert X_sp.format == fmt
        np.testing.assert_allclose(X_sp.toarray(), dense[0], rtol=1e-12)
        np.testing.assert_array_equal(y_sp, dense[1])


def test_matches_imblearn_with_the_same_seed():
    X, y = make_classification(n_samples=500, weights=[0.85], random_state=2)
    ours = SMOTE(random_state=11).fit_resample(X, y)
    theirs = ImbSMOTE(random_state=11).fit_resample(X, y)
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_neighbor_object_is_used_and_matches_int(data3):
    X, y = data3
    by_int = SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    for algorithm in ("kd_tree", "ball_tree", "brute"):
        nn = NearestNeighbors(n_neighbors=4, algorithm=algorithm)
        by_obj = SMOTE(k_neighbors=nn, random_state=0).fit_resample(X, y)
        np.testing.assert_allclose(by_obj[0], by_int[0])
    assert not hasattr(nn, "n_samples_fit_")  # the user's object is cloned


def test_pandas_and_list_round_trip(data3):
    X, y = data3
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    ys = pd.Series(y, name="target")
    X_res, y_res = SMOTE(random_state=0).fit_resample(df, ys)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list(df.columns)
    assert isinstance(y_res, pd.Series) and y_res.name == "target"
    X_list, y_list = SMOTE(random_state=0).fit_resample(X.tolist(), y.tolist())
    assert isinstance(y_list, list)
    np.testing.assert_array_equal(np.asarray(X_list), X_res.to_numpy())


def test_dtypes(data3):
    X, y = data3
    X32, _ = SMOTE(random_state=0).fit_resample(X.astype(np.float32), y)
    assert X32.dtype == np.float32
    Xint = np.round(X * 10).astype(np.int64)
    X_res, _ = SMOTE(random_state=0).fit_resample(Xint, y)
    assert X_res.dtype == np.float64
    np.testing.assert_array_equal(X_res[: len(X)], Xint)


def test_string_labels_kept(data3):
    X, y = data3
    labels = np.array(["a", "b", "c"])[y]
    _, y_res = SMOTE(random_state=0).fit_resample(X, labels)
    assert y_res.dtype == labels.dtype and set(y_res) == {"a", "b", "c"}


def test_same_seed_same_output_and_seed_matters(data3):
    X, y = data3
    a = SMOTE(random_state=5).fit_resample(X, y)[0]
    b = SMOTE(random_state=5).fit_resample(X, y)[0]
    c = SMOTE(random_state=6).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_per_sample_allocation_uses_each_sample(data3):
    X, y = data3
    n2 = np.sum(y == 2)
    X_res, y_res = SMOTE(
        sampling_strategy={2: 3 * n2}, allocation="per_sample", random_state=0
    ).fit_resample(X, y)
    assert np.sum(y_res == 2) == 3 * n2


def test_pipeline_grid_search_and_cross_validate():
    X, y = make_classification(n_samples=300, weights=[0.85], random_state=0)
    pipe = Pipeline(
        [("smote", SMOTE(random_state=0)), ("clf", DecisionTreeClassifier(random_state=0))]
    )
    grid = GridSearchCV(pipe, {"smote__k_neighbors": [3, 5]}, cv=3, scoring="roc_auc")
    grid.fit(X, y)
    assert grid.best_params_["smote__k_neighbors"] in (3, 5)
    res = cross_validate(pipe, X, y, cv=StratifiedKFold(3), scoring="roc_auc")
    assert np.all(res["test_score"] > 0.5)
    # Test data is never resampled: predict returns one label per input row.
    assert grid.predict(X).shape == (300,)


def test_one_class_rejected():
    with pytest.raises(ValueError, match="class"):
        SMOTE().fit_resample(np.zeros((10, 2)), np.zeros(10))


def test_continuous_target_rejected():
    with pytest.raises(ValueError, match="continuous"):
        SMOTE().fit_resample(np.random.rand(20, 2), np.random.rand(20))


def test_k_neighbors_too_large_names_class_and_size():
    X = np.random.RandomState(0).normal(size=(24, 2))
    y = np.r_[np.zeros(20, int), np.ones(4, int)]
    with pytest.raises(ValueError, match=r"k_neighbors=5.*class 1.* 4 sample"):
        SMOTE().fit_resample(X, y)
    with pytest.raises(ValueError, match=r"k_neighbors=5.*class 1"):
        SMOTE(k_neighbors=NearestNeighbors(n_neighbors=6)).fit_resample(X, y)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_rejected(bad, data3):
    X, y = data3
    X = X.copy()
    X[3, 1] = bad
    with pytest.raises(ValueError, match="(?i)nan|inf"):
        SMOTE().fit_resample(X, y)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"k_neighbors": 0}, "k_neighbors"),
        ({"allocation": "even"}, "allocation"),
        ({"sampling_strategy": "everything"}, "sampling_strategy"),
        ({"sampling_strategy": 1.5}, "sampling_strategy"),
    ],
)
def test_bad_parameters(params, match, data3):
    with pytest.raises(ValueError, match=match):
        SMOTE(**params).fit_resample(*data3)


def test_neighbor_object_with_duplicates_never_pairs_a_sample_with_itself():
    rng = np.random.RandomState(0)
    base = rng.normal(size=(10, 2))
    X = np.vstack([rng.normal(size=(60, 2)) + 5, base, base, base])
    y = np.r_[np.zeros(60, int), np.ones(30, int)]
    sampler = SMOTE(k_neighbors=NearestNeighbors(n_neighbors=3), random_state=0)
    nn = sampler._class_neighbors(X[y == 1])
    assert nn.shape == (30, 2)
    assert np.all(nn != np.arange(30)[:, None])
    # every neighbour of a triplicated point is one of its copies (distance 0)
    np.testing.assert_array_equal(X[y == 1][nn[:, 0]], X[y == 1])


def test_class_with_exactly_k_samples_gets_the_named_error():
    # n_class == k: one sample too few (each needs k others); the boundary.
    X = np.random.RandomState(0).normal(size=(25, 2))
    y = np.r_[np.zeros(20, int), np.ones(5, int)]
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 .*class 1.* 5 sample"):
        SMOTE().fit_resample(X, y)
    X_res, y_res = SMOTE(k_neighbors=4, random_state=0).fit_resample(X, y)
    assert np.sum(y_res == 1) == 20
