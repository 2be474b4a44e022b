"""Over-sampling: SMOTE, SMOTE-NC and SMOTE + under-sampling (Chawla et al., 2002).

The samplers subclass imbalanced-learn's sampler base, so they are steps of
:class:`imblearn.pipeline.Pipeline` and resample training folds only.
"""

from skpapers.over_sampling._smote import SMOTE
from skpapers.over_sampling._smote_nc import SMOTENC
from skpapers.over_sampling._smote_under import SMOTEUnderSampler

__all__ = ["SMOTE", "SMOTENC", "SMOTEUnderSampler"]
