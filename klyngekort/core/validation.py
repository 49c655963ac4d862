"""Reading and checking the CSV files of a dataset.

Every problem becomes a :class:`klyngekort.core.model.Issue` (``file:line:field: message``);
bad input never raises. The rules follow :mod:`klyngekort.core.schema`:

* the file: missing, unreadable, empty, not text, malformed CSV, ragged rows;
* the header: required columns missing (error), unknown columns (warning);
* each value: required, type (id, int, float, ISO date, URL, municipality code),
  allowed values, HTML markup (warning);
* each row: latitude and longitude both or neither, inside Denmark,
  ``valid_from`` not after ``valid_to``;
* across files: unique ids, references, hub areas name head offices,
  municipality codes known (DAGI or the 98 in ``hub_areas.csv``),
  points inside their stated municipality (warning).

Files saved by a Danish Excel are accepted with a warning each: semicolon
separators, decimal commas (in semicolon files) and Windows-1252 text.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from klyngekort.core import limits
from klyngekort.core.model import Issue, Severity
from klyngekort.core.periods import parse_iso
from klyngekort.core.projection import lonlat_to_utm32
from klyngekort.core.schema import TABLES_BY_NAME, Column, ColumnType, TableSchema

if TYPE_CHECKING:  # pragma: no cover
    from klyngekort.core.places import Places

EXAMPLE_SOURCE = "eksempeldata"
"""The ``source_url`` of invented rows; allowed only in a dataset whose dataset.toml says ``example = true``."""

LATITUDE_RANGE = (54.4, 57.9)
LONGITUDE_RANGE = (7.9, 15.3)

HTML_RE = re.compile(r"<[a-zA-Z/!][^>]*>")
ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")
URL_RE = re.compile(r"^https?://\S+$")
INT_RE = re.compile(r"^[0-9]+$")
FLOAT_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
DECIMAL_COMMA_RE = re.compile(r"^[+-]?[0-9]*,[0-9]+$")
LOCAL_DATE_RE = re.compile(r"^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")

#: Text columns that hold names (shown in legends, labels and as table headers): bounded by
#: the limit ``name_chars`` and unique within their file where :data:`UNIQUE_NAMES` says so.
NAME_COLUMNS = frozenset({"name", "short_name"})

#: Display names the pages show side by side, which must therefore be unique (a duplicate is
#: an error naming both lines): the clusters' short names and the hubs' names.
UNIQUE_NAMES: dict[str, tuple[str, ...]] = {"clusters": ("short_name",), "hubs": ("name",)}

#: Numeric columns with a bound of their own (a limit of :mod:`klyngekort.core.limits`); any
#: other number is bounded by ``number_magnitude``.
NUMBER_LIMITS = {"persons": "persons", "fte": "fte", "population": "population"}

NUMERIC_TYPES = frozenset({ColumnType.INT, ColumnType.FLOAT, ColumnType.LATITUDE, ColumnType.LONGITUDE})

# Characters a Windows-1252 text in Danish plausibly contains besides letters.
_CP1252_PUNCT = set("–—‘’‚“”„•…€£§°±²³µ·½¼¾×÷«»\xa0©®™¨´¹º¿¡¦¤†‡‰")


@dataclass
class RawTable:
    """One CSV file as read: cleaned cell text per schema column, with physical line numbers."""

    schema: TableSchema
    path: Path
    display: str
    example: bool
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    bad: set[tuple[int, str]] = field(default_factory=set)  # (row index, column) that failed a check
    skipped: list[dict[str, str]] = field(default_factory=list)  # what could be read of unusable rows
    delimiter: str = ","
    encoding: str = "utf-8"

    def ok(self, index: int, column: str) -> bool:
        """The cell holds a valid, non-empty value."""
        return (index, column) not in self.bad and self.rows[index].get(column, "") != ""


# --- decoding ---------------------------------------------------------------


def _plausible_cp1252(data: bytes) -> str | None:
    """Decode as Windows-1252 if the result looks like Danish text, else ``None``."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if any((ord(ch) < 32 and ch not in "\t\r\n") or ch == "\x7f" for ch in text):
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if len(non_ascii) > 0.2 * len(text):
        return None
    odd = [ch for ch in non_ascii if not ch.isalpha() and ch not in _CP1252_PUNCT]
    if len(odd) > max(2, 0.05 * len(non_ascii)):
        return None
    return text


