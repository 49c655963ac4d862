"""Danish (default) and English texts, and numbers in the reader's format.

The one localisation mechanism: every user-facing text is a key of :data:`TEXTS`, looked
up with :func:`t` in the reader's language. The messages the lower layers report as data
(codes and parameters) are keys too: their catalogue is :mod:`klyngekort.present.messages`,
merged in below, and :mod:`klyngekort.present.wording` words them.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from klyngekort.present.messages import MESSAGES

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
DEFAULT_LANG: Lang = "da"

#: Each language's name in itself, for the language switch.
LANG_NAMES: dict[str, str] = {"da": "Dansk", "en": "English"}

#: Per language: thousands separator, decimal mark, and what goes between a number and "%".
NUMBER_STYLE: dict[str, tuple[str, str, str]] = {"da": (".", ",", " "), "en": (",", ".", "")}

TEXTS: dict[str, dict[str, str]] = {
    # navigation and general
    "app_subtitle": {
        "da": "Klyngeorganisationernes tilstedeværelse set fra erhvervshusene",
        "en": "Cluster organisations' presence seen from the business hubs",
    },
    "busy": {
        "da": "Travlt – prøv igen. Mange bruger Klyngekort lige nu, og siden kunne ikke vises inden for {seconds} sekunder.",
        "en": "Busy – please try again. Many people are using Klyngekort right now, and the page could not be shown within {seconds} seconds.",
    },
    "busy_retry": {"da": "Prøv igen", "en": "Try again"},
    "page_map": {"da": "Danmarkskort", "en": "Map of Denmark"},
    "page_data": {"da": "Data og kilder", "en": "Data and sources"},
    "dataset": {"da": "Datasæt", "en": "Dataset"},
    "dataset_public": {"da": "Offentlige data", "en": "Public data"},
    "dataset_example": {"da": "Eksempeldata", "en": "Example data"},
    "example_banner": {
        "da": "Eksempeldata: samarbejdsaftaler, indstationeringer og samlokaliseringer markeret EKSEMPEL er opdigtede og kun til afprøvning.",
        "en": "Example data: agreements, secondments and co-locations marked EXAMPLE are invented, for trying the features only.",
    },
    "period": {"da": "Periode", "en": "Period"},
    "period_date": {"da": "En dato", "en": "A date"},
    # programme periods: the sources' count of clusters and how many are known by name
    "prog_line": {"da": "Klynger {period}: {text}.", "en": "Clusters {period}: {text}."},
    "prog_funded": {
        "da": "{total} fik bevilling, {known} af dem kendt ved navn",
        "en": "{total} funded, {known} of them known by name",
    },
    "prog_funded_all": {
        "da": "{total} fik bevilling, alle kendt ved navn",
        "en": "{total} funded, all known by name",
    },
    "prog_appointed": {
        "da": "{total} udpeget, {known} af dem kendt ved navn",
        "en": "{total} appointed, {known} of them known by name",
    },
    "prog_appointed_all": {
        "da": "{total} udpeget, alle kendt ved navn",
        "en": "{total} appointed, all known by name",
    },
    "prog_total_unknown": {
        "da": "antal ikke kendt, {known} kendt ved navn",
        "en": "number not known, {known} known by name",
    },
    "prog_rest_unknown": {
        "da": "De øvrige klyngers status i {period} er ukendt.",
        "en": "The other clusters' status in {period} is unknown.",
    },
    "prog_source": {"da": "Kilde: {source}", "en": "Source: {source}"},
    "f_as_of": {"da": "Pr.", "en": "As of"},
    "as_of_changed": {
        "da": "{date} (senest ændret eller indlæst)",
        "en": "{date} (last changed or imported)",
    },
    "history_link": {"da": "Historik", "en": "History"},
    "asof_toggle": {"da": "Vis data pr. en tidligere dato", "en": "Show the data as of a past date"},
    "asof_help": {
        "da": "Kort og tal viser data, som de stod ved dagens slutning, ud fra ændringshistorikken. "
        "Gælder kun denne side (linkets asof).",
        "en": "The map and figures show the data as it stood at the end of that day, from the change "
        "history. Applies to this page only (the link's asof).",
    },
    "asof_date": {"da": "Data pr.", "en": "Data as of"},
    "asof_now": {"da": "de nuværende data", "en": "the current data"},
    "asof_banner": {
        "da": "**Historiske data:** kortet og tallene viser data, som de stod pr. {date} (ved dagens "
        "slutning), ikke de nuværende.",
        "en": "**Historical data:** the map and figures show the data as it stood on {date} (at the end "
        "of the day), not the current data.",
    },
    "asof_back": {"da": "Vis de nuværende data", "en": "Show the current data"},
    "prog_mostly_unknown": {
        "da": "**De fleste klyngers status i {period} er ukendt.** Kortet kan ikke vise, hvilke klynger "
        "der har bevilling i perioden.",
        "en": "**Most clusters' status in {period} is unknown.** The map cannot show which clusters are "
        "funded in the period.",
    },
    "prog_show_known": {
        "da": "Vis {period} (seneste periode med kendte data)",
        "en": "Show {period} (latest period with known data)",
    },
    "date": {"da": "Dato", "en": "Date"},
    "include_unknown": {
        "da": "Medtag klynger med ukendt status i perioden",
        "en": "Include clusters whose status in the period is unknown",
    },
    "clusters": {"da": "Klynger", "en": "Clusters"},
    "areas": {"da": "Erhvervs- og teknologiområder", "en": "Business and technology areas"},
    "hub": {"da": "Erhvervshus", "en": "Business hub"},
    "all_country": {"da": "Hele landet", "en": "Whole country"},
    "layers": {"da": "Lag", "en": "Layers"},
    "layer_munis": {"da": "Kommuner efter erhvervshusområde", "en": "Municipalities by hub area"},
    "layer_hubs": {"da": "Erhvervshuse og filialer", "en": "Hubs and branches"},
    "layer_sites": {"da": "Klyngernes adresser", "en": "Cluster sites"},
    "layer_coloc": {"da": "Samlokaliseringer", "en": "Co-locations"},
    "layer_seconded": {"da": "Indstationerede medarbejdere", "en": "Seconded staff"},
    "color_by": {"da": "Farv klynger efter", "en": "Colour clusters by"},
    "color_by_cluster": {"da": "Klynge", "en": "Cluster"},
    "color_by_area": {"da": "Område", "en": "Area"},
    "basemap": {"da": "Baggrundskort", "en": "Basemap"},
    "basemap_none": {"da": "Intet (virker uden net)", "en": "None (works offline)"},
    "basemap_online_note": {
        "da": "Onlinekort hentes fra internettet og virker kun med netforbindelse.",
        "en": "Online basemaps are fetched from the internet and need a network.",
    },
    "filters": {"da": "Filtre", "en": "Filters"},
    # link values that could not be used (klyngekort.ui.state)
    "url_replaced": {
        "da": "Linket angav {param} = «{value}», som ikke kan bruges. Viser i stedet: {shown}.",
        "en": "The link gave {param} = “{value}”, which cannot be used. Showing instead: {shown}.",
    },
    "url_param_lang": {"da": "sprog", "en": "language"},
    "url_param_data": {"da": "datasæt", "en": "dataset"},
    "url_param_period": {"da": "periode", "en": "period"},
    "url_param_asof": {"da": "data pr. dato", "en": "data as of"},
    "url_param_unknown": {"da": "ukendt status", "en": "unknown status"},
    "url_param_clusters": {"da": "klynger", "en": "clusters"},
    "url_param_cluster": {"da": "klynge", "en": "cluster"},
    "url_param_areas": {"da": "områder", "en": "areas"},
    "url_param_hub": {"da": "erhvervshus", "en": "business hub"},
    "url_param_hubs": {"da": "erhvervshuse", "en": "business hubs"},
    "url_param_mode": {"da": "metode", "en": "method"},
    "url_param_crit": {"da": "rækkevidde i", "en": "reach in"},
    "url_param_radius": {"da": "radius", "en": "radius"},
    "url_param_min": {"da": "minutter", "en": "minutes"},
    "url_param_ind": {"da": "indikator", "en": "indicator"},
    "url_param_view": {"da": "visning", "en": "view"},
    "url_param_k": {"da": "antal placeringer", "en": "number of sites"},
    "url_param_cand": {"da": "kandidater", "en": "candidates"},
    "url_param_rec": {"da": "anbefaling", "en": "recommendation"},
    "url_param_target": {"da": "mål", "en": "target"},
    "url_param_extra": {"da": "ekstra kandidater", "en": "extra candidates"},
    # counts
    "n_hubs": {"da": "Erhvervshuse og filialer", "en": "Hubs and branches"},
    "n_clusters": {"da": "Klynger", "en": "Clusters"},
    "n_sites": {"da": "Klyngeadresser", "en": "Cluster sites"},
    "n_coloc": {"da": "Samlokaliseringer", "en": "Co-locations"},
    "n_seconded": {"da": "Indstationerede personer", "en": "Seconded persons"},
    "n_unplaced": {
        "da": "{n} klyngeadresse(r) med ukendt placering vises kun i tabellen.",
        "en": "{n} cluster site(s) with unknown location are listed in the table only.",
    },
    "empty_no_clusters": {
        "da": "Ingen klynger passer til filtrene i den valgte periode. Vælg en anden periode eller færre filtre.",
        "en": "No cluster matches the filters in the chosen period. Choose another period or fewer filters.",
    },
    "empty_unplaced": {
        "da": "Kortet viser ingen klyngeadresser: {names} har kun adresser med ukendt placering (de står i tabellen).",
        "en": "The map shows no cluster site: {names} only has sites of unknown location (listed in the table).",
    },
    "empty_no_sites": {
        "da": "{names} har ingen kendt tilstedeværelse i perioden.",
        "en": "{names} has no known presence in the period.",
    },
    "empty_what_to_do": {
        "da": "Vælg flere klynger, en anden periode eller Eksempeldata for at se noget på kortet.",
        "en": "Choose more clusters, another period or the example data to see something on the map.",
    },
    "table_on_map": {"da": "Det der vises på kortet", "en": "What is on the map"},
    "download_csv": {"da": "Hent som CSV", "en": "Download CSV"},
    "download_xlsx": {"da": "Hent som Excel", "en": "Download Excel"},
    "xl_about": {"da": "Om filen", "en": "About this file"},
    "xl_contents": {"da": "Indhold", "en": "Contents"},
    "xl_table": {"da": "Tabel", "en": "Table"},
    "xl_no_filters": {
        "da": "ingen (alle klynger og hele landet)",
        "en": "none (all clusters, whole country)",
    },
    "xl_sources": {"da": "Kilder", "en": "Sources"},
    "xl_sources_text": {
        "da": "Klyngekorts datasæt (kilde-URL på hver række; se siden Data og kilder); indbyggertal: "
        "Danmarks Statistik, FOLK1A; kommunegrænser: DAGI, Klimadatastyrelsen (CC BY 4.0).",
        "en": "Klyngekort's dataset (a source URL on every row; see the page Data and sources); population: "
        "Statistics Denmark, FOLK1A; municipal boundaries: DAGI, Klimadatastyrelsen (CC BY 4.0).",
    },
    "xl_program": {"da": "Lavet med", "en": "Made with"},
    "download_map_html": {
        "da": "Hent kortet som HTML (virker uden net)",
        "en": "Download the map as HTML (works offline)",
    },
    "legend": {"da": "Signaturforklaring", "en": "Legend"},
    # kinds
    "kind_head_office": {"da": "Erhvervshus (hovedkontor)", "en": "Business hub (head office)"},
    "kind_branch": {"da": "Filial", "en": "Branch"},
    "kind_headquarters": {"da": "Hovedsæde", "en": "Headquarters"},
    "kind_local_office": {"da": "Lokalkontor", "en": "Local office"},
    "kind_representation": {"da": "Repræsentation", "en": "Representation"},
    "kind_co_location": {"da": "Samlokalisering i erhvervshus", "en": "Co-location in a hub"},
    "kind_secondment": {"da": "Indstationering", "en": "Secondment"},
    "kind_cooperation_agreement": {"da": "Samarbejdsaftale", "en": "Cooperation agreement"},
    "kind_administrative_cooperation": {
        "da": "Administrativt samarbejde",
        "en": "Administrative cooperation",
    },
    # popup fields
    "f_kind": {"da": "Type", "en": "Kind"},
    "f_address": {"da": "Adresse", "en": "Address"},
    "f_town": {"da": "By", "en": "Town"},
    "f_period": {"da": "Periode", "en": "Period"},
    "f_source": {"da": "Kilde", "en": "Source"},
    "f_confidence": {"da": "Sikkerhed", "en": "Confidence"},
    "f_persons": {"da": "Personer", "en": "Persons"},
    "f_population": {"da": "Indbyggere", "en": "Population"},
    "f_hub": {"da": "Erhvervshus", "en": "Business hub"},
    "f_cluster": {"da": "Klynge", "en": "Cluster"},
    "f_kommune": {"da": "Kommune", "en": "Municipality"},
    "f_shared": {"da": "Deler lokaler med erhvervshus", "en": "Shares premises with a hub"},
    "town_level": {"da": "placering på byniveau", "en": "town-level location"},
    "municipality_level": {
        "da": "placering på kommuneniveau (et punkt i kommunen)",
        "en": "municipality-level location (a point inside the municipality)",
    },
    "unknown": {"da": "ukendt", "en": "unknown"},
    "yes": {"da": "ja", "en": "yes"},
    "no": {"da": "nej", "en": "no"},
    "conf_high": {"da": "høj", "en": "high"},
    "conf_medium": {"da": "middel", "en": "medium"},
    "conf_low": {"da": "lav", "en": "low"},
    "conf_none": {"da": "ingen (eksempel)", "en": "none (example)"},
    "example_row": {"da": "EKSEMPEL", "en": "EXAMPLE"},
    "outside_division": {"da": "uden for kommuneinddelingen", "en": "outside the municipal division"},
    # data problems
    "data_errors": {
        "da": "Data indeholder fejl. Kortet viser de seneste gyldige data. Ret fejlene herunder:",
        "en": "The data has errors. The map shows the last valid data. Fix the problems below:",
    },
    "data_errors_no_fallback": {
        "da": "Data indeholder fejl, og der er ingen tidligere gyldige data at vise. Ret fejlene herunder:",
        "en": "The data has errors and there is no earlier valid data to show. Fix the problems below:",
    },
    "data_warnings": {"da": "Advarsler i data ({n})", "en": "Data warnings ({n})"},
    "geodata_missing": {
        "da": "Kommunegrænserne (DAGI) mangler",
        "en": "The municipal boundaries (DAGI) are missing",
    },
    # general
    "all_placeholder": {"da": "Alle", "en": "All"},
    "fmt_datetime_utc": {"da": "%d.%m.%Y %H:%M UTC", "en": "%Y-%m-%d %H:%M UTC"},
    "unit_pp": {"da": "{value} %-point", "en": "{value} pp"},
    # the table under Danmarkskort (klyngekort.present.national_map.table_of_view)
    "map_col_type": {"da": "type", "en": "type"},
    "map_col_name": {"da": "navn", "en": "name"},
    "map_col_cluster": {"da": "klynge", "en": "cluster"},
    "map_col_hub": {"da": "erhvervshus", "en": "hub"},
    "map_col_town": {"da": "by", "en": "town"},
    "map_col_kommunekode": {"da": "kommunekode", "en": "kommunekode"},
    "map_col_period": {"da": "periode", "en": "period"},
    "map_col_persons": {"da": "personer", "en": "persons"},
    "map_col_location": {"da": "placering", "en": "location"},
    "map_col_confidence": {"da": "sikkerhed", "en": "confidence"},
    "map_col_as_of": {"da": "pr. (ændret/indlæst)", "en": "as of (changed/imported)"},
    "map_col_source": {"da": "kilde", "en": "source"},
    "map_col_source_text": {"da": "skrevet kilde", "en": "written source"},
    "map_col_example": {"da": "eksempel", "en": "example"},
    "map_col_id": {"da": "id", "en": "id"},
    # Data og kilder
    "data_status": {
        "da": "Mappe: `{folder}` · **{errors}** fejl · **{warnings}** advarsler. "
        "Samme kontrol som `klyngekort validate` på kommandolinjen.",
        "en": "Folder: `{folder}` · **{errors}** errors · **{warnings}** warnings. "
        "The same check as `klyngekort validate` on the command line.",
    },
    "data_no_problems": {"da": "Ingen problemer fundet.", "en": "No problems found."},
    "data_check_file": {"da": "Kontrollér en rettet fil", "en": "Check an edited file"},
    "data_check_file_help": {
        "da": "Upload en fil, du har rettet i Excel (fx sites.csv). Den kontrolleres sammen med resten af "
        "datasættet, men intet gemmes.",
        "en": "Upload a file you edited in Excel (e.g. sites.csv). It is checked together with the rest of "
        "the dataset; nothing is saved.",
    },
    "data_file_errors": {"da": "{name}: {n} fejl", "en": "{name}: {n} error(s)"},
    "data_file_warnings": {
        "da": "{name}: ingen fejl, men advarsler",
        "en": "{name}: no errors, but warnings",
    },
    "data_file_ok": {"da": "{name}: ingen problemer", "en": "{name}: no problems"},
    "data_table_rows": {"da": "{file} · {n} rækker", "en": "{file} · {n} rows"},
    "upload_help": {
        "da": "Vælg filen med knappen “Upload”, eller træk den hen på feltet. Knappens tekst og "
        "størrelsesgrænsen ved siden af er Streamlits egne og står på engelsk.",
        "en": "Choose the file with the “Upload” button, or drag it onto the field.",
    },
}


# --- coverage views: Dækning, Erhvervshus, Klynge, Sammenlign, Huller ---------------
_COVERAGE_TEXTS: dict[str, dict[str, str]] = {
    # what each data file holds (the Data page; the schema's own description is for developers)
    "schema_desc_hubs": {
        "da": "De 6 erhvervshuse (hovedkontorer) og deres filialer.",
        "en": "The 6 erhvervshuse (head offices) and their branches (filialer).",
    },
    "schema_desc_hub_areas": {
        "da": "Hvilket erhvervshus der betjener hver af de 98 kommuner. Christiansø (0411) ligger uden for "
        "den kommunale inddeling og har ingen række.",
        "en": "Which erhvervshus serves each of the 98 municipalities. Christiansø (0411) is outside the "
        "municipal division and has no row.",
    },
    "schema_desc_clusters": {
        "da": "De nationale klyngeorganisationer med deres programperioder.",
        "en": "The national cluster organisations with their programme periods.",
    },
    "schema_desc_programmes": {
        "da": "Programperioderne for de nationale klynger: hvor mange klyngeorganisationer hver udpegede "
        "eller gav bevilling, som kilden siger (også når ikke alle kendes ved navn).",
        "en": "The national cluster programme periods: how many cluster organisations each appointed or "
        "funded, as the source says (also when not all of them are known by name).",
    },
    "schema_desc_sites": {
        "da": "Hvor hver klynge er: hovedsæder, lokalkontorer, repræsentationer og samlokaliseringer i et "
        "erhvervshus.",
        "en": "Where each cluster is: headquarters, local offices, representations and co-locations in a hub.",
    },
    "schema_desc_ties": {
        "da": "Bånd mellem erhvervshus og klynge: samarbejdsaftaler og de elementer af rammeaftalen, de dækker.",
        "en": "Hub–cluster ties: cooperation agreements (samarbejdsaftaler) and the elements of the "
        "framework agreement they cover.",
    },
    "schema_desc_secondments": {
        "da": "Indstationering: personer fra en klynge, der sidder i et erhvervshus eller en filial.",
        "en": "Seconded staff (indstationering): persons from a cluster placed at a hub or branch.",
    },
    "schema_desc_population": {
        "da": "Folketal pr. kommune 1. januar hvert år (Danmarks Statistik FOLK1A).",
        "en": "Population per municipality on 1 January of each year (Statistics Denmark FOLK1A).",
    },
    "page_coverage": {"da": "Dækning", "en": "Coverage"},
    "page_hub": {"da": "Erhvervshus", "en": "Business hub"},
    "page_cluster": {"da": "Klynge", "en": "Cluster"},
    "page_compare": {"da": "Sammenlign", "en": "Compare"},
    "page_gaps": {"da": "Huller", "en": "Gaps"},
    "cov_caption_coverage": {
        "da": "Hvor langt er der til klyngerne, og hvor mangler de? Kommune for kommune.",
        "en": "How far away are the clusters, and where are they missing? Municipality by municipality.",
    },
    "cov_caption_hub": {
        "da": "Ét erhvervshus: hvilke klynger er til stede i området, hvilke mangler, og hvor mange bor der.",
        "en": "One business hub: which clusters are present in its area, which are missing, and how many people live there.",
    },
    "cov_caption_cluster": {
        "da": "Én klynge: hvor den er, og hvilke dele af landet den dækker.",
        "en": "One cluster: where it is, and which parts of the country it covers.",
    },
    "cov_caption_compare": {
        "da": "To eller flere erhvervshuse side om side.",
        "en": "Two or more business hubs side by side.",
    },
    "cov_caption_gaps": {
        "da": "Erhvervshusområde × klynge, ordnet efter antallet af indbyggere uden dækning.",
        "en": "Hub area × cluster, ranked by the number of people not covered.",
    },
    # sidebar
    "cov_settings": {"da": "Dækning", "en": "Coverage"},
    "cov_mode": {"da": "Dækket betyder", "en": "Covered means"},
    "cov_mode_distance": {"da": "Afstand", "en": "Distance"},
    "cov_mode_hub_area": {"da": "Erhvervshusområde", "en": "Hub area"},
    "cov_criterion": {"da": "Rækkevidde målt i", "en": "Reach measured in"},
    "cov_crit_km": {"da": "km i luftlinje", "en": "km, straight line"},
    "cov_crit_min": {"da": "rejsetid", "en": "travel time"},
    "cov_radius": {"da": "Radius (km)", "en": "Radius (km)"},
    "cov_minutes": {"da": "Rejsetid (minutter)", "en": "Travel time (minutes)"},
    "cov_tt_file": {"da": "Rejsetidstabel (CSV)", "en": "Travel-time table (CSV)"},
    "cov_tt_help": {
        "da": "Kolonnerne from_kommunekode, to_kommunekode, minutes, fx beregnet med OSRM.",
        "en": "Columns from_kommunekode, to_kommunekode, minutes, e.g. computed with OSRM.",
    },
    "cov_tt_needed": {
        "da": "Upload en rejsetidstabel for at måle i minutter. Indtil da bruges km i luftlinje.",
        "en": "Upload a travel-time table to measure in minutes. Until then, straight-line km are used.",
    },
    "cov_tt_errors": {
        "da": "Rejsetidstabellen har fejl og bruges ikke; km i luftlinje bruges i stedet:",
        "en": "The travel-time table has errors and is not used; straight-line km are used instead:",
    },
    "cov_tt_loaded": {
        "da": "Rejsetidstabel: {pairs} par mellem {n} kommuner.",
        "en": "Travel-time table: {pairs} pairs between {n} municipalities.",
    },
    "cov_indicator": {"da": "Kortet viser", "en": "The map shows"},
    "cov_ind_clusters_present": {"da": "Klynger inden for rækkevidde", "en": "Clusters within reach"},
    "cov_ind_clusters_missing": {"da": "Manglende klynger", "en": "Missing clusters"},
    "cov_ind_nearest_km": {"da": "Afstand til nærmeste klynge", "en": "Distance to the nearest cluster"},
    "cov_ind_nearest_min": {"da": "Rejsetid til nærmeste klynge", "en": "Travel time to the nearest cluster"},
    # map legend and tooltip
    "cov_reach_km": {"da": "inden for {r} km", "en": "within {r} km"},
    "cov_reach_min": {"da": "inden for {m} min", "en": "within {m} min"},
    "cov_reach_area": {"da": "i erhvervshusområdet", "en": "in the hub area"},
    "cov_legend_present": {"da": "Klynger {reach}", "en": "Clusters {reach}"},
    "cov_legend_missing": {"da": "Klynger ikke {reach}", "en": "Clusters not {reach}"},
    "cov_legend_nearest_km": {
        "da": "Nærmeste klynge, km i luftlinje",
        "en": "Nearest cluster, km in a straight line",
    },
    "cov_legend_nearest_min": {"da": "Nærmeste klynge, minutter", "en": "Nearest cluster, minutes"},
    "cov_gap": {"da": "Hul: ingen klynge {reach}", "en": "Gap: no cluster {reach}"},
    "cov_gap_one": {"da": "Hul: klyngen er ikke {reach}", "en": "Gap: the cluster is not {reach}"},
    "cov_no_presence": {"da": "Ingen kendt placering", "en": "No known location"},
    "cov_outside_focus": {"da": "Uden for området", "en": "Outside the area"},
    "cov_of": {"da": "{a} af {b}", "en": "{a} of {b}"},
    "cov_and_more": {"da": "og {n} flere", "en": "and {n} more"},
    "cov_nearest": {"da": "Nærmeste tilstedeværelse", "en": "Nearest presence"},
    "cov_missing": {"da": "Mangler", "en": "Missing"},
    "cov_no_fixed_link": {
        "da": "Ingen fast forbindelse: luftlinjen undervurderer rejsen",
        "en": "No fixed link: the straight line understates the trip",
    },
    "cov_islands_note": {
        "da": "Luftlinje: {names} har ingen fast forbindelse til fastlandet, så for dem undervurderer luftlinjen rejsen. De er markeret på kortet og i tabellen.",
        "en": "Straight line: {names} have no fixed link to the mainland, so for them the straight line understates the trip. They are marked on the map and in the table.",
    },
    "cov_presence_source_site": {"da": "Klyngens adresse", "en": "Cluster site"},
    "cov_presence_source_secondment": {"da": "Indstationering", "en": "Secondment"},
    "cov_presence_source_tie": {
        "da": "Aftale om samlokalisering/indstationering",
        "en": "Agreement on co-location/secondment",
    },
    "cov_presence_source_added": {"da": "Tilføjet (hvad nu hvis)", "en": "Added (what-if)"},
    # states
    "state_present": {"da": "Til stede i området", "en": "Present in the area"},
    "state_within_radius": {"da": "Inden for rækkevidde", "en": "Within reach"},
    "state_tie_only": {"da": "Kun samarbejde", "en": "Tie only"},
    "state_absent": {"da": "Fraværende", "en": "Absent"},
    # key figures
    "m_municipalities": {"da": "Kommuner", "en": "Municipalities"},
    "m_population": {"da": "Indbyggere", "en": "Population"},
    "m_present": {"da": "Klynger til stede", "en": "Clusters present"},
    "m_within": {"da": "Inden for rækkevidde", "en": "Within reach"},
    "m_tie_only": {"da": "Kun samarbejde", "en": "Tie only"},
    "m_absent": {"da": "Klynger fraværende", "en": "Clusters absent"},
    "m_ties": {"da": "Samarbejdsaftaler", "en": "Ties"},
    "m_ties_help": {
        "da": "Aftaler mellem erhvervshuset (eller en filial) og en klynge uden samlokalisering eller indstationering. Vises, men tæller ikke som dækning.",
        "en": "Agreements between the hub (or a branch) and a cluster without co-location or seconded staff. Shown, but not counted as coverage.",
    },
    "m_seconded": {"da": "Indstationerede personer", "en": "Seconded persons"},
    "m_pop_covered": {"da": "Indbyggere dækket", "en": "Population covered"},
    "m_share_covered": {"da": "Andel dækket", "en": "Share covered"},
    "m_presences": {"da": "Tilstedeværelser", "en": "Presences"},
    "m_munis_covered": {"da": "Kommuner dækket", "en": "Municipalities covered"},
    "m_munis_uncovered": {"da": "Kommuner uden dækning", "en": "Municipalities not covered"},
    "m_gap_munis": {"da": "Kommuner uden klynge", "en": "Gap municipalities"},
    "m_gap_pop": {"da": "Indbyggere i dem", "en": "People living there"},
    "m_gaps": {"da": "Huller (område × klynge)", "en": "Gaps (area × cluster)"},
    "m_largest_gap": {"da": "Største hul, indbyggere", "en": "Largest gap, people"},
    "m_mean_clusters": {"da": "Klynger pr. indbygger, gns.", "en": "Clusters per person, mean"},
    # headings
    "h_municipalities": {"da": "Kommunerne", "en": "The municipalities"},
    "h_hub_clusters": {"da": "Klyngerne i området", "en": "The clusters in the area"},
    "h_matrix": {"da": "Erhvervshus × klynge", "en": "Hub × cluster"},
    "h_chart_pop": {
        "da": "Indbyggere i området dækket pr. klynge",
        "en": "People in the area covered, per cluster",
    },
    "h_sites": {"da": "Klyngens tilstedeværelser", "en": "The cluster's presences"},
    "h_by_hub": {"da": "Dækning pr. erhvervshusområde", "en": "Coverage by hub area"},
    "h_uncovered": {"da": "Kommuner uden dækning", "en": "Municipalities not covered"},
    "h_gap_list": {"da": "Hullerne", "en": "The gaps"},
    "h_gap_chart": {"da": "De 15 største huller", "en": "The 15 largest gaps"},
    "h_key_figures": {"da": "Nøgletal", "en": "Key figures"},
    "h_states": {"da": "Klyngernes status i områderne", "en": "The clusters' state in the areas"},
    "h_compare_chart": {
        "da": "Andel af områdets indbyggere dækket pr. klynge",
        "en": "Share of the area's people covered, per cluster",
    },
    "h_compare_chart_table": {
        "da": "Andel af områdets indbyggere dækket pr. klynge (tabel)",
        "en": "Share of the area's people covered, per cluster (table)",
    },
    "chart_population_covered_k": {"da": "Indbyggere dækket (1.000)", "en": "Population covered (thousands)"},
    "chart_population_uncovered_k": {
        "da": "Indbyggere uden dækning (1.000)",
        "en": "People not covered (thousands)",
    },
    # pickers and notes
    "pick_cluster": {"da": "Klynge", "en": "Cluster"},
    "pick_hubs": {"da": "Erhvervshuse", "en": "Business hubs"},
    "pick_two": {"da": "Vælg mindst to erhvervshuse.", "en": "Pick at least two business hubs."},
    "cov_no_clusters": {"da": "Ingen klynger passer til filtrene.", "en": "No clusters match the filters."},
    "cov_no_gaps": {"da": "Ingen huller med de valgte indstillinger.", "en": "No gaps with these settings."},
    "cov_cluster_no_presence": {
        "da": "Klyngen har ingen kendt placering i perioden og dækker derfor ingen kommuner.",
        "en": "The cluster has no known location in the period, so it covers no municipality.",
    },
    "cov_cluster_out_of_period": {
        "da": "Klyngen er ikke med i den valgte periode.",
        "en": "The cluster is not part of the chosen period.",
    },
    "cov_location_unknown": {"da": "placering ukendt", "en": "location unknown"},
    # method
    "method": {"da": "Metode", "en": "Method"},
    "method_presence": {
        "da": "**Tilstedeværelse.** En klynge er til stede ved hver af sine adresser (hovedsæde, lokalkontor, repræsentation, samlokalisering i et erhvervshus) i adressens periode, og hvor den har indstationerede medarbejdere i et erhvervshus eller en filial; en aftale om samlokalisering eller indstationering tæller som tilstedeværelse ved erhvervshuset. En samarbejdsaftale uden samlokalisering eller indstationering er et samarbejde, ikke en fysisk tilstedeværelse: den vises, men tæller ikke som dækning. Adresser uden kendt placering tæller ikke.",
        "en": "**Presence.** A cluster is present at each of its sites (headquarters, local office, representation, co-location in a hub) during the site's period, and where it has seconded staff at a hub or branch; an agreement on co-location or secondment counts as a presence at the hub. An agreement with neither co-location nor seconded staff is a tie, not a physical presence: it is shown but not counted as coverage. Sites without a known location do not count.",
    },
    "method_demand": {
        "da": "**Efterspørgsel.** De 98 kommuner, hver i DAGI's visuelle midtpunkt, vægtet med befolkningen 1. januar {year} (Danmarks Statistik, FOLK1A). Christiansø ligger uden for kommuneinddelingen og er ikke med.",
        "en": "**Demand.** The 98 municipalities, each at DAGI's visual centre, weighted by the population on 1 January {year} (Statistics Denmark, FOLK1A). Christiansø is outside the municipal division and is left out.",
    },
    "method_indicators": {
        "da": "**Tal.** *Klynger inden for rækkevidde*: de valgte klynger, der dækker kommunen. *Nærmeste tilstedeværelse*: km i luftlinje til den nærmeste adresse af en af de valgte klynger. *Manglende klynger*: de valgte klynger, der ikke dækker kommunen. Indbyggere dækket er summen over de dækkede kommuner; andele er vægtet med befolkningen.",
        "en": "**Figures.** *Clusters within reach*: the selected clusters that cover the municipality. *Nearest presence*: straight-line km to the nearest site of a selected cluster. *Missing clusters*: the selected clusters that do not cover it. Population covered is the sum over the covered municipalities; shares are population-weighted.",
    },
    "method_matrix": {
        "da": "**Erhvervshus × klynge.** *Til stede i området*: klyngen har en tilstedeværelse i en af områdets kommuner. *Inden for rækkevidde*: ellers er den nærmeste tilstedeværelse inden for rækkevidden af mindst én af områdets kommuner. *Kun samarbejde*: ellers er der en samarbejdsaftale med erhvervshuset eller en filial. *Fraværende*: ingen af delene.",
        "en": "**Hub × cluster.** *Present in the area*: the cluster has a presence in one of the area's municipalities. *Within reach*: otherwise its nearest presence is within reach of at least one municipality of the area. *Tie only*: otherwise there is an agreement with the hub or one of its branches. *Absent*: none of these.",
    },
    "method_gaps": {
        "da": "**Huller.** Par af erhvervshusområde og klynge, hvor nogle af områdets kommuner ikke er dækket, ordnet efter antallet af indbyggere i de kommuner. Nærmeste tilstedeværelse er klyngens adresse tættest på en af de udækkede kommuner.",
        "en": "**Gaps.** Pairs of hub area and cluster where some of the area's municipalities are not covered, ranked by the number of people living in them. The nearest presence is the cluster's site closest to one of the uncovered municipalities.",
    },
    "method_classes": {
        "da": "**Kortet.** Klassegrænserne er naturlige brud (Fisher–Jenks, mapclassify) med højst {k} klasser; for hele tal findes bruddene blandt de forskellige værdier, og med få værdier får hver sin klasse. Kommuner, som ingen af de valgte klynger dækker, er skraverede med rød kant.",
        "en": "**The map.** Class breaks are natural breaks (Fisher–Jenks, mapclassify) with at most {k} classes; for whole numbers the breaks are found among the distinct values, and with few values each gets its own class. Municipalities that none of the selected clusters covers are hatched with a red outline.",
    },
    # table columns
    "col_kommune": {"da": "kommune", "en": "municipality"},
    "col_kommunekode": {"da": "kommunekode", "en": "kommunekode"},
    "col_hub": {"da": "erhvervshus", "en": "business hub"},
    "col_population": {"da": "indbyggere", "en": "population"},
    "col_clusters_present": {"da": "klynger dækker", "en": "clusters covering"},
    "col_clusters_missing": {"da": "klynger mangler", "en": "clusters missing"},
    "col_missing_clusters": {"da": "manglende klynger", "en": "missing clusters"},
    "col_nearest_km": {"da": "nærmeste, km", "en": "nearest, km"},
    "col_nearest_min": {"da": "nærmeste, minutter", "en": "nearest, minutes"},
    "col_nearest_presence": {"da": "nærmeste tilstedeværelse", "en": "nearest presence"},
    "col_no_fixed_link": {"da": "uden fast forbindelse", "en": "no fixed link"},
    "col_cluster": {"da": "klynge", "en": "cluster"},
    "col_cluster_id": {"da": "klynge-id", "en": "cluster id"},
    "col_state": {"da": "status", "en": "state"},
    "col_muni_state": {"da": "status", "en": "state"},
    "muni_covered": {"da": "Dækket", "en": "Covered"},
    "muni_gap": {"da": "Ikke dækket", "en": "Not covered"},
    "h_furthest": {"da": "Længst fra en klynge", "en": "Furthest from any cluster"},
    "col_presences_in_area": {"da": "tilstedeværelser i området", "en": "presences in the area"},
    "col_municipalities": {"da": "kommuner", "en": "municipalities"},
    "col_municipalities_covered": {"da": "kommuner dækket", "en": "municipalities covered"},
    "col_municipalities_uncovered": {"da": "kommuner uden dækning", "en": "municipalities not covered"},
    "col_uncovered_names": {
        "da": "kommuner uden dækning (navne)",
        "en": "municipalities not covered (names)",
    },
    "col_population_covered": {"da": "indbyggere dækket", "en": "population covered"},
    "col_population_covered_share": {"da": "andel dækket", "en": "share covered"},
    "col_population_uncovered": {"da": "indbyggere uden dækning", "en": "population not covered"},
    "col_population_uncovered_share": {
        "da": "andel af området uden dækning",
        "en": "share of the area not covered",
    },
    "col_rank": {"da": "nr.", "en": "rank"},
    "col_kind": {"da": "type", "en": "kind"},
    "col_town": {"da": "by", "en": "town"},
    "col_source": {"da": "grundlag", "en": "basis"},
    "col_persons": {"da": "personer", "en": "persons"},
    "col_id": {"da": "id", "en": "id"},
    "col_as_of": {"da": "pr. (ændret/indlæst)", "en": "as of (changed/imported)"},
    "col_sites": {"da": "tilstedeværelser", "en": "presences"},
    "col_ties": {"da": "samarbejdsaftaler", "en": "ties"},
    "col_seconded": {"da": "indstationerede personer", "en": "seconded persons"},
    "col_figure": {"da": "nøgletal", "en": "figure"},
}
TEXTS.update(_COVERAGE_TEXTS)


# --- planner: Planlægning – scenarios, before/after, recommendations ----------------
_PLANNER_TEXTS: dict[str, dict[str, str]] = {
    "page_planner": {"da": "Planlægning", "en": "Planning"},
    "pl_subtitle": {
        "da": "Hvad nu hvis? Scenarier oven på de nuværende data, før og efter side om side, og forslag til nye placeringer.",
        "en": "What if? Scenarios on top of the current data, before and after side by side, and suggested new sites.",
    },
    "pl_store_error": {
        "da": "Scenariedatabasen kan ikke bruges",
        "en": "The scenario database cannot be used",
    },
    "pl_author_you": {
        "da": "Dit navn (forfatter til nye scenarier)",
        "en": "Your name (author of new scenarios)",
    },
    "pl_view": {"da": "Visning", "en": "View"},
    "pl_view_scenario": {"da": "Scenarie", "en": "Scenario"},
    "pl_view_compare": {"da": "Før og efter", "en": "Before and after"},
    "pl_view_recommend": {"da": "Anbefalinger", "en": "Recommendations"},
    "pl_scenario": {"da": "Scenarie", "en": "Scenario"},
    "pl_choose_none": {"da": "– vælg et scenarie –", "en": "– choose a scenario –"},
    "pl_choose_first": {
        "da": "Vælg et scenarie ovenfor, opret et nyt eller lav et ud fra en anbefaling.",
        "en": "Choose a scenario above, create a new one or make one from a recommendation.",
    },
    "pl_not_found": {
        "da": "Scenariet '{id}' findes ikke (mere).",
        "en": "The scenario '{id}' does not exist (any more).",
    },
    "pl_n_changes": {"da": "{n} ændring(er)", "en": "{n} change(s)"},
    "pl_new_or_import": {"da": "Nyt scenarie eller import", "en": "New scenario or import"},
    "pl_new": {"da": "Nyt scenarie", "en": "New scenario"},
    "pl_name": {"da": "Navn", "en": "Name"},
    "pl_description": {"da": "Beskrivelse", "en": "Description"},
    "pl_create": {"da": "Opret", "en": "Create"},
    "pl_created": {"da": "Scenariet '{name}' er oprettet.", "en": "The scenario '{name}' was created."},
    "pl_import": {"da": "Importér fra JSON", "en": "Import from JSON"},
    "pl_import_file": {"da": "Scenariefil (.json)", "en": "Scenario file (.json)"},
    "pl_import_button": {"da": "Importér", "en": "Import"},
    "pl_import_failed": {
        "da": "Filen er ikke importeret: den har fejl. Intet er gemt. Ret fejlene herunder:",
        "en": "The file was not imported: it has errors. Nothing was saved. Fix the problems below:",
    },
    "pl_imported": {"da": "Scenariet '{name}' er importeret.", "en": "The scenario '{name}' was imported."},
    "pl_import_warnings": {"da": "Advarsler ved importen:", "en": "Warnings from the import:"},
    "pl_author": {"da": "Forfatter", "en": "Author"},
    "pl_created_at": {"da": "Oprettet", "en": "Created"},
    "pl_updated_at": {"da": "Opdateret", "en": "Updated"},
    "pl_version": {"da": "version", "en": "version"},
    "pl_read_only_badge": {"da": "Skrivebeskyttet", "en": "Read-only"},
    "pl_read_only": {"da": "Skrivebeskyttet", "en": "Read-only"},
    "pl_read_only_help": {
        "da": "Lås scenariet til præsentation: ingen kan ændre eller slette det, før låsen fjernes.",
        "en": "Lock the scenario for a presentation: nobody can change or delete it until it is unlocked.",
    },
    "pl_presentation": {"da": "Præsentation og eksport", "en": "Presentation and export"},
    "pl_locked": {"da": "Scenariet er skrivebeskyttet.", "en": "The scenario is read-only."},
    "pl_unlocked": {"da": "Skrivebeskyttelsen er fjernet.", "en": "The scenario can be edited again."},
    "pl_locked_info": {
        "da": "Skrivebeskyttet til præsentation. Fjern skrivebeskyttelsen nederst, eller lav en kopi for at ændre det.",
        "en": "Read-only for presentation. Unlock it below, or duplicate it to make changes.",
    },
    "pl_save_first": {
        "da": "Gem eller kassér dine ændringer først.",
        "en": "Save or discard your changes first.",
    },
    "pl_export": {"da": "Eksportér som JSON", "en": "Export as JSON"},
    "pl_export_saved_only": {
        "da": "Eksporten er den gemte udgave.",
        "en": "The export is the saved version.",
    },
    "pl_duplicate": {"da": "Kopiér", "en": "Duplicate"},
    "pl_new_name": {"da": "Navn på kopien", "en": "Name of the copy"},
    "pl_copy_of": {"da": "Kopi af {name}", "en": "Copy of {name}"},
    "pl_duplicate_button": {"da": "Lav en kopi", "en": "Duplicate"},
    "pl_duplicated": {"da": "Kopien '{name}' er oprettet.", "en": "The copy '{name}' was created."},
    "pl_delete": {"da": "Slet", "en": "Delete"},
    "pl_delete_confirm": {"da": "Ja, slet scenariet", "en": "Yes, delete the scenario"},
    "pl_delete_button": {"da": "Slet scenariet", "en": "Delete the scenario"},
    "pl_deleted": {"da": "Scenariet '{name}' er slettet.", "en": "The scenario '{name}' was deleted."},
    "pl_delete_locked": {
        "da": "Et skrivebeskyttet scenarie kan ikke slettes.",
        "en": "A read-only scenario cannot be deleted.",
    },
    "pl_changes": {"da": "Ændringer i forhold til de nuværende data", "en": "Changes to the current data"},
    "pl_no_changes": {"da": "Ingen ændringer endnu.", "en": "No changes yet."},
    "pl_remove": {"da": "Fjern", "en": "Remove"},
    "pl_add_change": {"da": "Tilføj en ændring", "en": "Add a change"},
    "pl_change_kind": {"da": "Type", "en": "Kind"},
    "pl_kind_add_co_location": {"da": "Samlokalisering", "en": "Co-location"},
    "pl_kind_add_secondment": {"da": "Indstationering", "en": "Secondment"},
    "pl_kind_remove_site": {"da": "Fjern en adresse", "en": "Remove a site"},
    "pl_kind_add_tie": {"da": "Samarbejde", "en": "Tie"},
    "pl_kind_municipality": {"da": "Kommunens midtpunkt", "en": "Municipality centre"},
    "pl_hub_or_branch": {"da": "Erhvervshus eller filial", "en": "Hub or branch"},
    "pl_site": {"da": "Adresse", "en": "Site"},
    "pl_valid_from": {"da": "Fra (valgfri)", "en": "From (optional)"},
    "pl_valid_from_help": {
        "da": "ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD; tom = fra starten.",
        "en": "YYYY, YYYY-MM or YYYY-MM-DD; empty = from the start.",
    },
    "pl_elem_co_location": {"da": "Samlokalisering", "en": "Co-location"},
    "pl_elem_seconded_staff": {"da": "Indstationering", "en": "Seconded staff"},
    "pl_elem_joint_events": {"da": "Fælles arrangementer", "en": "Joint events"},
    "pl_elem_admin_cooperation": {"da": "Administrativt samarbejde", "en": "Administrative cooperation"},
    "pl_add": {"da": "Tilføj", "en": "Add"},
    "pl_save": {"da": "Gem", "en": "Save"},
    "pl_discard": {"da": "Kassér ændringer", "en": "Discard changes"},
    "pl_unsaved": {"da": "Der er ændringer, som ikke er gemt.", "en": "There are unsaved changes."},
    "pl_saved": {"da": "Gemt (version {version}).", "en": "Saved (version {version})."},
    "pl_conflict": {
        "da": "Scenariet er ændret af en anden, siden du hentede det (version {stored}, du har version {mine}). "
        "Dine ændringer er ikke gemt, men de er ikke tabt: hent den nyeste udgave (dine ændringer kasseres), "
        "eller gem dine ændringer som et nyt scenarie.",
        "en": "The scenario was changed by someone else since you loaded it (version {stored}, you have version {mine}). "
        "Your changes are not saved, but they are not lost: load the latest version (your changes are discarded), "
        "or save your changes as a new scenario.",
    },
    "pl_reload": {"da": "Hent nyeste udgave", "en": "Load the latest version"},
    "pl_reloaded": {"da": "Den nyeste udgave er hentet.", "en": "The latest version was loaded."},
    "pl_newer_loaded": {
        "da": "En anden har gemt scenariet; den nyeste udgave (version {version}) er hentet.",
        "en": "Someone else saved the scenario; the latest version (version {version}) was loaded.",
    },
    "pl_save_as_copy": {
        "da": "Gem mine ændringer som nyt scenarie",
        "en": "Save my changes as a new scenario",
    },
    "pl_saved_copy": {
        "da": "Dine ændringer er gemt som '{name}'.",
        "en": "Your changes were saved as '{name}'.",
    },
    "pl_issues": {"da": "{n} fejl:", "en": "{n} error(s):"},
    "pl_scenario_errors": {
        "da": "{n} ændring(er) passer ikke til de valgte data og er sprunget over:",
        "en": "{n} change(s) do not fit the chosen data and were skipped:",
    },
    "pl_warnings": {"da": "Advarsler ({n})", "en": "Warnings ({n})"},
    # before / after
    "pl_compare_draft": {
        "da": "Viser scenariet med dine ikke gemte ændringer.",
        "en": "Showing the scenario with your unsaved changes.",
    },
    "pl_compare_empty": {
        "da": "Scenariet har ingen ændringer: før og efter er ens.",
        "en": "The scenario has no changes: before and after are the same.",
    },
    "pl_computing": {"da": "Beregner dækning …", "en": "Computing coverage …"},
    "pl_indicators": {"da": "Nøgletal før og efter", "en": "Indicators before and after"},
    "pl_before_was": {"da": "Før: {value}", "en": "Before: {value}"},
    "pl_delta": {"da": "Ændring pr. klynge", "en": "Change per cluster"},
    "pl_only_changed": {"da": "Kun klynger der ændres", "en": "Only clusters that change"},
    "pl_no_delta": {"da": "Ingen klynge ændrer dækning.", "en": "No cluster changes coverage."},
    "pl_maps": {"da": "Kort før og efter", "en": "Maps before and after"},
    "pl_map_focus": {"da": "Kortet viser", "en": "The map shows"},
    "pl_all_clusters": {"da": "Antal klynger inden for rækkevidde", "en": "Number of clusters within reach"},
    "pl_map_layout": {"da": "Kort", "en": "Maps"},
    "pl_layout_side": {"da": "Side om side", "en": "Side by side"},
    "pl_layout_before": {"da": "Før", "en": "Before"},
    "pl_layout_after": {"da": "Efter", "en": "After"},
    "pl_and_more": {"da": "og {n} flere", "en": "and {n} more"},
    "pl_changed_munis": {
        "da": "{n} kommune(r) med ændret dækning (rød kant)",
        "en": "{n} municipalit(y/ies) with changed coverage (red outline)",
    },
    "cmp_col_indicator": {"da": "Nøgletal", "en": "Indicator"},
    "cmp_col_before": {"da": "Før", "en": "Before"},
    "cmp_col_after": {"da": "Efter", "en": "After"},
    "cmp_col_delta": {"da": "Ændring", "en": "Change"},
    "cmp_ind_clusters": {"da": "Klynger i perioden", "en": "Clusters in the period"},
    "cmp_ind_presences": {"da": "Fysiske tilstedeværelser", "en": "Physical presences"},
    "cmp_ind_persons_seconded": {"da": "Indstationerede personer", "en": "Seconded persons"},
    "cmp_ind_mean_cluster_share": {
        "da": "Gns. befolkningsandel inden for rækkevidde pr. klynge",
        "en": "Mean population share within reach per cluster",
    },
    "cmp_ind_population_any_share": {
        "da": "Befolkning med mindst én klynge inden for rækkevidde",
        "en": "Population with at least one cluster within reach",
    },
    "cmp_ind_municipalities_any": {
        "da": "Kommuner med mindst én klynge",
        "en": "Municipalities with at least one cluster",
    },
    "cmp_ind_municipalities_none": {
        "da": "Kommuner uden nogen klynge",
        "en": "Municipalities without any cluster",
    },
    "cmp_ind_clusters_per_inhabitant": {
        "da": "Klynger inden for rækkevidde pr. indbygger (gns.)",
        "en": "Clusters within reach per inhabitant (mean)",
    },
    "cmp_ind_hub_pairs_present": {
        "da": "Erhvervshusområde × klynge: til stede",
        "en": "Hub area × cluster: present",
    },
    "cmp_ind_hub_pairs_absent": {
        "da": "Erhvervshusområde × klynge: fraværende",
        "en": "Hub area × cluster: absent",
    },
    "cmp_short_population_any_share": {"da": "Befolkning med en klynge", "en": "Population with a cluster"},
    "cmp_short_mean_cluster_share": {"da": "Gns. andel pr. klynge", "en": "Mean share per cluster"},
    "cmp_short_municipalities_none": {"da": "Kommuner uden klynge", "en": "Municipalities without"},
    "cmp_short_hub_pairs_present": {"da": "Område × klynge til stede", "en": "Area × cluster present"},
    "cmp_c_cluster": {"da": "Klynge", "en": "Cluster"},
    "cmp_c_presences": {"da": "Tilstedeværelser", "en": "Presences"},
    "cmp_c_pop_before": {"da": "Befolkning før", "en": "Population before"},
    "cmp_c_pop_after": {"da": "Befolkning efter", "en": "Population after"},
    "cmp_c_pop_new": {"da": "Nyt dækket", "en": "Newly covered"},
    "cmp_c_pop_lost": {"da": "Ikke længere dækket", "en": "No longer covered"},
    "cmp_c_share_before": {"da": "Andel før", "en": "Share before"},
    "cmp_c_share_after": {"da": "Andel efter", "en": "Share after"},
    "cmp_c_mun_new": {"da": "Nye kommuner", "en": "Municipalities gained"},
    "cmp_c_mun_new_names": {"da": "Nye kommuner (navne)", "en": "Municipalities gained (names)"},
    "cmp_c_mun_lost": {"da": "Tabte kommuner", "en": "Municipalities lost"},
    "cmp_c_mun_lost_names": {"da": "Tabte kommuner (navne)", "en": "Municipalities lost (names)"},
    "cmp_map_n_clusters": {
        "da": "Klynger inden for rækkevidde før → efter",
        "en": "Clusters within reach before → after",
    },
    "cmp_map_gained": {"da": "Får", "en": "Gains"},
    "cmp_map_lost": {"da": "Mister", "en": "Loses"},
    "cmp_map_added": {"da": "Tilføjet i scenariet", "en": "Added by the scenario"},
    "cmp_map_removed": {"da": "Fjernes i scenariet", "en": "Removed by the scenario"},
    "cmp_map_existing": {"da": "Nuværende placering", "en": "Present site"},
    "rec_map_proposed": {
        "da": "Foreslået placering (nr. = rækkefølge)",
        "en": "Proposed site (no. = order chosen)",
    },
    "rec_map_proposed_tip": {"da": "Forslag nr. {n}", "en": "Proposal no. {n}"},
    "rec_map_new_by": {"da": "Nyt dækket af forslag nr. {n}", "en": "Newly covered by proposal no. {n}"},
    "rec_map_covered_now": {"da": "Dækket i dag", "en": "Covered today"},
    "pl_rec_map": {"da": "Anbefalingen på kortet", "en": "The recommendation on the map"},
    "cmp_state_covered": {"da": "Dækket", "en": "Covered"},
    "cmp_state_new": {"da": "Nyt dækket", "en": "Newly covered"},
    "cmp_state_lost": {"da": "Ikke længere dækket", "en": "No longer covered"},
    "cmp_state_not": {"da": "Ikke dækket", "en": "Not covered"},
    "cmp_leg_title_count": {"da": "Klynger inden for rækkevidde", "en": "Clusters within reach"},
    "cmp_leg_changed": {"da": "Ændret i scenariet", "en": "Changed by the scenario"},
    # recommendations
    "pl_k": {"da": "Antal nye placeringer", "en": "Number of new sites"},
    "pl_candidates": {"da": "Kandidater", "en": "Candidates"},
    "pl_cand_hubs": {"da": "Erhvervshuse og filialer", "en": "Hubs and branches"},
    "pl_cand_all": {"da": "Også alle kommuners midtpunkter", "en": "Also every municipality's centre"},
    "pl_extra_candidates": {
        "da": "Ekstra kandidater: kommuner (midtpunkt)",
        "en": "Extra candidates: municipalities (centre)",
    },
    "pl_extra_placeholder": {"da": "Ingen", "en": "None"},
    "pl_run_best": {"da": "Find de {k} bedste placeringer", "en": "Find the {k} best sites"},
    "pl_run_fewest": {"da": "Færrest placeringer til målet", "en": "Fewest sites for the target"},
    "pl_target": {"da": "Mål: andel af befolkningen", "en": "Target: share of the population"},
    "pl_target_all": {"da": "Mål: alt der kan nås", "en": "Target: everything reachable"},
    "pl_target_all_short": {"da": "alt der kan nås", "en": "everything reachable"},
    "pl_solving": {"da": "Beregner anbefaling …", "en": "Computing the recommendation …"},
    "pl_step_problem": {
        "da": "Opbygger dækningsmatrix for {cluster} …",
        "en": "Building the coverage matrix for {cluster} …",
    },
    "pl_step_size": {
        "da": "{n} kommuner × {m} kandidater; løser med CBC (MCLP) …",
        "en": "{n} municipalities × {m} candidates; solving with CBC (MCLP) …",
    },
    "pl_step_solved": {"da": "Løst: {status} på {s} s.", "en": "Solved: {status} in {s} s."},
    "pl_solved": {"da": "Anbefalingen er beregnet", "en": "The recommendation is ready"},
    "pl_not_solved": {"da": "Ingen anbefaling", "en": "No recommendation"},
    "pl_rec_intro": {
        "da": "Vælg en klynge og hvor mange nye placeringer, og tryk på knappen. Klyngens nuværende placeringer ligger fast; "
        "der vælges blandt kandidaterne, så flest mulige indbyggere kommer inden for rækkevidde.",
        "en": "Choose a cluster and how many new sites, then press the button. The cluster's current presence stays fixed; "
        "the candidates are chosen to bring as many inhabitants as possible within reach.",
    },
    "pl_obj_best": {"da": "De {k} bedste nye placeringer", "en": "The {k} best new sites"},
    "pl_obj_fewest": {"da": "Færrest nye placeringer til {target}", "en": "Fewest new sites for {target}"},
    "pl_rec_title": {"da": "Anbefaling for {cluster}", "en": "Recommendation for {cluster}"},
    "pl_share_before": {"da": "Befolkning inden for rækkevidde før", "en": "Population within reach before"},
    "pl_share_after": {"da": "Efter", "en": "After"},
    "pl_pop_gain": {"da": "Flere indbyggere inden for rækkevidde", "en": "More inhabitants within reach"},
    "pl_solver_status": {"da": "Løserens status", "en": "Solver status"},
    "pl_solver_help": {"da": "Løst på {s} sekunder.", "en": "Solved in {s} seconds."},
    "pl_status_optimal": {"da": "Optimal", "en": "Optimal"},
    "pl_status_time_limit_feasible": {
        "da": "Tidsgrænse nået (ikke bevist optimal)",
        "en": "Time limit reached (not proven optimal)",
    },
    "pl_status_infeasible": {"da": "Kan ikke opfyldes", "en": "Infeasible"},
    "pl_status_not_solved": {"da": "Ikke løst", "en": "Not solved"},
    "pl_no_sites": {"da": "Ingen ny placering øger dækningen.", "en": "No new site increases the coverage."},
    "pl_col_site": {"da": "Placering", "en": "Site"},
    "pl_col_gain": {"da": "Egen tilføjet befolkning", "en": "Own added population"},
    "pl_col_share_after": {"da": "Andel efter (kumuleret)", "en": "Share after (cumulative)"},
    "pl_col_new_munis": {"da": "Nye kommuner", "en": "Municipalities gained"},
    "pl_explanations": {"da": "Forklaringer", "en": "Explanations"},
    "pl_unreachable": {
        "da": "{n} kommune(r) med i alt {pop} indbyggere ligger uden for rækkevidde af både de nuværende placeringer og alle kandidater, "
        "og kan ikke dækkes med dette valg af radius og kandidater:",
        "en": "{n} municipalit(y/ies) with {pop} inhabitants in all are beyond the reach of both the current presence and every candidate, "
        "and cannot be covered with this radius and these candidates:",
    },
    "pl_inhabitants": {"da": "indbyggere", "en": "inhabitants"},
    "pl_code": {"da": "Kode", "en": "Code"},
    "pl_unreachable_hint": {
        "da": "Vil du nå dem, så vælg “Også alle kommuners midtpunkter”, tilføj kommuner som ekstra kandidater eller øg radius.",
        "en": "To reach them, choose “Also every municipality's centre”, add municipalities as extra candidates or increase the radius.",
    },
    "pl_reason_k_zero": {
        "da": "Der blev ikke bedt om nogen nye placeringer.",
        "en": "No new sites were asked for.",
    },
    "pl_reason_no_useful_candidate": {
        "da": "Ingen kandidat dækker nogen, som ikke allerede er dækket.",
        "en": "No candidate covers anyone not already covered.",
    },
    "pl_reason_k_exceeds_useful": {
        "da": "Der er færre nyttige kandidater end det ønskede antal; alle nyttige er valgt.",
        "en": "There are fewer useful candidates than asked for; all useful ones are chosen.",
    },
    "pl_reason_sites_add_nothing": {
        "da": "Nogle placeringer ville ikke tilføje noget ud over de andre og er udeladt.",
        "en": "Some sites would add nothing beyond the others and are left out.",
    },
    "pl_reason_unreachable_demand": {
        "da": "Nogle kommuner kan ikke nås fra nogen kandidat (se listen).",
        "en": "Some municipalities cannot be reached from any candidate (see the list).",
    },
    "pl_reason_already_met": {
        "da": "Målet er allerede nået med de nuværende placeringer.",
        "en": "The target is already met by the current presence.",
    },
    "pl_reason_target_unreachable": {
        "da": "Målet er højere end det, der overhovedet kan nås med kandidaterne.",
        "en": "The target is above what can be reached with the candidates at all.",
    },
    "pl_reason_time_limit": {
        "da": "Løseren nåede tidsgrænsen; resultatet er gyldigt, men ikke bevist optimalt.",
        "en": "The solver hit the time limit; the result is valid but not proven optimal.",
    },
    "pl_reason_solver_not_solved": {
        "da": "Løseren fandt ingen løsning.",
        "en": "The solver found no solution.",
    },
    "pl_reason_solver_infeasible": {
        "da": "Løseren fandt, at opgaven ikke kan løses.",
        "en": "The solver found the problem infeasible.",
    },
    "pl_reason_brute_force": {
        "da": "Løst ved at prøve alle kombinationer.",
        "en": "Solved by trying every combination.",
    },
    "pl_make_scenario": {"da": "Lav scenarie", "en": "Make a scenario"},
    "pl_change_duplicate": {
        "da": "Den ændring står der allerede (nr. {n}). Et scenarie rummer hver ændring én gang, så intet tælles dobbelt.",
        "en": "That change is already there (no. {n}). A scenario holds each change once, so nothing is counted twice.",
    },
    "pl_change_same_as": {
        "da": "Samme ændring som nr. {n}: den tæller kun én gang.",
        "en": "The same change as no. {n}: it counts only once.",
    },
    "pl_overlap_data": {
        "da": "{cluster} er allerede samlokaliseret i {hub} i data. Ændringen tilføjer intet og tælles ikke med.",
        "en": "{cluster} is already co-located in {hub} in the data. The change adds nothing and is not counted.",
    },
    "pl_overlap_change": {
        "da": "{cluster} samlokaliseres allerede i {hub} med ændring nr. {n}. Denne ændring tilføjer intet og tælles ikke med.",
        "en": "{cluster} is already co-located in {hub} by change no. {n}. This change adds nothing and is not counted.",
    },
    "pl_rec_name": {
        "da": "Anbefaling: {cluster}, {n} placering(er), {radius} km",
        "en": "Recommendation: {cluster}, {n} site(s), {radius} km",
    },
    "pl_rec_desc": {
        "da": "{objective}. Periode {period}. Befolkning inden for rækkevidde: {before} før, {after} efter. Løser: {status}.",
        "en": "{objective}. Period {period}. Population within reach: {before} before, {after} after. Solver: {status}.",
    },
    "pl_rec_created": {
        "da": "Scenariet '{name}' er lavet ud fra anbefalingen.",
        "en": "The scenario '{name}' was made from the recommendation.",
    },
}
TEXTS.update(_PLANNER_TEXTS)
TEXTS.update(MESSAGES)


# --- geodata: fetching DAGI and where it came from -----------------------------------
_GEODATA_TEXTS: dict[str, dict[str, str]] = {
    "geodata_how_to": {
        "da": "Hent kommunegrænserne (DAGI kommuneinddeling fra Klimadatastyrelsen, CC BY 4.0) med "
        "`klyngekort geodata fetch`, eller start med `make run`, som henter dem første gang. Har du allerede "
        "en DAGI-fil (GeoJSON, GeoPackage eller Shapefile), så peg KLYNGEKORT_GEODATA på den.",
        "en": "Get the municipal boundaries (the DAGI municipal division from Klimadatastyrelsen, CC BY 4.0) "
        "with `klyngekort geodata fetch`, or start with `make run`, which fetches them on the first run. If "
        "you already have a DAGI file (GeoJSON, GeoPackage or Shapefile), point KLYNGEKORT_GEODATA at it.",
    },
    "geodata_first_run_fetch": {
        "da": "Klyngekort fandt ingen kommunegrænser (DAGI) i {looked} og henter dem én gang fra {source}.",
        "en": "Klyngekort found no municipal boundaries (DAGI) in {looked} and fetches them once from {source}.",
    },
    "geodata_first_run_failed": {
        "da": "Klyngekort mangler kommunegrænserne (DAGI) og kunne ikke hente dem fra {source}. Tjek "
        "netforbindelsen og kør `make run` igen, eller hent dem senere med `klyngekort geodata fetch` (en "
        "anden officiel kilde er `--source datafordeler` med en API-nøgle fra datafordeler.dk i "
        "KLYNGEKORT_DATAFORDELER_APIKEY; `--source URL` henter en GeoJSON-fil fra en adresse, du selv "
        "angiver). Har du allerede en DAGI-fil med kommuneinddelingen (GeoJSON, GeoPackage eller "
        "Shapefile), så læg den i {dest} eller peg KLYNGEKORT_GEODATA på den.",
        "en": "Klyngekort needs the municipal boundaries (DAGI) and could not download them from {source}. "
        "Check the network connection and run `make run` again, or fetch them later with `klyngekort geodata "
        "fetch` (another official source is `--source datafordeler` with an API key from datafordeler.dk in "
        "KLYNGEKORT_DATAFORDELER_APIKEY; `--source URL` downloads a GeoJSON file from an address you give). "
        "If you already have a DAGI municipal division file (GeoJSON, GeoPackage or Shapefile), put it in "
        "{dest} or point KLYNGEKORT_GEODATA at it.",
    },
    "geo_source": {"da": "Kilde: {title}", "en": "Source: {title}"},
    "geo_fetched": {
        "da": "Hentet {date} ({days} dage siden)",
        "en": "Fetched {date} ({days} days ago)",
    },
    "geo_licence": {"da": "Licens: {licence}, {publisher}", "en": "Licence: {licence}, {publisher}"},
    "geo_licence_assumed": {
        "da": "(antaget: kilden er angivet som en adresse og ikke kontrolleret)",
        "en": "(assumed: the source was given as an address and is not checked)",
    },
    "geo_counts": {
        "da": "{features} objekter · {municipalities} af 98 kommuner{outside} · {repaired} geometrier repareret · {crs}",
        "en": "{features} features · {municipalities} of 98 municipalities{outside} · {repaired} geometries repaired · {crs}",
    },
    "geo_outside": {
        "da": " + {codes} uden for kommuneinddelingen",
        "en": " + {codes} outside the municipal division",
    },
    "geo_stale": {
        "da": "Kommunegrænserne blev hentet {date}, for over et år siden. Hent de aktuelle med `klyngekort geodata fetch`.",
        "en": "The municipal boundaries were fetched {date}, more than a year ago. Get the current ones with `klyngekort geodata fetch`.",
    },
    "geo_no_provenance": {
        "da": "Der ligger ingen oprindelsesfil ved siden af denne fil, så hvor og hvornår den er hentet, er "
        "ukendt ud over kreditlinjen. `klyngekort geodata fetch` henter en kopi med oprindelsesfil.",
        "en": "There is no provenance file beside this file, so where and when it was fetched is unknown "
        "beyond the credit line. `klyngekort geodata fetch` fetches a copy with a provenance file.",
    },
    "geo_read_from": {
        "da": "Kommunegrænser læses fra `{path}` (KLYNGEKORT_GEODATA, ellers ../shared/geodata og så geodata/dagi).",
        "en": "Municipal boundaries are read from `{path}` (KLYNGEKORT_GEODATA, else ../shared/geodata, then geodata/dagi).",
    },
}
TEXTS.update(_GEODATA_TEXTS)


# --- static maps, slide deck, hub report and presentation mode ---
_PRESENT_TEXTS: dict[str, dict[str, str]] = {
    "static_source": {
        "da": "Kilde: DAGI (SDFI) · Klyngekort-data pr. {date} · placering på byniveau",
        "en": "Source: DAGI (SDFI) · Klyngekort data as of {date} · locations at town level",
    },
    "static_example_mark": {"da": "EKSEMPELDATA", "en": "EXAMPLE DATA"},
    "static_period": {"da": "Periode {period}", "en": "Period {period}"},
    "static_n_clusters": {"da": "{n} klynger", "en": "{n} clusters"},
    "static_gaps": {"da": "{n} kommuner uden klynge", "en": "{n} gap municipalities"},
    "static_changed": {"da": "{n} kommuner ændret", "en": "{n} municipalities changed"},
    "static_cluster_reach": {"da": "Dækket: {reach}", "en": "Covered: {reach}"},
    "static_title_national": {
        "da": "Klyngeorganisationernes tilstedeværelse",
        "en": "Where the cluster organisations are present",
    },
    "static_title_coverage": {"da": "Dækning: {what}", "en": "Coverage: {what}"},
    "static_title_hub": {"da": "{hub}: {what}", "en": "{hub}: {what}"},
    "static_title_cluster": {"da": "{cluster}: rækkevidde", "en": "{cluster}: reach"},
    "static_title_scenario": {"da": "Scenarie: {name}", "en": "Scenario: {name}"},
    "static_empty_clusters": {
        "da": "Ingen klynger i det valgte udsnit: der er intet at vise.",
        "en": "No clusters in the selection: there is nothing to show.",
    },
    "static_empty_scenario": {
        "da": "Scenariet har ingen ændringer endnu: før og efter er ens.",
        "en": "The scenario has no changes yet: before and after are the same.",
    },
    "legend_hub_areas": {"da": "Erhvervshusområder", "en": "Business hub areas"},
    "legend_symbols": {"da": "Signaturer", "en": "Symbols"},
    "legend_clusters": {"da": "Klynger", "en": "Clusters"},
    "legend_areas": {"da": "Erhvervs- og teknologiområder", "en": "Business and technology areas"},
    "deck_title": {
        "da": "Klyngeorganisationer og erhvervshuse",
        "en": "Cluster organisations and business hubs",
    },
    "deck_made": {"da": "Lavet med Klyngekort {date}", "en": "Made with Klyngekort on {date}"},
    "deck_covered": {"da": "dækket {reach}", "en": "covered {reach}"},
    "deck_none": {"da": "ingen", "en": "none"},
    "deck_and_more": {"da": "og {n} flere", "en": "and {n} more"},
    "deck_share_any": {
        "da": "Indbyggere med mindst én klynge inden for rækkevidde",
        "en": "People with at least one cluster within reach",
    },
    "deck_chart_gap_title": {"da": "De største huller", "en": "The largest gaps"},
    "deck_chart_gap_x": {"da": "Indbyggere uden dækning (1.000)", "en": "People not covered (thousands)"},
    "deck_alt_gap_chart": {
        "da": "Søjlediagram over de {n} største huller: indbyggere uden dækning pr. erhvervshusområde og klynge.",
        "en": "Bar chart of the {n} largest gaps: people not covered per hub area and cluster.",
    },
    "deck_gaps_title": {"da": "De {n} største huller", "en": "The {n} largest gaps"},
    "deck_hub_empty": {
        "da": "{hub} har ingen kommuner i data: der er intet at vise.",
        "en": "{hub} has no municipalities in the data: there is nothing to show.",
    },
    "deck_missing": {"da": "Klynger der mangler i området", "en": "Clusters missing from the area"},
    "deck_tie_only": {"da": "Kun samarbejdsaftale", "en": "Tie only"},
    "deck_alt_national": {
        "da": "Danmarkskort over klyngeorganisationernes tilstedeværelse: kommunerne farvet efter erhvervshusområde, erhvervshuse som firkanter og klyngernes adresser som symboler i klyngens farve.",
        "en": "Map of Denmark showing where the cluster organisations are present: municipalities coloured by hub area, hubs as squares and the clusters' sites as symbols in the cluster's colour.",
    },
    "deck_alt_coverage": {
        "da": "Danmarkskort over dækningen: kommunerne farvet efter antal klynger inden for rækkevidde; kommuner uden klynge er skraveret med rød kant.",
        "en": "Map of Denmark showing coverage: municipalities coloured by the number of clusters within reach; municipalities with none are hatched with a red outline.",
    },
    "deck_alt_hub_map": {
        "da": "Kort over {hub}s område: kommunerne farvet efter antal klynger inden for rækkevidde.",
        "en": "Map of the area of {hub}: municipalities coloured by the number of clusters within reach.",
    },
    "deck_alt_scenario": {
        "da": "To danmarkskort side om side, før og efter scenariet {name}; de {n} ændrede kommuner har rød kant.",
        "en": "Two maps of Denmark side by side, before and after the scenario {name}; the {n} changed municipalities have a red outline.",
    },
    "deck_delta_title": {
        "da": "Før og efter pr. klynge: {name}",
        "en": "Before and after per cluster: {name}",
    },
    "deck_before_after": {"da": "{before} før, {after} efter", "en": "{before} before, {after} after"},
    "deck_method_title": {"da": "Metode og kilder", "en": "Method and sources"},
    "deck_sources": {
        "da": "Kilder: kommunegrænser fra DAGI (Klimadatastyrelsen, tidl. SDFI), CC BY 4.0 ({attribution}); befolkning fra Danmarks Statistik, FOLK1A; klyngernes og erhvervshusenes adresser fra offentlige kilder, hver række med sin kilde og sikkerhed. Placeringer er på byniveau.",
        "en": "Sources: municipal boundaries from DAGI (Klimadatastyrelsen, formerly SDFI), CC BY 4.0 ({attribution}); population from Statistics Denmark, FOLK1A; the clusters' and hubs' addresses from public sources, each row with its source and confidence. Locations are at town level.",
    },
    "deck_notes_title": {"da": "Udsnit: {selection}.", "en": "Selection: {selection}."},
    "deck_notes_sources": {
        "da": "Alle tal kommer fra Klyngekort med de samme indstillinger som i appen; kilder og metode står på sidste side.",
        "en": "All figures come from Klyngekort with the same settings as in the app; sources and method are on the last slide.",
    },
    "deck_notes_national": {
        "da": "Kortet viser {clusters} klynger med {sites} adresser, heraf {coloc} samlokaliseringer, {hubs} erhvervshuse og filialer og {persons} indstationerede personer. {unplaced} adresser har ukendt placering og er ikke på kortet.",
        "en": "The map shows {clusters} clusters with {sites} sites, {coloc} of them co-locations, {hubs} hubs and branches and {persons} seconded persons. {unplaced} sites have an unknown location and are not on the map.",
    },
    "deck_notes_town_level": {
        "da": "Alle placeringer er omtrentlige bypunkter (placering på byniveau), ikke gadeadresser.",
        "en": "Every location is an approximate town point (town level), not a street address.",
    },
    "deck_notes_gaps": {
        "da": "Der er {total} huller i alt (par af erhvervshusområde og klynge med kommuner uden dækning).",
        "en": "There are {total} gaps in all (pairs of hub area and cluster with municipalities not covered).",
    },
    "deck_notes_gap_row": {
        "da": "Nr. {rank}: {hub} mangler {cluster}; {pop} indbyggere ({share}) er uden dækning; nærmeste tilstedeværelse er {near}, {km} km væk.",
        "en": "No. {rank}: {hub} lacks {cluster}; {pop} people ({share}) are not covered; the nearest presence is {near}, {km} km away.",
    },
    "deck_notes_present": {"da": "Til stede i området: {names}.", "en": "Present in the area: {names}."},
    "deck_notes_within": {"da": "Inden for rækkevidde: {names}.", "en": "Within reach: {names}."},
    "deck_notes_tie": {"da": "Kun samarbejdsaftale: {names}.", "en": "Tie only: {names}."},
    "deck_notes_absent": {"da": "Fraværende: {names}.", "en": "Absent: {names}."},
    "report_title": {"da": "{hub}: klynger i området", "en": "{hub}: clusters in the area"},
    "report_page": {"da": "Side {n} af {total}", "en": "Page {n} of {total}"},
    "report_clusters": {
        "da": "Klynger: til stede, inden for rækkevidde, kun samarbejde, fraværende",
        "en": "Clusters: present, within reach, tie only, absent",
    },
    "report_col_sites": {"da": "Adresser i området", "en": "Sites in the area"},
    "report_gaps": {"da": "Områdets største huller", "en": "The area's largest gaps"},
    "ui_download_image": {"da": "Hent billede (PNG/SVG/PDF)", "en": "Download image (PNG/SVG/PDF)"},
    "ui_image_format": {"da": "Format", "en": "Format"},
    "ui_image_size": {"da": "Størrelse", "en": "Size"},
    "ui_size_slide": {"da": "Dias (1920 × 1080)", "en": "Slide (1920 × 1080)"},
    "ui_size_a4": {"da": "A4, 300 dpi", "en": "A4, 300 dpi"},
    "ui_download_image_button": {"da": "Hent {fmt}", "en": "Download {fmt}"},
    "ui_download_deck": {"da": "Hent præsentation (PPTX)", "en": "Download presentation (PPTX)"},
    "ui_download_report": {"da": "Hent rapport (PDF)", "en": "Download report (PDF)"},
    "ui_present": {"da": "Præsentationstilstand", "en": "Presentation mode"},
    "ui_present_prev": {"da": "Forrige", "en": "Previous"},
    "ui_present_next": {"da": "Næste", "en": "Next"},
    "ui_present_exit": {"da": "Afslut", "en": "Exit"},
    "ui_present_step": {"da": "Visning {n} af {total}", "en": "View {n} of {total}"},
    "ui_present_keys": {"da": "piletasterne skifter visning", "en": "the arrow keys change the view"},
    "ui_present_drawing": {"da": "Tegner kortet …", "en": "Drawing the map …"},
    "ui_present_no_scenario": {
        "da": "Scenariet i linket findes ikke længere; dækningskortet vises i stedet.",
        "en": "The scenario in the link no longer exists; the coverage map is shown instead.",
    },
}
_PRESENT_TEXTS["date_format"] = {"da": "%d.%m.%Y", "en": "%d %b %Y"}  # strftime patterns
_PRESENT_TEXTS["locale_tag"] = {"da": "da-DK", "en": "en-GB"}  # the deck's document language
TEXTS.update(_PRESENT_TEXTS)


# The ``klyngekort`` command's --help: one key per description or help string (``clid_*`` a
# subcommand's description, ``clih_*`` a help line; written with klyngekort.cli.common.h), and
# argparse's own words (``argparse_*``; klyngekort.cli.common.ARGPARSE_TEXTS maps its msgids).
_CLI_TEXTS: dict[str, dict[str, str]] = {
    "clid_main": {
        "da": "Klyngekort: hvor de nationale klyngeorganisationer er til stede, set fra erhvervshusene. "
        "Tabeller går til stdout eller --out; beskeder og metoden til stderr. "
        "Afslutningskoder: 0 i orden, 1 fejl i data eller filer, 2 fejl i kommandoen.",
        "en": "Klyngekort: where the national cluster organisations are present, seen from the "
        "erhvervshuse. Tables go to stdout or --out; messages and the method to stderr. "
        "Exit codes: 0 ok, 1 errors in data or files, 2 usage errors.",
    },
    "clih_command": {"da": "underkommandoen", "en": "the subcommand"},
    "clih_lang": {
        "da": "sprog for tekster, beskeder og --help: da (standard) eller en; også $KLYNGEKORT_LANG",
        "en": "language of the texts, messages and --help: da (default) or en; also $KLYNGEKORT_LANG",
    },
    "clih_data": {
        "da": "mappen med datasættet (standard: lageret, $KLYNGEKORT_DATABASE_URL eller var/klyngekort.sqlite3, fyldt fra data/)",
        "en": "dataset folder (default: the store, $KLYNGEKORT_DATABASE_URL or var/klyngekort.sqlite3, seeded from data/)",
    },
    "clih_geodata": {
        "da": "DAGI-kommuner: en fil eller mappe (standard: $KLYNGEKORT_GEODATA eller ../shared/geodata)",
        "en": "DAGI municipalities: a file or folder (default: $KLYNGEKORT_GEODATA or ../shared/geodata)",
    },
    "clih_period": {
        "da": "programperiode eller en enkelt dag (standard: programperioden med dagens dato)",
        "en": "programme period or a single day (default: the programme period containing today)",
    },
    "clih_radius_km": {
        "da": "dækket inden for R km i lige linje (10–150, standard 40)",
        "en": "covered within R km in a straight line (10–150, default 40)",
    },
    "clih_minutes": {
        "da": "dækket inden for T minutter efter rejsetidstabellen (kræver --travel-times)",
        "en": "covered within T minutes by the travel-time table (needs --travel-times)",
    },
    "clih_travel_times": {
        "da": "CSV med from_kommunekode,to_kommunekode,minutes (fx beregnet med OSRM)",
        "en": "CSV from_kommunekode,to_kommunekode,minutes (e.g. computed with OSRM)",
    },
    "clih_mode": {
        "da": "distance: inden for R km eller T minutter; hub-area: til stede i kommunens erhvervshusområde",
        "en": "distance: within R km or T minutes; hub-area: present in the municipality's hub area",
    },
    "clih_cluster_filter": {
        "da": "kun disse klynger (standard: alle klynger, der gælder i perioden)",
        "en": "only these clusters (default: every cluster in force in the period)",
    },
    "clih_out": {"da": "skriv til FILE i stedet for stdout", "en": "write to FILE instead of stdout"},
    "clih_out_required": {"da": "filen, der skrives", "en": "the file to write"},
    "clih_validate": {
        "da": "tjek datafilerne; afslutningskode 1 ved fejl",
        "en": "check the data files; exit 1 on errors",
    },
    "clih_limits": {
        "da": "alle grænser for input med deres værdi og indstilling",
        "en": "every bound on input, with its value and setting",
    },
    "clih_geodata_cmd": {
        "da": "hent DAGI-kommunegrænserne, eller vis hvilken fil der bruges, og hvad den indeholder",
        "en": "fetch the DAGI municipal boundaries, or show which file is used and what it holds",
    },
    "clid_geodata": {
        "da": "Uden underkommando: det samme som `geodata info`.",
        "en": "Without a subcommand: the same as `geodata info`.",
    },
    "clih_geodata_file": {
        "da": "en DAGI-fil eller -mappe (standard: den indstillede placering, ../shared/geodata, geodata/dagi)",
        "en": "a DAGI file or folder (default: the configured location, ../shared/geodata, geodata/dagi)",
    },
    "clih_geodata_command": {"da": "info eller fetch", "en": "info or fetch"},
    "clih_geodata_info": {
        "da": "hvilken DAGI-fil der bruges, hvor den kom fra, dens dato og antal (advarer når den er over et år gammel)",
        "en": "which DAGI file is used, where it came from, its date and counts (warns when over a year old)",
    },
    "clih_geodata_fetch": {
        "da": "hent DAGI fra en officiel kilde til geodata/dagi, tjek den, skriv dens oprindelse",
        "en": "download DAGI from an official source into geodata/dagi, check it, write its provenance",
    },
    "clid_geodata_fetch": {
        "da": "Hent DAGI-kommuneinddelingen som GeoJSON, tjek den (98 kommuner med 4-cifrede koder, et kendt "
        "CRS, gyldige eller reparerbare geometrier) og læg den først derefter på plads med en "
        "oprindelsesfil ved siden af. En download, der ikke består tjekket, ændrer intet. "
        "Afslutningskode 1 når intet blev hentet, 2 ved en ukendt kilde eller en manglende API-nøgle.",
        "en": "Download the DAGI municipal division as GeoJSON, check it (98 municipalities with "
        "4-digit codes, a known CRS, valid or repairable geometries) and only then put it in place, with "
        "a provenance file beside it. A download that fails the checks changes nothing. "
        "Exit 1 when nothing was fetched, 2 for an unknown source or a missing API key.",
    },
    "clih_fetch_source": {
        "da": "dawa (standard: Dataforsyningen, DAWA /kommuner), datafordeler (DAGI WFS; kræver en API-nøgle i "
        "KLYNGEKORT_DATAFORDELER_APIKEY) eller en http(s)-URL til en GeoJSON-fil; "
        "standard fra KLYNGEKORT_GEODATA_SOURCE eller [geodata] source i klyngekort.toml",
        "en": "dawa (default: Dataforsyningen, DAWA /kommuner), datafordeler (DAGI WFS; needs an API key in "
        "KLYNGEKORT_DATAFORDELER_APIKEY) or an http(s) URL of a GeoJSON file; "
        "default from KLYNGEKORT_GEODATA_SOURCE or [geodata] source in klyngekort.toml",
    },
    "clih_fetch_dest": {
        "da": "hvor den skal ligge (standard geodata/dagi)",
        "en": "where to put it (default geodata/dagi)",
    },
    "clih_fetch_timeout": {
        "da": "opgiv et forsøg efter S sekunder uden data (standard 30)",
        "en": "give up an attempt after S seconds without data (default 30)",
    },
    "clih_fetch_attempts": {
        "da": "antal forsøg før der gives op (standard 3)",
        "en": "tries before giving up (default 3)",
    },
    "clih_coverage": {
        "da": "dækning pr. kommune, erhvervshusområde × klynge, klynge eller hul",
        "en": "coverage per municipality, hub area × cluster, cluster or gap",
    },
    "clid_coverage": {
        "da": "Hvilke klynger dækker hver kommune (inden for R km, T minutter eller erhvervshusområdet). "
        "Tabellen går til stdout (csv, json) eller --out; metoden skrives til stderr.",
        "en": "Which clusters cover each municipality (within R km, T minutes or the hub area). "
        "The table goes to stdout (csv, json) or --out; the method is printed to stderr.",
    },
    "clih_coverage_by": {
        "da": "municipality (standard), hub (erhvervshusområde × klyngernes tilstand), cluster eller gaps (rangordnede huller)",
        "en": "municipality (default), hub (hub area × cluster states), cluster, or gaps (ranked)",
    },
    "clih_coverage_add_site": {
        "da": "hvad nu hvis: klyngen til stede ved et eksisterende erhvervshus eller en filial, kun i denne kørsel",
        "en": "what-if: a presence of the cluster at an existing hub or branch, for this run only",
    },
    "clih_coverage_format": {
        "da": "csv (standard; efter --outs endelse når den er givet), json (poster) eller xlsx (kræver --out)",
        "en": "csv (default; from --out's suffix when given), json (records) or xlsx (needs --out)",
    },
    "clih_plan": {
        "da": "foreslå nye samlokaliseringssteder for en klynge",
        "en": "recommend new co-location sites for a cluster",
    },
    "clid_plan": {
        "da": "De bedste K nye steder for en klynge (størst dækket befolkning), eller de færreste steder, der "
        "når en målandel. Klyngens nuværende tilstedeværelse ligger fast. Afslutningskode 1 når målet "
        "ikke kan nås, eller løseren ikke fandt en løsning (udskriften forklarer hvorfor).",
        "en": "The best K new sites for a cluster (maximum population covered), or the fewest sites "
        "to reach a target share. The cluster's current presence stays fixed. Exit 1 when the "
        "target cannot be met or the solver found no solution (the output explains why).",
    },
    "clih_plan_cluster": {"da": "klyngen, der planlægges for", "en": "the cluster to plan for"},
    "clih_plan_sites": {"da": "antallet af nye steder", "en": "the number of new sites"},
    "clih_plan_target_share": {
        "da": "de færreste steder, der dækker andelen X af befolkningen (0,8, 80 % eller 'all' for alt nåbart)",
        "en": "the fewest sites to cover share X of the population (0.8, 80% or 'all' reachable)",
    },
    "clih_plan_candidates": {
        "da": "hubs: erhvervshuse og filialer (standard); all: også hver kommunes centrum",
        "en": "hubs: head offices and branches (default); all: also every municipality's centre",
    },
    "clih_plan_add_candidate": {
        "da": "overvej også disse kommuners centrum som kandidater",
        "en": "also consider these municipalities' centres as candidates",
    },
    "clih_plan_time_limit": {
        "da": "løserens tidsgrænse i sekunder (standard 30)",
        "en": "solver time limit in seconds (default 30)",
    },
    "clih_plan_format": {"da": "json (standard) eller csv", "en": "json (default) or csv"},
    "clih_map": {
        "da": "et statisk kort (PNG, SVG eller PDF) af én visning i dias- eller A4-størrelse",
        "en": "a static map (PNG, SVG or PDF) of one view, slide or A4 size",
    },
    "clid_map": {
        "da": "Et kort i trykkvalitet af én visning med titel, signaturforklaring, målestok, Bornholm-indsæt, "
        "kildelinje og (for eksempeldata) mærket EKSEMPELDATA. Intet hentes fra nettet.",
        "en": "A print-quality map of one view with title, legend, scale bar, Bornholm inset, "
        "source line and (for example data) the EKSEMPELDATA mark. Nothing is downloaded.",
    },
    "clih_present_area": {
        "da": "kun klynger inden for disse erhvervs- og teknologiområder",
        "en": "only clusters of these business and technology areas",
    },
    "clih_present_exclude_unknown": {
        "da": "udelad klynger, hvis status i perioden er ukendt (appen medtager dem som standard)",
        "en": "leave out clusters whose status in the period is unknown (the app's default includes them)",
    },
    "clih_present_scenario": {
        "da": "et gemt scenarie (id eller navn)",
        "en": "a saved scenario (id or name)",
    },
    "clih_scenario_db": {
        "da": "scenariedatabasen (standard: $KLYNGEKORT_DATABASE_URL, $KLYNGEKORT_DB eller var/klyngekort.sqlite3)",
        "en": "scenario database (default: $KLYNGEKORT_DATABASE_URL, $KLYNGEKORT_DB or var/klyngekort.sqlite3)",
    },
    "clih_map_view": {"da": "hvilket kort (standard national)", "en": "which map (default national)"},
    "clih_map_hub": {
        "da": "zoom ind på dette erhvervshus' område (--view hub)",
        "en": "zoom to this hub's area (--view hub)",
    },
    "clih_map_indicator": {
        "da": "hvad dæknings- og erhvervshuskortene farver efter (standard clusters_present)",
        "en": "what the coverage and hub maps colour (default clusters_present)",
    },
    "clih_map_format": {"da": "standard: efter --out", "en": "default: from --out"},
    "clih_map_size": {
        "da": "slide: 1920×1080 px; a4: A4 ved 300 dpi",
        "en": "slide: 1920×1080 px; a4: A4 at 300 dpi",
    },
    "clih_deck": {
        "da": "et PowerPoint-diassæt (16:9) af udvalget",
        "en": "a PowerPoint deck (16:9) of the selection",
    },
    "clid_deck": {
        "da": "Titel, danmarkskort, dækningskort, nøgletal, de ti største huller som tabel, ét dias pr. "
        "erhvervshus, et scenaries før og efter samt metode og kilder.",
        "en": "Title, national map, coverage map, key figures, the ten largest gaps as a table, one "
        "slide per hub, a scenario's before/after and method and sources.",
    },
    "clih_deck_hub": {
        "da": "ét dias for hvert af disse erhvervshuse (standard alle)",
        "en": "one slide for each of these hubs (default all)",
    },
    "clih_report": {
        "da": "PDF-rapporten for ét erhvervshus (A4)",
        "en": "the PDF report of one hub (A4)",
    },
    "clid_report": {
        "da": "Til en regional leder: områdets kort, dets klynger efter tilstand, kommunerne, "
        "de største huller, metoden, kilderne og datoen.",
        "en": "For a regional manager: the area's map, its clusters by state, the municipalities, "
        "the largest gaps, the method, the sources and the date.",
    },
    "clih_report_hub": {
        "da": "erhvervshuset (hovedkontorets id, fx EHMJ)",
        "en": "the hub (head office id, e.g. EHMJ)",
    },
    "clih_scenario": {
        "da": "vis, eksportér, importér eller slet gemte hvad nu hvis-scenarier",
        "en": "list, show, export, import or delete saved what-if scenarios",
    },
    "clih_scenario_command": {
        "da": "list, show, export, import eller delete",
        "en": "list, show, export, import or delete",
    },
    "clih_scenario_list": {"da": "alle scenarier", "en": "all scenarios"},
    "clih_scenario_format": {"da": "text (standard) eller json", "en": "text (default) or json"},
    "clih_scenario_show": {
        "da": "ét scenarie og dets ændringer",
        "en": "one scenario and its changes",
    },
    "clih_scenario_id": {"da": "scenariets id eller navn", "en": "scenario id or name"},
    "clih_scenario_show_data": {
        "da": "datasæt til navne og tjek (standard: data/)",
        "en": "dataset for names and checks (default: data/)",
    },
    "clih_scenario_export": {"da": "et scenarie som JSON", "en": "a scenario as JSON"},
    "clih_scenario_import": {
        "da": "tjek en scenarie-JSON-fil og gem den (intet ved fejl)",
        "en": "check a scenario JSON file and save it (nothing on errors)",
    },
    "clih_scenario_import_file": {
        "da": "JSON-filen (som `scenario export` skriver den)",
        "en": "the JSON file (as `scenario export` writes it)",
    },
    "clih_scenario_import_data": {
        "da": "datasættet, der tjekkes imod (standard: data/)",
        "en": "dataset to check against (default: data/)",
    },
    "clih_scenario_import_name": {
        "da": "gem under dette navn i stedet for filens",
        "en": "save under this name instead of the file's",
    },
    "clih_scenario_import_author": {
        "da": "gem med denne forfatter i stedet for filens",
        "en": "save with this author instead of the file's",
    },
    "clih_scenario_delete": {"da": "slet et scenarie", "en": "delete a scenario"},
    "clih_assets": {
        "da": "kopiér Leaflet til static/vendor (sker automatisk ved start)",
        "en": "copy Leaflet into static/vendor (done automatically on start)",
    },
    "clih_run": {
        "da": "start appen (streamlit run app.py)",
        "en": "start the app (streamlit run app.py)",
    },
    "clih_run_streamlit_args": {
        "da": "tilvalg, der gives videre til streamlit (fx --server.port 8502)",
        "en": "options passed on to streamlit (e.g. --server.port 8502)",
    },
    "clih_serve": {
        "da": "start N app-instanser bag nginx (faste sessioner, websocket) på denne maskine",
        "en": "start N app instances behind nginx (sticky sessions, websocket) on this machine",
    },
    "clid_serve": {
        "da": "Start N ens Klyngekort-instanser på loopback-porte med Debians nginx foran som omvendt proxy "
        "med faste sessioner og websocket-opgradering, fra et midlertidigt præfiks. Alle instanser deler "
        "ét lager (data, historik, brugere og scenarier: PostgreSQL med --database-url, ellers én "
        "SQLite-fil) og geodata. Ctrl-C stopper dem alle.",
        "en": "Start N identical Klyngekort instances on loopback ports and Debian's nginx in front "
        "of them as a reverse proxy with sticky sessions and websocket upgrade, from a temporary prefix. "
        "All instances share one store (data, history, users and scenarios: PostgreSQL with "
        "--database-url, else one SQLite file) and the geodata. Ctrl-C stops all.",
    },
    "clih_serve_instances": {"da": "app-instanser (standard 2)", "en": "app instances (default 2)"},
    "clih_serve_port": {"da": "proxyens port (standard 8501)", "en": "the proxy's port (default 8501)"},
    "clih_serve_host": {
        "da": "proxyens adresse (standard 127.0.0.1; 0.0.0.0 for alle)",
        "en": "the proxy's address (default 127.0.0.1; 0.0.0.0 for all)",
    },
    "clih_serve_max_sessions": {
        "da": "forbindelser pr. instans, før proxyen svarer 'travlt – prøv igen' (standard 200)",
        "en": "connections per instance before the proxy answers 'travlt – prøv igen' (default 200)",
    },
    "clih_serve_db": {
        "da": "SQLite-filen, som alle instanser deler til data, historik, brugere og scenarier, når der "
        "ikke er en database-URL (standard: $KLYNGEKORT_DB eller var/klyngekort.sqlite3)",
        "en": "the SQLite file all instances share for data, history, users and scenarios when no "
        "database URL is given (default: $KLYNGEKORT_DB or var/klyngekort.sqlite3)",
    },
    "clih_serve_database_url": {
        "da": "databasen (PostgreSQL) til alt; gives til hver instans som ${variable} (standard: den "
        "variabel eller [database] url)",
        "en": "the database (PostgreSQL) for everything; passed to every instance as ${variable} "
        "(default: that variable or [database] url)",
    },
    "clih_serve_nginx": {
        "da": "nginx-programmet (standard: nginx på PATH)",
        "en": "the nginx binary (default: nginx on PATH)",
    },
    "clih_serve_prefix": {
        "da": "nginx.conf, pid og logfiler her (beholdes); standard en midlertidig mappe, der fjernes ved afslutning",
        "en": "nginx.conf, pid and logs here (kept); default a temporary folder, removed at exit",
    },
    "clih_serve_instance_ports": {"da": "faste porte til instanserne", "en": "fixed instance ports"},
    "clih_run_local_editor": {
        "da": "en bærbar uden identitetsudbyder: denne ene person må redigere (vises i appen og i historikken)",
        "en": "a laptop without an identity provider: this one person may edit (shown in the app and the history)",
    },
    "clih_store_url": {
        "da": "lageret (standard: $KLYNGEKORT_DATABASE_URL, [database] url eller sqlite:///var/klyngekort.sqlite3)",
        "en": "the store (default: $KLYNGEKORT_DATABASE_URL, [database] url, or sqlite:///var/klyngekort.sqlite3)",
    },
    "clih_db": {
        "da": "lageret: import, export, upgrade, status",
        "en": "the store: import, export, upgrade, status",
    },
    "clih_db_command": {
        "da": "import, export, upgrade eller status",
        "en": "import, export, upgrade or status",
    },
    "clih_db_import": {
        "da": "gør lageret lig med en mappe med et datasæt",
        "en": "make the store equal to a dataset folder",
    },
    "clih_db_import_dir": {"da": "mappen med datasættet", "en": "the dataset folder"},
    "clih_db_import_user": {
        "da": "hvem der importerer (skrives i historikken)",
        "en": "who imports (recorded in the history)",
    },
    "clih_db_import_reason": {"da": "hvorfor (skrives i historikken)", "en": "why (recorded in the history)"},
    "clih_db_export": {
        "da": "skriv de gemte data som CSV-filer",
        "en": "write the stored data as CSV files",
    },
    "clih_export_dir": {"da": "mappen, CSV-filerne skrives i", "en": "the folder to write the CSV files in"},
    "clih_as_of": {"da": "som de var den dag", "en": "as it was that day"},
    "clih_db_upgrade": {
        "da": "kør skemamigreringerne (Alembic)",
        "en": "apply the schema migrations (Alembic)",
    },
    "clih_db_status": {
        "da": "skemaversion, dataversion, antal rækker",
        "en": "schema revision, data revision, row counts",
    },
    "clih_export": {
        "da": "dataene (som de var på en dato) som CSV-filer",
        "en": "the data (as of a date) as CSV files",
    },
    "clih_history": {"da": "de registrerede ændringer", "en": "the recorded changes"},
    "clih_history_entity": {"da": "en tabel: sites, ties, hubs, …", "en": "a table: sites, ties, hubs, …"},
    "clih_history_id": {"da": "én rækkes id", "en": "one row's id"},
    "clih_history_since": {"da": "kun ændringer fra denne dag", "en": "only changes from this day on"},
    "clih_history_user": {"da": "ændringer foretaget af denne bruger", "en": "changes by this user"},
    "clih_history_format": {"da": "csv (standard) eller json", "en": "csv (default) or json"},
    "clih_user": {
        "da": "hvem der må redigere: grant, revoke, list",
        "en": "who may edit: grant, revoke, list",
    },
    "clih_user_command": {"da": "grant, revoke eller list", "en": "grant, revoke or list"},
    "clih_user_grant": {"da": "giv en e-mailadresse en rolle", "en": "give an e-mail address a role"},
    "clih_user_email": {"da": "e-mailadressen", "en": "the e-mail address"},
    "clih_user_role": {
        "da": "viewer (læser), editor (redaktør) eller admin (administrator)",
        "en": "viewer, editor or admin",
    },
    "clih_user_revoke": {"da": "fjern en e-mailadresse", "en": "remove an e-mail address"},
    "clih_user_list": {"da": "alle adresser og deres rolle", "en": "every address and its role"},
    # argparse's own words (its gettext msgids, mapped in klyngekort.cli.common.ARGPARSE_TEXTS)
    "argparse_usage": {"da": "brug: ", "en": "usage: "},
    "argparse_options": {"da": "tilvalg", "en": "options"},
    "argparse_positionals": {"da": "positionelle argumenter", "en": "positional arguments"},
    "argparse_help": {"da": "vis denne hjælp og afslut", "en": "show this help message and exit"},
    "argparse_argument": {
        "da": "argumentet %(argument_name)s: %(message)s",
        "en": "argument %(argument_name)s: %(message)s",
    },
    "argparse_invalid_choice": {
        "da": "ugyldigt valg: %(value)r (vælg blandt %(choices)s)",
        "en": "invalid choice: %(value)r (choose from %(choices)s)",
    },
    "argparse_invalid_value": {
        "da": "ugyldig %(type)s-værdi: %(value)r",
        "en": "invalid %(type)s value: %(value)r",
    },
    "argparse_required": {
        "da": "følgende argumenter skal angives: %s",
        "en": "the following arguments are required: %s",
    },
    "argparse_one_required": {
        "da": "et af argumenterne %s skal angives",
        "en": "one of the arguments %s is required",
    },
    "argparse_not_allowed_with": {
        "da": "kan ikke bruges sammen med argumentet %s",
        "en": "not allowed with argument %s",
    },
    "argparse_unrecognized": {"da": "ukendte argumenter: %s", "en": "unrecognized arguments: %s"},
    "argparse_expected_one": {"da": "forventede én værdi", "en": "expected one argument"},
    "argparse_expected_at_most_one": {
        "da": "forventede højst én værdi",
        "en": "expected at most one argument",
    },
    "argparse_expected_at_least_one": {
        "da": "forventede mindst én værdi",
        "en": "expected at least one argument",
    },
    "argparse_expected_n_one": {"da": "forventede %s værdi", "en": "expected %s argument"},
    "argparse_expected_n": {"da": "forventede %s værdier", "en": "expected %s arguments"},
    "argparse_ambiguous": {
        "da": "tvetydigt tilvalg: %(option)s kan betyde %(matches)s",
        "en": "ambiguous option: %(option)s could match %(matches)s",
    },
    "argparse_ignored_explicit": {
        "da": "ignorerede den angivne værdi %r",
        "en": "ignored explicit argument %r",
    },
    "argparse_unexpected_option": {"da": "uventet tilvalg: %s", "en": "unexpected option string: %s"},
    "argparse_cannot_open": {
        "da": "kan ikke åbne '%(filename)s': %(error)s",
        "en": "can't open '%(filename)s': %(error)s",
    },
    "argparse_unknown_parser": {
        "da": "ukendt underkommando %(parser_name)r (valg: %(choices)s)",
        "en": "unknown parser %(parser_name)r (choices: %(choices)s)",
    },
}
TEXTS.update(_CLI_TEXTS)


def t(key: str, lang: Lang = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Danish, then to the key)."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def _group(digits: str, sep: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_number(value: float | None, lang: Lang = DEFAULT_LANG, decimals: int = 0) -> str:
    """``1234567.5`` -> ``1.234.567,5`` in Danish, ``1,234,567.5`` in English. None/NaN -> ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, point, _ = NUMBER_STYLE.get(lang, NUMBER_STYLE[DEFAULT_LANG])
    neg = value < 0
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    res = _group(whole, thousands) + (point + frac if frac else "")
    return ("-" if neg else "") + res


