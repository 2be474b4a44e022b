"""
Learning from label proportions: AUC against bag size
=====================================================

Only the share of positives in each bag of rows is known when training.
:class:`~skpapers.llp.BeliefPropagationLLP` turns those proportions into
instance pseudo-labels by belief propagation on a nearest-neighbour graph
(with a DLLP model's log-odds as prior), then trains a network on them;
:class:`~skpapers.llp.DLLPClassifier` trains a logistic model or the same
network so that its mean prediction per bag matches the proportion. The
data are imbalanced (25 % positives); the oracles are the two model
families trained on the instance labels.
"""

import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skpapers.llp import BeliefPropagationLLP, DLLPClassifier, make_bags

warnings.simplefilter("ignore")  # convergence warnings at small sizes

X, y = make_classification(
    n_samples=6000, n_features=20, n_informative=8, n_redundant=4,
    weights=[0.75], class_sep=0.8, flip_y=0.02, random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)


def auc(model):
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


# %%
# Fit the LLP models on random bags of growing size.
bag_sizes = [8, 32, 128, 512]
models = {
    "LLP-BP": lambda: BeliefPropagationLLP(random_state=0),
    "DLLP (logistic)": lambda: DLLPClassifier(),
    "DLLP (same network as BP)": lambda: DLLPClassifier(learner="mlp", random_state=0),
}
results = {name: [] for name in models}
for bag_size in bag_sizes:
    bags, proportions = make_bags(y_train, bag_size, random_state=0)
    for name, make in models.items():
        results[name].append(auc(make().fit(X_train, proportions, bags=bags)))
    print(f"bag size {bag_size:4d}: " + ", ".join(
        f"{name} {values[-1]:.3f}" for name, values in results.items()))

oracle_mlp = auc(MLPClassifier((64, 32), early_stopping=True, random_state=0).fit(X_train, y_train))
oracle_lr = auc(LogisticRegression().fit(X_train, y_train))

# %%
# Plot. With few rows per bag every method is close to its oracle; as bags
# grow, each bag says less about its rows. BP's prior pools all bags, its
# bag counts and graph then sharpen the pseudo-labels.
fig, ax = plt.subplots(figsize=(7.5, 4.4))
for (name, values), style in zip(results.items(), ["o-", "s--", "s-"]):
    ax.plot(bag_sizes, values, style, label=name)
ax.axhline(oracle_mlp, color="0.4", ls=":", lw=1, label="oracle MLP (instance labels)")
ax.axhline(oracle_lr, color="0.4", ls="-.", lw=1, label="oracle logistic (instance labels)")
ax.set_xscale("log", base=2)
ax.set_xticks(bag_sizes, [str(b) for b in bag_sizes])
ax.set_xlabel("bag size (rows per bag, log scale)")
ax.set_ylabel("instance-level test AUC")
ax.set_title("LLP by belief propagation (Havaldar et al. 2024): test AUC by bag size\n"
             "25 % positives, 4,500 training rows")
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()
plt.show()
