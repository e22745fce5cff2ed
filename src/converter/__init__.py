"""Beleidslezer converter: a Dutch government report PDF becomes anchored Markdown and a JSON model."""

__version__ = "0.1.0"
