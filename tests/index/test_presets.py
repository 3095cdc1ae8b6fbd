"""Each shipped preset against a small case computed by hand (expected values written as arithmetic)."""

from __future__ import annotations

import math
from statistics import mean, pstdev

import pytest

from boligmonitor.index.compute import compute_index
from boligmonitor.index.presets import load_preset, preset_names
from tests.index.fakes import Cells, TableData

Y = 2023


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


ADAPTED = {"aarhus", "berlin_mss", "imd", "kobenhavn_atlas"}  # other places' methods, rebuilt on our indicators


def test_every_preset_names_its_sources_and_what_it_stands_in_for() -> None:
    assert set(preset_names()) >= ADAPTED | {"lovkriterier"}
    for name in preset_names():
        spec = load_preset(name)
        assert spec.sources and spec.assumptions, name
        assert all(i.stands_for is not None for i in spec.indicators), name
        # every stand-in says so: an adapted method has stand-ins; the statutory criteria use the law's own measures
        assert any(i.substitute for i in spec.indicators) == (name in ADAPTED), name


# -- Aarhus: points by distance from the municipality (= 100), summed, four colours, more than 500 residents --------

AARHUS_IDS = ["outside_labour_18_64", "charged_15_29", "mean_income_15_64", "grade_9th_avg",
              "basic_not_in_education_18_29"]


def aarhus_data() -> TableData:
    cells: Cells = {("municipality", "101", Y, i): v for i, v in zip(
        AARHUS_IDS, [0.20, 0.04, 300_000, 7.0, 0.20], strict=True)}
    areas = {  # residents, then the five values (None = suppressed)
        "A": (1000, [0.50, 0.05, 200_000, 6.0, 0.30]),
        "B": (800, [0.30, 0.10, 150_000, 5.0, 0.40]),
        "C": (700, [0.22, None, 280_000, 7.5, 0.26]),
        "D": (400, [0.90, 0.20, 100_000, 2.0, 0.90]),  # too few residents
        "E": (500, [0.90, 0.20, 100_000, 2.0, 0.90]),  # exactly 500: Aarhus counts areas with MORE than 500
        "F": (501, [0.25, None, None, None, 0.30]),  # 2 of 5 published: 40 % of the weight < 60 %
    }
    for a, (residents, values) in areas.items():
        cells[("area", a, Y, "residents")] = residents
        for i, v in zip(AARHUS_IDS, values, strict=True):
            cells[("area", a, Y, i)] = v
    return TableData(cells)


def test_aarhus_points_colours_and_the_500_resident_floor() -> None:
    r = compute_index(aarhus_data(), load_preset("aarhus"), Y)
    # points: relative score (municipality = 100; lower-is-worse indicators inverted) >= 125 -> 1, 150 -> 2, 200 -> 3
    a_points = [3,  # 100 * 0.50 / 0.20 = 250
                1,  # 100 * 0.05 / 0.04 = 125
                2,  # 100 * 300,000 / 200,000 = 150
                0,  # 100 * 7.0 / 6.0 = 116.7
                2]  # 100 * 0.30 / 0.20 = 150
    b_points = [2, 3, 3, 1, 3]  # 150, 250, 200, 140, 200
    c_points = [0, 0, 0, 1]  # outside 110, income 107.1, grade 93.3, basic 130 (charged suppressed)
    a, b, c = r.row("A"), r.row("B"), r.row("C")
    assert close(a.value, sum(a_points)) and a.klass is not None and a.klass.id == "orange"  # 8: 6 <= 8 < 9
    assert close(b.value, sum(b_points)) and b.klass is not None and b.klass.id == "roed"  # 12 >= 9
    # C: charged suppressed -> reweighted: 4 of 5 equal weights published, the points scaled to five indicators
    assert close(c.value, 5 * (0.2 * sum(c_points)) / 0.8)
    assert c.klass is not None and c.klass.id == "groen" and c.coverage == 0.8
    assert c.note is not None and "diskretioneret" in c.note.da and "suppressed" in c.note.en
    assert [x.rank for x in (b, a, c)] == [1, 2, 3]
    for gone in ("D", "E"):
        assert r.row(gone).status == "not_eligible" and r.row(gone).value is None
        assert "mere end 500" in (r.row(gone).note or ("", ""))[0]
    f = r.row("F")
    assert f.status == "excluded" and f.value is None and f.rank is None and f.klass is None
    assert f.note is not None and "40 %" in f.note.en and "60 %" in f.note.en


