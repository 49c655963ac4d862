"""End-to-end sign-in through a real OpenID Connect provider (oidc-provider-mock) on loopback,
in Chromium, with st.login: a granted editor can edit; a signed-in address without a role, and
anything put in the URL, stays a viewer. Nothing patches st.user."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT, settle, start_app

pytestmark = pytest.mark.browser


@pytest.fixture()
def signed_app(tmp_path) -> Iterator[str]:
    import oidc_provider_mock as oidc  # the test extra (pyproject.toml): a real OIDC provider

    from klyngekort.present.assets import ensure_assets
    from klyngekort.store import db, users
    from tests.conftest import _free_port

    ensure_assets()
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    users.grant(db.engine_for(url), "ane@example.dk", "editor", by="test")
    with oidc.run_server_in_thread(port=0) as server:
        port = _free_port()
        # The app runs in a folder of its own whose .streamlit/ holds the project's config.toml
        # and the test's secrets.toml (never the project's own folder: no secret is ever written there).
        app_dir = tmp_path / "app"
        (app_dir / ".streamlit").mkdir(parents=True)
        shutil.copy(ROOT / ".streamlit" / "config.toml", app_dir / ".streamlit" / "config.toml")
        secrets = app_dir / ".streamlit" / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-not-a-real-one"\n'
            'client_id = "klyngekort-test"\n'
            'client_secret = "not-a-secret"\n'
            f'server_metadata_url = "http://localhost:{server.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env = dict(os.environ)
        env["KLYNGEKORT_DATABASE_URL"] = url
        env.pop("KLYNGEKORT_LOCAL_EDITOR", None)
        proc, base = start_app(env, tmp_path / "app.log", port=port, cwd=app_dir)
        try:
            yield base.replace("127.0.0.1", "localhost")  # the auth cookie is bound to the host name
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                proc.kill()


def _sign_in(page, base: str, who: str) -> None:
    from playwright.sync_api import expect

    page.goto(base + "/rediger?role=admin&editor=1", wait_until="domcontentloaded")
    settle(page)
    expect(page.get_by_text("kræver rollen redaktør")).to_be_visible()
    page.get_by_role("button", name="Log ind").click()
    page.locator("input[name='sub']").fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(base + "/**", timeout=60_000)


def test_sign_in_as_editor_and_as_a_viewer(signed_app, browser, artifacts):
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
    page = ctx.new_page()
    try:
        _sign_in(page, signed_app, "ane@example.dk")
        page.goto(signed_app + "/rediger", wait_until="domcontentloaded")
        settle(page)
        expect(page.get_by_text("Logget ind: ane@example.dk (redaktør)")).to_be_visible(timeout=60_000)
        expect(page.get_by_role("button", name="Gem samlokalisering")).to_be_visible()
        page.screenshot(path=str(artifacts / "log-ind-redaktoer.png"))
        page.goto(signed_app + "/historik", wait_until="domcontentloaded")
        settle(page)
        expect(page.get_by_text("Kun en administrator")).to_be_visible()  # an editor cannot revert
    finally:
        ctx.close()

    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
    page = ctx.new_page()
    try:
        _sign_in(page, signed_app, "bo@example.dk")  # signed in, but no role granted
        page.goto(signed_app + "/rediger?role=editor&user=ane@example.dk", wait_until="domcontentloaded")
        settle(page)
        expect(page.get_by_text("Logget ind: bo@example.dk (læser)")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("kræver rollen redaktør")).to_be_visible()
        expect(page.get_by_role("button", name="Gem samlokalisering")).to_have_count(0)
    finally:
        ctx.close()
