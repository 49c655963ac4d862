"""Layer 4, scenarios and the store: "what if" changes to the data, their validation,
their file format, their before/after figures, and where they are saved.

Imports core, geo and planning; never maps or Streamlit.
"""
