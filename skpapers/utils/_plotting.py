"""Small helpers shared by the Display objects (matplotlib is optional)."""


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
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{caller_name} requires matplotlib. Install it with "
            "`pip install skpapers[plot]` or `pip install matplotlib`."
        ) from exc
    return plt


def get_axes(ax=None):
    """Return ``(fig, ax)``: the given axes and its figure, or new ones."""
    plt = check_matplotlib_support("plotting")
    if ax is None:
        fig, ax = plt.subplots()
    else:
        fig = ax.figure
    return fig, ax
