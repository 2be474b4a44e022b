"""SMOTE paper (Chawla et al., 2002): its ROC experiment on its own data sets.

Protocol of the paper's section 5, on Pima, Phoneme and Satimage (shipped
with skpapers, :mod:`skpapers.datasets`):

- each classifier family gives ROC operating points, each point the pooled
  %TP / %FP of a 10-fold stratified cross-validation (test folds are never
  resampled);
- "Under-C4.5": the majority class of the training folds randomly
  under-sampled at 10 %-2000 % (the minority as a percentage of the majority
  afterwards), one point per rate; "SMOTE s-C4.5": the minority first grown by
  SMOTE at s = 100-500 %, then the same under-sampling (the same number of
  majority cases as plain under-sampling at that rate)
  (:class:`~skpapers.over_sampling.SMOTEUnderSampler`);
- naive Bayes with the minority class prior varied, and RIPPER with its loss
  ratio varied (optional ``wittgenstein`` package), the paper's two other
  baselines;
- AUC of a C4.5 family by the paper's rule: trapezoids through its points
  sorted by %FP, from the raw-data point (C4.5 on the unmodified training
  folds) to (100, 100), no (0, 0); the ROC convex hull
  (:func:`~skpapers.metrics.roc_convex_hull`) over all classifiers of a data
  set tells which families are optimal for some cost and class ratio.

C4.5 is stood in for by an entropy tree with C4.5's error-based pruning
(:class:`skpapers.experiments._c45_tree.C45LikeTree`; the user guide says why).
"""

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB

from skpapers.datasets import load_phoneme, load_pima, load_satimage
from skpapers.experiments._c45_tree import C45LikeTree
from skpapers.experiments._ripper import RipperLossRatio, ripper_available
from skpapers.metrics import roc_convex_hull
from skpapers.over_sampling import SMOTEUnderSampler

TITLE = "SMOTE: Synthetic Minority Over-sampling Technique (Chawla et al., JAIR 2002)"
PROVIDES = (
    "SMOTE/SMOTENC/SMOTEUnderSampler samplers, roc_convex_hull, the paper's data "
    "(load_pima/phoneme/satimage); Table 3 (C4.5 AUC) ours vs paper, hull members"
)

DATASETS = {"Pima": load_pima, "Phoneme": load_phoneme, "Satimage": load_satimage}
UNDER_PERCENTS = [10, 15, 25, 50, 75, 100, 125, 150, 175, 200, 300, 400, 500, 600,
                  700, 800, 1000, 2000]
SMOTE_PERCENTS = [100, 200, 300, 400, 500]
# minority priors of naive Bayes (the majority gets 1 - p)
NB_PRIORS = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85,
             0.9, 0.95, 0.98, 0.99]
LOSS_RATIOS = [1, 2, 3, 5, 8]
# RIPPER (pure-Python wittgenstein) takes 10-40 s per fit on Phoneme and
# Satimage: the default full run keeps it to Pima
RIPPER_DATASETS = ("Pima",)
FULL = {"datasets": list(DATASETS), "n_splits": 10, "under": UNDER_PERCENTS,
        "smote": SMOTE_PERCENTS, "priors": NB_PRIORS}
QUICK = {"datasets": ["Pima"], "n_splits": 5,
         "under": [10, 25, 50, 75, 100, 150, 200, 400, 700, 1000, 2000],
         "smote": [100, 300, 500], "priors": NB_PRIORS[::2]}

# Chawla et al. (2002), Table 3: AUC x 10^4 of C4.5, under-sampling alone (0)
# and SMOTE s % + under-sampling
PAPER_TABLE3 = {
    "Pima": {0: 7242, 100: 7307},
    "Phoneme": {0: 8622, 100: 8644, 200: 8661},
    "Satimage": {0: 8900, 100: 8957, 200: 8979, 300: 8963, 400: 8975, 500: 8960},
}
#: the paper's claim, printed under the table by ``skpapers reproduce``
PAPER_CLAIM = (
    "Paper (Chawla et al. 2002, abstract and section 5; column 'paper' is its Table 3, "
    "AUC x 10^4 of C4.5 by its rule, under-sampling alone then SMOTE 100-500 %): "
    "SMOTE + under-sampling does better in ROC space than under-sampling alone (C4.5) "
    "and than varying naive Bayes' class prior or Ripper's loss ratio (ROC convex "
    "hull). Table 3 gives Pima at SMOTE 100 % only, and no AUC for the other families."
)
UNDER = "Under-C4.5"
NB_FAMILY = "NB, prior varied"
RIPPER_FAMILY = "Ripper, loss ratio varied"
COLUMNS = ["dataset", "family", "smote_percent", "setting", "tp_rate", "fp_rate"]
# setting of the Under-C4.5 row fitted on the raw (not resampled) training folds
RAW_SETTING = 0


