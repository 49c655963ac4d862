"""Layer 6, the command line (``klyngekort …``): runs the app, checks data, computes
coverage and plans, manages scenarios and writes exports. Never imports Streamlit or
:mod:`klyngekort.ui` (the app is started as a subprocess).
"""
