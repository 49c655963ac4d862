"""A PowerPoint deck of a selection (``python-pptx``), for presentations to KL and the hubs' boards.

Slides, in this order (:func:`slide_plan`):

1. the title slide (what is shown: period, clusters, reach, dataset, date);
2. the national presence map;
3. the coverage map with its gaps;
4. key figures, with the app's gap chart (Altair, drawn by ``vl-convert-python``);
5. the ten largest gaps as a native, editable table (the rows of ``klyngekort coverage --by gaps``);
6. one slide per hub in the selection: its map, figures and missing clusters;
7. for a scenario: before/after maps, and the delta table;
8. method and sources.

Every picture has alt text, every slide's speaker notes hold its figures in words, and the
slide size is 16:9 (13.333 × 7.5 in). A selection with nothing to show gives slides that say
so. Nothing is downloaded.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from klyngekort.core.coverage import STATES
from klyngekort.present import static_map as sm
from klyngekort.present.export import neutralise
from klyngekort.present.i18n import Lang, fmt_number, fmt_pct, t
from klyngekort.present.style import EXAMPLE_COLOR, HUB_DARK, MUTED_TEXT, TEXT_COLOR
from klyngekort.present.views import ViewRequest, request_coverage

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pptx.slide import Slide

    from klyngekort.core.coverage import CoverageResult
    from klyngekort.core.model import Dataset
    from klyngekort.geo.cache import GeoLayers
    from klyngekort.scenarios.compare import ScenarioComparison

SLIDE_W, SLIDE_H = 13.333, 7.5
GAP_ROWS = 10


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#")[:6].upper())


@dataclass
class DeckContext:
    """Everything the slides are made from (computed once)."""

    ds: Dataset
    layers: GeoLayers
    req: ViewRequest
    lang: Lang
    result: CoverageResult
    hubs: list[str]
    hub_names: dict[str, str]
    cmp: ScenarioComparison | None
    data_date: str


def head_offices(ds: Dataset) -> dict[str, str]:
    """The six erhvervshuse (head offices), id → name."""
    from klyngekort.core.selection import hub_labels

    return hub_labels(ds, head_offices_only=True)


def slide_plan(hubs: Sequence[str], scenario: bool) -> list[str]:
    """The names of the slides, in order (each slide's ``name`` in the file)."""
    plan = ["title", "national", "coverage", "figures", "gaps"]
    plan += [f"hub:{h}" for h in hubs]
    if scenario:
        plan += ["scenario", "scenario_delta"]
    plan.append("method")
    return plan


# --------------------------------------------------------------------------- shapes


def _blank(prs: Any, name: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    slide._element.cSld.set("name", name)
    return slide


def _text(
    slide: Slide,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str | Sequence[str],
    *,
    size: float = 14,
    bold: bool = False,
    color: str = TEXT_COLOR,
    align: Any = PP_ALIGN.LEFT,
    anchor: Any = MSO_ANCHOR.TOP,
    name: str = "",
) -> Any:
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    lines = [text] if isinstance(text, str) else list(text)
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(color)
    return box


def _chars(width_in: float, size: float, bold: bool = False) -> int:
    """Characters that fit a line of ``width_in`` inches at ``size`` points (a safe estimate)."""
    return max(8, int(width_in * 72 / ((0.62 if bold else 0.55) * size)))


def _title(slide: Slide, title: str, subtitle: str = "") -> None:
    # the title stops short of the EKSEMPELDATA mark in the top right corner
    _text(
        slide,
        0.45,
        0.3,
        10.2,
        0.7,
        sm.wrap(title, _chars(10.2, 28, True), 1)[0],
        size=28,
        bold=True,
        name="Title",
    )
    if subtitle:
        _text(
            slide, 0.45, 0.95, 12.4, 0.5, sm.wrap(subtitle, _chars(12.4, 14), 1)[0], size=14, color=MUTED_TEXT
        )


def _footer(slide: Slide, ctx: DeckContext) -> None:
    _text(slide, 0.45, 7.05, 10.5, 0.35, sm.source_line(ctx.lang, ctx.data_date), size=10, color=MUTED_TEXT)
    if ctx.ds.is_example:
        _example_mark(slide, ctx.lang)


def _example_mark(slide: Slide, lang: Lang, x: float = 10.75, y: float = 0.32) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(2.15), Inches(0.45))
    shape.name = "EKSEMPELDATA"
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(EXAMPLE_COLOR)
    shape.line.fill.background()
    tf = shape.text_frame
    tf.word_wrap = False
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.text = ""
    run = tf.paragraphs[0].add_run()
    run.text = t("static_example_mark", lang)
    run.font.size = Pt(15)
    run.font.bold = True
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    tf.paragraphs[0].alignment = PP_ALIGN.CENTER


def _picture(slide: Slide, data: bytes, x: float, y: float, w: float, alt: str, name: str) -> Any:
    pic = slide.shapes.add_picture(io.BytesIO(data), Inches(x), Inches(y), width=Inches(w))
    pic.name = name
    pic._element.xpath("./p:nvPicPr/p:cNvPr")[0].set("descr", alt)  # the alt text
    return pic


def _notes(slide: Slide, lines: Sequence[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # the notes slide of a new slide always has its body placeholder
    frame.text = "\n".join(x for x in lines if x)


def _table(
    slide: Slide,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    x: float,
    y: float,
    widths: Sequence[float],
    *,
    size: float = 11,
    name: str = "Table",
) -> Any:
    height = 0.36 * (len(rows) + 1)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), Inches(x), Inches(y), Inches(sum(widths)), Inches(height)
    )
    shape.name = name
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int(Inches(w)))
    for j, h in enumerate(header):
        _cell(table.cell(0, j), h[:1].upper() + h[1:], size=size, bold=True, color="#FFFFFF", fill=HUB_DARK)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            _cell(table.cell(i, j), v, size=size, fill="#F3F5F7" if i % 2 == 0 else "#FFFFFF")
    return shape


