"""LLP-BP's DLLP prior: fixed, fading or none, against the baselines.

Instance-level test AUC (stratified 25 % test split, features standardised
on the training rows, random bags) of BeliefPropagationLLP with the paper's
model (``prior=None``), the DLLP prior at full weight (``prior_decay=1.0``,
the default before the fading prior), the fading prior (``prior_decay`` 0.9
and the default 0.97), and DLLP (logistic and MLP) and EasyLLP (logistic).
Data: the LLP experiment's generated sets at 25 % and 10 % positives, a
balanced non-linear set (``make_classification``, 10 informative features,
2 clusters per class), and MAGIC; 24,000 rows (MAGIC 19,020); bags of 16,
128 and 1024.

    python benchmarks/llp_prior_ablation.py run OUT.csv [--seeds 0]
    python benchmarks/llp_prior_ablation.py table OUT.csv   # the table
    python benchmarks/llp_prior_ablation.py rst OUT.csv     # the user guide's .inc
"""

import argparse
import csv
import os
import time
import warnings

import numpy as np
import pandas as pd
from _common import rst_simple_table
from sklearn.datasets import make_classification
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skpapers.datasets import load_magic
from skpapers.experiments.llp import make_imbalanced_tabular
from skpapers.llp import (
    BeliefPropagationLLP,
    DLLPClassifier,
    EasyLLPClassifier,
    make_bags,
)

DATASETS = ("generated 25 %", "generated 10 %", "balanced non-linear", "MAGIC (real)")
BAG_SIZES = (16, 128, 1024)
VARIANTS = {
    "paper (no prior)": {"prior": None},
    "fixed prior (decay 1)": {"prior_decay": 1.0},
    "fading 0.9": {"prior_decay": 0.9},
    "fading 0.97 (default)": {"prior_decay": 0.97},
}
BASELINES = ("DLLP-LR", "DLLP-MLP", "EasyLLP-LR")


def _data(name, seed):
    if name == "generated 25 %":
        return make_imbalanced_tabular(24000, 0.25, seed)
    if name == "generated 10 %":
        return make_imbalanced_tabular(24000, 0.10, seed)
    if name == "balanced non-linear":
        return make_classification(n_samples=24000, n_features=20, n_informative=10,
                                   n_clusters_per_class=2, random_state=seed)
    magic = load_magic()
    return magic.data, magic.target


def _models(seed):
    models = {name: BeliefPropagationLLP(random_state=seed, **kw) for name, kw in VARIANTS.items()}
    models.update({"DLLP-LR": DLLPClassifier(),
                   "DLLP-MLP": DLLPClassifier(learner="mlp", random_state=seed),
                   "EasyLLP-LR": EasyLLPClassifier()})
    return models


def run(out, seeds):
    new = not os.path.exists(out)
    with open(out, "a", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(["dataset", "bag", "seed", "method", "auc", "cpu_s"])
        for seed in seeds:
            for name in DATASETS:
                X, y = _data(name, seed)
                X_tr, X_te, y_tr, y_te = train_test_split(
                    np.asarray(X, dtype=float), np.asarray(y), test_size=0.25,
                    stratify=y, random_state=seed)
                scaler = StandardScaler().fit(X_tr)
                X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
                for bag in BAG_SIZES:
                    bags, props = make_bags(y_tr, bag, random_state=seed)
                    for method, model in _models(seed).items():
                        start = time.process_time()
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            model.fit(X_tr, props, bags=bags)
                        auc = roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])
                        writer.writerow([name, bag, seed, method, round(auc, 4),
                                         round(time.process_time() - start, 1)])
                        fh.flush()


def table(path):
    """One row per (data set, bag, seed): every method's AUC, and the default
    minus the best baseline."""
    results = pd.read_csv(path)
    wide = results.pivot_table(index=["dataset", "bag", "seed"], columns="method",
                               values="auc", sort=False)
    wide = wide[[*VARIANTS, *BASELINES]].dropna()
    wide["default - best baseline"] = (wide["fading 0.97 (default)"]
                                       - wide[list(BASELINES)].max(axis=1))
    mean = wide.mean().to_frame("mean").T
    mean.index = pd.MultiIndex.from_tuples([("mean", "", "")], names=wide.index.names)
    return pd.concat([wide, mean]).round(3)


SHORT = {"paper (no prior)": "no prior", "fixed prior (decay 1)": "fixed",
         "fading 0.9": "fade 0.9", "fading 0.97 (default)": "fade 0.97",
         "default - best baseline": "0.97 - best"}


def rst_table(frame):
    """The table as an reStructuredText simple table (the user guide's .inc)."""
    head = ["data", "bag", "seed", *[SHORT.get(c, c) for c in frame.columns]]
    rows = [[str(v) for v in idx] + [f"{x:+.3f}" if c == "default - best baseline"
                                      else f"{x:.3f}" for c, x in row.items()]
            for idx, row in frame.iterrows()]
    return rst_simple_table(head, rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("run", "table", "rst"))
    parser.add_argument("path")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args()
    if args.command == "run":
        run(args.path, args.seeds)
    elif args.command == "rst":
        print(rst_table(table(args.path)), end="")
    else:
        print(table(args.path).to_string())
