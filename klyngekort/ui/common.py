"""Streamlit glue shared by the pages: cached loading, sidebar controls, map display.

Everything here is thin: the work is done by the ``klyngekort`` package.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import numpy as np
import pandas as pd
import streamlit as st
import streamlit_folium

from klyngekort.core import config
from klyngekort.core.limits import cap_issues
from klyngekort.core.messages import MessageValueError
from klyngekort.core.model import Dataset, Issue, LoadResult, Message, MessageError
from klyngekort.core.periods import PROGRAMME_PERIODS, Period, current_period, period_for
from klyngekort.core.programmes import last_known_period, programme_counts
from klyngekort.core.selection import Selection, cluster_labels, distinct_areas, hub_labels
from klyngekort.geo.cache import GeoLayers, load_layers
from klyngekort.geo.read import GeodataError
from klyngekort.present import assets, export
from klyngekort.present.i18n import (
    LANG_NAMES,
    LANGS,
    Lang,
    fmt_date,
    fmt_number,
    fmt_period,
    fmt_value,
    programme_line,
    t,
)
from klyngekort.present.mapview import changed_date, zoomable
from klyngekort.present.tables import column_kinds
from klyngekort.present.wording import issue_text, issues_text, message_text
from klyngekort.store.data import DataStore, SeedError
from klyngekort.store.db import StoreError
from klyngekort.ui import state as app_state

T = TypeVar("T")

DATASETS = ("public", "example")


def _leave_pages_directory_mode() -> None:
    """Make sure app.py's ``st.navigation`` is in charge.

    Streamlit decides once per process, at the first session, whether the app is a
    "pages/ directory" app (v1). If that first session opens a page URL directly
    (``/data``), Streamlit runs the page file without app.py and stays in v1
    mode until app.py happens to run. Every page imports this module, so the first
    such run switches the process to ``st.navigation`` mode and reruns through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_pages_directory_mode()


# --------------------------------------------------------------------------- state in the URL
# One module owns it (klyngekort.ui.state); these names are kept for the pages.

qp_get = app_state.qp_get
qp_set = app_state.qp_set
lang = app_state.lang


# --------------------------------------------------------------------------- cached loading


@st.cache_resource(show_spinner=False)
def _layers(path: str, signature: tuple) -> GeoLayers:
    return load_layers(Path(path))


def _try_layers() -> tuple[GeoLayers | None, GeodataError | None]:
    path = config.geodata_dir()
    try:
        return _layers(str(path), _path_signature(path)), None
    except GeodataError as exc:
        return None, exc


def geo_layers() -> GeoLayers | None:
    """The DAGI layers, or ``None`` after showing (once per page) how to get them."""
    layers, exc = _try_layers()
    if exc is not None:
        st.error(f"**{t('geodata_missing', lang())}**\n\n{md_escape(message_text(exc.message, lang()))}")
        st.info(t("geodata_how_to", lang()))
    return layers


def _path_signature(path: Path) -> tuple:
    if not path.exists():
        return ()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@st.cache_resource(show_spinner=False, max_entries=128)
def _view_cache(kind: str, key: str, _build: Callable[[], Any]) -> Any:
    return _build()


def per_view(kind: str, key: tuple, build: Callable[[], T]) -> T:
    """What ``build()`` returns, computed once per ``key`` and shared by every session of
    this server process (``st.cache_resource``): maps' component payloads, tables and counts
    of a view. ``key`` must hold everything the result depends on, starting with the
    dataset's ``revision`` (a digest of its content, equal in every instance), so an edit is
    never hidden by a cache; nothing personal goes in a shared cache. The result is shared,
    so it is never changed by its users."""
    return _view_cache(kind, repr(key), build)


_last_good: dict[str, Dataset] = {}
_last_good_lock = threading.Lock()


@dataclass
class DataState:
    dataset: Dataset | None
    issues: list[Issue]
    fallback: bool  # showing the last valid data because the current data has errors
    store_error: MessageError | None = None  # the database could not be read


def dataset_dir(kind: str) -> Path:
    return config.example_data_dir() if kind == "example" else config.data_dir()


