"""The one private core under every ranking metric of :mod:`skpapers.metrics`.

Two steps, each done once per call:

1. :func:`check_binary` validates ``(y_true, y_score, sample_weight)`` and
   turns the labels into a boolean "is positive" mask.
2. :func:`positive_counts` returns, for every positive, the (weighted)
   numbers of negatives scored ``>=`` and ``>`` it and of positives scored
   ``>=`` it: one value sort per class and binary searches. Counts are int64
   (unweighted) or float64 sums of the weights, never accumulated in the
   scores' dtype, so float32 scores stay exact beyond 2**24 samples.

AUROC (``1 - E_pos[mid FPR]``, which is the trapezoid rule with ties as one
diagonal step), average precision (the mean precision at the positives,
which is the step sum over thresholds), the per-positive decomposition and
the subgroup report are sums over those counts. :func:`threshold_counts`
gives the same information per distinct threshold, for drawing curves.
"""

from dataclasses import dataclass

import numpy as np

from skpapers.utils._validation import check_class_labels


@dataclass(frozen=True)
class BinaryData:
    """Validated binary input: positive mask, scores and optional weights."""

    positive: np.ndarray  # bool, shape (n,)
    score: np.ndarray  # numeric, shape (n,), all finite
    weight: np.ndarray | None  # float64, shape (n,), >= 0, max in [0.5, 1), or None
    pos_label: object
    # the weights as given: ``weight * 2 ** weight_exponent`` (exactly)
    raw_weight: np.ndarray | None = None
    weight_exponent: int = 0


def normalise_weight(weight):
    """Weights divided by the power of two that puts their maximum in [0.5, 1).

    Every metric is a ratio of weight sums, so a common scale of the weights
    cannot change it; dividing by a power of two is exact, and afterwards no
    sum or product of weights overflows (weights near 1e308) or underflows
    (weights near 1e-300 or 5e-324). Returns ``(normalised, exponent)``.
    """
    w_max = float(weight.max()) if weight.size else 0.0
    exponent = int(np.frexp(w_max)[1]) if w_max > 0 else 0
    return np.ldexp(weight, -exponent), exponent


@dataclass(frozen=True)
class ThresholdCounts:
    """Cumulative counts at every distinct score, highest score first.

    ``tps[k]`` / ``fps[k]`` is the (weighted) number of positives / negatives
    with score ``>= thresholds[k]``; ``tps[-1]`` and ``fps[-1]`` are the class
    totals.
    """

    thresholds: np.ndarray
    tps: np.ndarray  # float64
    fps: np.ndarray  # float64

    @property
    def n_pos(self):
        return float(self.tps[-1])

    @property
    def n_neg(self):
        return float(self.fps[-1])


def _as_1d(x, name):
    arr = np.asarray(x)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional; got shape {arr.shape}.")
    return arr


def _check_score(y_score, name):
    score = _as_1d(y_score, name)
    kind = score.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} must be real-valued; got complex dtype {score.dtype}.")
    if kind == "b":
        score = score.astype(np.uint8)
    elif kind not in "iuf":
        try:
            score = score.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{name} must be numeric; got dtype {score.dtype}."
            ) from exc
    if score.dtype.kind == "f":
        finite = np.isfinite(score)
        if not finite.all():
            what = "NaN" if np.isnan(score).any() else "infinity"
            raise ValueError(f"{name} contains {what}; scores must be finite.")
    return score


def _positive_mask(y, pos_label):
    """Boolean mask of positives; checks that y_true is binary with both classes."""
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        what = "NaN" if np.isnan(y).any() else "infinity"
        raise ValueError(
            f"y_true contains {what}; labels must be two distinct finite values."
        )
    check_class_labels(y, input_name="y_true")
    if y.dtype.kind == "b":
        labels = np.array([v for v in (False, True) if (y == v).any()])
    elif y.dtype.kind in "iuf":
        lo, hi = y.min(), y.max()
        if lo == hi:
            labels = np.array([lo])
        else:
            n_lo = np.count_nonzero(y == lo)
            n_hi = np.count_nonzero(y == hi)
            labels = np.array([lo, hi]) if n_lo + n_hi == y.size else np.unique(y)
    else:
        try:
            labels = np.unique(y)
        except TypeError as exc:
            raise TypeError(
                "y_true labels must be comparable values of one type."
            ) from exc
    if labels.size > 2:
        shown = ", ".join(map(repr, labels[:5].tolist()))
        raise ValueError(
            f"y_true must be binary (two classes); got {labels.size} distinct "
            f"labels: {shown}{', ...' if labels.size > 5 else ''}."
        )
    if pos_label is None:
        pos_label = labels[-1].item() if hasattr(labels[-1], "item") else labels[-1]
    elif not (labels == pos_label).any():
        raise ValueError(
            f"pos_label={pos_label!r} is not a label of y_true; labels present: "
            f"{labels.tolist()}."
        )
    if labels.size < 2:
        raise ValueError(
            f"Only one class ({labels.tolist()[0]!r}) is present in y_true; the metric "
            "needs both positive and negative samples."
        )
    return y == pos_label, pos_label


