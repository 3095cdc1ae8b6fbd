"""Every sentence and label of the start pages and the area briefing, in Danish and English (one source: a page
picks its language with ``pick``; templates get the picked strings as ``t``)."""

from __future__ import annotations

from boligmonitor.rules.texts import Text

SUMMARY = {
    "on_one": Text("{name} er på listen pr. {date} som {items}.", "{name} is listed as of {date} as {items}."),
    "on_lists": Text("{name} er på {n} lister pr. {date}: {items}.", "{name} is on {n} lists as of {date}: {items}."),
    "item": Text("{label} ({years}. år i træk)", "{label} (year {years} in a row)"),
    "on_none": Text("{name} er ikke på nogen liste pr. {date}.", "{name} is on no list as of {date}."),
    "last_on": Text("Området var senest på en liste i {year}: {labels}.",
                    "The area was last on a list in {year}: {labels}."),
    "never_on": Text("Området har ikke været på en liste i {first}–{year}.",
                     "The area has not been on a list in {first}–{year}."),
    "undetermined": Text("Kan ikke afgøres for: {labels}.", "Cannot be decided for: {labels}."),
    "criteria": Text("Af kriterierne for {label} holder {k} af {n}: {met}.",
                     "Of the criteria for {label}, {k} of {n} hold: {met}."),
    "criteria_none": Text("Ingen af de {n} kriterier for {label} holder.",
                          "None of the {n} criteria for {label} hold."),
    "criteria_open": Text("{k} kriterier kan ikke beregnes (tal tilbageholdt af diskretionering).",
                          "{k} criteria cannot be computed (figures withheld by disclosure control)."),
    "exit": Text("Kriteriet nærmest at holde op med at være opfyldt ({category}): {label} – {margin}.",
                 "The criterion closest to no longer being met ({category}): {label} – {margin}."),
    "to_list": Text("Det ikke-opfyldte kriterium nærmest sin grænse ({category}): {label} – {margin}.",
                    "The unmet criterion closest to its threshold ({category}): {label} – {margin}."),
    "entered": Text("Siden {year}: kom på listen over {labels}.", "Since {year}: came onto the list of {labels}."),
    "left": Text("Siden {year}: forlod listen over {labels}.", "Since {year}: left the list of {labels}."),
    "no_change": Text("Ingen ændring i listestatus siden {year}.", "No change in list status since {year}."),
    "criteria_changed": Text("Kriterier der skiftede siden {year}: {changes}.",
                             "Criteria that changed since {year}: {changes}."),
    "contains": Text("Helhedsplanområdet omfatter de lovbestemte områder: {names}.",
                     "The helhedsplan area contains the statutory areas: {names}."),
    "part_of": Text("Området indgår i helhedsplanområdet: {names}.",
                    "The area is part of the helhedsplan area: {names}."),
}

KIND = {"statutory": Text("almene boligområde (§ 61 a, stk. 3)", "social housing area (§ 61 a(3))"),
        "helhedsplan": Text("helhedsplanområde", "helhedsplan area"),
        "custom": Text("eget område", "custom area")}

MARGIN_KIND = {"exit": Text("Vej ud af listen", "Exit path"),
               "to_list": Text("Afstand til listen", "Distance to the list"),
               "flip": Text("Afstand til at skifte", "Distance to flipping")}

CHART_GROUPS = {
    "composition": Text("Beboersammensætning", "Residents"),
    "work_education": Text("Arbejde og uddannelse", "Work and education"),
    "income": Text("Indkomst", "Income"),
    "crime": Text("Kriminalitet", "Crime"),
    "lbf": Text("LBF-indikatorer (dagtilbud, karakterer, valgdeltagelse, unge)",
                "LBF indicators (day care, grades, turnout, young people)"),
}

