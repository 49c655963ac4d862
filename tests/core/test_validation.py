"""The checker: one test per rule, on copies of the real data with one file corrupted."""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klyngekort.core import config, schema
from klyngekort.core.loading import load_dataset, validate_dataset
from klyngekort.core.model import Issue, LoadResult
from klyngekort.core.validation import (
    EXAMPLE_SOURCE,
    point_issues,
    read_table,
)
from klyngekort.present.wording import issues_text, message_text

REAL_DATA = config.PROJECT_ROOT / "data"


def en(item) -> str:
    """The message of an issue or error, worded in English (what the tests read)."""
    return message_text(item, "en")


# --- helpers ----------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the real data folder (with example/) at tmp_path/data."""
    dest = tmp_path / "data"
    shutil.copytree(REAL_DATA, dest)
    return dest


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def set_cell(path: Path, line: int, column: str, value: str) -> str:
    """Set one cell (``line`` is the physical line, header = 1). Returns the old value."""
    rows = read_rows(path)
    i = rows[0].index(column)
    old = rows[line - 1][i]
    rows[line - 1][i] = value
    write_rows(path, rows)
    return old


def cell(path: Path, line: int, column: str) -> str:
    rows = read_rows(path)
    return rows[line - 1][rows[0].index(column)]


def line_of(path: Path, column: str, value: str) -> int:
    rows = read_rows(path)
    i = rows[0].index(column)
    return next(n for n, r in enumerate(rows, start=1) if r[i] == value)


def find(
    result: LoadResult | list[Issue], file: str, line: int | None, fld: str | None, severity: str = "error"
) -> Issue:
    issues = result.issues if isinstance(result, LoadResult) else result
    hits = [i for i in issues if (i.file, i.line, i.field, i.severity) == (file, line, fld, severity)]
    assert hits, f"no {severity} at {file}:{line}:{fld} in:\n{issues_text(issues)}"
    return hits[0]


def only_issue(result: LoadResult, severity: str = "error") -> Issue:
    found = [i for i in result.issues if i.severity == severity]
    assert len(found) == 1, issues_text(result.issues)
    return found[0]


# --- the baseline -----------------------------------------------------------


def test_untouched_copy_has_no_issues(data: Path, places) -> None:
    result = load_dataset(data, places=places)
    assert result.issues == []
    assert result.ok


# --- files ------------------------------------------------------------------


def test_missing_file(data: Path) -> None:
    (data / "sites.csv").unlink()
    result = load_dataset(data)
    issue = only_issue(result)
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", None, None)
    assert "missing" in en(issue)
    assert result.dataset is None


def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "sites.csv"
    folder.mkdir()  # reading a folder as a file fails with an OSError
    raw, issues = read_table(folder, schema.SITES, "data/sites.csv")
    assert raw is None
    assert [(i.file, i.line, i.field, i.severity) for i in issues] == [
        ("data/sites.csv", None, None, "error")
    ]
    assert "cannot read" in en(issues[0])


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_file(data: Path, content: bytes) -> None:
    (data / "ties.csv").write_bytes(content)
    result = load_dataset(data)
    issue = only_issue(result)
    assert (issue.file, issue.line, issue.field) == ("data/ties.csv", None, None)
    assert "empty" in en(issue)


def test_header_missing_required_column(data: Path) -> None:
    rows = read_rows(data / "sites.csv")
    i = rows[0].index("cluster_id")
    write_rows(data / "sites.csv", [r[:i] + r[i + 1 :] for r in rows])
    result = load_dataset(data)
    issue = only_issue(result)
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", 1, "cluster_id")
    assert "required column" in en(issue)


def test_header_unknown_column_is_a_warning(data: Path) -> None:
    rows = read_rows(data / "hubs.csv")
    write_rows(data / "hubs.csv", [r + (["kommentar"] if n == 0 else ["x"]) for n, r in enumerate(rows)])
    result = load_dataset(data)
    assert result.ok
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", 1, "kommentar")
    assert "unknown column" in en(issue)
    assert "kommentar" not in result.dataset.hubs.columns


