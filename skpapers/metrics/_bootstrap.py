"""Bootstrap confidence intervals (percentile and BCa) for any binary metric."""

from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from scipy.stats import norm
from sklearn.utils import check_random_state

from skpapers.metrics._core import check_binary
from skpapers.utils._progress import progress

_CHUNK = 50  # resamples per task; fixed so results do not depend on n_jobs
_MAX_JACKKNIFE = 2000  # above this many samples BCa uses a grouped jackknife


@dataclass(frozen=True)
class BootstrapInterval:
    """Bootstrap confidence interval of a metric.

    Attributes
    ----------
    estimate : float
        The metric on the full data.
    low, high : float
        Interval bounds.
    confidence : float
        Confidence level.
    method : str
        ``"percentile"`` or ``"bca"``.
    n_resamples : int
        Resamples used (single-class resamples excluded).
    n_skipped : int
        Resamples skipped because they held one class only (or the metric
        returned NaN on them).
    distribution : ndarray of shape (n_resamples,)
        The metric on each kept resample.
    """

    estimate: float
    low: float
    high: float
    confidence: float
    method: str
    n_resamples: int
    n_skipped: int
    distribution: np.ndarray

    def __repr__(self):
        # one line; the resamples stay in ``distribution``
        return (
            f"BootstrapInterval(estimate={self.estimate:.4g}, "
            f"{self.confidence:.0%} CI [{self.low:.4g}, {self.high:.4g}], "
            f"method={self.method!r}, n_resamples={self.n_resamples}, "
            f"n_skipped={self.n_skipped})"
        )


def _call(metric, y, s, w):
    if w is None:
        return float(metric(y, s))
    return float(metric(y, s, sample_weight=w))


def _resample_chunk(metric, y, s, w, positive, seed, size, stratified):
    rng = np.random.default_rng(seed)
    n = y.shape[0]
    if stratified:
        pos_idx, neg_idx = np.flatnonzero(positive), np.flatnonzero(~positive)
    values = []
    for _ in range(size):
        if stratified:
            idx = np.concatenate((
                pos_idx[rng.integers(0, pos_idx.size, pos_idx.size)],
                neg_idx[rng.integers(0, neg_idx.size, neg_idx.size)],
            ))
        else:
            idx = rng.integers(0, n, n)
            n_pos = np.count_nonzero(positive[idx])
            if n_pos == 0 or n_pos == n:
                values.append(None)  # one class only: skipped, never scored
                continue
        values.append(_call(metric, y[idx], s[idx], None if w is None else w[idx]))
    return values


def _jackknife(metric, y, s, w, positive, rng):
    """Leave-one-out values (grouped into blocks for large n)."""
    n = y.shape[0]
    blocks = np.arange(n) if n <= _MAX_JACKKNIFE else (
        rng.permutation(n) % _MAX_JACKKNIFE)
    values = []
    for b in range(min(n, _MAX_JACKKNIFE)):
        keep = blocks != b
        n_pos = np.count_nonzero(positive[keep])
        if n_pos == 0 or n_pos == keep.sum():
            continue
        values.append(_call(metric, y[keep], s[keep], None if w is None else w[keep]))
    return np.asarray(values)


def _bca_bounds(estimate, dist, jack, alpha):
    """BCa quantile levels: bias-correction z0 and jackknife acceleration."""
    below = np.mean(dist < estimate) + 0.5 * np.mean(dist == estimate)
    below = np.clip(below, 1.0 / (dist.size + 1), 1 - 1.0 / (dist.size + 1))
    z0 = norm.ppf(below)
    d = jack.mean() - jack
    denom = 6.0 * np.sum(d**2) ** 1.5
    accel = np.sum(d**3) / denom if denom > 0 else 0.0
    levels = []
    for q in (alpha / 2, 1 - alpha / 2):
        zq = norm.ppf(q)
        levels.append(norm.cdf(z0 + (z0 + zq) / (1 - accel * (z0 + zq))))
    return levels