@st.cache_resource(show_spinner=False)
def _data_store(url: str) -> DataStore:
    store = DataStore(url)
    return store


def data_store() -> DataStore:
    """The store of this process (one per database URL); raises :class:`StoreError`."""
    return _data_store(config.database_url())


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_store(
    url: str,
    revision: int,
    kind: str,
    overlay: tuple,
    layers_hash: str,
    _layers: GeoLayers | None,
    as_of: str | None = None,
) -> LoadResult:
    # keyed by the store's revision (and the as-of day): a save in any process or instance is
    # a new key; the rows' dates (Dataset.row_dates) are computed here, once per key
    return _data_store(url).load(kind, _layers.places if _layers else None, as_of=as_of)


def load_current(kind: str, as_of: str | None = None) -> DataState:
    """The dataset of record from the store (cached per store revision), validated; on errors
    keep the last good data. On an empty store, ``data/`` is imported first. ``as_of``
    (``YYYY-MM-DD``): the data as it stood at the end of that day (cached per revision and
    day); its errors are shown, never replaced by the current data."""
    layers, _ = _try_layers()  # the page itself shows a geodata problem, once
    url = config.database_url()
    key = f"{url}#{kind}"
    try:
        store = _data_store(url)
        revision = store.revision()
        if revision == 0:
            store.ensure_seeded(config.data_dir(), layers.places if layers else None)
            revision = store.revision()
        overlay = _path_signature(config.example_data_dir()) if kind == "example" else ()
        result = _load_store(
            url, revision, kind, overlay, layers.source_hash if layers else "", layers, as_of or None
        )
    except SeedError as exc:  # an empty store and data/ with errors: say which, by file, row and field
        with _last_good_lock:
            return DataState(_last_good.get(key), exc.issues, True, exc)
    except StoreError as exc:
        with _last_good_lock:
            return DataState(_last_good.get(key), [], True, exc)
    if as_of:
        return DataState(result.dataset if result.ok else None, result.issues, False)
    with _last_good_lock:
        if result.ok and result.dataset is not None:
            _last_good[key] = result.dataset
            return DataState(result.dataset, result.issues, False)
        return DataState(_last_good.get(key), result.issues, True)


# --------------------------------------------------------------------------- sidebar


def sidebar_language() -> Lang:
    current = lang()
    raw = qp_get("lang")
    if raw is not None and raw not in LANGS and "lang" not in st.session_state:
        app_state.report("lang", raw, "Dansk")
    choice = st.sidebar.segmented_control(
        "Sprog / Language",
        options=list(LANGS),
        default=current,
        format_func=LANG_NAMES.__getitem__,
        key="lang_choice",
    )
    value: Lang = choice if choice in LANGS else current
    st.session_state["lang"] = value
    qp_set("lang", value, "da")
    return value


def sidebar_dataset() -> str:
    lg = lang()
    default = app_state.choice("data", DATASETS, "public", lambda v: t(f"dataset_{v}", lg))
    kind = st.sidebar.radio(
        t("dataset", lg),
        DATASETS,
        index=DATASETS.index(default),
        format_func=lambda v: t(f"dataset_{v}", lg),
        key=app_state.widget_key("dataset_kind"),
        horizontal=True,
    )
    qp_set("data", kind, "public")
    return kind


def words(item: Issue | Message | MessageError) -> str:
    """An issue (``file:line:field: message``), a message or an error in the reader's language."""
    return issue_text(item, lang()) if isinstance(item, Issue) else message_text(item, lang())


def show_issue_lines(issues: list[Issue]) -> None:
    """Issues one per line as ``file:line:field: message``, in a code block (shown as typed,
    so nothing in the data is read as markdown): the one issue display of the pages. At most
    the limit ``messages_per_kind`` of each kind are shown, then "… og N flere af samme slags"."""
    st.code(issues_text(cap_issues(issues), lang()), language=None)


