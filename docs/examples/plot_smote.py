"""
=====================================================
SMOTE + under-sampling vs under-sampling in ROC space
=====================================================

The SMOTE paper's central picture: a decision tree is trained on data whose
majority class is randomly under-sampled at rates from 10 % to 2000 % (the
minority as a percentage of the majority). Each rate gives one operating
point (%FP, %TP) from a cross-validation; the points of one family trace a
ROC curve. Over-sampling the minority with SMOTE before the same
under-sampling gives other families. The ROC convex hull of all points shows
which classifiers are optimal for some class ratio and cost ratio.
"""

# %%
# Data: the paper's Pima Indians diabetes set (768 rows, 268 positive), shipped
# with skpapers. The tree is scikit-learn's with C4.5's split criterion and
# leaf size; ``skpapers reproduce smote`` adds C4.5's error-based pruning and
# runs the full protocol on three data sets.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.tree import DecisionTreeClassifier
from imblearn.pipeline import Pipeline

from skpapers.datasets import load_pima
from skpapers.metrics import roc_convex_hull, roc_hull_auc
from skpapers.over_sampling import SMOTEUnderSampler

X, y = load_pima(return_X_y=True)
cv = StratifiedKFold(5, shuffle=True, random_state=0)
under_percents = [10, 25, 50, 75, 100, 150, 200, 400, 700, 1000, 2000]


def family(smote_percent):
    """%FP and %TP of the tree for each under-sampling rate."""
    points = []
    for under in under_percents:
        pipe = Pipeline([
            ("sample", SMOTEUnderSampler(smote_percent=smote_percent,
                                         under_percent=under, random_state=0)),
            ("tree", DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2,
                                           random_state=0)),
        ])
        pred = cross_val_predict(pipe, X, y, cv=cv)
        points.append((np.mean(pred[y == 0] == 1), np.mean(pred[y == 1] == 1)))
    return np.array(points)


families = {"under-sampling only": family(0), "SMOTE 200% + under": family(200),
            "SMOTE 500% + under": family(500)}

# %%
# ROC points per family and the convex hull of all of them.
fig, ax = plt.subplots(figsize=(6, 5))
for (name, pts), marker in zip(families.items(), ["s", "o", "^"]):
    order = np.argsort(pts[:, 0])
    ax.plot(100 * pts[order, 0], 100 * pts[order, 1], marker + "-", ms=4, lw=0.8,
            label=f"{name} (hull AUC {roc_hull_auc(pts[:, 0], pts[:, 1]):.3f})")
all_pts = np.vstack(list(families.values()))
hx, hy, on_hull = roc_convex_hull(all_pts[:, 0], all_pts[:, 1])
ax.plot(100 * hx, 100 * hy, "k-", lw=2, alpha=0.4, label="ROC convex hull")
ax.set_xlabel("%FP (false positives, % of negatives)")
ax.set_ylabel("%TP (true positives, % of positives)")
ax.set_xlim(0, 100)
ax.set_ylim(30, 101)
ax.set_title("SMOTE (Chawla et al. 2002): ROC points on Pima\n"
             "entropy tree, 5-fold cross-validation")
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()

# %%
# Which family supplies the hull's points?
names = np.repeat(list(families), len(under_percents))
for name in families:
    print(f"{name:>22}: {np.sum(on_hull[names == name])} point(s) on the hull")