def test_header_missing_optional_column_is_a_warning(data: Path) -> None:
    rows = read_rows(data / "ties.csv")
    i = rows[0].index("notes")
    write_rows(data / "ties.csv", [r[:i] + r[i + 1 :] for r in rows])
    result = load_dataset(data)
    assert result.ok
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/ties.csv", 1, "notes")
    assert (result.dataset.ties["notes"] == "").all()


# --- values -----------------------------------------------------------------


def test_required_value_empty(data: Path) -> None:
    set_cell(data / "hubs.csv", 3, "name", "")
    result = load_dataset(data)
    issue = only_issue(result)
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", 3, "name")
    assert "required" in en(issue)


def test_int_type(data: Path) -> None:
    set_cell(data / "population.csv", 5, "population", "12.345")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/population.csv", 5, "population")
    assert "whole number" in en(issue)


def test_float_type(data: Path) -> None:
    set_cell(data / "hubs.csv", 4, "latitude", "55.3x")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", 4, "latitude")
    assert "not a number" in en(issue)


def test_float_not_negative(data: Path) -> None:
    rows = read_rows(data / "secondments.csv")
    rows.append(["S1", "ECD", "EHNJ", "1", "-0.5", "", "", "https://example.org", "", "low", ""])
    write_rows(data / "secondments.csv", rows)
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/secondments.csv", 2, "fte")


def test_iso_date(data: Path) -> None:
    line = line_of(data / "sites.csv", "site_id", "ECD-VORDINGBORG")
    set_cell(data / "sites.csv", line, "valid_from", "17-03-2022")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", line, "valid_from")
    assert "ISO date" in en(issue) and "Excel" in en(issue)


def test_impossible_date(data: Path) -> None:
    set_cell(data / "ties.csv", 2, "valid_from", "2022-02-30")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/ties.csv", 2, "valid_from")


def test_url(data: Path) -> None:
    set_cell(data / "clusters.csv", 6, "source_url", "www.example.dk/side")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/clusters.csv", 6, "source_url")
    assert "http://" in en(issue)


def test_id_charset(data: Path) -> None:
    set_cell(data / "sites.csv", 7, "site_id", "ECD ESBJERG")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", 7, "site_id")
    assert "letters" in en(issue)


def test_enum_lists_allowed_values(data: Path) -> None:
    set_cell(data / "sites.csv", 10, "kind", "office")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", 10, "kind")
    for allowed in schema.SITE_KINDS:
        assert allowed in en(issue)


def test_enum_wrong_case_is_a_warning(data: Path) -> None:
    set_cell(data / "ties.csv", 2, "co_location", "Yes")
    result = load_dataset(data)
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/ties.csv", 2, "co_location")
    assert result.dataset.ties.loc[0, "co_location"] == "yes"


def test_html_is_a_warning(data: Path) -> None:
    set_cell(data / "clusters.csv", 3, "notes", 'See <a href="https://x.dk">here</a>')
    result = load_dataset(data)
    assert result.ok
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/clusters.csv", 3, "notes")
    assert en(issue) == "contains HTML; it will be shown as plain text"


def test_text_with_angle_brackets_but_no_html_is_fine(data: Path) -> None:
    set_cell(data / "clusters.csv", 3, "notes", "staff < 10 and > 5")
    assert load_dataset(data).issues == []


# --- uniqueness ---------------------------------------------------------------


def test_duplicate_id_names_first_line(data: Path) -> None:
    first = cell(data / "sites.csv", 2, "site_id")
    set_cell(data / "sites.csv", 9, "site_id", first)
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", 9, "site_id")
    assert "first used on line 2" in en(issue)


def test_population_unique_kommunekode_year(data: Path) -> None:
    set_cell(data / "population.csv", 3, "year", "2021")  # line 2 is 0101/2021
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/population.csv", 3, "kommunekode")
    assert "0101, 2021" in en(issue) and "line 2" in en(issue)


