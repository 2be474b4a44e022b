"""Learning-curve comparison and extrapolation (generative vs discriminative)."""

from skpapers.model_selection._comparison import (
    FittedLearningCurve,
    LearningCurveComparison,
)
from skpapers.model_selection._display import LearningCurveComparisonDisplay
from skpapers.model_selection._extrapolation import extrapolate_learning_curve
from skpapers.model_selection._learning_curves import compare_learning_curves

__all__ = [
    "FittedLearningCurve",
    "LearningCurveComparison",
    "LearningCurveComparisonDisplay",
    "compare_learning_curves",
    "extrapolate_learning_curve",
]
