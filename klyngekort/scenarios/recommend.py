"""From a recommendation to a scenario: the planner's answer
(:class:`~klyngekort.planning.cluster.PlanOutcome`) as scenario changes, so that a planner
can save it, compare it and refine it like any other "what if"."""

from __future__ import annotations

from typing import Any

from pyproj import Transformer

from klyngekort.planning.cluster import PlanOutcome
from klyngekort.scenarios.changes import AddCoLocation, AddSite


def recommendation_changes(outcome: PlanOutcome, valid_from: str = "") -> list[Any]:
    """Turn a recommendation into scenario changes (:mod:`klyngekort.scenarios.changes`), in the
    greedy order: a chosen hub or branch becomes an ``AddCoLocation`` of the cluster there;
    a chosen municipality centre becomes an ``AddSite`` (local office) in that
    municipality, placed at the candidate's point (the municipality's visual centre,
    EPSG:25832 turned into WGS84 latitude/longitude), so the scenario's coverage
    reproduces ``covered_after`` for both kinds."""
    if outcome.result is None:
        return []
    cand = outcome.input.candidates.set_index("candidate_id")
    to_wgs84 = Transformer.from_crs(25832, 4326, always_xy=True)
    changes: list[Any] = []
    for cid in outcome.result.chosen:
        row = cand.loc[cid]
        if row["kind"] == "municipality":
            lon, lat = to_wgs84.transform(float(row["x"]), float(row["y"]))
            changes.append(
                AddSite(
                    outcome.cluster_id,
                    str(row["kommunekode"]),
                    "local_office",
                    valid_from,
                    latitude=float(lat),
                    longitude=float(lon),
                )
            )
        else:
            changes.append(AddCoLocation(outcome.cluster_id, str(row["hub_id"]), valid_from))
    return changes
