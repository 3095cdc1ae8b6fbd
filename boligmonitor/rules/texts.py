"""Every sentence the rules publish, in Danish (the default) and English, kept in one place.

The law's category names and criterion labels are Danish names; the English text is a translation for readers
of the English interface, never a different rule. Decisions carry ``Text`` pairs, and each face picks the
language at the edge (bundle JSON keeps both: ``label`` / ``label_en`` and so on).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import NamedTuple


class Text(NamedTuple):
    """One published sentence in both languages."""

    da: str
    en: str

    def format(self, **values: object) -> Text:
        """Fill the placeholders of both languages; a value that is itself a ``Text`` (a number written as each
        language writes it) fills each language with its own form."""
        def pick(lang: str) -> dict[str, object]:
            return {k: v.pick(lang) if isinstance(v, Text) else v for k, v in values.items()}
        return Text(self.da.format(**pick("da")), self.en.format(**pick("en")))

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


def number(value: float, decimals: int, lang: str) -> str:
    """A published number as each language writes it: Danish 1.913,5 (the default), English 1,913.5."""
    text = f"{value:,.{decimals}f}"
    return text if lang == "en" else text.replace(",", "_").replace(".", ",").replace("_", ".")


def count_text(n: int) -> Text:
    """A whole number as each language writes it in a sentence: 1.000 / 1,000."""
    return Text(number(n, 0, "da"), number(n, 0, "en"))


def percent_text(share: Fraction | float) -> Text:
    """A share as a percentage with the decimals it needs and no more: 0.40 -> 40, 0.275 -> 27,5 / 27.5."""
    pct = Fraction(share) * 100
    decimals = next((d for d in range(7) if (pct * 10**d).denominator == 1), 6)
    return Text(number(float(pct), decimals, "da"), number(float(pct), decimals, "en"))


_MONTHS = (Text("januar", "January"), Text("februar", "February"), Text("marts", "March"), Text("april", "April"),
           Text("maj", "May"), Text("juni", "June"), Text("juli", "July"), Text("august", "August"),
           Text("september", "September"), Text("oktober", "October"), Text("november", "November"),
           Text("december", "December"))


def date_text(day: dt.date) -> Text:
    """A date as each language writes it in a sentence: 1. december 2024 / 1 December 2024."""
    month = _MONTHS[day.month - 1]
    return Text(f"{day.day}. {month.da} {day.year}", f"{day.day} {month.en} {day.year}")


CATEGORY_LABELS: dict[str, Text] = {
    "ghettoomraade": Text("Ghettoområde", "Ghetto area"),
    "haardt_ghettoomraade": Text("Hårdt ghettoområde", "Hard ghetto area"),
    "udsat_boligomraade": Text("Udsat boligområde", "Vulnerable housing area"),
    "parallelsamfund": Text("Parallelsamfund", "Parallel society"),
    "omdannelsesomraade": Text("Omdannelsesområde", "Transformation area"),
    "forebyggelsesomraade": Text("Forebyggelsesområde", "Prevention area"),
    "kombineret_udlejning": Text("Kombineret udlejning (§ 51 b)", "Combined letting (§ 51 b)"),
}

# How the law words each comparator ("overstiger" is >, "mindst" is ≥, "mindre end" is <).
COMPARATOR_WORDING: dict[str, Text] = {
    ">": Text("overstiger", "exceeds"),
    ">=": Text("mindst / udgør mindst", "at least"),
    "<": Text("mindre end", "less than"),
}

CRITERION_LABELS: dict[str, Text] = {
    "residents": Text("Beboere (mindst)", "Residents (at least)"),
    "nonwestern": Text("Indvandrere og efterkommere fra ikke-vestlige lande",
                       "Immigrants and descendants from non-western countries"),
    "outside_labour": Text("18-64-årige uden for arbejdsmarked og uddannelse",
                           "Aged 18-64 outside the labour market and education"),
    "convicted_share": Text("Dømte (andel af beboere 18+)", "Convicted (share of residents 18+)"),
    "convicted_ratio": Text("Dømte (andel af 18+) i forhold til landsgennemsnittet",
                            "Convicted (share of 18+) relative to the national average"),
    "basic_education": Text("30-59-årige med alene grundskoleuddannelse", "Aged 30-59 with basic schooling only"),
    "income_ratio": Text("Bruttoindkomst (15-64, skattepligtige ekskl. uddannelsessøgende) i forhold til regionen",
                         "Gross income (15-64, taxable, not in education) relative to the region"),
    "outside_labour_51b": Text("18-64-årige uden for arbejdsmarkedet (mindst)",
                               "Aged 18-64 outside the labour market (at least)"),
    "outside_labour_large": Text("Områder med mindst {n} beboere: uden for arbejdsmarkedet",
                                 "Areas with at least {n} residents: outside the labour market"),
}

# What each category requires. Every number comes from the parameter in force that list year ({floor}, {share},
# ...), so a changed parameter changes the sentence too.
REQUIRED: dict[str, Text] = {
    "floor_and_k_of_n": Text("mindst {floor} beboere og mindst {k} af {n} kriterier",
                             "at least {floor} residents and at least {k} of {n} criteria"),
    "ghetto_2018": Text("udsat boligområde og ikke-vestlig andel over {share} pct.",
                        "vulnerable housing area and a non-western share over {share} per cent"),
    "haardt_ghetto": Text("ghettoområde de seneste {n} år", "ghetto area in each of the last {n} years"),
    "parallelsamfund": Text("udsat boligområde og ikke-vestlig andel over {share} pct. (§ 61 a, stk. 2)",
                            "vulnerable housing area and a non-western share over {share} per cent (§ 61 a(2))"),
    "omdannelse": Text("parallelsamfund de seneste {n} år (§ 61 a, stk. 4)",
                       "parallel society in each of the last {n} years (§ 61 a(4))"),
    "forebyggelse": Text("mindst {floor} beboere, ikke-vestlig andel over {share} pct. og mindst {k} af {n} "
                         "kriterier (§ 61 b)",
                         "at least {floor} residents, a non-western share over {share} per cent and at least {k} "
                         "of {n} criteria (§ 61 b)"),
    "kombineret": Text("mindst {floor} beboere og mindst {share} pct. af 18-64-årige uden for arbejdsmarkedet "
                       "({large_share} pct. ved mindst {large_floor} beboere)",
                       "at least {floor} residents and at least {share} per cent of those aged 18-64 outside the "
                       "labour market ({large_share} per cent with at least {large_floor} residents)"),
}

NOTES: dict[str, Text] = {
    "status_unknown": Text("status for {year} kendes ikke; {n} år i træk kan ikke efterprøves",
                           "status for {year} is unknown; {n} years in a row cannot be checked"),
    "status_undetermined": Text("status for {year} er ubestemt", "status for {year} is undetermined"),
    "forebyggelse_but_udsat": Text(
        "opfylder § 61 b, men er udsat boligområde og optages derfor ikke på denne liste",
        "meets § 61 b, but is a vulnerable housing area and is therefore not on this list"),
    "cannot_flip": Text("kan ikke skifte alene gennem det seneste dataår (for få beboere)",
                        "cannot flip through the latest data year alone (not enough residents)"),
    "gap_only": Text("en margin i personer kræver tallene bag værdien; kun afstanden kendes",
                     "a margin in persons needs the counts behind the value; only the gap is known"),
    "withheld": Text("tilbageholdt af diskretionering: antal for {years} er under minimum, og værdien eller "
                     "margenen ville afsløre dem",
                     "withheld by disclosure control: counts for {years} are below the minimum, and the value or "
                     "margin would reveal them"),
    "now_met": Text("{label}: nu opfyldt", "{label}: now met"),
    "undetermined": Text("kan ikke afgøres: afgørelsen afhænger af {labels}, som ikke kan beregnes",
                         "cannot be decided: the decision depends on {labels}, which cannot be computed"),
    "undetermined_no_reason": Text("kan ikke afgøres", "cannot be decided"),
    "undetermined_udsat": Text("kan ikke afgøres, fordi det ikke kan afgøres, om området er et udsat boligområde",
                               "cannot be decided, because it cannot be decided whether the area is a vulnerable "
                               "housing area"),
    "not_computable": Text("{label} kan ikke beregnes: {reason}", "{label} cannot be computed: {reason}"),
    "no_longer_met": Text("{label}: ikke længere opfyldt", "{label}: no longer met"),
}

# Why a criterion's value cannot be computed (the rule functions turn it into a note on the decision).
MISSING: dict[str, Text] = {
    "no_counts": Text("der er ingen tal for {year}", "there are no figures for {year}"),
    "empty_group": Text("der er ingen {group} i {year}", "there are no {group} in {year}"),
    "no_residents": Text("der er intet beboertal for {year}", "there is no resident count for {year}"),
    "reference_zero": Text("{reference} er 0 i {years}", "{reference} is 0 in {years}"),
    "no_reference": Text("der er ingen tal for {reference} i {years}",
                         "there are no figures for {reference} in {years}"),
    "not_published": Text("værdien er ikke oplyst i de offentliggjorte tal",
                          "the value is not given in the published figures"),
}
# The people a measure is a share of (its denominator), for "there are no ... in 2023".
MEASURE_GROUPS: dict[str, Text] = {
    "nonwestern": Text("beboere", "residents"),
    "outside_labour": Text("beboere i alderen 18-64 år", "residents aged 18-64"),
    "basic_education": Text("beboere i alderen 30-59 år", "residents aged 30-59"),
    "convicted": Text("beboere på 18 år og derover", "residents aged 18 and over"),
    "income": Text("skattepligtige 15-64-årige uden for uddannelse", "taxable residents aged 15-64 not in education"),
}
REFERENCES: dict[str, Text] = {
    "national": Text("landsgennemsnittet", "the national average"),
    "regional": Text("regionens gennemsnit", "the regional average"),
}

_OUTSIDE_LABOUR_EXIT = (Text("{n} flere 18-64-årige i arbejde eller uddannelse (fuldtid)",
                             "{n} more 18-64-year-olds in work or education (full time)"),
                        Text("{n} flere 18-64-årige uden for arbejde og uddannelse",
                             "{n} more 18-64-year-olds outside work and education"))
_CONVICTED_EXIT = (Text("{n} færre dømte beboere (18+)", "{n} fewer convicted residents (18+)"),
                   Text("{n} flere dømte beboere (18+)", "{n} more convicted residents (18+)"))

# The margin as an exit path: criterion id -> (sentence when the criterion is met, when it is not); {n} persons.
EXIT_PATHS: dict[str, tuple[Text, Text]] = {
    "residents": (Text("{n} færre beboere", "{n} fewer residents"), Text("{n} flere beboere", "{n} more residents")),
    "outside_labour": _OUTSIDE_LABOUR_EXIT,
    "outside_labour_large": _OUTSIDE_LABOUR_EXIT,
    "convicted_ratio": _CONVICTED_EXIT,
    "convicted_share": _CONVICTED_EXIT,
    "basic_education": (Text("{n} flere 30-59-årige med mere end grundskole",
                             "{n} more 30-59-year-olds with more than basic schooling"),
                        Text("{n} flere 30-59-årige med alene grundskole",
                             "{n} more 30-59-year-olds with basic schooling only")),
    "nonwestern": (Text("{n} færre beboere med ikke-vestlig baggrund (eller flere andre beboere)",
                        "{n} fewer residents of non-western origin (or more other residents)"),
                   Text("{n} flere beboere med ikke-vestlig baggrund", "{n} more residents of non-western origin")),
}
INCOME_EXIT = (Text("{n} kr. mere i gennemsnitlig bruttoindkomst pr. person",
                    "DKK {n} more average gross income per person"),
               Text("{n} kr. mindre i gennemsnitlig bruttoindkomst pr. person",
                    "DKK {n} less average gross income per person"))
# Why an obligation applies to an area in a list year (rules/obligations.py).
OBLIGATION_WHY: dict[str, Text] = {
    "on_list": Text("Området er på listen: {labels}.", "The area is on the list: {labels}."),
    "from": Text("Gælder {when}.", "Applies {when}."),
    "from_date": Text("fra {date}", "from {date}"),
    "persists_off_years": Text(
        "Gælder fortsat, selv om området ikke længere er {label} (senest {last_on}): indtil udviklingsplanen er "
        "gennemført, eller området har været uden for listen {n} år i træk – højst til og med listen {last_year} "
        "og senest {latest} ({provision}).",
        "Continues although the area is no longer a {label} (last in {last_on}): until the development plan is "
        "carried out or the area has been off the list {n} years in a row – at most up to the list of {last_year} "
        "and no later than {latest} ({provision})."),
    "persists_plan": Text(
        "Udviklingsplanen er fortsat bindende, selv om området ikke længere er {label} (senest {last_on}), indtil "
        "den er gennemført; målet skal være nået inden {latest} ({provision}).",
        "The development plan stays binding although the area is no longer a {label} (last in {last_on}), until "
        "it is carried out; its goal must be reached before {latest} ({provision})."),
    "undetermined_status": Text(
        "Kan ikke afgøres: det kan ikke afgøres, om området er {label} i {year}.",
        "Cannot be decided: it cannot be decided whether the area is a {label} in {year}."),
    "undetermined_history": Text(
        "Kan ikke afgøres: områdets status i {year} kendes ikke, så det kan ikke afgøres, om reglen gælder videre "
        "({provision}).",
        "Cannot be decided: the area's status in {year} is not known, so it cannot be decided whether the rule "
        "continues ({provision})."),
}

MARGIN_WITHHELD = Text("Margin tilbageholdt af diskretionering", "Margin withheld by disclosure control")