# --- references ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "line", "column", "value"),
    [
        ("sites.csv", 5, "cluster_id", "NOPE"),
        ("ties.csv", 3, "hub_id", "EHXX"),
        ("ties.csv", 4, "cluster_id", "NOPE"),
        ("hubs.csv", 8, "parent_hub_id", "EHXX"),
        ("hub_areas.csv", 10, "hub_id", "EHXX"),
    ],
)
def test_unknown_reference(data: Path, file: str, line: int, column: str, value: str) -> None:
    set_cell(data / file, line, column, value)
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == (f"data/{file}", line, column)
    assert value in en(issue)


def test_hub_area_must_name_a_head_office(data: Path) -> None:
    line = line_of(data / "hub_areas.csv", "kommunekode", "0219")
    set_cell(data / "hub_areas.csv", line, "hub_id", "EHHS_HIL")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/hub_areas.csv", line, "hub_id")
    assert "branch" in en(issue)


def test_branch_needs_a_head_office_parent(data: Path) -> None:
    line = line_of(data / "hubs.csv", "hub_id", "EHMJ_HOR")
    set_cell(data / "hubs.csv", line, "parent_hub_id", "EHMJ_HER")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", line, "parent_hub_id")
    assert "not a head office" in en(issue)


def test_branch_without_parent(data: Path) -> None:
    line = line_of(data / "hubs.csv", "hub_id", "EHMJ_HOR")
    set_cell(data / "hubs.csv", line, "parent_hub_id", "")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", line, "parent_hub_id")


# --- municipality codes ---------------------------------------------------------


def test_short_kommunekode_is_normalised_with_warning(data: Path) -> None:
    set_cell(data / "hubs.csv", 2, "kommunekode", "101")
    result = load_dataset(data)
    assert result.ok
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", 2, "kommunekode")
    assert "0101" in en(issue)
    assert result.dataset.hubs.loc[0, "kommunekode"] == "0101"


@pytest.mark.parametrize("value", ["01a1", "Kbh", "10101"])
def test_kommunekode_not_a_code(data: Path, value: str) -> None:
    set_cell(data / "sites.csv", 6, "kommunekode", value)
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", 6, "kommunekode")
    assert "not a municipality code" in en(issue)


def test_unknown_kommunekode_without_dagi_uses_hub_areas(data: Path) -> None:
    set_cell(data / "population.csv", 7, "kommunekode", "0999")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/population.csv", 7, "kommunekode")
    assert "hub_areas.csv" in en(issue)


def test_unknown_kommunekode_with_dagi(data: Path, places) -> None:
    set_cell(data / "hub_areas.csv", 4, "kommunekode", "0998")
    result = load_dataset(data, places=places)
    issue = find(result, "data/hub_areas.csv", 4, "kommunekode")
    assert "DAGI" in en(issue)
    # the municipality it replaced is now without a hub: a warning names it
    assert any(i.severity == "warning" and "has no row" in en(i) for i in result.issues)


# --- coordinates ---------------------------------------------------------------


def test_latitude_without_longitude(data: Path) -> None:
    set_cell(data / "sites.csv", 2, "longitude", "")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", 2, "longitude")
    assert "both or neither" in en(issue)


def test_point_outside_denmark(data: Path) -> None:
    set_cell(data / "hubs.csv", 5, "latitude", "50.1")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", 5, "latitude")
    assert "outside Denmark" in en(issue)


def test_swapped_coordinates_are_named(data: Path) -> None:
    lat = set_cell(data / "hubs.csv", 5, "latitude", cell(data / "hubs.csv", 5, "longitude"))
    set_cell(data / "hubs.csv", 5, "longitude", lat)
    issue = only_issue(load_dataset(data))
    assert "outside Denmark" in en(issue) and "swapped" in en(issue)


def test_point_not_in_stated_municipality_is_a_warning(data: Path, places) -> None:
    line = line_of(data / "sites.csv", "site_id", "ECD-VORDINGBORG")
    set_cell(data / "sites.csv", line, "kommunekode", "0101")  # a Vordingborg point said to be in København
    result = load_dataset(data, places=places)
    assert result.ok
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", line, "latitude")
    km = float(re.search(r"([\d.]+) km outside municipality 0101", en(issue)).group(1))
    assert 60 < km < 110  # Vordingborg is roughly 80 km from København
    assert "0390 Vordingborg" in en(issue)