def show_data_state(state: DataState) -> None:
    lg = lang()
    if state.store_error is not None:
        st.error(words(state.store_error))
    errors = [i for i in state.issues if i.severity == "error"]
    warnings = [i for i in state.issues if i.severity == "warning"]
    if errors:
        st.error(t("data_errors" if state.dataset is not None else "data_errors_no_fallback", lg))
        show_issue_lines(errors)
    if warnings:
        with st.expander(t("data_warnings", lg, n=len(warnings))):
            show_issue_lines(warnings)
    if state.dataset is not None and state.dataset.is_example:
        st.warning(f"**{t('dataset_example', lg).upper()}** · {t('example_banner', lg)}", icon="⚠️")


def page_header(title_key: str, caption_key: str | None = None) -> Lang:
    """The title (and caption) of a page in the user's language, and under them the notes
    about link values that could not be used; returns the language."""
    app_state.restore()  # app.py did it already in a browser; a page run alone (tests) does it here
    lg = lang()
    st.title(t(title_key, lg), anchor=False)
    if caption_key:
        st.caption(t(caption_key, lg))
    app_state.notes_slot()
    return lg


def open_page(title_key: str, caption_key: str) -> tuple[Lang, Dataset, GeoLayers]:
    """The one preamble of every data page: :func:`page_header`, then :func:`open_data`."""
    lg = page_header(title_key, caption_key)
    ds, layers = open_data()
    return lg, ds, layers


def open_data() -> tuple[Dataset, GeoLayers]:
    """The opening every data page shares: dataset choice, loading with validation messages,
    the EKSEMPELDATA banner and the DAGI layers. Stops the page (after saying why) when there
    is no valid data or no geodata."""
    kind = sidebar_dataset()
    state = load_current(kind)  # first: an empty store is seeded here, and then has a past
    as_of = sidebar_as_of()
    if as_of:
        state = load_current(kind, as_of)
    show_as_of(as_of)
    show_data_state(state)
    layers = geo_layers()
    if state.dataset is None or layers is None:
        st.stop()
    return state.dataset, layers


def first_saved_day() -> date | None:
    """The day of the store's first save (the seed import), or ``None`` (an empty store or
    none to be read)."""
    try:
        first = data_store().first_saved()
    except StoreError:
        return None
    return changed_date(first) if first else None


def sidebar_as_of() -> str | None:
    """The as-of control (URL ``asof=YYYY-MM-DD``, kept by this page only, not carried to the
    next page): show the map and figures as the data stood at the end of a past day, from the
    store's history. Without it, the current data. A day before the first import or after
    today is moved into that range, and a value that is not a date is left out, with a note."""
    lg = lang()
    first = first_saved_day()
    if first is None:  # nothing recorded yet: there is no past to show
        qp_set("asof", None)
        return None
    hi = max(today(), first)
    raw = qp_get("asof")
    linked: date | None = None
    if raw:
        try:
            date.fromisoformat(raw.strip())
            linked = qp_date("asof", hi, first, hi)
        except ValueError:
            app_state.report("asof", raw, t("asof_now", lg))
    # the link is the truth: when it changed (a link opened, another page), the widgets follow it
    url_value = linked.isoformat() if linked else None
    if url_value != st.session_state.get(_ASOF_WRITTEN) or "asof_on" not in st.session_state:
        st.session_state["asof_on"] = linked is not None
        st.session_state["asof_day"] = linked or hi
    day_now = st.session_state.get("asof_day")
    if not isinstance(day_now, date) or not first <= day_now <= hi:
        st.session_state["asof_day"] = hi
    value: str | None = None
    if st.sidebar.toggle(t("asof_toggle", lg), key="asof_on", help=t("asof_help", lg)):
        day = st.sidebar.date_input(
            t("asof_date", lg), min_value=first, max_value=hi, format="DD.MM.YYYY", key="asof_day"
        )
        value = day.isoformat() if isinstance(day, date) else None
    qp_set("asof", value)
    st.session_state[_ASOF_WRITTEN] = value
    return value


_ASOF_WRITTEN = "asof_written"  # the asof this session last put in the link


