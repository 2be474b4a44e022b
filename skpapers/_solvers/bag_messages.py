"""Messages from a bag-count factor to its members (binary labels).

The factor of bag ``B`` is ``exp(-lambda_bag * (sum_{i in B} y_i - c_B)^2)``.
Its sum-product message to member ``i`` only depends on the distribution of
``S_{-i}``, the sum of the other members' labels under their cavity
probabilities ``q_j``. As a log-ratio (message at ``y_i = 1`` minus at 0)::

    r_i = log E[exp(-lam (S_{-i} + 1 - c)^2)] - log E[exp(-lam (S_{-i} - c)^2)]

Two ways to get it:

* :func:`gaussian_bag_messages` treats ``S_{-i}`` as Gaussian with the
  leave-one-out mean ``m - q_i`` and variance ``v - q_i (1 - q_i)``; the
  expectation of a Gaussian kernel is then closed-form and the message is
  ``-lam (2 (m_{-i} - c) + 1) / (1 + 2 lam v_{-i})``. O(|B|) per bag.
* :func:`exact_bag_messages` is the forward-backward algorithm on the chain
  of partial sums: forward, the Poisson-binomial law of the first ``j``
  members' count; backward, the factor's expectation given the count so far.
  Exact, in log space, O(|B|^2) time and memory per bag.
"""

import numpy as np
from scipy.special import expit


def gaussian_bag_messages(cavity, bag_index, counts, lam, n_bags):
    """Gaussian leave-one-out approximation of all bag-to-member messages.

    Parameters
    ----------
    cavity : ndarray of shape (n_samples,)
        Cavity log-odds of ``y_i = 1`` (belief without the bag's message).
    bag_index : ndarray of shape (n_samples,)
        Bag of each row, in ``0 .. n_bags - 1``.
    counts : ndarray of shape (n_bags,)
        Positive count ``c_B`` of each bag.
    lam : float
        ``lambda_bag``.
    n_bags : int

    Returns
    -------
    ndarray of shape (n_samples,)
        Log-ratio messages.
    """
    q = expit(cavity)
    var = q * (1.0 - q)
    mean_b = np.bincount(bag_index, weights=q, minlength=n_bags)
    var_b = np.bincount(bag_index, weights=var, minlength=n_bags)
    m = mean_b[bag_index] - q
    v = np.maximum(var_b[bag_index] - var, 0.0)
    return -lam * (2.0 * (m - counts[bag_index]) + 1.0) / (1.0 + 2.0 * lam * v)


def _padded(values, bag_index, n_bags, fill):
    """Rows grouped by bag into an (n_bags, max size) array, plus positions."""
    order = np.argsort(bag_index, kind="stable")
    sizes = np.bincount(bag_index, minlength=n_bags)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    pos = np.empty_like(order)
    pos[order] = np.arange(order.size) - np.repeat(starts, sizes)
    out = np.full((n_bags, max(int(sizes.max()), 1)), fill, dtype=np.float64)
    out[bag_index, pos] = values
    return out, pos


def _log_sum_distributions(log_p1, log_p0):
    """Prefix log-laws: ``out[:, j, s] = log P(first j members sum to s)``."""
    n_bags, k = log_p1.shape
    out = np.full((n_bags, k + 1, k + 1), -np.inf)
    out[:, 0, 0] = 0.0
    for j in range(k):
        prev = out[:, j, :]
        stay = prev + log_p0[:, j, None]
        move = np.full_like(prev, -np.inf)
        move[:, 1:] = prev[:, :-1] + log_p1[:, j, None]
        out[:, j + 1, :] = np.logaddexp(stay, move)
    return out


def _lse(values):
    """log-sum-exp over the last axis (``-inf`` rows give ``-inf``)."""
    peak = values.max(axis=-1)
    safe = np.where(np.isfinite(peak), peak, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.exp(values - safe[..., None]).sum(axis=-1)) + safe


def exact_bag_messages(cavity, bag_index, counts, lam, n_bags):
    """Exact bag-to-member messages by forward-backward on the partial sums.

    Same parameters and return value as :func:`gaussian_bag_messages`.
    Forward: ``alpha[j, s] = log P(first j members sum to s)``. Backward:
    ``beta_j(s) = log E[g(s + sum of the members after j)]`` with ``g`` the
    factor ``exp(-lam (t - c)^2)``, so member ``j``'s message is
    ``lse_s(alpha[j-1, s] + beta_j(s + 1)) - lse_s(alpha[j-1, s] + beta_j(s))``.
    Padding slots are members with ``q = 0`` (they never add to the sum), so
    bags of different sizes are processed together.
    """
    log_p1, pos = _padded(-np.logaddexp(0.0, -cavity), bag_index, n_bags, -np.inf)
    log_p0, _ = _padded(-np.logaddexp(0.0, cavity), bag_index, n_bags, 0.0)
    k = log_p1.shape[1]
    prefix = _log_sum_distributions(log_p1, log_p0)  # (n_bags, k + 1, k + 1)
    t = np.arange(k + 2, dtype=np.float64)
    beta = -lam * (t[None, :] - counts[:, None]) ** 2  # beta_k(s), s = 0 .. k + 1
    messages = np.zeros((n_bags, k))
    for j in range(k - 1, -1, -1):  # member j (0-based): before it, j members
        a = prefix[:, j, : k + 1]
        messages[:, j] = _lse(a + beta[:, 1:]) - _lse(a + beta[:, :-1])
        # beta_{j-1}(s) = log[(1 - q_j) e^{beta_j(s)} + q_j e^{beta_j(s + 1)}]
        stay = beta[:, :-1] + log_p0[:, j, None]
        move = beta[:, 1:] + log_p1[:, j, None]
        beta = np.concatenate([np.logaddexp(stay, move), beta[:, -1:]], axis=1)
    return messages[bag_index, pos]
