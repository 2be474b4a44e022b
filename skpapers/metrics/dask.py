"""Exact AUROC, average precision and DeLong interval on Dask collections.

:func:`skpapers.metrics.auroc_score`, :func:`~skpapers.metrics.auprc_score`
and :func:`~skpapers.metrics.delong_ci` come here when any input is a Dask
array or a Dask DataFrame column; the functions below can also be called
directly, to choose the band size. Results equal the in-memory functions to
rounding (ties and weights included), and no task holds more than about one
band of distinct scores plus one input chunk.

How: a first pass reads every chunk once for the checks, the class totals
and a small score sample, from which splitters cut the score axis into bands
of about ``rows_per_band`` rows. Then rounds, from the highest scores down,
each handle as many bands as the cluster has threads: every chunk sends to
each band its rows in that band, reduced to one entry per distinct score
(value, positive weight, negative weight); a band merges its entries, and
with the totals of the bands above it computes its exact share of the AUROC
pair count, of the sum of precisions and of the DeLong placement-value
moments (merged with Chan's pairwise update). See :mod:`skpapers.metrics._bands`.

Cost: ``1 + ceil(B / T)`` reads of the input (``B`` bands, ``T`` threads; a
lazily generated input is regenerated at each read, a persisted one is
read from memory), one sort of every band (``O(n log n)`` work in total),
and every row moved once, as a distinct-score entry, from its chunk to its
band. Memory per worker: one input chunk, its share of the round's entries
and the band it merges, independent of ``n``. An entry is 8 bytes for an
unweighted score that occurs once in its chunk (16 with a count or a
weight); a band merges its entries by an in-place value sort, about 10
more bytes per row (measured: 24 to 31 bytes per band row in all on a
worker, unweighted continuous scores, bands of one chunk).

Requires the optional ``dask`` extra (``pip install 'skpapers[dask]'``).
"""

from operator import getitem

import numpy as np
from scipy.stats import norm

from skpapers.utils._dask import require_dask

dask, da = require_dask("dask", "dask.array")

from skpapers.metrics._bands import (  # noqa: E402
    band_edges,
    band_sums,
    chunk_summary,
    combine,
    resolve_labels,
    split_chunk,
)

__all__ = ["auprc_score", "auroc_score", "delong_ci", "ranking_metrics"]


def _one_column(x, name):
    if x.ndim == 2 and x.shape[1] == 1:
        return x[:, 0]
    if x.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional; got shape {x.shape}.")
    return x


def _as_dask_array(x, name):
    if hasattr(x, "to_dask_array"):  # Dask Series / one-column DataFrame
        x = x.to_dask_array(lengths=True)
    elif not hasattr(x, "__dask_graph__"):
        x = da.from_array(np.asarray(x), chunks=-1)
    x = _one_column(x, name)
    if any(np.isnan(c) for c in x.chunks[0]):
        raise ValueError(
            f"{name} has chunks of unknown length; call "
            "x.compute_chunk_sizes() first."
        )
    return x


def _blocks(y_true, y_score, sample_weight, score_name):
    """Aligned ``(y, s, w)`` delayed blocks (DataFrame partitions or array chunks)."""
    given = [(y_true, "y_true"), (y_score, score_name)]
    if sample_weight is not None:
        given.append((sample_weight, "sample_weight"))
    frames = [x for x, _ in given if hasattr(x, "to_dask_array")]
    if len(frames) == len(given) and len({x.npartitions for x in frames}) == 1:
        parts = [x.to_delayed() for x, _ in given]
    else:
        arrays = [_as_dask_array(x, name) for x, name in given]
        n_score = arrays[1].shape[0]
        if arrays[0].shape[0] != n_score:
            raise ValueError(f"y_true and {score_name} have different lengths: "
                             f"{arrays[0].shape[0]} != {n_score}.")
        if len(arrays) == 3 and arrays[2].shape[0] != n_score:
            raise ValueError("sample_weight and y_true have different lengths: "
                             f"{arrays[2].shape[0]} != {n_score}.")
        chunks = arrays[1].chunks
        parts = [x.rechunk(chunks).to_delayed().ravel().tolist() for x in arrays]
    if len(parts) == 2:
        parts.append([None] * len(parts[0]))
    return list(zip(*parts))


def _threads():
    """Tasks that run at once: the threads of the Dask client, if any."""
    try:
        from distributed import default_client

        return max(1, sum(default_client().nthreads().values()))
    except (ImportError, ValueError):
        return max(1, dask.system.CPU_COUNT)


