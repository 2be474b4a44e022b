"""LLP benchmark: BeliefPropagationLLP stage by stage, from 1e4 to 1e6 rows.

20 features, random bags of 64. Each size runs in a forked child process so
its peak resident memory (ru_maxrss) is its own. Columns:

- ``graph_s``, ``bp_s``, ``learner_s``: stage times of one default
  ``BeliefPropagationLLP().fit`` (two rounds, so two graphs, two BP runs and
  two learner fits), ``total_s`` its wall time, ``total_cpu_s`` its CPU time
  (all threads; on a shared machine wall time overstates), ``peak_gb`` the
  child's peak RSS;
- ``prior_s``: BP's DLLP prior (part of ``total_s``);
- ``dllp_s``, ``dllp_mlp_s``, ``easyllp_s``: the peers DLLP (logistic and
  the same MLP as BP's learner) and EasyLLP (logistic);
  ``ratio_total_dllp`` = total_s / dllp_s;
  ``llp-learn`` (the Python LLP library) is not timed: its 1.6.0 wheel pins
  numpy~=1.24, scikit-learn~=1.2, pandas~=1.5 and torch~=2.0 and cannot be
  installed beside this package's dependencies;
- ``bp_us_row_sweep``: BP alone, microseconds per row per sweep (flat = linear);
- ``exact_knn_s``, ``ratio_knn_exact_approx``, ``recall``: exact kNN graph vs
  the default approximate one (sizes above the auto threshold, <= 1e5 rows).
"""

import multiprocessing
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import parse_size, print_table  # noqa: E402

SIZES = {"smoke": [1_000, 2_000], "small": [10_000, 100_000],
         "full": [10_000, 100_000, 1_000_000]}
BAG_SIZE = 64


def _data(n):
    from sklearn.datasets import make_classification

    from skpapers.llp import make_bags

    X, y = make_classification(n_samples=n, n_features=20, n_informative=10,
                               n_clusters_per_class=2, random_state=0)
    bags, props = make_bags(y, BAG_SIZE, random_state=0)
    return X, y, bags, props


def _one_size(n, queue):
    import warnings

    from sklearn.metrics import roc_auc_score
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import StandardScaler

    from skpapers._solvers.belief_propagation import llp_belief_propagation
    from skpapers._solvers.knn_graph import knn_indices, similarity_edges
    from skpapers.llp import BeliefPropagationLLP, DLLPClassifier, EasyLLPClassifier
    from skpapers.llp._neighbors import APPROXIMATE_THRESHOLD, resolve_neighbors

    warnings.simplefilter("ignore")
    if n > APPROXIMATE_THRESHOLD:
        _warm_up()  # numba compilation is not part of the timings
    X, y, bags, props = _data(n)
    row = {"n": n}
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    model = BeliefPropagationLLP(random_state=0).fit(X, props, bags=bags)
    row["total_s"] = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    row["total_cpu_s"] = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    row.update({f"{k}_s": v for k, v in model.timings_.items()})
    row["train_auc"] = roc_auc_score(y, model.predict_proba(X)[:, 1])
    Z = StandardScaler().fit_transform(X)
    for key, peer in (("dllp_s", DLLPClassifier()),
                      ("dllp_mlp_s", DLLPClassifier(learner="mlp", random_state=0)),
                      ("easyllp_s", EasyLLPClassifier())):
        start = time.perf_counter()
        peer.fit(Z, props, bags=bags)
        row[key] = time.perf_counter() - start
    row["ratio_total_dllp"] = row["total_s"] / row["dllp_s"]
    start = time.perf_counter()
    ind, dist = knn_indices(Z, 5, resolve_neighbors("auto", n, 5, 0))
    approx_s = time.perf_counter() - start
    edges, w = similarity_edges(ind, dist, scale=1.0)
    counts = np.bincount(bags, weights=y.astype(float))
    sweeps = 20
    start = time.perf_counter()
    llp_belief_propagation(n, edges, w, bags, counts, max_iter=sweeps, tol=0.0)
    row["bp_us_row_sweep"] = 1e6 * (time.perf_counter() - start) / (n * sweeps)
    if APPROXIMATE_THRESHOLD < n <= 100_000:
        start = time.perf_counter()
        exact, _ = knn_indices(Z, 5, NearestNeighbors(n_neighbors=5))
        row["exact_knn_s"] = time.perf_counter() - start
        row["ratio_knn_exact_approx"] = row["exact_knn_s"] / approx_s
        row["recall"] = float(np.mean(np.sort(exact, 1)[:, :, None] == np.sort(ind, 1)[:, None, :]) * 5)
    row["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    queue.put(row)


def _warm_up():
    """Compile pynndescent's numba code (in the child: forking after numba
    started its threads can hang)."""
    from skpapers.llp._neighbors import _have_pynndescent, _NNDescentNeighbors

    if _have_pynndescent():
        X = np.random.default_rng(0).normal(size=(3000, 20))
        nn = _NNDescentNeighbors(5, random_state=0).fit(X)
        nn.kneighbors(X, 6)


def main():
    args = parse_size(__doc__.splitlines()[0])
    sizes = SIZES[args.size]
    ctx = multiprocessing.get_context("fork")
    rows = []
    for n in sizes:
        queue = ctx.Queue()
        proc = ctx.Process(target=_one_size, args=(n, queue))
        proc.start()
        rows.append(queue.get())
        proc.join()
        print(f"done n={n}: {rows[-1]['total_s']:.1f} s", flush=True)
    print(f"LLP, 20 features, bag size {BAG_SIZE} (times in s; ratio = ours / peer)")
    print_table(rows, ["n", "prior_s", "graph_s", "bp_s", "learner_s", "total_s", "total_cpu_s",
                       "peak_gb", "dllp_s", "dllp_mlp_s", "easyllp_s", "ratio_total_dllp", "bp_us_row_sweep", "exact_knn_s",
                       "ratio_knn_exact_approx", "recall", "train_auc"])


if __name__ == "__main__":
    main()
