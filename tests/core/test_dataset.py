"""The loader: normalised frames, physical line numbers, and datasets that extend another."""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from klyngekort.core import config, schema
from klyngekort.core.loading import load_dataset, read_dataset_info
from klyngekort.core.model import Dataset
from klyngekort.present.wording import issues_text, message_text

REAL_DATA = config.PROJECT_ROOT / "data"
TEXT_TYPES = {
    schema.ColumnType.TEXT,
    schema.ColumnType.ID,
    schema.ColumnType.KOMMUNEKODE,
    schema.ColumnType.DATE,
    schema.ColumnType.URL,
    schema.ColumnType.ENUM,
}


def en(item) -> str:
    """The message of an issue or error, worded in English (what the tests read)."""
    return message_text(item, "en")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(REAL_DATA, dest)
    return dest


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def loaded(path: Path) -> Dataset:
    result = load_dataset(path)
    assert result.ok, issues_text(result.issues)
    return result.dataset


# --- normalisation ------------------------------------------------------------


def test_frames_have_schema_columns_and_types() -> None:
    ds = loaded(REAL_DATA)
    for table in schema.TABLES:
        df = ds.table(table.name)
        assert list(df.columns) == [*table.column_names, "is_example", "_line"]
        assert df["is_example"].dtype == bool
        assert df["_line"].dtype == "int64"
        for col in table.columns:
            s = df[col.name]
            if col.type in TEXT_TYPES:
                assert all(isinstance(v, str) for v in s), (table.name, col.name)
            else:
                assert s.dtype == "float64", (table.name, col.name)


def test_unknown_is_empty_text_or_nan() -> None:
    ds = loaded(REAL_DATA)
    clean = ds.sites.set_index("site_id").loc["CLEAN-REGION-SJAELLAND"]
    assert clean["town"] == "" and clean["kommunekode"] == "" and clean["valid_to"] == ""
    assert math.isnan(clean["latitude"]) and math.isnan(clean["longitude"])
    assert ds.hubs.set_index("hub_id").loc["EHHS_HIL", "cvr"] == ""


def test_kommunekode_is_four_digit_text() -> None:
    ds = loaded(REAL_DATA)
    for name in ("hubs", "hub_areas", "population"):
        codes = ds.table(name)["kommunekode"]
        assert codes.str.fullmatch(r"\d{4}").all(), name
    assert "0101" in set(ds.hub_areas["kommunekode"])


def test_numbers_are_floats(data: Path) -> None:
    ds = loaded(REAL_DATA)
    pop = ds.population
    row = pop[(pop["kommunekode"] == "0101") & (pop["year"] == 2023)]
    assert row["population"].tolist() == [653664.0]
    assert ds.population_for(2023)["0101"] == 653664.0
    assert ds.population_for().index.size == 98  # latest year


def test_whitespace_around_values_is_trimmed(data: Path) -> None:
    rows = read_csv_rows(data / "hubs.csv")
    rows[1][rows[0].index("hub_id")] = "  EHHS "
    rows[1][rows[0].index("latitude")] = " 55.6711"
    write_csv(data / "hubs.csv", rows)
    ds = loaded(data)
    assert ds.hubs.loc[0, "hub_id"] == "EHHS"
    assert ds.hubs.loc[0, "latitude"] == 55.6711


# --- line numbers ---------------------------------------------------------------


def test_line_is_the_physical_line() -> None:
    ds = loaded(REAL_DATA)
    assert ds.hubs["_line"].tolist() == list(range(2, 2 + len(ds.hubs)))
    assert ds.population["_line"].iloc[-1] == 98 * 3 + 1


