"""``klyngekort plan``: where a cluster's next co-locations should go, as a table."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

from klyngekort.cli.common import (
    CliError,
    _check_clusters,
    _check_reach_args,
    _coverage_params,
    _err,
    _format_for,
    _ids,
    _load,
    _programme_notes,
    _write_out,
    _write_table,
    lang,
    say,
    text,
)

_PLAN_USAGE_FIELDS = {"cluster_id", "k", "target_share", "candidates", "extra_candidate_kommunekoder"}


def _plan_rows(outcome) -> pd.DataFrame:
    """The plan as one CSV row per recommended site, with the totals on every row (one row
    with empty site columns when no site is recommended)."""
    import pandas as pd

    d = _plan_dict(outcome)
    wn = outcome.input.weight_name
    summary = {
        f"covered_{wn}_before": d.get(f"covered_{wn}_before"),
        f"covered_{wn}_after": d.get(f"covered_{wn}_after"),
        "covered_share_before": d.get("covered_share_before"),
        "covered_share_after": d.get("covered_share_after"),
        f"total_{wn}": d.get(f"total_{wn}"),
        "solver_status": d.get("solver_status"),
    }
    cols = [
        "cluster_id",
        "rank",
        "site_id",
        "kind",
        "name",
        "kommunekode",
        f"{wn}_gain",
        "add_site",
        *summary,
    ]
    sites = outcome.sites_table()
    rows = [
        {
            "cluster_id": outcome.cluster_id,
            "rank": r["rank"],
            "site_id": r["candidate_id"],
            "kind": r["kind"],
            "name": r["name"],
            "kommunekode": r["kommunekode"],
            f"{wn}_gain": r[f"{wn}_gain"],
            "add_site": r["add_site"],
            **summary,
        }
        for r in sites.to_dict("records")
    ] or [{"cluster_id": outcome.cluster_id, **summary}]
    return pd.DataFrame(rows, columns=cols)


def _plan_dict(outcome) -> dict[str, Any]:
    """:meth:`PlanOutcome.to_dict` with the method, issues and explanation worded in this
    run's language."""
    from klyngekort.present.wording import describe_method

    d = outcome.to_dict()
    params = outcome.input.params
    worded: dict[str, Any] = {
        "method": describe_method(params, lang()) if params is not None else "",
        "issues": [text(i) for i in outcome.issues],
    }
    d = {**{k: d[k] for k in ("cluster_id", "period", "candidates")}, **worded, **d}
    if outcome.result is not None:
        d["explanation"] = " ".join(text(n) for n in outcome.result.notes)
    return d


def cmd_plan(args: argparse.Namespace) -> int:
    """The best K new co-location sites for a cluster, or the fewest for a target share."""
    from klyngekort.core.coverage import demand_for
    from klyngekort.planning.cluster import fewest_sites_for_cluster, plan_for_cluster
    from klyngekort.present.wording import describe_method

    if args.sites is not None and args.sites < 0:
        raise CliError("cli.sites_negative", 2, value=args.sites)
    if args.time_limit <= 0:
        raise CliError("cli.time_limit_not_positive", 2, value=args.time_limit)
    _check_reach_args(args)
    fmt = _format_for(args.format, args.out, ("json", "csv"))
    ds, layers = _load(args)
    assert layers is not None
    cluster_id = args.cluster.strip()
    _check_clusters(ds, [cluster_id])
    params = _coverage_params(args, ds)
    kw: dict[str, Any] = dict(
        period=args.period,
        candidates=args.candidates,
        extra_candidate_kommunekoder=_ids(args.add_candidate),
        demand=demand_for(ds, layers.municipalities),
        time_limit_s=args.time_limit,
    )
    if args.sites is not None:
        outcome = plan_for_cluster(ds, layers.municipalities, cluster_id, args.sites, params, **kw)
    else:
        target = None if args.target_share == "all" else args.target_share
        outcome = fewest_sites_for_cluster(ds, layers.municipalities, cluster_id, target, params, **kw)

    errors = [i for i in outcome.issues if i.severity == "error"]
    _err(*(i for i in outcome.issues if i.severity != "error"))
    if errors or outcome.result is None:
        _err(*errors)
        usage = any(i.field in _PLAN_USAGE_FIELDS for i in errors)
        raise CliError(
            "cli.no_plan", 2 if usage else 1, cluster=cluster_id, problems=[i.message for i in errors]
        )

    r = outcome.result
    _err(say("cli.method", method=describe_method(params, lang())))
    _err(*(say("cli.note", note=line) for line in _programme_notes(ds, args.period)))
    if r.notes:
        _err(" ".join(text(n) for n in r.notes))
    if fmt == "csv":
        _write_table(_plan_rows(outcome), "csv", args.out, "plan")
    else:
        _write_out(args.out, json.dumps(_plan_dict(outcome), ensure_ascii=False, indent=2) + "\n")
    if r.solver_status in ("infeasible", "not_solved"):
        _err(say("cli.solver_status", status=r.solver_status))
        return 1
    return 0
