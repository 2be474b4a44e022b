"""PRESTO: our proximal Newton solver vs the cvxpy reference and a sklearn yardstick.

Rows: a single fit and the full CV path (20 alphas x 5 folds + the full-data
path) at the paper's size (n = 2500, p = 10, K = 4), against the cvxpy
reference formulation; a single fit against one multinomial
``LogisticRegression`` at the paper's size and at n = 1e5, p = 50, K = 5.
The cvxpy CV path is too slow to run: its time is estimated as
(number of fits) x (median single cvxpy fit), and marked "est.".
Last rows: the unpenalised proportional odds fit *with standard errors*
(``fit(X, y).summary()``, which also runs the separation check) against
statsmodels' ``OrderedModel`` (``fit(method="bfgs")`` then ``bse``, its
documented use; its Hessian is numerical), for the logit and probit links.

Run: ``python benchmarks/bench_presto.py --size {smoke,small,full}``.
"""

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import case, each_case, parse_size, print_table, timeit  # noqa: E402

from sklearn.linear_model import LogisticRegression  # noqa: E402

from skpapers.datasets import make_rare_ordinal  # noqa: E402
from skpapers.ordinal import (  # noqa: E402
    PrestoClassifier,
    PrestoClassifierCV,
    ProportionalOddsClassifier,
)

SIZES = {
    # (n, p, intercepts) of the paper-size problem, (n, p, K) of the large one,
    # number of alphas and folds of the CV path, (n, p) of the inference rows
    "smoke": dict(paper=(600, 5), big=(5000, 10), n_alphas=8, folds=3,
                  inference=[(400, 3)]),
    "small": dict(paper=(2500, 10), big=(20000, 20), n_alphas=20, folds=5,
                  inference=[(400, 3), (2500, 10)]),
    "full": dict(paper=(2500, 10), big=(100000, 50), n_alphas=20, folds=5,
                 inference=[(400, 3), (2500, 10), (20000, 20)]),
}


def _inference_rows(cfg, repeat):
    """PO fit + standard errors: ours vs statsmodels OrderedModel."""
    try:
        from statsmodels.miscmodels.ordinal_model import OrderedModel
    except ImportError:
        return []
    rows = []
    for n, p in cfg["inference"]:
        X, y, _ = make_rare_ordinal(n, p, sparsity=0.1, intercepts=(-1.0, 1.0, 3.0),
                                    random_state=1)
        for link in each_case(("logit", "probit"),
                              lambda link, n=n, p=p: f"PO + SEs n={n} p={p} {link}"):
            def ours(X=X, y=y, link=link):
                return ProportionalOddsClassifier(link=link).fit(X, y).summary()

            def peer(X=X, y=y, link=link):
                res = OrderedModel(y, X, distr=link).fit(method="bfgs", disp=False,
                                                         maxiter=1000)
                return res.bse

            t_ours, table = timeit(ours, repeat)
            t_sm, bse = timeit(peer, max(1, repeat // 2))
            gap = np.max(np.abs(table["std_err"].to_numpy()[:p] / bse[:p] - 1))
            rows.append(dict(task=f"PO fit + SEs n={n} p={p} K=4 {link}", ours_s=t_ours,
                             peer="statsmodels", peer_s=t_sm, ratio=t_sm / t_ours,
                             target="> 1 (faster)", note=f"SE rel. gap {gap:.0e}"))
    return rows


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
    for _ in each_case(range(repeat), lambda r: f"single fit vs cvxpy n={n} p={p}, "
                                                f"round {r + 1}/{repeat}"):
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

    with case(f"CV path {cfg['n_alphas']} alphas x {cfg['folds']} folds n={n} p={p}"):
        path = PrestoClassifierCV(alphas=cfg["n_alphas"], cv=cfg["folds"])
        t_path, _ = timeit(lambda: path.fit(X, y), repeat)
    n_fits = cfg["n_alphas"] * (cfg["folds"] + 1)
    rows.append(dict(task=f"CV path {cfg['n_alphas']} alphas x {cfg['folds']} folds",
                     ours_s=t_path, peer="cvxpy (est.)", peer_s=n_fits * t_ref,
                     ratio=n_fits * t_ref / t_path, target="ours < 5 s",
                     note=f"{n_fits} fits"))

    lr = LogisticRegression(max_iter=1000)
    with case(f"LogisticRegression n={n} p={p}"):
        t_lr, _ = timeit(lambda: lr.fit(X, y), repeat)
    rows.append(dict(task=f"single fit n={n} p={p} K=4", ours_s=t_ours,
                     peer="sklearn LogReg", peer_s=t_lr, ratio=t_lr / t_ours,
                     target="yardstick", note="multinomial lbfgs"))

    Xb, yb = _big_data(*cfg["big"])
    nb, pb = Xb.shape
    big = PrestoClassifier(alpha=1e-3)
    with case(f"single fit vs LogisticRegression n={nb} p={pb} K=5"):
        big_repeat = 1 if args.size == "full" else repeat
        t_big, fitted = timeit(lambda: big.fit(Xb, yb), big_repeat)
        t_lrb, _ = timeit(lambda: lr.fit(Xb, yb), big_repeat)
    rows.append(dict(task=f"single fit n={nb} p={pb} K=5", ours_s=t_big,
                     peer="sklearn LogReg", peer_s=t_lrb, ratio=t_lrb / t_big,
                     target="ratio >= 0.1", note=f"{fitted.n_iter_} Newton steps"))

    rows.extend(_inference_rows(cfg, repeat))

    print(f"PRESTO benchmark (size={args.size}; ratio = peer time / our time)")
    print_table(rows, ["task", "ours_s", "peer", "peer_s", "ratio", "target", "note"])


if __name__ == "__main__":
    main()
