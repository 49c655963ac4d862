"""Klyngekort: the national cluster organisations seen from the Danish erhvervshuse."""

__version__ = "0.1.0"
