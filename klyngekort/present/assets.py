"""Vendored browser assets: Leaflet from the ``xstatic-leaflet`` package.

Nothing is fetched from a CDN. :func:`ensure_assets` copies Leaflet's JS, CSS and
images into ``static/vendor/leaflet/`` (gitignored), which Streamlit serves at
``/app/static/vendor/leaflet/`` when ``server.enableStaticServing`` is on.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from klyngekort.core import config

STATIC_URL = "/app/static"


@dataclass(frozen=True)
class Asset:
    name: str
    relpath: str  # below static/

    @property
    def url(self) -> str:
        return f"{STATIC_URL}/{self.relpath}"


LEAFLET_JS = Asset("leaflet", "vendor/leaflet/leaflet.js")
LEAFLET_CSS = Asset("leaflet_css", "vendor/leaflet/leaflet.css")
JS_ASSETS: tuple[Asset, ...] = (LEAFLET_JS,)
CSS_ASSETS: tuple[Asset, ...] = (LEAFLET_CSS,)


def leaflet_source_dir() -> Path:
    import xstatic.pkg.leaflet as xs  # imported lazily: only set-up needs it

    return Path(xs.BASE_DIR)


def leaflet_version() -> str:
    import xstatic.pkg.leaflet as xs

    return str(xs.VERSION)


def ensure_assets(static_dir: Path | None = None) -> Path:
    """Copy Leaflet into ``<static>/vendor/leaflet`` unless the same version is there.

    Returns the vendor folder. Safe to call on every start: a stamp file records the
    version copied, so the copy happens once per Leaflet version.
    """
    root = (static_dir or config.static_dir()) / "vendor" / "leaflet"
    stamp = root / ".version"
    version = leaflet_version()
    wanted = [root / "leaflet.js", root / "leaflet.css", root / "images"]
    if stamp.is_file() and stamp.read_text().strip() == version and all(p.exists() for p in wanted):
        return root
    src = leaflet_source_dir()
    tmp = root.with_name(root.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy2(src / name, tmp / name)
    shutil.copytree(src / "images", tmp / "images")
    (tmp / ".version").write_text(version)
    if root.exists():
        shutil.rmtree(root)
    tmp.rename(root)
    return root


def read_asset(asset: Asset, static_dir: Path | None = None) -> str:
    """The text of a vendored asset (for self-contained HTML exports)."""
    ensure_assets(static_dir)
    return ((static_dir or config.static_dir()) / asset.relpath).read_text(encoding="utf-8")
