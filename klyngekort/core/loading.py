"""Loading a dataset folder into a :class:`klyngekort.core.model.Dataset`.

A dataset is a folder with one CSV file per table of :mod:`klyngekort.core.schema`
(``hubs.csv``, ``sites.csv``, ...). A folder may hold a ``dataset.toml``::

    label = "Eksempeldata"     # shown in the app
    example = true             # invented rows: allowed to say source_url = "eksempeldata"
    extends = ".."             # load that dataset first, then append these rows
    description = "..."

With ``extends`` the folder needs only the files it adds rows to. The loaded
tables then hold the parent's rows followed by the folder's own rows; each row
says whether it ``is_example`` and its physical ``_line`` in its own file.

Every problem is reported as an :class:`~klyngekort.core.model.Issue`; when there is
an error the result has ``dataset=None``.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from klyngekort.core import config, limits
from klyngekort.core.model import Dataset, Issue, LoadResult, content_revision
from klyngekort.core.schema import TABLES, TableSchema
from klyngekort.core.validation import (
    NUMERIC_TYPES,
    RawTable,
    check_dataset,
    read_table,
)

if TYPE_CHECKING:  # pragma: no cover
    from klyngekort.core.places import Places

DATASET_TOML = "dataset.toml"
PUBLIC_LABEL = "Offentlige data"
EXAMPLE_LABEL = "Eksempeldata"
_TOML_KEYS = {"label": str, "example": bool, "extends": str, "description": str}
_MAX_DEPTH = 8


@dataclass
class DatasetInfo:
    """What a folder's ``dataset.toml`` says (defaults when there is none)."""

    root: Path
    label: str | None = None
    example: bool = False
    extends: str | None = None
    description: str = ""
    problems: list[Issue] = field(default_factory=list)  # ``file`` is "dataset.toml"

    @property
    def display_label(self) -> str:
        return self.label or (EXAMPLE_LABEL if self.example else PUBLIC_LABEL)


def read_dataset_info(root: Path) -> DatasetInfo:
    """Read ``root/dataset.toml``; problems are kept in ``info.problems``."""
    info = DatasetInfo(root)
    path = root / DATASET_TOML
    if not path.is_file():
        return info
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        info.problems.append(
            Issue(
                DATASET_TOML,
                int(m.group(1)) if m else None,
                None,
                "data.toml_unreadable",
                {"error": str(exc)},
            )
        )
        return info
    for key, value in data.items():
        expected = _TOML_KEYS.get(key)
        if expected is None:
            info.problems.append(
                Issue(
                    DATASET_TOML,
                    None,
                    key,
                    "data.toml_unknown_key",
                    {"key": key, "known": list(_TOML_KEYS)},
                    "warning",
                )
            )
        elif not isinstance(value, expected):
            code = "data.toml_not_bool" if expected is bool else "data.toml_not_text"
            info.problems.append(Issue(DATASET_TOML, None, key, code, {"key": key}))
        else:
            setattr(info, key, value)
    return info


def _resolve_chain(root: Path) -> tuple[list[DatasetInfo], list[tuple[Path, str]]]:
    """The datasets to load, base first. Also returns (folder, message code) errors."""
    chain: list[DatasetInfo] = []
    errors: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    cur: Path | None = root
    while cur is not None:
        resolved = cur.resolve()
        if resolved in seen or len(chain) >= _MAX_DEPTH:
            errors.append((cur, "data.extends_loop"))
            break
        seen.add(resolved)
        if not cur.is_dir():
            errors.append((cur, "data.folder_not_found"))
            break
        info = read_dataset_info(resolved)
        chain.insert(0, info)
        cur = resolved / info.extends if info.extends else None
    return chain, errors


def _display_base(roots: list[Path]) -> Path:
    if not roots:
        return Path.cwd()
    common = Path(os.path.commonpath([str(r.resolve()) for r in roots]))
    return common.parent


