"""Who is using the app, and what they may do.

The role comes from the server only: the local editor of ``klyngekort run --local-editor``
(the server's environment), or the e-mail address of an OpenID Connect sign-in (``st.login``,
configured under ``[auth]`` in ``.streamlit/secrets.toml``) looked up in the store's users
table. Nothing in the URL or in a widget is ever read as a role; anyone else is a viewer.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from klyngekort.core import config
from klyngekort.present.i18n import t
from klyngekort.store import db, users
from klyngekort.ui import common
from klyngekort.ui import state as app_state


@dataclass(frozen=True)
class Identity:
    name: str
    email: str
    role: str  # viewer, editor, admin
    how: str  # local, oidc, anonymous

    @property
    def label(self) -> str:
        """ "Name <email>" as recorded in the history ("" for an anonymous viewer)."""
        if not self.email:
            return ""
        return f"{self.name} <{self.email}>" if self.name and self.name != self.email else self.email

    def can(self, needed: str) -> bool:
        return users.can(self.role, needed)


ANONYMOUS = Identity("", "", "viewer", "anonymous")


def sign_in_configured() -> bool:
    """An identity provider is configured (``[auth]`` in ``.streamlit/secrets.toml``)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file (or an unreadable one) means no sign-in
        return False


def identity() -> Identity:
    local = config.local_editor()
    if local:
        try:
            name, email = users.parse_person(local)
        except db.StoreError:
            return ANONYMOUS
        return Identity(name, email, "admin", "local")  # the one person on this laptop
    if sign_in_configured() and st.user.is_logged_in:
        email = str(st.user.get("email") or st.user.get("sub") or "")
        name = str(st.user.get("name") or email)
        try:
            role = users.role_of(db.engine_for(config.database_url()), email)
        except db.StoreError:
            role = "viewer"
        return Identity(name, email.lower(), role, "oidc")
    return ANONYMOUS


def sidebar_identity() -> Identity:
    """Who is signed in, with a sign-in or sign-out button; returns the identity."""
    lg = app_state.lang()
    who = identity()
    box = st.sidebar.container()
    if who.how == "local":
        box.caption(t("auth_local_editor", lg, who=common.md_escape(who.label)))
    elif who.how == "oidc":
        box.caption(t("auth_signed_in", lg, who=common.md_escape(who.label), role=t(f"role_{who.role}", lg)))
        if box.button(t("auth_sign_out", lg), key="auth_logout"):
            st.logout()
    elif sign_in_configured() and box.button(t("auth_sign_in", lg), key="auth_login"):
        st.login()
    return who


def gate_viewing() -> None:
    """With the setting that viewing needs a sign-in: stop the page for anyone not signed in."""
    if not config.require_sign_in() or config.local_editor():
        return
    if sign_in_configured() and st.user.is_logged_in:
        return
    lg = app_state.lang()
    st.info(t("auth_required", lg))
    if sign_in_configured() and st.button(t("auth_sign_in", lg), key="auth_login_gate"):
        st.login()
    st.stop()
