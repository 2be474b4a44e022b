"""Ranking metrics under class imbalance: AUROC, AUPRC and their analysis.

Implements "A Closer Look at AUROC and AUPRC under Class Imbalance"
(McDermott et al., NeurIPS 2024): exact, fast AUROC/AUPRC on one shared
core, their per-positive decomposition, the gain from fixing each mistake,
subgroup reports, DeLong and bootstrap intervals, and scorers; plus the ROC
convex hull of the SMOTE paper's evaluation (Chawla et al., 2002).
"""

from skpapers.metrics._bootstrap import BootstrapInterval, bootstrap_ci
from skpapers.metrics._clustering import misclustering_error
from skpapers.metrics._decomposition import (
    AUCDecomposition,
    AUCDecompositionDisplay,
    auc_decomposition,
)
from skpapers.metrics._delong import DeLongInterval, DeLongTest, delong_ci, delong_test
from skpapers.metrics._mistakes import mistake_gains
from skpapers.metrics._ranking import auprc_score, auroc_score
from skpapers.metrics._roc_hull import (
    roc_convex_hull,
    roc_hull_auc,
    roc_hull_optimal_point,
)
from skpapers.metrics._scorers import auprc_scorer, auroc_scorer, get_scorer
from skpapers.metrics._subgroups import SubgroupCurvesDisplay, subgroup_report

__all__ = [
    "AUCDecomposition",
    "AUCDecompositionDisplay",
    "BootstrapInterval",
    "DeLongInterval",
    "DeLongTest",
    "SubgroupCurvesDisplay",
    "auc_decomposition",
    "auprc_score",
    "auprc_scorer",
    "auroc_score",
    "auroc_scorer",
    "bootstrap_ci",
    "delong_ci",
    "delong_test",
    "get_scorer",
    "misclustering_error",
    "mistake_gains",
    "roc_convex_hull",
    "roc_hull_auc",
    "roc_hull_optimal_point",
    "subgroup_report",
]
