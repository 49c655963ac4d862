"""The ``klyngekort`` command: the argument parser and :func:`main`, which turns every
expected failure into a one-line message and an exit code (never a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from klyngekort.cli.common import (
    COVERAGE_VIEWS,
    PROG,
    TABLE_FORMATS,
    CliError,
    _add_data_args,
    _arg_extra,
    _arg_float,
    _arg_mode,
    _arg_period,
    _arg_target_share,
    _err,
    argparse_texts,
    cli_lang,
    default_period,
    h,
    say,
    set_lang,
    text,
)
from klyngekort.cli.coverage import cmd_coverage
from klyngekort.cli.data import cmd_geodata, cmd_geodata_fetch, cmd_limits, cmd_validate
from klyngekort.cli.plan import cmd_plan
from klyngekort.cli.present import add_parsers as add_present_parsers
from klyngekort.cli.run import cmd_assets, cmd_run
from klyngekort.cli.scenario import (
    cmd_scenario_delete,
    cmd_scenario_export,
    cmd_scenario_import,
    cmd_scenario_list,
    cmd_scenario_show,
)
from klyngekort.cli.serve import add_parser as add_serve_parser
from klyngekort.cli.store import add_parsers as add_store_parsers
from klyngekort.core.messages import MessageValueError
from klyngekort.present.i18n import LANGS


def _add_reach_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--period",
        type=_arg_period,
        default=None,  # the programme period containing today, resolved after parsing
        metavar="2021-2024|2025-2028|YYYY-MM-DD",
        help=h("clih_period"),
    )
    reach = p.add_mutually_exclusive_group()
    reach.add_argument(
        "--radius-km",
        type=_arg_float("--radius-km"),
        default=None,
        metavar="R",
        help=h("clih_radius_km"),
    )
    reach.add_argument(
        "--minutes",
        type=_arg_float("--minutes"),
        default=None,
        metavar="T",
        help=h("clih_minutes"),
    )
    p.add_argument(
        "--travel-times",
        type=Path,
        default=None,
        metavar="FILE",
        help=h("clih_travel_times"),
    )
    p.add_argument(
        "--mode",
        type=_arg_mode,
        default="distance",
        metavar="distance|hub-area",
        help=h("clih_mode"),
    )


class _Parser(argparse.ArgumentParser):
    """argparse with the usage errors framed in the run's language (argparse's own words,
    such as "usage:" and "invalid choice", come from the catalogue through
    :func:`klyngekort.cli.common.argparse_texts`)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, say("cli.error", prog=self.prog, message=message) + "\n")