def show_as_of(as_of: str | None) -> None:
    """The page's plain statement that it shows historical data, with a way back."""
    if not as_of:
        return
    lg = lang()
    st.warning(t("asof_banner", lg, date=fmt_date(date.fromisoformat(as_of), lg)), icon=":material/history:")
    st.button(t("asof_back", lg), key="asof_back", on_click=_leave_as_of)


def _leave_as_of() -> None:
    qp_set("asof", None)
    st.session_state[_ASOF_WRITTEN] = None
    st.session_state["asof_on"] = False


def sidebar_period(ds: Dataset) -> Period:
    """The period control. Under it, for each programme period the chosen period overlaps,
    how many clusters the sources count and how many of them the data knows by name; when
    not all are known, the page says so next to its content too (:func:`programme_notes`)."""
    period = _period_choice()
    programme_notes(ds, period)
    return period


def programme_notes(ds: Dataset, period: Period) -> None:
    """``Clusters 2025–2028: 11 funded, 2 of them known by name.`` from ``programmes.csv``
    and ``clusters.csv``: a caption in the sidebar, and a note in the page when the sources
    name fewer clusters than the programme has. When most clusters' status is unknown, the
    note says so plainly and offers the last period the data knows (a button that changes
    the link's ``period``; the page never switches by itself)."""
    lg = lang()
    offer: str | None = None
    for count in programme_counts(ds, period):
        line = programme_line(count.period, count.total, count.known_by_name, count.counted_as, lg)
        st.sidebar.caption(line)
        if not count.complete:
            cited = "; ".join(x for x in (md_link(count.source_url), md_escape(count.source_text)) if x)
            source = t("prog_source", lg, source=cited) if cited else ""
            rest = t("prog_rest_unknown", lg, period=fmt_period(count.period))
            if count.mostly_unknown:  # said first and plainly, not as the last of three sentences
                parts = (t("prog_mostly_unknown", lg, period=fmt_period(count.period)), line, source)
            else:
                parts = (line, rest, source)
            st.info(" ".join(x for x in parts if x), icon="ℹ️")
            if count.mostly_unknown:
                offer = last_known_period(ds)
    if offer is not None and offer != period.key:
        st.button(
            t("prog_show_known", lg, period=fmt_period(offer)),
            key="prog_show_known",
            icon=":material/history:",
            on_click=_switch_period,
            args=(offer,),
        )


def _switch_period(key: str) -> None:
    """The button of :func:`programme_notes`: the period in the link and in its radio."""
    qp_set("period", key, default_period())
    st.session_state[app_state.widget_key("period_choice")] = key


def default_period() -> str:
    """The period a link without ``period`` shows: the programme period containing today
    (:func:`klyngekort.core.config.today`; ``$KLYNGEKORT_TODAY`` fixes it for demos and tests).
    With a bad ``$KLYNGEKORT_TODAY`` the computer's date is used (and the period control says so)."""
    return current_period(today())


def today() -> date:
    """:func:`klyngekort.core.config.today`, or the computer's date when ``$KLYNGEKORT_TODAY``
    is not a date."""
    try:
        return config.today()
    except MessageValueError:
        return date.today()


PERIOD_LO, PERIOD_HI = date(2019, 1, 1), date(2030, 12, 31)


def _period_label(key: str, lg: Lang) -> str:
    return t("period_date", lg) if key == "date" else key.replace("-", "–")