def _cell(
    cell: Any, text: str, *, size: float, bold: bool = False, color: str = TEXT_COLOR, fill: str
) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    tf = cell.text_frame
    tf.word_wrap = True
    tf.text = ""
    run = tf.paragraphs[0].add_run()
    run.text = str(neutralise(text))  # inert when the table is pasted into a spreadsheet
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)


# --------------------------------------------------------------------------- texts


def selection_text(ctx: DeckContext) -> str:
    """Period, clusters, reach and the hubs in one line."""
    from klyngekort.present.coverage_map import reach_text

    lang = ctx.lang
    n = len(ctx.result.core.cluster_ids)
    parts = [
        t("static_period", lang, period=sm._period_text(ctx.req.period)),
        t("static_n_clusters", lang, n=fmt_number(n, lang)),
        t("deck_covered", lang, reach=reach_text(ctx.result, lang)),
    ]
    if ctx.req.hubs:
        parts.append(", ".join(ctx.hub_names.get(h, h) for h in ctx.hubs))
    else:
        parts.append(t("all_country", lang))
    return " · ".join(parts)


def _names(items: Sequence[str], lang: Lang, limit: int = 12) -> str:
    if not items:
        return t("deck_none", lang)
    if len(items) > limit:
        return ", ".join(items[:limit]) + " " + t("deck_and_more", lang, n=len(items) - limit)
    return ", ".join(items)


# --------------------------------------------------------------------------- slides


def _title_slide(prs: Any, ctx: DeckContext) -> None:
    lang = ctx.lang
    s = _blank(prs, "title")
    band = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), prs.slide_width, Inches(5.2))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(HUB_DARK)
    band.line.fill.background()
    band.name = "Band"
    title = (
        t("deck_title", lang)
        if ctx.cmp is None
        else t("static_title_scenario", lang, name=ctx.cmp.scenario.name)
    )
    _text(s, 0.8, 1.5, 11.8, 1.2, sm.wrap(title, 40, 2), size=44, bold=True, color="#FFFFFF", name="Title")
    _text(s, 0.8, 3.0, 11.8, 0.6, t("app_subtitle", lang), size=20, color="#D8E1EA")
    _text(s, 0.8, 3.8, 11.8, 0.8, selection_text(ctx), size=16, color="#D8E1EA")
    _text(
        s,
        0.8,
        5.6,
        11.8,
        0.9,
        [t("deck_made", lang, date=sm.format_date(date.today(), lang)), sm.source_line(lang, ctx.data_date)],
        size=13,
        color=MUTED_TEXT,
    )
    if ctx.ds.is_example:
        _example_mark(s, lang, x=10.6, y=0.5)
        _text(s, 0.8, 6.5, 11.8, 0.6, t("example_banner", lang), size=12, color=EXAMPLE_COLOR)
    _notes(s, [t("deck_notes_title", lang, selection=selection_text(ctx)), t("deck_notes_sources", lang)])


