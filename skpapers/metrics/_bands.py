"""Exact ranking sums over score bands: the chunked core of the Dask route.

AUROC, average precision and the DeLong variance only need, for every
distinct score ``v``, the (weighted) numbers of positives and negatives *at*
``v`` and *strictly above* ``v``. When the samples come in chunks that are
never held together, the score axis is cut into bands ``[lo, hi)``: every
chunk sends its samples of a band, reduced to one entry per distinct score
(``value, W+(v), W-(v)``), to that band; the band merges the entries of all
chunks and, knowing the totals of the bands above it, computes its share of
every sum exactly. The shares are added on the client.

Plain functions on NumPy arrays (no Dask here), so each step is tested and
reused on its own:

- :func:`chunk_summary`: validation, label counts and a score sample of one
  chunk (first pass);
- :func:`band_edges`: splitters from the pooled samples;
- :func:`split_chunk`: one chunk's entries for each band of a round;
- :func:`band_sums`: a band's share of the AUROC, AP and DeLong sums;
- :func:`combine`: the metrics from the shares.

Unweighted counts are int64 (exact), or ``None`` where every value occurs
once; weights are float64 sums.
"""

from dataclasses import dataclass

import numpy as np

from skpapers.metrics._core import (
    _as_1d,
    _check_score,
    _positive_mask,
    check_sample_weight,
)

# Score sample kept per chunk to place the band splitters (balance only: the
# splitters never change a result).
_SAMPLE = 1024


@dataclass(frozen=True)
class ChunkSummary:
    """What the first pass learns from one chunk."""

    n: int
    labels: np.ndarray  # distinct labels of the chunk
    counts: np.ndarray  # rows per label
    weights: np.ndarray | None  # weight sum per label (None = unweighted)
    integral: bool  # all weights are integers (DeLong's frequency weights)
    sample: np.ndarray  # sampled scores


def _chunk_labels(y):
    """Distinct labels of a chunk: two comparisons for binary numbers."""
    if y.dtype.kind == "f" and np.isnan(y).any():
        raise ValueError("y_true contains NaN; labels must be two distinct values.")
    if y.dtype.kind == "b":
        return np.array([v for v in (False, True) if (y == v).any()])
    if y.dtype.kind in "iuf" and y.size:
        lo, hi = y.min(), y.max()
        if lo == hi or np.count_nonzero((y == lo) | (y == hi)) == y.size:
            return np.unique(np.array([lo, hi], dtype=y.dtype))
    try:
        return np.unique(y)
    except TypeError as exc:
        raise TypeError("y_true labels must be comparable values of one type.") from exc


def check_chunk(y, s, w, score_name="y_score"):
    """Validated ``(labels, scores, weights or None)`` of one chunk."""
    y = _as_1d(y, "y_true")
    s = _check_score(s, score_name)
    if s.shape[0] != y.shape[0]:
        raise ValueError(
            f"y_true and {score_name} have different lengths in a chunk: "
            f"{y.shape[0]} != {s.shape[0]}."
        )
    return y, s, None if w is None else check_sample_weight(w, y.shape[0])


def chunk_summary(y, s, w=None, score_name="y_score"):
    """First pass over one chunk: checks, label counts and a score sample.

    Parameters
    ----------
    y, s : array-like of shape (m,)
        Labels and scores of the chunk.
    w : array-like of shape (m,) or None
        Sample weights.
    score_name : str
        Name of the score argument in error messages.

    Returns
    -------
    summary : ChunkSummary

    Raises
    ------
    ValueError, TypeError
        As :func:`skpapers.metrics.auroc_score`, for the chunk's rows.
    """
    y, s, w = check_chunk(y, s, w, score_name)
    labels = _chunk_labels(y)
    counts = np.array([np.count_nonzero(y == v) for v in labels], dtype=np.int64)
    weights = None
    integral = True
    if w is not None:
        weights = np.array([w[y == v].sum() for v in labels])
        integral = bool(np.array_equal(w, np.round(w)))
    take = np.random.default_rng(0).choice(s.size, min(s.size, _SAMPLE), replace=False)
    return ChunkSummary(y.size, labels, counts, weights, integral, s[np.sort(take)])


