"""mistake_gains: each predicted gain equals the metric change after the swap."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skpapers.metrics import auprc_score, auroc_score, mistake_gains

from ._strategies import binary_data

PROPS = settings(max_examples=100, deadline=None)


@PROPS
@given(binary_data(ties=False, max_size=30, weights="maybe"))
def test_gains_equal_metric_change_after_swap(data):
    y, s, w = data
    gains = mistake_gains(y, s, sample_weight=w)
    ww = np.ones(len(y)) if w is None else w
    counted = ww > 0  # zero-weight rows are dropped rows
    order = np.argsort(-s[counted])
    lab = y[counted][order]
    expected_rows = np.flatnonzero((lab[:-1] == 0) & (lab[1:] == 1))
    assert len(gains) == expected_rows.size
    base_roc = auroc_score(y, s, sample_weight=w)
    base_pr = auprc_score(y, s, sample_weight=w)
    n_pos, n_neg = ww[y == 1].sum(), ww[y == 0].sum()
    for row in gains.itertuples():
        i, j = row.negative_index, row.positive_index
        assert y[i] == 0 and y[j] == 1 and s[i] > s[j]
        # adjacent: no counted sample strictly between the two scores
        assert not np.any(counted & (s > s[j]) & (s < s[i]))
        swapped = s.copy()
        swapped[i], swapped[j] = s[j], s[i]
        assert row.auroc_gain == pytest.approx(ww[i] * ww[j] / (n_pos * n_neg))
        assert auroc_score(y, swapped, sample_weight=w) - base_roc == pytest.approx(
            row.auroc_gain, abs=1e-12)
        assert auprc_score(y, swapped, sample_weight=w) - base_pr == pytest.approx(
            row.auprc_gain, abs=1e-12)


@PROPS
@given(binary_data(ties=False, max_size=30, weights="maybe"), st.data())
def test_zero_weight_rows_are_dropped_rows(data, draw):
    y, s, w = data
    w = np.ones(len(y)) if w is None else w.copy()
    zero = np.array(draw.draw(st.lists(st.booleans(), min_size=len(y), max_size=len(y))))
    zero[np.flatnonzero(y == 1)[0]] = zero[np.flatnonzero(y == 0)[0]] = False
    w[zero] = 0.0
    keep = np.flatnonzero(~zero)
    got = mistake_gains(y, s, sample_weight=w)
    dropped = mistake_gains(y[keep], s[keep], sample_weight=w[keep])
    np.testing.assert_array_equal(got["negative_index"], keep[dropped["negative_index"]])
    np.testing.assert_array_equal(got["positive_index"], keep[dropped["positive_index"]])
    np.testing.assert_array_equal(got["rank"], dropped["rank"])
    np.testing.assert_allclose(got[["auroc_gain", "auprc_gain"]], dropped[["auroc_gain", "auprc_gain"]],
                               rtol=1e-12)


def test_zero_weight_row_between_a_pair_does_not_hide_it():
    # the zero-weight negative sits between a negative and a positive
    g = mistake_gains([0, 0, 1], [0.9, 0.5, 0.1], sample_weight=[1.0, 0.0, 1.0])
    assert g[["rank", "negative_index", "positive_index"]].values.tolist() == [[1, 0, 2]]
    assert g["auroc_gain"].tolist() == [1.0]


def test_auprc_rewards_top_mistakes_first():
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    s = np.linspace(1, 0, 8)
    g = mistake_gains(y, s)
    assert list(g["rank"]) == [1, 4, 7]
    assert np.all(np.diff(g["auprc_gain"]) < 0)
    assert np.ptp(g["auroc_gain"]) == 0


def test_ties_rejected():
    with pytest.raises(ValueError, match="tied values"):
        mistake_gains([0, 1, 0], [0.5, 0.5, 0.1])


def test_no_mistakes():
    assert len(mistake_gains([1, 1, 0], [0.9, 0.8, 0.1])) == 0