def _smote_family(percent):
    return f"SMOTE {percent}%-C4.5"


def _is_c45(family):
    return family == UNDER or family.startswith("SMOTE")


def _cv_rates(X, y, make_sampler, classifier, n_splits, random_state):
    """Pooled (%TP, %FP) rates of one setting over stratified K-fold CV.

    ``make_sampler(seed)`` returns the sampler applied to each training fold
    (or None); the test folds are never resampled.
    """
    tp = fp = 0
    cv = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    for fold, (train, test) in enumerate(cv.split(X, y)):
        X_tr, y_tr = X[train], y[train]
        sampler = make_sampler(random_state + fold)
        if sampler is not None:
            X_tr, y_tr = sampler.fit_resample(X_tr, y_tr)
        pred = clone(classifier).fit(X_tr, y_tr).predict(X[test])
        tp += np.sum((pred == 1) & (y[test] == 1))
        fp += np.sum((pred == 1) & (y[test] == 0))
    return tp / np.sum(y == 1), fp / np.sum(y == 0)


def _paper_under_percent(under, smote):
    """``under_percent`` of :class:`SMOTEUnderSampler` for the paper's rate.

    The paper (section 5, "ROC Creation"): "the amount of under-sampling is identical to
    plain under-sampling. So, each corresponding point on each ROC curve for a
    dataset represents the same number of majority class samples": at rate
    ``under`` the majority keeps ``n_minority / under`` cases (the minority
    counted *before* SMOTE). The sampler counts the grown minority, so the
    rate is scaled by the growth ``(100 + smote) / 100``.
    """
    return under * (100 + smote) / 100


def _settings(config, random_state, ripper):
    """Every (family, smote %, setting, sampler factory, classifier) to run.

    Under-C4.5 also gets the raw-data point (setting 0, no resampling): the
    lower-left end of every C4.5 curve in the paper's AUC.
    """
    tree = C45LikeTree(random_state=random_state)
    yield UNDER, 0, RAW_SETTING, lambda seed: None, tree
    for smote in [0, *config["smote"]]:
        family = UNDER if smote == 0 else _smote_family(smote)
        for under in config["under"]:
            def make_sampler(seed, s=smote, u=under):
                return SMOTEUnderSampler(smote_percent=s,
                                         under_percent=_paper_under_percent(u, s),
                                         random_state=seed)

            yield family, smote, under, make_sampler, tree
    for prior in config["priors"]:
        yield (NB_FAMILY, 0, prior, lambda seed: None,
               GaussianNB(priors=[1 - prior, prior]))
    if ripper:
        for ratio in LOSS_RATIOS:
            yield (RIPPER_FAMILY, 0, ratio, lambda seed: None,
                   RipperLossRatio(loss_ratio=ratio, random_state=random_state))


def run(quick=False, random_state=0, verbose=0, n_jobs=None,
        ripper_datasets=RIPPER_DATASETS):
    """Run the paper's ROC experiment; one row per operating point.

    Parameters
    ----------
    quick : bool, default=False
        Pima only, 5-fold CV, 11 under-sampling rates, SMOTE 100/300/500 %,
        9 priors and no RIPPER: well under a minute. The full run: three data
        sets, 10-fold CV, 18 rates, SMOTE 100-500 %, 17 priors, RIPPER on
        ``ripper_datasets``.
    random_state : int, default=0
        Seed of the folds, the samplers and the learners.
    verbose : int, default=0
        Print progress when > 0.
    n_jobs : int or None, default=None
        Settings run in parallel through joblib.
    ripper_datasets : sequence of str, default=("Pima",)
        Data sets on which RIPPER runs in the full run (each RIPPER fit takes
        10-40 s on Phoneme and Satimage). It needs the optional
        ``wittgenstein`` package (``pip install 'skpapers[ripper]'``); without
        it RIPPER is skipped with a printed note.

    Returns
    -------
    results : pandas.DataFrame
        Columns ``dataset, family, smote_percent, setting, tp_rate,
        fp_rate``: ``setting`` is the under-sampling percentage for the C4.5
        families (0: Under-C4.5 on the raw training folds; at rate ``x`` the
        majority keeps ``n_minority / x`` cases, the minority counted before
        SMOTE, as in the paper), the minority prior for naive Bayes, the loss
        ratio for RIPPER.
    """
    config = QUICK if quick else FULL
    use_ripper = not quick and bool(ripper_datasets) and ripper_available()
    if quick:
        print("  note: --quick runs Pima only, 5-fold, without RIPPER")
    elif ripper_datasets and not use_ripper:
        print("  note: RIPPER skipped (the optional 'wittgenstein' package is not "
              "installed: pip install 'skpapers[ripper]')")
    rows = []
    for dataset in config["datasets"]:
        X, y = DATASETS[dataset](return_X_y=True)
        settings = list(_settings(config, random_state,
                                  use_ripper and dataset in ripper_datasets))
        rates = Parallel(n_jobs=n_jobs)(
            delayed(_cv_rates)(X, y, make_sampler, clf, config["n_splits"],
                               random_state)
            for _, _, _, make_sampler, clf in settings
        )
        rows += [(dataset, family, smote, setting, tpr, fpr)
                 for (family, smote, setting, _, _), (tpr, fpr) in zip(settings, rates)]
        if verbose:
            print(f"  {dataset}: {len(settings)} settings done", flush=True)
    return pd.DataFrame(rows, columns=COLUMNS)


