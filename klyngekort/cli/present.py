"""``klyngekort map``, ``klyngekort deck`` and ``klyngekort report``: print-quality maps, a slide
deck and a hub report, the same as the app's download buttons make (offline, Danish or English).

    klyngekort map --view national|coverage|hub|cluster|scenario [filters] --format png|svg|pdf
                   --size slide|a4 --out FILE
    klyngekort deck [--hub ID]… [--period …] [--scenario ID] [--lang da|en] --out FILE.pptx
    klyngekort report --hub ID [--period …] [--lang da|en] --out FILE.pdf

Unknown cluster, hub or scenario ids are usage errors (exit 2); errors in the data exit 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from klyngekort.cli.common import (
    CliError,
    _check_clusters,
    _check_reach_args,
    _coverage_params,
    _err,
    _ids,
    _load,
    _write_out,
    h,
    say,
    text,
)
from klyngekort.cli.common import lang as run_lang
from klyngekort.present.i18n import LANGS

if TYPE_CHECKING:  # pragma: no cover - typing only
    from klyngekort.core.model import Dataset
    from klyngekort.geo.cache import GeoLayers
    from klyngekort.present.views import ViewRequest
    from klyngekort.scenarios.compare import ScenarioComparison

MAP_VIEWS = ("national", "coverage", "hub", "cluster", "scenario")


def add_present_args(p: argparse.ArgumentParser) -> None:
    """Options shared by map, deck and report (the reach options are added by the caller)."""
    p.add_argument(
        "--cluster",
        nargs="+",
        action="extend",
        metavar="ID",
        help=h("clih_cluster_filter"),
    )
    p.add_argument(
        "--area",
        nargs="+",
        action="extend",
        metavar="AREA",
        help=h("clih_present_area"),
    )
    p.add_argument(
        "--exclude-unknown",
        action="store_true",
        help=h("clih_present_exclude_unknown"),
    )
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help=h("clih_lang"),
    )


def add_scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", metavar="ID", default=None, help=h("clih_present_scenario"))
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=h("clih_scenario_db"),
    )


def _hub_ids(ds: Dataset, ids: list[str], option: str = "--hub") -> list[str]:
    from klyngekort.present.deck import head_offices

    known = head_offices(ds)
    unknown = [h for h in ids if h not in known]
    if unknown:
        raise CliError("cli.unknown_hubs", 2, option=option, ids=unknown, known=list(known))
    return ids


def _areas(ds: Dataset, areas: list[str]) -> list[str]:
    from klyngekort.core.selection import distinct_areas

    known = distinct_areas(ds)
    unknown = [a for a in areas if a not in known]
    if unknown:
        raise CliError("cli.unknown_areas", 2, areas=unknown, known=list(known))
    return areas


def _request(args: argparse.Namespace, ds: Dataset, hubs: list[str]) -> ViewRequest:
    from klyngekort.present.views import ViewRequest

    clusters = _ids(args.cluster)
    _check_clusters(ds, clusters)
    areas = _areas(ds, list(dict.fromkeys(args.area or [])))
    return ViewRequest(
        period=args.period,
        clusters=tuple(clusters),
        areas=tuple(areas),
        hubs=tuple(hubs),
        include_unknown_status=not args.exclude_unknown,
        params=_coverage_params(args, ds),
    )


def _comparison(
    args: argparse.Namespace, ds: Dataset, layers: GeoLayers, req: ViewRequest
) -> ScenarioComparison | None:
    if not args.scenario:
        return None
    from klyngekort.scenarios.compare import compare_scenario
    from klyngekort.scenarios.store import ScenarioNotFoundError, ScenarioStore

    store = ScenarioStore(args.db) if args.db is not None else ScenarioStore()  # the one store
    try:
        scen = store.resolve(args.scenario)
    except ScenarioNotFoundError:
        raise CliError("cli.unknown_scenario", 2, scenario=args.scenario) from None
    from klyngekort.present.views import demand

    cmp = compare_scenario(
        ds,
        None,
        scen,
        req.params,
        period=req.period,
        include_unknown_status=req.include_unknown_status,
        demand=demand(ds, layers),
    )
    for issue in cmp.issues:
        _err(say("cli.note", note=text(issue)))
    return cmp


def _out(args: argparse.Namespace, suffixes: tuple[str, ...]) -> Path:
    out: Path = args.out
    if out.suffix.lower().lstrip(".") not in suffixes:
        raise CliError("cli.out_suffix", 2, out=str(out), suffixes=["." + s for s in suffixes])
    return out


def cmd_map(args: argparse.Namespace) -> int:
    """A static map of one view as PNG, SVG or PDF."""
    from klyngekort.present import static_map as sm
    from klyngekort.present.views import request_coverage

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in sm.FORMATS:
        raise CliError("cli.bad_map_format", 2, value=fmt)
    _check_reach_args(args)
    hubs = list(dict.fromkeys(args.hub or []))
    if args.view == "hub" and len(hubs) != 1:
        raise CliError("cli.view_hub_needs_hub", 2)
    if args.view == "scenario" and not args.scenario:
        raise CliError("cli.view_scenario_needs_scenario", 2)
    clusters = _ids(args.cluster)
    if args.view == "cluster" and len(clusters) != 1:
        raise CliError("cli.view_cluster_needs_cluster", 2)
    if len(hubs) > 1:
        raise CliError("cli.one_hub_only", 2)

    ds, layers = _load(args)
    assert layers is not None
    _hub_ids(ds, hubs)
    req = _request(args, ds, hubs)
    lang = run_lang()  # --lang, else $KLYNGEKORT_LANG, else Danish (klyngekort.cli.common.cli_lang)
    hub = hubs[0] if hubs else None
    if args.view == "national":
        spec = sm.national_map(ds, layers, req.selection(hub), lang=lang)
    elif args.view == "scenario":
        cmp = _comparison(args, ds, layers, req)
        assert cmp is not None
        spec = sm.scenario_map(cmp, ds, layers, lang=lang, focus=clusters[0] if len(clusters) == 1 else None)
    else:
        result = request_coverage(ds, layers, req)
        if args.view == "cluster":
            spec = sm.cluster_map(ds, layers, result, clusters[0], lang=lang, period=req.period)
        else:
            spec = sm.coverage_map(
                ds, layers, result, indicator=args.indicator, lang=lang, focus_hub=hub, period=req.period
            )
    data = sm.render_bytes(spec, layers, fmt=fmt, size=args.size)
    _write_out(args.out, data)
    w, h = sm.LAYOUTS[args.size].pixels
    dpi = sm.LAYOUTS[args.size].dpi
    _err(
        say(
            "cli.map_written", view=args.view, size=args.size, w=w, h=h, dpi=dpi, format=fmt, title=spec.title
        )
    )
    return 0


def cmd_deck(args: argparse.Namespace) -> int:
    """A PowerPoint deck of the selection."""
    from klyngekort.present.deck import build_deck, head_offices, slide_plan

    out = _out(args, ("pptx",))
    _check_reach_args(args)
    ds, layers = _load(args)
    assert layers is not None
    hubs = _hub_ids(ds, list(dict.fromkeys(args.hub or [])))
    req = _request(args, ds, hubs)
    cmp = _comparison(args, ds, layers, req)
    data = build_deck(ds, layers, req, lang=run_lang(), cmp=cmp)
    _write_out(out, data)
    shown = hubs or list(head_offices(ds))
    _err(say("cli.slides", n=len(slide_plan(shown, cmp is not None))))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The PDF report of one hub."""
    from klyngekort.present.report import build_report

    out = _out(args, ("pdf",))
    _check_reach_args(args)
    ds, layers = _load(args)
    assert layers is not None
    hub = _hub_ids(ds, [args.hub])[0]
    req = _request(args, ds, [hub])
    _write_out(out, build_report(ds, layers, req, hub, lang=run_lang()))
    return 0