def band_edges(samples, sizes, n_bands):
    """Inner splitters (ascending, distinct) cutting the scores into bands.

    Each chunk's sample stands for ``size / len(sample)`` rows; the splitters
    are the weighted quantiles ``1/B, ..., (B-1)/B`` of the pooled samples.
    They only balance the bands: any splitters give the same result.
    """
    samples = [np.asarray(x) for x in samples if len(x)]
    if n_bands <= 1 or not samples:
        return samples[0][:0] if samples else np.empty(0)
    values = np.concatenate(samples)
    weight = np.concatenate(
        [np.full(len(x), m / len(x)) for x, m in zip(samples, sizes) if m]
    )
    order = np.argsort(values, kind="stable")
    values, cum = values[order], np.cumsum(weight[order])
    targets = cum[-1] * np.arange(1, n_bands) / n_bands
    idx = np.minimum(np.searchsorted(cum, targets, side="left"), values.size - 1)
    return np.unique(values[idx])


def _runs(values, weight):
    """Distinct ascending values of one chunk's class and the weight at each.

    ``values`` is a fresh copy (a boolean-mask selection), sorted in place.
    Unweighted input needs a value sort only: the count at a value is its run
    length (int64), and ``None`` when every value is distinct (continuous
    scores: the entries are the values alone, 8 bytes each). Weighted input
    needs an index sort; its weights are always float64 sums.
    """
    if weight is None:
        values.sort()
        v = values
    else:
        order = np.argsort(values)
        weight = weight[order]  # each gathered copy replaces its source
        v = values = values[order]
        del order
    if v.size == 0:
        return v, None if weight is None else weight
    new = np.empty(v.size, dtype=bool)
    new[0] = True
    np.not_equal(v[1:], v[:-1], out=new[1:])
    if new.all():
        return v, weight
    starts = np.flatnonzero(new)
    del new
    if weight is None:
        counts = np.diff(starts, append=v.size)
        return v[starts], counts
    return v[starts], np.add.reduceat(weight, starts)


def _weight_sum(v, c):
    """Total weight of entries ``(v, c)`` (``c`` None: one per value)."""
    return v.size if c is None else c.sum()


def split_chunk(y, s, w, pos_label, lo, hi, inner, score_name="y_score"):
    """Entries of one chunk for each band of a round.

    The round covers scores in ``[lo, hi)`` (``None``: unbounded); ``inner``
    (ascending) cuts it into ``len(inner) + 1`` bands ``[e_i, e_{i+1})``.

    Returns
    -------
    parts : list of (vp, wp, vn, wn)
        Per band: the distinct positive scores (ascending) with their weight,
        then the same for the negatives; ``len(inner) + 1`` items. A weight is
        float64 when weighted, else an int64 count, or ``None`` when each
        value occurs once (so continuous scores cost 8 bytes per entry).
        The arrays of all bands are views of one array per class.
    totals : ndarray of shape (n_bands, 2)
        ``W+`` and ``W-`` of the chunk in each band (the bands above a band
        give its offsets).
    """
    # checked by the first pass: only the conversions here
    y, s = _as_1d(y, "y_true"), _as_1d(s, score_name)
    if s.dtype.kind not in "iuf":
        s = s.astype(np.uint8 if s.dtype.kind == "b" else np.float64)
    w = None if w is None else _as_1d(w, "sample_weight").astype(np.float64, copy=False)
    keep = None
    if lo is not None:
        keep = s >= lo
    if hi is not None:
        keep = s < hi if keep is None else np.logical_and(keep, s < hi, out=keep)
    positive = np.asarray(y == pos_label, dtype=bool)
    parts = [[] for _ in range(len(inner) + 1)]
    for cls in (positive, ~positive):
        mask = cls if keep is None else np.logical_and(cls, keep, out=cls)
        v, c = _runs(s[mask], None if w is None else w[mask])
        del mask
        cuts = np.concatenate(([0], np.searchsorted(v, inner, side="left"), [v.size]))
        for part, a, b in zip(parts, cuts[:-1], cuts[1:]):
            part.extend((v[a:b], None if c is None else c[a:b]))
    del positive, keep
    totals = np.array([[_weight_sum(*p[:2]), _weight_sum(*p[2:])] for p in parts],
                      dtype=np.float64 if w is not None else np.int64)
    return [tuple(p) for p in parts], totals


