"""Travel times between municipalities, and the islands without a fixed link.

A travel-time table is a CSV file ``from_kommunekode,to_kommunekode,minutes`` (for
example computed with OSRM between the municipalities' representative points). When
one is supplied, "within T minutes" replaces "within R km": a municipality is covered
by a cluster when the minutes *from* the municipality *to* the municipality of one of
the cluster's presences (the presence's ``kommunekode``) are at most T. A pair missing
from the table counts as **not reachable**; that includes a municipality to itself,
so a complete table has the diagonal (``0101,0101,…``).

Without a table, coverage uses straight-line distance, which understates the real trip
for a municipality with no fixed road link to the mainland: the trip includes a ferry
(or a flight) with its timetable and crossing time. :data:`NO_FIXED_LINK` lists them so
the views and exports can flag them.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from klyngekort.core import limits
from klyngekort.core.model import Issue

#: Municipalities with no fixed road link (bridge, causeway or tunnel) to the mainland.
#: "Mainland" is Jutland with every island joined to it by road, which since the Great
#: Belt Fixed Link (1998) includes Funen and Zealand, and with them Lolland-Falster,
#: Møn, Amager, Als, Langeland and Mors. Checked against the DAGI geometry
#: (tests/test_coverage.py): the municipalities whose land touches no other municipality
#: are exactly these six plus the two in :data:`ISLANDS_WITH_FIXED_LINK`.
NO_FIXED_LINK: frozenset[str] = frozenset(
    {
        "0400",  # Bornholm: in the Baltic Sea, ferries Rønne–Ystad and Rønne–Køge, flights Rønne–København.
        "0411",  # Christiansø (Ertholmene): reached by boat from Bornholm; outside the 98 municipalities.
        "0492",  # Ærø: ferries only (to Funen, Langeland and Als); no bridge.
        "0563",  # Fanø: ferry Nordby–Esbjerg; no bridge.
        "0741",  # Samsø: ferries to Hou (Jutland) and Kalundborg (Zealand); no bridge.
        "0825",  # Læsø: ferry Vesterø Havn–Frederikshavn; no bridge.
    }
)

#: Municipalities that lie wholly on islands but do have a fixed road link (not flagged).
ISLANDS_WITH_FIXED_LINK: dict[str, str] = {
    "0482": "Langeland: Langelandsbroen to Siø, then by causeway and bridge over Tåsinge to Funen",
    "0773": "Morsø (Mors): Sallingsundbroen and Vilsundbroen",
}

#: Other islands without a fixed link (Anholt, Endelave, Tunø, Omø, Agersø, Fur, Femø, …)
#: belong to municipalities whose representative point is on the mainland part; they are
#: not flagged at municipality level.

TRAVEL_COLUMNS = ("from_kommunekode", "to_kommunekode", "minutes")

_CODE = re.compile(r"^\d{1,4}$")


@dataclass(eq=False)
class TravelTimes:
    """A dense minutes matrix over municipality codes; ``inf`` where the table has no row."""

    codes: tuple[str, ...]
    minutes: np.ndarray  # (n, n) float, minutes[i, j] = from codes[i] to codes[j]
    source: str = ""
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {c: i for i, c in enumerate(self.codes)}
        m = np.asarray(self.minutes, dtype=float)
        if m.shape != (len(self.codes), len(self.codes)):
            raise ValueError(f"travel-time matrix shape {m.shape} does not match {len(self.codes)} codes")
        self.minutes = m

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[str, str, float]], source: str = "") -> TravelTimes:
        """Build from ``(from_kommunekode, to_kommunekode, minutes)`` triples."""
        codes = tuple(sorted({a for a, _, _ in pairs} | {b for _, b, _ in pairs}))
        idx = {c: i for i, c in enumerate(codes)}
        m = np.full((len(codes), len(codes)), np.inf)
        for a, b, v in pairs:
            m[idx[a], idx[b]] = float(v)
        return cls(codes, m, source)

    @property
    def pairs(self) -> int:
        """Number of (from, to) pairs the table gives."""
        return int(np.isfinite(self.minutes).sum())

    def get(self, from_code: str, to_code: str) -> float | None:
        """Minutes from one municipality to another, ``None`` when the table has no row."""
        i, j = self.index.get(from_code), self.index.get(to_code)
        if i is None or j is None:
            return None
        v = self.minutes[i, j]
        return None if math.isinf(v) else float(v)

    def lookup(self, from_codes: Sequence[str], to_codes: Sequence[str]) -> np.ndarray:
        """Minutes matrix ``(len(from_codes), len(to_codes))``; ``inf`` for missing pairs."""
        fi = np.array([self.index.get(c, -1) for c in from_codes], dtype=np.intp)
        ti = np.array([self.index.get(c, -1) for c in to_codes], dtype=np.intp)
        out = np.full((len(fi), len(ti)), np.inf)
        if len(fi) == 0 or len(ti) == 0 or not self.codes:
            return out
        rows_ok = fi >= 0
        cols_ok = ti >= 0
        sub = self.minutes[np.ix_(fi[rows_ok], ti[cols_ok])]
        out[np.ix_(rows_ok, cols_ok)] = sub
        return out


@dataclass
class TravelTimesResult:
    """A table (or ``None`` when it has errors) and every problem found."""

    travel_times: TravelTimes | None
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.travel_times is not None and not self.errors


class TravelTimesError(ValueError):
    """Raised by :func:`load_travel_times`; ``issues`` holds the problems, ``str()`` lists them."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def read_travel_times(path: str | Path, known_codes: Collection[str] | None = None) -> TravelTimesResult:
    """Read and validate a travel-time CSV; never raises for bad input.

    UTF-8 (a BOM is accepted), comma or semicolon separated, a header with at least
    ``from_kommunekode, to_kommunekode, minutes`` (other columns are ignored). Codes of 1–3
    digits (Excel drops leading zeros) are padded to 4 with a warning. Minutes must be a
    finite number ≥ 0 and at most the limit ``minutes`` (a decimal comma is accepted). A
    repeated pair is an error. Codes not in ``known_codes`` (when given) are warnings, and
    their rows are not stored: the matrix is built over the known municipalities only. The
    file's size, rows, field length and distinct codes are bounded
    (:mod:`klyngekort.core.limits`); the size is checked before the file is read.
    """
    p = Path(path)
    name = p.name
    issues: list[Issue] = []
    max_bytes = limits.get_int("travel_file_bytes")
    try:
        size = p.stat().st_size
        if size > max_bytes:  # refused before a byte is read
            return TravelTimesResult(
                None,
                [
                    Issue(
                        name, None, None, "tt.file_too_large", {"size": float(size), "max": float(max_bytes)}
                    )
                ],
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        return TravelTimesResult(None, [Issue(str(p), None, None, "tt.file_not_found")])
    except OSError as e:
        return TravelTimesResult(
            None, [Issue(str(p), None, None, "tt.cannot_read", {"error": str(e.strerror or e)})]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return TravelTimesResult(None, [Issue(name, None, None, "tt.not_utf8", {"byte": e.start})])
    del raw
    first_end = text.find("\n")
    header_line = text[: first_end if first_end >= 0 else len(text)].rstrip("\r")
    if not header_line.strip():
        return TravelTimesResult(
            None, [Issue(name, 1, None, "tt.empty", {"header": ",".join(TRAVEL_COLUMNS)})]
        )
    field_chars = limits.get_int("field_chars")
    if len(header_line) > field_chars * len(TRAVEL_COLUMNS) * 4:
        return TravelTimesResult(
            None, [Issue(name, 1, None, "tt.field_too_long", {"max": float(field_chars)})]
        )
    delim = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in TRAVEL_COLUMNS if c not in header]
    if missing:
        return TravelTimesResult(
            None,
            [
                Issue(
                    name, 1, None, "tt.missing_columns", {"missing": missing, "columns": list(TRAVEL_COLUMNS)}
                )
            ],
        )
    pos = {c: header.index(c) for c in TRAVEL_COLUMNS}
    known = set(known_codes) if known_codes is not None else None
    seen: dict[tuple[str, str], int] = {}
    pairs: list[tuple[str, str, float]] = []
    unknown_reported: set[str] = set()
    distinct: set[str] = set()
    max_rows, max_codes = limits.get_int("travel_rows"), limits.get_int("travel_codes")
    max_minutes = limits.get("minutes")
    rows = 0
    line = 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as e:  # a field past the csv module's own limit (131,072 characters)
            line = reader.line_num
            if "field larger" in str(e):
                issues.append(Issue(name, line, None, "tt.field_too_long", {"max": float(field_chars)}))
            else:
                issues.append(Issue(name, line, None, "data.malformed_csv", {"error": str(e)}))
            break
        if row is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if rows > max_rows:
            issues.append(Issue(name, line, None, "tt.too_many_rows", {"max": float(max_rows)}))
            break
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        long = next((c for c in TRAVEL_COLUMNS if len(row[pos[c]]) > field_chars), None)
        if long is not None:
            issues.append(Issue(name, line, long, "tt.field_too_long", {"max": float(field_chars)}))
            break
        ok = True
        usable = True  # both codes are known municipalities (or no list of them was given)
        codes: list[str] = []
        for col in ("from_kommunekode", "to_kommunekode"):
            v = row[pos[col]].strip()
            if not v:
                issues.append(Issue(name, line, col, "tt.code_empty"))
                ok = False
            elif not _CODE.match(v):
                issues.append(Issue(name, line, col, "tt.bad_code", {"value": v}))
                ok = False
            else:
                if len(v) < 4:
                    issues.append(
                        Issue(
                            name, line, col, "tt.code_padded", {"value": v, "padded": v.zfill(4)}, "warning"
                        )
                    )
                    v = v.zfill(4)
                distinct.add(v)
                if known is not None and v not in known:
                    usable = False
                    if v not in unknown_reported:
                        unknown_reported.add(v)
                        issues.append(Issue(name, line, col, "tt.unknown_code", {"value": v}, "warning"))
            codes.append(v)
        if len(distinct) > max_codes:
            issues.append(Issue(name, line, None, "tt.too_many_codes", {"max": float(max_codes)}))
            break
        mv = row[pos["minutes"]].strip().replace(",", ".")
        minutes = math.nan
        if not mv:
            issues.append(Issue(name, line, "minutes", "tt.minutes_empty"))
            ok = False
        else:
            try:
                minutes = float(mv)
            except ValueError:
                issues.append(
                    Issue(
                        name, line, "minutes", "tt.minutes_not_number", {"value": row[pos["minutes"]].strip()}
                    )
                )
                ok = False
            else:
                if not math.isfinite(minutes) or minutes < 0:
                    issues.append(
                        Issue(
                            name,
                            line,
                            "minutes",
                            "tt.minutes_negative",
                            {"value": row[pos["minutes"]].strip()},
                        )
                    )
                    ok = False
                elif minutes > max_minutes:
                    issues.append(
                        Issue(
                            name,
                            line,
                            "minutes",
                            "tt.minutes_too_large",
                            {"value": minutes, "max": float(max_minutes)},
                        )
                    )
                    ok = False
        if not ok:
            continue
        key = (codes[0], codes[1])
        if key in seen:
            issues.append(
                Issue(
                    name,
                    line,
                    "to_kommunekode",
                    "tt.repeated_pair",
                    {"from_code": key[0], "to_code": key[1], "first_line": seen[key]},
                )
            )
            continue
        seen[key] = line
        if usable:  # codes that are not municipalities are reported above, not stored
            pairs.append((codes[0], codes[1], minutes))
    if not pairs and not any(i.severity == "error" for i in issues):
        issues.append(Issue(name, None, None, "tt.no_rows"))
    if any(i.severity == "error" for i in issues):
        return TravelTimesResult(None, issues)
    tt = TravelTimes.from_pairs(pairs, source=str(p))
    no_diag = [c for c in tt.codes if not math.isfinite(tt.minutes[tt.index[c], tt.index[c]])]
    if no_diag:
        issues.append(
            Issue(name, None, None, "tt.no_diagonal", {"n": len(no_diag), "code": no_diag[0]}, "warning")
        )
    return TravelTimesResult(tt, issues)


def load_travel_times(path: str | Path, known_codes: Collection[str] | None = None) -> TravelTimes:
    """Read a travel-time table; raise :class:`TravelTimesError` (a ``ValueError`` whose
    message lists ``file:line:field: message`` problems) when it has errors."""
    res = read_travel_times(path, known_codes)
    if res.travel_times is None or res.errors:
        raise TravelTimesError(res.errors or res.issues)
    return res.travel_times
