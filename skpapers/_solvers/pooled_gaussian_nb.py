"""Sufficient statistics and the linear model of pooled-variance Gaussian naive Bayes.

The model: ``x | y = k ~ N(mu_k, diag(s))`` with one diagonal variance ``s``
shared by every class. Its sufficient statistics are, per class, the (weighted)
count ``n_k`` and mean ``mu_k``, and, per feature, the pooled within-class sum
of squares ``W_i = sum_samples w (x_i - mu_{y, i})^2``. The maximum-likelihood
variance is ``W / N = sum_k (n_k / N) sigma_{k, i}^2``: the per-class variances
pooled with the empirical class proportions.

Statistics of two disjoint batches merge exactly (Chan, Golub & LeVeque's
pairwise update), so streaming ``partial_fit`` equals one ``fit`` up to
rounding. Everything is accumulated in float64.
"""

import numpy as np
from scipy import sparse

from skpapers._solvers._threads import single_threaded

# The products here have only ``n_classes`` rows: bound by memory bandwidth, so
# they run on one BLAS thread (see skpapers._solvers._threads for the figures).

# rows per block when accumulating squared residuals (bounded temporary memory)
_BLOCK_ROWS = 2048
# above this many classes the class indicator matrix is stored sparse
_DENSE_MAX_CLASSES = 64


def class_statistics(X, y_index, n_classes, sample_weight=None):
    """Per-class counts and means and the pooled within-class sum of squares.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64
    y_index : ndarray of shape (n_samples,), int
        Class index of each row, in ``range(n_classes)``.
    n_classes : int
    sample_weight : ndarray of shape (n_samples,) or None

    Returns
    -------
    counts : ndarray of shape (n_classes,)
        Total weight of each class (zero for a class absent from ``y_index``),
        in units of ``2 ** exponent``.
    means : ndarray of shape (n_classes, n_features)
        Weighted class means; zero rows for absent classes.
    within_ss : ndarray of shape (n_features,)
        ``sum_i w_i (x_i - mean_{y_i})**2``, computed by blocks from centred
        residuals (two passes, no cancellation), in units of ``2 ** exponent``.
    exponent : int
        The weights are divided by ``2 ** exponent`` (exactly: a power of two)
        so that the largest is in ``[0.5, 1)``: sums of weights near 1e-300 or
        1e300 neither underflow nor overflow. 0 without weights.
    """
    n_samples, n_features = X.shape
    exponent = 0
    if sample_weight is None:
        weights = np.ones(n_samples)
    else:
        w_max = float(np.max(sample_weight)) if n_samples else 0.0
        exponent = int(np.frexp(w_max)[1]) if w_max > 0 else 0
        weights = np.ldexp(np.asarray(sample_weight, dtype=np.float64), -exponent)
        sample_weight = weights
    counts = np.bincount(y_index, weights=weights, minlength=n_classes)
    # one-hot (weighted) indicator: class sums by one BLAS product
    if n_classes <= _DENSE_MAX_CLASSES:
        indicator = np.zeros((n_classes, n_samples))
        indicator[y_index, np.arange(n_samples)] = weights
    else:  # many classes: a sparse indicator keeps memory O(n_samples)
        indicator = sparse.csr_matrix(
            (weights, (y_index, np.arange(n_samples))), shape=(n_classes, n_samples)
        )
    with single_threaded("blas"):
        sums = np.asarray(indicator @ X)
    means = np.zeros((n_classes, n_features))
    seen = counts > 0
    means[seen] = sums[seen] / counts[seen, None]
    if not np.all(np.isfinite(means)):
        # class sums overflow (values near 1e308): sum X halved, then double
        with single_threaded("blas"):
            half = np.asarray(indicator @ (0.5 * X))
        means[seen] = 2.0 * (half[seen] / counts[seen, None])

    within_ss = np.zeros(n_features)
    for start in range(0, n_samples, _BLOCK_ROWS):
        stop = min(start + _BLOCK_ROWS, n_samples)
        resid = X[start:stop] - means[y_index[start:stop]]
        if sample_weight is None:
            within_ss += np.einsum("ij,ij->j", resid, resid)
        else:
            within_ss += np.einsum("i,ij,ij->j", weights[start:stop], resid, resid)
    return counts, means, within_ss, exponent