def check_sample_weight(sample_weight, n):
    """float64 weights of length ``n``, finite and non-negative."""
    weight = _as_1d(sample_weight, "sample_weight")
    if weight.shape[0] != n:
        raise ValueError(
            "sample_weight and y_true have different lengths: "
            f"{weight.shape[0]} != {n}."
        )
    try:
        weight = weight.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError("sample_weight must be numeric.") from exc
    if not np.isfinite(weight).all():
        raise ValueError("sample_weight contains NaN or infinity.")
    if (weight < 0).any():
        raise ValueError("sample_weight contains negative weights; "
                         "weights must be >= 0.")
    return weight


def check_binary(y_true, y_score, sample_weight=None, pos_label=None,
                 score_name="y_score"):
    """Validate binary ranking-metric input once.

    ``pos_label=None`` takes the greater of the two labels (as
    :func:`sklearn.metrics.roc_auc_score` does), i.e. 1 for {0, 1} or {-1, 1}.
    Raises ``ValueError`` for empty input, mismatched lengths, non-binary or
    single-class labels, non-finite scores, and negative or non-finite weights.
    """
    y = _as_1d(y_true, "y_true")
    if y.size == 0:
        raise ValueError("y_true is empty; the metric needs at least two samples.")
    score = _check_score(y_score, score_name)
    if score.shape[0] != y.shape[0]:
        raise ValueError(
            f"y_true and {score_name} have different lengths: "
            f"{y.shape[0]} != {score.shape[0]}."
        )
    positive, pos_label = _positive_mask(y, pos_label)
    weight = None
    if sample_weight is not None:
        weight = check_sample_weight(sample_weight, y.shape[0])
        w_pos = np.any(weight[positive] > 0)
        w_neg = np.any(weight[~positive] > 0)
        if not (w_pos and w_neg):
            which = "positive" if not w_pos else "negative"
            raise ValueError(
                f"The {which} samples have zero total sample_weight; the metric "
                "needs both classes with positive weight."
            )
    raw_weight, exponent = weight, 0
    if weight is not None:
        weight, exponent = normalise_weight(weight)
    return BinaryData(positive=positive, score=score, weight=weight,
                      pos_label=pos_label, raw_weight=raw_weight,
                      weight_exponent=exponent)


def threshold_counts(data):
    """Cumulative positive/negative counts at each distinct score (descending).

    Used to draw ROC and PR curves: one argsort, then float64 cumulative sums
    of the (unit or given) weights at the last index of each run of tied
    scores. The metrics themselves use the faster :func:`positive_counts`.
    """
    order = np.argsort(data.score, kind="stable")[::-1]
    s = data.score[order]
    w = np.ones(s.size) if data.weight is None else data.weight[order]
    ends = np.append(np.flatnonzero(s[1:] != s[:-1]), s.size - 1)
    w_pos = np.where(data.positive[order], w, 0.0)
    # Two separate cumulative sums keep both count sequences non-decreasing.
    tps = np.cumsum(w_pos)[ends]
    fps = np.cumsum(w - w_pos)[ends]
    return ThresholdCounts(s[ends], tps, fps)


@dataclass(frozen=True)
class PositiveCounts:
    """For each positive: (weighted) counts of the samples ranked above it.

    Arrays are aligned with ``order`` (indices into the positives, sorted by
    increasing score; ``None`` when the caller does not need the alignment).

    ``neg_ge`` / ``neg_gt``: negatives scored ``>=`` / ``>`` the positive;
    ``pos_ge``: positives scored ``>=`` it (itself included).
    """

    neg_ge: np.ndarray
    neg_gt: np.ndarray
    pos_ge: np.ndarray
    weight: np.ndarray | None  # weight of each positive, None = unit weights
    n_pos: float
    n_neg: float
    order: np.ndarray | None


