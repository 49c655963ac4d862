"""What counts as presence: sites, secondments, co-location ties, periods, what-ifs."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from klyngekort.core.periods import period_for
from klyngekort.core.presence import (
    PRESENCE_COLUMNS,
    ExtraPresence,
    presences,
    project_lonlat,
    ties_only,
    unlocated_sites,
)
from klyngekort.core.selection import cluster_status, clusters_in_period
from klyngekort.geo.locate import locate_presences
from klyngekort.present.wording import message_text
from tests._coverage_factories import grid_municipalities, lonlat_of, make_dataset

P2124 = period_for("2021-2024")
P2528 = period_for("2025-2028")

X0, Y0 = 560_000.0, 6_200_000.0  # an EPSG:25832 point in Jutland


def at(dx_km: float, dy_km: float = 0.0) -> dict:
    lon, lat = lonlat_of(X0 + dx_km * 1000, Y0 + dy_km * 1000)
    return {"latitude": lat, "longitude": lon}


def _dataset():
    hubs = [
        dict(hub_id="HA", name="Hus A", kind="head_office", town="Aby", kommunekode="0101", **at(0)),
        dict(
            hub_id="HA_BR",
            name="Hus A filial",
            kind="branch",
            parent_hub_id="HA",
            town="Bby",
            kommunekode="0219",
            **at(50),
        ),
        dict(hub_id="HB", name="Hus B", kind="head_office", town="Cby", kommunekode="0751", **at(0, 100)),
    ]
    clusters = [
        dict(cluster_id="A", name="Alpha Cluster", short_name="Alpha"),
        dict(
            cluster_id="MARL",
            name="Marlog",
            status_2021_2024="ceased",
            ceased="2022-04",
            period_2025_2028="no",
        ),
        dict(cluster_id="U", name="Unknown later", period_2025_2028="unknown"),
        dict(cluster_id="N", name="Not funded later", period_2025_2028="no"),
    ]
    sites = [
        dict(
            site_id="A-HQ",
            cluster_id="A",
            kind="headquarters",
            town="Aby",
            kommunekode="0101",
            valid_from="2021",
            **at(10),
        ),
        dict(site_id="A-NOCOORD", cluster_id="A", kind="local_office", town="", valid_from="2021"),
        dict(
            site_id="A-LATE",
            cluster_id="A",
            kind="local_office",
            town="Late",
            kommunekode="0101",
            valid_from="2026-02",
            **at(20),
        ),
        dict(
            site_id="A-ENDED",
            cluster_id="A",
            kind="representation",
            town="Ended",
            kommunekode="0101",
            valid_from="2021",
            valid_to="2022",
            **at(30),
        ),
        dict(
            site_id="A-COLOC", cluster_id="A", kind="co_location", hub_id="HA_BR", valid_from="2021", **at(50)
        ),
        dict(
            site_id="MARL-HQ",
            cluster_id="MARL",
            kind="headquarters",
            town="Mby",
            kommunekode="0101",
            valid_from="2021",
            valid_to="2022",
            **at(40),
        ),
        dict(
            site_id="U-HQ", cluster_id="U", kind="headquarters", town="Uby", kommunekode="0751", **at(0, 90)
        ),
        dict(
            site_id="N-HQ", cluster_id="N", kind="headquarters", town="Nby", kommunekode="0751", **at(0, 80)
        ),
    ]
    secondments = [
        dict(secondment_id="S1", cluster_id="A", hub_id="HB", persons=2, valid_from="2023"),
        dict(
            secondment_id="S2", cluster_id="U", hub_id="HA", persons=1, valid_from="2021", valid_to="2021-12"
        ),
    ]
    ties = [
        dict(tie_id="T1", hub_id="HB", cluster_id="U", kind="cooperation_agreement", valid_from="2021"),
        dict(tie_id="T2", hub_id="HB", cluster_id="A", kind="cooperation_agreement", valid_from="2021"),
        dict(
            tie_id="T3", hub_id="HA", cluster_id="N", kind="co_location", co_location="yes", valid_from="2021"
        ),
        dict(tie_id="T4", hub_id="HA_BR", cluster_id="A", kind="co_location", co_location="yes"),
        dict(
            tie_id="T5",
            hub_id="HA",
            cluster_id="U",
            kind="cooperation_agreement",
            valid_from="2019",
            valid_to="2020",
        ),
        dict(
            tie_id="T6",
            hub_id="HA_BR",
            cluster_id="U",
            kind="administrative_cooperation",
            admin_cooperation="yes",
            joint_events="yes",
        ),
    ]
    return make_dataset(hubs=hubs, clusters=clusters, sites=sites, secondments=secondments, ties=ties)


@pytest.fixture(scope="module")
def ds():
    return _dataset()


def test_columns_and_one_row_per_physical_presence_2021_2024(ds):
    p = presences(ds, P2124)
    assert tuple(p.columns) == PRESENCE_COLUMNS
    assert set(p["presence_id"]) == {
        "A-HQ",
        "A-ENDED",
        "A-COLOC",
        "MARL-HQ",
        "U-HQ",
        "N-HQ",
        "S1",
        "S2",
        "T3",
    }
    # A-NOCOORD has no coordinates, A-LATE starts in 2026, T4 is backed by A-COLOC at HA_BR.
    assert p["presence_id"].is_unique
    by = p.set_index("presence_id")
    assert by.loc["A-HQ", "source"] == "site" and by.loc["A-HQ", "kind"] == "headquarters"
    assert by.loc["S1", "source"] == "secondment" and by.loc["S1", "kind"] == "secondment"
    assert by.loc["T3", "source"] == "tie" and by.loc["T3", "kind"] == "co_location"
    assert math.isnan(by.loc["A-HQ", "persons"])
    assert by.loc["S1", "persons"] == 2.0


def test_site_coordinates_are_projected_to_25832_metres(ds):
    p = presences(ds, P2124).set_index("presence_id")
    assert p.loc["A-HQ", "x"] == pytest.approx(X0 + 10_000, abs=0.01)
    assert p.loc["A-HQ", "y"] == pytest.approx(Y0, abs=0.01)
    assert p.loc["N-HQ", "y"] == pytest.approx(Y0 + 80_000, abs=0.01)


def test_secondment_and_co_location_tie_sit_at_the_hub(ds):
    p = presences(ds, P2124).set_index("presence_id")
    # S1: seconded staff of A at HB (0, 100 km).
    assert (p.loc["S1", "x"], p.loc["S1", "y"]) == (
        pytest.approx(X0, abs=0.01),
        pytest.approx(Y0 + 100_000, abs=0.01),
    )
    assert (
        p.loc["S1", "hub_id"] == "HB"
        and p.loc["S1", "kommunekode"] == "0751"
        and p.loc["S1", "town"] == "Cby"
    )
    # T3: co-location tie of N at HA, with no site there.
    assert p.loc["T3", "x"] == pytest.approx(X0, abs=0.01)
    assert p.loc["T3", "hub_id"] == "HA" and p.loc["T3", "cluster_id"] == "N"


def test_site_without_code_takes_its_hubs_code_and_town(ds):
    p = presences(ds, P2124).set_index("presence_id")
    assert p.loc["A-COLOC", "kommunekode"] == "0219"
    assert p.loc["A-COLOC", "town"] == "Bby"
    assert p.loc["A-COLOC", "label"] == "Alpha, Bby"


def test_labels_hold_no_words_of_one_language(ds):
    p = presences(ds, P2124).set_index("presence_id")
    assert p.loc["A-HQ", "label"] == "Alpha, Aby"
    assert p.loc["S1", "label"] == "Alpha, Cby (Hus B)"
    sites = ds.sites.copy()
    sites.loc[sites["site_id"] == "A-HQ", "town"] = ""  # located, town unknown, no hub
    q = presences(dataclasses.replace(ds, sites=sites), P2124).set_index("presence_id")
    assert q.loc["A-HQ", "town"] == "" and q.loc["A-HQ", "label"] == "Alpha"


def test_site_without_coordinates_is_listed_not_present(ds):
    u = unlocated_sites(ds, P2124)
    assert list(u["site_id"]) == ["A-NOCOORD"]
    assert "A-NOCOORD" not in set(presences(ds, P2124)["presence_id"])


def test_period_filtering_2025_2028(ds):
    p = presences(ds, P2528)
    ids = set(p["presence_id"])
    # MARL ceased 2022-04 (and is not funded): gone. N is not funded 2025-2028: gone, with its tie.
    assert not ids & {"MARL-HQ", "N-HQ", "T3"}
    # Sites by their own dates: A-LATE starts in 2026, A-ENDED ended in 2022; S2 ended 2021.
    assert "A-LATE" in ids and "A-ENDED" not in ids and "S2" not in ids
    # U is "unknown" for 2025-2028: in by default, out when unknown status is excluded.
    assert "U-HQ" in ids
    strict = set(presences(ds, P2528, include_unknown_status=False)["presence_id"])
    assert "U-HQ" not in strict
    assert {"A-HQ", "A-LATE", "A-COLOC", "S1"} <= strict


def test_in_force_is_the_one_period_rule():
    import pandas as pd

    from klyngekort.core.selection import in_force

    df = pd.DataFrame(
        {
            "valid_from": ["2021", "", "2026-02", "2019", None, "not a date"],
            "valid_to": ["", "", "", "2020-12-31", "2021-01", ""],
        }
    )
    assert in_force(df, P2124).tolist() == [True, True, False, False, True, True]
    assert in_force(df, P2528).tolist() == [True, True, True, False, False, True]
    assert in_force(df[["valid_from"]], P2528).tolist() == [True] * 6  # no valid_to: open-ended
    assert in_force(df.iloc[:0], P2124).tolist() == []


def test_single_day_after_ceasing(ds):
    ids = set(presences(ds, period_for("2023-06-01"))["presence_id"])
    assert "MARL-HQ" not in ids
    ids = set(presences(ds, period_for("2022-03-01"))["presence_id"])
    assert "MARL-HQ" in ids


@pytest.mark.parametrize(
    ("row", "period", "expected"),
    [
        ({"period_2021_2024": "yes", "period_2025_2028": "no"}, "2021-2024", "yes"),
        ({"period_2021_2024": "yes", "period_2025_2028": "no"}, "2025-2028", "no"),
        ({"period_2021_2024": "yes", "period_2025_2028": "unknown"}, "2025-2028", "unknown"),
        ({"period_2021_2024": "yes", "period_2025_2028": "yes", "ceased": "2022"}, "2025-2028", "no"),
        ({"period_2021_2024": "yes", "period_2025_2028": "yes", "ceased": "2022"}, "2021-2024", "yes"),
        (
            {"period_2021_2024": "yes", "period_2025_2028": "yes", "status_2021_2024": "ceased"},
            "2025-2028",
            "no",
        ),
        ({"period_2021_2024": "unknown", "period_2025_2028": "no"}, "2021-2024", "unknown"),
        ({"period_2021_2024": "yes", "period_2025_2028": "yes"}, "2019-06-01", "no"),
    ],
)
def test_cluster_status(row, period, expected):
    assert cluster_status(row, period_for(period)) == expected


def test_ties_only_are_ties_without_physical_presence(ds):
    t = ties_only(ds, P2124)
    # T1: U has nothing at HB. T2 backed by A's secondment at HB. T3/T4 state co-location.
    # T5 ended 2020. T6 is an administrative tie at a branch: counted against its head office.
    assert list(t["tie_id"]) == ["T1", "T6"]
    assert dict(zip(t["tie_id"], t["area_hub_id"], strict=False)) == {"T1": "HB", "T6": "HA"}
    assert set(ties_only(ds, P2124, extra=[ExtraPresence("U", "HB")])["tie_id"]) == {"T6"}


def test_ties_only_never_become_presences(ds):
    p = presences(ds, P2124)
    assert not set(p["presence_id"]) & {"T1", "T2", "T5", "T6"}


def test_added_site_is_a_presence_at_the_hub(ds):
    p = presences(ds, P2124, extra=[ExtraPresence.parse("U@HA_BR")])
    row = p[p["source"] == "added"]
    assert len(row) == 1
    r = row.iloc[0]
    assert (r.cluster_id, r.hub_id, r.kommunekode, r.presence_id) == ("U", "HA_BR", "0219", "added:U@HA_BR")
    assert r.x == pytest.approx(X0 + 50_000, abs=0.01)


def test_added_site_keeps_a_cluster_out_of_period(ds):
    # N is not funded for 2025-2028, but a planner's what-if is explicit.
    extra = [ExtraPresence("N", "HB")]
    assert "N" in set(clusters_in_period(ds, P2528, extra=extra)["cluster_id"])
    assert "N" in set(presences(ds, P2528, extra=extra)["cluster_id"])
    assert "N" not in set(clusters_in_period(ds, P2528)["cluster_id"])


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (ExtraPresence("NOPE", "HA"), "add_site.unknown_cluster", "unknown cluster id 'NOPE'"),
        (
            ExtraPresence("A", "XX"),
            "add_site.unknown_site",
            "unknown site id 'XX': give the id of a hub or branch",
        ),
    ],
)
def test_added_site_with_unknown_ids_is_a_clear_error(ds, extra, code, message):
    with pytest.raises(ValueError, match=code) as err:
        presences(ds, P2124, extra=[extra])
    assert message in message_text(err.value, "en")


@pytest.mark.parametrize("text", ["A", "A@", "@HA", "A@B@C", ""])
def test_parse_bad_add_site(text):
    with pytest.raises(ValueError, match=r"add_site\.bad_format") as err:
        ExtraPresence.parse(text)
    assert "expected CLUSTER_ID@SITE_ID" in message_text(err.value, "en")
    assert "forventede KLYNGE_ID@STED_ID" in message_text(err.value, "da")


def test_parse_add_site():
    assert ExtraPresence.parse(" ECD@EHSJ_VOR ") == ExtraPresence("ECD", "EHSJ_VOR")


def test_project_lonlat_keeps_nan():
    x, y = project_lonlat(np.array([10.0, np.nan]), np.array([56.0, 56.0]))
    assert np.isfinite(x[0]) and np.isnan(x[1]) and np.isnan(y[1])


def test_numpy_projection_agrees_with_proj_to_a_micrometre():
    """The core's own transverse Mercator (no PROJ) against PROJ, over Denmark and well
    beyond it: 2-20 degrees E (zone 32 is 6-12), 50-62 degrees N."""
    from pyproj import Transformer

    lon, lat = np.meshgrid(np.linspace(2.0, 20.0, 73), np.linspace(50.0, 62.0, 49))
    x, y = project_lonlat(lon.ravel(), lat.ravel())
    px, py = Transformer.from_crs(4326, 25832, always_xy=True).transform(lon.ravel(), lat.ravel())
    assert np.abs(x - px).max() < 1e-6 and np.abs(y - py).max() < 1e-6
    # Known point: the false origin of the zone's central meridian at the equator.
    ox, oy = project_lonlat(np.array([9.0]), np.array([0.0]))
    assert ox[0] == pytest.approx(500_000.0, abs=1e-6) and oy[0] == pytest.approx(0.0, abs=1e-6)


def test_locate_presences_fills_code_from_polygon():
    from klyngekort.core.presence import presence_frame

    munis = grid_municipalities()
    p = presence_frame(
        [
            dict(presence_id="a", cluster_id="C", x=515_000, y=6_215_000),  # centre cell 0005
            dict(presence_id="b", cluster_id="C", x=0, y=0),  # nowhere
            dict(presence_id="c", cluster_id="C", kommunekode="0001", x=515_000, y=6_215_000),
        ]
    )
    out = locate_presences(p, munis)
    assert list(out["kommunekode"]) == ["0005", "", "0001"]


# --------------------------------------------------------------------------- public data


def test_public_data_presences(public_dataset):
    ds = public_dataset
    p = presences(ds, P2124)
    assert len(p) > 0 and p["presence_id"].is_unique
    # Every presence lies in Denmark (EPSG:25832 bounds of the country) and in a known municipality.
    assert p["x"].between(440_000, 900_000).all() and p["y"].between(6_040_000, 6_410_000).all()
    codes = set(ds.hub_areas["kommunekode"])
    assert set(p["kommunekode"]) <= codes
    # MARLOG ceased in 2022: present in 2021-2024, gone in 2025-2028.
    assert "MARLOG" in set(p["cluster_id"])
    assert "MARLOG" not in set(presences(ds, P2528)["cluster_id"])
    # A tie that states co-location is never both a tie-only and a presence.
    t = ties_only(ds, P2124)
    assert not set(zip(t["cluster_id"], t["hub_id"], strict=False)) & set(
        zip(p["cluster_id"], p["hub_id"], strict=False)
    )
    located = set(p.loc[p["source"] == "site", "presence_id"])
    unlocated = set(unlocated_sites(ds, P2124)["site_id"])
    assert not located & unlocated


def test_one_label_builder_for_clusters_and_hubs(public_dataset):
    from klyngekort.core.selection import cluster_labels, hub_labels

    ds = public_dataset
    labels = cluster_labels(ds)
    assert set(labels) == set(ds.clusters["cluster_id"])
    for r in ds.clusters.itertuples():
        assert labels[r.cluster_id] == (r.short_name or r.name or r.cluster_id)
    heads = hub_labels(ds, head_offices_only=True)
    assert len(heads) == 6 and set(heads) < set(hub_labels(ds))
    assert all(ds.hubs.set_index("hub_id").at[h, "kind"] == "head_office" for h in heads)
