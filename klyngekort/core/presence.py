"""What counts as a cluster's physical presence in a period, and what is only a tie.

The rules of presence:

* A cluster is present at each of its **sites** (headquarters, local offices,
  representations, co-locations in a hub) while the site is in force: the site's
  ``valid_from``/``valid_to`` overlap the period (:meth:`Period.overlaps`; an unknown
  start counts as in force, an empty end is open).
* **Seconded staff** at a hub or branch are a presence at that hub's location.
* A **tie** (hub–cluster agreement) with ``co_location == "yes"`` or
  ``seconded_staff == "yes"`` says the cluster is physically at that hub. When no site
  or secondment row already places the cluster at that hub, the tie itself gives a
  presence at the hub's location (``source == "tie"``). Ties with neither are
  *ties only*: shown, never counted as coverage (:func:`ties_only`).
* A site **without coordinates** is not a presence. It is listed by
  :func:`unlocated_sites` ("location unknown") so that it is not silently lost.
* Only clusters in force in the period take part (:func:`cluster_status`): a cluster
  that ceased before the period starts is out; a cluster not funded for a programme
  period the period falls in (``period_2025_2028 == "no"``) is out; ``unknown`` is in
  only when ``include_unknown_status``.

Coordinates are projected from WGS84 to EPSG:25832 metres once, here, so that the
coverage solver (:mod:`klyngekort.core.coverage`) works on plain arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from klyngekort.core.model import Dataset, MessageValueError
from klyngekort.core.periods import Period
from klyngekort.core.projection import lonlat_to_utm32
from klyngekort.core.selection import cluster_labels, clusters_in_period, head_offices, in_force

#: Columns of the frame returned by :func:`presences`, in order.
PRESENCE_COLUMNS: tuple[str, ...] = (
    "presence_id",
    "cluster_id",
    "source",  # "site" | "secondment" | "tie" | "added"
    "kind",  # site kind, "secondment", "co_location" (tie) or "added"
    "hub_id",  # "" when none
    "kommunekode",  # "" when unknown
    "town",
    "x",  # EPSG:25832 metres
    "y",
    "lat",
    "lon",
    "persons",  # seconded persons, NaN otherwise
    "label",  # "Cluster, town (hub)": words from the data only; an unknown town is left out
)


# The programme flag column for each programme period.


@dataclass(frozen=True)
class ExtraPresence:
    """A what-if presence of ``cluster_id`` at an existing hub or branch ``hub_id``
    (the CLI's ``--add-site CLUSTER_ID@SITE_ID``), for one run only."""

    cluster_id: str
    hub_id: str

    @classmethod
    def parse(cls, text: str) -> ExtraPresence:
        """Parse ``"CLUSTER_ID@HUB_ID"``; raise a :class:`~klyngekort.core.model.MessageValueError`
        (a :class:`ValueError`) that says what is expected."""
        parts = text.strip().split("@")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise MessageValueError("add_site.bad_format", value=text)
        return cls(parts[0].strip(), parts[1].strip())

    def __str__(self) -> str:
        return f"{self.cluster_id}@{self.hub_id}"


# --------------------------------------------------------------------------- helpers


def project_lonlat(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 lon/lat (degrees) to EPSG:25832 x/y (metres); NaN stays NaN
    (:func:`klyngekort.core.projection.lonlat_to_utm32`)."""
    return lonlat_to_utm32(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))


def _text(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series([""] * len(df), index=df.index, dtype=object)
    return df[col].fillna("").astype(str).str.strip()


def _num(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df.columns:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def _label(cluster_name: str, town: str, hub_name: str = "") -> str:
    """``"Alpha, Aarhus (Erhvervshus Midtjylland)"``: the same in every language. An
    unknown town is left out (``"Alpha"``); a display that wants to say "unknown town"
    reads the empty ``town`` column and says it in its own language."""
    text = f"{cluster_name}, {town}" if town else cluster_name
    return f"{text} ({hub_name})" if hub_name else text


def presence_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Build a presence frame from dicts (missing keys get their empty value).

    Useful for synthetic scenarios and tests: give ``x``/``y`` (metres) or
    ``lat``/``lon`` (degrees); the other pair is derived.
    """
    rows = list(rows)
    df = pd.DataFrame(rows, columns=list(PRESENCE_COLUMNS))
    for col in ("presence_id", "cluster_id", "source", "kind", "hub_id", "kommunekode", "town", "label"):
        df[col] = df[col].fillna("").astype(str)
    for col in ("x", "y", "lat", "lon", "persons"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    need_xy = df["x"].isna() & df["lat"].notna() & df["lon"].notna()
    if need_xy.any():
        x, y = project_lonlat(df.loc[need_xy, "lon"].to_numpy(), df.loc[need_xy, "lat"].to_numpy())
        df.loc[need_xy, "x"] = x
        df.loc[need_xy, "y"] = y
    if (df["presence_id"] == "").any():
        ids = [f"P{i}" for i in range(len(df))]
        df["presence_id"] = np.where(df["presence_id"] == "", ids, df["presence_id"])
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- clusters


def _hub_lookup(ds: Dataset) -> pd.DataFrame:
    h = ds.hubs
    out = pd.DataFrame(
        {
            "hub_id": _text(h, "hub_id").to_numpy(),
            "name": _text(h, "name").to_numpy(),
            "town": _text(h, "town").to_numpy(),
            "kommunekode": _text(h, "kommunekode").to_numpy(),
            "lat": _num(h, "latitude"),
            "lon": _num(h, "longitude"),
        }
    )
    return out.set_index("hub_id", drop=False)


def _validate_extra(ds: Dataset, extra: Sequence[ExtraPresence]) -> None:
    clusters = set(_text(ds.clusters, "cluster_id"))
    hubs = set(_text(ds.hubs, "hub_id"))
    for e in extra:
        if e.cluster_id not in clusters:
            raise MessageValueError(
                "add_site.unknown_cluster", value=str(e), cluster=e.cluster_id, known=sorted(clusters)
            )
        if e.hub_id not in hubs:
            raise MessageValueError("add_site.unknown_site", value=str(e), site=e.hub_id, known=sorted(hubs))


# --------------------------------------------------------------------------- presences


def presences(
    ds: Dataset,
    period: Period,
    *,
    include_unknown_status: bool = True,
    extra: Sequence[ExtraPresence] = (),
) -> pd.DataFrame:
    """One row per physical presence of a cluster in ``period`` (columns :data:`PRESENCE_COLUMNS`).

    ``presence_id`` is the ``site_id``, ``secondment_id`` or ``tie_id`` it comes from, or
    ``added:CLUSTER@HUB`` for an ``extra`` what-if. ``x``/``y`` are EPSG:25832 metres,
    from the row's own coordinates for sites and from the hub's for secondments, ties
    and added presences. A site with an empty ``kommunekode`` takes its hub's code when
    it has a hub. Raises :class:`ValueError` for an ``extra`` naming an unknown cluster
    or hub.
    """
    _validate_extra(ds, extra)
    clusters = clusters_in_period(ds, period, include_unknown_status=include_unknown_status, extra=extra)
    active = set(_text(clusters, "cluster_id"))
    names = cluster_labels(ds)
    hubs = _hub_lookup(ds)
    rows: list[dict] = []

    # Sites.
    s = ds.sites
    if not s.empty:
        in_period, located = _site_rules(s, active, period)
        keep = in_period & located
        lat, lon = _num(s, "latitude"), _num(s, "longitude")
        sel = s.loc[keep]
        for rec, la, lo in zip(sel.to_dict("records"), lat[keep], lon[keep], strict=False):
            hub_id = str(rec.get("hub_id", "") or "").strip()
            code = str(rec.get("kommunekode", "") or "").strip()
            if not code and hub_id in hubs.index:
                code = hubs.at[hub_id, "kommunekode"]
            town = str(rec.get("town", "") or "").strip()
            if not town and hub_id in hubs.index:
                town = hubs.at[hub_id, "town"]
            cid = str(rec["cluster_id"]).strip()
            rows.append(
                dict(
                    presence_id=str(rec["site_id"]).strip(),
                    cluster_id=cid,
                    source="site",
                    kind=str(rec.get("kind", "") or "").strip(),
                    hub_id=hub_id,
                    kommunekode=code,
                    town=town,
                    lat=la,
                    lon=lo,
                    persons=np.nan,
                    label=_label(names.get(cid, cid), town),
                )
            )

    backed: set[tuple[str, str]] = {(r["cluster_id"], r["hub_id"]) for r in rows if r["hub_id"]}

    def _at_hub(pid: str, cid: str, hub_id: str, source: str, kind: str, persons: float) -> dict | None:
        if hub_id not in hubs.index:
            return None
        h = hubs.loc[hub_id]
        if not (np.isfinite(h["lat"]) and np.isfinite(h["lon"])):
            return None
        town = h["town"] or h["name"]
        return dict(
            presence_id=pid,
            cluster_id=cid,
            source=source,
            kind=kind,
            hub_id=hub_id,
            kommunekode=h["kommunekode"],
            town=town,
            lat=float(h["lat"]),
            lon=float(h["lon"]),
            persons=persons,
            label=_label(names.get(cid, cid), town, h["name"] or hub_id),
        )

    # Secondments.
    sc = ds.secondments
    if not sc.empty:
        keep = _text(sc, "cluster_id").isin(active).to_numpy() & in_force(sc, period)
        persons = _num(sc, "persons")
        for rec, p in zip(sc.loc[keep].to_dict("records"), persons[keep], strict=False):
            cid, hub_id = str(rec["cluster_id"]).strip(), str(rec["hub_id"]).strip()
            row = _at_hub(
                str(rec["secondment_id"]).strip(), cid, hub_id, "secondment", "secondment", float(p)
            )
            if row is not None:
                rows.append(row)
                backed.add((cid, hub_id))

    # Ties that state co-location or seconded staff, where nothing else places the cluster at the hub.
    t = ds.ties
    if not t.empty:
        physical = (_text(t, "co_location") == "yes") | (_text(t, "seconded_staff") == "yes")
        keep = _text(t, "cluster_id").isin(active).to_numpy() & in_force(t, period) & physical.to_numpy()
        for rec in t.loc[keep].to_dict("records"):
            cid, hub_id = str(rec["cluster_id"]).strip(), str(rec["hub_id"]).strip()
            if (cid, hub_id) in backed:
                continue
            kind = "co_location" if str(rec.get("co_location", "")).strip() == "yes" else "secondment"
            row = _at_hub(str(rec["tie_id"]).strip(), cid, hub_id, "tie", kind, np.nan)
            if row is not None:
                rows.append(row)
                backed.add((cid, hub_id))

    # What-ifs.
    for e in extra:
        row = _at_hub(f"added:{e}", e.cluster_id, e.hub_id, "added", "added", np.nan)
        if row is None:
            raise ValueError(f"--add-site {e}: hub {e.hub_id!r} has no coordinates")
        rows.append(row)

    return presence_frame(rows)


def _site_rules(sites: pd.DataFrame, active: set[str], period: Period) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``sites``: (its cluster is in ``active`` and the row is in force in
    ``period``, the row has coordinates). A site is a presence when both hold."""
    in_period = _text(sites, "cluster_id").isin(active).to_numpy() & in_force(sites, period)
    located = np.isfinite(_num(sites, "latitude")) & np.isfinite(_num(sites, "longitude"))
    return in_period, located


def unlocated_sites(ds: Dataset, period: Period, *, include_unknown_status: bool = True) -> pd.DataFrame:
    """Sites in force in ``period`` (of clusters in the period) that have no coordinates:
    they are not a presence and must be listed as "location unknown"."""
    s = ds.sites
    if s.empty:
        return s.copy()
    clusters = clusters_in_period(ds, period, include_unknown_status=include_unknown_status)
    in_period, located = _site_rules(s, set(_text(clusters, "cluster_id")), period)
    return s.loc[in_period & ~located].reset_index(drop=True)


def sites_not_present(ds: Dataset, period: Period, *, include_unknown_status: bool = True) -> dict[str, str]:
    """``site_id`` → why that site is not a presence in ``period`` (sites that are one are
    left out), by the rules of :func:`presences`: ``"cluster_not_in_period"`` (its cluster
    does not take part in the period), ``"not_in_force"`` (the site's own
    ``valid_from``/``valid_to`` miss the period) or ``"no_coordinates"``."""
    s = ds.sites
    if s.empty:
        return {}
    clusters = clusters_in_period(ds, period, include_unknown_status=include_unknown_status)
    active = set(_text(clusters, "cluster_id"))
    cluster_in = _text(s, "cluster_id").isin(active).to_numpy()
    in_period, located = _site_rules(s, active, period)
    reason = np.where(
        ~cluster_in, "cluster_not_in_period", np.where(~in_period, "not_in_force", "no_coordinates")
    )
    absent = ~(in_period & located)
    return {str(sid): str(why) for sid, why in zip(_text(s, "site_id")[absent], reason[absent], strict=True)}


def ties_only(
    ds: Dataset,
    period: Period,
    *,
    include_unknown_status: bool = True,
    extra: Sequence[ExtraPresence] = (),
    presences_df: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Ties in force in ``period`` that are not a physical presence: shown, not counted.

    A tie is *only* a tie when it has neither ``co_location == "yes"`` nor
    ``seconded_staff == "yes"`` and no site, secondment (or ``extra``) places the
    cluster at that same hub. Columns: ``tie_id, hub_id, cluster_id, kind,
    area_hub_id`` (the head office whose area the hub belongs to: the hub itself or
    its ``parent_hub_id``). Pass ``presences_df`` (the result of :func:`presences` for the
    same arguments) to save computing it again.
    """
    cols = ["tie_id", "hub_id", "cluster_id", "kind", "area_hub_id"]
    t = ds.ties
    if t.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    pres = (
        presences(ds, period, include_unknown_status=include_unknown_status, extra=extra)
        if presences_df is None
        else presences_df
    )
    clusters = clusters_in_period(ds, period, include_unknown_status=include_unknown_status, extra=extra)
    active = set(_text(clusters, "cluster_id"))
    physical = (_text(t, "co_location") == "yes") | (_text(t, "seconded_staff") == "yes")
    keep = _text(t, "cluster_id").isin(active).to_numpy() & in_force(t, period) & ~physical.to_numpy()
    sel = t.loc[keep]
    backed = set(zip(pres["cluster_id"], pres["hub_id"], strict=False))
    area_of = head_offices(ds.hubs)
    out_rows = []
    for rec in sel.to_dict("records"):
        cid, hub_id = str(rec["cluster_id"]).strip(), str(rec["hub_id"]).strip()
        if (cid, hub_id) in backed:
            continue
        out_rows.append(
            dict(
                tie_id=str(rec["tie_id"]).strip(),
                hub_id=hub_id,
                cluster_id=cid,
                kind=str(rec.get("kind", "") or "").strip(),
                area_hub_id=area_of.get(hub_id, hub_id),
            )
        )
    return pd.DataFrame(out_rows, columns=cols)
