"""The provenance file written next to downloaded DAGI boundaries, and reading it back.

``klyngekort geodata fetch`` writes ``<data file>.provenance.json`` beside the data file
(``geodata/dagi/kommuner.geojson.provenance.json``): the source, the URL, when it was
fetched, the licence, the counts and the SHA-256 of the data file. It is trusted only while
that SHA-256 matches the file beside it, so a file replaced by hand never shows someone
else's provenance.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


PROVENANCE_SUFFIX = ".provenance.json"


PROVENANCE_FORMAT = 1


#: Who publishes DAGI and under which licence (Klimadatastyrelsen, formerly SDFI/Geodatastyrelsen;
#: CC BY 4.0 since 2024-05-16, see ../shared/geodata/SOURCES.md).
PUBLISHER = "Klimadatastyrelsen (tidligere SDFI)"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


#: Older than this many days, a copy is reported as stale (``klyngekort geodata info``, the Data page).
STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class Provenance:
    """Where a DAGI file came from. ``url`` never holds an API key (it is replaced by ``***``)."""

    file: str  # the data file's name, in the same folder
    source: str  # source name ("dawa", "datafordeler") or "url"
    source_title: str
    url: str
    fetched_at: str  # ISO 8601, UTC
    sha256: str
    bytes: int
    features: int  # features in the file
    municipalities: int  # of the 98
    outside_division: tuple[str, ...]  # e.g. ("0411",)
    crs: str  # as declared (or implied) by the file, e.g. "EPSG:4326"
    repaired_geometries: int  # invalid geometries made valid when read
    publisher: str = PUBLISHER
    licence: str = LICENCE
    licence_url: str = LICENCE_URL
    licence_assumed: bool = False  # True for a source given as a URL: the licence is DAGI's, not checked
    notes: tuple[str, ...] = field(default_factory=tuple)
    format: int = PROVENANCE_FORMAT

    @property
    def fetched_date(self) -> date:
        return datetime.fromisoformat(self.fetched_at).date()

    def age_days(self, today: date | None = None) -> int:
        return ((today or datetime.now(UTC).date()) - self.fetched_date).days

    def is_stale(self, today: date | None = None) -> bool:
        return self.age_days(today) > STALE_AFTER_DAYS

    @property
    def attribution(self) -> str:
        """The credit line shown with the map (Danish, as the licensor's own wording). The
        names from the file are plain text: no markup characters reach a caption or the map."""
        return (
            f"Indeholder data fra Klimadatastyrelsen, DAGI kommuneinddeling, hentet {self.fetched_date.isoformat()} "
            f"fra {_plain(self.source_title)} · {_plain(self.licence)}"
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["outside_division"] = list(self.outside_division)
        data["notes"] = list(self.notes)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in known}
        values["outside_division"] = tuple(str(c) for c in values.get("outside_division", ()))
        values["notes"] = tuple(str(n) for n in values.get("notes", ()))
        prov = cls(**values)
        prov.fetched_date  # noqa: B018 - a bad date makes the file unusable, here rather than later
        return prov


def _plain(text: str) -> str:
    """``text`` without the characters that make links, images, code or HTML in markdown."""
    return re.sub(r"[<>\[\]`!*_|\\]", "", text)[:120]


def provenance_path(data_file: Path) -> Path:
    """``<data file>.provenance.json``."""
    return data_file.with_name(data_file.name + PROVENANCE_SUFFIX)


def read_provenance(data_file: Path, sha256: str) -> Provenance | None:
    """The provenance of ``data_file`` when its file exists, is readable and was written for
    exactly these bytes (``sha256``); otherwise None (a stale or broken one is logged)."""
    p = provenance_path(data_file)
    if not p.is_file():
        return None
    try:
        prov = Provenance.from_dict(json.loads(p.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        log.warning("Ignoring the unreadable provenance file %s: %s", p, exc)
        return None
    if prov.sha256 != sha256:
        log.warning("Ignoring %s: it describes another version of %s (SHA-256 differs)", p, data_file.name)
        return None
    return prov
