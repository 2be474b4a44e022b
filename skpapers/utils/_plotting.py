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
