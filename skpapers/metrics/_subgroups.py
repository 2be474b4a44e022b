"""Per-subgroup AUROC/AUPRC, their gaps, and per-subgroup ROC/PR curves."""

import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import UndefinedMetricWarning

from skpapers.metrics._core import (
    _as_1d,
    auroc_auprc,
    check_binary,
    threshold_counts,
)
from skpapers.metrics._core import BinaryData, normalise_weight
from skpapers.metrics._response import binary_scores


def _split_groups(groups, n_samples):
    groups = _as_1d(groups, "groups")
    if groups.shape[0] != n_samples:
        raise ValueError(
            f"groups and y_true have different lengths: {groups.shape[0]} != "
            f"{n_samples}."
        )
    missing = pd.isna(groups)
    if missing.any():
        raise ValueError(
            f"groups has {int(missing.sum())} missing labels (None or NaN). A subgroup "
            "report needs every row in a group: give those rows a label of their "
            "own (e.g. 'unknown') or drop them."
        )
    try:
        labels, inverse = np.unique(groups, return_inverse=True)
    except TypeError as exc:
        raise TypeError("groups must hold comparable values of one type.") from exc
    return labels, inverse


def _py(label):
    """A NumPy scalar group label as the matching Python value."""
    return label.item() if hasattr(label, "item") else label


def _subset(data, mask):
    """The rows in ``mask``, weights normalised within them (any scale works)."""
    if data.weight is None:
        return BinaryData(data.positive[mask], data.score[mask], None, data.pos_label)
    raw = data.raw_weight[mask]
    w, exponent = normalise_weight(raw)
    return BinaryData(data.positive[mask], data.score[mask], w, data.pos_label,
                      raw_weight=raw, weight_exponent=exponent)


def _group_data(data, mask):
    """The subgroup's validated data, or None when it lacks a class."""
    sub = _subset(data, mask)
    w = np.ones(sub.positive.size) if sub.weight is None else sub.weight
    if w[sub.positive].sum() <= 0 or w[~sub.positive].sum() <= 0:
        return None
    return sub


def subgroup_report(y_true, y_score, groups, *, sample_weight=None, pos_label=None):
    """AUROC and AUPRC per subgroup, with the gaps between groups.

    AUPRC depends on prevalence: a group with more frequent positives gets a
    higher AUPRC at equal ranking quality, and improvements for it raise the
    overall AUPRC more (McDermott et al., 2024). Comparing groups on AUROC,
    which ignores prevalence, shows whether a model ranks equally well
    within each group.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Finite scores.
    groups : array-like of shape (n_samples,)
        Subgroup label of each sample.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative sample weights.
    pos_label : int, float, bool or str, default=None
        The positive label; ``None`` takes the greater label.

    Returns
    -------
    report : pandas.DataFrame
        One row per group (index: group label) with ``n_samples``,
        ``n_positives`` (weighted), ``prevalence``, ``auroc``, ``auprc``,
        ``auroc_gap`` and ``auprc_gap`` (group minus the overall value) and
        ``auroc_gap_to_best`` / ``auprc_gap_to_best`` (best group minus this
        one). ``report.attrs`` holds ``overall_auroc``, ``overall_auprc``,
        ``auroc_range`` and ``auprc_range`` (largest minus smallest group
        value). A group holding one class only gets NaN metrics and an
        ``UndefinedMetricWarning``.

    Examples
    --------
    >>> from skpapers.metrics import subgroup_report
    >>> rep = subgroup_report([0, 1, 0, 1, 0, 0, 1, 0],
    ...                       [.1, .9, .4, .3, .2, .6, .7, .5],
    ...                       ["a", "a", "a", "a", "b", "b", "b", "b"])
    >>> rep["prevalence"].to_dict()
    {'a': 0.5, 'b': 0.25}
    >>> rep["auroc"].to_dict()
    {'a': 0.75, 'b': 1.0}
    >>> round(rep.attrs["auroc_range"], 2)
    0.25
    """
    import pandas as pd

    data = check_binary(y_true, y_score, sample_weight, pos_label)
    labels, inverse = _split_groups(groups, data.positive.size)
    overall_auroc, overall_auprc = auroc_auprc(data)
    rows = []
    for g, label in enumerate(labels):
        mask = inverse == g
        sub = _group_data(data, mask)
        part = _subset(data, mask)
        w = np.ones(part.positive.size) if part.weight is None else part.weight
        with np.errstate(over="ignore"):  # a weight total past 1.8e308 is inf
            n_pos = float(np.ldexp(w[part.positive].sum(), part.weight_exponent))
        if sub is None:
            warnings.warn(
                f"Group {_py(label)!r} holds one class only; its AUROC and AUPRC are "
                "undefined (NaN).", UndefinedMetricWarning, stacklevel=2,
            )
            auroc = auprc = np.nan
        else:
            auroc, auprc = auroc_auprc(sub)
        rows.append({
            "group": _py(label), "n_samples": int(mask.sum()), "n_positives": n_pos,
            "prevalence": (
                w[part.positive].sum() / w.sum() if w.sum() > 0 else np.nan
            ),
            "auroc": auroc, "auprc": auprc,
        })
    report = pd.DataFrame(rows).set_index("group")
    for m in ("auroc", "auprc"):
        overall_value = overall_auroc if m == "auroc" else overall_auprc
        report[f"{m}_gap"] = report[m] - overall_value
        report[f"{m}_gap_to_best"] = report[m].max() - report[m]
    report.attrs.update(
        overall_auroc=overall_auroc, overall_auprc=overall_auprc,
        auroc_range=float(report["auroc"].max() - report["auroc"].min()),
        auprc_range=float(report["auprc"].max() - report["auprc"].min()),
    )
    return report


