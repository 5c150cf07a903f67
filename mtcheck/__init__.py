"""mtcheck: find garbled machine translation in French news text."""

__version__ = "0.1.0"
