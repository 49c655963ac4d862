"""One-off importer: researched reference facts -> the public dataset in ``data/``.

Reads the CSV files in ``../shared/reference`` (researched in November and
December 2026 from public sources; see the README there) and writes ``data/*.csv``
exactly in the column order of :mod:`klyngekort.core.schema`: UTF-8 without BOM,
comma separated, ``\\n`` line endings.

The facts that ``notes-2026-12.md`` gives only as prose (the 2025–28 count, the
Danish Sound Cluster office in the Copenhagen area, quotes on offices and ties, the
erhvervshus facts) are written out below under "Facts from the notes", each with
its source; where those notes differ from older files, the notes win.

The mapping is deliberately explicit: every period wording, kind and status the
reference files use is listed below, and an unexpected value stops the import
instead of being guessed. Nothing is filled in that the reference does not say;
a blank stays blank (unknown).

Usage (from the project root)::

    .venv/bin/python tools/import_reference.py [--reference ../shared/reference] [--out data]

The files in ``data/`` are the maintained copy. Planners edit them directly;
re-running this importer overwrites those edits, so run it only to rebuild the
dataset from the reference.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from klyngekort.core import schema  # noqa: E402  after the sys.path insert

DEFAULT_REFERENCE = PROJECT_ROOT.parent / "shared" / "reference"
DEFAULT_OUT = PROJECT_ROOT / "data"

# --- mappings ---------------------------------------------------------------

HUB_KIND = {"hovedkontor": "head_office", "filial": "branch"}
SITE_KIND = {"hovedsæde": "headquarters", "afdeling": "local_office", "repræsentation": "representation"}
TIE_KIND = {
    "samlokalisering": "co_location",
    "samarbejdsaftale": "cooperation_agreement",
    "administrativt_samarbejde": "administrative_cooperation",
}

#: Display labels (not facts): the names people use for the clusters.
SHORT_NAMES = {
    "CLEAN": "CLEAN",
    "ECD": "Energy Cluster Denmark",
    "FBCD": "Food & Bio Cluster",
    "MARLOG": "MARLOG",
    "DLSC": "Life Science Cluster",
    "WBD": "We Build Denmark",
    "MADE": "MADE",
    "DIGITALLEAD": "DigitalLead",
    "CPHFINTECH": "Copenhagen FinTech",
    "ODENSEROBOTICS": "Odense Robotics",
    "LDCLUSTER": "Lifestyle & Design",
    "DSC": "Danish Sound Cluster",
    "VISIONDK": "Vision Denmark",
    "CENSEC": "CenSec",
}

#: MARLOG: the board decided to petition for bankruptcy at an extraordinary board
#: meeting "sidst i marts" 2022; transportnyhederne.dk reported the organisation
#: closed on 20 April 2022. ``ceased`` records the month of that report.
CEASED = {"MARLOG": "2022-04"}
#: A remark about the researcher's own task list, not about the cluster: left out of the public notes.
DROPPED_NOTE = "This is one of the two clusters missing from the brief list."

CEASED_NOTE = {
    "MARLOG": (
        "Ceased: the board decided to petition for bankruptcy after an extraordinary board meeting "
        "in late March 2022; closure reported 20 Apr 2022. 'ceased' is the month of that report."
    )
}

#: Site period wordings -> (valid_from, valid_to, note). The wording itself is kept in period_text.
SITE_PERIODS: dict[str, tuple[str, str, str]] = {
    "2016- (national cluster 2021-)": ("2016", "", ""),
    "2020-": ("2020", "", ""),
    "2021-": ("2021", "", ""),
    "2021- (planned Oct 2020)": ("2021", "", ""),
    "2021-05-28-": ("2021-05-28", "", ""),
    "2021-2022 (ceased)": ("2021", "2022", ""),
    "2022-": ("2022", "", ""),
    "2022-03-17-": ("2022-03-17", "", ""),
    "c.2022-": ("2022", "", "Start year approximate (source wording 'c.2022-')."),
    "c.2021/22-": ("2021", "", "Start approximate: 2021 or 2022 (source wording 'c.2021/22-')."),
    "undated (c.2021-)": ("", "", "Start date unknown: the source is undated."),
    "planned, expected 2025": ("2025", "", ""),
}

#: Colocation rows whose start is worded rather than dated.
TIE_PERIODS: dict[str, tuple[str, str]] = {
    "c. 2021 (undated; 'about a year' after Oct 2020)": ("2021", "Start year approximate."),
}

#: The element flags of each documented tie. "unknown" unless a source states the element.
TIE_ELEMENTS: dict[str, dict[str, str]] = {
    # ECD at Vordingborg Erhverv "where Erhvervshus Sjælland is also represented".
    "CO01": {"co_location": "yes"},
    # Cooperation agreement; the source does not say which elements.
    "CO02": {},
    # "side om side med Erhvervshus Fyn i Munkebjerg Business Park": same park, same building not stated.
    "CO03": {"co_location": "unknown"},
    "CO04": {"admin_cooperation": "yes"},
    "CO05": {"admin_cooperation": "yes"},
    "CO06": {"admin_cooperation": "yes"},
    "CO07": {"admin_cooperation": "yes"},
    "CO08": {"admin_cooperation": "yes"},
    "CO09": {"admin_cooperation": "yes"},
}

#: A site whose source states shared premises with a hub presence: site kind co_location + that hub.
CO_LOCATED_SITES = {("ECD", "Vordingborg"): "EHSJ_VOR"}

POPULATION_YEARS = (2021, 2022, 2023)

# --- facts from the notes (notes-2026-12.md, prose only) ---------------------
# Each fact below is in the reference notes with its source; nothing is added that they
# do not say. Confidence, where the notes give none, is chosen as stated per fact.

DSC_NEWS = "https://danishsound.org/en-glaedelig-nyhed-for-dansk-lyd/"  # the notes give it without https://
CAMPUS_ODENSE_WBD = "https://www.campusodense.dk/om-aktoererne/we-build-denmark"
DLSC_EHFYN_PROJECT = "https://udviklingidanmark.erhvervsstyrelsen.dk/klyngeorganisation-bedre-sundhed"

#: Sites the notes add, in the reference's own format (cluster_offices.csv columns); each is
#: written after the last reference row of its cluster.
EXTRA_SITES: list[dict[str, str]] = [
    {
        # "HQ at Sound Hub Denmark in Struer, 'og vil også have kontorer i hovedstadsområdet'.
        # The Copenhagen-area office has no address." No town either: placed like the CLEAN
        # office in Region Sjælland (a row with no town, municipality or coordinates).
        # Confidence medium: the cluster's own statement of a plan; not confirmed as opened.
        "cluster_id": "DSC",
        "town": "Hovedstadsområdet (town not stated)",
        "address": "",
        "kommunekode": "",
        "kind": "afdeling",
        "shared_with_hub": "unknown",
        "period": "announced (undated)",
        "source_url": DSC_NEWS,
        "confidence": "medium",
        "shared_basis": "town not known",
        "hub_relation": "",
        "notes": (
            "Danish Sound Cluster has its HQ at Sound Hub Denmark in Struer "
            "'og vil også have kontorer i hovedstadsområdet' (offices, plural). "
            "No town or address is given, so the office is listed but not drawn on the map"
        ),
        "source_url_2": "",
        "latitude": "",
        "longitude": "",
        "coord_source": "",
    },
]

#: Period wordings of EXTRA_SITES (see SITE_PERIODS).
EXTRA_SITE_PERIODS: dict[str, tuple[str, str, str]] = {
    "announced (undated)": ("", "", "Start date unknown: the source announces the office and is undated."),
}

#: Text added to the notes of rows the reference already has: (table, id) -> text.
EXTRA_NOTES: dict[tuple[str, str], str] = {
    ("clusters", "CENSEC"): (
        "The agreement with FAD (part of DI) is a condition of the licence and in force from 1 Jan 2021"
    ),
    ("clusters", "MARLOG"): (
        "transportnyhederne.dk 20 Apr 2022: 'Beslutningen om at begære Marlog konkurs, blev truffet efter "
        "et ekstraordinært bestyrelsesmøde sidst i marts.' After MARLOG, DEB (28 Sep 2022, "
        "'175 mio. kr. skal hjælpe Danmarks klynger…', erhvervsfremmebestyrelsen.dk) counts "
        "'13 klynger, der holder til på 50 forskellige adresser'"
    ),
    ("clusters", "DLSC"): (
        "Joint project with Erhvervshus Fyn: 'Klyngeorganisation for bedre sundhed', 20 May 2019 to "
        f"30 Apr 2021; DLSC received the grant, S/I Erhvervshus Fyn was a partner ({DLSC_EHFYN_PROJECT}). "
        "A joint project, not a stated element of a cooperation agreement, so it is not counted as a tie"
    ),
    ("hubs", "EHFYN"): (
        "Joint project with Danish Life Science Cluster: 'Klyngeorganisation for bedre sundhed', "
        f"20 May 2019 to 30 Apr 2021; DLSC received the grant, S/I Erhvervshus Fyn was a partner "
        f"({DLSC_EHFYN_PROJECT}). A joint project, not an agreement element, so it is not counted as a tie"
    ),
    ("hubs", "EHHS_BOR"): "Bornholm has its own board; the set-up was unchanged as of Dec 2026",
    (
        "hubs",
        "EHMJ_HER",
    ): "Erhvervshus Midtjylland's statutes still name its filialer in Herning and Horsens (Dec 2026)",
    (
        "hubs",
        "EHMJ_HOR",
    ): "Erhvervshus Midtjylland's statutes still name its filialer in Herning and Horsens (Dec 2026)",
    (
        "sites",
        "DSC-STRUER",
    ): f"'og vil også have kontorer i hovedstadsområdet' ({DSC_NEWS}): see DSC-HOVEDSTADSOMRAADET",
    ("sites", "WBD-ALBERTSLUND"): (
        "10 Feb 2021 (sn.dk Albertslund Posten): 'hovedkvarter i Albertslund - i Kongsholmcentrets Bygning M "
        "sammen med Gate21'. A later, undated page (campusodense.dk) says WBD 'har som sådan ikke noget "
        "hovedsæde'. Kept as HQ from 2021; when it stopped being an HQ as such is unknown"
    ),
    ("sites", "ODENSEROBOTICS-ODENSE"): (
        "packm.dk: 'Sekretariatet etableres i Odense', with hubs in Aalborg, Aarhus, Copenhagen and Sønderborg"
    ),
    ("ties", "CO03"): (
        "Neighbouring premises in the same business park (Munkebjerg Business Park, Campus Odense), not "
        "stated as shared premises. Also on the page: 'de fynske kommuner valgt at understøtte byggeri og "
        "anlæg … gennem WE BUILD DENMARK' (see CO04)"
    ),
}

#: A second source the notes add to a row whose source_url_2 is empty: (table, id) -> URL.
EXTRA_SOURCE_2: dict[tuple[str, str], str] = {
    ("sites", "WBD-ALBERTSLUND"): CAMPUS_ODENSE_WBD,
}

#: The programme periods (programmes.csv): the count the sources give. Which clusters are
#: known by name is not repeated here; it is clusters.csv's period_2021_2024/period_2025_2028.
PROGRAMMES: list[dict[str, str]] = [
    {
        "period": "2021-2024",
        "name": "Innovationskraft: Danske klynger for viden og erhverv",
        "clusters_total": "14",
        "counted_as": "appointed",
        # notes-system.md: "The minister for higher education and science appointed 14 clusters on 1 Oct 2020".
        "source_url": (
            "https://ufm.dk/aktuelt/pressemeddelelser/2020/"
            "ministre-glaeder-sig-over-fordeling-af-viden-og-erhvervsklynger-i-hele-landet"
        ),
        # notes-2026-12.md: DI/FOS, 5 Oct 2020: "As one of the 14 clusters, CenSec has been appointed ..."
        "source_url_2": "https://www.danskindustri.dk/brancher/di-forsvar-og-sikkerhed/fos/archive/2020/10/klyngesamarbejde/",
        "confidence": "high",
        "notes": (
            "14 clusters appointed on 1 Oct 2020; work started 1 Jan 2021. All 14 are known by name "
            "(the 14th, CenSec, identified in December 2026). "
            "MARLOG ceased in spring 2022. After that DEB (28 Sep 2022) counts '13 klynger, der holder til "
            "på 50 forskellige adresser'; sites.csv lists fewer, so some addresses are unknown."
        ),
    },
    {
        "period": "2025-2028",
        "name": "Det danske klyngeprogram 2025-2028",
        "clusters_total": "11",
        "counted_as": "funded",
        "source_url": (
            "https://dfir.faellesweb.dk/english/dfirbriefs/2025/september/"
            "dfirbrief-55-the-new-cluster-programme-2025-2028"
        ),
        "source_url_2": "https://udviklingidanmark.erhvervsstyrelsen.dk/aabent-ansoegninger-til-klyngeprogram-2025-2028",
        "confidence": "high",
        "notes": (
            "DFIR brief 55 (Sep 2025): 'In spring 2025, DEB allocated a total of DKK 662 million to "
            "11 cluster organisations'. "
            "Confirmed by name: MADE (DEB grant page 'Klyngeprogram 25-28 – avanceret produktion – "
            "klyngebevilling') and Danish Sound Cluster ('for another 4 years'). The other 9 were not "
            "found, and no evidence of new clusters (water, quantum, a merged digital cluster) was found. "
            "The call of 15 May 2024: 'Udpegningen foretages af uddannelses- og forskningsministeren'. "
            "Money: UFS 360 mio. kr., DEB innovation grant 230 mio. kr., DEB base grant 130 mio. kr.; "
            "deadline 13 Aug 2024. "
            "DigitalLead's undated page still says 'I Danmark findes der 13 nationale klynger'."
        ),
    },
]

_URL = re.compile(r"^https?://\S+$")


# --- helpers ----------------------------------------------------------------


def read_reference(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def write_table(out_dir: Path, table: schema.TableSchema, rows: list[dict[str, str]]) -> Path:
    cols = table.column_names
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for row in rows:
        extra = set(row) - set(cols)
        if extra:
            raise ValueError(f"{table.name}: unexpected columns {sorted(extra)}")
        w.writerow([row.get(c, "") for c in cols])
    path = out_dir / table.filename
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def slug(text: str) -> str:
    """ASCII upper-case slug: 'Nykøbing Falster' -> 'NYKOEBING-FALSTER'."""
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "AE"), ("Ø", "OE"), ("Å", "AA")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").upper()


def join_notes(*parts: str) -> str:
    out = []
    for p in parts:
        p = p.strip()
        if p:
            out.append(p if p.endswith((".", "!", "?")) else p + ".")
    return " ".join(out)


def url_or_fail(value: str, where: str) -> str:
    if value and not _URL.match(value):
        raise ValueError(f"{where}: not a plain URL: {value!r}")
    return value


def first_word(value: str) -> str:
    return value.split(" ", 1)[0].split("(", 1)[0].strip()


def second_source(table: str, row_id: str, reference_value: str) -> str:
    """The row's source_url_2: the reference's, or the one the notes add (never both)."""
    extra = EXTRA_SOURCE_2.get((table, row_id), "")
    if extra and reference_value:
        raise ValueError(f"{table} {row_id}: source_url_2 is already {reference_value!r}")
    return extra or reference_value


def rest_after_first_word(value: str) -> str:
    """'yes (own announcement ...)' -> 'own announcement ...'."""
    m = re.match(r"^\w+\s*\((.*)\)\s*$", value)
    return m.group(1) if m else ""


# --- tables -----------------------------------------------------------------


def build_hubs(ref: Path) -> list[dict[str, str]]:
    rows = []
    for r in read_reference(ref / "hubs.csv"):
        kind = HUB_KIND[r["kind"]]
        parent = r["hub_id"].split("_", 1)[0] if kind == "branch" else ""
        rows.append(
            {
                "hub_id": r["hub_id"],
                "name": r["name"],
                "kind": kind,
                "parent_hub_id": parent,
                "address": r["street_address"],
                "postcode": r["postcode"],
                "town": r["town"],
                "kommunekode": r["kommunekode"],
                "cvr": r["cvr"],
                "latitude": r["latitude"],
                "longitude": r["longitude"],
                "coord_precision": "town",
                "coord_source": r["coord_source"],
                "source_url": url_or_fail(r["source_url"], r["hub_id"]),
                "source_url_2": url_or_fail(r["source_url_2"], r["hub_id"]),
                "confidence": r["confidence"],
                "notes": join_notes(r["notes"], EXTRA_NOTES.get(("hubs", r["hub_id"]), "")),
            }
        )
    return rows


def build_hub_areas(ref: Path) -> list[dict[str, str]]:
    rows = []
    for r in read_reference(ref / "hub_areas.csv"):
        if not r["erhvervshus_id"]:
            # 0411 Christiansø: outside the municipal division, no hub.
            assert r["kommunekode"] == "0411", r
            continue
        served = f"Served via: {r['served_via']}" if r["served_via"] else ""
        rows.append(
            {
                "kommunekode": r["kommunekode"],
                "kommune": r["kommune_name"],
                "hub_id": r["erhvervshus_id"],
                "region_code": r["region_code"],
                "source_url": url_or_fail(r["source_url"], r["kommunekode"]),
                "source_url_2": url_or_fail(r["source_url_2"], r["kommunekode"]),
                "confidence": r["confidence"],
                "notes": join_notes(f"Basis: {r['basis']}" if r["basis"] else "", served, r["notes"]),
            }
        )
    return rows


def build_clusters(ref: Path) -> list[dict[str, str]]:
    detail = {r["id"]: r for r in read_reference(ref / "clusters-detail-2021.csv")}
    rows = []
    for r in read_reference(ref / "clusters.csv"):
        cid = r["cluster_id"]
        if not r["name"]:
            raise ValueError(f"{cid}: a cluster row without a name")
        status_word = first_word(r["status_2021_2024"])
        status = {"active": "active", "ceased": "ceased"}.get(status_word, "unknown")
        p25 = first_word(r["period_2025_2028"])
        if p25 not in schema.YES_NO_UNKNOWN:
            raise ValueError(f"{cid}: period_2025_2028 {r['period_2025_2028']!r}")
        if first_word(r["appointed_2021_2024"]) != "yes":
            raise ValueError(f"{cid}: appointed_2021_2024 {r['appointed_2021_2024']!r}")
        website = r["website"]
        d = detail.get(cid, {})
        if not website and d.get("website", "") and _URL.match(d["website"]):
            website = d["website"]  # only a plain, unqualified URL (not "... (not verified)")
        status_detail = rest_after_first_word(r["status_2021_2024"])
        p25_detail = rest_after_first_word(r["period_2025_2028"])
        rows.append(
            {
                "cluster_id": cid,
                "name": r["name"],
                "short_name": SHORT_NAMES[cid],
                "area": r["area"],
                "area_type": r["area_type"],
                "period_2021_2024": "yes",
                "status_2021_2024": status,
                "ceased": CEASED.get(cid, ""),
                "period_2025_2028": p25,
                "website": url_or_fail(website, cid),
                "source_url": url_or_fail(r["source_url"], cid),
                "source_url_2": url_or_fail(r["source_url_2"], cid),
                "confidence": r["confidence"],
                "notes": join_notes(
                    f"HQ town per source: {r['hq_town']}" if r["hq_town"] else "",
                    f"Status 2021-24: {status_detail}" if status_detail and cid not in CEASED_NOTE else "",
                    CEASED_NOTE.get(cid, ""),
                    f"2025-28: {p25_detail}" if p25_detail else "",
                    r["notes"].replace(DROPPED_NOTE, "").strip(),
                    EXTRA_NOTES.get(("clusters", cid), ""),
                ),
            }
        )
    if sorted(r["cluster_id"] for r in rows) != sorted(SHORT_NAMES):
        raise ValueError("cluster list differs from SHORT_NAMES")
    return rows


def with_extra_sites(reference_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The reference's office rows with EXTRA_SITES, each after the last row of its cluster."""
    rows = list(reference_rows)
    for extra in EXTRA_SITES:
        last = max(i for i, r in enumerate(rows) if r["cluster_id"] == extra["cluster_id"])
        rows.insert(last + 1, extra)
    return rows


