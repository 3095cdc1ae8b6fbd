"""Plain-data vintages for the forecast and watchlist tests: published cells from yearly shares written in the test,
classification rows from the real rule functions on the same exact counts (what the pipeline would publish), no
persons, no bundle."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from boligmonitor.forecast.data import AreaRecord, Cell, Vintage
from boligmonitor.rules import FactsSource, YearCounts, classify_area
from boligmonitor.rules.texts import NOTES
from boligmonitor.runs.pipeline import criterion_json, notes_json

REGION = 1084
MUNICIPALITY = 101
REGION_MEAN = 300_000  # DKK, the region's mean income in every year
NATIONAL_CONVICTED = Fraction(1, 100)  # the nation's convicted share in every year
# share of the residents in each measure's group (18-64, 30-59, 18+, taxable 15-64 outside education)
GROUP = {"outside_labour": Fraction(6, 10), "basic_education": Fraction(4, 10), "convicted": Fraction(3, 4),
         "income": Fraction(1, 2), "nonwestern": Fraction(1)}
INDICATOR = {"nonwestern": "nonwestern_share", "outside_labour": "outside_labour_18_64",
             "basic_education": "basic_education_30_59", "convicted": "convicted_18plus",
             "income": "mean_income_15_64"}

Value = float | Callable[[int], float]


def _at(v: Value, year: int) -> float:
    return v(year) if callable(v) else v


@dataclass
class Area:
    """Yearly values of one area: residents, shares of each group, income as a share of the region's mean."""

    residents: Value = 2000
    nonwestern: Value = 0.2
    outside_labour: Value = 0.2
    basic_education: Value = 0.3
    convicted_ratio: Value = 1.0  # the area's convicted share relative to the nation's
    income_ratio: Value = 0.9
    municipality: int = MUNICIPALITY
    suppressed: set[tuple[int, str]] = field(default_factory=set)  # (data year, measure) published as suppressed

    def counts(self, year: int) -> dict[str, YearCounts]:
        r = round(_at(self.residents, year))
        out = {}
        for m, share in (("nonwestern", self.nonwestern), ("outside_labour", self.outside_labour),
                         ("basic_education", self.basic_education)):
            den = int(r * GROUP[m])
            out[m] = YearCounts(Fraction(round(_at(share, year) * den)), den)
        den = int(r * GROUP["convicted"])
        out["convicted"] = YearCounts(Fraction(round(float(NATIONAL_CONVICTED) * _at(self.convicted_ratio, year)
                                                     * den)), den)
        den = int(r * GROUP["income"])
        out["income"] = YearCounts(Fraction(round(_at(self.income_ratio, year) * REGION_MEAN * den)), den)
        return out


def vintage(areas: dict[str, Area], data_years: Iterable[int] = range(2012, 2024), label: str = "test",
            rows_for: Iterable[str] | None = None) -> Vintage:
    """Cells for every data year and the decisions of every list year those years feed (data year + 1 from 2013)."""
    years = sorted(data_years)
    cells: dict[tuple[str, str, int, str], Cell] = {}
    national = {"convicted": {y: YearCounts(NATIONAL_CONVICTED * 1_000_000, 1_000_000) for y in years}}
    regional = {"income": {y: YearCounts(Fraction(REGION_MEAN * 100_000), 100_000) for y in years}}
    for y in years:
        cells[("nation", "DK", y, "convicted_18plus")] = Cell(10_000.0, 1_000_000.0)
        cells[("region", str(REGION), y, "mean_income_15_64")] = Cell(float(REGION_MEAN * 100_000), 100_000.0)
    rows = []
    list_years = [y + 1 for y in years if y + 1 >= 2013]
    for aid, a in areas.items():
        counts = {y: a.counts(y) for y in years}
        for y in years:
            cells[("area", aid, y, "residents")] = (Cell(None, None, True) if (y, "residents") in a.suppressed
                                                    else Cell(float(round(_at(a.residents, y))), None))
            for m, ind in INDICATOR.items():
                c = counts[y][m]
                cells[("area", aid, y, ind)] = (Cell(None, None, True) if (y, m) in a.suppressed
                                                else Cell(float(c.numerator), float(c.denominator)))
            # the income criterion's own published value: a ratio without counts
            ratio = counts[y]["income"].numerator / counts[y]["income"].denominator / REGION_MEAN
            cells[("area", aid, y, "income_ratio_region")] = (Cell(None, None, True) if (y, "income") in a.suppressed
                                                              else Cell(None, None, False, float(ratio)))
        if rows_for is not None and aid not in rows_for:
            continue
        source = FactsSource({m: {y: counts[y][m] for y in years} for m in INDICATOR}, national, regional,
                             {y: round(_at(a.residents, y)) for y in years})
        for d in classify_area(aid, dict.fromkeys(list_years, source), list_years):
            crits = []
            for c in d.criteria:
                measure = {"residents": "residents", "nonwestern": "nonwestern", "outside_labour": "outside_labour",
                           "outside_labour_large": "outside_labour", "convicted_ratio": "convicted",
                           "convicted_share": "convicted", "basic_education": "basic_education",
                           "income_ratio": "income"}[c.id]
                hidden = [y for y in c.data_years if (y, measure) in a.suppressed]
                withheld = NOTES["withheld"].format(years=", ".join(map(str, hidden))) if hidden else None
                crits.append(criterion_json(c, withheld))
            rows.append({"area_id": d.area_id, "list_year": d.list_year, "list_date": d.list_date,
                         "rule_set": d.rule_set, "category": d.category, "member": d.member,
                         "criteria_met": d.criteria_met, "consecutive_years": d.consecutive_years,
                         "criteria": crits, "notes": notes_json(d.notes), "rules_version": d.rules_version})
    records = {aid: AreaRecord(aid, f"Område {aid}", a.municipality, "statutory", ("O1",))
               for aid, a in areas.items()}
    return Vintage(label, "test-rules", True, cells, rows, records,
                   {MUNICIPALITY: ("København", REGION), 147: ("Frederiksberg", REGION)},
                   {"O1": "Boligselskabet Øst"})


def members(v: Vintage, year: int, category: str) -> set[str]:
    return {r["area_id"] for r in v.rows if r["list_year"] == year and r["category"] == category and r["member"]}
