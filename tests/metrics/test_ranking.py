"""auroc_score / auprc_score: equal to scikit-learn, properties, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

from skpapers.metrics import auprc_score, auroc_score
from skpapers.testing import check_ranking_metric
from skpapers.metrics._core import (
    auroc_auprc,
    check_binary,
    positive_counts,
    threshold_counts,
)

from ._strategies import binary_data

PROPS = settings(max_examples=200, deadline=None)


@PROPS
@given(binary_data(weights="maybe"))
def test_equal_to_sklearn(data):
    y, s, w = data
    assert auroc_score(y, s, sample_weight=w) == pytest.approx(
        roc_auc_score(y, s, sample_weight=w), abs=1e-12)
    assert auprc_score(y, s, sample_weight=w) == pytest.approx(
        average_precision_score(y, s, sample_weight=w), abs=1e-12)


ALL_PROPERTIES = (
    "bounds",
    "monotone_invariance",
    "permutation_invariance",
    "weight_scaling",
    "integer_weights",
)


@pytest.mark.parametrize(
    "metric, reference, extra",
    [
        (auroc_score, roc_auc_score, ("label_swap",)),
        (auprc_score, average_precision_score, ()),
    ],
    ids=["auroc", "auprc"],
)
@pytest.mark.parametrize("ties", ["none", "some", "many"])
def test_ranking_properties(metric, reference, extra, ties):
    """Bounds, invariances, weights and agreement with scikit-learn, 200 draws each.

    Runs on the public skpapers.testing.check_ranking_metric; label-swap symmetry
    AUROC(1 - y, s) = 1 - AUROC(y, s) applies to AUROC only (ties included).
    """
    report = check_ranking_metric(
        metric,
        invariances=ALL_PROPERTIES + extra,
        reference=reference,
        max_examples=200,
        ties=ties,
        atol=1e-12,
    )
    report.raise_if_failed()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_ranking_properties_extreme_values(dtype):
    """Subnormals and magnitudes near the dtype's limit rank like any other score."""
    for metric, reference in ((auroc_score, roc_auc_score),
                              (auprc_score, average_precision_score)):
        check_ranking_metric(
            metric,
            invariances=("bounds", "monotone_invariance"),
            reference=reference,
            max_examples=200,
            extreme=True,
            dtype=dtype,
            atol=1e-12,
        ).raise_if_failed()


def test_all_tied_scores():
    y = np.array([0, 1, 0, 1, 1])
    s = np.full(5, 0.3)
    assert auroc_score(y, s) == roc_auc_score(y, s) == 0.5
    assert auprc_score(y, s) == pytest.approx(average_precision_score(y, s))
    assert auprc_score(y, s) == pytest.approx(0.6)


def test_closed_forms():
    assert auroc_score([0, 1], [0.2, 0.9]) == 1.0
    assert auroc_score([1, 0], [0.2, 0.9]) == 0.0
    # 2 positives at ranks 1 and 3: AP = (1/1 + 2/3) / 2
    assert auprc_score([1, 0, 1, 0], [4, 3, 2, 1]) == pytest.approx(5 / 6)


def test_labels_and_pos_label():
    s = np.array([0.1, 0.8, 0.4, 0.7])
    assert auroc_score(["a", "b", "a", "b"], s) == 1.0  # greater label positive
    assert auroc_score(["a", "b", "a", "b"], s, pos_label="a") == 0.0
    assert auroc_score([-1, 1, -1, 1], s) == auroc_score([0, 1, 0, 1], s)
    assert auroc_score([False, True, False, True], s) == 1.0
    assert auprc_score([1, 2, 1, 2], s) == 1.0


def test_float32_counts_beyond_2_pow_24_are_exact():
    # Mostly tied float32 scores whose integer weights make every count exceed
    # 2**24: a float32 accumulation would round these sums; float64 cannot.
    big = 2**24 + 1
    s = np.array([0.5, 0.5, 0.25, 0.25, 0.75], dtype=np.float32)
    y = np.array([1, 0, 1, 0, 0])
    w = np.array([big, big + 2, 3, big, 1], dtype=np.int64)
    p, n = big + 3, 2 * big + 3
    # pairs: pos(.5) beats neg(.25): big*big; ties at .5: big*(big+2)/2;
    # pos(.25) ties neg(.25): 3*big/2
    expected = (big * big + 0.5 * big * (big + 2) + 0.5 * 3 * big) / (p * n)
    assert auroc_score(y, s, sample_weight=w) == pytest.approx(expected, rel=1e-15)
    data = check_binary(y, s, w)
    # the core works on the weights divided by a power of two (exactly)
    unit = 2.0**data.weight_exponent
    c = positive_counts(data)
    np.testing.assert_array_equal(c.neg_ge * unit, [2 * big + 3, big + 3])
    np.testing.assert_array_equal(c.neg_gt * unit, [big + 3, 1])
    np.testing.assert_array_equal(c.pos_ge * unit, [big + 3, big])
    counts = threshold_counts(data)
    assert counts.tps.dtype == np.float64
    np.testing.assert_array_equal(counts.tps * unit, [0, big, big + 3])
    np.testing.assert_array_equal(counts.fps * unit, [1, big + 3, 2 * big + 3])