def build_sites(ref: Path) -> list[dict[str, str]]:
    rows = []
    seen: set[str] = set()
    periods = {**SITE_PERIODS, **EXTRA_SITE_PERIODS}
    for r in with_extra_sites(read_reference(ref / "cluster_offices.csv")):
        cid = r["cluster_id"]
        raw_town = r["town"]
        town_known = bool(r["kommunekode"])
        if town_known:
            town = raw_town.split(" (", 1)[0].strip()
            site_id = f"{cid}-{slug(town)}"
            place_note = f"Source wording of the place: {raw_town}" if town != raw_town else ""
        else:
            # "Region Sjælland (town not stated)": a real office whose town is unknown.
            town = ""
            site_id = f"{cid}-{slug(raw_town.split(' (', 1)[0])}"
            place_note = f"Place known only as: {raw_town}"
        if site_id in seen:
            raise ValueError(f"duplicate site id {site_id}")
        seen.add(site_id)
        kind = SITE_KIND[r["kind"]]
        hub_id = CO_LOCATED_SITES.get((cid, town), "")
        if hub_id:
            if r["shared_with_hub"] != "yes":
                raise ValueError(f"{site_id}: co-located site without shared_with_hub=yes")
            kind = "co_location"
        elif r["shared_with_hub"] == "yes":
            raise ValueError(f"{site_id}: shared_with_hub=yes but no hub mapped in CO_LOCATED_SITES")
        valid_from, valid_to, period_note = periods[r["period"]]
        has_coords = bool(r["latitude"] and r["longitude"])
        rows.append(
            {
                "site_id": site_id,
                "cluster_id": cid,
                "kind": kind,
                "town": town,
                "address": r["address"],
                "kommunekode": r["kommunekode"],
                "hub_id": hub_id,
                "shared_with_hub": r["shared_with_hub"],
                "valid_from": valid_from,
                "valid_to": valid_to,
                "period_text": r["period"],
                "latitude": r["latitude"],
                "longitude": r["longitude"],
                "coord_precision": "town" if has_coords else "",
                "coord_source": r["coord_source"] if has_coords else "",
                "source_url": url_or_fail(r["source_url"], site_id),
                "source_url_2": url_or_fail(second_source("sites", site_id, r["source_url_2"]), site_id),
                "confidence": r["confidence"],
                "notes": join_notes(
                    r["notes"],
                    place_note,
                    period_note,
                    f"Shared premises coded from: {r['shared_basis']}" if r["shared_basis"] else "",
                    f"Relation to hub: {r['hub_relation']}" if r["hub_relation"] else "",
                    EXTRA_NOTES.get(("sites", site_id), ""),
                ),
            }
        )
    return rows


