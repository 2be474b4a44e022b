"""k-nearest-neighbour similarity graphs in scipy.sparse.

The graph feeds the similarity term of the LLP Gibbs distribution: an
undirected edge (i, j) with weight ``s_ij = exp(-d_ij / scale)`` for every
pair where one row is among the other's ``k`` nearest neighbours.
"""

import numpy as np
import scipy.sparse as sp


def knn_indices(X, n_neighbors, neighbors):
    """Indices and distances of each row's ``n_neighbors`` nearest other rows.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Points.
    n_neighbors : int
        Neighbours per row, self excluded.
    neighbors : object
        Unfitted NearestNeighbors-like object: ``fit(X)`` and
        ``kneighbors(X, n_neighbors, return_distance=True)``.

    Returns
    -------
    indices : ndarray of shape (n_samples, k), int64
    distances : ndarray of shape (n_samples, k), float64
        ``k = min(n_neighbors, n_samples - 1)``.
    """
    n = X.shape[0]
    k = min(int(n_neighbors), n - 1)
    if k < 1:
        return np.empty((n, 0), np.int64), np.empty((n, 0))
    neighbors.fit(X)
    dist, ind = neighbors.kneighbors(X, n_neighbors=k + 1, return_distance=True)
    dist = np.asarray(dist, dtype=np.float64)
    ind = np.asarray(ind, dtype=np.int64)
    # drop the row itself wherever it appears (duplicates may push it back)
    not_self = ind != np.arange(n)[:, None]
    # keep the first k non-self entries of every row (stable order)
    order = np.argsort(~not_self, axis=1, kind="stable")[:, :k]
    ind = np.take_along_axis(ind, order, axis=1)
    dist = np.take_along_axis(dist, order, axis=1)
    return ind, dist


def similarity_edges(indices, distances, scale="median"):
    """Symmetric kNN graph as an undirected edge list with kernel weights.

    Parameters
    ----------
    indices, distances : ndarray of shape (n_samples, k)
        Output of :func:`knn_indices`.
    scale : "median" or float
        Kernel length scale; ``"median"`` uses the median non-zero kNN
        distance so the kernel is unit free.

    Returns
    -------
    edges : ndarray of shape (n_edges, 2), int64
        Pairs ``i < j``, each once.
    weights : ndarray of shape (n_edges,)
        ``exp(-d_ij / scale)`` in (0, 1].
    """
    n, k = indices.shape
    if k == 0:
        return np.empty((0, 2), np.int64), np.empty(0)
    if scale == "median":
        positive = distances[distances > 0]
        scale = float(np.median(positive)) if positive.size else 1.0
    scale = float(scale)
    if not np.isfinite(scale) or scale <= 0:
        scale = 1.0
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = indices.ravel()
    dist = distances.ravel()
    # approximate indexes may pad with -1 (no neighbour found): drop those
    keep = (cols >= 0) & (cols != rows) & np.isfinite(dist)
    rows, cols, dist = rows[keep], cols[keep], dist[keep]
    w = np.exp(-dist / scale)
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    # (i, j) and (j, i) become one entry; keep the larger weight of the two
    graph = sp.coo_matrix((w, (lo, hi)), shape=(n, n)).tocsr()
    graph.sum_duplicates()  # adds duplicates; undo below with max of the two
    both = sp.coo_matrix((np.ones_like(w), (lo, hi)), shape=(n, n)).tocsr()
    graph = graph.tocoo()
    counts = both.tocoo()
    # entries listed twice hold w_ij + w_ji; both come from the same distance
    # (metric symmetry), so the mean is the kernel value
    weights = graph.data / counts.data
    edges = np.column_stack([graph.row, graph.col]).astype(np.int64)
    return edges, weights
