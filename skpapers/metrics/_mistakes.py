"""Gain in AUROC and AUPRC from fixing each adjacent mis-ordered pair."""

import numpy as np

from skpapers.metrics._core import check_binary


def ranked_labels(score, positive):
    """Order (highest score first) and the labels in that order."""
    order = np.argsort(score, kind="stable")[::-1]
    return order, positive[order]


def adjacent_mistakes(labels_desc, weights_desc=None):
    """Positions ``r`` (0-based) where a negative sits directly above a positive.

    Also returns the gains of swapping each pair. Unit weights: AUROC gains
    ``1 / (N+ N-)`` for every pair; AP gains ``(a + 1) / N+ * (1 / j -
    1 / (j + 1))`` where ``j = r + 1`` is the negative's 1-based rank and ``a``
    the number of positives above it. Weighted: AUROC gains
    ``w- w+ / (W+ W-)``; the positive's precision goes from
    ``(A + w+) / (T + w- + w+)`` to ``(A + w+) / (T + w+)``, with ``T`` / ``A``
    the total / positive weight above the pair, and AP gains ``w+ / W+`` times
    that difference (no other positive's precision changes).
    """
    lab = labels_desc
    r = np.flatnonzero(~lab[:-1] & lab[1:])
    if weights_desc is None:
        n_pos = int(np.count_nonzero(lab))
        n_neg = lab.size - n_pos
        pos_above = np.cumsum(lab)[r]  # positives at positions <= r (none at r)
        j = r + 1.0
        auprc_gain = (pos_above + 1.0) / n_pos * (1.0 / j - 1.0 / (j + 1.0))
        auroc_gain = np.full(r.size, 1.0 / (n_pos * n_neg))
        return r, auroc_gain, auprc_gain
    w = weights_desc
    w_pos_cum = np.cumsum(np.where(lab, w, 0.0))
    # weight of positions 0 .. i-1: an exclusive prefix sum, so the weight above
    # a pair is read off directly (``inclusive - own weight`` would cancel
    # when a heavy negative sits under light ones)
    w_cum_before = np.concatenate(([0.0], np.cumsum(w)))
    total_pos = w_pos_cum[-1]
    # Summed directly: ``total - total_pos`` would cancel when the negatives'
    # weight is tiny next to the positives'.
    total_neg = w[~lab].sum()
    w_neg, w_pos = w[r], w[r + 1]
    above = w_cum_before[r]  # total weight strictly above the negative
    pos_above = w_pos_cum[r]
    after = above + w_pos
    before = after + w_neg
    prec_after = np.divide(pos_above + w_pos, after, out=np.zeros(r.size),
                           where=after > 0)
    prec_before = np.divide(pos_above + w_pos, before, out=np.zeros(r.size),
                            where=before > 0)
    auprc_gain = w_pos / total_pos * (prec_after - prec_before)
    auroc_gain = w_neg * w_pos / (total_pos * total_neg)
    return r, auroc_gain, auprc_gain


def mistake_gains(y_true, y_score, *, sample_weight=None, pos_label=None):
    """Exact gain in AUROC and AUPRC from fixing each adjacent mistake.

    A mistake is a negative ranked directly above a positive (adjacent in
    the ranking by decreasing score). Fixing it swaps the two scores. Every
    fix raises AUROC by the same ``1 / (N+ N-)``: AUROC is indifferent to
    *where* a mistake is. Average precision rises by
    ``(a + 1) / N+ * (1 / j - 1 / (j + 1))`` when the positive moves from
    rank ``j + 1`` to ``j`` with ``a`` positives above it, so AUPRC rewards
    fixing mistakes at the top of the ranking first (McDermott et al., 2024).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Finite, pairwise distinct scores (with ties "adjacent" is ambiguous;
        break them first, e.g. by a tiny jitter).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights; a row of weight 0 is left out, as if
        dropped (``rank`` then counts the other rows). A fix of a negative of
        weight ``w-``
        above a positive of weight ``w+`` then raises AUROC by
        ``w- w+ / (W+ W-)``, and AUPRC by ``w+ / W+`` times the rise of that
        positive's precision.
    pos_label : int, float, bool or str, default=None
        The positive label; ``None`` takes the greater label.

    Returns
    -------
    gains : pandas.DataFrame
        One row per mistake, best-ranked first, with columns ``rank``
        (1-based rank of the negative), ``negative_index`` and
        ``positive_index`` (row positions in the input), ``auroc_gain`` and
        ``auprc_gain``.

    Raises
    ------
    ValueError
        On invalid input (see :func:`auroc_score`) or tied scores.

    Examples
    --------
    >>> from skpapers.metrics import mistake_gains
    >>> g = mistake_gains([0, 1, 0, 1], [0.9, 0.8, 0.3, 0.2])
    >>> g[["rank", "negative_index", "positive_index"]].values.tolist()
    [[1, 0, 1], [3, 2, 3]]
    >>> g["auroc_gain"].tolist()
    [0.25, 0.25]
    >>> [round(v, 4) for v in g["auprc_gain"]]
    [0.25, 0.0833]
    """
    import pandas as pd

    data = check_binary(y_true, y_score, sample_weight, pos_label)
    rows = np.arange(data.score.size)
    score, positive, weight = data.score, data.positive, data.weight
    if weight is not None and not np.all(weight > 0):
        # a zero-weight row is a dropped row: it neither counts nor separates
        # the two rows around it in the ranking
        rows = np.flatnonzero(weight > 0)
        score, positive, weight = score[rows], positive[rows], weight[rows]
    order, lab = ranked_labels(score, positive)
    s = score[order]
    if np.any(s[1:] == s[:-1]):
        raise ValueError(
            "y_score has tied values; mistake_gains needs distinct scores so that "
            "'adjacent pair' is well defined. Break ties first (e.g. add a tiny "
            "random jitter)."
        )
    w = None if weight is None else weight[order]
    r, auroc_gain, auprc_gain = adjacent_mistakes(lab, w)
    return pd.DataFrame({
        "rank": r + 1,
        "negative_index": rows[order[r]],
        "positive_index": rows[order[r + 1]],
        "auroc_gain": auroc_gain,
        "auprc_gain": auprc_gain,
    })
