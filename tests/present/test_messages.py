"""One localisation mechanism, checked: every text in Danish and English, every message code
the package reports has a template, the templates' placeholders are the parameters given,
and no module words anything by testing the language inline.

The codes and their parameters are read from the source with :mod:`ast`: every string
literal of the form ``namespace.name`` (``data.bad_id``, ``plan.note.k_zero`` …) is a code,
and where a call passes one (``Issue(..., "data.bad_id", {"value": v})``,
``ctx.add(line, fld, "data.bad_id", value=v)``, ``Message("…", {...})``,
``CliError("…", 2, option=…)``) its keyword arguments and dict literals are its parameters.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from klyngekort.core.model import RESERVED_PARAMS, Issue, Message, MessageError
from klyngekort.present.i18n import LANGS, TEXTS, t
from klyngekort.present.messages import MESSAGES
from klyngekort.present.wording import issue_text, message_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "klyngekort").rglob("*.py")) + sorted((ROOT / "pages").glob("*.py"))
CODE_RE = re.compile(
    r"^(data|tt|coverage|period|add_site|json|scenario|store|db|plan|cli|msg|method|change|geo|fetch|limits)"
    r"\.[a-z0-9_.]+$"
)
#: Keyword arguments of the message-making helpers that are not message parameters.
NOT_PARAMS = {"severity", "exit_code"}


def placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- reading the source


def _codes_of(node: ast.expr, consts: dict[str, list[str]]) -> list[str]:
    """The message codes an expression can be: a literal, either side of ``a if c else b``,
    or a local name assigned such an expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_RE.match(node.value):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes_of(node.body, consts) + _codes_of(node.orelse, consts)
    if isinstance(node, ast.Name):
        return consts.get(node.id, [])
    return []


def _dict_keys(node: ast.expr, dicts: dict[str, set[str]]) -> set[str] | None:
    """The keys of a dict literal (or of a local dict built from literals); ``None`` when
    the parameters cannot be read statically."""
    if isinstance(node, ast.Dict):
        if any(k is None or not isinstance(k, ast.Constant) for k in node.keys):
            return None  # ``{**other, …}``
        return {k.value for k in node.keys if isinstance(k, ast.Constant)}
    if isinstance(node, ast.Name) and node.id in dicts:
        return dicts[node.id]
    return None


