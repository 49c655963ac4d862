"""Streamlit AppTest: the default period follows today's date, the note and offer when most
clusters' status is unknown, the rows' "pr." dates, and the map as of a past date."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from klyngekort.core import config
from klyngekort.store.data import DataStore, RowEdit
from tests.conftest import open_page

MAP = "pages/danmarkskort.py"
OFFER = "prog_show_known"


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _offers(at: AppTest) -> list:
    return [b for b in at.button if b.key == OFFER]


def test_the_default_period_contains_today_and_says_most_status_is_unknown():
    """Today is 2026-12-02 (the tests' clock): the map opens on 2025–2028, says plainly that
    most clusters' status is unknown, and offers 2021–2024 without switching to it."""
    at = open_page(MAP)
    _ok(at)
    assert at.radio(key="period_choice").value == "2025-2028"
    assert "period" not in at.query_params  # the default stays out of the link
    notes = [i.value for i in at.info if "De fleste klyngers status i 2025–2028 er ukendt" in i.value]
    assert len(notes) == 1 and "11 fik bevilling, 2 af dem kendt ved navn" in notes[0]
    assert "De øvrige" not in notes[0]  # said once, plainly
    assert at.toggle(key="asof_on").value is False  # the first run seeded the store: it has a past
    (offer,) = _offers(at)
    assert offer.label == "Vis 2021–2024 (seneste periode med kendte data)"

    offer.click().run()
    _ok(at)
    assert at.query_params["period"] == "2021-2024"
    assert at.radio(key="period_choice").value == "2021-2024"
    assert _metrics(at)["Klynger"] == "14"
    assert not _offers(at) and not [i for i in at.info if "De fleste" in i.value]


def test_the_note_and_offer_in_english():
    at = open_page(MAP, {"lang": "en"})
    _ok(at)
    assert any("Most clusters' status in 2025–2028 is unknown" in i.value for i in at.info)
    (offer,) = _offers(at)
    assert offer.label == "Show 2021–2024 (latest period with known data)"


@pytest.mark.parametrize(
    ("today", "period"),
    [
        ("2023-05-01", "2021-2024"),
        ("2025-01-01", "2025-2028"),
        ("2031-06-01", "2025-2028"),
        ("2019-01-01", "2021-2024"),
    ],
)
def test_the_clock_decides_the_default(monkeypatch, today, period):
    monkeypatch.setenv("KLYNGEKORT_TODAY", today)
    at = open_page(MAP)
    _ok(at)
    assert at.radio(key="period_choice").value == period
    assert bool(_offers(at)) == (period == "2025-2028")


def test_a_bad_clock_is_said_and_the_computers_date_used(monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_TODAY", "i går")
    at = open_page(MAP)
    assert not at.exception
    assert any("KLYNGEKORT_TODAY='i går' er ikke en dato" in e.value for e in at.sidebar.error)


@pytest.fixture
def history():
    """The app's store with a recorded past: the seed import on 10 January 2026, and on
    1 November 2026 a site deleted and a hub's town changed."""
    days = iter(["2026-01-10T09:00:00+00:00", "2026-11-01T09:00:00+00:00"])
    store = DataStore(config.database_url(), clock=lambda: next(days))
    assert store.ensure_seeded(config.data_dir())
    store.save(
        [
            RowEdit("sites", "delete", "CLEAN-SOENDERBORG", version=1),
            RowEdit("hubs", "change", "EHFYN", values={"address": "Nyt sted 1"}, version=1),
        ],
        user="test",
        reason="test",
        source="https://example.org/kilde",
        confidence="high",
    )
    return store


def test_the_map_as_of_a_past_date(history):
    now = open_page(MAP, {"period": "2021-2024"})
    _ok(now)
    then = open_page(MAP, {"period": "2021-2024", "asof": "2026-06-01"})
    _ok(then)
    assert int(_metrics(then)["Klyngeadresser"]) == int(_metrics(now)["Klyngeadresser"]) + 1
    banner = [w.value for w in then.warning if "Historiske data" in w.value]
    expected = (
        "**Historiske data:** kortet og tallene viser data, som de stod pr. 01.06.2026 (ved dagens "
        "slutning), ikke de nuværende."
    )
    assert banner == [expected]
    assert then.toggle(key="asof_on").value is True
    assert not [w for w in now.warning if "Historiske data" in w.value]
    # each row's date, as of the day shown: the seed import before the change
    table = next(df.value for df in then.dataframe if "pr. (ændret/indlæst)" in df.value.columns)
    assert set(table["pr. (ændret/indlæst)"]) == {"10.01.2026"}
    table = next(df.value for df in now.dataframe if "pr. (ændret/indlæst)" in df.value.columns)
    assert table.set_index("id").at["EHFYN", "pr. (ændret/indlæst)"] == "01.11.2026"
    # back to the current data: the link loses asof
    then.button(key="asof_back").click().run()
    _ok(then)
    assert "asof" not in then.query_params and then.toggle(key="asof_on").value is False
    assert _metrics(then)["Klyngeadresser"] == _metrics(now)["Klyngeadresser"]


def test_as_of_is_not_carried_to_the_next_page(history):
    at = open_page(MAP, {"asof": "2026-06-01", "period": "2021-2024"})
    _ok(at)
    for k in list(at.query_params):  # what the browser does on a page change
        del at.query_params[k]
    at.switch_page("pages/daekning.py")
    at.run()
    _ok(at)
    assert "asof" not in at.query_params and at.toggle(key="asof_on").value is False
    assert not [w for w in at.warning if "Historiske data" in w.value]


@pytest.mark.parametrize(
    ("raw", "shown"), [("2020-01-01", "10.01.2026"), ("2027-05-01", "02.12.2026"), ("ikke-en-dato", "")]
)
def test_an_unusable_as_of_is_reported(history, raw, shown):
    at = open_page(MAP, {"asof": raw})
    _ok(at)
    notes = [w.value for w in at.warning if "Linket angav" in w.value]
    assert len(notes) == 1 and "data pr\\. dato" in notes[0], notes
    if shown:
        assert shown.replace(".", "\\.") in notes[0]
        assert at.query_params["asof"] == "-".join(reversed(shown.split(".")))
    else:
        assert "asof" not in at.query_params
