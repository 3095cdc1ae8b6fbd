"""Composite socio-economic index (issue 11): normalisation, weights, aggregation, classes, sensitivity, presets.

A core package: it reads published cells through :class:`~boligmonitor.index.data.IndexData` (a bundle, or the web
application's database) and never imports Django, the pipeline or person-level code. Every number it uses is a
published cell; a suppressed cell carries no number into this package at all (:class:`~boligmonitor.index.data.Cell`).
See docs/index-methods.md and docs/adr/0012-composite-index.md.
"""
