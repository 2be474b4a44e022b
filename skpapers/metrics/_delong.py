"""DeLong confidence interval and paired test for AUROC, O(n log n).

The AUROC is a two-sample U-statistic: the mean over positive/negative
pairs of ``psi = 1`` (positive above), ``1/2`` (tie) or ``0``. Its placement
values are ``V10_i`` (for positive ``i``: the share of negatives below it, a
tie counting half) and ``V01_j`` (for negative ``j``: the share of positives
above it). DeLong, DeLong & Clarke-Pearson (1988) estimate
``Var(AUROC) = S10 / N+ + S01 / N-`` with ``S10``, ``S01`` the sample
variances of the placement values (and the covariances for two scores on
the same samples). Sun & Xu (2014) compute the placement values from
midranks in O(n log n); here they come from sorted scores and binary
searches, which is the same count.
"""

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from skpapers.metrics._core import _sorted_with_cumweight, check_binary
from skpapers.metrics._ranking import _dask_route
from skpapers.utils._dask import is_dask_collection


@dataclass(frozen=True)
class DeLongInterval:
    """DeLong confidence interval of one AUROC.

    Attributes
    ----------
    auroc : float
        The AUROC.
    std : float
        DeLong standard error.
    low, high : float
        Interval bounds, clipped to [0, 1].
    confidence : float
        Confidence level.
    """

    auroc: float
    std: float
    low: float
    high: float
    confidence: float


@dataclass(frozen=True)
class DeLongTest:
    """DeLong paired test of two AUROCs on the same samples.

    Attributes
    ----------
    auroc_a, auroc_b : float
        The two AUROCs.
    difference : float
        ``auroc_a - auroc_b``.
    std : float
        Standard error of the difference.
    statistic : float
        ``difference / std`` (0 when both are 0).
    pvalue : float
        Two-sided p-value.
    low, high : float
        Confidence interval of the difference, clipped to [-1, 1].
    confidence : float
        Confidence level of the interval.
    """

    auroc_a: float
    auroc_b: float
    difference: float
    std: float
    statistic: float
    pvalue: float
    low: float
    high: float
    confidence: float


def _frequency_weights(weight):
    if weight is None:
        return None
    if not np.array_equal(weight, np.round(weight)):
        raise ValueError(
            "DeLong's variance needs integer sample_weight (frequency weights: "
            "a weight of k counts a sample k times); got non-integer weights. "
            "Use bootstrap_ci for general weights."
        )
    return weight


def _delong_terms(data, score, keep_order):
    """AUROC, placement values V10 (positives) and V01 (negatives), weights.

    Each class is sorted once. ``left[k]`` / ``right[k]`` (binary searches of
    the sorted positives among the sorted negatives) give every positive's
    negatives below / at-or-below it; the same two arrays, bin-counted and
    cumulated, give every negative's positives below / at-or-below it
    (positive k is ``<=`` negative j exactly when ``left[k] <= j``), so V01
    costs O(n) on top of the sorts. Without ``keep_order`` (a single CI),
    V01 is kept once per run of negatives that share it, weighted by the
    run's length: O(n+) work after the sorts.
    """
    pos = data.positive
    w = _frequency_weights(data.raw_weight)
    wp = None if w is None else w[pos]
    wn = None if w is None else w[~pos]
    sp, cum_p, order_p = _sorted_with_cumweight(score[pos], wp, keep_order)
    sn, cum_n, order_n = _sorted_with_cumweight(score[~pos], wn, keep_order)
    total_p = float(sp.size if w is None else cum_p[-1])
    total_n = float(sn.size if w is None else cum_n[-1])
    if total_p < 2 or total_n < 2:
        raise ValueError(
            "DeLong's variance needs at least two positives and two negatives "
            f"(weighted counts: {total_p:g} positives, {total_n:g} negatives)."
        )
    left = np.searchsorted(sn, sp, side="left")
    right = np.searchsorted(sn, sp, side="right")
    wp_sorted = None if w is None else wp[order_p]
    wn_sorted = None if w is None else wn[order_n]
    if w is None:
        neg_below, neg_at_or_below = left, right
    else:
        neg_below, neg_at_or_below = cum_n[left], cum_n[right]
    v10 = (neg_below + neg_at_or_below) / (2.0 * total_n)
    m = sn.size
    if keep_order:
        # per negative: cumulated positives at-or-below plus positives below
        both = np.bincount(left, wp_sorted, minlength=m + 1)
        both += np.bincount(right, wp_sorted, minlength=m + 1)
        v01 = (2.0 * total_p - np.cumsum(both[:m])) / (2.0 * total_p)
        # back to the input order, so two scores pair up
        v10, v01 = _unsort(v10, order_p), _unsort(v01, order_n)
        wp_sorted = None if w is None else wp
        wn_sorted = None if w is None else wn
    else:
        # V01 is constant on runs of negatives between consecutive positive
        # scores: keep one value per run, its (weighted) length as weight.
        v01, wn_sorted = _v01_runs(left, right, cum_p, cum_n, m, total_p)
    auroc = _wmean(v10, wp_sorted)
    return auroc, v10, v01, wp_sorted, wn_sorted, total_p, total_n


