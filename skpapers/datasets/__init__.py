"""datasets."""

from skpapers.datasets._gaussian_mixture import make_gaussian_mixture_classification

__all__ = ["make_gaussian_mixture_classification"]
