"""Geography shipped with the package: the municipality outlines of Denmark, simplified, and their attribution.

A leaf: nothing here knows about persons, indicators or the web. ``outlines`` reads the packaged outlines (or a
user's GeoJSON) into one shape the map draws; ``simplify`` is the line simplification that made them (and that the
map uses again to drop detail a zoom level cannot show); ``build`` turns the source GeoJSON into the package file.
"""
