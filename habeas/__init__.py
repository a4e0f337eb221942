"""Habeas: case review for Conviction Integrity Units and innocence organizations."""

__version__ = "0.1.0"
