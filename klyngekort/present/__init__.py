"""Layer 5, presentation: localisation, number formats, Leaflet maps and exports.

The only package that imports folium or branca. Imports every layer below it; nothing
below imports it.
"""
