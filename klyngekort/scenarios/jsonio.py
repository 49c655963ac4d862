"""The scenario file format (JSON, ``format = "klyngekort-scenario"``): writing, and strict
reading in which every problem is an issue naming the file, the line and the field.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from klyngekort.core import limits
from klyngekort.core.model import Dataset, Issue
from klyngekort.scenarios.changes import (
    _CONTROL_RE,
    _ID_RE,
    FORMAT,
    FORMAT_VERSION,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    Change,
    Scenario,
    _change_fields,
    _json_type,
    change_from_dict,
    change_to_dict,
    check_name,
    has_html,
    new_scenario_id,
    normalize_text,
    utc_now_iso,
)
from klyngekort.scenarios.validate import _validate_indexed


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


_TOP_KEYS = (
    "format",
    "format_version",
    "id",
    "name",
    "author",
    "description",
    "created_at",
    "updated_at",
    "read_only",
    "version",
    "changes",
)


def _valid_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def scenario_from_json(
    text: str | bytes, *, source_name: str, ds: Dataset | None
) -> tuple[Scenario | None, list[Issue]]:
    """Parse and validate a scenario file (see :func:`parse_scenario_json`). Every issue's
    ``line`` is its line in the file (:func:`with_file_lines`), for the app and the CLI alike."""
    scenario, issues = parse_scenario_json(text, source_name=source_name, ds=ds)
    return scenario, with_file_lines(issues, text)


def json_locations(text: str) -> tuple[dict[str, int], list[int]]:
    """Line numbers in a scenario file: of each top-level key, and of each element of
    ``changes`` (so an issue about change N points at the line where it starts).
    Returns empty results for text that is not a JSON object."""
    dec = json.JSONDecoder()
    keys: dict[str, int] = {}
    changes: list[int] = []

    def ws(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def line(i: int) -> int:
        return text.count("\n", 0, i) + 1

    try:
        i = ws(0)
        if i >= len(text) or text[i] != "{":
            return {}, []
        i = ws(i + 1)
        while i < len(text) and text[i] != "}":
            key_pos = i
            key, i = dec.raw_decode(text, i)
            i = ws(i)
            if text[i] != ":":
                return keys, changes
            i = ws(i + 1)
            keys.setdefault(str(key), line(key_pos))
            if key == "changes" and text[i] == "[":
                found: list[int] = []
                i = ws(i + 1)
                while text[i] != "]":
                    found.append(line(i))
                    _, i = dec.raw_decode(text, i)
                    i = ws(i)
                    if text[i] == ",":
                        i = ws(i + 1)
                i += 1
                changes = found
            else:
                _, i = dec.raw_decode(text, i)
            i = ws(i)
            if i < len(text) and text[i] == ",":
                i = ws(i + 1)
    except (ValueError, IndexError):
        return keys, changes
    return keys, changes


def with_file_lines(issues: Sequence[Issue], text: str | bytes) -> list[Issue]:
    """Issues about a scenario file with ``line`` turned from the change's index into its
    line in the file (and top-level fields given their key's line). When the JSON does not
    parse, ``line`` is already the file line and is kept."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return list(issues)
    try:
        if limits.json_depth(text, limits.get_int("json_depth")) > limits.get_int("json_depth"):
            return list(issues)
        json.loads(text)
    except (ValueError, RecursionError):
        return list(issues)
    keys, changes = json_locations(text)
    out = []
    for i in issues:
        line = i.line
        if line is not None and 1 <= line <= len(changes):
            line = changes[line - 1]
        elif line is None and i.field in keys:
            line = keys[i.field]
        out.append(dataclasses.replace(i, line=line))
    return out


class _Report:
    """The issues found while reading one scenario file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[Issue] = []

    def err(
        self, line: int | None, fld: str | None, code: str, severity: str = "error", **params: Any
    ) -> None:
        self.issues.append(Issue(self.source, line, fld, code, params, severity))  # type: ignore[arg-type]

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


def _decoded(text: str | bytes, rep: _Report) -> str | None:
    """The file as text: at most the size limit (checked before and after decoding), UTF-8
    (a byte-order mark is dropped), not blank and not nested deeper than the limit. ``None``
    after an error."""
    max_bytes = limits.get_int("scenario_file_bytes")
    if isinstance(text, (bytes, bytearray)) and len(text) > max_bytes:  # before decoding
        rep.err(None, None, "scenario.file_too_large", length=len(text), max=max_bytes)
        return None
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            rep.err(None, None, "scenario.not_utf8", byte=e.start)
            return None
    if not isinstance(text, str):
        rep.err(None, None, "scenario.not_text", type=type(text).__name__)
        return None
    text = text.lstrip("\ufeff")
    if len(text) > max_bytes:
        rep.err(None, None, "scenario.file_too_large", length=len(text), max=max_bytes)
        return None
    if not text.strip():
        rep.err(None, None, "scenario.file_empty")
        return None
    max_depth = limits.get_int("json_depth")
    if limits.json_depth(text, max_depth) > max_depth:  # before json.loads could recurse
        rep.err(None, None, "scenario.too_deep", max=max_depth)
        return None
    return text


def _loaded(text: str, rep: _Report) -> dict[str, Any] | None:
    """The JSON object of the file; a repeated key is a warning (the last value counts).
    ``None`` after an error (malformed JSON, NaN/Infinity, not an object)."""
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
        rep.err(None, None, "scenario.json_constant", value=str(e))
        return None
    except json.JSONDecodeError as e:
        rep.err(e.lineno, None, "scenario.bad_json", error=e.msg, json_line=e.lineno, json_column=e.colno)
        return None
    except (RecursionError, ValueError) as e:
        rep.err(None, None, "scenario.bad_json_other", error=f"{type(e).__name__}: {e}")
        return None

    for k in dict.fromkeys(duplicates):
        rep.err(None, k, "scenario.duplicate_key", "warning", key=k)

    if not isinstance(doc, dict):
        rep.err(None, None, "scenario.not_object", type=_json_type(doc))
        return None
    return doc


def _check_format(doc: dict[str, Any], rep: _Report) -> None:
    """``format`` and ``format_version``, and keys the format does not know (a warning)."""
    fmt = doc.get("format")
    if fmt is None:
        rep.err(None, "format", "scenario.format_missing", format=FORMAT)
    elif fmt != FORMAT:
        rep.err(None, "format", "scenario.unknown_format", value=repr(fmt), format=FORMAT)
    fv = doc.get("format_version")
    if fv is None:
        rep.err(None, "format_version", "scenario.format_version_missing")
    elif isinstance(fv, bool) or not isinstance(fv, int) or fv < 1:
        rep.err(None, "format_version", "scenario.bad_format_version", value=repr(fv))
    elif fv > FORMAT_VERSION:
        rep.err(
            None, "format_version", "scenario.format_version_too_new", version=fv, supported=FORMAT_VERSION
        )

    for k in doc:
        if k not in _TOP_KEYS:
            rep.err(None, k, "scenario.unknown_key", "warning", key=k)


def _read_name(doc: dict[str, Any], rep: _Report) -> str:
    name = doc.get("name")
    if name is None:
        rep.err(None, "name", "scenario.name_missing")
        return ""
    problem = check_name(name)
    if problem is not None:
        rep.issues.append(Issue(rep.source, None, "name", problem.code, problem.params))
        return ""
    return normalize_text(name)


def _read_text(doc: dict[str, Any], key: str, rep: _Report, *, multiline: bool = False) -> str:
    """An optional text field (``author``, ``description``): normalised, within its length,
    without control or unsafe characters; ``""`` when absent or refused."""
    v = doc.get(key)
    if v is None:
        return ""
    if not isinstance(v, str):
        rep.err(None, key, "scenario.text_not_text", field=key, type=_json_type(v))
        return ""
    v = normalize_text(v, multiline=multiline)
    limit = MAX_TEXT_LENGTH if multiline else MAX_NAME_LENGTH
    if len(v) > limit:
        rep.err(None, key, "scenario.text_too_long", field=key, length=len(v), max=limit)
        return ""
    if _CONTROL_RE.search(v):
        rep.err(None, key, "scenario.text_control", field=key)
        return ""
    char = limits.unsafe_character(v)
    if char is not None:
        rep.err(None, key, "scenario.unsafe_character", field=key, char=char)
        return ""
    return v


def _read_id(doc: dict[str, Any], rep: _Report) -> str:
    """The scenario id; a new one when absent or malformed (a warning)."""
    sid = doc.get("id")
    if sid is None or sid == "":
        return new_scenario_id()
    if not isinstance(sid, str) or not _ID_RE.match(sid):
        rep.err(None, "id", "scenario.bad_id", "warning", value=repr(sid))
        return new_scenario_id()
    return sid


def _read_stamps(doc: dict[str, Any], rep: _Report) -> dict[str, str]:
    """``created_at`` and ``updated_at``; now when absent or not a timestamp (a warning)."""
    now = utc_now_iso()
    stamps = {}
    for key in ("created_at", "updated_at"):
        v = doc.get(key)
        if v is None or v == "":
            stamps[key] = now
        elif not isinstance(v, str) or not _valid_timestamp(v):
            rep.err(None, key, "scenario.bad_timestamp", "warning", field=key, value=repr(v))
            stamps[key] = now
        else:
            stamps[key] = v
    return stamps


def _read_state(doc: dict[str, Any], rep: _Report) -> tuple[bool, int]:
    """``read_only`` (default false) and ``version`` (default 1)."""
    ro = doc.get("read_only", False)
    if not isinstance(ro, bool):
        rep.err(None, "read_only", "scenario.bad_read_only", value=repr(ro))
        ro = False
    version = doc.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        rep.err(None, "version", "scenario.bad_version", value=repr(version))
        version = 1
    return ro, version


def _read_changes(doc: dict[str, Any], rep: _Report, ds: Dataset | None) -> list[Change]:
    """The changes, each checked on its own (``line`` = its position) and, with ``ds``,
    against the data; HTML in a change's text is a warning."""
    raw_changes = doc.get("changes")
    if raw_changes is None:
        rep.err(None, "changes", "scenario.changes_missing")
        return []
    if not isinstance(raw_changes, list):
        rep.err(None, "changes", "scenario.changes_not_list", type=_json_type(raw_changes))
        return []
    max_changes = limits.get_int("scenario_changes")
    if len(raw_changes) > max_changes:
        rep.err(None, "changes", "scenario.too_many_changes", n=len(raw_changes), max=max_changes)
        return []
    changes: list[Change] = []
    indexed: list[tuple[int, Change]] = []
    for pos, obj in enumerate(raw_changes, start=1):
        ch, ch_issues = change_from_dict(obj, source=rep.source, position=pos)
        rep.issues.extend(ch_issues)
        if ch is None:
            continue
        changes.append(ch)
        indexed.append((pos, ch))
        for f in _change_fields(type(ch)):
            v = getattr(ch, f.name)
            if isinstance(v, str) and has_html(v):
                rep.err(pos, f.name, "scenario.change_html", "warning", change=pos, field=f.name)
    if ds is not None:
        rep.issues.extend(_validate_indexed(ds, indexed, source=rep.source))
    return changes


def parse_scenario_json(
    text: str | bytes, *, source_name: str, ds: Dataset | None
) -> tuple[Scenario | None, list[Issue]]:
    """Parse and validate a scenario file, with ``line`` of an issue about change N being N
    (:func:`scenario_from_json` turns it into the line in the file). Returns ``(scenario, issues)``; the scenario is
    ``None`` when any issue is an error. Structure, types and (when ``ds`` is given) the
    references to clusters, hubs and sites are checked. Never raises on bad input.

    Malformed JSON is reported at its line (``line``) and column (in the message).
    HTML in text is kept as text (escaping is the renderer's job) with a warning.
    """
    rep = _Report(source_name)
    decoded = _decoded(text, rep)
    doc = _loaded(decoded, rep) if decoded is not None else None
    if doc is None:
        return None, rep.issues
    _check_format(doc, rep)
    name = _read_name(doc, rep)
    author = _read_text(doc, "author", rep)
    description = _read_text(doc, "description", rep, multiline=True)
    for key, value in (("name", name), ("author", author), ("description", description)):
        if value and has_html(value):
            rep.err(None, key, "scenario.text_html", "warning", field=key)
    sid = _read_id(doc, rep)
    stamps = _read_stamps(doc, rep)
    ro, version = _read_state(doc, rep)
    changes = _read_changes(doc, rep, ds)
    if rep.has_errors:
        return None, rep.issues
    scenario = Scenario(
        id=sid,
        name=name,
        author=author,
        description=description,
        created_at=stamps["created_at"],
        updated_at=stamps["updated_at"],
        read_only=ro,
        version=version,
        changes=tuple(changes),
    )
    return scenario, rep.issues
