"""LLP by belief propagation vs DLLP and EasyLLP vs supervised oracles, by bag size.

Havaldar et al. (ICLR 2024) report instance-level test AUC for random bags
of 8 to 2048 rows on tabular and image data: gains of up to 15 % over DLLP,
EasyLLP and GenBags, mostly at large bags, with DLLP often better at small
bags. We run the same protocol on imbalanced tabular data: a generated set
at 25 % and at 10 % positives, and the real MAGIC gamma telescope data
(35 % positives, shipped with the package). Every method that can train the
same network does: LLP-BP's final learner, DLLP-MLP, EasyLLP-MLP and the
MLP oracle share one architecture, so a gap between them is the method's.
"""

import time
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skpapers.datasets import load_magic
from skpapers.llp import BeliefPropagationLLP, DLLPClassifier, EasyLLPClassifier, make_bags

TITLE = (
    "Learning from Label Proportions: Bootstrapping Supervised Learners via "
    "Belief Propagation (Havaldar et al., ICLR 2024)"
)
PROVIDES = (
    "BeliefPropagationLLP, DLLPClassifier (logistic or MLP), EasyLLPClassifier, "
    "make_bags, bag_proportion_error"
)

BAG_SIZES = (8, 16, 32, 128, 512, 2048)
QUICK_BAG_SIZES = (16, 128)
#: what the paper claims, printed beside our table
AUC_TITLE = ("mean instance-level test AUC by data set, bag size and method "
             "(oracle-*: trained on the true labels, no bags)")
#: the paper's claim, printed under the table by ``skpapers reproduce``
PAPER_CLAIM = {AUC_TITLE: (
    "Paper (Havaldar et al. 2024, abstract and its tables of test AUC by bag size): "
    "LLP-BP gains up to 15 % AUC over DLLP/EasyLLP/GenBags, mostly at large bags (up "
    "to 2048); DLLP often better at small bags. Our last column: LLP-BP minus the "
    "best other LLP method run here."
)}
METHODS = ("LLP-BP", "DLLP-LR", "DLLP-MLP", "EasyLLP-LR", "EasyLLP-MLP")
QUICK_METHODS = ("LLP-BP", "DLLP-LR", "DLLP-MLP", "EasyLLP-LR")
ORACLES = ("oracle-MLP", "oracle-LR")


def make_imbalanced_tabular(n_samples, positive_fraction, random_state):
    """The generated set: 20 features (8 informative, 4 redundant), 2 % label noise."""
    return make_classification(
        n_samples=n_samples, n_features=20, n_informative=8, n_redundant=4,
        weights=[1.0 - positive_fraction], class_sep=0.8, flip_y=0.02,
        random_state=random_state,
    )


def _datasets(quick, random_state):
    if quick:
        return {"generated 25 %": make_imbalanced_tabular(6000, 0.25, random_state)}
    magic = load_magic()
    return {
        "generated 25 %": make_imbalanced_tabular(24000, 0.25, random_state),
        "generated 10 %": make_imbalanced_tabular(24000, 0.10, random_state),
        "MAGIC (real)": (magic.data, magic.target),
    }


def _methods(names, seed):
    all_methods = {
        "LLP-BP": lambda: BeliefPropagationLLP(random_state=seed),
        "DLLP-LR": lambda: DLLPClassifier(),
        "DLLP-MLP": lambda: DLLPClassifier(learner="mlp", random_state=seed),
        "EasyLLP-LR": lambda: EasyLLPClassifier(),
        "EasyLLP-MLP": lambda: EasyLLPClassifier(learner="mlp", random_state=seed),
    }
    return {name: all_methods[name]() for name in names}


def _oracles(seed):
    """The two model families trained on the instance labels."""
    return {
        "oracle-MLP": MLPClassifier(hidden_layer_sizes=(64, 32), early_stopping=True,
                                    max_iter=100, n_iter_no_change=5, random_state=seed),
        "oracle-LR": LogisticRegression(max_iter=1000),
    }


def _timed_auc(model, X_tr, y_tr, X_te, y_te, **fit_params):
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X_tr, y_tr, **fit_params)
    auc = roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])
    return auc, time.perf_counter() - start


