"""The Gaussian-mixture simulation of Zheng et al. (ICML 2023)."""

from numbers import Integral

import numpy as np
from scipy.special import ndtr
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params


def _class_offsets(n_classes):
    """``c_0 = -1`` and ``c_k = 2**(k-1)``: class ``k`` has mean ``c_k`` times ones."""
    return np.array([-1.0] + [2.0 ** (k - 1) for k in range(1, n_classes)])


def gaussian_mixture_covariance(n_features, covariance="easy", random_state=0):
    """The shared class covariance of the simulation.

    Parameters
    ----------
    n_features : int
        Dimension ``n``.
    covariance : {"easy", "hard"}, default="easy"
        ``"easy"``: diagonal, variance ``n`` on the first ``n // 2`` features
        and 1 on the others (naive Bayes's model is exact). ``"hard"``: the
        same diagonal plus a dense random positive semi-definite part, so the
        features are correlated and naive Bayes's model is wrong.
    random_state : int, RandomState instance or None, default=0
        Seed of the dense part (fixed by default, so the problem is fixed).

    Returns
    -------
    cov : ndarray of shape (n_features, n_features)
        Symmetric positive definite covariance.
    """
    diag = np.ones(n_features)
    diag[: n_features // 2] = n_features
    if covariance == "easy":
        return np.diag(diag)
    # The paper's code overwrites the diagonal of A'A (A uniform on [-1, 1])
    # with the "easy" diagonal, which is in general not positive definite. We
    # add the easy diagonal to A'A instead: the same off-diagonal entries,
    # positive definite by construction.
    rng = check_random_state(random_state)
    A = rng.uniform(-1.0, 1.0, size=(n_features, n_features))
    return A.T @ A + np.diag(diag)


def _bayes_error(offsets, cov, priors):
    """Exact Bayes error when the class means are ``c_k * ones``.

    With a shared covariance S and collinear means, ``t = 1' S^-1 x / sqrt(q)``
    (``q = 1' S^-1 1``) is sufficient: given class k it is ``N(c_k sqrt(q), 1)``.
    Each class wins on an interval of t (class scores are lines in t), so the
    error is a sum of normal probabilities.
    """
    ones = np.ones(cov.shape[0])
    q = ones @ np.linalg.solve(cov, ones)
    m = offsets * np.sqrt(q)
    log_prior = np.log(priors)
    correct = 0.0
    for k in range(len(m)):
        lo, hi = -np.inf, np.inf
        for j in range(len(m)):
            if j == k:
                continue
            # score_k(t) >= score_j(t)  <=>  (m_k - m_j) t >= b_j - b_k
            rhs = (log_prior[j] - m[j] ** 2 / 2) - (log_prior[k] - m[k] ** 2 / 2)
            slope = m[k] - m[j]
            if slope > 0:
                lo = max(lo, rhs / slope)
            elif slope < 0:
                hi = min(hi, rhs / slope)
        if lo < hi:
            correct += priors[k] * (ndtr(hi - m[k]) - ndtr(lo - m[k]))
    return float(max(0.0, 1.0 - correct))


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "n_classes": [Interval(Integral, 2, None, closed="left")],
        "covariance": [StrOptions({"easy", "hard"})],
        "shuffle": ["boolean"],
        "return_bayes_error": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_gaussian_mixture_classification(
    n_samples=1000,
    n_features=100,
    n_classes=2,
    *,
    covariance="easy",
    shuffle=True,
    return_bayes_error=False,
    random_state=None,
):
    """Gaussian classes with a shared covariance (Zheng et al.'s simulation).

    Class ``k`` is ``N(mu_k, S)`` with ``mu_0 = -1`` and ``mu_k = 2**(k-1)``
    times the all-ones vector, and one covariance ``S`` shared by all classes
    (see :func:`gaussian_mixture_covariance`). Classes are balanced (sizes
    differ by at most one). The Bayes-optimal rule is linear, so naive Bayes
    (on "easy") and logistic regression both reach the Bayes error as the
    sample size grows; the paper studies how fast.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of samples.
    n_features : int, default=100
        Dimension ``n``.
    n_classes : int, default=2
        Number of classes ``K >= 2``.
    covariance : {"easy", "hard"}, default="easy"
        ``"easy"``: diagonal (variance ``n`` on the first half of the
        features, 1 on the rest). ``"hard"``: that diagonal plus a dense random
        part (correlated features). The dense part is seeded by 0 always, so
        every call with the same ``n_features`` samples the same problem.
    shuffle : bool, default=True
        Shuffle the rows (otherwise they are sorted by class).
    return_bayes_error : bool, default=False
        Also return the exact Bayes error of the problem (balanced classes).
    random_state : int, RandomState instance or None, default=None
        Seed of the samples.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Samples.
    y : ndarray of shape (n_samples,)
        Integer class labels ``0 .. n_classes - 1``.
    bayes_error : float
        Only if ``return_bayes_error``. Exact: the means lie on one line, so
        the problem reduces to one dimension ``t = 1' S^-1 x`` (for any K, and
        the two-class formula is ``Phi(-sqrt(q))`` with ``q = 1' S^-1 1``).

    Examples
    --------
    >>> import numpy as np
    >>> from skpapers.datasets import make_gaussian_mixture_classification
    >>> X, y, err = make_gaussian_mixture_classification(
    ...     200, n_features=4, n_classes=3, return_bayes_error=True, random_state=0)
    >>> X.shape, np.bincount(y).tolist()
    ((200, 4), [67, 67, 66])
    >>> round(err, 3)
    0.181
    """
    rng = check_random_state(random_state)
    cov = gaussian_mixture_covariance(n_features, covariance)
    offsets = _class_offsets(n_classes)
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    y = np.repeat(np.arange(n_classes), sizes)
    noise = rng.standard_normal((n_samples, n_features))
    if covariance == "easy":
        X = noise * np.sqrt(np.diag(cov))
    else:
        X = noise @ np.linalg.cholesky(cov).T
    X += offsets[y][:, None]
    if shuffle:
        order = rng.permutation(n_samples)
        X, y = X[order], y[order]
    if return_bayes_error:
        return X, y, _bayes_error(offsets, cov, np.full(n_classes, 1.0 / n_classes))
    return X, y

