"""Scenarios: the change model, JSON import/export and apply_scenario."""

from __future__ import annotations

import copy
import dataclasses
import json
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klyngekort.core import schema
from klyngekort.core.model import Dataset
from klyngekort.present.wording import message_text
from klyngekort.scenarios.apply import (
    apply_scenario,
    apply_scenario_with_issues,
    describe_change,
)
from klyngekort.scenarios.changes import (
    FORMAT,
    AddCoLocation,
    AddSecondment,
    AddSite,
    AddTie,
    RemoveSite,
    Scenario,
    change_from_dict,
    new_scenario,
)
from klyngekort.scenarios.jsonio import parse_scenario_json, scenario_from_json, scenario_to_json
from klyngekort.scenarios.validate import validate_changes

# --------------------------------------------------------------------------- a small dataset
_NUMERIC = {
    schema.ColumnType.INT,
    schema.ColumnType.FLOAT,
    schema.ColumnType.LATITUDE,
    schema.ColumnType.LONGITUDE,
}


def da(item) -> str:
    """The message of an issue or error, worded in Danish, the default (what the tests read)."""
    return message_text(item, "da")


def frame(table: schema.TableSchema, rows: list[dict]) -> pd.DataFrame:
    data: dict[str, pd.Series] = {}
    for col in table.columns:
        values = [r.get(col.name, math.nan if col.type in _NUMERIC else "") for r in rows]
        if col.type in _NUMERIC:
            data[col.name] = pd.Series(values, dtype="float64")
        else:
            data[col.name] = pd.Series(values, dtype="str")
    data["is_example"] = pd.Series([False] * len(rows), dtype="bool")
    data["_line"] = pd.Series(range(2, len(rows) + 2), dtype="int64")
    return pd.DataFrame(data)


SRC = {"source_url": "https://example.org/kilde", "confidence": "high"}