def test_municipality_precision_is_allowed_and_needs_a_municipality(data: Path, places) -> None:
    line = line_of(data / "sites.csv", "site_id", "CLEAN-SOENDERBORG")
    set_cell(data / "sites.csv", line, "coord_precision", "municipality")
    assert load_dataset(data, places=places).issues == []
    set_cell(data / "sites.csv", line, "kommunekode", "")
    issue = only_issue(load_dataset(data, places=places))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", line, "kommunekode")
    assert issue.code == "data.municipality_precision_needs_code"
    set_cell(data / "sites.csv", line, "coord_precision", "parish")  # not one of the allowed values
    assert "coord_precision" in {i.field for i in load_dataset(data, places=places).errors}


def test_one_point_is_checked_as_the_files_check_it(places) -> None:
    """The editor's preview asks the same checks of one point, with the same codes and fields."""
    assert point_issues("54.94264", "9.94829", "0540", places) == []  # in Sønderborg
    (bad,) = point_issues("55,7", "12.5", "0101", places)
    assert (bad.field, bad.code, bad.severity) == ("latitude", "data.not_number", "error")
    (out,) = point_issues("50.1", "9.9", "0540", places)
    assert (out.field, out.code, out.severity) == ("latitude", "data.outside_denmark", "error")
    (swapped,) = point_issues("9.9", "54.9", "0540", places)
    assert swapped.code == "data.outside_denmark_swapped"
    (other,) = point_issues("55.67", "12.57", "0540", places)  # København, said to be Sønderborg
    assert (other.field, other.code, other.severity) == (
        "latitude",
        "data.point_in_other_municipality",
        "warning",
    )
    assert other.params["hit"] == "0101"
    assert point_issues("nan", "9.9", "0540", places)[0].code == "data.not_number"


# --- periods -----------------------------------------------------------------


def test_valid_from_after_valid_to(data: Path) -> None:
    line = line_of(data / "sites.csv", "site_id", "MARLOG-ESBJERG")
    set_cell(data / "sites.csv", line, "valid_from", "2023-01")  # valid_to is 2022
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/sites.csv", line, "valid_to")


def test_same_year_at_two_precisions_is_in_order(data: Path) -> None:
    line = line_of(data / "sites.csv", "site_id", "MARLOG-ESBJERG")
    set_cell(data / "sites.csv", line, "valid_from", "2022-11-30")  # valid_to 2022 = to 2022-12-31
    assert load_dataset(data).issues == []


# --- all problems, never a traceback -------------------------------------------


def test_all_problems_are_reported(data: Path) -> None:
    set_cell(data / "hubs.csv", 3, "kind", "hq")
    set_cell(data / "population.csv", 10, "year", "tjue")
    result = load_dataset(data)
    assert result.dataset is None
    assert len(result.errors) == 2
    find(result, "data/hubs.csv", 3, "kind")
    find(result, "data/population.csv", 10, "year")


GARBAGE = [
    random.Random(0).randbytes(3000),
    b"\x00\x01\x02binary\x00" * 50,
    "hub_id,name\nA,B\n".encode("utf-16"),
    b"PK\x03\x04" + random.Random(1).randbytes(200),
    b"\x1b[31mhub_id,name\x1b[0m\n",
]


@pytest.mark.parametrize("content", GARBAGE, ids=["random", "nul", "utf16", "zip", "control"])
def test_garbage_bytes_give_an_issue_not_a_traceback(data: Path, content: bytes) -> None:
    (data / "hubs.csv").write_bytes(content)
    result = load_dataset(data)  # must not raise
    assert result.dataset is None
    # one error, on the broken file only: no follow-on errors in the files that refer to hubs
    issue = only_issue(result)
    assert (issue.file, issue.field) == ("data/hubs.csv", None)
    assert issue.line in (None, 1)
    assert "text" in en(issue) or "CSV" in en(issue)


def test_ragged_row(data: Path) -> None:
    text = (data / "clusters.csv").read_text(encoding="utf-8").splitlines()
    text[4] = text[4] + ",surplus"
    (data / "clusters.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/clusters.csv", 5, None)
    assert "fields" in en(issue)


