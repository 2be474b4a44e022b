"""PrestoClassifierCV: grid, selection rule, refit, folds, plotting."""

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold, GridSearchCV, StratifiedKFold

from skpapers.datasets import make_rare_ordinal
from skpapers.ordinal import PrestoClassifier, PrestoClassifierCV, PrestoPathDisplay


@pytest.fixture(scope="module")
def data():
    X, y, proba = make_rare_ordinal(n_samples=800, n_features=5,
                                    intercepts=(0.0, 2.0, 3.5), random_state=0)
    return X, y, proba


@pytest.fixture(scope="module")
def fitted(data):
    X, y, _ = data
    return PrestoClassifierCV(alphas=8, cv=3, tol=1e-9).fit(X, y)


def _manual_brier(X, y, alpha, folds):
    losses = []
    for train, test in folds:
        clf = PrestoClassifier(alpha=alpha, tol=1e-9).fit(X[train], y[train])
        proba = clf.predict_proba(X[test])
        onehot = np.eye(proba.shape[1])[y[test]]
        losses.append(np.mean(np.sum((proba - onehot) ** 2, axis=1)))
    return np.mean(losses)


def test_grid_starts_where_all_differences_vanish(fitted):
    assert fitted.alphas_.shape == (8,)
    np.testing.assert_allclose(fitted.alphas_[-1] / fitted.alphas_[0], 0.01)
    first = fitted.coef_path_[0]
    assert np.abs(first).max() < 1e-8  # c = 1: beta_1 is zero too at alpha_max
    assert np.abs(fitted.coef_path_[1]).max() > 0


def test_cv_scores_equal_independent_fold_fits(data, fitted):
    X, y, _ = data
    folds = list(StratifiedKFold(3).split(X, y))
    for i in (0, 4, 7):
        ref = _manual_brier(X, y, fitted.alphas_[i], folds)
        np.testing.assert_allclose(-fitted.cv_results_["mean_test_score"][i], ref,
                                   rtol=1e-6)


def test_refit_is_the_fixed_alpha_model(data, fitted):
    X, y, _ = data
    best = fitted.cv_results_["mean_test_score"].argmax()
    assert fitted.alpha_ == fitted.alphas_[best] == fitted.cv_results_["param_alpha"][best]
    assert fitted.cv_results_["rank_test_score"][best] == 1
    ref = PrestoClassifier(alpha=fitted.alpha_, tol=1e-9).fit(X, y)
    np.testing.assert_allclose(fitted.coef_, ref.coef_, atol=1e-6)
    np.testing.assert_allclose(fitted.predict_proba(X), ref.predict_proba(X), atol=1e-7)


def test_ties_choose_the_largest_alpha(data):
    X, y, _ = data
    # every alpha above alpha_max gives the same (intercept-only) model
    grid = PrestoClassifierCV(alphas=[50.0, 20.0, 10.0], cv=3).fit(X, y)
    assert grid.alpha_ == 50.0


def test_log_loss_scoring_and_parallel_folds_agree(data):
    X, y, _ = data
    a = PrestoClassifierCV(alphas=5, cv=3, scoring="log_loss").fit(X, y)
    from joblib import parallel_config

    with parallel_config(backend="threading"):  # the n_jobs path, without spawning
        b = PrestoClassifierCV(alphas=5, cv=3, scoring="log_loss", n_jobs=2).fit(X, y)
    np.testing.assert_allclose(a.cv_results_["mean_test_score"],
                               b.cv_results_["mean_test_score"])
    assert a.alpha_ == b.alpha_


def test_class_missing_from_a_training_fold_is_a_clear_error(data):
    X, y, _ = data
    y = y.copy()
    y[y == 3] = 2
    y[0] = 3  # a single sample of the top class
    with pytest.warns(UserWarning):  # StratifiedKFold warns about the tiny class
        with pytest.raises(ValueError, match="no samples in the training part of CV fold"):
            PrestoClassifierCV(cv=3).fit(X, y)


def test_fold_whose_test_rows_all_have_zero_weight_is_a_clear_error(data):
    # its validation loss is 0/0; this ended in "IndexError: index 0 is out of
    # bounds" when picking the best alpha
    X, y, _ = data
    folds = list(StratifiedKFold(3).split(X, y))
    weight = np.ones(len(y))
    weight[folds[1][1]] = 0.0
    with pytest.raises(ValueError, match="test part of CV fold 1 has zero total sample_weight"):
        PrestoClassifierCV(alphas=3, cv=3).fit(X, y, sample_weight=weight)