@dataclass(frozen=True)
class BandSums:
    """A band's share of the sums behind AUROC, AP and the DeLong variance.

    ``mistakes2`` is ``sum_pos w (2 N_>(s) + N_=(s))`` (twice the weighted
    mis-ordered pairs, a tie counting half); ``precision`` is
    ``sum_pos w P(s)``; ``v10`` / ``v01`` are ``(weight, mean, M2)`` of the
    DeLong placement values of the band's positives / negatives.
    """

    mistakes2: float
    precision: float
    v10: tuple
    v01: tuple


def _moments(x, w):
    """(total weight, weighted mean, sum of weighted squared deviations).

    ``w`` None: unit weights (the same sums as ``w = 1``, without the array).
    """
    total = float(x.size if w is None else w.sum())
    if total <= 0:
        return (0.0, 0.0, 0.0)
    mean = float((x if w is None else w * x).sum() / total)
    d = x - mean
    d *= d
    if w is not None:
        d *= w
    return (total, mean, float(d.sum()))


def merge_moments(a, b):
    """Chan et al.'s pairwise merge of two ``(weight, mean, M2)`` triples."""
    na, ma, qa = a
    nb, mb, qb = b
    n = na + nb
    if nb == 0:
        return a
    if na == 0:
        return b
    delta = mb - ma
    return (n, ma + delta * nb / n, qa + qb + delta * delta * na * nb / n)


def _merge(parts, i):
    """Distinct values and summed weights of one class over all chunks.

    The chunks' sorted runs are concatenated and merged by a stable (run
    merging) value sort in place; no index sort and no gathered copies. The
    weights are then added at each chunk's positions among the distinct
    values (distinct within a chunk, so a plain fancy-index add is exact).
    ``None`` weights (every value once, no weights) stay ``None``.
    """
    v = np.concatenate([p[i] for p in parts])
    v.sort(kind="stable")
    weights = [p[i + 1] for p in parts]
    if v.size == 0:
        return v, None
    new = np.empty(v.size, dtype=bool)
    new[0] = True
    np.not_equal(v[1:], v[:-1], out=new[1:])
    distinct = bool(new.all())
    if distinct and all(c is None for c in weights):
        return v, None
    if not distinct:
        v = v[new]
    del new
    kinds = {c.dtype.kind for c in weights if c is not None}
    total = np.zeros(v.size, dtype=np.float64 if "f" in kinds else np.int64)
    for p, c in zip(parts, weights):
        if p[i].size:
            total[np.searchsorted(v, p[i])] += 1 if c is None else c
    return v, total


def _top_down(weight, n):
    """``out[j]`` = weight at index ``>= j`` (summed from the top), ``out[n] = 0``.

    ``weight`` None (unit weights): ``None``; :func:`_at` then gives ``n - j``.
    """
    if weight is None:
        return None
    out = np.empty(n + 1, dtype=weight.dtype)
    out[n] = 0
    if n:
        np.cumsum(weight[::-1], out=out[n - 1::-1])
    return out


def _at(top, n, j):
    """``top[j]`` of :func:`_top_down`, also for unit weights (``top`` None)."""
    return n - j if top is None else top[j]


