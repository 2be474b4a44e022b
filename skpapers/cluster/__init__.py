"""cluster."""

from ._ilasdp import ILASDP
from ._sdp_kmeans import SDPKMeans

__all__ = ["ILASDP", "SDPKMeans"]
