"""One start of iLA-SDP: alternate Gaussian estimates, LA-SDP solves and rounding.

:func:`ila_sdp` is the loop that :class:`skpapers.cluster.ILASDP` runs from
each of its starts: arrays and options in, the fitted Gaussian parameters,
the last LA-SDP objective and the stopping flags out. The estimator picks
the start (k-means, the Peng-Wei SDP or random points), the sketch and the
best of several starts.

Each round: estimate ``Sigma_k`` and ``pi_k`` from the labels, solve the
LA-SDP with costs ``C_k[i, j] = 1/2 ||L_k^T (x_i - x_j)||^2 + c_k``
(``c_k = log det Sigma_k - 2 log pi_k``) and round its membership blocks to
labels. See the estimator's docstring for the program, the rounding and the
acceptance rules.
"""

import warnings
from typing import NamedTuple

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._progress import write
from .gaussian_mixture import (
    classification_log_likelihood,
    estimate_gaussians,
    log_det_covariances,
)
from .sdp_admm import la_sdp_admm
from .sdp_bm import la_sdp_bm
from .sdp_cvxpy import la_sdp_cvxpy
from .sdp_rounding import (
    round_by_row_mass,
    round_embedding,
    spectral_embedding_from_factor,
    spectral_embedding_from_matrix,
)

# Solver settings for one LA-SDP solve inside iLA-SDP. Rounding only needs
# the row masses Z_k 1 to within a few 1e-2, so the projected-gradient runs
# are capped (200 steps per multiplier update, ``solver_max_iter`` updates).
# (With the trace constraints in the augmented Lagrangian, as in an earlier
# solver, long solves let a membership block fall into U_k = 0; the solver
# now keeps the traces exactly, so that trap is gone.)
MAX_INNER = 200
# A solve whose row sums are off by more than this (or non-finite) failed and
# is rejected. A solve stopped early by the budget above ends at violations
# up to ~0.15 (n = 2000) and still rounds to good labels, so it is accepted.
MAX_VIOLATION = 0.5
# Exact (ADMM) solves run to this fraction of ``tol`` in relative residuals,
# with at most this many iterations (about 2 s at K * n = 180). Measured on
# LA-SDPs at n = 60 from the uniform start: residuals of 1e-4 left the
# objective 4e-4 from SCS's (6903 iterations), 1e-5 within 5e-6 (10432).
ADMM_TOL_FACTOR = 0.01
ADMM_MAX_ITER = 3000


class StartResult(NamedTuple):
    """What one start of :func:`ila_sdp` returns."""

    params: tuple
    """``(labels, means, covariances, weights, precisions_cholesky)`` of the
    kept labels, as :func:`~skpapers._solvers.gaussian_mixture.estimate_gaussians`
    returns them."""
    objective: float
    """LA-SDP objective ``sum_k <C_k, Z_k>`` of the last solve (nan if none)."""
    converged: bool
    """The rounds stopped on their own (labels unchanged, no improvement or a
    cycle), not on ``max_iter`` or a failed solve."""
    n_iter: int
    """LA-SDP solves (rounds) run."""
    hit_max_iter: bool
    """The labels were still changing after ``max_iter`` rounds."""


