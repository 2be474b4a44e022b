"""PRESTO (Faletto & Bien, ICML 2023): rare class probabilities, Section 4.

For each replication, data are drawn with :func:`skpapers.datasets.make_rare_ordinal`
(n = 2500, p = 10, K = 4, X ~ U(-1, 1)); three estimators of the rare class
probability P(y = K | x) are fitted on them:

- PRESTO, with ``alpha`` chosen by 5-fold CV on the Brier score
  (:class:`~skpapers.ordinal.PrestoClassifierCV`, 20 alphas);
- "Logit": unpenalised logistic regression of 1{y = K} (the paper's separate
  logistic regressions on 1{y > k}; only the last one gives P(y = K));
- "PO": the unpenalised proportional odds model
  (:class:`~skpapers.ordinal.ProportionalOddsClassifier`).

The metric is the paper's: the mean squared error of the estimated P(y = K | x_i)
against the true one on the training x_i. A draw with fewer rare samples than
CV folds is replaced by the next draw (a CV fold would otherwise lack the class).
A real data set follows: the marriage ratings of statsmodels' ``fair`` data,
ordered from "very good" (5) to the rare "very poor" (1), scored on held-out
splits.
"""

import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from skpapers.datasets import make_rare_ordinal
from skpapers.ordinal import PrestoClassifierCV, ProportionalOddsClassifier

TITLE = "Predicting Rare Events by Shrinking Towards Proportional Odds (Faletto & Bien, ICML 2023)"
PROVIDES = (
    "PrestoClassifier(CV), ProportionalOddsClassifier, make_rare_ordinal, "
    "PrestoPathDisplay; MSE of P(y = K | x) vs logistic regression and proportional odds"
)

# The paper's medians read off its figure for sparse differences, q = 1/2 and
# about 0.71 % rare samples. With our generator, intercepts (0, 3.5, 5.5) give
# that rare share (0.70 %); (0, 3, 5) gives about 1.2 %. The ratios and the
# claim text below are computed from these medians: one source of truth.
PAPER_MEDIANS = {"PRESTO": 4e-5, "Logit": 7e-5, "PO": 5e-5}
PAPER_RATIOS = {
    ("sparse q=1/2", "(0, 3.5, 5.5)"): {
        f"PRESTO/{other}": PAPER_MEDIANS["PRESTO"] / PAPER_MEDIANS[other]
        for other in ("Logit", "PO")
    }
}


def _short_e(value):
    """``4e-05`` -> ``4e-5``: a figure read off a plot, as the paper prints it."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


#: the paper's figures, printed under the table by ``skpapers reproduce``
PAPER_CLAIM = (
    "Paper (Faletto & Bien 2023, Section 4.1, sparse differences q = 1/2, about "
    "0.71 % rare, 700 replications; medians read off its figure, approximate): MSE of "
    f"P(y = K | x) about {_short_e(PAPER_MEDIANS['PRESTO'])} for PRESTO, "
    f"{_short_e(PAPER_MEDIANS['Logit'])} for Logit and "
    f"{_short_e(PAPER_MEDIANS['PO'])} for PO; the columns 'paper PRESTO/Logit' and "
    "'paper PRESTO/PO' are the ratios of these medians. For the other rows we read no "
    "number off the paper; its claim (abstract) is the ordering: PRESTO estimates rare "
    "probabilities better than logistic regression on the rare class and than "
    "proportional odds. Its real data (soup, PreDiabetes) are not run here; the fair "
    "data row is ours."
)

_SETTINGS_FULL = [
    ("sparse q=1/2", dict(setting="sparse", sparsity=0.5), (0.0, 3.5, 5.5)),
    ("sparse q=1/2", dict(setting="sparse", sparsity=0.5), (0.0, 3.0, 5.0)),
    ("sparse q=1/3", dict(setting="sparse", sparsity=1 / 3), (0.0, 3.0, 5.0)),
    ("dense", dict(setting="dense"), (0.0, 3.0, 5.0)),
    ("authors' script (beta_1=1, q=1/3)",
     dict(setting="sparse", sparsity=1 / 3, first_effect_size=1.0), (0.0, 3.0, 5.0)),
]


def _fit_rare_probabilities(X, y, random_state):
    """P(y = K | x) on the training rows from the three methods."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        presto = PrestoClassifierCV(cv=5).fit(X, y)
        po = ProportionalOddsClassifier().fit(X, y)
        logit = LogisticRegression(C=np.inf, max_iter=2000).fit(X, y == y.max())
    return {
        "PRESTO": presto.predict_rare_proba(X),
        "Logit": logit.predict_proba(X)[:, 1],
        "PO": po.predict_rare_proba(X),
    }, presto.alpha_


