"""Facts about the real public dataset in data/, checked against DAGI and the reference."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from klyngekort.core import config, schema
from klyngekort.core.loading import load_dataset
from klyngekort.core.model import Dataset
from klyngekort.core.validation import EXAMPLE_SOURCE
from klyngekort.present.wording import issues_text

DATA = config.PROJECT_ROOT / "data"
REFERENCE = config.PROJECT_ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def ds(places) -> Dataset:
    result = load_dataset(DATA, places=places)
    print("warnings on the public data:\n" + (issues_text(result.warnings) or "(none)"))
    assert result.errors == [], issues_text(result.errors)
    assert result.dataset is not None
    return result.dataset


def test_public_data_loads_without_errors_or_warnings(places) -> None:
    result = load_dataset(DATA, places=places)
    print(issues_text(result.issues))
    assert result.ok
    # every town point lies inside its stated municipality, and every municipality has a hub
    assert result.warnings == []


def test_every_municipality_has_exactly_one_hub(ds: Dataset, municipalities) -> None:
    codes = ds.hub_areas["kommunekode"]
    assert codes.is_unique
    assert len(codes) == 98
    dagi = set(municipalities.loc[~municipalities["outside_division"].astype(bool), "kommunekode"])
    assert set(codes) == dagi
    assert "0411" not in set(codes)  # Christiansø: outside the municipal division, no hub
    assert set(ds.hub_areas["hub_id"]) == {"EHHS", "EHSJ", "EHFYN", "EHSYD", "EHMJ", "EHNJ"}


def test_hub_area_counts(ds: Dataset) -> None:
    counts = ds.hub_areas["hub_id"].value_counts().to_dict()
    assert counts == {"EHHS": 29, "EHSJ": 17, "EHFYN": 9, "EHSYD": 13, "EHMJ": 19, "EHNJ": 11}


def test_special_municipalities(ds: Dataset) -> None:
    area = ds.hub_areas.set_index("kommunekode")["hub_id"]
    assert area["0410"] == "EHSYD"  # Middelfart chose Erhvervshus Sydjylland
    assert area["0400"] == "EHHS"  # Bornholm is served by Erhvervshus Hovedstaden
    assert area["0510"] == "EHSYD"  # Haderslev, where Vojens is


def test_hubs(ds: Dataset) -> None:
    hubs = ds.hubs.set_index("hub_id")
    assert (hubs["kind"] == "head_office").sum() == 6
    assert (hubs["kind"] == "branch").sum() == 6
    branches = hubs[hubs["kind"] == "branch"]
    assert branches["parent_hub_id"].to_dict() == {
        "EHHS_HIL": "EHHS",
        "EHHS_BOR": "EHHS",
        "EHSJ_VOR": "EHSJ",
        "EHMJ_HER": "EHMJ",
        "EHMJ_HOR": "EHMJ",
        "EHNJ_NYK": "EHNJ",
    }
    assert (hubs["coord_precision"] == "town").all()
    assert hubs["coord_source"].str.contains("NOT geocoded").all()
    # each hub lies in the area of its erhvervshus
    area = ds.hub_areas.set_index("kommunekode")["hub_id"]
    for hub_id, row in hubs.iterrows():
        assert area[row["kommunekode"]] == (row["parent_hub_id"] or hub_id), hub_id
    assert hubs.loc["EHSYD", "kommunekode"] == "0510"
    # the erhvervshus facts of December 2026: unchanged set-up
    assert "Bornholm has its own board" in hubs.loc["EHHS_BOR", "notes"]
    for branch in ("EHMJ_HER", "EHMJ_HOR"):
        assert "statutes still name its filialer in Herning and Horsens" in hubs.loc[branch, "notes"]
    assert hubs.loc["EHMJ", "cvr"] == "40084606"


def test_clusters(ds: Dataset) -> None:
    c = ds.clusters.set_index("cluster_id")
    assert len(c) == 14  # all 14 clusters of 2021-24 are known (notes-2026-12)
    assert not c.index.str.contains("UNKNOWN").any()
    censec = c.loc["CENSEC"]
    assert (censec["short_name"], censec["area"], censec["area_type"]) == (
        "CenSec",
        "Forsvar, rumfart og sikkerhed",
        "spirende område",
    )
    assert (censec["period_2021_2024"], censec["status_2021_2024"], censec["period_2025_2028"]) == (
        "yes",
        "active",
        "unknown",
    )
    assert censec["source_url"].startswith("https://www.mynewsdesk.com/dk/censec/")
    assert censec["source_url_2"].startswith("https://www.danskindustri.dk/")
    assert censec["confidence"] == "high"
    assert "As one of the 14 clusters" in censec["notes"] and "FAD" in censec["notes"]
    assert "HQ town not found" in censec["notes"]
    assert "Beslutningen om at begære Marlog konkurs" in c.loc["MARLOG", "notes"]
    assert "50 forskellige adresser" in c.loc["MARLOG", "notes"]
    assert (c["period_2021_2024"] == "yes").all()
    assert c.loc["MARLOG", "status_2021_2024"] == "ceased"
    assert c.loc["MARLOG", "ceased"] == "2022-04"
    assert c.loc["MARLOG", "period_2025_2028"] == "no"
    assert set(c.index[c["period_2025_2028"] == "yes"]) == {"MADE", "DSC"}
    assert set(c["period_2025_2028"]) == {"yes", "no", "unknown"}
    assert (c.drop("MARLOG")["status_2021_2024"] == "active").all()
    assert (c["ceased"].drop("MARLOG") == "").all()
    assert (c["short_name"] != "").all()


def test_sites(ds: Dataset) -> None:
    s = ds.sites.set_index("site_id")
    assert len(s) == 45
    vor = s.loc["ECD-VORDINGBORG"]
    assert (vor["kind"], vor["hub_id"], vor["shared_with_hub"], vor["valid_from"]) == (
        "co_location",
        "EHSJ_VOR",
        "yes",
        "2022-03-17",
    )
    assert (s["shared_with_hub"] == "yes").sum() == 1  # the only confirmed shared premises
    assert set(s.index[s["hub_id"] != ""]) == {"ECD-VORDINGBORG"}
    clean = s.loc["CLEAN-REGION-SJAELLAND"]
    assert clean["town"] == "" and clean["kommunekode"] == "" and clean["confidence"] == "low"
    assert "Region Sjælland" in clean["notes"]
    # only that site and Danish Sound Cluster's Copenhagen-area office lack a place
    assert set(s.index[s["latitude"].isna()]) == {"CLEAN-REGION-SJAELLAND", "DSC-HOVEDSTADSOMRAADET"}
    assert "MADE" not in set(s["cluster_id"])  # MADE's office town is unknown
    assert "CENSEC" not in set(s["cluster_id"])  # and so is CenSec's HQ town
    # period wording kept, dates as reduced-precision ISO
    assert s.loc["MARLOG-ESBJERG", ["valid_from", "valid_to", "period_text"]].tolist() == [
        "2021",
        "2022",
        "2021-2022 (ceased)",
    ]
    assert s.loc["WBD-ODENSE", ["valid_from", "period_text"]].tolist() == ["", "undated (c.2021-)"]
    assert s.loc["LDCLUSTER-AARHUS", "valid_from"] == "2025"
    assert s.loc["DLSC-KALUNDBORG", "valid_from"] == "2022"
    assert s.index.str.fullmatch(r"[A-Z0-9-]+").all()


def test_offices_from_the_december_notes(ds: Dataset) -> None:
    s = ds.sites.set_index("site_id")
    # Danish Sound Cluster: HQ at Sound Hub Denmark in Struer, and an office in the Copenhagen area
    # whose town and address are unknown: a site without a place, not a guessed København point.
    dsc = s[s["cluster_id"] == "DSC"]
    assert list(dsc.index) == ["DSC-STRUER", "DSC-HOVEDSTADSOMRAADET"]
    assert dsc.loc["DSC-STRUER", ["kind", "town", "kommunekode"]].tolist() == [
        "headquarters",
        "Struer",
        "0671",
    ]
    cph = dsc.loc["DSC-HOVEDSTADSOMRAADET"]
    assert (cph["kind"], cph["town"], cph["address"], cph["kommunekode"], cph["coord_precision"]) == (
        "local_office",
        "",
        "",
        "",
        "",
    )
    assert (cph["shared_with_hub"], cph["valid_from"], cph["valid_to"]) == ("unknown", "", "")
    assert cph["source_url"] == "https://danishsound.org/en-glaedelig-nyhed-for-dansk-lyd/"
    assert cph["confidence"] == "medium"
    assert "vil også have kontorer i hovedstadsområdet" in cph["notes"]
    # We Build Denmark: HQ in Albertslund from 2021, with the later "no HQ as such"
    wbd = s.loc["WBD-ALBERTSLUND"]
    assert wbd[["kind", "town", "kommunekode", "valid_from", "valid_to"]].tolist() == [
        "headquarters",
        "Albertslund",
        "0165",
        "2021",
        "",
    ]
    assert wbd["source_url_2"] == "https://www.campusodense.dk/om-aktoererne/we-build-denmark"
    assert "har som sådan ikke noget hovedsæde" in wbd["notes"]
    # Odense Robotics: secretariat in Odense, hubs in Aalborg, Aarhus, København and Sønderborg,
    # at town points like every other town-level site
    rob = s[s["cluster_id"] == "ODENSEROBOTICS"]
    assert rob["kind"].to_dict() == {
        "ODENSEROBOTICS-ODENSE": "headquarters",
        "ODENSEROBOTICS-AALBORG": "local_office",
        "ODENSEROBOTICS-AARHUS": "local_office",
        "ODENSEROBOTICS-KOEBENHAVN": "local_office",
        "ODENSEROBOTICS-SOENDERBORG": "local_office",
    }
    assert (rob["coord_precision"] == "town").all() and rob["latitude"].notna().all()
    assert "Sekretariatet etableres i Odense" in rob.loc["ODENSEROBOTICS-ODENSE", "notes"]


def test_programmes(ds: Dataset) -> None:
    from klyngekort.core.periods import period_for
    from klyngekort.core.programmes import programme_counts
    from klyngekort.present.i18n import programme_line

    p = ds.programmes.set_index("period")
    assert list(p.index) == ["2021-2024", "2025-2028"]
    assert p.loc["2021-2024", ["clusters_total", "counted_as"]].tolist() == [14.0, "appointed"]
    assert p.loc["2025-2028", ["clusters_total", "counted_as"]].tolist() == [11.0, "funded"]
    assert p.loc["2025-2028", "source_url"].startswith("https://dfir.faellesweb.dk/")
    assert "662 million to 11 cluster organisations" in p.loc["2025-2028", "notes"]
    assert (p["confidence"] == "high").all()

    (later,) = programme_counts(ds, period_for("2025-2028"))
    assert (later.total, later.known_by_name, later.complete) == (11, 2, False)
    assert programme_line(later.period, later.total, later.known_by_name, later.counted_as, "en") == (
        "Clusters 2025–2028: 11 funded, 2 of them known by name."
    )
    assert programme_line(later.period, later.total, later.known_by_name, later.counted_as, "da") == (
        "Klynger 2025–2028: 11 fik bevilling, 2 af dem kendt ved navn."
    )
    (first,) = programme_counts(ds, period_for("2021-2024"))
    assert (first.total, first.known_by_name, first.complete) == (14, 14, True)
    # today (2026-12-02) lies in 2025-28
    assert [c.period for c in programme_counts(ds, period_for("2026-12-02"))] == ["2025-2028"]


def test_ties(ds: Dataset) -> None:
    t = ds.ties.set_index("tie_id")
    assert list(t.index) == [f"CO0{i}" for i in range(1, 10)]
    assert t.loc["CO01", ["kind", "co_location"]].tolist() == ["co_location", "yes"]
    # We Build Denmark next to Erhvervshus Fyn in Munkebjerg Business Park: neighbours, not shared premises
    co03 = t.loc["CO03"]
    assert (co03["hub_id"], co03["cluster_id"], co03["co_location"], co03["confidence"]) == (
        "EHFYN",
        "WBD",
        "unknown",
        "medium",
    )
    assert co03["source_url"] == "https://www.campusodense.dk/om-aktoererne/we-build-denmark"
    assert "side om side med Erhvervshus Fyn i Munkebjerg Business Park" in co03["description"]
    assert "Campus Odense" in co03["notes"]
    # DLSC and Erhvervshus Fyn: a joint project, not an agreement element -> notes, not a tie
    assert not ((t["cluster_id"] == "DLSC") & (t["hub_id"] == "EHFYN")).any()
    for table, key in (("clusters", "DLSC"), ("hubs", "EHFYN")):
        df = ds.table(table).set_index("cluster_id" if table == "clusters" else "hub_id")
        notes = df.loc[key, "notes"]
        assert "Klyngeorganisation for bedre sundhed" in notes, table
        assert "20 May 2019 to 30 Apr 2021" in notes, table
        assert "https://udviklingidanmark.erhvervsstyrelsen.dk/klyngeorganisation-bedre-sundhed" in notes
    assert (t.loc[t["kind"] == "administrative_cooperation", "admin_cooperation"] == "yes").all()
    # nothing is "no": an element no source states is unknown
    for element in ("co_location", "seconded_staff", "joint_events", "admin_cooperation"):
        assert "no" not in set(t[element]), element
    assert (t["seconded_staff"] == "unknown").all()
    assert t.loc["CO09", ["valid_from", "valid_to"]].tolist() == ["2019-01-01", "2020-12-31"]
    assert t.loc["CO05", ["valid_from", "period_text"]].tolist() == [
        "2021",
        "c. 2021 (undated; 'about a year' after Oct 2020)",
    ]


def test_no_secondments_in_public_data(ds: Dataset) -> None:
    assert ds.secondments.empty
    assert list(ds.secondments.columns)[: len(schema.SECONDMENTS.columns)] == schema.SECONDMENTS.column_names


def test_population(ds: Dataset) -> None:
    pop = ds.population
    assert len(pop) == 98 * 3
    assert sorted(pop["year"].unique()) == [2021.0, 2022.0, 2023.0]
    assert (pop.groupby("kommunekode").size() == 3).all()
    assert set(pop["kommunekode"]) == set(ds.hub_areas["kommunekode"])
    assert pop["source_url"].str.startswith("https://api.statbank.dk/v1/data/FOLK1A").all()
    # the per-hub sums of 1 January 2023 given in the reference notes
    by_hub = ds.population_for(2023).groupby(ds.hub_areas.set_index("kommunekode")["hub_id"]).sum()
    assert by_hub.astype(int).to_dict() == {
        "EHHS": 1_891_778,
        "EHMJ": 1_358_879,
        "EHSJ": 849_857,
        "EHSYD": 772_348,
        "EHNJ": 594_634,
        "EHFYN": 465_065,
    }


def test_every_row_has_source_and_confidence(ds: Dataset) -> None:
    for table in schema.TABLES:
        df = ds.table(table.name)
        assert df["source_url"].str.match(r"https?://").all(), table.name
        assert df["confidence"].isin(["high", "medium", "low"]).all(), table.name


def test_no_example_rows_in_public_data(ds: Dataset) -> None:
    for table in schema.TABLES:
        df = ds.table(table.name)
        assert not df["is_example"].any()
        assert not (df["source_url"] == EXAMPLE_SOURCE).any()
        if "notes" in df:
            assert not df["notes"].str.startswith("EKSEMPEL").any()
        if table.key:
            assert not df[table.key].str.startswith("EX-").any()


def test_files_are_canonical_csv() -> None:
    for table in schema.TABLES:
        raw = (DATA / table.filename).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), table.filename
        assert b"\r" not in raw, table.filename
        text = raw.decode("utf-8")
        assert text.endswith("\n")
        assert next(csv.reader([text.split("\n", 1)[0]])) == table.column_names, table.filename


def readme_columns() -> dict[str, list[list[str]]]:
    """Section `### `x.csv`` -> rows of its column table (cells without backticks)."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^### `(\w+)\.csv`", line)
        if m:
            current = sections.setdefault(m.group(1), [])
        elif current is not None and line.startswith("| `"):
            current.append([c.strip().replace("`", "") for c in line.strip().strip("|").split("|")])
    return sections


