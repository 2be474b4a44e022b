"""Generators of each paper's synthetic settings, and loaders of small real data."""

from skpapers.datasets._gaussian_mixture import make_gaussian_mixture_classification
from skpapers.datasets._heterogeneous_gmm import make_heterogeneous_gmm
from skpapers.datasets._keel import load_magic, load_phoneme, load_pima, load_satimage
from skpapers.datasets._prevalence_subgroups import make_prevalence_subgroups
from skpapers.datasets._rare_ordinal import make_rare_ordinal

__all__ = [
    "load_magic",
    "load_phoneme",
    "load_pima",
    "load_satimage",
    "make_gaussian_mixture_classification",
    "make_heterogeneous_gmm",
    "make_prevalence_subgroups",
    "make_rare_ordinal",
]