def test_short_row(data: Path) -> None:
    text = (data / "ties.csv").read_text(encoding="utf-8").splitlines()
    text[2] = "CO02,EHNJ,ECD"
    (data / "ties.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/ties.csv", 3, None)


def test_bad_quoting(data: Path) -> None:
    text = (data / "clusters.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",styrkeposition,", ',"styrke"position,', 1)
    (data / "clusters.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line) == ("data/clusters.csv", 4)
    assert "malformed CSV" in en(issue)


def test_unclosed_quote(data: Path) -> None:
    text = (data / "ties.csv").read_text(encoding="utf-8").splitlines()
    text[5] = text[5].replace(",medium,", ',"medium,', 1)
    (data / "ties.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = load_dataset(data)
    assert result.dataset is None
    find(result, "data/ties.csv", 6, None)


# --- Danish Excel ---------------------------------------------------------------


def excel_copy(path: Path, *, encoding: str = "cp1252") -> None:
    """Rewrite a file as a Danish Excel saves CSV: semicolons, decimal commas, Windows-1252."""
    rows = read_rows(path)
    header = rows[0]
    numeric = {
        c.name
        for c in schema.TABLES_BY_NAME[path.stem].columns
        if c.type in (schema.ColumnType.FLOAT, schema.ColumnType.LATITUDE, schema.ColumnType.LONGITUDE)
    }
    idx = [i for i, name in enumerate(header) if name in numeric]
    for r in rows[1:]:
        for i in idx:
            r[i] = r[i].replace(".", ",")
    write_rows(path, rows, delimiter=";", encoding=encoding)


def test_utf8_bom_is_accepted_silently(data: Path) -> None:
    before = load_dataset(data).dataset
    p = data / "hubs.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    result = load_dataset(data)
    assert result.issues == []
    pd.testing.assert_frame_equal(result.dataset.hubs, before.hubs)


def test_cp1252_file_is_accepted_with_warning(data: Path) -> None:
    before = load_dataset(data).dataset
    p = data / "hubs.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("cp1252"))
    result = load_dataset(data)
    assert result.ok
    issue = only_issue(result, "warning")
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", None, None)
    assert "Windows-1252" in en(issue) and "CSV UTF-8 (kommasepareret)" in en(issue)
    pd.testing.assert_frame_equal(result.dataset.hubs, before.hubs)


def test_danish_excel_file_gives_identical_data(data: Path) -> None:
    before = load_dataset(data).dataset
    excel_copy(data / "hubs.csv")
    excel_copy(data / "sites.csv")
    result = load_dataset(data)
    assert result.ok, issues_text(result.issues)
    for name in ("hubs", "sites"):
        pd.testing.assert_frame_equal(result.dataset.table(name), before.table(name))
        messages = [en(i) for i in result.warnings if i.file == f"data/{name}.csv"]
        assert len(messages) == 3, messages
        assert any("Windows-1252" in m for m in messages)
        assert any("semicolon" in m for m in messages)
        assert any("decimal commas" in m for m in messages)
        assert all("Gem som: CSV UTF-8 (kommasepareret) (*.csv)" in m for m in messages)
    find(result, "data/hubs.csv", 1, None, "warning")  # semicolon warning on the header line
    find(result, "data/hubs.csv", 2, "latitude", "warning")  # first decimal comma


def test_decimal_comma_in_a_comma_file_is_an_error(data: Path) -> None:
    set_cell(data / "hubs.csv", 2, "latitude", "55,6711")
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/hubs.csv", 2, "latitude")
    assert "decimal point" in en(issue)


def test_latin1_text_that_is_not_plausible_is_an_error(data: Path) -> None:
    # Valid cp1252 byte-wise, but mostly symbols: not a text file.
    (data / "ties.csv").write_bytes(bytes(range(0xA1, 0xC0)) * 40)
    result = load_dataset(data)
    issue = only_issue(result)
    assert issue.file == "data/ties.csv"
    assert "neither UTF-8 nor Windows-1252" in en(issue)


# --- example data -----------------------------------------------------------------


def test_example_source_rejected_in_public_data(data: Path) -> None:
    set_cell(data / "ties.csv", 4, "source_url", EXAMPLE_SOURCE)
    issue = only_issue(load_dataset(data))
    assert (issue.file, issue.line, issue.field) == ("data/ties.csv", 4, "source_url")
    assert "example = true" in en(issue)


def test_example_dataset_loads(data: Path, places) -> None:
    result = load_dataset(data / "example", places=places)
    assert result.issues == [], issues_text(result.issues)
    ds = result.dataset
    assert ds.label == "Eksempeldata" and ds.is_example
    for name in ("ties", "secondments", "sites"):
        df = ds.table(name)
        ex = df[df["is_example"]]
        assert 3 <= len(ex) <= 10
        assert (ex["source_url"] == EXAMPLE_SOURCE).all()
        assert (ex["confidence"] == "none").all()
        assert ex["notes"].str.startswith("EKSEMPEL: ").all()
        assert ex[schema.TABLES_BY_NAME[name].key].str.startswith("EX-").all()
    assert not ds.hubs["is_example"].any()


def test_example_source_rejected_when_toml_says_not_example(data: Path) -> None:
    toml = data / "example" / "dataset.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("example = true", "example = false"), encoding="utf-8"
    )
    result = load_dataset(data / "example")
    assert result.dataset is None
    find(result, "data/example/ties.csv", 2, "source_url")


def test_bad_dataset_toml(data: Path) -> None:
    (data / "example" / "dataset.toml").write_text('label = "x"\nexample = ja\n', encoding="utf-8")
    result = load_dataset(data / "example")
    assert result.dataset is None
    # the folder's parent is unknown when its dataset.toml cannot be read
    issue = only_issue(result)
    assert (issue.file, issue.line, issue.field) == ("example/dataset.toml", 2, None)
    assert "dataset.toml" in en(issue)


# --- conveniences -----------------------------------------------------------------


def test_validate_dataset_and_issues_text(data: Path) -> None:
    set_cell(data / "hubs.csv", 3, "kind", "hq")
    set_cell(data / "clusters.csv", 3, "notes", "<b>fed</b>")
    issues = validate_dataset(data)
    assert [(i.code, i.params) for i in issues] == [
        ("data.enum_not_allowed", {"value": "hq", "allowed": ["head_office", "branch"]}),
        ("data.html", {}),
    ]
    lines = issues_text(issues, "en").splitlines()
    assert len(lines) == 2
    assert lines[0] == "data/hubs.csv:3:kind: 'hq' is not allowed; use one of: head_office, branch"
    assert lines[1] == "data/clusters.csv:3:notes: warning: contains HTML; it will be shown as plain text"
    # Danish is the default; the location is the same in every language.
    assert issues_text(issues).splitlines() == [
        "data/hubs.csv:3:kind: 'hq' er ikke tilladt; brug en af: head_office, branch",
        "data/clusters.csv:3:notes: advarsel: indeholder HTML; det vises som almindelig tekst",
    ]
    # ``str()`` stays a plain form for logs: the location and the code with its parameters.
    assert (
        str(issues[0])
        == "data/hubs.csv:3:kind: data.enum_not_allowed (value='hq', allowed=['head_office', 'branch'])"
    )


# --- any input at all ----------------------------------------------------------------

_HEADER = ",".join(schema.TIES.column_names) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(
        st.binary(max_size=400),
        st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t øæ<>-0123456789.')), max_size=400).map(
            lambda t: (_HEADER + t).encode("utf-8")
        ),
    )
)
def test_any_bytes_give_issues_never_an_exception(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "ties.csv"
    path.write_bytes(payload)
    raw, issues = read_table(path, schema.TIES, "data/ties.csv")
    assert all(isinstance(i, Issue) and i.file == "data/ties.csv" for i in issues)
    # the last-resort guard in read_table must not be what caught it
    assert not any(en(i).startswith("could not read the file (") for i in issues), issues
    if raw is None:
        assert any(i.severity == "error" for i in issues)
    else:
        assert len(raw.rows) == len(raw.lines)
        assert all(set(r) == set(schema.TIES.column_names) for r in raw.rows)
