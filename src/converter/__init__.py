"""Beleidslezer converter: a Dutch government report PDF becomes anchored Markdown and JSON."""

__version__ = "0.1.0"
