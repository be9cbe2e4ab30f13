"""Renderers: each is a pure function from a `Report` to text."""