def fmt_pct(share: float | None, lang: Lang = DEFAULT_LANG, decimals: int = 1) -> str:
    """A share in [0, 1] as ``12,3 %`` (Danish) or ``12.3%`` (English)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    num = fmt_number(share * 100, lang, decimals)
    return num + NUMBER_STYLE.get(lang, NUMBER_STYLE[DEFAULT_LANG])[2] + "%"


#: The kinds of number :func:`fmt_value` writes: whole numbers, one or two decimals,
#: kilometres and minutes, shares as per cent.
NUMBER_KINDS = ("int", "dec1", "dec2", "km", "min", "pct", "coord")


def fmt_value(value: object, kind: str, lang: Lang = DEFAULT_LANG) -> str:
    """The one number formatter of tables, metrics, tooltips and charts: ``value`` as
    ``kind`` (see :data:`NUMBER_KINDS`) in the reader's format. Empty, NaN or infinite: ``–``."""
    if value is None or isinstance(value, bool):
        return "–" if value is None else str(value)
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return "–"
    if kind == "pct":
        return fmt_pct(v, lang)
    if kind in ("dec1", "km"):
        return fmt_number(v, lang, 1)
    if kind == "dec2":
        return fmt_number(v, lang, 2)
    if kind == "coord":
        return fmt_number(v, lang, 5)
    return fmt_number(v, lang)