def decode_text(data: bytes, display: str) -> tuple[str | None, str, list[Issue]]:
    """Bytes of a CSV file -> (text, encoding, issues). ``text`` is None when unreadable."""
    issues: list[Issue] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            None,
            "",
            [Issue(display, None, None, "data.utf16")],
        )
    if data.startswith(b"PK\x03\x04"):
        return (
            None,
            "",
            [Issue(display, None, None, "data.zip")],
        )
    if b"\x00" in data:
        return (
            None,
            "",
            [Issue(display, None, None, "data.nul_bytes")],
        )
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        cp = _plausible_cp1252(data)
        if cp is None:
            bad_line = data[: exc.start].count(b"\n") + 1
            return (
                None,
                "",
                [Issue(display, bad_line, None, "data.not_text_encoding")],
            )
        text, encoding = cp, "cp1252"
        issues.append(Issue(display, None, None, "data.cp1252", severity="warning"))
    for lineno, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        bad = [ch for ch in line if (ord(ch) < 32 and ch != "\t") or ch == "\x7f"]
        if bad:
            return (
                None,
                encoding,
                [
                    *issues,
                    Issue(display, lineno, None, "data.control_characters"),
                ],
            )
    return text, encoding, issues


def _sniff_delimiter(text: str, known: set[str]) -> str:
    """',' or ';': whichever splits the header line into more known column names."""
    first = text.split("\n", 1)[0].rstrip("\r")

    def score(delim: str) -> tuple[int, int]:
        try:
            names = next(csv.reader([first], delimiter=delim), [])
        except csv.Error:
            return (0, 0)
        return (sum(n.strip() in known for n in names), len(names))

    return ";" if score(";") > score(",") else ","


# --- reading one file -------------------------------------------------------


@dataclass
class _Ctx:
    display: str
    example: bool
    semicolon: bool
    issues: list[Issue]
    decimal_comma_at: tuple[int, str] | None = None
    field_chars: int = 4_000
    name_chars: int = 200
    bounds: dict[str, float] = field(default_factory=dict)  # limit name -> value, read once per file

    def add(
        self, line: int | None, fld: str | None, code: str, severity: Severity = "error", **params: object
    ) -> None:
        self.issues.append(Issue(self.display, line, fld, code, params, severity))


def read_table(
    path: Path, table: TableSchema, display: str, *, example: bool = False
) -> tuple[RawTable | None, list[Issue]]:
    """Read and check one CSV file of ``table``. Returns ``(None, issues)`` when it cannot be read."""
    try:
        return _read_table(path, table, display, example=example)
    except Exception as exc:  # noqa: BLE001 - the last guard: bad input never gives a traceback
        return None, [
            Issue(
                display, None, None, "data.read_failed", {"error_type": type(exc).__name__, "error": str(exc)}
            )
        ]


