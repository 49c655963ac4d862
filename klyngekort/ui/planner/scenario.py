"""The scenario view of the planner: create and import, the header, the conflict box,
the change editor with its form to add a change, and managing a scenario (read-only,
export, duplicate, delete)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from klyngekort.core.model import Dataset, Issue
from klyngekort.core.schema import TIE_KINDS
from klyngekort.core.selection import cluster_labels, hub_labels
from klyngekort.present.i18n import Lang, t
from klyngekort.present.wording import change_text
from klyngekort.scenarios import changes as scenarios
from klyngekort.scenarios.changes import (
    TIE_ELEMENTS,
    AddCoLocation,
    AddSecondment,
    AddTie,
    Change,
    RemoveSite,
    Scenario,
)
from klyngekort.scenarios.overlap import Overlap, duplicate_of, overlaps
from klyngekort.scenarios.store import ScenarioStore
from klyngekort.scenarios.validate import validate_changes
from klyngekort.ui import common
from klyngekort.ui.planner.helpers import fmt_time, lang, md, slug, unique_name, words
from klyngekort.ui.planner.state import (
    create_and_go,
    current_scenario,
    flash,
    goto,
    is_dirty,
    meta_keys,
    reload_draft,
    set_stored,
    write_draft,
)

CHANGE_KINDS = ("add_co_location", "add_secondment", "remove_site", "add_tie")


# --------------------------------------------------------------------------- create / import


def create_and_import(st_: ScenarioStore, ds: Dataset, author: str, *, expanded: bool = False) -> None:
    lg = lang()
    with st.expander(t("pl_new_or_import", lg), expanded=expanded):
        c1, c2 = st.columns(2)
        with c1, st.form("pl_new_form", clear_on_submit=True, border=False):
            _new_form(st_, author)
        with c2:
            _import_form(st_, ds)


def _new_form(st_: ScenarioStore, author: str) -> None:
    lg = lang()
    st.markdown(f"**{t('pl_new', lg)}**")
    name = st.text_input(t("pl_name", lg), key="pl_new_name", max_chars=scenarios.MAX_NAME_LENGTH)
    desc = st.text_area(t("pl_description", lg), key="pl_new_desc", height=80)
    if st.form_submit_button(t("pl_create", lg), type="primary", key="pl_create_btn"):
        create_and_go(lambda: st_.create(name, author=author, description=desc), "pl_created", "scenario")


def _import_form(st_: ScenarioStore, ds: Dataset) -> None:
    lg = lang()
    st.markdown(f"**{t('pl_import', lg)}**")
    up = st.file_uploader(t("pl_import_file", lg), type=["json"], key="pl_upload", help=t("upload_help", lg))
    if st.button(t("pl_import_button", lg), key="pl_import_btn", disabled=up is None):
        assert up is not None
        imported, issues = st_.import_json(up.getvalue(), up.name, ds)
        if imported is None:
            st.error(t("pl_import_failed", lg))
            common.show_issue_lines(issues)
            return
        flash("success", t("pl_imported", lg, name=md(imported.name)))
        if issues:
            flash(
                "warning",
                t("pl_import_warnings", lg) + "\n\n" + "\n".join(f"- {md(words(i))}" for i in issues),
            )
        goto(imported.id, "scenario")


# --------------------------------------------------------------------------- header, conflict, save


def header(d: dict[str, Any]) -> None:
    lg = lang()
    s: Scenario = d["stored"]
    c1, c2 = st.columns([4, 1])
    c1.header(md(s.name), anchor=False)
    if s.read_only:
        with c2:
            st.badge(t("pl_read_only_badge", lg), icon=":material/lock:", color="orange")
    bits = [
        f"{t('pl_author', lg)}: {md(s.author) if s.author else t('unknown', lg)}",
        f"{t('pl_created_at', lg)}: {fmt_time(s.created_at, lg)}",
        f"{t('pl_updated_at', lg)}: {fmt_time(s.updated_at, lg)}",
        f"{t('pl_version', lg)} {s.version}",
    ]
    st.caption(" · ".join(bits))
    if s.description:
        st.text(s.description)


def conflict_box(st_: ScenarioStore, d: dict[str, Any], author: str) -> None:
    """After a refused save: say so, keep the draft, offer reload or save as a copy."""
    lg = lang()
    info = d.get("conflict")
    if not info:
        return
    st.error(t("pl_conflict", lg, stored=info["stored"], mine=info["mine"]), icon=":material/sync_problem:")
    c1, c2 = st.columns(2)
    if c1.button(t("pl_reload", lg), key="pl_reload", type="primary"):
        reload_draft(st_, d["id"])
        flash("info", t("pl_reloaded", lg))
        st.rerun()
    if c2.button(t("pl_save_as_copy", lg), key="pl_save_copy"):
        cur = current_scenario(d)
        create_and_go(
            lambda: st_.create(
                unique_name(st_, t("pl_copy_of", lg, name=cur.name)),
                author=author or cur.author,
                description=cur.description,
                changes=cur.changes,
            ),
            "pl_saved_copy",
            "scenario",
        )


def save(st_: ScenarioStore, d: dict[str, Any]) -> None:
    saved = write_draft(d, lambda: st_.save(current_scenario(d), expected_version=d["version"]))
    if saved is None:
        return
    set_stored(saved)
    flash("success", t("pl_saved", lang(), version=saved.version))
    st.rerun()


# --------------------------------------------------------------------------- manage


def manage(st_: ScenarioStore, d: dict[str, Any], author: str) -> None:
    """Read-only switch, duplicate, delete, export."""
    c1, c2, c3 = st.columns(3)
    with c1:
        _presentation_column(st_, d)
    with c2:
        _duplicate_column(st_, d, author)
    with c3:
        _delete_column(st_, d)


def _presentation_column(st_: ScenarioStore, d: dict[str, Any]) -> None:
    """The read-only switch (only for a saved scenario) and the export of the saved version."""
    lg = lang()
    s: Scenario = d["stored"]
    dirty = is_dirty(d)
    st.markdown(f"**{t('pl_presentation', lg)}**")
    ro = st.toggle(
        t("pl_read_only", lg),
        value=s.read_only,
        key=f"pl_ro_{s.id}_{d['version']}",
        disabled=dirty,
        help=t("pl_read_only_help", lg),
    )
    if dirty:
        st.caption(t("pl_save_first", lg))
    if (
        ro != s.read_only
        and write_draft(d, lambda: st_.set_read_only(s.id, ro, expected_version=d["version"])) is not None
    ):
        reload_draft(st_, s.id)
        flash("success", t("pl_locked" if ro else "pl_unlocked", lg))
        st.rerun()
    st.download_button(
        t("pl_export", lg),
        st_.export_json(s.id).encode("utf-8"),
        file_name=f"{slug(s.name)}.json",
        mime="application/json",
        key="pl_export",
        icon=":material/download:",
    )
    if dirty:
        st.caption(t("pl_export_saved_only", lg))


def _duplicate_column(st_: ScenarioStore, d: dict[str, Any], author: str) -> None:
    lg = lang()
    s: Scenario = d["stored"]
    st.markdown(f"**{t('pl_duplicate', lg)}**")
    new_name = st.text_input(
        t("pl_new_name", lg), value=t("pl_copy_of", lg, name=s.name), key=f"pl_dup_name_{s.id}"
    )
    if st.button(t("pl_duplicate_button", lg), key="pl_dup"):
        create_and_go(
            lambda: st_.duplicate(s.id, new_name, author=author or s.author), "pl_duplicated", "scenario"
        )


def _delete_column(st_: ScenarioStore, d: dict[str, Any]) -> None:
    lg = lang()
    s: Scenario = d["stored"]
    st.markdown(f"**{t('pl_delete', lg)}**")
    sure = st.checkbox(t("pl_delete_confirm", lg), key=f"pl_del_ok_{s.id}", disabled=s.read_only)
    if st.button(t("pl_delete_button", lg), key="pl_del", disabled=s.read_only or not sure):

        def delete() -> Scenario:
            st_.delete(s.id, expected_version=d["version"])
            return s

        if write_draft(d, delete) is not None:
            flash("success", t("pl_deleted", lg, name=md(s.name)))
            goto("", None)
    if s.read_only:
        st.caption(t("pl_delete_locked", lg))


# --------------------------------------------------------------------------- change editor


def overlap_text(o: Overlap, ds: Dataset, ch: Any) -> str:
    """Why change ``o.pos`` adds nothing, in the user's language."""
    lg = lang()
    if o.kind == "duplicate":
        return t("pl_change_same_as", lg, n=o.other)
    cluster = cluster_labels(ds).get(getattr(ch, "cluster_id", ""), getattr(ch, "cluster_id", ""))
    hub = hub_labels(ds).get(getattr(ch, "hub_id", ""), getattr(ch, "hub_id", ""))
    if o.other is None:
        return t("pl_overlap_data", lg, cluster=md(cluster), hub=md(hub))
    return t("pl_overlap_change", lg, cluster=md(cluster), hub=md(hub), n=o.other)