def _period_choice() -> Period:
    """Programme period or a date (URL ``period``: ``2021-2024``, ``2025-2028`` or an ISO
    date); without one, the programme period containing today (:func:`default_period`). A
    value that is neither is replaced by that default, with a note; a date outside
    2019–2030 is moved to the nearest end, with a note."""
    lg = lang()
    options = [*PROGRAMME_PERIODS.keys(), "date"]
    try:
        config.today()
    except MessageValueError as exc:  # an operator's mistake: said, and the computer's date used
        st.sidebar.error(words(exc))
    default = default_period()
    raw = qp_get("period", default) or default
    if raw in options:
        idx = options.index(raw)
    else:
        try:
            date.fromisoformat(raw.strip())
            idx = options.index("date")
        except ValueError:
            app_state.report("period", raw, _period_label(default, lg))
            idx = options.index(default)
    choice = st.sidebar.radio(
        t("period", lg),
        options,
        index=idx,
        horizontal=True,
        key=app_state.widget_key("period_choice"),
        format_func=lambda v: _period_label(v, lg),
    )
    if choice == "date":
        initial = qp_date("period", today(), PERIOD_LO, PERIOD_HI)
        day = st.sidebar.date_input(
            t("date", lg),
            value=initial,
            min_value=PERIOD_LO,
            max_value=PERIOD_HI,
            format="DD.MM.YYYY",
            key="period_day",
        )
        qp_set("period", day.isoformat())
        return period_for(day.isoformat())
    qp_set("period", choice, default)
    return period_for(choice)


def sidebar_selection(ds: Dataset, *, with_hub: bool = True) -> Selection:
    lg = lang()
    st.sidebar.subheader(t("filters", lg))
    period = sidebar_period(ds)
    include_unknown = sidebar_include_unknown()
    labels = cluster_labels(ds)
    q_clusters = app_state.choices("clusters", list(labels), all_text=t("all_placeholder", lg))
    clusters = st.sidebar.multiselect(
        t("clusters", lg),
        list(labels),
        default=q_clusters,
        format_func=lambda c: labels[c],
        key="clusters",
        placeholder=t("all_placeholder", lg),
        select_all=False,  # Streamlit's "Select all" cannot be translated; empty already means all
    )
    qp_set("clusters", ",".join(clusters))
    areas_all = distinct_areas(ds)
    q_areas = app_state.choices("areas", areas_all, sep="|", all_text=t("all_placeholder", lg))
    areas = st.sidebar.multiselect(
        t("areas", lg),
        areas_all,
        default=q_areas,
        key="areas",
        placeholder=t("all_placeholder", lg),
        select_all=False,
    )
    qp_set("areas", "|".join(areas))
    hub_id = None
    if with_hub:
        hub_id = sidebar_hub(ds)
    return Selection(
        period=period,
        clusters=tuple(clusters),
        areas=tuple(areas),
        hub_id=hub_id,
        include_unknown_status=include_unknown,
    )


def sidebar_hub(ds: Dataset, *, allow_all: bool = True, key: str = "hub") -> str | None:
    lg = lang()
    names = hub_labels(ds, head_offices_only=True)
    options = (["__all__"] if allow_all else []) + list(names)

    def label(h: str) -> str:
        return t("all_country", lg) if h == "__all__" else names[h]

    q = app_state.choice("hub", [h for h in options if h != "__all__"], options[0], label)
    choice = st.sidebar.selectbox(
        t("hub", lg),
        options,
        index=options.index(q),
        key=app_state.widget_key(key),
        format_func=label,
    )
    qp_set("hub", None if choice == "__all__" else choice)
    return None if choice == "__all__" else choice


BASEMAPS = ("", "CartoDB.Positron", "OpenStreetMap.Mapnik")


def sidebar_basemap() -> str | None:
    lg = lang()
    choice = st.sidebar.selectbox(
        t("basemap", lg),
        BASEMAPS,
        index=0,
        key=app_state.widget_key("basemap"),
        format_func=lambda b: t("basemap_none", lg) if not b else b.replace(".", " "),
    )
    if choice:
        st.sidebar.caption(t("basemap_online_note", lg))
    return choice or None


# --------------------------------------------------------------------------- output


def map_payload(m, key: str) -> dict[str, Any]:
    """What ``st_folium(m, key=key, returned_objects=[])`` sends to the browser, computed
    once: the Leaflet script, header, HTML and links. Rendering a folium map is most of a
    map page's server time, so pages cache this per view (:func:`per_view`) and
    :func:`show_map` sends it as it is."""
    sf = streamlit_folium
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = zoomable(sf._get_header(m))
    script = sf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []

    def walk(el):
        yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    for el in walk(m):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "key": sf.generate_js_hash(script, key, False),
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
    }


