"""over_sampling."""

__all__ = []
