"""Links, standard errors, summary() and the tests of proportional odds.

References: statsmodels' OrderedModel (same likelihood, numerical Hessian),
R's MASS::polr values that statsmodels ships for its own tests, statsmodels'
binary Logit for the Brant test's separate fits, and the cvxpy reference
formulation for the non-parallel model of the likelihood-ratio test.
"""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning

from skpapers._solvers.cumulative_logit import nll_derivatives, row_nll
from skpapers._solvers.ordinal_links import LINKS
from skpapers.datasets import make_rare_ordinal
from skpapers.ordinal import (
    PrestoClassifier,
    ProportionalOddsClassifier,
    brant_test,
    proportional_odds_lr_test,
)

sm_ordinal = pytest.importorskip("statsmodels.miscmodels.ordinal_model")
LEVELS = ["unlikely", "somewhat likely", "very likely"]


class _CLogLog(stats.rv_continuous):
    """F(t) = 1 - exp(-exp(t)), as in statsmodels' own OrderedModel tests."""

    def _cdf(self, x):
        return -np.expm1(-np.exp(x))

    def _ppf(self, q):
        return np.log(-np.log1p(-q))


DISTR = {"logit": "logit", "probit": "probit", "cloglog": _CLogLog()}


@pytest.fixture(scope="module")
def ucla():
    """The UCLA ologit data that statsmodels ships for its tests (400 rows)."""
    import statsmodels

    path = (Path(statsmodels.__file__).parent / "miscmodels" / "tests" / "results"
            / "ologit_ucla.csv")
    df = pd.read_csv(path)
    X = df[["pared", "public", "gpa"]].astype(float)
    y = pd.Categorical(df["apply"], categories=LEVELS, ordered=True)
    return X, y


@pytest.fixture(scope="module")
def statsmodels_fits(ucla):
    X, y = ucla
    fits = {}
    for link, distr in DISTR.items():
        model = sm_ordinal.OrderedModel(np.asarray(y.codes), X.to_numpy(), distr=distr)
        fits[link] = (model, model.fit(method="newton", disp=False, maxiter=200,
                                       tol=1e-12))
    return fits


def _threshold_jacobian(model, params, p):
    """d(cut points)/d(statsmodels' parameters): cut_0, then log increments."""
    m = len(params) - p
    J = np.zeros((m, m))
    incr = np.r_[1.0, np.exp(params[p + 1:])]
    for k in range(m):
        J[k, 0] = 1.0
        J[k, 1:k + 1] = incr[1:k + 1]
    return J