def _scope_facts(scope: ast.AST) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Local names bound to codes, and local dicts with the keys they are given."""
    consts: dict[str, list[str]] = {}
    dicts: dict[str, set[str]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for tgt in targets:
                if isinstance(tgt, ast.Name) and node.value is not None:
                    codes = _codes_of(node.value, {})
                    if codes:
                        consts.setdefault(tgt.id, []).extend(codes)
                    keys = _dict_keys(node.value, {})
                    if keys is not None:
                        dicts.setdefault(tgt.id, set()).update(keys)
                elif (
                    isinstance(tgt, ast.Subscript)
                    and isinstance(tgt.value, ast.Name)
                    and isinstance(tgt.slice, ast.Constant)
                ):
                    dicts.setdefault(tgt.value.id, set()).add(tgt.slice.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and isinstance(node.func.value, ast.Name)
        ):
            dicts.setdefault(node.func.value.id, set()).update(k.arg for k in node.keywords if k.arg)
    return consts, dicts


def message_sites() -> Iterator[tuple[str, int, list[str], set[str] | None]]:
    """``(file, line, codes, params)`` for every call that passes a message code;
    ``params`` is ``None`` when they cannot be read statically."""
    for path in SOURCES:
        if path.name == "messages.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        facts = {id(s): _scope_facts(s) for s in scopes}
        owner: dict[int, ast.AST] = {}
        for s in scopes:  # the innermost function wins: walk outer scopes first
            for n in ast.walk(s):
                owner[id(n)] = s
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            scope = owner.get(id(node))
            consts, dicts = facts[id(scope)] if scope is not None else ({}, {})
            codes = [c for a in node.args for c in _codes_of(a, consts)]
            if not codes:
                continue
            if any(isinstance(a, ast.Starred) for a in node.args) or any(
                k.arg is None for k in node.keywords
            ):
                params: set[str] | None = None
            else:
                params = {k.arg for k in node.keywords if k.arg} - NOT_PARAMS
                code_pos = next(i for i, a in enumerate(node.args) if _codes_of(a, consts))
                for a in node.args[code_pos + 1 :]:
                    keys = _dict_keys(a, dicts)
                    if keys is not None:
                        params |= keys
                    elif not isinstance(a, ast.Constant | ast.Attribute | ast.Name):
                        params = None
                        break
            yield str(path.relative_to(ROOT)), node.lineno, codes, params


SITES = list(message_sites())

#: What makes a message, with the position of the code among the call's arguments.
MAKERS = {"Issue": 3, "Message": 0, "MessageError": 0, "MessageValueError": 0, "CliError": 0}


def prose_codes() -> Iterator[str]:
    """Calls that pass text where a message code belongs: to ``Issue``, ``Message``, an error
    class of the package, or a local helper with a ``code`` parameter (``ctx.add``, ``err``,
    ``warn`` …). A code is a literal code, a choice between codes, or a name (``code``,
    ``i.code``); an f-string or a sum of strings is prose."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES}
    classes = {
        node.name: {b.id for b in node.bases if isinstance(b, ast.Name)}
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    errors = {"MessageError"}
    while grown := {c for c, bases in classes.items() if bases & errors} - errors:
        errors |= grown  # the package's error classes that carry a message code
    for path, tree in trees.items():
        makers = {**MAKERS, **dict.fromkeys(errors, 0)}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                if "code" in names:
                    pos = names.index("code") - (1 if names and names[0] == "self" else 0)
                    makers.setdefault(node.name, pos)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name not in makers:
                continue
            pos = makers[name]
            arg = next((k.value for k in node.keywords if k.arg == "code"), None)
            if arg is None and len(node.args) > pos:
                arg = node.args[pos]
            if arg is None:
                continue
            if not _is_code(arg):
                yield f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:100]}"


def _is_code(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(CODE_RE.match(node.value))
    if isinstance(node, ast.IfExp):
        return _is_code(node.body) and _is_code(node.orelse)
    return not isinstance(node, ast.JoinedStr | ast.BinOp)


def used_codes() -> set[str]:
    out: set[str] = set()
    for path in SOURCES:
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_RE.match(node.value):
                out.add(node.value)
    return out


# --------------------------------------------------------------------------- the catalogue


def test_every_text_is_in_danish_and_english():
    missing = [
        k for k, v in TEXTS.items() if set(v) != set(LANGS) or not all(v[lang].strip() for lang in LANGS)
    ]
    assert missing == []


def test_both_languages_have_the_same_placeholders():
    differ = {k: (placeholders(v["da"]), placeholders(v["en"])) for k, v in TEXTS.items()}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}


def test_the_message_catalogue_is_part_of_the_one_mechanism():
    assert set(MESSAGES) <= set(TEXTS)
    assert not set(MESSAGES) & {k for k in TEXTS if not CODE_RE.match(k)}


def test_every_code_in_the_package_has_a_template_and_every_template_is_used():
    codes = used_codes()
    assert len(codes) > 200
    assert sorted(codes - set(MESSAGES)) == []
    assert sorted(set(MESSAGES) - codes) == []


def test_the_source_scan_finds_the_message_sites():
    by_code = {c for _, _, codes, _ in SITES for c in codes}
    # One of each kind of site: Issue(...), a helper with keywords, Message(...), an error class.
    assert {
        "data.bad_id",
        "tt.repeated_pair",
        "plan.note.k_exceeds_useful",
        "store.duplicate_name",
    } <= by_code
    assert {"cli.radius_out_of_range", "scenario.unknown_cluster", "data.duplicate_in_other_file"} <= by_code
    checked = [s for s in SITES if s[3] is not None]
    assert len(checked) > 0.9 * len(SITES)


def test_message_codes_are_never_prose():
    assert list(prose_codes()) == []


