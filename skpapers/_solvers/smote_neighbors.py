"""Exact same-class k-nearest-neighbour search for SMOTE (private kernel).

SMOTE needs, for every sample of a class, its ``k`` nearest neighbours among
the *other* samples of the same class. The search here is exact: the result
is the ``k`` smallest squared Euclidean distances computed directly as
``sum((x_i - x_j) ** 2)`` in float64 (ties broken by the lower index).

How it is fast without being approximate
-----------------------------------------
Rows are processed in chunks. For one chunk of query rows ``A`` and all rows
``B`` of the (centred) class, one BLAS product gives the shifted distances
``||b||^2 - 2 a.b`` (the query's own ``||a||^2`` does not change the ranking).
The product runs in float32 for dense input, where the error of every entry
is bounded by ``E = 1.01 (d + 4) u (2 ||a|| max||b|| + max||b||^2)`` with
``u = 2**-24`` (rounding of the inputs plus a ``d + 1`` term dot product).
Any true neighbour therefore has an approximate value within ``2 E`` of the
approximate ``k``-th smallest value; those few candidates are re-ranked with
exact float64 differences. The candidate set provably contains the true
neighbours, so the answer is the exact float64 one, whatever float32 did.

A coarse threshold taken on a random subset of the columns first (the k-th
smallest over a subset can only be larger than over all columns) avoids a
full partial sort of every row.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from skpapers._solvers._threads import single_threaded, thread_budget

# Classes larger than 2 * _SUBSET use the symmetric float32 search; its
# coarse threshold uses a random subset of about sqrt(50 k n) columns.
_SUBSET = 4096
# At most this many features, large dense classes use scikit-learn's KDTree
# (exact; measured 2x-13x faster than the blocked search at 2-5 features,
# 10x slower at 10).
_KDTREE_MAX_FEATURES = 5
# Tile of the symmetric search (float32): 256 x 2048 x 4 bytes = 2 MiB.
_TILE_ROWS = 256
_TILE_COLS = 2048


def _row_sq_norms(X):
    if sparse.issparse(X):
        return np.asarray(X.multiply(X).sum(axis=1), dtype=np.float64).ravel()
    return np.einsum("ij,ij->i", X, X, dtype=np.float64)


def _mismatch_counts(codes_a, codes_b):
    """Number of differing nominal features for every (a, b) pair."""
    out = np.zeros((codes_a.shape[0], codes_b.shape[0]), dtype=np.float64)
    for f in range(codes_a.shape[1]):
        out += codes_a[:, f, None] != codes_b[None, :, f]
    return out


def _exact_pair_distances(X, i, j, codes=None, nominal_weight=0.0):
    """Squared Euclidean distance between rows ``i`` and ``j`` in float64."""
    i = np.asarray(i, dtype=np.intp)
    j = np.asarray(j, dtype=np.intp)
    if sparse.issparse(X):
        diff = X[i] - X[j]
        dist = np.asarray(diff.multiply(diff).sum(axis=1), dtype=np.float64).ravel()
    else:
        # Small chunks: temporaries are reused instead of freshly mapped.
        dist = np.empty(i.size, dtype=np.float64)
        step = max(1, 2**18 // max(1, X.shape[1]))
        for start in range(0, i.size, step):
            sl = slice(start, start + step)
            diff = X[i[sl]].astype(np.float64, copy=False)
            diff -= X[j[sl]]
            dist[sl] = np.einsum("ij,ij->i", diff, diff)
    if codes is not None and codes.shape[1]:
        dist = dist + nominal_weight**2 * (codes[i] != codes[j]).sum(axis=1)
    return dist


def _nonzero_2d(mask):
    """Row and column indices of a 2-D mask (flat search: much faster)."""
    flat = np.flatnonzero(mask)
    return np.divmod(flat, mask.shape[1])


def _kth_per_row(rows, vals, n_rows, k):
    """k-th smallest value of each row of a ragged (row-sorted) list."""
    counts = np.bincount(rows, minlength=n_rows)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pos = np.arange(rows.size) - starts[rows]
    padded = np.full((n_rows, counts.max()), np.inf, dtype=vals.dtype)
    padded[rows, pos] = vals
    return np.partition(padded, k - 1, axis=1)[:, k - 1]


def _kneighbors_rowwise(
    X, n_neighbors, *, codes=None, nominal_weight=0.0, chunk_bytes=2**24
):
    """Row-panel search (sparse input, nominal features, small classes).

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Samples of one class (continuous features).
    n_neighbors : int
        Number of neighbours ``k``; requires ``n_samples > k``.
    codes : ndarray of shape (n_samples, n_nominal), dtype=int, default=None
        Integer codes of nominal features (SMOTE-NC). Each differing nominal
        feature adds ``nominal_weight ** 2`` to the squared distance.
    nominal_weight : float, default=0.0
        SMOTE-NC's median standard deviation.
    chunk_bytes : int, default=2**24
        Memory budget of one block of distances.

    Returns
    -------
    neighbors : ndarray of shape (n_samples, n_neighbors), dtype=intp
        Row indices of the neighbours, nearest first (ties: lower index).
    """
    n, d = X.shape
    k = int(n_neighbors)
    is_sparse = sparse.issparse(X)
    has_codes = codes is not None and codes.shape[1] > 0
    # Centre (dense) and scale by a power of two: neither changes the ranking,
    # both keep the squared norms small and finite (inputs near 1e300).
    if is_sparse:
        Xc = X.tocsr().astype(np.float64)
        maxabs = np.abs(Xc.data).max() if Xc.nnz else 0.0
        gemm_dtype = np.float64
    else:
        Xc = np.asarray(X, dtype=np.float64)
        Xc = Xc - Xc.mean(axis=0)
        maxabs = np.abs(Xc).max() if Xc.size else 0.0
        gemm_dtype = np.float64 if has_codes else np.float32
    scale = 2.0 ** -np.ceil(np.log2(maxabs)) if maxabs > 0 else 1.0
    Xc = Xc * scale
    nominal_weight = float(nominal_weight) * scale
    u = np.finfo(gemm_dtype).eps / 2
    sq = _row_sq_norms(Xc)
    norms = np.sqrt(sq)
    bmax = norms.max() if n else 0.0
    w2 = nominal_weight**2
    n_nominal = codes.shape[1] if has_codes else 0

    # Random column order for the coarse threshold (does not change the result).
    perm = np.random.RandomState(0).permutation(n)
    inv_perm = np.empty(n, dtype=np.intp)
    inv_perm[perm] = np.arange(n)
    if is_sparse:
        B = sparse.hstack([Xc[perm], sq[perm][:, None]], format="csr")
    else:
        B = np.empty((n, d + 1), dtype=gemm_dtype)
        B[:, :d] = Xc[perm]
        B[:, d] = sq[perm]
    codes_b = codes[perm] if has_codes else None
    use_subset = n > 2 * _SUBSET

    # Bytes per query row: distances, (SMOTE-NC) mismatch counts, a mask.
    itemsize = np.dtype(gemm_dtype).itemsize
    row_bytes = n * (itemsize * (2 if has_codes else 1) + 1)
    rows_per_chunk = int(max(1, min(n, chunk_bytes // row_bytes)))
    result = np.empty((n, k), dtype=np.intp)
    for start in range(0, n, rows_per_chunk):
        stop = min(n, start + rows_per_chunk)
        m = stop - start
        if is_sparse:
            A = sparse.hstack(
                [-2.0 * Xc[start:stop], np.ones((m, 1))], format="csr"
            )
            D = np.asarray((A @ B.T).toarray(), dtype=np.float64)
        else:
            A = np.empty((m, d + 1), dtype=gemm_dtype)
            A[:, :d] = Xc[start:stop]
            A[:, :d] *= -2.0
            A[:, d] = 1.0
            D = A @ B.T
        if has_codes:
            D += w2 * _mismatch_counts(codes[start:stop], codes_b)
        local = np.arange(m)
        D[local, inv_perm[start:stop]] = np.inf
        # Error bound of every entry of the row (see the module docstring).
        err = 1.01 * (d + 4) * u * (
            2 * norms[start:stop] * bmax + bmax**2 + 2 * n_nominal * w2
        )
        err = err + 8 * (d + 2) * float(np.finfo(gemm_dtype).tiny)
        if use_subset:
            coarse = np.partition(D[:, :_SUBSET], k - 1, axis=1)[:, k - 1]
            thr = (coarse.astype(np.float64) + 2 * err).astype(gemm_dtype)
            thr = np.nextafter(thr, np.inf)
            rows, cols = _nonzero_2d(D <= thr[:, None])
            vals = D[rows, cols]
            kth = _kth_per_row(rows, vals, m, k).astype(np.float64)
        else:
            kth = np.partition(D, k - 1, axis=1)[:, k - 1].astype(np.float64)
            rows = cols = vals = None
        thr = np.nextafter((kth + 2 * err).astype(gemm_dtype), np.inf)
        if rows is None:
            rows, cols = _nonzero_2d(D <= thr[:, None])
        else:
            keep = vals <= thr[rows]
            rows, cols = rows[keep], cols[keep]
        gi = start + rows
        gj = perm[cols]
        exact = _exact_pair_distances(
            Xc, gi, gj, codes if has_codes else None, nominal_weight
        )
        order = np.lexsort((gj, exact, rows))
        counts = np.bincount(rows, minlength=m)
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        take = first[:, None] + np.arange(k)
        result[start:stop] = gj[order][take]
    return result


def _augmented(P, sq):
    """Row side ``[-2a, 1, |a|^2]`` and column side ``[b, |b|^2, 1]`` (float32).

    One GEMM of the two gives the full squared distance, so a block of the
    distance matrix serves its transpose as well.
    """
    n, d = P.shape
    left = np.empty((n, d + 2), dtype=np.float32)
    left[:, :d] = -2.0 * P
    left[:, d] = 1.0
    left[:, d + 1] = sq
    right = np.empty((n, d + 2), dtype=np.float32)
    right[:, :d] = P
    right[:, d] = sq
    right[:, d + 1] = 1.0
    return left, right


def _kneighbors_symmetric(X, n_neighbors, n_jobs=None):
    """Dense search visiting each unordered pair once (half the BLAS work).

    A first pass over a random subset of columns gives, per row, an upper
    bound ``t_i`` of its k-th neighbour distance (plus ``2 E``). Rows are then
    sorted by ``t``; a second pass over the upper triangle of the float32
    distance matrix keeps the pairs with value ``<= t_j``, which, since
    ``t_j >= t_i`` above the diagonal, is ``<= max(t_i, t_j)``: one compare
    finds the candidates of both rows of the pair. The k-th smallest value
    among a row's candidates then tightens the band, and survivors are
    re-ranked exactly. The tiles run on ``thread_budget(n_jobs)`` threads.
    """
    n, d = X.shape
    k = int(n_neighbors)
    n_threads = thread_budget(n_jobs)  # read before the BLAS limit below
    Xc = np.asarray(X, dtype=np.float64)
    Xc = Xc - Xc.mean(axis=0)
    maxabs = np.abs(Xc).max() if Xc.size else 0.0
    if maxabs > 0:
        Xc = Xc * 2.0 ** -np.ceil(np.log2(maxabs))
    sq = np.einsum("ij,ij->i", Xc, Xc)
    u = np.finfo(np.float32).eps / 2
    # |float32 value - exact ||a||^2 + ||b||^2 - 2 a.b| <= err for every pair.
    # (plus an absolute term for float32 underflow of tiny coordinates)
    tiny = 8 * (d + 2) * float(np.finfo(np.float32).tiny)
    err = 1.01 * (d + 5) * u * 4 * sq.max() + tiny

    # Row blocks of _TILE_ROWS and column tiles of _TILE_COLS: a tile of
    # distances stays in cache while it is compared and scanned.
    R, C = _TILE_ROWS, _TILE_COLS
    index_dtype = np.int32 if n < 2**31 else np.int64
    # Subset size balancing the first pass (n * m) against the candidates it
    # lets through (about k * n / m per row).
    m = int(min(n, max(_SUBSET // 4, np.sqrt(100.0 * k * n))))
    subset = np.sort(np.random.RandomState(0).choice(n, size=m, replace=False))
    slot = np.full(n, -1, dtype=np.intp)
    slot[subset] = np.arange(m)
    local = threading.local()

    def coarse_threshold(start):
        stop = min(n, start + R)
        D = left[start:stop] @ right_subset.T
        own = slot[start:stop]
        mine = np.flatnonzero(own >= 0)
        D[mine, own[mine]] = np.inf
        D.partition(k - 1, axis=1)
        return D[:, k - 1].copy()

    def tile_candidates(task):
        r0, c0 = task
        r1, c1 = min(n, r0 + R), min(n, c0 + C)
        if not hasattr(local, "buf"):
            local.buf = np.empty(R * C, dtype=np.float32)
            local.mask = np.empty(R * C, dtype=bool)
        D = local.buf[: (r1 - r0) * (c1 - c0)].reshape(r1 - r0, c1 - c0)
        np.matmul(left[r0:r1], right[c0:c1].T, out=D)
        if c0 == r0:
            # Diagonal block: keep j > i only (self and duplicates out).
            D[:, : r1 - r0][np.tril_indices(r1 - r0)] = np.inf
        M = local.mask[: D.size].reshape(D.shape)
        np.less_equal(D, thr[None, c0:c1], out=M)
        i, j = _nonzero_2d(M)
        vals = D[i, j]
        i += r0
        j += c0
        # Every kept pair is a candidate of its column row (value <= t_j);
        # it is one of its row too when the value is also <= t_i.
        mine = vals <= thr[i]
        return (
            np.concatenate((j, i[mine])).astype(index_dtype),
            np.concatenate((i, j[mine])).astype(index_dtype),
            np.concatenate((vals, vals[mine])),
        )

    # Independent tiles on threads, one BLAS thread each: robust when the
    # machine is shared (a multi-threaded BLAS call waits for its slowest core).
    with single_threaded("blas"):
        with ThreadPoolExecutor(max_workers=n_threads) as pool:
            left, _ = _augmented(Xc, sq)
            _, right_subset = _augmented(Xc[subset], sq[subset])
            thr = np.concatenate(list(pool.map(coarse_threshold, range(0, n, R))))
            thr = np.nextafter((thr + 2 * err).astype(np.float32), np.inf)
            # Sort rows by threshold: above the diagonal t_j >= t_i.
            perm = np.argsort(thr, kind="stable")
            thr = thr[perm]
            P = Xc[perm]
            left, right = _augmented(P, sq[perm])
            tasks = [(r0, c0) for r0 in range(0, n, R) for c0 in range(r0, n, C)]
            found = list(pool.map(tile_candidates, tasks))
    cand_rows, cand_cols, cand_vals = zip(*found)
    del found
    rows = np.concatenate(cand_rows)
    cols = np.concatenate(cand_cols)
    vals = np.concatenate(cand_vals)
    del cand_rows, cand_cols, cand_vals
    # k-th smallest candidate value per row: sort (row, value) packed in one
    # uint64 (for non-negative floats the IEEE bits sort like the values;
    # clamping at 0 keeps every value within err of the exact distance).
    np.maximum(vals, 0, out=vals)
    keys = (rows.astype(np.uint64) << np.uint64(32)) | vals.view(np.uint32)
    keys.sort()
    counts = np.bincount(rows, minlength=n)
    starts = np.cumsum(counts) - counts
    kth = (keys[starts + k - 1] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    kth = kth.view(np.float32).astype(np.float64)
    del keys
    keep = vals <= np.nextafter((kth + 2 * err).astype(np.float32), np.inf)[rows]
    rows, cols = rows[keep], cols[keep]
    exact = _exact_pair_distances(P, rows, cols)
    gj = perm[cols]
    order = np.lexsort((gj, exact, rows))
    counts = np.bincount(rows, minlength=n)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    result = np.empty((n, k), dtype=np.intp)
    result[perm] = gj[order][first[:, None] + np.arange(k)]
    return result


def drop_self(found):
    """Remove each row's own index from a (n, k + 1) neighbour list.

    If duplicates pushed the row's own index out of the list, the farthest
    entry is dropped instead, so ``k`` true neighbours remain.
    """
    found = np.asarray(found)
    n, width = found.shape
    drop = found == np.arange(n)[:, None]
    drop[~drop.any(axis=1), -1] = True
    drop &= drop.cumsum(axis=1) == 1
    return found[~drop].reshape(n, width - 1)


def _kneighbors_kdtree(X, k):
    from sklearn.neighbors import KDTree

    X = np.asarray(X, dtype=np.float64)
    found = KDTree(X).query(X, k=k + 1, return_distance=False, sort_results=True)
    return drop_self(found)


def same_class_kneighbors(
    X, n_neighbors, *, codes=None, nominal_weight=0.0, chunk_bytes=2**26, n_jobs=None
):
    """Exact k nearest neighbours of each row of ``X`` among the other rows.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        Samples of one class (continuous features).
    n_neighbors : int
        Number of neighbours ``k``; requires ``n_samples > k``.
    codes : ndarray of shape (n_samples, n_nominal), dtype=int, default=None
        Integer codes of nominal features (SMOTE-NC). Each differing nominal
        feature adds ``nominal_weight ** 2`` to the squared distance.
    nominal_weight : float, default=0.0
        SMOTE-NC's median standard deviation.
    chunk_bytes : int, default=2**26
        Memory budget of one block of distances.
    n_jobs : int, default=None
        Threads of the large dense search (the only threaded path); ``None``
        follows the BLAS thread limit in effect (threadpoolctl, joblib
        workers) and is one off the main thread; ``-1`` is all CPUs. See
        :func:`skpapers._solvers._threads.thread_budget`.

    Returns
    -------
    neighbors : ndarray of shape (n_samples, n_neighbors), dtype=intp
        Row indices of the neighbours, nearest first (ties: lower index,
        except on the kd-tree path used for large classes with at most
        ``_KDTREE_MAX_FEATURES`` features, where exact ties may be ordered
        differently).
    """
    n = X.shape[0]
    k = int(n_neighbors)
    if not 0 < k < n:
        raise ValueError(f"n_neighbors must be in [1, n_samples - 1]; got {k} for {n}.")
    has_codes = codes is not None and codes.shape[1] > 0
    if (
        not sparse.issparse(X)
        and not has_codes
        and n > 2 * _SUBSET
        and X.shape[1] <= _KDTREE_MAX_FEATURES
    ):
        return _kneighbors_kdtree(X, k)
    if sparse.issparse(X) or has_codes or n <= 2 * _SUBSET:
        return _kneighbors_rowwise(
            X, k, codes=codes, nominal_weight=nominal_weight,
            chunk_bytes=min(chunk_bytes, 2**24),
        )
    return _kneighbors_symmetric(X, k, n_jobs)