# ---------------------------------------------------------------- links
@pytest.mark.parametrize("link", ["logit", "probit", "cloglog"])
def test_link_fit_matches_statsmodels(link, ucla, statsmodels_fits):
    X, y = ucla
    model, res = statsmodels_fits[link]
    po = ProportionalOddsClassifier(link=link, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(po.predict_proba(X), res.predict(), atol=1e-6)
    p = X.shape[1]
    np.testing.assert_allclose(po.coef_, -res.params[:p], atol=1e-6)
    cuts = model.transform_threshold_params(res.params)[1:-1]
    np.testing.assert_allclose(po.intercept_, cuts, atol=1e-6)
    # log-likelihood: objective_ is the mean negative log-likelihood
    np.testing.assert_allclose(-len(y) * po.objective_, res.llf, rtol=1e-9)


@pytest.mark.parametrize("link", ["logit", "probit", "cloglog"])
def test_standard_errors_match_statsmodels(link, ucla, statsmodels_fits):
    X, y = ucla
    model, res = statsmodels_fits[link]
    p = X.shape[1]
    table = ProportionalOddsClassifier(link=link, tol=1e-10).fit(X, y).summary()
    cov_sm = res.cov_params()
    np.testing.assert_allclose(table["std_err"].to_numpy()[:p], res.bse[:p], rtol=1e-4)
    # thresholds: statsmodels' parameters are cut_0 and log increments (delta method)
    J = _threshold_jacobian(model, res.params, p)
    cut_se = np.sqrt(np.diag(J @ cov_sm[p:, p:] @ J.T))
    np.testing.assert_allclose(table["std_err"].to_numpy()[p:], cut_se, rtol=1e-4)


def test_standard_errors_match_published_polr_values(ucla):
    # R's MASS::polr on the same data (values shipped in statsmodels' test suite;
    # polr's Hessian is numerical, and the logit/probit values are rounded to 4 digits)
    results = pytest.importorskip("statsmodels.miscmodels.tests.results.results_ordinal_model")
    X, y = ucla
    for link, ref in [("logit", results.res_ord_logit), ("probit", results.res_ord_probit),
                      ("cloglog", results.res_ord_cloglog)]:
        table = ProportionalOddsClassifier(link=link).fit(X, y).summary()
        # polr stops optim's BFGS early: its coefficients agree to ~2e-4
        np.testing.assert_allclose(-table["coef"].to_numpy()[:3], ref.coefficients_val,
                                   atol=5e-4)
        np.testing.assert_allclose(table["std_err"].to_numpy()[:3], ref.coefficients_stdE,
                                   rtol=1e-3)
        np.testing.assert_allclose(table["p_value"].to_numpy()[:3], ref.coefficients_pval,
                                   rtol=2e-2, atol=1e-3)


def test_robust_covariance_matches_statsmodels_hc0(ucla, statsmodels_fits):
    X, y = ucla
    model, _ = statsmodels_fits["logit"]
    res = model.fit(method="newton", disp=False, maxiter=200, tol=1e-12, cov_type="HC0")
    table = ProportionalOddsClassifier(cov_type="robust", tol=1e-10).fit(X, y).summary()
    np.testing.assert_allclose(table["std_err"].to_numpy()[:3], res.bse[:3], rtol=1e-4)


@pytest.mark.parametrize("link", ["probit", "cloglog", "logit"])
def test_link_derivatives_match_finite_differences(link):
    rng = np.random.RandomState(3)
    n, m = 30, 3
    eta = np.sort(rng.normal(0, 1.5, (n, m)), axis=1)
    y = rng.randint(0, m + 1, n)
    w = rng.uniform(0.5, 1.5, n)
    F = LINKS[link].cdf
    cum = np.hstack([np.zeros((n, 1)), F(eta), np.ones((n, 1))])
    direct = -np.log(cum[np.arange(n), y + 1] - cum[np.arange(n), y])
    # the direct difference of cdf values loses digits in the tails: 1e-8
    np.testing.assert_allclose(row_nll(eta, y, link), direct, rtol=1e-8)
    _, grad, hu, hl, hc = nll_derivatives(eta, y, w, link)
    eps = 1e-6
    for k in range(m):
        step = np.zeros_like(eta)
        step[:, k] = eps
        num = w * (row_nll(eta + step, y, link) - row_nll(eta - step, y, link)) / (2 * eps)
        np.testing.assert_allclose(grad[:, k], num, rtol=1e-5, atol=1e-9)
        g_plus = nll_derivatives(eta + step, y, w, link)[1][:, k]
        g_minus = nll_derivatives(eta - step, y, w, link)[1][:, k]
        num_h = (g_plus - g_minus) / (2 * eps)
        upper = y == k
        lower = y == k + 1
        np.testing.assert_allclose(hu[upper], num_h[upper], rtol=1e-4, atol=1e-8)
        np.testing.assert_allclose(hl[lower], num_h[lower], rtol=1e-4, atol=1e-8)
    assert np.all(hu >= 0) and np.all(hl >= 0) and np.all(hc <= 0)


@pytest.mark.parametrize("link", ["logit", "probit", "cloglog"])
def test_link_likelihood_is_finite_in_both_tails(link):
    # one-sided classes far in either tail and nearly tied predictors
    eta = np.array([[-40.0, -39.0], [39.0, 40.0], [5.0, 5.0 + 1e-9], [-800.0, 800.0]])
    y = np.array([1, 1, 1, 1])
    out = row_nll(eta, y, link)
    assert np.all(np.isfinite(out)) and np.all(out >= 0)
    np.testing.assert_allclose(out[3], 0.0, atol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad, hu, hl, hc = nll_derivatives(eta, y, np.ones(4), link)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert np.all(np.isfinite(np.r_[hu, hl, hc]))


# ------------------------------------------------------- offset invariance
@pytest.mark.parametrize("Est", [ProportionalOddsClassifier, PrestoClassifier])
@pytest.mark.parametrize("offset, scale", [(1e4, 1.0), (1e7, 1.0), (1e8, 1.0), (1e6, 1e-3)])
def test_fit_is_invariant_to_feature_offsets(Est, offset, scale):
    # issue 13 item 1: without centring, 1e7 + X gave probabilities off by 0.499
    X, y, _ = make_rare_ordinal(n_samples=400, n_features=3, random_state=0)
    ref = Est(standardize=False).fit(scale * X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        shifted = Est(standardize=False).fit(offset + scale * X, y)
    np.testing.assert_allclose(shifted.predict_proba(offset + scale * X),
                               ref.predict_proba(scale * X), atol=1e-6)
    np.testing.assert_allclose(shifted.coef_, ref.coef_, rtol=1e-5)


@settings(max_examples=20, deadline=None)
@given(offsets=st.lists(st.floats(-1e8, 1e8), min_size=3, max_size=3),
       link=st.sampled_from(["logit", "probit", "cloglog"]))
def test_probabilities_are_invariant_to_any_column_offsets(offsets, link):
    X, y, _ = make_rare_ordinal(n_samples=200, n_features=3, random_state=5)
    shift = np.asarray(offsets)
    ref = ProportionalOddsClassifier(link=link, standardize=False).fit(X, y)
    moved = ProportionalOddsClassifier(link=link, standardize=False).fit(X + shift, y)
    np.testing.assert_allclose(moved.predict_proba(X + shift), ref.predict_proba(X),
                               atol=1e-6)


def test_standard_errors_do_not_depend_on_offset_or_standardize():
    X, y, _ = make_rare_ordinal(n_samples=500, n_features=3, random_state=1)
    a = ProportionalOddsClassifier().fit(X, y).summary()
    b = ProportionalOddsClassifier(standardize=False).fit(1e6 + X, y).summary()
    np.testing.assert_allclose(b["std_err"].to_numpy()[:3], a["std_err"].to_numpy()[:3],
                               rtol=1e-6)
    np.testing.assert_allclose(b["z"].to_numpy()[:3], a["z"].to_numpy()[:3], rtol=1e-6)


def test_integer_weights_give_the_standard_errors_of_repeated_rows():
    X, y, _ = make_rare_ordinal(n_samples=300, n_features=2, random_state=2)
    w = np.random.RandomState(0).randint(1, 4, len(y))
    for cov_type in ("observed", "robust"):
        a = ProportionalOddsClassifier(cov_type=cov_type).fit(X, y, sample_weight=w)
        b = ProportionalOddsClassifier(cov_type=cov_type).fit(np.repeat(X, w, 0),
                                                              np.repeat(y, w))
        np.testing.assert_allclose(a.covariance_, b.covariance_, rtol=1e-6, atol=1e-12)


# ------------------------------------------------------------- summary()
def test_summary_columns_are_consistent(ucla):
    X, y = ucla
    po = ProportionalOddsClassifier().fit(X, y)
    table = po.summary(confidence=0.9)
    assert table.index.tolist() == ["pared", "public", "gpa",
                                    "unlikely|somewhat likely",
                                    "somewhat likely|very likely"]
    np.testing.assert_allclose(table["coef"], np.r_[po.coef_, po.intercept_])
    np.testing.assert_allclose(table["z"], table["coef"] / table["std_err"])
    np.testing.assert_allclose(table["ci_upper"] - table["coef"],
                               stats.norm.ppf(0.95) * table["std_err"])
    np.testing.assert_allclose(table["p_value"], 2 * stats.norm.sf(np.abs(table["z"])))


def test_summary_refuses_penalised_fits_and_bad_confidence(ucla):
    X, y = ucla
    with pytest.raises(ValueError, match="penalty=None"):
        ProportionalOddsClassifier(penalty="l2").fit(X, y).summary()
    po = ProportionalOddsClassifier().fit(X, y)
    for bad in (0, 1, 1.5, "95%"):
        with pytest.raises(ValueError, match="confidence"):
            po.summary(confidence=bad)


def test_cvxpy_solver_accepts_only_the_logit_link(ucla):
    X, y = ucla
    with pytest.raises(ValueError, match="link='logit'"):
        ProportionalOddsClassifier(link="probit", solver="cvxpy").fit(X, y)


# ---------------------------------------------- degenerate data: no nan statistics
def _separated_data():
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1, 2], 30)
    x_sep = np.r_[rng.uniform(0, 1, 30), rng.uniform(2, 3, 30), rng.uniform(4, 5, 30)]
    return np.column_stack([rng.normal(size=90), x_sep]), y


def test_separation_warns_at_fit_and_summary_explains():
    X, y = _separated_data()
    with pytest.warns(UserWarning, match="separated.*'x1'"):
        po = ProportionalOddsClassifier().fit(X, y)
    assert not hasattr(po, "covariance_")
    with pytest.raises(ValueError, match="separated.*'x1'"):
        po.summary()
    assert np.all(np.isfinite(po.predict_proba(X)))


def test_constant_or_collinear_feature_has_no_standard_error():
    X, y, _ = make_rare_ordinal(n_samples=300, n_features=2, random_state=0)
    for extra, name in [(np.full(300, 3.0), "'x2'"), (2 * X[:, 0] - X[:, 1], "'x")]:
        po = ProportionalOddsClassifier().fit(np.column_stack([X, extra]), y)
        with pytest.raises(ValueError, match=f"not identified.*{name}"):
            po.summary()
    with pytest.raises(ValueError, match="constant"):
        brant_test(np.column_stack([X, np.full(300, 3.0)]), y)


def test_feature_constant_within_a_level_is_reported_by_both_tests():
    # a binary feature that is 0 in every row of the top class separates the
    # last binary split (x = 1 implies y < 2): the binary fit has no estimate
    rng = np.random.RandomState(1)
    n = 300
    y = rng.randint(0, 3, n)
    X = np.column_stack([rng.normal(size=n) + 0.5 * y, rng.binomial(1, 0.4, n)]).astype(float)
    X[y == 2, 1] = 0.0
    for func in (brant_test, proportional_odds_lr_test):
        with pytest.raises(ValueError, match="boundary 1.*separated.*'x1'"):
            func(X, y)


def test_tests_need_three_classes_and_valid_labels():
    X, y, _ = make_rare_ordinal(n_samples=200, n_features=2, random_state=0)
    for func in (brant_test, proportional_odds_lr_test):
        with pytest.raises(ValueError, match="at least 3 ordered classes"):
            func(X, (y > 1).astype(int))
        with pytest.raises(ValueError, match="at least 2 ordered classes"):
            func(X, np.zeros(200))
        y_na = y.astype(object)
        y_na[5] = pd.NA
        with pytest.raises(ValueError, match="y has 1 missing label"):
            func(X, y_na)


# -------------------------------------------------------------- Brant test
def _brant_reference(X, y):
    """Brant (1990) assembled from statsmodels' binary Logit fits, per row."""
    import statsmodels.api as sm

    X1 = sm.add_constant(np.asarray(X, dtype=float))
    K = len(np.unique(y))
    fits = [sm.Logit((y > k).astype(float), X1).fit(disp=0, tol=1e-12, maxiter=200)
            for k in range(K - 1)]
    pi = np.column_stack([f.predict(X1) for f in fits])  # P(y > k)
    p = X1.shape[1] - 1
    m = K - 1
    V = np.zeros((m * p, m * p))
    for k in range(m):
        for l in range(m):
            lo, hi = min(k, l), max(k, l)
            w = pi[:, hi] - pi[:, lo] * pi[:, hi]
            cross = sum(w[i] * np.outer(X1[i], X1[i]) for i in range(len(y)))
            Vkl = fits[k].cov_params() @ cross @ fits[l].cov_params()
            V[k * p:(k + 1) * p, l * p:(l + 1) * p] = Vkl[1:, 1:]
    beta = np.concatenate([f.params[1:] for f in fits])
    D = np.hstack([np.tile(np.eye(p), (m - 1, 1)), -np.eye((m - 1) * p)])
    d = D @ beta
    omnibus = d @ np.linalg.solve(D @ V @ D.T, d)
    per_feature = []
    for j in range(p):
        Dj = D[j::p]
        dj = Dj @ beta
        per_feature.append(dj @ np.linalg.solve(Dj @ V @ Dj.T, dj))
    # statsmodels' Logit models P(y > k): our slopes have the opposite sign
    return np.r_[omnibus, per_feature], -np.array([f.params[1:] for f in fits]).T


@pytest.mark.parametrize("case", ["ucla", "four_classes"])
def test_brant_matches_a_hand_assembled_reference(case, ucla):
    if case == "ucla":
        X, y = ucla
        codes = np.asarray(y.codes)
    else:
        X, codes, _ = make_rare_ordinal(n_samples=250, n_features=2, intercepts=(0, 1.5, 3),
                                        random_state=4)
        y = codes
    ours = brant_test(X, y)
    ref, ref_coef = _brant_reference(X, codes)
    np.testing.assert_allclose(ours["statistic"].to_numpy(), ref, rtol=1e-6)
    np.testing.assert_allclose(ours.attrs["coef"].to_numpy(), ref_coef, rtol=1e-6)
    K = len(np.unique(codes))
    p = np.asarray(X).shape[1]
    assert ours["df"].tolist() == [(K - 2) * p] + [K - 2] * p
    np.testing.assert_allclose(ours["p_value"], stats.chi2.sf(ref, ours["df"]), rtol=1e-5)


def test_brant_single_feature_three_classes_closed_form(ucla):
    # K = 3, p = 1: X^2 = (b_1 - b_2)^2 / (v_11 + v_22 - 2 v_12), the 2 x 2 case
    X, y = ucla
    gpa = X[["gpa"]]
    ours = brant_test(gpa, y)
    assert ours.loc["omnibus", "statistic"] == pytest.approx(ours.loc["gpa", "statistic"],
                                                             rel=1e-12)
    ref, _ = _brant_reference(gpa, np.asarray(y.codes))
    assert ours.loc["gpa", "statistic"] == pytest.approx(ref[0], rel=1e-6)


def test_brant_flags_the_feature_that_breaks_proportional_odds():
    # feature 0 has the same slope at every boundary; feature 1 changes sign
    rng = np.random.RandomState(0)
    n = 3000
    X = rng.normal(size=(n, 2))
    u = rng.uniform(size=n)
    theta = np.array([-1.0, 0.5, 2.0])
    eta = theta + X[:, [0]] * 1.0 + X[:, [1]] * np.array([-1.0, 0.0, 1.0])
    cum = np.sort(expit(eta), axis=1)
    y = (u[:, None] > cum).sum(axis=1)
    result = brant_test(X, y)
    assert result.loc["x1", "p_value"] < 1e-6
    assert result.loc["x0", "p_value"] > 1e-3
    lr = proportional_odds_lr_test(X, y)
    assert lr.loc["x1", "p_value"] < 1e-6 and lr.loc["x0", "p_value"] > 1e-3


# ---------------------------------------------------------- likelihood ratio
def test_lr_test_matches_statsmodels_and_the_cvxpy_non_parallel_model(ucla):
    pytest.importorskip("cvxpy")
    X, y = ucla
    codes = np.asarray(y.codes)
    res = sm_ordinal.OrderedModel(codes, X.to_numpy(), distr="logit").fit(
        method="newton", disp=False, maxiter=200, tol=1e-12)
    full = PrestoClassifier(alpha=0.0, solver="cvxpy").fit(X, y)
    ll_full = -len(codes) * full.objective_
    ours = proportional_odds_lr_test(X, y)
    assert ours.attrs["loglik"]["proportional_odds"] == pytest.approx(res.llf, rel=1e-9)
    assert ours.attrs["loglik"]["non_parallel"] == pytest.approx(ll_full, abs=1e-4)
    assert ours.loc["omnibus", "statistic"] == pytest.approx(2 * (ll_full - res.llf),
                                                             abs=2e-4)
    assert ours.loc["omnibus", "df"] == 3


@pytest.mark.parametrize("link", ["probit", "cloglog"])
def test_lr_test_with_other_links_is_consistent(link, ucla):
    X, y = ucla
    ours = proportional_odds_lr_test(X, y, link=link)
    po = ProportionalOddsClassifier(link=link, tol=1e-10).fit(X, y)
    assert ours.attrs["loglik"]["proportional_odds"] == pytest.approx(
        -len(y) * po.objective_, rel=1e-9)
    # nested models: each partial model lies between PO and the full model
    lls = ours.attrs["loglik"]
    for name in ["pared", "public", "gpa"]:
        assert lls["proportional_odds"] - 1e-7 <= lls[name] <= lls["non_parallel"] + 1e-7


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_classes=st.integers(3, 5))
def test_lr_statistics_are_finite_and_non_negative(seed, n_classes):
    X, y, _ = make_rare_ordinal(n_samples=200, n_features=2, random_state=seed,
                                intercepts=tuple(np.linspace(-1, 2, n_classes - 1)))
    if np.bincount(y, minlength=n_classes).min() < 3:
        return
    try:
        result = proportional_odds_lr_test(X, y)
    except ValueError as exc:  # separation of a sparse class: must say so
        assert "separated" in str(exc)
        return
    assert np.all(np.isfinite(result.to_numpy(dtype=float)))
    assert np.all(result["statistic"] >= 0)
    assert np.all((result["p_value"] >= 0) & (result["p_value"] <= 1))


