"""Plot of a learning-curve comparison (matplotlib imported lazily)."""

import numpy as np

from skpapers.utils._plotting import get_axes, plain_log_ticks


class LearningCurveComparisonDisplay:
    """Mean test error against training size, with fitted curves and crossovers.

    Points are the mean test error over the runs at each training size, with
    one standard deviation as error bars; lines are the fitted power laws
    ``err(m) = a + b m^-c`` with their intervals; vertical lines mark where
    the observed (dotted) and fitted (dashed) curves cross. Create it with
    :meth:`LearningCurveComparison.plot`.

    Parameters
    ----------
    result : LearningCurveComparison
        The comparison to draw.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Axes holding the points, fits and crossover marks.
    figure_ : matplotlib Figure
        Figure that holds ``ax_``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.naive_bayes import GaussianNB
    >>> from skpapers.datasets import make_gaussian_mixture_classification
    >>> from skpapers.model_selection import compare_learning_curves
    >>> X, y = make_gaussian_mixture_classification(600, n_features=5, random_state=0)
    >>> result = compare_learning_curves([GaussianNB()], X, y,
    ...     train_sizes=[10, 20, 40, 80], n_bootstrap=0, random_state=0)
    >>> display = result.plot()
    >>> display.ax_.get_xscale(), display.figure_ is display.ax_.figure
    ('log', True)
    """

    def __init__(self, result):
        self.result = result

    def plot(self, ax=None, *, show_fit=True, show_crossover=True):
        """Draw the comparison.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Where to draw; a new figure if ``None``.
        show_fit : bool, default=True
            Draw the fitted power laws and their intervals.
        show_crossover : bool, default=True
            Mark the observed crossovers (dotted) and the fitted ones inside
            the observed range (dashed).

        Returns
        -------
        self : LearningCurveComparisonDisplay
        """
        fig, ax = get_axes(ax)
        result = self.result
        grid = np.geomspace(result.train_sizes[0], result.train_sizes[-1], 200)
        for i, name in enumerate(result.names):
            mean = result.errors[i].mean(axis=1)
            spread = result.errors[i].std(axis=1)
            line = ax.errorbar(result.train_sizes, mean, yerr=spread, fmt="o",
                               ms=4, capsize=2, label=name)
            if show_fit and result.curves_[name] is not None:
                fit, low, high = result.curves_[name].predict(grid)
                color = line[0].get_color()
                a, b, c = result.curves_[name].params
                ax.plot(grid, fit, color=color, lw=1.5,
                        label=f"{name} fit: {a:.3f} + {b:.2f} m^-{c:.2f}")
                ax.fill_between(grid, low, high, color=color, alpha=0.15, lw=0)
        if show_crossover and len(result.names) > 1:
            for _, row in result.crossovers().iterrows():
                marks = [("observed", row["observed_crossover"], ":")]
                if show_fit and row["in_observed_range"]:
                    marks.append(("fitted", row["fitted_crossover"], "--"))
                for kind, size, style in marks:
                    if not np.isfinite(size):
                        continue
                    ax.axvline(size, color="gray", ls=style, lw=1)
                    ax.annotate(
                        f"{kind} crossover m={size:.0f}", (size, ax.get_ylim()[1]),
                        rotation=90, va="top", ha="right", fontsize=8, color="gray",
                    )
        ax.set_xscale("log")
        plain_log_ticks(ax.xaxis)
        ax.set_xlabel("training size m")
        ax.set_ylabel("test error")
        ax.legend(fontsize=8)
        self.ax_, self.figure_ = ax, fig
        return self
