"""What-if scenarios: a named list of changes on top of the baseline dataset.

A scenario never edits the data files. :func:`apply_scenario` returns a *new*
:class:`~klyngekort.core.model.Dataset` with the changes applied, which the coverage
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

Problems are reported as :class:`~klyngekort.core.model.Issue` objects whose ``file`` is
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
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from klyngekort.core import limits
from klyngekort.core.model import Issue, Message

FORMAT = "klyngekort-scenario"


FORMAT_VERSION = 1


MAX_NAME_LENGTH = int(limits.LIMITS["name_chars"].default)


MAX_TEXT_LENGTH = 20_000


MAX_CHANGES = int(limits.LIMITS["scenario_changes"].default)  # the bound in force: limits.get_int


MAX_JSON_CHARS = int(limits.LIMITS["scenario_file_bytes"].default)


TIE_ELEMENTS = ("co_location", "seconded_staff", "joint_events", "admin_cooperation")


ADD_SITE_KINDS = ("local_office", "representation")


_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


_KOMMUNEKODE_RE = re.compile(r"^\d{4}$")


_HTML_RE = re.compile(r"<\s*[A-Za-z!/?][^>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AddCoLocation:
    """Cluster ``cluster_id`` co-locates in hub or branch ``hub_id`` from ``valid_from``."""

    cluster_id: str
    hub_id: str
    valid_from: str = ""
    kind: Literal["add_co_location"] = field(default="add_co_location", init=False)


@dataclass(frozen=True)
class AddSecondment:
    """``persons`` persons from cluster ``cluster_id`` are seconded to hub ``hub_id``."""

    cluster_id: str
    hub_id: str
    persons: int
    valid_from: str = ""
    kind: Literal["add_secondment"] = field(default="add_secondment", init=False)


@dataclass(frozen=True)
class RemoveSite:
    """Remove the row ``site_id`` from ``sites``."""

    site_id: str
    kind: Literal["remove_site"] = field(default="remove_site", init=False)


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


Change = AddCoLocation | AddSecondment | RemoveSite | AddTie | AddSite


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


def change_from_dict(
    obj: Any, *, source: str = "scenarie", position: int | None = None
) -> tuple[Change | None, list[Issue]]:
    """Build a change from its JSON object, checking structure and types (not references).

    Never raises on bad input: returns ``(None, issues)`` when the object is unusable.
    Unknown keys give a warning and are ignored.
    """
    issues: list[Issue] = []

    def err(fld: str | None, code: str, severity: str = "error", **params: Any) -> None:
        issues.append(Issue(source, position, fld, code, {"change": position, **params}, severity))  # type: ignore[arg-type]

    if not isinstance(obj, dict):
        err(None, "scenario.change_not_object", type=_json_type(obj))
        return None, issues
    kind = obj.get("kind")
    if kind is None:
        err("kind", "scenario.kind_missing", allowed=list(CHANGE_TYPES))
        return None, issues
    if not isinstance(kind, str) or kind not in CHANGE_TYPES:
        err("kind", "scenario.unknown_kind", value=repr(kind), allowed=list(CHANGE_TYPES))
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
                err(f.name, "scenario.field_missing", field=f.name)
                ok = False
            continue
        value = obj[f.name]
        if want is int:
            if isinstance(value, bool) or not isinstance(value, int):
                err(
                    f.name,
                    "scenario.field_not_int",
                    field=f.name,
                    type=_json_type(value),
                    value=_short_repr(value),
                )
                ok = False
                continue
            bound = limits.get(f.name if f.name in limits.LIMITS else "number_magnitude")
            if not -bound <= value <= bound:
                err(
                    f.name,
                    "scenario.number_out_of_range",
                    field=f.name,
                    value=_short_repr(value),
                    min=0.0 if f.name == "persons" else -bound,
                    max=bound,
                )
                ok = False
                continue
        elif want is bool:
            if not isinstance(value, bool):
                err(
                    f.name, "scenario.field_not_bool", field=f.name, type=_json_type(value), value=repr(value)
                )
                ok = False
                continue
        elif want is float:
            if _is_number(value) and abs(value) > limits.get("number_magnitude"):
                err(
                    f.name,
                    "scenario.number_out_of_range",
                    field=f.name,
                    value=_short_repr(value),
                    min=-limits.get("number_magnitude"),
                    max=limits.get("number_magnitude"),
                )
                ok = False
                continue
            if not _is_number(value) or not math.isfinite(value):
                err(
                    f.name,
                    "scenario.field_not_number",
                    field=f.name,
                    type=_json_type(value),
                    value=repr(value),
                )
                ok = False
                continue
            value = float(value)
        elif not isinstance(value, str):
            code = "scenario.kommunekode_not_text" if f.name == "kommunekode" else "scenario.field_not_text"
            err(f.name, code, field=f.name, type=_json_type(value), value=repr(value))
            ok = False
            continue
        else:
            value = value.strip()
            if len(value) > MAX_NAME_LENGTH:
                err(f.name, "scenario.field_too_long", field=f.name, length=len(value))
                ok = False
                continue
            char = limits.unsafe_character(value)
            if char is not None:
                err(f.name, "scenario.unsafe_character", field=f.name, char=char)
                ok = False
                continue
        kwargs[f.name] = value
    for key in obj:
        if key != "kind" and key not in names:
            err(key, "scenario.unknown_field", "warning", key=key, kind=kind)
    if not ok:
        return None, issues
    return cls(**kwargs), issues


def _short_repr(value: Any) -> str:
    """``repr`` of a value for a message, cut to 40 characters (a number of 400 digits is
    shown in scientific notation, ``1.00000e400``)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        digits = str(abs(value))
        return ("-" if value < 0 else "") + f"{digits[0]}.{digits[1:6]}e{len(digits) - 1}"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _json_type(value: Any) -> Message:
    """The JSON type of ``value`` as a message (``json.number`` …), worded by the reader's language."""
    if value is None:
        return Message("json.null")
    if isinstance(value, bool):
        return Message("json.boolean")
    if isinstance(value, (int, float)):
        return Message("json.number")
    if isinstance(value, str):
        return Message("json.string")
    if isinstance(value, list):
        return Message("json.array")
    if isinstance(value, dict):
        return Message("json.object")
    return Message("json.other", {"name": type(value).__name__})