def run(quick=False, random_state=0, verbose=0, *, datasets=None, bag_sizes=None,
        methods=None):
    """Instance-level test AUC by data set, bag size and method.

    Parameters
    ----------
    quick : bool, default=False
        One generated set of 6,000 rows, bag sizes 16 and 128, no EasyLLP-MLP.
        Otherwise the two generated sets (24,000 rows) and MAGIC (19,020
        rows) at bag sizes 8 to 2048, one seed.
    random_state : int, default=0
        Seed of the generated data, the train/test split, the bags and the
        learners.
    verbose : int, default=0
        Print one line per fit.
    datasets : dict of name -> (X, y), default=None
        Other data (binary ``y``) instead of the built-in sets.
    bag_sizes, methods : sequence, default=None
        Subsets of :data:`BAG_SIZES` and :data:`METHODS`.

    Returns
    -------
    pandas.DataFrame
        Columns ``dataset, positive_fraction, n_train, bag_size, method,
        seed, auc, seconds``; oracles have ``bag_size`` 1.
    """
    bag_sizes = bag_sizes or (QUICK_BAG_SIZES if quick else BAG_SIZES)
    methods = methods or (QUICK_METHODS if quick else METHODS)
    data = datasets if datasets is not None else _datasets(quick, random_state)
    seed = random_state
    rows = []
    for name, (X, y) in data.items():
        X_tr, X_te, y_tr, y_te = train_test_split(
            np.asarray(X, dtype=np.float64), np.asarray(y), test_size=0.25,
            stratify=y, random_state=seed,
        )
        scaler = StandardScaler().fit(X_tr)
        X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
        base = dict(dataset=name, positive_fraction=round(float(np.mean(y_tr)), 3),
                    n_train=len(y_tr), seed=seed)
        for method, model in _oracles(seed).items():
            auc, seconds = _timed_auc(model, X_tr, y_tr, X_te, y_te)
            rows.append(dict(base, bag_size=1, method=method, auc=auc, seconds=seconds))
        for bag_size in bag_sizes:
            if bag_size * 4 > len(y_tr):  # fewer than 4 bags: skip
                continue
            bags, props = make_bags(y_tr, bag_size, random_state=seed)
            for method, model in _methods(methods, seed).items():
                auc, seconds = _timed_auc(model, X_tr, props, X_te, y_te, bags=bags)
                rows.append(dict(base, bag_size=bag_size, method=method, auc=auc,
                                 seconds=seconds))
                if verbose:
                    print(f"{name} bag={bag_size} {method}: AUC {auc:.3f} "
                          f"({seconds:.1f} s)", flush=True)
    return pd.DataFrame(rows)


def summarize(results):
    """Mean test AUC per (data set, bag size), one column per method.

    ``BP - best baseline`` is LLP-BP's AUC minus the best of the other LLP
    methods run; the issue's target is at least -0.01 at every bag size.

    Returns
    -------
    tables : dict of str -> pandas.DataFrame
        One table, titled ``AUC_TITLE`` (the title says the values are AUCs),
        one row per (data set, bag size).
    """
    table = results.pivot_table(
        index=["dataset", "bag_size"], columns="method", values="auc", aggfunc="mean"
    )
    oracles = [c for c in ORACLES if c in table.columns]
    best_oracle = table[oracles].groupby(level="dataset").max()
    table = table.drop(columns=oracles).dropna(how="all")
    names = table.index.get_level_values("dataset")
    for col in oracles:
        table[col] = [best_oracle.loc[d, col] for d in names]
    baselines = [c for c in METHODS if c in table.columns and c != "LLP-BP"]
    if "LLP-BP" in table.columns and baselines:
        table["BP - best baseline"] = table["LLP-BP"] - table[baselines].max(axis=1)
    ordered = [c for c in (*METHODS, *ORACLES, "BP - best baseline") if c in table.columns]
    return {AUC_TITLE: table[ordered].round(4).reset_index()}


_STYLE = {"LLP-BP": ("o", "C0", "-"), "DLLP-LR": ("s", "C1", "--"),
          "DLLP-MLP": ("s", "C1", "-"), "EasyLLP-LR": ("^", "C2", "--"),
          "EasyLLP-MLP": ("^", "C2", "-")}


def plot(results):
    """Test AUC against bag size, one panel per data set, oracles as lines."""
    from skpapers.utils._plotting import check_matplotlib_support, paper_title

    plt = check_matplotlib_support("skpapers.experiments.llp.plot")
    names = list(dict.fromkeys(results["dataset"]))
    fig, axes = plt.subplots(1, len(names), figsize=(max(8.0, 4.4 * len(names)), 3.8),
                             squeeze=False, sharey=True)
    for ax, name in zip(axes[0], names):
        sub = results[results["dataset"] == name]
        for method, (marker, color, ls) in _STYLE.items():
            curve = sub[sub["method"] == method].groupby("bag_size")["auc"].mean()
            if len(curve):
                ax.plot(curve.index, curve.values, marker=marker, color=color, ls=ls,
                        lw=2.2 if method == "LLP-BP" else 1.2, label=method)
        for method, ls in (("oracle-MLP", ":"), ("oracle-LR", "-.")):
            oracle = sub[sub["method"] == method]["auc"]
            if len(oracle):
                ax.axhline(oracle.mean(), color="0.4", ls=ls, lw=1,
                           label=f"{method} (instance labels)")
        ax.set_xscale("log", base=2)
        ticks = sorted(int(b) for b in set(sub["bag_size"]) if b > 1)
        ax.set_xticks(ticks, [str(b) for b in ticks])
        ax.minorticks_off()
        ax.set_xlabel("bag size (rows per bag, log scale)")
        ax.set_title(f"{name}, n_train = {sub['n_train'].iloc[0]:,}")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("instance-level test AUC")
    axes[0][0].legend(loc="lower left", fontsize=7)
    paper_title(fig, "llp", "instance-level test AUC by bag size")
    fig.tight_layout()
    return fig
