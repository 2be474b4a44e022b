"""ordinal."""

__all__ = []