def small_dataset() -> Dataset:
    hubs = frame(
        schema.HUBS,
        [
            {
                "hub_id": "EHA",
                "name": "Erhvervshus A",
                "kind": "head_office",
                "town": "Aby",
                "address": "Gade 1",
                "kommunekode": "0101",
                "latitude": 55.6,
                "longitude": 12.5,
                "coord_precision": "address",
                **SRC,
            },
            {
                "hub_id": "EHA_B",
                "name": "Filial B",
                "kind": "branch",
                "parent_hub_id": "EHA",
                "town": "Bby",
                "kommunekode": "0147",
                "latitude": 55.7,
                "longitude": 12.4,
                "coord_precision": "town",
                **SRC,
            },
            {
                "hub_id": "EHC",
                "name": "Erhvervshus C",
                "kind": "head_office",
                "town": "Cby",
                "kommunekode": "0751",
                "latitude": 56.15,
                "longitude": 10.2,
                "coord_precision": "town",
                **SRC,
            },
        ],
    )
    hub_areas = frame(
        schema.HUB_AREAS,
        [
            {"kommunekode": "0101", "kommune": "København", "hub_id": "EHA", **SRC},
            {"kommunekode": "0147", "kommune": "Frederiksberg", "hub_id": "EHA", **SRC},
            {"kommunekode": "0751", "kommune": "Aarhus", "hub_id": "EHC", **SRC},
        ],
    )
    clusters = frame(
        schema.CLUSTERS,
        [
            {
                "cluster_id": "K1",
                "name": "Klynge Et",
                "area": "Energi",
                "period_2021_2024": "yes",
                "status_2021_2024": "active",
                "period_2025_2028": "yes",
                **SRC,
            },
            {
                "cluster_id": "K2",
                "name": "Klynge To",
                "area": "Fødevarer",
                "period_2021_2024": "yes",
                "status_2021_2024": "active",
                "period_2025_2028": "unknown",
                **SRC,
            },
            {
                "cluster_id": "OLD",
                "name": "Ophørt klynge",
                "area": "Andet",
                "period_2021_2024": "yes",
                "status_2021_2024": "ceased",
                "ceased": "2023",
                "period_2025_2028": "no",
                **SRC,
            },
        ],
    )
    sites = frame(
        schema.SITES,
        [
            {
                "site_id": "K1-HQ",
                "cluster_id": "K1",
                "kind": "headquarters",
                "town": "Cby",
                "kommunekode": "0751",
                "shared_with_hub": "no",
                "latitude": 56.15,
                "longitude": 10.2,
                "coord_precision": "town",
                **SRC,
            },
            {
                "site_id": "K2-HQ",
                "cluster_id": "K2",
                "kind": "headquarters",
                "town": "Aby",
                "kommunekode": "0101",
                "shared_with_hub": "no",
                "latitude": 55.6,
                "longitude": 12.5,
                "coord_precision": "town",
                **SRC,
            },
            {
                "site_id": "K2-CO",
                "cluster_id": "K2",
                "kind": "co_location",
                "town": "Cby",
                "kommunekode": "0751",
                "hub_id": "EHC",
                "shared_with_hub": "yes",
                "valid_from": "2022-03",
                "latitude": 56.15,
                "longitude": 10.2,
                "coord_precision": "town",
                **SRC,
            },
        ],
    )
    ties = frame(
        schema.TIES,
        [
            {
                "tie_id": "T1",
                "hub_id": "EHC",
                "cluster_id": "K2",
                "kind": "co_location",
                "co_location": "yes",
                "seconded_staff": "unknown",
                "joint_events": "unknown",
                "admin_cooperation": "unknown",
                "valid_from": "2022-03",
                **SRC,
            },
        ],
    )
    secondments = frame(schema.SECONDMENTS, [])
    population = frame(
        schema.POPULATION,
        [
            {"kommunekode": k, "year": 2024.0, "population": p, **SRC}
            for k, p in (("0101", 650000.0), ("0147", 105000.0), ("0751", 365000.0))
        ],
    )
    return Dataset(
        hubs=hubs,
        hub_areas=hub_areas,
        clusters=clusters,
        sites=sites,
        ties=ties,
        secondments=secondments,
        population=population,
    )


ALL_CHANGES = (
    AddCoLocation("K1", "EHA_B", "2025-01"),
    AddSecondment("K1", "EHA", 2, "2025"),
    RemoveSite("K2-CO"),
    AddTie("K1", "EHA", co_location=True, seconded_staff=True, valid_from="2025-02-01"),
    AddSite("K2", "0147", "representation"),
)


def full_scenario() -> Scenario:
    return new_scenario(
        "Østjylland – to nye samlokaliseringer",
        "Åse Ørsted",
        "Hvad sker der, hvis …\nanden linje",
        ALL_CHANGES,
    )


def errors(issues):
    return [i for i in issues if i.severity == "error"]


# --------------------------------------------------------------------------- JSON


def test_json_round_trip_gives_equal_scenario():
    s = full_scenario()
    text = scenario_to_json(s)
    doc = json.loads(text)
    assert doc["format"] == FORMAT and doc["format_version"] == 1
    assert "Østjylland" in text and "\\u" not in text  # UTF-8, not ASCII-escaped
    assert [c["kind"] for c in doc["changes"]] == [
        "add_co_location",
        "add_secondment",
        "remove_site",
        "add_tie",
        "add_site",
    ]
    back, issues = scenario_from_json(text, source_name="s.json", ds=small_dataset())
    assert issues == []
    assert back == s
    assert scenario_to_json(back) == text  # stable output
    # bytes with a BOM are accepted too
    back2, issues2 = scenario_from_json(b"\xef\xbb\xbf" + text.encode("utf-8"), source_name="s.json", ds=None)
    assert back2 == s and issues2 == []


def test_minimal_file_gets_defaults():
    text = json.dumps({"format": FORMAT, "format_version": 1, "name": "Kort", "changes": []})
    s, issues = scenario_from_json(text, source_name="min.json", ds=small_dataset())
    assert issues == [] and s is not None
    assert s.name == "Kort" and s.changes == () and s.version == 1 and not s.read_only
    assert len(s.id) == 32 and s.created_at.endswith("+00:00")


