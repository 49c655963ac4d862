"""How many clusters each programme period has, and how many of them the data knows by name.

The count comes from ``programmes.csv`` (what the sources say: "11 cluster organisations got
DKK 662 million" for 2025–2028), the names from ``clusters.csv`` (the clusters whose programme
flag, ``period_2021_2024`` / ``period_2025_2028``, is ``yes``). Where the sources name fewer
clusters than the programme has, the app says so next to the period ("11 funded, 2 of them
known by name") instead of letting the map suggest the data is complete.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from klyngekort.core.model import Dataset
from klyngekort.core.periods import PROGRAMME_PERIODS, Period
from klyngekort.core.selection import PROGRAMME_FLAG


@dataclass(frozen=True)
class ProgrammeCount:
    """One programme period: the sources' count and how many clusters are known by name."""

    period: str  # "2025-2028"
    name: str
    total: int | None  # None: the sources give no count
    counted_as: str  # "appointed" | "funded"
    known_by_name: int  # clusters whose programme flag is "yes"
    source_url: str
    confidence: str
    notes: str
    source_text: str = ""  # a written source, where there is no URL

    @property
    def complete(self) -> bool:
        """Every cluster of the programme is known by name (False when the count is unknown)."""
        return self.total is not None and self.known_by_name >= self.total

    @property
    def mostly_unknown(self) -> bool:
        """The data knows fewer than half of the programme's clusters by name (2025–2028:
        2 of 11), so a map of the period shows mostly unknown status."""
        return self.total is not None and 2 * self.known_by_name < self.total


def programme_counts(ds: Dataset, period: Period) -> list[ProgrammeCount]:
    """The programme periods that overlap ``period`` and have a row in ``programmes.csv``,
    in programme order."""
    rows = {str(r["period"]).strip(): r for r in ds.programmes.to_dict("records")}
    out: list[ProgrammeCount] = []
    for key, prog in PROGRAMME_PERIODS.items():
        if key not in rows or prog.start > period.end or prog.end < period.start:
            continue
        r = rows[key]
        flag = PROGRAMME_FLAG[key]
        known = int((ds.clusters[flag].astype(str).str.strip() == "yes").sum()) if flag in ds.clusters else 0
        total = r.get("clusters_total")
        out.append(
            ProgrammeCount(
                period=key,
                name=str(r.get("name", "") or ""),
                total=None
                if total is None or (isinstance(total, float) and math.isnan(total))
                else int(total),
                counted_as=str(r.get("counted_as", "") or ""),
                known_by_name=known,
                source_url=str(r.get("source_url", "") or ""),
                source_text=str(r.get("source_text", "") or ""),
                confidence=str(r.get("confidence", "") or ""),
                notes=str(r.get("notes", "") or ""),
            )
        )
    return out


def last_known_period(ds: Dataset) -> str | None:
    """The latest programme period whose clusters the data mostly knows by name (the one to
    offer when the chosen period's status is mostly unknown), or ``None``."""
    everything = Period(
        "all",
        min(p.start for p in PROGRAMME_PERIODS.values()),
        max(p.end for p in PROGRAMME_PERIODS.values()),
    )
    known = [
        c.period for c in programme_counts(ds, everything) if c.total is not None and not c.mostly_unknown
    ]
    return known[-1] if known else None