def test_float32_many_tied_scores_match_float64():
    rng = np.random.default_rng(0)
    y = rng.random(200_000) < 0.1
    s32 = (rng.random(200_000) + y).astype(np.float32)
    data = check_binary(y, s32)
    data64 = check_binary(y, s32.astype(np.float64))
    assert auroc_auprc(data) == auroc_auprc(data64)
    assert auroc_auprc(data)[0] == pytest.approx(roc_auc_score(y, s32), abs=1e-12)
    counts = positive_counts(data)
    assert counts.neg_ge.dtype == np.int64 and counts.pos_ge.dtype == np.int64


def test_inputs_not_modified():
    y = np.array([0, 1, 0, 1])
    s = np.array([0.3, 0.1, 0.2, 0.4])
    w = np.array([1.0, 2.0, 0.0, 1.0])
    copies = [a.copy() for a in (y, s, w)]
    auroc_score(y, s, sample_weight=w)
    auprc_score(y, s, sample_weight=w)
    for a, b in zip((y, s, w), copies):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("metric", [auroc_score, auprc_score])
@pytest.mark.parametrize("kwargs, match", [
    (dict(y_true=[1, 1, 1], y_score=[0.1, 0.2, 0.3]), "Only one class"),
    (dict(y_true=[0, 1, 1], y_score=[0.1, np.nan, 0.3]), "y_score contains NaN"),
    (dict(y_true=[0, 1, 1], y_score=[0.1, np.inf, 0.3]), "y_score contains infinity"),
    (dict(y_true=[0, 1, 1], y_score=[0.1, 0.3]), "different lengths: 3 != 2"),
    (dict(y_true=[0, 1, 2], y_score=[0.1, 0.2, 0.3]), "must be binary"),
    (dict(y_true=[0, 1, 1], y_score=[0.1, 0.2, 0.3], sample_weight=[1, -1, 1]),
     "negative weights"),
    (dict(y_true=[], y_score=[]), "y_true is empty"),
    (dict(y_true=[0, 1, 1], y_score=[0.1, 0.2, 0.3], sample_weight=[1, 0, 0]),
     "positive samples have zero total sample_weight"),
    (dict(y_true=[0, 1, 1], y_score=[0.1, 0.2, 0.3], sample_weight=[1, 1]),
     "sample_weight and y_true have different lengths"),
    (dict(y_true=[0, 1], y_score=[0.1, 0.2], pos_label=3), "pos_label=3 is not"),
    (dict(y_true=[0, 1], y_score=[[0.1, 0.2], [0.3, 0.4]]), "1-dimensional"),
    (dict(y_true=[0.0, np.nan], y_score=[0.1, 0.2]), "y_true contains NaN"),
])
def test_bad_input(metric, kwargs, match):
    with pytest.raises(ValueError, match=match):
        metric(**kwargs)


def test_complex_scores_raise_type_error():
    with pytest.raises(TypeError, match="y_score must be real-valued"):
        auroc_score([0, 1], np.array([1j, 2j]))


def test_pandas_and_column_inputs():
    pd = pytest.importorskip("pandas")
    y = pd.Series([0, 1, 0, 1], index=[10, 11, 12, 13])
    s = pd.Series([0.1, 0.8, 0.4, 0.3], index=[13, 12, 11, 10])  # index ignored
    assert auroc_score(y, s) == roc_auc_score(y.to_numpy(), s.to_numpy())
    assert auprc_score(np.c_[y], np.c_[s]) == pytest.approx(
        average_precision_score(y.to_numpy(), s.to_numpy()))


def test_importing_metrics_does_not_import_matplotlib():
    import subprocess
    import sys

    code = ("import sys, skpapers.metrics; "
            "sys.exit(int('matplotlib' in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.slow
def test_float32_beyond_2_pow_24_samples_exact_closed_form():
    # 2**24 + 2**20 float32 scores on 5 tied levels: the exact AUROC and AP
    # follow from integer counts per level.
    n = 2**24 + 2**20
    rng = np.random.default_rng(0)
    level = rng.integers(0, 5, n, dtype=np.int8)
    y = rng.integers(0, 100, n, dtype=np.int8) < 5 + 5 * level
    s = (level / np.float32(7)).astype(np.float32)
    pos = np.bincount(level[y], minlength=5).astype(np.int64)
    neg = np.bincount(level[~y], minlength=5).astype(np.int64)
    neg_below = np.concatenate(([0], np.cumsum(neg)[:-1]))
    auroc = (pos * (2 * neg_below + neg)).sum() / (2 * pos.sum() * neg.sum())
    pos_ge, neg_ge = np.cumsum(pos[::-1])[::-1], np.cumsum(neg[::-1])[::-1]
    ap = (pos * pos_ge / (pos_ge + neg_ge)).sum() / pos.sum()
    assert auroc_score(y, s) == pytest.approx(auroc, abs=1e-15)
    assert auprc_score(y, s) == pytest.approx(ap, abs=1e-15)