# -- Berlin MSS: z-scores, status classes and two-year dynamics in standard deviations, 4 x 3 groups ------------------

MSS_IDS = ["outside_labour_18_64", "employed_or_student_18_64", "mean_income_15_64", "neet_15_29"]
MSS_DIRECTIONS = [1, -1, -1, 1]
MSS_NOW = {"A": [0.10, 0.80, 400_000, 0.05], "B": [0.20, 0.75, 300_000, 0.12], "C": [0.30, 0.60, 250_000, 0.15],
           "D": [0.45, 0.50, 100_000, 0.20], "E": [0.25, 0.70, 260_000, 0.10]}
MSS_BEFORE = {"A": [0.12, 0.78, 390_000, 0.06], "B": [0.20, 0.75, 300_000, 0.12], "C": [0.25, 0.64, 260_000, 0.12],
              "D": [0.40, 0.52, 110_000, 0.18], "E": [0.25, 0.70, 260_000, 0.10]}


def mss_data() -> TableData:
    cells: Cells = {}
    for year, table in ((Y, MSS_NOW), (Y - 2, MSS_BEFORE)):
        for a, values in table.items():
            cells[("area", a, year, "residents")] = 1000
            for i, v in zip(MSS_IDS, values, strict=True):
                cells[("area", a, year, i)] = v
    cells[("area", "Z", Y, "residents")] = 299  # under 300 inhabitants: left out
    for i, v in zip(MSS_IDS, MSS_NOW["D"], strict=True):
        cells[("area", "Z", Y, i)] = v
    return TableData(cells)


def zscores(xs: list[float]) -> list[float]:
    m, s = mean(xs), pstdev(xs)
    return [(x - m) / s for x in xs]


def test_berlin_status_and_dynamics_by_hand() -> None:
    r = compute_index(mss_data(), load_preset("berlin_mss"), Y)
    areas = sorted(MSS_NOW)
    # status: the mean of the four oriented z-scores
    cols = [zscores([d * MSS_NOW[a][j] for a in areas]) for j, d in enumerate(MSS_DIRECTIONS)]
    status = [mean(col[n] for col in cols) for n in range(len(areas))]
    # dynamics: the same over each indicator's change in two years
    dcols = [zscores([d * (MSS_NOW[a][j] - MSS_BEFORE[a][j]) for a in areas]) for j, d in enumerate(MSS_DIRECTIONS)]
    dynamics = [mean(col[n] for col in dcols) for n in range(len(areas))]
    # classes by the standardised value: status < -1 high ("1"), < 1 medium, < 1.5 low, else very low; dynamics
    # < -1 positive ("1"), < 1 stable, else negative
    zs, zd = zscores(status), zscores(dynamics)
    for n, a in enumerate(areas):
        row = r.row(a)
        assert close(row.value, status[n]) and close(row.dynamics_value, dynamics[n])
        s_class = "1" if zs[n] < -1 else "2" if zs[n] < 1 else "3" if zs[n] < 1.5 else "4"
        d_class = "1" if zd[n] < -1 else "2" if zd[n] < 1 else "3"
        assert row.klass is not None and row.klass.id == f"{s_class}.{d_class}", a
        assert row.status_class is not None and row.status_class.id == s_class
    assert r.row("D").klass is not None and r.row("D").klass.id.startswith("4")  # the worst status of the five
    assert r.row("Z").status == "not_eligible"