def _doc(**over):
    d = json.loads(scenario_to_json(full_scenario()))
    d.update(over)
    return d


def _with_change(i, **over):
    d = _doc()
    d["changes"][i] = {**d["changes"][i], **over}
    return d


BAD = {
    "not an object": ([1, 2], None, None),
    "missing format": ({k: v for k, v in _doc().items() if k != "format"}, None, "format"),
    "wrong format": (_doc(format="geojson"), None, "format"),
    "newer format version": (_doc(format_version=2), None, "format_version"),
    "format version text": (_doc(format_version="1"), None, "format_version"),
    "missing name": ({k: v for k, v in _doc().items() if k != "name"}, None, "name"),
    "blank name": (_doc(name="   "), None, "name"),
    "name not text": (_doc(name=42), None, "name"),
    "read_only not bool": (_doc(read_only="yes"), None, "read_only"),
    "version zero": (_doc(version=0), None, "version"),
    "missing changes": ({k: v for k, v in _doc().items() if k != "changes"}, None, "changes"),
    "changes not list": (_doc(changes={"kind": "remove_site"}), None, "changes"),
    "change not object": (_doc(changes=["add_site"]), 1, None),
    "unknown kind": (_with_change(0, kind="teleport"), 1, "kind"),
    "missing kind": (_doc(changes=[{"cluster_id": "K1", "hub_id": "EHA"}]), 1, "kind"),
    "missing field": (_doc(changes=[{"kind": "add_co_location", "cluster_id": "K1"}]), 1, "hub_id"),
    "persons text": (_with_change(1, persons="2"), 2, "persons"),
    "persons float": (_with_change(1, persons=2.5), 2, "persons"),
    "persons zero": (_with_change(1, persons=0), 2, "persons"),
    "persons negative": (_with_change(1, persons=-3), 2, "persons"),
    "flag not bool": (_with_change(3, joint_events="yes"), 4, "joint_events"),
    "unknown cluster": (_with_change(0, cluster_id="NOPE"), 1, "cluster_id"),
    "unknown hub": (_with_change(1, hub_id="EHX"), 2, "hub_id"),
    "unknown site": (_with_change(2, site_id="GHOST"), 3, "site_id"),
    "bad date": (_with_change(0, valid_from="2025-13-01"), 1, "valid_from"),
    "date not ISO": (_with_change(3, valid_from="1/2/2025"), 4, "valid_from"),
    "site removed twice": (
        _doc(
            changes=[{"kind": "remove_site", "site_id": "K1-HQ"}, {"kind": "remove_site", "site_id": "K1-HQ"}]
        ),
        2,
        "site_id",
    ),
    "kommunekode as number": (_with_change(4, kommunekode=147), 5, "kommunekode"),
    "unknown kommunekode": (_with_change(4, kommunekode="9999"), 5, "kommunekode"),
    "bad tie kind": (_with_change(3, tie_kind="marriage"), 4, "tie_kind"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenario_files_give_clear_issues(case):
    doc, line, fld = BAD[case]
    s, issues = parse_scenario_json(
        json.dumps(doc, ensure_ascii=False), source_name="bad.json", ds=small_dataset()
    )
    assert s is None
    errs = errors(issues)
    assert errs, issues
    assert all(i.file == "bad.json" for i in issues)
    assert any(i.line == line and i.field == fld for i in errs), [str(i) for i in errs]
    for i in errs:
        assert len(da(i)) > 10 and str(i).startswith("bad.json:")


def test_app_and_cli_report_the_line_in_the_file():
    """One location mapping: an issue about change 4 points at the line where change 4
    starts, and a bad top-level field at its key's line, whoever reads the file."""
    doc = _with_change(3, tie_kind="marriage")
    doc["author"] = 7
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    s, issues = scenario_from_json(text, source_name="bad.json", ds=small_dataset())
    assert s is None
    lines = text.splitlines()
    tie = next(i for i in errors(issues) if i.field == "tie_kind")
    assert lines[tie.line - 1].strip() == "{" and '"kind": "add_tie"' in lines[tie.line]
    author = next(i for i in issues if i.field == "author")
    assert lines[author.line - 1].lstrip().startswith('"author"')
    # Before the mapping, the line of an issue about change N is N.
    parsed, raw = parse_scenario_json(text, source_name="bad.json", ds=small_dataset())
    assert parsed is None and any(i.line == 4 and i.field == "tie_kind" for i in raw)


def test_malformed_json_reports_line_and_column():
    text = '{\n  "format": "klyngekort-scenario",\n  "name": "x" "changes": []\n}\n'
    s, issues = scenario_from_json(text, source_name="broken.json", ds=None)
    assert s is None and len(issues) == 1
    (i,) = issues
    assert i.line == 3 and i.severity == "error"
    assert "ugyldig JSON" in da(i) and "kolonne 15" in da(i)
    assert str(i).startswith("broken.json:3:")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "null",
        '"just a string"',
        "[",
        '{"format": NaN}',
        "{" * 100_000,
        '{"format": "klyngekort-scenario", "format_version": Infinity}',
    ],
)
def test_garbage_never_raises(text):
    s, issues = scenario_from_json(text, source_name="g.json", ds=small_dataset())
    assert s is None and errors(issues)


