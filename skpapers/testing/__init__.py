"""Property-based testing tools for metrics and estimators (hypothesis optional).

Strategies that generate the inputs skpapers itself is tested on, and
:func:`check_ranking_metric`, which runs named properties (bounds, invariance
to strictly increasing transforms, weights, agreement with a reference, ...)
against any metric and reports the shrunk counter-example of each failure.

hypothesis is an optional dependency (``pip install skpapers[testing]``);
it is imported only when one of these tools is used.
"""

import importlib

__all__ = [
    "RankingMetricReport",
    "binary_scores",
    "bagged_proportions",
    "check_ranking_metric",
    "clustered_points",
    "ordinal_targets",
]

_LOCATIONS = {
    "binary_scores": "skpapers.testing._strategies",
    "bagged_proportions": "skpapers.testing._strategies",
    "clustered_points": "skpapers.testing._strategies",
    "ordinal_targets": "skpapers.testing._strategies",
    "check_ranking_metric": "skpapers.testing._ranking_checks",
    "RankingMetricReport": "skpapers.testing._ranking_checks",
}


def _require_hypothesis():
    try:
        return importlib.import_module("hypothesis")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "skpapers.testing needs hypothesis. Install it with "
            "`pip install skpapers[testing]` (or `pip install hypothesis`)."
        ) from exc


def __getattr__(name):
    if name in _LOCATIONS:
        _require_hypothesis()
        return getattr(importlib.import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'skpapers.testing' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
