"""Streamlit AppTest: a hand-edited or hostile link never crashes a page.

Every page is opened (through app.py and ``switch_page``, as a browser would) with URL
parameters that are out of range, not finite, not numbers, unknown ids or markdown.
The page must run to the end without an exception (no traceback), and text from the
URL must not be rendered as markdown (a link or a remote image).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from klyngekort.present.i18n import t
from tests.conftest import open_page

PAGES = {  # page -> its title key (see app.py)
    "pages/danmarkskort.py": "page_map",
    "pages/daekning.py": "page_coverage",
    "pages/erhvervshus.py": "page_hub",
    "pages/klynge.py": "page_cluster",
    "pages/sammenlign.py": "page_compare",
    "pages/huller.py": "page_gaps",
    "pages/data.py": "page_data",
    "pages/planlaegning.py": "page_planner",
}

EVIL = "[x](http://evil) ![i](http://evil/i.png) **b** <img src=x>"

# Several bad values per run (every page reads all the parameters it knows), chosen so
# that each branch is taken once: the date picker (a period that is a date), the km
# slider and the minutes slider (crit=min), the planner's recommendation view (k).
BAD = {
    "too_low": dict(
        period="2018-01-01",
        radius="-1e999",
        k="-5",
        view="recommend",
        cluster="NOPE",
        hub="NOPE",
        hubs="NOPE,,",
    ),
    "too_high": dict(
        period="2031-01-01", radius="1e999", r="inf", k="1e999", view="recommend", lang="xx", data="zzz"
    ),
    "not_finite": dict(
        period="9999-99-99",
        radius="nan",
        crit="min",
        min="1e999",
        k="nan",
        view="compare",
        mode="zzz",
        ind="nearest_min",
    ),
    "minutes_nan": dict(period="0001-01-01", radius="inf", crit="min", min="nan", view="scenario", ind="zzz"),
    "garbage": dict(
        period="zzz",
        radius="abc",
        hub="<b>",
        hubs="EHHS,NOPE",
        cluster="",
        clusters="NOPE,,ECD",
        areas="NOPE|",
        k="abc",
        scenario=EVIL,
        mode="zzz",
        crit="zzz",
        ind="zzz",
        lang="xx",
        data="zzz",
        view="zzz",
        cand="zzz",
        unknown="zzz",
    ),
}


def _run(page: str, query: dict[str, str]) -> AppTest:
    return open_page(page, query)


def _texts(at: AppTest) -> list[str]:
    """Every text element Streamlit renders as markdown."""
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
    return out


@pytest.mark.parametrize("case", list(BAD))
@pytest.mark.parametrize("page", list(PAGES))
def test_bad_url_values_never_crash(page, case):
    at = _run(page, BAD[case])
    assert not at.exception, [e.value for e in at.exception]
    # the page itself ran (not only the navigation)
    assert at.title and at.title[0].value in (t(PAGES[page], "da"), t(PAGES[page], "en"))
    # nothing from the URL became a link or an image (links to the data's own web sites may be shown)
    assert not any("](http://evil" in text for text in _texts(at)), [t for t in _texts(at) if "evil" in t]


def test_out_of_range_date_is_clamped_into_the_picker():
    at = _run("pages/daekning.py", {"period": "2018-06-01"})
    assert not at.exception
    assert str(at.date_input(key="period_day").value) == "2019-01-01"
    at = _run("pages/daekning.py", {"period": "2031-01-01"})
    assert str(at.date_input(key="period_day").value) == "2030-12-31"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"radius": "inf"}, 40),  # not finite: the default
        ({"radius": "1e999"}, 40),
        ({"radius": "nan"}, 40),
        ({"radius": "500"}, 150),  # finite: clamped
        ({"radius": "-3"}, 10),
        ({"radius": "62.4"}, 62),
        ({"r": "100"}, 100),  # the key of older links still works …
    ],
)
def test_radius_from_the_url_is_one_parameter(query, expected):
    at = _run("pages/daekning.py", query)
    assert not at.exception
    assert at.slider(key="cov_radius").value == expected
    assert "r" not in at.query_params  # … and is replaced by `radius`


def test_planner_reads_the_same_radius():
    at = _run("pages/planlaegning.py", {"radius": "nan"})
    assert not at.exception
    assert at.slider(key="cov_radius").value == 40
    at = _run("pages/planlaegning.py", {"radius": "90"})
    assert at.slider(key="cov_radius").value == 90


def test_unknown_scenario_id_is_shown_as_text():
    at = _run("pages/planlaegning.py", {"scenario": EVIL})
    assert not at.exception
    shown = [w.value for w in at.warning if "findes ikke" in w.value]
    assert len(shown) == 1
    assert "\\[x\\]\\(http://evil\\)" in shown[0] and "\\!\\[i\\]" in shown[0] and "\\*\\*b\\*\\*" in shown[0]
