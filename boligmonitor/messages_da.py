"""The Danish text of every user error the core raises in English (see messages.py).

Keys are the English messages with ``{}`` where a value goes (as in the f-string that raises them); values are the
Danish texts, with ``{}`` in the same order or ``{0}``, ``{1}`` … when Danish word order moves a value. Phrases
that are put into other messages (what a column expects, a fix) are entries too.
"""

from __future__ import annotations

DANISH: dict[str, str] = {
    # -- the shape of every input problem (errors.InputFileError)
    "{} problem(s) found in the input; nothing was written": "{} problem(er) fundet i input; intet blev skrevet",
    "{} problem(s) in {}; nothing was classified": "{} problem(er) i {}; intet blev klassificeret",
    "{}; nothing was loaded": "{}; intet blev indlæst",
    "{} problem(s) in the person-year data; nothing was written": "{} problem(er) i person-år-data; intet blev skrevet",
    "{} problem(s) in the person-year files; nothing was written":
        "{} problem(er) i person-år-filerne; intet blev skrevet",
    "{} person-year file(s) cannot be read; nothing was written":
        "{} person-år-fil(er) kan ikke læses; intet blev skrevet",
    "{} problem(s) in the registry; nothing was loaded": "{} problem(er) i registret; intet blev indlæst",
    "{} problem(s) in {}": "{} problem(er) i {}",
    "{} problem(s) in {} (first {} shown)": "{} problem(er) i {} (de første {} vises)",
    # -- the CLI's own options
    "--format must be one of {} (got '{}')": "--format skal være en af {} (fik '{}')",
    "--lang must be da or en (got '{}')": "--lang skal være da eller en (fik '{}')",
    "--output {} is a folder. Fix: give a file name, e.g. {}":
        "--output {} er en mappe. Sådan rettes det: giv et filnavn, f.eks. {}",
    "--output {}: the folder {} does not exist. Fix: create it first.":
        "--output {}: mappen {} findes ikke. Sådan rettes det: opret den først.",
    "--sensitivity must be from 0 to 100,000 runs (got {}). Fix: 1000 is plenty.":
        "--sensitivity skal være fra 0 til 100.000 kørsler (fik {}). Sådan rettes det: 1000 er rigeligt.",
    "--years must look like 2006-2024 (got '{}')": "--years skal se ud som 2006-2024 (fik '{}')",
    "municipality {} is not in the bundle's registry": "kommune {} findes ikke i bundtets register",
    # -- the CLI's command-line parsing (click)
    "No such option: {}": "Ukendt tilvalg: {}",
    "No such option: {} Did you mean {}?": "Ukendt tilvalg: {0} Mente du {1}?",
    "No such option: {} (Possible options: {})": "Ukendt tilvalg: {0} (mulige tilvalg: {1})",
    "Missing option '{}'.": "Tilvalget '{}' mangler.",
    "Missing option '{}'. {}": "Tilvalget '{}' mangler. {}",
    "Option '{}' requires an argument.": "Tilvalget '{}' skal have en værdi.",
    "Option '{}' requires {} arguments.": "Tilvalget '{}' skal have {} værdier.",
    "Invalid value for '{}': {}": "Ugyldig værdi for '{}': {}",
    "'{}' is not a valid integer.": "'{}' er ikke et helt tal.",
    "'{}' is not a valid float.": "'{}' er ikke et tal.",
    "'{}' is not a valid boolean.": "'{}' er ikke ja eller nej.",
    "No such command '{}'.": "Ukendt kommando '{}'.",
    "No such command '{}'. Did you mean {}?": "Ukendt kommando '{0}'. Mente du {1}?",
    "Missing command.": "Kommandoen mangler.",
    "Got unexpected extra argument ({})": "Uventet ekstra argument ({})",
    "Got unexpected extra arguments ({})": "Uventede ekstra argumenter ({})",
    "Try '{}' for help.": "Prøv '{}' for hjælp.",
    "Input should be a valid integer, unable to parse string as an integer": "skal være et helt tal",
    "Input should be a valid integer, got a number with a fractional part": "skal være et helt tal uden decimaler",
    "Input should be a valid number, unable to parse string as a number": "skal være et tal",
    "Input should be a valid boolean, unable to interpret input": "skal være ja eller nej (true/false)",
    # -- api.py: synth, run, bundles, classify
    "--scale must be above 0 and at most 2 (got {}). Fix: use e.g. 0.05 or 1.":
        "--scale skal være over 0 og højst 2 (fik {}). Sådan rettes det: brug f.eks. 0.05 eller 1.",
    "--years must be FIRST-LAST with 1990 ≤ FIRST ≤ LAST ≤ 2100 (got {}-{}). Fix: use e.g. 2006-2024.":
        "--years skal være FØRSTE-SIDSTE med 1990 ≤ FØRSTE ≤ SIDSTE ≤ 2100 (fik {}-{}). "
        "Sådan rettes det: brug f.eks. 2006-2024.",
    "--seed must be a whole number from 0 to {} (got {}).": "--seed skal være et helt tal fra 0 til {} (fik {}).",
    "--out {}: exists and is not an empty folder. Fix: choose a new folder; synth never writes into existing data.":
        "--out {}: findes og er ikke en tom mappe. Sådan rettes det: vælg en ny mappe; synth skriver aldrig i "
        "eksisterende data.",
    "--out {}: the folder cannot be created ({}).": "--out {}: mappen kan ikke oprettes ({}).",
    "--min-count must be from 1 to {} (got {}). Fix: use 5 (DST's minimum).":
        "--min-count skal være fra 1 til {} (fik {}). Sådan rettes det: brug 5 (Danmarks Statistiks minimum).",
    "{}/manifest.json: no 'catalogue' (the catalogue's relations); the bundle is older than format 4. Re-run "
    "'boligmonitor run' to write it again.":
        "{}/manifest.json: intet 'catalogue' (katalogets relationer); bundtet er ældre end format 4. Kør "
        "'boligmonitor run' igen for at skrive det på ny.",
    "area '{}' is not in the bundle's classifications.{}": "området '{}' findes ikke i bundtets klassifikationer.{}",
    " Known statutory areas include {}…": " Kendte lovbestemte områder er bl.a. {}…",
    "the file has a header but no rows": "filen har en overskriftsrække, men ingen rækker",
    "add one row per area and list year": "tilføj én række pr. område og listeår",
    "duplicate area and year (first in row {})": "område og år står to gange (første gang i række {})",
    "keep one row per area and list year": "behold én række pr. område og listeår",
    "every value is between 0 and {}: these look like shares written as fractions (0,435), but percentages are "
    "expected (43,5)":
        "alle værdier ligger mellem 0 og {}: det ligner andele skrevet som brøker (0,435), men der forventes "
        "procenter (43,5)",
    "multiply the values by 100; if they really are this small percentages, write them with a % sign (0,8 %)":
        "gang værdierne med 100; er de virkelig så små procenter, så skriv dem med %-tegn (0,8 %)",
    "use the list year (the first statutory list is 2010), e.g. 2024":
        "brug listeåret (den første lovbestemte liste er fra 2010), f.eks. 2024",
    "use the number of residents": "brug antallet af beboere",
    "use a percentage from 0 to 100 (43,5 for 43.5 %)": "brug en procent fra 0 til 100 (43,5 for 43,5 %)",
    "use the ratio to the national level, e.g. 2,52 (not negative)":
        "brug forholdet til landsniveauet, f.eks. 2,52 (ikke negativt)",
    "use the area's mean income as a percentage of the region's, e.g. 51 (not negative)":
        "brug områdets gennemsnitsindkomst i procent af regionens, f.eks. 51 (ikke negativ)",
    # -- forecast and watchlist
    "{}: the vintage has no classification rows, so there are no lists to score":
        "{}: dataudgaven har ingen klassifikationsrækker, så der er ingen lister at vurdere",
    "--as-of {}: a backtest needs a later list to score against; the vintage has lists for {}–{}. Fix: choose an "
    "earlier list year.":
        "--as-of {}: en backtest skal have en senere liste at måle mod; dataudgaven har lister for {}–{}. Sådan "
        "rettes det: vælg et tidligere listeår.",
    "{}: the bundle publishes none of the criterion indicators ({}); a watchlist or forecast needs them.":
        "{}: bundtet offentliggør ingen af kriteriernes indikatorer ({}); overvågningslisten og prognosen "
        "skal bruge dem.",
    "--horizon must be from 1 to {} list years (got {}).": "--horizon skal være fra 1 til {} listeår (fik {}).",
    "--futures must be from 1 to {} (got {}).": "--futures skal være fra 1 til {} (fik {}).",
    "{}: the vintage has no classification rows, so there are no lists to forecast":
        "{}: dataudgaven har ingen klassifikationsrækker, så der er ingen lister at forudsige",
    "--as-of {}: the vintage has lists for {}–{}. Fix: choose one of those list years.":
        "--as-of {}: dataudgaven har lister for {}–{}. Sådan rettes det: vælg et af de listeår.",
    "--model must be one of {} (got '{}').": "--model skal være en af {} (fik '{}').",
    "the list of {} rests on data year {}, which the vintage does not publish":
        "listen for {} bygger på dataåret {}, som dataudgaven ikke offentliggør",
    "{}: the vintage has no classification rows": "{}: dataudgaven har ingen klassifikationsrækker",
    "--year {}: the vintage has lists for {}–{}. Fix: choose one of those.":
        "--year {}: dataudgaven har lister for {}–{}. Sådan rettes det: vælg et af dem.",
    "--flag {}: not a watchlist flag; the flags are {}": "--flag {}: ikke et flag på overvågningslisten; flagene er {}",
    # -- the index
    "the bundle has no data years": "bundtet har ingen dataår",
    "no data year {} in the bundle; it covers {}–{}. Fix: give --year within that range":
        "dataåret {} findes ikke i bundtet; det dækker {}–{}. Sådan rettes det: giv --year inden for det interval",
    "the bundle publishes no {}; the index '{}' needs it. Fix: choose another preset, or write the bundle again with "
    "this version ('boligmonitor run')":
        "bundtet offentliggør ikke {}; indekset '{}' skal bruge det. Sådan rettes det: vælg en anden "
        "forudindstilling, eller skriv bundtet igen med denne version ('boligmonitor run')",
    "unknown {} id(s): {}": "ukendt {}-id: {}",
    "the index '{}' compares {} with {}, and the bundle starts in {}. Fix: give --year {} or later":
        "indekset '{}' sammenligner {} med {}, og bundtet begynder i {}. Sådan rettes det: giv --year {} eller senere",
    # -- indicators
    "unknown code: municipality not in registry/municipalities":
        "ukendt kode: kommunen findes ikke i registry/municipalities",
    "use a DST municipality code listed in the registry": "brug en kommunekode fra Danmarks Statistik, der står i "
                                                          "registret",
    "unknown code: afdeling not in registry/afdelinger": "ukendt kode: afdelingen findes ikke i registry/afdelinger",
    "add the afdeling to afdelinger.csv or correct the id": "tilføj afdelingen i afdelinger.csv, eller ret id'et",
    "municipality_code {} differs from the afdeling's municipality {} in the registry ({})":
        "municipality_code {} er en anden end afdelingens kommune {} i registret ({})",
    "correct the person's municipality or the afdeling's": "ret personens kommune eller afdelingens",
    # -- microdata: the data folder, dataset.json, persons/
    "data folder {}": "datamappen {}",
    "give --data the folder that holds registry/ and persons/": "giv --data den mappe, der indeholder registry/ og "
                                                                "persons/",
    'write a JSON object such as {"synthetic": false, "note": "…"} in UTF-8, or remove the file':
        'skriv et JSON-objekt som {"synthetic": false, "note": "…"} i UTF-8, eller fjern filen',
    "the file starts with a byte-order mark": "filen begynder med et byte-order mark (BOM)",
    "save it as UTF-8 without BOM": "gem den som UTF-8 uden BOM",
    "expected a JSON object, found {}": "forventede et JSON-objekt, fandt {}",
    "the file is not UTF-8 text": "filen er ikke UTF-8-tekst",
    "not valid JSON (at line {}, column {})": "ikke gyldig JSON (i linje {}, kolonne {})",
    "not usable JSON (a number with thousands of digits, or nesting thousands of levels deep)":
        "ubrugelig JSON (et tal med tusindvis af cifre eller tusindvis af niveauer i hinanden)",
    '"synthetic" must be true or false (JSON booleans, without quotes)':
        '"synthetic" skal være true eller false (JSON-sandhedsværdier, uden anførselstegn)',
    '"note" must be text of at most {} characters': '"note" skal være en tekst på højst {} tegn',
    "persons folder {}": "persons-mappen {}",
    "check the --data path: it must hold the folders registry/ and persons/":
        "tjek stien i --data: den skal indeholde mapperne registry/ og persons/",
    "expected a data file, found a folder without data files": "forventede en datafil, fandt en mappe uden datafiler",
    "remove the folder or put the person-year files in it": "fjern mappen, eller læg person-år-filerne i den",
    "both Parquet and CSV files found": "der er både Parquet- og CSV-filer",
    "keep one format in persons/": "brug ét format i persons/",
    "no .parquet or .csv files found": "ingen .parquet- eller .csv-filer fundet",
    "add person-year files": "tilføj person-år-filer",
    "part of the file cannot be read (a damaged data page)": "en del af filen kan ikke læses (en beskadiget dataside)",
    "export the file again from its source; the footer is intact but the data is not":
        "eksportér filen igen fra kilden; filens afslutning er hel, men data er ikke",
    "the file is empty": "filen er tom",
    "add a header row and the person rows": "tilføj en overskriftsrække og personrækkerne",
    "expected {} fields separated by '{}', found {}{}": "forventede {} felter adskilt af '{}', fandt {}{}",
    "check for a stray separator, an unclosed quote or a missing field in this row":
        "se efter et skilletegn for meget, et anførselstegn der ikke lukkes, eller et manglende felt i rækken",
    "required column is missing": "en påkrævet kolonne mangler",
    "required column is missing{}": "en påkrævet kolonne mangler{}",
    "add a column '{}' ({})": "tilføj en kolonne '{}' ({})",
    "the first line has none of the expected column names ({} unknown names, not shown: without a header they may "
    "be a person's values)":
        "første linje har ingen af de forventede kolonnenavne ({} ukendte navne, ikke vist: uden overskriftsrække "
        "kan de være en persons værdier)",
    "add the header row (see docs/data-contracts.md)": "tilføj overskriftsrækken (se docs/data-contracts.md)",
    "required columns are missing: {}": "påkrævede kolonner mangler: {}",
    "add these columns (see docs/data-contracts.md)": "tilføj disse kolonner (se docs/data-contracts.md)",
    "unknown column": "ukendt kolonne",
    "remove or rename it (see docs/data-contracts.md)": "fjern eller omdøb den (se docs/data-contracts.md)",
    "the CSV file cannot be read ({})": "CSV-filen kan ikke læses ({})",
    "save the whole file as UTF-8 or as Windows-1252, with one header row":
        "gem hele filen som UTF-8 eller som Windows-1252 med én overskriftsrække",
    "the file holds no rows": "filen indeholder ingen rækker",
    "remove it or export the year again": "fjern den, eller eksportér året igen",
    "add the person rows or remove the file": "tilføj personrækkerne, eller fjern filen",
    "duplicate person-year: the same person_id appears {} times in {} (rows {}){}":
        "person-år står flere gange: samme person_id forekommer {} gange i {} (rækker {}){}",
    "keep one row per person per year": "behold én række pr. person pr. år",
    "expected {}": "forventede {}",
    "correct the value or the column type": "ret værdien eller kolonnens type",
    "value is empty": "værdien er tom",
    "fill in {}": "udfyld {}",
    "value is not one of the allowed codes": "værdien er ikke en af de tilladte koder",
    "use one of: {}": "brug en af: {}",
    "value outside the allowed range {} to {}": "værdien ligger uden for det tilladte interval {} til {}",
    "value outside the allowed range {}": "værdien ligger uden for det tilladte interval {}",
    "correct the value": "ret værdien",
    "a whole number in plain digits (e.g. 34; not 34.5, 3e1, 0x10 or 1_000)":
        "et helt tal skrevet med cifre (f.eks. 34; ikke 34.5, 3e1, 0x10 eller 1_000)",
    "a number (e.g. 0.25 or 0,25; not inf, nan or 0x1)": "et tal (f.eks. 0.25 eller 0,25; ikke inf, nan eller 0x1)",
    "true/false (or ja/nej, 1/0)": "true/false (eller ja/nej, 1/0)",
    "text": "tekst",
    "a whole number in plain digits (e.g. 2024; not 2024.5, 2e3 or 0x7E8)":
        "et helt tal skrevet med cifre (f.eks. 2024; ikke 2024.5, 2e3 eller 0x7E8)",
    "a number with a decimal point or comma (e.g. 43,5; no exponent, no 1_000)":
        "et tal med decimalpunktum eller -komma (f.eks. 43,5; ingen eksponent, ikke 1_000)",
    "a percentage (e.g. 43,5 or 43,5 %)": "en procent (f.eks. 43,5 eller 43,5 %)",
    "a date as YYYY-MM-DD (or DD-MM-YYYY)": "en dato som ÅÅÅÅ-MM-DD (eller DD-MM-ÅÅÅÅ)",
    "use the four-digit data year": "brug dataåret med fire cifre",
    "use the age in whole years at the end of the data year": "brug alderen i hele år ved dataårets udgang",
    "use a share of the year between 0 and 1 (0.25 = a quarter), not a percentage":
        "brug en andel af året mellem 0 og 1 (0.25 = et kvartal), ikke en procent",
    "use the year's gross income in DKK (a finite number, at most 10 billion either way)":
        "brug årets bruttoindkomst i kr. (et endeligt tal, højst 10 mia. i begge retninger)",
    "use the grade average on the 7-point scale (-3 to 12)": "brug karaktergennemsnittet på 7-trinsskalaen (-3 til 12)",
    # -- tabular files (registry tables, values files)
    "expected a {}, found a folder": "forventede en {}, fandt en mappe",
    "remove or rename the folder": "fjern eller omdøb mappen",
    "expected a {}, found a pipe, socket or device": "forventede en {}, fandt en pipe, en socket eller en enhed",
    "copy the data into an ordinary file": "kopiér data over i en almindelig fil",
    "the file is empty or not a readable Parquet file": "filen er tom eller ikke en læsbar Parquet-fil",
    "not a readable Parquet file (truncated, corrupt or another format)":
        "ikke en læsbar Parquet-fil (afkortet, beskadiget eller et andet format)",
    "export the table again as Parquet (or save it as CSV with the ending .csv)":
        "eksportér tabellen igen som Parquet (eller gem den som CSV med endelsen .csv)",
    "the file is UTF-16 text": "filen er UTF-16-tekst",
    "the file contains NUL bytes (binary data, not CSV text)": "filen indeholder NUL-bytes (binære data, ikke "
                                                               "CSV-tekst)",
    "save the file as CSV in UTF-8 (Excel: 'CSV UTF-8') or Windows-1252":
        "gem filen som CSV i UTF-8 (Excel: 'CSV UTF-8') eller Windows-1252",
    "{} not found": "{} findes ikke",
    "check the path": "tjek stien",
    "the {} cannot be opened ({})": "{} kan ikke åbnes ({})",
    "check the path and its permissions": "tjek stien og dens rettigheder",
    "the {} cannot be read ({})": "{} kan ikke læses ({})",
    "give the user running boligmonitor read access to the file": "giv den bruger, der kører boligmonitor, "
                                                                  "læseadgang til filen",
    "the {} is a symbolic link to {}, which does not exist": "{} er et symbolsk link til {}, som ikke findes",
    "point the link at the real file or remove it": "lad linket pege på den rigtige fil, eller fjern det",
    "the path is a loop of symbolic links": "stien er en løkke af symbolske links",
    "replace the link with the file itself": "erstat linket med selve filen",
    "add a header row and data": "tilføj en overskriftsrække og data",
    "the CSV file cannot be parsed ({})": "CSV-filen kan ikke fortolkes ({})",
    "save it again as CSV (UTF-8 or Windows-1252) from the program that made it":
        "gem den igen som CSV (UTF-8 eller Windows-1252) fra det program, der lavede den",
    "column {} of the header has no name": "kolonne {} i overskriftsrækken har intet navn",
    "name the column or delete it": "giv kolonnen et navn, eller slet den",
    "add a column '{}' ({}){}": "tilføj en kolonne '{}' ({}){}",
    "remove or rename it; the expected columns are {}": "fjern eller omdøb den; de forventede kolonner er {}",
    "the file is neither UTF-8 nor Windows-1252 (undecodable byte at offset {})":
        "filen er hverken UTF-8 eller Windows-1252 (en byte, der ikke kan læses, ved position {})",
    "save the file as UTF-8 (Excel: 'CSV UTF-8') or as Windows-1252":
        "gem filen som UTF-8 (Excel: 'CSV UTF-8') eller som Windows-1252",
    "expected {} fields separated by '{}', found {}": "forventede {} felter adskilt af '{}', fandt {}",
    "check for a stray separator or a missing field in this row":
        "se efter et skilletegn for meget eller et manglende felt i rækken",
    "the column name appears twice in the header": "kolonnenavnet står to gange i overskriftsrækken",
    "keep one of them": "behold én af dem",
    "file": "fil",
    "{} ({} more rows have the same problem)": "{} ({} rækker mere har samme problem)",
    "{} ({} more rows like it)": "{} ({} rækker mere af samme slags)",
    " ({} more rows like it)": " ({} rækker mere af samme slags)",
    "{} (the other files have it)": "{} (de andre filer har den)",
    "{} (the other files have them)": "{} (de andre filer har dem)",
    "the file contains NUL bytes (binary data, or UTF-16 text)": "filen indeholder NUL-bytes (binære data eller "
                                                                 "UTF-16-tekst)",
    "not a readable Parquet file (truncated, corrupt, or another format named .parquet)":
        "ikke en læsbar Parquet-fil (afkortet, beskadiget eller et andet format med navnet .parquet)",
    "permission denied": "adgang nægtet",
    "table": "tabel",
    "data file": "datafil",
    # -- geometry
    '"attribution" must be a text of at most {} characters': '"attribution" skal være en tekst på højst {} tegn',
    'write the source as the data\'s licence asks for it, e.g. "Kilde: Geodatastyrelsen og Danske Kommuner, DAGI"':
        'skriv kilden, som datas licens kræver det, f.eks. "Kilde: Geodatastyrelsen og Danske Kommuner, DAGI"',
    "{} is not a GeoJSON Feature object": "{} er ikke et GeoJSON Feature-objekt",
    'each entry of features must be {"type": "Feature", "properties": {...}, "geometry": {...}}':
        'hvert element i features skal være {"type": "Feature", "properties": {...}, "geometry": {...}}',
    "{}: properties.municipality_code (or lau_1) is missing or not a municipality code":
        "{}: properties.municipality_code (eller lau_1) mangler eller er ikke en kommunekode",
    "set properties.municipality_code to the DST code, e.g. 101":
        "sæt properties.municipality_code til Danmarks Statistiks kode, f.eks. 101",
    "{}: no geometry": "{}: ingen geometri",
    "remove the feature or give its outline": "fjern elementet, eller angiv dets omrids",
    "{}: invalid geometry: {}": "{}: ugyldig geometri: {}",
    "export valid Polygon or MultiPolygon shapes in longitude/latitude (WGS 84); drop a third value (DAGI files "
    "carry -999 there)":
        "eksportér gyldige Polygon- eller MultiPolygon-figurer i længde/bredde (WGS 84); fjern en tredje værdi "
        "(DAGI-filer har -999 der)",
    "export valid Polygon or MultiPolygon shapes in longitude/latitude (WGS 84)":
        "eksportér gyldige Polygon- eller MultiPolygon-figurer i længde/bredde (WGS 84)",
    "export the file as GeoJSON (UTF-8)": "eksportér filen som GeoJSON (UTF-8)",
    "export the file as GeoJSON": "eksportér filen som GeoJSON",
    "{}: properties.area_id is missing or not in areas": "{}: properties.area_id mangler eller findes ikke i areas",
    "set properties.area_id to an area_id listed in areas.csv": "sæt properties.area_id til et area_id fra areas.csv",
    "{}: municipality {} is not in municipalities": "{}: kommune {} findes ikke i municipalities",
    "remove the feature (e.g. 411 Christiansø belongs to no municipality) or add the municipality to "
    "municipalities.csv":
        "fjern elementet (f.eks. hører 411 Christiansø ikke til nogen kommune), eller tilføj kommunen i "
        "municipalities.csv",
    'expected a GeoJSON FeatureCollection: an object with "type": "FeatureCollection" and a list of "features"':
        'forventede en GeoJSON FeatureCollection: et objekt med "type": "FeatureCollection" og en liste "features"',
    "{}: a second shape for area {} (first in feature {})": "{}: en figur mere for område {} (den første i element {})",
    "keep one feature per area (use a MultiPolygon for an area in several parts)":
        "behold ét element pr. område (brug en MultiPolygon til et område i flere dele)",
    # -- registry
    "registry folder {}": "registry-mappen {}",
    "duplicate {} (first seen in row {})": "{} står to gange (første gang i række {})",
    "unknown code: not found in {}": "ukendt kode: findes ikke i {}",
    "add it to {} or correct the code": "tilføj den i {}, eller ret koden",
    "required registry table is missing": "en påkrævet registertabel mangler",
    "add {}.csv": "tilføj {}.csv",
    "the table has a header but no rows": "tabellen har en overskriftsrække, men ingen rækker",
    "add the {}": "tilføj {}",
    "each region once": "hver region én gang",
    "each municipality once": "hver kommune én gang",
    "each organisation once": "hver organisation én gang",
    "each afdeling once": "hver afdeling én gang",
    "each area once": "hvert område én gang",
    "an area member must be an afdeling listed in afdelinger; add the afdeling or remove the membership":
        "et medlem af et område skal være en afdeling fra afdelinger; tilføj afdelingen, eller fjern medlemskabet",
    "export the areas as one GeoJSON FeatureCollection": "eksportér områderne som én GeoJSON FeatureCollection",
    "export the municipalities as one GeoJSON FeatureCollection":
        "eksportér kommunerne som én GeoJSON FeatureCollection",
    "valid_to is before valid_from": "valid_to ligger før valid_from",
    "swap or correct the dates": "byt om på datoerne, eller ret dem",
    "afdeling is in two statutory areas ({}, {}) at the same time":
        "afdelingen ligger i to lovbestemte områder ({}, {}) på samme tid",
    "end one membership (valid_to) before the other starts": "afslut det ene medlemskab (valid_to), før det andet "
                                                             "begynder",
    "afdeling {} is in area {} twice for overlapping periods (also in row {}); its residents would be counted twice":
        "afdeling {} ligger i område {} to gange i overlappende perioder (også i række {}); dens beboere ville "
        "blive talt to gange",
    "delete the repeated row, or end the first period before the second starts":
        "slet den gentagne række, eller afslut den første periode, før den anden begynder",
    # -- plans' funding periods, obligations and parameters (files of the release)
    "plans/periods/{}.yaml: id is {}, expected {}.": "plans/periods/{}.yaml: id er {}, forventede {}.",
    "{}: not valid YAML ({}).": "{}: ikke gyldig YAML ({}).",
    "{}: {}. The funding-period rules are part of the release; restore the file from the release.":
        "{}: {}. Reglerne for støtteperioder er en del af udgivelsen; gendan filen fra udgivelsen.",
    "{} {}: '{}' needs a Danish and an English text ({da: …, en: …})":
        "{} {}: '{}' skal have en dansk og en engelsk tekst ({da: …, en: …})",
    "{} {}: '{}' is not a date YYYY-MM-DD": "{} {}: '{}' er ikke en dato ÅÅÅÅ-MM-DD",
    "{} {}: no parameter file parameters/{}.yaml": "{} {}: ingen parameterfil parameters/{}.yaml",
    "{} {}: expected a mapping": "{} {}: forventede en afbildning (nøgle: værdi)",
    "{} {}: missing {}": "{} {}: {} mangler",
    "{}: expected 'obligations:' (a list) and 'persistence:' (a mapping)":
        "{}: forventede 'obligations:' (en liste) og 'persistence:' (en afbildning)",
    "{} {}: unknown categories {}; use {}": "{} {}: ukendte kategorier {}; brug {}",
    "{} {}: in force {} is after the period of its first list ({}); move lists.from to the list it first applies to":
        "{} {}: i kraft {} ligger efter perioden for dens første liste ({}); flyt lists.from til den liste, den "
        "først gælder for",
    "{} {}: no persistence rule '{}'; define it under 'persistence:'":
        "{} {}: ingen varighedsregel '{}'; definér den under 'persistence:'",
    "{}: expected a date YYYY-MM-DD": "{}: forventede en dato ÅÅÅÅ-MM-DD",
    "{}: expected a mapping with description, unit and values":
        "{}: forventede en afbildning med description, unit og values",
    "{}: unit '{}' is not one of {}": "{}: enheden '{}' er ikke en af {}",
    "{}: 'values' must map dates to values": "{}: 'values' skal knytte datoer til værdier",
    "parameter '{}' has no value in force on {}; it covers {}":
        "parameteren '{}' har ingen gældende værdi den {}; den dækker {}",
    "{}: write {} values as quoted decimal strings, e.g. \"0.40\"":
        "{}: skriv {}-værdier som decimaltal i anførselstegn, f.eks. \"0.40\"",
    "{}: expected a whole number, got {}": "{}: forventede et helt tal, fik {}",
    "{}: expected a list of codes": "{}: forventede en liste af koder",
    "{}: expected true or false": "{}: forventede true eller false",
    "{}: missing '{}'": "{}: '{}' mangler",
    "{}: '{}' under values is not a valid YYYY-MM-DD date; dates are the day a value takes effect":
        "{}: '{}' under values er ikke en gyldig dato ÅÅÅÅ-MM-DD; datoerne er den dag, en værdi træder i kraft",
    "{}: each date needs 'value' and 'reference'": "{}: hver dato skal have 'value' og 'reference'",
    "{}: missing legal reference (reference: {title, href})": "{}: lovhenvisning mangler (reference: {title, href})",
    "duplicate key '{}' at line {}": "nøglen '{}' står to gange, i linje {}",
    "{}: not valid YAML ({})": "{}: ikke gyldig YAML ({})",
    "{}: '{}' is not a decimal number": "{}: '{}' er ikke et decimaltal",
    "no parameter file for '{}'": "ingen parameterfil for '{}'",
    "parameters/common/multi_year_average.yaml: '{}' is not a way to average; write one of {}":
        "parameters/common/multi_year_average.yaml: '{}' er ikke en måde at beregne gennemsnit på; skriv en af {}",
    # -- published lists
    "no list for {} in {}; it covers {}": "ingen liste for {} i {}; den dækker {}",
    "category '{}' was not a list in {}; the lists that year were: {}":
        "kategorien '{}' var ikke en liste i {}; listerne det år var: {}",
    "no list year {} for {}; available {}–{}": "intet listeår {} for {}; til rådighed: {}–{}",
    # -- bundles
    "--out {}: the path is a symbolic link. Give the real folder (or a new one).":
        "--out {}: stien er et symbolsk link. Giv den rigtige mappe (eller en ny).",
    "--out {}: cannot create the folder, because {} is a file.": "--out {}: mappen kan ikke oprettes, fordi {} er "
                                                                 "en fil.",
    "--out {}: no permission to create a folder in {}.": "--out {}: ingen tilladelse til at oprette en mappe i {}.",
    "{}: bundle folder not found. Create one with 'boligmonitor run'.":
        "{}: bundtmappen findes ikke. Lav et bundt med 'boligmonitor run'.",
    "{}: manifest.json is missing; this is not a complete bundle.": "{}: manifest.json mangler; dette er ikke et "
                                                                    "komplet bundt.",
    "{}: bundle format {}, this version reads format {}. Re-run 'boligmonitor run' to write the bundle again.":
        "{}: bundtformat {}, denne version læser format {}. Kør 'boligmonitor run' igen for at skrive bundtet på ny.",
    "--out {}: the bundle folder must be apart from the data folder {} (not the same, not inside it, not around "
    "it). Choose another folder for the bundle.":
        "--out {}: bundtmappen skal ligge adskilt fra datamappen {} (ikke den samme, ikke inden i den, ikke "
        "omkring den). Vælg en anden mappe til bundtet.",
    "--out {}: a file with this name exists. Choose a folder name for the bundle.":
        "--out {}: der findes en fil med dette navn. Vælg et mappenavn til bundtet.",
    "{}: the folder exists and is not empty. Bundles are immutable: choose a new folder, or pass --overwrite to "
    "replace it.":
        "{}: mappen findes og er ikke tom. Bundter ændres aldrig: vælg en ny mappe, eller brug --overwrite for at "
        "erstatte den.",
    "--out {}: --overwrite only replaces a bundle folder, and {}. Nothing was changed. Choose a new folder for the "
    "bundle.":
        "--out {}: --overwrite erstatter kun en bundtmappe, og {}. Intet blev ændret. Vælg en ny mappe til bundtet.",
    "--out {}: the bundle folder cannot be created ({}).": "--out {}: bundtmappen kan ikke oprettes ({}).",
    "{}: not valid JSON ({}).": "{}: ikke gyldig JSON ({}).",
    "{}: missing from the bundle.": "{}: mangler i bundtet.",
    "{}: checksum does not match manifest.json; the bundle was changed after it was written. Re-run the pipeline "
    "to get a trustworthy bundle.":
        "{}: kontrolsummen passer ikke med manifest.json; bundtet er ændret, efter det blev skrevet. Kør "
        "pipelinen igen for at få et bundt, der er til at stole på.",
    "Nothing was written. Please report this as a bug.": "Intet blev skrevet. Meld det venligst som en fejl.",
    "disclosure audit failed: {} finding(s) {}": "diskretionskontrollen fejlede: {} fund {}",
    "… and {} more": "… og {} mere",
    # -- the progress line of 'boligmonitor run' (runs/pipeline.py, disclosure/protect.py)
    "reading": "læser",
    "validating person-years": "kontrollerer person-år",
    "scanning person-years": "gennemløber person-år",
    "rolling up to areas, municipalities, regions and the nation":
        "lægger sammen til områder, kommuner, regioner og hele landet",
    "disclosure control: primary and complementary suppression":
        "diskretionering: primær og sekundær (komplementær) undertrykkelse",
    "disclosure control: pass {}, {} finding(s)": "diskretionering: gennemløb {}, {} fund",
    "applying the law, every version": "anvender loven i alle dens versioner",
    "auditing the bundle as an attacker would": "gennemgår bundtet, som en angriber ville",
    # -- notices of 'boligmonitor run' about the registry (registry/model.py): not errors, shown under "Bemærk"
    "{} afdeling(er) belong to no area; their residents count in municipality, region and nation only":
        "{} afdeling(er) hører ikke til noget område; deres beboere tæller kun med i kommune, region og hele landet",
    "area {} is registered in municipality {} but its afdelinger lie in {}; its figures include all of them (check "
    "areas.csv and afdelinger.csv if this is not intended)":
        "område {} er registreret i kommune {}, men dets afdelinger ligger i {}; områdets tal omfatter dem alle "
        "(tjek areas.csv og afdelinger.csv, hvis det ikke er meningen)",
    "municipality_geometry.geojson has no outline for {} municipality(ies) ({}); the map leaves them blank":
        "municipality_geometry.geojson har intet omrids for {} kommune(r) ({}); kortet lader dem stå tomme",
    # -- the findings of the disclosure audit (disclosure/audit.py, check.py, solve.py): 'boligmonitor audit', and the
    # lines under "disclosure audit failed". The units they name ("municipality 101") are worded by cli.py.
    "{}: published {} below the minimum {}": "{0}: den offentliggjorte {1} er under minimum {2}",
    "numerator": "tæller", "denominator": "nævner", "denominator minus numerator": "nævner minus tæller",
    "numerator and denominator": "tæller og nævner",
    "numerator and denominator minus numerator": "tæller og nævner minus tæller",
    "denominator and denominator minus numerator": "nævner og nævner minus tæller",
    "numerator and denominator and denominator minus numerator": "tæller, nævner og nævner minus tæller",
    "{}: published without a finite {}": "{}: offentliggjort uden en endelig værdi for {}",
    "{}: {} is published as {} and {}": "{}: {} er offentliggjort både som {} og som {}",
    "{}: {} is published as {}, its parts add up to {}": "{}: {} er offentliggjort som {}, men delene giver {}",
    "{}: its published cells contradict each other": "{}: de offentliggjorte celler modsiger hinanden",
    "{}: a region or the nation is not the sum of its parts":
        "{}: en region eller hele landet er ikke summen af sine dele",
    "{} areas {}: their published cells contradict": "{} områderne {}: deres offentliggjorte celler modsiger hinanden",
    "{}: the afdelinger of {} (areas {}): {} can be worked out":
        "{}: afdelingerne {} (områderne {}): {} kan regnes ud",
    "{}: municipality {} minus area(s) {}: {} can be worked out":
        "{}: kommune {} minus område(r) {}: {} kan regnes ud",
    "{}: suppressed {} can be worked out ({})": "{}: den diskretionerede {} kan regnes ud ({})",
    "{} minus its published parts: {} for {}": "{} minus de offentliggjorte dele: {} for {}",
    "{}: {} can be worked out": "{}: {} kan regnes ud",
    "{} afdeling group {} of areas {}": "{} afdelingsgruppe {} i områderne {}",
    "{} afdeling group {}": "{} afdelingsgruppe {}",
    "{} municipality {} minus area part(s) {}": "{} kommune {} minus områdedel(e) {}",
    "{}: published although {} is not published for {}": "{}: offentliggjort, selv om {} ikke er offentliggjort for {}",
    "list {} area {}: criterion {} shows its value or margin although {} is suppressed in {}":
        "liste {} område {}: kriteriet {} viser sin værdi eller margin, selv om {} er diskretioneret i {}",
    # -- the web application (pages, JSON twins and the API)
    "no data has been imported yet; an administrator imports a bundle with 'boligmonitor-web import_bundle PATH' or "
    "on the upload page":
        "der er ikke indlæst data endnu; en administrator indlæser et bundt med 'boligmonitor-web import_bundle "
        "STI' eller på upload-siden",
    "area '{}' is not in data vintage {}": "området '{}' findes ikke i dataudgave {}",
    "unknown indicator '{}'; see /api/indicators for the catalogue":
        "ukendt indikator '{}'; se kataloget på /api/indicators",
    "'within' must be one of {}": "'within' skal være en af {}",
    "choose at least one area to compare (area=A0001&area=A0002)":
        "vælg mindst ét område at sammenligne (area=A0001&area=A0002)",
    "no data vintage with id {}": "ingen dataudgave med id {}",
    "vintage '{}' is not a number": "dataudgave '{}' er ikke et tal",
    "only the published data vintage is public; log in to choose another":
        "kun den offentliggjorte dataudgave er offentlig; log ind for at vælge en anden",
    "the area page has no .{} form; use .json or .pdf": "områdesiden findes ikke som .{}; brug .json eller .pdf",
    "the map has no .{} form; use .json": "kortet findes ikke som .{}; brug .json",
    "the forecast has no .{} form; use .json, .csv or .xlsx":
        "prognosen findes ikke som .{}; brug .json, .csv eller .xlsx",
    "the watchlist has no .{} form; use .json, .csv or .xlsx":
        "overvågningslisten findes ikke som .{}; brug .json, .csv eller .xlsx",
    "the index page has no .{} form; use .json, .csv or .xlsx":
        "indekssiden findes ikke som .{}; brug .json, .csv eller .xlsx",
    "only administrators may import bundles": "kun administratorer må indlæse bundter",
    "only administrators may read the audit log": "kun administratorer må læse revisionsloggen",
    "only administrators may publish a vintage": "kun administratorer må offentliggøre en dataudgave",
    "no such vintage": "dataudgaven findes ikke",
    "unknown format '{}'": "ukendt format '{}'",
    "no such page": "siden findes ikke",
    "query.{}: {}": "query.{}: {}",
    "an unexpected error; it has been logged": "en uventet fejl; den er logget",
}
