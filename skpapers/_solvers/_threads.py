"""One BLAS/OpenMP thread while skpapers runs many small products (private).

Why: our hot loops make thousands of small BLAS calls (the PRESTO Newton
subproblem, the naive Bayes class sums, the SDP projections, the SMOTE
neighbour tiles) or small k-means runs (SDP rounding). On a busy machine a
multi-threaded BLAS or OpenMP call waits for its slowest core to be scheduled;
measured here: a 9 s PRESTO fit took 0.26 s on one thread, a
``(3 x 5000) @ (5000 x 100)`` product 1 ms instead of 0.5 s, small k-means runs
0.01 s instead of 0.3-1.8 s.

Why only on the main thread: OpenBLAS's limit is process-wide, and a
save-limit-restore from overlapping Python threads is wrong (thread A limits
and saves N, thread B enters and saves A's 1, A leaves and restores N, B leaves
and restores 1: the process is left on one thread for good; measured after
``compare_learning_curves(..., n_jobs=2)``, which fits in threads). OpenMP's
limit, on the other hand, is per thread. Taking the limit on the main thread
only is right under both rules; code already running in several threads gets
its parallelism from them.
"""

import os
import sys
import threading
from contextlib import nullcontext
from functools import lru_cache

import scipy.linalg  # noqa: F401  (loads scipy's BLAS before the look-up below)
from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=1)
def _blas_controller():
    # built once (finding the libraries takes ~1-2 ms, a limit then ~20 us):
    # the BLAS libraries are loaded with numpy and scipy, before any call here
    return ThreadpoolController().select(user_api="blas")


def single_threaded(user_api=None):
    """Context manager: one thread for ``user_api`` ("blas", or None for every
    library: BLAS and OpenMP) on the main thread; does nothing on other threads
    (see above)."""
    if threading.current_thread() is not threading.main_thread():
        return nullcontext()
    if user_api == "blas":  # the hot loops: thousands of calls
        return _blas_controller().limit(limits=1)
    return _all_controller(len(sys.modules)).limit(limits=1, user_api=user_api)


@lru_cache(maxsize=1)
def _all_controller(n_modules):
    # Every library loaded now. OpenMP runtimes may load later than BLAS
    # (e.g. with numba), so the controller is rebuilt whenever a module has
    # been imported since (``n_modules``, the size of sys.modules, is the
    # cache key). The look-up itself took 1-30 ms a call here, paid by
    # each of SDPKMeans's 11 small k-means runs before this cache (measured:
    # 1.7 s of 4.2 s in five fits at n = 100 on a loaded machine).
    return ThreadpoolController()


def _cpus():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def thread_budget(n_jobs=None):
    """Threads that code starting its own pool may use, never more than the CPUs.

    ``n_jobs=None``: the BLAS thread limit in effect, which is what
    ``threadpoolctl.threadpool_limits`` and joblib's process workers set (one
    thread per worker inside ``GridSearchCV(n_jobs=-1)`` on as many cores), and
    one thread off the main thread (a joblib thread worker or a Dask worker
    thread is already one of several). An int is read as joblib reads
    ``n_jobs`` (``-1``: all CPUs, ``-2``: all but one; inside
    ``joblib.parallel_config``), then capped at the CPUs of this process.
    """
    cpus = _cpus()
    if n_jobs is not None:
        from joblib import effective_n_jobs

        return max(1, min(cpus, effective_n_jobs(n_jobs)))
    if threading.current_thread() is not threading.main_thread():
        return 1
    limits = [info["num_threads"] for info in _blas_controller().info()]
    return max(1, min([cpus] + [n for n in limits if n and n > 0]))