def partition_key(labels):
    """A hashable key of the partition (invariant to renaming the labels)."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))  # clusters numbered by first appearance
    return order[inverse.ravel()].astype(np.int32).tobytes()


def same_partition(a, b):
    """Whether two label vectors define the same partition (up to renaming)."""
    pairs = np.unique(np.stack([a, b]), axis=1)
    return pairs.shape[1] == np.unique(a).size == np.unique(b).size


def _log_terms(params, weight_term):
    """``c_k = log det Sigma_k`` (``- 2 log pi_k`` with ``weight_term``)."""
    _, _, _, weights, prec_chol = params
    log_terms = log_det_covariances(prec_chol)
    if weight_term:
        with np.errstate(divide="ignore"):
            log_terms = log_terms - 2.0 * np.log(weights)
    return log_terms


def _round(rounding, n_clusters, seed, U=None, Z=None):
    """Labels from factors ``U`` (K, n, r) or dense blocks ``Z`` (K, n, n)."""
    if rounding == "row_mass":
        if Z is not None:
            return round_by_row_mass(Z.sum(axis=2))
        return round_by_row_mass(np.einsum("knr,kr->kn", U, U.sum(axis=1)))
    # spectral: k-means on the top-K eigenvectors of sum_k Z_k
    if Z is not None:
        embedding = spectral_embedding_from_matrix(Z.sum(axis=0), n_clusters)
    else:
        factor = U.transpose(1, 0, 2).reshape(U.shape[1], -1)  # sum_k Z_k = F F^T
        embedding = spectral_embedding_from_factor(factor, n_clusters)
    return round_embedding(embedding, n_clusters, seed)


def _solve(X, params, labels, seed, solver, opts, warn=True):
    """One LA-SDP solve at ``params``, rounded: ``(labels, objective)``;
    ``objective`` is nan (and the labels the given ones) when it failed."""
    K = params[1].shape[0]
    _, _, covariances, weights, prec_chol = params
    if solver == "cvxpy":
        w = weights if opts["weight_term"] else np.ones_like(weights)
        Z, objective = la_sdp_cvxpy(X, covariances, w, eps=opts["tol"])
        return _round(opts["rounding"], K, seed, Z=Z), objective
    log_terms = _log_terms(params, opts["weight_term"])
    with warnings.catch_warnings():
        # an inexact inner solve is fine: the outer loop re-solves anyway
        warnings.simplefilter("ignore", ConvergenceWarning)
        U, objective, info = la_sdp_bm(
            X, prec_chol, log_terms, labels, rank=opts["rank"], random_state=seed,
            tol=opts["tol"], gtol=opts["tol"], max_outer=opts["solver_max_iter"],
            max_inner=MAX_INNER,
        )
    row_mass = np.einsum("knr,kr->kn", U, U.sum(axis=1))
    failed = not (np.all(np.isfinite(row_mass)) and np.isfinite(objective)
                  and info["violation"] <= MAX_VIOLATION)
    if solver == "admm":
        # convex: a failed factorised solve only costs a better start
        Z0 = None if failed else np.matmul(U, U.transpose(0, 2, 1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            Z, objective, _ = la_sdp_admm(
                X, prec_chol, log_terms, Z0=Z0, tol=ADMM_TOL_FACTOR * opts["tol"],
                max_iter=ADMM_MAX_ITER,
            )
        return _round(opts["rounding"], K, seed, Z=Z), objective
    if failed and warn:
        warnings.warn(
            "The LA-SDP solver failed (non-finite iterate, or row-sum "
            f"violation {info['violation']:.2g} > {MAX_VIOLATION}); the best "
            "labels so far are kept. solver='admm' or 'cvxpy' avoids this "
            "on small data.",
            ConvergenceWarning,
        )
    if failed:
        return labels, np.nan
    return _round(opts["rounding"], K, seed, U=U), objective


def ila_sdp(
    X,
    init_labels,
    n_clusters,
    *,
    max_iter=20,
    reg_covar=1e-6,
    covariance_shrinkage="auto",
    weight_term=True,
    rounding="row_mass",
    accept="improve",
    solver="bm",
    bm_first=False,
    rank=2,
    solver_max_iter=6,
    tol=1e-3,
    random_state=0,
    verbose=0,
):
    """Run iLA-SDP rounds from one start (Zhuang, Chen and Yang, 2023).

    Alternates: Gaussian parameters from the labels
    (:func:`~skpapers._solvers.gaussian_mixture.estimate_gaussians`), one
    LA-SDP solve ``min sum_k <C_k, Z_k>`` over ``Z_k`` positive
    semidefinite, non-negative, ``tr(Z_k) = 1``, ``(sum_k Z_k) 1 = 1``, and
    rounding to labels. With ``accept="improve"`` new labels are kept only
    when they raise the classification log-likelihood, and the rounds stop at
    the first that does not; with ``"always"`` they run to a fixed point or a
    cycle and the most likely labelling visited is returned.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The points (float64); not modified.
    init_labels : ndarray of shape (n_samples,)
        Starting labels in ``0..n_clusters-1``.
    n_clusters : int
        Number of clusters ``K``.
    max_iter : int, default=20
        Largest number of rounds.
    reg_covar, covariance_shrinkage, weight_term, rounding, accept, rank, \
