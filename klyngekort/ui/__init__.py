"""Layer 6, the Streamlit glue shared by ``pages/``: app state, caching, page preamble and
the larger page bodies. The only package (with ``pages/`` and ``app.py``) that imports
Streamlit. The CLI never imports it.
"""