def _said_by_overlap(i: Issue, has_overlap: bool) -> bool:
    """The validator's warning about the hub repeats what the overlap note says, in the
    user's language: shown once, as the note."""
    return has_overlap and i.severity == "warning" and i.field == "hub_id"


def editor(st_: ScenarioStore, ds: Dataset, d: dict[str, Any]) -> None:
    s: Scenario = d["stored"]
    locked = s.read_only
    if locked:
        st.info(t("pl_locked_info", lang()), icon=":material/lock:")
    _meta_fields(d, locked)
    _change_list(ds, d, locked)
    if not locked:
        add_change_form(ds, d)
    _save_row(st_, d, locked)


def _meta_fields(d: dict[str, Any], locked: bool) -> None:
    """Name, author and description of the draft."""
    lg = lang()
    keys = meta_keys(d)
    c1, c2 = st.columns(2)
    d["name"] = c1.text_input(
        t("pl_name", lg),
        value=d["name"],
        key=keys["name"],
        disabled=locked,
        max_chars=scenarios.MAX_NAME_LENGTH,
    )
    d["author"] = c2.text_input(
        t("pl_author", lg), value=d["author"], key=keys["author"], disabled=locked, max_chars=120
    )
    d["description"] = st.text_area(
        t("pl_description", lg), value=d["description"], key=keys["description"], disabled=locked, height=80
    )


