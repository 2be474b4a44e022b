"""skpapers: scikit-learn compatible implementations of six machine-learning papers.

Subpackages are imported lazily, so ``import skpapers`` stays cheap and
optional dependencies (cvxpy, matplotlib, hypothesis) load only when used.
"""

import importlib

__version__ = "0.1.0.dev0"

_SUBPACKAGES = (
    "cluster",
    "datasets",
    "experiments",
    "llp",
    "metrics",
    "model_selection",
    "naive_bayes",
    "ordinal",
    "over_sampling",
    "testing",
    "utils",
)

__all__ = list(_SUBPACKAGES) + ["__version__"]


def __getattr__(name):
    if name in _SUBPACKAGES:
        return importlib.import_module(f"skpapers.{name}")
    raise AttributeError(f"module 'skpapers' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
