"""Layer 1, the core: the data model and the coverage arithmetic.

Knows the standard library, pandas and numpy only: no geometry, no maps, no Streamlit.
Everything spatial reaches it as plain arrays (coordinates in EPSG:25832 metres, distance
matrices) computed by :mod:`klyngekort.geo`.
"""