def _curve_auc(fpr, tpr, start=(0.0, 0.0)):
    """Trapezoid AUC of a family's points sorted by FPR, with ``start`` and (1,1).

    ``start=(0, 0)`` gives the area over the whole %FP axis; the paper's rule
    (section 5, "AUC Calculation": "the lower leftmost point for a given ROC curve is a
    classifier's performance on the raw data") starts every curve at the
    raw-data point and adds no (0, 0), so the area left of it is not counted.
    """
    x = np.r_[start[0], fpr, 1.0]
    y = np.r_[start[1], tpr, 1.0]
    order = np.lexsort((y, x))
    x, y = x[order], y[order]
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def _shared_range_auc(fpr, tpr, low, high):
    """Mean %TP of a family's curve (as in :func:`_curve_auc`) over
    ``[low, high]`` of %FP: its AUC on a range every compared family spans."""
    x = np.r_[0.0, fpr, 1.0]
    y = np.r_[0.0, tpr, 1.0]
    order = np.lexsort((y, x))
    x, y = x[order], y[order]
    inside = (x > low) & (x < high)
    grid = np.r_[low, x[inside], high]
    level = np.r_[np.interp(low, x, y), y[inside], np.interp(high, x, y)]
    return float(np.sum(np.diff(grid) * (level[1:] + level[:-1]) / 2) / (high - low))


def _with_hull(results):
    """``results`` with an ``on_hull`` column: the point is on its data set's
    ROC convex hull over all classifiers."""
    on_hull = pd.Series(False, index=results.index)
    for _, part in results.groupby("dataset", sort=False):
        on_hull[part.index] = roc_convex_hull(part["fp_rate"], part["tp_rate"])[2]
    return results.assign(on_hull=on_hull)


def summarize(results):
    """Table 3 beside the paper, plus each family's points on the ROC hull.

    Returns
    -------
    table : pandas.DataFrame
        One row per (data set, family), AUCs x 10^4 as in the paper's
        Table 3: ``AUC (ours)`` by the paper's rule (C4.5 families: each curve
        runs from the raw-data point of ``Under-C4.5``, setting 0, to
        (100, 100); missing without that row), the paper's Table 3 value
        where it has one (C4.5 families), their difference, ``AUC from
        (0,0)`` (every family: the curve from (0, 0) to (100, 100)), ``shared-range AUC`` (C4.5 families: the mean %TP of the curve
        over the %FP range that every C4.5 family of the data set spans, so
        that a family is not charged for the straight segment from (0, 0) to
        its leftmost point; ours, not the paper's), and ``on hull`` as "k of n": how many of the family's distinct operating
        points lie on the data set's ROC convex hull over all classifiers
        (under-sampling rates that keep every majority case give one point).
    """
    results = _with_hull(results)
    c45 = results[results["family"].map(_is_c45)].groupby(["dataset", "family"])
    shared = pd.DataFrame({"low": c45["fp_rate"].min(), "high": c45["fp_rate"].max()})
    shared = shared.groupby("dataset").agg({"low": "max", "high": "min"})
    raw = results[(results["family"] == UNDER) & (results["setting"] == RAW_SETTING)]
    raw = raw.set_index("dataset")[["fp_rate", "tp_rate"]]
    rows = []
    for (dataset, family), part in results.groupby(["dataset", "family"], sort=False):
        # settings that leave the training data alike give one point
        distinct = part.drop_duplicates(["fp_rate", "tp_rate"])
        fpr, tpr = part["fp_rate"].to_numpy(), part["tp_rate"].to_numpy()
        whole = round(1e4 * _curve_auc(fpr, tpr))
        ours = pd.NA
        if _is_c45(family) and dataset in raw.index:
            ours = round(1e4 * _curve_auc(fpr, tpr, tuple(raw.loc[dataset])))
        smote = int(part["smote_percent"].iloc[0])
        paper = PAPER_TABLE3.get(dataset, {}).get(smote) if _is_c45(family) else None
        low, high = shared.loc[dataset] if _is_c45(family) else (np.nan, np.nan)
        rows.append({
            "dataset": dataset,
            "family": family,
            "AUC (ours)": ours,
            "paper": pd.NA if paper is None else paper,
            "ours - paper": pd.NA if paper is None or ours is pd.NA else ours - paper,
            "AUC from (0,0)": whole,
            "shared-range AUC": pd.NA if not low < high else round(
                1e4 * _shared_range_auc(part["fp_rate"].to_numpy(),
                                        part["tp_rate"].to_numpy(), low, high)),
            "on hull": f"{int(distinct['on_hull'].sum())} of {len(distinct)}",
        })
    return pd.DataFrame(rows).set_index(["dataset", "family"])


