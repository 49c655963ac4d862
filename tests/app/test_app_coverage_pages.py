"""Streamlit AppTest for the coverage pages: Dækning, Erhvervshus, Klynge, Sammenlign, Huller."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, open_page

PAGES = [
    "pages/daekning.py",
    "pages/erhvervshus.py",
    "pages/klynge.py",
    "pages/sammenlign.py",
    "pages/huller.py",
]
TITLES = {
    "pages/daekning.py": {"da": "Dækning", "en": "Coverage"},
    "pages/erhvervshus.py": {"da": "Erhvervshus", "en": "Business hub"},
    "pages/klynge.py": {"da": "Klynge", "en": "Cluster"},
    "pages/sammenlign.py": {"da": "Sammenlign", "en": "Compare"},
    "pages/huller.py": {"da": "Huller", "en": "Gaps"},
}
BANNER = {"da": "EKSEMPELDATA", "en": "EXAMPLE DATA"}
METHOD = {"da": "Metode", "en": "Method"}


def _run(page: str, **query: str) -> AppTest:
    return open_page(page, query)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("data", "lang"), [("public", "da"), ("example", "da"), ("public", "en")])
def test_page_runs(page, data, lang):
    at = _run(page, data=data, lang=lang)
    _ok(at)
    assert at.title[0].value == TITLES[page][lang]
    assert any(BANNER[lang] in w.value for w in at.warning) == (data == "example")
    # The method is explained where the figures are, in the page's language.
    assert any(e.label == METHOD[lang] for e in at.expander)
    first_line = {"da": ("Afstand: ", "Erhvervshusområde: "), "en": ("Distance: ", "Hub area: ")}[lang]
    assert any(i.value.startswith(first_line) for i in at.info)
    # Every table can be downloaded as CSV and Excel.
    n_tables = len(at.dataframe)
    buttons = at.get("download_button")
    assert n_tables >= 1 and len(buttons) >= 2 * n_tables


def test_daekning_radius_changes_figures():
    at = _run("pages/daekning.py", period="2021-2024")
    _ok(at)
    before = _metrics(at)
    assert before["Klynger"] == "14"  # CenSec included: in the period, with no known location
    assert any("højst 40 km" in i.value for i in at.info)
    at.slider(key="cov_radius").set_value(100).run()
    _ok(at)
    after = _metrics(at)
    assert at.query_params["radius"] in ("100", ["100"])
    assert any("højst 100 km" in i.value for i in at.info)
    assert int(after["Kommuner uden klynge"]) < int(before["Kommuner uden klynge"])

    def mean(m):
        return float(m["Klynger pr. indbygger, gns."].replace(",", "."))

    assert mean(after) > mean(before)
    # Back to 40 km: the same figures as before (cached, not drifting).
    at.slider(key="cov_radius").set_value(40).run()
    assert _metrics(at) == before


def test_daekning_hub_area_mode_and_indicator():
    at = _run("pages/daekning.py", mode="hub_area", ind="nearest_km")
    _ok(at)
    assert any("Erhvervshusområde:" in i.value for i in at.info)
    assert at.selectbox(key="cov_indicator").value == "nearest_km"
    # In hub-area mode a cluster with a site in the area covers all of it: no island caption.
    assert not any("fast forbindelse til fastlandet" in c.value for c in at.caption)


def test_daekning_islands_flagged_in_straight_line_mode():
    at = _run("pages/daekning.py")
    assert any("Bornholm" in c.value and "fast forbindelse" in c.value for c in at.caption)


def test_hub_pick_changes_key_figures():
    at = _run("pages/erhvervshus.py", hub="EHHS")
    _ok(at)
    hs = _metrics(at)
    assert hs["Kommuner"] == "29"
    assert at.header[0].value == "Erhvervshus Hovedstaden"
    at.selectbox(key="eh_hub").set_value("EHFYN").run()
    _ok(at)
    fyn = _metrics(at)
    assert fyn["Kommuner"] == "9"
    assert fyn["Indbyggere"] != hs["Indbyggere"]
    assert at.header[0].value == "Erhvervshus Fyn"
    assert at.query_params["hub"] in ("EHFYN", ["EHFYN"])


def test_hub_page_english_numbers():
    at = _run("pages/erhvervshus.py", hub="EHHS", lang="en")
    _ok(at)
    assert _metrics(at)["Population"] == "1,891,778"
    da = _run("pages/erhvervshus.py", hub="EHHS")
    assert _metrics(da)["Indbyggere"] == "1.891.778"


def test_cluster_page_figures_and_warnings():
    at = _run("pages/klynge.py", cluster="ECD")
    _ok(at)
    m = _metrics(at)
    assert m["Kommuner dækket"].endswith("af 98")
    assert m["Andel dækket"].endswith(" %")
    # The website is a link showing its host, not an escaped autolink with backslashes.
    assert any("[www\\.energycluster\\.dk](https://www.energycluster.dk)" in c.value for c in at.caption)
    at = _run("pages/klynge.py", cluster="MADE")
    _ok(at)
    assert any("ingen kendt placering" in w.value for w in at.warning)
    assert _metrics(at)["Indbyggere dækket"] == "0"
    # MARLOG ceased in 2022: not part of 2025–2028.
    at = _run("pages/klynge.py", cluster="MARLOG", period="2025-2028")
    _ok(at)
    assert any("ikke med i den valgte periode" in w.value for w in at.warning)


def test_compare_needs_two_hubs_and_shows_them_side_by_side():
    at = _run("pages/sammenlign.py", hubs="EHHS")
    _ok(at)
    assert any("mindst to" in i.value for i in at.info)
    at = _run("pages/sammenlign.py", hubs="EHHS,EHFYN,EHNJ")
    _ok(at)
    values = [m.value for m in at.metric if m.label == "Kommuner"]
    assert values == ["29", "9", "11"]


def test_gaps_page_ranked():
    at = _run("pages/huller.py")
    _ok(at)
    m = _metrics(at)
    assert int(m["Huller (område × klynge)"]) > 0
    gaps = at.dataframe[0].value
    assert list(gaps["nr."]) == list(range(1, len(gaps) + 1))
    at = _run("pages/huller.py", hub="EHFYN")
    assert set(at.dataframe[0].value["erhvervshus"]) == {"Erhvervshus Fyn"}


def _travel_csv(layers) -> bytes:
    """Minutes between the municipalities' centre points at 60 km/h plus 10 minutes."""
    m = layers.municipalities
    m = m[~m["outside_division"]]
    codes = m["kommunekode"].tolist()
    x, y = m["label_x"].to_numpy(), m["label_y"].to_numpy()
    km = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :]) / 1000
    rows = ["from_kommunekode,to_kommunekode,minutes"]
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            rows.append(f"{a},{b},{km[i, j] + 10:.1f}")
    return "\n".join(rows).encode()


