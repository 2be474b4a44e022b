"""Single-threaded BLAS for small products, without harm to other threads (private).

BLAS thread limits are process-wide: each ``limit()`` saves the current
thread count and restores it on exit. When two Python threads overlap
(thread A limits, thread B limits and saves A's 1, A leaves, B leaves and
restores 1), the whole process stays single-threaded for good; measured
after ``compare_learning_curves(..., n_jobs=2)``, which fits in threads.
So the limit is taken only on the main thread. Code already running in
several threads gets its parallelism from them and leaves BLAS alone.
"""

import threading
from contextlib import nullcontext
from functools import lru_cache

from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=1)
def _controller():
    # built once: a ThreadpoolController takes ~2 ms to find the libraries,
    # a limit on a built one ~20 us
    return ThreadpoolController()


def single_threaded_blas():
    """Context manager: BLAS on one thread (main thread only, see above)."""
    if threading.current_thread() is not threading.main_thread():
        return nullcontext()
    return _controller().limit(limits=1, user_api="blas")
