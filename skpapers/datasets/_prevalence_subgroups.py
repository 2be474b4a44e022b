"""Subgroups with different positive prevalence and a target AUROC each."""

import numbers

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit
from scipy.stats import norm
from sklearn.utils import check_random_state


def _per_group(value, n_groups, name):
    arr = np.atleast_1d(np.asarray(value, dtype=float))
    if arr.size == 1:
        arr = np.repeat(arr, n_groups)
    if arr.size != n_groups:
        raise ValueError(f"{name} must be a float or have one value per group "
                         f"({n_groups}); got {arr.size} values.")
    return arr


def _shift_to_mean(z, target):
    """Offset ``c`` with ``mean(sigmoid(z + c)) == target`` (monotone in c)."""
    f = lambda c: expit(z + c).mean() - target  # noqa: E731
    lo, hi = -50.0 - z.max(), 50.0 - z.min()
    return brentq(f, lo, hi, xtol=1e-12)


def make_prevalence_subgroups(n_samples=2000, *, prevalences=(0.05, 0.01),
                              auroc=0.85, group_sizes=None, calibrate=True,
                              random_state=None):
    """Binary scores for subgroups with different prevalence, equal AUROC.

    The setting of McDermott et al. (2024): in group ``g`` a share
    ``prevalences[g]`` of samples is positive; negatives' latent scores are
    standard normal and positives' are normal with unit variance and mean
    ``d = sqrt(2) * Phi^-1(auroc)``, the binormal separation whose AUROC is
    ``Phi(d / sqrt(2)) = auroc``. With ``calibrate=True`` each group's scores
    are mapped through ``sigmoid(z + c_g)``, with ``c_g`` chosen so that the
    group's mean score equals its prevalence (as in the paper): a monotone
    map, so each group's ranking and AUROC are unchanged, but the groups sit
    at different heights of the pooled ranking.

    Parameters
    ----------
    n_samples : int, default=2000
        Total number of samples.
    prevalences : sequence of float, default=(0.05, 0.01)
        Positive prevalence of each group, in (0, 1).
    auroc : float or sequence of float, default=0.85
        Target AUROC of each group, in (0, 1).
    group_sizes : sequence of float, default=None
        Relative group sizes; equal sizes when ``None``.
    calibrate : bool, default=True
        Rescale each group's scores so their mean equals the prevalence.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}; each group holds ``round(prevalence * size)``
        positives (at least one) exactly.
    score : ndarray of shape (n_samples,)
        Scores (in (0, 1) when ``calibrate``).
    groups : ndarray of shape (n_samples,)
        Group index of each sample (0, 1, ...).

    Examples
    --------
    >>> from skpapers.datasets import make_prevalence_subgroups
    >>> y, s, g = make_prevalence_subgroups(4000, random_state=0)
    >>> [round(float(y[g == k].mean()), 3) for k in (0, 1)]
    [0.05, 0.01]
    >>> [round(float(s[g == k].mean()), 3) for k in (0, 1)]
    [0.05, 0.01]
    """
    if not isinstance(n_samples, numbers.Integral) or n_samples < 2:
        raise ValueError(f"n_samples must be an integer >= 2; got {n_samples!r}.")
    prev = np.asarray(prevalences, dtype=float).ravel()
    n_groups = prev.size
    if n_groups == 0 or np.any((prev <= 0) | (prev >= 1)):
        raise ValueError(f"prevalences must be in (0, 1); got {prevalences!r}.")
    target = _per_group(auroc, n_groups, "auroc")
    if np.any((target <= 0) | (target >= 1)):
        raise ValueError(f"auroc must be in (0, 1); got {auroc!r}.")
    sizes = np.ones(n_groups) if group_sizes is None else _per_group(
        group_sizes, n_groups, "group_sizes")
    if np.any(sizes <= 0):
        raise ValueError(f"group_sizes must be positive; got {group_sizes!r}.")
    counts = np.floor(sizes / sizes.sum() * n_samples).astype(int)
    counts[: n_samples - counts.sum()] += 1
    if np.any(counts < 2):
        raise ValueError("n_samples is too small: every group needs >= 2 samples.")
    rng = check_random_state(random_state)
    ys, scores, groups = [], [], []
    for g in range(n_groups):
        n_pos = int(np.clip(round(prev[g] * counts[g]), 1, counts[g] - 1))
        y = np.zeros(counts[g], dtype=int)
        y[rng.permutation(counts[g])[:n_pos]] = 1
        d = np.sqrt(2.0) * norm.ppf(target[g])
        z = rng.standard_normal(counts[g]) + d * y
        if calibrate:
            z = expit(z + _shift_to_mean(z, prev[g]))
        ys.append(y)
        scores.append(z)
        groups.append(np.full(counts[g], g))
    return np.concatenate(ys), np.concatenate(scores), np.concatenate(groups)
