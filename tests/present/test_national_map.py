"""The national map's content: layers, escaping, legend, table, and the offline HTML export."""

from __future__ import annotations

import re

import shapely

from klyngekort.core.periods import period_for
from klyngekort.core.selection import Selection, head_offices, hub_family, select
from klyngekort.geo.derive import display_hub_boundaries, display_hub_outlines
from klyngekort.present import export
from klyngekort.present.mapview import SYMBOLS, _script_json, esc, legend_html, render, symbol_svg
from klyngekort.present.national_map import (
    Layers,
    build_content,
    hub_points,
    table_of_view,
)

P2124 = period_for("2021-2024")


def _content(ds, geo, **kw):
    sel = kw.pop("selection", Selection(P2124))
    return build_content(ds, select(ds, sel), geo.display, attribution=geo.attribution, **kw)


def test_branches_belong_to_their_head_office(public_dataset):
    hubs = public_dataset.hubs
    heads = head_offices(hubs)
    assert set(heads) == set(hubs["hub_id"])
    assert {h for h, head in heads.items() if h == head} == set(
        hubs.loc[hubs["kind"] == "head_office", "hub_id"]
    )
    assert heads["EHHS_BOR"] == "EHHS" and heads["EHSJ_VOR"] == "EHSJ" and heads["EHFYN"] == "EHFYN"
    assert hub_family(hubs, "EHMJ") == ["EHMJ", "EHMJ_HER", "EHMJ_HOR"]
    assert hub_family(hubs, "EHFYN") == ["EHFYN"]
    assert hub_family(hubs, "EHMJ_HER") == ["EHMJ_HER"]
    assert head_offices(None) == {} and head_offices(hubs.iloc[:0]) == {}


def test_hub_points_one_builder_for_every_map(public_dataset):
    hubs = public_dataset.hubs
    pts = hub_points(hubs, "en")
    assert len(pts) == 12 and all(p.css_class == f"kk-hub kk-{p.symbol}" for p in pts)
    by_name = {p.tooltip.split("</b>")[0][3:]: p for p in pts}
    vor = by_name["Erhvervshus Sjælland – filial Vordingborg"]
    assert vor.symbol == "branch" and vor.tooltip.endswith("· Vordingborg")
    assert "<td>Business hub</td><td>Erhvervshus Sjælland</td>" in vor.popup  # its head office
    small = hub_points(hubs, "en", only=["EHSJ", "EHSJ_VOR"], shrink=4)
    assert [p.size for p in small] == [p.size - 4 for p in pts if p.tooltip in {q.tooltip for q in small}]
    assert len(small) == 2
    unplaced = hubs.copy()
    unplaced.loc[unplaced["hub_id"] == "EHFYN", "latitude"] = float("nan")
    assert len(hub_points(unplaced, "en")) == 11


def test_municipality_layer_classes_and_fills(public_dataset, layers):
    c = _content(public_dataset, layers)
    classes = [f["properties"]["c"] for f in c.municipalities["features"]]
    assert classes.count("kk-muni") == 98
    assert classes.count("kk-outside") == 1  # Christiansø
    fills = {f["properties"]["k"]: f["properties"]["f"] for f in c.municipalities["features"]}
    # Middelfart is coloured as Sydjylland, like Haderslev; Bornholm as Hovedstaden, like København.
    assert fills["0410"] == fills["0510"]
    assert fills["0400"] == fills["0101"]
    assert fills["0410"] != fills["0461"]  # not Fyn


