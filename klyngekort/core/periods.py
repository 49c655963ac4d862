"""Programme periods and reduced-precision ISO dates (``2021``, ``2022-03``, ``2022-03-17``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from klyngekort.core.messages import MessageValueError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_iso(text: str) -> tuple[date, date] | None:
    """Return the first and last day a reduced-precision ISO date stands for.

    ``"2021"`` -> (2021-01-01, 2021-12-31); ``"2022-03"`` -> (2022-03-01, 2022-03-31).
    Returns ``None`` for text that is not such a date (including impossible dates).
    """
    m = _ISO.match(text.strip())
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


@dataclass(frozen=True)
class Period:
    """A closed date interval used to filter what is shown."""

    key: str
    start: date
    end: date

    def overlaps(self, valid_from: str, valid_to: str) -> bool:
        """True when a row valid from ``valid_from`` to ``valid_to`` (ISO text, may be
        empty) is in force at some time in this period. An unknown start counts as
        "in force" (it is shown, with its period marked unknown); an empty end is open."""
        start = parse_iso(valid_from) if valid_from else None
        end = parse_iso(valid_to) if valid_to else None
        if start is not None and start[0] > self.end:
            return False
        return not (end is not None and end[1] < self.start)


PROGRAMME_PERIODS: dict[str, Period] = {
    "2021-2024": Period("2021-2024", date(2021, 1, 1), date(2024, 12, 31)),
    "2025-2028": Period("2025-2028", date(2025, 1, 1), date(2028, 12, 31)),
}


def period_for(key: str) -> Period:
    """A programme period (``2021-2024``, ``2025-2028``) or a single ISO day."""
    if key in PROGRAMME_PERIODS:
        return PROGRAMME_PERIODS[key]
    parsed = parse_iso(key)
    if parsed is None or parsed[0] != parsed[1]:
        raise MessageValueError("period.unknown", value=key)
    return Period(key, parsed[0], parsed[0])


def current_period(today: date) -> str:
    """The programme period that contains ``today`` (``2025-2028`` on 2026-12-02). A day
    outside every programme period gives the nearest one (before the first: the first;
    after the last: the last). Pure: the caller says what "today" is
    (:func:`klyngekort.core.config.today`)."""
    periods = sorted(PROGRAMME_PERIODS.values(), key=lambda p: p.start)
    for p in periods:
        if p.start <= today <= p.end:
            return p.key

    def distance(p: Period) -> int:
        return (p.start - today).days if today < p.start else (today - p.end).days

    return min(periods, key=distance).key