def test_berlin_dynamics_need_both_years_published() -> None:
    data = mss_data()
    data._cells[("area", "C", Y - 2, "neet_15_29")] = None  # suppressed two years before
    row = compute_index(data, load_preset("berlin_mss"), Y).row("C")
    assert row.value is not None and row.status_class is not None  # the status is computed
    assert row.dynamics_value is None and row.klass is None  # but no 12-group class without dynamics
    assert row.note is not None and "2021-2023" in row.note.en


# -- IMD-like: ranks -> exponential transform, IMD domain weights, deciles ---------------------------------------------

IMD_IDS = ["mean_income_15_64", "outside_labour_18_64", "basic_education_30_59", "convicted_18plus"]
IMD_VALUES = {"A": [300_000, 0.10, 0.20, 0.010], "B": [250_000, 0.20, 0.30, 0.030],
              "C": [200_000, 0.30, 0.25, 0.020], "D": [150_000, 0.40, 0.40, 0.050], "E": [100_000, 0.25, 0.35, None]}


def exp_transform(rank: float, n: int) -> float:
    return -23 * math.log(1 - (rank / n) * (1 - math.exp(-100 / 23)))


def test_imd_like_exponential_ranks_weights_and_deciles() -> None:
    cells: Cells = {}
    for a, values in IMD_VALUES.items():
        cells[("area", a, Y, "residents")] = 1000
        for i, v in zip(IMD_IDS, values, strict=True):
            cells[("area", a, Y, i)] = v
    r = compute_index(TableData(cells), load_preset("imd"), Y)
    w = [22.5 / 67.8, 22.5 / 67.8, 13.5 / 67.8, 9.3 / 67.8]
    # ranks (1 = least deprived): income (lower is worse) A1 B2 C3 D4 E5; outside A1 B2 E3 C4 D5;
    # basic education A1 C2 B3 E4 D5; convicted (E suppressed, 4 ranked) A1 C2 B3 D4
    a = sum(wi * exp_transform(1, n) for wi, n in zip(w, [5, 5, 5, 4], strict=True))
    d = w[0] * exp_transform(4, 5) + w[1] * exp_transform(5, 5) + w[2] * exp_transform(5, 5) \
        + w[3] * exp_transform(4, 4)
    # E: convicted suppressed; reweighted over the other three (86 % of the weight >= 75 %)
    e = (w[0] * exp_transform(5, 5) + w[1] * exp_transform(3, 5) + w[2] * exp_transform(4, 5)) / (1 - w[3])
    assert close(r.row("A").value, a) and close(r.row("D").value, d) and close(r.row("E").value, e)
    ranks = {x.unit_id: x.rank for x in r.rows}
    assert ranks["A"] == 5
    # deciles among 5 ranked areas: group = (rank - 1) * 10 // 5 + 1
    for x in r.rows:
        assert x.rank is not None and x.klass is not None and x.klass.id == str((x.rank - 1) * 10 // 5 + 1)


# -- Copenhagen-style atlas: every indicator relative to the municipality = 100, their mean, cut points ----------------

def test_copenhagen_atlas_relative_to_the_municipality() -> None:
    ids = ["nonwestern_share", "outside_labour_18_64", "basic_education_30_59", "mean_income_15_64"]
    cells: Cells = {("municipality", "101", Y, i): v for i, v in zip(ids, [0.10, 0.20, 0.25, 320_000], strict=True)}
    cells |= {("municipality", "751", Y, i): v for i, v in zip(ids, [0.20, 0.25, 0.20, 300_000], strict=True)}
    values = {"A": (101, [0.40, 0.30, 0.50, 240_000]), "B": (751, [0.20, 0.25, 0.20, 300_000]),
              "C": (751, [0.10, 0.25, 0.22, 330_000])}
    for a, (_, vs) in values.items():
        cells[("area", a, Y, "residents")] = 1000
        for i, v in zip(ids, vs, strict=True):
            cells[("area", a, Y, i)] = v
    data = TableData(cells, areas=[(a, m, "statutory") for a, (m, _) in values.items()])
    r = compute_index(data, load_preset("kobenhavn_atlas"), Y)
    # each area against its own municipality; income inverted (the municipality's mean / the area's)
    a = mean([100 * 0.40 / 0.10, 100 * 0.30 / 0.20, 100 * 0.50 / 0.25, 100 * 320_000 / 240_000])
    b = mean([100.0, 100.0, 100.0, 100.0])
    c = mean([100 * 0.10 / 0.20, 100 * 0.25 / 0.25, 100 * 0.22 / 0.20, 100 * 300_000 / 330_000])
    assert close(r.row("A").value, a) and close(r.row("B").value, b) and close(r.row("C").value, c)
    assert r.row("A").scores["nonwestern_share"] == pytest.approx(400.0)
    # classes: below 100, from 100, from 125, from 150
    got = {x.unit_id: x.klass.id for x in r.rows if x.klass is not None}
    assert got == {"A": "meget_langt_over", "B": "over", "C": "under"}


# -- The statutory criteria (§ 61 a): distance to each threshold in % of it, mean, 1,000 residents -------------------

def test_lovkriterier_distance_to_the_thresholds_and_the_1000_resident_floor() -> None:
    ids = ["outside_labour_18_64_avg2", "convicted_ratio_national_avg2", "basic_education_30_59",
           "income_ratio_region"]
    cells: Cells = {}
    areas = {  # residents, then the four values (None = suppressed)
        "A": (1000, [0.50, 3.0, 0.30, 0.44]),
        "B": (2500, [0.20, 1.5, 0.60, 0.66]),
        "C": (1200, [0.44, None, 0.66, 0.55]),  # convicted suppressed: 3 of 4 = 75 % of the weight, enough
        "D": (999, [0.90, 9.0, 0.90, 0.10]),  # below the law's 1,000 residents
        "E": (1500, [0.44, None, None, 0.55]),  # 2 of 4 published: 50 % < 75 %
    }
    for a, (residents, values) in areas.items():
        cells[("area", a, Y, "residents")] = residents
        for i, v in zip(ids, values, strict=True):
            cells[("area", a, Y, i)] = v
    r = compute_index(TableData(cells), load_preset("lovkriterier"), Y)
    # 100 * (x - t) / t for the three shares, 100 * (t - x) / t for income; not cut at 0; mean of the four
    a = mean([100 * (0.50 - 0.40) / 0.40, 100 * (3.0 - 3) / 3, 100 * (0.30 - 0.60) / 0.60,
              100 * (0.55 - 0.44) / 0.55])  # 25, 0, -50, 20 -> -1.25
    b = mean([100 * (0.20 - 0.40) / 0.40, 100 * (1.5 - 3) / 3, 100 * (0.60 - 0.60) / 0.60,
              100 * (0.55 - 0.66) / 0.55])  # -50, -50, 0, -20 -> -30
    c = mean([100 * (0.44 - 0.40) / 0.40, 100 * (0.66 - 0.60) / 0.60, 100 * (0.55 - 0.55) / 0.55])  # 10, 10, 0
    assert close(r.row("A").value, a) and close(r.row("B").value, b) and close(r.row("C").value, c)
    assert r.row("C").coverage == 0.75 and r.row("C").note is not None
    got = {x.unit_id: x.klass.id for x in r.rows if x.klass is not None}
    assert got == {"A": "naer", "B": "langt_fra", "C": "over"}  # cuts at -25 and 0
    assert [r.row(x).rank for x in ("C", "A", "B")] == [1, 2, 3]
    assert r.row("D").status == "not_eligible" and r.row("D").value is None
    assert r.row("E").status == "excluded" and r.row("E").value is None