def _change_list(ds: Dataset, d: dict[str, Any], locked: bool) -> None:
    """The changes, one a row with its findings and a remove button."""
    lg = lang()
    s: Scenario = d["stored"]
    st.markdown(f"**{t('pl_changes', lg)}**")
    changes = d["changes"]
    if not changes:
        st.caption(t("pl_no_changes", lg))
    issues = validate_changes(ds, changes, source=s.name)
    by_pos: dict[int, list[Issue]] = {}
    for i in issues:
        by_pos.setdefault(i.line or 0, []).append(i)
    overlapping = {o.pos: o for o in overlaps(ds, changes)}
    for pos, ch in enumerate(changes, start=1):
        row = st.container(border=True)
        a, b = row.columns([6, 1])
        a.markdown(f"{pos}\\. {md(change_text(ch, ds, lg))}")
        if pos in overlapping:
            a.info(overlap_text(overlapping[pos], ds, ch), icon=":material/join_inner:")
        for i in by_pos.get(pos, []):
            if not _said_by_overlap(i, pos in overlapping):
                (a.error if i.severity == "error" else a.warning)(md(words(i.message)))
        if b.button(t("pl_remove", lg), key=f"pl_rm_{pos}", disabled=locked, icon=":material/delete:"):
            del changes[pos - 1]
            st.rerun()


def _save_row(st_: ScenarioStore, d: dict[str, Any], locked: bool) -> None:
    """Save, discard, and the note that there are unsaved edits."""
    lg = lang()
    dirty = is_dirty(d)
    row = st.container(horizontal=True, vertical_alignment="center")
    if row.button(
        t("pl_save", lg), key="pl_save", type="primary", disabled=locked or not dirty, icon=":material/save:"
    ):
        save(st_, d)
    if row.button(t("pl_discard", lg), key="pl_discard", disabled=locked or not dirty):
        reload_draft(st_, d["id"])
        st.rerun()
    if dirty:
        row.warning(t("pl_unsaved", lg), icon=":material/edit:", width="stretch")


# --------------------------------------------------------------------------- adding a change


