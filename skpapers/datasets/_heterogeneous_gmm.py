"""Gaussian mixtures whose clusters differ in shape and scale."""

import numpy as np
from sklearn.utils import check_random_state


def make_heterogeneous_gmm(
    n_samples=300,
    n_features=2,
    n_clusters=3,
    *,
    separation=4.0,
    scale_ratio=4.0,
    anisotropy=4.0,
    weights=None,
    return_params=False,
    random_state=None,
):
    """Sample a Gaussian mixture with heterogeneous covariance matrices.

    Cluster ``k`` is ``N(mu_k, Sigma_k)`` with ``Sigma_k = s_k R_k diag(d_k) R_k^T``:
    ``R_k`` a random rotation, ``d_k`` log-uniform in ``[1, anisotropy]``
    (normalised to mean 1) and ``s_k`` log-spaced between 1 and ``scale_ratio``
    across the clusters, so the clusters have different shapes, orientations and
    sizes. The centres are random directions with every pair at distance at least
    ``separation`` (in units of the smallest cluster's standard deviation): they
    are drawn on a sphere and rescaled until the closest pair is exactly
    ``separation`` apart.

    Parameters
    ----------
    n_samples : int, default=300
        Total number of points.
    n_features : int, default=2
        Dimension ``p``; a high-dimensional setting uses ``p`` close to the
        cluster sizes.
    n_clusters : int, default=3
        Number of clusters ``K``.
    separation : float, default=4.0
        Smallest distance between two centres.
    scale_ratio : float, default=4.0
        Ratio of the largest to the smallest cluster variance scale.
    anisotropy : float, default=4.0
        Ratio of the largest to the smallest eigenvalue within a cluster.
    weights : array-like of shape (n_clusters,), default=None
        Mixing proportions; equal when None. Cluster sizes are the rounded
        ``n_samples * weights``.
    return_params : bool, default=False
        Also return a dict with ``means``, ``covariances`` and ``weights``.
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        True cluster of each point, in ``0..n_clusters-1``.
    params : dict
        Only when ``return_params=True``.

    Examples
    --------
    >>> from skpapers.datasets import make_heterogeneous_gmm
    >>> X, y = make_heterogeneous_gmm(n_samples=90, n_clusters=3, random_state=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((90, 2), [0, 1, 2])
    """
    rng = check_random_state(random_state)
    for name, value in [("n_samples", n_samples), ("n_features", n_features),
                        ("n_clusters", n_clusters)]:
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if n_clusters > n_samples:
        raise ValueError(
            f"n_clusters={n_clusters} must not exceed n_samples={n_samples}."
        )
    for name, value, low in [("separation", separation, 0.0),
                             ("scale_ratio", scale_ratio, 1.0),
                             ("anisotropy", anisotropy, 1.0)]:
        if not np.isfinite(value) or value < low:
            raise ValueError(f"{name} must be a finite number >= {low}, got {value!r}.")
    K, p = int(n_clusters), int(n_features)
    if weights is None:
        weights = np.full(K, 1.0 / K)
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (K,) or np.any(weights <= 0) or not np.isfinite(weights).all():
        raise ValueError(f"weights must be {K} positive numbers, got {weights!r}.")
    weights = weights / weights.sum()
    sizes = np.floor(weights * n_samples).astype(int)
    sizes[np.argsort(-(weights * n_samples - sizes))[: n_samples - sizes.sum()]] += 1

    scales = np.geomspace(1.0, scale_ratio, K)[rng.permutation(K)]
    covariances = np.empty((K, p, p))
    for k in range(K):
        Q, R = np.linalg.qr(rng.normal(size=(p, p)))
        Q *= np.sign(np.diag(R))
        d = np.exp(rng.uniform(0.0, np.log(anisotropy), size=p))
        d /= d.mean()
        covariances[k] = scales[k] * (Q * d) @ Q.T
    directions = rng.normal(size=(K, p))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    means = directions.copy()
    if K > 1:
        gaps = np.linalg.norm(means[:, None] - means[None], axis=-1)
        closest = gaps[np.triu_indices(K, 1)].min()
        if closest < 1e-8:  # p = 1 with K > 2 or coinciding draws
            means = np.arange(K, dtype=float)[:, None] * np.eye(1, p)
            closest = 1.0
        means *= separation / closest
    X = np.vstack([
        rng.multivariate_normal(means[k], covariances[k], size=sizes[k]) for k in range(K)
    ])
    y = np.repeat(np.arange(K), sizes)
    order = rng.permutation(n_samples)
    X, y = X[order], y[order]
    if return_params:
        return X, y, {"means": means, "covariances": covariances, "weights": weights}
    return X, y