def _read_table(
    path: Path, table: TableSchema, display: str, *, example: bool
) -> tuple[RawTable | None, list[Issue]]:
    max_bytes = limits.get_int("data_file_bytes")
    try:
        size = path.stat().st_size
        if size > max_bytes:  # refused before a byte is read
            return None, [
                Issue(
                    display, None, None, "data.file_too_large", {"size": float(size), "max": float(max_bytes)}
                )
            ]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue(display, None, None, "data.cannot_read", {"error": str(exc.strerror or exc)})]
    if not data.strip() or data.strip() == b"\xef\xbb\xbf":
        return None, [Issue(display, None, None, "data.empty_file")]
    text, encoding, issues = decode_text(data, display)
    if text is None:
        return None, issues

    known = set(table.column_names)
    delimiter = _sniff_delimiter(text, known)
    if delimiter == ";":
        issues.append(Issue(display, 1, None, "data.semicolon", severity="warning"))

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    prev = 0
    max_rows = limits.get_int("data_rows")
    field_chars = limits.get_int("field_chars")
    try:
        for rec in reader:
            if len(records) > max_rows:
                issues.append(Issue(display, prev + 1, None, "data.too_many_rows", {"max": float(max_rows)}))
                return None, issues
            records.append((prev + 1, rec))
            prev = reader.line_num
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            fld = _long_field(text, prev + 1, delimiter, records)
            issues.append(Issue(display, prev + 1, fld, "data.field_too_long", {"max": float(field_chars)}))
        else:
            issues.append(Issue(display, prev + 1, None, "data.malformed_csv", {"error": str(exc)}))
        return None, issues

    if not records or not any(c.strip() for c in records[0][1]):
        issues.append(Issue(display, 1, None, "data.no_header"))
        return None, issues

    header_line, header = records[0]
    names = [h.strip().lstrip("\ufeff") for h in header]
    raw = RawTable(table, path, display, example, header=names, delimiter=delimiter, encoding=encoding)

    # Header.
    positions: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue  # unnamed columns (Excel leaves empty ones at the end) are handled below
        if name in positions:
            issues.append(Issue(display, header_line, name, "data.duplicate_column", {"column": name}))
            return None, issues
        positions[name] = i
    for col in table.columns:
        if col.name not in positions:
            if col.required:
                issues.append(
                    Issue(
                        display, header_line, col.name, "data.required_column_missing", {"column": col.name}
                    )
                )
            else:
                issues.append(
                    Issue(
                        display,
                        header_line,
                        col.name,
                        "data.optional_column_missing",
                        {"column": col.name},
                        "warning",
                    )
                )
    unknown_cols = [(i, n) for i, n in enumerate(names) if n not in known]

    ctx = _Ctx(
        display,
        example,
        delimiter == ";",
        issues,
        field_chars=field_chars,
        name_chars=limits.get_int("name_chars"),
    )
    width = len(names)
    warned_unknown: set[int] = set()
    for line, rec in records[1:]:
        if not any(c.strip() for c in rec):
            continue  # blank line or a row of empty cells (Excel leaves them)
        if len(rec) > width and not any(c.strip() for c in rec[width:]):
            rec = rec[:width]
        if len(rec) != width:
            ctx.add(line, None, "data.ragged_row", n=len(rec), width=width, delimiter=delimiter)
            raw.skipped.append({n: rec[i].strip() for n, i in positions.items() if i < len(rec)})
            continue
        for i, name in unknown_cols:
            if i not in warned_unknown and (name or rec[i].strip()):
                warned_unknown.add(i)
                issues.append(
                    Issue(
                        display,
                        header_line,
                        name or None,
                        "data.unknown_column" if name else "data.unnamed_column",
                        {"column": name} if name else {"number": i + 1},
                        "warning",
                    )
                )
        index = len(raw.rows)
        row: dict[str, str] = {}
        for col in table.columns:
            pos = positions.get(col.name)
            if pos is None:
                row[col.name] = ""
                continue
            value, ok = _check_value(col, rec[pos].strip(), line, ctx)
            row[col.name] = value
            if not ok:
                raw.bad.add((index, col.name))
        raw.rows.append(row)
        raw.lines.append(line)
        _check_row(raw, index, ctx)

    # Header-only warnings for unknown columns of a file without data rows.
    for i, name in unknown_cols:
        if i not in warned_unknown and name:
            issues.append(
                Issue(display, header_line, name, "data.unknown_column", {"column": name}, "warning")
            )
    if ctx.decimal_comma_at is not None:
        line, fld = ctx.decimal_comma_at
        issues.append(Issue(display, line, fld, "data.decimal_comma", severity="warning"))
    return raw, issues


