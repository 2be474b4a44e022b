"""Link functions of cumulative link models: logit, probit, cloglog (private).

A cumulative link model writes ``P(y <= k | x) = F(eta_k)``. Each link is a
small bundle of functions of ``F`` on arrays: its log-cdf, log-survival
function, log-density and the derivative of the log-density, plus the cdf
and its inverse. The likelihood core (:mod:`cumulative_logit`) is written once
in terms of these, so a new link is a few lines here.

``F`` is the standard logistic cdf (logit), the standard normal cdf (probit)
or ``1 - exp(-exp(t))`` (complementary log-log, the Gumbel minimum
distribution), as in statsmodels' ``OrderedModel``, R's ``MASS::polr``
(``method="cloglog"``) and ``ordinal::clm``. Every function is accurate in
both tails (no ``log(1 - F)`` of a rounded ``F``).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, log_ndtr, logit, ndtr, ndtri

_LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)


@dataclass(frozen=True)
class Link:
    """The functions of one link ``F`` (all elementwise on float arrays).

    ``logpdf`` and ``dlogpdf`` are only called on finite arguments.
    """

    name: str
    cdf: Callable
    ppf: Callable
    logcdf: Callable
    logsf: Callable
    logpdf: Callable
    dlogpdf: Callable  # d/dt log f(t) = f'(t) / f(t)
    median: float


def _logistic_logpdf(t):
    a = np.abs(t)
    return -a - 2.0 * np.log1p(np.exp(-a))


def _cloglog_cdf(t):
    with np.errstate(over="ignore"):
        return -np.expm1(-np.exp(t))


def _cloglog_logcdf(t):
    # log(1 - exp(-e^t)); far left it is t - e^t / 2 + O(e^2t) (no underflow to -inf)
    t = np.asarray(t, dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        left = t < -20.0
        e = np.exp(t)
        return np.where(left, t - 0.5 * e, np.log(-np.expm1(-np.where(left, 1.0, e))))


def _cloglog_logsf(t):
    with np.errstate(over="ignore"):
        return -np.exp(t)


def _cloglog_logpdf(t):
    with np.errstate(over="ignore"):
        return t - np.exp(t)


def _cloglog_dlogpdf(t):
    with np.errstate(over="ignore"):
        return 1.0 - np.exp(t)


def _cloglog_ppf(p):
    with np.errstate(divide="ignore"):
        return np.log(-np.log1p(-np.asarray(p, dtype=float)))


LINKS = {
    "logit": Link(
        "logit", expit, logit,
        logcdf=lambda t: -np.logaddexp(0.0, -t),
        logsf=lambda t: -np.logaddexp(0.0, t),
        logpdf=_logistic_logpdf,
        dlogpdf=lambda t: -np.tanh(0.5 * t),
        median=0.0,
    ),
    "probit": Link(
        "probit", ndtr, ndtri,
        logcdf=log_ndtr,
        logsf=lambda t: log_ndtr(-t),
        logpdf=lambda t: -0.5 * t * t - _LOG_SQRT_2PI,
        dlogpdf=lambda t: -t,
        median=0.0,
    ),
    "cloglog": Link(
        "cloglog", _cloglog_cdf, _cloglog_ppf,
        logcdf=_cloglog_logcdf,
        logsf=_cloglog_logsf,
        logpdf=_cloglog_logpdf,
        dlogpdf=_cloglog_dlogpdf,
        median=float(np.log(np.log(2.0))),
    ),
}


def get_link(link):
    """The :class:`Link` named ``link`` (or ``link`` itself if it is one)."""
    if isinstance(link, Link):
        return link
    try:
        return LINKS[link]
    except KeyError:
        raise ValueError(
            f"`link` must be one of {sorted(LINKS)}; got {link!r}."
        ) from None
