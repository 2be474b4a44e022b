"""Standard errors and Wald tables of unpenalised cumulative link fits (private)."""

import warnings
from numbers import Real

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import norm

from skpapers._solvers.ordinal_inference import (
    covariance,
    likelihood_multipliers,
    separating_direction,
)
from skpapers._solvers.presto_prox import prepare_data

# the separation linear program runs on data up to this many entries
_SEPARATION_MAX_ENTRIES = 2**22


def feature_names(estimator_or_names, n_features):
    """Column names of X, else ``x0, x1, ...``."""
    names = getattr(estimator_or_names, "feature_names_in_", None)
    if names is None:
        return [f"x{j}" for j in range(n_features)]
    return [str(name) for name in names]


def _top_names(weights, names, limit=3):
    order = np.argsort(-np.abs(weights))
    keep = [names[j] for j in order[:limit] if abs(weights[j]) > 0.1 * np.abs(weights).max()]
    return ", ".join(repr(name) for name in keep)


def separation_message(direction, names, what):
    """The explanation used by warnings and errors when ``what`` is separated."""
    return (
        f"{what}: the classes are (quasi-)completely separated by a combination "
        f"of the features (mostly {_top_names(direction, names)}), so the maximum "
        "likelihood estimate does not exist (the coefficients grow without "
        "bound) and no standard errors or tests are reported. Drop or coarsen "
        "the separating feature(s), merge sparse classes, or use a penalty."
    )


def find_separation(data, coef=None, link="logit"):
    """Separating direction of the prepared (class-sorted) data, or None.

    With the fitted ``coef``, its score equations usually certify that there
    is none and the linear program is skipped.
    """
    X = data.X1[:, 1:]
    if sp.issparse(X):
        if X.shape[0] * X.shape[1] > _SEPARATION_MAX_ENTRIES:
            return None  # too large to densify; the information check remains
        X = X.toarray()
    multipliers = None if coef is None else likelihood_multipliers(data, coef, link)
    return separating_direction(X, data.y, data.n_classes, multipliers=multipliers)


def compute_inference(estimator, Xs, codes, weight, data, coef, mean, scale, total):
    """Covariance of ``(coef_, intercept_)`` of a proportional odds fit.

    Returns ``(covariance, None)``, or ``(None, message)`` when the estimate
    does not exist (separation: a warning is also emitted) or is not
    identified (singular information).
    """
    n_classes = estimator.classes_.size
    p = Xs.shape[1]
    names = feature_names(estimator, p)
    if data is None:
        data = prepare_data(Xs, codes, n_classes, weight)
    direction = find_separation(data, coef, estimator._link())
    name = type(estimator).__name__
    if direction is not None:
        message = separation_message(direction, names, name)
        warnings.warn(message, UserWarning, stacklevel=3)
        return None, message
    fixed = np.ones(n_classes - 1, bool)
    fixed[0] = False
    try:
        cov, _ = covariance(data, coef, fixed, estimator._link(), total,
                            robust=estimator.cov_type == "robust")
    except np.linalg.LinAlgError as exc:
        null, idx = np.asarray(exc.args[1]), exc.args[2]
        weights = np.zeros(p)
        slope = (idx >= 1) & (idx <= p)  # row 0 holds theta_0 then the slopes
        weights[idx[slope] - 1] = null[slope]
        return None, (
            f"{name}: the information matrix is singular, so the coefficients "
            f"are not identified (a constant feature, or features that are "
            f"collinear: mostly {_top_names(weights, names)}). Drop the "
            "redundant feature(s) to get standard errors."
        )
    # solver order: theta_0, slopes (standardised), theta_1 .. theta_{K-2};
    # reported order: slopes then thresholds, on the original scale
    m = n_classes - 1
    J = np.zeros((p + m, p + m))
    J[np.arange(p), 1 + np.arange(p)] = 1.0 / scale
    theta_cols = np.r_[0, p + 1 + np.arange(m - 1)]
    J[p + np.arange(m), theta_cols] = 1.0
    J[p:, 1:p + 1] = -(mean / scale)
    return J @ cov @ J.T, None


def summary_frame(estimate, cov, names, confidence):
    """Wald table: estimate, standard error, z, two-sided p-value, CI."""
    if not (isinstance(confidence, Real) and 0 < confidence < 1):
        raise ValueError(f"`confidence` must be a number in (0, 1); got {confidence!r}.")
    se = np.sqrt(np.diag(cov))
    z = estimate / se
    half = norm.ppf(0.5 + confidence / 2) * se
    return pd.DataFrame(
        {"coef": estimate, "std_err": se, "z": z, "p_value": 2 * norm.sf(np.abs(z)),
         "ci_lower": estimate - half, "ci_upper": estimate + half},
        index=pd.Index(names, name="term"),
    )