def number_kind(values: object) -> str:
    """A kind for a numeric column without one: ``int`` when every value is whole, else ``dec2``."""
    import numpy as np

    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    return "int" if arr.size == 0 or bool(np.all(arr == np.round(arr))) else "dec2"


def fmt_date(d: date, lang: Lang = DEFAULT_LANG) -> str:
    """A date in the user's language: ``02.12.2026`` in Danish, ``02 Dec 2026`` in English."""
    return d.strftime(t("date_format", lang))


#: Danish local time (CET/CEST): how stored times (ISO 8601, UTC) are shown.
LOCAL_TZ = ZoneInfo("Europe/Copenhagen")


def local_time(at: str) -> datetime | None:
    """A stored time (ISO 8601; a time without a zone is UTC) in Danish local time, or ``None``
    when ``at`` is not a time. The one conversion of the popups' dates and the history's times."""
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(LOCAL_TZ)


def d3_locale(lang: Lang = DEFAULT_LANG) -> dict[str, object]:
    """The number locale of the charts (Vega's d3-format), with the separators of :func:`fmt_number`."""
    thousands, point, _ = NUMBER_STYLE.get(lang, NUMBER_STYLE[DEFAULT_LANG])
    return {"decimal": point, "thousands": thousands, "grouping": [3], "currency": ["", ""]}


