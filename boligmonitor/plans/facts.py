"""Data facts for a focus area's problem complex, drafted from the bundle the way agreements write them ("Godt 40
pct. af de 15-64-årige … I kommunen er andelen 22 pct.", seed 001 § 1), and the statutory criteria a focus area
touches with the area's exit-path margin.

A fact is drafted only from a published cell: a suppressed or absent area value gives no fact, and a suppressed
municipality value leaves out the comparison. The user accepts, edits or drops each draft (``Fact.status``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boligmonitor.plans.data import PlanData, Value
from boligmonitor.plans.geography import plan_areas, plan_municipality
from boligmonitor.plans.model import Agreement, Fact, FocusArea, Strategy
from boligmonitor.plans.periods import PERIOD_IDS, load_period
from boligmonitor.published import explain_from_rows
from boligmonitor.rules.texts import Text, number

Plan = Strategy | Agreement


@dataclass(frozen=True)
class Phrase:
    """'[Godt 40 pct.] af [de 18-64-årige] i [Ringparken] [er uden for …]' in both languages."""

    group: Text
    predicate: Text


# Register indicators a problem complex is written about, with the words the sentence needs.
PHRASES: dict[str, Phrase] = {
    "outside_labour_18_64": Phrase(Text("de 18-64-årige", "the 18-64-year-olds"),
                                   Text("er uden for arbejdsmarked og uddannelse (fuldtidspersoner)",
                                        "are outside the labour market and education (full-time equivalents)")),
    "employed_or_student_18_64": Phrase(Text("de 18-64-årige", "the 18-64-year-olds"),
                                        Text("er i beskæftigelse eller uddannelse hele året",
                                             "are in work or education all year")),
    "basic_not_in_education_18_29": Phrase(Text("de 18-29-årige", "the 18-29-year-olds"),
                                           Text("har grundskolen som højeste uddannelse og er ikke i gang med en "
                                                "uddannelse", "have basic school as their highest education and are "
                                                "not in education")),
    "neet_15_29": Phrase(Text("de 15-29-årige", "the 15-29-year-olds"),
                         Text("er hverken i uddannelse eller beskæftigelse", "are neither in education nor employed")),
    "charged_15_29": Phrase(Text("de 15-29-årige", "the 15-29-year-olds"),
                            Text("er sigtet mindst én gang i løbet af året", "were charged at least once in the year")),
    "basic_education_30_59": Phrase(Text("de 30-59-årige", "the 30-59-year-olds"),
                                    Text("har alene grundskole (inkl. uoplyst)",
                                         "have basic schooling only (incl. unknown)")),
    "in_education_16_29": Phrase(Text("de 16-29-årige", "the 16-29-year-olds"),
                                 Text("er i gang med en uddannelse", "are in education")),
    "daycare_1_5": Phrase(Text("de 1-5-årige", "the 1-5-year-olds"), Text("går i dagtilbud", "are in day care")),
    "convicted_18plus": Phrase(Text("beboerne over 18 år", "the residents over 18"),
                               Text("er dømt efter straffeloven, våbenloven eller lov om euforiserende stoffer",
                                    "were convicted under the criminal code, the weapons act or the drugs act")),
    "nonwestern_share": Phrase(Text("beboerne", "the residents"),
                               Text("er indvandrere eller efterkommere fra ikke-vestlige lande",
                                    "are immigrants or descendants from non-western countries")),
    "turnout_18plus": Phrase(Text("de stemmeberettigede", "those entitled to vote"),
                             Text("stemte ved valget", "voted at the election")),
}

# Which register indicators describe each theme's problem complex (both funding periods' theme ids).
THEME_INDICATORS: dict[str, tuple[str, ...]] = {
    "uddannelse_og_livschancer": ("basic_not_in_education_18_29", "daycare_1_5", "basic_education_30_59"),
    "beskaeftigelse": ("outside_labour_18_64", "neet_15_29", "employed_or_student_18_64"),
    "kriminalitetsforebyggelse": ("charged_15_29", "convicted_18plus"),
    "sammenhaengskraft_og_medborgerskab": ("turnout_18plus", "nonwestern_share"),
    "boern_unge_og_familie": ("daycare_1_5", "charged_15_29", "basic_not_in_education_18_29"),
    "uddannelse_beskaeftigelse_og_erhverv": ("outside_labour_18_64", "neet_15_29", "basic_education_30_59"),
    "beboernetvaerk_inddragelse_og_demokrati": ("turnout_18plus",),
}

# Which statutory criteria (rules' criterion ids) each theme works on.
THEME_CRITERIA: dict[str, tuple[str, ...]] = {
    "uddannelse_og_livschancer": ("basic_education",),
    "beskaeftigelse": ("outside_labour", "outside_labour_large", "income_ratio"),
    "kriminalitetsforebyggelse": ("convicted_share", "convicted_ratio"),
    "boern_unge_og_familie": ("basic_education",),
    "uddannelse_beskaeftigelse_og_erhverv": ("outside_labour", "outside_labour_large", "income_ratio",
                                             "basic_education"),
}
# ... and which criteria a goal measured by an indicator works on
INDICATOR_CRITERIA: dict[str, tuple[str, ...]] = {
    "outside_labour_18_64": ("outside_labour", "outside_labour_large"),
    "mean_income_15_64": ("income_ratio",),
    "basic_education_30_59": ("basic_education",),
    "convicted_18plus": ("convicted_share", "convicted_ratio"),
    "nonwestern_share": ("nonwestern",),
}


def approx(share: float) -> Text:
    """A share as agreements write it: 'Godt 40' (a little over), 'Knap 40' (a little under), else whole percent."""
    pct = share * 100
    five = 5 * round(pct / 5)
    if abs(pct - five) < 0.5:
        return Text(f"{five}", f"{five}")
    if 0 < pct - five <= 2:
        return Text(f"Godt {five}", f"Just over {five}")
    if 0 < five - pct <= 2:
        return Text(f"Knap {five}", f"Almost {five}")
    return Text(f"{round(pct)}", f"{round(pct)}")


def _pct(share: float) -> str:
    return str(round(share * 100))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def fact_text(indicator: str, area_name: str, year: int, area: Value, municipality: Value) -> Text | None:
    """One fact in both languages; None when the area's value is not published."""
    if not area.known or area.value is None:
        return None
    phrase = PHRASES.get(indicator)
    if phrase is None:
        return None
    a = approx(area.value)
    da = f"{_cap(a.da)} pct. af {phrase.group.da} i {area_name} {phrase.predicate.da} ({year})."
    en = f"{_cap(a.en)} per cent of {phrase.group.en} in {area_name} {phrase.predicate.en} ({year})."
    if municipality.known and municipality.value is not None:
        da += f" I kommunen er andelen {_pct(municipality.value)} pct."
        en += f" In the municipality the share is {_pct(municipality.value)} per cent."
    return Text(da, en)


