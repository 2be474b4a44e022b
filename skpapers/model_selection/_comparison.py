"""The result of :func:`compare_learning_curves`: errors, fitted curves, crossovers."""

import numpy as np

from skpapers.model_selection._curve_fit import (
    bootstrap_power_law,
    find_crossovers,
    fit_power_law,
    noise_scale,
    power_law,
    size_for_error,
    size_within,
)

# fitted crossovers are searched up to this multiple of the largest size
_EXTRAPOLATION_FACTOR = 10.0


def _fixed_asymptote(asymptote, name):
    """The asymptote fixed for ``name`` (a number, or None to fit it)."""
    return asymptote.get(name) if isinstance(asymptote, dict) else asymptote


def _sizes_needed(asymptote, name):
    """Distinct sizes that identify ``a + b m^-c``: 3, or 2 with ``a`` fixed."""
    return 3 if _fixed_asymptote(asymptote, name) is None else 2


def _percentiles(values, confidence):
    tail = 50.0 * (1.0 - confidence)
    return np.nanpercentile(values, [tail, 100.0 - tail], axis=0)


class FittedLearningCurve:
    """One fitted learning curve ``err(m) = a + b m^(-c)`` with its uncertainty.

    Built by :func:`extrapolate_learning_curve` and
    :func:`compare_learning_curves`. Intervals are percentiles over fits to
    resampled runs (a bootstrap over repeats) when there are at least two runs
    and ``n_bootstrap > 0``; otherwise normal intervals from the Gauss-Newton
    covariance (delta method).

    Parameters
    ----------
    sizes : ndarray of shape (n_sizes,)
        Training sizes.
    errors : ndarray of shape (n_sizes, n_runs)
        Test errors.
    asymptote : float or None
        Fixed asymptotic error, or ``None`` to fit it.
    n_bootstrap : int
        Resamples of the runs for the intervals (0: Gauss-Newton covariance).
    confidence : float
        Level of the intervals.
    random_state : int or None
        Seed of the bootstrap.

    Attributes
    ----------
    params : ndarray of shape (3,)
        ``(a, b, c)``.
    cov : ndarray of shape (3, 3)
        Gauss-Newton covariance of the parameters.
    bootstrap : ndarray of shape (n_bootstrap, 3) or None
        Parameters refitted on resampled runs.
    """

    def __init__(self, sizes, errors, *, asymptote, n_bootstrap, confidence,
                 random_state):
        self.sizes = np.asarray(sizes, dtype=float)
        self.errors = np.asarray(errors, dtype=float)
        self.confidence = confidence
        n_runs = self.errors.shape[1]
        scale = noise_scale(self.errors)
        self._fit_params = {"f_scale": scale or None, "asymptote": asymptote}
        self.params, self.cov = fit_power_law(
            np.repeat(self.sizes, n_runs), self.errors.ravel(), **self._fit_params
        )
        self.bootstrap = None
        if n_bootstrap and n_runs >= 2:
            self.bootstrap = bootstrap_power_law(
                self.sizes, self.errors, n_bootstrap=n_bootstrap,
                random_state=random_state, **self._fit_params,
            )

    def predict(self, sizes):
        """Fitted error and its interval at the given training sizes.

        Parameters
        ----------
        sizes : array-like of shape (n,)
            Training sizes, observed or beyond (extrapolation).

        Returns
        -------
        error, low, high : ndarray of shape (n,)
            Fitted error and the interval bounds.
        """
        sizes = np.asarray(sizes, dtype=float)
        mean = power_law(sizes, *self.params)
        if self.bootstrap is not None:
            draws = power_law(sizes[None, :], *(self.bootstrap.T[:, :, None]))
            low, high = _percentiles(draws, self.confidence)
        else:
            a, b, c = self.params
            basis = sizes ** (-c)
            grad = np.stack([np.ones_like(basis), basis, -b * np.log(sizes) * basis])
            sd = np.sqrt(np.einsum("in,ij,jn->n", grad, self.cov, grad))
            z = _normal_quantile(self.confidence)
            low, high = mean - z * sd, mean + z * sd
        return mean, low, high

    def _interval_of(self, func):
        """Point value and interval of ``func(params)``."""
        point = float(func(self.params))
        if self.bootstrap is not None:
            draws = np.atleast_1d(func(self.bootstrap))
            low, high = _percentiles(draws, self.confidence)
            return point, float(low), float(high)
        # delta method by central differences on the Gauss-Newton covariance
        step = 1e-6 * np.maximum(np.abs(self.params), 1e-6)
        grad = np.array([
            (func(self.params + step * e) - func(self.params - step * e))
            / (2 * step[i])
            for i, e in enumerate(np.eye(3))
        ])
        sd = float(np.sqrt(max(grad @ self.cov @ grad, 0.0)))
        z = _normal_quantile(self.confidence)
        return point, point - z * sd, point + z * sd

    def asymptote(self):
        """Asymptotic error ``a`` and its interval.

        Returns
        -------
        a, low, high : float
        """
        return self._interval_of(lambda p: np.atleast_2d(p)[:, 0].squeeze())

    def size_within(self, epsilon):
        """Size ``m* = (b / epsilon)^(1/c)`` within ``epsilon`` of the asymptote.

        Parameters
        ----------
        epsilon : float
            Distance to the asymptotic error.

        Returns
        -------
        m_star, low, high : float
        """
        return self._interval_of(lambda p: size_within(p, epsilon))

    def size_for_error(self, target):
        """Training size needed to reach the error ``target``, and its interval.

        Parameters
        ----------
        target : float
            Target error; ``inf`` when it is at or below the asymptote.

        Returns
        -------
        size, low, high : float
        """
        return self._interval_of(lambda p: size_for_error(p, target))


