"""The message catalogue: the Danish and English templates of every message the lower layers
report as data (:class:`klyngekort.core.model.Message`, :class:`~klyngekort.core.model.Issue`,
:class:`~klyngekort.core.model.MessageError`) and of the ``klyngekort`` command's own messages.

A key is the message's stable ``code``: ``geo.*`` for the DAGI geodata, ``fetch.*`` for its
download, ``data.*`` for the data files, ``tt.*`` for a travel-time table, ``coverage.*`` for
caveats of a coverage computation, ``period.*`` and ``add_site.*`` for bad arguments, ``scenario.*`` for scenario files and changes, ``json.*``
for JSON types, ``store.*`` for the scenario store, ``plan.*`` for the planner, ``cli.*``
for the command line. A template's ``{placeholders}`` are the message's ``params``
(``tests/test_messages.py`` checks that they match). Numbers are formatted in the reader's
format by :func:`klyngekort.present.i18n.message_text` (``{km:.1f}`` gives ``2,5`` in
Danish); lists are joined with ", "; a parameter that is itself a message is worded in the
same language.

The catalogue is merged into :data:`klyngekort.present.i18n.TEXTS`, so everything goes
through the one :func:`klyngekort.present.i18n.t`.
"""

from __future__ import annotations

_SAVE_AS_DA = 'Vælg i Excel "Gem som: CSV UTF-8 (kommasepareret) (*.csv)".'
_SAVE_AS_EN = 'In Excel choose "Gem som: CSV UTF-8 (kommasepareret) (*.csv)".'
_LAT_LON_RANGE_DA = "breddegrad {lat_min}–{lat_max}, længdegrad {lon_min}–{lon_max}"
_LAT_LON_RANGE_EN = "latitude {lat_min}–{lat_max}, longitude {lon_min}–{lon_max}"

