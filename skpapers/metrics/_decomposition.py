"""Per-positive decomposition of AUROC and AUPRC (McDermott et al., 2024)."""

from dataclasses import dataclass

import numpy as np

from skpapers.metrics._core import check_binary, positive_counts
from skpapers.metrics._response import binary_scores
from skpapers.utils._plotting import get_axes


@dataclass(frozen=True)
class AUCDecomposition:
    """Per-positive terms of AUROC and AUPRC, and the metrics they rebuild.

    Attributes
    ----------
    score : ndarray of shape (n_positives,)
        Score of each positive, in the order positives appear in ``y_true``.
    weight : ndarray of shape (n_positives,)
        Weight of each positive (ones without ``sample_weight``).
    fpr_above : ndarray of shape (n_positives,)
        False-positive rate strictly above the positive's score.
    fpr_at_or_above : ndarray of shape (n_positives,)
        False-positive rate at or above the positive's score.
    fpr : ndarray of shape (n_positives,)
        Mid false-positive rate, the mean of the two above (a tie counts half).
    firing_rate : ndarray of shape (n_positives,)
        Share of all (weighted) samples scored at or above the positive.
    prevalence : float
        Weighted share of positives, ``P(y=1)``.
    auroc : float
        ``1 - E_pos[fpr]``, equal to :func:`auroc_score`.
    auprc : float
        ``1 - P(y=0) E_pos[fpr_at_or_above / firing_rate]``, equal to
        :func:`auprc_score`.
    """

    score: np.ndarray
    weight: np.ndarray
    fpr_above: np.ndarray
    fpr_at_or_above: np.ndarray
    fpr: np.ndarray
    firing_rate: np.ndarray
    prevalence: float
    auroc: float
    auprc: float

    def plot(self, ax=None, **kwargs):
        """Draw FPR against firing rate per positive (:class:`AUCDecompositionDisplay`).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure when ``None``.
        **kwargs : dict
            Passed to ``ax.scatter``.

        Returns
        -------
        display : AUCDecompositionDisplay
            The display, with ``ax_`` and ``figure_`` set.
        """
        display = AUCDecompositionDisplay(
            fpr=self.fpr_at_or_above, firing_rate=self.firing_rate,
            auroc=self.auroc, auprc=self.auprc, prevalence=self.prevalence,
        )
        return display.plot(ax=ax, **kwargs)


def auc_decomposition(y_true, y_score, *, sample_weight=None, pos_label=None):
    """Write AUROC and AUPRC as expectations over the positives.

    McDermott et al. (2024) show that both metrics average a per-positive
    penalty driven by the false positives ranked above it:

    - ``AUROC = 1 - E_pos[FPR(s)]``: every false positive above a positive
      costs the same, wherever it is in the ranking;
    - ``AUPRC = 1 - P(y=0) E_pos[FPR(s) / FR(s)]``, with ``FR(s)`` the firing
      rate (share of all samples scored at or above ``s``): the same false
      positive costs more near the top of the ranking, where ``FR`` is small.

    With tied scores the identities hold exactly when the FPR of a positive
    is the mid value ``(FPR_>(s) + FPR_>=(s)) / 2`` for AUROC and the
    at-or-above value ``FPR_>=(s)`` with ``FR_>=(s)`` for AUPRC; with
    ``sample_weight`` every count and expectation is weighted.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Finite scores, higher meaning more likely positive.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    pos_label : int, float, bool or str, default=None
        The positive label; ``None`` takes the greater label.

    Returns
    -------
    result : AUCDecomposition
        Per-positive arrays and the two rebuilt metrics.

    Examples
    --------
    >>> from skpapers.metrics import auc_decomposition
    >>> res = auc_decomposition([0, 1, 0, 1], [0.9, 0.8, 0.3, 0.5])
    >>> res.fpr.tolist()
    [0.5, 0.5]
    >>> res.auroc, round(res.auprc, 4)
    (0.5, 0.5833)
    """
    data = check_binary(y_true, y_score, sample_weight, pos_label)
    c = positive_counts(data, keep_order=True)

    def unsort(values):  # back to the order of the positives in y_true
        out = np.empty(values.size)
        out[c.order] = values
        return out

    n_pos, n_neg = c.n_pos, c.n_neg
    fpr_ge = unsort(c.neg_ge / n_neg)
    fpr_gt = unsort(c.neg_gt / n_neg)
    fpr_mid = 0.5 * (fpr_ge + fpr_gt)
    firing = unsort((c.pos_ge + c.neg_ge) / (n_pos + n_neg))
    weight = np.ones(fpr_ge.size) if c.weight is None else unsort(c.weight)
    total = weight.sum()
    prevalence = n_pos / (n_pos + n_neg)
    auroc = 1.0 - float((weight * fpr_mid).sum() / total)
    ratio = fpr_ge / np.where(firing > 0, firing, 1.0)  # firing = 0: zero weight
    auprc = 1.0 - (1.0 - prevalence) * float((weight * ratio).sum() / total)
    if data.raw_weight is not None:  # report the weights as given
        weight = data.raw_weight[data.positive]
    return AUCDecomposition(
        score=data.score[data.positive], weight=weight, fpr_above=fpr_gt,
        fpr_at_or_above=fpr_ge, fpr=fpr_mid, firing_rate=firing,
        prevalence=float(prevalence), auroc=auroc, auprc=auprc,
    )