def show_map(m, *, key: str, height: int = 640) -> None:
    """Show a folium map, or a :func:`map_payload` made for the same ``key``.
    ``returned_objects=[]``: panning and zooming never rerun the app."""
    payload = m if isinstance(m, dict) else map_payload(m, key)
    hash_key = payload["key"]

    def on_change() -> None:  # as st_folium's: the component's value under the caller's key
        st.session_state[key] = st.session_state.get(hash_key, {})

    streamlit_folium._component_func(
        **payload,
        height=height,
        width=None,
        returned_objects=[],
        default={},
        zoom=None,
        center=None,
        feature_group=None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        on_change=on_change,
        wrap_longitude=False,
    )


def show_dataframe(
    df: pd.DataFrame,
    kinds: Mapping[str, str] | None = None,
    *,
    cell_colors: Mapping[str, Mapping[str, str]] | None = None,
    bold: Sequence[str] = (),
    pinned: Sequence[str] = (),
    wide: Sequence[str] = (),
    links: Sequence[str] = (),
    checks: Sequence[str] = (),
    height: int | Literal["auto", "content", "stretch"] = "auto",
) -> None:
    """Every table of the app: numbers in the reader's format by the one formatter
    (:func:`klyngekort.present.i18n.fmt_value`, kinds from
    :func:`klyngekort.present.tables.column_kinds` and ``kinds``); the values stay numbers,
    so sorting works. ``pinned`` columns stay in view when the table scrolls sideways,
    ``wide`` columns are wide enough for their words, ``cell_colors`` colour cells by value.

    Streamlit shows an empty number as "None" whatever the formatting, so on screen an
    unknown number becomes ``inf`` (shown "–", sorted last); the downloads keep it empty."""
    lg = lang()
    col_kinds = column_kinds(df, lg, kinds)
    shown = df.copy()
    for col in col_kinds:
        if pd.api.types.is_float_dtype(shown[col]) and shown[col].isna().any():
            shown[col] = shown[col].fillna(np.inf)
    formats = {col: (lambda v, k=kind: fmt_value(v, k, lg)) for col, kind in col_kinds.items()}
    styler = shown.style.format(formats, na_rep="–") if formats else shown.style
    for col, colors in (cell_colors or {}).items():
        if col in df.columns:
            styler = styler.map(
                lambda v, c=colors: f"background-color: {c[v]}" if v in c else "", subset=[col]
            )
    for col in bold:
        if col in df.columns:
            styler = styler.map(lambda v: "font-weight: bold", subset=[col])
    config: dict[str, Any] = {}
    for col in df.columns:
        label = str(col)
        if label in links:
            config[label] = st.column_config.LinkColumn(pinned=label in pinned)
        elif label in checks:
            config[label] = st.column_config.CheckboxColumn(pinned=label in pinned)
        elif label in pinned or label in wide:
            config[label] = st.column_config.Column(
                pinned=label in pinned or None, width="medium" if label in wide else None
            )
    st.dataframe(styler, hide_index=True, width="stretch", height=height, column_config=config or None)


#: Number kinds of the data files' columns (the page Data og kilder).
DATA_KINDS = {"latitude": "coord", "longitude": "coord", "population": "int", "persons": "int", "fte": "dec1"}


def export_about(title: str, *, with_period: bool = True) -> list[tuple[str, str]]:
    """The first sheet of an Excel download: what the file holds, from the app state
    (dataset, period, method, filters), the date and the sources."""
    lg = lang()
    data = qp_get("data", "public") or "public"
    rows = [(t("xl_contents", lg), title)]
    rows.append((t("dataset", lg), t(f"dataset_{data}", lg) if data in DATASETS else data))
    if data == "example":
        rows.append(("", t("example_banner", lg)))
    if with_period:
        period = qp_get("period") or default_period()
        rows.append((t("period", lg), period.replace("-", "–") if period in PROGRAMME_PERIODS else period))
        method = app_state.method()
        if method:
            rows.append((t("method", lg), method))
        filters = []
        for name, key in (("clusters", "clusters"), ("areas", "areas"), ("hub", "hub")):
            value = qp_get(name)
            if value:
                filters.append(f"{t(key, lg)}: {value.replace('|', ', ').replace(',', ', ')}")
        rows.append((t("filters", lg), "; ".join(filters) if filters else t("xl_no_filters", lg)))
    rows.append((t("date", lg), fmt_date(date.today(), lg)))
    rows.append((t("xl_sources", lg), t("xl_sources_text", lg)))
    rows.append((t("xl_program", lg), "Klyngekort"))
    return rows


