"""Where things are: the data folder, the DAGI geodata, caches and the scenario database.

Every location can be set with an environment variable; the defaults suit a checkout
that lies beside ``../shared`` (as on the development machines and in CI).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_GEODATA = "KLYNGEKORT_GEODATA"
ENV_DATA = "KLYNGEKORT_DATA"
ENV_CACHE = "KLYNGEKORT_CACHE"
ENV_DB = "KLYNGEKORT_DB"


def data_dir() -> Path:
    """The public dataset (``data/``), or ``$KLYNGEKORT_DATA``."""
    return Path(os.environ.get(ENV_DATA) or PROJECT_ROOT / "data")


def example_data_dir() -> Path:
    """The labelled example dataset that extends the public one."""
    return data_dir() / "example"


def geodata_dir() -> Path:
    """DAGI boundaries: ``$KLYNGEKORT_GEODATA`` (a folder or a single file), default ``../shared/geodata``."""
    return Path(os.environ.get(ENV_GEODATA) or PROJECT_ROOT.parent / "shared" / "geodata")


def cache_dir() -> Path:
    """Derived geodata layers (gitignored): ``$KLYNGEKORT_CACHE``, default ``geodata/`` in the project."""
    return Path(os.environ.get(ENV_CACHE) or PROJECT_ROOT / "geodata")


def scenario_db_path() -> Path:
    """The SQLite scenario database: ``$KLYNGEKORT_DB``, default ``var/scenarios.sqlite3`` (gitignored)."""
    return Path(os.environ.get(ENV_DB) or PROJECT_ROOT / "var" / "scenarios.sqlite3")


def static_dir() -> Path:
    """Streamlit's static folder (served at ``/app/static``); vendored assets go to ``static/vendor``."""
    return PROJECT_ROOT / "static"