def test_non_utf8_bytes():
    s, issues = scenario_from_json('{"name": "Køge"}'.encode("latin-1"), source_name="l1.json", ds=None)
    assert s is None and "UTF-8" in da(issues[0])


def test_html_is_kept_as_text_with_a_warning():
    d = _doc(name="<script>alert(1)</script> & co", description="<b>fed</b>")
    s, issues = scenario_from_json(json.dumps(d), source_name="h.json", ds=small_dataset())
    assert s is not None
    assert s.name == "<script>alert(1)</script> & co" and s.description == "<b>fed</b>"
    warned = {i.field for i in issues if i.severity == "warning"}
    assert warned == {"name", "description"}
    assert not errors(issues)


def test_unknown_and_duplicate_keys_are_warnings():
    d = _doc(colour="blue")
    d["changes"][0]["extra"] = 1
    text = json.dumps(d).replace('"author":', '"author": "x", "author":', 1)
    s, issues = scenario_from_json(text, source_name="w.json", ds=small_dataset())
    assert s is not None and not errors(issues)
    # One line of JSON: every issue is on line 1 of the file (top-level keys too).
    assert {(i.line, i.field) for i in issues} == {(1, "colour"), (1, "extra"), (1, "author")}


def test_existing_co_location_and_ceased_cluster_warn():
    changes = [AddCoLocation("K2", "EHC"), AddCoLocation("OLD", "EHA"), AddCoLocation("OLD", "EHA")]
    issues = validate_changes(small_dataset(), changes, source="Mit scenarie")
    assert not errors(issues)
    assert {(i.line, i.field) for i in issues} == {
        (1, "hub_id"),
        (2, "cluster_id"),
        (3, "cluster_id"),
        (3, "hub_id"),
    }
    assert all(i.file == "Mit scenarie" for i in issues)


def test_validate_changes_reports_index_and_field():
    ds = small_dataset()
    changes = [
        AddCoLocation("K1", "EHA"),
        AddSecondment("K9", "EHA", 0),
        RemoveSite("nope"),
        AddSecondment("K1", "EHA", True),
    ]  # type: ignore[arg-type]
    issues = validate_changes(ds, changes, source="Plan B")
    got = {(i.line, i.field) for i in errors(issues)}
    assert got == {(2, "cluster_id"), (2, "persons"), (3, "site_id"), (4, "persons")}
    assert all(i.file == "Plan B" for i in issues)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "kind",
                        "name",
                        "changes",
                        "format",
                        "format_version",
                        "persons",
                        "hub_id",
                        "cluster_id",
                        "site_id",
                        "valid_from",
                        "read_only",
                        "id",
                        "x",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_raises(obj):
    doc = (
        {"format": FORMAT, "format_version": 1, "name": "f", "changes": obj} if isinstance(obj, list) else obj
    )
    s, issues = scenario_from_json(json.dumps(doc), source_name="h.json", ds=_DS)
    assert (s is None) == bool(errors(issues))
    ch, ch_issues = change_from_dict(obj, position=1)
    assert (ch is None) == bool(errors(ch_issues))


