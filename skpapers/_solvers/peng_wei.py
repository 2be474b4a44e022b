"""The Peng-Wei K-means SDP, from data to the spectral embedding of its solution.

One entry point, :func:`solve_peng_wei`, behind ``SDPKMeans``: the solve that
the exact reference (cvxpy + SCS) replaces, so that the benchmark can time
exactly this part against SCS. Rounding the embedding to labels is left to
:func:`~skpapers._solvers.sdp_rounding.round_embedding`.
"""

import warnings

from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning

from ._threads import single_threaded
from .sdp_admm import peng_wei_admm
from .sdp_bm import peng_wei_bm
from .sdp_cvxpy import peng_wei_cvxpy
from .sdp_rounding import spectral_embedding_from_factor, spectral_embedding_from_matrix


def solve_peng_wei(X, n_clusters, solver, *, rank=None, tol=1e-4, max_iter=60, seed=0,
                   verbose=0):
    """Solve the Peng-Wei SDP on ``X`` and return the embedding of its solution.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The points, rescaled so that squared distances cannot overflow.
    n_clusters : int
        ``K`` (at least 2).
    solver : {"bm", "admm", "cvxpy"}
        ``"bm"``: non-negative Burer-Monteiro from a k-means start
        (:func:`~skpapers._solvers.sdp_bm.peng_wei_bm`). ``"admm"``: a rough
        Burer-Monteiro solution refined to the exact optimum by
        :func:`~skpapers._solvers.sdp_admm.peng_wei_admm`. ``"cvxpy"``: SCS.
    rank, tol, max_iter, verbose
        As in ``SDPKMeans``.
    seed : int
        Seeds the k-means start and the factor's starting point.

    Returns
    -------
    embedding : ndarray of shape (n_samples, n_clusters)
        Rows of the best rank-K factor of the solution ``Z``.
    objective : float
        ``<X_c X_c^T, Z>``.
    n_iter : int
        Multiplier updates plus ADMM iterations (1 for ``"cvxpy"``).
    """
    if solver == "cvxpy":
        Z, objective = peng_wei_cvxpy(X, n_clusters, eps=tol)
        return spectral_embedding_from_matrix(Z, n_clusters), objective, 1
    with single_threaded():  # small k-means: no OpenMP waiting
        start = KMeans(n_clusters, n_init=1, random_state=seed).fit_predict(X)
    # Before ADMM (convex: any start converges) a rough factor is enough:
    # measured on iris (K = 8), the refined solve took 2.2 s from a tol=1e-3
    # start against 3.1 s from a 1e-5 one, with the same optimum.
    rough = solver == "admm"
    with warnings.catch_warnings():
        if rough:
            warnings.simplefilter("ignore", ConvergenceWarning)
        U, objective, info = peng_wei_bm(
            X, n_clusters, start, rank=rank, random_state=seed,
            tol=max(tol, 1e-3) if rough else tol,
            max_outer=min(max_iter, 10) if rough else max_iter, verbose=verbose,
        )
    n_iter = info["n_iter"]
    if solver == "bm":
        return spectral_embedding_from_factor(U, n_clusters), objective, n_iter
    Z, objective, info = peng_wei_admm(X, n_clusters, Z0=U @ U.T, tol=tol, verbose=verbose)
    return spectral_embedding_from_matrix(Z, n_clusters), objective, n_iter + info["n_iter"]
