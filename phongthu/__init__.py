"""phongthu: a civil-defense work plan turned into tracked, reported work."""

__version__ = "0.1.0"