def bootstrap_ci(metric, y_true, y_score, *, sample_weight=None, n_resamples=1000,
                 confidence=0.95, method="percentile", stratified=True,
                 pos_label=None, n_jobs=None, random_state=None, verbose=0):
    """Bootstrap confidence interval of any binary ranking metric.

    Samples are drawn with replacement (within each class when
    ``stratified``, so every resample keeps both classes and the
    prevalence); the metric is recomputed on each resample. ``"percentile"``
    takes the empirical quantiles; ``"bca"`` (bias-corrected and accelerated,
    Efron 1987) shifts them by the bias ``z0`` (share of resamples below the
    estimate) and the acceleration ``a`` from a jackknife (leave-one-out up
    to 2000 samples, 2000 leave-a-block-out groups beyond).

    Parameters
    ----------
    metric : callable
        ``metric(y_true, y_score)`` (and ``sample_weight=`` when given)
        returning a float, e.g. :func:`auprc_score`.
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Finite scores.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights, resampled with the rows and passed to ``metric``.
        Rows of weight 0 are left out, as if dropped.
    n_resamples : int, default=1000
        Number of bootstrap resamples drawn.
    confidence : float, default=0.95
        Confidence level in (0, 1).
    method : {"percentile", "bca"}, default="percentile"
        Interval construction.
    stratified : bool, default=True
        Resample positives and negatives separately. When False, resamples
        holding one class only are skipped and counted in ``n_skipped``.
    pos_label : int, float, bool or str, default=None
        Label used to stratify; ``None`` takes the greater label. The metric
        receives ``y_true`` unchanged.
    n_jobs : int, default=None
        Parallel jobs (joblib); results do not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seed of the resampling.
    verbose : int, default=0
        0: silent. 1: a progress bar over the resamples (in steps of 50) on a
        terminal, one line per step elsewhere (see
        :func:`skpapers.utils._progress.progress`).

    Returns
    -------
    result : BootstrapInterval
        ``estimate``, ``low``, ``high``, the bootstrap ``distribution`` and
        the number of skipped resamples.

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.metrics import auprc_score, bootstrap_ci
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(180), np.ones(20)]
    >>> s = rng.normal(size=200) + 1.5 * y
    >>> ci = bootstrap_ci(auprc_score, y, s, n_resamples=200, random_state=0)
    >>> bool(ci.low < ci.estimate < ci.high), ci.n_skipped
    (True, 0)
    >>> ci  # doctest: +ELLIPSIS
    BootstrapInterval(estimate=0.519..., 95% CI [0.33..., 0.70...], ...n_skipped=0)
    """
    if not callable(metric):
        raise TypeError(f"metric must be callable; got {type(metric).__name__}.")
    if method not in ("percentile", "bca"):
        raise ValueError(f"method must be 'percentile' or 'bca'; got {method!r}.")
    if not (isinstance(n_resamples, (int, np.integer)) and n_resamples >= 2):
        raise ValueError(f"n_resamples must be an integer >= 2; got {n_resamples!r}.")
    if not (isinstance(confidence, (float, int, np.floating)) and 0 < confidence < 1):
        raise ValueError(f"confidence must be a float in (0, 1); got {confidence!r}.")
    data = check_binary(y_true, y_score, sample_weight, pos_label)
    y = np.asarray(y_true)
    y = y.ravel() if y.ndim == 2 else y
    s, w, positive = data.score, data.raw_weight, data.positive
    if w is not None and not np.all(w > 0):
        # a zero weight is a dropped row: resampling it could only draw
        # resamples whose class has no weight, on which the metric fails
        keep = w > 0
        y, s, w, positive = y[keep], s[keep], w[keep], positive[keep]
    estimate = _call(metric, y, s, w)

    rs = check_random_state(random_state)
    seeds = np.random.SeedSequence(rs.randint(2**31 - 1)).spawn(
        -(-n_resamples // _CHUNK))
    sizes = [min(_CHUNK, n_resamples - i * _CHUNK) for i in range(len(seeds))]
    chunks = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_resample_chunk)(metric, y, s, w, positive, seed, size, stratified)
        for seed, size in zip(seeds, sizes)
    )
    chunks = progress(chunks, verbose=verbose, total=len(seeds),
                      desc=f"bootstrap ({_CHUNK} resamples a step)")
    values = [v for chunk in chunks for v in chunk]
    one_class = sum(v is None for v in values)
    dist = np.asarray([v for v in values if v is not None], dtype=float)
    metric_nan = int(np.isnan(dist).sum())
    skipped = one_class + metric_nan
    dist = dist[~np.isnan(dist)]
    if dist.size < 2:
        name = getattr(metric, "__name__", repr(metric))
        causes = []
        if metric_nan:
            causes.append(
                f"metric {name} returned NaN on {metric_nan} of them (it returns "
                f"{estimate!r} on the full data): check that it is defined on "
                "these inputs"
            )
        if one_class:
            causes.append(
                f"{one_class} held one class only: use stratified=True or more "
                "samples"
            )
        raise ValueError(
            f"Only {dist.size} of {n_resamples} resamples gave a value; "
            + "; ".join(causes) + "."
        )
    alpha = 1.0 - confidence
    if method == "percentile":
        levels = [alpha / 2, 1 - alpha / 2]
    else:
        jack = _jackknife(metric, y, s, w, positive, rs)
        levels = _bca_bounds(estimate, dist, jack, alpha)
    low, high = np.quantile(dist, levels)
    return BootstrapInterval(
        estimate=estimate, low=float(low), high=float(high), confidence=confidence,
        method=method, n_resamples=int(dist.size), n_skipped=skipped,
        distribution=dist,
    )
