"""``klyngekort geodata fetch`` / ``info`` and the first-run fetch, against a real HTTP server on
loopback (tests/_geodata_server.py) that serves the DAGI file from ../shared/geodata and broken
variants of it. No test reaches the internet: the only URLs requested are 127.0.0.1 ones."""

from __future__ import annotations

import itertools
import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from klyngekort.cli.main import main
from klyngekort.core import config
from klyngekort.geo import fetch as F
from klyngekort.geo.cache import load_layers
from klyngekort.geo.provenance import provenance_path, read_provenance
from klyngekort.geo.read import MUNICIPALITY_CODES, file_sha256
from klyngekort.present.wording import message_text
from tests import _geodata_server as S
from tests.conftest import ROOT


def en(item) -> str:
    """A message, or an error carrying one, in English."""
    return message_text(getattr(item, "message", item), "en")


@pytest.fixture(scope="module")
def server() -> Iterator[S.GeodataServer]:
    state, stop = S.start_server()
    body = S.dagi_bytes()
    state.add("/kommuner.geojson", S.Route(body, ranges=True))
    state.add("/chunked.geojson", S.Route(body, length=False))
    state.add("/truncated.geojson", S.Route(body, cut_at=len(body) // 2))
    state.add("/truncated-nolength.geojson", S.Route(body, length=False, cut_at=len(body) // 2))
    state.add("/error.html", S.Route(S.HTML_ERROR, content_type="text/html"))
    state.add("/unavailable", S.Route(S.HTML_ERROR, status=503, content_type="text/html"))
    state.add("/97.geojson", S.Route(S.without("0860")))
    state.add("/unknown-code.geojson", S.Route(S.recoded("0860", "0999")))
    state.add("/no-christianso.geojson", S.Route(S.without("0411")))
    state.add("/25832-undeclared.geojson", S.Route(S.reprojected(25832, declare=False)))
    state.add("/3857.geojson", S.Route(S.reprojected(3857, declare=True)))
    state.add("/invalid.geojson", S.Route(S.with_invalid_geometry("0461")))
    state.add("/slow.geojson", S.Route(body, stall_after=1000))
    state.add("/dawa-error.json", S.Route(b'{"type":"ResourceNotFoundError","title":"not found"}'))
    state.add(
        "/not-geojson.json",
        S.Route(b'{"type": "FeatureCollection", "features": 7, "pad": "%s"}' % (b"x" * 70000)),
    )
    yield state
    stop()


@pytest.fixture(scope="module")
def good_copy(server, tmp_path_factory) -> Path:
    """A folder holding one good fetched copy (kommuner.geojson and its provenance)."""
    dest = tmp_path_factory.mktemp("good") / "dagi"
    F.fetch_geodata(F.resolve_source(server.url + "/kommuner.geojson"), dest, attempts=1)
    return dest


@pytest.fixture()
def dest(good_copy, tmp_path) -> Path:
    """A fresh copy of the good folder, for a fetch that must leave it as it is."""
    d = tmp_path / "dagi"
    shutil.copytree(good_copy, d)
    return d


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _fetch(server, path: str, dest: Path, **kw) -> F.FetchResult:
    kw.setdefault("attempts", 1)
    kw.setdefault("timeout", 10)
    kw.setdefault("sleep", lambda _s: None)  # retries without waiting: no sleeps in tests
    return F.fetch_geodata(F.resolve_source(server.url + path), dest, **kw)


# --------------------------------------------------------------------------- good downloads


def test_good_download_is_checked_and_has_provenance(server, tmp_path):
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "geodata" / "dagi"
    res = _fetch(server, "/kommuner.geojson", dest, progress=lambda r, t: seen.append((r, t)))
    body = S.dagi_bytes()
    assert res.path == dest / "kommuner.geojson" and res.path.read_bytes() == body
    assert sorted(p.name for p in dest.iterdir()) == ["kommuner.geojson", "kommuner.geojson.provenance.json"]
    # Progress: growing, ending at the announced total.
    assert seen and seen[-1] == (len(body), len(body))
    assert all(a[0] < b[0] for a, b in itertools.pairwise(seen))
    prov = json.loads(provenance_path(res.path).read_text(encoding="utf-8"))
    assert prov["sha256"] == file_sha256(res.path) == res.provenance.sha256
    assert prov["url"] == server.url + "/kommuner.geojson" and prov["source"] == "url"
    assert prov["licence"] == "CC BY 4.0" and "Klimadatastyrelsen" in prov["publisher"]
    assert prov["licence_assumed"] is True  # a URL source: the licence is DAGI's, not checked
    assert (prov["features"], prov["municipalities"], prov["outside_division"]) == (99, 98, ["0411"])
    assert prov["crs"] == "EPSG:4326" and prov["repaired_geometries"] == 0 and prov["bytes"] == len(body)
    assert datetime.fromisoformat(prov["fetched_at"]).date() == datetime.now(UTC).date()
    assert server.hits("/kommuner.geojson")[-1].headers["User-Agent"].startswith("klyngekort/")


def test_download_without_content_length(server, tmp_path):
    seen: list[tuple[int, int | None]] = []
    res = _fetch(server, "/chunked.geojson", tmp_path / "d", progress=lambda r, t: seen.append((r, t)))
    assert res.path.read_bytes() == S.dagi_bytes()
    assert seen[-1] == (len(S.dagi_bytes()), None)


def test_the_app_reads_the_provenance(server, good_copy, tmp_path):
    layers = load_layers(good_copy, cache=tmp_path / "cache")
    assert layers.provenance is not None and layers.provenance.municipalities == 98
    today = datetime.now(UTC).date().isoformat()
    host = server.url.split("//")[1]
    assert layers.attribution == (
        f"Indeholder data fra Klimadatastyrelsen, DAGI kommuneinddeling, hentet {today} "
        f"fra {host} · CC BY 4.0"
    )
    # Warm from the disk cache: the provenance is read again, not cached with the layers.
    assert load_layers(good_copy, cache=tmp_path / "cache").attribution == layers.attribution


def test_provenance_of_other_bytes_is_ignored(dest, tmp_path):
    data = dest / "kommuner.geojson"
    data.write_bytes(data.read_bytes() + b"\n")  # replaced by hand: the provenance no longer fits
    assert read_provenance(data, file_sha256(data)) is None
    layers = load_layers(dest, cache=tmp_path / "cache")
    assert layers.provenance is None and "hentet" not in layers.attribution


def test_a_file_in_another_declared_crs_is_accepted_and_reprojected(server, tmp_path):
    res = _fetch(server, "/3857.geojson", tmp_path / "d")
    assert res.provenance.crs == "EPSG:3857" and res.provenance.municipalities == 98
    assert any("reprojected" in en(n) for n in res.report.notes)
    assert 42_500 < res.report.area_km2 < 45_000  # the country's land area after reprojection


def test_invalid_geometries_are_repaired_and_counted(server, tmp_path):
    res = _fetch(server, "/invalid.geojson", tmp_path / "d")
    assert res.provenance.repaired_geometries == 1 and res.provenance.municipalities == 98
    assert "1 invalid geometries repaired (made valid)" in [en(n) for n in res.report.notes]


def test_christianso_is_optional(server, tmp_path):
    res = _fetch(server, "/no-christianso.geojson", tmp_path / "d")
    assert res.provenance.municipalities == 98 and res.provenance.outside_division == ()
    assert any("Christiansø (0411) is not in the file" in en(n) for n in res.report.notes)


# --------------------------------------------------------------------------- refused or failed


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/truncated.geojson", F.DownloadError, "closed the connection after"),
        ("/truncated-nolength.geojson", F.RefusedError, "ends abruptly"),
        ("/error.html", F.RefusedError, "an HTML page ('503 Service Unavailable') instead of GeoJSON"),
        ("/unavailable", F.DownloadError, "HTTP 503"),
        ("/no-such-file", F.DownloadError, "answered HTTP 404"),
        ("/97.geojson", F.RefusedError, "it holds 97 of the 98 municipalities; missing: 0860"),
        ("/unknown-code.geojson", F.RefusedError, "kommunekode 0999 is not one of the 98"),
        ("/25832-undeclared.geojson", F.RefusedError, "do not lie in Denmark when read as EPSG:4326"),
        (
            "/dawa-error.json",
            F.RefusedError,
            "JSON but not GeoJSON (type 'ResourceNotFoundError': not found)",
        ),
        ("/not-geojson.json", F.RefusedError, "cannot be read as GeoJSON"),
    ],
)
def test_bad_downloads_are_refused_and_the_good_copy_survives(server, dest, path, error, message):
    before = _snapshot(dest)
    with pytest.raises(error) as err:
        _fetch(server, path, dest, attempts=2)
    assert message in en(err.value)
    assert _snapshot(dest) == before  # nothing half-written left, the good copy untouched
    if error is F.RefusedError:
        assert f"the copy in {dest / 'kommuner.geojson'} is unchanged" in en(err.value)


def test_connection_refused(dest):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = _snapshot(dest)
    waits: list[float] = []
    with pytest.raises(F.DownloadError) as err:
        F.fetch_geodata(
            F.resolve_source(f"http://127.0.0.1:{port}/kommuner.geojson"),
            dest,
            attempts=3,
            sleep=waits.append,
        )
    assert err.value.offline and "connection refused (attempts: 3)" in en(err.value)
    assert waits == [1.0, 2.0]  # a growing pause between the attempts
    assert _snapshot(dest) == before


def test_slow_server_times_out(server, dest):
    before = _snapshot(dest)
    with pytest.raises(F.DownloadError) as err:
        _fetch(server, "/slow.geojson", dest, timeout=0.5, attempts=2)
    assert "timed out" in en(err.value) and "(attempts: 2)" in en(err.value)
    assert len(server.hits("/slow.geojson")) >= 2
    assert _snapshot(dest) == before


def test_a_failed_attempt_is_retried(server, tmp_path):
    server.add("/flaky-503.geojson", S.Route(S.dagi_bytes(), fail_first=1))
    server.add("/flaky-stall.geojson", S.Route(S.dagi_bytes(), fail_first=1, fail_status=0))
    said: list[str] = []
    res = _fetch(server, "/flaky-503.geojson", tmp_path / "a", attempts=2, say=lambda m: said.append(en(m)))
    assert res.path.read_bytes() == S.dagi_bytes() and len(server.hits("/flaky-503.geojson")) == 2
    assert said and "HTTP 503" in said[0] and "attempt 2 of 2" in said[0]
    res = _fetch(server, "/flaky-stall.geojson", tmp_path / "b", attempts=2, timeout=0.5)
    assert res.path.read_bytes() == S.dagi_bytes()


def test_an_interrupted_download_resumes_with_a_range_request(server, tmp_path):
    body = S.dagi_bytes()
    half = len(body) // 2
    server.add("/resume.geojson", S.Route(body, ranges=True, cut_at=half))
    dest = tmp_path / "d"
    # Within one fetch: the second attempt asks only for the rest.
    res = _fetch(server, "/resume.geojson", dest, attempts=2)
    assert res.path.read_bytes() == body
    first, second = server.hits("/resume.geojson")[-2:]
    assert "Range" not in first.headers and second.headers["Range"] == f"bytes={half}-"
    assert second.headers["If-Range"].startswith('"')
    # Across fetches: a failed fetch keeps the resumable piece (hidden), the next one finishes it.
    dest2 = tmp_path / "d2"
    with pytest.raises(F.DownloadError) as err:
        _fetch(server, "/resume.geojson", dest2, attempts=1)
    assert err.value.kept_part and "the next fetch resumes" in en(err.value)
    assert sorted(p.name for p in dest2.iterdir()) == [
        ".kommuner.geojson.part",
        ".kommuner.geojson.part.json",
    ]
    assert not config.holds_geodata(dest2)  # a piece is not geodata: the app would fetch again
    res = _fetch(server, "/resume.geojson", dest2, attempts=1)
    assert (
        res.path.read_bytes() == body
        and server.hits("/resume.geojson")[-1].headers["Range"] == f"bytes={half}-"
    )
    assert sorted(p.name for p in dest2.iterdir()) == ["kommuner.geojson", "kommuner.geojson.provenance.json"]


def test_a_destination_that_is_not_a_folder(tmp_path, server):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(F.FetchError) as err:
        _fetch(server, "/kommuner.geojson", not_a_folder)
    assert "cannot create the folder" in en(err.value)
    assert not_a_folder.read_text() == "x"


def test_a_failed_first_fetch_leaves_no_folder(tmp_path, server):
    dest = tmp_path / "geodata" / "dagi"
    with pytest.raises(F.RefusedError):
        _fetch(server, "/97.geojson", dest)
    assert not dest.exists()


# --------------------------------------------------------------------------- sources


def test_sources():
    assert F.resolve_source(None) is F.SOURCES["dawa"] is F.resolve_source("DAWA")
    assert F.SOURCES["dawa"].url == "https://api.dataforsyningen.dk/kommuner?format=geojson"
    assert F.resolve_source("datafordeler").key_env == "KLYNGEKORT_DATAFORDELER_APIKEY"
    url = F.resolve_source("https://example.org/k.geojson")
    assert (url.name, url.title, url.official) == ("url", "example.org", False)
    with pytest.raises(F.SourceError) as err:
        F.resolve_source("dagi")
    assert en(err.value).startswith("unknown source 'dagi': use one of dawa, datafordeler")
    with pytest.raises(F.SourceError):
        F.resolve_source("ftp://example.org/k.geojson")


def test_an_api_key_is_required_and_never_written(monkeypatch):
    src = F.SOURCES["datafordeler"]
    monkeypatch.delenv("KLYNGEKORT_DATAFORDELER_APIKEY", raising=False)
    with pytest.raises(F.SourceError, match="KLYNGEKORT_DATAFORDELER_APIKEY"):
        src.request_url()
    monkeypatch.setenv("KLYNGEKORT_DATAFORDELER_APIKEY", "s3cret/key")
    url = src.request_url()
    assert url.endswith("&apikey=s3cret%2Fkey") and "s3cret" not in F.redact(url)
    assert F.redact(url).endswith("apikey=%2A%2A%2A") or F.redact(url).endswith("apikey=***")


def test_reference_codes_match_the_dataset():
    import csv

    with open(ROOT / "data" / "hub_areas.csv", encoding="utf-8") as fh:
        assert {r["kommunekode"] for r in csv.DictReader(fh)} == MUNICIPALITY_CODES
    assert len(MUNICIPALITY_CODES) == 98 and all(len(c) == 4 and c.isdigit() for c in MUNICIPALITY_CODES)


def test_the_shared_files_pass_the_checks():
    for path in sorted(S.SHARED.rglob("*.geojson")):
        if path.name in ("municipalities.geojson", "kommuner.geojson"):
            report = F.check_file(path)
            assert (report.municipalities, report.outside_division, report.repaired) == (98, ("0411",), 0)


# --------------------------------------------------------------------------- lookup order


def test_lookup_order(monkeypatch, tmp_path):
    proj = tmp_path / "checkout"
    proj.mkdir()
    monkeypatch.setattr(config, "PROJECT_ROOT", proj)
    monkeypatch.setenv(config.ENV_SETTINGS, str(tmp_path / "none.toml"))
    monkeypatch.delenv(config.ENV_GEODATA, raising=False)
    shared, fetched = tmp_path / "shared" / "geodata", proj / "geodata" / "dagi"
    assert config.geodata_search_order() == [shared, fetched]
    assert config.geodata_dir() == fetched  # nothing anywhere: where a fetch puts it
    fetched.mkdir(parents=True)
    (fetched / "kommuner.geojson").write_text("{}")
    assert config.geodata_dir() == fetched
    shared.mkdir(parents=True)
    (shared / "SOURCES.md").write_text("no boundaries here")
    assert config.geodata_dir() == fetched  # a folder without a boundary file does not count
    (shared / "x").mkdir()
    (shared / "x" / "Municipalities.geojson").write_text("{}")
    assert config.geodata_dir() == shared  # ../shared/geodata first
    monkeypatch.setenv(config.ENV_GEODATA, str(tmp_path / "missing"))
    assert config.geodata_search_order() == [tmp_path / "missing"]  # configured: the only place
    assert config.geodata_dir() == tmp_path / "missing"


def test_source_setting(monkeypatch, tmp_path):
    settings = tmp_path / "klyngekort.toml"
    settings.write_text('[geodata]\nsource = "datafordeler"\n', encoding="utf-8")
    monkeypatch.setenv(config.ENV_SETTINGS, str(settings))
    monkeypatch.delenv(config.ENV_GEODATA_SOURCE, raising=False)
    assert config.geodata_source() == "datafordeler"
    monkeypatch.setenv(config.ENV_GEODATA_SOURCE, "http://127.0.0.1:9/k.geojson")
    assert config.geodata_source() == "http://127.0.0.1:9/k.geojson"


# --------------------------------------------------------------------------- the app


def test_data_page_shows_the_provenance(server, tmp_path, monkeypatch):
    from tests.conftest import open_page

    dest = tmp_path / "dagi"
    old = datetime.now(UTC) - timedelta(days=400)
    _fetch(server, "/kommuner.geojson", dest, now=old)
    monkeypatch.setenv(config.ENV_GEODATA, str(dest))
    monkeypatch.setenv(config.ENV_CACHE, str(tmp_path / "cache"))
    at = open_page("pages/data.py", {"lang": "en"})
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    assert (
        "Source: 127\\.0\\.0\\.1:" in text and f"`{server.url}/kommuner.geojson`" in text
    )  # escaped markdown
    assert f"Fetched {old.date().isoformat()} (400 days ago)" in text
    assert "98 of 98 municipalities + 0411 outside the municipal division" in text
    assert "Licence: CC BY 4.0, Klimadatastyrelsen" in text
    assert any("more than a year ago" in w.value for w in at.warning)
    assert any(f"hentet {old.date().isoformat()}" in c.value for c in at.caption)

    monkeypatch.delenv(config.ENV_GEODATA)  # Danish, and a shared file without provenance
    at = open_page("pages/data.py")
    assert not at.exception
    assert any("Der ligger ingen oprindelsesfil" in c.value for c in at.caption)
    assert not at.warning


# --------------------------------------------------------------------------- command line


def test_cli_fetch_and_info(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_LANG", "en")  # the words asserted below
    dest = tmp_path / "dagi"
    url = server.url + "/kommuner.geojson"
    assert main(["geodata", "fetch", "--source", url, "--dest", str(dest)]) == 0
    out, err = capsys.readouterr()
    assert f"file: {dest / 'kommuner.geojson'}" in out and "municipalities: 98 of 98" in out
    assert "features: 99" in out and f"url: {url}" in out and "sha256: " in out
    assert "downloading:" in err and "(100 %)" in err

    monkeypatch.setenv(config.ENV_GEODATA, str(dest))
    assert main(["geodata", "info"]) == 0
    out, err = capsys.readouterr()
    assert f"found: {dest} (set by KLYNGEKORT_GEODATA)" in out
    assert f"source: url ({url.split('/')[2]})" in out and "(0 days ago)" in out
    assert "licence: CC BY 4.0, Klimadatastyrelsen" in out and "repaired geometries: 0" in out
    assert "warning" not in err
    assert main(["geodata"]) == 0  # `geodata` alone is `geodata info`
    assert "fetched: " in capsys.readouterr().out
    # Danish unless asked otherwise, the figures in the Danish format.
    assert main(["geodata", "info", "--lang", "da"]) == 0
    out, err = capsys.readouterr()
    assert (
        f"fil: {dest / 'kommuner.geojson'}" in out
        and "kommuner: 98 af 98" in out
        and "(for 0 dage siden)" in out
    )
    assert "licens: CC BY 4.0, Klimadatastyrelsen" in out and "areal: " in out and "advarsel" not in err


def test_cli_info_warns_when_over_a_year_old(server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_LANG", "en")  # the words asserted below
    dest = tmp_path / "dagi"
    old = datetime.now(UTC) - timedelta(days=400)
    _fetch(server, "/kommuner.geojson", dest, now=old)
    assert main(["geodata", "info", "--geodata", str(dest)]) == 0
    out, err = capsys.readouterr()
    assert "(400 days ago)" in out
    assert f"warning: fetched {old.date().isoformat()}, more than a year ago" in err


def test_cli_info_without_provenance(capsys, monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_LANG", "en")  # the words asserted below
    dawa = S.dagi_file()
    assert main(["geodata", "info", "--geodata", str(dawa)]) == 0
    out, err = capsys.readouterr()
    assert "source: unknown (no provenance file" in out and "data date: 2021-10-27" in out
    assert "warning: the boundaries date from 2021-10-27, more than a year ago" in err


def test_cli_fetch_errors(server, tmp_path, capsys, monkeypatch):
    dest = tmp_path / "dagi"
    assert main(["geodata", "fetch", "--source", server.url + "/97.geojson", "--dest", str(dest)]) == 1
    err = capsys.readouterr().err
    assert "klyngekort geodata fetch: fejl: afviste det hentede" in err and "Traceback" not in err
    assert not dest.exists()
    assert main(["geodata", "fetch", "--source", "nowhere", "--dest", str(dest)]) == 2
    assert "ukendt kilde 'nowhere'" in capsys.readouterr().err
    monkeypatch.delenv("KLYNGEKORT_DATAFORDELER_APIKEY", raising=False)
    assert main(["geodata", "fetch", "--source", "datafordeler", "--dest", str(dest)]) == 2
    assert "KLYNGEKORT_DATAFORDELER_APIKEY" in capsys.readouterr().err
    assert main(["geodata", "fetch", "--timeout", "0", "--dest", str(dest)]) == 2


# --------------------------------------------------------------------------- first run


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fresh")  # no "shared" folder beside it
    return S.checkout(root / "klyngekort")


def test_first_run_without_network_explains_in_danish_and_english(clone, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = S.fresh_clone_env(clone, tmp_path, f"http://127.0.0.1:{port}/kommuner.geojson")
    proc = subprocess.run(
        [sys.executable, "-m", "klyngekort.cli", "run", "--server.port", "1"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr
    assert "Traceback" not in err and "You can now view" not in proc.stdout  # no server started
    assert "Klyngekort fandt ingen kommunegrænser (DAGI)" in err and "fetches them once" in err
    assert "forbindelsen blev afvist (forsøg: 3)" in err
    assert "Klyngekort mangler kommunegrænserne (DAGI) og kunne ikke hente dem" in err
    assert "Klyngekort needs the municipal boundaries (DAGI) and could not download them" in err
    assert "`klyngekort geodata fetch`" in err and "KLYNGEKORT_GEODATA" in err
    assert not (clone / "geodata" / "dagi").exists()