def merge_statistics(old, new):
    """Merge the statistics of two disjoint batches (exact pairwise update).

    Parameters
    ----------
    old, new : tuple of (counts, means, within_ss, exponent)
        As returned by :func:`class_statistics`.

    Returns
    -------
    counts, means, within_ss, exponent : the statistics of the union of both
        batches, in the units of the batch with the larger weights.

    Notes
    -----
    With ``n = n_a + n_b`` and ``delta = mean_b - mean_a`` for one class:
    ``mean = mean_a + (n_b / n) delta`` and the class adds
    ``(n_a n_b / n) delta**2`` to the within-class sum of squares.
    """
    n_a, mean_a, ss_a, e_a = old
    n_b, mean_b, ss_b, e_b = new
    exponent = max(e_a, e_b)  # rescale both to the larger unit (exact)
    n_a, ss_a = np.ldexp(n_a, e_a - exponent), np.ldexp(ss_a, e_a - exponent)
    n_b, ss_b = np.ldexp(n_b, e_b - exponent), np.ldexp(ss_b, e_b - exponent)
    n = n_a + n_b
    delta = mean_b - mean_a
    frac_b = np.divide(n_b, n, out=np.zeros_like(n), where=n > 0)
    means = mean_a + frac_b[:, None] * delta
    between = np.divide(n_a * n_b, n, out=np.zeros_like(n), where=n > 0)
    within_ss = ss_a + ss_b + between @ (delta * delta)
    return n, means, within_ss, exponent


def grand_mean(counts, means):
    """Weighted mean of the class means (with proportions: no overflow)."""
    return (counts / counts.sum()) @ means


def pooled_variance(counts, means, within_ss, var_smoothing):
    """Pooled variance ``W / N + epsilon`` and the smoothing ``epsilon``.

    ``epsilon = var_smoothing * max_i var(x_i)``, where ``var(x_i)`` is the
    (weighted) total variance of feature ``i`` over all samples seen, obtained
    from the class statistics by the law of total variance. Without weights
    this is ``var_smoothing * np.var(X, axis=0).max()``, scikit-learn's rule.

    Features that are constant over all the data get variance 1: their
    class means are equal, so they shift every class score by the same amount
    and any positive variance gives the same predictions.

    Returns
    -------
    var : ndarray of shape (n_features,)
    epsilon : float
    constant : ndarray of bool, shape (n_features,)
        Features with zero total variance.
    """
    total = counts.sum()
    centred = means - grand_mean(counts, means)
    total_ss = within_ss + counts @ (centred * centred)
    total_var = total_ss / total
    epsilon = float(var_smoothing * total_var.max())
    var = within_ss / total + epsilon
    constant = total_var <= 0
    var[constant & (var <= 0)] = 1.0
    return var, epsilon, constant


def centred_model(means, var, log_prior, centre):
    """Weights and intercepts of the class scores about ``centre``.

    The class score ``log pi_k - sum_i (x_i - mu_ki)**2 / (2 s_i)`` equals,
    up to a term shared by every class, ``(x - c) . w_k + b_k`` with
    ``w_k = (mu_k - c) / s`` and ``b_k = log pi_k - sum_i (mu_ki - c_i)**2
    / (2 s_i)``, for any centre ``c``. With ``c`` the grand mean, ``x - c``
    and ``mu_k - c`` are of the size of the spread of the data, not of its
    offset, so no large terms cancel (the raw form ``x . mu_k / s`` loses
    every digit at an offset of 1e8).

    Returns
    -------
    coef : ndarray of shape (n_classes, n_features)
    intercept : ndarray of shape (n_classes,)
    """
    offsets = means - centre
    coef = offsets / var
    intercept = log_prior - 0.5 * np.einsum("kj,kj->k", coef, offsets)
    return coef, intercept


def scaled_scores(X, centre, coef, intercept):
    """Class scores divided by a per-row scale, and that scale.

    Returns ``v`` and ``t`` with ``t * v[i, k]`` the score of class ``k``
    for row ``i`` (:func:`centred_model`), ``t[i] >= 1``. Rows far from the
    data (``|x - c|`` near 1e308, where the scores overflow) stay finite in
    ``v``: ``t[i] = max(1, max_j |x_ij - c_j|)`` and ``v = ((x - c) / t) . w
    + b / t``; differences of ``v`` times ``t`` give the posterior.

    Returns
    -------
    v : ndarray of shape (n_samples, n_classes), float64
    t : ndarray of shape (n_samples,), float64
    """
    X = np.asarray(X, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        diff = X - centre
    finite = np.isfinite(diff).all(axis=1)
    t = np.ones(X.shape[0])
    if X.shape[1]:
        t = np.maximum(t, np.abs(diff).max(axis=1))
    if not finite.all():  # x - c overflows: scale x and c before subtracting
        big = np.maximum(np.abs(X[~finite]).max(axis=1), np.abs(centre).max())
        diff[~finite] = X[~finite] / big[:, None] - centre / big[:, None]
        t[~finite] = big
        diff[finite] /= t[finite, None]
    else:
        diff /= t[:, None]
    with single_threaded("blas"):
        v = diff @ coef.T + intercept / t[:, None]
    return v, t


def log_posterior(v, t):
    """``log P(k | x)`` from :func:`scaled_scores`, by log-sum-exp.

    ``d = t (v - max_k v) <= 0`` with a zero in every row, so the sum of
    ``exp(d)`` is in ``[1, n_classes]``: never 0, inf or nan, whatever ``t``.
    """
    with np.errstate(over="ignore"):
        d = (v - v.max(axis=1, keepdims=True)) * t[:, None]
    return d - np.log(np.exp(d).sum(axis=1, keepdims=True))