def grade_text(area_name: str, year: int, area: Value, municipality: Value) -> Text | None:
    if not area.known or area.value is None:
        return None
    da = f"Gennemsnitskarakteren ved 9.-klasseprøverne i {area_name} er {number(area.value, 1, 'da')} ({year})."
    en = f"The mean 9th-grade exam mark in {area_name} is {number(area.value, 1, 'en')} ({year})."
    if municipality.known and municipality.value is not None:
        da += f" I kommunen er den {number(municipality.value, 1, 'da')}."
        en += f" In the municipality it is {number(municipality.value, 1, 'en')}."
    return Text(da, en)


def fact_indicators(focus: FocusArea) -> list[str]:
    """The focus area's theme indicators, then the register indicators its goals are measured by."""
    out = list(THEME_INDICATORS.get(focus.theme or "", ()))
    for g in focus.goals:
        for m in g.measured_by:
            if m.indicator not in out and (m.indicator in PHRASES or m.indicator == "grade_9th_avg"):
                out.append(m.indicator)
    return out


def draft(plan: Plan, focus: FocusArea, data: PlanData, year: int | None = None) -> list[dict[str, Any]]:
    """Drafted facts for one focus area: {area_id, indicator, data_year, text: {da, en}} for each plan area and
    indicator with a published value in ``year`` (default: the newest data year)."""
    y = year if year is not None else max(data.years(), default=plan.baseline_year)
    code = plan_municipality(plan, data)
    out = []
    for area in plan_areas(plan, data):
        for ind in fact_indicators(focus):
            a = data.cell("area", area["area_id"], y, ind)
            m = data.cell("municipality", str(code), y, ind) if code is not None else Value()
            text = grade_text(area["name"], y, a, m) if ind == "grade_9th_avg" else \
                fact_text(ind, area["name"], y, a, m)
            if text is not None:
                out.append({"area_id": area["area_id"], "indicator": ind, "data_year": y,
                            "text": {"da": text.da, "en": text.en}})
    return out


def as_facts(drafts: list[dict[str, Any]], lang: str = "da") -> list[Fact]:
    """Drafts as the plan's :class:`Fact` entries (status ``draft``) in one language."""
    return [Fact(text=d["text"][lang], indicator=d["indicator"], data_year=d["data_year"]) for d in drafts]


def touched_criteria(plan: Plan, focus: FocusArea) -> set[str]:
    out = set(THEME_CRITERIA.get(focus.theme or "", ()))
    for g in focus.goals:
        for m in g.measured_by:
            out |= set(INDICATOR_CRITERIA.get(m.indicator, ()))
    return out


def criteria(plan: Plan, focus: FocusArea, data: PlanData, list_year: int | None = None,
             lang: str = "da") -> list[dict[str, Any]]:
    """The statutory criteria the focus area touches, for each plan area in the list year (default the newest):
    category, criterion, value and threshold as every face writes them, met or not, and the exit path (what would
    have to change for the criterion to flip) — from the published decision rows, never recomputed."""
    touched = touched_criteria(plan, focus)
    if not touched:
        return []
    out = []
    code = plan_municipality(plan, data)
    mun = data.municipality(code) if code is not None else None
    synthetic = data.vintage()["synthetic"]
    for area in plan_areas(plan, data):
        rows = data.area_rows(area["area_id"])
        if not rows:
            continue
        years = sorted({r["list_year"] for r in rows})
        y = list_year if list_year in years else years[-1]
        meta = {"name": area["name"], "municipality_code": area["municipality_code"]}
        explained = explain_from_rows(rows, meta, mun["name"] if mun else "", y, synthetic, lang)
        for d in explained["decisions"]:
            for c in d["criteria"]:
                if c["id"] in touched:
                    out.append({"area_id": area["area_id"], "list_year": y, "category": d["category"],
                                "category_label": d["category_label"], "member": d["member"], "criterion": c["id"],
                                "label": c["label"], "value_text": c["value_text"],
                                "threshold_text": c["threshold_text"], "met": c["met"], "exit_path": c["exit_path"]})
    return out


def themes_of_period(plan: Plan) -> list[str]:
    """The theme ids a plan may use (the period's), for forms that offer them."""
    if isinstance(plan, Agreement) and plan.funding_period in PERIOD_IDS:
        return [t.id for t in load_period(plan.funding_period).themes]
    return []

