"""Where things are: the data folder, the DAGI geodata, caches and the scenario database.

Every location can be set with an environment variable, or in a settings file
``klyngekort.toml`` in the project folder (or the file named by ``$KLYNGEKORT_SETTINGS``)::

    [paths]
    geodata = "/srv/dagi/kommuner.gpkg"   # relative paths are relative to the settings file
    data = "data"

The environment wins over the file. The defaults suit a checkout that lies beside
``../shared`` (as on the development machines and in CI).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV_SETTINGS = "KLYNGEKORT_SETTINGS"


def settings_file() -> Path:
    return Path(os.environ.get(ENV_SETTINGS) or PROJECT_ROOT / "klyngekort.toml")


def _setting(name: str) -> Path | None:
    """``[paths] name`` from the settings file, or None (no file, no key, unreadable file)."""
    f = settings_file()
    try:
        with f.open("rb") as fh:
            value = tomllib.load(fh).get("paths", {}).get(name)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if not isinstance(value, str) or not value:
        return None
    p = Path(value).expanduser()
    return p if p.is_absolute() else (f.parent / p)


def _location(env: str, setting: str, default: Path) -> Path:
    return Path(os.environ.get(env) or _setting(setting) or default)


ENV_GEODATA = "KLYNGEKORT_GEODATA"
ENV_DATA = "KLYNGEKORT_DATA"
ENV_CACHE = "KLYNGEKORT_CACHE"
ENV_DB = "KLYNGEKORT_DB"


def data_dir() -> Path:
    """The public dataset (``data/``), or ``$KLYNGEKORT_DATA``."""
    return _location(ENV_DATA, "data", PROJECT_ROOT / "data")


def example_data_dir() -> Path:
    """The labelled example dataset that extends the public one."""
    return data_dir() / "example"


def geodata_dir() -> Path:
    """DAGI boundaries: ``$KLYNGEKORT_GEODATA`` (a folder or a single file), default ``../shared/geodata``."""
    return _location(ENV_GEODATA, "geodata", PROJECT_ROOT.parent / "shared" / "geodata")


def cache_dir() -> Path:
    """Derived geodata layers (gitignored): ``$KLYNGEKORT_CACHE``, default ``geodata/`` in the project."""
    return _location(ENV_CACHE, "cache", PROJECT_ROOT / "geodata")


def scenario_db_path() -> Path:
    """The SQLite scenario database: ``$KLYNGEKORT_DB``, default ``var/scenarios.sqlite3`` (gitignored)."""
    return _location(ENV_DB, "db", PROJECT_ROOT / "var" / "scenarios.sqlite3")


def static_dir() -> Path:
    """Streamlit's static folder (served at ``/app/static``); vendored assets go to ``static/vendor``."""
    return PROJECT_ROOT / "static"
