"""Why the SMOTE experiment's Table 3 differs from the paper's: an ablation.

Runs the C4.5 families of :mod:`skpapers.experiments.smote` on one data set
with the same folds for every variant and prints AUC x 10^4 per family under
each combination of

- the learner (the stand-in ``C45LikeTree`` pruned or not, or ``c50py``'s
  C5.0/C4.5 tree with C4.5's settings),
- the under-sampling base: "after SMOTE" (the majority is cut until the
  *grown* minority is x % of it; the experiment's behaviour before this
  ablation) or "original" (the paper, section 5 "ROC Creation": "each corresponding point
  on each ROC curve ... represents the same number of majority class
  samples": the majority kept at rate x is n_minority / x whatever the SMOTE
  amount),
- the AUC's left end: (0, 0) added, or the paper, section 5 "AUC Calculation" ("the lower
  leftmost point for a given ROC curve is a classifier's performance on the
  raw data"): every curve starts at the raw-data point, no (0, 0).

Usage: ``python benchmarks/smote_ablation.py Pima --learner stand-in
--seeds 0 1 2 --smote 100``.
"""

import argparse
import time

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from skpapers.experiments import smote as exp
from skpapers.experiments._c45_tree import C45LikeTree
from skpapers.over_sampling import SMOTEUnderSampler


def learner(name, seed):
    if name == "stand-in":
        return C45LikeTree(random_state=seed)
    if name == "unpruned":
        return DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2,
                                      random_state=seed)
    if name.startswith("cf"):
        return C45LikeTree(confidence=float(name[2:]), random_state=seed)
    if name == "c50py":
        from c50py import C5Classifier
        return C5Classifier(global_pruning=False, random_state=seed)
    raise ValueError(name)


def family_points(X, y, clf, smote, base, rates, n_splits, seed):
    pts = []
    for rate in rates:
        # the sampler cuts the majority to (grown minority) / under_percent;
        # "original" scales the rate so that it is n_minority / rate
        u = exp._paper_under_percent(rate, smote) if base == "original" else rate

        def make(s, sm=smote, uu=u):
            return SMOTEUnderSampler(smote_percent=sm, under_percent=uu,
                                     random_state=s)

        tpr, fpr = exp._cv_rates(X, y, make, clf, n_splits, seed)
        pts.append((fpr, tpr))
    return np.array(pts)


def auc(pts, start):
    """Trapezoid AUC through ``pts`` + (1, 1), from (0, 0) or from ``start``."""
    return exp._curve_auc(pts[:, 0], pts[:, 1], (0.0, 0.0) if start is None else start)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dataset")
    p.add_argument("--learner", default="stand-in")
    p.add_argument("--seeds", type=int, nargs="+", default=[0])
    p.add_argument("--smote", type=int, nargs="+", default=[100])
    p.add_argument("--folds", type=int, default=10)
    p.add_argument("--bases", nargs="+", default=["after", "original"])
    p.add_argument("--rates", type=int, nargs="+", default=exp.UNDER_PERCENTS)
    a = p.parse_args()
    X, y = exp.DATASETS[a.dataset](return_X_y=True)
    for seed in a.seeds:
        t0 = time.time()
        clf = learner(a.learner, seed)
        raw = exp._cv_rates(X, y, lambda s: None, clf, a.folds, seed)[::-1]
        under = family_points(X, y, clf, 0, "after", a.rates, a.folds, seed)
        out = {"Under": under}
        for s in a.smote:
            for base in a.bases:
                out[f"SMOTE {s} ({base})"] = family_points(
                    X, y, clf, s, base, a.rates, a.folds, seed)
        print(f"# {a.dataset} learner={a.learner} seed={seed} folds={a.folds} "
              f"raw point FP={raw[0]:.4f} TP={raw[1]:.4f} "
              f"({time.time() - t0:.0f} s)")
        for name, pts in out.items():
            print(f"{a.dataset}\t{a.learner}\t{seed}\t{name}\t"
                  f"from00={1e4 * auc(pts, None):.0f}\t"
                  f"fromraw={1e4 * auc(pts, raw):.0f}\t"
                  f"minFP={pts[:, 0].min():.3f}\tmaxTP={pts[:, 1].max():.3f}",
                  flush=True)


if __name__ == "__main__":
    main()