def test_readme_documents_every_column() -> None:
    sections = readme_columns()
    assert set(sections) == {t.name for t in schema.TABLES}
    for table in schema.TABLES:
        rows = sections[table.name]
        assert [r[0] for r in rows] == table.column_names, table.name
        for col, (name, typ, required, allowed, description) in zip(table.columns, rows, strict=True):
            assert typ == col.type.value, (table.name, name)
            assert required == ("yes" if col.required else "no"), (table.name, name)
            got = tuple(a.strip() for a in allowed.split(",")) if allowed else ()
            assert got == col.allowed, (table.name, name)
            assert len(description) > 10, (table.name, name)


def test_readme_states_gaps_and_excel_decision() -> None:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert "is not identified" not in text
    for phrase in (
        "The 14th cluster, CenSec",
        "11 funded, 2 of them known by name",
        "MADE's office town is unknown",
        "No public source on seconded staff",
        "approximate town points",
        "November and December 2026",
        "CSV UTF-8 (kommasepareret)",
        "semicolon",
        "decimal commas",
        "Windows-1252",
    ):
        assert phrase in text, phrase


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not available")
def test_importer_reproduces_the_data(tmp_path: Path) -> None:
    script = config.PROJECT_ROOT / "tools" / "import_reference.py"
    subprocess.run(
        [sys.executable, str(script), "--reference", str(REFERENCE), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for table in schema.TABLES:
        assert (tmp_path / table.filename).read_bytes() == (DATA / table.filename).read_bytes(), (
            table.filename
        )