def _check_value(col: Column, value: str, line: int, ctx: _Ctx) -> tuple[str, bool]:
    """Check one cell. Returns the cleaned text and whether it is valid."""
    name = col.name
    if value == "":
        if col.required:
            ctx.add(line, name, "data.value_required")
            return "", False
        return "", True
    if len(value) > ctx.field_chars:
        ctx.add(line, name, "data.field_too_long", max=float(ctx.field_chars))
        return value[: ctx.field_chars], False
    t = col.type
    if t in (ColumnType.TEXT, ColumnType.ID, ColumnType.URL):
        char = limits.unsafe_character(value)
        if char is not None:
            ctx.add(line, name, "data.unsafe_character", char=char)
            return value, False
    if t == ColumnType.TEXT:
        value = unicodedata.normalize("NFC", value)
        if name in NAME_COLUMNS and len(value) > ctx.name_chars:
            ctx.add(line, name, "data.name_too_long", length=len(value), max=ctx.name_chars)
            return value, False
        if HTML_RE.search(value):
            ctx.add(line, name, "data.html", "warning")
        return value, True
    if t == ColumnType.ID:
        if not ID_RE.match(value):
            ctx.add(line, name, "data.bad_id", value=value)
            return value, False
        return value, True
    if t == ColumnType.KOMMUNEKODE:
        if not value.isascii() or not value.isdigit():
            ctx.add(line, name, "data.bad_kommunekode", value=value)
            return value, False
        if len(value) > 4:
            ctx.add(line, name, "data.bad_kommunekode", value=value)
            return value, False
        if len(value) < 4:
            padded = value.zfill(4)
            ctx.add(line, name, "data.kommunekode_padded", "warning", value=value, padded=padded)
            return padded, True
        return value, True
    if t == ColumnType.INT:
        if not INT_RE.match(value):
            ctx.add(line, name, "data.not_whole_number", value=value)
            return value, False
        if not _in_range(name, float(value) if len(value) < 20 else math.inf, value, line, ctx):
            return value, False
        return str(int(value)), True
    if t in (ColumnType.FLOAT, ColumnType.LATITUDE, ColumnType.LONGITUDE):
        text = value
        if ctx.semicolon and DECIMAL_COMMA_RE.match(value):
            text = value.replace(",", ".")
            if ctx.decimal_comma_at is None:
                ctx.decimal_comma_at = (line, name)
        number = float(text) if FLOAT_RE.match(text) else math.nan
        if not math.isfinite(number):
            ctx.add(line, name, "data.not_number_comma" if "," in value else "data.not_number", value=value)
            return value, False
        if t == ColumnType.FLOAT and number < 0:
            ctx.add(line, name, "data.negative", value=value)
            return text, False
        if not _in_range(name, abs(number), value, line, ctx):
            return text, False
        return text, True
    if t == ColumnType.DATE:
        if parse_iso(value) is None:
            code = "data.bad_date_excel" if LOCAL_DATE_RE.match(value) else "data.bad_date"
            ctx.add(line, name, code, value=value)
            return value, False
        return value, True
    if t == ColumnType.URL:
        if value == EXAMPLE_SOURCE:
            if ctx.example:
                return value, True
            ctx.add(line, name, "data.example_source_not_allowed", value=EXAMPLE_SOURCE)
            return value, False
        if not URL_RE.match(value):
            ctx.add(line, name, "data.bad_url", value=value)
            return value, False
        return value, True
    if t == ColumnType.ENUM:
        if value in col.allowed:
            return value, True
        lowered = value.lower()
        if lowered in col.allowed:
            ctx.add(line, name, "data.enum_lowercased", "warning", value=value, lowered=lowered)
            return lowered, True
        ctx.add(line, name, "data.enum_not_allowed", value=value, allowed=list(col.allowed))
        return value, False
    return value, True  # pragma: no cover - every ColumnType is handled above


def _in_range(name: str, number: float, value: str, line: int, ctx: _Ctx) -> bool:
    """Whether a number is within its column's limit (``persons``, ``fte``, ``population``) or
    else ``number_magnitude``; reports it when not."""
    limit = NUMBER_LIMITS.get(name, "number_magnitude")
    bound = ctx.bounds.get(limit)
    if bound is None:
        bound = ctx.bounds[limit] = limits.get(limit)
    if number <= bound:
        return True
    ctx.add(
        line,
        name,
        "data.number_too_large",
        value=value[:40],
        max=float(bound),
        limit=limits.LIMITS[limit].env,
    )
    return False


