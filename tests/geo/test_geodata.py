"""Tests for klyngekort.geo and klyngekort.geo.topojson against the real DAGI files.

The real files are found under ``config.geodata_dir()`` (``$KLYNGEKORT_GEODATA``,
default ``../shared/geodata``); their expected figures come from its SOURCES.md.
Every cache in these tests lives in ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon

from klyngekort.core import config
from klyngekort.geo import cache as G
from klyngekort.geo import derive as G_derive
from klyngekort.geo import read as G_read
from klyngekort.geo.topojson import (
    TopoJSONError,
    decode_topology,
    polygon_count,
    read_topojson,
)
from klyngekort.present.wording import message_text
from tests.conftest import missing


def da(err: G_read.GeodataError) -> str:
    return message_text(err.message, "da")


def en(err: G_read.GeodataError) -> str:
    return message_text(err.message, "en")


GEODATA = config.geodata_dir()
if not GEODATA.is_dir():  # pragma: no cover - the shared geodata is part of the dev/CI setup
    missing(f"the DAGI geodata folder {GEODATA}", "set KLYNGEKORT_GEODATA", module=True)


def _one(name: str) -> Path:
    found = sorted(GEODATA.rglob(name))
    assert found, f"{name} not found under {GEODATA}"
    return found[0]


DAWA = _one("municipalities.geojson")  # beatajoko-data_viz_vol2, DAWA /kommuner 2021
NEO = _one("kommuner.geojson")  # neogeografen-dagi, DAGI 1:500.000 2014
SOGNE = _one("sogne.topojson")

REGION_COUNTS = {"1081": 11, "1082": 19, "1083": 22, "1084": 30, "1085": 17}  # SOURCES.md, incl. 0411 in 1084


@pytest.fixture(scope="module")
def dawa() -> gpd.GeoDataFrame:
    return G_read.read_municipalities(DAWA)


@pytest.fixture(scope="module")
def neo() -> gpd.GeoDataFrame:
    return G_read.read_municipalities(NEO)


@pytest.fixture(scope="module")
def dawa_display(dawa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return G_derive.display_layer(dawa)


def _hub_mapping(munis: gpd.GeoDataFrame) -> dict[str, str]:
    """Regions as stand-in hubs (real structure: 98 municipalities, 5 groups, 0411 left out)."""
    inside = munis[~munis["outside_division"]]
    return dict(zip(inside["kommunekode"], "R" + inside["region_code"], strict=True))


# --------------------------------------------------------------------------- finding


def test_folder_search_prefers_the_dawa_file():
    assert G_read.find_municipality_file(GEODATA) == DAWA
    assert G_read.find_municipality_file() == G_read.find_municipality_file(config.geodata_dir())
    assert G_read.find_municipality_file(NEO) == NEO  # a file is used as given
    assert G_read.find_parish_file(GEODATA) == SOGNE


def test_folder_search_order_and_case(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "Kommuner.GeoJSON").write_text("{}")
    (tmp_path / "a" / "kommuner.shp").write_text("")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "municipalities.geojson").write_text("{}")
    assert G_read.find_municipality_file(tmp_path) == tmp_path / "a" / "b" / "Kommuner.GeoJSON"
    (tmp_path / "municipalities.geojson").write_text("{}")
    assert G_read.find_municipality_file(tmp_path) == tmp_path / "municipalities.geojson"


# --------------------------------------------------------------------------- both real flavours


@pytest.mark.parametrize(
    ("flavour", "total_km2", "without_0411_km2"),
    [("dawa", 43_044.6, None), ("neo", 43_035.2, 43_034.8)],
)
def test_real_municipalities(request, flavour, total_km2, without_0411_km2):
    m: gpd.GeoDataFrame = request.getfixturevalue(flavour)
    assert tuple(m.columns) == G_read.MUNICIPALITY_COLUMNS
    assert m.crs.to_epsg() == 25832
    assert isinstance(m.index, pd.RangeIndex) and m.index.start == 0
    assert len(m) == 99
    assert m["kommunekode"].is_unique and m["kommunekode"].is_monotonic_increasing
    assert m["kommunekode"].str.fullmatch(r"\d{4}").all()
    assert m["kommunekode"].map(type).eq(str).all()
    assert m["outside_division"].dtype == bool
    assert int((~m["outside_division"]).sum()) == 98
    assert m.loc[m["outside_division"], "kommunekode"].tolist() == ["0411"]
    assert m.set_index("kommunekode").loc["0101", "kommune"] == "København"
    assert m.set_index("kommunekode").loc["0411", "kommune"] == "Christiansø"
    assert (m["kommune"] != "").all()
    assert not m.has_z.any() and m.is_valid.all() and not m.is_empty.any()
    assert set(m.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapely.coverage_is_valid(m.geometry.values)
    areas = m.area / 1e6
    assert areas.sum() == pytest.approx(total_km2, abs=0.5)
    if without_0411_km2 is not None:
        assert areas[~m["outside_division"]].sum() == pytest.approx(without_0411_km2, abs=0.5)
    # Labels are metres in EPSG:25832 and lie inside their municipality.
    assert shapely.contains_xy(m.geometry.values, m["label_x"].to_numpy(), m["label_y"].to_numpy()).all()


def test_dawa_attributes(dawa: gpd.GeoDataFrame):
    assert dawa["region_code"].value_counts().to_dict() == REGION_COUNTS
    assert dawa.set_index("kommunekode").loc["0411", "region_code"] == "1084"
    # The visual centre of København from the file (lon/lat) is used as the label point.
    x, y = Transformer.from_crs(4326, 25832, always_xy=True).transform(12.49390875, 55.70409072)
    row = dawa.set_index("kommunekode").loc["0101"]
    assert row["label_x"] == pytest.approx(x, abs=1.0) and row["label_y"] == pytest.approx(y, abs=1.0)


def test_neo_is_dissolved_from_311_parts(neo: gpd.GeoDataFrame):
    assert len(gpd.read_file(NEO)) == 311
    assert int(shapely.get_num_geometries(neo.geometry.values).sum()) == 311
    assert (neo["region_code"] == "").all()  # not in the file: unknown stays empty


def test_flavours_agree(dawa: gpd.GeoDataFrame, neo: gpd.GeoDataFrame):
    assert dawa["kommunekode"].tolist() == neo["kommunekode"].tolist()
    rel = (dawa.area - neo.area).abs() / dawa.area
    assert float(rel.median()) < 0.03  # SOURCES.md: median difference 1.2 %


# --------------------------------------------------------------------------- TopoJSON


def _tiny_topology(quantised: bool = True) -> dict:
    """Two unit squares sharing the edge x=1, as TopoJSON (arc 0 is the shared edge)."""
    if quantised:
        arcs = [
            [[1, 0, -999], [0, 1]],  # (1,0) -> (1,1), dummy third value as in the DAGI files
            [[1, 1], [-1, 0], [0, -1], [1, 0]],  # (1,1) -> (0,1) -> (0,0) -> (1,0)
            [[1, 0], [1, 0], [0, 1], [-1, 0]],  # (1,0) -> (2,0) -> (2,1) -> (1,1)
        ]
        extra = {"transform": {"scale": [0.5, 2.0], "translate": [10.0, 55.0]}}
    else:
        arcs = [
            [[10.5, 55.0, -999], [10.5, 57.0]],
            [[10.5, 57.0], [10.0, 57.0], [10.0, 55.0], [10.5, 55.0]],
            [[10.5, 55.0], [11.0, 55.0], [11.0, 57.0], [10.5, 57.0]],
        ]
        extra = {}
    return {
        "type": "Topology",
        **extra,
        "objects": {
            "kommuner": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"KOMKODE": 101, "KOMNAVN": "Vest"}},
                    {
                        "type": "Polygon",
                        "arcs": [[2, ~0]],
                        "properties": {"KOMKODE": "147", "KOMNAVN": "Øst"},
                    },
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[0, 1]], [[2, ~0]]],
                        "properties": {"KOMKODE": "0151"},
                    },
                    {"type": None, "id": "x", "properties": {"KOMKODE": "0153"}},
                ],
            }
        },
        "arcs": arcs,
    }


@pytest.mark.parametrize("quantised", [True, False])
def test_topojson_decoder_on_a_known_topology(quantised: bool):
    props, geoms, crs = decode_topology(_tiny_topology(quantised))
    assert crs == "EPSG:4326"
    assert [p["KOMKODE"] for p in props] == [101, "147", "0151", "0153"]
    assert props[3]["id"] == "x" and geoms[3] is None
    west, east, both = geoms[:3]
    assert west.equals(shapely.box(10.0, 55.0, 10.5, 57.0))
    assert east.equals(shapely.box(10.5, 55.0, 11.0, 57.0))  # reversed shared arc closes the ring
    assert isinstance(both, MultiPolygon) and len(both.geoms) == 2 and both.area == pytest.approx(2.0)
    assert west.is_valid and east.is_valid and not any(g.has_z for g in geoms[:3])
    assert west.intersection(east).length == pytest.approx(2.0)  # exactly shared edge


def test_topojson_decoder_rejects_bad_input():
    with pytest.raises(TopoJSONError, match="Topology"):
        decode_topology({"type": "FeatureCollection", "features": []})
    bad = _tiny_topology()
    bad["objects"]["kommuner"]["geometries"][0]["arcs"] = [[0, 7]]
    with pytest.raises(TopoJSONError, match="out of range"):
        decode_topology(bad)
    bad = _tiny_topology()
    bad["objects"]["kommuner"]["geometries"][0] = {"type": "Point", "coordinates": [1, 2]}
    with pytest.raises(TopoJSONError, match="Point"):
        decode_topology(bad)
    with pytest.raises(TopoJSONError, match="no object named"):
        decode_topology(_tiny_topology(), "sogne")


def test_topojson_decoder_reads_sogne():
    frame = read_topojson(SOGNE)
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == 2468 and polygon_count(frame.geometry) == 2468
    assert frame["SOGNEKODE"].nunique() == 2148
    assert frame["SOGNENAVN"].nunique() == 1931
    assert frame["FEAT_ID"].is_unique
    minx, miny, maxx, maxy = frame.total_bounds  # SOURCES.md: lon 8.075-15.193, lat 54.559-57.752
    assert 8.0 < minx < 8.1 and 15.1 < maxx < 15.25 and 54.5 < miny < 54.6 and 57.7 < maxy < 57.8
    assert int((~frame.is_valid).sum()) == 64  # quantisation artefacts, fixed by read_parishes


def test_read_parishes():
    p = G_read.read_parishes()
    assert tuple(p.columns) == G_read.PARISH_COLUMNS
    assert p.crs.to_epsg() == 25832 and len(p) == 2468
    assert p["feat_id"].is_unique and p["feat_id"].is_monotonic_increasing
    assert p["sognekode"].str.fullmatch(r"\d{4}").all()
    assert p.is_valid.all() and not p.is_empty.any() and not p.has_z.any()
    assert p.area.sum() / 1e6 == pytest.approx(43_036.0, abs=1.0)
    twins = p[p["sognekode"] == "9179"].to_crs(4326)
    assert sorted(twins["sognenavn"]) == ["Kollerup-Fjerritslev", "Skamstrup-Frydendal"]
    west = twins.set_index("sognenavn").loc["Kollerup-Fjerritslev"].geometry.representative_point()
    assert 9.0 < west.x < 9.6 and 56.9 < west.y < 57.3


def test_municipalities_from_topojson_and_json_topology(tmp_path: Path):
    topo = _tiny_topology()
    topo["objects"]["kommuner"]["geometries"] = topo["objects"]["kommuner"]["geometries"][:2]
    for name in ("kommuner.topojson", "kommuner.json"):
        f = tmp_path / name
        f.write_text(json.dumps(topo), encoding="utf-8")
        m = G_read.read_municipalities(f)
        assert m["kommunekode"].tolist() == ["0101", "0147"]
        assert m["kommune"].tolist() == ["Vest", "Øst"]
        assert m.crs.to_epsg() == 25832 and m.is_valid.all()
        assert m.to_crs(4326).geometry.iloc[0].equals_exact(shapely.box(10.0, 55.0, 10.5, 57.0), 1e-7)
    assert G_read.find_municipality_file(tmp_path) == tmp_path / "kommuner.topojson"


# --------------------------------------------------------------------------- other formats and CRSs


CODES = ["0101", "0147", "0411", "0563", "0825"]  # København (multi), Frederiksberg, Christiansø, Fanø, Læsø


@pytest.fixture(scope="module")
def sample(dawa: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return dawa[dawa["kommunekode"].isin(CODES)].reset_index(drop=True)


def _as_foreign_file(sample: gpd.GeoDataFrame, code_col: str, name_col: str) -> gpd.GeoDataFrame:
    """One row per polygon part, Z = 12.5, integer codes, EPSG:3857."""
    parts = sample[["kommunekode", "kommune", "geometry"]].explode(index_parts=False).reset_index(drop=True)
    parts = parts.set_geometry(parts.geometry.force_3d(12.5)).to_crs(3857)
    return gpd.GeoDataFrame(
        {code_col: parts["kommunekode"].astype(int), name_col: parts["kommune"], "geometry": parts.geometry},
        crs=parts.crs,
    )


def _assert_same_as_sample(m: gpd.GeoDataFrame, sample: gpd.GeoDataFrame):
    assert tuple(m.columns) == G_read.MUNICIPALITY_COLUMNS
    assert m["kommunekode"].tolist() == CODES
    assert m["kommune"].tolist() == sample["kommune"].tolist()
    assert m["outside_division"].tolist() == [False, False, True, False, False]
    assert m.crs.to_epsg() == 25832 and not m.has_z.any() and m.is_valid.all()
    np.testing.assert_allclose(m.area.to_numpy(), sample.area.to_numpy(), rtol=1e-6)
    assert shapely.get_num_geometries(m.geometry.values).tolist() == (
        shapely.get_num_geometries(sample.geometry.values).tolist()
    )
    assert shapely.contains_xy(m.geometry.values, m["label_x"].to_numpy(), m["label_y"].to_numpy()).all()


def test_gpkg_in_another_crs_with_z_multipart_and_integer_codes(tmp_path: Path, sample):
    foreign = _as_foreign_file(sample, "KOMKODE", "KOMNAVN")
    assert len(foreign) > len(sample) and foreign.has_z.all()
    f = tmp_path / "kommuner.gpkg"
    # Two layers: the reader picks the one named after municipalities, not the first.
    foreign.iloc[:1].to_file(f, layer="andet", driver="GPKG")
    foreign.to_file(f, layer="dagi_kommuner", driver="GPKG")
    assert [str(r[0]) for r in pyogrio.list_layers(f)] == ["andet", "dagi_kommuner"]
    assert pyogrio.read_info(f, layer="dagi_kommuner")["fields"].tolist() == ["KOMKODE", "KOMNAVN"]
    m = G_read.read_municipalities(tmp_path)
    _assert_same_as_sample(m, sample)
    assert (m["region_code"] == "").all()
    assert G_read.attribution_for(f) == G_read.ATTRIBUTION_GENERIC


def test_shapefile_with_dawa_names(tmp_path: Path, sample):
    foreign = _as_foreign_file(sample, "kode", "navn")
    f = tmp_path / "shp" / "kommuner.shp"
    f.parent.mkdir()
    foreign.to_file(f, driver="ESRI Shapefile")
    assert pyogrio.read_info(f)["dtypes"][0].startswith("int")
    _assert_same_as_sample(G_read.read_municipalities(tmp_path), sample)
    f.with_suffix(".prj").unlink()
    with pytest.raises(G_read.GeodataError) as err:
        G_read.read_municipalities(f)
    assert re.search(r"koordinatsystem.*\.prj", da(err.value)) and err.value.code == "geo.no_crs"


def test_geojson_with_declared_projected_crs_and_dawa_attributes(tmp_path: Path):
    raw = gpd.read_file(DAWA)
    subset = raw[raw["kode"].isin(CODES)].to_crs(25832)
    f = tmp_path / "municipalities.geojson"
    subset.to_file(f, driver="GeoJSON")
    assert "25832" in f.read_text(encoding="utf-8")[:400]
    m = G_read.read_municipalities(f)
    assert m["kommunekode"].tolist() == CODES
    assert m["region_code"].tolist() == ["1084", "1084", "1084", "1083", "1081"]
    assert m["outside_division"].tolist() == [False, False, True, False, False]
    # Not the stored file any more, but still DAWA: year from its latest geometry change.
    year = pd.to_datetime(subset["geo_ændret"], utc=True).max().year
    assert G_read.attribution_for(f) == (
        f"Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (via DAWA), {year} · CC BY 4.0"
    )


def test_invalid_geometry_is_made_valid(tmp_path: Path):
    bowtie = Polygon([(700_000, 6_170_000), (701_000, 6_171_000), (701_000, 6_170_000), (700_000, 6_171_000)])
    assert not bowtie.is_valid
    frame = gpd.GeoDataFrame(
        {"kode": ["101", "147"], "navn": ["A", "B"]},
        geometry=[bowtie, shapely.box(702_000, 6_170_000, 703_000, 6_171_000)],
        crs=25832,
    )
    f = tmp_path / "k.gpkg"
    frame.to_file(f, driver="GPKG")
    m = G_read.read_municipalities(f)
    assert m.is_valid.all() and set(m.geom_type) <= {"Polygon", "MultiPolygon"}
    assert m.area.tolist() == pytest.approx([500_000.0, 1_000_000.0])


def test_outside_division_flag_from_file(tmp_path: Path):
    f = tmp_path / "k.geojson"
    frame = gpd.GeoDataFrame(
        {"kode": ["0101", "0147"], "navn": ["A", "B"], "udenforkommuneinddeling": ["false", "true"]},
        geometry=[shapely.box(12.5, 55.6, 12.6, 55.7), shapely.box(12.6, 55.6, 12.7, 55.7)],
        crs=4326,
    )
    frame.to_file(f, driver="GeoJSON")
    assert G_read.read_municipalities(f)["outside_division"].tolist() == [False, True]


# --------------------------------------------------------------------------- errors


def test_error_on_missing_folder(tmp_path: Path):
    missing = tmp_path / "ingen-geodata"
    with pytest.raises(G_read.GeodataError) as err:
        G_read.read_municipalities(missing)
    assert da(err.value) == f"Geodata-stien {missing} findes ikke (ledte efter kommunegrænser)."
    assert en(err.value) == f"The geodata path {missing} does not exist (looked for municipal boundaries)."
    assert err.value.path == missing


def test_error_on_folder_without_boundaries(tmp_path: Path, monkeypatch):
    (tmp_path / "README.md").write_text("intet her")
    monkeypatch.setenv(config.ENV_GEODATA, str(tmp_path))
    with pytest.raises(G_read.GeodataError) as err:
        G.load_layers(cache=tmp_path / "cache")
    assert f"Fandt ingen kommunegrænser i mappen {tmp_path}" in da(err.value)
    assert "municipalities.geojson" in da(err.value)
    assert not (tmp_path / "cache").exists()


def test_error_on_file_without_code_column(tmp_path: Path):
    f = tmp_path / "kommuner.geojson"
    gpd.GeoDataFrame({"foo": ["x"]}, geometry=[shapely.box(9, 55, 10, 56)], crs=4326).to_file(f)
    with pytest.raises(G_read.GeodataError) as err:
        G_read.read_municipalities(f)
    assert re.search(r"ingen kolonne med kommunekode.*fandt: foo\)", da(err.value)) and str(f) in da(
        err.value
    )
    assert "found: foo)" in en(err.value)


def test_error_on_bad_codes(tmp_path: Path):
    f = tmp_path / "kommuner.geojson"
    frame = gpd.GeoDataFrame(
        {"KOMKODE": ["0101", "ABC", "12345"]}, geometry=[shapely.box(9, 55, 10, 56)] * 3, crs=4326
    )
    frame.to_file(f)
    with pytest.raises(G_read.GeodataError) as err:
        G_read.read_municipalities(f)
    assert re.search(r"2 af 3 rækker.*'ABC'", da(err.value))
    assert re.search(r"2 of 3 rows.*'ABC'", en(err.value))


@pytest.mark.parametrize("name", ["kommuner.geojson", "kommuner.topojson", "kommuner.gpkg", "kommuner.shp"])
def test_error_on_garbage_bytes(tmp_path: Path, name: str):
    f = tmp_path / name
    f.write_bytes(os.urandom(64) + b"\x00\xff garbage")
    with pytest.raises(G_read.GeodataError) as err:
        G_read.read_municipalities(f)
    assert da(err.value).startswith(f"Kan ikke læse geodatafilen {f}: ")
    assert en(err.value).startswith(f"Cannot read the geodata file {f}: ")


def test_error_on_empty_collection(tmp_path: Path):
    f = tmp_path / "kommuner.geojson"
    f.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(G_read.GeodataError) as err:
        G_read.read_municipalities(f)
    assert da(err.value) == f"Geodatafilen {f} indeholder ingen geometrier."


# --------------------------------------------------------------------------- derived layers


def test_display_layer(dawa: gpd.GeoDataFrame, dawa_display: gpd.GeoDataFrame):
    d = dawa_display
    assert tuple(d.columns) == ("kommunekode", "kommune", "outside_division", "geometry")
    assert d.crs.to_epsg() == 4326
    assert d["kommunekode"].tolist() == dawa["kommunekode"].tolist()
    assert not d.is_empty.any() and d.is_valid.all()
    assert shapely.coverage_is_valid(d.geometry.values)
    # Every island survives (same number of parts), and nothing moves far.
    assert shapely.get_num_geometries(d.geometry.values).tolist() == (
        shapely.get_num_geometries(dawa.geometry.values).tolist()
    )
    rel = (d.to_crs(25832).area - dawa.area).abs() / dawa.area
    assert float(rel.max()) < 0.25 and float(rel.median()) < 0.02
    # 5 decimals.
    xy = shapely.get_coordinates(d.geometry.values)
    assert np.abs(xy * 1e5 - np.round(xy * 1e5)).max() < 1e-6
    n_display = shapely.get_num_coordinates(d.geometry.values)
    n_full = shapely.get_num_coordinates(dawa.geometry.values)
    assert n_display.sum() < 0.5 * n_full.sum()
    # Christiansø touches no other municipality and keeps its full shape; all others are simplified.
    is_0411 = (d["kommunekode"] == "0411").to_numpy()
    assert (n_display[~is_0411] < n_full[~is_0411]).all()
    assert n_display[is_0411] == n_full[is_0411] and rel[is_0411].max() < 0.01


@pytest.mark.parametrize("flavour", ["dawa", "neo"])
def test_display_geojson_size_budget(request, flavour: str):
    m = request.getfixturevalue(flavour)
    d = G_derive.display_layer(m)
    text = G_derive.display_geojson(d)
    assert 150_000 <= len(text.encode("utf-8")) <= 220_000
    parsed = json.loads(text)
    assert len(parsed["features"]) == 99
    assert set(parsed["features"][0]["properties"]) == {"kommunekode", "kommune"}
    assert 150_000 <= len(d[["kommunekode", "kommune", "geometry"]].to_json(drop_id=True).encode()) <= 220_000
    assert shapely.coverage_is_valid(d.geometry.values)


def test_display_layer_keeps_tiny_municipalities(dawa: gpd.GeoDataFrame):
    d = G_derive.display_layer(dawa, tolerance=5_000)  # far too coarse: still nothing may vanish
    assert not d.is_empty.any() and d.is_valid.all()
    assert shapely.coverage_is_valid(d.geometry.values)
    christianso = d.set_index("kommunekode").loc["0411"].geometry
    assert christianso.intersects(shapely.box(15.17, 55.31, 15.2, 55.33))


def test_dissolve_hub_areas(dawa: gpd.GeoDataFrame):
    mapping = _hub_mapping(dawa)
    hubs = G_derive.dissolve_hub_areas(dawa, mapping)
    assert tuple(hubs.columns) == G_read.HUB_COLUMNS
    assert hubs["hub_id"].tolist() == ["R1081", "R1082", "R1083", "R1084", "R1085"]
    assert hubs["n_municipalities"].tolist() == [11, 19, 22, 29, 17]
    assert hubs.crs.to_epsg() == 25832 and hubs.is_valid.all()
    inside = dawa[~dawa["outside_division"]]
    assert hubs.area.sum() == pytest.approx(inside.area.sum(), rel=1e-9)
    assert not hubs.intersects(dawa.set_index("kommunekode").loc["0411"].geometry).any()  # 0411 left out
    # Integer keys are padded; empty hubs are left out.
    small = G_derive.dissolve_hub_areas(dawa, {101: "A", "147": "A", "0151": "", "0153": "B"})
    assert small["hub_id"].tolist() == ["A", "B"] and small["n_municipalities"].tolist() == [2, 1]


def test_display_hub_outlines_follow_the_display_borders(dawa, dawa_display):
    outlines = G_derive.display_hub_outlines(dawa_display, _hub_mapping(dawa))
    assert outlines["n_municipalities"].sum() == 98 and len(outlines) == 5
    assert outlines.crs.to_epsg() == 4326 and outlines.is_valid.all()
    borders = shapely.union_all(dawa_display.boundary.values)
    for outline in outlines.geometry:
        assert borders.covers(outline.boundary)  # exactly on displayed municipality borders
    assert shapely.coverage_is_valid(outlines.geometry.values)


# --------------------------------------------------------------------------- attribution


def test_attribution_for_the_real_files():
    assert G_read.attribution_for(DAWA) == (
        "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (via DAWA), 2021 · CC BY 4.0"
    )
    assert G_read.attribution_for(NEO) == (
        "Indeholder data fra Geodatastyrelsen/SDFI, DAGI 1:500.000, februar 2014 · CC BY 4.0"
    )
    assert G_read.attribution_for(GEODATA) == G_read.attribution_for(DAWA)


# --------------------------------------------------------------------------- cache


def _copy_source(tmp_path: Path, src: Path = DAWA) -> Path:
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    target = folder / src.name
    shutil.copyfile(src, target)
    return target


def test_load_layers_cold_then_warm(tmp_path: Path, dawa: gpd.GeoDataFrame, dawa_display):
    cache = tmp_path / "cache"
    cold = G.load_layers(DAWA, cache)
    files = sorted(cache.iterdir())
    assert [f.name for f in files] == sorted(
        [
            f"display-{cold.source_hash[:16]}-t500-v{G_read.CACHE_VERSION}.parquet",
            f"meta-{cold.source_hash[:16]}-v{G_read.CACHE_VERSION}.json",
            f"municipalities-{cold.source_hash[:16]}-v{G_read.CACHE_VERSION}.parquet",
        ]
    )
    assert cold.source == DAWA and cold.source_hash == G_read.file_sha256(DAWA)
    assert cold.source_hash.startswith("6369f0b74570f6c9")  # SOURCES.md
    assert cold.attribution == G_read.attribution_for(DAWA)
    assert_geodataframe_equal(cold.municipalities, dawa)
    assert_geodataframe_equal(cold.display, dawa_display)

    mtimes = {f: f.stat().st_mtime_ns for f in files}
    warm = G.load_layers(DAWA, cache)
    assert {f: f.stat().st_mtime_ns for f in sorted(cache.iterdir())} == mtimes  # nothing rewritten
    assert_geodataframe_equal(warm.municipalities, dawa)
    assert_geodataframe_equal(warm.display, dawa_display)
    assert warm.attribution == cold.attribution and warm.source_hash == cold.source_hash

    # Proof that the warm path reads the cache: a (valid) edited cache file shows through.
    disp = cache / f"display-{cold.source_hash[:16]}-t500-v{G_read.CACHE_VERSION}.parquet"
    edited = cold.display.assign(kommune=cold.display["kommune"].str.upper())
    edited.to_parquet(disp, index=False)
    assert G.load_layers(DAWA, cache).display.loc[0, "kommune"] == "KØBENHAVN"


def test_cache_is_keyed_by_source_hash(tmp_path: Path):
    cache = tmp_path / "cache"
    src = _copy_source(tmp_path)
    first = G.load_layers(src, cache)
    src.write_bytes(src.read_bytes() + b"\n")  # same content, different bytes
    second = G.load_layers(src, cache)
    assert second.source_hash != first.source_hash
    assert len(list(cache.glob("municipalities-*.parquet"))) == 2
    assert len(list(cache.glob("meta-*.json"))) == 2
    assert_geodataframe_equal(first.municipalities, second.municipalities)
    # A copied known file is still recognised by its hash; the edited one falls back to DAWA-by-attributes.
    assert first.attribution == second.attribution


def test_corrupt_cache_is_rebuilt(tmp_path: Path, neo: gpd.GeoDataFrame):
    cache = tmp_path / "cache"
    first = G.load_layers(NEO, cache)
    munis = next(cache.glob("municipalities-*.parquet"))
    munis.write_bytes(b"PAR1 not really parquet")
    meta = next(cache.glob("meta-*.json"))
    rebuilt = G.load_layers(NEO, cache)
    assert_geodataframe_equal(rebuilt.municipalities, neo)
    assert gpd.read_parquet(munis).shape == (99, 7)  # rewritten as a real file
    meta.write_text("{not json")
    assert G.load_layers(NEO, cache).attribution == first.attribution
    assert json.loads(meta.read_text())["source_hash"] == first.source_hash
    assert not list(cache.glob(".*"))  # no temp files left behind


def test_cache_never_written_into_the_source_folder(tmp_path: Path):
    src = _copy_source(tmp_path, NEO)
    layers = G.load_layers(src.parent, cache=src.parent)
    assert len(layers.municipalities) == 99
    assert sorted(p.name for p in src.parent.iterdir()) == [src.name]
    before = sorted(p.name for p in GEODATA.rglob("*"))
    G.load_layers(GEODATA, cache=GEODATA / "cache")
    assert sorted(p.name for p in GEODATA.rglob("*")) == before


def test_unwritable_cache_is_not_fatal(tmp_path: Path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    layers = G.load_layers(NEO, cache=blocker)
    assert len(layers.display) == 99
