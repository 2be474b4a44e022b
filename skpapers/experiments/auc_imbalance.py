"""AUPRC optimisation favours the high-prevalence subgroup (McDermott et al., 2024).

Two subgroups with positive prevalence 0.05 and 0.01 and the same AUROC
(0.85 or 0.65) are scored by one model whose scores are calibrated per group
(mean score = prevalence). Starting from that model, 50 times in a row one
mistake (a negative directly above a positive in the pooled ranking) is
fixed by swapping the two scores:

- the *AUPRC route* fixes the mistake with the largest gain in overall
  AUPRC (the highest-ranked one);
- the *AUROC route* fixes a uniformly random mistake (every fix raises
  overall AUROC by the same amount, so AUROC has no preference).

Per-group AUROC and AUPRC are tracked at every step over 20 seeds. Since
the ranking of all scores never changes (only which sample holds which
score), the loop works on the sorted labels: each step is O(n) with no sort.
"""

import numpy as np

from skpapers.datasets import make_prevalence_subgroups
from skpapers.metrics._mistakes import adjacent_mistakes

TITLE = ("A Closer Look at AUROC and AUPRC under Class Imbalance "
         "(McDermott et al., NeurIPS 2024)")
PROVIDES = ("auroc_score, auprc_score, auc_decomposition, mistake_gains, "
            "subgroup_report, delong_ci/test, bootstrap_ci, scorers")

PREVALENCES = (0.05, 0.01)
#: the paper's claim on the AUROC gap, per route, beside our ``gap_gain``
PAPER_GAP = {"auprc": "> 0 (widens)", "auroc": "0 (unchanged)"}
#: the paper's claim, printed under the table by ``skpapers reproduce``
PAPER_CLAIM = (
    "Paper (McDermott et al. 2024, synthetic subgroup experiment: prevalences 0.05 and "
    "0.01, AUROC 0.85 or 0.65, 20 seeds, 50 fixes; shown as a figure, no number to "
    "copy): optimising AUPRC favours the high-prevalence group, widening its AUROC "
    "lead, while optimising AUROC leaves the gap unchanged (column 'paper gap_gain')."
)
TARGET_AUROCS = (0.85, 0.65)
ROUTES = ("auprc", "auroc")


def _sorted_metrics(lab):
    """AUROC and AP of labels ranked by decreasing (distinct) score."""
    cum_pos = np.cumsum(lab)
    n_pos = int(cum_pos[-1]) if lab.size else 0
    n_neg = lab.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return np.nan, np.nan
    ranks = np.flatnonzero(lab)  # 0-based positions of the positives
    neg_above = ranks - (cum_pos[ranks] - 1)
    auroc = 1.0 - neg_above.sum() / (n_pos * n_neg)
    auprc = np.mean(cum_pos[ranks] / (ranks + 1.0))
    return float(auroc), float(auprc)


def _record(rows, lab, grp, n_groups, **keys):
    for g in range(n_groups):
        auroc, auprc = _sorted_metrics(lab[grp == g])
        rows.append({**keys, "group": g, "prevalence": PREVALENCES[g],
                     "auroc": auroc, "auprc": auprc})
    auroc, auprc = _sorted_metrics(lab)
    rows.append({**keys, "group": -1, "prevalence": np.nan,
                 "auroc": auroc, "auprc": auprc})


def _optimise(lab, grp, route, n_steps, rng, rows, **keys):
    lab, grp = lab.copy(), grp.copy()
    n_groups = int(grp.max()) + 1
    _record(rows, lab, grp, n_groups, route=route, step=0, fixed_group=-1, **keys)
    for step in range(1, n_steps + 1):
        r, _, auprc_gain = adjacent_mistakes(lab)
        if r.size == 0:
            break
        i = r[np.argmax(auprc_gain)] if route == "auprc" else r[rng.integers(r.size)]
        fixed_group = int(grp[i]) if grp[i] == grp[i + 1] else -1  # -1: across groups
        lab[i], lab[i + 1] = lab[i + 1], lab[i]
        grp[i], grp[i + 1] = grp[i + 1], grp[i]
        _record(rows, lab, grp, n_groups, route=route, step=step,
                fixed_group=fixed_group, **keys)


def run(quick=False, random_state=0, verbose=0, n_samples=1000, n_steps=50):
    """Run the experiment; one row per (auroc, seed, route, step, group).

    Parameters
    ----------
    quick : bool, default=False
        10 seeds instead of 20.
    random_state : int, default=0
        Base seed; seed ``k`` uses ``random_state + k``.
    verbose : int, default=0
        Print progress when > 0.
    n_samples : int, default=1000
        Samples per seed (two equal groups).
    n_steps : int, default=50
        Mistakes fixed per route.

    Returns
    -------
    results : pandas.DataFrame
        Columns ``target_auroc, seed, route, step, fixed_group, group,
        prevalence, auroc, auprc``; ``group == -1`` is the pooled population,
        ``fixed_group == -1`` a fix across groups (or the start).
    """
    import pandas as pd

    n_seeds = 10 if quick else 20
    rows = []
    for target in TARGET_AUROCS:
        for k in range(n_seeds):
            seed = random_state + k
            y, score, groups = make_prevalence_subgroups(
                n_samples, prevalences=PREVALENCES, auroc=target, random_state=seed)
            order = np.argsort(score, kind="stable")[::-1]
            lab, grp = y[order].astype(bool), groups[order]
            for route in ROUTES:
                rng = np.random.default_rng([seed, 7])
                _optimise(lab, grp, route, n_steps, rng, rows,
                          target_auroc=target, seed=seed)
        if verbose:
            print(f"  target AUROC {target}: {n_seeds} seeds done", flush=True)
    return pd.DataFrame(rows)


