"""datasets."""

from skpapers.datasets._prevalence_subgroups import make_prevalence_subgroups

__all__ = ["make_prevalence_subgroups"]
