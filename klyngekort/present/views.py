"""The figures behind a presentation view, computed as the pages and ``klyngekort coverage``
compute them: the clusters in force in the period (filtered by clusters and areas), their
presences and ties, and :func:`klyngekort.core.coverage.compute_coverage` on the municipalities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from klyngekort.core.coverage import CoverageParams, CoverageResult, compute_coverage, demand_for
from klyngekort.core.periods import Period
from klyngekort.core.presence import presences, ties_only
from klyngekort.core.selection import Selection, clusters_in_period
from klyngekort.present.mapview import LayerMemo

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from klyngekort.core.model import Dataset
    from klyngekort.geo.cache import GeoLayers


@dataclass(frozen=True)
class ViewRequest:
    """What a deck, a report or a map is made of: the filters of the pages."""

    period: Period
    clusters: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()  # the hubs to show (one slide each); empty: all
    include_unknown_status: bool = True
    params: CoverageParams = field(default_factory=CoverageParams)

    def selection(self, hub_id: str | None = None) -> Selection:
        """The pages' selection for this request, with ``hub_id`` in focus."""
        return Selection(
            period=self.period,
            clusters=self.clusters,
            areas=self.areas,
            hub_id=hub_id,
            include_unknown_status=self.include_unknown_status,
        )


_DEMAND = LayerMemo(8)


def demand(ds: Dataset, layers: GeoLayers) -> pd.DataFrame:
    """:func:`klyngekort.core.coverage.demand_for`, remembered per layer and dataset revision."""
    return _DEMAND.get(layers.municipalities, ds.revision, lambda: demand_for(ds, layers.municipalities))


def coverage_for(
    ds: Dataset,
    layers: GeoLayers,
    period: Period,
    *,
    clusters: Sequence[str] = (),
    areas: Sequence[str] = (),
    params: CoverageParams | None = None,
    include_unknown_status: bool = True,
) -> CoverageResult:
    """The coverage of a selection (the same steps as the coverage pages)."""
    cl = clusters_in_period(ds, period, include_unknown_status=include_unknown_status)
    if clusters:
        cl = cl[cl["cluster_id"].isin(list(clusters))]
    if areas:
        cl = cl[cl["area"].isin(list(areas))]
    pres = presences(ds, period, include_unknown_status=include_unknown_status)
    ties = ties_only(ds, period, include_unknown_status=include_unknown_status, presences_df=pres)
    return compute_coverage(demand(ds, layers), pres, cl, params or CoverageParams(), ties=ties, hubs=ds.hubs)


def request_coverage(ds: Dataset, layers: GeoLayers, req: ViewRequest) -> CoverageResult:
    return coverage_for(
        ds,
        layers,
        req.period,
        clusters=req.clusters,
        areas=req.areas,
        params=req.params,
        include_unknown_status=req.include_unknown_status,
    )
