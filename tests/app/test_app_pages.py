"""Streamlit AppTest: every page runs without exception on both datasets, in both languages."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from klyngekort.present import assets
from tests.conftest import ROOT, open_page

PAGES = ["pages/danmarkskort.py", "pages/data.py"]


def _run(page: str, **query: str) -> AppTest:
    return open_page(page, query)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("data", ["public", "example"])
def test_page_runs(page, data):
    at = _run(page, data=data)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    if data == "example":
        assert any("EKSEMPELDATA" in w.value for w in at.warning)
    else:
        assert not any("EKSEMPELDATA" in w.value for w in at.warning)


def test_map_page_counts_and_english():
    at = _run("pages/danmarkskort.py", lang="en", period="2021-2024")
    assert at.title[0].value == "Map of Denmark"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Hubs and branches"] == "12"
    assert metrics["Clusters"] == "14"  # 2021-2024: all 14 appointed clusters, CenSec included


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        ("pages/danmarkskort.py", {}, "Klynger 2025–2028: 11 fik bevilling, 2 af dem kendt ved navn."),
        ("pages/danmarkskort.py", {"lang": "en"}, "Clusters 2025–2028: 11 funded, 2 of them known by name."),
        (
            "pages/klynge.py",
            {"lang": "en", "cluster": "DSC"},
            "Clusters 2025–2028: 11 funded, 2 of them known by name.",
        ),
        # a day in 2025-28 (today, 2026-12-02) is in that programme too
        (
            "pages/daekning.py",
            {"period": "2026-12-02"},
            "Klynger 2025–2028: 11 fik bevilling, 2 af dem kendt ved navn.",
        ),
    ],
)
def test_2025_2028_says_how_many_clusters_are_known(page, query, expected):
    at = _run(page, **{"period": "2025-2028", **query})
    assert not at.exception, [e.value for e in at.exception]
    assert [c.value for c in at.sidebar.caption if "2025–2028" in c.value] == [expected]
    (note,) = [i.value for i in at.info if expected in i.value]
    assert ("unknown" if query.get("lang") == "en" else "ukendt") in note
    assert "dfir.faellesweb.dk" in note  # the source of the count


def test_2021_2024_all_clusters_known_by_name():
    at = _run("pages/danmarkskort.py", period="2021-2024")
    assert "Klynger 2021–2024: 14 udpeget, alle kendt ved navn." in [c.value for c in at.sidebar.caption]
    assert not [i.value for i in at.info if "kendt ved navn" in i.value]  # nothing missing: no note


def test_hub_filter_reduces_counts():
    at = _run("pages/danmarkskort.py", hub="EHFYN")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Erhvervshuse og filialer"] == "1"
    assert int(metrics["Klyngeadresser"]) < 43


def test_map_component_links_are_local():
    """Every JS/CSS file the map component loads comes from our own static folder."""
    from streamlit_folium import st_folium  # noqa: F401  (the component we feed)

    from klyngekort.core.loading import load_dataset
    from klyngekort.core.periods import period_for
    from klyngekort.core.selection import Selection, select
    from klyngekort.geo.cache import load_layers
    from klyngekort.present.mapview import render
    from klyngekort.present.national_map import build_content

    layers = load_layers()
    ds = load_dataset(places=layers.places).dataset
    m = render(build_content(ds, select(ds, Selection(period_for("2021-2024"))), layers.display))
    m.render()
    links = []

    def walk(el):
        links.extend(src for _, src in getattr(el, "default_js", []))
        links.extend(href for _, href in getattr(el, "default_css", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    assert links, "the map must load Leaflet"
    assert all(link.startswith(assets.STATIC_URL + "/vendor/") for link in links), links
    html = m.get_root().render()
    assert not re.search(r"(src|href)=\"https?://", html), "no external script or stylesheet"


def test_bad_data_keeps_last_good_map(tmp_path, monkeypatch):
    """Errors in the stored data (here written around the store's validation, as a database
    tool could) are listed as file:line:field, and the map keeps the last good data."""
    import sqlalchemy as sa

    from klyngekort.core import config
    from klyngekort.store import db

    at = _run("pages/danmarkskort.py", period="2021-2024")
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Klynger"] == "14"

    engine = db.engine_for(config.database_url())
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE data_sites SET kommunekode = '9999' WHERE row_id = 'CLEAN-SOENDERBORG'"))
        conn.execute(sa.text("UPDATE store_state SET revision = revision + 1"))
    at = _run("pages/danmarkskort.py", period="2021-2024")
    assert not at.exception
    messages = " ".join(c.value for c in at.code)
    assert "sites.csv:2:kommunekode" in messages
    assert any("seneste gyldige data" in e.value for e in at.error)
    # The map and its figures are still there, from the last good load.
    assert {m.label: m.value for m in at.metric}["Klynger"] == "14"


def test_missing_geodata_explains_how_to_get_dagi(tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_GEODATA", str(tmp_path / "nowhere"))
    at = _run("pages/danmarkskort.py")
    assert not at.exception
    assert sum("DAGI" in e.value for e in at.error) == 1  # said once, not per loader
    shown = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as markdown draws it (data text is escaped)
    assert f"Geodata-stien {tmp_path / 'nowhere'} findes ikke (ledte efter kommunegrænser)" in shown
    assert sum("Klimadatastyrelsen" in i.value for i in at.info) == 1
    assert not at.metric  # no map without boundaries
    at = _run("pages/danmarkskort.py", lang="en")
    assert f"The geodata path {tmp_path / 'nowhere'} does not exist" in re.sub(
        r"\\(.)", r"\1", at.error[0].value
    )


def test_layers_and_colouring_come_from_the_url():
    at = _run("pages/danmarkskort.py", hide="hubs,seconded", color="area")
    assert not at.exception
    assert at.checkbox(key="lay_hubs").value is False
    assert at.checkbox(key="lay_seconded").value is False
    assert at.checkbox(key="lay_sites").value is True
    assert at.radio(key="color_by").value == "area"
    at.checkbox(key="lay_hubs").check().run()
    assert at.query_params["hide"] in ("seconded", ["seconded"])


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("da", "Hvor hver klynge er: hovedsæder, lokalkontorer"),
        ("en", "Where each cluster is: headquarters, local offices"),
    ],
)
def test_data_page_describes_the_files_in_the_chosen_language(lang, text):
    at = _run("pages/data.py", lang=lang)
    captions = [c.value for c in at.caption]
    assert any(c.startswith(text) for c in captions), captions
    other = "Where each cluster is" if lang == "da" else "Hvor hver klynge er"
    assert not any(other in c for c in captions)


@pytest.mark.parametrize(
    ("lang", "expected", "other"),
    [
        ("da", "'12x' er ikke en kommunekode (4 cifre, fx 0101)", "is not a municipality code"),
        ("en", "'12x' is not a municipality code (4 digits, e.g. 0101)", "er ikke en kommunekode"),
    ],
)
def test_data_checker_speaks_the_chosen_language(lang, expected, other):
    """The checker on the Data page words each problem of an uploaded file in the user's language,
    as ``file:line:field: message``."""
    lines = (ROOT / "data" / "sites.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("kommunekode")] = "12x"
    data = "\n".join([lines[0], ",".join(row), *lines[2:]]).encode("utf-8")
    at = _run("pages/data.py", lang=lang)
    at.file_uploader(key="check_upload").set_value([("sites.csv", data, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(c.value for c in at.code)
    assert re.search(r"sites\.csv:2:kommunekode: " + re.escape(expected), shown), shown
    assert other not in shown