def add_change_form(ds: Dataset, d: dict[str, Any]) -> None:
    lg = lang()
    with st.container(border=True):
        st.markdown(f"**{t('pl_add_change', lg)}**")
        kind = st.segmented_control(
            t("pl_change_kind", lg),
            list(CHANGE_KINDS),
            default=CHANGE_KINDS[0],
            format_func=lambda k: t(f"pl_kind_{k}", lg),
            key="pl_change_kind",
            required=True,
        )
        kind = kind or CHANGE_KINDS[0]
        with st.form("pl_change_form", border=False):
            if kind in ("add_co_location", "add_secondment", "add_tie"):
                change: Change | None = _presence_change(ds, kind, lg)
            else:
                change = _site_removal(ds, d, lg)
            if (
                st.form_submit_button(t("pl_add", lg), icon=":material/add:", key="pl_add_btn")
                and change is not None
            ):
                _add_change(ds, d, change)


def _presence_change(ds: Dataset, kind: str, lg: Lang) -> Change:
    """The fields of a co-location, secondment or tie, and the change they describe."""
    clusters = cluster_labels(ds)
    hubs = hub_labels(ds)
    c1, c2 = st.columns(2)
    cid = c1.selectbox(
        t("f_cluster", lg), list(clusters), format_func=lambda c: clusters[c], key="pl_ch_cluster"
    )
    hid = c2.selectbox(t("pl_hub_or_branch", lg), list(hubs), format_func=lambda h: hubs[h], key="pl_ch_hub")
    persons = 1
    elems: dict[str, bool] = {}
    tie_kind = "cooperation_agreement"
    if kind == "add_secondment":
        persons = int(
            st.number_input(
                t("f_persons", lg), min_value=1, max_value=100, value=1, step=1, key="pl_ch_persons"
            )
        )
    if kind == "add_tie":
        tie_kind = st.selectbox(
            t("f_kind", lg),
            list(TIE_KINDS),
            index=list(TIE_KINDS).index(tie_kind),
            format_func=lambda k: t(f"kind_{k}", lg),
            key="pl_ch_tie_kind",
        )
        cols = st.columns(len(TIE_ELEMENTS))
        for col, e in zip(cols, TIE_ELEMENTS, strict=True):
            elems[e] = col.checkbox(t(f"pl_elem_{e}", lg), key=f"pl_ch_{e}")
    since = st.text_input(
        t("pl_valid_from", lg), key="pl_ch_from", placeholder="2025-01", help=t("pl_valid_from_help", lg)
    ).strip()
    if kind == "add_co_location":
        return AddCoLocation(cid, hid, since)
    if kind == "add_secondment":
        return AddSecondment(cid, hid, persons, since)
    return AddTie(cid, hid, tie_kind=tie_kind, valid_from=since, **elems)


def _site_removal(ds: Dataset, d: dict[str, Any], lg: Lang) -> RemoveSite | None:
    """The site to remove (of those the draft does not remove yet)."""
    clusters = cluster_labels(ds)
    removed = {c.site_id for c in d["changes"] if isinstance(c, RemoveSite)}
    sites = ds.sites[~ds.sites["site_id"].isin(removed)]
    labels = {
        str(r.site_id): f"{clusters.get(r.cluster_id, r.cluster_id)} · {t(f'kind_{r.kind}', lg)} · "
        f"{r.town or t('unknown', lg)} ({r.site_id})"
        for r in sites.sort_values(["cluster_id", "kind", "town"]).itertuples()
    }
    site = st.selectbox(t("pl_site", lg), list(labels), format_func=lambda x: labels[x], key="pl_ch_site")
    return RemoveSite(site) if site else None


def _add_change(ds: Dataset, d: dict[str, Any], change: Change) -> None:
    """Add ``change`` to the draft unless it repeats a change or has errors; its warnings
    and overlaps are shown after the rerun."""
    lg = lang()
    new = [*d["changes"], change]
    issues = [i for i in validate_changes(ds, new) if i.line == len(new)]
    errors = [i for i in issues if i.severity == "error"]
    same = duplicate_of(d["changes"], change)
    if same is not None:
        # A scenario is a set of changes: the same change twice would count twice.
        st.error(t("pl_change_duplicate", lg, n=same), icon=":material/content_copy:")
    elif errors:
        st.error("\n\n".join(md(words(i.message)) for i in errors))
    else:
        d["changes"].append(change)
        found = [o for o in overlaps(ds, new) if o.pos == len(new)]
        for o in found:
            flash("info", overlap_text(o, ds, change))
        for i in issues:
            if not _said_by_overlap(i, bool(found)):
                flash("warning", md(words(i.message)))
        st.rerun()
