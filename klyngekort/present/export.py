"""Exports: tables as CSV and Excel, maps as self-contained HTML that works offline.

Every header, index label, sheet name and text cell of every export goes through the one
:func:`neutralise`: text that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab, carriage return or line feed, or their full-width forms) is prefixed with an
apostrophe, and so is every piece after a ``;`` (the separator of Danish Excel, which may split
a comma-separated file on it) that would start a formula. Text from the data can never run as
a formula in Excel, LibreOffice or Google Sheets. CSV is written as UTF-8 with a BOM so that
Danish Excel opens æøå correctly.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Sequence

import folium
import pandas as pd

from klyngekort.present import assets, i18n

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A piece after a semicolon (Danish Excel's list separator) that would start a formula.
_AFTER_SEMICOLON = re.compile("(;[ \t]*)(?=[=+\\-@\uff1d\uff0b\uff0d\uff20])")


def neutralise(value: object) -> object:
    """The one function that makes a value inert in a spreadsheet: text that would start a
    formula gets a ``'`` in front (shown as text by Excel), as does each piece after a ``;``;
    anything that is not text is returned as is."""
    if not isinstance(value, str):
        return value
    if ";" in value:
        value = _AFTER_SEMICOLON.sub(r"\1'", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


_neutralise = neutralise  # the name used before it was public


def _neutral_label(label: object) -> object:
    if isinstance(label, tuple):
        return tuple(neutralise(x) for x in label)
    return neutralise(label)


def safe_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every formula-like text neutralised: cells, column headers (the wide
    hub × cluster tables use names as headers) and index labels; numbers are left alone."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples([_neutral_label(c) for c in out.columns])
    else:
        out.columns = pd.Index([_neutral_label(c) for c in out.columns])
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples([_neutral_label(c) for c in out.index], names=out.index.names)
    elif out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = pd.Index([_neutral_label(c) for c in out.index], name=neutralise(out.index.name))
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    # A lone surrogate (refused on input, but never a reason for a failed download) becomes "?".
    return safe_table(df).to_csv(index=False).encode("utf-8-sig", errors="replace")


#: Excel number formats by kind (see :data:`klyngekort.present.i18n.NUMBER_KINDS`). Excel
#: shows them with the reader's own separators (``1.234,5`` in Danish Excel).
XLSX_FORMATS = {
    "int": "#,##0",
    "min": "#,##0",
    "dec1": "#,##0.0",
    "km": "#,##0.0",
    "dec2": "#,##0.00",
    "pct": "0.0%",
    "coord": "0.00000",
}


def guess_kind(column: str) -> str | None:
    """The kind of a column of machine names (the command line's tables): ``*_km`` are
    kilometres, ``*share*`` shares, ``*minutes*`` minutes, populations and counts whole numbers."""
    c = column.lower()
    if c.endswith("_km") or c == "km":
        return "km"
    if "share" in c or c.endswith("andel"):
        return "pct"
    if "minutes" in c or c.endswith("_min"):
        return "min"
    if c in ("population", "persons", "fte") or c.startswith(("population_", "municipalities_", "clusters_")):
        return "int" if c != "fte" else "dec1"
    return None


def _sheet_name(name: str, taken: set[str]) -> str:
    # Excel refuses an apostrophe at either end of a sheet name, so a formula-like name is
    # neutralised with an underscore instead.
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "_", str(name)).strip("'")
    base = ("_" + base if str(neutralise(base)) != base else base)[:31] or "Ark"
    out, n = base, 2
    while out.lower() in taken:
        suffix = f" ({n})"
        out, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(out.lower())
    return out


def to_xlsx_bytes(
    tables: dict[str, pd.DataFrame],
    *,
    about: Sequence[tuple[str, str]] | None = None,
    kinds: dict[str, dict[str, str]] | None = None,
    about_title: str = "Om filen",
) -> bytes:
    """The one Excel writer (openpyxl) of the app and the command line.

    ``about``: (label, text) rows of a first sheet that says what the file holds (dataset,
    period, method, filters, date, sources). Then one sheet per table (names cut to Excel's
    31 characters), each with a bold frozen header, an autofilter over the data, column
    widths that fit the contents, and number formats by column kind (``kinds[sheet][column]``,
    else guessed from the column name): whole numbers with thousands separators, km with one
    decimal, shares as per cent. Text that Excel would run as a formula is neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws0 = wb.active
    assert ws0 is not None
    taken: set[str] = set()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE6F0")
    if about:
        ws0.title = _sheet_name(about_title, taken)
        ws0.append([neutralise(about_title)])
        ws0["A1"].font = Font(bold=True, size=14)
        for label, text in about:
            ws0.append([neutralise(str(label)), neutralise(str(text))])
            ws0.cell(ws0.max_row, 1).font = bold
            ws0.cell(ws0.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        ws0.column_dimensions["A"].width = 22
        ws0.column_dimensions["B"].width = 100
        first = False
    else:
        first = True
    for name, df in tables.items():
        ws = ws0 if first else wb.create_sheet()
        first = False
        ws.title = _sheet_name(name, taken)
        safe = safe_table(df)
        cols = [str(c) for c in safe.columns]
        ws.append(cols)
        for cell in ws[1]:
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(vertical="top", wrap_text=False)
        sheet_kinds = (kinds or {}).get(name, {})
        for row in safe.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
        n = len(safe)
        for j, col in enumerate(cols, start=1):
            kind = sheet_kinds.get(col) or guess_kind(col)
            fmt = XLSX_FORMATS.get(kind or "")
            values = safe.iloc[:, j - 1]
            if fmt is None and pd.api.types.is_float_dtype(values):
                fmt = XLSX_FORMATS[i18n.number_kind(values)]
            if fmt is not None:
                for (cell,) in ws.iter_rows(min_row=2, max_row=n + 1, min_col=j, max_col=j):
                    cell.number_format = fmt
            texts = [col] + [str(v) for v in values.head(500).tolist() if v is not None]
            width = max(len(x) for x in texts) + 2
            if kind == "pct":
                width = max(len(col) + 2, 9)
            ws.column_dimensions[get_column_letter(j)].width = min(max(width, 8), 60)
        ws.freeze_panes = "A2"
        if cols:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(v: object) -> object:
    """A value openpyxl can write: NaN and NA become empty cells, numpy scalars plain numbers."""
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item") and not isinstance(v, str):
        return v.item()
    return v


def _inline_script(asset: assets.Asset) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement: the asset's JavaScript in a ``<script>`` element, read when
    the tag is found and inserted as is (no backslash processing)."""
    return lambda _match: (
        "<script>" + assets.read_asset(asset).replace("</script", "<\\/script") + "</script>"
    )


def _inline_style(asset: assets.Asset) -> Callable[[re.Match[str]], str]:
    """Like :func:`_inline_script`, for a stylesheet in a ``<style>`` element."""
    return lambda _match: "<style>" + assets.read_asset(asset) + "</style>"


def map_html(m: folium.Map, title: str = "Klyngekort") -> str:
    """The map as one HTML file with Leaflet inlined: opens offline, from a USB stick or e-mail."""
    from klyngekort.present.mapview import zoomable

    page = zoomable(m.get_root().render())
    for asset in assets.JS_ASSETS:
        tag = re.compile(r'<script src="' + re.escape(asset.url) + r'"></script>')
        page = tag.sub(_inline_script(asset), page)
    for asset in assets.CSS_ASSETS:
        tag = re.compile(r'<link rel="stylesheet" href="' + re.escape(asset.url) + r'"/>')
        page = tag.sub(_inline_style(asset), page)
    # the popups' links to the app's Historik page lead nowhere in a file: left out
    page = _HISTORY_LINK.sub("", page)
    return page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)


#: A popup's "Historik" link as it stands in the map's script (``<``, ``>`` as ``\u003c`` …).
_HISTORY_LINK = re.compile(r'\\u003ca class=\\"kk-history\\".*?\\u003c/a\\u003e')
