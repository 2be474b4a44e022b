"""metrics."""

__all__ = []
