"""Statistics of the iLA-SDP ablation: per data set errors, the spread over
starts, the ablation table and paired comparisons between configurations
(wins/ties/losses, sign test, bootstrap interval of the mean difference)."""

import numpy as np
import pandas as pd

RIVALS = ("KMeans", "SDPKMeans", "EM")


def _per_data_set(results):
    """One row per ``(config, setting, seed)``: the error from each kind of
    start (the mean over its start seeds: ``err_<start>``), and
    ``spread_random``, the population standard deviation (``ddof=0``) of the
    error over the random starts."""
    keys = ["config", "setting", "seed"]
    errors = results.pivot_table(index=keys, columns="start", values="error",
                                 aggfunc="mean", sort=False)
    errors.columns = [f"err_{c}" for c in errors.columns]
    random = results[results["start"] == "random"]
    spread = random.groupby(keys, sort=False)["error"].std(ddof=0).rename("spread_random")
    return errors.join(spread)


def spread_over_starts(results, start="random"):
    """Sensitivity to the start: per configuration and setting, the mean over
    data sets of the standard deviation of the error across the starts of kind
    ``start``.

    The standard deviation is the population one (``ddof=0``): with two
    starts it is ``|e_1 - e_2| / 2``, a noisy measure, so the experiment uses
    4 random starts per data set (:func:`run`).

    Parameters
    ----------
    results : pandas.DataFrame
        From :func:`ablation` (columns ``config, setting, seed, start,
        error``).
    start : str, default="random"
        The kind of start whose spread is measured.

    Returns
    -------
    spread : pandas.Series
        Indexed by ``(config, setting)``; configurations without starts of
        kind ``start`` are absent.

    Examples
    --------
    >>> import pandas as pd
    >>> from skpapers.experiments.ilasdp import spread_over_starts
    >>> results = pd.DataFrame({"config": "a", "setting": "s", "seed": [0, 0, 1, 1],
    ...                         "start": "random", "error": [0.1, 0.3, 0.2, 0.2]})
    >>> round(float(spread_over_starts(results)[("a", "s")]), 6)  # (0.1 + 0) / 2
    0.05
    """
    sub = results[results["start"] == start]
    per_data = sub.groupby(["config", "setting", "seed"], sort=False)["error"].std(ddof=0)
    return per_data.groupby(level=["config", "setting"], sort=False).mean()


def ablation_table(results):
    """Mean error per start kind and the spread over random starts, per
    configuration and setting (one row each), plus an "all settings" mean
    (each setting weighted equally); ``n_data`` counts the data sets (data
    seeds) and ``time_s`` is the mean CPU time of one fit."""
    per_data = _per_data_set(results)
    table = per_data.groupby(level=["config", "setting"], sort=False).mean()
    table["n_data"] = per_data.groupby(level=["config", "setting"], sort=False).size()
    table["time_s"] = results.groupby(["config", "setting"], sort=False)["time_s"].mean()
    overall = table.groupby(level="config", sort=False).mean()
    overall["n_data"] = table.groupby(level="config", sort=False)["n_data"].sum()
    overall.index = pd.MultiIndex.from_product([overall.index, ["all settings"]],
                                               names=["config", "setting"])
    table = pd.concat([table, overall])
    order = {name: i for i, name in enumerate(_config_order(results))}
    rank = [order[c] for c in table.index.get_level_values("config")]
    return table.iloc[np.argsort(rank, kind="stable")].round(4)


def _config_order(results):
    """ILASDP configurations in :data:`ABLATION_CONFIGS` order (others after,
    as they appear), then the rivals."""
    from .ilasdp import ABLATION_CONFIGS  # the experiment module imports this one

    present = list(dict.fromkeys(results["config"]))
    ours = [c for c in ABLATION_CONFIGS if c in present]
    ours += [c for c in present if c not in ours and c not in RIVALS]
    return ours + [c for c in RIVALS if c in present]


def paired_comparison(results, n_resamples=2000, random_state=0):
    """The paper's two claims, tested per data set against the rivals.

    Claim 1 compares each ILASDP configuration's error from the k-means start
    with K-means', SDPKMeans' and EM's (k-means start) on the same data set;
    claim 2 compares its spread over random starts with EM's. Each pair is
    one :func:`paired_difference`.

    Parameters
    ----------
    results : pandas.DataFrame
        From :func:`ablation`, with the rivals' rows.
    n_resamples : int, default=2000
        Bootstrap resamples.
    random_state : int, default=0
        Seed of the bootstrap.

    Returns
    -------
    table : pandas.DataFrame
        One row per ``(config, claim, rival)`` with the columns of
        :func:`paired_difference`.
    """
    per_data = _per_data_set(results)
    present = set(per_data.index.get_level_values("config"))
    tests = [("1: error", rival, "err_k-means++") for rival in RIVALS]
    tests.append(("2: spread", "EM", "spread_random"))
    rows = []
    for config in _config_order(results):
        if config in RIVALS:
            continue
        for claim, rival, column in tests:
            if rival not in present:
                continue
            row = _paired(per_data, config, rival, column, n_resamples, random_state)
            if row is not None:
                rows.append({"config": config, "claim": claim, "rival": rival, **row})
    table = pd.DataFrame(rows).set_index(["config", "claim", "rival"])
    return table.round({"mean_diff": 4, "ci_low": 4, "ci_high": 4})


