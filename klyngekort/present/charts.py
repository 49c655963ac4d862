"""The app's bar charts (Altair), built once for the pages and for the slide deck.

The pages show them with ``st.altair_chart`` (drawn by the Vega bundled with Streamlit); the deck
and the report turn the same chart into a PNG with ``vl-convert-python`` (:func:`to_png`), which
renders Vega-Lite in-process: no browser, no network.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from klyngekort.present.i18n import Lang, t
from klyngekort.present.style import STATE_BAR_COLORS


def bar_chart(
    data: pd.DataFrame,
    *,
    y: str,
    x: str,
    x_title: str,
    color: str | None = None,
    color_title: str = "",
    color_domain: Sequence[str] | None = None,
    color_range: Sequence[str] | None = None,
    tooltip: Sequence[tuple[str, str]] = (),
    x_format: str | None = None,
    offset: str | None = None,
) -> alt.Chart:
    """A horizontal bar chart, bars sorted by ``x``. ``tooltip``: (field, title) pairs of
    already formatted text fields; ``offset``: a field that splits each bar into grouped bars."""
    axis = alt.Axis(format=x_format, title=x_title) if x_format else alt.Axis(title=x_title)
    enc: dict = {
        "x": alt.X(f"{x}:Q", axis=axis),
        "y": alt.Y(
            f"{y}:N",
            sort=alt.EncodingSortField(field=x, op="sum", order="descending"),
            title=None,
            axis=alt.Axis(labelLimit=260, labelOverlap=False),
        ),
        "tooltip": [alt.Tooltip(f"{f}:N", title=tt) for f, tt in tooltip],
    }
    if color:
        scale = (
            alt.Scale(domain=list(color_domain), range=list(color_range))
            if color_domain and color_range
            else alt.Undefined
        )
        enc["color"] = alt.Color(
            f"{color}:N",
            title=color_title,
            scale=scale,
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=260, symbolStrokeWidth=0.5),
        )
    if offset:
        enc["yOffset"] = alt.YOffset(f"{offset}:N")
    step = 10 if offset else 22
    return (
        alt.Chart(data)
        .mark_bar(stroke="#5f6670", strokeWidth=0.4)
        .encode(**enc)
        .properties(height=alt.Step(step))
    )


def state_domain(lang: Lang) -> tuple[list[str], list[str]]:
    """The hub × cluster state labels and their bar colours, in legend order."""
    from klyngekort.present.tables import state_label

    return [state_label(s, lang) for s in STATE_BAR_COLORS], list(STATE_BAR_COLORS.values())


def state_chart(
    data: pd.DataFrame,
    *,
    y: str,
    x: str,
    x_title: str,
    lang: Lang,
    x_format: str | None = None,
    tooltip: Sequence[tuple[str, str]] = (),
) -> alt.Chart:
    """A bar chart coloured by hub × cluster state (column ``state`` holds the labels)."""
    domain, colors = state_domain(lang)
    return bar_chart(
        data,
        y=y,
        x=x,
        x_title=x_title,
        color="state",
        color_title=t("col_state", lang),
        color_domain=domain,
        color_range=colors,
        tooltip=tooltip,
        x_format=x_format,
    )


def to_png(chart: alt.Chart, *, width: int = 560, scale: float = 2.0) -> bytes:
    """The chart as a PNG, drawn in-process by ``vl-convert`` (no browser, no network), with
    DejaVu Sans so that æøå are right."""
    import vl_convert as vlc

    _register_fonts(vlc)
    spec = (
        chart.properties(width=width)
        .configure(font="DejaVu Sans")
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(labelFontSize=12, titleFontSize=12)
        .to_dict()
    )
    return vlc.vegalite_to_png(spec, scale=scale)


_FONTS_REGISTERED: list[bool] = []


def _register_fonts(vlc) -> None:
    """Give vl-convert matplotlib's DejaVu fonts (a package file, so the same on every machine)."""
    if _FONTS_REGISTERED:
        return
    from pathlib import Path

    import matplotlib

    vlc.register_font_directory(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf"))
    _FONTS_REGISTERED.append(True)
