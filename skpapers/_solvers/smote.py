"""SMOTE's synthetic-sample generation (private kernel).

Plain functions on arrays, used by :mod:`skpapers.over_sampling`:

- :func:`draw_pairs` picks which (sample, neighbour) pairs produce the new
  samples and the interpolation gaps ``u ~ U(0, 1)``;
- :func:`interpolate` builds ``x + u (x_nn - x)`` for dense or sparse ``X``,
  chunked so the temporaries stay small;
- :func:`nominal_vote` gives each new sample, per nominal feature, the most
  frequent value among the base sample and its ``k`` neighbours (SMOTE-NC),
  with random tie-breaks, working on integer codes, chunk by chunk.

The neighbour search itself lives in :mod:`skpapers._solvers.smote_neighbors`.
"""

import numpy as np
from scipy import sparse

from skpapers._solvers.smote_neighbors import same_class_kneighbors

__all__ = ["draw_pairs", "interpolate", "nominal_vote", "same_class_kneighbors"]

# Rows per chunk of generated samples: small temporaries are reused.
_CHUNK = 8192


def draw_pairs(n_class, n_neighbors, n_new, random_state, allocation="random"):
    """Choose base samples, neighbour ranks and gaps of the new samples.

    Parameters
    ----------
    n_class : int
        Number of samples of the class being grown.
    n_neighbors : int
        Number of neighbours per sample ``k``.
    n_new : int
        Number of synthetic samples.
    random_state : numpy.random.RandomState
        Source of randomness.
    allocation : {"random", "per_sample"}, default="random"
        ``"random"``: each new sample takes a uniformly random (sample,
        neighbour) pair (imbalanced-learn's rule; with the same seed and the
        same neighbours the draws match imbalanced-learn's). ``"per_sample"``:
        the paper's pseudo-code, every sample is the base of
        ``n_new // n_class`` new samples and the remainder goes to distinct
        random samples; the neighbour is random each time.

    Returns
    -------
    rows : ndarray of shape (n_new,)
        Base sample of each new sample.
    cols : ndarray of shape (n_new,)
        Rank (0 = nearest) of the neighbour it moves towards.
    gaps : ndarray of shape (n_new,)
        Interpolation gaps in ``[0, 1)``.
    """
    if allocation == "random":
        flat = random_state.randint(low=0, high=n_class * n_neighbors, size=n_new)
        gaps = random_state.uniform(size=n_new)
        rows, cols = np.divmod(flat, n_neighbors)
        return rows, cols, gaps
    per_sample, rest = divmod(n_new, n_class)
    rows = np.concatenate(
        (
            np.repeat(np.arange(n_class), per_sample),
            np.sort(random_state.choice(n_class, size=rest, replace=False)),
        )
    )
    cols = random_state.randint(low=0, high=n_neighbors, size=n_new)
    gaps = random_state.uniform(size=n_new)
    return rows, cols, gaps


def interpolate(X, neighbors, rows, cols, gaps, out=None):
    """Synthetic samples ``x + u (x_nn - x)`` along same-class segments.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_class, n_features)
        Samples of the class (float32 or float64).
    neighbors : ndarray of shape (n_class, k)
        Neighbour indices (rows of ``X``).
    rows, cols, gaps : ndarray of shape (n_new,)
        Output of :func:`draw_pairs`.
    out : ndarray of shape (n_new, n_features), default=None
        Where to write the dense result (e.g. the tail of the resampled
        array, which saves one copy of the new samples).

    Returns
    -------
    X_new : ndarray or sparse matrix of shape (n_new, n_features)
        Same dtype as ``X``; CSR (or ``X``'s sparse format) if ``X`` is sparse.
    """
    partners = neighbors[rows, cols]
    if sparse.issparse(X):
        Xr = X.tocsr()
        base = Xr[rows]
        step = sparse.diags(gaps) @ (Xr[partners] - base)
        return (base + step).astype(X.dtype).asformat(X.format)
    if out is None:
        out = np.empty((rows.size, X.shape[1]), dtype=X.dtype)
    for start in range(0, rows.size, _CHUNK):
        sl = slice(start, start + _CHUNK)
        base = X[rows[sl]]
        out[sl] = base + gaps[sl, None] * (X[partners[sl]] - base)
    return out


def nominal_vote(codes, neighbors, rows, random_state, include_base=True):
    """Most frequent code among a new sample's voters, per nominal feature.

    Parameters
    ----------
    codes : ndarray of shape (n_class, n_nominal), dtype=int
        Integer codes of the nominal features of the class.
    neighbors : ndarray of shape (n_class, k)
        Neighbour indices.
    rows : ndarray of shape (n_new,)
        Base sample of each new sample.
    random_state : numpy.random.RandomState
        Breaks ties uniformly among the tied values.
    include_base : bool, default=True
        Whether the base sample votes too (the paper: "majority vote between
        the feature vector under consideration and its k nearest
        neighbours"); ``False`` gives imbalanced-learn's vote of the
        neighbours only.

    Returns
    -------
    new_codes : ndarray of shape (n_new, n_nominal)
        Memory is ``O(chunk * (k + 1)^2)``, never ``n_new * k * n_levels``.
    """
    n_new, n_nominal = rows.size, codes.shape[1]
    out = np.empty((n_new, n_nominal), dtype=codes.dtype)
    for start in range(0, n_new, _CHUNK):
        r = rows[start : start + _CHUNK]
        voters = neighbors[r]
        if include_base:
            voters = np.column_stack((r, voters))
        n_voters = voters.shape[1]
        earlier = np.tril(np.ones((n_voters, n_voters), dtype=bool), -1)
        for f in range(n_nominal):
            votes = codes[voters, f]
            same = votes[:, :, None] == votes[:, None, :]
            counts = same.sum(axis=2)
            # Score each distinct value once (at its first voter), then a
            # uniform jitter in [0, 1) breaks ties without crossing counts.
            repeated = (same & earlier).any(axis=2)
            score = counts + random_state.uniform(size=counts.shape)
            score[repeated] = -1.0
            out[start : start + r.size, f] = votes[
                np.arange(r.size), np.argmax(score, axis=1)
            ]
    return out