class AUCDecompositionDisplay:
    """False-positive rate against firing rate, one point per positive.

    AUROC penalises each positive by its FPR (the height of its point);
    AUPRC by ``FPR / firing rate`` (the slope from the origin), so points
    near the left edge, at the top of the ranking, weigh much more in AUPRC.

    Parameters
    ----------
    fpr : ndarray of shape (n_positives,)
        False-positive rate at or above each positive's score.
    firing_rate : ndarray of shape (n_positives,)
        Share of samples scored at or above each positive.
    auroc : float, default=None
        AUROC shown in the legend.
    auprc : float, default=None
        AUPRC shown in the legend.
    prevalence : float, default=None
        Positive prevalence; draws the line ``FPR = FR / (1 - prevalence)``,
        the largest FPR possible at a given firing rate.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Axes with the plot.
    figure_ : matplotlib Figure
        Figure holding the axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skpapers.metrics import AUCDecompositionDisplay
    >>> disp = AUCDecompositionDisplay.from_predictions(
    ...     [0, 1, 0, 1, 1], [0.1, 0.8, 0.6, 0.4, 0.9])
    >>> disp.ax_.get_xlabel()
    'Firing rate (share of samples scored >= s)'
    """

    def __init__(self, fpr, firing_rate, *, auroc=None, auprc=None, prevalence=None):
        self.fpr = fpr
        self.firing_rate = firing_rate
        self.auroc = auroc
        self.auprc = auprc
        self.prevalence = prevalence

    @classmethod
    def from_estimator(cls, estimator, X, y, *, sample_weight=None, pos_label=None,
                       ax=None, **kwargs):
        """Score ``X`` with a fitted binary classifier, then plot.

        Parameters
        ----------
        estimator : fitted classifier
            Binary classifier with ``decision_function`` or ``predict_proba``.
        X : array-like of shape (n_samples, n_features)
            Input samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        pos_label : int, float, bool or str, default=None
            The positive class; ``None`` takes ``estimator.classes_[1]``.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        **kwargs : dict
            Passed to ``ax.scatter``.

        Returns
        -------
        display : AUCDecompositionDisplay
            The plotted display.
        """
        scores, pos_label = binary_scores(estimator, X, pos_label)
        return cls.from_predictions(y, scores, sample_weight=sample_weight,
                                    pos_label=pos_label, ax=ax, **kwargs)

    @classmethod
    def from_predictions(cls, y_true, y_score, *, sample_weight=None,
                         pos_label=None, ax=None, **kwargs):
        """Compute the decomposition and plot it.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            Binary labels.
        y_score : array-like of shape (n_samples,)
            Scores.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        pos_label : int, float, bool or str, default=None
            The positive label.
        ax : matplotlib Axes, default=None
            Axes to draw on.
        **kwargs : dict
            Passed to ``ax.scatter``.

        Returns
        -------
        display : AUCDecompositionDisplay
            The plotted display.
        """
        res = auc_decomposition(y_true, y_score, sample_weight=sample_weight,
                                pos_label=pos_label)
        return res.plot(ax=ax, **kwargs)

    def plot(self, ax=None, **kwargs):
        """Plot on ``ax`` (a new figure when ``None``).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on.
        **kwargs : dict
            Passed to ``ax.scatter``.

        Returns
        -------
        display : AUCDecompositionDisplay
            ``self``, with ``ax_`` and ``figure_`` set.
        """
        fig, ax = get_axes(ax)
        label = []
        if self.auroc is not None:
            label.append(f"AUROC = {self.auroc:.3f}")
        if self.auprc is not None:
            label.append(f"AUPRC = {self.auprc:.3f}")
        kwargs.setdefault("s", 12)
        kwargs.setdefault("alpha", 0.7)
        ax.scatter(self.firing_rate, self.fpr, label=", ".join(label) or None,
                   **kwargs)
        if self.prevalence is not None and self.prevalence < 1:
            x = np.linspace(0, 1, 2)
            ax.plot(x, np.minimum(x / (1 - self.prevalence), 1), "k:", lw=1,
                    label="largest FPR at this firing rate")
        ax.set_xlabel("Firing rate (share of samples scored >= s)")
        ax.set_ylabel("False-positive rate at the positive's score")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        if label or self.prevalence is not None:
            ax.legend(loc="lower right")
        self.ax_, self.figure_ = ax, fig
        return self