def _map_slide(
    prs: Any, ctx: DeckContext, name: str, spec: sm.StaticMapSpec, alt: str, notes: list[str]
) -> None:
    s = _blank(prs, name)
    png = sm.render_bytes(spec, ctx.layers, fmt="png", size="slide")
    _picture(s, png, 0, 0, SLIDE_W, alt=alt, name=f"Kort: {spec.title}")
    _notes(s, notes)


def _national_notes(ctx: DeckContext) -> list[str]:
    from klyngekort.core.selection import Selection, select

    lang = ctx.lang
    view = select(
        ctx.ds,
        Selection(
            period=ctx.req.period,
            clusters=ctx.req.clusters,
            areas=ctx.req.areas,
            include_unknown_status=ctx.req.include_unknown_status,
        ),
    )
    c = view.counts()
    return [
        t(
            "deck_notes_national",
            lang,
            clusters=fmt_number(c["clusters"], lang),
            sites=fmt_number(c["sites"], lang),
            coloc=fmt_number(c["co_locations"], lang),
            hubs=fmt_number(c["hubs"], lang),
            persons=fmt_number(c["seconded_persons"], lang),
            unplaced=fmt_number(len(view.unplaced_sites), lang),
        ),
        t("deck_notes_town_level", lang),
    ]


def key_figures(ctx: DeckContext) -> list[tuple[str, str]]:
    """(label, formatted value) of the key figures slide."""
    lang = ctx.lang
    res = ctx.result
    m = res.municipalities
    pop = m["population"].fillna(0).to_numpy(dtype=float)
    present = m["clusters_present"].to_numpy(dtype=float)
    gaps = present == 0 if res.core.cluster_ids else present < 0
    mean = float((pop * present).sum() / pop.sum()) if pop.sum() > 0 else math.nan
    any_share = float(pop[~gaps].sum() / pop.sum()) if pop.sum() > 0 else math.nan
    return [
        (t("n_clusters", lang), fmt_number(len(res.core.cluster_ids), lang)),
        (t("deck_share_any", lang), fmt_pct(any_share, lang)),
        (t("m_mean_clusters", lang), fmt_number(mean, lang, 1)),
        (t("m_gap_munis", lang), fmt_number(int(gaps.sum()), lang)),
        (t("m_gap_pop", lang), fmt_number(float(pop[gaps].sum()), lang)),
        (t("m_gaps", lang), fmt_number(len(res.gaps), lang)),
    ]


def gap_chart_png(ctx: DeckContext, top: int = 10) -> bytes | None:
    """The Huller page's chart of the largest gaps, as a PNG (``None`` without gaps)."""
    from klyngekort.present import charts
    from klyngekort.present.mapview import hub_fill_colors

    lang = ctx.lang
    g = ctx.result.gaps.head(top)
    if g.empty:
        return None
    data = g.assign(
        pair=[
            f"{h.replace('Erhvervshus ', '')} · {c}"
            for h, c in zip(g["hub_name"], g["cluster_name"], strict=False)
        ],
        pop_k=g["population_uncovered"] / 1000,
    )
    hubs = list(dict.fromkeys(g["hub_id"]))
    fills = hub_fill_colors(ctx.ds.hub_areas["hub_id"])
    chart = charts.bar_chart(
        data,
        y="pair",
        x="pop_k",
        color="hub_name",
        color_title=t("col_hub", lang),
        color_domain=[ctx.hub_names.get(h, h) for h in hubs],
        color_range=[fills.get(h, "#9e9e9e") for h in hubs],
        x_title=t("deck_chart_gap_x", lang),
        x_format="d",
    )
    return charts.to_png(chart, width=460)


