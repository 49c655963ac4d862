"""The ``klyngekort`` command line, run in-process through ``klyngekort.cli.main.main`` on the
real data and DAGI geodata (one run goes through the installed console script)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from klyngekort.cli.main import main
from klyngekort.core import config
from klyngekort.core.coverage import STATES
from klyngekort.core.periods import period_for
from klyngekort.core.presence import presences

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
MUNI_COLUMNS = [
    "kommunekode",
    "kommune",
    "hub_id",
    "hub_name",
    "population",
    "clusters_present",
    "nearest_presence_km",
    "missing_clusters",
]
CLUSTER_COLUMNS = [
    "cluster_id",
    "sites",
    "population_covered",
    "population_covered_share",
    "municipalities_uncovered",
]
ISSUE_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d*):(?P<field>[^:]*): (?P<msg>.+)$")


@pytest.fixture(autouse=True)
def _tmp_db(tmp_path, monkeypatch):
    """Never touch the real var/scenarios.sqlite3; messages in the default language (Danish)."""
    monkeypatch.setenv(config.ENV_DB, str(tmp_path / "scenarios.sqlite3"))
    monkeypatch.delenv("KLYNGEKORT_LANG", raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def csv_frame(text: str) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        dtype={"kommunekode": str, "nearest_presence_kommunekode": str},
        keep_default_na=False,
        na_values=[""],
    )


def by_cluster(capsys, *extra: str) -> pd.DataFrame:
    code, out, err = run(capsys, "coverage", "--by", "cluster", "--format", "json", *extra)
    assert code == 0, err
    return pd.DataFrame(json.loads(out)).set_index("cluster_id")


# --------------------------------------------------------------------------- validate


def test_validate_good_data(capsys):
    code, out, err = run(capsys, "validate", "--data", DATA)
    assert code == 0
    assert re.search(r": 0 fejl, \d+ advarsel/advarsler$", err.strip())
    assert all(ISSUE_LINE.match(line) for line in out.splitlines())  # warnings, if any, are file:line:field


def test_validate_broken_data_reports_file_line_field(capsys, tmp_path):
    broken = tmp_path / "data"
    broken.mkdir()
    for f in DATA.glob("*.csv"):
        shutil.copy(f, broken / f.name)
    rows = list(csv.reader((broken / "sites.csv").open(encoding="utf-8")))
    header = rows[0]
    rows[1][header.index("latitude")] = "abc"
    rows[2][header.index("cluster_id")] = "NOPE"
    with (broken / "sites.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)

    code, out, err = run(capsys, "validate", "--data", broken)
    assert code == 1
    lines = out.splitlines()
    assert any(re.match(r"^\S*sites\.csv:2:latitude: 'abc' er ikke et tal$", ln) for ln in lines), out
    assert any(re.match(r"^\S*sites\.csv:3:cluster_id: ukendt cluster_id 'NOPE'", ln) for ln in lines), out
    assert ": 2 fejl," in err

    # In English on request; the location is the same.
    code, out, err = run(capsys, "validate", "--data", broken, "--lang", "en")
    assert code == 1 and ": 2 error(s)," in err
    assert any(re.match(r"^\S*sites\.csv:2:latitude: 'abc' is not a number$", ln) for ln in out.splitlines())

    # Any command on broken data lists the errors and computes nothing.
    code, out, err = run(capsys, "coverage", "--data", broken)
    assert code == 1 and out == ""
    assert "sites.csv:2:latitude:" in err and "intet blev beregnet" in err


# --------------------------------------------------------------------------- coverage


def test_coverage_by_municipality_csv(capsys, public_dataset):
    code, out, err = run(capsys, "coverage")
    assert code == 0, err
    df = csv_frame(out)
    assert set(MUNI_COLUMNS) <= set(df.columns)
    assert len(df) == 98 and df["kommunekode"].str.fullmatch(r"\d{4}").all()
    assert df["hub_id"].isin(set(public_dataset.hubs["hub_id"])).all() and (df["hub_name"] != "").all()
    known = set(public_dataset.clusters["cluster_id"])
    for ids in df["missing_clusters"].dropna():
        assert set(ids.split(";")) <= known
    # present + missing = the clusters in force in the period
    n = (df["clusters_present"] + df["clusters_missing"]).unique()
    assert len(n) == 1 and n[0] > 0
    assert df.loc[df["kommunekode"] == "0101", "population"].item() > 500_000
    assert "metode: Afstand" in err and "40 km" in err


def test_coverage_by_cluster_json_and_cluster_filter(capsys, public_dataset):
    df = by_cluster(capsys)
    assert set(CLUSTER_COLUMNS) <= {df.index.name, *df.columns}
    assert df["population_covered_share"].between(0, 1).all()
    total = public_dataset.population_for().sum()
    assert (df["population_covered"] <= total).all()
    assert ((df["population_covered"] / total - df["population_covered_share"]).abs() < 1e-12).all()

    two = by_cluster(capsys, "--cluster", "ECD", "CLEAN")
    assert sorted(two.index) == ["CLEAN", "ECD"]
    pd.testing.assert_frame_equal(two.loc[["CLEAN", "ECD"]], df.loc[["CLEAN", "ECD"]])


def test_coverage_by_hub_long_form_with_states(capsys, public_dataset):
    code, out, err = run(capsys, "coverage", "--by", "hub", "--cluster", "ECD,CLEAN", "--format", "json")
    assert code == 0, err
    df = pd.DataFrame(json.loads(out))
    assert {"hub_id", "hub_name", "cluster_id", "state", "population", "municipalities"} <= set(df.columns)
    assert len(df) == 6 * 2 and set(df["state"]) <= set(STATES)
    assert set(df["hub_id"]) == set(public_dataset.hub_areas["hub_id"])
    assert df.groupby("cluster_id")["municipalities"].sum().tolist() == [98, 98]


def test_coverage_gaps_csv_ranked(capsys):
    code, out, err = run(capsys, "coverage", "--by", "gaps")
    assert code == 0, err
    df = csv_frame(out)
    assert df["rank"].tolist() == list(range(1, len(df) + 1)) and len(df) > 0
    assert df["population_uncovered"].is_monotonic_decreasing


def test_coverage_xlsx_readable_with_openpyxl(capsys, tmp_path):
    import openpyxl

    target = tmp_path / "dækning.xlsx"
    code, out, err = run(
        capsys,
        "coverage",
        "--by",
        "municipality",
        "--format",
        "xlsx",
        "--out",
        target,
        "--period",
        "2021-2024",
    )
    assert code == 0 and out == "" and f"skrev {target}" in err
    wb = openpyxl.load_workbook(target, read_only=True)
    assert wb.sheetnames == ["municipality", "method"]
    rows = list(wb["municipality"].iter_rows(values_only=True))
    assert set(MUNI_COLUMNS) <= set(rows[0]) and len(rows) == 1 + 98
    codes = [r[rows[0].index("kommunekode")] for r in rows[1:]]
    assert "0101" in codes  # codes stay text with their leading zero
    meta = dict(wb["method"].iter_rows(min_row=2, values_only=True))
    assert meta["period"] == "2021-2024" and meta["radius_km"] == "40.0" and "Distance" in meta["method"]
    assert meta["metode"].startswith("Afstand: ")

    # The format follows the suffix of --out when --format is not given.
    code, _, _ = run(capsys, "coverage", "--by", "cluster", "--out", tmp_path / "c.xlsx")
    assert code == 0 and openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames == ["cluster", "method"]
    # A CSV file carries a BOM for Excel.
    code, _, _ = run(capsys, "coverage", "--by", "cluster", "--out", tmp_path / "c.csv")
    assert code == 0 and (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbfcluster_id,")


def test_hub_area_mode_covers_whole_area(capsys):
    code, out, err = run(capsys, "coverage", "--mode", "hub-area", "--by", "hub", "--format", "json")
    assert code == 0, err
    assert "metode: Erhvervshusområde" in err
    df = pd.DataFrame(json.loads(out))
    present = df[df["state"] == "present"]
    assert len(present) > 0
    # a cluster with a presence in a hub's area covers all of that area's municipalities
    assert (present["municipalities_covered"] == present["municipalities"]).all()
    assert (present["population_covered"] == present["population"]).all()
    assert (df.loc[df["state"] != "present", "municipalities_covered"] == 0).all()


def test_add_site_raises_coverage_never_lowers(capsys):
    base = by_cluster(capsys)
    more = by_cluster(capsys, "--add-site", "CLEAN@EHHS", "--add-site", "CLEAN@EHNJ")
    assert more.loc["CLEAN", "population_covered"] > base.loc["CLEAN", "population_covered"]
    assert more.loc["CLEAN", "sites"] == base.loc["CLEAN", "sites"] + 2
    others = base.index.drop("CLEAN")
    pd.testing.assert_frame_equal(more.loc[others], base.loc[others])

    code, out0, _ = run(capsys, "coverage", "--format", "json")
    code, out1, err = run(capsys, "coverage", "--format", "json", "--add-site", "CLEAN@EHHS", "ECD@EHSJ_VOR")
    assert code == 0 and "tilføjet i denne kørsel: CLEAN@EHHS" in err
    m0 = pd.DataFrame(json.loads(out0)).set_index("kommunekode")
    m1 = pd.DataFrame(json.loads(out1)).set_index("kommunekode")
    assert (m1["clusters_present"] >= m0["clusters_present"]).all()
    assert (m1["clusters_present"] > m0["clusters_present"]).any()
    assert (m1["nearest_presence_km"] <= m0["nearest_presence_km"] + 1e-9).all()


def test_travel_time_mode(capsys, tmp_path, public_dataset):
    # Each municipality reaches only itself: covered = the cluster has a presence there.
    codes = sorted(public_dataset.hub_areas["kommunekode"])
    tt = tmp_path / "tt.csv"
    tt.write_text("from_kommunekode,to_kommunekode,minutes\n" + "".join(f"{c},{c},0\n" for c in codes))
    code, out, err = run(
        capsys,
        "coverage",
        "--minutes",
        "30",
        "--travel-times",
        tt,
        "--format",
        "json",
        "--period",
        "2021-2024",
    )
    assert code == 0, err
    assert "højst 30 minutter væk efter rejsetidstabellen" in err
    df = pd.DataFrame(json.loads(out)).set_index("kommunekode")
    pres = presences(public_dataset, period_for("2021-2024"))
    for code_, ids in df["clusters_present_ids"].items():
        expected = set(pres.loc[pres["kommunekode"] == code_, "cluster_id"])
        assert set(filter(None, (ids or "").split(";"))) == expected
    assert df["nearest_presence_minutes"].notna().any()


# --------------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("argv", "dansk", "english"),
    [
        (
            ["coverage", "--radius-km", "5"],
            "--radius-km 5 er uden for det tilladte: brug 10–150 km",
            "--radius-km 5 is out of range: use 10–150 km",
        ),
        (["coverage", "--radius-km", "151"], "uden for det tilladte", "out of range"),
        (["coverage", "--radius-km", "abc"], "--radius-km skal være et tal", "--radius-km must be a number"),
        (["coverage", "--cluster", "NOPE"], "ukendt(e) klynge-id(er) NOPE", "unknown cluster id(s) NOPE"),
        (["coverage", "--add-site", "NOPE@EHHS"], "ukendt klynge-id 'NOPE'", "unknown cluster id 'NOPE'"),
        (["coverage", "--add-site", "ECD@NOPE"], "ukendt sted-id 'NOPE'", "unknown site id 'NOPE'"),
        (
            ["coverage", "--add-site", "ECD-EHHS"],
            "forventede KLYNGE_ID@STED_ID",
            "expected CLUSTER_ID@SITE_ID",
        ),
        (["coverage", "--format", "xlsx"], "--format xlsx kræver --out", "--format xlsx needs --out"),
        (
            ["coverage", "--minutes", "30"],
            "--minutes kræver en rejsetidstabel",
            "--minutes needs a travel-time table",
        ),
        (
            ["coverage", "--minutes", "30", "--travel-times", "/nonexistent/tt.csv"],
            "filen findes ikke",
            "file not found",
        ),
        (
            ["coverage", "--radius-km", "30", "--minutes", "30"],
            "kan ikke bruges sammen med argumentet",
            "not allowed with argument",
        ),
        (["coverage", "--period", "2030-2033"], "ukendt periode", "unknown period"),
        (["coverage", "--mode", "walking"], "ukendt tilstand", "unknown mode"),
        (["coverage", "--by", "region"], "ugyldigt valg", "invalid choice"),
        (
            ["plan", "--cluster", "NOPE", "--sites", "1"],
            "ukendt(e) klynge-id(er) NOPE",
            "unknown cluster id(s) NOPE",
        ),
        (
            ["plan", "--cluster", "ECD"],
            "et af argumenterne --sites --target-share skal angives",
            "one of the arguments --sites --target-share is required",
        ),
        (
            ["plan", "--cluster", "ECD", "--sites", "-1"],
            "--sites skal være et helt tal",
            "--sites must be a whole number",
        ),
        (["plan", "--cluster", "ECD", "--target-share", "1.5"], "mellem 0 og 1", "between 0 and 1"),
        (
            ["plan", "--cluster", "ECD", "--sites", "1", "--add-candidate", "9999"],
            "ukendt(e) kommunekode(r) 9999",
            "unknown municipality code",
        ),
        (["scenario", "import", "/nonexistent/s.json"], "filen findes ikke", "file not found"),
    ],
)
def test_bad_arguments_exit_2_without_traceback(capsys, argv, dansk, english):
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert dansk in err and ": fejl: " in err
    assert "brug: klyngekort" in err and out == ""
    # The same in English, with --lang after the subcommand or before it.
    for en_argv in ([*argv, "--lang", "en"], ["--lang=en", *argv]):
        code, out, err = run(capsys, *en_argv)
        assert code == 2 and (english or dansk) in err and ": error: " in err, err
        assert "usage: klyngekort" in err


def test_bad_travel_time_file_exit_1_with_file_line_field(capsys, tmp_path):
    tt = tmp_path / "tt.csv"
    tt.write_text("from_kommunekode,to_kommunekode,minutes\n0101,0101,0\n0101,0147,soon\n")
    code, out, err = run(capsys, "coverage", "--minutes", "20", "--travel-times", tt)
    assert code == 1 and out == ""
    assert "tt.csv:3:minutes: 'soon' er ikke et tal" in err
    assert "rejsetidstabellen har 1 fejl" in err

    tt.write_text("from,to,min\n")
    code, _, err = run(capsys, "coverage", "--minutes", "20", "--travel-times", tt, "--lang", "en")
    assert code == 1 and "tt.csv:1::" in err and "missing column(s)" in err


def test_missing_geodata_exit_1_with_clear_message(capsys, tmp_path, monkeypatch):
    missing = tmp_path / "no-geodata-here"
    monkeypatch.setenv(config.ENV_GEODATA, str(missing))
    for argv in (["coverage"], ["plan", "--cluster", "ECD", "--sites", "1"], ["validate"], ["geodata"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert str(missing) in err and "KLYNGEKORT_GEODATA" in err and "DAGI" in err
        assert "brug:" not in err and "usage:" not in err


# --------------------------------------------------------------------------- plan


def test_plan_json_and_agreement_with_add_site(capsys):
    code, out, err = run(capsys, "plan", "--cluster", "CLEAN", "--sites", "2", "--format", "json")
    assert code == 0, err
    plan = json.loads(out)
    for key in (
        "covered_population_before",
        "covered_population_after",
        "covered_share_before",
        "covered_share_after",
        "solver_status",
    ):
        assert key in plan
    assert plan["solver_status"] == "optimal"
    sites = plan["sites"]
    assert len(sites) == 2 and all(s["population_gain"] > 0 for s in sites)
    assert sum(s["population_gain"] for s in sites) == pytest.approx(
        plan["covered_population_after"] - plan["covered_population_before"]
    )
    assert plan["covered_share_after"] > plan["covered_share_before"]
    hubs = [s["id"] for s in sites]

    # The same sites through `coverage --add-site` give the same covered population.
    after = by_cluster(capsys, "--cluster", "CLEAN", "--add-site", *[f"CLEAN@{h}" for h in hubs])
    assert after.loc["CLEAN", "population_covered"] == plan["covered_population_after"]
    assert after.loc["CLEAN", "population_covered_share"] == pytest.approx(plan["covered_share_after"])
    before = by_cluster(capsys, "--cluster", "CLEAN")
    assert before.loc["CLEAN", "population_covered"] == plan["covered_population_before"]


def test_plan_agrees_with_add_site_in_hub_area_mode_and_other_radius(capsys):
    opts = ["--mode", "hub-area", "--radius-km", "25", "--period", "2025-2028"]
    code, out, err = run(capsys, "plan", "--cluster", "DSC", "--sites", "3", *opts)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["add_site"] == [f"DSC@{s['id']}" for s in plan["sites"]]
    after = by_cluster(capsys, "--cluster", "DSC", "--add-site", *plan["add_site"], *opts)
    assert after.loc["DSC", "population_covered"] == plan["covered_population_after"]


def test_plan_csv(capsys):
    code, out, err = run(capsys, "plan", "--cluster", "ECD", "--sites", "2", "--format", "csv")
    assert code == 0, err
    df = pd.read_csv(io.StringIO(out), dtype={"kommunekode": str})
    assert {
        "site_id",
        "population_gain",
        "covered_population_before",
        "covered_population_after",
        "covered_share_before",
        "covered_share_after",
        "solver_status",
    } <= set(df.columns)
    assert 1 <= len(df) <= 2 and df["rank"].tolist() == list(range(1, len(df) + 1))
    assert df["population_gain"].sum() == pytest.approx(
        df["covered_population_after"].iloc[0] - df["covered_population_before"].iloc[0]
    )
    assert (df["solver_status"] == "optimal").all()
    assert "metode: Afstand" in err


def test_plan_target_share(capsys):
    code, out, err = run(capsys, "plan", "--cluster", "CLEAN", "--target-share", "80%")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["objective"] == "fewest_sites" and plan["target_share"] == 0.8
    assert plan["covered_share_after"] >= 0.8
    # one site fewer does not reach the target: the first k-1 sites' gains fall short
    gains = [s["population_gain"] for s in plan["sites"]]
    assert (plan["covered_population_before"] + sum(gains[:-1])) / plan["total_population"] < 0.8

    # everything reachable
    code, out, _ = run(capsys, "plan", "--cluster", "CLEAN", "--target-share", "all")
    assert code == 0
    full = json.loads(out)
    assert full["covered_population_after"] == full["reachable_population"]

    # 100 % is out of reach (municipalities beyond 40 km of every hub): explained, exit 1
    code, out, err = run(capsys, "plan", "--cluster", "CLEAN", "--target-share", "1")
    assert code == 1
    assert json.loads(out)["solver_status"] == "infeasible"
    assert "kan ikke nås" in err and "løserens status: infeasible" in err
    code, out, err = run(capsys, "plan", "--cluster", "CLEAN", "--target-share", "1", "--lang", "en")
    assert code == 1 and "cannot be reached" in err and "solver status: infeasible" in err
    assert "cannot be reached" in json.loads(out)["explanation"]


# --------------------------------------------------------------------------- scenario

GOOD_SCENARIO = """{
  "format": "klyngekort-scenario",
  "format_version": 1,
  "name": "CLEAN i København",
  "author": "Test",
  "changes": [
    {"kind": "add_co_location", "cluster_id": "CLEAN", "hub_id": "EHHS"},
    {"kind": "add_secondment", "cluster_id": "ECD", "hub_id": "EHSJ_VOR", "persons": 2}
  ]
}
"""

BAD_SCENARIO = """{
  "format": "klyngekort-scenario",
  "format_version": 1,
  "name": "Dårlig",
  "changes": [
    {"kind": "add_co_location", "cluster_id": "CLEAN", "hub_id": "EHHS"},
    {"kind": "add_co_location",
     "cluster_id": "NOPE", "hub_id": "EHHS"},
    {"kind": "add_secondment", "cluster_id": "ECD", "hub_id": "EHSJ_VOR", "persons": "two"}
  ]
}
"""


def test_scenario_round_trip(capsys, tmp_path):
    db = tmp_path / "own.sqlite3"
    src = tmp_path / "good.json"
    src.write_text(GOOD_SCENARIO, encoding="utf-8")

    code, out, err = run(capsys, "scenario", "list", "--db", db)
    assert code == 0 and out == "" and "ingen scenarier" in err

    code, out, err = run(capsys, "scenario", "import", src, "--db", db)
    assert code == 0, err
    sid = out.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", sid) and "importerede 'CLEAN i København' (2 ændring(er))" in err

    code, out, _ = run(capsys, "scenario", "list", "--db", db)
    lines = out.splitlines()
    assert lines[0].split("\t")[:4] == ["id", "name", "author", "changes"]
    assert lines[1].split("\t")[:4] == [sid, "CLEAN i København", "Test", "2"]

    code, out, _ = run(capsys, "scenario", "show", "clean i københavn", "--db", db)  # by name, any case
    assert code == 0 and f"id: {sid}" in out
    assert "1. Samlokalisering: CLEAN i Erhvervshus Hovedstaden (EHHS)" in out
    assert "2. Indstationering: 2 person(er) fra Energy Cluster Denmark (ECD)" in out
    code, out, _ = run(capsys, "scenario", "show", sid, "--db", db, "--lang", "en")
    assert "navn: " not in out and "name: CLEAN i København" in out
    assert "1. Co-location: CLEAN in Erhvervshus Hovedstaden (EHHS)" in out

    exported = tmp_path / "export.json"
    code, _, err = run(capsys, "scenario", "export", sid, "--db", db, "--out", exported)
    assert code == 0 and f"skrev {exported}" in err
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["id"] == sid and doc["name"] == "CLEAN i København"
    assert doc["changes"] == [
        {"kind": "add_co_location", "cluster_id": "CLEAN", "hub_id": "EHHS", "valid_from": ""},
        {"kind": "add_secondment", "cluster_id": "ECD", "hub_id": "EHSJ_VOR", "persons": 2, "valid_from": ""},
    ]
    code, out, _ = run(capsys, "scenario", "export", sid, "--db", db)
    assert json.loads(out) == doc

    # The same file again: the name is taken, nothing saved, the problem at the name's line.
    code, out, err = run(capsys, "scenario", "import", exported, "--db", db)
    assert code == 1 and out == ""
    assert f"{exported}:5:name: Der findes allerede et scenarie med navnet" in err
    assert "intet blev gemt" in err
    # Under another name it is a copy with a new id and the same changes.
    code, out, _ = run(capsys, "scenario", "import", exported, "--db", db, "--name", "Kopi")
    copy_id = out.strip()
    assert code == 0 and copy_id != sid
    code, out, _ = run(capsys, "scenario", "show", copy_id, "--db", db, "--format", "json")
    assert json.loads(out)["changes"] == doc["changes"] and json.loads(out)["name"] == "Kopi"

    code, out, _ = run(capsys, "scenario", "list", "--db", db, "--format", "json")
    assert sorted(r["name"] for r in json.loads(out)) == ["CLEAN i København", "Kopi"]

    code, _, err = run(capsys, "scenario", "delete", "Kopi", "--db", db)
    assert code == 0 and f"slettede 'Kopi' ({copy_id})" in err
    code, _, err = run(capsys, "scenario", "delete", "Kopi", "--db", db)
    assert code == 1 and "findes ikke" in err
    code, _, err = run(capsys, "scenario", "show", "Kopi", "--db", db)
    assert code == 1 and "findes ikke" in err
    code, out, _ = run(capsys, "scenario", "list", "--db", db, "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [sid]


def test_scenario_import_broken_files_save_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(BAD_SCENARIO, encoding="utf-8")
    code, out, err = run(capsys, "scenario", "import", bad)  # the DB from $KLYNGEKORT_DB (a tmp file)
    assert code == 1 and out == ""
    lines = err.splitlines()
    # file:line:field, where line is the line of the change in the file
    assert f"{bad}:7:cluster_id: ændring 2 (add_co_location): ukendt klynge 'NOPE'" in lines
    assert f"{bad}:9:persons: ændring 3: 'persons' skal være et helt tal, ikke tekst 'two'" in lines
    assert lines[-1].endswith(f"{bad}: 2 fejl; intet blev gemt")
    code, out, err = run(capsys, "scenario", "import", bad, "--lang", "en")
    lines = err.splitlines()
    assert f"{bad}:7:cluster_id: change 2 (add_co_location): unknown cluster 'NOPE'" in lines
    assert f"{bad}:9:persons: change 3: 'persons' must be a whole number, not text 'two'" in lines
    assert lines[-1].endswith(f"{bad}: 2 error(s); nothing was saved")

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "klyngekort-scenario",\n "name": 3,\n', encoding="utf-8")
    code, _, err = run(capsys, "scenario", "import", broken)
    assert code == 1 and re.search(rf"{re.escape(str(broken))}:3:: ugyldig JSON", err)

    code, out, err = run(capsys, "scenario", "list", "--format", "json")
    assert code == 0 and json.loads(out) == []
    assert Path(config.scenario_db_path()).parent == tmp_path  # the autouse fixture's DB, not var/


# --------------------------------------------------------------------------- console script


def test_console_script_runs(tmp_path):
    script = ROOT / ".venv" / "bin" / "klyngekort"
    if not script.exists():
        script = Path(sys.executable).parent / "klyngekort"
    assert script.exists(), "the klyngekort console script is not installed (pip install -e .)"
    env = dict(os.environ)
    env[config.ENV_DB] = str(tmp_path / "s.sqlite3")
    env["KLYNGEKORT_LANG"] = "en"  # the language of the app's choice, from the environment
    proc = subprocess.run(
        [str(script), "coverage", "--by", "cluster", "--format", "json", "--cluster", "ECD"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["cluster_id"] for r in rows] == ["ECD"] and 0 < rows[0]["population_covered_share"] <= 1
    assert "method: Distance" in proc.stderr

    proc = subprocess.run(
        [str(script), "coverage", "--radius-km", "500"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2 and "out of range" in proc.stderr and "Traceback" not in proc.stderr


def test_server_command_preloads_without_streamlit(tmp_path):
    """`klyngekort run` warms the server process (folium, geodata) before Streamlit starts;
    the preload itself imports no Streamlit (components must register after the runtime starts)."""
    import subprocess
    import sys

    from klyngekort.cli.run import SERVER_PRELOAD, server_command

    cmd = server_command(["--server.port", "8599"])
    assert cmd[0] == sys.executable and cmd[1] == "-c" and cmd[-2:] == ["--server.port", "8599"]
    assert "app.py" in cmd[2] and "streamlit.web" in cmd[2]
    check = (
        SERVER_PRELOAD + "import sys\nassert 'streamlit' not in sys.modules\nassert 'folium' in sys.modules\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120, check=False
    )
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize(
    ("today", "note"),
    [
        ("2026-12-02", "Klynger 2025–2028: 11 fik bevilling"),  # the tests' clock
        ("2023-05-01", "Klynger 2021–2024: 14 udpeget"),
        ("2035-01-01", "Klynger 2025–2028: 11 fik bevilling"),  # after every period: the last
    ],
)
def test_the_default_period_contains_today(capsys, monkeypatch, today, note):
    monkeypatch.setenv("KLYNGEKORT_TODAY", today)
    code, _, err = run(capsys, "coverage", "--by", "hub", "--format", "json")
    assert code == 0 and note in err, err


def test_a_bad_clock_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_TODAY", "snart")
    code, _, err = run(capsys, "coverage", "--by", "hub")
    assert code == 2 and "KLYNGEKORT_TODAY='snart' er ikke en dato ÅÅÅÅ-MM-DD" in err
    # an explicit period needs no clock
    code, _, err = run(capsys, "coverage", "--by", "hub", "--period", "2021-2024", "--format", "json")
    assert code == 0, err
