"""testing."""

__all__ = []