def band_sums(parts, offsets, totals, delong=False):
    """Exact share of one band in the ranking sums.

    Parameters
    ----------
    parts : list of (vp, wp, vn, wn)
        The band's entries from every chunk (:func:`split_chunk`).
    offsets : (float, float)
        ``W+`` and ``W-`` of all samples scored above the band.
    totals : (float, float)
        ``W+`` and ``W-`` of all samples.
    delong : bool
        Also compute the placement-value moments.

    Returns
    -------
    sums : BandSums
    """
    vp, wp = _merge(parts, 0)
    vn, wn = _merge(parts, 2)
    above_p, above_n = offsets
    top_p, top_n = _top_down(wp, vp.size), _top_down(wn, vn.size)
    total_p, total_n = (float(t) for t in totals)
    mistakes2, precision = 0, 0.0
    v10 = v01 = (0.0, 0.0, 0.0)
    # in blocks of distinct values: the temporaries stay small next to the band
    for sl in _blocks(vp.size):
        v, w = vp[sl], None if wp is None else wp[sl]
        # negatives at or above / strictly above each positive value, positives
        # at or above it (offsets from the bands above included)
        n_ge = above_n + _at(top_n, vn.size, np.searchsorted(vn, v, side="left"))
        n_gt = above_n + _at(top_n, vn.size, np.searchsorted(vn, v, side="right"))
        p_ge = above_p + _at(top_p, vp.size, np.arange(sl.start, sl.stop))
        pairs = n_ge + n_gt
        mistakes2 += (pairs if w is None else w * pairs).sum().item()
        denom = p_ge + n_ge
        ratio = p_ge / np.where(denom > 0, denom, 1)
        precision += float((ratio if w is None else w * ratio).sum())
        if delong:
            x10 = (2.0 * total_n - pairs) / (2.0 * total_n)
            v10 = merge_moments(v10, _moments(x10, None if w is None
                                              else w.astype(np.float64)))
    for sl in _blocks(vn.size if delong else 0):
        v = vn[sl]
        pn_ge = above_p + _at(top_p, vp.size, np.searchsorted(vp, v, side="left"))
        pn_gt = above_p + _at(top_p, vp.size, np.searchsorted(vp, v, side="right"))
        x01 = (pn_ge + pn_gt) / (2.0 * total_p)
        v01 = merge_moments(v01, _moments(x01, None if wn is None
                                          else wn[sl].astype(np.float64)))
    return BandSums(mistakes2, precision, v10, v01)


def _blocks(n, size=2**18):
    return [slice(a, min(n, a + size)) for a in range(0, n, size)]


def resolve_labels(summaries, pos_label):
    """Positive label and class totals ``(W+, W-)`` from the chunk summaries.

    Checks the pooled labels exactly as the in-memory metrics do.
    """
    n = sum(c.n for c in summaries)
    if n == 0:
        raise ValueError("y_true is empty; the metric needs at least two samples.")
    labels = np.unique(np.concatenate([c.labels for c in summaries if c.n]))
    _, pos_label = _positive_mask(labels, pos_label)
    weighted = summaries[0].weights is not None
    totals = [0.0, 0.0] if weighted else [0, 0]
    for c in summaries:
        per = c.weights if weighted else c.counts
        for label, amount in zip(c.labels, per):
            totals[0 if label == pos_label else 1] += amount
    if weighted and (totals[0] <= 0 or totals[1] <= 0):
        which = "positive" if totals[0] <= 0 else "negative"
        raise ValueError(
            f"The {which} samples have zero total sample_weight; the metric "
            "needs both classes with positive weight."
        )
    return pos_label, tuple(totals)


def combine(band_results, totals):
    """AUROC, AP and DeLong moments from the bands' shares."""
    total_p, total_n = totals
    mistakes2 = sum(b.mistakes2 for b in band_results)
    pairs = total_p * total_n
    auroc = float(np.clip((pairs - 0.5 * mistakes2) / pairs, 0.0, 1.0))
    ap = float(np.clip(sum(b.precision for b in band_results) / total_p, 0.0, 1.0))
    v10 = v01 = (0.0, 0.0, 0.0)
    for b in band_results:
        v10, v01 = merge_moments(v10, b.v10), merge_moments(v01, b.v01)
    return auroc, ap, v10, v01