def _figures_slide(prs: Any, ctx: DeckContext) -> None:
    lang = ctx.lang
    s = _blank(prs, "figures")
    _title(s, t("h_key_figures", lang), selection_text(ctx))
    figs = key_figures(ctx)
    for i, (label, value) in enumerate(figs):
        col, row = i % 2, i // 2
        x, y = 0.45 + col * 2.95, 1.75 + row * 1.65
        card = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(2.75), Inches(1.45))
        card.fill.solid()
        card.fill.fore_color.rgb = _rgb("#F3F5F7")
        card.line.fill.background()
        card.name = f"Figure {i + 1}"
        _text(s, x + 0.15, y + 0.12, 2.5, 0.7, value, size=30, bold=True, color=HUB_DARK)
        _text(s, x + 0.15, y + 0.85, 2.5, 0.55, label, size=12, color=MUTED_TEXT)
    notes = [f"{label}: {value}." for label, value in figs]
    if not ctx.result.core.cluster_ids:
        _text(s, 6.6, 3.2, 6.2, 1.0, t("static_empty_clusters", lang), size=18)
    else:
        png = gap_chart_png(ctx)
        if png is None:
            _text(s, 6.6, 3.2, 6.2, 1.0, t("cov_no_gaps", lang), size=18)
        else:
            _text(s, 6.6, 1.55, 6.3, 0.4, t("deck_chart_gap_title", lang), size=14, bold=True)
            pic = _picture(
                s,
                png,
                6.6,
                2.0,
                6.3,
                alt=t("deck_alt_gap_chart", lang, n=min(GAP_ROWS, len(ctx.result.gaps))),
                name="Diagram: huller",
            )
            if pic.height > Inches(4.9):  # keep it above the source line
                ratio = Inches(4.9) / pic.height
                pic.height = Inches(4.9)
                pic.width = int(pic.width * ratio)
    _footer(s, ctx)
    _notes(s, notes)


def _gaps_slide(prs: Any, ctx: DeckContext) -> None:
    from klyngekort.present.tables import gap_rows

    lang = ctx.lang
    s = _blank(prs, "gaps")
    total = len(ctx.result.gaps)
    _title(s, t("deck_gaps_title", lang, n=min(GAP_ROWS, total)), selection_text(ctx))
    header, rows = gap_rows(ctx.result, lang, n=GAP_ROWS)
    if not rows:
        msg = t("static_empty_clusters", lang) if not ctx.result.core.cluster_ids else t("cov_no_gaps", lang)
        _text(s, 0.45, 3.0, 12.4, 1.0, msg, size=20)
        _notes(s, [msg])
    else:
        _table(
            s, header, rows, 0.45, 1.55, [0.45, 2.35, 2.2, 1.35, 1.5, 1.1, 2.45, 1.0], size=11, name="Huller"
        )
        notes = [t("deck_notes_gaps", lang, total=fmt_number(total, lang))]
        for r in rows[:GAP_ROWS]:
            notes.append(
                t(
                    "deck_notes_gap_row",
                    lang,
                    rank=r[0],
                    hub=r[1],
                    cluster=r[2],
                    pop=r[4],
                    share=r[5],
                    near=r[6],
                    km=r[7],
                )
            )
        _notes(s, notes)
    _footer(s, ctx)


