"""Scaling out: exact metrics on Dask, and SMOTE inside a parallel grid search.

1. Exact AUROC, average precision and DeLong CI on scores generated lazily by
   ``dask.array`` on a ``distributed.LocalCluster`` (2 worker processes, 1
   thread each): no process ever holds the scores whole. Reported: wall time,
   rows per second and the peak resident memory of each worker (``ru_maxrss``
   of the worker process, baseline included), next to the in-memory functions
   and scikit-learn at the in-memory size. Exactness: at the in-memory size
   the Dask route runs on the same lazily generated data, which is then
   computed whole and given to the in-memory function (``abs_diff``).
2. ``GridSearchCV(n_jobs=2)`` over ``SMOTE -> LogisticRegression`` pipelines
   against ``n_jobs=1``, the SMOTE neighbour search on its default thread
   budget (one thread per joblib worker) and forced to all CPUs per worker
   (``SMOTE(n_jobs=-1)``, the behaviour before ``n_jobs`` existed).

Sizes (Dask rows / chunk / band / in-memory rows / grid-search rows):
smoke 2e5 / 5e4 / 1e5 / 1e5 / 3e3, small 2e7 / 5e6 / 1e7 / 1e6 / 2e4,
full 2e8 / 1e7 / 2e7 / 1e7 / 4e4.

Run: ``python benchmarks/bench_scale.py --size {smoke,small,full}
[--part {all,grid,dask}]``.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SIZES, print_table, timeit  # noqa: E402

DASK_ROWS = {"smoke": 2 * 10**5, "small": 2 * 10**7, "full": 2 * 10**8}
CHUNK = {"smoke": 5 * 10**4, "small": 5 * 10**6, "full": 10**7}
# two chunks per band: half the reads of the input of one chunk per band (each
# round regenerates the lazy scores), a band of two chunks in memory per task
BAND = {"smoke": 10**5, "small": 10**7, "full": 2 * 10**7}
MEMORY_ROWS = {"smoke": 10**5, "small": 10**6, "full": 10**7}
GRID_ROWS = {"smoke": 3000, "small": 20000, "full": 40000}


def lazy_scores(n, chunk, seed=0):
    """Labels (10 % positive) and continuous scores, generated chunk by chunk."""
    import dask.array as da

    rng = da.random.default_rng(seed)
    y = rng.random(n, chunks=chunk) < 0.1
    s = rng.standard_normal(n, chunks=chunk) + 1.2 * y
    return y, s


def _peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm_up():
    import skpapers.metrics.dask  # noqa: F401

    return True


def _memory_vs_dask(size, client, all_three, n_mem):
    from sklearn.metrics import average_precision_score, roc_auc_score

    from skpapers.metrics import auprc_score, auroc_score, delong_ci

    # in memory, on the same lazily generated data, computed whole
    y_lazy, s_lazy = lazy_scores(n_mem, min(CHUNK[size], n_mem))
    y_mem, s_mem = client.compute([y_lazy, s_lazy], sync=True)
    rows, values = [], []
    for name, ours, peer in (("auroc", auroc_score, roc_auc_score),
                             ("auprc", auprc_score, average_precision_score),
                             ("delong_ci", lambda y, s: delong_ci(y, s).std, None)):
        t_mem, v = timeit(lambda: ours(y_mem, s_mem), 1)
        values.append(v)
        row = {"function": name, "n": f"{n_mem:.0e}", "seconds": t_mem}
        if peer is not None:
            t_sk, _ = timeit(lambda: peer(y_mem, s_mem), 1)
            row.update(sklearn_s=t_sk, ratio=t_sk / t_mem)
        rows.append(row)
    t_mem = sum(r["seconds"] for r in rows)
    t_dask, v_dask = timeit(lambda: all_three(y_lazy, s_lazy), 1)
    rows.append({"function": "dask ranking_metrics", "n": f"{n_mem:.0e}",
                 "seconds": t_dask, "abs_diff": np.abs(v_dask - values).max()})
    del y_mem, s_mem
    print(f"In memory (one process) at n = {n_mem:.0e}, and the Dask route on the "
          "same data (all three at once); ratio = sklearn / skpapers, abs_diff = "
          "max |Dask - in memory| over the three values")
    print_table(rows, ["function", "n", "seconds", "sklearn_s", "ratio",
                       "abs_diff"])
    return t_mem


def dask_metrics(size, large_only=False):
    from distributed import Client, LocalCluster

    from skpapers.metrics.dask import ranking_metrics

    def all_three(y, s):
        res = ranking_metrics(y, s, rows_per_band=BAND[size])
        return np.array([res["auroc"], res["auprc"], res["delong"].std])

    # smoke: threads in this process (CI); otherwise worker processes, whose
    # peak memory is their own
    processes = size != "smoke"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=processes,
                      memory_limit="4GiB", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(_warm_up)
        n_mem, t_mem = MEMORY_ROWS[size], float("nan")
        if not large_only:
            t_mem = _memory_vs_dask(size, client, all_three, n_mem)

        n, chunk = DASK_ROWS[size], CHUNK[size]
        y, s = lazy_scores(n, chunk, seed=1)
        base = max(client.run(_peak_rss_mib).values())
        elapsed, value = timeit(lambda: all_three(y, s), 1)
        peak = max(client.run(_peak_rss_mib).values())
    row = {"n": f"{n:.0e}", "chunk": f"{chunk:.0e}", "band": f"{BAND[size]:.0e}",
           "dask_s": elapsed,
           "rows_per_s": n / elapsed, "ratio": (n / elapsed) / (n_mem / t_mem),
           "peak_worker_MiB": peak, "auroc": value[0], "auprc": value[1],
           "delong_std": value[2]}
    print()
    print(f"Dask ranking_metrics (AUROC, AUPRC, DeLong CI), 2 workers x 1 thread "
          f"({'processes' if processes else 'threads'}), scores generated lazily: "
          f"chunk {chunk:.0e} rows = {chunk * 9 / 2**20:.0f} MiB, all scores "
          f"{n * 9 / 2**20:.0f} MiB; worker baseline {base:.0f} MiB. ratio = Dask "
          "rows/s / in-memory rows/s (the three in-memory calls)")
    print_table([row], list(row))


def grid_search(size):
    from imblearn.pipeline import Pipeline
    from joblib import parallel_config
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV

    from skpapers.over_sampling import SMOTE

    X, y = make_classification(n_samples=GRID_ROWS[size], n_features=20,
                               weights=[0.6], random_state=0)
    grid = {"smote__k_neighbors": [3, 5, 7], "clf__C": [0.1, 1.0]}
    rows, times = [], {}
    # start joblib's worker processes (and their imports) before timing
    warm = Pipeline([("smote", SMOTE()), ("clf", LogisticRegression())])
    configs = [("n_jobs=1", 1, None), ("n_jobs=2", 2, None),
               ("n_jobs=2, SMOTE(n_jobs=-1)", 2, -1)]
    backend = "loky"
    if size == "smoke":  # CI: the code path only, on threads (no worker start-up)
        configs, grid, backend = configs[:2], {"clf__C": [0.1, 1.0]}, "threading"
    else:
        for n_jobs in (1, 2):
            GridSearchCV(warm, {"clf__C": [1.0]}, cv=2, n_jobs=n_jobs).fit(
                X[:200], y[:200])
    for label, n_jobs, smote_jobs in configs:
        pipe = Pipeline([("smote", SMOTE(random_state=0, n_jobs=smote_jobs)),
                         ("clf", LogisticRegression(max_iter=300))])
        search = GridSearchCV(pipe, grid, cv=3, n_jobs=n_jobs)
        with parallel_config(backend=backend):
            times[label], _ = timeit(lambda: search.fit(X, y), 1)
        rows.append({"grid_search": label, "seconds": times[label],
                     "ratio": times["n_jobs=1"] / times[label]})
    print()
    print(f"GridSearchCV over SMOTE pipelines, {GRID_ROWS[size]} rows x 20, "
          f"{3 * len(grid['clf__C']) * len(grid.get('smote__k_neighbors', [5]))} "
          "fits (ratio = n_jobs=1 time / this time; > 1 is faster)")
    print_table(rows, ["grid_search", "seconds", "ratio"])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--part", choices=("all", "grid", "dask", "large"),
                        default="all", help="large: the Dask run at the largest n only")
    args = parser.parse_args()
    if args.part in ("all", "grid"):
        grid_search(args.size)
    if args.part in ("all", "dask", "large"):
        dask_metrics(args.size, large_only=args.part == "large")


if __name__ == "__main__":
    main()
