"""The SMOTE experiment repeated over seeds: spread, paired gains, hull owners.

:func:`skpapers.experiments.smote.run` gives one run's operating points; one
run of 10-fold CV on a few hundred minority cases moves by more than the
paper's AUC differences from seed to seed. These functions take the results
of several seeds (each a ``run`` DataFrame) and say how large a difference
is against that spread: each family's AUC as mean and standard deviation
over the seeds, the paired difference SMOTE minus under-sampling alone per
seed (the folds, under-samples and tree seeds are shared by the families of
one seed), and the families that own the ROC convex hull.
"""

import numpy as np
import pandas as pd
from scipy import stats

from skpapers.experiments import smote as exp

# the paper's naive Bayes priors: "from the original distribution to up to 50
# times the majority class" (section 5.2): minority prior p with
# share <= p and p / (1 - p) <= 50
PAPER_NB_MAX_ODDS = 50


def per_seed(results_by_seed):
    """One row per (seed, data set, family): AUCs and hull points.

    Parameters
    ----------
    results_by_seed : mapping of int to pandas.DataFrame
        Seed -> the DataFrame :func:`skpapers.experiments.smote.run` returned
        for it.

    Returns
    -------
    table : pandas.DataFrame
        Columns ``seed, dataset, family, smote_percent, auc, auc_from_origin,
        hull_points, points``: ``auc`` is ``AUC (ours)`` of
        :func:`~skpapers.experiments.smote.summarize` (x 10^4, the paper's
        rule; NA for the families without one), ``auc_from_origin`` its
        ``AUC from (0,0)``, ``hull_points`` how many of the family's
        ``points`` (distinct operating points) lie on the data set's ROC
        convex hull over all classifiers of that seed.

    Raises
    ------
    ValueError
        If ``results_by_seed`` is empty.
    """
    if not results_by_seed:
        raise ValueError("results_by_seed is empty: pass at least one seed's results")
    frames = []
    for seed, results in results_by_seed.items():
        results = results.reset_index(drop=True)  # e.g. concatenated frames
        table = exp.summarize(results)
        hull = exp._with_hull(results).drop_duplicates(
            ["dataset", "family", "fp_rate", "tp_rate"])
        counts = hull.groupby(["dataset", "family"], sort=False).agg(
            smote_percent=("smote_percent", "first"),
            hull_points=("on_hull", "sum"), points=("on_hull", "size"))
        frames.append(counts.assign(
            seed=seed,
            auc=table["AUC (ours)"].astype("Float64"),
            auc_from_origin=table["AUC from (0,0)"].astype("Float64"),
        ).reset_index())
    columns = ["seed", "dataset", "family", "smote_percent", "auc", "auc_from_origin",
               "hull_points", "points"]
    return pd.concat(frames, ignore_index=True)[columns]


def _families(table):
    """(dataset, family) in the order of the first seed's results."""
    return list(dict.fromkeys(zip(table["dataset"], table["family"])))


def _wide(table, column):
    """``column`` as a float frame: rows (dataset, seed), one column per family."""
    return (table.set_index(["dataset", "seed", "family"])[column].astype(float)
            .unstack("family"))


def auc_over_seeds(table):
    """Each family's AUC (x 10^4, the paper's rule) over the seeds.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`per_seed`'s output.

    Returns
    -------
    summary : pandas.DataFrame
        Indexed by ``(dataset, family)``: ``mean``, ``sd`` (ddof 1; NaN with
        one seed), ``min``, ``max`` and ``n_seeds`` of ``auc``; ``paper``
        (Table 3 of Chawla et al. 2002 where it has a value) and
        ``mean - paper``. Families without an AUC by the paper's rule
        (naive Bayes, RIPPER) get the mean of ``auc_from_origin`` instead
        and ``measure`` says which.
    """
    rows = []
    for dataset, family in _families(table):
        part = table[(table["dataset"] == dataset) & (table["family"] == family)]
        paper_rule = part["auc"].notna().all()
        values = (part["auc"] if paper_rule else part["auc_from_origin"]).astype(float)
        smote = int(part["smote_percent"].iloc[0])
        paper = (exp.PAPER_TABLE3.get(dataset, {}).get(smote)
                 if exp._is_c45(family) else None)
        rows.append({
            "dataset": dataset, "family": family,
            "measure": "raw-data point" if paper_rule else "(0, 0)",
            "mean": values.mean(), "sd": values.std(ddof=1), "min": values.min(),
            "max": values.max(), "n_seeds": len(values),
            "paper": np.nan if paper is None else paper,
            "mean - paper": np.nan if paper is None else values.mean() - paper,
        })
    return pd.DataFrame(rows).set_index(["dataset", "family"])