_DS = small_dataset()


# --------------------------------------------------------------------------- apply


def _snapshot(ds: Dataset) -> dict[str, pd.DataFrame]:
    return {t.name: ds.table(t.name).copy(deep=True) for t in schema.TABLES}


def test_apply_adds_and_removes_rows_without_touching_the_baseline():
    ds = small_dataset()
    before = _snapshot(ds)
    s = full_scenario()
    out = apply_scenario(ds, s)

    assert out is not ds
    for name, df in before.items():  # the baseline is untouched
        pd.testing.assert_frame_equal(ds.table(name), df)
        assert out.table(name) is not ds.table(name)
        assert list(out.table(name).columns) == list(df.columns)

    sites = out.sites.set_index("site_id")
    assert "K2-CO" not in sites.index and len(out.sites) == len(ds.sites) - 1 + 2
    co = out.sites[(out.sites["kind"] == "co_location") & (out.sites["cluster_id"] == "K1")]
    assert len(co) == 1
    row = co.iloc[0]
    assert row["hub_id"] == "EHA_B" and row["kommunekode"] == "0147" and row["town"] == "Bby"
    assert (row["latitude"], row["longitude"]) == (55.7, 12.4)
    assert row["coord_precision"] == "town" and row["shared_with_hub"] == "yes"
    assert row["valid_from"] == "2025-01" and row["confidence"] == "none"
    assert row["source_url"] == f"scenarie:{s.name}" and row["notes"].startswith("Scenarie: ")
    assert row["_line"] == 1 and not row["is_example"]

    new_site = out.sites[out.sites["kommunekode"] == "0147"]
    rep = new_site[new_site["kind"] == "representation"].iloc[0]
    assert rep["cluster_id"] == "K2" and rep["hub_id"] == "" and math.isnan(rep["latitude"])

    (sec,) = out.secondments.to_dict("records")
    assert (sec["cluster_id"], sec["hub_id"], sec["persons"], sec["valid_from"]) == ("K1", "EHA", 2.0, "2025")
    assert math.isnan(sec["fte"]) and sec["_line"] == 2

    tie = out.ties[out.ties["cluster_id"] == "K1"].iloc[0]
    assert (tie["co_location"], tie["seconded_staff"], tie["joint_events"], tie["admin_cooperation"]) == (
        "yes",
        "yes",
        "no",
        "no",
    )
    assert tie["kind"] == "cooperation_agreement" and tie["valid_from"] == "2025-02-01"

    for t in ("sites", "ties", "secondments"):
        df = out.table(t)
        key = schema.TABLES_BY_NAME[t].key
        assert df[key].is_unique
        for c in df.columns:  # dtypes follow the baseline (also for the empty secondments)
            assert df[c].dtype == ds.table(t)[c].dtype, (t, c)
    assert out.label.endswith(s.name)


def test_apply_twice_is_deterministic_and_ids_do_not_clash():
    ds = small_dataset()
    s = new_scenario("To gange", changes=[AddSecondment("K1", "EHA", 1), AddSecondment("K1", "EHA", 2)])
    a, b = apply_scenario(ds, s), apply_scenario(ds, s)
    pd.testing.assert_frame_equal(a.secondments, b.secondments)
    assert a.secondments["secondment_id"].is_unique
    assert len(a.secondments) == len(ds.secondments) + 2
    # a scenario applied on top of a scenario dataset still gets unique ids
    c = apply_scenario(a, s)
    assert c.secondments["secondment_id"].is_unique
    assert len(c.secondments) == len(ds.secondments) + 4


