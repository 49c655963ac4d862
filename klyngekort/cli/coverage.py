"""``klyngekort coverage``: the coverage figures of a selection as CSV or Excel, with what-if
sites (``--add-site CLUSTER@HUB``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

from klyngekort.cli.common import (
    TABLE_FORMATS,
    CliError,
    _check_clusters,
    _check_reach_args,
    _coverage_params,
    _err,
    _format_for,
    _ids,
    _load,
    _programme_notes,
    _write_table,
    lang,
    say,
    text,
)


def _method_sheet(rows: dict[str, object]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"item": list(rows), "value": ["" if v is None else str(v) for v in rows.values()]})


def cmd_coverage(args: argparse.Namespace) -> int:
    """Coverage indicators per municipality, hub area × cluster, cluster or gap."""
    from klyngekort.core.coverage import compute_coverage, demand_for
    from klyngekort.core.presence import presences, ties_only
    from klyngekort.core.selection import clusters_in_period
    from klyngekort.present.wording import describe_method

    fmt = _format_for(args.format, args.out, TABLE_FORMATS)
    if fmt == "xlsx" and args.out is None:
        raise CliError("cli.xlsx_needs_out", 2)
    _check_reach_args(args)
    cluster_ids = _ids(args.cluster)
    extra = list(dict.fromkeys(args.add_site or []))

    ds, layers = _load(args)
    assert layers is not None
    _check_clusters(ds, cluster_ids)
    params = _coverage_params(args, ds)
    period = args.period
    try:
        pres = presences(ds, period, extra=extra)
    except ValueError as exc:  # unknown cluster or hub in --add-site
        raise CliError(
            "cli.bad_add_site", 2, problem=exc.message if hasattr(exc, "message") else str(exc)
        ) from None

    in_period = clusters_in_period(ds, period, extra=extra)
    if cluster_ids:
        active = set(in_period["cluster_id"].astype(str))
        for c in cluster_ids:
            if c not in active:
                _err(say("cli.cluster_not_in_force", cluster=c, period=period.key))
        clusters = ds.clusters[ds.clusters["cluster_id"].astype(str).isin(cluster_ids)]
        for e in extra:
            if e.cluster_id not in cluster_ids:
                _err(say("cli.add_site_not_shown", site=str(e), cluster=e.cluster_id))
    else:
        clusters = in_period
    ties = ties_only(ds, period, extra=extra, presences_df=pres)
    result = compute_coverage(
        demand_for(ds, layers.municipalities), pres, clusters, params, ties=ties, hubs=ds.hubs
    )

    _err(say("cli.method", method=describe_method(params, lang())))
    programmes = _programme_notes(ds, period)
    for line in programmes:
        _err(say("cli.note", note=line))
    for e in extra:
        _err(say("cli.added_for_run", site=str(e)))
    for note in result.notes:
        _err(say("cli.note", note=note))

    table = {
        "municipality": result.municipalities,
        "hub": result.hub_matrix.long,
        "cluster": result.clusters,
        "gaps": result.gaps,
    }[args.by]
    meta = _method_sheet(
        {
            "method": describe_method(params, "en"),
            "metode": describe_method(params, "da"),
            "period": period.key,
            "programmes": " | ".join(programmes),
            "mode": params.mode,
            "criterion": params.criterion,
            "radius_km": params.radius_km,
            "minutes": params.minutes,
            "travel_times": args.travel_times,
            "added_sites": " ".join(str(e) for e in extra),
            "clusters": ";".join(result.core.cluster_ids),
            "dataset": f"{ds.label} ({ds.path})",
            "geodata": f"{layers.source} (sha256 {layers.source_hash})",
            "attribution": layers.attribution,
            "notes": " | ".join(text(n) for n in result.notes),
        }
    )
    _write_table(table, fmt, args.out, args.by, {"method": meta})
    return 0
