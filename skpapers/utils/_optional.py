"""Import an optional dependency or say which extra installs it.

Optional heavy parts of skpapers are pip extras (``reference`` = cvxpy for the
exact reference solvers, ``plot`` = matplotlib, ``progress`` = tqdm, ...).
They are imported only inside the code path that needs them, through
:func:`import_optional`, so ``import skpapers`` and every default estimator
work without them.
"""

import importlib


def import_optional(module, extra, purpose):
    """Import ``module`` or raise an ImportError naming the pip extra.

    Parameters
    ----------
    module : str
        Dotted module name, e.g. ``"cvxpy"``.
    extra : str
        Name of the skpapers extra that installs it, e.g. ``"reference"``.
    purpose : str
        What needs it, in words, e.g. ``"solver='cvxpy'"``; starts the message.

    Returns
    -------
    module : module
        The imported module.

    Raises
    ------
    ImportError
        If the module cannot be imported; the message reads
        ``"<purpose> needs <top-level package>: pip install 'skpapers[<extra>]'"``.

    Examples
    --------
    >>> from skpapers.utils._optional import import_optional
    >>> import_optional("math", "none", "this example").sqrt(4.0)
    2.0
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.split(".")[0]
        raise ImportError(
            f"{purpose} needs {package}, an optional dependency: "
            f"pip install 'skpapers[{extra}]'"
        ) from exc
