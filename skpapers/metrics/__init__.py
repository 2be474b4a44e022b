"""metrics."""

__all__ = []

from skpapers.metrics._roc_hull import (  # noqa: E402
    roc_convex_hull,
    roc_hull_auc,
    roc_hull_optimal_point,
)

__all__ += ["roc_convex_hull", "roc_hull_auc", "roc_hull_optimal_point"]
