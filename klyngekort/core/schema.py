"""The data model: one CSV file per entity, described column by column.

This module is the single description of the files in ``data/``. The loader
(:mod:`klyngekort.core.loading`), the validator (:mod:`klyngekort.core.validation`) and the
schema documentation in ``data/README.md`` all follow it.

Conventions (documented for the planners who maintain the files in Excel):

* UTF-8 (a BOM is accepted), comma separated, one header row.
* Municipality codes (``kommunekode``) are 4-digit strings: ``0101``.
* Dates are ISO 8601, at the precision the source gives: ``2021``, ``2022-03`` or
  ``2022-03-17``. An empty date means unknown (for ``valid_from``) or open-ended
  (for ``valid_to``).
* Coordinates are WGS84 decimal degrees with a decimal point.
* Empty means unknown. Never fill a blank with a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from klyngekort.core.periods import PROGRAMME_PERIODS


class ColumnType(StrEnum):
    TEXT = "text"
    ID = "id"  # letters, digits, '_' and '-'
    KOMMUNEKODE = "kommunekode"
    INT = "int"
    FLOAT = "float"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    DATE = "date"  # ISO 8601, reduced precision allowed
    URL = "url"
    ENUM = "enum"


CONFIDENCE = ("high", "medium", "low", "none")
#: How exact a point is: a street address, a town, or only the municipality (a point inside it).
COORD_PRECISIONS = ("address", "town", "municipality")
YES_NO_UNKNOWN = ("yes", "no", "unknown")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    allowed: tuple[str, ...] = ()
    description: str = ""
    references: str | None = None  # "<table>.<column>" foreign key


@dataclass(frozen=True)
class TableSchema:
    name: str  # table name, also the file stem: data/<name>.csv
    description: str
    columns: tuple[Column, ...]
    key: str | None = None  # unique id column
    unique_together: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _source_columns() -> tuple[Column, ...]:
    return (
        Column("source_url", ColumnType.URL, required=True, description="Where the fact comes from."),
        Column("source_url_2", ColumnType.URL, description="A second source, if any."),
        Column(
            "confidence",
            ColumnType.ENUM,
            required=True,
            allowed=CONFIDENCE,
            description="How sure the source is: high, medium, low (none for placeholders).",
        ),
        Column("notes", ColumnType.TEXT, description="Free text: what the source says, caveats."),
    )


def _coordinate_columns(required: bool) -> tuple[Column, ...]:
    return (
        Column("latitude", ColumnType.LATITUDE, required=required, description="WGS84 latitude."),
        Column("longitude", ColumnType.LONGITUDE, required=required, description="WGS84 longitude."),
        Column(
            "coord_precision",
            ColumnType.ENUM,
            required=required,
            allowed=COORD_PRECISIONS,
            description=(
                "address: geocoded street address; town: an approximate town point; "
                "municipality: only the municipality is known (a point inside it, needs kommunekode)."
            ),
        ),
        Column("coord_source", ColumnType.TEXT, description="Where the coordinates come from."),
    )


HUB_KINDS = ("head_office", "branch")
SITE_KINDS = ("headquarters", "local_office", "representation", "co_location")
TIE_KINDS = ("co_location", "cooperation_agreement", "administrative_cooperation")
CLUSTER_STATUS = ("active", "ceased", "unknown")
PROGRAMME_COUNTED_AS = ("appointed", "funded")

HUBS = TableSchema(
    name="hubs",
    description="The 6 erhvervshuse (head offices) and their branches (filialer).",
    key="hub_id",
    columns=(
        Column("hub_id", ColumnType.ID, required=True, description="Short id, e.g. EHMJ or EHMJ_HER."),
        Column("name", ColumnType.TEXT, required=True),
        Column("kind", ColumnType.ENUM, required=True, allowed=HUB_KINDS),
        Column(
            "parent_hub_id",
            ColumnType.ID,
            references="hubs.hub_id",
            description="For a branch: the erhvervshus it belongs to. Empty for a head office.",
        ),
        Column("address", ColumnType.TEXT, description="Street address where known."),
        Column("postcode", ColumnType.TEXT),
        Column("town", ColumnType.TEXT, required=True),
        Column("kommunekode", ColumnType.KOMMUNEKODE, required=True),
        Column("cvr", ColumnType.TEXT, description="CVR number (head offices)."),
        *_coordinate_columns(required=True),
        *_source_columns(),
    ),
)

HUB_AREAS = TableSchema(
    name="hub_areas",
    description="Which erhvervshus serves each of the 98 municipalities. Christiansø (0411) is outside the municipal division and has no row.",
    key="kommunekode",
    columns=(
        Column("kommunekode", ColumnType.KOMMUNEKODE, required=True),
        Column("kommune", ColumnType.TEXT, required=True, description="Municipality name."),
        Column("hub_id", ColumnType.ID, required=True, references="hubs.hub_id"),
        Column("region_code", ColumnType.TEXT),
        *_source_columns(),
    ),
)

CLUSTERS = TableSchema(
    name="clusters",
    description="The national cluster organisations with their programme periods.",
    key="cluster_id",
    columns=(
        Column("cluster_id", ColumnType.ID, required=True),
        Column("name", ColumnType.TEXT, required=True),
        Column("short_name", ColumnType.TEXT, description="Name for labels and legends."),
        Column("area", ColumnType.TEXT, required=True, description="Business or technology area."),
        Column(
            "area_type",
            ColumnType.TEXT,
            description="styrkeposition / spirende område, as the source words it.",
        ),
        Column(
            "period_2021_2024",
            ColumnType.ENUM,
            required=True,
            allowed=YES_NO_UNKNOWN,
            description="Appointed for the 2021–2024 programme.",
        ),
        Column("status_2021_2024", ColumnType.ENUM, required=True, allowed=CLUSTER_STATUS),
        Column("ceased", ColumnType.DATE, description="When the organisation ceased, if it did."),
        Column(
            "period_2025_2028",
            ColumnType.ENUM,
            required=True,
            allowed=YES_NO_UNKNOWN,
            description="Funded for the 2025–2028 programme.",
        ),
        Column("website", ColumnType.URL),
        *_source_columns(),
    ),
)

PROGRAMMES = TableSchema(
    name="programmes",
    description=(
        "The national cluster programme periods: how many cluster organisations each "
        "appointed or funded, as the source says (also when not all of them are known by name)."
    ),
    key="period",
    columns=(
        Column(
            "period",
            ColumnType.ENUM,
            required=True,
            allowed=tuple(PROGRAMME_PERIODS),
            description="The programme period.",
        ),
        Column("name", ColumnType.TEXT, description="The programme's name as the source gives it."),
        Column(
            "clusters_total",
            ColumnType.INT,
            description=(
                "How many cluster organisations the programme appointed or funded, per the source. "
                "Empty when unknown."
            ),
        ),
        Column(
            "counted_as",
            ColumnType.ENUM,
            required=True,
            allowed=PROGRAMME_COUNTED_AS,
            description="What the count counts: appointed (udpeget) or funded (fik bevilling).",
        ),
        *_source_columns(),
    ),
)

SITES = TableSchema(
    name="sites",
    description="Where each cluster is: headquarters, local offices, representations and co-locations in a hub.",
    key="site_id",
    columns=(
        Column("site_id", ColumnType.ID, required=True),
        Column("cluster_id", ColumnType.ID, required=True, references="clusters.cluster_id"),
        Column("kind", ColumnType.ENUM, required=True, allowed=SITE_KINDS),
        Column("town", ColumnType.TEXT, description="Town as the source gives it. Empty when unknown."),
        Column("address", ColumnType.TEXT),
        Column("kommunekode", ColumnType.KOMMUNEKODE, description="Empty when the town is unknown."),
        Column(
            "hub_id",
            ColumnType.ID,
            references="hubs.hub_id",
            description="The hub or branch it shares premises with (co_location), if any.",
        ),
        Column(
            "shared_with_hub",
            ColumnType.ENUM,
            required=True,
            allowed=YES_NO_UNKNOWN,
            description="Does a source say it shares premises with an erhvervshus?",
        ),
        Column("valid_from", ColumnType.DATE),
        Column("valid_to", ColumnType.DATE),
        Column("period_text", ColumnType.TEXT, description="The period as the source words it."),
        *_coordinate_columns(required=False),
        *_source_columns(),
    ),
)

TIES = TableSchema(
    name="ties",
    description=(
        "Hub–cluster ties: cooperation agreements (samarbejdsaftaler) and the elements of the "
        "framework agreement they cover."
    ),
    key="tie_id",
    columns=(
        Column("tie_id", ColumnType.ID, required=True),
        Column("hub_id", ColumnType.ID, required=True, references="hubs.hub_id"),
        Column("cluster_id", ColumnType.ID, required=True, references="clusters.cluster_id"),
        Column("kind", ColumnType.ENUM, required=True, allowed=TIE_KINDS),
        Column("co_location", ColumnType.ENUM, required=True, allowed=YES_NO_UNKNOWN),
        Column("seconded_staff", ColumnType.ENUM, required=True, allowed=YES_NO_UNKNOWN),
        Column("joint_events", ColumnType.ENUM, required=True, allowed=YES_NO_UNKNOWN),
        Column("admin_cooperation", ColumnType.ENUM, required=True, allowed=YES_NO_UNKNOWN),
        Column("valid_from", ColumnType.DATE),
        Column("valid_to", ColumnType.DATE),
        Column("period_text", ColumnType.TEXT),
        Column("description", ColumnType.TEXT),
        *_source_columns(),
    ),
)

SECONDMENTS = TableSchema(
    name="secondments",
    description="Seconded staff (indstationering): persons from a cluster placed at a hub or branch.",
    key="secondment_id",
    columns=(
        Column("secondment_id", ColumnType.ID, required=True),
        Column("cluster_id", ColumnType.ID, required=True, references="clusters.cluster_id"),
        Column("hub_id", ColumnType.ID, required=True, references="hubs.hub_id"),
        Column("persons", ColumnType.INT, required=True),
        Column("fte", ColumnType.FLOAT, description="Full-time equivalents, if known."),
        Column("valid_from", ColumnType.DATE),
        Column("valid_to", ColumnType.DATE),
        *_source_columns(),
    ),
)

POPULATION = TableSchema(
    name="population",
    description="Population per municipality on 1 January of each year (Statistics Denmark FOLK1A).",
    unique_together=("kommunekode", "year"),
    columns=(
        Column("kommunekode", ColumnType.KOMMUNEKODE, required=True),
        Column("year", ColumnType.INT, required=True),
        Column("population", ColumnType.INT, required=True),
        Column("source_url", ColumnType.URL, required=True),
        Column("confidence", ColumnType.ENUM, required=True, allowed=CONFIDENCE),
    ),
)

TABLES: tuple[TableSchema, ...] = (
    HUBS,
    HUB_AREAS,
    CLUSTERS,
    PROGRAMMES,
    SITES,
    TIES,
    SECONDMENTS,
    POPULATION,
)
TABLES_BY_NAME: dict[str, TableSchema] = {t.name: t for t in TABLES}