def _normal_quantile(confidence):
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2.0))


class LearningCurveComparison:
    """Learning curves of several estimators, their power-law fits and crossovers.

    Returned by :func:`compare_learning_curves`; not meant to be built by hand.

    Parameters
    ----------
    names : list of str
        Estimator names.
    train_sizes : ndarray of shape (n_sizes,)
        Training sizes.
    errors : ndarray of shape (n_estimators, n_sizes, n_runs)
        Test errors of each estimator, size and run (split x repeat).
    fit_times : ndarray of shape (n_estimators, n_sizes, n_runs)
        Fit times in seconds.
    epsilon : float
        Tolerance defining ``m*``.
    asymptote : float, dict or None
        Fixed asymptotic errors, if any.
    n_bootstrap : int
        Bootstrap resamples for intervals.
    confidence : float
        Level of the intervals.
    random_state : int or None
        Seed of the bootstrap.

    Attributes
    ----------
    curves_ : dict of str to FittedLearningCurve or None
        The fitted curve of each estimator (``.params`` = ``(a, b, c)``);
        ``None`` when the sizes do not identify the curve (fewer than three
        distinct sizes, two with the asymptote fixed).
    """

    def __init__(self, names, train_sizes, errors, fit_times, epsilon,
                 asymptote=None, n_bootstrap=200, confidence=0.9,
                 random_state=None):
        self.names = list(names)
        self.train_sizes = np.asarray(train_sizes)
        self.errors = np.asarray(errors, dtype=float)
        self.fit_times = np.asarray(fit_times, dtype=float)
        self.epsilon = epsilon
        self.confidence = confidence
        self.curves_ = {}
        for i, name in enumerate(self.names):
            if np.unique(self.train_sizes).size < _sizes_needed(asymptote, name):
                self.curves_[name] = None  # not identified (the caller warns)
                continue
            fixed = _fixed_asymptote(asymptote, name)
            self.curves_[name] = FittedLearningCurve(
                self.train_sizes, self.errors[i], asymptote=fixed,
                n_bootstrap=n_bootstrap, confidence=confidence,
                random_state=random_state,
            )

    def to_frame(self):
        """Tidy table: one row per estimator, training size and run.

        Returns
        -------
        frame : pandas.DataFrame
            Columns ``estimator, train_size, run, test_error, fit_time``.
        """
        import pandas as pd

        n_est, n_sizes, n_runs = self.errors.shape
        return pd.DataFrame({
            "estimator": np.repeat(self.names, n_sizes * n_runs),
            "train_size": np.tile(np.repeat(self.train_sizes, n_runs), n_est),
            "run": np.tile(np.arange(n_runs), n_est * n_sizes),
            "test_error": self.errors.ravel(),
            "fit_time": self.fit_times.ravel(),
        })

    def summary(self):
        """One row per estimator: fitted curve, asymptote and ``m*`` with intervals.

        Returns
        -------
        frame : pandas.DataFrame
            ``a`` (``asymptotic_error``) with its interval, ``b``, ``c``,
            ``m_star`` (size within ``epsilon`` of ``a``) with its interval,
            and the mean error at the largest size.
        """
        import pandas as pd

        rows = []
        for i, name in enumerate(self.names):
            curve = self.curves_[name]
            if curve is None:
                a = a_lo = a_hi = m = m_lo = m_hi = np.nan
                params = np.full(3, np.nan)
            else:
                a, a_lo, a_hi = curve.asymptote()
                m, m_lo, m_hi = curve.size_within(self.epsilon)
                params = curve.params
            rows.append({
                "estimator": name, "asymptotic_error": a, "asymptotic_error_low": a_lo,
                "asymptotic_error_high": a_hi, "b": params[1],
                "c": params[2], "epsilon": self.epsilon, "m_star": m,
                "m_star_low": m_lo, "m_star_high": m_hi,
                "error_at_largest_size": float(self.errors[i, -1].mean()),
            })
        return pd.DataFrame(rows)

    def crossovers(self):
        """Where each pair of curves crosses ("two regimes").

        Returns
        -------
        frame : pandas.DataFrame
            One row per pair: ``fitted_crossover`` (first crossing of the fitted
            curves between the smallest size and 10 times the largest; NaN if
            none), ``in_observed_range``, ``better_below`` (the estimator with
            the lower error before it), and ``observed_crossover``: the smallest
            observed size from which the order of the mean errors is the one at
            the largest size, when it differs from the order at the smallest.
        """
        import pandas as pd

        means = self.errors.mean(axis=2)
        rows = []
        for i in range(len(self.names)):
            for j in range(i + 1, len(self.names)):
                a, b = self.names[i], self.names[j]
                if self.curves_[a] is None or self.curves_[b] is None:
                    cross, a_first = np.array([]), np.array([], dtype=bool)
                else:
                    cross, a_first = find_crossovers(
                        self.curves_[a].params, self.curves_[b].params,
                        self.train_sizes[0],
                        self.train_sizes[-1] * _EXTRAPOLATION_FACTOR,
                    )
                fitted = float(cross[0]) if cross.size else np.nan
                if cross.size:
                    better = a if a_first[0] else b
                else:
                    better = a if means[i, 0] <= means[j, 0] else b
                rows.append({
                    "estimator_a": a, "estimator_b": b, "fitted_crossover": fitted,
                    "in_observed_range": bool(cross.size)
                    and fitted <= self.train_sizes[-1],
                    "better_below": better,
                    "observed_crossover": observed_crossover(
                        self.train_sizes, means[i], means[j]),
                })
        return pd.DataFrame(rows)

    def plot(self, ax=None, *, show_fit=True, show_crossover=True):
        """Draw the comparison; see :class:`LearningCurveComparisonDisplay`.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Target axes (a new figure when None).
        show_fit, show_crossover : bool, default=True
            Passed to :meth:`LearningCurveComparisonDisplay.plot`.

        Returns
        -------
        display : LearningCurveComparisonDisplay
            With ``ax_`` and ``figure_``.
        """
        from skpapers.model_selection._display import LearningCurveComparisonDisplay

        return LearningCurveComparisonDisplay(self).plot(
            ax=ax, show_fit=show_fit, show_crossover=show_crossover)

    def __repr__(self):
        n_est, n_sizes, n_runs = self.errors.shape
        sizes = self.train_sizes
        lines = [
            f"LearningCurveComparison({n_est} estimators, {n_sizes} training sizes "
            f"{sizes[0]:g}..{sizes[-1]:g}, {n_runs} runs each)"
        ]
        width = max(len(name) for name in self.names)
        for i, name in enumerate(self.names):
            curve = self.curves_[name]
            fit = ("no fit (fewer than 3 sizes)" if curve is None else
                   "fit err(m) = {:.3f} + {:.3g} m^-{:.3g}".format(*curve.params))
            lines.append(f"  {name:<{width}}  error {self.errors[i, -1].mean():.3g} "
                         f"at m={sizes[-1]:g}; {fit}")
        if n_est > 1:
            for _, row in self.crossovers().iterrows():
                seen = row["observed_crossover"]
                seen = "none observed" if not np.isfinite(seen) else f"observed at m={seen:g}"
                lines.append(f"  crossover {row['estimator_a']} / {row['estimator_b']}: "
                             f"{seen}")
        return "\n".join(lines)


def observed_crossover(sizes, mean_a, mean_b):
    """First size from which the order of two mean curves stays as at the end.

    Returns NaN when the order at the smallest size is the order at the
    largest one (no change of regime was observed).
    """
    diff = np.sign(np.asarray(mean_a) - np.asarray(mean_b))
    final = diff[-1]
    if final == 0 or diff[0] == final:
        return np.nan
    keep = diff == final
    # last position where the final order does not hold, plus one
    start = np.flatnonzero(~keep)[-1] + 1
    return float(sizes[start])
