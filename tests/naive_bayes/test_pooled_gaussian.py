"""PooledGaussianNB against closed forms, diagonal LDA and its own streaming."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from sklearn.covariance import EmpiricalCovariance
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.model_selection import GridSearchCV
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skpapers.naive_bayes import PooledGaussianNB


def _data(n=120, p=5, k=3, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, k, n)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3, p) + y[:, None] * 1.5
    return X, y


# ------------------------------------------------------------ closed form


def test_closed_form_on_tiny_data():
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 4.0], [6.0, 8.0]])
    y = np.array([0, 0, 1, 1])
    clf = PooledGaussianNB(var_smoothing=0.0).fit(X, y)
    # class means (1, 2) and (5, 6); within-class sums of squares (4, 10) over 4
    np.testing.assert_allclose(clf.theta_, [[1, 2], [5, 6]])
    np.testing.assert_allclose(clf.var_, [1.0, 2.5])
    np.testing.assert_allclose(clf.coef_, [[4.0, 1.6]])
    np.testing.assert_allclose(clf.intercept_, [-18.4])
    x = np.array([[3.0, 4.5], [1.0, 7.0]])
    logit = x @ np.array([4.0, 1.6]) - 18.4
    np.testing.assert_allclose(clf.decision_function(x), logit)
    np.testing.assert_allclose(clf.predict_proba(x)[:, 1], 1 / (1 + np.exp(-logit)))


def test_proba_equals_gaussian_densities():
    X, y = _data()
    clf = PooledGaussianNB(var_smoothing=0.0).fit(X, y)
    sd = np.sqrt(clf.var_)
    log_joint = np.stack(
        [
            np.log(clf.class_prior_[k]) + norm.logpdf(X, clf.theta_[k], sd).sum(axis=1)
            for k in range(3)
        ],
        axis=1,
    )
    expected = np.exp(log_joint - log_joint.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(clf.predict_proba(X), expected, rtol=1e-10, atol=1e-14)
    # the pooled variance is sum_k pi_k sigma_k^2 with per-class MLE variances
    per_class = np.stack([X[y == k].var(axis=0) for k in range(3)])
    np.testing.assert_allclose(clf.var_, clf.class_prior_ @ per_class)


class _DiagonalCovariance(EmpiricalCovariance):
    """Maximum-likelihood covariance with its off-diagonal entries set to 0."""

    def fit(self, X, y=None):
        super().fit(X)
        self.covariance_ = np.diag(np.diag(self.covariance_))
        return self


@pytest.mark.parametrize("n_classes", [2, 3])
def test_equals_lda_with_diagonal_pooled_covariance(n_classes):
    # LDA (lsqr) pools the class covariances with the empirical priors; with a
    # diagonal covariance estimator it is exactly linear Gaussian naive Bayes.
    X, y = _data(k=n_classes, seed=n_classes)
    lda = LinearDiscriminantAnalysis(
        solver="lsqr", covariance_estimator=_DiagonalCovariance()
    ).fit(X, y)
    nb = PooledGaussianNB(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(nb.coef_, lda.coef_, rtol=1e-10)
    np.testing.assert_allclose(nb.intercept_, lda.intercept_, rtol=1e-10)
    np.testing.assert_allclose(nb.predict_proba(X), lda.predict_proba(X), atol=1e-10)
    np.testing.assert_array_equal(nb.predict(X), lda.predict(X))


def test_var_smoothing_follows_gaussian_nb_rule():
    X, y = _data()
    ours = PooledGaussianNB(var_smoothing=1e-3).fit(X, y)
    theirs = GaussianNB(var_smoothing=1e-3).fit(X, y)
    assert ours.epsilon_ == pytest.approx(theirs.epsilon_, rel=1e-12)
    np.testing.assert_allclose(ours.theta_, theirs.theta_)
    pooled = theirs.class_prior_ @ (theirs.var_ - theirs.epsilon_) + theirs.epsilon_
    np.testing.assert_allclose(ours.var_, pooled, rtol=1e-12)


# ------------------------------------------------------------ streaming


@pytest.mark.parametrize("weighted", [False, True])
def test_partial_fit_in_chunks_equals_fit(weighted):
    X, y = _data(n=301, p=7, k=3)
    X = X + 1e3  # a large offset: naive sum-of-squares formulas would lose digits
    w = np.random.RandomState(1).uniform(0, 3, len(y)) if weighted else None
    full = PooledGaussianNB().fit(X, y, sample_weight=w)
    stream = PooledGaussianNB()
    # the first chunk holds one class only; chunk sizes are uneven
    order = np.argsort(y, kind="stable")
    X, y = X[order], y[order]
    w = None if w is None else w[order]
    for chunk in np.array_split(np.arange(len(y)), [10, 11, 90, 200, 260]):
        stream.partial_fit(
            X[chunk], y[chunk], classes=[0, 1, 2],
            sample_weight=None if w is None else w[chunk],
        )
    for name in ("class_count_", "class_prior_", "theta_", "var_", "coef_", "intercept_"):
        np.testing.assert_allclose(
            getattr(stream, name), getattr(full, name), rtol=1e-10, atol=0, err_msg=name
        )
    assert stream.epsilon_ == pytest.approx(full.epsilon_, rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(
    cuts=st.lists(st.integers(1, 79), min_size=1, max_size=6, unique=True),
    seed=st.integers(0, 1000),
)
def test_partial_fit_any_split_equals_fit(cuts, seed):
    X, y = _data(n=80, p=3, k=2, seed=seed)
    full = PooledGaussianNB().fit(X, y)
    stream = PooledGaussianNB()
    for chunk in np.split(np.arange(80), sorted(cuts)):
        stream.partial_fit(X[chunk], y[chunk], classes=[0, 1])
    np.testing.assert_allclose(stream.var_, full.var_, rtol=1e-10)
    np.testing.assert_allclose(stream.coef_, full.coef_, rtol=1e-10)


def test_integer_weights_equal_repeated_rows():
    X, y = _data(n=40)
    w = np.random.RandomState(3).randint(0, 4, 40)
    weighted = PooledGaussianNB().fit(X, y, sample_weight=w)
    repeated = PooledGaussianNB().fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-10)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, rtol=1e-10)


def test_unseen_class_gets_zero_probability_until_seen():
    X, y = _data(k=3)
    clf = PooledGaussianNB().partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])
    proba = clf.predict_proba(X)
    assert np.all(proba[:, 2] == 0) and np.allclose(proba.sum(axis=1), 1)
    clf.partial_fit(X[y == 2], y[y == 2])
    assert set(clf.predict(X)) == {0, 1, 2}


def test_priors_change_only_the_intercepts():
    X, y = _data(k=3)
    base = PooledGaussianNB().fit(X, y)
    tilted = PooledGaussianNB(priors=[0.6, 0.3, 0.1]).fit(X, y)
    np.testing.assert_allclose(tilted.var_, base.var_)
    np.testing.assert_allclose(tilted.coef_, base.coef_)
    shift = np.log([0.6, 0.3, 0.1]) - np.log(base.class_prior_)
    np.testing.assert_allclose(tilted.intercept_ - base.intercept_, shift)


def test_extreme_inputs_give_finite_probabilities():
    X, y = _data(k=2)
    clf = PooledGaussianNB().fit(X, y)
    far = np.vstack([X[:3] * 1e4, -X[:3] * 1e4])
    proba = clf.predict_proba(far)
    assert np.all(np.isfinite(proba)) and np.allclose(proba.sum(axis=1), 1)
    assert np.all(np.isfinite(clf.predict_log_proba(far)))


# ------------------------------------------------------------ bad input


def test_class_with_one_sample_borrows_pooled_variance():
    X, y = _data(n=60, k=2)
    X = np.vstack([X, [[10.0] * 5]])
    y = np.r_[y, 2]
    clf = PooledGaussianNB().fit(X, y)
    np.testing.assert_allclose(clf.theta_[2], 10.0)
    assert np.all(clf.var_ > 0.1)
    assert clf.predict([[10.0] * 5])[0] == 2


def test_constant_feature_does_not_change_predictions():
    X, y = _data(k=3)
    plain = PooledGaussianNB().fit(X, y)
    padded = PooledGaussianNB(var_smoothing=0.0).fit(np.c_[X, np.full(len(y), 7.0)], y)
    np.testing.assert_allclose(
        padded.predict_proba(np.c_[X, np.full(len(y), 7.0)]),
        PooledGaussianNB(var_smoothing=0.0).fit(X, y).predict_proba(X),
        rtol=1e-10,
    )
    assert np.all(np.isfinite(plain.predict_proba(X)))


def test_feature_constant_within_classes_needs_smoothing():
    X, y = _data(k=2)
    X = np.c_[X, y * 2.0]  # no within-class variance, perfectly separating
    with pytest.raises(ValueError, match="var_smoothing"):
        PooledGaussianNB(var_smoothing=0.0).fit(X, y)
    clf = PooledGaussianNB().fit(X, y)
    assert clf.var_[-1] == pytest.approx(clf.epsilon_)
    np.testing.assert_array_equal(clf.predict(X), y)


def test_bad_inputs_raise_clear_errors():
    X, y = _data(k=2)
    with pytest.raises(ValueError, match="at least 2 classes"):
        PooledGaussianNB().fit(X, np.zeros_like(y))
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        PooledGaussianNB().fit(X_nan, y)
    with pytest.raises(ValueError, match="classes must be passed"):
        PooledGaussianNB().partial_fit(X, y)
    clf = PooledGaussianNB().partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="not in classes"):
        clf.partial_fit(X[:3], [0, 1, 5])
    with pytest.raises(ValueError, match="differs from the classes"):
        clf.partial_fit(X[:3], [0, 1, 1], classes=[0, 1, 2])
    with pytest.raises(ValueError, match="features"):
        clf.partial_fit(X[:3, :2], [0, 1, 1])
    with pytest.raises(ValueError, match="priors must have one entry"):
        PooledGaussianNB(priors=[1.0]).fit(X, y)
    with pytest.raises(ValueError, match="sum to 1"):
        PooledGaussianNB(priors=[0.5, 0.6]).fit(X, y)
    with pytest.raises(ValueError, match="var_smoothing"):
        PooledGaussianNB(var_smoothing=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight"):
        PooledGaussianNB().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError, match="(?i)sample weights must contain|sums to zero"):
        PooledGaussianNB().fit(X, y, sample_weight=np.zeros(len(y)))
    with pytest.raises(ValueError, match="rescale X"):
        PooledGaussianNB().fit(X * 1e300, y)


# ------------------------------------------------------------ composition


def test_pipeline_and_grid_search():
    X, y = _data(n=150, k=3)
    pipe = make_pipeline(StandardScaler(), PooledGaussianNB())
    search = GridSearchCV(
        pipe, {"pooledgaussiannb__var_smoothing": [1e-9, 1e-1, 10.0]}, cv=3
    ).fit(X, y)
    assert search.best_params_["pooledgaussiannb__var_smoothing"] in (1e-9, 1e-1)
    assert search.best_score_ > 0.8
    assert search.predict_proba(X).shape == (150, 3)


def test_constant_feature_gets_unit_variance_without_smoothing():
    # Documented rule: zero total variance -> var_ 1 (any positive value
    # gives the same predictions, 1 keeps the attribute readable).
    X, y = _data(k=2)
    clf = PooledGaussianNB(var_smoothing=0.0).fit(np.c_[X, np.full(len(y), -3.0)], y)
    assert clf.var_[-1] == 1.0
    assert clf.epsilon_ == 0.0


def test_unseen_class_with_user_priors_stays_impossible():
    # A class listed in `classes` but without samples has no mean: whatever
    # its prior, its probability is exactly 0 (not a zero-mean Gaussian).
    X, y = _data(k=3)
    clf = PooledGaussianNB(priors=[0.2, 0.2, 0.6])
    clf.partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])
    proba = clf.predict_proba(np.vstack([X, np.zeros((1, X.shape[1]))]))
    assert np.all(proba[:, 2] == 0) and np.allclose(proba.sum(axis=1), 1)
    assert 2 not in set(clf.predict(X))


def test_many_classes_weights_equal_repeated_rows():
    # More than 64 classes: the class sums go through a sparse indicator.
    rng = np.random.RandomState(0)
    n_classes = 70
    y = np.repeat(np.arange(n_classes), 4)
    X = rng.normal(size=(y.size, 3)) + y[:, None] * 0.1
    w = rng.randint(1, 4, y.size)
    weighted = PooledGaussianNB().fit(X, y, sample_weight=w)
    repeated = PooledGaussianNB().fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_allclose(weighted.theta_, repeated.theta_, rtol=1e-12)
    np.testing.assert_allclose(weighted.var_, repeated.var_, rtol=1e-10)
    np.testing.assert_allclose(weighted.class_count_, np.bincount(y, weights=w))
