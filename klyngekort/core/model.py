"""The in-memory dataset and the problems found while reading it."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from klyngekort.core.messages import (
    RESERVED_PARAMS,
    Message,
    MessageError,
    MessageValueError,
    Params,
    plain_text,
)
from klyngekort.core.schema import PROGRAMMES, ColumnType

__all__ = [
    "RESERVED_PARAMS",
    "Dataset",
    "Issue",
    "LoadResult",
    "Message",
    "MessageError",
    "MessageValueError",
    "Params",
    "Severity",
    "content_revision",
    "plain_text",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem in an input file, reported as ``file:line:field: message``.

    ``line`` is the 1-based physical line in the file (the header is line 1),
    or ``None`` for a problem with the file as a whole. ``code`` and ``params`` are the
    message as data (see :class:`Message`); :func:`klyngekort.present.wording.issue_text`
    words it in the reader's language. ``str()`` gives the location with the plain
    ``code (params)`` form, for logs.
    """

    file: str
    line: int | None
    field: str | None
    code: str
    params: Params = dataclasses.field(default_factory=dict, hash=False)
    severity: Severity = "error"

    @property
    def message(self) -> Message:
        """The message part without the location."""
        return Message(self.code, self.params)

    @property
    def location(self) -> str:
        """``file:line:field`` (empty parts kept, so the form is always the same)."""
        loc = self.file
        loc += f":{self.line}" if self.line is not None else ":"
        loc += f":{self.field}" if self.field else ":"
        return loc

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.location}: {prefix}{plain_text(self.code, self.params)}"


def _empty_programmes() -> pd.DataFrame:
    """The ``programmes`` table with no rows (for datasets built in code without one)."""

    numeric = {ColumnType.INT, ColumnType.FLOAT}
    data = {c.name: pd.Series(dtype="float64" if c.type in numeric else str) for c in PROGRAMMES.columns}
    data["is_example"] = pd.Series(dtype=bool)
    data["_line"] = pd.Series(dtype="int64")
    return pd.DataFrame(data)


@dataclass
class Dataset:
    """All tables of one dataset, as read and normalised from ``data/``.

    Every table is a :class:`pandas.DataFrame` with exactly the columns of its
    :mod:`klyngekort.core.schema` table plus ``is_example`` (bool) and ``_line``
    (the line in its source file). Text columns hold ``str`` with ``""`` for
    unknown; numeric columns hold floats with NaN for unknown.
    """

    hubs: pd.DataFrame
    hub_areas: pd.DataFrame
    clusters: pd.DataFrame
    sites: pd.DataFrame
    ties: pd.DataFrame
    secondments: pd.DataFrame
    population: pd.DataFrame
    programmes: pd.DataFrame = field(default_factory=_empty_programmes)
    label: str = "Offentlige data"
    is_example: bool = False
    path: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    changed_at: str = ""
    """For a dataset read from the store: when its data was last saved (ISO 8601 UTC), or
    the as-of date it shows; empty for files (their modification times say it)."""
    revision: str = ""
    """Which state of the data this is: :func:`content_revision` of the tables, set by the
    loader. Every cache of a result computed from a dataset is keyed by it (and by nothing
    else), so an edit of the data is a new key everywhere."""
    row_dates: dict[str, dict[str, str]] = field(default_factory=dict)
    """For a dataset read from the store: table -> row id -> when the row was last added or
    changed (ISO 8601 UTC, from the store's history; the seed import is a recorded save), up
    to the as-of date shown. Empty for files: the popups and tables then show no date."""
    as_of: str = ""
    """The past day (``YYYY-MM-DD``) this dataset shows the data as of, or "" (the current data)."""

    @property
    def view_revision(self) -> str:
        """:attr:`revision` plus what the displays add to the tables (the rows' dates, the
        as-of day): the key of a cached map or table that shows them."""
        if not self.row_dates and not self.as_of:
            return self.revision
        h = hashlib.sha256(f"{self.revision}\0{self.as_of}".encode())
        for name in sorted(self.row_dates):
            for rid, at in sorted(self.row_dates[name].items()):
                h.update(f"\0{name}\0{rid}\0{at}".encode())
        return h.hexdigest()[:16]

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def population_for(self, year: int | None = None) -> pd.Series:
        """Population per kommunekode for ``year`` (default: the latest year)."""
        pop = self.population
        if pop.empty:
            return pd.Series(dtype=float, name="population")
        y = int(pop["year"].max()) if year is None else year
        sel = pop[pop["year"] == y]
        return sel.set_index("kommunekode")["population"].astype(float).rename("population")


@dataclass
class LoadResult:
    """A dataset (or ``None`` when it has errors) and every problem found."""

    dataset: Dataset | None
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not self.errors


def content_revision(tables: dict[str, pd.DataFrame], label: str, is_example: bool) -> str:
    """A short hex digest of the tables' content (values, columns and order) and the
    dataset's label: equal data gives an equal revision in any process."""
    h = hashlib.sha256(f"{label}\0{is_example}".encode())
    for name in sorted(tables):
        frame = tables[name]
        h.update(f"\0{name}\0{','.join(map(str, frame.columns))}\0{len(frame)}".encode())
        if len(frame):
            h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]
