"""Download the DAGI municipal boundaries from an official source, check them, put them in place.

    source = resolve_source(None)            # the default: Dataforsyningen's DAWA /kommuner, GeoJSON
    result = fetch_geodata(source, config.downloaded_geodata_dir(), progress=print_progress)

What a fetch does:

* downloads into a hidden ``.kommuner.geojson.part`` in the destination folder, with a socket
  timeout, up to ``attempts`` tries and a growing pause between them. A server that supports
  byte ranges (``Accept-Ranges: bytes`` and an ``ETag`` or ``Last-Modified``) is asked for the
  rest only (``Range`` + ``If-Range``); an interrupted download from such a server is kept and
  resumed by the next fetch. Anything else is deleted: nothing half-written stays behind;
* checks the complete file (:func:`check_file`): it parses as GeoJSON (an HTML or XML error page
  is named as such), its CRS is known and its coordinates lie in Denmark when read in it (any
  CRS is reprojected to EPSG:25832 when read), it holds exactly the 98 municipalities (plus
  Christiansø, 0411, when present) with codes that are 4-digit kommunekoder, and its geometries
  are valid or can be repaired (the count is reported);
* only then renames it to ``kommuner.geojson`` (atomically, over an older copy) and writes the
  provenance file beside it (:mod:`klyngekort.geo.provenance`). A download that fails a check
  is refused and deleted; an existing good copy is never touched.

Every problem is a :class:`FetchError`, a ``fetch.*`` message (what went wrong and what to do)
that the CLI words in the reader's language; the check's problems and notes are messages too.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from klyngekort import __version__
from klyngekort.core.files import write_text_atomic
from klyngekort.core.messages import Message, MessageError
from klyngekort.geo.provenance import Provenance, provenance_path
from klyngekort.geo.read import (
    MUNICIPALITY_CODES,
    OUTSIDE_DIVISION_CODES,
    GeodataError,
    _municipalities_from_frame,
    _read_frame,
    file_sha256,
)


@dataclass(frozen=True)
class Source:
    """An official source of DAGI municipal boundaries as GeoJSON."""

    name: str
    title: str  # as credited: "Dataforsyningen (DAWA /kommuner)"
    url: str
    doc: str = ""  # where the service is documented
    key_env: str | None = None  # environment variable holding an API key, when the service needs one
    key_param: str = "apikey"
    official: bool = True  # False for a URL given by the user

    def request_url(self) -> str:
        """The URL to request, with the API key when the source needs one. Raises :class:`SourceError`."""
        if self.key_env is None:
            return self.url
        key = os.environ.get(self.key_env, "").strip()
        if not key:
            raise SourceError("fetch.needs_key", source=self.name, title=self.title, env=self.key_env)
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}{self.key_param}={urllib.parse.quote(key, safe='')}"


#: The sources that can be named with ``--source NAME``. The first is the default.
SOURCES: dict[str, Source] = {
    "dawa": Source(
        name="dawa",
        title="Dataforsyningen (DAWA /kommuner)",
        url="https://api.dataforsyningen.dk/kommuner?format=geojson",
        doc="https://dawadocs.dataforsyningen.dk/dok/dagi",
    ),
    "datafordeler": Source(
        name="datafordeler",
        title="Datafordeleren (DAGI WFS, kommuneinddeling)",
        url=(
            "https://wfs.datafordeler.dk/DAGI/DAGI_WFS/1.0.0/WFS?service=WFS&version=2.0.0"
            "&request=GetFeature&typenames=dagi_v001:kommuneinddeling_current"
            "&outputFormat=application/json&srsName=EPSG:25832"
        ),
        doc="https://confluence.sdfi.dk/pages/viewpage.action?pageId=219514178",
        key_env="KLYNGEKORT_DATAFORDELER_APIKEY",
    ),
}


DEFAULT_SOURCE = "dawa"


#: The name of the downloaded file in the destination folder (one of the names the reader looks for).
DATA_FILENAME = "kommuner.geojson"


DEFAULT_TIMEOUT = 30.0  # seconds without a byte, per socket operation


DEFAULT_ATTEMPTS = 3


MAX_BYTES = 1 << 30  # a response larger than 1 GiB is not municipal boundaries


#: Denmark (with Bornholm and Christiansø) lies well inside this box, in degrees (lon, lat).
DENMARK_BOUNDS = (7.0, 54.0, 16.0, 58.5)


#: The date of the data in the known files of ../shared/geodata that carry none themselves
#: (first 16 hex of the SHA-256; see SOURCES.md there).
KNOWN_DATA_DATES = {"78003a638315d0c3": date(2014, 2, 13)}  # Neogeografen/dagi, DAGI 1:500.000


_CHUNK = 1 << 16


class FetchError(MessageError):
    """A fetch that put nothing new in place: a ``fetch.*`` message that says what went wrong and
    what to do; ``offline`` is True when the network or the server could not be reached at all."""

    offline = False


class SourceError(FetchError):
    """An unknown source name, a malformed URL, or a missing API key (a usage error)."""


class DownloadError(FetchError):
    """The download failed: no connection, a timeout, an HTTP error or an incomplete response."""

    def __init__(self, code: str, /, *, offline: bool = False, kept_part: bool = False, **params: object):
        super().__init__(code, **params)
        self.offline = offline
        self.kept_part = kept_part


class RefusedError(FetchError):
    """The download is complete but is not usable municipal boundaries; it was deleted."""


class _Transient(Exception):
    """A failed attempt that is worth another try; ``message`` says why."""

    def __init__(self, message: Message, *, offline: bool = False):
        super().__init__(str(message))
        self.message = message
        self.offline = offline


def resolve_source(text: str | None) -> Source:
    """A source by name (case-insensitive; None or "" is :data:`DEFAULT_SOURCE`) or an http(s) URL."""
    value = (text or DEFAULT_SOURCE).strip()
    if value.lower() in SOURCES:
        return SOURCES[value.lower()]
    parsed = urllib.parse.urlsplit(value)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return Source(name="url", title=parsed.netloc, url=value, official=False)
    raise SourceError("fetch.unknown_source", value=value, sources=list(SOURCES))


def redact(url: str) -> str:
    """``url`` without secrets: the value of any key/token/password parameter becomes ``***``."""
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return url
    query = [
        (k, "***" if re.search(r"key|token|password|secret", k, re.I) else v)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, safe=":/,")))


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class CheckReport:
    """What a DAGI municipality file holds (:func:`inspect_file`) and what is wrong with it."""

    path: Path
    features: int
    municipalities: int  # how many of the 98
    outside_division: tuple[str, ...]  # e.g. ("0411",)
    crs: str  # "EPSG:4326"
    repaired: int  # invalid geometries that are made valid when read
    area_km2: float  # the 98 municipalities, in EPSG:25832
    data_date: date | None  # the latest geometry change the file records (DAWA's geo_ændret), if any
    problems: tuple[Message, ...]
    notes: tuple[Message, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _crs_name(crs: CRS) -> str:
    epsg = crs.to_epsg()
    if epsg is not None:
        return f"EPSG:{epsg}"
    authority = crs.to_authority()
    return ":".join(authority) if authority else crs.name


def _latest_change(raw: pd.DataFrame) -> date | None:
    cols = {str(c).lower(): c for c in raw.columns}
    col = cols.get("geo_ændret")
    if col is None:
        return None
    stamps = pd.to_datetime(raw[col], errors="coerce", utc=True).dropna()
    return stamps.max().date() if len(stamps) else None


def _codes(codes: set[str] | frozenset[str], limit: int = 12) -> Message:
    """The first ``limit`` codes, then "and N more" when there are more."""
    shown = sorted(codes)
    if len(shown) > limit:
        return Message("fetch.codes_more", {"codes": shown[:limit], "n": len(shown) - limit})
    return Message("fetch.codes", {"codes": shown})


def inspect_file(path: Path) -> CheckReport:
    """Read ``path`` as the reader does and report its counts and problems (see the module doc).
    Raises :class:`GeodataError` only when the file cannot be read at all."""
    raw = _read_frame(path)
    problems: list[Message] = []
    notes: list[Message] = []
    crs = CRS.from_user_input(raw.crs)
    crs_text = _crs_name(crs)
    arr = np.asarray(raw.geometry.values, dtype=object)
    present = ~shapely.is_missing(arr) & ~shapely.is_empty(arr)
    repaired = int((present & ~shapely.is_valid(arr)).sum())
    if int((~present).sum()):
        notes.append(Message("fetch.note_no_geometry", {"n": int((~present).sum())}))
    base = dict(
        path=path,
        features=len(raw),
        crs=crs_text,
        repaired=repaired,
        data_date=_latest_change(raw),
    )

    def refused(*extra: Message) -> CheckReport:
        return CheckReport(
            **base,  # type: ignore[arg-type]
            municipalities=0,
            outside_division=(),
            area_km2=0.0,
            problems=(*problems, *extra),
            notes=tuple(notes),
        )

    if not present.any():
        return refused(Message("fetch.no_geometries"))
    minx, miny, maxx, maxy = shapely.total_bounds(arr[present])
    to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    try:
        lon0, lat0, lon1, lat1 = to_lonlat.transform_bounds(minx, miny, maxx, maxy)
    except Exception as exc:  # noqa: BLE001 - pyproj raises its own ProjError and others for impossible bounds
        return refused(Message("fetch.coords_unreadable", {"crs": crs_text, "reason": str(exc)[:200]}))
    box = DENMARK_BOUNDS
    finite = all(np.isfinite(v) for v in (lon0, lat0, lon1, lat1))
    if not finite or lon0 < box[0] or lat0 < box[1] or lon1 > box[2] or lat1 > box[3]:
        extent = f"{minx:.6g} … {maxx:.6g}, {miny:.6g} … {maxy:.6g}"
        return refused(Message("fetch.not_in_denmark", {"extent": extent, "crs": crs_text}))
    if crs_text not in ("EPSG:4326", "EPSG:25832", "OGC:CRS84"):
        notes.append(Message("fetch.note_reprojected", {"crs": crs_text}))
    try:
        munis = _municipalities_from_frame(raw, path)
    except GeodataError as exc:
        return refused(exc.message)
    codes = set(munis["kommunekode"])
    inside = codes & MUNICIPALITY_CODES
    missing = MUNICIPALITY_CODES - codes
    unknown = codes - MUNICIPALITY_CODES - OUTSIDE_DIVISION_CODES
    outside = tuple(sorted(codes & OUTSIDE_DIVISION_CODES))
    if missing:
        problems.append(Message("fetch.missing_municipalities", {"n": len(inside), "codes": _codes(missing)}))
    if unknown:
        problems.append(Message("fetch.unknown_codes", {"codes": _codes(unknown)}))
    if not outside:
        notes.append(Message("fetch.note_no_christianso"))
    if repaired:
        notes.append(Message("fetch.note_repaired", {"n": repaired}))
    area = float(munis.loc[munis["kommunekode"].isin(MUNICIPALITY_CODES)].area.sum() / 1e6)
    return CheckReport(
        **base,  # type: ignore[arg-type]
        municipalities=len(inside),
        outside_division=outside,
        area_km2=area,
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _html_title(head: bytes) -> str:
    m = re.search(rb"<title[^>]*>(.*?)</title>", head, re.I | re.S)
    if m:
        return " ".join(m.group(1).decode("utf-8", "replace").split())[:120]
    m = re.search(rb"<(?:ows:)?ExceptionText>(.*?)</(?:ows:)?ExceptionText>", head, re.I | re.S)
    if m:
        return " ".join(m.group(1).decode("utf-8", "replace").split())[:200]
    return ""


def _sniff(path: Path) -> None:
    """Refuse what is plainly not GeoJSON before GDAL sees it: empty, HTML, XML, cut off."""
    size = path.stat().st_size
    if size == 0:
        raise RefusedError("fetch.empty_response")
    with open(path, "rb") as fh:
        head = fh.read(8192)
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = text[:2048].lower()
    if text[:1] == b"<":
        title = _html_title(head)
        html = b"<html" in lower or b"<!doctype html" in lower
        raise RefusedError(
            "fetch.html_instead" if html else "fetch.xml_instead", title=f" ({title!r})" if title else ""
        )
    if text[:1] != b"{":
        snippet = text[:60].decode("utf-8", "replace")
        raise RefusedError("fetch.not_geojson_start", snippet=repr(snippet))
    if not tail.rstrip(b" \t\r\n").endswith(b"}"):
        raise RefusedError("fetch.truncated", size=float(size))
    if size <= 65536:  # small: an error message in JSON rather than boundaries?
        try:
            doc = json.loads(path.read_bytes())
        except ValueError:
            raise RefusedError("fetch.invalid_json") from None
        doc_type = doc.get("type") if isinstance(doc, dict) else None
        if doc_type not in ("FeatureCollection", "Feature", "Topology"):
            said = ""
            if isinstance(doc, dict):
                said = " ".join(str(doc[k]) for k in ("title", "message", "details") if doc.get(k)).strip()
            raise RefusedError(
                "fetch.json_not_geojson", type=repr(doc_type), said=f": {said}" if said else ""
            )


def check_file(path: Path) -> CheckReport:
    """:func:`inspect_file`, raising :class:`RefusedError` with every problem when the file is not
    usable as the 98 municipal boundaries."""
    _sniff(path)
    try:
        report = inspect_file(path)
    except GeodataError as exc:
        reason = str(exc.params.get("reason", "")).split("; It might help")[0].rstrip(". ")
        raise RefusedError("fetch.unreadable_geojson", reason=reason or exc.message) from None
    if report.problems:
        raise RefusedError("fetch.problems", problems=list(report.problems))
    return report


def data_date(report: CheckReport, sha256: str) -> date | None:
    """The date of the data in a file without provenance: what it records, or what SOURCES.md says."""
    return report.data_date or KNOWN_DATA_DATES.get(sha256[:16])


# --------------------------------------------------------------------------- download

Progress = Callable[[int, "int | None"], None]


def _reason(exc: BaseException) -> Message:
    reason = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        exc = reason
    if isinstance(exc, ConnectionRefusedError):
        return Message("fetch.reason_refused")
    if isinstance(exc, socket.gaierror):
        return Message("fetch.reason_dns")
    if isinstance(exc, TimeoutError):
        return Message("fetch.reason_timeout")
    text = str(reason if isinstance(reason, str) else exc).strip() or type(exc).__name__
    return Message("fetch.reason", {"text": text[:200]})


def _read_meta(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _validator(m: dict) -> str | None:
    """What ``If-Range`` can carry: a strong ETag, else Last-Modified (a weak ETag cannot be used)."""
    etag = m.get("etag")
    if isinstance(etag, str) and etag and not etag.startswith("W/"):
        return etag
    last_modified = m.get("last_modified")
    return last_modified if isinstance(last_modified, str) and last_modified else None


def _resumable(part: Path, meta: Path, url: str) -> bool:
    m = _read_meta(meta)
    return (
        part.is_file()
        and part.stat().st_size > 0
        and m.get("url") == url
        and bool(m.get("ranges"))
        and _validator(m) is not None
    )


def _remove(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _download_once(url: str, part: Path, meta: Path, timeout: float, progress: Progress | None) -> None:
    headers = {
        "User-Agent": f"klyngekort/{__version__} (geodata fetch)",
        "Accept": "application/geo+json, application/json;q=0.9, */*;q=0.1",
        "Accept-Encoding": "identity",
    }
    have = 0
    if _resumable(part, meta, url):
        m = _read_meta(meta)
        have = part.stat().st_size
        headers["Range"] = f"bytes={have}-"
        headers["If-Range"] = str(_validator(m))
    try:
        resp = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as exc:
        title = ""
        with contextlib.suppress(Exception):  # the body only decorates the message
            title = _html_title(exc.read(8192))
        what = f"HTTP {exc.code} {exc.reason}" + (f" ({title!r})" if title else "")
        if exc.code == 416:  # our piece no longer fits the file on the server: start again
            _remove(part, meta)
            raise _Transient(Message("fetch.http_restart", {"what": what})) from None
        if exc.code in (408, 425, 429) or exc.code >= 500:
            raise _Transient(Message("fetch.reason", {"text": what})) from None
        raise DownloadError("fetch.http_error", url=redact(url), what=what) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise _Transient(_reason(exc), offline=True) from None
    with resp:
        status = resp.status
        mode = "wb"
        if status == 206 and have:
            start = re.match(r"bytes (\d+)-", resp.headers.get("Content-Range", ""))
            if start is None or int(start.group(1)) != have:
                _remove(part, meta)
                raise _Transient(Message("fetch.resumed_wrong_place"))
            mode = "ab"
        else:
            have = 0
        length = resp.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else None
        if total is not None and total > MAX_BYTES:
            raise DownloadError("fetch.too_large", url=redact(url), size=float(total))
        meta.write_text(
            json.dumps(
                {
                    "url": url,
                    "etag": resp.headers.get("ETag"),
                    "last_modified": resp.headers.get("Last-Modified"),
                    "ranges": status == 206 or resp.headers.get("Accept-Ranges", "").lower() == "bytes",
                    "total": total,
                }
            ),
            encoding="utf-8",
        )
        received = have
        try:
            fh = open(part, mode)  # noqa: SIM115 - closed below; its errors are not the network's
        except OSError as exc:
            raise DownloadError(
                "fetch.cannot_write", path=str(part), reason=str(exc.strerror or exc)
            ) from None
        with fh:
            while True:
                try:
                    chunk = resp.read(_CHUNK)
                except (OSError, http.client.HTTPException) as exc:
                    reason = _reason(exc)
                    raise _Transient(
                        Message("fetch.connection_broke", {"size": float(received), "reason": reason})
                    ) from None
                if not chunk:
                    break
                try:
                    fh.write(chunk)
                except OSError as exc:
                    raise DownloadError(
                        "fetch.cannot_write", path=str(part), reason=str(exc.strerror or exc)
                    ) from None
                received += len(chunk)
                if received > MAX_BYTES:
                    raise DownloadError("fetch.more_than_max", url=redact(url), size=float(MAX_BYTES))
                if progress is not None:
                    progress(received, total)
            fh.flush()
            os.fsync(fh.fileno())
        if total is not None and received < total:
            raise _Transient(Message("fetch.closed_early", {"size": float(received), "total": float(total)}))


def _download(
    url: str,
    part: Path,
    meta: Path,
    *,
    timeout: float,
    attempts: int,
    progress: Progress | None,
    say: Callable[[Message], None],
    sleep: Callable[[float], None],
    backoff: float,
) -> None:
    last: _Transient | None = None
    for attempt in range(1, max(1, attempts) + 1):
        if last is not None:
            wait = backoff * 2 ** (attempt - 2)
            say(
                Message(
                    "fetch.retry",
                    {"last": last.message, "wait": float(wait), "attempt": attempt, "attempts": attempts},
                )
            )
            sleep(wait)
        try:
            _download_once(url, part, meta, timeout, progress)
            return
        except _Transient as exc:
            last = exc
    assert last is not None
    kept = _resumable(part, meta, url)
    if not kept:
        _remove(part, meta)
    raise DownloadError(
        "fetch.could_not_download_kept" if kept else "fetch.could_not_download",
        offline=last.offline,
        kept_part=kept,
        url=redact(url),
        last=last.message,
        attempts=attempts,
        **({"size": float(part.stat().st_size)} if kept else {}),
    )


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One fetch at a time per folder (an advisory lock on the folder itself; no lock file)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FetchError("fetch.locked", folder=str(folder)) from None
        yield
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FetchResult:
    path: Path  # the data file now in place
    provenance: Provenance
    report: CheckReport
    previous_sha256: str | None  # the copy it replaced, if any

    @property
    def unchanged(self) -> bool:
        return self.previous_sha256 == self.provenance.sha256


def fetch_geodata(
    source: Source,
    dest: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    attempts: int = DEFAULT_ATTEMPTS,
    progress: Progress | None = None,
    say: Callable[[Message], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    backoff: float = 1.0,
    now: datetime | None = None,
) -> FetchResult:
    """Download ``source`` into ``dest/kommuner.geojson`` with its provenance file (see the module
    doc). ``progress(received, total)`` is called per 64 KiB (``total`` None when the server does
    not say); ``say`` gets one line per retry. Raises :class:`FetchError`; then nothing in ``dest``
    has changed (except a resumable partial download, kept hidden)."""
    say = say or (lambda _msg: None)
    dest = Path(dest)
    url = source.request_url()
    created = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError("fetch.cannot_create", folder=str(dest), reason=str(exc.strerror or exc)) from None
    if not os.access(dest, os.W_OK | os.X_OK):
        raise FetchError("fetch.cannot_write_folder", folder=str(dest))
    try:
        return _fetch_into(source, url, dest, timeout, attempts, progress, say, sleep, backoff, now)
    except BaseException:
        if created:  # leave no empty folder behind either
            with contextlib.suppress(OSError):
                dest.rmdir()
        raise


def _fetch_into(
    source: Source,
    url: str,
    dest: Path,
    timeout: float,
    attempts: int,
    progress: Progress | None,
    say: Callable[[Message], None],
    sleep: Callable[[float], None],
    backoff: float,
    now: datetime | None,
) -> FetchResult:
    target = dest / DATA_FILENAME
    part = dest / f".{DATA_FILENAME}.part"
    meta = dest / f".{DATA_FILENAME}.part.json"
    checking = dest / f".{DATA_FILENAME}.checking.geojson"
    with _locked(dest):
        try:
            _download(
                url,
                part,
                meta,
                timeout=timeout,
                attempts=attempts,
                progress=progress,
                say=say,
                sleep=sleep,
                backoff=backoff,
            )
        except BaseException:  # Ctrl-C too: keep a resumable piece, delete anything else
            if not _resumable(part, meta, url):
                _remove(part, meta)
            raise
        os.replace(part, checking)
        _remove(meta)
        try:
            try:
                report = check_file(checking)
            except RefusedError as exc:
                code = "fetch.refused_kept" if target.exists() else "fetch.refused"
                raise RefusedError(code, url=redact(url), problem=exc.message, target=str(target)) from None
            sha = file_sha256(checking)
            previous = file_sha256(target) if target.is_file() else None
            prov = Provenance(
                file=DATA_FILENAME,
                source=source.name,
                source_title=source.title,
                url=redact(url),
                fetched_at=(now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
                sha256=sha,
                bytes=checking.stat().st_size,
                features=report.features,
                municipalities=report.municipalities,
                outside_division=report.outside_division,
                crs=report.crs,
                repaired_geometries=report.repaired,
                licence_assumed=not source.official,
                notes=tuple(str(n) for n in report.notes),  # language-neutral: code (params)
            )
            # The provenance first: it is ignored until the data beside it has its SHA-256.
            write_text_atomic(provenance_path(target), prov.to_json())
            os.replace(checking, target)
            _fsync_dir(dest)
        finally:
            _remove(checking)
    return FetchResult(target, prov, report, previous)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
