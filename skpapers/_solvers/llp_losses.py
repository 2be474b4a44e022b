"""Losses of the LLP learners as functions of each row's logit.

Every loss is a mean over the rows it is given (whole bags), returns its value
and its gradient with respect to each row's logit ``z_i``, and is written in
log space (``softplus``) so that large logits stay exact.

* :func:`bag_cross_entropy` (DLLP, Ardehaly & Culotta 2017): per bag, the
  cross-entropy between the bag's proportion ``p_B`` and the mean predicted
  probability ``mean_{i in B} sigmoid(z_i)``, each bag weighted by its size.
* :func:`pooled_bag_cross_entropy` (the bag loss of LLP-BP's embedding
  refinement, Havaldar et al. 2024, Sec. 3): the same cross-entropy with the
  bag's prediction made from the mean-pooled last hidden layer. The output
  layer is linear, so that prediction is ``sigmoid(mean_{i in B} z_i)``.
* :func:`instance_cross_entropy`: ``t_i softplus(-z_i) + (1 - t_i)
  softplus(z_i)``, the log-loss of soft targets ``t_i``. With ``t_i`` in
  [0, 1] these are pseudo-labels; EasyLLP (Busa-Fekete et al. 2023, Eq. 4)
  uses the debiased targets ``t_i = k (p_B - p) + p`` (``k`` = bag size,
  ``p`` = overall proportion), which may leave [0, 1]; the expected loss is
  then the instance log-loss.
"""

import numpy as np
from scipy.special import expit, log_expit

__all__ = [
    "bag_cross_entropy",
    "easyllp_targets",
    "instance_cross_entropy",
    "pooled_bag_cross_entropy",
]


def _local_bags(bag_index):
    """Bags of the given rows renumbered ``0 .. m - 1``, and their sizes."""
    bags, local = np.unique(bag_index, return_inverse=True)
    return bags, local, np.bincount(local).astype(np.float64)


def bag_cross_entropy(z, bag_index, p_bag):
    """DLLP loss of the rows' logits ``z`` (their bags given whole).

    Parameters
    ----------
    z : ndarray of shape (n_rows,)
    bag_index : ndarray of shape (n_rows,), int
        Global bag id of each row.
    p_bag : ndarray of shape (n_bags,)
        Proportion of every bag (indexed by global id).

    Returns
    -------
    value : float
        ``sum_B |B| CE(p_B, mean sigmoid) / n_rows``.
    dz : ndarray of shape (n_rows,)
    """
    bags, local, sizes = _local_bags(bag_index)
    p = p_bag[bags]
    log_s, log_1ms = log_expit(z), log_expit(-z)
    # log of the per-bag sums of sigmoid(z) and 1 - sigmoid(z), by log-sum-exp
    lse1 = _segment_lse(log_s, local, bags.size)
    lse0 = _segment_lse(log_1ms, local, bags.size)
    log_size = np.log(sizes)
    ce = -(p * (lse1 - log_size) + (1.0 - p) * (lse0 - log_size))
    n = z.size
    log_ds = log_s + log_1ms
    dz = sizes[local] * (
        -p[local] * np.exp(log_ds - lse1[local])
        + (1.0 - p[local]) * np.exp(log_ds - lse0[local])
    )
    return float(np.sum(sizes * ce)) / n, dz / n


def pooled_bag_cross_entropy(z, bag_index, p_bag):
    """Bag cross-entropy of ``sigmoid(mean_{i in B} z_i)``, bags weighted by size.

    Same parameters and returns as :func:`bag_cross_entropy`.
    """
    bags, local, sizes = _local_bags(bag_index)
    p = p_bag[bags]
    zbar = np.bincount(local, weights=z) / sizes
    ce = -(p * log_expit(zbar) + (1.0 - p) * log_expit(-zbar))
    n = z.size
    dz = (expit(zbar) - p)[local]  # d(|B| CE_B)/dz_i = |B| (s - p) / |B|
    return float(np.sum(sizes * ce)) / n, dz / n


def instance_cross_entropy(z, target, weight=None):
    """Mean log-loss of soft targets (any real ``target``; see module notes).

    Parameters
    ----------
    z, target : ndarray of shape (n_rows,)
    weight : ndarray of shape (n_rows,), default=None

    Returns
    -------
    value : float
    dz : ndarray of shape (n_rows,)
    """
    loss = -(target * log_expit(z) + (1.0 - target) * log_expit(-z))
    dz = expit(z) - target
    if weight is not None:
        loss, dz = loss * weight, dz * weight
    n = z.size
    return float(np.sum(loss)) / n, dz / n


def easyllp_targets(proportions, sizes, prior):
    """EasyLLP's debiased soft targets ``k (p_B - p) + p`` per row.

    Parameters
    ----------
    proportions : ndarray of shape (n_samples,)
        Proportion of each row's bag.
    sizes : ndarray of shape (n_samples,)
        Size ``k`` of each row's bag.
    prior : float
        Overall positive proportion ``p``.
    """
    return sizes * (proportions - prior) + prior


def _segment_lse(values, segment, n_segments):
    """log(sum(exp(values))) per segment id (``-inf`` entries allowed)."""
    peak = np.full(n_segments, -np.inf)
    np.maximum.at(peak, segment, values)
    peak = np.where(np.isfinite(peak), peak, 0.0)
    total = np.bincount(segment, weights=np.exp(values - peak[segment]),
                        minlength=n_segments)
    with np.errstate(divide="ignore"):
        return np.log(total) + peak