LABELS = {
    "in_brief": Text("Kort fortalt", "In brief"),
    "criteria_year": Text("Kriterier efter loven for listen pr. {date}",
                          "Criteria under the law for the list of {date}"),
    "older_versions": Text("Andre lovversioner", "Other versions of the law"),
    "older_hint": Text("Områdets kriterier efter de andre versioner af loven (seneste listeår for hver version).",
                       "The area's criteria under the other versions of the law (the latest list year of each)."),
    "law_version": Text("Loven fra {version}, lister {years} (vist: {year})",
                        "The law of {version}, lists {years} (shown: {year})"),
    "history": Text("Listehistorik", "List history"),
    "history_hint": Text("Alle lister siden 2010. – betyder, at listen ikke fandtes det år.",
                         "Every list since 2010. – means the list did not exist that year."),
    "on": Text("på listen", "on the list"),
    "off": Text("ikke på", "not on"),
    "unknown": Text("kan ikke afgøres", "cannot be decided"),
    "not_a_list": Text("listen fandtes ikke", "the list did not exist"),
    "technical": Text("Tekniske detaljer (regelsæt, parametre, koder)",
                      "Technical details (rule sets, parameters, codes)"),
    "rules_version": Text("Regelversion", "Rules version"),
    "rule_set": Text("Regelsæt", "Rule set"),
    "parameter": Text("Parameter", "Parameter"),
    "code": Text("Kode", "Code"),
    "checksum": Text("Kontrolsum for data", "Data checksum"),
    "margin_hint": Text("Marginen er det mindste antal beboere i seneste dataår, der skulle skifte status, for at "
                        "kriteriet skifter. For et område på listen er det en vej ud; for et område uden for listen "
                        "afstanden til den.",
                        "The margin is the smallest number of residents in the latest data year who would have to "
                        "change status for the criterion to flip. For an area on the list it is a way out; for an "
                        "area not on it, the distance to it."),
    "charts": Text("Udvikling over tid", "Over time"),
    "charts_hint": Text("Området (fuld linje) mod kommunen, regionen og hele landet. Beboertal vises kun for "
                        "området. Huller betyder, at tallet er diskretioneret (for få personer).",
                        "The area (solid line) against its municipality, region and the whole country. The number "
                        "of residents is shown for the area only. Gaps mean the figure is suppressed (too few "
                        "persons)."),
    "no_election": Text("intet valg", "no election"),
    "no_election_note": Text("Valgdeltagelse findes kun i valgår; år uden valg er markeret «intet valg».",
                             "Turnout exists only in election years; years without an election are marked "
                             "'no election'."),
    "suppressed": Text("diskretioneret", "suppressed"),
    "appendix": Text("Bilag: andre lovversioner", "Appendix: other versions of the law"),
    "numbers": Text("Tal", "Figures"),
    "year": Text("År", "Year"),
    "related": Text("Tilknyttede områder", "Related areas"),
    "contains": Text("Omfatter", "Contains"),
    "part_of": Text("Indgår i", "Part of"),
    "area_only": Text("kun området", "the area only"),
    "data_years": Text("Dataår", "Data years"),
    "compare": Text("Sammenlign med andre områder", "Compare with other areas"),
    "public_profile": Text("offentlig profil", "public profile"),
}

START = {
    "title_mine": Text("Mine områder", "My areas"),
    "title_national": Text("Landsbilledet", "The national picture"),
    "title_public": Text("Udsatte boligområder: lister, profiler og forklaringer",
                         "Vulnerable housing areas: lists, profiles and explanations"),
    "search": Text("Søg efter område", "Search for an area"),
    "search_hint": Text("Navn, område-id eller kommune", "Name, area id or municipality"),
    "search_button": Text("Søg", "Search"),
    "results": Text("Søgeresultater for «{q}»", "Search results for '{q}'"),
    "no_results": Text("Ingen områder matcher «{q}».", "No areas match '{q}'."),
    "area": Text("Område", "Area"),
    "municipality": Text("Kommune", "Municipality"),
    "status": Text("Status {year}", "Status {year}"),
    "change": Text("Ændring siden {prev}", "Change since {prev}"),
    "within": Text("i", "in"),
    "closest": Text("Tættest på en grænse", "Closest to a threshold"),
    "plans": Text("Planer", "Plans"),
    "no_list": Text("ingen liste", "no list"),
    "years_in_row": Text("år i træk", "years in a row"),
    "not_listed_kind": Text("helhedsplanområde; listerne gælder de lovbestemte områder.",
                            "helhedsplan area; the lists apply to the statutory areas."),
    "contains": Text("Omfatter:", "Contains:"),
    "entered": Text("ny: {labels}", "new: {labels}"),
    "left": Text("forlod: {labels}", "left: {labels}"),
    "unchanged": Text("uændret", "unchanged"),
    "none_mine": Text("Der er ingen områder i dit ansvarsområde i dette datasæt.",
                      "There are no areas in your scope in this data vintage."),
    "mine_intro": Text("Dine {n} områder med status på listerne pr. {date}.",
                       "Your {n} areas with their list status as of {date}."),
    "counts": Text("Antal områder på hver liste pr. år", "Areas on each list per year"),
    "counts_hint": Text("– betyder, at listen ikke fandtes det år.", "– means the list did not exist that year."),
    "moves": Text("Nye og udgåede områder pr. {date}", "Areas new and left as of {date}"),
    "new": Text("Nye", "New"),
    "gone": Text("Udgået", "Left"),
    "none": Text("ingen", "none"),
    "what_lists": Text("Hvad er listerne?", "What are the lists?"),
    "latest": Text("De seneste lister pr. {date}", "The latest lists as of {date}"),
    "all_lists": Text("Se alle lister", "See every list"),
    "computed": Text("Listerne er beregnet ud fra datasættet «{label}» efter lovens kriterier; de er ikke "
                     "ministeriets officielle lister.",
                     "The lists are computed from the data vintage '{label}' under the law's criteria; they are not "
                     "the ministry's official lists."),
    "year": Text("År", "Year"),
    "nothing": Text("Der er endnu ikke importeret data.", "No data has been imported yet."),
}

