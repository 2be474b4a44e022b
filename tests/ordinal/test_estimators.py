"""PrestoClassifier and ProportionalOddsClassifier: references, API, bad input."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import example, given, settings
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skpapers.datasets import make_rare_ordinal
from skpapers.ordinal import PrestoClassifier, ProportionalOddsClassifier
from skpapers.testing import ordinal_targets


@pytest.fixture(scope="module")
def rare_data():
    X, y, proba = make_rare_ordinal(n_samples=600, n_features=4, random_state=0)
    return X, y, proba


@pytest.fixture(scope="module")
def statsmodels_po(rare_data):
    X, y, _ = rare_data
    return _statsmodels_po(X, y)


def _statsmodels_po(X, y):
    OrderedModel = pytest.importorskip("statsmodels.miscmodels.ordinal_model").OrderedModel
    model = OrderedModel(y, X, distr="logit")
    res = model.fit(method="newton", disp=False, maxiter=200, tol=1e-12)
    p = X.shape[1]
    cuts = model.transform_threshold_params(res.params)[1:-1]
    # statsmodels: P(y <= k) = F(cut_k - x.b); ours: sigmoid(theta_k + x.beta)
    return -res.params[:p], cuts


def test_proportional_odds_matches_statsmodels(rare_data, statsmodels_po):
    X, y, _ = rare_data
    ref_coef, ref_cuts = statsmodels_po
    po = ProportionalOddsClassifier(tol=1e-10).fit(X, y)
    np.testing.assert_allclose(po.coef_, ref_coef, atol=1e-4)
    np.testing.assert_allclose(po.intercept_, ref_cuts, atol=1e-4)


def test_presto_large_alpha_without_first_penalty_is_proportional_odds(
    rare_data, statsmodels_po
):
    X, y, _ = rare_data
    ref_coef, ref_cuts = statsmodels_po
    po = ProportionalOddsClassifier(tol=1e-10).fit(X, y)
    presto = PrestoClassifier(alpha=10.0, first_penalty_factor=0.0, tol=1e-10).fit(X, y)
    for k in range(presto.coef_.shape[0]):
        np.testing.assert_allclose(presto.coef_[k], po.coef_, atol=1e-6)
        np.testing.assert_allclose(presto.coef_[k], ref_coef, atol=1e-4)
    np.testing.assert_allclose(presto.intercept_, ref_cuts, atol=1e-4)


def test_alpha_zero_equals_unrestricted_cumulative_logits(rare_data):
    X, y, _ = rare_data
    fast = PrestoClassifier(alpha=0.0, tol=1e-10).fit(X, y)
    ref = PrestoClassifier(alpha=0.0, solver="cvxpy").fit(X, y)
    np.testing.assert_allclose(fast.coef_, ref.coef_, atol=2e-4)
    assert fast.objective_ <= ref.objective_ + 1e-7


def test_standardize_reports_coefficients_on_original_scale(rare_data):
    X, y, _ = rare_data
    scale = np.array([1.0, 10.0, 0.1, 3.0])
    a = PrestoClassifier(alpha=0.02, tol=1e-10).fit(X, y)
    b = PrestoClassifier(alpha=0.02, tol=1e-10).fit(X * scale + 5.0, y)
    np.testing.assert_allclose(b.coef_ * scale, a.coef_, atol=1e-7)
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X * scale + 5.0),
                               atol=1e-8)


@pytest.mark.parametrize("kept_sparse", [False, True])
def test_sparse_input_gives_the_dense_solution(rare_data, kept_sparse, monkeypatch):
    from skpapers._solvers import presto_prox

    if kept_sparse:  # exercise the sparse Gram path, not the small-data densifying
        monkeypatch.setattr(presto_prox, "_DENSIFY_MAX_ENTRIES", 0)
    X, y, _ = rare_data
    Xs = X.copy()
    Xs[np.abs(Xs) < 0.5] = 0.0
    dense = PrestoClassifier(alpha=0.01, tol=1e-10).fit(Xs, y)
    sparse = PrestoClassifier(alpha=0.01, tol=1e-10).fit(sp.csr_matrix(Xs), y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-7)
    np.testing.assert_allclose(sparse.intercept_, dense.intercept_, atol=1e-7)


def test_integer_weights_equal_repeated_rows(rare_data):
    X, y, _ = rare_data
    w = np.random.RandomState(0).randint(1, 4, len(y))
    a = PrestoClassifier(alpha=0.01, tol=1e-10).fit(X, y, sample_weight=w)
    b = PrestoClassifier(alpha=0.01, tol=1e-10).fit(np.repeat(X, w, 0), np.repeat(y, w))
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-7)


def test_warm_start_reaches_the_same_solution_in_fewer_iterations(rare_data):
    X, y, _ = rare_data
    cold = PrestoClassifier(alpha=0.005, tol=1e-9).fit(X, y)
    warm = PrestoClassifier(alpha=0.01, tol=1e-9, warm_start=True).fit(X, y)
    warm.set_params(alpha=0.005).fit(X, y)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-6)
    assert warm.n_iter_ <= cold.n_iter_


def test_string_labels_with_given_order():
    X, y, _ = make_rare_ordinal(n_samples=400, n_features=3, random_state=1)
    names = np.array(["low", "mid", "high", "top"])
    order = ["low", "mid", "high", "top"]  # not alphabetical
    clf = PrestoClassifier(alpha=0.01, categories=order).fit(X, names[y])
    ref = PrestoClassifier(alpha=0.01).fit(X, y)
    assert list(clf.classes_) == order
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X))
    np.testing.assert_array_equal(clf.predict(X), names[ref.predict(X)])
    np.testing.assert_allclose(clf.predict_rare_proba(X), ref.predict_proba(X)[:, -1])


@pytest.mark.parametrize("Est", [PrestoClassifier, ProportionalOddsClassifier])
def test_ordered_categorical_target_keeps_its_order(Est):
    # An ordered pandas Categorical carries the ordinal order (statsmodels'
    # OrderedModel uses it too); sorting its labels alphabetically would fit
    # "high" < "low" < "mid".
    pd = pytest.importorskip("pandas")
    X, y, _ = make_rare_ordinal(n_samples=400, n_features=3, random_state=1)
    order = ["low", "mid", "high", "top"]
    y_cat = pd.Series(pd.Categorical(np.array(order)[y], categories=order,
                                     ordered=True))
    clf = Est().fit(X, y_cat)
    ref = Est().fit(X, y)
    assert list(clf.classes_) == order
    np.testing.assert_allclose(clf.predict_proba(X), ref.predict_proba(X))
    # unused categories are skipped, as unused labels are for array targets
    y_gap = pd.Categorical(np.array(order)[y], categories=["none", *order],
                           ordered=True)
    assert list(Est().fit(X, y_gap).classes_) == order
    # an unordered categorical has no order: sorted labels, as for strings,
    # with a warning that names `categories`
    y_unordered = pd.Series(pd.Categorical(np.array(order)[y], categories=order))
    with pytest.warns(UserWarning, match="`categories`"):
        assert list(Est().fit(X, y_unordered).classes_) == sorted(order)


def test_predict_proba_is_valid_far_from_the_data(rare_data):
    X, y, _ = rare_data
    clf = PrestoClassifier(alpha=0.0).fit(X, y)
    far = np.random.RandomState(0).normal(0, 50, (500, X.shape[1]))
    eta = far @ clf.coef_.T + clf.intercept_
    assert np.any(np.diff(eta, axis=1) < 0), "the test needs crossing lines"
    proba = clf.predict_proba(far)
    assert np.all(proba >= 0) and np.all(np.isfinite(proba))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    cum = clf.predict_cumulative_proba(far)
    assert np.all(np.diff(cum, axis=1) >= -1e-12)


def test_grid_search_over_alpha_in_a_pipeline(rare_data):
    X, y, _ = rare_data
    pipe = make_pipeline(StandardScaler(), PrestoClassifier())
    grid = GridSearchCV(pipe, {"prestoclassifier__alpha": [0.001, 0.01, 0.1]},
                        scoring="neg_log_loss", cv=3).fit(X, y)
    assert grid.best_params_["prestoclassifier__alpha"] in (0.001, 0.01, 0.1)
    assert np.isfinite(grid.best_score_)


def test_two_classes_is_l1_logistic_regression():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 3))
    y = (X[:, 0] + rng.logistic(size=200) > 0).astype(int)
    ours = PrestoClassifier(alpha=0.0, standardize=False, tol=1e-10).fit(X, y)
    ref = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10000).fit(X, y)
    # P(y <= 0) = sigmoid(theta + x.beta)  <=>  P(y = 1) = sigmoid(-theta - x.beta)
    np.testing.assert_allclose(-ours.coef_[0], ref.coef_[0], atol=1e-4)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-5)


@pytest.mark.parametrize("Est", [PrestoClassifier, ProportionalOddsClassifier])
def test_bad_inputs_are_rejected_clearly(Est, rare_data):
    X, y, _ = rare_data
    with pytest.raises(ValueError, match="at least 2 ordered classes"):
        Est().fit(X, np.zeros(len(y)))
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Est().fit(X_nan, y)
    mixed = np.array(["a", 1, 2.5, "b"] * (len(y) // 4), dtype=object)
    with pytest.raises(ValueError, match="(?i)mix|order"):
        Est().fit(X[: len(mixed)], mixed)
    with pytest.raises(ValueError, match="not in `categories`"):
        Est(categories=[0, 1, 2]).fit(X, y)
    with pytest.raises(ValueError, match="has no samples"):
        Est(categories=[0, 1, 2, 3, 4]).fit(X, y)
    with pytest.raises(ValueError, match="twice"):
        Est(categories=[0, 1, 1, 2, 3]).fit(X, y)
    with pytest.raises(ValueError, match="(?i)negative"):
        Est().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError, match="has no samples with positive weight"):
        Est().fit(X, y, sample_weight=(y != 1).astype(float))


def test_unorderable_labels_work_with_categories():
    X, y, _ = make_rare_ordinal(n_samples=300, n_features=2, random_state=3)
    labels = np.array([("a",), 1, 2.5, None], dtype=object)
    y_obj = labels[y]
    clf = PrestoClassifier(categories=list(labels)).fit(X, y_obj)
    assert clf.predict(X).dtype == object


def test_constant_feature_gets_zero_coefficient(rare_data):
    X, y, _ = rare_data
    Xc = np.column_stack([X, np.full(len(y), 7.0)])
    clf = PrestoClassifier(alpha=0.01).fit(Xc, y)
    assert np.all(clf.coef_[:, -1] == 0)
    assert np.all(np.isfinite(clf.coef_))


def test_non_convergence_warns_and_keeps_best_iterate(rare_data):
    X, y, _ = rare_data
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        clf = PrestoClassifier(alpha=1e-4, max_iter=1).fit(X, y)
    assert np.all(np.isfinite(clf.coef_))
    converged = PrestoClassifier(alpha=1e-4).fit(X, y)
    assert converged.objective_ < clf.objective_


@settings(max_examples=40, deadline=None)
@given(ordinal_targets(min_classes=3, max_classes=5, min_per_class=2, max_samples=50, weights=True))
@example(  # found by a random search: the middle coefficients are not unique here
    (np.array([[0.0]] * 9 + [[1.0]]), np.repeat(np.arange(5), 2), np.array([1.0] * 9 + [2.0]))
)
def test_weights_and_probabilities_on_arbitrary_ordinal_data(data):
    # rows may repeat and classes may be separable: probabilities stay valid and
    # integer weights are exactly repeated rows. The optimum VALUE is compared, not
    # the coefficients: on such data the minimiser need not be unique (a threshold
    # whose coefficient only enters through the fused penalty can move freely
    # between its neighbours at no cost), so two exact solvers may return
    # different points of the same flat optimum.
    X, y, w = data
    w = np.ceil(w).astype(int)
    a = PrestoClassifier(alpha=0.05, tol=1e-10).fit(X, y, sample_weight=w)
    b = PrestoClassifier(alpha=0.05, tol=1e-10).fit(np.repeat(X, w, 0), np.repeat(y, w))
    np.testing.assert_allclose(a.objective_, b.objective_, rtol=1e-9)
    proba = a.predict_proba(X)
    assert np.all(proba >= 0) and np.all(np.isfinite(proba))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(a.classes_, np.unique(y))


def test_zero_weight_rows_are_ignored_even_where_the_model_is_invalid(rare_data):
    # Rows of weight 0 must not matter at all, not even through the
    # "eta must increase at every row" domain of the likelihood: far-away
    # rows (where the unrestricted class boundaries cross) get weight 0.
    X, y, _ = rare_data
    rng = np.random.RandomState(1)
    far = 200.0 * rng.normal(size=(20, X.shape[1]))
    X_all = np.vstack([X, far])
    y_all = np.r_[y, rng.choice(np.unique(y), 20)]
    w = np.r_[np.ones(len(y)), np.zeros(20)]
    a = PrestoClassifier(alpha=0.002, tol=1e-10).fit(X_all, y_all, sample_weight=w)
    b = PrestoClassifier(alpha=0.002, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-7)
    np.testing.assert_allclose(a.intercept_, b.intercept_, atol=1e-7)
