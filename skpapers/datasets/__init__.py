"""datasets."""

from skpapers.datasets._rare_ordinal import make_rare_ordinal

__all__ = ["make_rare_ordinal"]