# -------------------------------------------------------------- labels
def test_missing_labels_are_rejected_naming_y():
    X, y, _ = make_rare_ordinal(n_samples=100, n_features=2, random_state=0)
    for missing in (pd.NA, np.nan, float("nan")):
        y_obj = y.astype(object)
        y_obj[3] = missing
        for Est in (ProportionalOddsClassifier, PrestoClassifier):
            with pytest.raises(ValueError, match="y has 1 missing label"):
                Est().fit(X, y_obj)
    y_float = y.astype(float)
    y_float[0] = np.nan
    with pytest.raises(ValueError, match="y has 1 missing label"):
        PrestoClassifier().fit(X, y_float)


def test_string_labels_without_an_order_warn_naming_categories():
    X, y, _ = make_rare_ordinal(n_samples=200, n_features=2, random_state=0)
    names = np.array(["low", "mid", "high", "top"])[y]
    with pytest.warns(UserWarning, match="alphabetically.*`categories`"):
        PrestoClassifier().fit(X, names)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        PrestoClassifier(categories=["low", "mid", "high", "top"]).fit(X, names)
        PrestoClassifier().fit(X, y)  # numbers sort in their order
        two = np.array(["no", "yes"])[(y > 1).astype(int)]
        PrestoClassifier().fit(X, two)  # two classes: the order is only a sign


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), gap=st.sampled_from([0.0, 1.0, 3.0, 6.0]))
def test_score_certificate_agrees_with_the_linear_program(seed, gap):
    # the fitted model's score equations may skip the LP only when the LP
    # itself finds no separating direction
    from skpapers._solvers.ordinal_inference import (
        likelihood_multipliers,
        separating_direction,
    )
    from skpapers._solvers.presto_prox import prepare_data, solve

    rng = np.random.RandomState(seed)
    n = 60
    y = np.repeat([0, 1, 2], n // 3)
    X = rng.normal(size=(n, 2))
    X[:, 0] += gap * y  # large gaps separate the classes along x0
    data = prepare_data(X - X.mean(0), y, 3, np.full(n, 1 / n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        coef = solve(data, np.zeros(2), fixed=np.array([False, True]), tol=1e-10).coef
    lam = likelihood_multipliers(data, coef)
    plain = separating_direction(data.X1[:, 1:], data.y, 3)
    certified = separating_direction(data.X1[:, 1:], data.y, 3, multipliers=lam)
    assert (plain is None) == (certified is None)


def test_score_certificate_skips_the_linear_program_on_ordinary_data(monkeypatch):
    from skpapers._solvers import ordinal_inference

    def no_lp(*args, **kwargs):
        raise AssertionError("the linear program should have been skipped")

    monkeypatch.setattr(ordinal_inference, "linprog", no_lp)
    X, y, _ = make_rare_ordinal(n_samples=2000, n_features=5, random_state=0)
    po = ProportionalOddsClassifier().fit(X, y)
    assert po.summary()["std_err"].gt(0).all()
    with pytest.raises(AssertionError, match="skipped"):  # separated: it must run
        ProportionalOddsClassifier().fit(*_separated_data())
