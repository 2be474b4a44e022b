"""LLP by belief propagation vs DLLP vs a supervised oracle, by bag size.

Havaldar et al. (ICLR 2024) report instance-level test AUC for random bags
of 8 to 2048 rows: gains of up to 15 % over baselines, mostly at large bags,
with DLLP often better at small bags. We run the same protocol on data that
ships with scikit-learn (breast cancer, digits as "digit >= 5") and on a
generated tabular set of 60,000 rows (20,000 in quick mode).
"""

import time
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.metrics import roc_auc_score
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skpapers.llp import BeliefPropagationLLP, DLLPClassifier, make_bags
from skpapers.llp._learner import default_learner, seed_learner

TITLE = (
    "Learning from Label Proportions: Bootstrapping Supervised Learners via "
    "Belief Propagation (Havaldar et al., ICLR 2024)"
)
PROVIDES = "BeliefPropagationLLP, DLLPClassifier, make_bags, bag_proportion_error"

BAG_SIZES = (8, 32, 128, 512, 2048)
QUICK_BAG_SIZES = (8, 128, 2048)


def _datasets(quick, random_state):
    cancer = load_breast_cancer()
    digits = load_digits()
    n_gen = 20_000 if quick else 60_000
    X_gen, y_gen = make_classification(
        n_samples=n_gen, n_features=20, n_informative=10, n_redundant=4,
        n_clusters_per_class=3, flip_y=0.05, random_state=random_state,
    )
    sets = {
        "breast_cancer": (cancer.data, cancer.target),
        "digits>=5": (digits.data, (digits.target >= 5).astype(int)),
        f"tabular_{n_gen // 1000}k": (X_gen, y_gen),
    }
    if quick:
        sets.pop("breast_cancer")
    return sets


def _methods(seed):
    return {
        "LLP-BP": BeliefPropagationLLP(random_state=seed),
        "DLLP": DLLPClassifier(),
    }


def _oracles(seed, n_train):
    """Both model classes trained on the instance labels."""
    mlp = seed_learner(default_learner(n_train), np.random.RandomState(seed))
    return {"oracle-MLP": mlp, "oracle-LR": LogisticRegression(max_iter=1000)}


def run(quick=False, random_state=0, verbose=0):
    """Instance-level test AUC by data set, bag size and method.

    Parameters
    ----------
    quick : bool, default=False
        Fewer bag sizes, one seed, no breast cancer, 20,000 generated rows.
        Otherwise three seeds (train/test split, bags, learner) on the small
        sets and one on the 60,000-row set.
    random_state : int, default=0
        Base seed; seeds ``random_state + r`` are used.
    verbose : int, default=0
        Print one line per fit.

    Returns
    -------
    pandas.DataFrame
        Columns ``dataset, n_train, bag_size, method, seed, auc, seconds``.
    """
    bag_sizes = QUICK_BAG_SIZES if quick else BAG_SIZES
    rows = []
    for name, (X, y) in _datasets(quick, random_state).items():
        n_seeds = 1 if quick or len(y) > 10_000 else 3
        for seed in range(random_state, random_state + n_seeds):
            X_tr, X_te, y_tr, y_te = train_test_split(
                X, y, test_size=0.25, stratify=y, random_state=seed
            )
            scaler = StandardScaler().fit(X_tr)
            X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
            for method, model in _oracles(seed, len(y_tr)).items():
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model.fit(X_tr, y_tr)
                auc = roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])
                rows.append(dict(dataset=name, n_train=len(y_tr), bag_size=1,
                                 method=method, seed=seed, auc=auc,
                                 seconds=time.perf_counter() - start))
            for bag_size in bag_sizes:
                if bag_size * 4 > len(y_tr):  # fewer than 4 bags: skip
                    continue
                bags, props = make_bags(y_tr, bag_size, random_state=seed)
                for method, model in _methods(seed).items():
                    start = time.perf_counter()
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        model.fit(X_tr, props, bags=bags)
                    auc = roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])
                    rows.append(dict(dataset=name, n_train=len(y_tr), bag_size=bag_size,
                                     method=method, seed=seed, auc=auc,
                                     seconds=time.perf_counter() - start))
                    if verbose:
                        print(f"{name} bag={bag_size} {method}: AUC {auc:.3f}")
    return pd.DataFrame(rows)


def summarize(results):
    """Mean test AUC: one row per (data set, bag size), one column per method."""
    table = results.pivot_table(
        index=["dataset", "bag_size"], columns="method", values="auc", aggfunc="mean"
    )
    oracles = ["oracle-MLP", "oracle-LR"]
    best = table[oracles].groupby(level="dataset").max()
    table = table.drop(columns=oracles).dropna(how="all")
    names = table.index.get_level_values("dataset")
    for col in oracles:
        table[col] = [best.loc[d, col] for d in names]
    table["BP - DLLP"] = table["LLP-BP"] - table["DLLP"]
    return table.round(4).reset_index()


def plot(results):
    """Test AUC against bag size, one panel per data set."""
    from skpapers.utils._plotting import check_matplotlib_support

    plt = check_matplotlib_support("skpapers.experiments.llp.plot")
    names = list(dict.fromkeys(results["dataset"]))
    fig, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 3.4), squeeze=False)
    for ax, name in zip(axes[0], names):
        sub = results[results["dataset"] == name]
        for method, marker in (("LLP-BP", "o"), ("DLLP", "s")):
            curve = sub[sub["method"] == method].groupby("bag_size")["auc"].mean()
            ax.plot(curve.index, curve.values, marker=marker, label=method)
        for method, color in (("oracle-MLP", "C0"), ("oracle-LR", "C1")):
            oracle = sub[sub["method"] == method]["auc"].mean()
            ax.axhline(oracle, color=color, ls="--", lw=1, label=f"{method} (labels)")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("bag size")
        ax.set_title(name)
    axes[0][0].set_ylabel("instance-level test AUC")
    axes[0][0].legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig
