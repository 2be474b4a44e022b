"""SMOTE paper, central comparison: SMOTE + under-sampling vs under-sampling alone.

Protocol of Chawla et al. (2002), section 5: for each classifier, a family of
operating points is obtained by randomly under-sampling the majority class at
10 % ... 2000 % (the minority as a percentage of the majority after
under-sampling); each point is the pooled %TP / %FP of a 10-fold stratified
cross-validation. The SMOTE families over-sample the minority by 100-500 %
before the same under-sampling. For naive Bayes the paper's other baseline,
varying the minority class prior, is a family as well. Families are compared
by the area under their ROC curve (trapezoid rule through (0, 0) and (1, 1))
and by which of them reach the ROC convex hull.

Data that ships with scikit-learn stands in for the paper's sets: digits
one-vs-rest (digit 9, 10 % positive), breast cancer (malignant, 37 %
positive, like Pima's 35 %), and a hard synthetic set (5 % positive).
"""

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.tree import DecisionTreeClassifier

from skpapers.metrics import roc_convex_hull, roc_hull_auc
from skpapers.over_sampling import SMOTEUnderSampler

TITLE = "SMOTE: Synthetic Minority Over-sampling Technique (Chawla et al., JAIR 2002)"
PROVIDES = (
    "SMOTE/SMOTENC/SMOTEUnderSampler samplers and roc_convex_hull; ROC points of "
    "SMOTE + under-sampling vs under-sampling alone (tree, naive Bayes), AUC table"
)

UNDER_PERCENTS = [10, 15, 25, 50, 75, 100, 125, 150, 175, 200, 300, 400, 500, 600,
                  700, 800, 1000, 2000]
SMOTE_PERCENTS = [100, 200, 300, 400, 500]
QUICK_UNDER = [10, 25, 50, 100, 200, 500, 1000, 2000]
QUICK_SMOTE = [200, 500]


def load_sets(random_state=0):
    """The three binary problems: ``{name: (X, y)}`` with 1 = minority."""
    digits = load_digits()
    cancer = load_breast_cancer()
    X_syn, y_syn = make_classification(
        n_samples=3000, n_features=10, n_informative=4, n_redundant=2,
        weights=[0.95], flip_y=0.02, class_sep=0.8, random_state=random_state,
    )
    return {
        "digits 9-vs-rest": (digits.data, (digits.target == 9).astype(int)),
        "breast cancer": (cancer.data, (cancer.target == 0).astype(int)),
        "synthetic 5%": (X_syn, y_syn),
    }


def _cv_rates(X, y, make_sampler, classifier, n_splits, random_state):
    """Pooled (%TP, %FP) of one setting over stratified K-fold CV."""
    tp = fp = 0
    cv = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    for fold, (train, test) in enumerate(cv.split(X, y)):
        X_tr, y_tr = X[train], y[train]
        sampler = make_sampler(random_state + fold)
        if sampler is not None:
            X_tr, y_tr = sampler.fit_resample(X_tr, y_tr)
        model = clone(classifier).fit(X_tr, y_tr)
        pred = model.predict(X[test])
        tp += np.sum((pred == 1) & (y[test] == 1))
        fp += np.sum((pred == 1) & (y[test] == 0))
    return tp / np.sum(y == 1), fp / np.sum(y == 0)


def _families(quick):
    unders = QUICK_UNDER if quick else UNDER_PERCENTS
    smotes = QUICK_SMOTE if quick else SMOTE_PERCENTS
    yield "under-sampling", 0, unders
    for s in smotes:
        yield f"SMOTE {s}% + under", s, unders


def run(quick=False, random_state=0, verbose=0):
    """Run the comparison; one row per (data set, classifier, family, setting).

    Parameters
    ----------
    quick : bool, default=False
        Fewer settings (8 under-sampling rates, SMOTE 200 % and 500 %) and
        5-fold instead of 10-fold CV; under a minute on one core.
    random_state : int, default=0
        Seed of the folds, the samplers and the trees.
    verbose : int, default=0
        Print progress when > 0.

    Returns
    -------
    results : pandas.DataFrame
        Columns ``dataset, classifier, family, smote_percent, setting,
        tp_rate, fp_rate`` (``setting`` is the under-sampling percentage, or
        the minority prior for the naive Bayes prior family).
    """
    n_splits = 5 if quick else 10
    classifiers = {
        "tree (entropy)": DecisionTreeClassifier(
            criterion="entropy", random_state=random_state
        ),
        "naive Bayes": GaussianNB(),
    }
    rows = []
    for data_name, (X, y) in load_sets(random_state).items():
        for clf_name, clf in classifiers.items():
            for family, smote_percent, unders in _families(quick):
                for under in unders:
                    def make_sampler(seed, s=smote_percent, u=under):
                        return SMOTEUnderSampler(
                            smote_percent=s, under_percent=u, random_state=seed
                        )

                    tpr, fpr = _cv_rates(
                        X, y, make_sampler, clf, n_splits, random_state
                    )
                    rows.append(
                        (data_name, clf_name, family, smote_percent, under, tpr, fpr)
                    )
            if clf_name == "naive Bayes":
                priors = np.linspace(0.05, 0.95, 8 if quick else 19)
                for p in priors:
                    nb = GaussianNB(priors=[1 - p, p])
                    tpr, fpr = _cv_rates(
                        X, y, lambda seed: None, nb, n_splits, random_state
                    )
                    rows.append(
                        (data_name, clf_name, "NB priors", 0, float(p), tpr, fpr)
                    )
            if verbose:
                print(f"  {data_name} / {clf_name}: done", flush=True)
    return pd.DataFrame(
        rows,
        columns=["dataset", "classifier", "family", "smote_percent", "setting",
                 "tp_rate", "fp_rate"],
    )


def _curve_auc(fpr, tpr):
    """AUC of a family's points joined in FPR order through (0,0) and (1,1)."""
    x = np.r_[0.0, fpr, 1.0]
    y = np.r_[0.0, tpr, 1.0]
    order = np.lexsort((y, x))
    x, y = x[order], y[order]
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def summarize(results):
    """AUC per family, hull AUC, and how many of its points reach the hull.

    The hull is the ROC convex hull of all families of one (data set,
    classifier) panel; ``on_hull`` counts a family's points on it.
    """
    out = []
    for (data, clf), panel in results.groupby(["dataset", "classifier"], sort=False):
        _, _, on_hull = roc_convex_hull(panel["fp_rate"], panel["tp_rate"])
        panel = panel.assign(on_hull=on_hull)
        for family, part in panel.groupby("family", sort=False):
            out.append({
                "dataset": data,
                "classifier": clf,
                "family": family,
                "AUC": _curve_auc(
                    part["fp_rate"].to_numpy(), part["tp_rate"].to_numpy()
                ),
                "hull AUC": roc_hull_auc(part["fp_rate"], part["tp_rate"]),
                "points on hull": int(part["on_hull"].sum()),
            })
    return pd.DataFrame(out)


def plot(results):
    """ROC points of every family with the panel's convex hull."""
    from skpapers.utils._plotting import check_matplotlib_support

    plt = check_matplotlib_support("skpapers.experiments.smote.plot")
    panels = list(results.groupby(["dataset", "classifier"], sort=False))
    n_cols = 2
    n_rows = int(np.ceil(len(panels) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(10, 4.2 * n_rows), squeeze=False)
    for ax, ((data, clf), panel) in zip(axes.ravel(), panels):
        for family, part in panel.groupby("family", sort=False):
            part = part.sort_values("fp_rate")
            style = "s--" if family in ("under-sampling", "NB priors") else "o-"
            ax.plot(100 * part["fp_rate"], 100 * part["tp_rate"], style, ms=3,
                    lw=0.8, label=family)
        hx, hy, _ = roc_convex_hull(panel["fp_rate"], panel["tp_rate"])
        ax.plot(100 * hx, 100 * hy, "k-", lw=1.6, alpha=0.5, label="ROC convex hull")
        ax.set_title(f"{data} - {clf}", fontsize=10)
        ax.set_xlabel("%FP")
        ax.set_ylabel("%TP")
        ax.set_xlim(-2, 102)
        ax.set_ylim(-2, 102)
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    for ax in axes[0]:
        if ax.get_visible():
            ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig
