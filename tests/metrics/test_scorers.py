"""Scorers work as scoring= in GridSearchCV and match sklearn's."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.naive_bayes import GaussianNB

import skpapers.metrics
from skpapers.metrics import auprc_scorer, auroc_scorer, get_scorer


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=300, weights=[0.85], random_state=0)


def test_gridsearch_with_auprc_scorer(data):
    X, y = data
    search = GridSearchCV(LogisticRegression(), {"C": [0.01, 1.0]}, cv=3,
                          scoring=skpapers.metrics.auprc_scorer)
    search.fit(X, y)
    ref = GridSearchCV(LogisticRegression(), {"C": [0.01, 1.0]}, cv=3,
                       scoring="average_precision").fit(X, y)
    np.testing.assert_allclose(search.cv_results_["mean_test_score"],
                               ref.cv_results_["mean_test_score"], atol=1e-12)


@pytest.mark.parametrize("name, ours, sk", [
    ("auroc", auroc_scorer, "roc_auc"), ("auprc", auprc_scorer, "average_precision")])
@pytest.mark.parametrize("est", [LogisticRegression(), GaussianNB()])
def test_scorers_match_sklearn(data, name, ours, sk, est):
    X, y = data
    a = cross_val_score(est, X, y, cv=3, scoring=get_scorer(name))
    b = cross_val_score(est, X, y, cv=3, scoring=sk)
    np.testing.assert_allclose(a, b, atol=1e-12)
    assert repr(get_scorer(name)) == repr(ours)


def test_string_labels(data):
    X, y = data
    ys = np.where(y == 1, "yes", "no")
    a = cross_val_score(LogisticRegression(), X, ys, cv=3, scoring=auroc_scorer)
    b = cross_val_score(LogisticRegression(), X, ys, cv=3, scoring="roc_auc")
    np.testing.assert_allclose(a, b, atol=1e-12)


def test_get_scorer_returns_a_fresh_copy():
    # as sklearn.metrics.get_scorer: a metadata request set on the returned
    # scorer must not leak into the shared module-level scorer
    sklearn = pytest.importorskip("sklearn")
    with sklearn.config_context(enable_metadata_routing=True):
        get_scorer("auroc").set_score_request(sample_weight=True)
        assert auroc_scorer.get_metadata_routing().score.requests["sample_weight"] is None
        assert get_scorer("auprc") is not get_scorer("auprc")


def test_get_scorer_forwards_and_rejects():
    assert get_scorer("accuracy") is not None
    assert get_scorer(len) is len
    with pytest.raises(ValueError, match="'nope' is not a known scorer"):
        get_scorer("nope")


def test_response_for_the_first_class_is_negated_decision_function():
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.svm import LinearSVC

    from skpapers.metrics import auroc_score
    from skpapers.metrics._response import binary_scores

    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = np.where(X[:, 0] + rng.normal(size=80) > 0, "b", "a")
    for est in (LogisticRegression().fit(X, y), LinearSVC().fit(X, y)):
        scores, pos = binary_scores(est, X, "a")
        assert pos == "a"
        ref = roc_auc_score(y == "a", -est.decision_function(X))
        assert auroc_score(y, scores, pos_label="a") == pytest.approx(ref, abs=1e-12)
        assert ref > 0.7
