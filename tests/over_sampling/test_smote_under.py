"""SMOTEUnderSampler: the paper's percentages, exactly."""

import numpy as np
import pytest
from imblearn.pipeline import Pipeline
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV
from sklearn.naive_bayes import GaussianNB

from skpapers.over_sampling import SMOTEUnderSampler


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    return X, y


@pytest.mark.parametrize("smote_percent", [0, 50, 100, 300, 500])
@pytest.mark.parametrize("under_percent", [10, 50, 100, 200])
def test_counts_follow_the_percentages(data, smote_percent, under_percent):
    X, y = data
    n_min, n_maj = np.sum(y == 1), np.sum(y == 0)
    sampler = SMOTEUnderSampler(
        smote_percent=smote_percent, under_percent=under_percent, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y)
    n_min_after = n_min + round(n_min * smote_percent / 100)
    n_maj_after = min(n_maj, round(100 * n_min_after / under_percent))
    assert np.sum(y_res == 1) == n_min_after
    assert np.sum(y_res == 0) == n_maj_after
    assert sampler.minority_class_ == 1
    assert sampler.sampling_strategy_ == {0: n_maj_after, 1: n_min_after}


def test_fit_sets_the_same_attributes_as_fit_resample(data):
    # sampling_strategy_ is documented as the final counts; fit() left "auto"
    X, y = data
    fitted = SMOTEUnderSampler(smote_percent=300, under_percent=50).fit(X, y)
    resampled = SMOTEUnderSampler(smote_percent=300, under_percent=50,
                                  random_state=0)
    resampled.fit_resample(X, y)
    assert fitted.sampling_strategy_ == resampled.sampling_strategy_
    assert fitted.minority_class_ == resampled.minority_class_ == 1
    assert fitted.n_features_in_ == X.shape[1]


def test_kept_rows_are_original_rows_and_new_ones_interpolate(data):
    X, y = data
    X_res, y_res = SMOTEUnderSampler(random_state=0).fit_resample(X, y)
    originals = {tuple(row) for row in X}
    n_kept = len(y_res) - 2 * np.sum(y == 1)
    assert all(tuple(row) in originals for row in X_res[:n_kept])
    # all minority originals are kept
    assert np.sum(y_res[:n_kept] == 1) == np.sum(y == 1)


def test_smote_percent_zero_is_under_sampling_alone(data):
    X, y = data
    X_res, y_res = SMOTEUnderSampler(smote_percent=0, under_percent=100, random_state=0).fit_resample(X, y)
    assert np.sum(y_res == 0) == np.sum(y_res == 1) == np.sum(y == 1)


def test_per_sample_allocation_at_200_percent(data):
    # Paper's pseudo-code: each minority sample is the base of exactly 2 new ones.
    X, y = data
    sampler = SMOTEUnderSampler(smote_percent=200, under_percent=1e-9, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.sum(y_res == 1) == 3 * np.sum(y == 1)


def test_in_a_grid_search(data):
    X, y = data
    pipe = Pipeline([("s", SMOTEUnderSampler(random_state=0)), ("nb", GaussianNB())])
    grid = GridSearchCV(pipe, {"s__smote_percent": [100, 300]}, cv=3, scoring="roc_auc")
    grid.fit(X, y)
    assert grid.best_score_ > 0.8


def test_get_params_has_no_sampling_strategy():
    params = SMOTEUnderSampler().get_params()
    assert "sampling_strategy" not in params and "smote_percent" in params


@pytest.mark.parametrize(
    "params, match",
    [({"smote_percent": -1}, "smote_percent"), ({"under_percent": 0}, "under_percent")],
)
def test_bad_percentages(data, params, match):
    with pytest.raises(ValueError, match=match):
        SMOTEUnderSampler(**params).fit_resample(*data)


def test_small_minority_error(data):
    X, y = data
    y = y.copy()
    y[np.flatnonzero(y == 1)[3:]] = 0
    with pytest.raises(ValueError, match=r"class 1.* 3 sample"):
        SMOTEUnderSampler().fit_resample(X, y)


def test_multiclass_grows_the_smallest_and_trims_every_other_class():
    X, y = make_classification(
        n_samples=900, n_classes=3, weights=[0.6, 0.3, 0.1], n_informative=4,
        random_state=1,
    )
    counts = np.bincount(y)
    minority = int(np.argmin(counts))
    sampler = SMOTEUnderSampler(smote_percent=100, under_percent=80, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    n_min_after = 2 * counts[minority]
    target = round(100 * n_min_after / 80)
    new_counts = np.bincount(y_res)
    assert new_counts[minority] == n_min_after
    for label in set(range(3)) - {minority}:
        assert new_counts[label] == min(counts[label], target)


def test_kept_rows_keep_their_original_order(data):
    X, y = data
    sampler = SMOTEUnderSampler(smote_percent=100, under_percent=100, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    n_kept = len(y_res) - np.sum(y == 1)
    # Map every kept row back to its index in X: indices strictly increase.
    index = {tuple(row): i for i, row in enumerate(X)}
    kept = np.array([index[tuple(row)] for row in X_res[:n_kept]])
    assert np.all(np.diff(kept) > 0)
    assert np.sum(y_res[:n_kept] == 0) < np.sum(y == 0)
