"""The declarative indicator catalogue.

Two layers, both data:

* **components** are additive aggregates over person rows (counts, sums of FTE, sums of income in øre). They are
  computed once per (data year, afdeling, municipality) in a single scan and then summed up to areas,
  municipalities, regions and the nation — exact, because every component is a sum.
* **indicators** are what gets published: a component (count), or numerator/denominator of two components
  (share or mean), plus derived ones (multi-year averages, ratios to nation or region) used by the law.

Sums are integers (FTE in millionths, income in øre) so that aggregation order cannot change a single bit:
the bundle is byte-for-byte reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

from boligmonitor.microdata.schema import EDUCATIONS, NON_WESTERN, ORIGINS

FTE_SCALE = 1_000_000  # outside_labour_or_education summed in millionths of a full-time person
MONEY_SCALE = 100  # gross income summed in øre


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@dataclass(frozen=True)
class Component:
    name: str
    sql: str  # an aggregate over the typed `persons` view
    requires: tuple[str, ...] = ()
    scale: int = 1  # divide by this to get the natural unit
    is_count: bool = True  # a number of persons (disclosure control applies to it directly)


AGE_BANDS = {"0_5": (0, 5), "6_17": (6, 17), "18_29": (18, 29), "30_49": (30, 49), "50_64": (50, 64),
             "65plus": (65, 200)}
HIGHER_EDUCATION = ("kort_videregaaende", "mellemlang_videregaaende", "lang_videregaaende")


def components(basic_education_codes: tuple[str, ...] = ("grundskole", "ukendt")) -> list[Component]:
    """All components. ``basic_education_codes`` comes from the law parameters (which codes are 'grundskole')."""
    out = [
        Component("residents", "count(*)"),
        Component("nonwestern", f"count_if(origin IN {_in(NON_WESTERN)})"),
        Component("pop_18_64", "count_if(age BETWEEN 18 AND 64)"),
        Component(
            "outside_fte_18_64",
            f"sum(CASE WHEN age BETWEEN 18 AND 64 THEN CAST(round(outside_labour_or_education * {FTE_SCALE}) "
            "AS BIGINT) ELSE 0 END)",
            scale=FTE_SCALE,
        ),
        Component("employed_or_student_18_64", "count_if(age BETWEEN 18 AND 64 AND outside_labour_or_education = 0)"),
        Component("pop_30_59", "count_if(age BETWEEN 30 AND 59)"),
        Component("basic_30_59", f"count_if(age BETWEEN 30 AND 59 AND education_dk IN {_in(basic_education_codes)})"),
        Component("higher_30_59", f"count_if(age BETWEEN 30 AND 59 AND education_dk IN {_in(HIGHER_EDUCATION)})"),
        Component("income_n_15_64", "count_if(taxable AND age BETWEEN 15 AND 64 AND NOT in_education)"),
        Component(
            "income_sum_15_64",
            f"sum(CASE WHEN taxable AND age BETWEEN 15 AND 64 AND NOT in_education "
            f"THEN CAST(round(gross_income * {MONEY_SCALE}) AS HUGEINT) ELSE 0 END)",
            scale=MONEY_SCALE,
            is_count=False,
        ),
        Component("pop_18plus", "count_if(age >= 18)"),
        Component("convicted_18plus", "count_if(age >= 18 AND convicted)"),
        Component("pop_15plus", "count_if(age >= 15)"),
        Component("convicted_15plus", "count_if(age >= 15 AND convicted)"),
        Component("pop_16_29", "count_if(age BETWEEN 16 AND 29)"),
        Component("in_education_16_29", "count_if(age BETWEEN 16 AND 29 AND in_education)"),
        Component("female", "count_if(sex = 'K')", requires=("sex",)),
        Component("sex_known", "count_if(sex IS NOT NULL)", requires=("sex",)),
        Component("charged_15plus", "count_if(age >= 15 AND charged)", requires=("charged",)),
        Component("charged_known_15plus", "count_if(age >= 15 AND charged IS NOT NULL)", requires=("charged",)),
        Component("daycare_1_5", "count_if(age BETWEEN 1 AND 5 AND in_daycare)", requires=("in_daycare",)),
        Component("daycare_known_1_5", "count_if(age BETWEEN 1 AND 5 AND in_daycare IS NOT NULL)",
                  requires=("in_daycare",)),
        Component("grade_n", "count_if(grade_9th_avg IS NOT NULL)", requires=("grade_9th_avg",)),
        Component("grade_sum", "sum(CAST(round(coalesce(grade_9th_avg, 0) * 100) AS BIGINT))",
                  requires=("grade_9th_avg",), scale=100, is_count=False),
        Component("voters_known_18plus", "count_if(age >= 18 AND voted IS NOT NULL)", requires=("voted",)),
        Component("voted_18plus", "count_if(age >= 18 AND voted)", requires=("voted",)),
    ]
    for origin in ORIGINS:
        out.append(Component(f"origin_{origin}", f"count_if(origin = '{origin}')"))
    for band, (lo, hi) in AGE_BANDS.items():
        out.append(Component(f"age_{band}", f"count_if(age BETWEEN {lo} AND {hi})"))
    for edu in EDUCATIONS:
        out.append(Component(f"edu_{edu}_30_59", f"count_if(age BETWEEN 30 AND 59 AND education_dk = '{edu}')"))
    return out


@dataclass(frozen=True)
class Indicator:
    """A published indicator: value = numerator / denominator (share or mean) or a plain count."""

    id: str
    label_da: str
    label_en: str
    kind: str  # count | share | mean
    numerator: str
    denominator: str | None = None
    criterion: bool = False  # used by a statutory criterion


def _share(id_: str, da: str, en: str, num: str, den: str, criterion: bool = False) -> Indicator:
    return Indicator(id_, da, en, "share", num, den, criterion)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("residents", "Beboere", "Residents", "count", "residents", None, True),
    _share("nonwestern_share", "Indvandrere og efterkommere fra ikke-vestlige lande", "Non-western immigrants and "
           "descendants", "nonwestern", "residents", True),
    _share("outside_labour_18_64", "18-64-årige uden for arbejdsmarked og uddannelse (fuldtidspersoner)",
           "Aged 18-64 outside labour market and education (FTE)", "outside_fte_18_64", "pop_18_64", True),
    _share("employed_or_student_18_64", "18-64-årige i beskæftigelse eller uddannelse hele året",
           "Aged 18-64 in work or education all year", "employed_or_student_18_64", "pop_18_64"),
    _share("basic_education_30_59", "30-59-årige med alene grundskole (inkl. uoplyst)",
           "Aged 30-59 with basic schooling only (incl. unknown)", "basic_30_59", "pop_30_59", True),
    _share("higher_education_30_59", "30-59-årige med videregående uddannelse", "Aged 30-59 with tertiary education",
           "higher_30_59", "pop_30_59"),
    Indicator("mean_income_15_64", "Gns. bruttoindkomst, skattepligtige 15-64 år ekskl. uddannelsessøgende (kr.)",
              "Mean gross income, taxable 15-64 not in education (DKK)", "mean", "income_sum_15_64",
              "income_n_15_64", True),
    _share("convicted_18plus", "Dømte (straffeloven, våbenloven, lov om euforiserende stoffer), andel af 18+",
           "Convicted (criminal code, weapons, drugs), share of 18+", "convicted_18plus", "pop_18plus", True),
    _share("convicted_15plus", "Dømte, andel af 15+", "Convicted, share of 15+", "convicted_15plus", "pop_15plus"),
    _share("charged_15plus", "Sigtede, andel af 15+", "Charged, share of 15+", "charged_15plus",
           "charged_known_15plus"),
    _share("in_education_16_29", "16-29-årige i uddannelse", "Aged 16-29 in education", "in_education_16_29",
           "pop_16_29"),
    _share("female_share", "Kvinder", "Women", "female", "sex_known"),
    _share("daycare_1_5", "1-5-årige i dagtilbud", "Aged 1-5 in day care", "daycare_1_5", "daycare_known_1_5"),
    Indicator("grade_9th_avg", "Gns. karakter ved 9.-klasseprøver", "Mean 9th-grade exam mark", "mean",
              "grade_sum", "grade_n"),
    _share("turnout_18plus", "Valgdeltagelse (18+)", "Turnout (18+)", "voted_18plus", "voters_known_18plus"),
    *(_share(f"origin_{o}_share", f"Herkomst: {o.replace('_', ' ')}", f"Origin: {o.replace('_', ' ')}",
             f"origin_{o}", "residents") for o in ORIGINS),
    *(_share(f"age_{b}_share", f"Alder {b.replace('_', '-').replace('plus', '+')} år",
             f"Aged {b.replace('_', '-').replace('plus', '+')}", f"age_{b}", "residents") for b in AGE_BANDS),
    *(_share(f"edu_{e}_30_59_share", f"30-59-årige, højeste uddannelse: {e.replace('_', ' ')}",
             f"Aged 30-59, highest education: {e.replace('_', ' ')}", f"edu_{e}_30_59", "pop_30_59")
      for e in EDUCATIONS),
)


@dataclass(frozen=True)
class Derived:
    """An indicator the law uses that is computed from yearly values: windows and ratios."""

    id: str
    label_da: str
    label_en: str
    base: str  # indicator id
    window: int = 1
    relative_to: str | None = None  # "nation" or "region"


DERIVED: tuple[Derived, ...] = (
    Derived("outside_labour_18_64_avg2", "Uden for arbejdsmarked og uddannelse, gns. 2 år",
            "Outside labour market and education, 2-year mean", "outside_labour_18_64", 2),
    Derived("outside_labour_18_64_avg4", "Uden for arbejdsmarked og uddannelse, gns. 4 år",
            "Outside labour market and education, 4-year mean", "outside_labour_18_64", 4),
    Derived("convicted_18plus_avg2", "Dømte, andel af 18+, gns. 2 år", "Convicted, share of 18+, 2-year mean",
            "convicted_18plus", 2),
    Derived("convicted_18plus_avg4", "Dømte, andel af 18+, gns. 4 år", "Convicted, share of 18+, 4-year mean",
            "convicted_18plus", 4),
    Derived("convicted_ratio_national_avg2", "Dømte i forhold til landsgennemsnittet, gns. 2 år",
            "Convicted relative to national average, 2-year mean", "convicted_18plus", 2, "nation"),
    Derived("income_ratio_region", "Bruttoindkomst i forhold til regionen", "Gross income relative to the region",
            "mean_income_15_64", 1, "region"),
)

INDICATOR_BY_ID = {i.id: i for i in INDICATORS}
LABELS = {i.id: (i.label_da, i.label_en) for i in INDICATORS} | {d.id: (d.label_da, d.label_en) for d in DERIVED}
