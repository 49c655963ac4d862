"""What the user asked to see: period, clusters, areas, hub. One selection for every view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

import numpy as np
import pandas as pd

from klyngekort.core.model import Dataset
from klyngekort.core.periods import PROGRAMME_PERIODS, Period, parse_iso


@dataclass(frozen=True)
class Selection:
    """A filter. Empty ``clusters``/``areas`` mean all; ``hub_id`` None means the whole country."""

    period: Period
    clusters: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    hub_id: str | None = None
    include_unknown_status: bool = True


Status = Literal["yes", "no", "unknown"]
#: The clusters.csv column that says whether a cluster is part of each programme period.
PROGRAMME_FLAG = {"2021-2024": "period_2021_2024", "2025-2028": "period_2025_2028"}


def cluster_status(cluster: pd.Series | dict, period: Period) -> Status:
    """Is the cluster in force in ``period``: ``"yes"``, ``"no"`` or ``"unknown"``.

    For each programme period (2021–2024, 2025–2028) that overlaps ``period`` the
    programme flag (``period_2021_2024`` / ``period_2025_2028``) is read. The cluster is
    ``yes`` if any overlapping programme says yes, else ``unknown`` if any says unknown,
    else ``no``. A ``ceased`` date whose last day is before the period starts makes it
    ``no`` (MARLOG, ceased 2022-04: in for 2021–2024, out for 2025–2028); a status
    ``ceased`` without a date rules the cluster out of programmes after 2024. A period
    outside every programme period gives ``no``.
    """

    def get(k):
        return str(cluster.get(k, "") or "").strip()

    ceased = get("ceased")
    if ceased:
        rng = parse_iso(ceased)
        if rng is not None and rng[1] < period.start:
            return "no"
    flags: list[str] = []
    for key, prog in PROGRAMME_PERIODS.items():
        if prog.start > period.end or prog.end < period.start:
            continue
        flag = get(PROGRAMME_FLAG[key]) or "unknown"
        if flag not in ("yes", "no", "unknown"):
            flag = "unknown"
        if get("status_2021_2024") == "ceased" and not ceased and prog.start > date(2024, 12, 31):
            flag = "no"
        flags.append(flag)
    if "yes" in flags:
        return "yes"
    if "unknown" in flags:
        return "unknown"
    return "no"


class _NamesCluster(Protocol):
    @property
    def cluster_id(self) -> str: ...


def clusters_in_period(
    ds: Dataset,
    period: Period,
    *,
    include_unknown_status: bool = True,
    extra: Iterable[_NamesCluster] = (),
) -> pd.DataFrame:
    """The clusters taking part in ``period`` (rows of ``ds.clusters``) with a column
    ``status_in_period`` (``yes``/``unknown``). Clusters named in ``extra`` are kept
    even when out of the period: a what-if is an explicit request."""
    cl = ds.clusters
    if cl.empty:
        out = cl.copy()
        out["status_in_period"] = pd.Series(dtype=object)
        return out
    status = np.array([cluster_status(row, period) for row in cl.to_dict("records")], dtype=object)
    keep = status == "yes"
    if include_unknown_status:
        keep |= status == "unknown"
    named = {e.cluster_id for e in extra}
    if named:
        keep |= cl["cluster_id"].astype(str).isin(named).to_numpy()
    out = cl.loc[keep].copy()
    out["status_in_period"] = status[keep]
    return out.reset_index(drop=True)


def in_force(df: pd.DataFrame, period: Period) -> np.ndarray:
    """Per row of a table with ``valid_from``/``valid_to`` (a missing column counts as
    empty): is the row in force at some time in ``period`` (:meth:`Period.overlaps`).
    Use ``df[in_force(df, period)]`` for the rows."""

    def text(col: str) -> list[str]:
        if col not in df.columns:
            return [""] * len(df)
        return df[col].fillna("").astype(str).str.strip().tolist()

    return np.array(
        [period.overlaps(f, t) for f, t in zip(text("valid_from"), text("valid_to"), strict=True)], dtype=bool
    )


@dataclass
class View:
    """The rows of each table that a selection keeps."""

    selection: Selection
    clusters: pd.DataFrame
    hubs: pd.DataFrame
    sites: pd.DataFrame  # all selected sites, with or without coordinates
    ties: pd.DataFrame
    secondments: pd.DataFrame
    hub_area_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def placed_sites(self) -> pd.DataFrame:
        return self.sites[self.sites["latitude"].notna() & self.sites["longitude"].notna()]

    @property
    def unplaced_sites(self) -> pd.DataFrame:
        return self.sites[self.sites["latitude"].isna() | self.sites["longitude"].isna()]

    def counts(self) -> dict[str, int]:
        coloc_sites = self.sites[self.sites["kind"] == "co_location"]
        return {
            "hubs": len(self.hubs),
            "clusters": int(self.clusters["cluster_id"].nunique()),
            "sites": len(self.sites),
            "co_locations": len(coloc_sites),
            "seconded_persons": int(self.secondments["persons"].fillna(0).sum()),
        }


def head_offices(hubs: pd.DataFrame | None) -> dict[str, str]:
    """Every hub or branch id (rows of ``Dataset.hubs``) → the head office whose area it
    belongs to: its ``parent_hub_id``, or the hub itself for a head office."""
    if hubs is None or hubs.empty:
        return {}
    ids = hubs["hub_id"].fillna("").astype(str).str.strip()
    if "parent_hub_id" in hubs.columns:
        parents = hubs["parent_hub_id"].fillna("").astype(str).str.strip()
    else:
        parents = pd.Series([""] * len(hubs), index=hubs.index)
    return {h: (p or h) for h, p in zip(ids, parents, strict=True)}


def hub_family(hubs: pd.DataFrame | None, hub_id: str) -> list[str]:
    """A head office and its branches (ids in the order of ``hubs``, ``Dataset.hubs``)."""
    return [h for h, head in head_offices(hubs).items() if h == hub_id or head == hub_id]


def select(ds: Dataset, sel: Selection) -> View:
    """Apply a selection to a dataset."""
    clusters = clusters_in_period(ds, sel.period, include_unknown_status=sel.include_unknown_status).drop(
        columns="status_in_period"
    )
    if sel.clusters:
        clusters = clusters[clusters["cluster_id"].isin(sel.clusters)]
    if sel.areas:
        clusters = clusters[clusters["area"].isin(sel.areas)]
    ids = set(clusters["cluster_id"])

    sites = ds.sites[in_force(ds.sites, sel.period)]
    sites = sites[sites["cluster_id"].isin(ids)]
    ties = ds.ties[in_force(ds.ties, sel.period)]
    ties = ties[ties["cluster_id"].isin(ids)]
    secondments = ds.secondments[in_force(ds.secondments, sel.period)]
    secondments = secondments[secondments["cluster_id"].isin(ids)]
    hubs = ds.hubs

    area_codes: frozenset[str] = frozenset()
    if sel.hub_id:
        family = hub_family(ds.hubs, sel.hub_id)
        area_codes = frozenset(ds.hub_areas.loc[ds.hub_areas["hub_id"] == sel.hub_id, "kommunekode"])
        hubs = hubs[hubs["hub_id"].isin(family)]
        sites = sites[sites["kommunekode"].isin(area_codes) | sites["hub_id"].isin(family)]
        ties = ties[ties["hub_id"].isin(family)]
        secondments = secondments[secondments["hub_id"].isin(family)]
    return View(sel, clusters, hubs, sites, ties, secondments, area_codes)


def distinct_areas(ds: Dataset) -> list[str]:
    return sorted(a for a in ds.clusters["area"].unique() if a)


def cluster_labels(ds: Dataset) -> dict[str, str]:
    """cluster_id → the label of a cluster in lists, legends and tables: its short name,
    else its name, else its id. The one place a cluster's label is decided."""
    out: dict[str, str] = {}
    for cid, short, name in zip(
        ds.clusters["cluster_id"], ds.clusters["short_name"], ds.clusters["name"], strict=True
    ):
        out[str(cid)] = str(short or name or cid)
    return out


def hub_labels(ds: Dataset, *, head_offices_only: bool = False) -> dict[str, str]:
    """hub_id → the hub's name (else its id), in the data's order; with
    ``head_offices_only`` the six erhvervshuse without their branches."""
    hubs = ds.hubs[ds.hubs["kind"] == "head_office"] if head_offices_only else ds.hubs
    return {str(h): str(n or h) for h, n in zip(hubs["hub_id"], hubs["name"], strict=True)}
