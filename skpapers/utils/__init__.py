"""Validation helpers, estimator discovery and plotting helpers."""

from skpapers.utils.discovery import all_estimators, all_experiments

__all__ = ["all_estimators", "all_experiments"]
