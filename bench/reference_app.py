"""The reference for the first-map benchmark: a minimal Streamlit + st_folium app that draws
the same simplified municipality layer as Klyngekort's default page, and nothing else.

It uses the same vendored Leaflet (``/app/static/vendor``, no CDN) and the same rounded GeoJSON
(:func:`klyngekort.present.mapview.feature_collection` of the DAGI display layer), with the
municipality paths classed ``kk-muni`` so that one detector times both apps. It is what
"the stack's floor" means in ``bench/bench_first_map.py``: Streamlit's frontend, one
component message, streamlit-folium's iframe and bundle, Leaflet and 98 polygons.

Started by ``bench_first_map.py`` from a temporary folder whose ``static/`` points at the
project's (Streamlit serves ``static/`` beside the main script).
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from klyngekort.geo.cache import load_layers
from klyngekort.present import assets
from klyngekort.present.mapview import feature_collection


@st.cache_resource
def _layer():
    layers = load_layers()
    display = layers.display
    return feature_collection(display, [{"k": k} for k in display["kommunekode"]])


fc = _layer()
m = folium.Map(location=[56.2, 11.6], zoom_start=7, tiles=None)
m.default_js = [(a.name, a.url) for a in assets.JS_ASSETS]
m.default_css = [(a.name, a.url) for a in assets.CSS_ASSETS]
folium.GeoJson(
    fc, style_function=lambda f: {"className": "kk-muni", "fillColor": "#cfd8dc", "weight": 0.6}
).add_to(m)
st_folium(m, key="map", height=660, use_container_width=True, returned_objects=[])