def _lang_option() -> _Parser:
    """``--lang da|en``, accepted before and after the subcommand (it is read by
    :func:`klyngekort.cli.common.cli_lang` before parsing)."""
    p = _Parser(add_help=False)
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=argparse.SUPPRESS,
        help=h("clih_lang"),
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    """The parser, every text in this run's language (:func:`klyngekort.cli.common.set_lang`
    first): each description and help string is one catalogue key, read with ``h()``."""
    with argparse_texts():  # "options", "positional arguments", "show this help message and exit"
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    lang_opt = _lang_option()
    parser = _Parser(
        prog=PROG,
        parents=[lang_opt],
        description=h("clid_main"),
    )
    sub = parser.add_subparsers(dest="command", required=True, help=h("clih_command"))

    p = sub.add_parser("validate", parents=[lang_opt], help=h("clih_validate"))
    _add_data_args(p)
    p.set_defaults(func=cmd_validate, parser=p)

    p = sub.add_parser("limits", parents=[lang_opt], help=h("clih_limits"))
    p.set_defaults(func=cmd_limits, parser=p)

    p = sub.add_parser(
        "geodata",
        parents=[lang_opt],
        help=h("clih_geodata_cmd"),
        description=h("clid_geodata"),
    )
    geodata_help = h("clih_geodata_file")
    p.add_argument("--geodata", type=Path, default=None, metavar="PATH", help=geodata_help)
    p.set_defaults(func=cmd_geodata, parser=p)
    gsub = p.add_subparsers(dest="geodata_command", metavar="{info,fetch}", help=h("clih_geodata_command"))
    g = gsub.add_parser(
        "info",
        parents=[lang_opt],
        help=h("clih_geodata_info"),
    )
    g.add_argument("--geodata", type=Path, default=argparse.SUPPRESS, metavar="PATH", help=geodata_help)
    g.set_defaults(func=cmd_geodata, parser=g)
    g = gsub.add_parser(
        "fetch",
        parents=[lang_opt],
        help=h("clih_geodata_fetch"),
        description=h("clid_geodata_fetch"),
    )
    g.add_argument(
        "--source",
        default=None,
        metavar="NAME|URL",
        help=h("clih_fetch_source"),
    )
    g.add_argument("--dest", type=Path, default=None, metavar="DIR", help=h("clih_fetch_dest"))
    g.add_argument(
        "--timeout",
        type=_arg_float("--timeout"),
        default=None,
        metavar="S",
        help=h("clih_fetch_timeout"),
    )
    g.add_argument("--attempts", type=int, default=None, metavar="N", help=h("clih_fetch_attempts"))
    g.set_defaults(func=cmd_geodata_fetch, parser=g)

    p = sub.add_parser(
        "coverage",
        parents=[lang_opt],
        help=h("clih_coverage"),
        description=h("clid_coverage"),
    )
    _add_data_args(p)
    _add_reach_args(p)
    p.add_argument(
        "--by",
        choices=COVERAGE_VIEWS,
        default="municipality",
        help=h("clih_coverage_by"),
    )
    p.add_argument(
        "--cluster",
        nargs="+",
        action="extend",
        metavar="ID",
        help=h("clih_cluster_filter"),
    )
    p.add_argument(
        "--add-site",
        nargs="+",
        action="extend",
        type=_arg_extra,
        metavar="CLUSTER_ID@SITE_ID",
        help=h("clih_coverage_add_site"),
    )
    p.add_argument(
        "--format",
        choices=TABLE_FORMATS,
        default=None,
        help=h("clih_coverage_format"),
    )
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help=h("clih_out"))
    p.set_defaults(func=cmd_coverage, parser=p)

    p = sub.add_parser(
        "plan",
        parents=[lang_opt],
        help=h("clih_plan"),
        description=h("clid_plan"),
    )
    _add_data_args(p)
    p.add_argument("--cluster", required=True, metavar="ID", help=h("clih_plan_cluster"))
    goal = p.add_mutually_exclusive_group(required=True)
    goal.add_argument("--sites", type=int, metavar="K", help=h("clih_plan_sites"))
    goal.add_argument(
        "--target-share",
        type=_arg_target_share,
        metavar="X",
        help=h("clih_plan_target_share"),
    )
    _add_reach_args(p)
    p.add_argument(
        "--candidates",
        choices=("hubs", "all"),
        default="hubs",
        help=h("clih_plan_candidates"),
    )
    p.add_argument(
        "--add-candidate",
        nargs="+",
        action="extend",
        metavar="KOMMUNEKODE",
        help=h("clih_plan_add_candidate"),
    )
    p.add_argument(
        "--time-limit",
        type=_arg_float("--time-limit"),
        default=30.0,
        metavar="S",
        help=h("clih_plan_time_limit"),
    )
    p.add_argument("--format", choices=("json", "csv"), default=None, help=h("clih_plan_format"))
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help=h("clih_out"))
    p.set_defaults(func=cmd_plan, parser=p)

    add_present_parsers(sub, _add_data_args, _add_reach_args)

    p = sub.add_parser("scenario", parents=[lang_opt], help=h("clih_scenario"))
    ssub = p.add_subparsers(dest="scenario_command", required=True, help=h("clih_scenario_command"))
    db = _Parser(add_help=False)
    db.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=h("clih_scenario_db"),
    )
    s = ssub.add_parser("list", parents=[db, lang_opt], help=h("clih_scenario_list"))
    s.add_argument("--format", choices=("text", "json"), default="text", help=h("clih_scenario_format"))
    s.set_defaults(func=cmd_scenario_list, parser=s)
    s = ssub.add_parser("show", parents=[db, lang_opt], help=h("clih_scenario_show"))
    s.add_argument("scenario", metavar="ID", help=h("clih_scenario_id"))
    s.add_argument("--format", choices=("text", "json"), default="text", help=h("clih_scenario_format"))
    s.add_argument("--data", type=Path, default=None, metavar="DIR", help=h("clih_scenario_show_data"))
    s.set_defaults(func=cmd_scenario_show, parser=s)
    s = ssub.add_parser("export", parents=[db, lang_opt], help=h("clih_scenario_export"))
    s.add_argument("scenario", metavar="ID", help=h("clih_scenario_id"))
    s.add_argument("--out", type=Path, default=None, metavar="FILE", help=h("clih_out"))
    s.set_defaults(func=cmd_scenario_export, parser=s)
    s = ssub.add_parser("import", parents=[db, lang_opt], help=h("clih_scenario_import"))
    s.add_argument("file", type=Path, metavar="FILE", help=h("clih_scenario_import_file"))
    s.add_argument("--data", type=Path, default=None, metavar="DIR", help=h("clih_scenario_import_data"))
    s.add_argument("--name", default=None, help=h("clih_scenario_import_name"))
    s.add_argument("--author", default=None, help=h("clih_scenario_import_author"))
    s.set_defaults(func=cmd_scenario_import, parser=s)
    s = ssub.add_parser("delete", parents=[db, lang_opt], help=h("clih_scenario_delete"))
    s.add_argument("scenario", metavar="ID", help=h("clih_scenario_id"))
    s.set_defaults(func=cmd_scenario_delete, parser=s)

    p = sub.add_parser("assets", parents=[lang_opt], help=h("clih_assets"))
    p.set_defaults(func=cmd_assets, parser=p)

    p = sub.add_parser("run", parents=[lang_opt], help=h("clih_run"))
    p.add_argument(
        "--local-editor",
        default=None,
        metavar='"NAME <EMAIL>"',
        help=h("clih_run_local_editor"),
    )
    p.add_argument("streamlit_args", nargs=argparse.REMAINDER, help=h("clih_run_streamlit_args"))
    p.set_defaults(func=cmd_run, parser=p)

    add_serve_parser(sub, parents=[lang_opt])
    add_store_parsers(sub, lang_opt, _Parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 errors in data or files, 2 usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_lang(cli_lang(argv))  # before the parser is built: --help follows --lang
    with argparse_texts():
        return _run_parsed(argv, build_parser())


def _run_parsed(argv: list[str], parser: argparse.ArgumentParser) -> int:
    from klyngekort.scenarios.store import ScenarioStoreError
    from klyngekort.store.db import StoreError

    try:
        args, extra = parser.parse_known_args(argv)
        if extra and getattr(args, "command", None) == "run":
            args.streamlit_args = [*extra, *args.streamlit_args]  # e.g. --server.port 8502
        elif extra:
            parser.error(say("cli.unrecognized_arguments", arguments=" ".join(extra)))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    sub_parser = getattr(args, "parser", parser)
    try:
        if hasattr(args, "period") and args.period is None:
            args.period = _arg_period(default_period())  # a bad $KLYNGEKORT_TODAY: usage error
        return int(args.func(args) or 0)
    except (argparse.ArgumentTypeError, MessageValueError) as exc:  # a bad $KLYNGEKORT_TODAY
        _err(say("cli.error", prog=sub_parser.prog, message=text(exc)))
        return 2
    except CliError as exc:
        if exc.exit_code == 2:
            sub_parser.print_usage(sys.stderr)
        _err(say("cli.error", prog=sub_parser.prog, message=text(exc)))
        return exc.exit_code
    except (ScenarioStoreError, StoreError) as exc:
        _err(say("cli.error", prog=sub_parser.prog, message=text(exc)))
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `klyngekort coverage | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # never a traceback, unless asked for
        if os.environ.get("KLYNGEKORT_DEBUG"):
            raise
        _err(say("cli.internal_error", prog=sub_parser.prog, error=f"{type(exc).__name__}: {exc}"))
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
