"""Words for what the lower layers report as data, in the reader's language.

* :func:`message_text` – a :class:`~klyngekort.core.model.Message` (or an
  :class:`~klyngekort.core.model.Issue`'s or a
  :class:`~klyngekort.core.model.MessageError`'s message) from its template in
  :mod:`klyngekort.present.messages`;
* :func:`issue_text` / :func:`issues_text` – an issue as ``file:line:field: message``, the
  one form used by the pages and by the ``klyngekort`` command;
* :func:`describe_method` – which coverage method is in use;
* :func:`change_text` – one scenario change in a line.

Everything goes through :func:`klyngekort.present.i18n.t`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from klyngekort.core.model import Issue, Params, plain_text
from klyngekort.present.i18n import DEFAULT_LANG, TEXTS, Lang, fmt_number, fmt_pct, t

if TYPE_CHECKING:  # pragma: no cover - typing only
    from klyngekort.core.coverage import CoverageParams
    from klyngekort.core.model import Dataset
    from klyngekort.scenarios.changes import Change


class HasMessage(Protocol):
    """A message as data: :class:`Message`, :class:`Issue`, :class:`MessageError`."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Params: ...


class _Number:
    """A float parameter, formatted in the reader's format by the template's spec:
    ``{x:.1f}`` one decimal, ``{x:.1%}`` a share as a percentage, ``{x}`` or ``{x:g}`` short."""

    def __init__(self, value: float, lang: Lang):
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        v = self.value
        if not math.isfinite(v):
            return "–" if math.isnan(v) else format(v, "g")
        if spec in ("", "g"):
            return _short(v, self.lang)
        precision = spec[1:-1] if spec.startswith(".") else ""
        if spec.endswith("%") and precision.isdigit():
            return fmt_pct(v, self.lang, int(precision))
        if spec.endswith("f") and precision.isdigit():
            return fmt_number(v, self.lang, int(precision))
        return format(v, spec)

    def __str__(self) -> str:
        return format(self, "")


def _short(v: float, lang: Lang) -> str:
    """Whole numbers without decimals; otherwise about four significant digits."""
    if float(v).is_integer() or abs(v) >= 100:
        return fmt_number(v, lang, 0)
    decimals = max(0, 3 - math.floor(math.log10(abs(v))))
    text = fmt_number(v, lang, decimals)
    point = fmt_number(0.5, lang, 1)[1]
    return text.rstrip("0").rstrip(point) if point in text else text


def _value(value: Any, lang: Lang) -> Any:
    """A parameter as the template gets it."""
    if isinstance(value, bool | int | np.integer):
        return value
    if isinstance(value, float | np.floating):
        return _Number(float(value), lang)
    if isinstance(value, Issue):
        return message_text(value.message, lang)
    if hasattr(value, "code") and hasattr(value, "params"):
        return message_text(value, lang)
    if isinstance(value, list | tuple):
        sep = "; " if any(hasattr(v, "code") for v in value) else ", "
        return sep.join(str(_value(v, lang)) for v in value)
    return value


def _change_prefix(params: Params, lang: Lang) -> str:
    """ "ændring 3 (add_tie): " for the reserved ``change`` and ``change_kind`` parameters."""
    if "change" not in params:
        return ""
    if params["change"] is None:
        return t("msg.change_alone", lang)
    if "change_kind" in params:
        return t("msg.change_kind", lang, change=params["change"], change_kind=params["change_kind"])
    return t("msg.change", lang, change=params["change"])


#: Test hook: when true, a message without a template or with a parameter its template
#: lacks raises instead of falling back to the plain form (``tests/conftest.py`` sets it).
_STRICT = False


