"""Layer 2, geodata: DAGI boundaries read, checked, simplified and cached, and the spatial
steps the core asks for (projection, point-in-polygon, demand points).

Metric work happens in EPSG:25832 (ETRS89 / UTM 32N); display layers are EPSG:4326.
Imports :mod:`klyngekort.core` and nothing above it.
"""