def _changes(results):
    """Per (target, seed, route, group): final minus initial AUROC/AUPRC."""
    keys = ["target_auroc", "seed", "route", "group"]
    first = results[results.step == 0].set_index(keys)[["auroc", "auprc"]]
    last_step = results.groupby(keys)["step"].transform("max")
    last = results[results.step == last_step].set_index(keys)[["auroc", "auprc"]]
    return (last - first).reset_index()


def summarize(results):
    """Mean change over the run of each group's and the pooled metrics, per route.

    Columns (every ``*_gain*`` is a change from the start to the last step,
    mean over seeds; ``hi`` / ``lo`` is the high- / low-prevalence group,
    ``all`` the pooled population):

    - ``auroc_gain_hi``, ``auroc_gain_lo``, ``auprc_gain_hi``,
      ``auprc_gain_lo``: change of each group's AUROC and AUPRC;
    - ``gap_gain``: change of AUROC(hi) minus AUROC(lo), positive when the
      route favours the high-prevalence group; ``gap_gain_se`` its standard
      error over seeds;
    - ``auroc_gain_all``, ``auprc_gain_all``: change of the pooled metrics;
    - ``share_fixes_hi``, ``share_fixes_lo``: share of the fixes made inside
      each group (the rest cross groups);
    - ``paper gap_gain``: the paper's claim on the gap for that route.
    """
    import pandas as pd

    ch = _changes(results)
    wide = ch.pivot_table(index=["target_auroc", "seed", "route"], columns="group",
                          values=["auroc", "auprc"])
    gap = wide[("auroc", 0)] - wide[("auroc", 1)]
    fixes = results[results.step > 0].groupby(["target_auroc", "route"])["fixed_group"]

    def mean(col):
        return col.groupby(level=[0, 2]).mean()

    table = pd.DataFrame({
        "auroc_gain_hi": mean(wide[("auroc", 0)]),
        "auroc_gain_lo": mean(wide[("auroc", 1)]),
        "gap_gain": mean(gap),
        "gap_gain_se": gap.groupby(level=[0, 2]).sem(),
        "auprc_gain_hi": mean(wide[("auprc", 0)]),
        "auprc_gain_lo": mean(wide[("auprc", 1)]),
        "auroc_gain_all": mean(wide[("auroc", -1)]),
        "auprc_gain_all": mean(wide[("auprc", -1)]),
        "share_fixes_hi": fixes.apply(lambda f: np.mean(f == 0)),
        "share_fixes_lo": fixes.apply(lambda f: np.mean(f == 1)),
    }).round(5)
    table.insert(table.columns.get_loc("gap_gain_se") + 1, "paper gap_gain",
                 table.index.get_level_values("route").map(PAPER_GAP))
    return table


def plot(results):
    """Mean per-group AUROC change over the optimisation steps, both routes."""
    from skpapers.utils._plotting import check_matplotlib_support, paper_title

    plt = check_matplotlib_support("auc_imbalance.plot")
    targets = sorted(results.target_auroc.unique(), reverse=True)
    fig, axes = plt.subplots(1, len(targets), figsize=(5.2 * len(targets), 4),
                             squeeze=False)
    keys = ["target_auroc", "seed", "route", "group"]
    base = results[results.step == 0].set_index(keys)["auroc"]
    res = results[results.group >= 0].set_index(keys)
    res = res.assign(d_auroc=res["auroc"] - base.reindex(res.index)).reset_index()
    styles = {"auprc": "-", "auroc": "--"}
    colors = {0: "tab:blue", 1: "tab:orange"}
    for ax, target in zip(axes[0], targets):
        sub = res[res.target_auroc == target]
        mean = sub.groupby(["route", "group", "step"])["d_auroc"].mean()
        for (route, group), curve in mean.groupby(level=[0, 1]):
            ax.plot(curve.index.get_level_values("step"), curve.values,
                    styles[route], color=colors[group],
                    label=f"optimise {route.upper()}: group prevalence "
                          f"{PREVALENCES[group]}")
        ax.set(title=f"both groups start at AUROC {target}",
               xlabel="mistakes fixed (adjacent swaps)",
               ylabel="mean change of the group's AUROC")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    paper_title(fig, "auc_imbalance", "per-group AUROC while optimising AUPRC or AUROC",
                f"mean over {results['seed'].nunique()} seeds; prevalence 0.05 vs 0.01")
    fig.tight_layout()
    return fig