def test_the_same_co_location_twice_counts_once():
    """A scenario is a set: an identical change, or a co-location the data (or an earlier
    change) already has, is skipped, so nothing is counted twice."""
    ds = small_dataset()
    s = new_scenario("To gange", changes=[AddCoLocation("K1", "EHA"), AddCoLocation("K1", "EHA")])
    a = apply_scenario(ds, s)
    assert len(a.sites) == len(ds.sites) + 1
    # on top of a dataset that has it already: nothing more
    assert len(apply_scenario(a, s).sites) == len(a.sites)
    # a later date of the same co-location adds nothing either; an earlier one does
    later = new_scenario(
        "Senere", changes=[AddCoLocation("K1", "EHA", "2024"), AddCoLocation("K1", "EHA", "2026")]
    )
    assert len(apply_scenario(ds, later).sites) == len(ds.sites) + 1
    earlier = new_scenario(
        "Før", changes=[AddCoLocation("K1", "EHA", "2026"), AddCoLocation("K1", "EHA", "2024")]
    )
    assert len(apply_scenario(ds, earlier).sites) == len(ds.sites) + 2


def test_apply_skips_invalid_changes_and_reports_them():
    ds = small_dataset()
    s = new_scenario("Forældet", changes=[AddCoLocation("K1", "GONE"), RemoveSite("K1-HQ")])
    out, issues = apply_scenario_with_issues(ds, s)
    assert [(i.line, i.field) for i in errors(issues)] == [(1, "hub_id")]
    assert len(out.sites) == len(ds.sites) - 1
    assert "K1-HQ" not in set(out.sites["site_id"])


def test_empty_scenario_equals_baseline():
    ds = small_dataset()
    out = apply_scenario(ds, new_scenario("Tom"))
    for t in schema.TABLES:
        pd.testing.assert_frame_equal(out.table(t.name), ds.table(t.name))


def test_describe_change_uses_names():
    ds = small_dataset()
    assert describe_change(AddCoLocation("K1", "EHA_B", "2025"), ds) == (
        "Samlokalisering: Klynge Et (K1) i Filial B (EHA_B) fra 2025"
    )
    assert "2 person(er)" in describe_change(AddSecondment("K1", "EHA", 2))
    assert describe_change(RemoveSite("K2-CO")) == "Fjern adresse K2-CO"


def test_changes_are_frozen():
    c = AddCoLocation("K1", "EHA")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.hub_id = "EHC"  # type: ignore[misc]
    assert c.kind == "add_co_location" and copy.copy(c) == c


def test_real_dataset():
    from klyngekort.core import config
    from klyngekort.core import loading as dataset

    res = dataset.load_dataset(config.data_dir())
    assert res.dataset is not None, [str(i) for i in res.errors]
    ds = res.dataset
    hub = str(ds.hubs["hub_id"].iloc[0])
    cluster = str(ds.clusters["cluster_id"].iloc[0])
    site = str(ds.sites["site_id"].iloc[0])
    s = new_scenario(
        "Rigtige data",
        changes=[
            AddCoLocation(cluster, hub),
            AddSecondment(cluster, hub, 1),
            RemoveSite(site),
            AddTie(cluster, hub, joint_events=True),
        ],
    )
    assert not errors(validate_changes(ds, s.changes))
    before = _snapshot(ds)
    out = apply_scenario(ds, s)
    for name, df in before.items():
        pd.testing.assert_frame_equal(ds.table(name), df)
    assert len(out.sites) == len(ds.sites)  # one added, one removed
    assert len(out.secondments) == len(ds.secondments) + 1
    assert len(out.ties) == len(ds.ties) + 1
    added = out.sites[out.sites["source_url"] == "scenarie:Rigtige data"].iloc[0]
    h = ds.hubs[ds.hubs["hub_id"] == hub].iloc[0]
    assert added["latitude"] == h["latitude"] and added["kommunekode"] == h["kommunekode"]