def build_ties(ref: Path, clusters: list[dict[str, str]], hubs: list[dict[str, str]]) -> list[dict[str, str]]:
    names = {c["cluster_id"]: c["name"] for c in clusters}
    hub_names = {h["hub_id"]: h["name"] for h in hubs}
    rows = []
    for r in read_reference(ref / "colocations.csv"):
        tid = r["id"]
        elements = {
            "co_location": "unknown",
            "seconded_staff": "unknown",
            "joint_events": "unknown",
            "admin_cooperation": "unknown",
        }
        elements.update(TIE_ELEMENTS[tid])
        start, end = r["start_date"], r["end_date"]
        period_text, period_note = "", ""
        if start in TIE_PERIODS:
            period_text = start
            start, period_note = TIE_PERIODS[start]
        elif start and end:
            period_text = f"{start} to {end}"
        elif start:
            period_text = f"from {start}"
        for d in (start, end):
            if d and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", d):
                raise ValueError(f"{tid}: unmapped date {d!r}")
        cname = r["cluster_name"]
        rows.append(
            {
                "tie_id": tid,
                "hub_id": r["hub_id"],
                "cluster_id": r["cluster_id"],
                "kind": TIE_KIND[r["kind"]],
                **elements,
                "valid_from": start,
                "valid_to": end,
                "period_text": period_text,
                "description": r["description"],
                "source_url": url_or_fail(r["source_url"], tid),
                "source_url_2": url_or_fail(r["source_url_2"], tid),
                "confidence": r["confidence"],
                "notes": join_notes(
                    f"Place: {r['location_town']}" if r["location_town"] else "",
                    f"Hub as named in the source: {r['hub_name']}"
                    if r["hub_name"] != hub_names[r["hub_id"]]
                    else "",
                    f"Cluster as named in the source: {cname}"
                    if not names[r["cluster_id"]].startswith(cname)
                    else "",
                    f"Staff on site: {r['staff_count']}" if r["staff_count"] else "",
                    period_note,
                    "Coded as a co-location tie in the source table, but the same building is not stated, "
                    "so the co_location element is unknown"
                    if tid == "CO03"
                    else "",
                    EXTRA_NOTES.get(("ties", tid), ""),
                ),
            }
        )
    return rows


