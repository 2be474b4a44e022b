"""check_ranking_metric catches broken metrics and passes correct ones."""

import numpy as np
import pytest
from scipy.stats import rankdata
from sklearn.metrics import average_precision_score, roc_auc_score

from skpapers.testing import check_ranking_metric

ALL = (
    "bounds",
    "monotone_invariance",
    "permutation_invariance",
    "weight_scaling",
    "integer_weights",
)


# Deliberately broken metrics, each a mistake people make.


def auroc_ties_as_mistakes(y_true, y_score):
    """Counts tied (positive, negative) pairs as wrong instead of half right."""
    pos, neg = y_score[y_true == 1], y_score[y_true == 0]
    return float(np.mean(pos[:, None] > neg[None, :]))


def auroc_ordinal_ranks(y_true, y_score):
    """Mann-Whitney with ordinal ranks: ties broken by row position."""
    ranks = rankdata(y_score, method="ordinal")
    n_pos = y_true.sum()
    n_neg = len(y_true) - n_pos
    return float((ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def auroc_weights_ignored(y_true, y_score, sample_weight=None):
    return roc_auc_score(y_true, y_score)


def auroc_weights_smoothed(y_true, y_score, sample_weight=None):
    weights = None if sample_weight is None else sample_weight + 1.0
    return roc_auc_score(y_true, y_score, sample_weight=weights)


def auroc_rounded_scores(y_true, y_score):
    """Rounds the scores first: depends on their values, not only their order."""
    return roc_auc_score(y_true, np.round(y_score, 0))


def gini(y_true, y_score):
    return 2 * roc_auc_score(y_true, y_score) - 1


@pytest.mark.parametrize(
    "metric, prop",
    [
        (gini, "bounds"),
        (auroc_rounded_scores, "monotone_invariance"),
        (auroc_ordinal_ranks, "permutation_invariance"),
        (auroc_weights_smoothed, "weight_scaling"),
        (auroc_weights_ignored, "integer_weights"),
        (average_precision_score, "label_swap"),
    ],
)
def test_each_property_catches_its_broken_metric(metric, prop):
    report = check_ranking_metric(
        metric, invariances=(prop,), max_examples=100, max_size=10
    )
    result = report[prop]
    assert result.status == "failed", str(report)
    example = result.counterexample
    assert set(example) == {"y_true", "y_score", "sample_weight"}
    assert len(example["y_true"]) == len(example["y_score"])
    assert not report.passed
    with pytest.raises(AssertionError, match=prop):
        report.raise_if_failed()


def test_tie_mishandling_is_caught_and_shrunk():
    report = check_ranking_metric(
        auroc_ties_as_mistakes, invariances=(), reference=roc_auc_score, max_examples=100
    )
    result = report["reference"]
    assert result.status == "failed"
    # Shrinking reaches the smallest case: one positive tied with one negative.
    assert len(result.counterexample["y_true"]) == 2
    assert result.counterexample["y_score"][0] == result.counterexample["y_score"][1]
    assert "reference" in str(report)


@pytest.mark.parametrize("metric", [roc_auc_score, average_precision_score])
def test_scikit_learn_metrics_pass(metric):
    report = check_ranking_metric(metric, invariances=ALL, reference=metric, max_examples=100)
    report.raise_if_failed()
    assert report.to_frame()["status"].eq("passed").all()


def test_label_swap_holds_for_auroc_with_ties():
    report = check_ranking_metric(
        roc_auc_score, invariances=("label_swap",), ties="many", max_examples=100
    )
    assert report.passed


def test_label_swap_catches_tie_mishandling_without_a_reference():
    report = check_ranking_metric(
        auroc_ties_as_mistakes, invariances=("label_swap",), max_examples=100, max_size=10
    )
    assert report["label_swap"].status == "failed"
    y_score = report["label_swap"].counterexample["y_score"]
    assert len(np.unique(y_score)) < len(y_score)


def test_weight_properties_skipped_without_sample_weight():
    report = check_ranking_metric(auroc_ties_as_mistakes, invariances=ALL, max_examples=10)
    assert report["weight_scaling"].status == "skipped"
    assert report["integer_weights"].status == "skipped"


def test_a_crashing_metric_is_reported_not_raised():
    def crashes_on_ties(y_true, y_score):
        if len(np.unique(y_score)) < len(y_score):
            raise ZeroDivisionError("tie")
        return roc_auc_score(y_true, y_score)

    report = check_ranking_metric(crashes_on_ties, invariances=("bounds",), max_examples=100)
    assert report["bounds"].status == "failed"
    assert "ZeroDivisionError" in report["bounds"].message


def test_same_seed_same_report():
    kwargs = dict(invariances=("bounds",), max_examples=30, max_size=6, random_seed=3)
    a = check_ranking_metric(gini, **kwargs)
    b = check_ranking_metric(gini, **kwargs)
    np.testing.assert_array_equal(
        a["bounds"].counterexample["y_score"], b["bounds"].counterexample["y_score"]
    )


def test_bad_arguments():
    with pytest.raises(TypeError, match="metric must be callable"):
        check_ranking_metric("auc")
    with pytest.raises(ValueError, match="unknown properties"):
        check_ranking_metric(roc_auc_score, invariances=("bogus",))
    with pytest.raises(TypeError, match="reference must be callable"):
        check_ranking_metric(roc_auc_score, reference=3)
    with pytest.raises(ValueError, match="max_examples"):
        check_ranking_metric(roc_auc_score, max_examples=0)
