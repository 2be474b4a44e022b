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