def label_kind(kind: str, lang: Lang = DEFAULT_LANG) -> str:
    return t(f"kind_{kind}", lang) if f"kind_{kind}" in TEXTS else kind


def label_confidence(conf: str, lang: Lang = DEFAULT_LANG) -> str:
    return t(f"conf_{conf}", lang) if f"conf_{conf}" in TEXTS else (conf or t("unknown", lang))


def fmt_period(key: str) -> str:
    """A programme period key as shown: ``2025-2028`` -> ``2025–2028`` (en dash)."""
    return key.replace("-", "–")


def programme_line(
    period: str, total: int | None, known: int, counted_as: str, lang: Lang = DEFAULT_LANG
) -> str:
    """``Clusters 2025–2028: 11 funded, 2 of them known by name.`` (Danish: ``Klynger 2025–2028:
    11 fik bevilling, 2 af dem kendt ved navn.``). ``counted_as`` is ``funded`` or ``appointed``;
    ``total`` None: the sources give no count."""
    kind = counted_as if counted_as in ("funded", "appointed") else "appointed"
    if total is None:
        text = t("prog_total_unknown", lang, known=fmt_number(known, lang))
    elif known >= total:
        text = t(f"prog_{kind}_all", lang, total=fmt_number(total, lang))
    else:
        text = t(f"prog_{kind}", lang, total=fmt_number(total, lang), known=fmt_number(known, lang))
    return t("prog_line", lang, period=fmt_period(period), text=text)


