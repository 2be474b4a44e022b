"""
Learning from label proportions: AUC against bag size
=====================================================

Only the share of positives in each bag of rows is known when training.
:class:`~skpapers.llp.BeliefPropagationLLP` turns those proportions into
instance pseudo-labels by belief propagation on a nearest-neighbour graph,
then trains an MLP on them; :class:`~skpapers.llp.DLLPClassifier` fits a
logistic model whose mean prediction per bag matches the proportion. The
oracles are the same two model classes trained on the instance labels.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skpapers.llp import BeliefPropagationLLP, DLLPClassifier, make_bags

warnings.simplefilter("ignore")  # MLP convergence warnings at small sizes

X, y = make_classification(
    n_samples=5000, n_features=20, n_informative=10, n_redundant=4,
    n_clusters_per_class=3, flip_y=0.05, random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)


def auc(model):
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


# %%
# Fit both LLP models on random bags of growing size.
bag_sizes = [4, 16, 64, 256]
results = {"LLP-BP": [], "DLLP": []}
for bag_size in bag_sizes:
    bags, proportions = make_bags(y_train, bag_size, random_state=0)
    bp = BeliefPropagationLLP(random_state=0).fit(X_train, proportions, bags=bags)
    dllp = DLLPClassifier().fit(X_train, proportions, bags=bags)
    results["LLP-BP"].append(auc(bp))
    results["DLLP"].append(auc(dllp))
    print(f"bag size {bag_size:4d}: LLP-BP {results['LLP-BP'][-1]:.3f}, "
          f"DLLP {results['DLLP'][-1]:.3f}")

oracle_mlp = auc(MLPClassifier((64, 32), max_iter=200, random_state=0).fit(X_train, y_train))
oracle_lr = auc(LogisticRegression().fit(X_train, y_train))

# %%
# Plot. The graph lets BP recover instance labels the bag proportions alone
# cannot pin down; as bags grow, fewer bags carry less information and both
# methods fall towards chance.
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(bag_sizes, results["LLP-BP"], "o-", label="LLP-BP (MLP on BP pseudo-labels)")
ax.plot(bag_sizes, results["DLLP"], "s-", label="DLLP (logistic)")
ax.axhline(oracle_mlp, color="C0", ls="--", lw=1, label="oracle MLP (instance labels)")
ax.axhline(oracle_lr, color="C1", ls="--", lw=1, label="oracle logistic (instance labels)")
ax.set_xscale("log", base=2)
ax.set_xticks(bag_sizes, [str(b) for b in bag_sizes])
ax.set_xlabel("bag size")
ax.set_ylabel("instance-level test AUC")
ax.set_ylim(0.45, 1.0)
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