def test_grouped_folds_take_groups(data):
    # rows of a group never straddle training and validation: the scores are
    # those of the same folds given as explicit splits
    X, y, _ = data
    groups = np.arange(len(y)) // 8
    grouped = PrestoClassifierCV(alphas=4, cv=GroupKFold(3), tol=1e-9)
    grouped.fit(X, y, groups=groups)
    explicit = PrestoClassifierCV(
        alphas=4, cv=list(GroupKFold(3).split(X, y, groups)), tol=1e-9
    ).fit(X, y)
    np.testing.assert_allclose(grouped.cv_results_["mean_test_score"],
                               explicit.cv_results_["mean_test_score"], rtol=1e-12)
    with pytest.raises(ValueError, match="groups"):
        PrestoClassifierCV(alphas=4, cv=GroupKFold(3)).fit(X, y)


def test_groups_reach_the_inner_splitter_through_metadata_routing(data):
    import sklearn

    X, y, _ = data
    groups = np.arange(len(y)) // 8
    with sklearn.config_context(enable_metadata_routing=True):
        inner = PrestoClassifierCV(alphas=3, cv=GroupKFold(2)).set_fit_request(groups=True)
        search = GridSearchCV(inner, {"first_penalty_factor": [0.0, 1.0]}, cv=2)
        search.fit(X, y, groups=groups)
    assert search.best_estimator_.alphas_.size == 3


def test_bad_alphas_are_rejected(data):
    X, y, _ = data
    with pytest.raises(ValueError, match="alphas"):
        PrestoClassifierCV(alphas=[0.1, -1.0]).fit(X, y)


def test_path_display(fitted):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    display = PrestoPathDisplay.from_estimator(fitted)
    n_diff = fitted.coef_.shape[0] - 1
    assert len(display.lines_) == n_diff * fitted.coef_.shape[1]
    np.testing.assert_allclose(display.lines_[0].get_ydata(),
                               fitted.coef_path_[:, 1, 0] - fitted.coef_path_[:, 0, 0])
    with pytest.raises(ValueError, match="fitted PrestoClassifierCV"):
        PrestoPathDisplay.from_estimator(PrestoClassifier())
    # one colour per feature, one line style per pair of boundaries
    by_feature = PrestoPathDisplay.from_estimator(fitted, color_by="feature")
    p = fitted.coef_.shape[1]
    colours = [line.get_color() for line in by_feature.lines_]
    assert colours[:p] == colours[p:2 * p] and len(set(colours[:p])) == min(p, 10)
    assert by_feature.lines_[0].get_linestyle() != by_feature.lines_[p].get_linestyle()
    with pytest.raises(ValueError, match="color_by"):
        PrestoPathDisplay.from_estimator(fitted, color_by="class")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_path_without_first_penalty_starts_at_proportional_odds(data):
    from skpapers.ordinal import ProportionalOddsClassifier

    X, y, _ = data
    cv = PrestoClassifierCV(alphas=4, cv=3, first_penalty_factor=0.0, tol=1e-10).fit(X, y)
    po = ProportionalOddsClassifier(tol=1e-10).fit(X, y)
    for k in range(cv.coef_path_.shape[1]):  # all boundaries share PO's slope
        np.testing.assert_allclose(cv.coef_path_[0, k], po.coef_, atol=1e-6)
    np.testing.assert_allclose(cv.intercept_path_[0], po.intercept_, atol=1e-6)
    assert np.abs(np.diff(cv.coef_path_[1], axis=0)).max() > 0  # then they part


def test_verbose_reports_progress(data, capsys):
    X, y, _ = data
    PrestoClassifier(alpha=0.01, verbose=1).fit(X, y)
    assert "prox-newton iter" in capsys.readouterr().out


def test_cv_verbose_reports_paths_and_choice_without_changing_results(data, capsys):
    X, y, _ = data
    quiet = PrestoClassifierCV(alphas=6, cv=3).fit(X, y)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    loud = PrestoClassifierCV(alphas=6, cv=3, verbose=1).fit(X, y)
    captured = capsys.readouterr()
    # pytest's capture is not a terminal: plain lines, no bar or escape codes
    steps = captured.err.splitlines()
    assert [s.split(" in ")[0] for s in steps] == [
        f"PrestoClassifierCV: 3 fold paths + full path: {i}/4" for i in range(1, 5)]
    assert f"alpha_ = {loud.alpha_:.4g} (number {loud.best_index_ + 1} of 6" in captured.out
    assert " s\n" in captured.out
    for text in (captured.out, captured.err):
        assert "\r" not in text and "\x1b" not in text
    assert loud.alpha_ == quiet.alpha_
    np.testing.assert_array_equal(loud.coef_path_, quiet.coef_path_)
    np.testing.assert_array_equal(loud.cv_results_["mean_test_score"],
                                  quiet.cv_results_["mean_test_score"])


def test_cv_verbose_draws_a_bar_on_a_terminal(data, monkeypatch, capsys):
    import io
    import sys

    pytest.importorskip("tqdm")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    X, y, _ = data
    PrestoClassifierCV(alphas=4, cv=3, verbose=1).fit(X, y)
    drawn = term.getvalue()
    assert "fold paths" in drawn and "\r" in drawn  # a redrawn bar, not lines
    assert "alpha_ = " in capsys.readouterr().out