# --------------------------------------------------------------------------- add_site with coordinates


PLACED = AddSite("K2", "0147", "local_office", latitude=55.68, longitude=12.53)


def test_add_site_coordinates_round_trip_and_are_optional_in_json():
    s = new_scenario("Med punkt", changes=[PLACED, AddSite("K2", "0101")])
    doc = json.loads(scenario_to_json(s))
    placed, bare = doc["changes"]
    assert placed["latitude"] == 55.68 and placed["longitude"] == 12.53
    # an add_site without coordinates is written as before (no null fields)
    assert "latitude" not in bare and "longitude" not in bare
    back, issues = scenario_from_json(scenario_to_json(s), source_name="s.json", ds=small_dataset())
    assert issues == [] and back == s
    assert back.changes[0].latitude == 55.68 and back.changes[1].latitude is None
    # JSON integers are numbers too
    ch, issues = change_from_dict(
        {"kind": "add_site", "cluster_id": "K2", "kommunekode": "0147", "latitude": 56, "longitude": 10}
    )
    assert issues == [] and ch == AddSite("K2", "0147", latitude=56.0, longitude=10.0)


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ({"latitude": "55.6", "longitude": 12.5}, "latitude"),  # text, not a number
        ({"latitude": True, "longitude": 12.5}, "latitude"),  # a boolean is not a number
        ({"latitude": 55.6, "longitude": [12.5]}, "longitude"),
    ],
)
def test_add_site_coordinates_must_be_numbers(obj, field):
    ch, issues = change_from_dict(
        {"kind": "add_site", "cluster_id": "K2", "kommunekode": "0147", **obj}, position=1
    )
    assert ch is None
    assert [(i.field, i.severity) for i in issues] == [(field, "error")]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (AddSite("K2", "0147", latitude=55.6), "longitude", "begge eller ingen"),
        (AddSite("K2", "0147", longitude=12.5), "latitude", "begge eller ingen"),
        (AddSite("K2", "0147", latitude=48.85, longitude=2.35), "latitude", "uden for Danmark"),  # Paris
        (AddSite("K2", "0147", latitude=12.5, longitude=55.6), "latitude", "uden for Danmark"),  # swapped
        (AddSite("K2", "0147", latitude=math.nan, longitude=12.5), "latitude", "skal være et tal"),
        (AddSite("K2", "0147", latitude=55.6, longitude=math.inf), "longitude", "skal være et tal"),
    ],
)
def test_add_site_bad_coordinates_are_errors(change, field, words):
    issues = validate_changes(small_dataset(), [change])
    errs = errors(issues)
    assert [i.field for i in errs] == [field] and words in da(errs[0]) and errs[0].line == 1


def test_placed_add_site_becomes_a_located_site():
    from klyngekort.core.periods import period_for
    from klyngekort.core.presence import presences

    ds = small_dataset()
    scen = new_scenario("Punkt", changes=[PLACED, AddSite("K1", "0101")])
    out, issues = apply_scenario_with_issues(ds, scen)
    assert issues == []
    added = out.sites[out.sites["source_url"] == "scenarie:Punkt"].set_index("kommunekode")
    row = added.loc["0147"]
    assert (row["latitude"], row["longitude"], row["coord_precision"]) == (55.68, 12.53, "town")
    assert "kommunens midtpunkt (scenarie)" in row["notes"]
    assert math.isnan(added.loc["0101", "latitude"]) and added.loc["0101", "coord_precision"] == ""
    # the placed site is a presence (counts in coverage); the one without coordinates is not
    pres = presences(out, period_for("2021-2024"))
    ids = set(pres["presence_id"])
    assert added.loc["0147", "site_id"] in ids and added.loc["0101", "site_id"] not in ids
    assert "ved (55.6800, 12.5300)" in describe_change(PLACED, ds)
