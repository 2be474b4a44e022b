"""Progress reporting for long work: a tqdm bar on a terminal, plain lines elsewhere.

One helper for every loop that can take more than a few seconds (bootstrap
resamples, learning-curve sizes, the papers of ``skpapers reproduce``; the
regularisation path of ``PrestoClassifierCV``, the starts of ``ILASDP`` and
the rounds of ``BeliefPropagationLLP`` can use it the same way)::

    from skpapers.utils._progress import progress

    for alpha in progress(alphas, verbose=self.verbose, desc="alpha path"):
        ...

What the user sees depends on ``verbose`` and on where the output goes:

- ``verbose=0`` (every default): nothing; the iterable is returned as is.
- ``verbose >= 1`` and standard error is a terminal (or a Jupyter kernel)
  and tqdm is installed (``pip install 'skpapers[progress]'``): a tqdm bar
  with the elapsed time and an estimate of the time left.
- ``verbose >= 1`` otherwise (a log file, a pipe, CI, no tqdm): no bar, one
  plain line per finished step, ``"<desc>: <i>/<total> in <t> s"``, on
  standard error, so logs stay readable.

Messages printed between steps go through :func:`write`, which keeps a bar
in place.
"""

import importlib.util
import sys
import time


def _tqdm():
    """The tqdm class (``tqdm.auto`` picks the notebook widget) or None."""
    if importlib.util.find_spec("tqdm") is None:
        return None
    from tqdm.auto import tqdm

    return tqdm


def _interactive(stream):
    """True when ``stream`` is a terminal or the process is a Jupyter kernel."""
    if "ipykernel" in sys.modules:
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


def bar_enabled(verbose, stream=None):
    """Whether :func:`progress` would draw a bar.

    Parameters
    ----------
    verbose : int or bool
        The caller's ``verbose``; 0 or False never draws.
    stream : file-like, default=None
        Where the bar goes; ``None`` means ``sys.stderr``.

    Returns
    -------
    enabled : bool
        ``verbose`` is positive, ``stream`` is interactive and tqdm is
        installed.

    Examples
    --------
    >>> from skpapers.utils._progress import bar_enabled
    >>> bar_enabled(0)
    False
    """
    stream = sys.stderr if stream is None else stream
    return bool(verbose) and _interactive(stream) and _tqdm() is not None


def progress(iterable, *, verbose=0, total=None, desc="", stream=None):
    """Iterate over ``iterable`` and report progress when ``verbose``.

    Parameters
    ----------
    iterable : iterable
        The work items; each one counts as one step.
    verbose : int or bool, default=0
        0: silent. 1 or more: a tqdm bar on an interactive ``stream``, plain
        lines otherwise (see the module docstring).
    total : int, default=None
        Number of steps; ``len(iterable)`` when it has one.
    desc : str, default=""
        What the steps are, e.g. ``"bootstrap"``; starts every line.
    stream : file-like, default=None
        Where progress goes; ``None`` means ``sys.stderr``.

    Yields
    ------
    item
        The items of ``iterable``, unchanged and in order.

    Examples
    --------
    >>> import io
    >>> from skpapers.utils._progress import progress
    >>> log = io.StringIO()
    >>> [x * 2 for x in progress(range(3), verbose=1, desc="demo", stream=log)]
    [0, 2, 4]
    >>> log.getvalue().splitlines()[-1].startswith("demo: 3/3 in ")
    True
    """
    if not verbose:
        yield from iterable
        return
    stream = sys.stderr if stream is None else stream
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    if bar_enabled(verbose, stream):
        yield from _tqdm()(iterable, total=total, desc=desc or None, file=stream,
                           dynamic_ncols=True, leave=False)
        return
    start = time.perf_counter()
    of = "" if total is None else f"/{total}"
    for i, item in enumerate(iterable, 1):
        yield item
        elapsed = time.perf_counter() - start
        print(f"{desc}: {i}{of} in {elapsed:.1f} s", file=stream, flush=True)


def write(message, stream=None):
    """Print ``message`` on its own line without breaking a running bar.

    Parameters
    ----------
    message : str
    stream : file-like, default=None
        ``None`` means ``sys.stdout``.

    Examples
    --------
    >>> from skpapers.utils._progress import write
    >>> write("fitted")
    fitted
    """
    stream = sys.stdout if stream is None else stream
    tqdm = _tqdm() if "tqdm" in sys.modules else None
    if tqdm is not None:
        tqdm.write(message, file=stream)
        stream.flush()
    else:
        print(message, file=stream, flush=True)