def utc_now_iso() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. ``2025-03-01T12:00:00+00:00``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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

    def with_changes(self, changes: tuple[Change, ...] | list[Change]) -> Scenario:
        return dataclasses.replace(self, changes=tuple(changes))


def new_scenario(
    name: str, author: str = "", description: str = "", changes: tuple[Change, ...] | list[Change] = ()
) -> Scenario:
    """A fresh, unsaved scenario with a new id, version 1 and timestamps now."""
    now = utc_now_iso()
    return Scenario(
        id=new_scenario_id(),
        name=normalize_text(name),
        author=normalize_text(author),
        description=normalize_text(description, multiline=True),
        created_at=now,
        updated_at=now,
        read_only=False,
        version=1,
        changes=tuple(changes),
    )


def normalize_text(text: str, *, multiline: bool = False) -> str:
    """NFC-normalised, stripped text; single-line text has its line breaks turned into spaces."""
    text = unicodedata.normalize("NFC", text).strip()
    if not multiline:
        text = re.sub(r"[\r\n\t]+", " ", text)
    return text


def name_key(name: str) -> str:
    """The key names are unique by: case-insensitive (Unicode casefold, so Æ = æ)."""
    return normalize_text(name).casefold()


def check_name(name: Any) -> Message | None:
    """Why ``name`` cannot name a scenario (a message), or ``None`` when it can: not text,
    empty, too long, control characters, or an unsafe character (a lone surrogate, a
    bidirectional override, a zero-width character: :func:`klyngekort.core.limits.unsafe_character`)."""
    if not isinstance(name, str):
        return Message("scenario.name_not_text", {"type": _json_type(name)})
    char = limits.unsafe_character(name)
    if char is not None:
        return Message("scenario.name_unsafe_character", {"char": char})
    n = normalize_text(name)
    if not n:
        return Message("scenario.name_empty")
    if len(n) > MAX_NAME_LENGTH:
        return Message("scenario.name_too_long", {"length": len(n), "max": MAX_NAME_LENGTH})
    if _CONTROL_RE.search(n):
        return Message("scenario.name_control")
    return None


def has_html(text: str) -> bool:
    """True when ``text`` looks like it contains HTML tags or entities."""
    return bool(_HTML_RE.search(text))
