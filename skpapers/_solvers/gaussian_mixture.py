"""Gaussian cluster parameters from labels, and mixture log-densities."""

import warnings

import numpy as np
from scipy.special import logsumexp
from sklearn.covariance import ledoit_wolf_shrinkage


def repair_labels(X, labels, n_clusters):
    """Give every empty cluster one point: the point farthest from its centre.

    Returns the (possibly changed) labels and the clusters that were emptied.
    """
    labels = labels.copy()
    emptied = []
    for k in range(n_clusters):
        if np.any(labels == k):
            continue
        counts = np.bincount(labels, minlength=n_clusters)
        means = np.zeros((n_clusters, X.shape[1]))
        np.add.at(means, labels, X)
        means /= np.maximum(counts, 1)[:, None]
        dist = np.sum((X - means[labels]) ** 2, axis=1)
        dist[counts[labels] < 2] = -np.inf  # never empty another cluster
        labels[int(np.argmax(dist))] = k
        emptied.append(k)
    return labels, emptied


def shrink_covariance(S, R, shrinkage):
    """``(1 - a) S + a (tr(S) / p) I`` with ``a = shrinkage``, or Ledoit-Wolf's ``a``.

    ``R`` holds the centred rows ``S`` was computed from; it is only used by
    ``shrinkage="auto"`` (the Ledoit-Wolf estimate of the best ``a``).
    """
    if shrinkage == "auto":
        if R.shape[0] < 2:
            return S
        shrinkage = ledoit_wolf_shrinkage(R, assume_centered=True)
    if shrinkage == 0:
        return S
    p = S.shape[0]
    return (1.0 - shrinkage) * S + (shrinkage * np.trace(S) / p) * np.eye(p)


def estimate_gaussians(X, labels, n_clusters, reg_covar, shrinkage=0.0):
    """Means, covariances (+ ``reg_covar`` ridge), weights and precision factors.

    A cluster with fewer than two points gets the pooled within-cluster
    covariance (with a warning); an empty cluster is first given the point
    farthest from its centre. With ``shrinkage`` (a number in [0, 1] or
    ``"auto"``), each sample covariance is first pulled towards the sphere of
    the same trace (:func:`shrink_covariance`). Raises a ValueError naming
    ``reg_covar`` when a covariance is still singular or not finite.

    Returns
    -------
    labels, means, covariances, weights, precisions_cholesky
    """
    n, p = X.shape
    labels, emptied = repair_labels(X, labels, n_clusters)
    counts = np.bincount(labels, minlength=n_clusters).astype(float)
    means = np.zeros((n_clusters, p))
    np.add.at(means, labels, X)
    means /= counts[:, None]
    R = X - means[labels]
    covariances = np.zeros((n_clusters, p, p))
    for k in range(n_clusters):
        Rk = R[labels == k]
        covariances[k] = shrink_covariance(Rk.T @ Rk / counts[k], Rk, shrinkage)
    small = np.flatnonzero(counts < 2)
    if small.size:
        pooled = R.T @ R / n
        covariances[small] = pooled
        warnings.warn(
            f"Clusters {small.tolist()} have fewer than 2 points"
            + (f" (clusters {emptied} were empty and were re-seeded)" if emptied else "")
            + "; they use the pooled within-cluster covariance.",
            UserWarning,
        )
    covariances += reg_covar * np.eye(p)[None]
    if not np.all(np.isfinite(covariances)):
        raise ValueError(
            "The cluster covariances are not finite (values of X too large?); "
            "rescale X before fitting."
        )
    try:
        prec_chol = np.stack(
            [np.linalg.inv(np.linalg.cholesky(c)).T for c in covariances]
        )
    except np.linalg.LinAlgError:
        raise ValueError(
            "A cluster covariance matrix is singular; increase reg_covar "
            f"(currently {reg_covar}) or remove duplicated/constant features."
        ) from None
    return labels, means, covariances, counts / n, prec_chol


