"""Tests of the proportional odds assumption: Brant's Wald test and the
likelihood-ratio test against the non-parallel cumulative model."""

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from scipy.stats import chi2
from sklearn.exceptions import ConvergenceWarning

from skpapers._solvers.cumulative_logit import add_intercept_column
from skpapers._solvers.ordinal_inference import separating_direction
from skpapers._solvers.presto_prox import prepare_data, solve
from skpapers.ordinal._inference import (
    feature_names,
    find_separation,
    separation_message,
)
from skpapers.ordinal._proportional_odds import ProportionalOddsClassifier

_TOL = 1e-10


def _fit(data, name, names, what=None, **kwargs):
    """Unpenalised fit. With ``what``, first a ValueError if the data are
    separated (no estimate); then a ConvergenceWarning if the fit stalled
    (its best iterate is kept)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = solve(data, np.zeros(data.n_classes - 1), tol=_TOL, max_iter=200, **kwargs)
    if what is not None:
        direction = find_separation(data, result.coef, kwargs.get("link", "logit"))
        if direction is not None:
            raise ValueError(separation_message(direction, names, what))
    if not result.converged:
        warnings.warn(
            f"{name}: a model fit did not converge (largest KKT violation "
            f"{result.kkt:.1e}); the statistic uses its best iterate and may be "
            "inaccurate.", ConvergenceWarning, stacklevel=3,
        )
    return result


def _split_what(name, k, classes):
    return f"{name}, boundary {k} (y <= {classes[k]!r} vs above)"


def _prepare(X, y, categories, link, name):
    """Validated, centred and scaled data, the class codes and the names."""
    est = ProportionalOddsClassifier(link=link, categories=categories)
    X, codes, weight = est._validate_training_data(X, y, None)
    n_classes = est.classes_.size
    if n_classes < 3:
        raise ValueError(
            f"{name} needs at least 3 ordered classes (with 2 there is one "
            f"boundary and nothing to compare); y has {n_classes}."
        )
    names = feature_names(est, X.shape[1])
    if X.shape[1] == 0:
        raise ValueError(f"{name} needs at least one feature in X.")
    Xs, _, scale = est._standardized(X, weight)
    Xd = Xs.toarray() if sp.issparse(Xs) else Xs
    constant = np.flatnonzero(np.ptp(Xd, axis=0) <= 1e-12 * np.maximum(np.abs(Xd).max(axis=0), 1))
    if constant.size:
        raise ValueError(
            f"{name}: feature(s) {[names[j] for j in constant]} are constant, so "
            "they have no slope to compare across class boundaries; drop them."
        )
    return est, Xd, codes, weight, names, scale


def _binary_fits(Xd, codes, weight, classes, names, name):
    """The K - 1 binary logits of ``y > k`` (ValueError if one is separated)."""
    fits = []
    for k in range(classes.size - 1):
        data = prepare_data(Xd, (codes > k).astype(np.intp), 2, weight)
        fits.append(_fit(data, name, names, _split_what(name, k, classes)).coef[0])
    return np.array(fits)


def _result(stats, df, names, test):
    frame = pd.DataFrame(
        {"statistic": stats, "df": np.asarray(df, dtype=int),
         "p_value": chi2.sf(stats, df)},
        index=pd.Index(["omnibus", *names], name="term"),
    )
    frame.attrs["test"] = test
    return frame


def brant_test(X, y, *, categories=None):
    """Brant's Wald test of the proportional odds assumption.

    Fits the ``K - 1`` binary logistic regressions of ``y > k`` (``k = 0 ..
    K - 2``) separately and tests whether their slopes are equal, as the
    proportional odds model assumes (Brant, 1990): an omnibus test of all
    features (``(K - 2) p`` degrees of freedom) and one test per feature
    (``K - 2`` each). The covariance between two binary fits ``k < l`` is
    ``I_k^-1 X' diag(pi_l (1 - pi_k)) X I_l^-1`` with ``pi_k = P(y > k | x)``
    from fit ``k`` and ``I_k`` its information matrix, so the statistic
    needs no ordinal fit at all. Stata's ``brant`` and R's ``brant`` compute
    the same statistic.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Features (column names of a DataFrame name the rows of the result).
    y : array-like of shape (n_samples,)
        Ordered labels, at least 3 classes.
    categories : array-like, default=None
        The labels from lowest to highest (default: the order of an ordered
        pandas Categorical, else the sorted labels).

    Returns
    -------
    result : pandas.DataFrame
        Index ``term``: ``"omnibus"`` then one row per feature. Columns
        ``statistic`` (Wald chi-square), ``df`` and ``p_value`` (chi-square
        upper tail). ``result.attrs["coef"]`` holds the slopes of the binary
        fits (features x boundaries, original scale, sign convention
        ``P(y <= k) = sigmoid(theta_k + x . beta_k)``): where they differ is
        where proportional odds fails.

    Raises
    ------
    ValueError
        Fewer than 3 classes, a constant feature, or a binary split that is
        (quasi-)completely separated by the features (the binary fit has no
        estimate; the message names the boundary and the features), plus the
        input errors of the estimators.

    See Also
    --------
    proportional_odds_lr_test : Likelihood-ratio test of the same hypothesis.

    References
    ----------
    .. [1] R. Brant, "Assessing proportionality in the proportional odds model
       for ordinal logistic regression", Biometrics 46 (1990), 1171-1178.

    Examples
    --------
    >>> from skpapers.datasets import make_rare_ordinal
    >>> from skpapers.ordinal import brant_test
    >>> X, y, _ = make_rare_ordinal(n_samples=2000, n_features=3, random_state=0)
    >>> brant_test(X, y).columns.tolist()
    ['statistic', 'df', 'p_value']
    """
    name = "brant_test"
    est, Xd, codes, weight, names, scale = _prepare(X, y, categories, "logit", name)
    m = est.classes_.size - 1
    p = Xd.shape[1]
    coefs = _binary_fits(Xd, codes, weight, est.classes_, names, name)
    X1 = add_intercept_column(Xd)
    upper = expit(-(X1 @ coefs.T))  # pi_k = P(y > k | x) from binary fit k
    inv = [np.linalg.inv(X1.T @ (X1 * (upper[:, k] * (1 - upper[:, k]))[:, None]))
           for k in range(m)]
    V = np.empty((m, p, m, p))  # covariance of the stacked slopes
    for k in range(m):
        for l in range(k, m):
            w = upper[:, l] * (1 - upper[:, k])  # pi_l - pi_k pi_l, l >= k
            block = (inv[k] @ (X1.T @ (X1 * w[:, None])) @ inv[l])[1:, 1:]
            V[k, :, l, :] = block
            V[l, :, k, :] = block.T
    slopes = coefs[:, 1:]
    diff = slopes[0] - slopes[1:]  # (m - 1, p): beta_0 - beta_k
    # D maps the stacked slopes to the differences beta_0 - beta_k
    D = np.zeros((m - 1, p, m, p))
    for k in range(1, m):
        D[k - 1, :, 0, :] = np.eye(p)
        D[k - 1, :, k, :] = -np.eye(p)
    D = D.reshape((m - 1) * p, m * p)
    cov = D @ V.reshape(m * p, m * p) @ D.T
    d = diff.ravel()
    stats = [float(d @ np.linalg.solve(cov, d))]
    for j in range(p):
        sel = np.arange(m - 1) * p + j
        stats.append(float(d[sel] @ np.linalg.solve(cov[np.ix_(sel, sel)], d[sel])))
    result = _result(np.array(stats), [(m - 1) * p] + [m - 1] * p, names, "brant")
    result.attrs["coef"] = pd.DataFrame(
        (slopes / scale).T, index=pd.Index(names, name="term"),
        columns=[f"{a}|{b}" for a, b in zip(est.classes_[:-1], est.classes_[1:])],
    )
    return result


def proportional_odds_lr_test(X, y, *, link="logit", categories=None):
    """Likelihood-ratio test of proportional odds against non-parallel slopes.

    Compares the maximised log-likelihood of the proportional odds model
    (one slope vector) with that of the non-parallel cumulative model
    ``P(y <= k | x) = F(theta_k + x . beta_k)`` (one slope vector per
    boundary: :class:`PrestoClassifier` with ``alpha=0`` for the logit link):
    ``LR = 2 (loglik_full - loglik_PO)``, chi-square with ``(K - 2) p``
    degrees of freedom under proportional odds. Per feature ``j``, the
    partial proportional odds model in which only feature ``j`` has its own
    slopes is compared with the proportional odds model (``K - 2`` degrees
    of freedom). Both models are fitted by the same exact solver.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Ordered labels, at least 3 classes.
    link : {"logit", "probit", "cloglog"}, default="logit"
    categories : array-like, default=None
        The labels from lowest to highest.

    Returns
    -------
    result : pandas.DataFrame
        Index ``term``: ``"omnibus"`` then one row per feature; columns
        ``statistic`` (LR chi-square), ``df``, ``p_value``.
        ``result.attrs["loglik"]`` holds the maximised log-likelihoods
        (``"proportional_odds"``, ``"non_parallel"`` and one per feature).

    Raises
    ------
    ValueError
        Fewer than 3 classes, a constant feature, or separation (of the
        proportional odds model or of a binary split, where the non-parallel
        model has no estimate), naming the features.

    Notes
    -----
    The non-parallel model is fitted, like :class:`PrestoClassifier`, under
    the constraint that every training row keeps a positive probability of
    its class. Where that constraint binds, its maximum is not an interior
    one and the chi-square reference is approximate.

    See Also
    --------
    brant_test : Wald test of the same hypothesis from binary fits.

    Examples
    --------
    >>> from skpapers.datasets import make_rare_ordinal
    >>> from skpapers.ordinal import proportional_odds_lr_test
    >>> X, y, _ = make_rare_ordinal(n_samples=2000, n_features=3, random_state=0)
    >>> int(proportional_odds_lr_test(X, y).loc["omnibus", "df"])
    6
    """
    name = "proportional_odds_lr_test"
    est, Xd, codes, weight, names, _ = _prepare(X, y, categories, link, name)
    m = est.classes_.size - 1
    n, p = Xd.shape
    data = prepare_data(Xd, codes, m + 1, weight)
    link = est._link()

    def loglik(fixed, what=None):
        return -n * _fit(data, name, names, what, fixed=fixed, link=link).objective

    parallel = np.ones((m, p), bool)
    parallel[0] = False
    ll_po = loglik(parallel, name)
    # the non-parallel model has an estimate only if no binary split is separated
    for k in range(m):
        direction = separating_direction(Xd, (codes > k).astype(np.intp), 2)
        if direction is not None:
            raise ValueError(separation_message(
                direction, names, _split_what(name, k, est.classes_)))
    ll_full = loglik(None)
    stats, lls = [2 * (ll_full - ll_po)], {"proportional_odds": ll_po, "non_parallel": ll_full}
    for j in range(p):
        partial = parallel.copy()
        partial[:, j] = False
        lls[names[j]] = loglik(partial)
        stats.append(2 * (lls[names[j]] - ll_po))
    stats = np.maximum(np.array(stats), 0.0)  # rounding below an exact 0
    result = _result(stats, [(m - 1) * p] + [m - 1] * p, names, "likelihood ratio")
    result.attrs["loglik"] = lls
    return result