# What each list is, for the public start page (criteria-sources.md; the page links to the law on the area pages).
LIST_EXPLAINED = {
    "udsat_boligomraade": Text(
        "Et alment boligområde med mindst 1.000 beboere, der opfylder mindst to af fire kriterier om beskæftigelse, "
        "kriminalitet, uddannelse og indkomst (almenboligloven § 61 a).",
        "A social housing area with at least 1,000 residents that meets at least two of four criteria on "
        "employment, crime, education and income (Social Housing Act § 61 a)."),
    "parallelsamfund": Text(
        "Et boligområde, hvor over 50 % af beboerne er indvandrere og efterkommere fra ikke-vestlige lande, og "
        "hvor mindst to af de fire kriterier er opfyldt (§ 61 a, stk. 2).",
        "A housing area where more than 50 % of the residents are immigrants and descendants from non-Western "
        "countries and at least two of the four criteria are met (§ 61 a(2))."),
    "omdannelsesomraade": Text(
        "Et område, der har været parallelsamfund de seneste 5 år (§ 61 a, stk. 4); det skal nedbringe andelen af "
        "almene familieboliger.",
        "An area that has been a parallel society for the last 5 years (§ 61 a(4)); it must reduce its share of "
        "social family housing."),
    "forebyggelsesomraade": Text(
        "Et område, hvor over 30 % af beboerne er indvandrere og efterkommere fra ikke-vestlige lande, og hvor "
        "mindst to af fire kriterier er opfyldt med lavere grænser (§ 61 b).",
        "An area where more than 30 % of the residents are immigrants and descendants from non-Western countries "
        "and at least two of four criteria are met at lower thresholds (§ 61 b)."),
    "kombineret_udlejning": Text(
        "Områder med mindst 1.000 beboere, hvor mindst 40 % af de 18-64-årige er uden for arbejdsmarkedet (30 % "
        "ved mindst 5.000 beboere); her kan kommunen bruge kombineret udlejning (§ 51 b).",
        "Areas with at least 1,000 residents where at least 40 % of those aged 18-64 are outside the labour market "
        "(30 % with at least 5,000 residents); here the municipality may use combined letting (§ 51 b)."),
    "ghettoomraade": Text("Ghettolisten 2010–2020 (tidligere lovversioner; historik bevares på områdesiderne).",
                          "The ghetto list 2010–2020 (earlier versions of the law; the history stays on the area "
                          "pages)."),
    "haardt_ghettoomraade": Text("Hårde ghettoområder 2018–2020 (tidligere lovversion).",
                                 "Hard ghetto areas 2018–2020 (earlier version of the law)."),
}


class _Keep(dict[str, object]):
    """Placeholders without a value stay as they are (a label formatted for one page may have others)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def picked(texts: dict[str, Text], lang: str, **values: object) -> dict[str, str]:
    """A template's ``t``: every label in the page's language, with ``values`` filled in."""
    return {k: v.pick(lang).format_map(_Keep(values)) for k, v in texts.items()}
