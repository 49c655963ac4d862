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
    DEFAULT_PERIOD,
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
    cli_lang,
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
from klyngekort.present.i18n import LANGS


def _add_reach_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--period",
        type=_arg_period,
        default=DEFAULT_PERIOD,
        metavar="2021-2024|2025-2028|YYYY-MM-DD",
        help=f"programme period or a single day (default {DEFAULT_PERIOD})",
    )
    reach = p.add_mutually_exclusive_group()
    reach.add_argument(
        "--radius-km",
        type=_arg_float("--radius-km"),
        default=None,
        metavar="R",
        help="covered within R km in a straight line (10–150, default 40)",
    )
    reach.add_argument(
        "--minutes",
        type=_arg_float("--minutes"),
        default=None,
        metavar="T",
        help="covered within T minutes by the travel-time table (needs --travel-times)",
    )
    p.add_argument(
        "--travel-times",
        type=Path,
        default=None,
        metavar="FILE",
        help="CSV from_kommunekode,to_kommunekode,minutes (e.g. computed with OSRM)",
    )
    p.add_argument(
        "--mode",
        type=_arg_mode,
        default="distance",
        metavar="distance|hub-area",
        help="distance: within R km or T minutes; hub-area: present in the municipality's hub area",
    )


class _Parser(argparse.ArgumentParser):
    """argparse with the usage errors framed in the run's language (argparse's own words,
    such as "usage:" and "invalid choice", stay as argparse has them)."""

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
        help="language of the messages: da (default) or en; also $KLYNGEKORT_LANG",
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    lang_opt = _lang_option()
    parser = _Parser(
        prog=PROG,
        parents=[lang_opt],
        description="Klyngekort: where the national cluster organisations are present, seen from the "
        "erhvervshuse. Tables go to stdout or --out; messages and the method to stderr. "
        "Exit codes: 0 ok, 1 errors in data or files, 2 usage errors.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", parents=[lang_opt], help="check the data files; exit 1 on errors")
    _add_data_args(p)
    p.set_defaults(func=cmd_validate, parser=p)

    p = sub.add_parser("limits", parents=[lang_opt], help="every bound on input, with its value and setting")
    p.set_defaults(func=cmd_limits, parser=p)

    p = sub.add_parser(
        "geodata",
        parents=[lang_opt],
        help="fetch the DAGI municipal boundaries, or show which file is used and what it holds",
        description="Without a subcommand: the same as `geodata info`.",
    )
    geodata_help = "a DAGI file or folder (default: the configured location, ../shared/geodata, geodata/dagi)"
    p.add_argument("--geodata", type=Path, default=None, metavar="PATH", help=geodata_help)
    p.set_defaults(func=cmd_geodata, parser=p)
    gsub = p.add_subparsers(dest="geodata_command", metavar="{info,fetch}")
    g = gsub.add_parser(
        "info",
        parents=[lang_opt],
        help="which DAGI file is used, where it came from, its date and counts (warns when over a year old)",
    )
    g.add_argument("--geodata", type=Path, default=argparse.SUPPRESS, metavar="PATH", help=geodata_help)
    g.set_defaults(func=cmd_geodata, parser=g)
    g = gsub.add_parser(
        "fetch",
        parents=[lang_opt],
        help="download DAGI from an official source into geodata/dagi, check it, write its provenance",
        description="Download the DAGI municipal division as GeoJSON, check it (98 municipalities with "
        "4-digit codes, a known CRS, valid or repairable geometries) and only then put it in place, with "
        "a provenance file beside it. A download that fails the checks changes nothing. "
        "Exit 1 when nothing was fetched, 2 for an unknown source or a missing API key.",
    )
    g.add_argument(
        "--source",
        default=None,
        metavar="NAME|URL",
        help="dawa (default: Dataforsyningen, DAWA /kommuner), datafordeler (DAGI WFS; needs an API key in "
        "KLYNGEKORT_DATAFORDELER_APIKEY) or an http(s) URL of a GeoJSON file; "
        "default from KLYNGEKORT_GEODATA_SOURCE or [geodata] source in klyngekort.toml",
    )
    g.add_argument(
        "--dest", type=Path, default=None, metavar="DIR", help="where to put it (default geodata/dagi)"
    )
    g.add_argument(
        "--timeout",
        type=_arg_float("--timeout"),
        default=None,
        metavar="S",
        help="give up an attempt after S seconds without data (default 30)",
    )
    g.add_argument(
        "--attempts", type=int, default=None, metavar="N", help="tries before giving up (default 3)"
    )
    g.set_defaults(func=cmd_geodata_fetch, parser=g)

    p = sub.add_parser(
        "coverage",
        parents=[lang_opt],
        help="coverage per municipality, hub area × cluster, cluster or gap",
        description="Which clusters cover each municipality (within R km, T minutes or the hub area). "
        "The table goes to stdout (csv, json) or --out; the method is printed to stderr.",
    )
    _add_data_args(p)
    _add_reach_args(p)
    p.add_argument(
        "--by",
        choices=COVERAGE_VIEWS,
        default="municipality",
        help="municipality (default), hub (hub area × cluster states), cluster, or gaps (ranked)",
    )
    p.add_argument(
        "--cluster",
        nargs="+",
        action="extend",
        metavar="ID",
        help="only these clusters (default: every cluster in force in the period)",
    )
    p.add_argument(
        "--add-site",
        nargs="+",
        action="extend",
        type=_arg_extra,
        metavar="CLUSTER_ID@SITE_ID",
        help="what-if: a presence of the cluster at an existing hub or branch, for this run only",
    )
    p.add_argument(
        "--format",
        choices=TABLE_FORMATS,
        default=None,
        help="csv (default; from --out's suffix when given), json (records) or xlsx (needs --out)",
    )
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_coverage, parser=p)

    p = sub.add_parser(
        "plan",
        parents=[lang_opt],
        help="recommend new co-location sites for a cluster",
        description="The best K new sites for a cluster (maximum population covered), or the fewest sites "
        "to reach a target share. The cluster's current presence stays fixed. Exit 1 when the "
        "target cannot be met or the solver found no solution (the output explains why).",
    )
    _add_data_args(p)
    p.add_argument("--cluster", required=True, metavar="ID", help="the cluster to plan for")
    goal = p.add_mutually_exclusive_group(required=True)
    goal.add_argument("--sites", type=int, metavar="K", help="the number of new sites")
    goal.add_argument(
        "--target-share",
        type=_arg_target_share,
        metavar="X",
        help="the fewest sites to cover share X of the population (0.8, 80%% or 'all' reachable)",
    )
    _add_reach_args(p)
    p.add_argument(
        "--candidates",
        choices=("hubs", "all"),
        default="hubs",
        help="hubs: head offices and branches (default); all: also every municipality's centre",
    )
    p.add_argument(
        "--add-candidate",
        nargs="+",
        action="extend",
        metavar="KOMMUNEKODE",
        help="also consider these municipalities' centres as candidates",
    )
    p.add_argument(
        "--time-limit",
        type=_arg_float("--time-limit"),
        default=30.0,
        metavar="S",
        help="solver time limit in seconds (default 30)",
    )
    p.add_argument("--format", choices=("json", "csv"), default=None, help="json (default) or csv")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_plan, parser=p)

    add_present_parsers(sub, _add_data_args, _add_reach_args)

    p = sub.add_parser(
        "scenario", parents=[lang_opt], help="list, show, export, import or delete saved what-if scenarios"
    )
    ssub = p.add_subparsers(dest="scenario_command", required=True)
    db = _Parser(add_help=False)
    db.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="scenario database (default: $KLYNGEKORT_DATABASE_URL, $KLYNGEKORT_DB or var/klyngekort.sqlite3)",
    )
    s = ssub.add_parser("list", parents=[db, lang_opt], help="all scenarios")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_scenario_list, parser=s)
    s = ssub.add_parser("show", parents=[db, lang_opt], help="one scenario and its changes")
    s.add_argument("scenario", metavar="ID", help="scenario id or name")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help="dataset for names and checks (default: data/)"
    )
    s.set_defaults(func=cmd_scenario_show, parser=s)
    s = ssub.add_parser("export", parents=[db, lang_opt], help="a scenario as JSON")
    s.add_argument("scenario", metavar="ID", help="scenario id or name")
    s.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    s.set_defaults(func=cmd_scenario_export, parser=s)
    s = ssub.add_parser(
        "import", parents=[db, lang_opt], help="check a scenario JSON file and save it (nothing on errors)"
    )
    s.add_argument("file", type=Path, metavar="FILE")
    s.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help="dataset to check against (default: data/)"
    )
    s.add_argument("--name", default=None, help="save under this name instead of the file's")
    s.add_argument("--author", default=None, help="save with this author instead of the file's")
    s.set_defaults(func=cmd_scenario_import, parser=s)
    s = ssub.add_parser("delete", parents=[db, lang_opt], help="delete a scenario")
    s.add_argument("scenario", metavar="ID", help="scenario id or name")
    s.set_defaults(func=cmd_scenario_delete, parser=s)

    p = sub.add_parser(
        "assets", parents=[lang_opt], help="copy Leaflet into static/vendor (done automatically on start)"
    )
    p.set_defaults(func=cmd_assets, parser=p)

    p = sub.add_parser("run", parents=[lang_opt], help="start the app (streamlit run app.py)")
    p.add_argument(
        "--local-editor",
        default=None,
        metavar='"NAME <EMAIL>"',
        help="a laptop without an identity provider: this one person may edit (shown in the app and the history)",
    )
    p.add_argument("streamlit_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_run, parser=p)

    add_serve_parser(sub, parents=[lang_opt])
    add_store_parsers(sub, lang_opt, _Parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 errors in data or files, 2 usage)."""
    from klyngekort.scenarios.store import ScenarioStoreError
    from klyngekort.store.db import StoreError

    argv = list(sys.argv[1:] if argv is None else argv)
    set_lang(cli_lang(argv))
    parser = build_parser()
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
        return int(args.func(args) or 0)
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
