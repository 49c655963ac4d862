"""Where things are: the data folder, the DAGI geodata, caches and the scenario database.

Every location can be set with an environment variable, or in a settings file
``klyngekort.toml`` in the project folder (or the file named by ``$KLYNGEKORT_SETTINGS``)::

    [paths]
    geodata = "/srv/dagi/kommuner.gpkg"   # relative paths are relative to the settings file
    data = "data"

    [geodata]
    source = "dawa"                       # where `klyngekort geodata fetch` and the first run download from

The environment wins over the file. Without a configured geodata location, the DAGI boundaries
are looked for in ``../shared/geodata`` (beside the checkout, as on the development machines and
in CI), then in ``geodata/dagi`` (where ``klyngekort geodata fetch`` puts them).
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

from klyngekort.core.messages import MessageValueError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV_SETTINGS = "KLYNGEKORT_SETTINGS"


def settings_file() -> Path:
    return Path(os.environ.get(ENV_SETTINGS) or PROJECT_ROOT / "klyngekort.toml")


def _setting_text(table: str, name: str) -> str | None:
    """``[table] name`` from the settings file as text, or None (no file, no key, unreadable file)."""
    f = settings_file()
    try:
        with f.open("rb") as fh:
            section = tomllib.load(fh).get(table, {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = section.get(name) if isinstance(section, dict) else None
    return value if isinstance(value, str) and value else None


def _setting(name: str) -> Path | None:
    """``[paths] name`` from the settings file, or None (no file, no key, unreadable file)."""
    value = _setting_text("paths", name)
    if value is None:
        return None
    f = settings_file()
    p = Path(value).expanduser()
    return p if p.is_absolute() else (f.parent / p)


def _location(env: str, setting: str, default: Path) -> Path:
    return Path(os.environ.get(env) or _setting(setting) or default)


ENV_GEODATA = "KLYNGEKORT_GEODATA"
ENV_DATA = "KLYNGEKORT_DATA"
ENV_CACHE = "KLYNGEKORT_CACHE"
ENV_DB = "KLYNGEKORT_DB"
ENV_GEODATA_SOURCE = "KLYNGEKORT_GEODATA_SOURCE"
ENV_TODAY = "KLYNGEKORT_TODAY"


def today() -> date:
    """Today's date, the one clock of the app and the CLI: ``$KLYNGEKORT_TODAY``
    (``YYYY-MM-DD``, for demos and tests) or the computer's date. The default period is the
    programme period containing it (:func:`klyngekort.core.periods.current_period`)."""
    raw = (os.environ.get(ENV_TODAY) or "").strip()
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise MessageValueError("period.bad_today", name=ENV_TODAY, value=raw) from None


#: File names of a municipality boundary file, best first (matched case-insensitively and
#: recursively in a geodata folder). The DAWA 2021 file (``municipalities.geojson``) is
#: preferred over the 2014 DAGI 1:500.000 one.
MUNICIPALITY_FILE_PATTERNS: tuple[str, ...] = (
    "municipalities.geojson",
    "kommuner.geojson",
    "kommuner.gpkg",
    "kommuner.shp",
    "kommuner.topojson",
    "kommuner.topo.json",
    "kommuneinddeling.geojson",
    "kommuneinddeling.gpkg",
    "kommuneinddeling.shp",
    "kommune.gpkg",
    "kommune.shp",
)


def data_dir() -> Path:
    """The public dataset (``data/``), or ``$KLYNGEKORT_DATA``."""
    return _location(ENV_DATA, "data", PROJECT_ROOT / "data")


def example_data_dir() -> Path:
    """The labelled example dataset that extends the public one."""
    return data_dir() / "example"


def configured_geodata() -> Path | None:
    """``$KLYNGEKORT_GEODATA`` or ``[paths] geodata`` in the settings file (a folder or a file), or None."""
    value = os.environ.get(ENV_GEODATA)
    return Path(value) if value else _setting("geodata")


def shared_geodata_dir() -> Path:
    """``../shared/geodata`` beside the checkout (the development machines and CI)."""
    return PROJECT_ROOT.parent / "shared" / "geodata"


def downloaded_geodata_dir() -> Path:
    """``geodata/dagi`` in the project (gitignored): where ``klyngekort geodata fetch`` puts DAGI."""
    return PROJECT_ROOT / "geodata" / "dagi"


def holds_geodata(path: Path) -> bool:
    """True when ``path`` is a file, or a folder with a file named as in :data:`MUNICIPALITY_FILE_PATTERNS`."""
    if path.is_file():
        return True
    if not path.is_dir():
        return False
    names = {n.lower() for n in MUNICIPALITY_FILE_PATTERNS}
    for _dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if any(f.lower() in names for f in filenames):
            return True
    return False


def geodata_search_order() -> list[Path]:
    """Where the DAGI boundaries are looked for, in order. A configured location
    (``$KLYNGEKORT_GEODATA`` or the settings file) is the only one: a wrong setting is
    reported, never silently replaced by another copy. Without one: ``../shared/geodata``,
    then ``geodata/dagi``."""
    configured = configured_geodata()
    if configured is not None:
        return [configured]
    return [shared_geodata_dir(), downloaded_geodata_dir()]


def geodata_dir() -> Path:
    """DAGI boundaries (a folder or a single file): the first place in :func:`geodata_search_order`
    that holds a municipality file; the configured location even when it does not; else
    ``geodata/dagi`` (where a fetch puts them)."""
    order = geodata_search_order()
    if configured_geodata() is not None:
        return order[0]
    for path in order:
        if holds_geodata(path):
            return path
    return downloaded_geodata_dir()


def geodata_source() -> str | None:
    """The source ``klyngekort geodata fetch`` and the first run download from: a source name or
    a URL, from ``$KLYNGEKORT_GEODATA_SOURCE`` or ``[geodata] source`` in the settings file; None
    for the default."""
    return os.environ.get(ENV_GEODATA_SOURCE) or _setting_text("geodata", "source")


def cache_dir() -> Path:
    """Derived geodata layers (gitignored): ``$KLYNGEKORT_CACHE``, default ``geodata/`` in the project."""
    return _location(ENV_CACHE, "cache", PROJECT_ROOT / "geodata")


def scenario_db_path() -> Path:
    """The embedded SQLite database (data of record, history, users and scenarios):
    ``$KLYNGEKORT_DB`` or ``[paths] db``, default ``var/klyngekort.sqlite3`` (gitignored)."""
    return _location(ENV_DB, "db", PROJECT_ROOT / "var" / "klyngekort.sqlite3")


ENV_DATABASE_URL = "KLYNGEKORT_DATABASE_URL"
ENV_LOCAL_EDITOR = "KLYNGEKORT_LOCAL_EDITOR"
ENV_REQUIRE_SIGN_IN = "KLYNGEKORT_REQUIRE_SIGN_IN"


def local_editor() -> str | None:
    """``klyngekort run --local-editor "Name <email>"`` (``$KLYNGEKORT_LOCAL_EDITOR``): the one
    person who may edit on a laptop without an identity provider; None otherwise. Read from the
    server's environment only, never from anything a browser sends."""
    return os.environ.get(ENV_LOCAL_EDITOR) or None


def require_sign_in() -> bool:
    """Viewing needs a sign-in too (``$KLYNGEKORT_REQUIRE_SIGN_IN=1`` or ``[auth] require_sign_in = "yes"``)."""
    value = os.environ.get(ENV_REQUIRE_SIGN_IN) or _setting_text("auth", "require_sign_in") or ""
    return value.lower() in ("1", "yes", "true")


def database_url() -> str:
    """The store's database as an SQLAlchemy URL: ``$KLYNGEKORT_DATABASE_URL`` or
    ``[database] url`` in the settings file (e.g. ``postgresql+psycopg://user:pw@host/klyngekort``),
    else the SQLite file :func:`scenario_db_path`."""
    url = os.environ.get(ENV_DATABASE_URL) or _setting_text("database", "url")
    if url:
        return url
    return "sqlite:///" + str(scenario_db_path())


def static_dir() -> Path:
    """Streamlit's static folder (served at ``/app/static``); vendored assets go to ``static/vendor``."""
    return PROJECT_ROOT / "static"
