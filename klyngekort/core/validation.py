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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from klyngekort.core.model import Issue, Severity
from klyngekort.core.periods import parse_iso
from klyngekort.core.projection import lonlat_to_utm32
from klyngekort.core.schema import TABLES_BY_NAME, Column, ColumnType, TableSchema

if TYPE_CHECKING:  # pragma: no cover
    from klyngekort.core.places import Places

EXAMPLE_SOURCE = "eksempeldata"
"""The ``source_url`` of invented rows; allowed only in a dataset whose dataset.toml says ``example = true``."""

SAVE_AS_HINT = 'In Excel choose "Gem som: CSV UTF-8 (kommasepareret) (*.csv)".'

LATITUDE_RANGE = (54.4, 57.9)
LONGITUDE_RANGE = (7.9, 15.3)

HTML_RE = re.compile(r"<[a-zA-Z/!][^>]*>")
ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")
URL_RE = re.compile(r"^https?://\S+$")
INT_RE = re.compile(r"^[0-9]+$")
FLOAT_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
DECIMAL_COMMA_RE = re.compile(r"^[+-]?[0-9]*,[0-9]+$")
LOCAL_DATE_RE = re.compile(r"^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")

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
            [
                Issue(
                    display,
                    None,
                    None,
                    "the file is UTF-16 (Excel 'Unicode-tekst'), not a CSV file. " + SAVE_AS_HINT,
                )
            ],
        )
    if data.startswith(b"PK\x03\x04"):
        return (
            None,
            "",
            [
                Issue(
                    display,
                    None,
                    None,
                    "this is an Excel workbook (.xlsx) or another zip file, not CSV. " + SAVE_AS_HINT,
                )
            ],
        )
    if b"\x00" in data:
        return (
            None,
            "",
            [Issue(display, None, None, "the file contains NUL bytes: it is not a text (CSV) file")],
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
                [
                    Issue(
                        display,
                        bad_line,
                        None,
                        "the file is neither UTF-8 nor Windows-1252 text (binary or damaged?). "
                        + SAVE_AS_HINT,
                    )
                ],
            )
        text, encoding = cp, "cp1252"
        issues.append(
            Issue(
                display,
                None,
                None,
                "the file is not UTF-8; it was read as Windows-1252 (ANSI), as older Excel "
                "versions save it. " + SAVE_AS_HINT,
                "warning",
            )
        )
    for lineno, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        bad = [ch for ch in line if (ord(ch) < 32 and ch != "\t") or ch == "\x7f"]
        if bad:
            return (
                None,
                encoding,
                [
                    *issues,
                    Issue(
                        display, lineno, None, "control characters in the file: it is not a text (CSV) file"
                    ),
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

    def add(self, line: int | None, fld: str | None, message: str, severity: Severity = "error") -> None:
        self.issues.append(Issue(self.display, line, fld, message, severity))


def read_table(
    path: Path, table: TableSchema, display: str, *, example: bool = False
) -> tuple[RawTable | None, list[Issue]]:
    """Read and check one CSV file of ``table``. Returns ``(None, issues)`` when it cannot be read."""
    try:
        return _read_table(path, table, display, example=example)
    except Exception as exc:  # noqa: BLE001 - the last guard: bad input never gives a traceback
        return None, [Issue(display, None, None, f"could not read the file ({type(exc).__name__}: {exc})")]


def _read_table(
    path: Path, table: TableSchema, display: str, *, example: bool
) -> tuple[RawTable | None, list[Issue]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue(display, None, None, f"cannot read the file: {exc.strerror or exc}")]
    if not data.strip() or data.strip() == b"\xef\xbb\xbf":
        return None, [Issue(display, None, None, "the file is empty: it needs at least the header line")]
    text, encoding, issues = decode_text(data, display)
    if text is None:
        return None, issues

    known = set(table.column_names)
    delimiter = _sniff_delimiter(text, known)
    if delimiter == ";":
        issues.append(
            Issue(
                display,
                1,
                None,
                "the file is semicolon-separated (Excel 'CSV (semikolonsepareret)'); it was read "
                "anyway. " + SAVE_AS_HINT,
                "warning",
            )
        )

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    prev = 0
    try:
        for rec in reader:
            records.append((prev + 1, rec))
            prev = reader.line_num
    except csv.Error as exc:
        issues.append(
            Issue(display, prev + 1, None, f'malformed CSV ({exc}); check the quotes (") on this line')
        )
        return None, issues

    if not records or not any(c.strip() for c in records[0][1]):
        issues.append(Issue(display, 1, None, "the first line must be the header with the column names"))
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
            issues.append(Issue(display, header_line, name, f"column '{name}' appears twice in the header"))
            return None, issues
        positions[name] = i
    for col in table.columns:
        if col.name not in positions:
            if col.required:
                issues.append(
                    Issue(
                        display,
                        header_line,
                        col.name,
                        f"required column '{col.name}' is missing from the header",
                    )
                )
            else:
                issues.append(
                    Issue(
                        display,
                        header_line,
                        col.name,
                        f"column '{col.name}' is missing; its values are treated as unknown",
                        "warning",
                    )
                )
    unknown_cols = [(i, n) for i, n in enumerate(names) if n not in known]

    ctx = _Ctx(display, example, delimiter == ";", issues)
    width = len(names)
    warned_unknown: set[int] = set()
    for line, rec in records[1:]:
        if not any(c.strip() for c in rec):
            continue  # blank line or a row of empty cells (Excel leaves them)
        if len(rec) > width and not any(c.strip() for c in rec[width:]):
            rec = rec[:width]
        if len(rec) != width:
            ctx.add(
                line,
                None,
                f"the row has {len(rec)} fields but the header has {width} "
                f"(a missing or extra '{delimiter}', or a value with '{delimiter}' "
                "that is not in quotes?)",
            )
            raw.skipped.append({n: rec[i].strip() for n, i in positions.items() if i < len(rec)})
            continue
        for i, name in unknown_cols:
            if i not in warned_unknown and (name or rec[i].strip()):
                warned_unknown.add(i)
                label = f"'{name}'" if name else f"number {i + 1} (no name)"
                issues.append(
                    Issue(
                        display,
                        header_line,
                        name or None,
                        f"unknown column {label} is ignored; the columns are listed in data/README.md",
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
                Issue(
                    display,
                    header_line,
                    name,
                    f"unknown column '{name}' is ignored; the columns are listed in data/README.md",
                    "warning",
                )
            )
    if ctx.decimal_comma_at is not None:
        line, fld = ctx.decimal_comma_at
        issues.append(
            Issue(
                display,
                line,
                fld,
                "decimal commas were read as decimal points (first here). " + SAVE_AS_HINT,
                "warning",
            )
        )
    return raw, issues


def _check_value(col: Column, value: str, line: int, ctx: _Ctx) -> tuple[str, bool]:
    """Check one cell. Returns the cleaned text and whether it is valid."""
    name = col.name
    if value == "":
        if col.required:
            ctx.add(line, name, "a value is required here")
            return "", False
        return "", True
    t = col.type
    if t == ColumnType.TEXT:
        if HTML_RE.search(value):
            ctx.add(line, name, "contains HTML; it will be shown as plain text", "warning")
        return value, True
    if t == ColumnType.ID:
        if not ID_RE.match(value):
            ctx.add(line, name, f"'{value}' is not a valid id: use only letters A–Z, digits, '_' and '-'")
            return value, False
        return value, True
    if t == ColumnType.KOMMUNEKODE:
        if not value.isascii() or not value.isdigit():
            ctx.add(line, name, f"'{value}' is not a municipality code (4 digits, e.g. 0101)")
            return value, False
        if len(value) > 4:
            ctx.add(line, name, f"'{value}' is not a municipality code (4 digits, e.g. 0101)")
            return value, False
        if len(value) < 4:
            padded = value.zfill(4)
            ctx.add(
                line,
                name,
                f"'{value}' was read as '{padded}': municipality codes have 4 digits. "
                "Excel drops leading zeros; format the column as Text",
                "warning",
            )
            return padded, True
        return value, True
    if t == ColumnType.INT:
        if not INT_RE.match(value):
            ctx.add(line, name, f"'{value}' is not a whole number (digits only, e.g. 1234)")
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
            hint = " (use a decimal point: 55.67)" if "," in value else ""
            ctx.add(line, name, f"'{value}' is not a number{hint}")
            return value, False
        if t == ColumnType.FLOAT and number < 0:
            ctx.add(line, name, f"'{value}' must not be negative")
            return text, False
        return text, True
    if t == ColumnType.DATE:
        if parse_iso(value) is None:
            hint = (
                " (Excel may have reformatted it; format the column as Text)"
                if LOCAL_DATE_RE.match(value)
                else ""
            )
            ctx.add(line, name, f"'{value}' is not an ISO date: use YYYY, YYYY-MM or YYYY-MM-DD{hint}")
            return value, False
        return value, True
    if t == ColumnType.URL:
        if value == EXAMPLE_SOURCE:
            if ctx.example:
                return value, True
            ctx.add(
                line,
                name,
                f"'{EXAMPLE_SOURCE}' marks invented example rows; it is allowed only in a "
                "dataset whose dataset.toml says example = true",
            )
            return value, False
        if not URL_RE.match(value):
            ctx.add(
                line,
                name,
                f"'{value}' is not a web address: it must start with http:// or https:// "
                "and contain no spaces",
            )
            return value, False
        return value, True
    if t == ColumnType.ENUM:
        if value in col.allowed:
            return value, True
        lowered = value.lower()
        if lowered in col.allowed:
            ctx.add(
                line, name, f"'{value}' was read as '{lowered}' (allowed values are lower case)", "warning"
            )
            return lowered, True
        ctx.add(line, name, f"'{value}' is not allowed; use one of: {', '.join(col.allowed)}")
        return value, False
    return value, True  # pragma: no cover - every ColumnType is handled above


def _check_row(raw: RawTable, index: int, ctx: _Ctx) -> None:
    """Checks that involve several cells of one row."""
    row, line, cols = raw.rows[index], raw.lines[index], raw.schema.column_names
    if "latitude" in cols and "longitude" in cols:
        has_lat, has_lon = row["latitude"] != "", row["longitude"] != ""
        if has_lat != has_lon:
            missing = "longitude" if has_lat else "latitude"
            other = "latitude" if has_lat else "longitude"
            ctx.add(line, missing, f"{other} is given without {missing}: give both or neither")
            raw.bad.add((index, other))
        elif raw.ok(index, "latitude") and raw.ok(index, "longitude"):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            lat_in = LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
            lon_in = LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
            if not (lat_in and lon_in):
                swapped = (
                    LATITUDE_RANGE[0] <= lon <= LATITUDE_RANGE[1]
                    and LONGITUDE_RANGE[0] <= lat <= LONGITUDE_RANGE[1]
                )
                hint = "; latitude and longitude look swapped" if swapped else ""
                ctx.add(
                    line,
                    "latitude" if not lat_in else "longitude",
                    f"the point ({lat}, {lon}) is outside Denmark (latitude {LATITUDE_RANGE[0]}–"
                    f"{LATITUDE_RANGE[1]}, longitude {LONGITUDE_RANGE[0]}–{LONGITUDE_RANGE[1]}){hint}",
                )
                raw.bad.add((index, "latitude"))
                raw.bad.add((index, "longitude"))
    if (
        "valid_from" in cols
        and "valid_to" in cols
        and raw.ok(index, "valid_from")
        and raw.ok(index, "valid_to")
    ):
        start = parse_iso(row["valid_from"])
        end = parse_iso(row["valid_to"])
        if start is not None and end is not None and start[0] > end[1]:
            ctx.add(line, "valid_to", f"valid_to {row['valid_to']} is before valid_from {row['valid_from']}")


# --- checks across files ----------------------------------------------------


def _where(raw: RawTable, line: int, here: RawTable) -> str:
    return f"line {line}" if raw is here else f"line {line} of {raw.display}"


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
                shown = ", ".join(key)
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        columns[0],
                        f"duplicate {label} '{shown}' (first used on {_where(other, other_line, raw)})",
                    )
                )
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
                            f"unknown {target_col} '{value}': it is not in {target_file}",
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
                    f"'{value}' is a branch; a municipality belongs to a head office "
                    f"(here {hub_parents.get(value) or 'its erhvervshus'})",
                )
            )
    for raw in tables.get("hubs", ()):
        for i, row in enumerate(raw.rows):
            if not raw.ok(i, "kind"):
                continue
            parent = row["parent_hub_id"]
            if row["kind"] == "branch" and not parent:
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "parent_hub_id",
                        "a branch needs parent_hub_id: the erhvervshus it belongs to",
                    )
                )
            elif row["kind"] == "head_office" and parent:
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "parent_hub_id",
                        "a head office has no parent_hub_id; leave it empty",
                    )
                )
            elif (
                parent
                and raw.ok(i, "parent_hub_id")
                and hub_kinds.get(parent, "head_office") != "head_office"
            ):
                issues.append(
                    Issue(raw.display, raw.lines[i], "parent_hub_id", f"'{parent}' is not a head office")
                )
    for raw in tables.get("sites", ()):
        for i, row in enumerate(raw.rows):
            if row["kind"] == "co_location" and not row["hub_id"]:
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "hub_id",
                        "a co_location site should name the hub it shares premises with",
                        "warning",
                    )
                )

    # Municipality codes and places.
    index = places
    if index is not None:
        known: set[str] = set(index.names)
        known_where = "it is not a DAGI municipality"
    else:
        known = _all_values(tables.get("hub_areas", ()), "kommunekode")
        known_where = "it is not one of the municipalities in hub_areas.csv"
    for name, raws in tables.items():
        schema = TABLES_BY_NAME[name]
        if "kommunekode" not in schema.column_names:
            continue
        if not known or (index is None and name == "hub_areas"):
            continue
        for raw, i, value in _iter_cells(raws, "kommunekode"):
            if value not in known:
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "kommunekode",
                        f"unknown kommunekode '{value}': {known_where}",
                    )
                )
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
                code = row["kommunekode"]
                if code not in index.names:
                    continue
                xs, ys = lonlat_to_utm32(
                    np.array([float(row["longitude"])]), np.array([float(row["latitude"])])
                )
                x, y = float(xs[0]), float(ys[0])
                if index.covers(code, x, y):
                    continue
                km = index.distance_km(code, x, y)
                hits = index.locate(x, y)
                inside = (
                    f"it lies in {hits[0]} {index.names.get(hits[0], '')}".rstrip()
                    if hits
                    else "it lies in no municipality (in the sea?)"
                )
                issues.append(
                    Issue(
                        raw.display,
                        raw.lines[i],
                        "latitude",
                        f"the point is {km:.1f} km outside municipality {code} "
                        f"{index.names.get(code, '')}; {inside}",
                        "warning",
                    )
                )
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
                    f"{value} {index.names.get(value, '')} is outside the municipal division; "
                    "it belongs to no erhvervshus",
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
                f"municipality {code} {index.names[code]} has no row: which erhvervshus serves it?",
                "warning",
            )
        )
    return issues


# --- conveniences -----------------------------------------------------------


def format_issues(issues: Iterable[Issue]) -> str:
    """One issue per line: ``file:line:field: message``."""
    return "\n".join(str(i) for i in issues)


__all__ = [
    "EXAMPLE_SOURCE",
    "SAVE_AS_HINT",
    "RawTable",
    "check_dataset",
    "decode_text",
    "format_issues",
    "read_table",
]
