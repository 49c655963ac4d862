"""Coverage and gaps: which clusters are present in or near each municipality and hub area.

Data in and solver apart (as in spopt): the *demand* is a frame of points with weights
(:func:`demand_from_municipalities`, :func:`klyngekort.geo.locate.demand_from_parishes`), the *supply* is the
presence frame of :func:`klyngekort.core.presence.presences`, and :func:`compute_coverage`
turns both into matrices and indicator tables in one pass, so a view computes once per
filter change.

Method
------
* **Distance** (default): the straight-line distance in EPSG:25832 from each demand point
  (a municipality's visual centre) to each presence. A municipality is covered by a
  cluster when the cluster's nearest presence is within ``radius_km`` (default 40 km,
  10–150).
* **Travel time**: when ``minutes`` and a :class:`~klyngekort.core.travel.TravelTimes` table
  are given, "within ``minutes``" from the municipality to the presence's municipality
  replaces "within R km". Pairs missing from the table count as not reachable (the
  result's ``notes`` say how many).
* **Hub area** (``mode="hub_area"``): a municipality is covered by a cluster when the
  cluster has a presence somewhere in the municipality's hub area (a presence belongs to
  the area of the municipality it lies in, by ``kommunekode``).

Without travel times, straight-line distance understates the trip to and from the
municipalities in :data:`klyngekort.core.travel.NO_FIXED_LINK`; ``by_municipality`` flags them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from klyngekort.core.model import Dataset, Message
from klyngekort.core.selection import head_offices
from klyngekort.core.travel import NO_FIXED_LINK, TravelTimes

Mode = Literal["distance", "hub_area"]
MODES: tuple[Mode, ...] = ("distance", "hub_area")
RADIUS_MIN_KM = 10.0
RADIUS_MAX_KM = 150.0
DEFAULT_RADIUS_KM = 40.0

#: Hub × cluster states, strongest first.
STATES: tuple[str, ...] = ("present", "within_radius", "tie_only", "absent")

#: Columns of a demand frame.
DEMAND_COLUMNS: tuple[str, ...] = (
    "demand_id",
    "kommunekode",
    "kommune",
    "hub_id",
    "x",
    "y",
    "weight",
    "population",
)


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class CoverageParams:
    """How coverage is decided.

    ``mode``: ``"distance"`` (within ``radius_km``, or within ``minutes`` when a travel-time
    table is given) or ``"hub_area"`` (present somewhere in the municipality's hub area).
    In hub-area mode the radius (or minutes) still decides the hub matrix state
    ``within_radius``.
    """

    mode: Mode = "distance"
    radius_km: float = DEFAULT_RADIUS_KM
    minutes: float | None = None
    travel_times: TravelTimes | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown coverage mode {self.mode!r}: use distance or hub_area")
        r = float(self.radius_km)
        if not (RADIUS_MIN_KM <= r <= RADIUS_MAX_KM):
            raise ValueError(
                f"radius {self.radius_km:g} km is out of range: use {RADIUS_MIN_KM:g}–{RADIUS_MAX_KM:g} km"
            )
        if self.minutes is not None:
            m = float(self.minutes)
            if not (np.isfinite(m) and m > 0):
                raise ValueError(f"minutes {self.minutes!r} must be a number > 0")
            if self.travel_times is None:
                raise ValueError("a limit in minutes needs a travel-time table (--travel-times FILE)")

    @property
    def uses_travel_times(self) -> bool:
        """True when "within T minutes" replaces "within R km"."""
        return self.minutes is not None and self.travel_times is not None

    @property
    def criterion(self) -> str:
        """``"km"``, ``"minutes"`` or ``"hub_area"``: what decides coverage."""
        if self.mode == "hub_area":
            return "hub_area"
        return "minutes" if self.uses_travel_times else "km"


# --------------------------------------------------------------------------- demand


def _as_float_series(m: Mapping[str, float] | pd.Series | None) -> pd.Series:
    if m is None:
        return pd.Series(dtype=float)
    if isinstance(m, pd.Series):
        s = m.copy()
    else:
        s = pd.Series(dict(m), dtype=float)
    s.index = s.index.astype(str)
    return pd.to_numeric(s, errors="coerce").astype(float)


def demand_from_municipalities(
    munis,
    hub_of: Mapping[str, str],
    population: Mapping[str, float] | pd.Series,
    firms: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """The 98 municipalities as demand points (columns :data:`DEMAND_COLUMNS`, plus ``firms``
    when given).

    ``munis`` is :func:`klyngekort.geo.read.read_municipalities` (EPSG:25832); rows with
    ``outside_division`` (Christiansø) are dropped. The point is DAGI's visual centre
    (``label_x``/``label_y``; :mod:`klyngekort.geo` falls back to a representative point of
    the polygon when DAGI has none, so every row has one). ``weight`` is
    the population, or the firm count when ``firms`` is given; an unknown value stays NaN
    and counts as 0 in sums and shares.
    """
    df = munis
    if "outside_division" in df.columns:
        df = df[~df["outside_division"].fillna(False).astype(bool)]
    codes = df["kommunekode"].astype(str).to_numpy()
    x = (
        pd.to_numeric(df["label_x"], errors="coerce").to_numpy(dtype=float, copy=True)
        if "label_x" in df
        else np.full(len(df), np.nan)
    )
    y = (
        pd.to_numeric(df["label_y"], errors="coerce").to_numpy(dtype=float, copy=True)
        if "label_y" in df
        else np.full(len(df), np.nan)
    )
    missing = ~(np.isfinite(x) & np.isfinite(y))
    if missing.any():
        raise ValueError(
            "municipalities without a label point (label_x/label_y): "
            + ", ".join(codes[missing][:10])
            + " (klyngekort.geo.read.read_municipalities always gives one)"
        )
    pop = _as_float_series(population).reindex(codes).to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            "demand_id": codes,
            "kommunekode": codes,
            "kommune": df["kommune"].astype(str).to_numpy() if "kommune" in df else codes,
            "hub_id": [str(hub_of.get(c, "") or "") for c in codes],
            "x": x,
            "y": y,
            "weight": pop,
            "population": pop,
        }
    )
    if firms is not None:
        f = _as_float_series(firms).reindex(codes).to_numpy(dtype=float)
        out["firms"] = f
        out["weight"] = f
    return out.reset_index(drop=True)


def hub_of_municipality(ds: Dataset) -> dict[str, str]:
    """kommunekode → head-office id of its hub area (``ds.hub_areas``)."""
    return dict(
        zip(ds.hub_areas["kommunekode"].astype(str), ds.hub_areas["hub_id"].astype(str), strict=False)
    )


def demand_for(ds: Dataset, munis, year: int | None = None) -> pd.DataFrame:
    """The municipalities as demand points weighted by the population of ``year``
    (default: the latest year in ``ds.population``), in the hub areas of ``ds``.

    The one way the views, the planner and the CLI build their demand:
    :func:`demand_from_municipalities` with ``munis`` (EPSG:25832)."""
    return demand_from_municipalities(munis, hub_of_municipality(ds), ds.population_for(year))


# --------------------------------------------------------------------------- core


def share(part: float | np.ndarray, whole: float | np.ndarray) -> np.ndarray:
    """``part / whole``, element-wise, for a ``part`` that is a sum over a subset of the
    non-negative terms of ``whole``: NaN where ``whole`` is not positive, and never above 1.
    (The two sums are taken in different orders, by ``@`` and ``sum``, so rounding alone
    could give 1.0000000000000002; the clip removes exactly that.) The one way every share
    in coverage, gaps, comparisons and tables is computed."""
    part = np.asarray(part, dtype=float)
    whole = np.asarray(whole, dtype=float)
    ok = whole > 0
    return np.where(ok, np.clip(part / np.where(ok, whole, 1.0), 0.0, 1.0), np.nan)


def distance_matrix(demand: pd.DataFrame, presences: pd.DataFrame) -> np.ndarray:
    """Straight-line km from each demand point to each presence, ``(n_demand, n_presences)``."""
    dx = demand["x"].to_numpy(dtype=float)[:, None] - presences["x"].to_numpy(dtype=float)[None, :]
    dy = demand["y"].to_numpy(dtype=float)[:, None] - presences["y"].to_numpy(dtype=float)[None, :]
    return np.hypot(dx, dy) / 1000.0


def _cluster_ids_names(clusters, presences: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    if clusters is None:
        ids = list(dict.fromkeys(presences["cluster_id"].astype(str)))
        return ids, {c: c for c in ids}
    if isinstance(clusters, pd.DataFrame):
        ids = [str(c) for c in clusters["cluster_id"]]
        names: dict[str, str] = {}
        for col in ("name", "short_name"):  # short_name wins when given
            if col in clusters.columns:
                for cid, n in zip(ids, clusters[col].fillna("").astype(str), strict=False):
                    if n.strip():
                        names[cid] = n.strip()
        ids = list(dict.fromkeys(ids))
        return ids, {c: names.get(c, c) for c in ids}
    ids = list(dict.fromkeys(str(c) for c in clusters))
    return ids, {c: c for c in ids}


def _group_min(values: np.ndarray, group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Column-group minimum: for each row and group, the min over the columns of that
    group and the column index where it is reached (``inf``/-1 for an empty group)."""
    n_rows = values.shape[0]
    mins = np.full((n_rows, n_groups), np.inf)
    arg = np.full((n_rows, n_groups), -1, dtype=np.intp)
    if values.shape[1] == 0 or n_rows == 0:
        return mins, arg
    order = np.argsort(group, kind="stable")
    g_sorted = group[order]
    uniq, starts = np.unique(g_sorted, return_index=True)
    v_sorted = values[:, order]
    gm = np.minimum.reduceat(v_sorted, starts, axis=1)
    counts = np.diff(np.append(starts, len(g_sorted)))
    col_group = np.repeat(np.arange(len(uniq)), counts)
    pos = np.where(v_sorted == gm[:, col_group], np.arange(len(order))[None, :], len(order))
    first = np.minimum.reduceat(pos, starts, axis=1)
    found = first < len(order)
    idx = np.where(found, order[np.minimum(first, len(order) - 1)], -1)
    # A group whose minimum is inf (all unreachable) has no nearest presence.
    idx = np.where(np.isfinite(gm), idx, -1)
    mins[:, uniq] = gm
    arg[:, uniq] = idx
    return mins, arg


@dataclass(eq=False)
class CoverageCore:
    """The matrices behind every indicator (rows: demand, columns: clusters unless noted)."""

    params: CoverageParams
    demand: pd.DataFrame
    presences: pd.DataFrame  # only the presences of ``cluster_ids``, index 0..n-1
    cluster_ids: list[str]
    cluster_names: dict[str, str]
    hub_ids: list[str]  # hub areas, in display order
    hub_names: dict[str, str]
    demand_hub: np.ndarray  # (n_demand,) index into hub_ids, -1 for none
    presence_cluster: np.ndarray  # (n_presences,) index into cluster_ids
    presence_hub: np.ndarray  # (n_presences,) index into hub_ids, -1 for none
    distance_km: np.ndarray  # (n_demand, n_presences)
    travel_minutes: np.ndarray | None  # (n_demand, n_presences), inf = not reachable
    nearest_km: np.ndarray  # inf when the cluster has no presence
    nearest_presence: np.ndarray  # index into presences, nearest by km; -1 when none
    nearest_minutes: np.ndarray | None
    reach: np.ndarray  # bool: within R km (or T minutes with travel times)
    covered: np.ndarray  # bool: covered per the mode
    present_in_area: np.ndarray  # (n_hubs, n_clusters) bool
    weight_name: str = "population"
    notes: list[Message] = field(default_factory=list)
    hubs: pd.DataFrame | None = None  # Dataset.hubs as given, for names and branch → head office


def coverage_core(
    demand: pd.DataFrame,
    presences: pd.DataFrame,
    clusters: pd.DataFrame | Sequence[str] | None,
    params: CoverageParams,
    hubs: pd.DataFrame | None = None,
) -> CoverageCore:
    """Compute the coverage matrices. ``clusters`` fixes the columns (a frame with
    ``cluster_id`` and optionally ``name``/``short_name``, or a list of ids; ``None``: the
    clusters seen in ``presences``); presences of other clusters are ignored."""
    demand = demand.reset_index(drop=True)
    cluster_ids, cluster_names = _cluster_ids_names(clusters, presences)
    cidx = {c: i for i, c in enumerate(cluster_ids)}
    pres = presences[presences["cluster_id"].astype(str).isin(cidx)].reset_index(drop=True)
    pres = pres[pres["x"].notna() & pres["y"].notna()].reset_index(drop=True)
    n_d, n_c = len(demand), len(cluster_ids)

    # Hub areas.
    demand_hubs = demand["hub_id"].fillna("").astype(str).to_numpy()
    present_hubs = [h for h in dict.fromkeys(demand_hubs) if h]
    hub_names: dict[str, str] = {}
    if hubs is not None and not hubs.empty:
        order = [h for h in hubs["hub_id"].astype(str) if h in set(present_hubs)]
        hub_ids = order + [h for h in present_hubs if h not in set(order)]
        hub_names = dict(zip(hubs["hub_id"].astype(str), hubs["name"].fillna("").astype(str), strict=False))
    else:
        hub_ids = sorted(present_hubs)
    hidx = {h: i for i, h in enumerate(hub_ids)}
    demand_hub = np.array([hidx.get(h, -1) for h in demand_hubs], dtype=np.intp)
    code_hub = dict(zip(demand["kommunekode"].astype(str), demand_hubs, strict=False))
    area_of = head_offices(hubs)
    pres_codes = pres["kommunekode"].fillna("").astype(str).tolist()
    pres_hub_ids = pres["hub_id"].fillna("").astype(str).tolist()
    presence_hub = np.array(
        [
            hidx.get(code_hub.get(k, "") or area_of.get(h, ""), -1)
            for k, h in zip(pres_codes, pres_hub_ids, strict=False)
        ],
        dtype=np.intp,
    )
    presence_cluster = np.array([cidx[c] for c in pres["cluster_id"].astype(str)], dtype=np.intp)

    # Distances and reach.
    dist = distance_matrix(demand, pres)
    nearest_km, nearest_presence = _group_min(dist, presence_cluster, n_c)
    notes: list[Message] = []
    travel = None
    nearest_min = None
    if params.travel_times is not None:
        travel = params.travel_times.lookup(demand["kommunekode"].astype(str).tolist(), pres_codes)
        nearest_min, _ = _group_min(travel, presence_cluster, n_c)
        if params.uses_travel_times:
            u_from = sorted(set(demand["kommunekode"].astype(str)))
            u_to = sorted(set(pres_codes))
            m = params.travel_times.lookup(u_from, u_to)
            missing = int((~np.isfinite(m)).sum())
            if missing:
                notes.append(Message("coverage.pairs_missing", {"missing": missing, "pairs": int(m.size)}))
    if params.uses_travel_times:
        assert nearest_min is not None
        reach = nearest_min <= float(params.minutes)  # type: ignore[arg-type]
    else:
        reach = nearest_km <= float(params.radius_km)

    present_in_area = np.zeros((len(hub_ids), n_c), dtype=bool)
    ok = presence_hub >= 0
    present_in_area[presence_hub[ok], presence_cluster[ok]] = True
    if params.mode == "hub_area":
        covered = np.zeros((n_d, n_c), dtype=bool)
        has = demand_hub >= 0
        covered[has] = present_in_area[demand_hub[has]]
    else:
        covered = reach.copy()
    unplaced = int((~ok).sum())
    if unplaced and params.mode == "hub_area":
        notes.append(Message("coverage.presences_without_area", {"n": unplaced}))
    weight_name = "firms" if "firms" in demand.columns else "population"
    return CoverageCore(
        params=params,
        demand=demand,
        presences=pres,
        cluster_ids=cluster_ids,
        cluster_names=cluster_names,
        hub_ids=hub_ids,
        hub_names=hub_names,
        demand_hub=demand_hub,
        presence_cluster=presence_cluster,
        presence_hub=presence_hub,
        distance_km=dist,
        travel_minutes=travel,
        nearest_km=nearest_km,
        nearest_presence=nearest_presence,
        nearest_minutes=nearest_min,
        reach=reach,
        covered=covered,
        present_in_area=present_in_area,
        weight_name=weight_name,
        notes=notes,
        hubs=hubs,
    )


def covered_matrix(
    demand: pd.DataFrame,
    presences: pd.DataFrame,
    params: CoverageParams,
    clusters: pd.DataFrame | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Bool frame ``(n_demand, n_clusters)``: index ``demand_id``, one column per cluster id.
    ``.to_numpy()`` gives the plain matrix."""
    core = coverage_core(demand, presences, clusters, params)
    return pd.DataFrame(
        core.covered, index=core.demand["demand_id"].astype(str).to_numpy(), columns=core.cluster_ids
    )


# --------------------------------------------------------------------------- indicators


def id_names(ids: str | Iterable[str] | None, names: Mapping[str, str]) -> list[str]:
    """The names of an id list: a ``;``-separated string as in the result tables
    (``"ECD;MADE"``) or a sequence of ids. An id without a name stays as it is."""
    items = (ids or "").split(";") if isinstance(ids, str) or ids is None else ids
    return [names.get(i, i) for i in items if i]


def names_text(ids: str | Iterable[str] | None, names: Mapping[str, str]) -> str:
    """``"ECD;MADE"`` → ``"Energy Cluster Denmark, MADE"`` (plain text, not escaped)."""
    return ", ".join(id_names(ids, names))


def _join_ids(mask: np.ndarray, ids: Sequence[str]) -> list[str]:
    arr = np.asarray(ids, dtype=object)
    return [";".join(arr[row]) for row in mask]


def _nan0(a: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(a), a, 0.0)


def _inf_nan(a: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(a), a, np.nan)


def by_municipality(core: CoverageCore) -> pd.DataFrame:
    """One row per demand point (municipality).

    Columns: ``kommunekode, kommune, hub_id, hub_name, population, clusters_present``
    (number of clusters covering it), ``clusters_present_ids``, ``clusters_missing``
    (number), ``missing_clusters`` (ids, ``;``-separated), ``nearest_presence_km`` and
    ``nearest_cluster_id``, ``nearest_presence_id``, ``nearest_presence_label`` (the
    nearest presence of any cluster; NaN/"" when there is none), ``nearest_presence_minutes``
    (with a travel-time table), ``no_fixed_link``. Parish demand adds ``demand_id`` first.
    """
    d = core.demand
    ids = core.cluster_ids
    cov = core.covered
    pres = core.presences
    if core.distance_km.shape[1]:
        j = np.argmin(core.distance_km, axis=1)
        near_km = core.distance_km[np.arange(len(d)), j]
        near_cluster = pres["cluster_id"].astype(str).to_numpy()[j]
        near_id = pres["presence_id"].astype(str).to_numpy()[j]
        near_label = pres["label"].astype(str).to_numpy()[j]
    else:
        near_km = np.full(len(d), np.nan)
        near_cluster = near_id = near_label = np.full(len(d), "", dtype=object)
    out = pd.DataFrame(
        {
            "kommunekode": d["kommunekode"].astype(str).to_numpy(),
            "kommune": d["kommune"].astype(str).to_numpy(),
            "hub_id": d["hub_id"].astype(str).to_numpy(),
            "hub_name": [core.hub_names.get(h, "") for h in d["hub_id"].astype(str)],
            "population": d["population"].to_numpy(dtype=float),
            "clusters_present": cov.sum(axis=1).astype(int),
            "clusters_present_ids": _join_ids(cov, ids),
            "clusters_missing": (~cov).sum(axis=1).astype(int),
            "missing_clusters": _join_ids(~cov, ids),
            "nearest_presence_km": near_km,
            "nearest_cluster_id": near_cluster,
            "nearest_presence_id": near_id,
            "nearest_presence_label": near_label,
        }
    )
    if core.weight_name != "population":
        out.insert(5, core.weight_name, d[core.weight_name].to_numpy(dtype=float))
    if core.travel_minutes is not None:
        tm = core.travel_minutes
        out["nearest_presence_minutes"] = _inf_nan(tm.min(axis=1)) if tm.shape[1] else np.nan
    out["no_fixed_link"] = out["kommunekode"].isin(NO_FIXED_LINK)
    if not (d["demand_id"].astype(str) == d["kommunekode"].astype(str)).all():
        out.insert(0, "demand_id", d["demand_id"].astype(str).to_numpy())
    return out


def by_cluster(core: CoverageCore) -> pd.DataFrame:
    """One row per cluster.

    Columns: ``cluster_id, cluster_name, sites`` (presences counted: sites, secondments and
    co-location ties), ``persons_seconded``, ``population_covered``,
    ``population_covered_share`` (population-weighted share of the demand's known
    population, in [0, 1]; NaN when no population is known), ``municipalities_covered``,
    ``municipalities_uncovered`` and ``municipalities_uncovered_ids`` (``;``-separated).
    With firm counts as weight, ``firms_covered`` and ``firms_covered_share`` follow.
    """
    d = core.demand
    pop = _nan0(d["population"].to_numpy(dtype=float))
    pop_total = pop.sum()
    cov = core.covered
    n_c = len(core.cluster_ids)
    sites = np.bincount(core.presence_cluster, minlength=n_c) if n_c else np.zeros(0, dtype=int)
    persons = core.presences["persons"].to_numpy(dtype=float) if len(core.presences) else np.zeros(0)
    seconded = (
        np.bincount(core.presence_cluster, weights=_nan0(persons), minlength=n_c) if n_c else np.zeros(0)
    )
    pop_cov = pop @ cov if n_c else np.zeros(0)
    codes = np.asarray(d["demand_id"].astype(str).to_numpy(), dtype=object)
    out = pd.DataFrame(
        {
            "cluster_id": core.cluster_ids,
            "cluster_name": [core.cluster_names.get(c, c) for c in core.cluster_ids],
            "sites": sites.astype(int),
            "persons_seconded": seconded,
            "population_covered": pop_cov,
            "population_covered_share": share(pop_cov, pop_total),
            "municipalities_covered": cov.sum(axis=0).astype(int),
            "municipalities_uncovered": (~cov).sum(axis=0).astype(int),
            "municipalities_uncovered_ids": [";".join(codes[~cov[:, k]]) for k in range(n_c)],
        }
    )
    if core.weight_name != "population":
        w = _nan0(d["weight"].to_numpy(dtype=float))
        wc = w @ cov if n_c else np.zeros(0)
        out[f"{core.weight_name}_covered"] = wc
        out[f"{core.weight_name}_covered_share"] = share(wc, w.sum())
    return out


@dataclass(eq=False)
class HubMatrix:
    """The hub × cluster matrix in long and wide form, and a summary per hub area."""

    long: pd.DataFrame
    wide: pd.DataFrame
    summary: pd.DataFrame


def _ties_by_area(ties: pd.DataFrame | None, hubs: pd.DataFrame | None) -> set[tuple[str, str]]:
    if ties is None or ties.empty:
        return set()
    area_of = head_offices(hubs)
    if "area_hub_id" in ties.columns:
        area = ties["area_hub_id"].fillna("").astype(str)
        area = [a or area_of.get(h, h) for a, h in zip(area, ties["hub_id"].astype(str), strict=False)]
    else:
        area = [area_of.get(h, h) for h in ties["hub_id"].astype(str)]
    return set(zip(area, ties["cluster_id"].astype(str), strict=False))


def _hub_onehot(core: CoverageCore) -> np.ndarray:
    n_h = len(core.hub_ids)
    H = np.zeros((n_h, len(core.demand)))
    ok = core.demand_hub >= 0
    H[core.demand_hub[ok], np.flatnonzero(ok)] = 1.0
    return H


def hub_matrix(core: CoverageCore, ties: pd.DataFrame | None = None) -> HubMatrix:
    """Hub area × cluster states.

    For hub area *A* and cluster *c*:

    * ``present``: *c* has a presence (site, secondment, co-location tie, added site) in a
      municipality of *A*;
    * ``within_radius``: not present, but for at least one municipality *m* of *A* the
      nearest presence of *c* is within R km of *m*'s demand point (within T minutes from
      *m* when travel times are used) — whichever the mode;
    * ``tie_only``: neither, but a tie (:func:`klyngekort.core.presence.ties_only`) binds *c* to
      *A*'s head office or one of its branches;
    * ``absent``: none of these.

    ``long`` has one row per pair with ``state, present, within_radius, tie,
    presences_in_area, nearest_km`` (from the area's nearest municipality point to *c*'s
    nearest presence), ``population, population_covered, population_uncovered,
    municipalities, municipalities_covered``. ``wide`` has one row per hub (``hub_id,
    hub_name, municipalities, population`` and one state column per cluster).
    ``summary`` counts the states per hub, with ties and seconded persons.
    """
    tie_set = _ties_by_area(ties, core.hubs)
    n_h, n_c = len(core.hub_ids), len(core.cluster_ids)
    H = _hub_onehot(core)
    pop = _nan0(core.demand["population"].to_numpy(dtype=float))
    area_pop = H @ pop
    area_n = H.sum(axis=1).astype(int)
    cov = core.covered.astype(float)
    # A part of the area's population, summed in another order: clip the rounding (see share()).
    pop_cov = np.minimum(H @ (cov * pop[:, None]), area_pop[:, None])
    n_cov = (H @ cov).astype(int)
    within = (H @ core.reach.astype(float)) > 0
    present = core.present_in_area
    n_pres = np.zeros((n_h, n_c), dtype=int)
    ok = core.presence_hub >= 0
    np.add.at(n_pres, (core.presence_hub[ok], core.presence_cluster[ok]), 1)
    near = np.full((n_h, n_c), np.inf)
    for h in range(n_h):
        rows = core.demand_hub == h
        if rows.any() and n_c:
            near[h] = core.nearest_km[rows].min(axis=0)
    tie = np.array(
        [[(hid, cid) in tie_set for cid in core.cluster_ids] for hid in core.hub_ids], dtype=bool
    ).reshape(n_h, n_c)
    state = np.where(
        present, "present", np.where(within, "within_radius", np.where(tie, "tie_only", "absent"))
    )
    hh = np.repeat(np.arange(n_h), n_c)
    cc = np.tile(np.arange(n_c), n_h)
    hub_ids = np.asarray(core.hub_ids, dtype=object)
    cl_ids = np.asarray(core.cluster_ids, dtype=object)
    long = pd.DataFrame(
        {
            "hub_id": hub_ids[hh],
            "hub_name": [core.hub_names.get(h, "") for h in hub_ids[hh]],
            "cluster_id": cl_ids[cc],
            "cluster_name": [core.cluster_names.get(c, c) for c in cl_ids[cc]],
            "state": state.ravel(),
            "present": present.ravel(),
            "within_radius": within.ravel(),
            "tie": tie.ravel(),
            "presences_in_area": n_pres.ravel(),
            "nearest_km": _inf_nan(near).ravel(),
            "population": area_pop[hh],
            "population_covered": pop_cov.ravel(),
            "population_uncovered": (area_pop[:, None] - pop_cov).ravel(),
            "municipalities": area_n[hh],
            "municipalities_covered": n_cov.ravel(),
        }
    )
    wide = pd.DataFrame(
        {
            "hub_id": core.hub_ids,
            "hub_name": [core.hub_names.get(h, "") for h in core.hub_ids],
            "municipalities": area_n,
            "population": area_pop,
        }
    )
    for k, cid in enumerate(core.cluster_ids):
        wide[cid] = state[:, k] if n_h else []
    persons = _nan0(core.presences["persons"].to_numpy(dtype=float)) if len(core.presences) else np.zeros(0)
    seconded = np.bincount(core.presence_hub[ok], weights=persons[ok], minlength=n_h) if n_h else np.zeros(0)
    n_ties = np.zeros(n_h, dtype=int)
    hidx = {h: i for i, h in enumerate(core.hub_ids)}
    for a, c in tie_set:
        if a in hidx and c in set(core.cluster_ids):
            n_ties[hidx[a]] += 1
    summary = pd.DataFrame(
        {
            "hub_id": core.hub_ids,
            "hub_name": [core.hub_names.get(h, "") for h in core.hub_ids],
            "municipalities": area_n,
            "population": area_pop,
            **{f"clusters_{s}": (state == s).sum(axis=1).astype(int) for s in STATES},
            "ties": n_ties,
            "persons_seconded": seconded,
        }
    )
    return HubMatrix(long=long, wide=wide, summary=summary)


def gap_list(core: CoverageCore, top: int | None = None) -> pd.DataFrame:
    """Hub area × cluster pairs where some municipalities of the area are not covered,
    ranked by the weight not covered (the population, or firms when that is the weight).

    Columns: ``rank, hub_id, hub_name, cluster_id, cluster_name,
    municipalities_uncovered, municipalities_uncovered_ids, population_uncovered,
    population_uncovered_share`` (of the area's population), ``nearest_presence_id,
    nearest_presence_label, nearest_presence_town, nearest_presence_kommunekode,
    nearest_km``: the presence of the cluster nearest to any uncovered municipality of
    the area, and that distance (empty/NaN when the cluster has no presence).
    """
    n_h, n_c = len(core.hub_ids), len(core.cluster_ids)
    pop = _nan0(core.demand["population"].to_numpy(dtype=float))
    w = _nan0(core.demand["weight"].to_numpy(dtype=float))
    unc = ~core.covered
    masked = np.where(unc, core.nearest_km, np.inf)
    codes = np.asarray(core.demand["demand_id"].astype(str).to_numpy(), dtype=object)
    pres = core.presences
    p_id = pres["presence_id"].astype(str).to_numpy()
    p_label = pres["label"].astype(str).to_numpy()
    p_town = pres["town"].astype(str).to_numpy()
    p_code = pres["kommunekode"].astype(str).to_numpy()
    rows_out = []
    for h in range(n_h):
        rows = np.flatnonzero(core.demand_hub == h)
        if not len(rows):
            continue
        area_pop = pop[rows].sum()
        sub_unc = unc[rows]
        sub_pop = pop[rows] @ sub_unc
        sub_w = w[rows] @ sub_unc
        sub_n = sub_unc.sum(axis=0)
        sub_masked = masked[rows]
        best_row = np.argmin(sub_masked, axis=0) if n_c else np.zeros(0, dtype=int)
        for c in np.flatnonzero(sub_n > 0):
            r = rows[best_row[c]]
            km = sub_masked[best_row[c], c]
            pi = core.nearest_presence[r, c] if np.isfinite(km) else -1
            rows_out.append(
                {
                    "hub_id": core.hub_ids[h],
                    "hub_name": core.hub_names.get(core.hub_ids[h], ""),
                    "cluster_id": core.cluster_ids[c],
                    "cluster_name": core.cluster_names.get(core.cluster_ids[c], core.cluster_ids[c]),
                    "municipalities_uncovered": int(sub_n[c]),
                    "municipalities_uncovered_ids": ";".join(codes[rows][sub_unc[:, c]]),
                    "population_uncovered": float(sub_pop[c]),
                    "population_uncovered_share": float(share(sub_pop[c], area_pop)),
                    "_weight": float(sub_w[c]),
                    "nearest_presence_id": p_id[pi] if pi >= 0 else "",
                    "nearest_presence_label": p_label[pi] if pi >= 0 else "",
                    "nearest_presence_town": p_town[pi] if pi >= 0 else "",
                    "nearest_presence_kommunekode": p_code[pi] if pi >= 0 else "",
                    "nearest_km": float(km) if np.isfinite(km) else np.nan,
                }
            )
    cols = [
        "rank",
        "hub_id",
        "hub_name",
        "cluster_id",
        "cluster_name",
        "municipalities_uncovered",
        "municipalities_uncovered_ids",
        "population_uncovered",
        "population_uncovered_share",
        "nearest_presence_id",
        "nearest_presence_label",
        "nearest_presence_town",
        "nearest_presence_kommunekode",
        "nearest_km",
    ]
    if core.weight_name != "population":
        cols.insert(9, f"{core.weight_name}_uncovered")
    if not rows_out:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    out = pd.DataFrame(rows_out)
    out = out.sort_values(
        ["_weight", "municipalities_uncovered", "hub_id", "cluster_id"],
        ascending=[False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    if core.weight_name != "population":
        out[f"{core.weight_name}_uncovered"] = out["_weight"]
    out["rank"] = np.arange(1, len(out) + 1)
    out = out[cols]
    return out.head(top) if top is not None else out


# --------------------------------------------------------------------------- entry point


@dataclass(eq=False)
class CoverageResult:
    """Everything a view or the CLI shows, computed once per filter change."""

    core: CoverageCore
    municipalities: pd.DataFrame  # by_municipality
    clusters: pd.DataFrame  # by_cluster
    hub_matrix: HubMatrix
    gaps: pd.DataFrame  # gap_list

    @property
    def params(self) -> CoverageParams:
        return self.core.params

    @property
    def notes(self) -> list[Message]:
        """Caveats of the computation, as messages (worded by :mod:`klyngekort.present.i18n`)."""
        return self.core.notes

    @property
    def covered(self) -> pd.DataFrame:
        """The covered matrix as a bool frame (index demand_id, columns cluster ids)."""
        c = self.core
        return pd.DataFrame(
            c.covered, index=c.demand["demand_id"].astype(str).to_numpy(), columns=c.cluster_ids
        )


def compute_coverage(
    demand: pd.DataFrame,
    presences: pd.DataFrame,
    clusters: pd.DataFrame | Sequence[str] | None,
    params: CoverageParams,
    ties: pd.DataFrame | None = None,
    hubs: pd.DataFrame | None = None,
) -> CoverageResult:
    """Compute the matrices and every indicator table.

    ``demand``: :func:`demand_from_municipalities`; ``presences``:
    :func:`klyngekort.core.presence.presences`; ``clusters``: the clusters to show (e.g.
    :func:`klyngekort.core.presence.clusters_in_period`); ``ties``:
    :func:`klyngekort.core.presence.ties_only`; ``hubs``: ``Dataset.hubs`` (names, and the
    branch → head-office map for ties and presences without a municipality code).
    """
    core = coverage_core(demand, presences, clusters, params, hubs=hubs)
    return CoverageResult(
        core=core,
        municipalities=by_municipality(core),
        clusters=by_cluster(core),
        hub_matrix=hub_matrix(core, ties),
        gaps=gap_list(core),
    )
