"""Learning from label proportions (LLP).

Only the positive proportion of each bag of rows is known at training time;
the models predict instance labels. ``fit(X, y, *, bags)``: ``y`` is, per row,
the proportion of its bag, ``bags`` the bag id per row.
"""

from ._bags import bag_proportion_error, make_bag_scorer, make_bags
from ._bp_llp import BeliefPropagationLLP
from ._dllp import DLLPClassifier
from ._easyllp import EasyLLPClassifier

__all__ = [
    "BeliefPropagationLLP",
    "DLLPClassifier",
    "EasyLLPClassifier",
    "bag_proportion_error",
    "make_bag_scorer",
    "make_bags",
]