def _v01_runs(left, right, cum_p, cum_n, m, total_p):
    """V01 per run of negatives sharing it, and each run's negative weight.

    ``left`` and ``right`` are non-decreasing, so the run boundaries are
    their distinct values and the positives at-or-below / below a run are
    binary-search counts in them.
    """
    if np.array_equal(left, right):  # no positive tied with a negative
        bounds = left[np.append(True, left[1:] != left[:-1])]
    else:
        bounds = np.union1d(left, right)
    n_left = np.searchsorted(left, bounds, side="right")
    n_right = np.searchsorted(right, bounds, side="right")
    if cum_p is None:
        cum = (n_left + n_right).astype(np.float64)
    else:
        cum = cum_p[n_left] + cum_p[n_right]
    starts = np.concatenate(([0], bounds))
    cum = np.concatenate(([0.0], cum))
    ends = np.append(bounds, m)
    run_weight = ends - starts if cum_n is None else cum_n[ends] - cum_n[starts]
    v01 = (2.0 * total_p - cum) / (2.0 * total_p)
    return v01, run_weight.astype(np.float64)


def _unsort(values, order):
    out = np.empty_like(values)
    out[order] = values
    return out


# Vector products use (a * b).sum(), not np.dot: a multi-threaded BLAS dot of
# short vectors can be 100x slower on a busy machine (its threads spin).
def _wmean(x, w):
    return float(x.mean() if w is None else (w * x).sum() / w.sum())


def _wvar(x, w, total):
    """Unbiased (frequency-weighted) variance, mean computed once."""
    mean = x.mean() if w is None else (w * x).sum() / total
    d = x - mean
    return float(((d * d).sum() if w is None else (w * d * d).sum()) / (total - 1.0))


def _wcov(a, b, w, total):
    """Unbiased (frequency-weighted) covariance of two placement vectors."""
    da, db = a - _wmean(a, w), b - _wmean(b, w)
    s = (da * db).sum() if w is None else (w * da * db).sum()
    return float(s / (total - 1.0))


def _check_confidence(confidence):
    if not (isinstance(confidence, (int, float, np.floating)) and 0 < confidence < 1):
        raise ValueError(f"confidence must be a float in (0, 1); got {confidence!r}.")
    return float(confidence)