def build_programmes(clusters: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = []
    for r in PROGRAMMES:
        url_or_fail(r["source_url"], r["period"])
        url_or_fail(r["source_url_2"], r["period"])
        rows.append(dict(r))
    # The count the app shows ("11 funded, 2 of them known by name") must agree with the notes.
    known_2025 = {c["cluster_id"] for c in clusters if c["period_2025_2028"] == "yes"}
    if known_2025 != {"MADE", "DSC"}:
        raise ValueError(f"2025-28 clusters known by name: {sorted(known_2025)}; the notes name MADE and DSC")
    if len(clusters) != int(PROGRAMMES[0]["clusters_total"]):
        raise ValueError(f"{len(clusters)} clusters for 2021-24; the notes say all 14 are known")
    return rows


def check_extras_used(tables: dict[str, list[dict[str, str]]]) -> None:
    """Every note and source the notes add must land on a row (a renamed id fails here)."""
    keys = {"hubs": "hub_id", "clusters": "cluster_id", "sites": "site_id", "ties": "tie_id"}
    for table, row_id in [*EXTRA_NOTES, *EXTRA_SOURCE_2]:
        if row_id not in {r[keys[table]] for r in tables[table]}:
            raise ValueError(f"notes for {table} {row_id}: no such row")


def build_population(ref: Path) -> list[dict[str, str]]:
    rows = []
    for r in read_reference(ref / "population.csv"):
        # source_url_2 is "https://api.statbank.dk/... (DST FOLK1A, quarter K1 ...)": keep the URL part.
        dst_url = r["source_url_2"].split(" (", 1)[0]
        url_or_fail(dst_url, r["kommunekode"])
        for year in POPULATION_YEARS:
            rows.append(
                {
                    "kommunekode": r["kommunekode"],
                    "year": str(year),
                    "population": r[f"pop_{year}_01_01"],
                    "source_url": dst_url,
                    "confidence": r["confidence"],
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    ref, out = args.reference, args.out
    out.mkdir(parents=True, exist_ok=True)
    clusters = build_clusters(ref)
    hubs = build_hubs(ref)
    sites = build_sites(ref)
    ties = build_ties(ref, clusters, hubs)
    check_extras_used({"hubs": hubs, "clusters": clusters, "sites": sites, "ties": ties})
    tables = [
        (schema.HUBS, hubs),
        (schema.HUB_AREAS, build_hub_areas(ref)),
        (schema.CLUSTERS, clusters),
        (schema.PROGRAMMES, build_programmes(clusters)),
        (schema.SITES, sites),
        (schema.TIES, ties),
        (schema.SECONDMENTS, []),  # no public source on seconded staff
        (schema.POPULATION, build_population(ref)),
    ]
    for table, rows in tables:
        path = write_table(out, table, rows)
        print(f"{path}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
