"""compare_learning_curves: subsets, reproducibility, results, bad input."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from joblib import parallel_backend
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB

from skpapers.datasets import make_gaussian_mixture_classification
from skpapers.model_selection import (
    LearningCurveComparison,
    LearningCurveComparisonDisplay,
    compare_learning_curves,
)
from skpapers.model_selection._learning_curves import stratified_subset
from skpapers.naive_bayes import PooledGaussianNB


@pytest.fixture(scope="module")
def data():
    return make_gaussian_mixture_classification(
        600, n_features=6, n_classes=3, covariance="hard", random_state=0)


@pytest.fixture(scope="module")
def result(data):
    X, y = data
    return compare_learning_curves(
        {"NB": PooledGaussianNB(), "LR": LogisticRegression()}, X, y,
        train_sizes=[3, 6, 12, 25, 50, 100, 200], n_repeats=3,
        n_bootstrap=20, random_state=0,
    )


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(1, 30), min_size=2, max_size=5),
    frac=st.floats(0, 1),
    seed=st.integers(0, 100),
)
def test_stratified_subset_has_every_class(counts, frac, seed):
    labels = np.repeat(np.arange(len(counts)), counts)
    size = len(counts) + int(frac * (labels.size - len(counts)))
    idx = stratified_subset(labels, size, np.random.default_rng(seed))
    assert idx.size == size == np.unique(idx).size
    got = np.bincount(labels[idx], minlength=len(counts))
    assert np.all(got >= 1) and np.all(got <= counts)
    # proportional allocation of the spare places, up to rounding
    spare = np.array(counts) - 1
    if spare.sum():
        expected = 1 + (size - len(counts)) * spare / spare.sum()
        assert np.all(np.abs(got - expected) < 1 + 1e-9)


def test_result_tables(result):
    assert isinstance(result, LearningCurveComparison)
    frame = result.to_frame()
    assert list(frame.columns) == ["estimator", "train_size", "run", "test_error",
                                   "fit_time"]
    assert len(frame) == 2 * 7 * 3
    assert frame["test_error"].between(0, 1).all()
    summary = result.summary()
    assert list(summary["estimator"]) == ["NB", "LR"]
    for _, row in summary.iterrows():
        assert row["asymptotic_error_low"] <= row["asymptotic_error"] <= row[
            "asymptotic_error_high"]
        assert row["m_star_low"] <= row["m_star"] <= row["m_star_high"]
    # learning curves go down: the mean error at 200 beats the one at 3
    means = frame.groupby(["estimator", "train_size"])["test_error"].mean()
    assert means["NB"].iloc[-1] < means["NB"].iloc[0]
    assert means["LR"].iloc[-1] < means["LR"].iloc[0]
    cross = result.crossovers()
    assert list(cross.columns[:3]) == ["estimator_a", "estimator_b", "fitted_crossover"]


def test_plot_returns_a_display_with_points_curves_and_legend(result):
    display = result.plot()
    assert isinstance(display, LearningCurveComparisonDisplay)
    ax = display.ax_
    assert display.figure_ is ax.figure
    assert ax.get_xscale() == "log"
    assert len(ax.get_legend().get_texts()) == 4
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all("times" not in t and "^" not in t for t in labels)
    matplotlib.pyplot.close(ax.figure)


def test_repr_is_short_and_names_the_estimators(result):
    text = repr(result)
    lines = text.splitlines()
    assert lines[0].startswith("LearningCurveComparison(2 estimators")
    assert len(lines) == 4 and max(map(len, lines)) < 100
    assert lines[1].lstrip().startswith("NB") and lines[2].lstrip().startswith("LR")
    assert "crossover NB / LR" in lines[3]


@pytest.mark.filterwarnings("ignore:train_sizes gives:UserWarning")
def test_full_pool_errors_match_a_direct_fit(data):
    X, y = data
    train, test = np.arange(450), np.arange(450, 600)
    result = compare_learning_curves(
        [GaussianNB(), PooledGaussianNB()], X, y, train_sizes=[450], n_repeats=1,
        cv=[(train, test)], n_bootstrap=0, random_state=0)
    for i, est in enumerate([GaussianNB(), PooledGaussianNB()]):
        direct = np.mean(est.fit(X[train], y[train]).predict(X[test]) != y[test])
        assert result.errors[i, 0, 0] == direct
    assert result.curves_["GaussianNB"] is None  # one size: no curve
    assert np.isnan(result.summary()["m_star"]).all()


def test_n_jobs_and_seed_do_not_change_results(data):
    X, y = data
    kwargs = dict(train_sizes=[3, 10, 40], n_repeats=2, n_bootstrap=0,
                  random_state=3)
    one = compare_learning_curves([PooledGaussianNB()], X, y, n_jobs=1, **kwargs)
    # threads keep the test fast; subsets are drawn before dispatch, so any
    # backend and any number of workers give the same errors
    with parallel_backend("threading"):
        two = compare_learning_curves([PooledGaussianNB()], X, y, n_jobs=2, **kwargs)
    np.testing.assert_array_equal(one.errors, two.errors)
    other = compare_learning_curves(
        [PooledGaussianNB()], X, y, **{**kwargs, "random_state": 4})
    assert not np.array_equal(one.errors, other.errors)


def test_fractions_and_cv_int(data):
    X, y = data
    result = compare_learning_curves(
        [PooledGaussianNB()], X, y, train_sizes=[0.05, 0.5, 1.0], cv=3,
        n_repeats=1, n_bootstrap=0, random_state=0)
    assert list(result.train_sizes) == [20, 200, 400]
    assert result.errors.shape == (1, 3, 3)


@pytest.mark.filterwarnings("ignore:train_sizes gives:UserWarning")
def test_dataframe_with_a_text_column_reaches_a_column_pipeline():
    # sklearn's learning_curve hands the DataFrame to the estimators; a
    # pipeline that encodes a text column by name must work here too.
    pd = pytest.importorskip("pandas")
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    rng = np.random.RandomState(0)
    n = 300
    frame = pd.DataFrame({"x": rng.normal(size=n), "c": rng.choice(["a", "b", "c"], n)})
    y = ((frame["x"] + (frame["c"] == "a") + rng.normal(size=n)) > 0.5).astype(int)
    encode = make_column_transformer(
        (OneHotEncoder(categories=[["a", "b", "c"]], sparse_output=False), ["c"]),
        remainder="passthrough",
    )
    kwargs = dict(train_sizes=[20, 60], n_repeats=2, n_bootstrap=0, random_state=0)
    got = compare_learning_curves(
        {"LR": make_pipeline(encode, LogisticRegression())}, frame, y, **kwargs)
    # the same model on the data encoded up front: identical subsets, errors
    X_num = encode.fit_transform(frame)
    ref = compare_learning_curves({"LR": LogisticRegression()}, X_num, y.to_numpy(),
                                  **kwargs)
    np.testing.assert_array_equal(got.errors, ref.errors)


def test_bad_input(data):
    X, y = data
    est = [PooledGaussianNB()]
    with pytest.raises(ValueError, match="number of classes"):
        compare_learning_curves(est, X, y, train_sizes=[2, 10])
    with pytest.raises(ValueError, match="must not exceed"):
        compare_learning_curves(est, X, y, train_sizes=[10, 10_000])
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        compare_learning_curves(est, X_nan, y, train_sizes=[10])
    with pytest.raises(ValueError, match="at least 2 classes"):
        compare_learning_curves(est, X, np.zeros_like(y), train_sizes=[10])
    with pytest.raises(ValueError, match="unique names"):
        compare_learning_curves([("a", GaussianNB()), ("a", GaussianNB())], X, y,
                                train_sizes=[10])
    with pytest.raises(TypeError, match="fit/predict"):
        compare_learning_curves({"x": object()}, X, y, train_sizes=[10])
    with pytest.raises(ValueError, match="n_repeats"):
        compare_learning_curves(est, X, y, train_sizes=[10], n_repeats=0)
    with pytest.raises(ValueError, match="lacks classes"):
        order = np.argsort(y)
        compare_learning_curves(est, X[order], y[order], train_sizes=[10],
                                cv=[(np.arange(100), np.arange(100, 600))])


def test_fractions_round_down_and_pool_size_is_the_upper_bound(data):
    X, y = data
    # cv=3 on 600 samples: every training pool has 400 samples.
    result = compare_learning_curves(
        [PooledGaussianNB()], X, y, train_sizes=[0.013, 0.0199, 1.0], cv=3,
        n_repeats=1, n_bootstrap=0, random_state=0)
    assert list(result.train_sizes) == [5, 7, 400]  # floor(5.2), floor(7.96)
    with pytest.raises(ValueError, match=r"pool \(400 samples\); got 401"):
        compare_learning_curves([PooledGaussianNB()], X, y, train_sizes=[10, 401],
                                cv=3, n_repeats=1, n_bootstrap=0)


def test_verbose_reports_each_task_and_changes_nothing(data, capsys):
    X, y = data
    kwargs = dict(train_sizes=[20, 40], n_repeats=2, n_bootstrap=0, random_state=0)
    quiet = compare_learning_curves([GaussianNB()], X, y, **kwargs)
    assert capsys.readouterr().err == ""
    loud = compare_learning_curves([GaussianNB()], X, y, verbose=1, **kwargs)
    err = capsys.readouterr().err.splitlines()  # not a terminal: one line per task
    assert len(err) == 4 and err[-1].startswith("learning curves") and "4/4" in err[-1]
    np.testing.assert_array_equal(quiet.errors, loud.errors)
