"""Plot of PRESTO's slope-difference path (matplotlib imported lazily)."""

import numpy as np

from skpapers.utils._plotting import get_axes


class PrestoPathDisplay:
    """Slope differences ``beta_k - beta_{k-1}`` along the ``alpha`` path.

    At the largest ``alpha`` every difference is zero (proportional odds);
    as ``alpha`` decreases, the differences the data support leave zero.
    Create it with :meth:`from_estimator` from a fitted
    :class:`PrestoClassifierCV`.

    Parameters
    ----------
    alphas : ndarray of shape (n_alphas,)
        The penalty grid.
    differences : ndarray of shape (n_alphas, n_classes - 2, n_features)
        ``beta_k - beta_{k-1}`` for ``k = 2 .. K-1`` at each ``alpha``.
    alpha : float, default=None
        The chosen penalty, marked by a vertical line.
    feature_names : list of str, default=None
        Names used in the line labels.
    color_by : {"difference", "feature"}, default="difference"
        One colour per difference ``beta_k - beta_{k-1}`` (all features of
        it alike), or one colour per feature (line style per difference), to
        see which features leave proportional odds.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The axes of the plot.
    figure_ : matplotlib Figure
        The figure of the plot.
    lines_ : list of matplotlib Line2D
        One line per (difference, feature).

    Examples
    --------
    >>> from skpapers.datasets import make_rare_ordinal
    >>> from skpapers.ordinal import PrestoClassifierCV, PrestoPathDisplay
    >>> X, y, _ = make_rare_ordinal(n_samples=500, random_state=0)
    >>> cv = PrestoClassifierCV(alphas=8, cv=3).fit(X, y)
    >>> display = PrestoPathDisplay.from_estimator(cv)
    >>> len(display.lines_)
    20
    """

    def __init__(self, alphas, differences, *, alpha=None, feature_names=None,
                 color_by="difference"):
        self.alphas = np.asarray(alphas)
        self.differences = np.asarray(differences)
        self.alpha = alpha
        self.feature_names = feature_names
        if color_by not in ("difference", "feature"):
            raise ValueError(
                f"`color_by` must be 'difference' or 'feature'; got {color_by!r}."
            )
        self.color_by = color_by

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, color_by="difference"):
        """Build and draw the display from a fitted :class:`PrestoClassifierCV`.

        Parameters
        ----------
        estimator : PrestoClassifierCV
            Fitted estimator (needs ``coef_path_`` and ``alphas_``).
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure if None.
        color_by : {"difference", "feature"}, default="difference"
            See the class parameters.

        Returns
        -------
        display : PrestoPathDisplay
        """
        if not hasattr(estimator, "coef_path_"):
            raise ValueError(
                "PrestoPathDisplay.from_estimator needs a fitted PrestoClassifierCV "
                "(with coef_path_); fit it first."
            )
        names = getattr(estimator, "feature_names_in_", None)
        display = cls(
            estimator.alphas_,
            np.diff(estimator.coef_path_, axis=1),
            alpha=estimator.alpha_,
            feature_names=None if names is None else list(names),
            color_by=color_by,
        )
        return display.plot(ax=ax)

    def plot(self, ax=None):
        """Draw the paths.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure if None.

        Returns
        -------
        self : PrestoPathDisplay
        """
        fig, ax = get_axes(ax)
        n_diff, n_features = self.differences.shape[1:]
        names = self.feature_names or [f"x{j}" for j in range(n_features)]
        by_feature = self.color_by == "feature"
        styles = ["-", "--", ":", "-."]
        self.lines_ = []
        for k in range(n_diff):
            for j in range(n_features):
                if by_feature:
                    style = dict(color=f"C{j % 10}", ls=styles[k % 4],
                                 label=names[j] if k == 0 else None)
                else:
                    style = dict(color=f"C{k % 10}",
                                 label=f"beta{k + 2} - beta{k + 1}" if j == 0 else None)
                (line,) = ax.plot(self.alphas, self.differences[:, k, j], lw=1.2, **style)
                line.set_gid(f"{names[j]}: beta{k + 2} - beta{k + 1}")
                self.lines_.append(line)
        ax.set_xscale("log")
        ax.invert_xaxis()
        if self.alpha is not None:
            ax.axvline(self.alpha, color="0.3", ls="--", lw=1, label="chosen alpha")
        ax.axhline(0.0, color="0.7", lw=0.8)
        ax.set_xlabel("alpha (penalty, decreasing)")
        ax.set_ylabel("slope difference (original scale)")
        ax.set_title("PRESTO path: departures from proportional odds")
        words = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dot"}
        key = ", ".join(f"{words[styles[k % 4]]}: b{k + 2}-b{k + 1}" for k in range(n_diff))
        ax.legend(fontsize="small", title=key if by_feature else None,
                  title_fontsize="small")
        self.ax_, self.figure_ = ax, fig
        return self