def test_line_numbers_count_multiline_values_and_blank_lines(data: Path) -> None:
    rows = read_csv_rows(data / "ties.csv")
    rows[1][rows[0].index("notes")] = "first line\nsecond line\nthird line"
    write_csv(data / "ties.csv", rows)
    text = (data / "ties.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(6, "")  # a blank line after the 3-line record and two more rows
    (data / "ties.csv").write_text("\n".join(lines), encoding="utf-8")
    ds = loaded(data)
    # CO01 starts on line 2 and spans 3 lines; CO02 is on line 5, CO03 on 6, blank line 7, CO04 on 8
    assert ds.ties["_line"].tolist()[:4] == [2, 5, 6, 8]
    assert ds.ties.loc[0, "notes"] == "first line\nsecond line\nthird line"


def test_issue_line_after_multiline_value(data: Path) -> None:
    rows = read_csv_rows(data / "ties.csv")
    rows[1][rows[0].index("description")] = "a\nb"
    rows[3][rows[0].index("kind")] = "agreement"  # CO03: now on physical line 5
    write_csv(data / "ties.csv", rows)
    result = load_dataset(data)
    assert [(i.file, i.line, i.field) for i in result.errors] == [("data/ties.csv", 5, "kind")]


def test_rows_of_empty_cells_are_skipped(data: Path) -> None:
    path = data / "clusters.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "," * 13 + "\n\n", encoding="utf-8")
    ds = loaded(data)
    assert len(ds.clusters) == 14


def test_trailing_empty_columns_from_excel_are_ignored(data: Path) -> None:
    rows = read_csv_rows(data / "hubs.csv")
    write_csv(data / "hubs.csv", [[*r, "", ""] for r in rows])
    result = load_dataset(data)
    assert result.ok and result.issues == []


# --- datasets, defaults and overlays ---------------------------------------------


def test_default_path_is_config_data_dir(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data / "hubs.csv").write_text(
        (data / "hubs.csv")
        .read_text(encoding="utf-8")
        .replace("Erhvervshus Fyn,", "Erhvervshus Fyn (kopi),"),
        encoding="utf-8",
    )
    monkeypatch.setenv(config.ENV_DATA, str(data))
    ds = loaded(None)
    assert "Erhvervshus Fyn (kopi)" in set(ds.hubs["name"])
    assert ds.path == data.resolve()


def test_public_dataset_defaults() -> None:
    ds = loaded(REAL_DATA)
    assert ds.label == "Offentlige data"
    assert ds.is_example is False
    assert ds.files == {t.name: (REAL_DATA / t.filename).resolve() for t in schema.TABLES}
    assert not any(ds.table(t.name)["is_example"].any() for t in schema.TABLES)


def test_extends_overlay_appends_rows() -> None:
    public = loaded(REAL_DATA)
    example_dir = REAL_DATA / "example"
    ds = loaded(example_dir)
    assert ds.label == "Eksempeldata" and ds.is_example
    assert ds.path == example_dir.resolve()
    example_rows = read_csv_rows(example_dir / "ties.csv")[1:]
    # parent rows first, unchanged, then the overlay's own rows with their own line numbers
    n = len(public.ties)
    assert len(ds.ties) == n + len(example_rows)
    pd.testing.assert_frame_equal(ds.ties.iloc[:n], public.ties)
    own = ds.ties.iloc[n:]
    assert own["is_example"].all()
    assert own["_line"].tolist() == list(range(2, 2 + len(example_rows)))
    assert own["tie_id"].tolist() == [r[0] for r in example_rows]
    # tables the overlay does not have come from the parent only
    pd.testing.assert_frame_equal(ds.hubs, public.hubs)
    assert ds.files["ties"] == (example_dir / "ties.csv").resolve()
    assert ds.files["hubs"] == (REAL_DATA / "hubs.csv").resolve()


def test_overlay_duplicate_id_names_the_other_file(data: Path) -> None:
    rows = read_csv_rows(data / "example" / "ties.csv")
    rows[2][0] = "CO02"
    write_csv(data / "example" / "ties.csv", rows)
    result = load_dataset(data / "example")
    assert result.dataset is None
    [issue] = result.errors
    assert (issue.file, issue.line, issue.field) == ("data/example/ties.csv", 3, "tie_id")
    assert "line 3 of data/ties.csv" in en(issue)


def test_overlay_may_refer_to_parent_rows_and_parent_may_not_see_overlay(data: Path) -> None:
    # the example secondments refer to hubs and clusters of the parent: they load
    assert load_dataset(data / "example").ok
    # the public dataset alone does not read the example folder
    assert (loaded(data).ties["tie_id"].str.startswith("EX-")).sum() == 0


def test_missing_folder() -> None:
    result = load_dataset(REAL_DATA / "no-such-folder")
    assert result.dataset is None
    [issue] = result.errors
    assert issue.file.endswith("no-such-folder") and "not found" in en(issue)


def test_extends_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "dataset.toml").write_text('extends = "../b"\n', encoding="utf-8")
    (b / "dataset.toml").write_text('extends = "../a"\n', encoding="utf-8")
    result = load_dataset(a)
    assert result.dataset is None
    assert any("loop" in en(i) for i in result.errors)