# --- editing, history, sign-in (ui/edit.py, ui/auth.py) --------------------------------
TEXTS.update(
    {
        "page_edit": {"da": "Redigér", "en": "Edit"},
        "page_history": {"da": "Historik", "en": "History"},
        "ed_subtitle": {
            "da": "Ret, tilføj og slet fakta. Hver gemning kontrolleres mod hele datasættet og skrives i historikken.",
            "en": "Change, add and delete facts. Every save is checked against the whole dataset and written to the history.",
        },
        "hi_subtitle": {
            "da": "Hvem ændrede hvad, hvornår og hvorfor. Historikken kan kun vokse.",
            "en": "Who changed what, when and why. The history only grows.",
        },
        "ed_not_allowed": {
            "da": "Du kan se data, men ikke ændre dem. Redigering kræver rollen redaktør (spørg en administrator: `klyngekort user grant EMAIL --role editor`).",
            "en": "You can view the data but not change it. Editing needs the editor role (ask an administrator: `klyngekort user grant EMAIL --role editor`).",
        },
        "ed_nothing": {"da": "Der er ingen ændringer at gemme.", "en": "There are no changes to save."},
        "ed_errors": {
            "da": "Intet er gemt: {n} fejl i datasættet efter ændringen.",
            "en": "Nothing was saved: {n} errors in the dataset after the change.",
        },
        "ed_confirm_warnings": {
            "da": "{n} advarsler om de ændrede rækker. Sæt kryds i »Gem trods advarsler« og gem igen, hvis det er rigtigt.",
            "en": "{n} warnings about the changed rows. Tick \u201cSave despite warnings\u201d and save again if it is right.",
        },
        "ed_saved": {
            "da": "Gemt: {n} ændringer (gemning {save}).",
            "en": "Saved: {n} changes (save {save}).",
        },
        "ed_reason": {"da": "Begrundelse", "en": "Reason"},
        "ed_source": {"da": "Kilde (URL eller skrevet kilde)", "en": "Source (URL or written source)"},
        "ed_source_help": {
            "da": (
                "Et nyt faktum kræver en kilde og en sikkerhed. En URL gemmes i rækkens source_url, "
                "en skrevet kilde (fx 'Mail fra klyngens direktør 1.12.2026') i dens source_text."
            ),
            "en": (
                "A new fact needs a source and a confidence. A URL is saved in the row's source_url, "
                "a written source (e.g. 'E-mail from the cluster's director 1.12.2026') in its source_text."
            ),
        },
        "ed_confidence": {"da": "Sikkerhed", "en": "Confidence"},
        "ed_confirm": {"da": "Gem trods advarsler", "en": "Save despite warnings"},
        "ed_coloc_title": {"da": "Ny samlokalisering", "en": "New co-location"},
        "ed_cluster": {"da": "Klynge", "en": "Cluster"},
        "ed_hub": {"da": "Erhvervshus eller filial", "en": "Hub or branch"},
        "ed_from": {"da": "Fra", "en": "From"},
        "ed_coloc_save": {"da": "Gem samlokalisering", "en": "Save co-location"},
        "ed_tables_title": {"da": "Tabeller", "en": "Tables"},
        "ed_table": {"da": "Tabel", "en": "Table"},
        "ed_save": {"da": "Gem ændringer", "en": "Save changes"},
        "ed_reload": {"da": "Hent nyeste data", "en": "Load the newest data"},
        "ed_row_history": {"da": "En rækkes historik", "en": "One row's history"},
        "ed_reload_help": {
            "da": "Kasserer dine ikke-gemte ændringer i tabellen.",
            "en": "Discards your unsaved edits in the table.",
        },
        "hi_entity": {"da": "Tabel", "en": "Table"},
        "hi_all": {"da": "Alle", "en": "All"},
        "hi_row": {"da": "Række-id", "en": "Row id"},
        "hi_user": {"da": "Bruger", "en": "User"},
        "hi_since": {"da": "Siden", "en": "Since"},
        "hi_count": {"da": "{n} ændringer", "en": "{n} changes"},
        "hi_revert_admin_only": {
            "da": "Kun en administrator kan tilbageføre ændringer.",
            "en": "Only an administrator can revert changes.",
        },
        "hi_revert_title": {"da": "Tilbagefør", "en": "Revert"},
        "hi_asof_title": {"da": "Data pr. dato", "en": "Data as of a date"},
        "hi_asof_date": {"da": "Som ved udgangen af", "en": "As at the end of"},
        "hi_asof_download": {
            "da": "Hent data pr. dato (CSV-filer i ZIP)",
            "en": "Download the data as of the date (CSV files in a ZIP)",
        },
        "hi_revert_what": {"da": "Hvad", "en": "What"},
        "hi_revert_change": {"da": "én ændring (Ændring nr.)", "en": "one change (Change no.)"},
        "hi_revert_save": {"da": "en hel gemning (Gemning nr.)", "en": "a whole save (Save no.)"},
        "hi_revert_number": {"da": "Nummer", "en": "Number"},
        "hi_revert_button": {"da": "Tilbagefør", "en": "Revert"},
        "hi_col_change": {"da": "Ændring nr.", "en": "Change no."},
        "hi_col_save": {"da": "Gemning nr.", "en": "Save no."},
        "hi_col_at": {"da": "Tidspunkt (dansk tid)", "en": "Time (Danish time)"},
        "hi_col_user": {"da": "Bruger", "en": "User"},
        "hi_col_entity": {"da": "Tabel", "en": "Table"},
        "hi_col_row": {"da": "Række", "en": "Row"},
        "hi_col_action": {"da": "Handling", "en": "Action"},
        "hi_col_field": {"da": "Felt", "en": "Field"},
        "hi_col_old": {"da": "Før", "en": "Before"},
        "hi_col_new": {"da": "Efter", "en": "After"},
        "hi_col_reason": {"da": "Begrundelse", "en": "Reason"},
        "hi_col_source": {"da": "Kilde", "en": "Source"},
        "hi_action_add": {"da": "tilføjet", "en": "added"},
        "hi_action_change": {"da": "ændret", "en": "changed"},
        "hi_action_delete": {"da": "slettet", "en": "deleted"},
        "entity_hubs": {"da": "Erhvervshuse og filialer", "en": "Hubs and branches"},
        "entity_hub_areas": {"da": "Erhvervshusenes kommuner", "en": "Hub areas"},
        "entity_clusters": {"da": "Klynger", "en": "Clusters"},
        "entity_programmes": {"da": "Klyngeprogrammer", "en": "Cluster programmes"},
        "entity_sites": {"da": "Steder", "en": "Sites"},
        "entity_ties": {"da": "Aftaler", "en": "Ties"},
        "entity_secondments": {"da": "Udstationerede", "en": "Secondments"},
        "entity_population": {"da": "Befolkning", "en": "Population"},
        "url_param_entity": {"da": "tabel", "en": "table"},
        "url_param_since": {"da": "siden", "en": "since"},
        "ed_place_title": {"da": "Placér et sted", "en": "Place a site"},
        "ed_place_mode": {"da": "Hvad", "en": "What"},
        "ed_place_mode_new": {"da": "nyt sted", "en": "a new site"},
        "ed_place_mode_move": {"da": "flyt et sted", "en": "move a site"},
        "ed_place_site": {"da": "Sted", "en": "Site"},
        "ed_place_kind": {"da": "Slags", "en": "Kind"},
        "ed_place_municipality": {"da": "Kommune", "en": "Municipality"},
        "ed_place_how": {"da": "Placering", "en": "Placed at"},
        "ed_place_how_municipality": {"da": "et punkt i kommunen", "en": "a point in the municipality"},
        "ed_place_how_town": {"da": "en by fra data", "en": "a town from the data"},
        "ed_place_how_coords": {"da": "koordinater", "en": "coordinates"},
        "ed_place_town": {"da": "By", "en": "Town"},
        "ed_place_no_towns": {
            "da": "Data har ingen by med koordinater i {kommune}. Vælg et punkt i kommunen eller skriv koordinater.",
            "en": "The data has no town with coordinates in {kommune}. Choose a point in the municipality or type coordinates.",
        },
        "ed_place_lat": {"da": "Breddegrad (latitude)", "en": "Latitude"},
        "ed_place_lon": {"da": "Længdegrad (longitude)", "en": "Longitude"},
        "ed_place_precision": {"da": "Præcision", "en": "Precision"},
        "ed_place_point": {"da": "Punkt (WGS84)", "en": "Point (WGS84)"},
        "ed_place_map_title": {
            "da": "Stedets placering før gemning",
            "en": "Where the site goes, before saving",
        },
        "ed_place_issue": {"da": "{field}: {message}", "en": "{field}: {message}"},
        "ed_place_summary": {
            "da": "{site}: by {town}, kommune {code} {kommune}, punkt ({lat}, {lon}), præcision: {precision}.",
            "en": "{site}: town {town}, municipality {code} {kommune}, point ({lat}, {lon}), precision: {precision}.",
        },
        "ed_place_save": {"da": "Gem placering", "en": "Save the placement"},
        "ed_place_no_geodata": {
            "da": "Uden DAGI-kommunegrænserne kan et sted ikke placeres her.",
            "en": "Without the DAGI municipality boundaries a site cannot be placed here.",
        },
        "ed_place_reload": {
            "da": "Hent nyeste version af stedet",
            "en": "Load the newest version of the site",
        },
        "ed_place_reload_help": {
            "da": "Dine indtastninger bliver stående, så du kan gemme dem igen.",
            "en": "What you typed stays, so you can save it again.",
        },
        "prec_address": {"da": "adresse", "en": "address"},
        "prec_town": {"da": "by", "en": "town"},
        "prec_municipality": {"da": "kommune", "en": "municipality"},
        "auth_local_editor": {
            "da": "Lokal redaktør: {who} (klyngekort run --local-editor)",
            "en": "Local editor: {who} (klyngekort run --local-editor)",
        },
        "auth_signed_in": {"da": "Logget ind: {who} ({role})", "en": "Signed in: {who} ({role})"},
        "auth_sign_in": {"da": "Log ind", "en": "Sign in"},
        "auth_sign_out": {"da": "Log ud", "en": "Sign out"},
        "auth_required": {
            "da": "Log ind for at se Klyngekort.",
            "en": "Sign in to see Klyngekort.",
        },
        "role_viewer": {"da": "læser", "en": "viewer"},
        "role_editor": {"da": "redaktør", "en": "editor"},
        "role_admin": {"da": "administrator", "en": "admin"},
    }
)