def download_name(name: str, *, with_period: bool = True) -> str:
    """A download's file name: ``name``, the period (when the page has one) and today's date."""
    parts = [name]
    if with_period:
        parts.append(qp_get("period") or default_period())
    parts.append(date.today().isoformat())
    return "-".join(parts)


def downloads(
    df: pd.DataFrame,
    name: str,
    *,
    key: str,
    sheet: str | None = None,
    kinds: Mapping[str, str] | None = None,
    with_period: bool = True,
) -> None:
    """CSV and Excel download buttons. The files are made only when clicked (deferred
    generation), so a filter change does not build and send them. The Excel file comes from
    the one writer (:func:`klyngekort.present.export.to_xlsx_bytes`) with a first sheet that
    says what it holds; both file names carry the period and the date."""
    lg = lang()
    file = download_name(name, with_period=with_period)
    sheet_name = sheet or t("xl_table", lg)
    c1, c2 = st.columns(2)
    c1.download_button(
        t("download_csv", lg),
        lambda: export.to_csv_bytes(df),
        file_name=f"{file}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        width="stretch",
        on_click="ignore",
    )
    about = export_about(name, with_period=with_period)
    col_kinds = column_kinds(df, lg, kinds)
    c2.download_button(
        t("download_xlsx", lg),
        lambda: export.to_xlsx_bytes(
            {sheet_name: df}, about=about, kinds={sheet_name: col_kinds}, about_title=t("xl_about", lg)
        ),
        file_name=f"{file}.xlsx",
        key=f"{key}_xlsx",
        width="stretch",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@st.cache_resource
def favicon():
    """A small square favicon in the theme colour, made locally (nothing fetched)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((2, 2, 62, 62), radius=12, fill=(31, 78, 121, 255))
    for cx, cy in ((22, 24), (42, 30), (28, 44)):
        draw.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill=(255, 255, 255, 255))
    return img


#: The app's own style on top of Streamlit's theme: captions dark enough to read (≥ 4.5:1 on
#: white and on the sidebar's grey), section headings (h2) at a section's size, a focus ring
#: that is always visible, and the Leaflet map's legend usable on a phone. ``--kk-css`` tells
#: the browser tests that this style is in the page: Streamlit draws ``st.html`` a moment
#: after the script run has finished.
APP_CSS = """<style>
:root { --kk-css: 1; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small, [data-testid="stMetricLabel"] { color: #50555c !important; opacity: 1 !important; }
[data-testid="stMain"] h2 { font-size: 1.55rem; padding-top: 0.75rem; }
:focus-visible { outline: 3px solid #1f4e79 !important; outline-offset: 2px !important; }
iframe:focus-visible, iframe:focus { outline: 3px solid #1f4e79 !important; outline-offset: 2px; }
</style>"""


def setup() -> None:
    """Once per run: vendored assets in place, and the app state carried over from the
    previous page (:func:`klyngekort.ui.state.restore`)."""
    assets.ensure_assets()
    app_state.restore()
    st.html(APP_CSS)


# --------------------------------------------------------------------------- overload

# Script runs of this server process that may run at once. Streamlit runs every session's
# script in its own thread, but one Python process computes on one core at a time: twenty
# runs started together all finish late. Letting a few run and the rest wait their turn
# gives the same throughput and answers most users sooner. A run that has waited
# KLYNGEKORT_BUSY_TIMEOUT seconds gives up with a clear "travlt – prøv igen" message.
MAX_CONCURRENT_RUNS = max(1, int(os.environ.get("KLYNGEKORT_MAX_CONCURRENT_RUNS", "4") or 4))
BUSY_TIMEOUT_S = max(0.0, float(os.environ.get("KLYNGEKORT_BUSY_TIMEOUT", "30") or 30))
_run_slots = threading.BoundedSemaphore(MAX_CONCURRENT_RUNS)


@contextmanager
def run_slot() -> Iterator[None]:
    """Run the page inside one of :data:`MAX_CONCURRENT_RUNS` slots; when none is free within
    :data:`BUSY_TIMEOUT_S`, say so ("Travlt – prøv igen", with a button) and stop the run.
    The slot is given back however the page ends (``st.stop``, ``st.rerun``, an error)."""
    if not _run_slots.acquire(timeout=BUSY_TIMEOUT_S):
        lg = lang()
        st.warning(t("busy", lg, seconds=f"{BUSY_TIMEOUT_S:.0f}"), icon="⏳")
        st.button(t("busy_retry", lg), key="busy_retry")
        st.stop()
    try:
        yield
    finally:
        _run_slots.release()


# --------------------------------------------------------------------------- safe URL values, escaping
# (shared by the coverage pages and the planner: a hand-edited link never crashes a page)


@overload
def qp_number(
    name: str, default: float, lo: float, hi: float, *, integer: Literal[True], unit: str = ""
) -> int: ...
@overload
def qp_number(
    name: str, default: float, lo: float, hi: float, *, integer: Literal[False] = ..., unit: str = ""
) -> float: ...
def qp_number(
    name: str, default: float, lo: float, hi: float, *, integer: bool = False, unit: str = ""
) -> float | int:
    """The number in URL parameter ``name``, clamped to ``lo``–``hi``. Missing, not a number
    or not finite (``nan``, ``inf``, ``1e999``): ``default`` (also clamped). A value that is
    replaced or moved into the range is reported under the page title (``unit`` labels it)."""
    value = float(default)
    raw = qp_get(name)
    usable = False
    if raw is not None:
        try:
            v = float(str(raw).strip())
        except (ValueError, OverflowError):
            v = math.nan
        if math.isfinite(v):
            value, usable = v, True
    clamped = min(max(value, float(lo)), float(hi))
    result = round(clamped) if integer else clamped
    if raw is not None and (not usable or clamped != value):
        shown = fmt_number(result, lang(), 0 if integer else 1) + (f" {unit}" if unit else "")
        app_state.report(name, raw, shown)
    return result


def qp_date(name: str, default: date, lo: date, hi: date) -> date:
    """The ISO date in URL parameter ``name``, clamped to ``lo``–``hi``; ``default`` (clamped)
    when it is missing or not a date. A date moved into the range is reported."""
    raw = qp_get(name)
    try:
        day = date.fromisoformat(str(raw).strip()) if raw else default
    except ValueError:
        day = default
    clamped = min(max(day, lo), hi)
    if raw and clamped != day:
        app_state.report(name, raw, clamped.strftime("%d.%m.%Y"))
    return clamped


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$])")


def md_escape(text: object) -> str:
    """Text from the data, the URL or an upload, escaped for Streamlit markdown (labels,
    headers, captions, help, messages): shown as typed, never as a link, image or format."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


_SAFE_URL = re.compile(r"^https?://[^\s()<>\[\]`]+$")


def md_link(url: str) -> str:
    """A web address from the data as a markdown link showing its host; anything that is not
    a plain http(s) address is shown as escaped text."""
    if not _SAFE_URL.match(url or ""):
        return md_escape(url)
    host = url.split("//", 1)[1].split("/", 1)[0]
    return f"[{md_escape(host)}]({url})"


def sidebar_include_unknown() -> bool:
    """The "include clusters of unknown status" box (URL parameter ``unknown``), one
    implementation for every page that has it."""
    value = st.sidebar.checkbox(
        t("include_unknown", lang()),
        value=app_state.choice("unknown", ("0", "1"), "1", lambda v: t("yes" if v == "1" else "no", lang()))
        == "1",
        key="include_unknown",
    )
    qp_set("unknown", "1" if value else "0", "1")
    return value