def _long_field(text: str, line: int, delimiter: str, records: list[tuple[int, list[str]]]) -> str | None:
    """The column of the over-long field on physical ``line`` (the csv module stops without
    saying which): the longest piece of the line, named by the header."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    pieces = lines[line - 1].split(delimiter)
    pos = max(range(len(pieces)), key=lambda i: len(pieces[i]))
    header = [h.strip().lstrip("\ufeff") for h in records[0][1]] if records else []
    return header[pos] if pos < len(header) and header[pos] else None


def outside_denmark(lat_text: str, lon_text: str) -> tuple[str, str, dict[str, object]] | None:
    """``(field, code, params)`` when the point (WGS84 degrees, as text) is outside Denmark's
    box (``field`` the coordinate that is out), else None. Used by the files' row check and
    by the editor's preview of a point, so both say the same."""
    lat, lon = float(lat_text), float(lon_text)
    lat_in = LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
    lon_in = LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
    if lat_in and lon_in:
        return None
    swapped = (
        LATITUDE_RANGE[0] <= lon <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= lat <= LONGITUDE_RANGE[1]
    )
    return (
        "latitude" if not lat_in else "longitude",
        "data.outside_denmark_swapped" if swapped else "data.outside_denmark",
        dict(
            lat=lat_text,
            lon=lon_text,
            lat_min=str(LATITUDE_RANGE[0]),
            lat_max=str(LATITUDE_RANGE[1]),
            lon_min=str(LONGITUDE_RANGE[0]),
            lon_max=str(LONGITUDE_RANGE[1]),
        ),
    )


def outside_municipality(
    index: Places, code: str, lat: float, lon: float
) -> tuple[str, dict[str, object]] | None:
    """``(code, params)`` when the point is not in municipality ``code`` (how far, and where it
    is instead), else None (also for a code ``index`` does not know)."""
    if code not in index.names:
        return None
    xs, ys = lonlat_to_utm32(np.array([lon]), np.array([lat]))
    x, y = float(xs[0]), float(ys[0])
    if index.covers(code, x, y):
        return None
    hits = index.locate(x, y)
    params: dict[str, object] = {
        "km": index.distance_km(code, x, y),
        "code": code,
        "name": index.names.get(code, ""),
    }
    if hits:
        params.update(hit=hits[0], hit_name=index.names.get(hits[0], ""))
    return ("data.point_in_other_municipality" if hits else "data.point_in_no_municipality"), params


def point_issues(lat_text: str, lon_text: str, code: str, places: Places | None) -> list[Issue]:
    """The checks of the files on one point (``latitude``, ``longitude``, ``kommunekode``), as
    issues without a file: a coordinate that is not a number or outside Denmark (error), a point
    outside its municipality (warning). For the editor's preview before saving."""
    issues: list[Issue] = []
    for name, text in (("latitude", lat_text), ("longitude", lon_text)):
        if not FLOAT_RE.match(text.strip()) or not math.isfinite(float(text)):
            issues.append(Issue("", None, name, "data.not_number", {"value": text}))
    if issues:
        return issues
    outside = outside_denmark(lat_text.strip(), lon_text.strip())
    if outside is not None:
        return [Issue("", None, outside[0], outside[1], outside[2])]
    if places is not None and code:
        other = outside_municipality(places, code, float(lat_text), float(lon_text))
        if other is not None:
            issues.append(Issue("", None, "latitude", other[0], other[1], "warning"))
    return issues


def _check_row(raw: RawTable, index: int, ctx: _Ctx) -> None:
    """Checks that involve several cells of one row."""
    row, line, cols = raw.rows[index], raw.lines[index], raw.schema.column_names
    if "latitude" in cols and "longitude" in cols:
        has_lat, has_lon = row["latitude"] != "", row["longitude"] != ""
        if has_lat != has_lon:
            missing = "longitude" if has_lat else "latitude"
            other = "latitude" if has_lat else "longitude"
            ctx.add(line, missing, "data.coordinate_half", other=other, missing=missing)
            raw.bad.add((index, other))
        elif raw.ok(index, "latitude") and raw.ok(index, "longitude"):
            outside = outside_denmark(row["latitude"], row["longitude"])
            if outside is not None:
                ctx.issues.append(Issue(ctx.display, line, outside[0], outside[1], outside[2]))
                raw.bad.add((index, "latitude"))
                raw.bad.add((index, "longitude"))
    if (
        "coord_precision" in cols
        and "kommunekode" in cols
        and row["coord_precision"] == "municipality"
        and row["kommunekode"] == ""
    ):
        ctx.add(line, "kommunekode", "data.municipality_precision_needs_code")
    if (
        "valid_from" in cols
        and "valid_to" in cols
        and raw.ok(index, "valid_from")
        and raw.ok(index, "valid_to")
    ):
        start = parse_iso(row["valid_from"])
        end = parse_iso(row["valid_to"])
        if start is not None and end is not None and start[0] > end[1]:
            ctx.add(
                line,
                "valid_to",
                "data.valid_to_before_from",
                valid_to=row["valid_to"],
                valid_from=row["valid_from"],
            )