def _ranking_sums(y_true, y_score, sample_weight, pos_label, *, delong=False,
                  rows_per_band=None, score_name="y_score"):
    delayed = dask.delayed
    blocks = _blocks(y_true, y_score, sample_weight, score_name)
    summaries = dask.compute(
        *[delayed(chunk_summary)(y, s, w, score_name) for y, s, w in blocks]
    )
    pos_label, totals = resolve_labels(summaries, pos_label)
    if delong:
        _check_delong(summaries, totals)
    sizes = [c.n for c in summaries]
    per_band = int(rows_per_band or max(sizes))
    n_bands = -(-sum(sizes) // max(1, per_band))
    edges = band_edges([c.sample for c in summaries], sizes, n_bands)
    n_bands, width = edges.size + 1, _threads()
    results = []
    above = [0, 0]
    for stop in range(n_bands, 0, -width):  # rounds, highest scores first
        start = max(0, stop - width)
        lo = edges[start - 1] if start > 0 else None
        hi = edges[stop - 1] if stop < n_bands else None
        splits = [
            delayed(split_chunk, nout=2)(y, s, w, pos_label, lo, hi,
                                         edges[start:stop - 1], score_name)
            for y, s, w in blocks
        ]
        chunk_totals = [t for _, t in splits]
        tasks = [
            delayed(_band_task)([delayed(getitem)(p, b) for p, _ in splits],
                                chunk_totals, b, above, totals, delong)
            for b in range(stop - start)
        ]
        done = dask.compute(*tasks)
        results.extend(r for r, _ in done)
        for _, band_total in done:
            above = [above[0] + band_total[0], above[1] + band_total[1]]
    return combine(results, totals), totals


def _band_task(parts, chunk_totals, band, above, totals, delong):
    """One band's sums; the bands above it in the round add to the offsets."""
    per_band = np.sum(chunk_totals, axis=0)  # (bands in round, 2)
    higher = per_band[band + 1:].sum(axis=0)
    offsets = (above[0] + higher[0], above[1] + higher[1])
    return band_sums(parts, offsets, totals, delong), per_band[band]


def _check_delong(summaries, totals):
    if not all(c.integral for c in summaries):
        raise ValueError(
            "DeLong's variance needs integer sample_weight (frequency weights: "
            "a weight of k counts a sample k times); got non-integer weights. "
            "Use bootstrap_ci for general weights."
        )
    if totals[0] < 2 or totals[1] < 2:
        raise ValueError(
            "DeLong's variance needs at least two positives and two negatives "
            f"(weighted counts: {totals[0]:g} positives, {totals[1]:g} negatives)."
        )


_PARAMS = """
    Parameters
    ----------
    y_true : Dask array, Dask Series or array-like of shape (n_samples,)
        Binary labels.
    y_score : Dask array, Dask Series or array-like of shape (n_samples,)
        Finite scores.{extra}
    sample_weight : Dask array, Dask Series or array-like of shape (n_samples,), \
default=None
        Non-negative sample weights{weights}.
    pos_label : int, float, bool or str, default=None
        The positive label; ``None`` takes the greater label.
    rows_per_band : int, default=None
        Rows per score band (memory and speed only, never the result);
        ``None`` takes the largest input chunk. A worker held 24 to 31
        bytes per band row (measured, unweighted distinct scores; more with
        weights) besides its input chunk: smaller bands use less
        memory but read the input more often (``1 + ceil(B / T)`` reads).
"""


def auroc_score(y_true, y_score, *, sample_weight=None, pos_label=None,
                rows_per_band=None):
    """Exact AUROC of Dask inputs (see :func:`skpapers.metrics.auroc_score`).
    {params}
    Returns
    -------
    score : float
        AUROC in [0, 1], equal to the in-memory value to rounding.

    Raises
    ------
    ValueError
        As :func:`skpapers.metrics.auroc_score` (raised from the first chunk
        where the problem is found).

    Examples
    --------
    >>> import dask.array as da
    >>> from skpapers.metrics import auroc_score
    >>> y = da.from_array([0, 0, 1, 1], chunks=2)
    >>> s = da.from_array([0.1, 0.4, 0.35, 0.8], chunks=2)
    >>> auroc_score(y, s)
    0.75
    """
    (auroc, _, _, _), _ = _ranking_sums(y_true, y_score, sample_weight, pos_label,
                                        rows_per_band=rows_per_band)
    return auroc


def auprc_score(y_true, y_score, *, sample_weight=None, pos_label=None,
                rows_per_band=None):
    """Exact average precision of Dask inputs (see :func:`skpapers.metrics.auprc_score`).
    {params}
    Returns
    -------
    score : float
        Average precision in [0, 1], equal to the in-memory value to rounding.

    Raises
    ------
    ValueError
        As :func:`skpapers.metrics.auprc_score`.

    Examples
    --------
    >>> import dask.array as da
    >>> from skpapers.metrics import auprc_score
    >>> y = da.from_array([0, 0, 1, 1], chunks=2)
    >>> s = da.from_array([0.1, 0.4, 0.35, 0.8], chunks=2)
    >>> round(auprc_score(y, s), 4)
    0.8333
    """
    (_, ap, _, _), _ = _ranking_sums(y_true, y_score, sample_weight, pos_label,
                                     rows_per_band=rows_per_band)
    return ap


def delong_ci(y_true, y_score, *, confidence=0.95, sample_weight=None,
              pos_label=None, rows_per_band=None):
    """Exact DeLong interval of the AUROC of Dask inputs.

    See :func:`skpapers.metrics.delong_ci`. The placement values of every
    positive and negative are never materialised: each band gives the
    weighted mean and sum of squared deviations of its own placement values
    (one value per distinct score, weighted by its count), merged exactly.
    {params}
    Returns
    -------
    result : DeLongInterval
        Equal to the in-memory interval to rounding.

    Raises
    ------
    ValueError
        As :func:`skpapers.metrics.delong_ci`.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from skpapers.metrics import delong_ci
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(200), np.ones(100)]
    >>> s = rng.normal(size=300) + y
    >>> ci = delong_ci(da.from_array(y, chunks=100), da.from_array(s, chunks=100))
    >>> bool(abs(ci.std - delong_ci(y, s).std) < 1e-12)
    True
    """
    return ranking_metrics(y_true, y_score, confidence=confidence,
                           sample_weight=sample_weight, pos_label=pos_label,
                           rows_per_band=rows_per_band)["delong"]


def _interval(sums, totals, confidence):
    from skpapers.metrics._delong import DeLongInterval

    (_, _, v10, v01), (total_p, total_n) = sums, totals
    auroc = float(v10[1])
    var = v10[2] / (total_p - 1.0) / total_p + v01[2] / (total_n - 1.0) / total_n
    std = float(np.sqrt(max(var, 0.0)))
    z = float(norm.ppf(0.5 + confidence / 2))
    return DeLongInterval(auroc=auroc, std=std, low=max(0.0, auroc - z * std),
                          high=min(1.0, auroc + z * std), confidence=confidence)


def ranking_metrics(y_true, y_score, *, confidence=0.95, sample_weight=None,
                    pos_label=None, rows_per_band=None):
    """AUROC, average precision and DeLong interval of Dask inputs in one pass set.

    The three functions above each read the input ``1 + ceil(B / T)`` times;
    on data too large to persist, this reads it once for all three (the
    bands compute every sum at once).
    {params}
    Returns
    -------
    result : dict
        ``"auroc"`` and ``"auprc"`` (floats) and ``"delong"``
        (:class:`~skpapers.metrics.DeLongInterval`), each equal to the
        in-memory function to rounding.

    Raises
    ------
    ValueError
        As the in-memory functions; DeLong's (integer weights, two samples
        of each class) included.

    Examples
    --------
    >>> import dask.array as da
    >>> from skpapers.metrics.dask import ranking_metrics
    >>> y = da.from_array([0, 0, 1, 1, 0, 1], chunks=3)
    >>> s = da.from_array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9], chunks=3)
    >>> res = ranking_metrics(y, s)
    >>> round(res["auroc"], 4), round(res["auprc"], 4)
    (0.8889, 0.9167)
    """
    from skpapers.metrics._delong import _check_confidence

    confidence = _check_confidence(confidence)
    sums, totals = _ranking_sums(y_true, y_score, sample_weight, pos_label,
                                 delong=True, rows_per_band=rows_per_band)
    return {"auroc": sums[0], "auprc": sums[1],
            "delong": _interval(sums, totals, confidence)}


for _f, _extra, _weights in (
    (auroc_score, "", ""),
    (auprc_score, "", ""),
    (ranking_metrics, "\n    confidence : float, default=0.95\n        Confidence level of the "
                      "DeLong interval.", " (integers: frequency weights)"),
    (delong_ci, "\n    confidence : float, default=0.95\n        Confidence level in "
                "(0, 1).", " (integers: frequency weights)"),
):
    _f.__doc__ = _f.__doc__.replace(
        "{params}", _PARAMS.format(extra=_extra, weights=_weights)
    )
