"""The shared one-thread limit: correct whichever threads enter and leave."""

import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from skpapers._solvers._threads import single_threaded
from skpapers.model_selection import compare_learning_curves
from skpapers.naive_bayes import PooledGaussianNB


def _threads():
    return sorted((i["user_api"], i["num_threads"]) for i in threadpool_info())


@pytest.fixture
def two_threads():
    # the process's own limits: a limit held around the test would make its
    # thread the only one allowed to change OpenBLAS, hiding the race
    before = _threads()
    if all(n == 1 for _, n in before):
        pytest.skip("every library here already runs on one thread")
    yield before
    assert _threads() == before, "a test left the limits changed"


def test_overlapping_threads_restore_the_original_limits(two_threads):
    # thread A (main) enters, B enters, A leaves, B leaves: a plain
    # save/restore per caller would leave the process on one thread
    b_inside, a_left = threading.Event(), threading.Event()

    def second():
        with single_threaded():
            b_inside.set()
            a_left.wait(5)

    worker = threading.Thread(target=second)
    with single_threaded():
        assert all(n == 1 for _, n in _threads())
        worker.start()
        b_inside.wait(5)
    a_left.set()
    worker.join()
    assert _threads() == two_threads


@pytest.mark.parametrize("user_api", [None, "blas"])
def test_main_thread_nests_and_worker_threads_leave_limits_alone(two_threads, user_api):
    with single_threaded(user_api):
        with single_threaded(user_api):
            inner = _threads()
        outer = _threads()
    limited = {"blas"} if user_api == "blas" else {"blas", "openmp"}
    for state in (inner, outer):
        assert all(n == 1 for api, n in state if api in limited)
    assert _threads() == two_threads
    # in a worker thread it changes nothing (OpenMP limits are per thread, so
    # the worker's own view is compared before and inside)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(_read_then_enter_and_read()))
    worker.start()
    worker.join()
    before, inside = seen[0]
    assert inside == before and _threads() == two_threads


def _read_then_enter_and_read():
    before = _threads()
    with single_threaded():
        return before, _threads()


def test_restored_after_an_exception(two_threads):
    with pytest.raises(RuntimeError, match="boom"):
        with single_threaded():
            raise RuntimeError("boom")
    assert _threads() == two_threads


def test_threaded_learning_curves_leave_the_limits_as_they_were(two_threads):
    # the user-visible case: compare_learning_curves fits in threads
    rng = np.random.RandomState(0)
    X = rng.normal(size=(400, 5))
    y = (X[:, 0] > 0).astype(int)
    compare_learning_curves(
        {"a": PooledGaussianNB(), "b": PooledGaussianNB(var_smoothing=1e-3)},
        X, y, train_sizes=[20, 40, 80, 160], n_repeats=4, n_jobs=2,
        n_bootstrap=0, random_state=0,
    )
    assert _threads() == two_threads
