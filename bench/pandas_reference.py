"""A plain pandas implementation of the statutory lists, for the benchmark ratio and as an independent cross-check.

It shares nothing with the engine except the law's numbers (read from the same dated parameter files) and the
list dates. Like the engine it aggregates each data year once: per statutory area (membership valid on
31 December), per region (income) and for the nation (convictions). Then it applies, for every list year from
2010, the criteria of the rules in force: the 2010 and 2013 ghetto lists, udsatte boligområder with ghetto /
parallelsamfund, and forebyggelsesområder. History-dependent categories (hårde ghettoområder,
omdannelsesområder) and § 51 b are left out: they add no person-level work.

Usage: python bench/pandas_reference.py DATA_DIR [BUNDLE_DIR]  (with a bundle: compare list counts)
"""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction
from pathlib import Path

import pandas as pd

from boligmonitor.rules.classify import list_date
from boligmonitor.rules.parameters import ParameterSet, default_parameters

COLUMNS = ["afdeling_id", "municipality_code", "age", "origin", "outside_labour_or_education", "education_dk",
           "in_education", "gross_income", "taxable", "convicted"]
NON_WESTERN = ["indvandrer_ikke_vestlig", "efterkommer_ikke_vestlig"]


def yearly_sums(data: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Area, region and nation sums of every criterion input, one data year at a time."""
    reg = data / "registry"
    members = pd.read_csv(reg / "area_members.csv", dtype=str)
    areas = pd.read_csv(reg / "areas.csv", dtype=str)
    members = members[members.area_id.isin(areas.loc[areas.kind == "statutory", "area_id"])]
    munis = pd.read_csv(reg / "municipalities.csv")
    region_of = dict(zip(munis.municipality_code, munis.region_code, strict=True))
    codes = default_parameters().value("common/basic_education_codes", dt.date(9999, 12, 31))
    area_parts, region_parts, nation_parts = [], [], []
    for f in sorted((data / "persons").glob("*.parquet")):
        df = pd.read_parquet(f, columns=["year", *COLUMNS])
        year = int(df.year.iloc[0])
        end = f"{year}-12-31"
        valid = members[(members.valid_from <= end) & (members.valid_to.isna() | (members.valid_to >= end))]
        df["afdeling_id"] = df.afdeling_id.astype(object)
        df = df.merge(valid[["afdeling_id", "area_id"]], on="afdeling_id", how="left")
        a1864 = df.age.between(18, 64)
        a3059 = df.age.between(30, 59)
        adult = df.age >= 18
        inc = df.taxable & df.age.between(15, 64) & ~df.in_education
        df["residents"] = 1
        df["nonwestern"] = df.origin.isin(NON_WESTERN)
        df["pop_18_64"] = a1864
        df["outside"] = df.outside_labour_or_education.where(a1864, 0.0)
        df["pop_30_59"] = a3059
        df["basic"] = a3059 & df.education_dk.isin(codes)
        df["pop_18plus"] = adult
        df["convicted_18plus"] = adult & df.convicted
        df["income_n"] = inc
        df["income_sum"] = df.gross_income.where(inc, 0.0)
        df["region"] = df.municipality_code.map(region_of)
        sums = ["residents", "nonwestern", "pop_18_64", "outside", "pop_30_59", "basic", "pop_18plus",
                "convicted_18plus", "income_n", "income_sum"]
        a = df.dropna(subset=["area_id"]).groupby("area_id")[sums].sum()
        a["year"] = year
        area_parts.append(a.reset_index())
        r = df.groupby("region")[["income_n", "income_sum"]].sum()
        r["year"] = year
        region_parts.append(r.reset_index())
        nation_parts.append(pd.DataFrame({"year": [year], "pop_18plus": [int(df.pop_18plus.sum())],
                                          "convicted_18plus": [int(df.convicted_18plus.sum())]}))
    area_region = pd.read_csv(reg / "areas.csv")[["area_id", "municipality_code"]]
    area_region["region"] = area_region.municipality_code.map(region_of)
    areas_df = pd.concat(area_parts).merge(area_region[["area_id", "region"]], on="area_id")
    return areas_df, pd.concat(region_parts), pd.concat(nation_parts)


def lists(areas: pd.DataFrame, regions: pd.DataFrame, nation: pd.DataFrame) -> pd.DataFrame:
    """Members of each category for every list year the data supports."""
    p = default_parameters()
    a = areas.copy()
    a["nw"] = a.nonwestern / a.residents
    a["out"] = a.outside / a.pop_18_64
    a["basic_s"] = a.basic / a.pop_30_59
    a["conv"] = a.convicted_18plus / a.pop_18plus
    a["inc"] = a.income_sum / a.income_n
    nation = nation.assign(conv_nat=nation.convicted_18plus / nation.pop_18plus)
    regions = regions.assign(inc_reg=regions.income_sum / regions.income_n)
    a = a.merge(regions[["region", "year", "inc_reg"]], on=["region", "year"]).merge(
        nation[["year", "conv_nat"]], on="year")
    a = a.set_index(["area_id", "year"]).sort_index()
    out: list[tuple[int, str, int]] = []
    for list_year in range(2010, int(a.index.get_level_values("year").max()) + 2):
        out += one_list(a, p, list_year)
    return pd.DataFrame(out, columns=["list_year", "category", "members"])


def one_list(a: pd.DataFrame, p: ParameterSet, list_year: int) -> list[tuple[int, str, int]]:
    """(list year, category, number of members) for one list, under the rules in force on its date."""
    day = list_date(list_year, p)
    last = list_year - p.value("common/data_year_lag", day)
    have = set(a.index.get_level_values("year"))
    if last not in have:
        return []

    def mean(col: str, window: int) -> pd.Series:
        parts = [a.xs(y, level="year")[col] for y in range(last - window + 1, last + 1) if y in have]
        return pd.concat(parts, axis=1).mean(axis=1, skipna=False) if len(parts) == window else pd.Series()

    def thr(name: str) -> float:
        return float(Fraction(p[name].at(day).value))

    cur = a.xs(last, level="year")
    floor = cur.residents >= p.value("common/resident_floor", day)
    if day < dt.date(2018, 12, 1):
        c = "ghettoomraade"
        crit = [mean("nw", 1) > thr(f"{c}/nonwestern_share_threshold"),
                mean("out", p.value(f"{c}/outside_labour_window_years", day)) > thr(f"{c}/outside_labour_threshold"),
                mean("conv", p.value(f"{c}/convicted_window_years", day)) > thr(f"{c}/convicted_share_threshold")]
        if day >= dt.date(2013, 12, 1):
            crit += [cur.basic_s > thr(f"{c}/basic_education_threshold"),
                     cur.inc / cur.inc_reg < thr(f"{c}/income_ratio_threshold")]
        member = floor & (sum(x.astype(int) for x in crit) >= p.value(f"{c}/min_criteria", day))
        return [(list_year, c, int(member.sum()))]

    def two_of_four(c: str) -> pd.Series:
        w = p.value(f"{c}/convicted_window_years", day)
        crit = [mean("out", p.value(f"{c}/outside_labour_window_years", day)) > thr(f"{c}/outside_labour_threshold"),
                mean("conv", w) / mean("conv_nat", w) >= thr(f"{c}/convicted_ratio_threshold"),
                cur.basic_s > thr(f"{c}/basic_education_threshold"),
                cur.inc / cur.inc_reg < thr(f"{c}/income_ratio_threshold")]
        return sum(x.astype(int) for x in crit) >= p.value(f"{c}/min_criteria", day)

    udsat = floor & two_of_four("udsat_boligomraade")
    out = [(list_year, "udsat_boligomraade", int(udsat.sum()))]
    if day < dt.date(2021, 11, 30):
        ghetto = udsat & (cur.nw > thr("ghettoomraade/nonwestern_share_threshold"))
        return [*out, (list_year, "ghettoomraade", int(ghetto.sum()))]
    par = udsat & (cur.nw > thr("parallelsamfund/nonwestern_share_threshold"))
    c = "forebyggelsesomraade"
    fore = floor & (cur.nw > thr(f"{c}/nonwestern_share_threshold")) & two_of_four(c) & ~udsat
    return [*out, (list_year, "parallelsamfund", int(par.sum())), (list_year, c, int(fore.sum()))]


def run(data: Path) -> pd.DataFrame:
    return lists(*yearly_sums(data))


def compare(result: pd.DataFrame, bundle: Path) -> list[str]:
    """Differences between these counts and the bundle's lists (empty list = they agree)."""
    cls = pd.read_parquet(bundle / "classifications.parquet")
    ours = cls[cls.member == True].groupby(["list_year", "category"]).size()  # noqa: E712 (nullable bool)
    diffs = []
    for row in result.itertuples():
        n = int(ours.get((row.list_year, row.category), 0))
        if n != row.members:
            diffs.append(f"{row.list_year} {row.category}: pandas {row.members}, engine {n}")
    return diffs


if __name__ == "__main__":
    res = run(Path(sys.argv[1]))
    print(res.to_string(index=False))
    if len(sys.argv) > 2:
        d = compare(res, Path(sys.argv[2]))
        print("lists agree with the bundle" if not d else "\n".join(d))