def _sorted_with_cumweight(score, weight, keep_order):
    """Ascending scores, the cumulative weights ``[0, w1, w1 + w2, ...]``, order."""
    if weight is None and not keep_order:
        return np.sort(score), None, None
    order = np.argsort(score, kind="stable")
    cum = None if weight is None else np.concatenate(([0.0], np.cumsum(weight[order])))
    return score[order], cum, order


def _suffix_sums(sorted_weight):
    """``out[i]`` = sum of ``sorted_weight[i:]``, with a trailing 0."""
    return np.concatenate((np.cumsum(sorted_weight[::-1])[::-1], [0.0]))


def _run_starts(sorted_asc):
    """Index of the first element of each element's run of equal values."""
    n = sorted_asc.size
    new_run = np.empty(n, dtype=bool)
    new_run[0] = True
    np.not_equal(sorted_asc[1:], sorted_asc[:-1], out=new_run[1:])
    if new_run.all():
        return np.arange(n)
    return np.maximum.accumulate(np.where(new_run, np.arange(n), 0))


def positive_counts(data, keep_order=False):
    """Counts above every positive from two per-class sorts and binary searches.

    Unweighted, no index sort is needed: each class's scores are value-sorted
    (much faster than an argsort of everything) and the negatives at or
    above each positive are ``searchsorted`` positions: exact int64 counts.
    With weights the classes are argsorted and the counts are float64 sums
    of the weights from the top of the ranking down.
    """
    score, positive = data.score, data.positive
    w = data.weight
    wp = None if w is None else w[positive]
    wn = None if w is None else w[~positive]
    # Weighted, both orders are needed (to line the weights up); the prefix
    # sums of the helper are not.
    weighted = w is not None
    sp, _, order = _sorted_with_cumweight(score[positive], None, keep_order or weighted)
    sn, _, order_n = _sorted_with_cumweight(score[~positive], None, weighted)
    left = np.searchsorted(sn, sp, side="left")
    right = np.searchsorted(sn, sp, side="right")
    first = _run_starts(sp)
    if w is None:
        n_pos, n_neg = sp.size, sn.size
        neg_ge, neg_gt, pos_ge = n_neg - left, n_neg - right, n_pos - first
        weight = None
    else:
        # Weight at or above a position, summed from the top down (as the
        # ranking is read): ``total - prefix`` would cancel when a little weight
        # sits above a lot of it.
        above_p, above_n = _suffix_sums(wp[order]), _suffix_sums(wn[order_n])
        n_pos, n_neg = above_p[0], above_n[0]
        neg_ge, neg_gt, pos_ge = above_n[left], above_n[right], above_p[first]
        weight = wp[order]
    return PositiveCounts(neg_ge, neg_gt, pos_ge, weight, float(n_pos),
                          float(n_neg), order)


def _wsum(values, weight):
    return values.sum() if weight is None else (weight * values).sum()


def auroc_from_positive_counts(c):
    """``AUROC = 1 - E_pos[mid FPR]``: the share of correctly ordered pairs."""
    mistakes = 0.5 * _wsum(c.neg_ge + c.neg_gt, c.weight)  # int64 sum if unweighted
    value = (c.n_pos * c.n_neg - mistakes) / (c.n_pos * c.n_neg)
    return float(np.clip(value, 0.0, 1.0))


def auprc_from_positive_counts(c):
    """Average precision: mean over positives of the precision at their score.

    Equal to the step sum over thresholds: tied positives share one threshold
    and one precision value.
    """
    denom = c.pos_ge + c.neg_ge
    # denom is 0 only for a zero-weight positive with zero weight above it.
    precision = c.pos_ge / np.where(denom > 0, denom, 1.0)
    # Clip the last-ulp rounding of weighted sums back into [0, 1].
    return float(np.clip(_wsum(precision, c.weight) / c.n_pos, 0.0, 1.0))


def auroc_auprc(data):
    """Both metrics from one pass of the core."""
    c = positive_counts(data)
    return auroc_from_positive_counts(c), auprc_from_positive_counts(c)
