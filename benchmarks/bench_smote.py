"""SMOTE and SMOTENC: skpapers vs imbalanced-learn, time and peak memory.

Both run in this process on the same data. Rows:

- ``SMOTE`` with each library's defaults (k = 5; imbalanced-learn fits a
  ``NearestNeighbors``, which picks brute force above 15 features); target:
  ours >= 1.5x faster at 1e6 x 50;
- ``SMOTE, same NN``: both given the same ``NearestNeighbors`` object, so only
  the generation differs; target: never slower;
- ``SMOTENC``: one nominal feature with many levels, where imbalanced-learn
  builds an ``n_new x k x n_levels`` array; target: >= 10x lower peak memory.

Data: Gaussian features, 10 % minority (class 1 shifted by 0.5). Ratios are
imbalanced-learn / ours (> 1 means we are faster or lighter).

Run: ``python benchmarks/bench_smote.py --size {smoke,small,full}``.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import parse_size, peak_memory, print_table, report_case, timeit  # noqa: E402


def make_data(n, d, minority=0.1, seed=0):
    rng = np.random.RandomState(seed)
    y = (rng.rand(n) < minority).astype(np.int64)
    X = rng.normal(size=(n, d))
    X[y == 1] += 0.5
    return X, y


def make_nominal_data(n, n_continuous, n_levels, minority=0.1, seed=0):
    rng = np.random.RandomState(seed)
    y = (rng.rand(n) < minority).astype(np.int64)
    X = np.column_stack([rng.normal(size=(n, n_continuous)), rng.randint(0, n_levels, n)])
    return X, y


SIZES = {
    "smoke": {
        "smote": [(4_000, 20)],
        "same_nn": [(4_000, 20)],
        "smotenc": [(4_000, 3, 300)],
    },
    "small": {
        "smote": [(10_000, 20), (100_000, 50)],
        "same_nn": [(100_000, 50)],
        "smotenc": [(20_000, 5, 2_000)],
    },
    "full": {
        "smote": [(10_000, 20), (100_000, 100), (1_000_000, 50)],
        "same_nn": [(100_000, 50), (300_000, 10)],
        "smotenc": [(20_000, 5, 2_000)],
    },
}


def compare(name, size, ours, theirs, repeat, memory=True):
    # Interleave the runs, alternating which library goes first, so a change
    # of machine load hits both libraries alike.
    t_ours, t_theirs = [], []
    start = time.perf_counter()
    for r in range(repeat):
        if r % 2 == 0:
            t_ours.append(timeit(ours, 1)[0])
            t_theirs.append(timeit(theirs, 1)[0])
        else:
            t_theirs.append(timeit(theirs, 1)[0])
            t_ours.append(timeit(ours, 1)[0])
    t_ours, t_theirs = float(np.median(t_ours)), float(np.median(t_theirs))
    row = {
        "case": name,
        "size": size,
        "ours_s": t_ours,
        "imblearn_s": t_theirs,
        "time_ratio": t_theirs / t_ours,
    }
    if memory:
        m_ours = peak_memory(ours)
        m_theirs = peak_memory(theirs)
        row.update(ours_MiB=m_ours, imblearn_MiB=m_theirs, mem_ratio=m_theirs / m_ours)
    report_case(f"{name}, {size}", time.perf_counter() - start)
    return row


def main():
    args = parse_size(__doc__.splitlines()[0])
    from imblearn.over_sampling import SMOTE as ImbSMOTE
    from imblearn.over_sampling import SMOTENC as ImbSMOTENC
    from sklearn.neighbors import NearestNeighbors

    from skpapers.over_sampling import SMOTE, SMOTENC

    config = SIZES[args.size]
    def repeat_for(n):
        # Medians of several runs where a run is short; one run at 1e6 rows.
        if args.repeat:
            return args.repeat
        return 2 if args.size == "smoke" else (5 if n <= 300_000 else 2)

    rows = []
    for n, d in config["smote"]:
        X, y = make_data(n, d)
        rows.append(
            compare(
                "SMOTE defaults",
                f"{n}x{d}",
                lambda: SMOTE(random_state=0).fit_resample(X, y),
                lambda: ImbSMOTE(random_state=0).fit_resample(X, y),
                repeat_for(n),
            )
        )
    for n, d in config["same_nn"]:
        X, y = make_data(n, d)
        nn = NearestNeighbors(n_neighbors=6)
        rows.append(
            compare(
                "SMOTE, same NN",
                f"{n}x{d}",
                lambda: SMOTE(k_neighbors=nn, random_state=0).fit_resample(X, y),
                lambda: ImbSMOTE(k_neighbors=nn, random_state=0).fit_resample(X, y),
                repeat_for(n),
                memory=False,
            )
        )
    for n, d, levels in config["smotenc"]:
        X, y = make_nominal_data(n, d, levels)
        cat = [d]
        rows.append(
            compare(
                "SMOTENC",
                f"{n}x{d}+1 ({levels} levels)",
                lambda: SMOTENC(categorical_features=cat, random_state=0).fit_resample(X, y),
                lambda: ImbSMOTENC(categorical_features=cat, random_state=0).fit_resample(X, y),
                repeat_for(n),
            )
        )
    print()
    print(f"SMOTE family, size={args.size} (ratio = imbalanced-learn / skpapers)")
    columns = ["case", "size", "ours_s", "imblearn_s", "time_ratio", "ours_MiB",
               "imblearn_MiB", "mem_ratio"]
    print_table(rows, columns)


if __name__ == "__main__":
    main()
