"""PRESTO: our proximal Newton solver vs the cvxpy reference and a sklearn yardstick.

Rows: a single fit and the full CV path (20 alphas x 5 folds + the full-data
path) at the paper's size (n = 2500, p = 10, K = 4), against the cvxpy
reference formulation; a single fit against one multinomial
``LogisticRegression`` at the paper's size and at n = 1e5, p = 50, K = 5.
The cvxpy CV path is too slow to run: its time is estimated as
(number of fits) x (median single cvxpy fit), and marked "est.".

Run: ``python benchmarks/bench_presto.py --size {smoke,small,full}``.
"""

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import parse_size, print_table, timeit  # noqa: E402

from sklearn.linear_model import LogisticRegression  # noqa: E402

from skpapers.datasets import make_rare_ordinal  # noqa: E402
from skpapers.ordinal import PrestoClassifier, PrestoClassifierCV  # noqa: E402

SIZES = {
    # (n, p, intercepts) of the paper-size problem, (n, p, K) of the large one,
    # number of alphas and folds of the CV path
    "smoke": dict(paper=(600, 5), big=(5000, 10), n_alphas=8, folds=3),
    "small": dict(paper=(2500, 10), big=(20000, 20), n_alphas=20, folds=5),
    "full": dict(paper=(2500, 10), big=(100000, 50), n_alphas=20, folds=5),
}


def _paper_data(n, p):
    return make_rare_ordinal(n, p, intercepts=(0.0, 2.0, 4.0), random_state=0)[:2]


def _big_data(n, p):
    # K = 5, sparse differences kept small enough for a valid model at p = 50
    X, y, _ = make_rare_ordinal(n, p, sparsity=0.1, intercepts=(0.0, 2.0, 4.0, 6.0),
                                random_state=0)
    return X, y


def main():
    args = parse_size(__doc__.splitlines()[0])
    cfg = SIZES[args.size]
    repeat = args.repeat or (1 if args.size == "smoke" else 5)
    warnings.simplefilter("ignore")
    rows = []

    X, y = _paper_data(*cfg["paper"])
    n, p = X.shape
    cv = PrestoClassifierCV(alphas=cfg["n_alphas"], cv=cfg["folds"]).fit(X, y)
    alpha = float(cv.alphas_[len(cv.alphas_) // 2])
    ours = PrestoClassifier(alpha=alpha, tol=1e-8)
    ref = PrestoClassifier(alpha=alpha, solver="cvxpy")
    # paired rounds: both solvers see the same machine load; medians reported
    t_ours_all, t_ref_all, ratios = [], [], []
    for _ in range(repeat):
        t_o, fit_ours = timeit(lambda: ours.fit(X, y), 7)
        t_r, fit_ref = timeit(lambda: ref.fit(X, y), 1)
        t_ours_all.append(t_o)
        t_ref_all.append(t_r)
        ratios.append(t_r / t_o)
    t_ours, t_ref = float(np.median(t_ours_all)), float(np.median(t_ref_all))
    gap = (fit_ref.objective_ - fit_ours.objective_) / abs(fit_ref.objective_)
    rows.append(dict(task=f"single fit n={n} p={p} K=4", ours_s=t_ours, peer="cvxpy",
                     peer_s=t_ref, ratio=float(np.median(ratios)), target=">= 50x",
                     note=f"obj. gap {gap:.1e}"))

    t_path, _ = timeit(
        lambda: PrestoClassifierCV(alphas=cfg["n_alphas"], cv=cfg["folds"]).fit(X, y),
        repeat,
    )
    n_fits = cfg["n_alphas"] * (cfg["folds"] + 1)
    rows.append(dict(task=f"CV path {cfg['n_alphas']} alphas x {cfg['folds']} folds",
                     ours_s=t_path, peer="cvxpy (est.)", peer_s=n_fits * t_ref,
                     ratio=n_fits * t_ref / t_path, target="ours < 5 s",
                     note=f"{n_fits} fits"))

    lr = LogisticRegression(max_iter=1000)
    t_lr, _ = timeit(lambda: lr.fit(X, y), repeat)
    rows.append(dict(task=f"single fit n={n} p={p} K=4", ours_s=t_ours,
                     peer="sklearn LogReg", peer_s=t_lr, ratio=t_lr / t_ours,
                     target="yardstick", note="multinomial lbfgs"))

    Xb, yb = _big_data(*cfg["big"])
    nb, pb = Xb.shape
    big = PrestoClassifier(alpha=1e-3)
    t_big, fitted = timeit(lambda: big.fit(Xb, yb), 1 if args.size == "full" else repeat)
    t_lrb, _ = timeit(lambda: lr.fit(Xb, yb), 1 if args.size == "full" else repeat)
    rows.append(dict(task=f"single fit n={nb} p={pb} K=5", ours_s=t_big,
                     peer="sklearn LogReg", peer_s=t_lrb, ratio=t_lrb / t_big,
                     target="ratio >= 0.1", note=f"{fitted.n_iter_} Newton steps"))

    print(f"PRESTO benchmark (size={args.size}; ratio = peer time / our time)")
    print_table(rows, ["task", "ours_s", "peer", "peer_s", "ratio", "target", "note"])


if __name__ == "__main__":
    main()
