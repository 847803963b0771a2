"""iopcost: what would this treatment cost us? Estimates per level of care."""

__version__ = "0.1.0"
