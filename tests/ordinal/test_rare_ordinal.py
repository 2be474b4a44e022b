"""make_rare_ordinal and the PRESTO experiment module."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

from skpapers.datasets import make_rare_ordinal
from skpapers.experiments import presto as experiment
from skpapers.ordinal import PrestoClassifier, ProportionalOddsClassifier


def test_generator_returns_the_true_model():
    X, y, proba, (theta, beta) = make_rare_ordinal(
        3000, 6, random_state=0, return_coef=True
    )
    assert X.shape == (3000, 6) and beta.shape == (3, 6)
    assert X.min() >= -1 and X.max() <= 1
    cum = expit(theta + X @ beta.T)
    np.testing.assert_allclose(np.cumsum(proba, axis=1)[:, :-1], cum, atol=1e-12)
    assert np.all(proba > 0)
    # the sparse setting: entries of beta_1 and of the differences are 0 or +-0.5
    values = np.unique(np.abs(np.vstack([beta[:1], np.diff(beta, axis=0)])))
    assert set(values) <= {0.0, 0.5}
    # labels follow the probabilities: empirical class shares match
    np.testing.assert_allclose(np.bincount(y, minlength=4) / 3000, proba.mean(0),
                               atol=0.02)


def test_rare_share_follows_the_intercepts():
    shares = [make_rare_ordinal(4000, random_state=1, intercepts=icpt)[2][:, -1].mean()
              for icpt in [(0, 3, 5), (0, 3.5, 5.5), (0, 4, 6)]]
    assert shares[0] > shares[1] > shares[2]
    assert 0.003 < shares[1] < 0.012


def test_dense_setting_and_first_effect_size():
    _, _, _, (_, beta) = make_rare_ordinal(100, 8, setting="dense", random_state=2,
                                          return_coef=True)
    assert np.all(np.abs(beta[0]) <= 0.5) and np.unique(beta[0]).size == 8
    _, _, _, (_, beta) = make_rare_ordinal(100, 8, sparsity=1.0, first_effect_size=1.0,
                                          random_state=2, return_coef=True)
    np.testing.assert_array_equal(beta[0], np.ones(8))


def test_generator_bad_inputs():
    with pytest.raises(ValueError, match="strictly increasing"):
        make_rare_ordinal(100, intercepts=(0, 3, 3))
    with pytest.raises(ValueError, match="No draw"):
        make_rare_ordinal(2000, 50, intercepts=(0, 0.1, 0.2), max_tries=3, random_state=0)
    with pytest.raises(ValueError, match="setting"):
        make_rare_ordinal(100, setting="banana")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(1.0, 1e4))
def test_predict_proba_is_always_a_distribution(seed, spread):
    """Whatever the (fitted) slopes and inputs, probabilities are valid."""
    rng = np.random.RandomState(seed)
    clf = PrestoClassifier().fit(*make_rare_ordinal(200, 3, random_state=seed)[:2])
    clf.coef_ = clf._coef_rows = rng.normal(0, 3, clf.coef_.shape)
    clf.intercept_ = np.sort(rng.normal(0, 2, clf.intercept_.shape))
    X = rng.normal(0, spread, (50, 3))
    proba = clf.predict_proba(X)
    assert np.all(np.isfinite(proba)) and np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)


def test_proportional_odds_penalties_match_cvxpy():
    X, y, _ = make_rare_ordinal(400, 4, intercepts=(0, 2, 3.5), random_state=3)
    for penalty in ("l1", "l2"):
        fast = ProportionalOddsClassifier(penalty=penalty, alpha=0.05, tol=1e-10).fit(X, y)
        ref = ProportionalOddsClassifier(penalty=penalty, alpha=0.05, solver="cvxpy").fit(X, y)
        np.testing.assert_allclose(fast.coef_, ref.coef_, atol=1e-4)
        assert fast.objective_ <= ref.objective_ + 1e-7
    lasso = ProportionalOddsClassifier(penalty="l1", alpha=0.2).fit(X, y)
    assert np.sum(lasso.coef_ == 0) > 0


def test_experiment_summary_and_plot():
    rows = []
    rng = np.random.RandomState(0)
    for rep in range(4):
        for method, scale in [("PRESTO", 1.0), ("Logit", 2.0), ("PO", 1.5)]:
            rows.append(dict(experiment="simulation", setting="sparse q=1/2",
                             intercepts="(0, 3.5, 5.5)", replication=rep, method=method,
                             metric="rare_mse", value=scale * (1 + 0.1 * rng.rand()),
                             rare_fraction=0.007, alpha=np.nan))
    table = experiment.summarize(pd.DataFrame(rows))
    # the paper's medians read off its figure: PRESTO 4e-5, Logit 7e-5, PO 5e-5
    assert table.loc[0, "paper PRESTO/Logit"] == pytest.approx(4 / 7, abs=0.005)
    assert table.loc[0, "paper PRESTO/PO"] == pytest.approx(4 / 5, abs=0.005)
    assert 0.4 < table.loc[0, "PRESTO/Logit"] < 0.6
    assert table.loc[0, "PRESTO best share"] == 1.0
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    fig = experiment.plot(pd.DataFrame(rows))
    assert len(fig.axes) == 1
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_experiment_methods_on_one_draw():
    X, y, proba = make_rare_ordinal(2500, 10, intercepts=(0, 3, 5), random_state=5)
    estimates, alpha = experiment._fit_rare_probabilities(X, y, 0)
    assert set(estimates) == {"PRESTO", "Logit", "PO"} and alpha > 0
    for est in estimates.values():
        assert est.shape == (2500,) and np.all((est >= 0) & (est <= 1))
    # PRESTO beats the constant base-rate estimate of the rare probability
    base = np.mean((np.mean(y == 3) - proba[:, -1]) ** 2)
    assert np.mean((estimates["PRESTO"] - proba[:, -1]) ** 2) < base


def test_real_data_row_says_when_statsmodels_is_missing(monkeypatch, capsys):
    """A fresh `pip install skpapers` has no statsmodels: the fair-data row the
    printed claim mentions is left out, and the run says so."""
    import sys

    monkeypatch.setitem(sys.modules, "statsmodels.datasets", None)  # import fails
    assert experiment._real_data(1, 0) == []
    assert "statsmodels is not installed" in capsys.readouterr().out
