"""SDPKMeans: the Peng-Wei semidefinite relaxation of K-means."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import pairwise_distances_argmin_min
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._solvers.peng_wei import solve_peng_wei
from .._solvers.sdp_rounding import round_embedding
from ._common import (
    check_n_clusters,
    check_squared_distances_finite,
    resolve_solver,
    sketch_indices,
)
from ..utils._validation import validate_numeric_data


class SDPKMeans(ClusterMixin, BaseEstimator):
    """K-means clustering by the Peng-Wei semidefinite relaxation.

    With centred data ``X`` and ``A = X X^T``, K-means is equivalent to
    maximising ``<A, Z>`` over membership matrices ``Z = sum_k 1_k 1_k^T / n_k``.
    Peng and Wei relax this set to ``Z`` positive semidefinite, ``Z >= 0``
    entrywise, ``Z 1 = 1`` and ``tr(Z) = K``. Labels are read off ``Z`` by
    k-means on the rows of its top-K eigenvectors (scaled by the square roots
    of the eigenvalues). Under a Gaussian mixture with a common spherical
    covariance the relaxation recovers the true partition exactly above a sharp
    separation threshold.

    The scalable solver never forms an ``n x n`` matrix: ``Z = U U^T`` with
    ``U >= 0`` of shape ``(n, rank)`` (Burer-Monteiro), the trace kept exactly
    by rescaling ``U``, the row sums enforced by an augmented Lagrangian, each step costing ``O(n p rank)``. On
    small problems (150 points or fewer) the default then refines that
    solution to the exact SDP optimum by ADMM.
    With ``max_samples`` the SDP is solved on a random subsample and the
    remaining points go to the nearest centroid (sketch-and-lift).

    Parameters
    ----------
    n_clusters : int, default=8
        Number of clusters ``K``.
    solver : {"auto", "bm", "admm", "cvxpy"}, default="auto"
        ``"bm"``: non-negative Burer-Monteiro with an augmented Lagrangian,
        ``O(n p rank)`` per step, no ``n x n`` matrix; its optimum lies on the
        completely positive subset of the SDP's set (see Notes). ``"admm"``:
        the Burer-Monteiro solution refined by ADMM on the ``n x n`` matrix to
        the exact SDP optimum (one eigendecomposition per step; a few hundred
        points at most). ``"auto"`` picks ``"admm"`` when the SDP is solved on
        at most 150 points, ``"bm"`` otherwise. ``"cvxpy"``: the exact SDP
        solved by SCS, slower; a reference.
    rank : int, default=None
        Columns of the factor ``U``, at least ``n_clusters``;
        ``2 * n_clusters`` when None.
    max_samples : int, default=1000
        Solve the SDP on at most this many points drawn at random, then assign
        the others to the nearest centroid. None solves on all points.
        (Measured in ``benchmarks/bench_cluster.py``, one-thread CPU: a
        default fit on 2,000 points and 10 clusters took 0.7 s; on all of
        20,000 points with 5 clusters, 8 s.)
    max_iter : int, default=60
        Multiplier updates of the augmented Lagrangian (``"bm"``).
    tol : float, default=1e-4
        Largest constraint violation accepted by ``"bm"``; the relative
        residual of ``"admm"``; the SCS tolerance for ``"cvxpy"``. At 1e-4
        the objective was within 3e-5 (relative) of SCS's in our runs; 1e-5
        costs up to 1.5x the time (n = 2000, 10 overlapping clusters).
    n_init : int, default=10
        Restarts of the k-means that rounds the spectral embedding of ``Z``.
    n_jobs : int, default=None
        Joblib workers for those restarts (a Dask or Ray joblib backend
        spreads them); the result does not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsample, the starting point and the rounding.
    verbose : int, default=0
        Print solver progress when positive.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        Nearest centre of each training point (``labels_ == predict(X)``):
        the centres are the means of the SDP's rounded clusters, so on the
        solved points this is the rounding followed by one assignment step.
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Mean of each cluster's solved points.
    objective_ : float
        ``<A, Z>`` at the solution (on the solved points, ``A`` from the
        centred data).
    inertia_ : float
        Sum of squared distances of the training points to their centroid.
    sample_indices_ : ndarray
        Indices of the points the SDP was solved on.
    n_iter_ : int
        Multiplier updates plus ADMM iterations used (1 for ``"cvxpy"``).
    n_features_in_ : int
        Number of features seen in ``fit``.

    See Also
    --------
    ILASDP : likelihood-adjusted SDP for clusters with different covariances.
    sklearn.cluster.KMeans : Lloyd's algorithm.

    Notes
    -----
    The non-negative factorisation restricts ``Z`` to completely positive
    matrices, a subset of the SDP's feasible set. The two optima coincide when
    the SDP solution is completely positive (for instance integral, the exact
    recovery regime); on strongly overlapping clusters the factorised optimum
    can be lower (we measured relative gaps up to about 3e-3). ``"admm"``
    removes that gap: it solves the doubly non-negative SDP itself, a convex
    problem, by alternating projections onto {PSD, trace K} and
    {non-negative, rows summing to 1}, and matches SCS to about 1e-5.

    References
    ----------
    J. Peng and Y. Wei, "Approximating K-means-type clustering via semidefinite
    programming", SIAM J. Optim., 2007.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skpapers.cluster import SDPKMeans
    >>> X, y = make_blobs(n_samples=60, centers=3, random_state=0)
    >>> model = SDPKMeans(n_clusters=3, random_state=0).fit(X)
    >>> model.labels_.shape
    (60,)
    """

    _parameter_constraints = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "solver": [StrOptions({"auto", "bm", "admm", "cvxpy"})],
        "rank": [Interval(Integral, 1, None, closed="left"), None],
        "max_samples": [Interval(Integral, 1, None, closed="left"), None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        solver="auto",
        rank=None,
        max_samples=1000,
        max_iter=60,
        tol=1e-4,
        n_init=10,
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.n_clusters = n_clusters
        self.solver = solver
        self.rank = rank
        self.max_samples = max_samples
        self.max_iter = max_iter
        self.tol = tol
        self.n_init = n_init
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Solve the SDP and round it to labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : Ignored
            Not used, present for API consistency.

        Returns
        -------
        self : SDPKMeans
            The fitted estimator.
        """
        X = validate_numeric_data(self, X, dtype=[np.float64, np.float32])
        check_squared_distances_finite(X)
        n = X.shape[0]
        K = self.n_clusters
        check_n_clusters(K, n, self.max_samples)
        if self.rank is not None and self.rank < K and self.solver != "cvxpy":
            raise ValueError(
                f"rank={self.rank} should be >= n_clusters={K}: the membership "
                "matrix Z = U U^T of a partition into n_clusters clusters has rank "
                "n_clusters. Leave rank=None for 2 * n_clusters."
            )
        rng = check_random_state(self.random_state)
        idx = sketch_indices(n, self.max_samples, rng)
        Xs = np.asarray(X[idx], dtype=np.float64)
        # Positive rescaling leaves the maximiser unchanged and avoids overflow.
        scale = float(np.max(np.abs(Xs - Xs.mean(axis=0)))) or 1.0
        Xs_scaled = Xs / scale
        seed = rng.randint(np.iinfo(np.int32).max)
        if K == 1:
            labels, objective, n_iter = np.zeros(idx.size, dtype=np.intp), 0.0, 0
        else:
            embedding, objective, n_iter = solve_peng_wei(
                Xs_scaled, K, resolve_solver(self.solver, idx.size), rank=self.rank,
                tol=self.tol, max_iter=self.max_iter, seed=seed, verbose=self.verbose,
            )
            labels = round_embedding(embedding, K, seed, self.n_init, self.n_jobs)
        centers = np.zeros((K, X.shape[1]))
        counts = np.bincount(labels, minlength=K)
        np.add.at(centers, labels, Xs / scale)
        centers = centers / np.maximum(counts, 1)[:, None] * scale
        # Every training point, solved or not, gets its nearest centre, so
        # that labels_ == predict(X) as with KMeans: rounding can split
        # identical rows (two copies of a point in two clusters when there
        # are fewer distinct points than clusters); here they share a label.
        full_labels = _nearest_center(X, centers)
        n_distinct = np.unique(full_labels).size
        if n_distinct < K:
            warnings.warn(
                f"Number of distinct clusters ({n_distinct}) found smaller than "
                f"n_clusters ({K}). Possibly due to duplicate points in X.",
                ConvergenceWarning,
            )
        self.labels_ = full_labels
        self.cluster_centers_ = centers
        with np.errstate(over="ignore"):  # inf only for data near the float range
            scale2 = np.float64(scale) ** 2
            self.objective_ = float(objective * scale2)
            self.inertia_ = float(np.sum(((X - centers[full_labels]) / scale) ** 2) * scale2)
        self.sample_indices_ = idx
        self.n_iter_ = int(n_iter)
        return self

    def predict(self, X):
        """Assign each point to the nearest cluster centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            New data.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Index of the nearest centre.
        """
        check_is_fitted(self)
        X = validate_numeric_data(self, X, dtype=[np.float64, np.float32], reset=False)
        return _nearest_center(X, self.cluster_centers_)


def _nearest_center(X, centers):
    """Index of the nearest centre, computed on rescaled data centred at the
    centres' mean (no overflow near the float range, and no cancellation in
    the expanded squared distances when the data sit far from the origin)."""
    scale = float(np.max(np.abs(centers))) or 1.0
    C = centers / scale
    origin = C.mean(axis=0)
    return pairwise_distances_argmin_min(X / scale - origin, C - origin)[0]
