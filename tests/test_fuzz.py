"""Fuzzing every input surface with hostile values (issue 12): data CSV files, travel-time
tables, scenario JSON, URL query strings and the exports.

Each test asserts: no exception (bad input is never a traceback), every problem names its
place (the file, and a line and field where there is one), bounded time and memory, and
nothing saved on refusal. Under the ``ci`` profile (CI) the examples are derandomised, so CI
runs the same examples every time; ``make fuzz`` runs the ``explore`` profile, with many more.
"""

from __future__ import annotations

import json
import os
import string
import time
import tracemalloc
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klyngekort.core.model import Issue
from klyngekort.core.schema import TABLES_BY_NAME
from klyngekort.core.travel import read_travel_times
from klyngekort.core.validation import read_table
from klyngekort.present.export import neutralise, safe_table, to_csv_bytes
from klyngekort.present.wording import issue_text
from klyngekort.scenarios.jsonio import scenario_from_json
from klyngekort.scenarios.store import ScenarioStore, ScenarioStoreError

EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"
#: Examples for the slow surfaces (each runs a whole page or reads a whole dataset).
SLOW = 300 if EXPLORE else 6
FAST = dict(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "x;=1+1;y",
    "＝1",
]
HOSTILE_TEXT = [
    "",
    " ",
    "\ud800",
    "a\u202eb",
    "\u200b",
    "\ufeff",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "x" * 5_000,
    "1" * 400,
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "-0",
    "0101",
    "101",
    "9999",
    "æøå",
    '"',
    '""',
    ",",
    ";",
    "\r\n",
    *FORMULAS,
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.text(alphabet=string.digits + ".,-e", max_size=12),
)


def names_its_place(issue: Issue, file: str) -> None:
    assert issue.file.endswith(file) or issue.file == file, issue
    assert issue.line is None or issue.line >= 1, issue
    issue_text(issue)  # words in Danish without a missing template or parameter
    issue_text(issue, "en")


# --------------------------------------------------------------------------- data CSV


@st.composite
def csv_bytes(draw, table: str) -> bytes:
    cols = list(TABLES_BY_NAME[table].column_names)
    header = draw(st.permutations(cols)) if draw(st.booleans()) else cols
    rows = draw(st.lists(st.lists(hostile_text, min_size=0, max_size=len(cols) + 2), max_size=12))
    delim = draw(st.sampled_from([",", ";"]))
    out = []
    for row in [header, *rows]:
        out.append(delim.join('"' + c.replace('"', '""') + '"' if draw(st.booleans()) else c for c in row))
    text = "\n".join(out)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    try:
        data = text.encode(encoding, errors="surrogatepass")
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=30))
    return data


@settings(**FAST)
@given(table=st.sampled_from(["sites", "clusters", "hubs", "secondments"]), data=st.data())
def test_any_data_file_gives_messages_naming_the_file_never_an_exception(tmp_path_factory, table, data):
    content = data.draw(csv_bytes(table))
    path = tmp_path_factory.mktemp("csv") / TABLES_BY_NAME[table].filename
    path.write_bytes(content)
    t0 = time.perf_counter()
    raw, issues = read_table(path, TABLES_BY_NAME[table], f"data/{path.name}")
    assert time.perf_counter() - t0 < 5
    assert not [i for i in issues if i.code == "data.read_failed"], issues  # the last guard never fires
    for i in issues:
        names_its_place(i, path.name)
    if raw is not None:
        for row in raw.rows:
            for col, value in row.items():
                if TABLES_BY_NAME[table].column(col).type.value == "text" and value:
                    assert "\u202e" not in value or any(i.code == "data.unsafe_character" for i in issues)


# --------------------------------------------------------------------------- travel-time tables

codes = st.one_of(
    st.sampled_from(["0101", "0147", "101", "0400", "9999", "", "x", "01010", "٠١٠١"]), hostile_text
)
minutes = st.one_of(
    st.sampled_from(["0", "12,5", "1e400", "-3", "nan", "inf", "100000", "", "x", "9" * 5_000]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@settings(**FAST)
@given(
    rows=st.lists(st.tuples(codes, codes, minutes), max_size=40),
    many=st.integers(min_value=0, max_value=400),
    sep=st.sampled_from([",", ";"]),
)
def test_any_travel_table_is_bounded_and_names_its_lines(tmp_path_factory, rows, many, sep):
    lines = [sep.join(("from_kommunekode", "to_kommunekode", "minutes"))]
    lines += [sep.join(r) for r in rows]
    lines += [sep.join((f"{i:04d}", "0101", "5")) for i in range(many)]  # many distinct codes
    path = tmp_path_factory.mktemp("tt") / "tt.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    known = {"0101", "0147", "0400"}
    tracemalloc.start()
    res = read_travel_times(path, known_codes=known)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 30_000_000
    for i in res.issues:
        names_its_place(i, "tt.csv")
        if i.severity == "error" and i.code not in ("tt.no_rows", "tt.not_utf8"):
            assert i.line is not None, i
    if res.travel_times is not None:
        assert set(res.travel_times.codes) <= known  # only the known municipalities are stored
        assert res.travel_times.minutes.size <= len(known) ** 2


# --------------------------------------------------------------------------- scenario JSON

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**500), max_value=10**500),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=20,
)