def message_text(msg: HasMessage, lang: Lang = DEFAULT_LANG) -> str:
    """The message in ``lang`` from its template; the plain ``code (params)`` form when the
    catalogue has no template (the tests make sure every code has one)."""
    code, params = msg.code, msg.params
    entry = TEXTS.get(code)
    if entry is None:
        if _STRICT:
            raise KeyError(f"no template for message code {code!r}")
        return plain_text(code, params)
    template = entry.get(lang) or entry[DEFAULT_LANG]
    try:
        text = template.format_map({k: _value(v, lang) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        if _STRICT:
            raise
        return plain_text(code, params)
    return (_change_prefix(params, lang) + text).rstrip()


def issue_text(issue: Issue, lang: Lang = DEFAULT_LANG) -> str:
    """``file:line:field: message`` (warnings say so after the location)."""
    prefix = "" if issue.severity == "error" else t("msg.warning", lang)
    return f"{issue.location}: {prefix}{message_text(issue, lang)}"


def issues_text(issues: Iterable[Issue], lang: Lang = DEFAULT_LANG) -> str:
    """One issue per line, as :func:`issue_text`."""
    return "\n".join(issue_text(i, lang) for i in issues)


def join_names(names: list[str], lang: Lang = DEFAULT_LANG) -> str:
    """``"A, B og C"`` / ``"A, B and C"``."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + t("msg.list_and", lang) + names[-1]


# --------------------------------------------------------------------------- coverage method


def describe_method(params: CoverageParams, lang: Lang = DEFAULT_LANG) -> str:
    """One or two sentences saying which coverage method is in use (for the views and exports)."""
    if params.uses_travel_times:
        reach = t("method.reach_minutes", lang, minutes=_Number(float(params.minutes or 0), lang))
    else:
        reach = t("method.reach_km", lang, radius=_Number(float(params.radius_km), lang))
    key = "method.hub_area" if params.mode == "hub_area" else "method.distance"
    text = t(key, lang, reach=reach)
    if not params.uses_travel_times:
        text += " " + t("method.straight_line_caveat", lang)
    return text


# --------------------------------------------------------------------------- scenario changes


def change_text(change: Change, ds: Dataset | None = None, lang: Lang = DEFAULT_LANG) -> str:
    """A one-line description of a scenario change, with names from ``ds`` when given."""
    from klyngekort.scenarios.changes import AddCoLocation, AddSecondment, AddSite, AddTie, RemoveSite

    def name(table: str, key: str, value: str) -> str:
        if ds is None:
            return value
        df = ds.table(table)
        if key not in df.columns:
            return value
        hit = df[df[key] == value]
        if hit.empty:
            return value
        row = hit.iloc[0]
        label = row.get("short_name") or row.get("name") or value
        return f"{label} ({value})" if label != value else value

    vf = getattr(change, "valid_from", "")
    since = t("change.since", lang, valid_from=vf) if vf else ""
    if isinstance(change, AddCoLocation):
        return t(
            "change.add_co_location",
            lang,
            cluster=name("clusters", "cluster_id", change.cluster_id),
            hub=name("hubs", "hub_id", change.hub_id),
            since=since,
        )
    if isinstance(change, AddSecondment):
        return t(
            "change.add_secondment",
            lang,
            persons=change.persons,
            cluster=name("clusters", "cluster_id", change.cluster_id),
            hub=name("hubs", "hub_id", change.hub_id),
            since=since,
        )
    if isinstance(change, RemoveSite):
        return t("change.remove_site", lang, site=change.site_id)
    if isinstance(change, AddTie):
        from klyngekort.scenarios.changes import TIE_ELEMENTS

        elems = [e for e in TIE_ELEMENTS if getattr(change, e)]
        return t(
            "change.add_tie",
            lang,
            tie_kind=change.tie_kind,
            hub=name("hubs", "hub_id", change.hub_id),
            cluster=name("clusters", "cluster_id", change.cluster_id),
            elements=", ".join(elems) if elems else t("change.no_elements", lang),
            since=since,
        )
    if isinstance(change, AddSite):
        at = (
            t("change.at", lang, lat=f"{change.latitude:.4f}", lon=f"{change.longitude:.4f}")
            if change.latitude is not None and change.longitude is not None
            else ""
        )
        return t(
            "change.add_site",
            lang,
            site_kind=change.site_kind,
            cluster=name("clusters", "cluster_id", change.cluster_id),
            kommunekode=change.kommunekode,
            at=at,
            since=since,
        )
    return repr(change)


__all__ = [
    "change_text",
    "describe_method",
    "issue_text",
    "issues_text",
    "join_names",
    "message_text",
]