def log_det_covariances(prec_chol):
    """``log det Sigma_k`` from ``L_k`` with ``L_k L_k^T = Sigma_k^{-1}``."""
    return -2.0 * np.sum(np.log(np.diagonal(prec_chol, axis1=1, axis2=2)), axis=1)


def _row_scales(X):
    """Powers of two that bring every row of ``X`` below 1e100 in size (1 for
    ordinary rows): dividing by them is exact, and it keeps the squared
    distances of huge rows from overflowing to inf - inf = nan."""
    big = np.max(np.abs(X), axis=1) if X.shape[1] else np.zeros(X.shape[0])
    scales = np.ones(X.shape[0])
    huge = big > 1e100
    scales[huge] = np.exp2(np.floor(np.log2(big[huge])))
    return scales


def scaled_mahalanobis(X, means, prec_chol):
    """``(q, s)``: ``||L_k^T (x_i - mu_k)||^2 = s_i^2 q[i, k]``, in centred form.

    ``s_i`` (powers of two, 1 for ordinary rows) keep ``q`` finite for rows
    near the float range, so the cluster order of every row is still known
    when ``s_i^2 q`` overflows.
    """
    scales = _row_scales(X)
    Xs = X / scales[:, None]
    q = np.empty((X.shape[0], means.shape[0]))
    for k in range(means.shape[0]):
        Y = (Xs - means[k] / scales[:, None]) @ prec_chol[k]
        q[:, k] = np.sum(Y * Y, axis=1)
    return q, scales


def weighted_log_prob(X, means, prec_chol, weights):
    """``log pi_k + log N(x_i; mu_k, Sigma_k)``, shape (n_samples, K).

    Computed from centred rows ``L_k^T (x_i - mu_k)`` (no expanded quadratic
    forms, so no cancellation when the data sit far from the origin); rows so
    large that every density underflows get ``-inf`` in every column (see
    :func:`posterior`).
    """
    p = X.shape[1]
    q, scales = scaled_mahalanobis(X, means, prec_chol)
    with np.errstate(over="ignore"):
        q = q * (scales * scales)[:, None]
    out = -0.5 * (q + log_det_covariances(prec_chol) + p * np.log(2 * np.pi))
    with np.errstate(divide="ignore"):
        return out + np.log(weights)


def posterior(X, means, prec_chol, weights):
    """``(log_prob, proba)``: weighted log-densities and cluster posteriors.

    A row whose densities all underflow (a point some 1e150 standard
    deviations away) gets the posterior's limit: all mass on the cluster with
    the smallest Mahalanobis distance. Rows always sum to one.
    """
    log_prob = weighted_log_prob(X, means, prec_chol, weights)
    lost = ~np.any(np.isfinite(log_prob), axis=1)
    with np.errstate(invalid="ignore"):
        proba = np.exp(log_prob - logsumexp(log_prob, axis=1, keepdims=True))
    if np.any(lost):
        q, _ = scaled_mahalanobis(X[lost], means, prec_chol)
        proba[lost] = 0.0
        proba[np.flatnonzero(lost), np.argmin(q, axis=1)] = 1.0
    return log_prob, proba


def mixture_log_likelihood(X, means, prec_chol, weights):
    """Per-sample observed log-likelihood ``log sum_k pi_k N(x_i; mu_k, Sigma_k)``."""
    return logsumexp(weighted_log_prob(X, means, prec_chol, weights), axis=1)


def classification_log_likelihood(X, params, weight_term=True):
    """``sum_i log(pi_{k_i} N(x_i; mu_{k_i}, Sigma_{k_i}))`` for ``params`` from
    :func:`estimate_gaussians` (labels first): what iLA-SDP maximises. Without
    ``weight_term`` the ``log pi_k`` terms are left out (equal weights)."""
    labels, means, _, weights, prec_chol = params
    if not weight_term:
        weights = np.ones_like(weights)
    log_prob = weighted_log_prob(X, means, prec_chol, weights)
    return float(np.sum(log_prob[np.arange(X.shape[0]), labels]))
