"""Ordinal regression: PRESTO and the proportional odds model."""

from skpapers.ordinal._path_display import PrestoPathDisplay
from skpapers.ordinal._po_assumption import brant_test, proportional_odds_lr_test
from skpapers.ordinal._presto import PrestoClassifier
from skpapers.ordinal._presto_cv import PrestoClassifierCV
from skpapers.ordinal._proportional_odds import ProportionalOddsClassifier

__all__ = [
    "PrestoClassifier",
    "PrestoClassifierCV",
    "PrestoPathDisplay",
    "ProportionalOddsClassifier",
    "brant_test",
    "proportional_odds_lr_test",
]
