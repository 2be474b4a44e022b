"""datasets."""

from ._heterogeneous_gmm import make_heterogeneous_gmm

__all__ = ["make_heterogeneous_gmm"]