def test_hub_boundaries_are_inner_borders_only(public_dataset, layers):
    mapping = dict(
        zip(public_dataset.hub_areas["kommunekode"], public_dataset.hub_areas["hub_id"], strict=True)
    )
    lines = display_hub_boundaries(layers.display, mapping)
    areas = display_hub_outlines(layers.display, mapping).set_index("hub_id").geometry
    assert len(lines) >= 1
    # Every vertex of every border lies on the boundary of at least two hub areas: no coastline.
    for geom in lines.geometry:
        pts = shapely.get_coordinates(geom)
        for x, y in pts[:: max(1, len(pts) // 50)]:
            p = shapely.Point(x, y)
            touching = sum(1 for a in areas if a.boundary.distance(p) < 1e-7)
            assert touching >= 2
    assert lines.to_crs(25832).length.sum() < 0.25 * areas.to_crs(25832).boundary.length.sum()


def test_payload_within_budget(public_dataset, layers):
    c = _content(public_dataset, layers)
    m = render(c)
    from streamlit_folium import _get_map_string

    m.get_root().render()
    assert len(_get_map_string(m).encode("utf-8")) <= 400_000


def test_hub_filter_dims_other_areas_and_zooms(public_dataset, layers):
    c = _content(public_dataset, layers, selection=Selection(P2124, hub_id="EHFYN"))
    (s, w), (n, e) = c.bounds
    assert 54.6 < s < 55.2 and 55.5 < n < 55.8 and 9.5 < w < 10.1 and 10.6 < e < 11.1
    fyn = {f["properties"]["k"]: f["properties"]["f"] for f in c.municipalities["features"]}
    assert fyn["0461"] != "#eceff1" and fyn["0751"] == "#eceff1"
    assert sum(1 for p in c.points if p.symbol == "head_office") == 1


def test_html_in_data_is_escaped(public_dataset, layers):
    ds = public_dataset
    evil = "<img src=x onerror=alert(1)>"
    hubs = ds.hubs.copy()
    hubs.loc[hubs["hub_id"] == "EHFYN", "name"] = evil
    sites = ds.sites.copy()
    sites.loc[sites.index[0], "town"] = evil
    ds2 = type(ds)(**{**ds.__dict__, "hubs": hubs, "sites": sites})
    c = _content(ds2, layers)
    m = render(c)
    html_text = m.get_root().render()
    assert evil not in html_text
    # The popup HTML holds the escaped text; inside the map's script data every <, > and & is a
    # \u escape as well (mapview._script_json), so neither form can become markup.
    assert esc(evil) in html_text or _script_json(esc(evil))[1:-1] in html_text
    table = table_of_view(select(ds2, Selection(P2124)), ds2)
    assert evil in set(table["navn"])  # the table keeps the text; st.dataframe shows it as text
    assert (
        "<img" not in export.to_csv_bytes(table.assign(navn="=cmd()")).decode("utf-8-sig").split("\n")[1][:6]
    )


def test_a_written_source_is_shown_where_the_url_is_escaped(public_dataset, layers):
    ds = public_dataset
    written = "Mail fra <b>direktøren</b> 1.12.2026"
    sites = ds.sites.copy()
    i = sites.index[sites["site_id"] == "CLEAN-SOENDERBORG"][0]
    sites.loc[i, "source_url"] = ""
    sites.loc[i, "source_text"] = written
    hubs = ds.hubs.copy()
    hubs.loc[hubs["hub_id"] == "EHFYN", "source_text"] = "& et møde"
    ds2 = type(ds)(**{**ds.__dict__, "sites": sites, "hubs": hubs})
    popups = [p.popup for p in _content(ds2, layers).points]
    (site,) = [p for p in popups if "direktøren" in p]
    assert (
        esc(written) in site
        and "<b>direktøren</b>" not in site
        and "href" not in site.split(esc(written))[0][-80:]
    )
    (hub,) = [p for p in popups if "et møde" in p]
    assert re.search(r'<a href="https://[^"]+"[^>]*>[^<]+</a>; &amp; et møde', hub)  # the link, then the text
    for lang, col in (("da", "skrevet kilde"), ("en", "written source")):
        table = table_of_view(select(ds2, Selection(P2124)), ds2, lang)
        assert written in set(table[col])  # as text: st.dataframe shows it as text, never as a link


def test_csv_export_neutralises_formulas():
    import pandas as pd

    df = pd.DataFrame({"a": ["=1+1", "+x", "-y", "@z", "ok", "Århus"], "n": [1, 2, 3, 4, 5, 6]})
    text = export.to_csv_bytes(df).decode("utf-8-sig")
    assert "'=1+1" in text and "'+x" in text and "'-y" in text and "'@z" in text
    assert "Århus" in text


def test_layers_and_legend(public_dataset, layers):
    c = _content(public_dataset, layers, layers=Layers(hubs=False, sites=True, co_locations=False))
    symbols = {p.symbol for p in c.points}
    assert "head_office" not in symbols and "co_location" not in symbols
    assert {"headquarters", "local_office"} <= symbols
    html_legend = legend_html(c.legend, "Signaturforklaring")
    assert "Erhvervshus Fyn" in html_legend and "Hovedsæde" in html_legend
    assert "<script" not in html_legend and not re.search(r"(src|href)=", html_legend)


def test_english_labels(public_dataset, layers):
    c = _content(public_dataset, layers, lang="en")
    labels = {e.label for e in c.legend}
    assert "Headquarters" in labels
    assert any("town-level location" in p.popup for p in c.points)


def test_symbols_are_distinct_svg():
    svgs = {s: symbol_svg(s, "#123456") for s in SYMBOLS}
    assert len(set(svgs.values())) == len(svgs) == 7
    assert all(v.startswith("<svg") for v in svgs.values())


def test_map_html_export_is_self_contained(public_dataset, layers):
    m = render(_content(public_dataset, layers))
    page = export.map_html(m, title="Klyngekort <test>")
    assert "L.geoJSON" in page and "Klyngekort &lt;test&gt;" in page
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"https?://", page)
    assert "leaflet" in page.lower() and len(page) > 140_000


def test_table_of_view_lists_unplaced_sites(public_dataset):
    view = select(public_dataset, Selection(P2124))
    table = table_of_view(view, public_dataset)
    assert len(table) == len(view.hubs) + len(view.sites) + len(view.secondments)
    unplaced = table[table["placering"] == "ukendt"]
    assert len(unplaced) == len(view.unplaced_sites) >= 1


def test_template_syntax_in_data_is_not_executed(public_dataset, layers):
    """Text from the data is never run as a Jinja template (on the server) nor as HTML."""
    from streamlit_folium import _get_header, _get_map_string

    ds = public_dataset
    hubs = ds.hubs.copy()
    hubs.loc[hubs["hub_id"] == "EHFYN", "name"] = "X{{ 7*7 }}Y{% if true %}Z"
    ds2 = type(ds)(**{**ds.__dict__, "hubs": hubs})
    m = render(_content(ds2, layers))
    page = m.get_root().render()
    assert "X{{ 7*7 }}Y{% if true %}Z" in page
    assert "X49Y" not in page
    assert "X{{ 7*7 }}Y" in _get_map_string(m) + _get_header(m)
    assert "X{{ 7*7 }}Y" in export.map_html(m)


def test_the_map_frame_is_a_page_of_its_own(public_dataset, layers):
    """axe-core audits the map's frame as a document: the map container is its main landmark,
    named by the legend's title, with that title as a hidden heading (no tab stop added)."""
    c = _content(public_dataset, layers)
    html_text = render(c).get_root().render()
    assert 'c.setAttribute("role", "main")' in html_text
    assert 'document.createElement("h1")' in html_text and ".kk-sr {" in html_text
    assert _script_json(c.legend_title) in html_text


def _stored(tmp_path, places, at: str = "2026-11-03T10:00:00+00:00"):
    """The public data as the app reads it: from a store, its seed import recorded at ``at``."""
    from klyngekort.core import config
    from klyngekort.store.data import DataStore

    store = DataStore(f"sqlite:///{tmp_path / 'data.sqlite3'}", clock=lambda: at)
    assert store.ensure_seeded(config.data_dir(), places)
    return store.load("public", places).dataset


def test_popups_say_when_each_fact_was_last_changed_and_link_its_history(tmp_path, places, layers):
    ds = _stored(tmp_path, places, "2026-11-03T23:30:00+00:00")  # 4 November in Denmark
    c = _content(ds, layers, lang="da")
    facts = [p for p in c.points if p.css_class.startswith(("kk-hub", "kk-site", "kk-secondment"))]
    assert len(facts) == len(c.points) > 20
    for p in facts:
        assert "<td>Pr.</td><td>04.11.2026 (senest ændret eller indlæst)</td>" in p.popup
        links = re.findall(r'<a class="kk-history" href="([^"]+)" target="_top">Historik</a>', p.popup)
        assert len(links) == 1 and links[0].startswith("../../historik?entity=")
    fyn = next(p for p in facts if "Erhvervshus Fyn" in p.tooltip)
    assert 'href="../../historik?entity=hubs&amp;row=EHFYN"' in fyn.popup
    site = next(p for p in facts if p.css_class.startswith("kk-site"))
    assert re.search(r'href="../../historik\?entity=sites&amp;row=[A-Z0-9%_-]+"', site.popup)
    en = _content(ds, layers, lang="en")
    assert "<td>As of</td><td>04 Nov 2026 (last changed or imported)</td>" in en.points[0].popup
    assert ">History</a>" in en.points[0].popup
    # in the map's HTML (what st_folium sends): the link, escaped for the script, and the handler
    # that follows it in the app's own window
    html_text = render(c).get_root().render()
    fyn_link = (
        '<a class="kk-history" href="../../historik?entity=hubs&amp;row=EHFYN" target="_top">Historik</a>'
    )
    assert _script_json(fyn_link)[1:-1] in html_text
    assert 'closest("a.kk-history")' in html_text and "window.top.document" in html_text
    # the offline HTML file keeps the dates and leaves out the links that lead nowhere outside the app
    page = export.map_html(render(c))
    assert "04.11.2026" in page and "historik?entity" not in page
    assert '\\u003ca class=\\"kk-history' not in page and '\\u003ca class=\\"kk-history' in html_text
    # the table under the map has the same date per row
    table = table_of_view(select(ds, Selection(P2124)), ds, "da")
    assert set(table["pr. (ændret/indlæst)"]) == {"04.11.2026"}


def test_history_link_escapes_the_row_id():
    from klyngekort.present.mapview import record_rows

    rows = record_rows({"sites": {'A&B"<x>': "2026-01-02T00:00:00+00:00"}}, "sites", 'A&B"<x>', "da")
    assert rows[0] == ("Pr.", "02.01.2026 (senest ændret eller indlæst)")
    assert 'href="../../historik?entity=sites&amp;row=A%26B%22%3Cx%3E" target="_top"' in rows[1][1]
    assert record_rows({}, "sites", "X", "da") == []  # data from files: no date, no history


def test_files_have_no_dates_and_no_links(public_dataset, layers):
    c = _content(public_dataset, layers)
    assert not any("kk-history" in p.popup or "<td>Pr.</td>" in p.popup for p in c.points)
    table = table_of_view(select(public_dataset, Selection(P2124)), public_dataset, "da")
    assert set(table["pr. (ændret/indlæst)"]) == {""}
