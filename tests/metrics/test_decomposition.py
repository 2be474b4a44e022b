"""auc_decomposition: the paper's identities hold exactly, ties and weights included."""

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

from skpapers.metrics import AUCDecompositionDisplay, auc_decomposition

from ._strategies import binary_data

matplotlib.use("Agg")
PROPS = settings(max_examples=200, deadline=None)


def _brute(y, s, w):
    """Per-positive FPR_>, FPR_>= and firing rate by direct counting."""
    w = np.ones(len(y)) if w is None else w
    neg, n_all = w[y == 0].sum(), w.sum()
    out = []
    for i in np.flatnonzero(y == 1):
        gt = w[(y == 0) & (s > s[i])].sum() / neg
        ge = w[(y == 0) & (s >= s[i])].sum() / neg
        fr = w[s >= s[i]].sum() / n_all
        out.append((gt, ge, fr))
    return np.array(out).T


@PROPS
@given(binary_data(weights="maybe"))
def test_identities_hold_exactly(data):
    y, s, w = data
    res = auc_decomposition(y, s, sample_weight=w)
    # AUROC = 1 - E_pos[mid FPR]; AUPRC = 1 - P(y=0) E_pos[FPR_>= / FR_>=]
    assert res.auroc == pytest.approx(roc_auc_score(y, s, sample_weight=w), abs=1e-12)
    assert res.auprc == pytest.approx(
        average_precision_score(y, s, sample_weight=w), abs=1e-12)
    gt, ge, fr = _brute(y, s, w)
    np.testing.assert_allclose(res.fpr_above, gt, atol=1e-12)
    np.testing.assert_allclose(res.fpr_at_or_above, ge, atol=1e-12)
    np.testing.assert_allclose(res.firing_rate, fr, atol=1e-12)
    np.testing.assert_allclose(res.fpr, (gt + ge) / 2, atol=1e-12)
    ww = np.ones(len(y)) if w is None else w
    prevalence = ww[y == 1].sum() / ww.sum()
    assert res.prevalence == pytest.approx(prevalence)
    mean = lambda v: np.average(v, weights=ww[y == 1])  # noqa: E731
    assert 1 - mean(res.fpr) == pytest.approx(res.auroc, abs=1e-12)
    ratio = np.divide(ge, fr, out=np.zeros_like(ge), where=fr > 0)  # fr=0: weight 0
    assert 1 - (1 - prevalence) * mean(ratio) == pytest.approx(res.auprc, abs=1e-12)


def test_positive_order_and_scores():
    res = auc_decomposition([1, 0, 1], [0.2, 0.5, 0.9])
    np.testing.assert_array_equal(res.score, [0.2, 0.9])
    np.testing.assert_array_equal(res.fpr_at_or_above, [1.0, 0.0])
    np.testing.assert_allclose(res.firing_rate, [1.0, 1 / 3])


def test_display():
    disp = AUCDecompositionDisplay.from_predictions([0, 1, 0, 1, 1],
                                                    [0.1, 0.8, 0.6, 0.4, 0.9])
    offsets = disp.ax_.collections[0].get_offsets()
    assert offsets.shape == (3, 2)
    assert "AUROC = 0.833" in disp.ax_.get_legend().get_texts()[0].get_text()
    matplotlib.pyplot.close("all")


def test_bad_input():
    with pytest.raises(ValueError, match="Only one class"):
        auc_decomposition([0, 0], [0.1, 0.2])
