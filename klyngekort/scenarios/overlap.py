"""A scenario's changes are a set: what is already there is never counted twice.

Two kinds of overlap are found:

* ``duplicate``: a change identical to an earlier change of the scenario (the same cluster,
  hub, kind and date, and for a secondment the same number of persons). The planner refuses
  to add it; in an imported or older scenario it is skipped when the scenario is applied.
* ``existing_co_location``: a co-location of a cluster in a hub (or branch) where the dataset
  already has that cluster's open-ended co-location, or where an earlier change of the
  scenario already co-locates it, from the same day or earlier. It adds no presence, so it is skipped when applied and
  explained in the planner.

:func:`klyngekort.scenarios.apply.apply_scenario` skips every overlapping change, so adding
the same change twice gives the same coverage as adding it once (a property test checks it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from klyngekort.core.model import Dataset
from klyngekort.core.periods import parse_iso
from klyngekort.scenarios.changes import AddCoLocation, Change

OverlapKind = Literal["duplicate", "existing_co_location"]


@dataclass(frozen=True)
class Overlap:
    """Change ``pos`` (1-based) adds nothing: ``kind`` says why, ``other`` is the earlier
    change it repeats (``None`` when the dataset already has it)."""

    pos: int
    kind: OverlapKind
    other: int | None = None


def _start(valid_from: object) -> date:
    """The first day of a (reduced-precision) ISO date; empty or unreadable: the beginning."""
    span = parse_iso(str(valid_from or ""))
    return span[0] if span else date.min


def _existing_co_locations(ds: Dataset) -> dict[tuple[str, str], date]:
    """(cluster, hub) of the dataset's open-ended co-locations, with the day they start."""
    s = ds.sites
    if not {"cluster_id", "hub_id", "kind"} <= set(s.columns):
        return {}
    s = s[s["kind"] == "co_location"]
    if "valid_to" in s.columns:
        s = s[s["valid_to"].fillna("").astype(str).str.strip() == ""]
    out: dict[tuple[str, str], date] = {}
    starts = s["valid_from"] if "valid_from" in s.columns else [""] * len(s)
    for c, h, vf in zip(s["cluster_id"], s["hub_id"], starts, strict=False):
        if h:
            key = (str(c), str(h))
            out[key] = min(out.get(key, date.max), _start(vf))
    return out


def overlaps(ds: Dataset, changes: Sequence[Change]) -> list[Overlap]:
    """Every change of ``changes`` that repeats an earlier one or something the dataset has."""
    out: list[Overlap] = []
    seen: dict[Change, int] = {}
    existing = _existing_co_locations(ds)
    added_co: dict[tuple[str, str], tuple[int, date]] = {}
    for pos, ch in enumerate(changes, start=1):
        try:
            earlier = seen.get(ch)
        except TypeError:  # an unhashable value in a change built in code: not comparable
            earlier = None
        if earlier is not None:
            out.append(Overlap(pos, "duplicate", earlier))
            continue
        with contextlib.suppress(TypeError):  # see above
            seen[ch] = pos
        if isinstance(ch, AddCoLocation):
            # Already there from the same day or earlier (and open-ended): adds nothing.
            key = (ch.cluster_id, ch.hub_id)
            start = _start(ch.valid_from)
            if key in existing and existing[key] <= start:
                out.append(Overlap(pos, "existing_co_location", None))
            elif key in added_co and added_co[key][1] <= start:
                out.append(Overlap(pos, "existing_co_location", added_co[key][0]))
            elif key not in added_co or start < added_co[key][1]:
                added_co[key] = (pos, start)
    return out


def duplicate_of(changes: Sequence[Change], change: Change) -> int | None:
    """The 1-based position of a change in ``changes`` identical to ``change``, if any."""
    for pos, ch in enumerate(changes, start=1):
        if ch == change:
            return pos
    return None