@pytest.mark.parametrize(("where", "line", "codes", "params"), [s for s in SITES if s[3] is not None])
def test_placeholders_match_the_parameters(where, line, codes, params):
    for code in codes:
        for lang in LANGS:
            wanted = placeholders(TEXTS[code][lang])
            assert wanted <= params, f"{where}:{line}: {code} ({lang}) needs {sorted(wanted - params)}"
        if len(codes) == 1:  # with alternatives, each may use only some of the parameters
            unused = params - RESERVED_PARAMS - placeholders(TEXTS[code]["da"])
            assert not unused, f"{where}:{line}: {code} ignores {sorted(unused)}"


# --------------------------------------------------------------------------- wording


def test_an_issue_reads_the_same_in_both_languages_but_its_words():
    issue = Issue("data/sites.csv", 12, "kommunekode", "data.unknown_kommunekode_dagi", {"value": "0999"})
    assert (
        issue_text(issue, "da")
        == "data/sites.csv:12:kommunekode: ukendt kommunekode '0999': den er ikke en DAGI-kommune"
    )
    assert (
        issue_text(issue, "en")
        == "data/sites.csv:12:kommunekode: unknown kommunekode '0999': it is not a DAGI municipality"
    )
    assert str(issue) == "data/sites.csv:12:kommunekode: data.unknown_kommunekode_dagi (value='0999')"
    warning = Issue("tt.csv", None, None, "tt.no_rows", severity="warning")
    assert issue_text(warning, "da") == "tt.csv::: advarsel: ingen rækker: tabellen giver ingen rejsetider"


def test_numbers_lists_and_nested_messages_are_worded_in_the_language():
    msg = Message(
        "plan.note.target_unreachable", {"target": 0.9, "reachable": 123456.0, "share": 0.877, "useful": 3}
    )
    assert message_text(msg, "da") == (
        "Målet på 90,0 % kan ikke nås: højst 123.456 (87,7 % af det hele) kan nås med alle 3 nyttige kandidat(er)."
    )
    assert message_text(msg, "en") == (
        "The target of 90.0% cannot be reached: at most 123,456 (87.7% of the total) is reachable, "
        "with all 3 useful candidate(s)."
    )
    nested = Message(
        "store.invalid_change", {"problems": [Message("scenario.field_missing", {"field": "hub_id"})]}
    )
    assert message_text(nested, "en") == "Invalid change: the field 'hub_id' is missing"
    typed = Message("scenario.not_object", {"type": Message("json.array")})
    assert (message_text(typed, "da"), message_text(typed, "en")) == (
        "filen skal indeholde ét JSON-objekt, ikke liste",
        "the file must hold one JSON object, not list",
    )


def test_a_change_position_frames_the_message():
    issue = Issue(
        "s", 3, "hub_id", "scenario.unknown_hub", {"change": 3, "change_kind": "add_tie", "hub": "X"}
    )
    assert message_text(issue, "da") == "ændring 3 (add_tie): ukendt erhvervshus eller filial 'X'"
    assert message_text(issue, "en") == "change 3 (add_tie): unknown business hub or branch 'X'"


def test_an_error_is_worded_like_a_message():
    err = MessageError("store.not_found", scenario="abc")
    assert str(err) == "store.not_found (scenario='abc')"
    assert message_text(err, "en") == "The scenario 'abc' does not exist (did someone else delete it?)."


def test_an_unknown_code_never_breaks_the_display(monkeypatch):
    from klyngekort.present import wording

    monkeypatch.setattr(wording, "_STRICT", False)
    assert message_text(Message("data.no_such_code", {"x": 1}), "da") == "data.no_such_code (x=1)"
    assert message_text(Message("data.bad_id", {}), "en") == "data.bad_id"


def test_t_falls_back_to_danish_and_to_the_key():
    assert t("no_such_key", "en") == "no_such_key"
    assert t("msg.warning", "en") == "warning: "


# --------------------------------------------------------------------------- no inline language tests

INLINE = re.compile(r"""\b(lang|lg|language)\s*(==|!=)\s*['"]|['"](da|en)['"]\s*(==|!=)\s*(lang|lg)\b""")


def test_no_inline_language_branches():
    offenders = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in [*SOURCES, ROOT / "app.py", *sorted((ROOT / "tests").glob("*.py"))]
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE.search(line)
    ]
    assert offenders == []
