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
    # every library loaded now (OpenMP runtimes may come later than BLAS, e.g.
    # with numba); these calls are rare, so the ~1 ms look-up is paid each time
    return ThreadpoolController().limit(limits=1, user_api=user_api)
