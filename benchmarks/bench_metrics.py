"""AUROC / AUPRC / DeLong: skpapers vs scikit-learn, in one process.

Targets (issue 2): at 1e7 scores, auroc_score and auprc_score each >= 3x
faster than roc_auc_score / average_precision_score; delong_ci at 1e6 within
3x of one auroc_score call. "ties" rounds the scores to 2 decimals.

    python benchmarks/bench_metrics.py --size full
"""

import numpy as np
from _common import case, each_case, parse_size, print_table, timeit
from sklearn.metrics import average_precision_score, roc_auc_score

from skpapers.metrics import auprc_score, auroc_score, delong_ci

SIZES = {"smoke": [10**4], "small": [10**5, 10**6], "full": [10**5, 10**6, 10**7]}
DELONG_SIZE = {"smoke": 10**4, "small": 10**6, "full": 10**6}


def make_data(n, ties, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.1
    s = rng.normal(size=n) + 1.2 * y
    return y, (np.round(s, 2) if ties else s)


def main():
    args = parse_size(__doc__)
    rows = []
    for n in SIZES[args.size]:
        repeat = args.repeat or (3 if n >= 10**7 else 5)
        for ties in each_case((False, True), lambda t, n=n: f"auroc+auprc n={n:.0e} "
                                             f"ties={'yes' if t else 'no'}"):
            y, s = make_data(n, ties)
            for name, ours, peer in (("auroc", auroc_score, roc_auc_score),
                                     ("auprc", auprc_score, average_precision_score)):
                t_ours, v_ours = timeit(lambda: ours(y, s), repeat)
                t_peer, v_peer = timeit(lambda: peer(y, s), repeat)
                rows.append({
                    "metric": name, "n": f"{n:.0e}", "ties": "yes" if ties else "no",
                    "ours_s": t_ours, "sklearn_s": t_peer,
                    "ratio": t_peer / t_ours, "abs_diff": abs(v_ours - v_peer),
                })
    print("ratio = sklearn time / skpapers time (median of repeats)")
    print_table(rows, ["metric", "n", "ties", "ours_s", "sklearn_s", "ratio",
                       "abs_diff"])

    n = DELONG_SIZE[args.size]
    y, s = make_data(n, ties=False, seed=1)
    repeat = args.repeat or 5
    with case(f"delong_ci n={n:.0e}"):
        t_delong, _ = timeit(lambda: delong_ci(y, s), repeat)
        t_auroc, _ = timeit(lambda: auroc_score(y, s), repeat)
        t_sk, _ = timeit(lambda: roc_auc_score(y, s), repeat)
    print()
    print(f"DeLong CI at n = {n:.0e} (target: within 3x of one AUROC call)")
    print_table([{"delong_ci_s": t_delong, "auroc_score_s": t_auroc,
                  "roc_auc_score_s": t_sk, "ratio_vs_ours": t_delong / t_auroc,
                  "ratio_vs_sklearn": t_delong / t_sk}],
                ["delong_ci_s", "auroc_score_s", "roc_auc_score_s", "ratio_vs_ours",
                 "ratio_vs_sklearn"])


if __name__ == "__main__":
    main()