# --- checks across files ----------------------------------------------------


def _check_unique(raws: Sequence[RawTable], columns: tuple[str, ...]) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[tuple[str, ...], tuple[RawTable, int]] = {}
    label = ", ".join(columns)
    for raw in raws:
        for i, row in enumerate(raw.rows):
            if not all(raw.ok(i, c) for c in columns):
                continue
            key = tuple(row[c] for c in columns)
            if key in first:
                other, other_line = first[key]
                params: dict[str, object] = {
                    "columns": label,
                    "value": ", ".join(key),
                    "first_line": other_line,
                }
                if other is not raw:
                    params["first_file"] = other.display
                code = "data.duplicate" if other is raw else "data.duplicate_in_other_file"
                issues.append(Issue(raw.display, raw.lines[i], columns[0], code, params))
            else:
                first[key] = (raw, raw.lines[i])
    return issues


def _all_values(raws: Sequence[RawTable], column: str) -> set[str]:
    """Every non-empty value of ``column``, valid or not, including unusable rows.

    Used as the target of references, so that one broken row does not also make
    every reference to it an error.
    """
    out = {row.get(column, "") for raw in raws for row in (*raw.rows, *raw.skipped)}
    out.discard("")
    return out


def _iter_cells(raws: Sequence[RawTable], column: str) -> Iterable[tuple[RawTable, int, str]]:
    for raw in raws:
        if column not in raw.schema.column_names:
            continue
        for i, row in enumerate(raw.rows):
            if raw.ok(i, column):
                yield raw, i, row[column]