def _display(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _frame(table: TableSchema, raws: list[RawTable]) -> pd.DataFrame:
    """Rows of the files of one table -> a normalised DataFrame."""
    data: dict[str, pd.Series] = {}
    for col in table.columns:
        values = [row[col.name] for raw in raws for row in raw.rows]
        if col.type in NUMERIC_TYPES:
            data[col.name] = pd.Series([float(v) if v != "" else math.nan for v in values], dtype="float64")
        else:
            data[col.name] = pd.Series(values, dtype=str)
    data["is_example"] = pd.Series([raw.example for raw in raws for _ in raw.rows], dtype=bool)
    data["_line"] = pd.Series([line for raw in raws for line in raw.lines], dtype="int64")
    return pd.DataFrame(data)


def load_dataset(path: Path | str | None = None, *, places: Places | None = None) -> LoadResult:
    """Read, check and normalise the dataset at ``path`` (default ``config.data_dir()``).

    ``places`` answers where the DAGI municipalities are (:class:`klyngekort.core.places.Places`;
    ``GeoLayers.places`` from :mod:`klyngekort.geo`). With it, municipality codes are checked
    against DAGI and points against their municipality; without it, codes are checked
    against the 98 in ``hub_areas.csv``.
    """
    root = Path(path) if path is not None else config.data_dir()
    chain, chain_errors = _resolve_chain(root)
    base = _display_base([info.root for info in chain] or [root])
    issues: list[Issue] = [Issue(_display(p, base), None, None, code) for p, code in chain_errors]
    for info in chain:
        toml_display = _display(info.root / DATASET_TOML, base)
        issues += [dataclasses.replace(i, file=toml_display) for i in info.problems]
    if not chain or any(i.severity == "error" for i in issues):
        return LoadResult(None, issues)

    tables: dict[str, list[RawTable]] = {t.name: [] for t in TABLES}
    files: dict[str, Path] = {}
    for depth, info in enumerate(chain):
        for table in TABLES:
            file = info.root / table.filename
            display = _display(file, base)
            if not file.is_file():
                if depth == 0:
                    issues.append(
                        Issue(display, None, None, "data.file_missing", {"filename": table.filename})
                    )
                continue
            raw, file_issues = read_table(file, table, display, example=info.example)
            issues += file_issues
            files[table.name] = file
            if raw is not None:
                tables[table.name].append(raw)

    issues += check_dataset(tables, places)
    if any(i.severity == "error" for i in issues):
        return LoadResult(None, issues)

    top = chain[-1]
    frames = {t.name: _frame(t, tables[t.name]) for t in TABLES}
    dataset = Dataset(
        **frames,
        label=top.display_label,
        is_example=top.example,
        path=top.root,
        files=files,
        revision=content_revision(frames, top.display_label, top.example),
    )
    return LoadResult(dataset, issues)


def check_replacement(
    path: Path | str | None,
    filename: str,
    content: bytes,
    *,
    places: Places | None = None,
) -> list[Issue]:
    """Check a file sent back from Excel as if it replaced ``filename`` in the dataset.

    The dataset on disk is never touched: the folder (with any parent it extends) is
    copied to a temporary place, the file is put there, and the whole dataset is loaded,
    so references between files are checked too. Issues name the file as it would be in
    the dataset (``data/sites.csv:12:kommunekode: …``).
    """
    import shutil
    import tempfile

    root = (Path(path) if path is not None else config.data_dir()).resolve()
    names = {t.filename for t in TABLES}
    if Path(filename).name not in names:
        return [Issue(filename, None, None, "data.unknown_file_name", {"names": sorted(names)})]
    max_bytes = limits.get_int("data_file_bytes")
    if len(content) > max_bytes:  # refused before anything is copied or read
        size = float(len(content))
        return [
            Issue(
                Path(filename).name,
                None,
                None,
                "data.file_too_large",
                {"size": size, "max": float(max_bytes)},
            )
        ]
    chain, _ = _resolve_chain(root)
    # The folder that holds the dataset and every folder it extends.
    top = Path(os.path.commonpath([root, *(info.root.resolve() for info in chain)]))
    with tempfile.TemporaryDirectory(prefix="klyngekort-check-") as tmp:
        dest_top = Path(tmp) / top.name
        shutil.copytree(top, dest_top, ignore=shutil.ignore_patterns("*.xlsx", "__pycache__"))
        dest_root = dest_top / root.relative_to(top)
        (dest_root / Path(filename).name).write_bytes(content)
        result = load_dataset(dest_root, places=places)
    return result.issues


def validate_dataset(path: Path | str | None = None, places: Places | None = None) -> list[Issue]:
    """Every problem in the dataset at ``path`` (default: ``config.data_dir()``)."""
    return load_dataset(Path(path) if path is not None else None, places=places).issues


__all__ = [
    "DATASET_TOML",
    "DatasetInfo",
    "check_replacement",
    "load_dataset",
    "read_dataset_info",
    "validate_dataset",
]
