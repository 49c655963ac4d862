"""The package's layers, enforced: imports go one way only.

Every ``import`` in ``klyngekort/``, ``pages/`` and ``app.py`` is read with :mod:`ast`
(also the ones inside functions: a lazy import is still a dependency), and checked against
the layer order of the README ("How the code is laid out"):

    core < geo < planning < scenarios, store < present < ui, cli < pages, app.py

* a module imports only from its own layer or the layers below it; ``ui`` and ``cli`` never
  import each other;
* the core imports the standard library, numpy and pandas only;
* only ``present``, ``ui`` and the pages import folium or branca; only ``ui``, the pages
  and ``app.py`` import Streamlit;
* the modules of the package import each other without a cycle.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "klyngekort"

RANK = {"core": 1, "geo": 2, "planning": 3, "scenarios": 4, "store": 4, "present": 5, "ui": 6, "cli": 6}
TOP = 7  # pages/ and app.py
CORE_THIRD_PARTY = {"numpy", "pandas"}
FOLIUM = {"folium", "branca", "streamlit_folium"}
STREAMLIT = {"streamlit", "streamlit_folium"}


def _layer(path: Path) -> str | None:
    """The layer package of a file below klyngekort/, or None for pages/app.py."""
    rel = path.relative_to(ROOT)
    if rel.parts[0] != "klyngekort":
        return None
    return rel.parts[1] if len(rel.parts) > 2 else ""  # "" = the package's own __init__


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in the file, also inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield from _imports_of_node(node, path)


def _imports_of_node(node: ast.Import | ast.ImportFrom, path: Path) -> Iterator[tuple[int, str]]:
    """Absolute names; ``from klyngekort.geo import read`` yields the module ``...geo.read`` too."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield node.lineno, alias.name
        return
    if node.level:
        pkg = _module_name(path).split(".")
        if path.name != "__init__.py":
            pkg = pkg[:-1]
        mod = ".".join(pkg[: len(pkg) - node.level + 1] + ([node.module] if node.module else []))
    else:
        mod = node.module or ""
    yield node.lineno, mod
    for alias in node.names:
        yield node.lineno, f"{mod}.{alias.name}"


def _sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
    return [f for f in files if "static" not in f.parts]


def _third_party(mod: str) -> str | None:
    top = mod.split(".")[0]
    if top in ("klyngekort", "") or top in sys.stdlib_module_names or top == "__future__":
        return None
    return top


def _violations(path: Path) -> list[str]:
    layer = _layer(path)
    rank = TOP if layer is None else RANK.get(layer, 0)
    where = path.relative_to(ROOT)
    out: list[str] = []
    for line, mod in _imports(path):
        parts = mod.split(".")
        if parts[0] == "klyngekort" and len(parts) > 1 and parts[1] in RANK:
            target = parts[1]
            if RANK[target] > rank:
                out.append(f"{where}:{line}: layer {layer!r} imports the higher layer {target!r} ({mod})")
            if {layer, target} == {"ui", "cli"}:
                out.append(f"{where}:{line}: {layer!r} imports {target!r}: ui and cli are siblings")
        third = _third_party(mod)
        if third is None:
            continue
        if layer == "core" and third not in CORE_THIRD_PARTY:
            out.append(f"{where}:{line}: the core imports {third} (only numpy and pandas)")
        if third in STREAMLIT and layer not in (None, "ui"):
            out.append(f"{where}:{line}: {third} outside ui/, pages/ and app.py")
        elif third in FOLIUM and layer not in (None, "ui", "present"):
            out.append(f"{where}:{line}: {third} outside present/, ui/ and pages/")
    return out


def test_every_layer_is_known():
    found = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert found <= set(RANK), f"layer packages without a rank in this test: {found - set(RANK)}"
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], f"modules outside the layer packages: {loose}"


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_one_way(path: Path):
    assert _violations(path) == []


def test_the_checker_catches_a_leak(tmp_path: Path, monkeypatch):
    """The rules themselves, on files that break them (so a silent checker cannot pass)."""
    fake = tmp_path / "klyngekort"
    (fake / "core").mkdir(parents=True)
    (fake / "geo").mkdir()
    bad_core = fake / "core" / "bad.py"
    bad_core.write_text("import shapely\nfrom klyngekort.present import i18n\nfrom ..geo import read\n")
    bad_geo = fake / "geo" / "bad.py"
    bad_geo.write_text("import folium\nimport streamlit as st\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    core_v = _violations(bad_core)
    assert any("the core imports shapely" in v for v in core_v)
    assert any("higher layer 'present'" in v for v in core_v)
    assert any("higher layer 'geo'" in v for v in core_v)  # relative import resolved
    geo_v = _violations(bad_geo)
    assert any("folium outside" in v for v in geo_v) and any("streamlit outside" in v for v in geo_v)


def _package_graph() -> dict[str, set[str]]:
    """Module → package modules it imports when it is imported: module-level statements
    only (a lazy import inside a function, or a ``TYPE_CHECKING`` block, runs later or never)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "static" not in p.parts}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= {m for _, m in _imports_of_node(node, path) if m in modules and m != name}
    return graph


def test_no_import_cycles():
    graph = _package_graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append([*stack[stack.index(n) :], n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert cycles == []
