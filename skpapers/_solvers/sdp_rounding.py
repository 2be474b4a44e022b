"""Rounding SDP membership matrices to cluster labels."""

import numpy as np
from joblib import Parallel, delayed
from sklearn.cluster import KMeans
from sklearn.utils import check_random_state

from skpapers._solvers._threads import single_threaded


def spectral_embedding_from_factor(U, n_clusters):
    """Rows of the best rank-K factor of ``Z = U U^T`` (no ``n x n`` matrix).

    With ``U = P S Q^T`` (thin SVD), the top-K eigenvectors of ``Z`` are the
    first K columns of ``P`` and its eigenvalues are ``S**2``; the embedding is
    ``P_K S_K``, whose rows are equal within a cluster at an integral solution.
    """
    P, S, _ = np.linalg.svd(U, full_matrices=False)
    k = min(n_clusters, S.shape[0])
    return P[:, :k] * S[:k]


def spectral_embedding_from_matrix(Z, n_clusters):
    """The same embedding for a dense PSD ``Z`` (used with the cvxpy solver)."""
    values, vectors = np.linalg.eigh(Z)
    values, vectors = values[::-1][:n_clusters], vectors[:, ::-1][:, :n_clusters]
    return vectors * np.sqrt(np.clip(values, 0.0, None))


def round_embedding(embedding, n_clusters, random_state, n_init=10, n_jobs=None):
    """K-means on the rows of the embedding; labels in ``0..K-1``.

    ``n_init`` single k-means runs, seeded from ``random_state``, spread over
    ``n_jobs`` joblib workers (so a Dask or Ray backend can take them); the
    run with the lowest inertia is kept, whatever ``n_jobs``. Each run uses
    one thread: the embedding has only K columns, and on a busy machine
    OpenMP's waiting made such small k-means runs 30-100x slower.
    """
    seeds = check_random_state(random_state).randint(np.iinfo(np.int32).max, size=n_init)
    runs = Parallel(n_jobs=n_jobs)(
        delayed(_one_kmeans)(embedding, n_clusters, seed) for seed in seeds
    )
    return min(runs, key=lambda run: run[0])[1]


def _one_kmeans(embedding, n_clusters, seed):
    km = KMeans(n_clusters=n_clusters, n_init=1, random_state=seed)
    with single_threaded():
        labels = km.fit_predict(embedding)
    return km.inertia_, labels


def round_by_row_mass(row_sums):
    """``label_i = argmax_k (Z_k 1)_i`` for row sums of shape (K, n)."""
    return np.argmax(row_sums, axis=0)
