"""Recognising Dask inputs without importing Dask (private).

The metrics and SMOTE take a Dask route when any of their inputs is a Dask
collection. Recognising one needs no Dask import (the collection protocol is
a method, ``__dask_graph__``), so the package imports and runs without the
optional ``dask`` extra; only the Dask route itself imports it, through
:func:`require_dask`, which names the extra when it is missing.
"""

import importlib


def is_dask_collection(*objects):
    """True when any of ``objects`` is a Dask collection (array, DataFrame...)."""
    for obj in objects:
        graph = getattr(type(obj), "__dask_graph__", None)
        if callable(graph) and obj.__dask_graph__() is not None:
            return True
    return False


def require_dask(*modules):
    """Import ``dask`` (and ``modules``, e.g. ``"dask.array"``) or say which extra.

    Raises
    ------
    ImportError
        Naming the ``dask`` extra when Dask is not installed.
    """
    try:
        importlib.import_module("dask")
        return [importlib.import_module(m) for m in modules]
    except ImportError as exc:
        raise ImportError(
            "This input is a Dask collection; the Dask route needs the optional "
            "'dask' extra: pip install 'skpapers[dask]' (dask[distributed])."
        ) from exc
