"""Helpers shared by SDPKMeans and ILASDP: validation and sketch-and-lift."""

import numpy as np


def check_n_clusters(n_clusters, n_samples, max_samples=None):
    """Raise a clear ValueError unless ``1 <= n_clusters <= n_samples`` and the
    sketch of ``max_samples`` points can hold ``n_clusters`` clusters."""
    if n_clusters > n_samples:
        raise ValueError(
            f"n_samples={n_samples} should be >= n_clusters={n_clusters}: "
            "an SDP clustering needs at least one sample per cluster."
        )
    if max_samples is not None and max_samples < n_clusters:
        raise ValueError(
            f"max_samples={max_samples} should be >= n_clusters={n_clusters}: "
            "the SDP is solved on max_samples points, at least one per cluster."
        )


def sketch_indices(n_samples, max_samples, rng):
    """Indices of the points the SDP is solved on (all of them, sorted, or a sample)."""
    if max_samples is None or n_samples <= max_samples:
        return np.arange(n_samples)
    return np.sort(rng.choice(n_samples, size=int(max_samples), replace=False))


# Largest number of solved points for which solver="auto" refines the
# Burer-Monteiro solution to the exact SDP optimum by ADMM (one n x n
# eigendecomposition per iteration and block: about 1 s at n = 150).
EXACT_MAX_SAMPLES = 150


# Largest ``n_clusters * n_samples`` for which ILASDP's solver="auto" ends
# with exact ADMM solves (3 clusters on 60 points). ADMM's iteration count
# varies widely (measured on LA-SDPs from the uniform start: 283 to 6903
# iterations for relative residuals of 1e-4 at n = 60-100), so only problems
# whose iterations are cheap get it by default: at K = 3, n = 150 (iris) one
# exact solve took up to 50 s on a busy machine.
EXACT_MAX_LA_SIZE = 180


def resolve_la_solver(solver, n_samples, n_clusters):
    """ILASDP's solver for its final rounds: ``"auto"`` is exact ADMM when
    ``n_clusters * n_samples <= EXACT_MAX_LA_SIZE``, else ``"bm"``."""
    if solver == "auto":
        return "admm" if n_clusters * n_samples <= EXACT_MAX_LA_SIZE else "bm"
    return solver


def resolve_solver(solver, n_samples):
    """``"auto"``: ``"admm"`` (exact) up to ``EXACT_MAX_SAMPLES`` points, else ``"bm"``."""
    if solver == "auto":
        return "admm" if n_samples <= EXACT_MAX_SAMPLES else "bm"
    return solver


def check_squared_distances_finite(X):
    """Raise a ValueError naming ``X`` when its squared distances overflow.

    Clustering works with squared distances between centred rows; values
    near the float range (``|x|`` above about 1e154) overflow them, and the
    fit would otherwise end in a message from deep inside.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        centred = X - X.mean(axis=0)
        ok = np.all(np.isfinite(np.einsum("ij,ij->i", centred, centred)))
    if not ok:
        raise ValueError(
            "X has values too large to cluster: squared distances between its "
            "rows overflow (values near the float range). Rescale X, e.g. "
            "with StandardScaler."
        )
    return X
