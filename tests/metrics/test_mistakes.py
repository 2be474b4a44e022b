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
    order = np.argsort(-s)
    lab = y[order]
    expected_rows = np.flatnonzero((lab[:-1] == 0) & (lab[1:] == 1))
    assert len(gains) == expected_rows.size
    base_roc = auroc_score(y, s, sample_weight=w)
    base_pr = auprc_score(y, s, sample_weight=w)
    ww = np.ones(len(y)) if w is None else w
    n_pos, n_neg = ww[y == 1].sum(), ww[y == 0].sum()
    for row in gains.itertuples():
        i, j = row.negative_index, row.positive_index
        assert y[i] == 0 and y[j] == 1 and s[i] > s[j]
        # adjacent: no sample strictly between the two scores
        assert not np.any((s > s[j]) & (s < s[i]))
        swapped = s.copy()
        swapped[i], swapped[j] = s[j], s[i]
        assert row.auroc_gain == pytest.approx(ww[i] * ww[j] / (n_pos * n_neg))
        assert auroc_score(y, swapped, sample_weight=w) - base_roc == pytest.approx(
            row.auroc_gain, abs=1e-12)
        assert auprc_score(y, swapped, sample_weight=w) - base_pr == pytest.approx(
            row.auprc_gain, abs=1e-12)


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