def _simulation(settings, n_reps, random_state, verbose):
    rng = np.random.RandomState(random_state)
    rows = []
    for name, kwargs, intercepts in settings:
        for rep in range(n_reps):
            while True:
                seed = rng.randint(2**31 - 1)
                X, y, proba = make_rare_ordinal(2500, 10, intercepts=intercepts,
                                                random_state=seed, **kwargs)
                if np.sum(y == y.max()) >= 5 and y.max() == len(intercepts):
                    break
            estimates, alpha = _fit_rare_probabilities(X, y, seed)
            for method, est in estimates.items():
                rows.append({
                    "experiment": "simulation", "setting": name,
                    "intercepts": str(tuple(intercepts)).replace(".0", ""),
                    "replication": rep, "method": method, "metric": "rare_mse",
                    "value": float(np.mean((est - proba[:, -1]) ** 2)),
                    "rare_fraction": float(np.mean(y == y.max())),
                    "alpha": alpha if method == "PRESTO" else np.nan,
                })
            if verbose:
                print(f"  {name} {intercepts} rep {rep}: done")
    return rows


#: the label of the real data's row in the summary table
REAL_DATA_ROW = "fair data (real), rare Brier"


def _real_data(n_splits, random_state):
    """statsmodels' ``fair`` data: rate_marriage, rare "very poor" class last."""
    try:
        from statsmodels.datasets import fair
    except ImportError:  # statsmodels is optional: say what is left out
        print("  note: no real-data row (statsmodels' fair data): statsmodels is "
              "not installed")
        return []
    df = fair.load_pandas().data
    X = df.drop(columns="rate_marriage").to_numpy(float)
    y = df["rate_marriage"].to_numpy().astype(int)
    order = [5, 4, 3, 2, 1]
    rows = []
    for split in range(n_splits):
        X_tr, X_te, y_tr, y_te = train_test_split(
            X, y, test_size=0.3, stratify=y, random_state=random_state + split
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            models = {
                "PRESTO": PrestoClassifierCV(cv=5, categories=order).fit(X_tr, y_tr),
                "PO": ProportionalOddsClassifier(categories=order).fit(X_tr, y_tr),
            }
            logit = LogisticRegression(C=np.inf, max_iter=5000).fit(X_tr, y_tr == 1)
        rare = (y_te == 1).astype(float)
        est = {name: m.predict_rare_proba(X_te) for name, m in models.items()}
        est["Logit"] = logit.predict_proba(X_te)[:, 1]
        for method, p in est.items():
            rows.append({
                "experiment": "real: statsmodels fair (rate_marriage)",
                "setting": "very poor marriage rating (1.6 %)", "intercepts": "",
                "replication": split, "method": method, "metric": "rare_brier",
                "value": float(np.mean((p - rare) ** 2)),
                "rare_fraction": float(rare.mean()), "alpha": np.nan,
            })
    return rows


def run(quick=False, random_state=0, verbose=0):
    """Run the simulation (and the real data check); return a tidy DataFrame.

    Parameters
    ----------
    quick : bool, default=False
        Only the headline setting (sparse q = 1/2, intercepts (0, 3.5, 5.5),
        about 0.7 % rare as in the paper's figure), 16
        replications and 2 real-data splits (under a minute); otherwise five
        settings x 40 replications and 5 splits.
    random_state : int, default=0
        Seed of all draws.
    verbose : int, default=0
        Print progress if positive.

    Returns
    -------
    results : pandas.DataFrame
        One row per (setting, replication, method): ``metric`` is
        ``rare_mse`` (simulation, vs the true probability) or ``rare_brier``
        (real data, held-out Brier score of the rare class).
    """
    settings = _SETTINGS_FULL[:1] if quick else _SETTINGS_FULL
    n_reps = 16 if quick else 40
    rows = _simulation(settings, n_reps, random_state, verbose)
    rows += _real_data(2 if quick else 5, random_state)
    return pd.DataFrame(rows)


def summarize(results):
    """Median metric per method and the PRESTO ratios next to the paper's.

    One row per simulated setting (median MSE of P(y = K | x)) and one for
    the real data (``REAL_DATA_ROW``: median held-out Brier score of the rare
    class); ratios and shares are rounded to 2 decimals.

    ``results`` may be read back from the CSV that ``skpapers reproduce``
    writes: the real data's empty ``intercepts`` come back as NaN there.
    """
    results = results.fillna({"intercepts": ""})
    out = []
    for (_, setting, icpt), group in results.groupby(
        ["experiment", "setting", "intercepts"], sort=False, dropna=False
    ):
        wide = group.pivot(index="replication", columns="method", values="value")
        med = wide.median()
        paper = PAPER_RATIOS.get((setting, icpt), {})
        # one short label per row: the real data's own setting and experiment
        # names are long and would fill a terminal line on their own
        simulated = group["metric"].iloc[0] == "rare_mse"
        out.append({
            "setting": setting if simulated else REAL_DATA_ROW, "intercepts": icpt,
            "reps": len(wide), "rare %": 100 * group["rare_fraction"].mean(),
            "PRESTO": med["PRESTO"], "Logit": med["Logit"], "PO": med["PO"],
            "PRESTO/Logit": med["PRESTO"] / med["Logit"],
            "paper PRESTO/Logit": paper.get("PRESTO/Logit", np.nan),
            "PRESTO/PO": med["PRESTO"] / med["PO"],
            "paper PRESTO/PO": paper.get("PRESTO/PO", np.nan),
            "PRESTO best share": float(np.mean(wide.idxmin(axis=1) == "PRESTO")),
        })
    # the ratios and shares to 2 decimals: the paper's are read off a figure
    return pd.DataFrame(out).round({
        "rare %": 2, "PRESTO/Logit": 2, "paper PRESTO/Logit": 2, "PRESTO/PO": 2,
        "paper PRESTO/PO": 2, "PRESTO best share": 2,
    })


def plot(results):
    """Box plots of the metric per method, one panel per setting."""
    from skpapers.utils._plotting import check_matplotlib_support, paper_title

    plt = check_matplotlib_support("skpapers.experiments.presto.plot")
    # dropna=False: the real data's empty intercepts read back from a CSV are NaN
    groups = list(results.groupby(["experiment", "setting", "intercepts"], sort=False,
                                  dropna=False))
    fig, axes = plt.subplots(1, len(groups), figsize=(max(8.0, 4 * len(groups)), 4.2),
                             squeeze=False)
    methods = ["PRESTO", "Logit", "PO"]
    for ax, ((exp, setting, icpt), group) in zip(axes[0], groups):
        data = [group.loc[group.method == m, "value"].to_numpy() for m in methods]
        ax.boxplot(data, tick_labels=methods)
        if group["metric"].iloc[0] == "rare_mse":
            ax.set_yscale("log")
            ax.set_ylabel("MSE of P(y = K | x) vs the truth (log scale)")
            ax.set_title(f"simulated: {setting}\nintercepts {icpt}", fontsize="medium")
        else:
            ax.set_ylabel("held-out Brier score of the rare class")
            ax.set_title("real: fair data\nrarest marriage rating", fontsize="medium")
        ax.grid(alpha=0.3, axis="y")
    paper_title(fig, "presto", "rare-class probability error by method",
                "one box per method over replications (simulation) or splits "
                "(real data)")
    fig.tight_layout()
    return fig
