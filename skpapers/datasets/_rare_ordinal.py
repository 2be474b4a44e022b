"""Synthetic ordinal data with a rare last class (Faletto & Bien, 2023, Sec. 4)."""

from numbers import Integral, Real

import numpy as np
from scipy.special import expit
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "setting": [StrOptions({"sparse", "dense"})],
        "sparsity": [Interval(Real, 0, 1, closed="both")],
        "intercepts": ["array-like"],
        "effect_size": [Interval(Real, 0, None, closed="left")],
        "first_effect_size": [Interval(Real, 0, None, closed="left"), None],
        "max_tries": [Interval(Integral, 1, None, closed="left")],
        "return_coef": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_rare_ordinal(n_samples=2500, n_features=10, *, setting="sparse",
                      sparsity=0.5, intercepts=(0.0, 3.0, 5.0), effect_size=0.5,
                      first_effect_size=None, max_tries=100, return_coef=False, random_state=None):
    """Ordinal data whose last class is rare, from PRESTO's simulations.

    ``X ~ U(-1, 1)^p`` and ``P(y <= k | x) = sigmoid(theta_k + x . beta_k)``
    with ``K = len(intercepts) + 1`` classes coded ``0 .. K-1``. In the
    ``"sparse"`` setting each ``beta_1j`` equals ``effect_size`` with
    probability ``sparsity`` (else 0) and each difference
    ``beta_kj - beta_{k-1,j}`` is ``+-effect_size`` (random sign) with
    probability ``sparsity``; in the ``"dense"`` setting ``beta_1`` and all
    differences are ``U(-effect_size, effect_size)``. Large gaps between the
    intercepts make the last class rare: ``(0, 3, 5)`` gives about 0.7 %,
    ``(0, 3.5, 5.5)`` about 0.4 % and ``(0, 4, 6)`` about 0.25 %.

    As in the authors' simulation code, a draw whose true cumulative
    probabilities are not increasing in ``k`` on some sampled ``x`` (a
    negative class probability) is discarded and the coefficients and data
    are drawn again, up to ``max_tries`` times.

    Parameters
    ----------
    n_samples : int, default=2500
        Number of samples.
    n_features : int, default=10
        Number of features.
    setting : {"sparse", "dense"}, default="sparse"
        How the slope differences are drawn (see above).
    sparsity : float, default=0.5
        Probability ``q`` that a coefficient or a difference is non-zero in
        the sparse setting (the paper uses 1/2 and 1/3).
    intercepts : array-like of shape (n_classes - 1,), default=(0, 3, 5)
        Increasing intercepts ``theta_k``.
    effect_size : float, default=0.5
        Size of the non-zero differences (and of ``beta_1`` unless
        ``first_effect_size`` is given).
    first_effect_size : float, default=None
        Size of the non-zero entries of ``beta_1`` in the sparse setting
        (None: ``effect_size``). The authors' released script for Section 4.1
        uses 1 with ``sparsity=1/3``.
    max_tries : int, default=100
        Number of draws before giving up on a valid model.
    return_coef : bool, default=False
        Also return the true intercepts and slopes.
    random_state : int, RandomState instance or None, default=None
        Seed of the draw.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features.
    y : ndarray of shape (n_samples,)
        Classes ``0 .. n_classes - 1``.
    proba : ndarray of shape (n_samples, n_classes)
        True class probabilities of each sample; ``proba[:, -1]`` is the rare
        class probability the paper's experiment estimates.
    coef : tuple of (ndarray, ndarray)
        ``(intercepts, beta)`` with ``beta`` of shape
        ``(n_classes - 1, n_features)``; only when ``return_coef=True``.

    Raises
    ------
    ValueError
        If the intercepts are not strictly increasing, or no valid model was
        found in ``max_tries`` draws.

    Examples
    --------
    >>> from skpapers.datasets import make_rare_ordinal
    >>> X, y, proba = make_rare_ordinal(n_samples=2500, random_state=0)
    >>> X.shape, proba.shape
    ((2500, 10), (2500, 4))
    >>> bool(abs(proba[:, -1].mean() - 0.007) < 0.005)
    True
    """
    theta = np.asarray(intercepts, dtype=float)
    if theta.ndim != 1 or theta.size < 1 or np.any(np.diff(theta) <= 0):
        raise ValueError(
            f"`intercepts` must be a strictly increasing 1-d sequence; got {intercepts!r}."
        )
    rng = check_random_state(random_state)
    m, p = theta.size, n_features
    for _ in range(max_tries):
        if setting == "sparse":
            size1 = effect_size if first_effect_size is None else first_effect_size
            first = size1 * (rng.uniform(size=p) < sparsity)
            signs = rng.choice([-1.0, 1.0], size=(m - 1, p))
            diffs = effect_size * signs * (rng.uniform(size=(m - 1, p)) < sparsity)
        else:
            first = rng.uniform(-effect_size, effect_size, size=p)
            diffs = rng.uniform(-effect_size, effect_size, size=(m - 1, p))
        beta = np.cumsum(np.vstack([first, diffs]), axis=0)
        X = rng.uniform(-1.0, 1.0, size=(n_samples, p))
        cum = expit(theta + X @ beta.T)
        if np.all(np.diff(cum, axis=1) > 0):
            break
    else:
        raise ValueError(
            f"No draw in {max_tries} tries gave increasing cumulative "
            "probabilities; widen the gaps between `intercepts` or lower "
            "`effect_size`."
        )
    full = np.hstack([np.zeros((n_samples, 1)), cum, np.ones((n_samples, 1))])
    proba = np.diff(full, axis=1)
    u = rng.uniform(size=(n_samples, 1))
    y = (u > cum).sum(axis=1)
    if return_coef:
        return X, y, proba, (theta.copy(), beta)
    return X, y, proba
