"""Danish (default) and English texts, and numbers in the reader's format."""

from __future__ import annotations

import math
from typing import Literal

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
DEFAULT_LANG: Lang = "da"

TEXTS: dict[str, dict[str, str]] = {
    # navigation and general
    "app_title": {"da": "Klyngekort", "en": "Klyngekort"},
    "app_subtitle": {
        "da": "Klyngeorganisationernes tilstedeværelse set fra erhvervshusene",
        "en": "Cluster organisations' presence seen from the business hubs",
    },
    "language": {"da": "Sprog", "en": "Language"},
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
    "table_on_map": {"da": "Det der vises på kortet", "en": "What is on the map"},
    "download_csv": {"da": "Hent som CSV", "en": "Download CSV"},
    "download_xlsx": {"da": "Hent som Excel", "en": "Download Excel"},
    "download_map_html": {"da": "Hent kortet som HTML (virker uden net)", "en": "Download the map as HTML (works offline)"},
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
    "kind_administrative_cooperation": {"da": "Administrativt samarbejde", "en": "Administrative cooperation"},
    # popup fields
    "f_kind": {"da": "Type", "en": "Kind"},
    "f_address": {"da": "Adresse", "en": "Address"},
    "f_town": {"da": "By", "en": "Town"},
    "f_period": {"da": "Periode", "en": "Period"},
    "f_source": {"da": "Kilde", "en": "Source"},
    "f_confidence": {"da": "Sikkerhed", "en": "Confidence"},
    "f_persons": {"da": "Personer", "en": "Persons"},
    "f_hub": {"da": "Erhvervshus", "en": "Business hub"},
    "f_cluster": {"da": "Klynge", "en": "Cluster"},
    "f_kommune": {"da": "Kommune", "en": "Municipality"},
    "f_area": {"da": "Område", "en": "Area"},
    "f_shared": {"da": "Deler lokaler med erhvervshus", "en": "Shares premises with a hub"},
    "town_level": {"da": "placering på byniveau", "en": "town-level location"},
    "unknown": {"da": "ukendt", "en": "unknown"},
    "open_ended": {"da": "–", "en": "–"},
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
    "geodata_missing": {"da": "Kommunegrænserne (DAGI) mangler", "en": "The municipal boundaries (DAGI) are missing"},
}


def t(key: str, lang: Lang = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Danish, then to the key)."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_number(value: float | int | None, lang: Lang = DEFAULT_LANG, decimals: int = 0) -> str:
    """``1234567.5`` -> ``1.234.567,5`` in Danish, ``1,234,567.5`` in English. None/NaN -> ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, point = (".", ",") if lang == "da" else (",", ".")
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
    return f"{num} %" if lang == "da" else f"{num}%"


def fmt_km(km: float | None, lang: Lang = DEFAULT_LANG) -> str:
    if km is None or (isinstance(km, float) and math.isnan(km)):
        return "–"
    return f"{fmt_number(km, lang, 1)} km"


def label_kind(kind: str, lang: Lang = DEFAULT_LANG) -> str:
    return t(f"kind_{kind}", lang) if f"kind_{kind}" in TEXTS else kind


def label_confidence(conf: str, lang: Lang = DEFAULT_LANG) -> str:
    return t(f"conf_{conf}", lang) if f"conf_{conf}" in TEXTS else (conf or t("unknown", lang))
