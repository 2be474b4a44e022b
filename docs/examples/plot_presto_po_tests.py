"""
=============================================================
Is proportional odds violated, and where? A worked example
=============================================================

Before fitting PRESTO, a statistician asks whether the proportional odds (PO)
model is good enough. This example takes real survey data (statsmodels'
``fair`` data: 6366 women rate their marriage from 5 = very good to 1 = very
poor; "very poor" is 1.6 % of the rows), tests the PO assumption with
:func:`~skpapers.ordinal.proportional_odds_lr_test` and
:func:`~skpapers.ordinal.brant_test`, reads off the features that violate it,
and shows PRESTO's path keeping their slope differences while fusing the
others. Last, it compares the held-out error of the rare-class probability of
PRESTO, the PO model and a separate logistic regression of the rare class.
"""

# %%
# The data and the proportional odds fit
# --------------------------------------
# The classes are ordered from "very good" to "very poor" (``categories``) so
# that the rare class is the last one, as PRESTO expects. Features are
# standardised so that slopes and their differences are per standard deviation.
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from statsmodels.datasets import fair

from skpapers.ordinal import (
    PrestoClassifierCV,
    PrestoPathDisplay,
    ProportionalOddsClassifier,
    brant_test,
    proportional_odds_lr_test,
)

df = fair.load_pandas().data
X = df.drop(columns="rate_marriage")
X = (X - X.mean()) / X.std()
y = df["rate_marriage"].astype(int)
order = [5, 4, 3, 2, 1]  # very good ... very poor (rare)

po = ProportionalOddsClassifier(categories=order).fit(X, y)
print(po.summary().round(3))

# %%
# Testing the PO assumption
# -------------------------
# The likelihood-ratio test compares the PO model with the non-parallel
# cumulative logit model (one slope vector per class boundary); per feature,
# with the model in which only that feature has its own slopes. Brant's Wald
# test uses the K - 1 separate binary logits instead.
lr = proportional_odds_lr_test(X, y, categories=order)
brant = brant_test(X, y, categories=order)
tests = pd.concat({"LR": lr, "Brant": brant}, axis=1).round(4)
print(tests)
violating = [name for name in X.columns if lr.loc[name, "p_value"] < 0.01]
print("features violating PO (LR test, p < 0.01):", violating)

# %%
# Both omnibus tests reject PO. Per feature, they agree on ``affairs`` but
# not on ``age``, ``yrs_married`` and ``children``: Brant's test rests on the
# binary logit of the rare class alone (99 rows), whose slopes are noisy,
# while the likelihood-ratio test uses the ordinal likelihood (both are
# checked against independent references in the test suite). Brant's binary
# slopes show where the boundaries differ:
print(brant.attrs["coef"].round(3))

# %%
# PRESTO's path
# -------------
# Along the penalty path, the slope differences of the features that violate
# PO leave zero first; the others stay fused (zero) down to small penalties.
# Colour: feature; line style: which pair of neighbouring boundaries.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    presto = PrestoClassifierCV(alphas=12, cv=5, categories=order).fit(X, y)
fig, ax = plt.subplots(figsize=(8, 4.5))
PrestoPathDisplay.from_estimator(presto, ax=ax, color_by="feature")
ax.set_title("PRESTO (Faletto & Bien 2023): which features leave proportional odds\n"
             "fair data, marriage rating")
fig.tight_layout()
kept = presto.coef_[1:] - presto.coef_[:-1]
print("non-zero slope differences at the chosen alpha:",
      [name for j, name in enumerate(X.columns) if np.any(kept[:, j] != 0)])

# %%
# The rare-class probability out of sample
# ----------------------------------------
# Without the true probabilities of real data, the error of
# ``P(y = very poor | x)`` is measured by its held-out Brier score (mean of
# ``(p - 1{very poor})^2`` on 30 % test splits, lower is better).
scores = {"PRESTO": [], "PO": [], "separate logit": []}
for split in range(3):
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y,
                                              random_state=split)
    rare = (y_te == 1).to_numpy(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fits = {
            "PRESTO": PrestoClassifierCV(alphas=12, cv=5, categories=order).fit(X_tr, y_tr),
            "PO": ProportionalOddsClassifier(categories=order).fit(X_tr, y_tr),
        }
        logit = LogisticRegression(C=np.inf, max_iter=5000).fit(X_tr, y_tr == 1)
    p_rare = {name: model.predict_rare_proba(X_te) for name, model in fits.items()}
    p_rare["separate logit"] = logit.predict_proba(X_te)[:, 1]
    for name, p in p_rare.items():
        scores[name].append(np.mean((p - rare) ** 2))
result = pd.DataFrame(scores).agg(["mean", "std"]).T
result["ratio to PRESTO"] = result["mean"] / result.loc["PRESTO", "mean"]
print(result.round(5))

# %%
# The three are within a few per cent of each other: PO is slightly worse
# than PRESTO and the separate logistic regression about as good, with
# differences of the order of the split-to-split spread. The violations of PO
# are real (the tests reject it clearly), but they matter little for the
# "very poor" rating, which is barely predictable from these covariates.
# PRESTO keeps only the departures from PO that cross-validation supports
# (here a few), so it sits with the better baseline without having to know
# in advance which one that is.
plt.show()
