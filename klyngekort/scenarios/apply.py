"""Applying a scenario to a dataset: each change becomes rows added to, or removed from, a
copy of the dataset's tables. The dataset itself is never changed. Issues found on the way
(a change that no longer fits the data) are returned with the result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any

import pandas as pd

from klyngekort.core.model import Dataset, Issue
from klyngekort.core.selection import cluster_labels, hub_labels
from klyngekort.scenarios.changes import (
    TIE_ELEMENTS,
    AddCoLocation,
    AddSecondment,
    AddSite,
    AddTie,
    Change,
    RemoveSite,
    Scenario,
)
from klyngekort.scenarios.overlap import overlaps
from klyngekort.scenarios.validate import _ids, validate_changes


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
        with contextlib.suppress(TypeError, ValueError):
            new[c] = new[c].astype(df[c].dtype)
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
    # A change that repeats an earlier one, or a co-location the data already has, adds
    # nothing: skipped, so nothing is counted twice (klyngekort.scenarios.overlap).
    bad |= {o.pos for o in overlaps(ds, scenario.changes)}
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
        common = {
            "source_url": src,
            "source_url_2": "",
            "confidence": "none",
            "_line": pos,
            "is_example": False,
        }
        if isinstance(ch, AddCoLocation):
            h = hubs.loc[ch.hub_id]
            new_sites.append(
                {
                    **common,
                    "site_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.hub_id}", site_ids),
                    "cluster_id": ch.cluster_id,
                    "kind": "co_location",
                    "town": str(h.get("town", "") or ""),
                    "address": str(h.get("address", "") or ""),
                    "kommunekode": str(h.get("kommunekode", "") or ""),
                    "hub_id": ch.hub_id,
                    "shared_with_hub": "yes",
                    "valid_from": ch.valid_from,
                    "valid_to": "",
                    "period_text": "",
                    "latitude": _float(h.get("latitude")),
                    "longitude": _float(h.get("longitude")),
                    "coord_precision": str(h.get("coord_precision", "") or ""),
                    "coord_source": f"hubs.csv: {ch.hub_id}",
                    "notes": f"Scenarie: {scenario.name}: samlokalisering i {h.get('name', ch.hub_id)}",
                }
            )
        elif isinstance(ch, AddSite):
            placed = ch.latitude is not None and ch.longitude is not None
            where = " ved kommunens midtpunkt (scenarie)" if placed else ""
            new_sites.append(
                {
                    **common,
                    "site_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.kommunekode}", site_ids),
                    "cluster_id": ch.cluster_id,
                    "kind": ch.site_kind,
                    "town": "",
                    "address": "",
                    "kommunekode": ch.kommunekode,
                    "hub_id": "",
                    "shared_with_hub": "no",
                    "valid_from": ch.valid_from,
                    "valid_to": "",
                    "period_text": "",
                    "latitude": float(ch.latitude) if placed else math.nan,  # type: ignore[arg-type]
                    "longitude": float(ch.longitude) if placed else math.nan,  # type: ignore[arg-type]
                    "coord_precision": "town" if placed else "",
                    "coord_source": "kommunens midtpunkt (scenarie)" if placed else "",
                    "notes": f"Scenarie: {scenario.name}: ny adresse i kommune {ch.kommunekode}{where}",
                }
            )
        elif isinstance(ch, AddSecondment):
            new_secs.append(
                {
                    **common,
                    "secondment_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.hub_id}", sec_ids),
                    "cluster_id": ch.cluster_id,
                    "hub_id": ch.hub_id,
                    "persons": float(ch.persons),
                    "fte": math.nan,
                    "valid_from": ch.valid_from,
                    "valid_to": "",
                    "notes": f"Scenarie: {scenario.name}: {ch.persons} indstationerede",
                }
            )
        elif isinstance(ch, AddTie):
            yn = {True: "yes", False: "no"}
            new_ties.append(
                {
                    **common,
                    "tie_id": _unique_id(f"scenarie_{pos}_{ch.cluster_id}_{ch.hub_id}", tie_ids),
                    "hub_id": ch.hub_id,
                    "cluster_id": ch.cluster_id,
                    "kind": ch.tie_kind,
                    **{e: yn[getattr(ch, e)] for e in TIE_ELEMENTS},
                    "valid_from": ch.valid_from,
                    "valid_to": "",
                    "period_text": "",
                    "description": f"Scenarie: {scenario.name}",
                    "notes": f"Scenarie: {scenario.name}: samarbejde",
                }
            )
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
        programmes=ds.programmes.copy(),
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

    labels = {"clusters": cluster_labels(ds), "hubs": hub_labels(ds)} if ds is not None else {}

    def name(table: str, value: str) -> str:
        label = labels.get(table, {}).get(value, value)
        return f"{label} ({value})" if label != value else value

    if isinstance(change, RemoveSite):
        # A removal has no date of its own: the row is gone in every period.
        return f"Fjern adresse {change.site_id}"
    since = f" fra {change.valid_from}" if change.valid_from else ""
    if isinstance(change, AddCoLocation):
        return (
            f"Samlokalisering: {name('clusters', change.cluster_id)} i {name('hubs', change.hub_id)}{since}"
        )
    if isinstance(change, AddSecondment):
        return (
            f"Indstationering: {change.persons} person(er) fra "
            f"{name('clusters', change.cluster_id)} i "
            f"{name('hubs', change.hub_id)}{since}"
        )
    if isinstance(change, AddTie):
        elems = [e for e in TIE_ELEMENTS if getattr(change, e)]
        what = ", ".join(elems) if elems else "ingen elementer"
        return (
            f"Samarbejde ({change.tie_kind}): {name('hubs', change.hub_id)} og "
            f"{name('clusters', change.cluster_id)}: {what}{since}"
        )
    if isinstance(change, AddSite):
        at = (
            f" ved ({change.latitude:.4f}, {change.longitude:.4f})"
            if change.latitude is not None and change.longitude is not None
            else ""
        )
        return (
            f"Ny adresse ({change.site_kind}): {name('clusters', change.cluster_id)} "
            f"i kommune {change.kommunekode}{at}{since}"
        )
    return repr(change)
