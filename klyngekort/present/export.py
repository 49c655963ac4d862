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
from collections.abc import Callable

import folium
import pandas as pd

from klyngekort.present import assets

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


def to_xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table (sheet names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in tables.items():
            safe_table(df).to_excel(writer, sheet_name=re.sub(r"[\[\]:*?/\\]", "_", name)[:31], index=False)
    return buf.getvalue()


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
    page = m.get_root().render()
    for asset in assets.JS_ASSETS:
        tag = re.compile(r'<script src="' + re.escape(asset.url) + r'"></script>')
        page = tag.sub(_inline_script(asset), page)
    for asset in assets.CSS_ASSETS:
        tag = re.compile(r'<link rel="stylesheet" href="' + re.escape(asset.url) + r'"/>')
        page = tag.sub(_inline_style(asset), page)
    return page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
