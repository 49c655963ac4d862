"""The hub report: a PDF for a regional manager, A4 portrait, 3 pages, for one erhvervshus.

1. the area's map (the static hub map, vector);
2. the key figures, the clusters present, within reach, tie only and absent, and the area's
   largest gaps;
3. the municipalities with their figures, then the method, the sources and the date.

Drawn with matplotlib (``PdfPages``) in DejaVu Sans with the fonts embedded, so the text is
crisp, searchable and æøå are right. Long names are shortened with an ellipsis to fit their
column; nothing is downloaded.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from klyngekort.present import static_map as sm
from klyngekort.present import static_render
from klyngekort.present.i18n import Lang, fmt_number, fmt_pct, t
from klyngekort.present.style import EXAMPLE_COLOR, HUB_DARK, MUTED_TEXT, STATE_COLORS, TEXT_COLOR
from klyngekort.present.views import ViewRequest, request_coverage

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from klyngekort.core.coverage import CoverageResult
    from klyngekort.core.model import Dataset
    from klyngekort.geo.cache import GeoLayers

W, H = 8.2677, 11.6929  # A4 portrait, inches
MARGIN = 0.6
BODY = 9.0  # pt
ROW = 0.21  # inches per table row


class _Page:
    """One text page: a cursor running down from the top, in inches."""

    def __init__(self, title: str, footer: str, example: bool, lang: Lang):
        self.fig = Figure(figsize=(W, H), dpi=300, facecolor="white")
        FigureCanvasAgg(self.fig)
        tr = self.fig.dpi_scale_trans
        self.fig.text(MARGIN, H - 0.42, sm._shorten(title, 80), transform=tr, fontsize=8, color=MUTED_TEXT)
        self.fig.text(MARGIN, 0.35, sm._shorten(footer, 120), transform=tr, fontsize=7, color=MUTED_TEXT)
        if example:
            self.fig.text(
                W - MARGIN,
                0.35,
                t("static_example_mark", lang),
                transform=tr,
                fontsize=9,
                fontweight="bold",
                color="white",
                ha="right",
                bbox={"boxstyle": "square,pad=0.3", "facecolor": EXAMPLE_COLOR, "edgecolor": EXAMPLE_COLOR},
            )
        self.y = H - 0.75

    def room(self) -> float:
        """Inches left above the footer."""
        return self.y - 0.75

    def heading(self, text: str, size: float = 13) -> None:
        self.y -= size / 72 + 0.12
        self.fig.text(
            MARGIN,
            self.y,
            text,
            transform=self.fig.dpi_scale_trans,
            fontsize=size,
            fontweight="bold",
            color=TEXT_COLOR,
        )
        self.y -= 0.12

    def paragraph(
        self, text: str, size: float = BODY, color: str = TEXT_COLOR, width: float | None = None
    ) -> None:
        for line in self.lines(text, size, width):
            self.y -= size * 1.35 / 72
            self.fig.text(
                MARGIN, self.y, line, transform=self.fig.dpi_scale_trans, fontsize=size, color=color
            )
        self.y -= 0.08

    @staticmethod
    def lines(text: str, size: float = BODY, width: float | None = None) -> list[str]:
        chars = sm._chars(((width or (W - 2 * MARGIN)) * 72), size) + 8
        return sm.wrap(text, chars, 12)

    @staticmethod
    def height(text: str, size: float = BODY) -> float:
        return len(_Page.lines(text, size)) * size * 1.35 / 72 + 0.08

    def figures(self, items: Sequence[tuple[str, str]], per_row: int = 4) -> None:
        """Key figures as cards."""
        tr = self.fig.dpi_scale_trans
        w = (W - 2 * MARGIN - 0.12 * (per_row - 1)) / per_row
        h = 0.72
        for i, (label, value) in enumerate(items):
            col, row = i % per_row, i // per_row
            x = MARGIN + col * (w + 0.12)
            y = self.y - (row + 1) * (h + 0.1)
            self.fig.add_artist(Rectangle((x, y), w, h, transform=tr, facecolor="#f3f5f7", edgecolor="none"))
            self.fig.text(
                x + 0.1, y + h - 0.3, value, transform=tr, fontsize=15, fontweight="bold", color=HUB_DARK
            )
            self.fig.text(
                x + 0.1, y + 0.1, sm._shorten(label, 30), transform=tr, fontsize=7.5, color=MUTED_TEXT
            )
        rows = math.ceil(len(items) / per_row)
        self.y -= rows * (h + 0.1) + 0.1

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        align: Sequence[str] = (),
        fills: Sequence[str | None] = (),
        size: float = 8,
    ) -> int:
        """A table from the cursor down; returns how many rows fitted (the rest is the
        caller's, for the next page)."""
        tr = self.fig.dpi_scale_trans
        total_w = W - 2 * MARGIN
        scale = total_w / sum(widths)
        ws = [w * scale for w in widths]
        xs = np.concatenate([[MARGIN], MARGIN + np.cumsum(ws)[:-1]])
        aligns = list(align) or ["left"] * len(header)

        def line(cells: Sequence[str], y: float, bold: bool, color: str, fill: str | None) -> None:
            if fill:
                self.fig.add_artist(
                    Rectangle(
                        (MARGIN, y - 0.06), total_w, ROW, transform=tr, facecolor=fill, edgecolor="none"
                    )
                )
            for x, w, a, text in zip(xs, ws, aligns, cells, strict=True):
                chars = sm._chars((w - 0.1) * 72, size) + 2
                tx = x + w - 0.05 if a == "right" else x + 0.05
                self.fig.text(
                    tx,
                    y,
                    sm._shorten(text, chars),
                    transform=tr,
                    fontsize=size,
                    fontweight="bold" if bold else "normal",
                    color=color,
                    ha=a,
                )

        heads = [h[:1].upper() + h[1:] for h in header]
        # bold header text is wider than the body's: about 0.68 em a character
        wrapped = [
            sm.wrap(h, max(4, int((w - 0.12) * 72 / (0.68 * size))), 3)
            for h, w in zip(heads, ws, strict=True)
        ]
        n = max(len(x) for x in wrapped)
        self.y -= ROW * n
        self.fig.add_artist(
            Rectangle(
                (MARGIN, self.y - 0.06), total_w, ROW * n, transform=tr, facecolor=HUB_DARK, edgecolor="none"
            )
        )
        for k in range(n):
            cells = [x[k] if k < len(x) else "" for x in wrapped]
            line(cells, self.y + (n - 1 - k) * ROW * 0.78, True, "white", None)
        fitted = 0
        for i, r in enumerate(rows):
            if self.y - ROW < 0.7:
                break
            self.y -= ROW
            fill = (fills[i] if i < len(fills) else None) or ("#f3f5f7" if i % 2 else None)
            line(r, self.y, False, TEXT_COLOR, fill)
            fitted += 1
        self.y -= 0.15
        return fitted


_ALIGN_C = ["left", "left", "right", "right", "right", "right", "right"]
_W_C = [1.95, 1.85, 1.05, 1.2, 1.2, 1.05, 1.15]
_W_G = [0.35, 1.95, 1.3, 1.3, 1.1, 2.0, 1.15]
_ALIGN_G = ["right", "left", "right", "right", "right", "left", "right"]
_W_M = [2.6, 1.0, 1.3, 1.5, 1.5, 1.1]
_ALIGN_M = ["left", "left", "right", "right", "right", "right"]


def _cluster_rows(
    result: CoverageResult, hub_id: str, lang: Lang
) -> tuple[list[str], list[list[str]], list[str]]:
    from klyngekort.present.tables import hub_clusters, state_label

    mine = hub_clusters(result, hub_id)

    header = [
        t("col_cluster", lang),
        t("col_state", lang),
        t("report_col_sites", lang),
        t("col_municipalities_covered", lang),
        t("col_population_covered", lang),
        t("col_population_covered_share", lang),
        t("col_nearest_km", lang),
    ]
    rows, fills = [], []
    for r in mine.itertuples(index=False):
        pop = float(r.population)
        cov = float(r.population_covered)
        km = float(r.nearest_km)
        rows.append(
            [
                str(r.cluster_name),
                state_label(str(r.state), lang),
                fmt_number(int(r.presences_in_area), lang),
                t(
                    "cov_of",
                    lang,
                    a=fmt_number(int(r.municipalities_covered), lang),
                    b=fmt_number(int(r.municipalities), lang),
                ),
                fmt_number(cov, lang),
                fmt_pct(cov / pop if pop > 0 else math.nan, lang),
                fmt_number(km, lang, 1) if math.isfinite(km) else "–",
            ]
        )
        fills.append(STATE_COLORS.get(str(r.state), ""))
    return header, rows, fills


def _municipality_rows(result: CoverageResult, hub_id: str, lang: Lang) -> tuple[list[str], list[list[str]]]:
    df: pd.DataFrame = result.municipalities
    df = df[df["hub_id"] == hub_id].sort_values(["population", "kommunekode"], ascending=[False, True])
    header = [
        t("col_kommune", lang),
        t("col_kommunekode", lang),
        t("col_population", lang),
        t("col_clusters_present", lang),
        t("col_clusters_missing", lang),
        t("col_nearest_km", lang),
    ]
    rows = []
    for r in df.itertuples(index=False):
        km = float(r.nearest_presence_km)
        rows.append(
            [
                str(r.kommune),
                str(r.kommunekode),
                fmt_number(float(r.population), lang),
                fmt_number(int(r.clusters_present), lang),
                fmt_number(int(r.clusters_missing), lang),
                fmt_number(km, lang, 1) if math.isfinite(km) else "–",
            ]
        )
    return header, rows


def build_report(
    ds: Dataset,
    layers: GeoLayers,
    req: ViewRequest,
    hub_id: str,
    *,
    lang: Lang = "da",
) -> bytes:
    """The report of ``hub_id`` for the selection ``req`` as PDF bytes."""
    from klyngekort.present import tables
    from klyngekort.present.deck import head_offices
    from klyngekort.present.wording import describe_method

    names = head_offices(ds)
    if hub_id not in names:
        raise ValueError(f"unknown hub id {hub_id!r} (known: {', '.join(names)})")
    hub = names[hub_id]
    result = request_coverage(ds, layers, req)
    data_date = sm.dataset_date(ds, lang)
    footer = sm.source_line(lang, data_date)
    title = t("report_title", lang, hub=hub)
    spec = sm.hub_map(ds, layers, result, hub_id, lang=lang, period=req.period)
    spec.title = hub
    summary = tables.hub_summary(result, hub_id)
    buf = io.BytesIO()
    with rc_context(static_render._RC), PdfPages(buf, keep_empty=False) as pdf:
        info = pdf.infodict()
        info["Title"] = title
        info["Author"] = "Klyngekort"
        info["Subject"] = spec.subtitle
        info["CreationDate"] = datetime.now().astimezone()
        # 1: the map (saved last, when the number of pages is known)
        sm_map = sm.render(spec, layers, "a4")
        pages: list[_Page] = []

        def new_page() -> _Page:
            page = _Page(title, footer, ds.is_example, lang)
            pages.append(page)
            return page

        # 2: figures, clusters, gaps
        p = new_page()
        p.heading(title, 16)
        p.paragraph(spec.subtitle, size=10, color=MUTED_TEXT)
        p.paragraph(describe_method(result.params, lang), size=8.5, color=MUTED_TEXT)
        if not result.core.cluster_ids or not summary:
            p.heading(
                t("static_empty_clusters", lang)
                if not result.core.cluster_ids
                else t("deck_hub_empty", lang, hub=hub),
                12,
            )
        else:
            p.heading(t("h_key_figures", lang), 12)
            p.figures([(label, value) for label, value, _ in tables.hub_figures(summary, lang)])
            p.heading(t("report_clusters", lang), 12)
            header, rows, fills = _cluster_rows(result, hub_id, lang)
            done = p.table(header, rows, _W_C, align=_ALIGN_C, fills=fills)
            while done < len(rows):
                p = new_page()
                done += p.table(header, rows[done:], _W_C, align=_ALIGN_C, fills=fills[done:])
            gh, gr = tables.gap_rows(result, lang, hub_id=hub_id)
            fits = int((p.room() - 0.45 - 3 * ROW) / ROW)
            if fits >= 5:
                gr = gr[:fits]  # the largest gaps that fit on the page (at most 10)
            else:
                p = new_page()
            p.heading(t("report_gaps", lang), 12)
            if gr:
                done = p.table(gh, gr, _W_G, align=_ALIGN_G)
                if done < len(gr):
                    p = new_page()
                    p.table(gh, gr[done:], _W_G, align=_ALIGN_G)
            else:
                p.paragraph(t("cov_no_gaps", lang))
        # 3: municipalities, method and sources
        p = new_page()
        p.heading(t("h_municipalities", lang), 12)
        mh, mr = _municipality_rows(result, hub_id, lang)
        done = p.table(mh, mr, _W_M, align=_ALIGN_M)
        while done < len(mr):
            p = new_page()
            done += p.table(mh, mr[done:], _W_M, align=_ALIGN_M)
        year = int(ds.population["year"].max()) if len(ds.population) else "–"
        blocks = [
            describe_method(result.params, lang),
            t("method_presence", lang),
            t("method_demand", lang, year=year),
            t("method_gaps", lang),
            t("deck_sources", lang, attribution=layers.attribution),
            t("deck_made", lang, date=sm.format_date(date.today(), lang)) + " · " + footer,
        ]
        if ds.is_example:
            blocks.append(t("example_banner", lang))
        if p.room() < 1.2:
            p = new_page()
        p.heading(t("deck_method_title", lang), 12)
        for text in blocks:
            text = text.replace("**", "").replace("*", "")
            if p.room() < _Page.height(text, 8.5):
                p = new_page()
            p.paragraph(
                text, size=8.5, color=EXAMPLE_COLOR if text == t("example_banner", lang) else TEXT_COLOR
            )
        total = len(pages) + 1
        sm_map.figure.text(
            (W - MARGIN) / W,
            (H - 0.42) / H,
            t("report_page", lang, n=1, total=total),
            fontsize=8,
            color=MUTED_TEXT,
            ha="right",
        )
        pdf.savefig(sm_map.figure)
        for n, page in enumerate(pages, start=2):
            page.fig.text(
                W - MARGIN,
                H - 0.42,
                t("report_page", lang, n=n, total=total),
                transform=page.fig.dpi_scale_trans,
                fontsize=8,
                color=MUTED_TEXT,
                ha="right",
            )
            pdf.savefig(page.fig)
    sm_map.figure.clear()
    return buf.getvalue()


__all__ = ["build_report"]
