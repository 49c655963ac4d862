"""Every bound on input, in one place: how large a file, how many rows, how long a field, how
many messages of one kind, how many distinct codes in a travel-time table, how large a scenario
file, how deep its JSON, and the range of each number a user can type or load.

The values are chosen from the real data with generous headroom (the largest data file is
34 KB and 295 rows, the longest cell 787 characters, the longest name 54 characters; a complete
travel-time table over the 99 DAGI codes has 9,801 rows). Input past a bound is refused, or
for messages summarised, with a message that names the bound, *before* the work is done.

Each bound can be changed without touching the code: the environment variable
``KLYNGEKORT_LIMIT_<NAME>`` (e.g. ``KLYNGEKORT_LIMIT_DATA_FILE_BYTES=20000000``) or the settings
file's ``[limits]`` table (``data_file_bytes = 20000000``); the environment wins. ``klyngekort
limits`` prints them all with their values and where each came from.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from klyngekort.core import config
from klyngekort.core.model import Issue


@dataclass(frozen=True)
class Limit:
    """One bound: its ``name`` (lower case, as in ``[limits]``), default and what it bounds."""

    name: str
    default: float
    unit: str  # "bytes", "rows", "characters", "messages", "codes", "entries", "levels", "persons", …
    what: str  # a message code of :mod:`klyngekort.present.messages` (``limits.<name>``)

    @property
    def env(self) -> str:
        return "KLYNGEKORT_LIMIT_" + self.name.upper()


_LIMITS: tuple[Limit, ...] = (
    # data files (klyngekort.core.validation, the Data page's checker, `klyngekort validate`)
    Limit("data_file_bytes", 5_000_000, "bytes", "limits.data_file_bytes"),
    Limit("data_rows", 5_000, "rows", "limits.data_rows"),
    Limit("field_chars", 4_000, "characters", "limits.field_chars"),
    Limit("name_chars", 200, "characters", "limits.name_chars"),
    Limit("messages_per_kind", 20, "messages", "limits.messages_per_kind"),
    # travel-time tables (klyngekort.core.travel; the Dækning page's upload and --travel-times)
    Limit("travel_file_bytes", 5_000_000, "bytes", "limits.travel_file_bytes"),
    Limit("travel_rows", 50_000, "rows", "limits.travel_rows"),
    Limit("travel_codes", 200, "codes", "limits.travel_codes"),
    Limit("travel_cache_bytes", 50_000_000, "bytes", "limits.travel_cache_bytes"),
    # scenario files (klyngekort.scenarios.jsonio)
    Limit("scenario_file_bytes", 5_000_000, "bytes", "limits.scenario_file_bytes"),
    Limit("scenario_changes", 10_000, "entries", "limits.scenario_changes"),
    Limit("json_depth", 20, "levels", "limits.json_depth"),
    # numbers
    Limit("persons", 1_000, "persons", "limits.persons"),
    Limit("fte", 1_000, "fte", "limits.fte"),
    Limit("minutes", 1_440, "minutes", "limits.minutes"),
    Limit("population", 10_000_000, "persons", "limits.population"),
    Limit("number_magnitude", 1e12, "number", "limits.number_magnitude"),
    # uploads in the app (Streamlit's server.maxUploadSize, in MB, is set to match)
    Limit("upload_mb", 5, "MB", "limits.upload_mb"),
)

LIMITS: dict[str, Limit] = {lim.name: lim for lim in _LIMITS}


def _from_settings(name: str) -> float | None:
    try:
        with config.settings_file().open("rb") as fh:
            section = tomllib.load(fh).get("limits", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = section.get(name) if isinstance(section, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value > 0 else None


def _from_env(lim: Limit) -> float | None:
    text = os.environ.get(lim.env, "").strip().replace("_", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 and value < 1e18 else None


def source(name: str) -> str:
    """Where the value of limit ``name`` comes from: ``env``, ``settings`` or ``default``."""
    lim = LIMITS[name]
    if _from_env(lim) is not None:
        return "env"
    if _from_settings(name) is not None:
        return "settings"
    return "default"


def get(name: str) -> float:
    """The value of limit ``name``: the environment, else ``[limits]`` in the settings file, else
    the default."""
    lim = LIMITS[name]
    value = _from_env(lim)
    if value is None:
        value = _from_settings(name)
    return float(lim.default if value is None else value)


def get_int(name: str) -> int:
    return int(get(name))


def all_limits() -> list[tuple[Limit, float, str]]:
    """Every limit with its current value and where the value came from."""
    return [(lim, get(lim.name), source(lim.name)) for lim in _LIMITS]


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str, stop: int) -> int:
    """The nesting depth of the JSON text (brackets outside strings), counted without parsing
    and stopping as soon as it exceeds ``stop``: a file nested 100,000 deep is refused before
    ``json.loads`` could recurse."""
    depth = deepest = 0
    for m in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        if m.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    return deepest
        else:
            depth -= 1
    return deepest


#: Characters refused in names and text: lone UTF-16 surrogates (they cannot be stored or
#: encoded), bidirectional overrides and isolates (they make text read in another order than
#: it is stored) and zero-width characters (they make two names look the same).
_UNSAFE = re.compile("[\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")


def unsafe_character(text: str) -> str | None:
    """The first unsafe character of ``text`` as ``U+202E``, or ``None``."""
    m = _UNSAFE.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


class _Kind:
    __slots__ = ("count", "first")

    def __init__(self, first: Issue) -> None:
        self.first, self.count = first, 0


def cap_issues(issues: Iterable[Issue], per_kind: int | None = None) -> list[Issue]:
    """At most ``per_kind`` (default the limit ``messages_per_kind``) issues of each kind (the
    same file, message code and severity), in their order; where a kind has more, one issue
    ``msg.more_of_kind`` (“… og 999.950 flere af samme slags”) follows its last one shown."""
    cap = per_kind if per_kind is not None else get_int("messages_per_kind")
    kept: list[Issue] = []
    kinds: dict[tuple[object, ...], _Kind] = {}
    more: dict[tuple[object, ...], int] = {}
    for item in issues:
        key = (item.file, item.code, item.severity)
        kind = kinds.setdefault(key, _Kind(item))
        kind.count += 1
        if kind.count <= cap:
            kept.append(item)
            if kind.count == cap:
                more[key] = len(kept)
    out: list[Issue] = []
    tails = {pos: key for key, pos in more.items() if kinds[key].count > cap}
    for pos, item in enumerate(kept, start=1):
        out.append(item)
        if pos in tails:
            kind = kinds[tails[pos]]
            first, n = kind.first, float(kind.count - cap)
            out.append(Issue(first.file, None, None, "msg.more_of_kind", {"n": n}, first.severity))
    return out


__all__ = [
    "LIMITS",
    "Limit",
    "all_limits",
    "cap_issues",
    "get",
    "get_int",
    "json_depth",
    "source",
    "unsafe_character",
]