class SubgroupCurvesDisplay:
    """ROC and precision-recall curves, one per subgroup, side by side.

    Parameters
    ----------
    curves : dict
        Group label -> dict with arrays ``fpr``, ``tpr``, ``precision``,
        ``recall`` and floats ``auroc``, ``auprc``, ``prevalence``.

    Attributes
    ----------
    axes_ : ndarray of two matplotlib Axes
        ROC axes and PR axes.
    figure_ : matplotlib Figure
        Figure holding the axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skpapers.metrics import SubgroupCurvesDisplay
    >>> disp = SubgroupCurvesDisplay.from_predictions(
    ...     [0, 1, 0, 1, 0, 0, 1, 0], [.1, .9, .4, .3, .2, .6, .7, .5],
    ...     ["a", "a", "a", "a", "b", "b", "b", "b"])
    >>> sorted(disp.curves)
    ['a', 'b']
    """

    def __init__(self, curves):
        self.curves = curves

    @classmethod
    def from_estimator(cls, estimator, X, y, groups, *, sample_weight=None,
                       pos_label=None, axes=None):
        """Score ``X`` with a fitted binary classifier, then plot per group.

        Parameters
        ----------
        estimator : fitted classifier
            Binary classifier with ``decision_function`` or ``predict_proba``.
        X : array-like of shape (n_samples, n_features)
            Input samples.
        y : array-like of shape (n_samples,)
            True labels.
        groups : array-like of shape (n_samples,)
            Subgroup label of each sample.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        pos_label : int, float, bool or str, default=None
            The positive class; ``None`` takes ``estimator.classes_[1]``.
        axes : sequence of two matplotlib Axes, default=None
            Where to draw the ROC and PR curves.

        Returns
        -------
        display : SubgroupCurvesDisplay
            The plotted display.
        """
        scores, pos_label = binary_scores(estimator, X, pos_label)
        return cls.from_predictions(y, scores, groups, sample_weight=sample_weight,
                                    pos_label=pos_label, axes=axes)

    @classmethod
    def from_predictions(cls, y_true, y_score, groups, *, sample_weight=None,
                         pos_label=None, axes=None):
        """Compute the per-group curves and plot them.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            Binary labels.
        y_score : array-like of shape (n_samples,)
            Scores.
        groups : array-like of shape (n_samples,)
            Subgroup label of each sample.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        pos_label : int, float, bool or str, default=None
            The positive label.
        axes : sequence of two matplotlib Axes, default=None
            Where to draw the ROC and PR curves; a new figure when ``None``.

        Returns
        -------
        display : SubgroupCurvesDisplay
            The plotted display.
        """
        data = check_binary(y_true, y_score, sample_weight, pos_label)
        labels, inverse = _split_groups(groups, data.positive.size)
        curves = {}
        for g, label in enumerate(labels):
            sub = _group_data(data, inverse == g)
            if sub is None:
                warnings.warn(
                    f"Group {_py(label)!r} holds one class only; no curve drawn.",
                    UndefinedMetricWarning, stacklevel=2,
                )
                continue
            counts = threshold_counts(sub)
            auroc, auprc = auroc_auprc(sub)
            p, n = counts.n_pos, counts.n_neg
            curves[_py(label)] = {
                "fpr": np.concatenate(([0.0], counts.fps / n)),
                "tpr": np.concatenate(([0.0], counts.tps / p)),
                "recall": np.concatenate(([0.0], counts.tps / p)),
                "precision": np.concatenate(
                    ([1.0], counts.tps / (counts.tps + counts.fps))),
                "auroc": auroc, "auprc": auprc,
                "prevalence": p / (p + n),
            }
        return cls(curves).plot(axes=axes)

    def plot(self, axes=None):
        """Draw the curves.

        Parameters
        ----------
        axes : sequence of two matplotlib Axes, default=None
            Where to draw the ROC and PR curves; a new figure when ``None``.

        Returns
        -------
        display : SubgroupCurvesDisplay
            ``self``, with ``axes_`` and ``figure_`` set.
        """
        from skpapers.utils._plotting import check_matplotlib_support

        plt = check_matplotlib_support("SubgroupCurvesDisplay.plot")
        if axes is None:
            fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
        else:
            fig = axes[0].figure
        ax_roc, ax_pr = axes[0], axes[1]
        for label, c in self.curves.items():
            line, = ax_roc.plot(c["fpr"], c["tpr"],
                                label=f"{label}: AUROC {c['auroc']:.3f}")
            ax_pr.step(c["recall"], c["precision"], where="post",
                       color=line.get_color(),
                       label=f"{label}: AUPRC {c['auprc']:.3f} "
                             f"(prevalence {c['prevalence']:.3f})")
        ax_roc.plot([0, 1], [0, 1], "k:", lw=1)
        ax_roc.set(xlabel="False-positive rate", ylabel="True-positive rate",
                   title="ROC per subgroup")
        ax_pr.set(xlabel="Recall", ylabel="Precision", ylim=(0, 1.02),
                  title="Precision-recall per subgroup")
        ax_roc.legend(loc="lower right", fontsize="small")
        ax_pr.legend(loc="upper right", fontsize="small")
        self.axes_, self.figure_ = np.asarray([ax_roc, ax_pr]), fig
        return self