def test_travel_time_upload(layers):
    at = _run("pages/daekning.py", crit="min")
    _ok(at)
    assert any("Upload en rejsetidstabel" in i.value for i in at.info)
    assert any("højst 40 km" in i.value for i in at.info)  # km until a table is given
    at.file_uploader(key="cov_tt_upload").set_value(("rejsetider.csv", _travel_csv(layers), "text/csv")).run()
    _ok(at)
    assert any("højst 45 minutter" in i.value for i in at.info)
    assert "Rejsetid til nærmeste klynge" in at.selectbox(key="cov_indicator").options
    at.selectbox(key="cov_indicator").set_value("nearest_min").run()
    _ok(at)
    # Islands are not flagged when travel times are used.
    assert not any("fast forbindelse til fastlandet" in c.value for c in at.caption)


def test_bad_travel_time_file_is_reported_not_raised():
    at = _run("pages/daekning.py", crit="min")
    at.file_uploader(key="cov_tt_upload").set_value(
        ("bad.csv", b"from_kommunekode,to_kommunekode,minutes\n0101,0147,abc\n", "text/csv")
    ).run()
    assert not at.exception
    assert any("Rejsetidstabellen har fejl" in e.value for e in at.error)
    assert any("højst 40 km" in i.value for i in at.info)


EVIL = "[x](http://evil) ![i](http://evil/i.png) **b**"
EVIL_SHOWN = "\\[x\\]\\(http://evil\\) \\!\\[i\\]\\(http://evil/i\\.png\\) \\*\\*b\\*\\*"


def _rendered(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "warning",
        "error",
        "info",
        "success",
    ):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(m.help or "") for m in at.metric]
    out += [str(b.label) for b in at.button]
    return out


@pytest.fixture()
def evil_data(tmp_path, monkeypatch):
    """The public data with a cluster and every hub named with markdown (a link, a remote image, bold)."""
    import csv
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)

    def rename(file: str, key: str, only: str | None) -> None:
        path = data / file
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0])
        for r in rows:
            if only is None or r[key] == only:
                r["name"] = f"{EVIL} {r['name']}"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)

    rename("clusters.csv", "cluster_id", "ECD")
    rename("hubs.csv", "hub_id", None)
    monkeypatch.setenv("KLYNGEKORT_DATA", str(data))


def test_names_from_the_data_are_not_rendered_as_markdown(evil_data):
    pages = [
        ("pages/klynge.py", {"cluster": "ECD"}),
        ("pages/erhvervshus.py", {"hub": "EHHS"}),
        ("pages/sammenlign.py", {"hubs": "EHHS,EHFYN"}),
        ("pages/huller.py", {}),
        ("pages/daekning.py", {}),
    ]
    for page, query in pages:
        at = _run(page, **query)
        _ok(at)
        texts = _rendered(at)
        # no markdown link or image made from the data (the cluster's own web site may be linked)
        assert not any("](http://evil" in x for x in texts), (page, [x for x in texts if "evil" in x])
        if page != "pages/daekning.py":  # the names are shown, as typed
            assert any(EVIL_SHOWN in x for x in texts), (page, texts)


def test_uploaded_file_name_is_not_rendered_as_markdown(layers):
    # 2021–2024: no programme note, whose source is the page's one real markdown link
    at = _run("pages/daekning.py", crit="min", period="2021-2024")
    at.file_uploader(key="cov_tt_upload").set_value((f"{EVIL}.csv", _travel_csv(layers), "text/csv")).run()
    _ok(at)
    assert any("højst 45 minutter" in i.value for i in at.info)  # the table is in use
    assert EVIL_SHOWN in at.button(key="cov_tt_clear").label
    assert any(EVIL_SHOWN in c.value for c in at.caption)
    assert not any("](" in x for x in _rendered(at))


def test_map_html_download_is_built_only_when_clicked():
    at = _run("pages/daekning.py")
    _ok(at)
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("coverage_map_html"))
    # made only when clicked (deferred), and clicking it does not rerun the page
    assert button.proto.deferred_file_id and not button.proto.url
    assert button.proto.ignore_rerun
