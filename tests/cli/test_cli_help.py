"""``klyngekort --help`` follows the run's language (Danish by default, English with ``--lang en``
or ``KLYNGEKORT_LANG=en``): every description and help string is a catalogue key, and
argparse's own words ("usage:", "options", "invalid choice", ...) come from the catalogue too."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from klyngekort.cli.common import ARGPARSE_TEXTS, argparse_texts, lang, set_lang
from klyngekort.cli.main import build_parser, main
from klyngekort.present.i18n import TEXTS, Lang

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _danish_after(monkeypatch):
    """Messages in the default language; the run's language put back afterwards."""
    monkeypatch.delenv("KLYNGEKORT_LANG", raising=False)
    before = lang()
    yield
    set_lang(before)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr, each with its white space made single spaces (argparse
    wraps to the terminal's width)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, " ".join(out.split()), " ".join(err.split())


def _parsers(
    parser: argparse.ArgumentParser, path: str = "klyngekort"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The parser and every subcommand's parser, depth first, with its command path."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def _texts(lang_: Lang) -> dict[tuple[str, str], str | None]:
    """Every description and help string of the whole command tree, built in ``lang_``:
    (command path, option or subcommand) -> text."""
    set_lang(lang_)
    out: dict[tuple[str, str], str | None] = {}
    for path, p in _parsers(build_parser()):
        out[(path, "(description)")] = p.description
        for action in p._actions:
            name = "/".join(action.option_strings) or str(action.metavar or action.dest)
            out[(path, name)] = action.help
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    out[(path, f"{name} {choice.dest}")] = choice.help
    return out


def test_every_help_string_is_translated():
    """Built in Danish and in English, every option, positional and subcommand of every
    subcommand has help, and the two differ: none is left in one language only."""
    da, en = _texts("da"), _texts("en")
    assert da.keys() == en.keys()
    assert len(da) > 150  # the whole tree was walked
    missing = [k for k, v in da.items() if v is None and k[1] != "(description)"]
    assert missing == [], "options without help"
    same = [k for k in da if da[k] is not None and da[k] == en[k]]
    assert same == [], "help left untranslated"
    assert all((da[k] is None) == (en[k] is None) for k in da)
    assert (
        da[("klyngekort coverage", "--radius-km")]
        == "dækket inden for R km i lige linje (10–150, standard 40)"
    )
    assert (
        en[("klyngekort coverage", "--radius-km")]
        == "covered within R km in a straight line (10–150, default 40)"
    )
    assert da[("klyngekort", "-h/--help")] == "vis denne hjælp og afslut"
    assert en[("klyngekort plan", "--target-share")].endswith("(0.8, 80%% or 'all' reachable)")  # % escaped


def test_every_subcommand_help_renders_in_each_language():
    """The rendered --help of every subcommand: argparse's headings and the texts in the
    language asked for, and no English heading left in the Danish one."""
    for lang_, words, foreign in (
        (
            "da",
            ("brug: klyngekort", "tilvalg:", "vis denne hjælp og afslut"),
            ("usage:", "options:", "show this help"),
        ),
        (
            "en",
            ("usage: klyngekort", "options:", "show this help message and exit"),
            ("brug:", "tilvalg:", "hjælp"),
        ),
    ):
        set_lang(lang_)
        with argparse_texts():
            for path, p in _parsers(build_parser()):
                shown = p.format_help()
                assert all(w in shown for w in words), (lang_, path, shown)
                assert not any(w in shown for w in foreign), (lang_, path, shown)
                assert "%%" not in shown and not re.search(r"\{[a-z_]+\}", shown), shown  # escaped, filled in


def test_main_help_in_danish_by_default_and_in_english(capsys, monkeypatch):
    code, out, err = run(capsys, "--help")
    assert code == 0 and err == ""
    assert out.startswith("brug: klyngekort [-h] [--lang {da,en}]")
    assert "positionelle argumenter:" in out and "tilvalg:" in out
    assert "Afslutningskoder: 0 i orden, 1 fejl i data eller filer, 2 fejl i kommandoen." in out
    assert "dækning pr. kommune, erhvervshusområde × klynge" in out
    assert "sprog for tekster, beskeder og --help" in out

    for argv in (["--lang", "en", "--help"], ["--help", "--lang=en"]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and out.startswith("usage: klyngekort [-h]")
        assert "positional arguments:" in out and "options:" in out
        assert "coverage per municipality, hub area × cluster" in out
        assert "dækning" not in out and "tilvalg" not in out

    monkeypatch.setenv("KLYNGEKORT_LANG", "en")
    code, out, _ = run(capsys, "-h")
    assert code == 0 and "show this help message and exit" in out
    code, out, _ = run(capsys, "-h", "--lang", "da")  # --lang wins over the environment
    assert code == 0 and "vis denne hjælp og afslut" in out


@pytest.mark.parametrize(
    "argv, dansk, english",
    [
        (
            ["coverage"],
            "programperiode eller en enkelt dag (standard: programperioden med dagens dato)",
            "programme period or a single day (default: the programme period containing today)",
        ),
        (
            ["plan"],
            "de færreste steder, der dækker andelen X af befolkningen (0,8, 80 %",
            "the fewest sites to cover share X of the population (0.8, 80%",
        ),
        (
            ["geodata", "fetch"],
            "En download, der ikke består tjekket, ændrer intet.",
            "fails the checks changes nothing",
        ),
        (["scenario", "import"], "gem under dette navn i stedet for filens", "save under this name instead"),
        (["map"], "Et kort i trykkvalitet af én visning", "A print-quality map of one view"),
        (["db"], "gør lageret lig med en mappe med et datasæt", "make the store equal to a dataset folder"),
        (["user", "grant"], "email e-mailadressen", "email the e-mail address"),
        (["serve"], "gives til hver instans som $KLYNGEKORT_DATABASE_URL", "passed to every instance as $"),
    ],
)
def test_subcommand_help_in_both_languages(capsys, argv, dansk, english):
    code, out, err = run(capsys, *argv, "--help")
    assert code == 0 and err == "" and dansk in out, out
    assert out.startswith(f"brug: klyngekort {' '.join(argv)} [-h]")
    code, out, err = run(capsys, *argv, "--help", "--lang", "en")  # --lang after --help still counts
    assert code == 0 and english in out, out
    assert out.startswith(f"usage: klyngekort {' '.join(argv)} [-h]")


@pytest.mark.parametrize(
    "argv, dansk, english",
    [
        (
            ["coverage", "--by", "region"],
            "argumentet --by: ugyldigt valg: 'region' (vælg blandt 'municipality',",
            "argument --by: invalid choice: 'region' (choose from 'municipality',",
        ),
        (
            ["plan"],
            "følgende argumenter skal angives: --cluster",
            "the following arguments are required: --cluster",
        ),
        (
            ["plan", "--cluster", "ECD", "--sites", "2", "--target-share", "0.5"],
            "kan ikke bruges sammen med argumentet --sites",
            "not allowed with argument --sites",
        ),
        (
            ["plan", "--cluster", "ECD", "--sites", "two"],
            "ugyldig int-værdi: 'two'",
            "invalid int value: 'two'",
        ),
        (["coverage", "--cluster"], "forventede mindst én værdi", "expected at least one argument"),
        (["frobnicate"], "ugyldigt valg: 'frobnicate'", "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_in_both_languages(capsys, argv, dansk, english):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("brug: klyngekort") and ": fejl: " in err and dansk in err, err
    code, out, err = run(capsys, *argv, "--lang", "en")
    assert code == 2 and err.startswith("usage: klyngekort") and ": error: " in err and english in err, err


def test_argparse_words_are_catalogue_keys_and_put_back():
    """Each argparse msgid maps to a key with both languages and argparse's own placeholders;
    outside the command, argparse has its own words again."""
    for msgid, key in ARGPARSE_TEXTS.items():
        entry = TEXTS[key]
        assert entry["en"] == msgid, key
        holes = sorted(re.findall(r"%(?:\(\w+\))?[sr]", msgid))
        assert sorted(re.findall(r"%(?:\(\w+\))?[sr]", entry["da"])) == holes, key
    set_lang("da")
    with argparse_texts():
        assert argparse._("usage: ") == "brug: "  # type: ignore[attr-defined]
        assert argparse._("conflicting subparser: %s") == "conflicting subparser: %s"  # type: ignore[attr-defined]
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert "usage: " in argparse.ArgumentParser(prog="x").format_usage()


def test_console_script_help_is_utf8_danish(tmp_path):
    """Through the installed script: æ, ø and å come out right, in Danish by default."""
    script = ROOT / ".venv" / "bin" / "klyngekort"
    if not script.exists():
        script = Path(sys.executable).parent / "klyngekort"
    env = {k: v for k, v in os.environ.items() if k != "KLYNGEKORT_LANG"}
    proc = subprocess.run(
        [str(script), "plan", "--help"], capture_output=True, timeout=120, env=env, cwd=tmp_path, check=False
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert out.startswith("brug: klyngekort plan") and "løserens tidsgrænse i sekunder (standard 30)" in out
    assert "overvej også disse kommuners centrum som kandidater" in out