def paired_gains(table):
    """AUC of each SMOTE family minus under-sampling alone, paired by seed.

    The families of one seed share the folds and the majority under-samples'
    seeds, so the per-seed difference removes most of the run-to-run spread
    that the families have in common.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`per_seed`'s output; needs the ``Under-C4.5`` family with its
        raw-data point in every seed.

    Returns
    -------
    gains : pandas.DataFrame
        Indexed by ``(dataset, family)``, AUC x 10^4: ``per_seed`` (the
        differences in seed order), ``mean``, ``sd`` (ddof 1), ``ci_low`` and
        ``ci_high`` (95 % Student-t interval of the mean over seeds),
        ``leads`` (seeds where SMOTE is ahead), ``ties``, ``n_seeds``,
        ``sign_p`` (two-sided exact sign test of "ahead as often as behind",
        ties dropped; with 5 seeds it cannot go below 0.0625), ``t_p``
        (two-sided one-sample t-test of mean 0) and ``paper`` (the paper's
        Table 3 difference, where it has both values).

    Raises
    ------
    ValueError
        If a seed lacks the ``Under-C4.5`` AUC of a data set.
    """
    auc = _wide(table, "auc")
    rows = []
    for dataset, family in _families(table):
        if not family.startswith("SMOTE"):
            continue
        part = auc.loc[dataset]
        if exp.UNDER not in part or part[exp.UNDER].isna().any():
            raise ValueError(f"{dataset}: every seed needs the {exp.UNDER} AUC "
                             "(with its raw-data point) to pair the SMOTE families with")
        diff = (part[family] - part[exp.UNDER]).astype(float).to_numpy()
        n = diff.size
        sd = diff.std(ddof=1) if n > 1 else np.nan
        half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n) if n > 1 else np.nan
        nonzero = diff[diff != 0]
        sign_p = (stats.binomtest(int(np.sum(nonzero > 0)), nonzero.size).pvalue
                  if nonzero.size else 1.0)
        t_p = (stats.ttest_1samp(diff, 0.0).pvalue if n > 1 and sd > 0 else np.nan)
        smote = int(table.loc[table["family"] == family, "smote_percent"].iloc[0])
        paper = exp.PAPER_TABLE3.get(dataset, {})
        rows.append({
            "dataset": dataset, "family": family, "per_seed": diff.tolist(),
            "mean": diff.mean(), "sd": sd, "ci_low": diff.mean() - half,
            "ci_high": diff.mean() + half, "leads": int(np.sum(diff > 0)),
            "ties": int(np.sum(diff == 0)), "n_seeds": n, "sign_p": sign_p, "t_p": t_p,
            "paper": (paper[smote] - paper[0]) if smote in paper and 0 in paper
            else np.nan,
        })
    return pd.DataFrame(rows).set_index(["dataset", "family"])


def hull_owners(table):
    """Distinct operating points of each family on its data set's ROC hull.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`per_seed`'s output.

    Returns
    -------
    owners : pandas.DataFrame
        Indexed by ``(dataset, family)``: ``per_seed`` (hull points in seed
        order), ``points`` (distinct points in seed order), ``total`` (hull
        points summed over the seeds), ``share`` (of all non-trivial hull
        points of the data set over the seeds) and ``most`` (seeds in which
        the family has the most hull points of its data set; ties count for
        each tied family).
    """
    hull = _wide(table, "hull_points").fillna(0)
    best = hull.eq(hull.max(axis=1), axis=0)
    rows = []
    for dataset, family in _families(table):
        part = table[(table["dataset"] == dataset) & (table["family"] == family)]
        total = int(part["hull_points"].sum())
        rows.append({
            "dataset": dataset, "family": family,
            "per_seed": part["hull_points"].astype(int).tolist(),
            "points": part["points"].astype(int).tolist(), "total": total,
            "share": total / hull.loc[dataset].to_numpy().sum(),
            "most": int(best.loc[dataset, family].sum()),
        })
    return pd.DataFrame(rows).set_index(["dataset", "family"])


def paper_nb_priors(results, minority_share=None):
    """``results`` with naive Bayes kept to the paper's range of priors.

    The paper varies the minority prior "from the original distribution to up
    to 50 times the majority class" (section 5.2): ``share <= p`` and
    ``p / (1 - p) <= 50``. :data:`skpapers.experiments.smote.NB_PRIORS` runs
    from 0.01 to 0.99, so below the data's own share naive Bayes adds
    operating points of low %FP that the paper's naive Bayes did not have.

    Parameters
    ----------
    results : pandas.DataFrame
        :func:`skpapers.experiments.smote.run`'s output.
    minority_share : mapping of str to float, optional
        Minority share of each data set; by default read from the shipped
        data sets (:data:`skpapers.experiments.smote.DATASETS`).

    Returns
    -------
    results : pandas.DataFrame
        A copy without the naive Bayes rows outside the paper's range.
    """
    if minority_share is None:
        minority_share = {name: float(np.mean(load(return_X_y=True)[1]))
                          for name, load in exp.DATASETS.items()
                          if name in set(results["dataset"])}
    prior = results["setting"].astype(float)
    share = results["dataset"].map(minority_share).astype(float)
    nb = results["family"] == exp.NB_FAMILY
    inside = (prior >= share - 1e-12) & (prior / (1 - prior) <= PAPER_NB_MAX_ODDS + 1e-9)
    return results[~nb | inside].copy()


def approach(family):
    """The paper's approach a family belongs to: every SMOTE amount is one."""
    return "SMOTE + under-sampling" if family.startswith("SMOTE") else family


def hull_by_approach(table):
    """Hull points of each approach (all SMOTE amounts together) per seed.

    The paper's claim (section 5.3): "SMOTE-classifier has more potentially
    optimal classifiers than any other approach" (Pima excepted, where naive
    Bayes dominates). Counting each SMOTE amount apart would split SMOTE's
    points five ways; here they are summed.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`per_seed`'s output.

    Returns
    -------
    owners : pandas.DataFrame
        Indexed by ``(dataset, approach)``: ``per_seed`` (hull points in seed
        order), ``total``, ``share`` (of the data set's non-trivial hull
        points over the seeds) and ``most`` (seeds in which the approach has
        the most hull points; ties count for each).
    """
    table = table.assign(family=table["family"].map(approach))
    summed = table.groupby(["dataset", "family", "seed"], sort=False,
                           as_index=False)["hull_points"].sum()
    summed = summed.assign(auc=np.nan, auc_from_origin=np.nan, points=0,
                           smote_percent=0)
    owners = hull_owners(summed).drop(columns="points")
    return owners.rename_axis(["dataset", "approach"])