MESSAGES: dict[str, dict[str, str]] = {
    # --- framing ---------------------------------------------------------------------------
    "msg.warning": {"da": "advarsel: ", "en": "warning: "},
    "msg.change": {"da": "ændring {change}: ", "en": "change {change}: "},
    "msg.change_kind": {
        "da": "ændring {change} ({change_kind}): ",
        "en": "change {change} ({change_kind}): ",
    },
    "msg.change_alone": {"da": "ændring: ", "en": "change: "},
    "msg.list_and": {"da": " og ", "en": " and "},
    "msg.list_or": {"da": " eller ", "en": " or "},
    # --- DAGI geodata (klyngekort.geo.read, klyngekort.geo.cache) --------------------------------
    "geo.what_municipalities": {"da": "kommunegrænser", "en": "municipal boundaries"},
    "geo.what_parishes": {"da": "sognegrænser", "en": "parish boundaries"},
    "geo.nothing": {"da": "ingen", "en": "none"},
    "geo.none_found": {
        "da": "Fandt ingen {what} (DAGI) i {looked}, og KLYNGEKORT_GEODATA er ikke sat.",
        "en": "Found no {what} (DAGI) in {looked}, and KLYNGEKORT_GEODATA is not set.",
    },
    "geo.path_missing": {
        "da": "Geodata-stien {path} findes ikke (ledte efter {what}).",
        "en": "The geodata path {path} does not exist (looked for {what}).",
    },
    "geo.not_file_or_folder": {
        "da": "Geodata-stien {path} er hverken en fil eller en mappe.",
        "en": "The geodata path {path} is neither a file nor a folder.",
    },
    "geo.none_in_folder": {
        "da": "Fandt ingen {what} i mappen {path} (søgte rekursivt efter {patterns}).",
        "en": "Found no {what} in the folder {path} (searched recursively for {patterns}).",
    },
    "geo.file_missing": {
        "da": "Geodatafilen {path} findes ikke.",
        "en": "The geodata file {path} does not exist.",
    },
    "geo.unreadable": {
        "da": "Kan ikke læse geodatafilen {path}: {reason}.",
        "en": "Cannot read the geodata file {path}: {reason}.",
    },
    "geo.no_crs": {
        "da": "Geodatafilen {path} angiver ikke sit koordinatsystem (mangler der en .prj-fil?).",
        "en": "The geodata file {path} does not state its coordinate system (is a .prj file missing?).",
    },
    "geo.no_geometries": {
        "da": "Geodatafilen {path} indeholder ingen geometrier.",
        "en": "The geodata file {path} holds no geometries.",
    },
    "geo.no_code_column": {
        "da": "Geodatafilen {path} har ingen kolonne med kommunekode (forventede kommunekode, KOMKODE eller kode; "
        "fandt: {found}).",
        "en": "The geodata file {path} has no municipality code column (expected kommunekode, KOMKODE or kode; "
        "found: {found}).",
    },
    "geo.bad_codes": {
        "da": "Geodatafilen {path}: {n} af {total} rækker har en manglende eller ugyldig kommunekode i kolonnen "
        "{column} (fx {sample}); koder skal være 1-4 cifre.",
        "en": "The geodata file {path}: {n} of {total} rows have a missing or invalid municipality code in the "
        "column {column} (e.g. {sample}); codes must be 1-4 digits.",
    },
    "geo.no_polygons": {
        "da": "Geodatafilen {path} indeholder ingen flader (polygoner).",
        "en": "The geodata file {path} holds no areas (polygons).",
    },
    "geo.code_without_polygon": {
        "da": "Geodatafilen {path}: kommunekode {codes} har ingen gyldig flade.",
        "en": "The geodata file {path}: municipality code {codes} has no valid area.",
    },
    "geo.no_parishes": {
        "da": "Geodatafilen {path} indeholder ingen sogne.",
        "en": "The geodata file {path} holds no parishes.",
    },
    "geo.no_parish_code_column": {
        "da": "Geodatafilen {path} har ingen kolonne med sognekode (SOGNEKODE).",
        "en": "The geodata file {path} has no parish code column (SOGNEKODE).",
    },
    "geo.bad_parish_codes": {
        "da": "Geodatafilen {path}: {n} sogne har en manglende eller ugyldig sognekode.",
        "en": "The geodata file {path}: {n} parishes have a missing or invalid parish code.",
    },
    "geo.parish_id_not_int": {
        "da": "Geodatafilen {path}: {column} er ikke et heltal ({reason}).",
        "en": "The geodata file {path}: {column} is not an integer ({reason}).",
    },
    "geo.parish_id_not_unique": {
        "da": "Geodatafilen {path}: {column} er ikke entydig.",
        "en": "The geodata file {path}: {column} is not unique.",
    },
    "geo.how_to": {
        "da": "Hent DAGI kommuneinddeling fra Klimadatastyrelsen (CC BY 4.0) med `klyngekort geodata fetch`, eller "
        "hent den selv, fx via Datafordeleren (https://datafordeler.dk) eller dataforsyningen.dk, og peg "
        "KLYNGEKORT_GEODATA på mappen eller filen.",
        "en": "Get DAGI's municipal division from Klimadatastyrelsen (CC BY 4.0) with `klyngekort geodata fetch`, "
        "or get it yourself, e.g. from Datafordeleren (https://datafordeler.dk) or dataforsyningen.dk, and point "
        "KLYNGEKORT_GEODATA at the folder or the file.",
    },
    # --- DAGI download (klyngekort.geo.fetch) -----------------------------------------------------
    "fetch.needs_key": {
        "da": "kilden {source!r} ({title}) kræver en API-nøgle: opret en på https://datafordeler.dk (et IT-system "
        "med API-nøgle), og sæt {env}",
        "en": "the source {source!r} ({title}) needs an API key: create one at https://datafordeler.dk (an IT "
        "system with an API key), then set {env}",
    },
    "fetch.unknown_source": {
        "da": "ukendt kilde {value!r}: brug en af {sources} eller en http(s)://-adresse på en GeoJSON-fil",
        "en": "unknown source {value!r}: use one of {sources} or an http(s):// URL of a GeoJSON file",
    },
    "fetch.codes": {"da": "{codes}", "en": "{codes}"},
    "fetch.codes_more": {"da": "{codes} og {n} flere", "en": "{codes} and {n} more"},
    "fetch.note_no_geometry": {"da": "{n} objekt(er) uden geometri", "en": "{n} feature(s) without geometry"},
    "fetch.no_geometries": {"da": "den indeholder ingen geometrier", "en": "it holds no geometries"},
    "fetch.coords_unreadable": {
        "da": "dens koordinater kan ikke læses som {crs} ({reason})",
        "en": "its coordinates cannot be read as {crs} ({reason})",
    },
    "fetch.not_in_denmark": {
        "da": "dens koordinater ({extent}) ligger ikke i Danmark, når de læses som {crs}: filens koordinatsystem "
        "er forkert eller mangler",
        "en": "its coordinates ({extent}) do not lie in Denmark when read as {crs}: the file's coordinate system "
        "is wrong or missing",
    },
    "fetch.note_reprojected": {
        "da": "i {crs}: omregnet til EPSG:25832 ved indlæsning",
        "en": "in {crs}: reprojected to EPSG:25832 when read",
    },
    "fetch.missing_municipalities": {
        "da": "den indeholder {n} af de 98 kommuner; mangler: {codes}",
        "en": "it holds {n} of the 98 municipalities; missing: {codes}",
    },
    "fetch.unknown_codes": {
        "da": "kommunekode {codes} er ikke en af de 98 kommuner eller Christiansø (0411)",
        "en": "kommunekode {codes} is not one of the 98 municipalities or Christiansø (0411)",
    },
    "fetch.note_no_christianso": {
        "da": "Christiansø (0411) er ikke i filen (den ligger uden for kommuneinddelingen)",
        "en": "Christiansø (0411) is not in the file (it is outside the municipal division)",
    },
    "fetch.note_repaired": {
        "da": "{n} ugyldige geometrier repareret (gjort gyldige)",
        "en": "{n} invalid geometries repaired (made valid)",
    },
    "fetch.empty_response": {"da": "serveren sendte et tomt svar", "en": "the server sent an empty response"},
    "fetch.html_instead": {
        "da": "serveren sendte en HTML-side{title} i stedet for GeoJSON (en fejlside eller en forkert adresse)",
        "en": "the server sent an HTML page{title} instead of GeoJSON (an error page, or the wrong URL)",
    },
    "fetch.xml_instead": {
        "da": "serveren sendte XML{title} i stedet for GeoJSON (en fejlside eller en forkert adresse)",
        "en": "the server sent XML{title} instead of GeoJSON (an error page, or the wrong URL)",
    },
    "fetch.not_geojson_start": {
        "da": "svaret er ikke GeoJSON (det begynder med {snippet})",
        "en": "the response is not GeoJSON (it starts with {snippet})",
    },
    "fetch.truncated": {
        "da": "svaret slutter brat efter {size:.0f} bytes: hentningen er ufuldstændig",
        "en": "the response ends abruptly after {size:.0f} bytes: the download is incomplete",
    },
    "fetch.invalid_json": {"da": "svaret er ikke gyldig JSON", "en": "the response is not valid JSON"},
    "fetch.json_not_geojson": {
        "da": "svaret er JSON, men ikke GeoJSON (type {type}{said})",
        "en": "the response is JSON but not GeoJSON (type {type}{said})",
    },
    "fetch.unreadable_geojson": {
        "da": "svaret kan ikke læses som GeoJSON: {reason}",
        "en": "the response cannot be read as GeoJSON: {reason}",
    },
    "fetch.problems": {"da": "{problems}", "en": "{problems}"},
    "fetch.reason_refused": {"da": "forbindelsen blev afvist", "en": "connection refused"},
    "fetch.reason_dns": {
        "da": "værtsnavnet kunne ikke slås op (intet netværk?)",
        "en": "the host name could not be resolved (no network?)",
    },
    "fetch.reason_timeout": {"da": "tidsgrænsen blev overskredet", "en": "timed out"},
    "fetch.reason": {"da": "{text}", "en": "{text}"},
    "fetch.http_restart": {"da": "{what}: begynder forfra", "en": "{what}: starting the download again"},
    "fetch.http_error": {"da": "{url} svarede {what}", "en": "{url} answered {what}"},
    "fetch.resumed_wrong_place": {
        "da": "serveren fortsatte det forkerte sted: begynder forfra",
        "en": "the server resumed at the wrong place: starting the download again",
    },
    "fetch.too_large": {
        "da": "{url} sender {size:.0f} bytes: alt for meget til kommunegrænser",
        "en": "{url} sends {size:.0f} bytes: far too large for municipal boundaries",
    },
    "fetch.cannot_write": {"da": "kan ikke skrive {path}: {reason}", "en": "cannot write {path}: {reason}"},
    "fetch.connection_broke": {
        "da": "forbindelsen blev afbrudt efter {size:.0f} bytes ({reason})",
        "en": "the connection broke after {size:.0f} bytes ({reason})",
    },
    "fetch.more_than_max": {
        "da": "{url} sender mere end {size:.0f} bytes: det er ikke kommunegrænser",
        "en": "{url} sends more than {size:.0f} bytes: not boundaries",
    },
    "fetch.closed_early": {
        "da": "serveren lukkede forbindelsen efter {size:.0f} af {total:.0f} bytes",
        "en": "the server closed the connection after {size:.0f} of {total:.0f} bytes",
    },
    "fetch.retry": {
        "da": "{last}; prøver igen om {wait} s (forsøg {attempt} af {attempts})",
        "en": "{last}; trying again in {wait} s (attempt {attempt} of {attempts})",
    },
    "fetch.could_not_download": {
        "da": "kunne ikke hente {url}: {last} (forsøg: {attempts})",
        "en": "could not download {url}: {last} (attempts: {attempts})",
    },
    "fetch.could_not_download_kept": {
        "da": "kunne ikke hente {url}: {last} (forsøg: {attempts}); de {size:.0f} modtagne bytes gemmes, og næste "
        "hentning fortsætter",
        "en": "could not download {url}: {last} (attempts: {attempts}); the {size:.0f} bytes received are kept "
        "and the next fetch resumes",
    },
    "fetch.locked": {
        "da": "en anden hentning til {folder} er i gang; vent, til den er færdig",
        "en": "another fetch into {folder} is running; wait for it to finish",
    },
    "fetch.cannot_create": {
        "da": "kan ikke oprette mappen {folder}: {reason}",
        "en": "cannot create the folder {folder}: {reason}",
    },
    "fetch.cannot_write_folder": {
        "da": "kan ikke skrive i mappen {folder}: vælg en anden med --dest",
        "en": "cannot write into the folder {folder}: choose another with --dest",
    },
    "fetch.refused": {
        "da": "afviste det hentede fra {url}: {problem}",
        "en": "refused the download from {url}: {problem}",
    },
    "fetch.refused_kept": {
        "da": "afviste det hentede fra {url}: {problem}; kopien i {target} er uændret",
        "en": "refused the download from {url}: {problem}; the copy in {target} is unchanged",
    },
    # --- data files (klyngekort.core.validation, klyngekort.core.loading) -----------------------
    "data.utf16": {
        "da": "filen er UTF-16 (Excel 'Unicode-tekst'), ikke en CSV-fil. " + _SAVE_AS_DA,
        "en": "the file is UTF-16 (Excel 'Unicode-tekst'), not a CSV file. " + _SAVE_AS_EN,
    },
    "data.zip": {
        "da": "det er en Excel-projektmappe (.xlsx) eller en anden zip-fil, ikke CSV. " + _SAVE_AS_DA,
        "en": "this is an Excel workbook (.xlsx) or another zip file, not CSV. " + _SAVE_AS_EN,
    },
    "data.nul_bytes": {
        "da": "filen indeholder NUL-bytes: den er ikke en tekstfil (CSV)",
        "en": "the file contains NUL bytes: it is not a text (CSV) file",
    },
    "data.not_text_encoding": {
        "da": "filen er hverken UTF-8- eller Windows-1252-tekst (binær eller beskadiget?). " + _SAVE_AS_DA,
        "en": "the file is neither UTF-8 nor Windows-1252 text (binary or damaged?). " + _SAVE_AS_EN,
    },
    "data.cp1252": {
        "da": "filen er ikke UTF-8; den blev læst som Windows-1252 (ANSI), sådan som ældre Excel-versioner "
        "gemmer. " + _SAVE_AS_DA,
        "en": "the file is not UTF-8; it was read as Windows-1252 (ANSI), as older Excel versions save it. "
        + _SAVE_AS_EN,
    },
    "data.control_characters": {
        "da": "kontroltegn i filen: den er ikke en tekstfil (CSV)",
        "en": "control characters in the file: it is not a text (CSV) file",
    },
    "data.read_failed": {
        "da": "filen kunne ikke læses ({error_type}: {error})",
        "en": "could not read the file ({error_type}: {error})",
    },
    "data.cannot_read": {"da": "kan ikke læse filen: {error}", "en": "cannot read the file: {error}"},
    "data.empty_file": {
        "da": "filen er tom: den skal mindst have overskriftslinjen",
        "en": "the file is empty: it needs at least the header line",
    },
    "data.semicolon": {
        "da": "filen er semikolonsepareret (Excel 'CSV (semikolonsepareret)'); den blev læst alligevel. "
        + _SAVE_AS_DA,
        "en": "the file is semicolon-separated (Excel 'CSV (semikolonsepareret)'); it was read anyway. "
        + _SAVE_AS_EN,
    },
    "data.malformed_csv": {
        "da": 'ugyldig CSV ({error}); kontrollér anførselstegnene (") på denne linje',
        "en": 'malformed CSV ({error}); check the quotes (") on this line',
    },
    "data.no_header": {
        "da": "første linje skal være overskriftslinjen med kolonnenavnene",
        "en": "the first line must be the header with the column names",
    },
    "data.duplicate_column": {
        "da": "kolonnen '{column}' står to gange i overskriftslinjen",
        "en": "column '{column}' appears twice in the header",
    },
    "data.required_column_missing": {
        "da": "den påkrævede kolonne '{column}' mangler i overskriftslinjen",
        "en": "required column '{column}' is missing from the header",
    },
    "data.optional_column_missing": {
        "da": "kolonnen '{column}' mangler; dens værdier regnes som ukendte",
        "en": "column '{column}' is missing; its values are treated as unknown",
    },
    "data.ragged_row": {
        "da": "rækken har {n} felter, men overskriftslinjen har {width} (et manglende eller ekstra "
        "'{delimiter}', eller en værdi med '{delimiter}' uden anførselstegn?)",
        "en": "the row has {n} fields but the header has {width} (a missing or extra '{delimiter}', or a "
        "value with '{delimiter}' that is not in quotes?)",
    },
    "data.unknown_column": {
        "da": "den ukendte kolonne '{column}' ignoreres; kolonnerne står i data/README.md",
        "en": "unknown column '{column}' is ignored; the columns are listed in data/README.md",
    },
    "data.unnamed_column": {
        "da": "den ukendte kolonne nummer {number} (uden navn) ignoreres; kolonnerne står i data/README.md",
        "en": "unknown column number {number} (no name) is ignored; the columns are listed in data/README.md",
    },
    "data.decimal_comma": {
        "da": "decimalkommaer blev læst som decimalpunktummer (første gang her). " + _SAVE_AS_DA,
        "en": "decimal commas were read as decimal points (first here). " + _SAVE_AS_EN,
    },
    "data.value_required": {"da": "her skal stå en værdi", "en": "a value is required here"},
    "data.html": {
        "da": "indeholder HTML; det vises som almindelig tekst",
        "en": "contains HTML; it will be shown as plain text",
    },
    "data.bad_id": {
        "da": "'{value}' er ikke et gyldigt id: brug kun bogstaverne A–Z, cifre, '_' og '-'",
        "en": "'{value}' is not a valid id: use only letters A–Z, digits, '_' and '-'",
    },
    "data.bad_kommunekode": {
        "da": "'{value}' er ikke en kommunekode (4 cifre, fx 0101)",
        "en": "'{value}' is not a municipality code (4 digits, e.g. 0101)",
    },
    "data.kommunekode_padded": {
        "da": "'{value}' blev læst som '{padded}': kommunekoder har 4 cifre. Excel fjerner foranstillede "
        "nuller; formatér kolonnen som Tekst",
        "en": "'{value}' was read as '{padded}': municipality codes have 4 digits. Excel drops leading zeros; "
        "format the column as Text",
    },
    "data.not_whole_number": {
        "da": "'{value}' er ikke et helt tal (kun cifre, fx 1234)",
        "en": "'{value}' is not a whole number (digits only, e.g. 1234)",
    },
    "data.not_number": {"da": "'{value}' er ikke et tal", "en": "'{value}' is not a number"},
    "data.not_number_comma": {
        "da": "'{value}' er ikke et tal (brug decimalpunktum: 55.67)",
        "en": "'{value}' is not a number (use a decimal point: 55.67)",
    },
    "data.negative": {"da": "'{value}' må ikke være negativ", "en": "'{value}' must not be negative"},
    "data.bad_date": {
        "da": "'{value}' er ikke en ISO-dato: brug ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
        "en": "'{value}' is not an ISO date: use YYYY, YYYY-MM or YYYY-MM-DD",
    },
    "data.bad_date_excel": {
        "da": "'{value}' er ikke en ISO-dato: brug ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD (Excel kan have "
        "omformateret den; formatér kolonnen som Tekst)",
        "en": "'{value}' is not an ISO date: use YYYY, YYYY-MM or YYYY-MM-DD (Excel may have reformatted it; "
        "format the column as Text)",
    },
    "data.example_source_not_allowed": {
        "da": "'{value}' markerer opdigtede eksempelrækker; det er kun tilladt i et datasæt, hvis "
        "dataset.toml siger example = true",
        "en": "'{value}' marks invented example rows; it is allowed only in a dataset whose dataset.toml says "
        "example = true",
    },
    "data.bad_url": {
        "da": "'{value}' er ikke en webadresse: den skal begynde med http:// eller https:// og må ikke "
        "indeholde mellemrum",
        "en": "'{value}' is not a web address: it must start with http:// or https:// and contain no spaces",
    },
    "data.enum_lowercased": {
        "da": "'{value}' blev læst som '{lowered}' (de tilladte værdier skrives med små bogstaver)",
        "en": "'{value}' was read as '{lowered}' (allowed values are lower case)",
    },
    "data.enum_not_allowed": {
        "da": "'{value}' er ikke tilladt; brug en af: {allowed}",
        "en": "'{value}' is not allowed; use one of: {allowed}",
    },
    "data.coordinate_half": {
        "da": "{other} er angivet uden {missing}: angiv begge eller ingen",
        "en": "{other} is given without {missing}: give both or neither",
    },
    "data.outside_denmark": {
        "da": "punktet ({lat}, {lon}) ligger uden for Danmark (" + _LAT_LON_RANGE_DA + ")",
        "en": "the point ({lat}, {lon}) is outside Denmark (" + _LAT_LON_RANGE_EN + ")",
    },
    "data.outside_denmark_swapped": {
        "da": "punktet ({lat}, {lon}) ligger uden for Danmark ("
        + _LAT_LON_RANGE_DA
        + "); breddegrad og længdegrad ser ombyttede ud",
        "en": "the point ({lat}, {lon}) is outside Denmark ("
        + _LAT_LON_RANGE_EN
        + "); latitude and longitude look swapped",
    },
    "data.municipality_precision_needs_code": {
        "da": "coord_precision er 'municipality' (kun kommunen kendes), men kommunekode er tom",
        "en": "coord_precision is 'municipality' (only the municipality is known) but kommunekode is empty",
    },
    "data.source_missing": {
        "da": "rækken har ingen kilde: skriv en URL i source_url eller en skrevet kilde i source_text",
        "en": "the row has no source: give a URL in source_url or a written source in source_text",
    },
    "data.valid_to_before_from": {
        "da": "valid_to {valid_to} ligger før valid_from {valid_from}",
        "en": "valid_to {valid_to} is before valid_from {valid_from}",
    },
    "data.duplicate": {
        "da": "{columns} '{value}' står to gange (første gang på linje {first_line})",
        "en": "duplicate {columns} '{value}' (first used on line {first_line})",
    },
    "data.duplicate_in_other_file": {
        "da": "{columns} '{value}' står to gange (første gang på linje {first_line} i {first_file})",
        "en": "duplicate {columns} '{value}' (first used on line {first_line} of {first_file})",
    },
    "data.unknown_reference": {
        "da": "ukendt {column} '{value}': den står ikke i {file}",
        "en": "unknown {column} '{value}': it is not in {file}",
    },
    "data.area_names_branch": {
        "da": "'{value}' er en filial; en kommune hører til et hovedkontor (her {parent})",
        "en": "'{value}' is a branch; a municipality belongs to a head office (here {parent})",
    },
    "data.area_names_branch_no_parent": {
        "da": "'{value}' er en filial; en kommune hører til et hovedkontor (her filialens erhvervshus)",
        "en": "'{value}' is a branch; a municipality belongs to a head office (here its erhvervshus)",
    },
    "data.branch_needs_parent": {
        "da": "en filial skal have parent_hub_id: det erhvervshus, den hører til",
        "en": "a branch needs parent_hub_id: the erhvervshus it belongs to",
    },
    "data.head_office_has_parent": {
        "da": "et hovedkontor har ingen parent_hub_id; lad feltet være tomt",
        "en": "a head office has no parent_hub_id; leave it empty",
    },
    "data.parent_not_head_office": {
        "da": "'{parent}' er ikke et hovedkontor",
        "en": "'{parent}' is not a head office",
    },
    "data.co_location_without_hub": {
        "da": "en co_location-adresse bør nævne det erhvervshus, den deler lokaler med",
        "en": "a co_location site should name the hub it shares premises with",
    },
    "data.unknown_kommunekode_dagi": {
        "da": "ukendt kommunekode '{value}': den er ikke en DAGI-kommune",
        "en": "unknown kommunekode '{value}': it is not a DAGI municipality",
    },
    "data.unknown_kommunekode_hub_areas": {
        "da": "ukendt kommunekode '{value}': den er ikke en af kommunerne i hub_areas.csv",
        "en": "unknown kommunekode '{value}': it is not one of the municipalities in hub_areas.csv",
    },
    "data.point_in_other_municipality": {
        "da": "punktet ligger {km:.1f} km uden for kommune {code} {name}; det ligger i {hit} {hit_name}",
        "en": "the point is {km:.1f} km outside municipality {code} {name}; it lies in {hit} {hit_name}",
    },
    "data.point_in_no_municipality": {
        "da": "punktet ligger {km:.1f} km uden for kommune {code} {name}; det ligger i ingen kommune (i havet?)",
        "en": "the point is {km:.1f} km outside municipality {code} {name}; it lies in no municipality "
        "(in the sea?)",
    },
    "data.outside_division": {
        "da": "{code} {name} ligger uden for kommuneinddelingen; den hører ikke til noget erhvervshus",
        "en": "{code} {name} is outside the municipal division; it belongs to no erhvervshus",
    },
    "data.municipality_without_row": {
        "da": "kommune {code} {name} har ingen række: hvilket erhvervshus betjener den?",
        "en": "municipality {code} {name} has no row: which erhvervshus serves it?",
    },
    "data.toml_unreadable": {
        "da": "kan ikke læse dataset.toml: {error}",
        "en": "cannot read dataset.toml: {error}",
    },
    "data.toml_unknown_key": {
        "da": "den ukendte nøgle '{key}' ignoreres (kendte: {known})",
        "en": "unknown key '{key}' is ignored (known: {known})",
    },
    "data.toml_not_bool": {"da": "'{key}' skal være true eller false", "en": "'{key}' must be true or false"},
    "data.toml_not_text": {
        "da": "'{key}' skal være en tekst i anførselstegn",
        "en": "'{key}' must be a text in quotes",
    },
    "data.extends_loop": {
        "da": "'extends' i dataset.toml danner en løkke",
        "en": "'extends' in dataset.toml forms a loop",
    },
    "data.folder_not_found": {"da": "datasætmappen findes ikke", "en": "dataset folder not found"},
    "data.file_missing": {
        "da": "filen mangler: ethvert datasæt skal have {filename} (mindst overskriftslinjen)",
        "en": "the file is missing: every dataset needs {filename} (at least its header line)",
    },
    "data.unknown_file_name": {
        "da": "ukendt filnavn: en datasætfil er en af {names}",
        "en": "unknown file name: a dataset file is one of {names}",
    },
    # --- travel-time tables (klyngekort.core.travel) --------------------------------------------
    "tt.file_not_found": {"da": "filen findes ikke", "en": "file not found"},
    "tt.cannot_read": {"da": "kan ikke læse filen: {error}", "en": "cannot read the file: {error}"},
    "tt.not_utf8": {
        "da": "ikke UTF-8-tekst (byte {byte}); gem den som UTF-8-CSV",
        "en": "not UTF-8 text (byte {byte}); save it as UTF-8 CSV",
    },
    "tt.empty": {
        "da": "tom fil: forventede overskriftslinjen {header}",
        "en": "empty file: expected the header {header}",
    },
    "tt.missing_columns": {
        "da": "mangler kolonne(r) {missing}; overskriftslinjen skal have {columns}",
        "en": "missing column(s) {missing}; the header must have {columns}",
    },
    "tt.code_empty": {
        "da": "tom: en kommunekode med 4 cifre er påkrævet",
        "en": "empty: a 4-digit municipality code is required",
    },
    "tt.bad_code": {
        "da": "'{value}' er ikke en kommunekode (4 cifre, fx 0101)",
        "en": "'{value}' is not a municipality code (4 digits, e.g. 0101)",
    },
    "tt.code_padded": {
        "da": "'{value}' udfyldt til '{padded}' (koder har 4 cifre)",
        "en": "'{value}' padded to '{padded}' (codes have 4 digits)",
    },
    "tt.unknown_code": {
        "da": "{value} er ikke en af kommunerne",
        "en": "{value} is not one of the municipalities",
    },
    "tt.minutes_empty": {
        "da": "tom: minutter er påkrævet (udelad parret, hvis tallet er ukendt)",
        "en": "empty: minutes are required (leave the pair out if unknown)",
    },
    "tt.minutes_not_number": {"da": "'{value}' er ikke et tal", "en": "'{value}' is not a number"},
    "tt.minutes_negative": {
        "da": "{value} er ikke en rejsetid (et tal ≥ 0)",
        "en": "{value} is not a travel time (a number ≥ 0)",
    },
    "tt.repeated_pair": {
        "da": "parret {from_code} -> {to_code} står igen (første gang på linje {first_line})",
        "en": "pair {from_code} -> {to_code} repeated (first on line {first_line})",
    },
    "tt.no_rows": {
        "da": "ingen rækker: tabellen giver ingen rejsetider",
        "en": "no rows: the table gives no travel times",
    },
    "tt.no_diagonal": {
        "da": "{n} kommuner har ingen række til sig selv (fx {code} -> {code}); en tilstedeværelse i samme "
        "kommune regnes da som ikke nåelig",
        "en": "{n} municipalities have no row to themselves (e.g. {code} -> {code}); a presence in the same "
        "municipality then counts as not reachable",
    },
    # --- coverage caveats (klyngekort.core.coverage) --------------------------------------------
    "coverage.pairs_missing": {
        "da": "{missing} af {pairs} kommunepar står ikke i rejsetidstabellen; de regnes som ikke nåelige",
        "en": "{missing} of {pairs} municipality pairs are not in the travel-time table; they count as not "
        "reachable",
    },
    "coverage.presences_without_area": {
        "da": "{n} tilstedeværelser ligger ikke i noget erhvervshusområde (ingen kommunekode) og kan ikke "
        "dække et område",
        "en": "{n} presences lie in no hub area (no municipality code) and cannot cover an area",
    },
    # --- arguments (klyngekort.core.periods, klyngekort.core.presence) --------------------------
    "period.bad_today": {
        "da": "{name}='{value}' er ikke en dato ÅÅÅÅ-MM-DD",
        "en": "{name}='{value}' is not a date YYYY-MM-DD",
    },
    "period.unknown": {
        "da": "ukendt periode '{value}': brug 2021-2024, 2025-2028 eller en dato ÅÅÅÅ-MM-DD",
        "en": "unknown period '{value}': use 2021-2024, 2025-2028 or a date YYYY-MM-DD",
    },
    "add_site.bad_format": {
        "da": "--add-site '{value}': forventede KLYNGE_ID@STED_ID, fx ECD@EHSJ_VOR (STED_ID er id'et på et "
        "erhvervshus eller en filial)",
        "en": "--add-site '{value}': expected CLUSTER_ID@SITE_ID, e.g. ECD@EHSJ_VOR (SITE_ID is the id of a "
        "hub or branch)",
    },
    "add_site.unknown_cluster": {
        "da": "--add-site {value}: ukendt klynge-id '{cluster}' (kendte: {known})",
        "en": "--add-site {value}: unknown cluster id '{cluster}' (known: {known})",
    },
    "add_site.unknown_site": {
        "da": "--add-site {value}: ukendt sted-id '{site}': angiv id'et på et erhvervshus eller en filial "
        "(kendte: {known})",
        "en": "--add-site {value}: unknown site id '{site}': give the id of a hub or branch (known: {known})",
    },
    # --- JSON types ----------------------------------------------------------------------------
    "json.null": {"da": "null", "en": "null"},
    "json.boolean": {"da": "boolean", "en": "boolean"},
    "json.number": {"da": "tal", "en": "number"},
    "json.string": {"da": "tekst", "en": "text"},
    "json.array": {"da": "liste", "en": "list"},
    "json.object": {"da": "objekt", "en": "object"},
    "json.other": {"da": "{name}", "en": "{name}"},
    # --- scenario files and changes (klyngekort.scenarios) -------------------------------------
    "scenario.change_not_object": {
        "da": "skal være et JSON-objekt, ikke {type}",
        "en": "must be a JSON object, not {type}",
    },
    "scenario.kind_missing": {
        "da": "mangler 'kind' (en af {allowed})",
        "en": "'kind' is missing (one of {allowed})",
    },
    "scenario.unknown_kind": {
        "da": "ukendt ændringstype {value}; tilladt: {allowed}",
        "en": "unknown change kind {value}; allowed: {allowed}",
    },
    "scenario.field_missing": {"da": "mangler feltet '{field}'", "en": "the field '{field}' is missing"},
    "scenario.field_not_int": {
        "da": "'{field}' skal være et helt tal, ikke {type} {value}",
        "en": "'{field}' must be a whole number, not {type} {value}",
    },
    "scenario.field_not_bool": {
        "da": "'{field}' skal være true eller false, ikke {type} {value}",
        "en": "'{field}' must be true or false, not {type} {value}",
    },
    "scenario.field_not_number": {
        "da": "'{field}' skal være et tal, ikke {type} {value}",
        "en": "'{field}' must be a number, not {type} {value}",
    },
    "scenario.field_not_text": {
        "da": "'{field}' skal være tekst, ikke {type} {value}",
        "en": "'{field}' must be text, not {type} {value}",
    },
    "scenario.kommunekode_not_text": {
        "da": "'{field}' skal være tekst, ikke {type} {value} (skriv koden som tekst med 4 cifre, fx \"0101\")",
        "en": "'{field}' must be text, not {type} {value} (write the code as text with 4 digits, e.g. \"0101\")",
    },
    "scenario.field_too_long": {
        "da": "'{field}' er for lang ({length} tegn)",
        "en": "'{field}' is too long ({length} characters)",
    },
    "scenario.unknown_field": {
        "da": "det ukendte felt '{key}' for {kind} ignoreres",
        "en": "unknown field '{key}' for {kind} is ignored",
    },
    "scenario.name_not_text": {
        "da": "navnet skal være tekst, ikke {type}",
        "en": "the name must be text, not {type}",
    },
    "scenario.name_empty": {"da": "navnet må ikke være tomt", "en": "the name must not be empty"},
    "scenario.name_too_long": {
        "da": "navnet er for langt ({length} tegn, højst {max})",
        "en": "the name is too long ({length} characters, at most {max})",
    },
    "scenario.name_control": {
        "da": "navnet indeholder kontroltegn",
        "en": "the name contains control characters",
    },
    "scenario.invalid_name": {"da": "ugyldigt navn: {reason}", "en": "invalid name: {reason}"},
    "scenario.unknown_change_type": {
        "da": "ukendt ændringstype {type}",
        "en": "unknown change type {type}",
    },
    "scenario.value_not_int": {
        "da": "'{field}' skal være et helt tal, ikke {value}",
        "en": "'{field}' must be a whole number, not {value}",
    },
    "scenario.value_not_bool": {
        "da": "'{field}' skal være true eller false, ikke {value}",
        "en": "'{field}' must be true or false, not {value}",
    },
    "scenario.value_not_text": {
        "da": "'{field}' skal være tekst, ikke {value}",
        "en": "'{field}' must be text, not {value}",
    },
    "scenario.value_not_number": {
        "da": "'{field}' skal være et tal, ikke {value}",
        "en": "'{field}' must be a number, not {value}",
    },
    "scenario.unknown_cluster": {"da": "ukendt klynge '{cluster}'", "en": "unknown cluster '{cluster}'"},
    "scenario.cluster_ceased": {
        "da": "klyngen '{cluster}' er ophørt",
        "en": "the cluster '{cluster}' has ceased",
    },
    "scenario.unknown_hub": {
        "da": "ukendt erhvervshus eller filial '{hub}'",
        "en": "unknown business hub or branch '{hub}'",
    },
    "scenario.bad_valid_from": {
        "da": "ugyldig dato '{value}'; brug ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
        "en": "invalid date '{value}'; use YYYY, YYYY-MM or YYYY-MM-DD",
    },
    "scenario.duplicate_co_location": {
        "da": "samme samlokalisering som ændring {other}",
        "en": "the same co-location as change {other}",
    },
    "scenario.already_co_located": {
        "da": "klyngen '{cluster}' er allerede samlokaliseret i '{hub}'",
        "en": "the cluster '{cluster}' is already co-located in '{hub}'",
    },
    "scenario.hub_without_coordinates": {
        "da": "'{hub}' har ingen koordinater; adressen kan ikke vises på kortet",
        "en": "'{hub}' has no coordinates; the site cannot be shown on the map",
    },
    "scenario.persons_below_one": {
        "da": "antal personer skal være mindst 1, ikke {persons}",
        "en": "the number of persons must be at least 1, not {persons}",
    },
    "scenario.site_removed_twice": {
        "da": "adressen '{site}' fjernes allerede i ændring {other}",
        "en": "the site '{site}' is already removed by change {other}",
    },
    "scenario.unknown_site": {
        "da": "ukendt adresse (site_id) '{site}'",
        "en": "unknown site (site_id) '{site}'",
    },
    "scenario.unknown_tie_kind": {
        "da": "ukendt type '{value}'; tilladt: {allowed}",
        "en": "unknown kind '{value}'; allowed: {allowed}",
    },
    "scenario.duplicate_tie": {
        "da": "samme samarbejde som ændring {other}",
        "en": "the same cooperation as change {other}",
    },
    "scenario.tie_exists": {
        "da": "'{hub}' og '{cluster}' har allerede et samarbejde",
        "en": "'{hub}' and '{cluster}' already cooperate",
    },
    "scenario.unknown_site_kind": {
        "da": "ukendt type '{value}'; tilladt: {allowed}",
        "en": "unknown kind '{value}'; allowed: {allowed}",
    },
    "scenario.bad_kommunekode": {
        "da": "kommunekoden skal have 4 cifre, fx 0101, ikke '{value}'",
        "en": "the municipality code must have 4 digits, e.g. 0101, not '{value}'",
    },
    "scenario.unknown_kommunekode": {
        "da": "ukendt kommunekode '{value}'",
        "en": "unknown municipality code '{value}'",
    },
    "scenario.coordinate_half": {
        "da": "'latitude' og 'longitude' skal angives begge eller ingen af dem; '{missing}' mangler",
        "en": "give both 'latitude' and 'longitude' or neither; '{missing}' is missing",
    },
    "scenario.outside_denmark": {
        "da": "punktet ({lat}, {lon}) ligger uden for Danmark (" + _LAT_LON_RANGE_DA + ")",
        "en": "the point ({lat}, {lon}) is outside Denmark (" + _LAT_LON_RANGE_EN + ")",
    },
    "scenario.not_utf8": {
        "da": "filen er ikke UTF-8 (byte {byte}): gem den som UTF-8",
        "en": "the file is not UTF-8 (byte {byte}): save it as UTF-8",
    },
    "scenario.not_text": {"da": "forventede tekst, fik {type}", "en": "expected text, got {type}"},
    "scenario.file_too_large": {
        "da": "filen er for stor ({length} tegn, højst {max})",
        "en": "the file is too large ({length} characters, at most {max})",
    },
    "scenario.file_empty": {"da": "filen er tom", "en": "the file is empty"},
    "scenario.json_constant": {
        "da": "ugyldig JSON: {value} er ikke et tal i JSON",
        "en": "invalid JSON: {value} is not a number in JSON",
    },
    "scenario.bad_json": {
        "da": "ugyldig JSON: {error} (linje {json_line}, kolonne {json_column})",
        "en": "invalid JSON: {error} (line {json_line}, column {json_column})",
    },
    "scenario.bad_json_other": {"da": "ugyldig JSON: {error}", "en": "invalid JSON: {error}"},
    "scenario.duplicate_key": {
        "da": "nøglen '{key}' står flere gange; den sidste værdi bruges",
        "en": "the key '{key}' appears more than once; the last value is used",
    },
    "scenario.not_object": {
        "da": "filen skal indeholde ét JSON-objekt, ikke {type}",
        "en": "the file must hold one JSON object, not {type}",
    },
    "scenario.format_missing": {
        "da": 'mangler "format": "{format}" – er det en scenariefil?',
        "en": '"format": "{format}" is missing – is this a scenario file?',
    },
    "scenario.unknown_format": {
        "da": "ukendt format {value}; forventede '{format}'",
        "en": "unknown format {value}; expected '{format}'",
    },
    "scenario.format_version_missing": {
        "da": "mangler 'format_version'",
        "en": "'format_version' is missing",
    },
    "scenario.bad_format_version": {
        "da": "'format_version' skal være et positivt helt tal, ikke {value}",
        "en": "'format_version' must be a positive whole number, not {value}",
    },
    "scenario.format_version_too_new": {
        "da": "filen har format_version {version}, men denne version af Klyngekort kan kun læse {supported}; "
        "opdatér programmet",
        "en": "the file has format_version {version}, but this version of Klyngekort reads only {supported}; "
        "update the program",
    },
    "scenario.unknown_key": {
        "da": "den ukendte nøgle '{key}' ignoreres",
        "en": "unknown key '{key}' is ignored",
    },
    "scenario.name_missing": {
        "da": "mangler 'name' (scenariets navn)",
        "en": "'name' (the scenario's name) is missing",
    },
    "scenario.text_not_text": {
        "da": "'{field}' skal være tekst, ikke {type}",
        "en": "'{field}' must be text, not {type}",
    },
    "scenario.text_too_long": {
        "da": "'{field}' er for lang ({length} tegn, højst {max})",
        "en": "'{field}' is too long ({length} characters, at most {max})",
    },
    "scenario.text_control": {
        "da": "'{field}' indeholder kontroltegn",
        "en": "'{field}' contains control characters",
    },
    "scenario.text_html": {
        "da": "'{field}' indeholder HTML; det gemmes og vises som almindelig tekst",
        "en": "'{field}' contains HTML; it is saved and shown as plain text",
    },
    "scenario.bad_id": {
        "da": "ugyldigt id {value}; der tildeles et nyt",
        "en": "invalid id {value}; a new one is given",
    },
    "scenario.bad_timestamp": {
        "da": "'{field}' er ikke et ISO-tidspunkt ({value}); nu bruges i stedet",
        "en": "'{field}' is not an ISO timestamp ({value}); now is used instead",
    },
    "scenario.bad_read_only": {
        "da": "'read_only' skal være true eller false, ikke {value}",
        "en": "'read_only' must be true or false, not {value}",
    },
    "scenario.bad_version": {
        "da": "'version' skal være et positivt helt tal, ikke {value}",
        "en": "'version' must be a positive whole number, not {value}",
    },
    "scenario.changes_missing": {
        "da": "mangler 'changes' (en liste af ændringer, evt. tom)",
        "en": "'changes' is missing (a list of changes, possibly empty)",
    },
    "scenario.changes_not_list": {
        "da": "'changes' skal være en liste, ikke {type}",
        "en": "'changes' must be a list, not {type}",
    },
    "scenario.too_many_changes": {
        "da": "for mange ændringer ({n}, højst {max})",
        "en": "too many changes ({n}, at most {max})",
    },
    "scenario.change_html": {"da": "'{field}' indeholder HTML", "en": "'{field}' contains HTML"},
    "scenario.id_exists": {
        "da": "et scenarie med id '{id}' findes allerede; det importerede får et nyt id",
        "en": "a scenario with id '{id}' exists already; the imported one gets a new id",
    },
    "scenario.cluster_not_active": {
        "da": "klyngen '{cluster}' er ikke aktiv i perioden {period}; ændringen påvirker ikke dækningen",
        "en": "the cluster '{cluster}' is not active in the period {period}; the change does not affect "
        "coverage",
    },
    "scenario.starts_after_period": {
        "da": "gælder fra {valid_from}, efter perioden {period}; ændringen påvirker ikke dækningen i perioden",
        "en": "applies from {valid_from}, after the period {period}; the change does not affect coverage in "
        "the period",
    },
    "scenario.new_site_without_coordinates": {
        "da": "en ny adresse i kommune {kommunekode} har ingen koordinater og tæller derfor ikke med i "
        "dækningen",
        "en": "a new site in municipality {kommunekode} has no coordinates and so does not count in coverage",
    },
    "scenario.tie_not_presence": {
        "da": "et samarbejde uden samlokalisering eller indstationering er ikke fysisk tilstedeværelse og "
        "ændrer ikke dækningen",
        "en": "a cooperation without co-location or seconded staff is no physical presence and does not "
        "change coverage",
    },
    "scenario.removal_cluster_not_active": {
        "da": "adressen '{site}' hører til klyngen '{cluster}', som ikke er aktiv i perioden {period}; at "
        "fjerne den påvirker ikke dækningen i perioden",
        "en": "the site '{site}' belongs to the cluster '{cluster}', which is not active in the period "
        "{period}; removing it does not affect coverage in the period",
    },
    "scenario.removal_not_in_force": {
        "da": "adressen '{site}' gælder fra {valid_from} til {valid_to}, ikke i perioden {period}; at fjerne "
        "den påvirker ikke dækningen i perioden",
        "en": "the site '{site}' applies from {valid_from} to {valid_to}, not in the period {period}; "
        "removing it does not affect coverage in the period",
    },
    "scenario.removal_not_in_force_from": {
        "da": "adressen '{site}' gælder fra {valid_from}, ikke i perioden {period}; at fjerne den påvirker "
        "ikke dækningen i perioden",
        "en": "the site '{site}' applies from {valid_from}, not in the period {period}; removing it does not "
        "affect coverage in the period",
    },
    "scenario.removal_not_in_force_to": {
        "da": "adressen '{site}' gælder til {valid_to}, ikke i perioden {period}; at fjerne den påvirker ikke "
        "dækningen i perioden",
        "en": "the site '{site}' applies until {valid_to}, not in the period {period}; removing it does not "
        "affect coverage in the period",
    },
    "scenario.removal_without_coordinates": {
        "da": "adressen '{site}' har ingen koordinater og tæller derfor ikke med i dækningen; at fjerne den "
        "påvirker ikke dækningen i perioden",
        "en": "the site '{site}' has no coordinates and so does not count in coverage; removing it does not "
        "affect coverage in the period",
    },
    # --- the scenario store (klyngekort.scenarios.store) ----------------------------------------
    "store.not_found": {
        "da": "Scenariet '{scenario}' findes ikke (er det slettet af en anden?).",
        "en": "The scenario '{scenario}' does not exist (did someone else delete it?).",
    },
    "store.conflict": {
        "da": "Scenariet er ændret af en anden (version {stored}, du har {mine}). Dine ændringer er ikke "
        "gemt: hent den nyeste udgave og gentag dem.",
        "en": "The scenario was changed by someone else (version {stored}, you have {mine}). Your changes "
        "are not saved: load the newest version and make them again.",
    },
    "store.conflict_named": {
        "da": "Scenariet '{name}' er ændret af en anden (version {stored}, du har {mine}). Dine ændringer er "
        "ikke gemt: hent den nyeste udgave og gentag dem.",
        "en": "The scenario '{name}' was changed by someone else (version {stored}, you have {mine}). Your "
        "changes are not saved: load the newest version and make them again.",
    },
    "store.read_only": {
        "da": "Scenariet '{name}' er skrivebeskyttet (til præsentation). Fjern skrivebeskyttelsen eller lav "
        "en kopi for at ændre det.",
        "en": "The scenario '{name}' is read-only (for presentation). Remove the protection or make a copy "
        "to change it.",
    },
    "store.duplicate_name": {
        "da": "Der findes allerede et scenarie med navnet '{name}' (store og små bogstaver regnes for ens). "
        "Vælg et andet navn.",
        "en": "A scenario named '{name}' exists already (upper and lower case count as the same). Choose "
        "another name.",
    },
    "store.busy": {
        "da": "Scenariedatabasen er optaget af en anden skrivning; prøv igen om lidt.",
        "en": "The scenario database is busy with another write; try again in a moment.",
    },
    "store.busy_detail": {
        "da": "Scenariedatabasen er optaget af en anden skrivning; prøv igen om lidt. ({detail})",
        "en": "The scenario database is busy with another write; try again in a moment. ({detail})",
    },
    "store.schema_too_new": {
        "da": "Scenariedatabasen har skemaversion {version}, men denne version af Klyngekort kender kun op "
        "til {known}; opdatér programmet.",
        "en": "The scenario database has schema version {version}, but this version of Klyngekort knows "
        "only up to {known}; update the program.",
    },
    "store.cannot_create_folder": {
        "da": "Kan ikke oprette mappen til scenariedatabasen {folder}: {error}",
        "en": "Cannot create the folder of the scenario database {folder}: {error}",
    },
    "store.cannot_open": {
        "da": "Kan ikke åbne scenariedatabasen {path}: {error}",
        "en": "Cannot open the scenario database {path}: {error}",
    },
    "store.name_taken": {
        "da": "Der findes allerede et scenarie med det navn.",
        "en": "A scenario with that name exists already.",
    },
    "store.database_error": {
        "da": "Fejl i scenariedatabasen {path}: {error}",
        "en": "Error in the scenario database {path}: {error}",
    },
    "store.invalid_name": {
        "da": "Ugyldigt scenarienavn: {reason}.",
        "en": "Invalid scenario name: {reason}.",
    },
    "store.field_not_text": {"da": "'{field}' skal være tekst.", "en": "'{field}' must be text."},
    "store.invalid_change": {"da": "Ugyldig ændring: {problems}", "en": "Invalid change: {problems}"},
    "store.change_damaged": {
        "da": "Ændring {position} i scenariet '{name}' er beskadiget i databasen: {error}",
        "en": "Change {position} of the scenario '{name}' is damaged in the database: {error}",
    },
    "store.change_unreadable": {
        "da": "Ændring {position} i scenariet '{name}' kan ikke læses: {problems}",
        "en": "Change {position} of the scenario '{name}' cannot be read: {problems}",
    },
    # --- the store: data of record, history, users (klyngekort.store) ---------------------------
    "db.bad_url": {
        "da": "Databasens adresse {url} kan ikke bruges ({error}). Brug sqlite:///sti eller "
        "postgresql+psycopg://bruger@vært/database.",
        "en": "The database address {url} cannot be used ({error}). Use sqlite:///path or "
        "postgresql+psycopg://user@host/database.",
    },
    "db.unreachable": {
        "da": "Databasen {url} kan ikke nås: {error}. Kontrollér at PostgreSQL kører, og adressen i "
        "KLYNGEKORT_DATABASE_URL.",
        "en": "The database {url} cannot be reached: {error}. Check that PostgreSQL is running, and the "
        "address in KLYNGEKORT_DATABASE_URL.",
    },
    "db.busy": {
        "da": "Databasen er optaget af en anden skrivning; prøv igen om lidt.",
        "en": "The database is busy with another write; try again in a moment.",
    },
    "db.busy_detail": {
        "da": "Databasen er optaget af en anden skrivning; prøv igen om lidt. ({detail})",
        "en": "The database is busy with another write; try again in a moment. ({detail})",
    },
    "db.schema_too_new": {
        "da": "Databasen har skemaversion {version}, men denne version af Klyngekort kender kun op til "
        "{known}; opdatér programmet.",
        "en": "The database has schema version {version}, but this version of Klyngekort knows only up to "
        "{known}; update the program.",
    },
    "db.cannot_create_folder": {
        "da": "Kan ikke oprette mappen til databasen {folder}: {error}",
        "en": "Cannot create the folder of the database {folder}: {error}",
    },
    "db.cannot_open": {
        "da": "Kan ikke åbne databasen {path}: {error}",
        "en": "Cannot open the database {path}: {error}",
    },
    "db.database_error": {
        "da": "Fejl i databasen {path}: {error}",
        "en": "Error in the database {path}: {error}",
    },
    "db.row_conflict": {
        "da": "Rækken '{row}' i {entity} er ændret af en anden, siden du hentede den (version {stored}, du "
        "har {mine}). Intet er gemt; dine ændringer står stadig her: hent de nyeste data og gentag dem.",
        "en": "The row '{row}' of {entity} was changed by someone else since you loaded it (version "
        "{stored}, you have {mine}). Nothing was saved; your edits are still here: load the newest data and "
        "make them again.",
    },
    "db.row_gone": {
        "da": "Rækken '{row}' i {entity} findes ikke længere (slettet af en anden?). Intet er gemt.",
        "en": "The row '{row}' of {entity} no longer exists (deleted by someone else?). Nothing was saved.",
    },
    "db.row_exists": {
        "da": "Der findes allerede en række '{row}' i {entity}. Intet er gemt.",
        "en": "There is already a row '{row}' in {entity}. Nothing was saved.",
    },
    "db.key_change": {
        "da": "Id'et på rækken '{row}' i {entity} kan ikke ændres; slet rækken og tilføj en ny.",
        "en": "The id of the row '{row}' of {entity} cannot be changed; delete the row and add a new one.",
    },
    "db.unknown_entity": {"da": "ukendt tabel '{entity}'", "en": "unknown table '{entity}'"},
    "db.unknown_column": {
        "da": "tabellen {entity} har ingen kolonne '{column}'",
        "en": "the table {entity} has no column '{column}'",
    },
    "db.source_required": {
        "da": "et nyt faktum kræver en kilde: en URL eller en skrevet kilde",
        "en": "a new fact needs a source: a URL or a written source",
    },
    "db.confidence_required": {
        "da": "et nyt faktum kræver en sikkerhed ({allowed})",
        "en": "a new fact needs a confidence ({allowed})",
    },
    "db.import_overlay": {
        "da": "en overlagsmappe (extends/example i dataset.toml) kan ikke importeres; importér et helt datasæt",
        "en": "an overlay folder (extends/example in dataset.toml) cannot be imported; import a whole dataset",
    },
    "db.seed_failed": {
        "da": "Databasen er tom, og datasættet i {folder} kunne ikke importeres ({n} fejl); kør "
        "'klyngekort validate'.",
        "en": "The database is empty, and the dataset in {folder} could not be imported ({n} errors); run "
        "'klyngekort validate'.",
    },
    "db.revert_what": {
        "da": "angiv enten én ændring eller én gemning der skal tilbageføres",
        "en": "give either one change or one save to revert",
    },
    "db.change_not_found": {
        "da": "ændring {change} findes ikke i historikken",
        "en": "change {change} is not in the history",
    },
    "db.save_not_found": {
        "da": "gemning {save} findes ikke i historikken",
        "en": "save {save} is not in the history",
    },
    "db.bad_email": {
        "da": "'{email}' er ikke en e-mailadresse",
        "en": "'{email}' is not an e-mail address",
    },
    "db.bad_role": {
        "da": "ukendt rolle '{role}' (kendte: {allowed})",
        "en": "unknown role '{role}' (known: {allowed})",
    },
    "cli.bad_date": {
        "da": "ugyldig dato '{value}' (ÅÅÅÅ-MM-DD)",
        "en": "invalid date '{value}' (YYYY-MM-DD)",
    },
    "cli.db_import_refused": {
        "da": "{folder} blev ikke importeret: {n} fejl (intet er ændret)",
        "en": "{folder} was not imported: {n} errors (nothing was changed)",
    },
    "cli.db_imported": {
        "da": "{folder} importeret: {n} rækker ændret (gemning {save})",
        "en": "{folder} imported: {n} rows changed (save {save})",
    },
    "cli.db_import_unchanged": {
        "da": "{folder} er lig med data i databasen; intet ændret",
        "en": "{folder} equals the data in the database; nothing changed",
    },
    "cli.db_exported": {"da": "{n} filer skrevet i {folder}", "en": "{n} files written to {folder}"},
    "cli.db_upgraded": {"da": "migreringer kørt: {revisions}", "en": "migrations applied: {revisions}"},
    "cli.db_up_to_date": {
        "da": "databasen er allerede på skemaversion {revision}",
        "en": "the database is at schema revision {revision} already",
    },
    "cli.db_needs_upgrade": {
        "da": "databasen skal opdateres: kør 'klyngekort db upgrade'",
        "en": "the database needs an upgrade: run 'klyngekort db upgrade'",
    },
    "cli.user_granted": {"da": "{email} har nu rollen {role}", "en": "{email} now has the role {role}"},
    "cli.user_revoked": {"da": "{email} er fjernet", "en": "{email} was removed"},
    "cli.user_not_found": {
        "da": "{email} findes ikke blandt brugerne",
        "en": "{email} is not among the users",
    },
    # --- the planner (klyngekort.planning) -------------------------------------------------------
    "plan.unknown_cluster": {
        "da": "ukendt klynge-id '{cluster}' (kendte: {known})",
        "en": "unknown cluster id '{cluster}' (known: {known})",
    },
    "plan.unknown_candidates": {
        "da": "ukendt kandidatsæt '{value}': brug hubs eller all",
        "en": "unknown candidate set '{value}': use hubs or all",
    },
    "plan.no_population": {
        "da": "intet befolkningstal for {n} kommuner ({codes}); de tæller som 0",
        "en": "no population figure for {n} municipalities ({codes}); they count as 0",
    },
    "plan.no_firms": {
        "da": "intet virksomhedstal for {n} kommuner ({codes}); de tæller som 0",
        "en": "no firms figure for {n} municipalities ({codes}); they count as 0",
    },
    "plan.unknown_kommunekoder": {
        "da": "ukendt(e) kommunekode(r) {codes}: brug koder med 4 cifre som 0101",
        "en": "unknown municipality code(s) {codes}: use 4-digit codes such as 0101",
    },
    "plan.hub_without_coordinates": {
        "da": "erhvervshuset {hub} har ingen koordinater og er ikke en kandidat",
        "en": "hub {hub} has no coordinates and is not a candidate",
    },
    "plan.no_candidates": {
        "da": "der er ingen kandidatplaceringer (intet erhvervshus har koordinater)",
        "en": "there are no candidate sites (no hub has coordinates)",
    },
    "plan.no_presence": {
        "da": "{cluster} har ingen fysisk tilstedeværelse i {period}; der planlægges fra bunden",
        "en": "{cluster} has no physical presence in {period}; planning from scratch",
    },
    "plan.no_presence_not_in_force": {
        "da": "{cluster} har ingen fysisk tilstedeværelse i {period} (klyngen er ikke i kraft i perioden); "
        "der planlægges fra bunden",
        "en": "{cluster} has no physical presence in {period} (the cluster is not in force in the period); "
        "planning from scratch",
    },
    "plan.bad_k": {
        "da": "antallet af placeringer skal være et helt tal ≥ 0, ikke {value}",
        "en": "the number of sites must be a whole number ≥ 0, got {value}",
    },
    "plan.bad_target_share": {
        "da": "målandelen skal ligge mellem 0 og 1, ikke {value}",
        "en": "the target share must be between 0 and 1, got {value}",
    },
    "plan.note.k_zero": {
        "da": "k = 0: ingen ny placering; tallene er de nuværende placeringers.",
        "en": "k = 0: no new site; the figures are those of the existing presence.",
    },
    "plan.note.no_useful_candidate": {
        "da": "Ingen kandidat øger dækningen ud over de nuværende placeringer.",
        "en": "No candidate adds coverage beyond the existing presence.",
    },
    "plan.note.k_exceeds_useful": {
        "da": "k = {k}, men kun {useful} kandidat(er) øger dækningen; de vælges alle, og alt der kan nås, "
        "er dækket.",
        "en": "k = {k}, but only {useful} candidate(s) add coverage; all of them are chosen and every "
        "reachable demand point is covered.",
    },
    "plan.note.already_met": {
        "da": "De nuværende placeringer når allerede målet; der behøves ingen ny placering.",
        "en": "The existing presence already meets the target; no new site is needed.",
    },
    "plan.note.target_unreachable": {
        "da": "Målet på {target:.1%} kan ikke nås: højst {reachable} ({share:.1%} af det hele) kan nås med "
        "alle {useful} nyttige kandidat(er).",
        "en": "The target of {target:.1%} cannot be reached: at most {reachable} ({share:.1%} of the total) "
        "is reachable, with all {useful} useful candidate(s).",
    },
    "plan.note.target_unreachable_exhaustive": {"da": "Målet kan ikke nås.", "en": "Target unreachable."},
    "plan.note.answer_misses_target": {
        "da": "Løserens svar når ikke målet; der anbefales ingen placering.",
        "en": "The solver's answer does not meet the target; no site is recommended.",
    },
    "plan.note.maybe_not_minimum": {
        "da": "Antallet af placeringer er måske ikke det mindst mulige.",
        "en": "The number of sites may not be the minimum.",
    },
    "plan.note.solver_failed": {"da": "Løseren fejlede: {error}.", "en": "The solver failed: {error}."},
    "plan.note.time_limit_feasible": {
        "da": "Løseren stoppede ved tidsgrænsen ({seconds} s) med et gyldigt svar, der ikke er bevist "
        "optimalt.",
        "en": "The solver stopped at the time limit ({seconds} s) with a feasible answer that is not proven "
        "optimal.",
    },
    "plan.note.not_solved": {
        "da": "Løseren fandt ingen løsning inden for tidsgrænsen ({seconds} s); der anbefales ingen placering.",
        "en": "The solver found no solution within the time limit ({seconds} s); no site is recommended.",
    },
    "plan.note.infeasible": {
        "da": "Løseren melder, at modellen ikke kan løses.",
        "en": "The solver reports the model as infeasible.",
    },
    "plan.note.sites_add_nothing": {
        "da": "{dropped} af de {selected} valgte placering(er) ville ikke tilføje noget ud over de andre, så "
        "der anbefales kun {kept}.",
        "en": "{dropped} of the {selected} selected site(s) would add nothing beyond the others, so only "
        "{kept} site(s) are recommended.",
    },
    "plan.note.unreachable": {
        "da": "{n} efterspørgselspunkt(er) med vægt {weight} ligger uden for rækkevidde af de nuværende "
        "placeringer og af alle kandidater og kan ikke dækkes: {names}.",
        "en": "{n} demand point(s) with weight {weight} are beyond the reach of the existing presence and of "
        "every candidate and cannot be covered: {names}.",
    },
    "plan.note.unreachable_share": {
        "da": "{n} efterspørgselspunkt(er) med vægt {weight} ({share:.1%} af det hele) ligger uden for "
        "rækkevidde af de nuværende placeringer og af alle kandidater og kan ikke dækkes: {names}.",
        "en": "{n} demand point(s) with weight {weight} ({share:.1%} of the total) are beyond the reach of "
        "the existing presence and of every candidate and cannot be covered: {names}.",
    },
    "plan.note.exhaustive": {"da": "Udtømmende søgning.", "en": "Exhaustive search."},
    # --- the coverage method (klyngekort.present.wording.describe_method) ------------------------
    "method.reach_minutes": {
        "da": "højst {minutes} minutter væk efter rejsetidstabellen (par uden tal regnes som ikke nåelige)",
        "en": "within {minutes} minutes by the travel-time table (pairs missing from it count as not reachable)",
    },
    "method.reach_km": {
        "da": "højst {radius} km væk i luftlinje (EPSG:25832) fra kommunens midtpunkt",
        "en": "within {radius} km in a straight line (EPSG:25832) from the municipality's centre point",
    },
    "method.hub_area": {
        "da": "Erhvervshusområde: en kommune er dækket af en klynge, når klyngen har et kontor, en "
        "samlokalisering eller indstationerede medarbejdere et sted i kommunens erhvervshusområde. 'Inden "
        "for rækkevidde af området' betyder {reach} for mindst én af områdets kommuner.",
        "en": "Hub area: a municipality is covered by a cluster when the cluster has a site, co-location or "
        "seconded staff somewhere in the municipality's hub area. 'Within reach of the area' means {reach} "
        "of at least one municipality of the area.",
    },
    "method.distance": {
        "da": "Afstand: en kommune er dækket af en klynge, når klyngen er til stede {reach}.",
        "en": "Distance: a municipality is covered by a cluster when a presence of the cluster is {reach}.",
    },
    "method.straight_line_caveat": {
        "da": "For kommuner uden fast forbindelse (Bornholm, Samsø, Læsø, Ærø og Fanø) undervurderer "
        "luftlinjen rejsen.",
        "en": "For municipalities without a fixed link (Bornholm, Samsø, Læsø, Ærø, Fanø) the straight line "
        "understates the trip.",
    },
    # --- scenario changes in a line (klyngekort.present.wording.change_text) --------------------
    "change.since": {"da": " fra {valid_from}", "en": " from {valid_from}"},
    "change.at": {"da": " ved ({lat}, {lon})", "en": " at ({lat}, {lon})"},
    "change.add_co_location": {
        "da": "Samlokalisering: {cluster} i {hub}{since}",
        "en": "Co-location: {cluster} in {hub}{since}",
    },
    "change.add_secondment": {
        "da": "Indstationering: {persons} person(er) fra {cluster} i {hub}{since}",
        "en": "Secondment: {persons} person(s) from {cluster} to {hub}{since}",
    },
    "change.remove_site": {"da": "Fjern adresse {site}", "en": "Remove site {site}"},
    "change.add_tie": {
        "da": "Samarbejde ({tie_kind}): {hub} og {cluster}: {elements}{since}",
        "en": "Cooperation ({tie_kind}): {hub} and {cluster}: {elements}{since}",
    },
    "change.no_elements": {"da": "ingen elementer", "en": "no elements"},
    "change.add_site": {
        "da": "Ny adresse ({site_kind}): {cluster} i kommune {kommunekode}{at}{since}",
        "en": "New site ({site_kind}): {cluster} in municipality {kommunekode}{at}{since}",
    },
    # --- the klyngekort command (klyngekort.cli) ---------------------------------------------
    "cli.error": {"da": "{prog}: fejl: {message}", "en": "{prog}: error: {message}"},
    "cli.internal_error": {
        "da": "{prog}: intern fejl: {error} (sæt KLYNGEKORT_DEBUG=1 for at se sporingen)",
        "en": "{prog}: internal error: {error} (set KLYNGEKORT_DEBUG=1 to see the traceback)",
    },
    "cli.unrecognized_arguments": {
        "da": "ukendte argumenter: {arguments}",
        "en": "unrecognized arguments: {arguments}",
    },
    "cli.bad_mode": {
        "da": "ukendt tilstand '{value}': brug distance eller hub-area",
        "en": "unknown mode '{value}': use distance or hub-area",
    },
    "cli.not_a_number": {
        "da": "{option} skal være et tal, ikke '{value}'",
        "en": "{option} must be a number, got '{value}'",
    },
    "cli.not_finite": {
        "da": "{option} skal være et endeligt tal, ikke '{value}'",
        "en": "{option} must be a finite number, got '{value}'",
    },
    "cli.bad_target_share": {
        "da": "--target-share skal være en andel 0–1, en procentsats som 80% eller 'all', ikke '{value}'",
        "en": "--target-share must be a share 0–1, a percentage such as 80% or 'all', got '{value}'",
    },
    "cli.target_share_range": {
        "da": "--target-share skal ligge mellem 0 og 1 (0%–100%), ikke '{value}'",
        "en": "--target-share must be between 0 and 1 (0%–100%), got '{value}'",
    },
    "cli.geodata": {"da": "{problem} {how_to}", "en": "{problem} {how_to}"},
    "cli.fetch_failed": {"da": "{problem}", "en": "{problem}"},
    "cli.data_errors": {
        "da": "{where}: {n} fejl i data; intet blev beregnet (klyngekort validate --data {where} viser alle "
        "problemer)",
        "en": "{where}: {n} error(s) in the data; nothing was computed (klyngekort validate --data {where} "
        "lists every problem)",
    },
    "cli.data_warnings": {
        "da": "{where}: {n} advarsel/advarsler i data (se klyngekort validate)",
        "en": "{where}: {n} warning(s) in the data (see klyngekort validate)",
    },
    "cli.example_data": {
        "da": "EKSEMPELDATA: {label} indeholder opdigtede rækker, ikke fakta",
        "en": "EKSEMPELDATA: {label} holds invented rows, not facts",
    },
    "cli.radius_out_of_range": {
        "da": "--radius-km {radius} er uden for det tilladte: brug {min}–{max} km",
        "en": "--radius-km {radius} is out of range: use {min}–{max} km",
    },
    "cli.minutes_not_positive": {
        "da": "--minutes {minutes} skal være mere end 0",
        "en": "--minutes {minutes} must be more than 0",
    },
    "cli.minutes_need_table": {
        "da": "--minutes kræver en rejsetidstabel: --travel-times FIL (CSV from_kommunekode,to_kommunekode,"
        "minutes)",
        "en": "--minutes needs a travel-time table: --travel-times FILE (CSV from_kommunekode,to_kommunekode,"
        "minutes)",
    },
    "cli.travel_times_not_found": {
        "da": "--travel-times {path}: filen findes ikke",
        "en": "--travel-times {path}: file not found",
    },
    "cli.travel_times_errors": {
        "da": "{path}: rejsetidstabellen har {n} fejl; forventede CSV-kolonnerne from_kommunekode,"
        "to_kommunekode,minutes",
        "en": "{path}: the travel-time table has {n} error(s); expected CSV columns from_kommunekode,"
        "to_kommunekode,minutes",
    },
    "cli.bad_parameters": {"da": "ugyldige parametre: {error}", "en": "invalid parameters: {error}"},
    "cli.unknown_clusters": {
        "da": "{option}: ukendt(e) klynge-id(er) {ids} (kendte: {known})",
        "en": "{option}: unknown cluster id(s) {ids} (known: {known})",
    },
    "cli.binary_needs_out": {"da": "binært output kræver --out FIL", "en": "binary output needs --out FILE"},
    "cli.out_folder_missing": {
        "da": "--out {out}: mappen {folder} findes ikke",
        "en": "--out {out}: the folder {folder} does not exist",
    },
    "cli.out_cannot_write": {
        "da": "--out {out}: kan ikke skrive filen: {error}",
        "en": "--out {out}: cannot write the file: {error}",
    },
    "cli.wrote": {"da": "skrev {path}", "en": "wrote {path}"},
    "cli.validate_summary": {
        "da": "{where}: {errors} fejl, {warnings} advarsel/advarsler",
        "en": "{where}: {errors} error(s), {warnings} warning(s)",
    },
    "cli.geodata_area": {"da": "areal: {km2:.1f} km2 (EPSG:25832)", "en": "area: {km2:.1f} km2 (EPSG:25832)"},
    "cli.geodata_display": {"da": "kortlag: {n} flader", "en": "display layer: {n} features"},
    "cli.geodata_attribution": {"da": "kreditering: {attribution}", "en": "attribution: {attribution}"},
    "cli.xlsx_needs_out": {
        "da": "--format xlsx kræver --out FIL.xlsx (Excel skrives ikke til terminalen)",
        "en": "--format xlsx needs --out FILE.xlsx (Excel is not written to the terminal)",
    },
    "cli.bad_add_site": {"da": "{problem}", "en": "{problem}"},
    "cli.cluster_not_in_force": {
        "da": "advarsel: klyngen {cluster} er ikke i kraft i {period}: den har ingen tilstedeværelse",
        "en": "warning: cluster {cluster} is not in force in {period}: it has no presence",
    },
    "cli.add_site_not_shown": {
        "da": "advarsel: --add-site {site}: klyngen {cluster} er ikke blandt --cluster og vises ikke",
        "en": "warning: --add-site {site}: cluster {cluster} is not among --cluster and is not shown",
    },
    "cli.method": {"da": "metode: {method}", "en": "method: {method}"},
    # The newest commands (geodata fetch, map/deck/report, serve) still word their usage and
    # system errors in English, passed through as text.
    "cli.unknown_hubs": {
        "da": "{option}: ukendt(e) erhvervshus-id(er) {ids} (kendte: {known})",
        "en": "{option}: unknown hub id(s) {ids} (known: {known})",
    },
    "cli.unknown_areas": {
        "da": "--area: ukendt(e) område(r) {areas} (kendte: {known})",
        "en": "--area: unknown area(s) {areas} (known: {known})",
    },
    "cli.unknown_scenario": {
        "da": "--scenario: ukendt scenarie '{scenario}' (klyngekort scenario list)",
        "en": "--scenario: unknown scenario '{scenario}' (klyngekort scenario list)",
    },
    "cli.out_suffix": {
        "da": "--out {out}: filnavnet skal ende på {suffixes}",
        "en": "--out {out}: the file name must end in {suffixes}",
    },
    "cli.bad_map_format": {
        "da": "--format: brug png, svg eller pdf (eller en --out, der ender på en af dem), ikke '{value}'",
        "en": "--format: use png, svg or pdf (or an --out ending in one of them), got '{value}'",
    },
    "cli.view_hub_needs_hub": {"da": "--view hub kræver ét --hub ID", "en": "--view hub needs one --hub ID"},
    "cli.view_scenario_needs_scenario": {
        "da": "--view scenario kræver --scenario ID",
        "en": "--view scenario needs --scenario ID",
    },
    "cli.view_cluster_needs_cluster": {
        "da": "--view cluster kræver ét --cluster ID",
        "en": "--view cluster needs one --cluster ID",
    },
    "cli.one_hub_only": {
        "da": "--hub: angiv ét erhvervshus (kortet zoomer ind på dets område)",
        "en": "--hub: give one hub (the map zooms to its area)",
    },
    "cli.map_written": {
        "da": "{view}-kort, {size} ({w}×{h} px ved {dpi} dpi), {format}: {title}",
        "en": "{view} map, {size} ({w}×{h} px at {dpi} dpi), {format}: {title}",
    },
    "cli.slides": {"da": "{n} dias", "en": "{n} slides"},
    "cli.added_for_run": {"da": "tilføjet i denne kørsel: {site}", "en": "added for this run: {site}"},
    "cli.note": {"da": "bemærk: {note}", "en": "note: {note}"},
    "cli.sites_negative": {
        "da": "--sites skal være et helt tal ≥ 0, ikke {value}",
        "en": "--sites must be a whole number ≥ 0, got {value}",
    },
    "cli.time_limit_not_positive": {
        "da": "--time-limit skal være mere end 0 sekunder, ikke {value}",
        "en": "--time-limit must be more than 0 seconds, got {value}",
    },
    "cli.no_plan": {"da": "ingen plan for {cluster}: {problems}", "en": "no plan for {cluster}: {problems}"},
    "cli.solver_status": {"da": "løserens status: {status}", "en": "solver status: {status}"},
    "cli.no_scenarios": {"da": "ingen scenarier i {path}", "en": "no scenarios in {path}"},
    "cli.show_name": {"da": "navn: {value}", "en": "name: {value}"},
    "cli.show_author": {"da": "forfatter: {value}", "en": "author: {value}"},
    "cli.show_description": {"da": "beskrivelse: {value}", "en": "description: {value}"},
    "cli.show_created_at": {"da": "oprettet: {value}", "en": "created_at: {value}"},
    "cli.show_updated_at": {"da": "ændret: {value}", "en": "updated_at: {value}"},
    "cli.show_version": {"da": "version: {value}", "en": "version: {value}"},
    "cli.show_read_only_yes": {"da": "skrivebeskyttet: ja", "en": "read_only: yes"},
    "cli.show_read_only_no": {"da": "skrivebeskyttet: nej", "en": "read_only: no"},
    "cli.show_changes": {"da": "ændringer: {value}", "en": "changes: {value}"},
    "cli.file_not_found": {"da": "{path}: filen findes ikke", "en": "{path}: file not found"},
    "cli.cannot_read_file": {
        "da": "{path}: kan ikke læse filen: {error}",
        "en": "{path}: cannot read the file: {error}",
    },
    "cli.dataset_has_errors": {
        "da": "{where}: datasættet har fejl; scenariet kan ikke kontrolleres mod det",
        "en": "{where}: the dataset has errors; the scenario cannot be checked against it",
    },
    "cli.import_failed": {
        "da": "{path}: {n} fejl; intet blev gemt",
        "en": "{path}: {n} error(s); nothing was saved",
    },
    "cli.imported": {
        "da": "importerede '{name}' ({n} ændring(er)) i {path}",
        "en": "imported '{name}' ({n} change(s)) into {path}",
    },
    "cli.deleted": {"da": "slettede '{name}' ({id})", "en": "deleted '{name}' ({id})"},
    "cli.warning": {"da": "advarsel: {problem}", "en": "warning: {problem}"},
    "cli.megabytes": {"da": "{mb:.1f} MB", "en": "{mb:.1f} MB"},
    "cli.downloading": {"da": "henter", "en": "downloading"},
    "cli.progress": {"da": "{label}: {received}", "en": "{label}: {received}"},
    "cli.progress_of": {
        "da": "{label}: {received} af {total} ({pct} %)",
        "en": "{label}: {received} of {total} ({pct} %)",
    },
    "cli.timeout_not_positive": {
        "da": "--timeout skal være over 0 sekunder, ikke {value}",
        "en": "--timeout must be above 0 seconds, got {value}",
    },
    "cli.attempts_below_one": {
        "da": "--attempts skal være mindst 1, ikke {value}",
        "en": "--attempts must be at least 1, got {value}",
    },
    "cli.fetching": {
        "da": "henter DAGI-kommunegrænserne fra {source} til {dest}",
        "en": "fetching DAGI municipal boundaries from {source} into {dest}",
    },
    "cli.geo_file": {"da": "fil: {path}", "en": "file: {path}"},
    "cli.geo_found": {"da": "fundet: {path} ({how})", "en": "found: {path} ({how})"},
    "cli.geo_source": {"da": "kilde: {source} ({title})", "en": "source: {source} ({title})"},
    "cli.geo_source_unknown": {
        "da": "kilde: ukendt (ingen oprindelsesfil ved siden af; `klyngekort geodata fetch` skriver en)",
        "en": "source: unknown (no provenance file beside it; `klyngekort geodata fetch` writes one)",
    },
    "cli.geo_fetched": {"da": "hentet: {fetched}", "en": "fetched: {fetched}"},
    "cli.geo_fetched_days_ago": {
        "da": "hentet: {fetched} (for {days} dage siden)",
        "en": "fetched: {fetched} ({days} days ago)",
    },
    "cli.geo_fetched_a_day_ago": {
        "da": "hentet: {fetched} (for {days} dag siden)",
        "en": "fetched: {fetched} ({days} day ago)",
    },
    "cli.geo_licence": {"da": "licens: {licence}, {publisher}", "en": "licence: {licence}, {publisher}"},
    "cli.geo_licence_assumed": {
        "da": "licens: {licence}, {publisher} (antaget: en URL-kilde)",
        "en": "licence: {licence}, {publisher} (assumed: a URL source)",
    },
    "cli.geo_data_date": {
        "da": "datadato: {date} (den seneste grænseændring, filen eller dens kilde oplyser)",
        "en": "data date: {date} (the latest boundary change the file or its source records)",
    },
    "cli.geo_features": {"da": "flader: {n}", "en": "features: {n}"},
    "cli.geo_municipalities": {"da": "kommuner: {n} af 98", "en": "municipalities: {n} of 98"},
    "cli.geo_municipalities_outside": {
        "da": "kommuner: {n} af 98 (+{outside} uden for kommuneinddelingen: {codes})",
        "en": "municipalities: {n} of 98 (+{outside} outside the municipal division: {codes})",
    },
    "cli.geo_crs": {
        "da": "crs: {crs} (afstande og arealer i EPSG:25832)",
        "en": "crs: {crs} (distances and areas in EPSG:25832)",
    },
    "cli.geo_repaired": {"da": "reparerede geometrier: {n}", "en": "repaired geometries: {n}"},
    "cli.geo_bytes": {"da": "bytes: {n:.0f}", "en": "bytes: {n:.0f}"},
    "cli.geo_provenance": {"da": "oprindelse: {path}", "en": "provenance: {path}"},
    "cli.geo_unchanged": {
        "da": "de samme bytes som den kopi, der lå der",
        "en": "the same bytes as the copy that was there",
    },
    "cli.geo_kept_configured": {
        "da": "bemærk: Klyngekort bruger fortsat {in_use} ({env} eller indstillingsfilen peger dér); sæt "
        "{env}={folder} for at bruge denne kopi",
        "en": "note: Klyngekort keeps using {in_use} ({env} or the settings file points there); set "
        "{env}={folder} to use this copy",
    },
    "cli.geo_kept_first": {
        "da": "bemærk: Klyngekort bruger fortsat {in_use} (den kommer først i søgerækkefølgen); sæt "
        "{env}={folder} for at bruge denne kopi",
        "en": "note: Klyngekort keeps using {in_use} (it comes first in the lookup order); set "
        "{env}={folder} to use this copy",
    },
    "cli.geo_set_by": {"da": "sat af {env}", "en": "set by {env}"},
    "cli.geo_set_in": {"da": "sat i {file}", "en": "set in {file}"},
    "cli.geo_lookup_order": {"da": "søgerækkefølge {order}", "en": "lookup order {order}"},
    "cli.geo_stale_fetch": {
        "da": "advarsel: hentet {date}, for over et år siden: `klyngekort geodata fetch` henter de aktuelle "
        "grænser",
        "en": "warning: fetched {date}, more than a year ago: `klyngekort geodata fetch` gets the current "
        "boundaries",
    },
    "cli.geo_stale_data": {
        "da": "advarsel: grænserne er fra {date}, for over et år siden: `klyngekort geodata fetch` henter de "
        "aktuelle",
        "en": "warning: the boundaries date from {date}, more than a year ago: `klyngekort geodata fetch` gets "
        "the current ones",
    },
    "cli.geo_date_unknown": {
        "da": "datoen for disse grænser er ukendt",
        "en": "the date of these boundaries is unknown",
    },
    "cli.nginx_not_found": {
        "da": "nginx blev ikke fundet: installér Debians nginx (apt-get install nginx) eller angiv --nginx STI",
        "en": "nginx was not found: install Debian's nginx (apt-get install nginx) or pass --nginx PATH",
    },
    "cli.nginx_refused": {
        "da": "nginx afviste konfigurationen {conf}: {error}",
        "en": "nginx refused the configuration {conf}: {error}",
    },
    "cli.nginx_exited": {
        "da": "nginx stoppede med {returncode}; se {log}",
        "en": "nginx exited with {returncode}; see {log}",
    },
    "cli.instance_exited": {
        "da": "instans {index} stoppede med {returncode}; se {log}",
        "en": "instance {index} exited with {returncode}; see {log}",
    },
    "cli.instances_not_started": {
        "da": "instanserne {indexes} startede ikke; se {prefix}",
        "en": "instances {indexes} did not start; see {prefix}",
    },
    "cli.instance_down": {
        "da": "klyngekort serve: instans {index} (port {port}) stoppede med {returncode}; dens brugere flyttes "
        "til de andre",
        "en": "klyngekort serve: instance {index} (port {port}) exited with {returncode}; its users are moved "
        "to the others",
    },
    "cli.instance_restarted": {
        "da": "klyngekort serve: instans {index} er startet igen",
        "en": "klyngekort serve: instance {index} started again",
    },
    "cli.instances_below_one": {
        "da": "--instances skal være mindst 1",
        "en": "--instances must be at least 1",
    },
    "cli.instance_ports_mismatch": {
        "da": "--instance-ports skal have én port pr. instans",
        "en": "--instance-ports needs one port per instance",
    },
    "cli.instance_ports_clash": {
        "da": "--instance-ports skal være forskellige porte, og ingen af dem må være nginx' port (--port)",
        "en": "--instance-ports must be different ports, and none of them nginx's port (--port)",
    },
    "cli.serve_started": {
        "da": "Klyngekort: {n} instanser bag nginx på {url}",
        "en": "Klyngekort: {n} instances behind nginx at {url}",
    },
    "cli.serve_instances": {"da": "  instanser: {urls}", "en": "  instances: {urls}"},
    "cli.serve_store": {
        "da": "  lager (data, historik, brugere og scenarier): {store}",
        "en": "  store (data, history, users and scenarios): {store}",
    },
    "cli.serve_logs": {"da": "  logfiler og nginx.conf: {prefix}", "en": "  logs and nginx.conf: {prefix}"},
    "cli.run_fetched": {
        "da": "klyngekort run: hentede {features} flader ({municipalities} kommuner) til {path}, med deres "
        "oprindelse ved siden af",
        "en": "klyngekort run: fetched {features} features ({municipalities} municipalities) into {path}, "
        "with its provenance beside it",
    },
    # --- limits and hostile input (klyngekort.core.limits) ---------------------------------------
    "limits.data_file_bytes": {
        "da": "største datafil (CSV), i bytes",
        "en": "largest data file (CSV), in bytes",
    },
    "limits.data_rows": {"da": "flest rækker i en datafil", "en": "most rows in a data file"},
    "limits.field_chars": {
        "da": "længste felt (celle) i en datafil eller rejsetidstabel, i tegn",
        "en": "longest field (cell) in a data file or travel-time table, in characters",
    },
    "limits.name_chars": {
        "da": "længste navn (name, short_name, titler), i tegn",
        "en": "longest name (name, short_name, titles), in characters",
    },
    "limits.messages_per_kind": {
        "da": "flest meddelelser af samme slags pr. fil, før resten tælles sammen",
        "en": "most messages of one kind per file before the rest are counted together",
    },
    "limits.travel_file_bytes": {
        "da": "største rejsetidstabel, i bytes",
        "en": "largest travel-time table, in bytes",
    },
    "limits.travel_rows": {
        "da": "flest rækker i en rejsetidstabel",
        "en": "most rows in a travel-time table",
    },
    "limits.travel_codes": {
        "da": "flest forskellige kommunekoder i en rejsetidstabel",
        "en": "most distinct municipality codes in a travel-time table",
    },
    "limits.travel_cache_bytes": {
        "da": "hukommelse til indlæste rejsetidstabeller i appen, i bytes",
        "en": "memory for loaded travel-time tables in the app, in bytes",
    },
    "limits.scenario_file_bytes": {
        "da": "største scenariefil (JSON), i bytes",
        "en": "largest scenario file (JSON), in bytes",
    },
    "limits.scenario_changes": {"da": "flest ændringer i et scenarie", "en": "most changes in a scenario"},
    "limits.json_depth": {
        "da": "dybeste indlejring i en scenariefil",
        "en": "deepest nesting in a scenario file",
    },
    "limits.persons": {
        "da": "flest udstationerede personer i én række eller ændring",
        "en": "most seconded persons in one row or change",
    },
    "limits.fte": {"da": "flest årsværk i én række", "en": "most full-time equivalents in one row"},
    "limits.minutes": {"da": "længste rejsetid, i minutter", "en": "longest travel time, in minutes"},
    "limits.population": {"da": "største befolkningstal i én række", "en": "largest population in one row"},
    "limits.number_magnitude": {
        "da": "største tal i et talfelt uden egen grænse",
        "en": "largest number in a numeric field without a bound of its own",
    },
    "limits.upload_mb": {
        "da": "største fil, der kan lægges op i appen, i MB (Streamlits server.maxUploadSize)",
        "en": "largest file that can be uploaded in the app, in MB (Streamlit's server.maxUploadSize)",
    },
    "msg.more_of_kind": {
        "da": "… og {n} flere af samme slags",
        "en": "… and {n} more of the same kind",
    },
    "data.file_too_large": {
        "da": "filen er {size} bytes; grænsen er {max} bytes (KLYNGEKORT_LIMIT_DATA_FILE_BYTES). Intet blev læst",
        "en": "the file is {size} bytes; the limit is {max} bytes (KLYNGEKORT_LIMIT_DATA_FILE_BYTES). Nothing "
        "was read",
    },
    "data.too_many_rows": {
        "da": "filen har flere end {max} rækker (KLYNGEKORT_LIMIT_DATA_ROWS); læsningen stoppede her",
        "en": "the file has more than {max} rows (KLYNGEKORT_LIMIT_DATA_ROWS); reading stopped here",
    },
    "data.field_too_long": {
        "da": "feltet er længere end {max} tegn (KLYNGEKORT_LIMIT_FIELD_CHARS)",
        "en": "the field is longer than {max} characters (KLYNGEKORT_LIMIT_FIELD_CHARS)",
    },
    "data.name_too_long": {
        "da": "navnet har {length} tegn; grænsen er {max} (KLYNGEKORT_LIMIT_NAME_CHARS)",
        "en": "the name has {length} characters; the limit is {max} (KLYNGEKORT_LIMIT_NAME_CHARS)",
    },
    "data.unsafe_character": {
        "da": "teksten indeholder det usynlige eller retningsvendende tegn {char}; fjern det",
        "en": "the text contains the invisible or direction-changing character {char}; remove it",
    },
    "data.number_too_large": {
        "da": "{value} er større end grænsen {max} ({limit})",
        "en": "{value} is above the limit {max} ({limit})",
    },
    "tt.file_too_large": {
        "da": "filen er {size} bytes; grænsen er {max} bytes (KLYNGEKORT_LIMIT_TRAVEL_FILE_BYTES). Intet blev "
        "læst",
        "en": "the file is {size} bytes; the limit is {max} bytes (KLYNGEKORT_LIMIT_TRAVEL_FILE_BYTES). Nothing "
        "was read",
    },
    "tt.too_many_rows": {
        "da": "tabellen har flere end {max} rækker (KLYNGEKORT_LIMIT_TRAVEL_ROWS); læsningen stoppede her",
        "en": "the table has more than {max} rows (KLYNGEKORT_LIMIT_TRAVEL_ROWS); reading stopped here",
    },
    "tt.field_too_long": {
        "da": "feltet er længere end {max} tegn (KLYNGEKORT_LIMIT_FIELD_CHARS); læsningen stoppede her",
        "en": "the field is longer than {max} characters (KLYNGEKORT_LIMIT_FIELD_CHARS); reading stopped here",
    },
    "tt.too_many_codes": {
        "da": "tabellen har flere end {max} forskellige kommunekoder (KLYNGEKORT_LIMIT_TRAVEL_CODES); der er "
        "99 i DAGI. Læsningen stoppede her",
        "en": "the table has more than {max} distinct municipality codes (KLYNGEKORT_LIMIT_TRAVEL_CODES); DAGI "
        "has 99. Reading stopped here",
    },
    "tt.minutes_too_large": {
        "da": "{value} minutter er over grænsen {max} (KLYNGEKORT_LIMIT_MINUTES)",
        "en": "{value} minutes is above the limit {max} (KLYNGEKORT_LIMIT_MINUTES)",
    },
    "scenario.too_deep": {
        "da": "JSON er indlejret mere end {max} niveauer (KLYNGEKORT_LIMIT_JSON_DEPTH); en scenariefil bruger 3",
        "en": "the JSON is nested more than {max} levels (KLYNGEKORT_LIMIT_JSON_DEPTH); a scenario file uses 3",
    },
    "scenario.number_out_of_range": {
        "da": "{field} = {value} er uden for {min}–{max}",
        "en": "{field} = {value} is outside {min}–{max}",
    },
    "scenario.unsafe_character": {
        "da": "{field} indeholder tegnet {char} (usynligt, retningsvendende eller et enligt surrogat); fjern det",
        "en": "{field} contains the character {char} (invisible, direction-changing or a lone surrogate); "
        "remove it",
    },
    "scenario.name_unsafe_character": {
        "da": "navnet indeholder tegnet {char} (usynligt, retningsvendende eller et enligt surrogat); fjern det",
        "en": "the name contains the character {char} (invisible, direction-changing or a lone surrogate); "
        "remove it",
    },
    "cli.db_missing": {
        "da": "scenariedatabasen {path} findes ikke; intet blev oprettet",
        "en": "the scenario database {path} does not exist; nothing was created",
    },
    "cli.limits_header": {
        "da": "Grænser (ændres med miljøvariablen eller [limits] i klyngekort.toml):",
        "en": "Limits (change them with the environment variable or [limits] in klyngekort.toml):",
    },
    "cli.limits_line": {
        "da": "{name:<22} {value:>18}  {env:<40} {source:<8} {what}",
        "en": "{name:<22} {value:>18}  {env:<40} {source:<8} {what}",
    },
}