def check_dataset(tables: Mapping[str, Sequence[RawTable]], places: Places | None = None) -> list[Issue]:
    """Checks across files: ids, references, municipality codes and places.

    ``tables`` maps each table name to the files read for it (the public dataset
    first, then any overlay). A table with no file at all is skipped (its missing
    file is reported by the loader).
    """
    issues: list[Issue] = []
    for name, raws in tables.items():
        schema = TABLES_BY_NAME[name]
        if schema.key:
            issues += _check_unique(raws, (schema.key,))
        if schema.unique_together:
            issues += _check_unique(raws, schema.unique_together)
        for column in UNIQUE_NAMES.get(name, ()):
            issues += _check_unique(raws, (column,))

    # References between files.
    for name, raws in tables.items():
        for col in TABLES_BY_NAME[name].columns:
            if not col.references:
                continue
            target_table, target_col = col.references.split(".")
            if not tables.get(target_table):
                continue
            targets = _all_values(tables[target_table], target_col)
            target_file = TABLES_BY_NAME[target_table].filename
            for raw, i, value in _iter_cells(raws, col.name):
                if value not in targets:
                    issues.append(
                        Issue(
                            raw.display,
                            raw.lines[i],
                            col.name,
                            "data.unknown_reference",
                            {"column": target_col, "value": value, "file": target_file},
                        )
                    )

    # hub_id -> kind, for hubs whose id and kind are valid.
    hub_kinds: dict[str, str] = {}
    hub_parents: dict[str, str] = {}
    for raw in tables.get("hubs", ()):
        for i, row in enumerate(raw.rows):
            if raw.ok(i, "hub_id") and raw.ok(i, "kind"):
                hub_kinds.setdefault(row["hub_id"], row["kind"])
                hub_parents.setdefault(row["hub_id"], row["parent_hub_id"])
    for raw, i, value in _iter_cells(tables.get("hub_areas", ()), "hub_id"):
        if hub_kinds.get(value) == "branch":
            issues.append(
                Issue(
                    raw.display,
                    raw.lines[i],
                    "hub_id",
                    "data.area_names_branch"
                    if hub_parents.get(value)
                    else "data.area_names_branch_no_parent",
                    {"value": value, "parent": hub_parents.get(value) or ""},
                )
            )
    for raw in tables.get("hubs", ()):
        for i, row in enumerate(raw.rows):
            if not raw.ok(i, "kind"):
                continue
            parent = row["parent_hub_id"]
            if row["kind"] == "branch" and not parent:
                issues.append(Issue(raw.display, raw.lines[i], "parent_hub_id", "data.branch_needs_parent"))
            elif row["kind"] == "head_office" and parent:
                issues.append(
                    Issue(raw.display, raw.lines[i], "parent_hub_id", "data.head_office_has_parent")
                )
            elif (
                parent
                and raw.ok(i, "parent_hub_id")
                and hub_kinds.get(parent, "head_office") != "head_office"
            ):
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "parent_hub_id",
                        "data.parent_not_head_office",
                        {"parent": parent},
                    )
                )
    for raw in tables.get("sites", ()):
        for i, row in enumerate(raw.rows):
            if row["kind"] == "co_location" and not row["hub_id"]:
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "hub_id",
                        "data.co_location_without_hub",
                        severity="warning",
                    )
                )

    # Municipality codes and places.
    index = places
    if index is not None:
        known: set[str] = set(index.names)
        unknown_code = "data.unknown_kommunekode_dagi"
    else:
        known = _all_values(tables.get("hub_areas", ()), "kommunekode")
        unknown_code = "data.unknown_kommunekode_hub_areas"
    for name, raws in tables.items():
        schema = TABLES_BY_NAME[name]
        if "kommunekode" not in schema.column_names:
            continue
        if not known or (index is None and name == "hub_areas"):
            continue
        for raw, i, value in _iter_cells(raws, "kommunekode"):
            if value not in known:
                issues.append(Issue(raw.display, raw.lines[i], "kommunekode", unknown_code, {"value": value}))
                raw.bad.add((i, "kommunekode"))
    if index is not None:
        issues += _check_places(tables, index)
        issues += _check_hub_area_coverage(tables.get("hub_areas", ()), index)
    return issues


def _check_places(tables: Mapping[str, Sequence[RawTable]], index: Places) -> list[Issue]:
    issues: list[Issue] = []
    for name, raws in tables.items():
        cols = TABLES_BY_NAME[name].column_names
        if not {"latitude", "longitude", "kommunekode"} <= set(cols):
            continue
        for raw in raws:
            for i, row in enumerate(raw.rows):
                if not (raw.ok(i, "latitude") and raw.ok(i, "longitude") and raw.ok(i, "kommunekode")):
                    continue
                other = outside_municipality(
                    index, row["kommunekode"], float(row["latitude"]), float(row["longitude"])
                )
                if other is not None:
                    issues.append(Issue(raw.display, raw.lines[i], "latitude", other[0], other[1], "warning"))
    return issues


def _check_hub_area_coverage(raws: Sequence[RawTable], index: Places) -> list[Issue]:
    if not raws:
        return []
    issues: list[Issue] = []
    present = set()
    for raw, i, value in _iter_cells(raws, "kommunekode"):
        present.add(value)
        if value in index.outside:
            issues.append(
                Issue(
                    raw.display,
                    raw.lines[i],
                    "kommunekode",
                    "data.outside_division",
                    {"code": value, "name": index.names.get(value, "")},
                    "warning",
                )
            )
    display = raws[0].display
    for code in sorted(set(index.names) - index.outside - present):
        issues.append(
            Issue(
                display,
                None,
                "kommunekode",
                "data.municipality_without_row",
                {"code": code, "name": index.names[code]},
                "warning",
            )
        )
    return issues


# --- conveniences -----------------------------------------------------------


__all__ = [
    "EXAMPLE_SOURCE",
    "RawTable",
    "check_dataset",
    "decode_text",
    "read_table",
]
