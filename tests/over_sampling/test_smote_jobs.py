"""The SMOTE neighbour search's threads: ``n_jobs`` and the limits around it."""

import threading

import numpy as np
import pytest
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

import skpapers._solvers.smote_neighbors as neighbors_module
from skpapers._solvers._threads import _cpus, thread_budget
from skpapers.over_sampling import SMOTE, SMOTEUnderSampler


def test_budget_reads_n_jobs_as_joblib_does():
    assert thread_budget(1) == 1
    assert thread_budget(-1) == _cpus()
    assert thread_budget(10**6) == _cpus()  # never more than the CPUs


def test_budget_follows_threadpoolctl_limit():
    with threadpool_limits(limits=1, user_api="blas"):
        assert thread_budget(None) == 1


@pytest.mark.slow
def test_budget_is_one_in_joblib_process_workers():
    # loky workers of Parallel(n_jobs=2) run with one BLAS thread each
    assert Parallel(n_jobs=2)(delayed(thread_budget)() for _ in range(2)) == [1, 1]


def test_budget_is_one_off_the_main_thread():
    seen = []
    worker = threading.Thread(target=lambda: seen.append(thread_budget()))
    worker.start()
    worker.join()
    assert seen == [1]


@pytest.fixture
def pool_sizes(monkeypatch):
    """Record the ``max_workers`` of every pool the neighbour search starts."""
    sizes = []
    real = neighbors_module.ThreadPoolExecutor

    def recording(max_workers):
        sizes.append(max_workers)
        return real(max_workers=max_workers)

    monkeypatch.setattr(neighbors_module, "ThreadPoolExecutor", recording)
    return sizes


@pytest.mark.slow
def test_n_jobs_reaches_the_search_and_does_not_change_the_result(pool_sizes):
    # one class above 2 * _SUBSET rows with more than 5 features: the
    # threaded symmetric search
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8400, 6))
    y = np.r_[np.zeros(200, dtype=int), np.ones(8200, dtype=int)]
    strategy = {1: 8300}
    one = SMOTE(sampling_strategy=strategy, n_jobs=1, random_state=0).fit_resample(X, y)
    two = SMOTE(sampling_strategy=strategy, n_jobs=2, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(one[0], two[0])
    assert pool_sizes == [1, min(2, _cpus())]
    pool_sizes.clear()
    with threadpool_limits(limits=1, user_api="blas"):
        SMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert pool_sizes == [1]


@pytest.mark.parametrize("sampler", [SMOTE, SMOTEUnderSampler])
def test_n_jobs_is_validated(sampler):
    with pytest.raises(ValueError, match="n_jobs"):
        sampler(n_jobs="all").fit_resample(np.zeros((10, 2)), np.r_[[0] * 7, [1] * 3])