def _hub_slide(prs: Any, ctx: DeckContext, hub_id: str) -> None:
    from klyngekort.present import tables

    lang = ctx.lang
    name = ctx.hub_names.get(hub_id, hub_id)
    s = _blank(prs, f"hub:{hub_id}")
    _title(s, name, selection_text(ctx))
    summary = tables.hub_summary(ctx.result, hub_id)
    if not summary or not ctx.result.core.cluster_ids:
        msg = t("deck_hub_empty", lang, hub=name) if not summary else t("static_empty_clusters", lang)
        _text(s, 0.45, 3.0, 12.4, 1.0, msg, size=20)
        _notes(s, [msg])
        _footer(s, ctx)
        return
    spec = sm.hub_map(ctx.ds, ctx.layers, ctx.result, hub_id, lang=lang, period=ctx.req.period)
    from klyngekort.present.coverage_map import indicator_title

    spec.title = indicator_title(ctx.result, "clusters_present", lang)  # the slide's title names the hub
    png = sm.render_bytes(spec, ctx.layers, fmt="png", size="panel")
    pic = _picture(
        s,
        png,
        0.35,
        1.45,
        7.0,
        alt=t("deck_alt_hub_map", lang, hub=name) + " " + spec.subtitle,
        name=f"Kort: {name}",
    )
    if pic.height > Inches(5.55):
        ratio = Inches(5.55) / pic.height
        pic.height = Inches(5.55)
        pic.width = int(pic.width * ratio)
    long = ctx.result.hub_matrix.long
    mine = long[long["hub_id"] == hub_id]
    by_state = {
        st: sorted(mine.loc[mine["state"] == st, "cluster_name"].astype(str).tolist(), key=str.lower)
        for st in STATES
    }
    # The first six figures fit beside the map; the report has them all.
    figs = [(label, value) for label, value, _ in tables.hub_figures(summary, lang)[:6]]
    y = 1.5
    for label, value in figs:
        _text(s, 7.65, y, 3.2, 0.35, label, size=13, color=MUTED_TEXT)
        _text(s, 10.8, y, 2.1, 0.35, value, size=13, bold=True, align=PP_ALIGN.RIGHT)
        y += 0.36
    y += 0.15
    _text(s, 7.65, y, 5.3, 0.35, t("deck_missing", lang), size=14, bold=True)
    missing = by_state["absent"]
    _text(s, 7.65, y + 0.38, 5.3, 1.6, _names(missing, lang, 10), size=12)
    y += 1.75
    _text(s, 7.65, y, 5.3, 0.35, t("deck_tie_only", lang), size=14, bold=True)
    _text(s, 7.65, y + 0.38, 5.3, 0.9, _names(by_state["tie_only"], lang, 8), size=12)
    _footer(s, ctx)
    _notes(
        s,
        [f"{label}: {value}." for label, value in figs]
        + [
            t("deck_notes_present", lang, names=_names(by_state["present"], lang, 20)),
            t("deck_notes_within", lang, names=_names(by_state["within_radius"], lang, 20)),
            t("deck_notes_tie", lang, names=_names(by_state["tie_only"], lang, 20)),
            t("deck_notes_absent", lang, names=_names(missing, lang, 20)),
        ],
    )


def _scenario_slides(prs: Any, ctx: DeckContext) -> None:
    from klyngekort.present.comparison import format_indicator

    assert ctx.cmp is not None
    cmp = ctx.cmp
    lang = ctx.lang
    spec = sm.scenario_map(cmp, ctx.ds, ctx.layers, lang=lang)
    ind = cmp.indicators
    notes = [
        t(f"cmp_ind_{r.indicator}", lang)
        + ": "
        + t(
            "deck_before_after",
            lang,
            before=format_indicator(r.before, r.unit, lang),
            after=format_indicator(r.after, r.unit, lang),
        )
        for r in ind.itertuples(index=False)
    ]
    _map_slide(
        prs,
        ctx,
        "scenario",
        spec,
        alt=t("deck_alt_scenario", lang, name=cmp.scenario.name, n=len(cmp.changed)),
        notes=notes,
    )
    s = _blank(prs, "scenario_delta")
    _title(s, t("deck_delta_title", lang, name=cmp.scenario.name), spec.subtitle)
    changed = cmp.changed_clusters
    names = dict(zip(cmp.municipalities["kommunekode"], cmp.municipalities["kommune"], strict=False))
    header = [
        t("cmp_c_cluster", lang),
        t("cmp_c_presences", lang),
        t("cmp_c_pop_before", lang),
        t("cmp_c_pop_after", lang),
        t("cmp_c_pop_new", lang),
        t("cmp_c_share_after", lang),
        t("cmp_c_mun_new_names", lang),
    ]
    rows = []
    for r in changed.head(12).itertuples(index=False):
        new_names = [names.get(c, c) for c in str(r.municipalities_newly_covered_ids or "").split(";") if c]
        rows.append(
            [
                str(r.cluster_name),
                f"{r.presences_before} → {r.presences_after}",
                fmt_number(float(r.population_before), lang),
                fmt_number(float(r.population_after), lang),
                fmt_number(float(r.population_newly_covered), lang),
                fmt_pct(float(r.share_after), lang),
                _names(new_names, lang, 6),
            ]
        )
    if rows:
        _table(s, header, rows, 0.45, 1.55, [2.2, 1.2, 1.55, 1.55, 1.55, 1.2, 3.2], size=11, name="Delta")
    else:
        _text(s, 0.45, 3.0, 12.4, 1.0, t("static_empty_scenario", lang), size=20)
    _footer(s, ctx)
    _notes(s, [", ".join(r[:1] + r[4:5]) for r in rows] or [t("static_empty_scenario", lang)])