solver_max_iter, tol
        As the options of the same names of :class:`skpapers.cluster.ILASDP`.
    solver : {"bm", "admm", "cvxpy"}, default="bm"
        Solver of the final rounds.
    bm_first : bool, default=False
        Run the rounds on ``"bm"`` until the labels settle (or a solve
        fails), then go on with ``solver`` (``ILASDP(solver="auto")``).
    random_state : int, default=0
        Seed of every solve's starting noise and of the spectral rounding
        (the same seed in every round).
    verbose : int, default=0
        At 2 or more, one line per round (through
        :func:`skpapers.utils._progress.write`).

    Returns
    -------
    result : StartResult
        ``params``, ``objective``, ``converged``, ``n_iter``,
        ``hit_max_iter``.

    Raises
    ------
    ValueError
        When a cluster covariance is singular or not finite (from
        ``estimate_gaussians``).

    Warns
    -----
    ConvergenceWarning
        When a solve of the final solver fails (the best labels so far are
        kept).
    UserWarning
        When rounding leaves a cluster with fewer than 2 points (the previous
        labels are kept and the rounds stop).

    References
    ----------
    Y. Zhuang, X. Chen and Y. Yang, "Likelihood adjusted semidefinite programs
    for clustering heterogeneous data", ICML 2023 (arXiv:2209.15097).

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers._solvers.ila_sdp import ila_sdp
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(8, 2, (30, 2))])
    >>> start = (X[:, 0] > 4).astype(int)
    >>> result = ila_sdp(X, start, 2)
    >>> result.params[0].shape, result.converged
    ((60,), True)
    """
    K = int(n_clusters)
    opts = {"weight_term": weight_term, "rounding": rounding, "rank": rank,
            "solver_max_iter": solver_max_iter, "tol": tol}

    def estimate(labels):
        return estimate_gaussians(X, labels, K, reg_covar, covariance_shrinkage)

    def score(params):
        return classification_log_likelihood(X, params, weight_term)

    seed = random_state
    params = estimate(init_labels)
    if K == 1:
        return StartResult(params, np.nan, True, 1, False)
    score_now = score(params)
    objective, final_solver = np.nan, solver
    # accept="always": the rounds may cycle (measured: a 4-cycle on three
    # separated clusters); a recurring labelling ends them, and the most
    # likely labelling visited is returned
    best = (score_now, params)
    seen = {partition_key(params[0])}
    # bm_first: the rounds run on the fast Burer-Monteiro solver; once they
    # settle, the program is solved by ``solver`` and the rounds go on with
    # it until those settle too.
    solver = "bm" if bm_first else final_solver
    for n_iter in range(1, max_iter + 1):
        labels = params[0]
        # Cold start from the current labels' indicators every round: a
        # warm start from the previous factors and multipliers (measured)
        # kept the solver at the previous solution, so after one round
        # the labels stopped moving (error 0.069 vs 0.039 at p = 10).
        new_labels, new_objective = _solve(
            X, params, labels, seed, solver, opts, warn=solver == final_solver
        )
        if not np.isfinite(new_objective) and solver != final_solver:
            solver = final_solver  # a failed fast solve: go exact now
            continue
        if not np.isfinite(new_objective):
            return StartResult(params, objective, False, n_iter, False)  # warned
        objective = new_objective
        collapsed = np.flatnonzero(np.bincount(new_labels, minlength=K) < 2)
        if collapsed.size and K * 2 <= X.shape[0]:
            warnings.warn(
                f"LA-SDP rounding left clusters {collapsed.tolist()} with fewer "
                "than 2 points; the previous labels are kept and the "
                "iterations stop.",
                UserWarning,
            )
            return StartResult(params, objective, True, n_iter, False)
        changed = int(np.sum(new_labels != labels))
        if rounding == "spectral":
            # k-means numbers the clusters arbitrarily: compare partitions
            changed = 0 if same_partition(new_labels, labels) else max(changed, 1)
        if changed == 0 and solver != final_solver:
            solver = final_solver  # settled: solve the same program exactly
            continue
        if changed == 0:
            return StartResult(best[1], objective, True, n_iter, False)
        if accept == "always" and partition_key(new_labels) in seen:
            return StartResult(best[1], objective, True, n_iter, False)  # a cycle
        new_params = estimate(new_labels)
        new_score = score(new_params)
        if verbose >= 2:
            write(f"[ILASDP] round {n_iter}: objective={objective:.6g}, "
                  f"{changed} labels changed, classification "
                  f"log-likelihood {score_now:.6g} -> {new_score:.6g}")
        if accept == "improve" and not new_score > score_now:
            if solver != final_solver:
                solver = final_solver
                continue
            # relaxation + rounding did not improve the likelihood: the
            # previous labels are the best, and they cannot cycle
            return StartResult(params, objective, True, n_iter, False)
        params, score_now = new_params, new_score
        seen.add(partition_key(params[0]))
        if score_now > best[0]:
            best = (score_now, params)
    return StartResult(best[1], objective, False, max_iter, True)
