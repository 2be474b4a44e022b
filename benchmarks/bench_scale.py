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

3. ``--part memory``: where a worker's peak comes from, at two sizes (2 and
   4 chunks): the peak of reading the lazy input alone (the first pass), the
   peak of ``ranking_metrics`` on the lazy input, and, on the same input
   persisted, the peak of ``ranking_metrics`` above the RSS after persist
   (our tasks' own memory), in MiB and in bytes per band row. Peaks are
   sampled every 5 ms in each worker (psutil RSS).

Every timing prints the load average and the CPU seconds of the workers and
the client (``time.process_time``), the proxy for an idle machine.

Sizes (Dask rows / chunk / band / in-memory rows / grid-search rows):
smoke 2e5 / 5e4 / 1e5 / 1e5 / 3e3, small 2e7 / 5e6 / 1e7 / 1e6 / 2e4,
full 2e8 / 1e7 / 2e7 / 1e7 / 4e4.

Run: ``python benchmarks/bench_scale.py --size {smoke,small,full}
[--part {all,grid,dask,large,memory}] [--repeat R]``.
"""

import argparse
import os
import resource
import sys
import threading
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


def _load():
    return f"load {os.getloadavg()[0]:.1f}"


def _sampler_start(dask_worker):
    """Sample this worker's RSS every 5 ms until :func:`_sampler_stop`."""
    import psutil

    proc, state = psutil.Process(), {"peak": 0, "stop": False}
    state["start"] = proc.memory_info().rss

    def loop():
        while not state["stop"]:
            state["peak"] = max(state["peak"], proc.memory_info().rss)
            time.sleep(0.005)

    threading.Thread(target=loop, daemon=True).start()
    dask_worker._skp_rss = state


def _sampler_stop(dask_worker):
    """(RSS at start, peak RSS, process CPU seconds) in MiB / s."""
    state = dask_worker._skp_rss
    state["stop"] = True
    return state["start"] / 2**20, state["peak"] / 2**20, time.process_time()


def _measured(client, func):
    """Run ``func()``: per-worker sampled RSS, wall and CPU seconds."""
    cpu0 = client.run(time.process_time)
    client.run(_sampler_start)
    c0, t0 = time.process_time(), time.perf_counter()
    value = func()
    wall, client_cpu = time.perf_counter() - t0, time.process_time() - c0
    out = client.run(_sampler_stop)
    return value, {"wall_s": wall,
                   "cpu_workers_s": sum(out[k][2] - cpu0[k] for k in out),
                   "cpu_client_s": client_cpu,
                   "start": {k: v[0] for k, v in out.items()},
                   "peak": {k: v[1] for k, v in out.items()}}


def _first_pass(y, s):
    """Read every chunk once, as the first pass does (the input's own peak)."""
    import dask

    from skpapers.metrics._bands import chunk_summary
    from skpapers.metrics.dask import _blocks

    blocks = _blocks(y, s, None, "s")
    tasks = [dask.delayed(chunk_summary)(a, b, c) for a, b, c in blocks]
    return len(dask.compute(*tasks))


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
        _, floor = _measured(client, lambda: _first_pass(y, s))
        value, run = _measured(client, lambda: all_three(y, s))
        peak = max(client.run(_peak_rss_mib).values())
    elapsed = run["wall_s"]
    row = {"n": f"{n:.0e}", "chunk": f"{chunk:.0e}", "band": f"{BAND[size]:.0e}",
           "dask_s": elapsed, "cpu_workers_s": run["cpu_workers_s"],
           "cpu_client_s": run["cpu_client_s"],
           "rows_per_s": n / elapsed, "ratio": (n / elapsed) / (n_mem / t_mem),
           "peak_worker_MiB": peak, "first_pass_MiB": max(floor["peak"].values()),
           "auroc": value[0], "auprc": value[1], "delong_std": value[2]}
    print()
    print(f"Dask ranking_metrics (AUROC, AUPRC, DeLong CI), 2 workers x 1 thread "
          f"({'processes' if processes else 'threads'}), scores generated lazily: "
          f"chunk {chunk:.0e} rows = {chunk * 9 / 2**20:.0f} MiB, all scores "
          f"{n * 9 / 2**20:.0f} MiB; worker baseline {base:.0f} MiB; {_load()}. "
          "peak_worker_MiB: ru_maxrss of the workers (whole run); first_pass_MiB: "
          "sampled peak of reading the input once (the first pass alone); ratio = "
          "Dask rows/s / in-memory rows/s (the three in-memory calls)")
    print_table([row], list(row))


def memory_profile(size, repeat=1):
    """Where a worker's peak comes from, at 2 and 4 chunks (band = chunk)."""
    from distributed import Client, LocalCluster, wait

    from skpapers.metrics.dask import ranking_metrics

    chunk = CHUNK[size]
    rows = []
    for n in (2 * chunk, 4 * chunk):
        for _ in range(repeat):
            # a fresh cluster per size: nothing left from the previous run
            with LocalCluster(n_workers=2, threads_per_worker=1,
                              processes=size != "smoke", memory_limit="4GiB", dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.run(_warm_up)
                y, s = lazy_scores(n, chunk, seed=1)
                _, floor = _measured(client, lambda: _first_pass(y, s))
                _, lazy = _measured(client, lambda: ranking_metrics(y, s))
                y, s = client.persist([y, s])
                wait([y, s])
                _, held = _measured(client, lambda: ranking_metrics(y, s))
            ours = max(held["peak"][k] - held["start"][k] for k in held["peak"])
            rows.append({"n": f"{n:.0e}", "chunk=band": f"{chunk:.0e}",
                         "first_pass_MiB": max(floor["peak"].values()),
                         "lazy_peak_MiB": max(lazy["peak"].values()),
                         "lazy_cpu_s": lazy["cpu_workers_s"] + lazy["cpu_client_s"],
                         "lazy_wall_s": lazy["wall_s"],
                         "persisted_above_MiB": ours,
                         "B_per_band_row": ours * 2**20 / chunk,
                         "load": os.getloadavg()[0]})
    print()
    print("Peak RSS per worker (max of the 2 workers, sampled every 5 ms), "
          "ranking_metrics on lazily generated scores, rows_per_band default "
          "(= chunk). first_pass: reading the input once alone; lazy_peak: the "
          "whole call; persisted_above: the call on the persisted input, above "
          "the RSS after persist (our tasks alone), also per band row. cpu = "
          "workers + client process_time.")
    print_table(rows, list(rows[0]))


def grid_search(size, repeat=1):
    from imblearn.pipeline import Pipeline
    from joblib import parallel_config
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV

    from skpapers.over_sampling import SMOTE

    X, y = make_classification(n_samples=GRID_ROWS[size], n_features=20,
                               weights=[0.6], random_state=0)
    grid = {"smote__k_neighbors": [3, 5, 7], "clf__C": [0.1, 1.0]}
    rows = []
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
    runs = {label: [] for label, _, _ in configs}
    for _ in range(repeat):  # interleaved, so that a change of load hits every config
        for label, n_jobs, smote_jobs in configs:
            pipe = Pipeline([("smote", SMOTE(random_state=0, n_jobs=smote_jobs)),
                             ("clf", LogisticRegression(max_iter=300))])
            search = GridSearchCV(pipe, grid, cv=3, n_jobs=n_jobs)
            cpu0, load0 = _cpu_tree(), os.getloadavg()[0]
            with parallel_config(backend=backend):
                wall, _ = timeit(lambda: search.fit(X, y), 1)
            load = (load0 + os.getloadavg()[0]) / 2
            runs[label].append((wall, _cpu_tree() - cpu0, load))
    base = np.median([r[0] for r in runs["n_jobs=1"]])
    for label, got in runs.items():
        wall = np.median([r[0] for r in got])
        rows.append({"grid_search": label, "wall_s": wall,
                     "walls": " ".join(f"{r[0]:.1f}" for r in got),
                     "cpu_s": np.median([r[1] for r in got]),
                     "loads": " ".join(f"{r[2]:.1f}" for r in got),
                     "ratio": base / wall})
    print()
    print(f"GridSearchCV over SMOTE pipelines, {GRID_ROWS[size]} rows x 20, "
          f"{3 * len(grid['clf__C']) * len(grid.get('smote__k_neighbors', [5]))} "
          f"fits, {repeat} interleaved run(s) per config (wall_s, cpu_s: medians; "
          "cpu = "
          "this process and its worker processes; loads: 1-min load average "
          "at each run; ratio = median n_jobs=1 wall / this median; > 1 is faster)")
    print_table(rows, ["grid_search", "wall_s", "walls", "cpu_s", "loads", "ratio"])


def _cpu_tree():
    """CPU seconds (user + system) of this process and all its descendants."""
    import psutil

    total = 0.0
    for proc in [psutil.Process()] + psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.Error:  # a worker that just exited
            pass
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--part", choices=("all", "grid", "dask", "large", "memory"),
                        default="all",
                        help="large: the Dask run at the largest n only; "
                        "memory: where a worker's peak comes from")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of the grid search / memory profile")
    args = parser.parse_args()
    if args.part in ("all", "grid"):
        grid_search(args.size, args.repeat)
    if args.part in ("all", "dask", "large"):
        dask_metrics(args.size, large_only=args.part == "large")
    if args.part == "memory":
        memory_profile(args.size, args.repeat)


if __name__ == "__main__":
    main()