@st.composite
def change_objects(draw) -> dict:
    kind = draw(
        st.sampled_from(["add_co_location", "add_secondment", "remove_site", "add_tie", "add_site", "x"])
    )
    obj: dict = {"kind": kind}
    for key in (
        "cluster_id",
        "hub_id",
        "site_id",
        "persons",
        "valid_from",
        "kommunekode",
        "latitude",
        "longitude",
    ):
        if draw(st.booleans()):
            obj[key] = draw(st.one_of(json_values, st.sampled_from(["CLEAN", "EHHS", 2, 10**400, 1e308])))
    return obj


@st.composite
def scenario_texts(draw) -> str | bytes:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.text(max_size=200))
    if choice == 1:
        depth = draw(st.sampled_from([5, 25, 1_000, 50_000]))
        return '{"changes": ' + "[" * depth + "]" * depth + "}"
    doc = {
        "format": draw(st.sampled_from(["klyngekort-scenario", "x", 1])),
        "format_version": draw(st.sampled_from([1, 2, 10**400, "1"])),
        "name": draw(st.one_of(hostile_text, json_values)),
        "author": draw(hostile_text),
        "changes": draw(st.lists(change_objects(), max_size=5)),
    }
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", errors="surrogatepass") if choice == 3 else text


@settings(**FAST)
@given(text=scenario_texts())
def test_any_scenario_file_is_refused_with_a_message_and_nothing_is_saved(
    tmp_path_factory, public_dataset, text
):
    t0 = time.perf_counter()
    scenario, issues = scenario_from_json(text, source_name="s.json", ds=public_dataset)
    assert time.perf_counter() - t0 < 5
    for i in issues:
        names_its_place(i, "s.json")
    errors = [i for i in issues if i.severity == "error"]
    assert (scenario is None) == bool(errors)
    store = ScenarioStore(tmp_path_factory.mktemp("db") / "s.sqlite3")
    try:
        saved, store_issues = store.import_json(text, "s.json", public_dataset)
    except ScenarioStoreError:
        saved, store_issues = None, []
    if errors:
        assert saved is None and store.list() == []
    for i in store_issues:
        names_its_place(i, "s.json")


# --------------------------------------------------------------------------- exports


no_surrogates = hostile_text.filter(lambda x: not any("\ud800" <= c <= "\udfff" for c in x))


@given(st.lists(st.one_of(no_surrogates, st.floats(), st.integers()), min_size=1, max_size=6), no_surrogates)
def test_every_export_cell_and_header_is_inert(values, header):
    for v in values:
        out = neutralise(v)
        if isinstance(v, str):
            assert not str(out).startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝"))
            assert all(not p.lstrip(" \t").startswith(("=", "+", "-", "@")) for p in str(out).split(";")[1:])
        else:
            assert out == v or (out != out and v != v)
    df = pd.DataFrame({header or "c": values}, dtype=object)
    safe = safe_table(df)
    assert not str(safe.columns[0]).startswith(("=", "+", "-", "@"))
    to_csv_bytes(df)


# --------------------------------------------------------------------------- URL query strings

QUERY_KEYS = [
    "page",
    "lang",
    "data",
    "period",
    "clusters",
    "areas",
    "hub",
    "hubs",
    "radius",
    "min",
    "mode",
    "ind",
]


@settings(max_examples=SLOW, **FAST)
@given(
    st.dictionaries(
        st.sampled_from(QUERY_KEYS),
        st.one_of(hostile_text, st.sampled_from(["9" * 3_000, "1e400", "-1", "EHHS,EHHS", "da", "en"])),
        max_size=5,
    ),
    st.sampled_from(
        ["pages/danmarkskort.py", "pages/erhvervshus.py", "pages/sammenlign.py", "pages/daekning.py"]
    ),
)
def test_any_url_opens_a_page_without_a_traceback(query, page):
    from tests.conftest import open_page

    clean = {k: v.encode("utf-8", "replace").decode("utf-8") for k, v in query.items()}
    at = open_page(page, clean)
    assert not at.exception, at.exception


def test_the_fuzz_suite_is_deterministic_in_ci():
    """The ``ci`` profile derandomises (tests/conftest.py); ``make fuzz`` uses ``explore``."""
    from hypothesis import settings as current

    profile = current.get_profile("ci")
    assert profile.derandomize and profile.max_examples <= 100
    assert current.get_profile("explore").max_examples >= 1_000
    assert Path(__file__).name in (Path(__file__).parents[1] / "Makefile").read_text(encoding="utf-8")
