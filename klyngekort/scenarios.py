"""What-if scenarios: a named list of changes on top of the baseline dataset.

A scenario never edits the data files. :func:`apply_scenario` returns a *new*
:class:`~klyngekort.model.Dataset` with the changes applied, which the coverage
and map code can use exactly like the baseline.

Change kinds (each a frozen dataclass with a ``kind`` discriminator):

``add_co_location``  :class:`AddCoLocation` – cluster X shares premises with hub/branch Y.
``add_secondment``   :class:`AddSecondment` – N persons from cluster X seconded to hub Y.
``remove_site``      :class:`RemoveSite` – drop one row of ``sites``.
``add_tie``          :class:`AddTie` – a hub–cluster tie with its framework elements.
``add_site``         :class:`AddSite` – a local office/representation in a municipality
                     that has no hub (for recommendations among municipality
                     candidates). Its optional ``latitude``/``longitude`` (WGS84, inside
                     Denmark, both or neither) place it on the map and make it count in
                     coverage; a recommendation gives the municipality's visual centre
                     (``coord_precision`` "town", noted as "kommunens midtpunkt
                     (scenarie)"). Without coordinates it does not count as presence.

Problems are reported as :class:`~klyngekort.model.Issue` objects whose ``file`` is
the scenario name (or the imported file name), ``line`` the 1-based index of the
change in the scenario and ``field`` the field of the change.

The JSON exchange format (``scenario_to_json`` / ``scenario_from_json``)::

    {
      "format": "klyngekort-scenario",
      "format_version": 1,
      "id": "…", "name": "…", "author": "…", "description": "…",
      "created_at": "2025-01-01T12:00:00+00:00", "updated_at": "…",
      "read_only": false, "version": 1,
      "changes": [{"kind": "add_co_location", "cluster_id": "…", "hub_id": "…", "valid_from": ""}, …]
    }

Optional fields whose value is ``null`` (an ``add_site`` without coordinates) are left out.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar, Literal, Union

import pandas as pd

from klyngekort import schema
from klyngekort.model import Dataset, Issue
from klyngekort.periods import parse_iso
from klyngekort.validation import LATITUDE_RANGE, LONGITUDE_RANGE

FORMAT = "klyngekort-scenario"
FORMAT_VERSION = 1

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 20_000
MAX_CHANGES = 10_000
MAX_JSON_CHARS = 5_000_000

TIE_ELEMENTS = ("co_location", "seconded_staff", "joint_events", "admin_cooperation")
ADD_SITE_KINDS = ("local_office", "representation")

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_KOMMUNEKODE_RE = re.compile(r"^\d{4}$")
_HTML_RE = re.compile(r"<\s*[A-Za-z!/?][^>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class AddCoLocation:
    """Cluster ``cluster_id`` co-locates in hub or branch ``hub_id`` from ``valid_from``."""

    cluster_id: str
    hub_id: str
    valid_from: str = ""
    kind: Literal["add_co_location"] = field(default="add_co_location", init=False)
    label: ClassVar[str] = "Samlokalisering"


@dataclass(frozen=True)
class AddSecondment:
    """``persons`` persons from cluster ``cluster_id`` are seconded to hub ``hub_id``."""

    cluster_id: str
    hub_id: str
    persons: int
    valid_from: str = ""
    kind: Literal["add_secondment"] = field(default="add_secondment", init=False)
    label: ClassVar[str] = "Indstationering"


@dataclass(frozen=True)
class RemoveSite:
    """Remove the row ``site_id`` from ``sites``."""

    site_id: str
    kind: Literal["remove_site"] = field(default="remove_site", init=False)
    label: ClassVar[str] = "Fjern adresse"


@dataclass(frozen=True)
class AddTie:
    """A tie between hub ``hub_id`` and cluster ``cluster_id`` covering the flagged elements."""

    cluster_id: str
    hub_id: str
    co_location: bool = False
    seconded_staff: bool = False
    joint_events: bool = False
    admin_cooperation: bool = False
    tie_kind: str = "cooperation_agreement"
    valid_from: str = ""
    kind: Literal["add_tie"] = field(default="add_tie", init=False)
    label: ClassVar[str] = "Samarbejde"


@dataclass(frozen=True)
class AddSite:
    """A local office or representation of ``cluster_id`` in municipality ``kommunekode``
    (no hub). ``latitude``/``longitude`` (WGS84) are optional: without them the site is
    not placed and does not count in coverage."""

    cluster_id: str
    kommunekode: str
    site_kind: str = "local_office"
    valid_from: str = ""
    latitude: float | None = None
    longitude: float | None = None
    kind: Literal["add_site"] = field(default="add_site", init=False)
    label: ClassVar[str] = "Ny adresse"


Change = Union[AddCoLocation, AddSecondment, RemoveSite, AddTie, AddSite]
CHANGE_TYPES: dict[str, type] = {
    "add_co_location": AddCoLocation,
    "add_secondment": AddSecondment,
    "remove_site": RemoveSite,
    "add_tie": AddTie,
    "add_site": AddSite,
}


def _change_fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if f.name != "kind"]


def change_to_dict(change: Change) -> dict[str, Any]:
    """The JSON object of a change: ``kind`` first, then the fields in declaration order."""
    out: dict[str, Any] = {"kind": change.kind}
    for f in _change_fields(type(change)):
        value = getattr(change, f.name)
        if value is None and f.default is None:
            continue  # an optional field left empty
        out[f.name] = value
    return out


def _field_type(cls: type, f: dataclasses.Field) -> type:
    # Annotations are strings here (``from __future__ import annotations``).
    ann = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    return {"str": str, "int": int, "bool": bool, "float | None": float}[ann]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def change_from_dict(obj: Any, *, source: str = "scenarie", position: int | None = None
                     ) -> tuple[Change | None, list[Issue]]:
    """Build a change from its JSON object, checking structure and types (not references).

    Never raises on bad input: returns ``(None, issues)`` when the object is unusable.
    Unknown keys give a warning and are ignored.
    """
    issues: list[Issue] = []
    where = f"ændring {position}" if position is not None else "ændring"

    def err(fld: str | None, msg: str, severity: str = "error") -> None:
        issues.append(Issue(source, position, fld, f"{where}: {msg}", severity))  # type: ignore[arg-type]

    if not isinstance(obj, dict):
        err(None, f"skal være et JSON-objekt, ikke {_json_type(obj)}")
        return None, issues
    kind = obj.get("kind")
    if kind is None:
        err("kind", f"mangler 'kind' (en af {', '.join(CHANGE_TYPES)})")
        return None, issues
    if not isinstance(kind, str) or kind not in CHANGE_TYPES:
        err("kind", f"ukendt ændringstype {kind!r}; tilladt: {', '.join(CHANGE_TYPES)}")
        return None, issues
    cls = CHANGE_TYPES[kind]
    kwargs: dict[str, Any] = {}
    ok = True
    fields = _change_fields(cls)
    names = {f.name for f in fields}
    for f in fields:
        want = _field_type(cls, f)
        required = f.default is dataclasses.MISSING
        if f.name not in obj or obj[f.name] is None:
            if required:
                err(f.name, f"mangler feltet '{f.name}'")
                ok = False
            continue
        value = obj[f.name]
        if want is int:
            if isinstance(value, bool) or not isinstance(value, int):
                err(f.name, f"'{f.name}' skal være et helt tal, ikke {_json_type(value)} {value!r}")
                ok = False
                continue
        elif want is bool:
            if not isinstance(value, bool):
                err(f.name, f"'{f.name}' skal være true eller false, ikke {_json_type(value)} {value!r}")
                ok = False
                continue
        elif want is float:
            if not _is_number(value) or not math.isfinite(value):
                err(f.name, f"'{f.name}' skal være et tal, ikke {_json_type(value)} {value!r}")
                ok = False
                continue
            value = float(value)
        elif not isinstance(value, str):
            hint = ' (skriv koden som tekst med 4 cifre, fx "0101")' if f.name == "kommunekode" else ""
            err(f.name, f"'{f.name}' skal være tekst, ikke {_json_type(value)} {value!r}{hint}")
            ok = False
            continue
        else:
            value = value.strip()
            if len(value) > MAX_NAME_LENGTH:
                err(f.name, f"'{f.name}' er for lang ({len(value)} tegn)")
                ok = False
                continue
        kwargs[f.name] = value
    for key in obj:
        if key != "kind" and key not in names:
            err(key, f"ukendt felt '{key}' for {kind} ignoreres", "warning")
    if not ok:
        return None, issues
    return cls(**kwargs), issues


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "tal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "objekt"
    return type(value).__name__


# --------------------------------------------------------------------------- scenario


def utc_now_iso() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. ``2025-03-01T12:00:00+00:00``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_scenario_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Scenario:
    """A named list of changes on top of the baseline dataset.

    ``version`` is the optimistic-concurrency token kept by the store: every stored
    modification increments it. ``read_only`` marks a scenario locked for presentation.
    """

    id: str
    name: str
    author: str = ""
    description: str = ""
    created_at: str = ""
    updated_at: str = ""
    read_only: bool = False
    version: int = 1
    changes: tuple[Change, ...] = ()

    def with_changes(self, changes: "tuple[Change, ...] | list[Change]") -> "Scenario":
        return dataclasses.replace(self, changes=tuple(changes))


def new_scenario(name: str, author: str = "", description: str = "",
                 changes: "tuple[Change, ...] | list[Change]" = ()) -> Scenario:
    """A fresh, unsaved scenario with a new id, version 1 and timestamps now."""
    now = utc_now_iso()
    return Scenario(id=new_scenario_id(), name=normalize_text(name), author=normalize_text(author),
                    description=normalize_text(description, multiline=True), created_at=now,
                    updated_at=now, read_only=False, version=1, changes=tuple(changes))


def normalize_text(text: str, *, multiline: bool = False) -> str:
    """NFC-normalised, stripped text; single-line text has its line breaks turned into spaces."""
    text = unicodedata.normalize("NFC", text).strip()
    if not multiline:
        text = re.sub(r"[\r\n\t]+", " ", text)
    return text


def name_key(name: str) -> str:
    """The key names are unique by: case-insensitive (Unicode casefold, so Æ = æ)."""
    return normalize_text(name).casefold()


def check_name(name: Any) -> str | None:
    """An error message when ``name`` cannot name a scenario, else ``None``."""
    if not isinstance(name, str):
        return f"navnet skal være tekst, ikke {_json_type(name)}"
    n = normalize_text(name)
    if not n:
        return "navnet må ikke være tomt"
    if len(n) > MAX_NAME_LENGTH:
        return f"navnet er for langt ({len(n)} tegn, højst {MAX_NAME_LENGTH})"
    if _CONTROL_RE.search(n):
        return "navnet indeholder kontroltegn"
    return None


def has_html(text: str) -> bool:
    """True when ``text`` looks like it contains HTML tags or entities."""
    return bool(_HTML_RE.search(text))


# --------------------------------------------------------------------------- validation


def _ids(df: pd.DataFrame, col: str) -> set[str]:
    if col not in df.columns:
        return set()
    return {str(v) for v in df[col].tolist() if isinstance(v, str) and v}


def _known_kommunekoder(ds: Dataset) -> set[str]:
    return _ids(ds.hub_areas, "kommunekode") | _ids(ds.population, "kommunekode") | _ids(ds.hubs, "kommunekode")


def validate_changes(ds: Dataset, changes: "list[Change] | tuple[Change, ...]", *,
                     source: str = "scenarie") -> list[Issue]:
    """Check the changes against the dataset: unknown ids, bad dates and counts,
    a site removed twice, duplicates. ``line`` is the 1-based change index."""
    return _validate_indexed(ds, list(enumerate(changes, start=1)), source=source)


def _validate_indexed(ds: Dataset, indexed: list[tuple[int, Any]], *, source: str) -> list[Issue]:
    issues: list[Issue] = []
    clusters = _ids(ds.clusters, "cluster_id")
    hubs = _ids(ds.hubs, "hub_id")
    sites = _ids(ds.sites, "site_id")
    kommuner = _known_kommunekoder(ds)
    ceased = set()
    if "status_2021_2024" in ds.clusters.columns:
        c = ds.clusters
        mask = c["status_2021_2024"] == "ceased"
        if "period_2025_2028" in c.columns:
            mask &= c["period_2025_2028"] != "yes"
        ceased = {str(v) for v in c.loc[mask, "cluster_id"].tolist()}
    hub_coords_missing = set()
    if {"latitude", "longitude"} <= set(ds.hubs.columns):
        h = ds.hubs
        bad = pd.to_numeric(h["latitude"], errors="coerce").isna() | pd.to_numeric(
            h["longitude"], errors="coerce").isna()
        hub_coords_missing = {str(v) for v in h.loc[bad, "hub_id"].tolist()}
    existing_co = set()
    if {"cluster_id", "hub_id", "kind"} <= set(ds.sites.columns):
        s = ds.sites[ds.sites["kind"] == "co_location"]
        existing_co = set(zip(s["cluster_id"].astype(str), s["hub_id"].astype(str)))
    existing_ties = set()
    if {"cluster_id", "hub_id"} <= set(ds.ties.columns):
        existing_ties = set(zip(ds.ties["cluster_id"].astype(str), ds.ties["hub_id"].astype(str)))

    removed: dict[str, int] = {}
    added_co: dict[tuple[str, str], int] = {}
    added_ties: dict[tuple[str, str], int] = {}

    for pos, ch in indexed:
        def add(fld: str | None, msg: str, severity: str = "error") -> None:
            kind = getattr(ch, "kind", "?")
            issues.append(Issue(source, pos, fld, f"ændring {pos} ({kind}): {msg}", severity))  # type: ignore[arg-type]

        if not isinstance(ch, tuple(CHANGE_TYPES.values())):
            add(None, f"ukendt ændringstype {type(ch).__name__}")
            continue
        # Types (changes built in code rather than parsed from JSON).
        bad_type = False
        for f in _change_fields(type(ch)):
            want = _field_type(type(ch), f)
            v = getattr(ch, f.name)
            if want is int and (isinstance(v, bool) or not isinstance(v, int)):
                add(f.name, f"'{f.name}' skal være et helt tal, ikke {v!r}")
                bad_type = True
            elif want is bool and not isinstance(v, bool):
                add(f.name, f"'{f.name}' skal være true eller false, ikke {v!r}")
                bad_type = True
            elif want is str and not isinstance(v, str):
                add(f.name, f"'{f.name}' skal være tekst, ikke {v!r}")
                bad_type = True
            elif want is float and v is not None and not (_is_number(v) and math.isfinite(v)):
                add(f.name, f"'{f.name}' skal være et tal, ikke {v!r}")
                bad_type = True
        if bad_type:
            continue

        cluster = getattr(ch, "cluster_id", None)
        if cluster is not None:
            if cluster not in clusters:
                add("cluster_id", f"ukendt klynge '{cluster}'")
            elif cluster in ceased:
                add("cluster_id", f"klyngen '{cluster}' er ophørt", "warning")
        hub = getattr(ch, "hub_id", None)
        if hub is not None and hub not in hubs:
            add("hub_id", f"ukendt erhvervshus eller filial '{hub}'")
        vf = getattr(ch, "valid_from", None)
        if vf and parse_iso(vf) is None:
            add("valid_from", f"ugyldig dato '{vf}'; brug ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD")

        if isinstance(ch, AddCoLocation):
            key = (ch.cluster_id, ch.hub_id)
            if key in added_co:
                add("hub_id", f"samme samlokalisering som ændring {added_co[key]}", "warning")
            else:
                added_co[key] = pos
            if key in existing_co:
                add("hub_id", f"klyngen '{ch.cluster_id}' er allerede samlokaliseret i '{ch.hub_id}'",
                    "warning")
            if hub in hubs and hub in hub_coords_missing:
                add("hub_id", f"'{ch.hub_id}' har ingen koordinater; adressen kan ikke vises på kortet",
                    "warning")
        elif isinstance(ch, AddSecondment):
            if ch.persons < 1:
                add("persons", f"antal personer skal være mindst 1, ikke {ch.persons}")
        elif isinstance(ch, RemoveSite):
            if ch.site_id in removed:
                add("site_id", f"adressen '{ch.site_id}' fjernes allerede i ændring {removed[ch.site_id]}")
            elif ch.site_id not in sites:
                add("site_id", f"ukendt adresse (site_id) '{ch.site_id}'")
            else:
                removed[ch.site_id] = pos
        elif isinstance(ch, AddTie):
            if ch.tie_kind not in schema.TIE_KINDS:
                add("tie_kind", f"ukendt type '{ch.tie_kind}'; tilladt: {', '.join(schema.TIE_KINDS)}")
            key = (ch.cluster_id, ch.hub_id)
            if key in added_ties:
                add("hub_id", f"samme samarbejde som ændring {added_ties[key]}", "warning")
            else:
                added_ties[key] = pos
            if key in existing_ties:
                add("hub_id", f"'{ch.hub_id}' og '{ch.cluster_id}' har allerede et samarbejde", "warning")
        elif isinstance(ch, AddSite):
            if ch.site_kind not in ADD_SITE_KINDS:
                add("site_kind", f"ukendt type '{ch.site_kind}'; tilladt: {', '.join(ADD_SITE_KINDS)}")
            if not _KOMMUNEKODE_RE.match(ch.kommunekode):
                add("kommunekode", f"kommunekoden skal have 4 cifre, fx 0101, ikke '{ch.kommunekode}'")
            elif kommuner and ch.kommunekode not in kommuner:
                add("kommunekode", f"ukendt kommunekode '{ch.kommunekode}'")
            if (ch.latitude is None) != (ch.longitude is None):
                missing = "longitude" if ch.longitude is None else "latitude"
                add(missing, f"'latitude' og 'longitude' skal angives begge eller ingen af dem; '{missing}' mangler")
            elif ch.latitude is not None and ch.longitude is not None:
                lat, lon = float(ch.latitude), float(ch.longitude)
                if not (LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]):
                    add("latitude", f"punktet ({lat}, {lon}) ligger uden for Danmark (breddegrad "
                                    f"{LATITUDE_RANGE[0]}–{LATITUDE_RANGE[1]}, længdegrad "
                                    f"{LONGITUDE_RANGE[0]}–{LONGITUDE_RANGE[1]})")
    return issues


# --------------------------------------------------------------------------- apply


def _empty_value(df: pd.DataFrame, col: str) -> Any:
    if col == "is_example":
        return False
    dtype = df[col].dtype if col in df.columns else None
    if dtype is not None and (pd.api.types.is_float_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)):
        return math.nan
    return ""


def _new_rows(df: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return df.copy()
    full = []
    for r in rows:
        full.append({c: (r[c] if c in r else _empty_value(df, c)) for c in df.columns})
    new = pd.DataFrame(full, columns=df.columns)
    for c in df.columns:
        try:
            new[c] = new[c].astype(df[c].dtype)
        except (TypeError, ValueError):
            pass
    if df.empty:
        return new.reset_index(drop=True)
    return pd.concat([df, new], ignore_index=True)


def _unique_id(base: str, taken: set[str]) -> str:
    cand = base
    n = 2
    while cand in taken:
        cand = f"{base}_{n}"
        n += 1
    taken.add(cand)
    return cand


def _float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def apply_scenario_with_issues(ds: Dataset, scenario: Scenario) -> tuple[Dataset, list[Issue]]:
    """Like :func:`apply_scenario`, also returning the validation issues. A change with an
    error (an id the dataset no longer has, say) is skipped, never half applied."""
    source = scenario.name or scenario.id
    issues = validate_changes(ds, scenario.changes, source=source)
    bad = {i.line for i in issues if i.severity == "error"}
    hubs = ds.hubs.set_index("hub_id", drop=False) if "hub_id" in ds.hubs.columns else ds.hubs
    hubs = hubs[~hubs.index.duplicated()]
    site_ids = _ids(ds.sites, "site_id")
    tie_ids = _ids(ds.ties, "tie_id")
    sec_ids = _ids(ds.secondments, "secondment_id")
    new_sites: list[dict[str, Any]] = []
    new_ties: list[dict[str, Any]] = []
    new_secs: list[dict[str, Any]] = []
    remove: set[str] = set()
    src = f"scenarie:{scenario.name}"

    for pos, ch in enumerate(scenario.changes, start=1):
        if pos in bad:
            continue
        common = {"source_url": src, "source_url_2": "", "confidence": "none", "_line": pos,
                  "is_example": False}
        if isinstance(ch, AddCoLocation):
            h = hubs.loc[ch.hub_id]
            new_sites.append({
                **common,
                "site_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.hub_id}", site_ids),
                "cluster_id": ch.cluster_id, "kind": "co_location",
                "town": str(h.get("town", "") or ""), "address": str(h.get("address", "") or ""),
                "kommunekode": str(h.get("kommunekode", "") or ""), "hub_id": ch.hub_id,
                "shared_with_hub": "yes", "valid_from": ch.valid_from, "valid_to": "",
                "period_text": "",
                "latitude": _float(h.get("latitude")), "longitude": _float(h.get("longitude")),
                "coord_precision": str(h.get("coord_precision", "") or ""),
                "coord_source": f"hubs.csv: {ch.hub_id}",
                "notes": f"Scenarie: {scenario.name}: samlokalisering i {h.get('name', ch.hub_id)}",
            })
        elif isinstance(ch, AddSite):
            placed = ch.latitude is not None and ch.longitude is not None
            where = " ved kommunens midtpunkt (scenarie)" if placed else ""
            new_sites.append({
                **common,
                "site_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.kommunekode}", site_ids),
                "cluster_id": ch.cluster_id, "kind": ch.site_kind, "town": "", "address": "",
                "kommunekode": ch.kommunekode, "hub_id": "", "shared_with_hub": "no",
                "valid_from": ch.valid_from, "valid_to": "", "period_text": "",
                "latitude": float(ch.latitude) if placed else math.nan,  # type: ignore[arg-type]
                "longitude": float(ch.longitude) if placed else math.nan,  # type: ignore[arg-type]
                "coord_precision": "town" if placed else "",
                "coord_source": "kommunens midtpunkt (scenarie)" if placed else "",
                "notes": f"Scenarie: {scenario.name}: ny adresse i kommune {ch.kommunekode}{where}",
            })
        elif isinstance(ch, AddSecondment):
            new_secs.append({
                **common,
                "secondment_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.hub_id}", sec_ids),
                "cluster_id": ch.cluster_id, "hub_id": ch.hub_id, "persons": float(ch.persons),
                "fte": math.nan, "valid_from": ch.valid_from, "valid_to": "",
                "notes": f"Scenarie: {scenario.name}: {ch.persons} indstationerede",
            })
        elif isinstance(ch, AddTie):
            yn = {True: "yes", False: "no"}
            new_ties.append({
                **common,
                "tie_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.hub_id}", tie_ids),
                "hub_id": ch.hub_id, "cluster_id": ch.cluster_id, "kind": ch.tie_kind,
                **{e: yn[getattr(ch, e)] for e in TIE_ELEMENTS},
                "valid_from": ch.valid_from, "valid_to": "", "period_text": "",
                "description": f"Scenarie: {scenario.name}",
                "notes": f"Scenarie: {scenario.name}: samarbejde",
            })
        elif isinstance(ch, RemoveSite):
            remove.add(ch.site_id)

    sites = ds.sites
    if remove:
        sites = sites[~sites["site_id"].isin(remove)].reset_index(drop=True)
    out = dataclasses.replace(
        ds,
        hubs=ds.hubs.copy(),
        hub_areas=ds.hub_areas.copy(),
        clusters=ds.clusters.copy(),
        sites=_new_rows(sites, new_sites),
        ties=_new_rows(ds.ties, new_ties),
        secondments=_new_rows(ds.secondments, new_secs),
        population=ds.population.copy(),
        label=f"{ds.label} + scenarie: {scenario.name}",
        files=dict(ds.files),
    )
    return out, issues


def apply_scenario(ds: Dataset, scenario: Scenario) -> Dataset:
    """A new dataset: the baseline ``ds`` with the scenario's changes applied.

    ``ds`` is never modified. Added rows carry ``source_url = "scenarie:<name>"``,
    ``confidence = "none"`` and ``_line`` = the change index; changes that do not
    validate against ``ds`` are skipped (see :func:`apply_scenario_with_issues`).
    """
    return apply_scenario_with_issues(ds, scenario)[0]


def describe_change(change: Change, ds: Dataset | None = None) -> str:
    """A one-line Danish description of a change, with names from ``ds`` when given."""

    def name(table: str, key: str, value: str) -> str:
        if ds is None:
            return value
        df = ds.table(table)
        if key not in df.columns:
            return value
        hit = df[df[key] == value]
        if hit.empty:
            return value
        row = hit.iloc[0]
        label = row.get("short_name") or row.get("name") or value
        return f"{label} ({value})" if label != value else value

    since = f" fra {change.valid_from}" if getattr(change, "valid_from", "") else ""
    if isinstance(change, AddCoLocation):
        return (f"Samlokalisering: {name('clusters', 'cluster_id', change.cluster_id)} i "
                f"{name('hubs', 'hub_id', change.hub_id)}{since}")
    if isinstance(change, AddSecondment):
        return (f"Indstationering: {change.persons} person(er) fra "
                f"{name('clusters', 'cluster_id', change.cluster_id)} i "
                f"{name('hubs', 'hub_id', change.hub_id)}{since}")
    if isinstance(change, RemoveSite):
        return f"Fjern adresse {change.site_id}"
    if isinstance(change, AddTie):
        elems = [e for e in TIE_ELEMENTS if getattr(change, e)]
        what = ", ".join(elems) if elems else "ingen elementer"
        return (f"Samarbejde ({change.tie_kind}): {name('hubs', 'hub_id', change.hub_id)} og "
                f"{name('clusters', 'cluster_id', change.cluster_id)}: {what}{since}")
    if isinstance(change, AddSite):
        at = (f" ved ({change.latitude:.4f}, {change.longitude:.4f})"
              if change.latitude is not None and change.longitude is not None else "")
        return (f"Ny adresse ({change.site_kind}): {name('clusters', 'cluster_id', change.cluster_id)} "
                f"i kommune {change.kommunekode}{at}{since}")
    return repr(change)


# --------------------------------------------------------------------------- JSON


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": s.id,
        "name": s.name,
        "author": s.author,
        "description": s.description,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "read_only": s.read_only,
        "version": s.version,
        "changes": [change_to_dict(c) for c in s.changes],
    }


def scenario_to_json(s: Scenario) -> str:
    """The scenario as JSON text (UTF-8, not ASCII-escaped, stable key order, newline at end)."""
    return json.dumps(scenario_to_dict(s), ensure_ascii=False, indent=2) + "\n"


class _BadConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


_TOP_KEYS = ("format", "format_version", "id", "name", "author", "description", "created_at",
             "updated_at", "read_only", "version", "changes")


def _valid_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def scenario_from_json(text: "str | bytes", *, source_name: str, ds: Dataset | None
                       ) -> tuple[Scenario | None, list[Issue]]:
    """Parse and validate a scenario file. Returns ``(scenario, issues)``; the scenario is
    ``None`` when any issue is an error. Structure, types and (when ``ds`` is given) the
    references to clusters, hubs and sites are checked. Never raises on bad input.

    Malformed JSON is reported at its line (``line``) and column (in the message).
    HTML in text is kept as text (escaping is the renderer's job) with a warning.
    """
    issues: list[Issue] = []
    src = source_name

    def err(line: int | None, fld: str | None, msg: str, severity: str = "error") -> None:
        issues.append(Issue(src, line, fld, msg, severity))  # type: ignore[arg-type]

    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            err(None, None, f"filen er ikke UTF-8 (byte {e.start}): gem den som UTF-8")
            return None, issues
    if not isinstance(text, str):
        err(None, None, f"forventede tekst, fik {type(text).__name__}")
        return None, issues
    text = text.lstrip("\ufeff")
    if len(text) > MAX_JSON_CHARS:
        err(None, None, f"filen er for stor ({len(text)} tegn, højst {MAX_JSON_CHARS})")
        return None, issues
    if not text.strip():
        err(None, None, "filen er tom")
        return None, issues

    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                duplicates.append(k)
            out[k] = v
        return out

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except _BadConstant as e:
        err(None, None, f"ugyldig JSON: {e} er ikke et tal i JSON")
        return None, issues
    except json.JSONDecodeError as e:
        err(e.lineno, None, f"ugyldig JSON: {e.msg} (linje {e.lineno}, kolonne {e.colno})")
        return None, issues
    except (RecursionError, ValueError) as e:
        err(None, None, f"ugyldig JSON: {type(e).__name__}: {e}")
        return None, issues

    for k in dict.fromkeys(duplicates):
        err(None, k, f"nøglen '{k}' står flere gange; den sidste værdi bruges", "warning")

    if not isinstance(doc, dict):
        err(None, None, f"filen skal indeholde ét JSON-objekt, ikke {_json_type(doc)}")
        return None, issues

    fmt = doc.get("format")
    if fmt is None:
        err(None, "format", f"mangler \"format\": \"{FORMAT}\" – er det en scenariefil?")
    elif fmt != FORMAT:
        err(None, "format", f"ukendt format {fmt!r}; forventede {FORMAT!r}")
    fv = doc.get("format_version")
    if fv is None:
        err(None, "format_version", "mangler 'format_version'")
    elif isinstance(fv, bool) or not isinstance(fv, int) or fv < 1:
        err(None, "format_version", f"'format_version' skal være et positivt helt tal, ikke {fv!r}")
    elif fv > FORMAT_VERSION:
        err(None, "format_version",
            f"filen har format_version {fv}, men denne version af Klyngekort kan kun læse "
            f"{FORMAT_VERSION}; opdatér programmet")

    for k in doc:
        if k not in _TOP_KEYS:
            err(None, k, f"ukendt nøgle '{k}' ignoreres", "warning")

    name = doc.get("name")
    if name is None:
        err(None, "name", "mangler 'name' (scenariets navn)")
        name = ""
    else:
        msg = check_name(name)
        if msg:
            err(None, "name", msg)
            name = ""
        else:
            name = normalize_text(name)

    def text_field(key: str, *, multiline: bool = False) -> str:
        v = doc.get(key)
        if v is None:
            return ""
        if not isinstance(v, str):
            err(None, key, f"'{key}' skal være tekst, ikke {_json_type(v)}")
            return ""
        v = normalize_text(v, multiline=multiline)
        limit = MAX_TEXT_LENGTH if multiline else MAX_NAME_LENGTH
        if len(v) > limit:
            err(None, key, f"'{key}' er for lang ({len(v)} tegn, højst {limit})")
            return ""
        if _CONTROL_RE.search(v):
            err(None, key, f"'{key}' indeholder kontroltegn")
            return ""
        return v

    author = text_field("author")
    description = text_field("description", multiline=True)
    for key, value in (("name", name), ("author", author), ("description", description)):
        if value and has_html(value):
            err(None, key, f"'{key}' indeholder HTML; det gemmes og vises som almindelig tekst",
                "warning")

    sid = doc.get("id")
    if sid is None or sid == "":
        sid = new_scenario_id()
    elif not isinstance(sid, str) or not _ID_RE.match(sid):
        err(None, "id", f"ugyldigt id {sid!r}; der tildeles et nyt", "warning")
        sid = new_scenario_id()

    now = utc_now_iso()
    stamps = {}
    for key in ("created_at", "updated_at"):
        v = doc.get(key)
        if v is None or v == "":
            stamps[key] = now
        elif not isinstance(v, str) or not _valid_timestamp(v):
            err(None, key, f"'{key}' er ikke et ISO-tidspunkt ({v!r}); nu bruges i stedet", "warning")
            stamps[key] = now
        else:
            stamps[key] = v

    ro = doc.get("read_only", False)
    if not isinstance(ro, bool):
        err(None, "read_only", f"'read_only' skal være true eller false, ikke {ro!r}")
        ro = False
    version = doc.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        err(None, "version", f"'version' skal være et positivt helt tal, ikke {version!r}")
        version = 1

    changes: list[Change] = []
    indexed: list[tuple[int, Change]] = []
    raw_changes = doc.get("changes")
    if raw_changes is None:
        err(None, "changes", "mangler 'changes' (en liste af ændringer, evt. tom)")
    elif not isinstance(raw_changes, list):
        err(None, "changes", f"'changes' skal være en liste, ikke {_json_type(raw_changes)}")
    elif len(raw_changes) > MAX_CHANGES:
        err(None, "changes", f"for mange ændringer ({len(raw_changes)}, højst {MAX_CHANGES})")
    else:
        for pos, obj in enumerate(raw_changes, start=1):
            ch, ch_issues = change_from_dict(obj, source=src, position=pos)
            issues.extend(ch_issues)
            if ch is not None:
                changes.append(ch)
                indexed.append((pos, ch))
                for f in _change_fields(type(ch)):
                    v = getattr(ch, f.name)
                    if isinstance(v, str) and has_html(v):
                        err(pos, f.name, f"ændring {pos}: '{f.name}' indeholder HTML", "warning")
        if ds is not None:
            issues.extend(_validate_indexed(ds, indexed, source=src))

    if any(i.severity == "error" for i in issues):
        return None, issues
    scenario = Scenario(id=sid, name=name, author=author, description=description,
                        created_at=stamps["created_at"], updated_at=stamps["updated_at"],
                        read_only=ro, version=version, changes=tuple(changes))
    return scenario, issues