def add_parsers(sub: argparse._SubParsersAction, add_data_args, add_reach_args) -> None:
    """The ``map``, ``deck`` and ``report`` subcommands."""
    p = sub.add_parser(
        "map",
        help=h("clih_map"),
        description=h("clid_map"),
    )
    add_data_args(p)
    add_reach_args(p)
    add_present_args(p)
    add_scenario_arg(p)
    p.add_argument("--view", choices=MAP_VIEWS, default="national", help=h("clih_map_view"))
    p.add_argument("--hub", nargs="+", action="extend", metavar="ID", help=h("clih_map_hub"))
    p.add_argument(
        "--indicator",
        choices=("clusters_present", "nearest_km", "clusters_missing", "nearest_min"),
        default="clusters_present",
        help=h("clih_map_indicator"),
    )
    p.add_argument("--format", choices=("png", "svg", "pdf"), default=None, help=h("clih_map_format"))
    p.add_argument("--size", choices=("slide", "a4"), default="slide", help=h("clih_map_size"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help=h("clih_out_required"))
    p.set_defaults(func=cmd_map, parser=p)

    p = sub.add_parser(
        "deck",
        help=h("clih_deck"),
        description=h("clid_deck"),
    )
    add_data_args(p)
    add_reach_args(p)
    add_present_args(p)
    add_scenario_arg(p)
    p.add_argument(
        "--hub",
        nargs="+",
        action="extend",
        metavar="ID",
        help=h("clih_deck_hub"),
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pptx", help=h("clih_out_required"))
    p.set_defaults(func=cmd_deck, parser=p)

    p = sub.add_parser(
        "report",
        help=h("clih_report"),
        description=h("clid_report"),
    )
    add_data_args(p)
    add_reach_args(p)
    add_present_args(p)
    p.add_argument("--hub", required=True, metavar="ID", help=h("clih_report_hub"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help=h("clih_out_required"))
    p.set_defaults(func=cmd_report, parser=p)
