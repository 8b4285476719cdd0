"""Verbs of the `phongthu` command beyond the core ones; each module adds its own."""
