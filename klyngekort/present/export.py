"""Exports: tables as CSV and Excel, maps as self-contained HTML that works offline.

Cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are prefixed with an apostrophe, so text from the data can never
run as a formula in Excel. CSV is written as UTF-8 with a BOM so that Danish Excel opens
æøå correctly.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Sequence

import folium
import pandas as pd

from klyngekort.present import assets, i18n

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with formula-like text cells neutralised (numbers are left alone)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_neutralise)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    return safe_table(df).to_csv(index=False).encode("utf-8-sig")


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
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Ark"
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
        ws0.append([about_title])
        ws0["A1"].font = Font(bold=True, size=14)
        for label, text in about:
            ws0.append([str(label), _neutralise(str(text))])
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
    return page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