def start_comparison(results, start="sdp", n_resamples=2000, random_state=0):
    """The error from one kind of start, paired per data set against the
    other starts of the same configuration and against EM.

    For every ILASDP configuration with starts of kind ``start``, its error
    from them is compared (:func:`paired_difference`) with its own error from
    the k-means start and from random starts (the mean over the random
    starts of each data set), and with EM's error from the k-means start and
    from random starts.

    Parameters
    ----------
    results : pandas.DataFrame
        From :func:`ablation`.
    start : str, default="sdp"
        The kind of start studied (ILASDP's ``init``).
    n_resamples : int, default=2000
    random_state : int, default=0
        Seed of the bootstrap.

    Returns
    -------
    table : pandas.DataFrame
        One row per ``(config, versus)``, ``versus`` naming the other side
        (``"own k-means++"``, ``"own random"``, ``"EM k-means++"``, ``"EM
        random"``), with the columns of :func:`paired_difference` and
        ``mean_err`` (the configuration's mean error from ``start``, each
        setting weighted equally). Empty when no configuration has starts
        of kind ``start``.
    """
    per_data = _per_data_set(results)
    column = f"err_{start}"
    rows = []
    if column not in per_data.columns:
        return pd.DataFrame(rows)
    present = set(per_data.index.get_level_values("config"))
    for config in _config_order(results):
        if config in RIVALS or per_data.loc[config, column].isna().all():
            continue
        own = per_data.loc[config, column].dropna()
        mean_err = own.groupby(level="setting", sort=False).mean().mean()
        for other in (config, "EM"):
            for other_start in ("k-means++", "random"):
                if other not in present or other_start == start:
                    continue
                row = _paired(per_data, config, other, column, n_resamples,
                              random_state, other_column=f"err_{other_start}")
                if row is not None:
                    versus = f"{'own' if other == config else other} {other_start}"
                    rows.append({"config": config, "versus": versus,
                                 "mean_err": mean_err, **row})
    table = pd.DataFrame(rows).set_index(["config", "versus"])
    return table.round({"mean_err": 4, "mean_diff": 4, "ci_low": 4, "ci_high": 4})


def paired_difference(results, config, other, measure="err_k-means++",
                      n_resamples=2000, random_state=0, other_measure=None):
    """Paired comparison of two configurations over the data sets both ran.

    The differences ``d = config - other`` of ``measure`` (``other_measure``
    for ``other``) per data set ``(setting, seed)`` give wins (``d < 0``), ties and losses, the two-sided
    sign test of wins against losses (ties dropped), and a 95 % percentile
    bootstrap interval of the mean of ``d`` (data sets resampled within each
    setting, so every setting keeps its weight).

    Parameters
    ----------
    results : pandas.DataFrame
        From :func:`ablation`.
    config, other : str
        Configurations (or rivals) in ``results``.
    measure : str, default="err_k-means++"
        ``"err_<start>"`` (the mean error from starts of that kind) or
        ``"spread_random"`` (see :func:`spread_over_starts`).
    n_resamples : int, default=2000
    random_state : int, default=0
        Seed of the bootstrap.
    other_measure : str, default=None
        The measure of ``other``; ``measure`` when None. With ``other ==
        config`` this compares two kinds of start of one configuration, e.g.
        ``measure="err_sdp", other_measure="err_k-means++"``.

    Returns
    -------
    comparison : dict
        ``n``, ``mean_diff``, ``ci_low``, ``ci_high``, ``wins``, ``ties``,
        ``losses``, ``p_sign`` and ``holds`` (the interval lies below 0 and
        the sign test rejects at 5 %: at least 6 data sets are needed).

    Raises
    ------
    ValueError
        If the two share no data set with their measures, or a measure is
        not a column of the per-data-set table.
    """
    per_data = _per_data_set(results)
    other_measure = measure if other_measure is None else other_measure
    for name in (measure, other_measure):
        if name not in per_data.columns:
            raise ValueError(f"measure must be one of {sorted(per_data.columns)}; "
                             f"got {name!r}.")
    row = _paired(per_data, config, other, measure, n_resamples, random_state,
                  other_column=other_measure)
    if row is None:
        measures = repr(measure) if other_measure == measure else (
            f"{measure!r} / {other_measure!r}")
        raise ValueError(f"{config!r} and {other!r} share no data set with {measures}.")
    return row


def _paired(per_data, config, other, column, n_resamples, random_state,
            other_column=None):
    from scipy.stats import binomtest

    ours = per_data.loc[config, column]
    theirs = per_data.loc[other, column if other_column is None else other_column]
    d = (ours - theirs.reindex(ours.index)).dropna()
    if d.empty:
        return None
    wins, ties, losses = int((d < 0).sum()), int((d == 0).sum()), int((d > 0).sum())
    p = binomtest(wins, wins + losses).pvalue if wins + losses else 1.0
    low, high = _bootstrap_mean(d, n_resamples, random_state)
    return {"n": d.size, "mean_diff": d.mean(), "ci_low": low, "ci_high": high,
            "wins": wins, "ties": ties, "losses": losses, "p_sign": p,
            "holds": bool(high < 0 and p < 0.05)}


def _bootstrap_mean(d, n_resamples, random_state):
    """95 % percentile interval of the mean of ``d`` (a Series indexed by
    ``(setting, seed)``), resampling the seeds within each setting; NaN when
    every setting has a single seed (there is nothing to resample)."""
    rng = np.random.default_rng(random_state)
    groups = [g.to_numpy() for _, g in d.groupby(level="setting", sort=False)]
    if all(g.size == 1 for g in groups):
        # nothing to resample: the "interval" would be the point itself
        return np.nan, np.nan
    total = np.zeros(n_resamples)
    for g in groups:
        picks = rng.integers(0, g.size, size=(n_resamples, g.size))
        total += g[picks].sum(axis=1)
    means = total / d.size
    return np.quantile(means, 0.025), np.quantile(means, 0.975)