def _method_slide(prs: Any, ctx: DeckContext) -> None:
    from klyngekort.present.wording import describe_method

    lang = ctx.lang
    s = _blank(prs, "method")
    _title(s, t("deck_method_title", lang))
    year = int(ctx.ds.population["year"].max()) if len(ctx.ds.population) else "–"
    blocks = [
        describe_method(ctx.result.params, lang),
        _plain(t("method_presence", lang)),
        _plain(t("method_demand", lang, year=year)),
        _plain(t("method_gaps", lang)),
        t("deck_sources", lang, attribution=ctx.layers.attribution),
        t("deck_made", lang, date=sm.format_date(date.today(), lang))
        + " · "
        + sm.source_line(lang, ctx.data_date),
    ]
    if ctx.ds.is_example:
        blocks.append(t("example_banner", lang))
    box = _text(s, 0.45, 1.25, 12.4, 5.7, blocks, size=12.5)
    for p in box.text_frame.paragraphs:
        p.space_after = Pt(7)
    if ctx.ds.is_example:
        _example_mark(s, lang)
    _notes(s, blocks)


def _plain(markdown: str) -> str:
    return markdown.replace("**", "").replace("*", "")


# --------------------------------------------------------------------------- the deck


def build_deck(
    ds: Dataset,
    layers: GeoLayers,
    req: ViewRequest,
    *,
    lang: Lang = "da",
    cmp: ScenarioComparison | None = None,
) -> bytes:
    """The deck of ``req`` (and ``cmp``, a scenario's before/after) as a .pptx file."""
    result = request_coverage(ds, layers, req)
    names = head_offices(ds)
    hubs = [h for h in (req.hubs or tuple(names)) if h in names]
    ctx = DeckContext(ds, layers, req, lang, result, hubs, names, cmp, sm.dataset_date(ds, lang))
    prs = Presentation()
    prs.slide_width = Inches(SLIDE_W)
    prs.slide_height = Inches(SLIDE_H)
    prs.core_properties.title = t("deck_title", lang)
    prs.core_properties.subject = selection_text(ctx)
    prs.core_properties.author = "Klyngekort"
    prs.core_properties.language = t("locale_tag", lang)

    _title_slide(prs, ctx)
    sel_hub = hubs[0] if len(req.hubs) == 1 else None
    national = sm.national_map(ds, layers, req.selection(sel_hub), lang=lang)
    _map_slide(
        prs,
        ctx,
        "national",
        national,
        alt=t("deck_alt_national", lang) + " " + national.subtitle,
        notes=_national_notes(ctx),
    )
    coverage = sm.coverage_map(ds, layers, result, lang=lang, period=req.period, focus_hub=sel_hub)
    _map_slide(
        prs,
        ctx,
        "coverage",
        coverage,
        alt=t("deck_alt_coverage", lang) + " " + coverage.subtitle,
        notes=[f"{label}: {value}." for label, value in key_figures(ctx)],
    )
    _figures_slide(prs, ctx)
    _gaps_slide(prs, ctx)
    for h in hubs:
        _hub_slide(prs, ctx, h)
    if cmp is not None:
        _scenario_slides(prs, ctx)
    _method_slide(prs, ctx)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