def test_dataset_toml_type_errors_and_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "dataset.toml").write_text('label = 3\nexample = "yes"\ncolour = "red"\n', encoding="utf-8")
    info = read_dataset_info(tmp_path)
    problems = {(i.field, i.code, i.severity) for i in info.problems}
    assert problems == {
        ("label", "data.toml_not_text", "error"),
        ("example", "data.toml_not_bool", "error"),
        ("colour", "data.toml_unknown_key", "warning"),
    }
    unknown = next(i for i in info.problems if i.field == "colour")
    assert en(unknown) == "unknown key 'colour' is ignored (known: label, example, extends, description)"
    assert info.example is False and info.label is None


def test_overlay_without_example_flag_keeps_rows_public(data: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "dataset.toml").write_text(
        f'label = "Planlagt"\nextends = "{data.as_posix()}"\n', encoding="utf-8"
    )
    rows = read_csv_rows(data / "ties.csv")
    write_csv(extra / "ties.csv", [rows[0], ["PLAN-1", *rows[1][1:]]])
    ds = loaded(extra)
    assert ds.label == "Planlagt" and ds.is_example is False
    assert ds.ties["tie_id"].iloc[-1] == "PLAN-1"
    assert not ds.ties["is_example"].any()


def test_check_replacement_reports_and_changes_nothing(tmp_path):
    """A file sent back from Excel is checked in a copy: issues name data/<file>:line:field,
    and the dataset on disk is byte-for-byte unchanged."""
    import hashlib
    import shutil

    from klyngekort.core.loading import check_replacement

    data = tmp_path / "data"
    shutil.copytree(REAL_DATA, data)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data.rglob("*.csv")}
    original = (data / "sites.csv").read_bytes()
    bad = original.replace(b"0540", b"9999", 1)
    issues = check_replacement(data, "sites.csv", bad)
    errors = [i for i in issues if i.severity == "error"]
    assert len(errors) == 1
    assert (
        errors[0].file.endswith("data/sites.csv") and errors[0].line == 2 and errors[0].field == "kommunekode"
    )
    assert check_replacement(data, "sites.csv", original) == []
    # The overlay dataset is checked together with the folder it extends.
    ex = check_replacement(
        data / "example",
        "secondments.csv",
        (data / "example" / "secondments.csv").read_bytes().replace(b",2,", b",zwei,", 1),
    )
    assert [(i.field, i.line) for i in ex if i.severity == "error"] == [("persons", 2)]
    assert en(check_replacement(data, "nonsense.csv", b"x")[0]).startswith("unknown file name")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data.rglob("*.csv")}
    assert after == before


def test_revision_follows_the_content_not_the_object(data: Path) -> None:
    """The one cache key of a dataset: equal content gives an equal revision in any load;
    one changed cell gives a new one; so does the label (public or example)."""
    first, again = loaded(data), loaded(data)
    assert first is not again and first.revision == again.revision and len(first.revision) == 16
    rows = read_csv_rows(data / "population.csv")
    rows[1][2] = str(int(rows[1][2]) + 1)  # population
    write_csv(data / "population.csv", rows)
    changed = loaded(data)
    assert changed.revision != first.revision
    example = load_dataset(config.example_data_dir()).dataset
    assert example is not None and example.revision not in (first.revision, changed.revision)
