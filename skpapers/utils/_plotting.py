"""Small helpers shared by the Display objects (matplotlib is optional)."""

from ._optional import import_optional


def check_matplotlib_support(caller_name):
    """Import matplotlib.pyplot or raise an ImportError naming the extra.

    Parameters
    ----------
    caller_name : str
        Name of the function or method that needs matplotlib.

    Returns
    -------
    plt : module
        ``matplotlib.pyplot``.
    """
    return import_optional("matplotlib.pyplot", "plot", caller_name)


def get_axes(ax=None):
    """Return ``(fig, ax)``: the given axes and its figure, or new ones."""
    plt = check_matplotlib_support("plotting")
    if ax is None:
        fig, ax = plt.subplots()
    else:
        fig = ax.figure
    return fig, ax


def plain_log_ticks(axis):
    """Label a log-scaled axis with plain numbers (``40``, not ``4x10^1``).

    Parameters
    ----------
    axis : matplotlib Axis
        ``ax.xaxis`` or ``ax.yaxis``, already on a log scale.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


#: The papers' short names: every figure of the experiments (and the docs'
#: headline figures) is titled "<short name>: <what is shown>".
PAPER_SHORT_NAMES = {
    "auc_imbalance": "AUROC vs AUPRC (McDermott et al. 2024)",
    "ilasdp": "iLA-SDP (Zhuang, Chen & Yang 2023)",
    "llp": "LLP by belief propagation (Havaldar et al. 2024)",
    "nb_vs_lr": "Naive Bayes vs logistic regression (Zheng et al. 2023)",
    "presto": "PRESTO (Faletto & Bien 2023)",
    "smote": "SMOTE (Chawla et al. 2002)",
}


def paper_title(fig, paper, what=None, detail=None):
    """Title a figure in the package's one style: ``"<paper>: <what is shown>"``.

    Parameters
    ----------
    fig : matplotlib Figure
    paper : str
        A key of :data:`PAPER_SHORT_NAMES` (an experiment name) or the
        paper's short name itself.
    what : str, default=None
        What the figure shows, in a few words; ``None`` gives the paper
        alone.
    detail : str, default=None
        A second line: how the points were obtained.

    Returns
    -------
    title : str
        The first line of the title.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from skpapers.utils._plotting import paper_title
    >>> paper_title(plt.figure(), "smote", "ROC points by family")
    'SMOTE (Chawla et al. 2002): ROC points by family'
    """
    title = PAPER_SHORT_NAMES.get(paper, paper)
    if what:
        title = f"{title}: {what}"
    fig.suptitle(title if detail is None else f"{title}\n{detail}", fontsize=12)
    return title