def delong_ci(y_true, y_score, *, confidence=0.95, sample_weight=None, pos_label=None):
    """DeLong confidence interval of the AUROC (fast midrank algorithm).

    The interval is ``AUROC +- z * std`` with the DeLong standard error
    ``std = sqrt(S10 / N+ + S01 / N-)``, clipped to [0, 1]. Cost: two sorts
    and four binary-search passes, O(n log n).

    Dask arrays and Dask DataFrame columns are computed exactly, chunk by
    chunk on the cluster, never pulled into one process (see
    :mod:`skpapers.metrics.dask`).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Finite scores.
    confidence : float, default=0.95
        Confidence level in (0, 1).
    sample_weight : array-like of shape (n_samples,), default=None
        Integer frequency weights (a weight of k counts the sample k times).
        Non-integer weights raise ``ValueError``: the variance formula has no
        meaning for them; use :func:`bootstrap_ci`.
    pos_label : int, float, bool or str, default=None
        The positive label; ``None`` takes the greater label.

    Returns
    -------
    result : DeLongInterval
        ``auroc``, ``std``, ``low``, ``high``, ``confidence``.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.metrics import delong_ci
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(200), np.ones(100)]
    >>> s = rng.normal(size=300) + y
    >>> ci = delong_ci(y, s)
    >>> bool(ci.low < ci.auroc < ci.high)
    True
    """
    confidence = _check_confidence(confidence)
    if is_dask_collection(y_true, y_score, sample_weight):
        return _dask_route().delong_ci(y_true, y_score, confidence=confidence,
                                       sample_weight=sample_weight, pos_label=pos_label)
    data = check_binary(y_true, y_score, sample_weight, pos_label)
    auroc, v10, v01, wp, wn, total_p, total_n = _delong_terms(data, data.score, False)
    var = _wvar(v10, wp, total_p) / total_p + _wvar(v01, wn, total_n) / total_n
    std = float(np.sqrt(max(var, 0.0)))
    z = float(norm.ppf(0.5 + confidence / 2))
    return DeLongInterval(auroc=auroc, std=std, low=max(0.0, auroc - z * std),
                          high=min(1.0, auroc + z * std), confidence=confidence)


def delong_test(y_true, score_a, score_b, *, confidence=0.95, sample_weight=None,
                pos_label=None):
    """DeLong's paired test of two AUROCs computed on the same samples.

    The difference of the two AUROCs has variance
    ``Var_a + Var_b - 2 Cov_ab``, where the covariance comes from the
    placement values of the two scores on the same positives and negatives.
    ``statistic = difference / std`` is compared with a standard normal.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    score_a, score_b : array-like of shape (n_samples,)
        Finite scores of the two models on the same samples.
    confidence : float, default=0.95
        Confidence level of the interval of the difference.
    sample_weight : array-like of shape (n_samples,), default=None
        Integer frequency weights (see :func:`delong_ci`).
    pos_label : int, float, bool or str, default=None
        The positive label; ``None`` takes the greater label.

    Returns
    -------
    result : DeLongTest
        AUROCs, difference, its standard error, z statistic, two-sided
        p-value and interval.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.metrics import delong_test
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(300), np.ones(300)]
    >>> good = rng.normal(size=600) + 1.5 * y
    >>> weak = good + rng.normal(scale=2.0, size=600)
    >>> res = delong_test(y, good, weak)
    >>> bool(res.difference > 0 and res.pvalue < 0.01)
    True
    """
    confidence = _check_confidence(confidence)
    data = check_binary(y_true, score_a, sample_weight, pos_label, score_name="score_a")
    data_b = check_binary(y_true, score_b, sample_weight, pos_label,
                          score_name="score_b")
    auc_a, v10a, v01a, wp, wn, tp, tn = _delong_terms(data, data.score, True)
    auc_b, v10b, v01b, *_ = _delong_terms(data, data_b.score, True)
    var = (_wcov(v10a - v10b, v10a - v10b, wp, tp) / tp
           + _wcov(v01a - v01b, v01a - v01b, wn, tn) / tn)
    std = float(np.sqrt(max(var, 0.0)))
    diff = auc_a - auc_b
    if std > 0:
        stat = diff / std
    else:
        stat = 0.0 if diff == 0 else float(np.sign(diff) * np.inf)
    pvalue = float(2 * norm.sf(abs(stat)))
    z = float(norm.ppf(0.5 + confidence / 2))
    return DeLongTest(
        auroc_a=auc_a, auroc_b=auc_b, difference=diff, std=std, statistic=stat,
        pvalue=pvalue, low=max(-1.0, diff - z * std), high=min(1.0, diff + z * std),
        confidence=confidence,
    )