def _zoom(fpr, tpr, reach=0.98):
    """Axis limits (in %) around the part of ROC space where curves differ:
    from %FP 0 to where the points' hull reaches ``reach`` %TP."""
    hull_fpr, hull_tpr, _ = roc_convex_hull(fpr, tpr)
    x_hi = min(100.0, 100 * hull_fpr[np.argmax(hull_tpr >= reach)] + 6)
    shown = fpr <= x_hi / 100
    y_lo = max(0.0, 100 * (tpr[shown].min() if shown.any() else 0.0) - 4)
    return (-1, x_hi), (y_lo, 100.5)


def _panel_title(dataset):
    if dataset not in DATASETS:
        return dataset
    y = DATASETS[dataset](return_X_y=True)[1]
    return f"{dataset}: {len(y):,} rows, {100 * y.mean():.1f} % positive"


def _draw_families(ax, panel, smote_colors):
    styles = {UNDER: ("k", "s", "--"), NB_FAMILY: ("tab:green", "^", ":"),
              RIPPER_FAMILY: ("tab:purple", "D", ":")}
    smotes = sorted(s for s in panel["smote_percent"].unique() if s > 0)
    for family, part in panel.groupby("family", sort=False):
        part = part.sort_values(["fp_rate", "tp_rate"])
        if family in styles:
            color, marker, line = styles[family]
        else:
            rank = smotes.index(int(part["smote_percent"].iloc[0]))
            color = smote_colors(0.85 * rank / max(1, len(smotes) - 1))
            marker, line = "o", "-"
        ax.plot(100 * part["fp_rate"], 100 * part["tp_rate"], marker=marker,
                ls=line, color=color, ms=3.5, lw=0.9, label=family)
    ax.set_xlabel("%FP (false positives, % of negatives)")
    ax.set_ylabel("%TP (true positives, % of positives)")
    ax.grid(alpha=0.3)


def plot(results):
    """Per data set: all classifiers with the ROC convex hull (top) and the
    C4.5 families zoomed in (bottom)."""
    from skpapers.utils._plotting import check_matplotlib_support, paper_title

    plt = check_matplotlib_support("skpapers.experiments.smote.plot")
    datasets = list(results["dataset"].unique())
    if len(datasets) == 1:  # the two panels side by side
        fig, axes = plt.subplots(1, 2, figsize=(10.4, 5.2))
        pairs = [tuple(axes)]
    else:
        fig, axes = plt.subplots(2, len(datasets), figsize=(5.2 * len(datasets), 9.6))
        pairs = list(zip(axes[0], axes[1]))
    smote_colors = plt.get_cmap("autumn")
    for (top, bottom), dataset in zip(pairs, datasets):
        panel = results[results["dataset"] == dataset]
        _draw_families(top, panel, smote_colors)
        fpr, tpr = panel["fp_rate"].to_numpy(), panel["tp_rate"].to_numpy()
        hx, hy, on_hull = roc_convex_hull(fpr, tpr)
        top.plot(100 * hx, 100 * hy, color="0.3", lw=2.2, alpha=0.35,
                 label="ROC convex hull (all)")
        top.plot(100 * fpr[on_hull], 100 * tpr[on_hull], "o", mfc="none",
                 mec="0.2", ms=8, label="point on the hull")
        top.set(xlim=_zoom(fpr, tpr)[0], ylim=_zoom(fpr, tpr)[1])
        top.set_title(_panel_title(dataset), fontsize=11)
        top.legend(fontsize=7, loc="lower right")
        c45 = panel[panel["family"].map(_is_c45)]
        _draw_families(bottom, c45, smote_colors)
        if len(c45):
            xlim, ylim = _zoom(c45["fp_rate"].to_numpy(), c45["tp_rate"].to_numpy(),
                               reach=0.95)
            bottom.set(xlim=xlim, ylim=ylim)
        bottom.set_title(f"{dataset}: C4.5 families, zoomed", fontsize=11)
    paper_title(fig, "smote", "SMOTE + under-sampling vs under-sampling alone, "
                "naive Bayes and RIPPER in ROC space",
                "pooled cross-validated ROC points, one per under-sampling rate, prior "
                "or loss ratio; C4.5 stand-in")
    fig.tight_layout()
    return fig
