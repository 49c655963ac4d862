"""A real HTTP server on loopback that serves the DAGI file from ../shared/geodata and
broken variants of it, for the geodata fetch tests. Nothing here reaches the internet."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pyproj import Transformer

from klyngekort.core import config

SHARED = config.shared_geodata_dir()
ROOT = Path(__file__).resolve().parent.parent


def dagi_file() -> Path:
    """The DAWA-flavoured DAGI file (99 features) in ../shared/geodata; skip (fail in CI) without it."""
    found = sorted(SHARED.rglob("municipalities.geojson")) if SHARED.is_dir() else []
    if not found:  # pragma: no cover - the shared geodata is part of the dev/CI setup
        if os.environ.get("KLYNGEKORT_REQUIRE_GEODATA"):
            pytest.fail(f"the DAGI file municipalities.geojson is not under {SHARED}, and CI requires it")
        pytest.skip(f"the DAGI file municipalities.geojson is not under {SHARED}")
    return found[0]


@cache
def dagi_bytes() -> bytes:
    return dagi_file().read_bytes()


def _doc() -> dict:
    return json.loads(dagi_bytes())


def _map_coords(coords, fn):
    if coords and isinstance(coords[0], (int, float)):
        return list(fn(coords[0], coords[1]))
    return [_map_coords(c, fn) for c in coords]


def _dump(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def without(code: str) -> bytes:
    """The file without the municipality ``code`` (97 municipalities + Christiansø)."""
    doc = _doc()
    doc["features"] = [f for f in doc["features"] if f["properties"]["kode"] != code]
    return _dump(doc)


def recoded(old: str, new: str) -> bytes:
    doc = _doc()
    for f in doc["features"]:
        if f["properties"]["kode"] == old:
            f["properties"]["kode"] = new
    return _dump(doc)


def reprojected(epsg: int, *, declare: bool) -> bytes:
    """Coordinates moved to EPSG:``epsg``; with ``declare`` the file says so (a ``crs`` member),
    without it a reader takes them for longitude/latitude (RFC 7946's default)."""
    tf = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    doc = _doc()
    for f in doc["features"]:
        f["geometry"]["coordinates"] = _map_coords(f["geometry"]["coordinates"], tf.transform)
    if declare:
        doc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}}
    return _dump(doc)


def with_invalid_geometry(code: str = "0461") -> bytes:
    """One municipality as a MultiPolygon whose two parts are the same polygon (invalid: they
    overlap); making it valid gives back the municipality."""
    doc = _doc()
    for f in doc["features"]:
        if f["properties"]["kode"] == code:
            g = f["geometry"]
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            f["geometry"] = {"type": "MultiPolygon", "coordinates": [*polys, copy.deepcopy(polys[0])]}
    return _dump(doc)


HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1><p>Try again later.</p></body></html>"
)


@dataclass
class Route:
    """How the server answers one path. ``cut_at``: close the connection after this many bytes
    of the body (a full Content-Length is still announced), on requests without Range.
    ``stall_after``: send this many bytes, then wait until the server stops. ``fail_first``:
    answer the first ``fail_first`` requests with ``fail_status`` (or a stall, when 0)."""

    body: bytes
    status: int = 200
    content_type: str = "application/geo+json"
    length: bool = True
    ranges: bool = False
    cut_at: int | None = None
    stall_after: int | None = None
    fail_first: int = 0
    fail_status: int = 503
    calls: int = 0


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class GeodataServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url + path

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def _handler(server: GeodataServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection; a body ends when it closes

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            server.requests.append(Request(self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self._send(404, b"<html><head><title>404 Not Found</title></head></html>", "text/html")
                return
            route.calls += 1
            if route.calls <= route.fail_first:
                if route.fail_status:
                    self._send(route.fail_status, HTML_ERROR, "text/html")
                else:
                    self._stall(route, 0)
                return
            body, status = route.body, route.status
            etag = f'"{len(body)}-{hash(body) & 0xFFFFFFFF:x}"'
            rng = self.headers.get("Range")
            if route.ranges and rng and rng.startswith("bytes=") and self.headers.get("If-Range") == etag:
                start = int(rng[6:].rstrip("-"))
                self.send_response(206)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(body) - start))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body[start:])
                return
            self.send_response(status)
            self.send_header("Content-Type", route.content_type)
            if route.length:
                self.send_header("Content-Length", str(len(body)))
            if route.ranges:
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("ETag", etag)
            self.end_headers()
            if route.stall_after is not None:
                self._stall(route, route.stall_after, headers_sent=True)
                return
            self.wfile.write(body if route.cut_at is None else body[: route.cut_at])

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _stall(self, route: Route, n: int, headers_sent: bool = False) -> None:
            if not headers_sent:
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
            self.wfile.write(route.body[:n])
            self.wfile.flush()
            server.stop.wait(120)  # until the test is over: the client must give up by itself

    return Handler


def start_server() -> tuple[GeodataServer, Callable[[], None]]:
    """A started server on 127.0.0.1 and the function that stops it."""
    state = GeodataServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)

    return state, stop


def checkout(dst: Path) -> Path:
    """The project as a fresh clone has it (tracked files and new, not ignored ones): no geodata."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        src = ROOT / name
        if src.is_file():
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    assert not (dst / "geodata" / "dagi").exists()
    return dst


def fresh_clone_env(clone: Path, tmp: Path, source: str) -> dict[str, str]:
    """The environment of a fresh machine for ``clone``: no configured geodata, no settings file,
    no ../shared beside it, the given source; the installed packages of this venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KLYNGEKORT_", "PYTEST"))}
    env.update(
        PYTHONPATH=str(clone),  # the clone's package, not the editable install of this checkout
        KLYNGEKORT_SETTINGS=str(tmp / "no-settings.toml"),
        KLYNGEKORT_DB=str(tmp / "scenarios.sqlite3"),
        KLYNGEKORT_GEODATA_SOURCE=source,
    )
    return env
