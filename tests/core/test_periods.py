"""The default period: the programme period containing today (core.periods.current_period),
and the one clock (core.config.today, $KLYNGEKORT_TODAY)."""

from __future__ import annotations

from datetime import date

import pytest

from klyngekort.core import config
from klyngekort.core.messages import MessageValueError
from klyngekort.core.periods import PROGRAMME_PERIODS, current_period


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 12, 2), "2025-2028"),
        (date(2025, 1, 1), "2025-2028"),
        (date(2024, 12, 31), "2021-2024"),
        (date(2021, 1, 1), "2021-2024"),
        (date(2020, 6, 1), "2021-2024"),  # before every period: the nearest, the first
        (date(1990, 1, 1), "2021-2024"),
        (date(2029, 1, 1), "2025-2028"),  # after every period: the nearest, the last
        (date(2100, 1, 1), "2025-2028"),
    ],
)
def test_current_period(today, period):
    assert current_period(today) == period
    assert current_period(today) in PROGRAMME_PERIODS


def test_today_is_the_computers_date_unless_fixed(monkeypatch):
    monkeypatch.delenv("KLYNGEKORT_TODAY", raising=False)
    assert config.today() == date.today()
    monkeypatch.setenv("KLYNGEKORT_TODAY", " 2023-05-01 ")
    assert config.today() == date(2023, 5, 1)
    monkeypatch.setenv("KLYNGEKORT_TODAY", "")
    assert config.today() == date.today()


def test_a_bad_clock_is_an_error_with_a_message(monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_TODAY", "2026-13-01")
    with pytest.raises(MessageValueError) as err:
        config.today()
    assert err.value.code == "period.bad_today" and err.value.params["value"] == "2026-13-01"
