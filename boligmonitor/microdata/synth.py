"""A synthetic Denmark: registry plus person-year microdata with persistent, realistic dynamics.

Everything here is invented. The 5 regions and 98 municipalities are real (codes, names, rough sizes); areas,
afdelinger, organisations and persons are not. Every output made from this data says it is synthetic
(``dataset.json`` marks the folder, the pipeline copies the mark into the bundle manifest).

Model in short (see docs/synthetic-data.md):
* every location (an afdeling, or the non-almene rest of a municipality) has a latent severity s(t) in [0, 1];
  statutory areas draw a baseline, an own trend and a response to the national policy after 2013/2018;
* persons carry persistent propensities (labour, crime, income rank, education, origin), so the same people stay
  outside the labour market year after year and areas change mainly through turnover;
* each year: ageing, deaths, births, ~13 % moving out of almene afdelinger (refilled by newcomers drawn from the
  area's profile that year), municipal balancing, and partial redraws of propensities.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from boligmonitor.microdata.geometry import area_geometry
from boligmonitor.microdata.schema import EDUCATIONS, ORIGINS
from boligmonitor.registry.denmark import municipalities, regions

AREA_NAMES_A = ["Nørre", "Søndre", "Vester", "Øster", "Ny", "Gammel", "Store", "Lille", "Høje", "Nedre"]
AREA_NAMES_B = ["park", "gård", "vænget", "høj", "bakken", "haven", "parken", "engen", "toften", "lunden"]
AREA_NAMES_C = ["Birke", "Hyld", "Ege", "Ahorn", "Lind", "Kastanje", "Rønne", "Pile", "Bøge", "Elme", "Æble",
                "Hassel", "Kløver", "Mølle", "Skov", "Strand", "Sø", "Vang", "Ager", "Dal"]
ELECTION_YEARS = {2007, 2009, 2011, 2013, 2015, 2017, 2019, 2021, 2022}
REGION_INCOME = {1084: 1.12, 1085: 0.96, 1083: 0.94, 1082: 0.97, 1081: 0.92}
ALMEN_SHARE = 0.17  # share of the population living in almene afdelinger (roughly 1 in 6 in Denmark)
MOVE_OUT_RATE = 0.13


@dataclass(frozen=True)
class SynthConfig:
    out: Path
    scale: float = 0.05
    first_year: int = 2006
    last_year: int = 2024
    seed: int = 1


@dataclass
class Places:
    """Locations persons live in: afdelinger (index 0..A-1) and the municipality rest (index A + m)."""

    afd_ids: list[str]
    afd_mun: np.ndarray  # municipality index per afdeling
    afd_area: np.ndarray  # statutory area index per afdeling, -1 if none
    afd_size0: np.ndarray  # residents in the first year
    afd_growth: np.ndarray
    severity: np.ndarray  # [location, year] latent severity
    nonwestern: np.ndarray  # [location, year] share of newcomers of non-western origin
    mun_codes: np.ndarray
    mun_region: np.ndarray
    mun_pop0: np.ndarray


def _area_severity(rng: np.random.Generator, n: int, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Severity and non-western intake for statutory areas over the years.

    Calibrated with an area-level emulator against the published list counts (criteria-sources.md §8): most areas
    start in the middle of the range, drift slowly upwards, and from 2013 (more strongly from 2018, with the
    2018 parallelsamfund package) areas above the pivot are pulled back towards it, each at its own pace. That
    empties the top of the distribution (fewer udsatte områder) and fills the band just below the udsat
    thresholds, where the lower forebyggelse thresholds (2021-) catch many areas. A few areas deteriorate anyway.
    """
    s0 = rng.beta(4.6, 5.4, n)
    slope = rng.normal(0.005, 0.004, n)
    response = rng.uniform(0.5, 1.5, n)
    deteriorating = rng.random(n) < 0.06
    sev = np.empty((n, len(years)))
    sev[:, 0] = s0
    for i in range(1, len(years)):
        pull = 0.28 if years[i] >= 2018 else (0.04 if years[i] >= 2013 else 0.0)
        step = slope - pull * response * np.clip(sev[:, i - 1] - 0.45, 0, None) + rng.normal(0, 0.01, n)
        step[deteriorating] = 0.01
        sev[:, i] = np.clip(sev[:, i - 1] + step, 0.0, 1.0)
    nw0 = np.clip(-0.06 + 1.0 * s0 + rng.normal(0, 0.12, n), 0.02, 0.92)
    return sev, np.repeat(nw0[:, None], len(years), axis=1)


def build_places(cfg: SynthConfig, rng: np.random.Generator) -> tuple[Places, dict[str, list[dict[str, object]]]]:
    years = np.arange(cfg.first_year, cfg.last_year + 1)
    muns = municipalities()
    mun_codes = np.array([m.code for m in muns])
    mun_region = np.array([m.region_code for m in muns])
    mun_pop0 = np.array([m.approx_population for m in muns], dtype=float) * cfg.scale * 0.985
    n_areas = max(8, round(200 * cfg.scale))
    weight = mun_pop0**1.6
    weight = weight / weight.sum()
    area_mun = np.sort(rng.choice(len(muns), size=n_areas, p=weight))
    area_size = np.clip(np.exp(rng.normal(np.log(1900), 0.55, n_areas)), 1040, 9500)
    # a few areas shrink towards (and below) the 1,000-resident floor over the years
    area_growth = rng.normal(0.0, 0.008, n_areas)
    shrink = rng.random(n_areas) < 0.1
    area_size[shrink] = rng.uniform(1040, 1300, shrink.sum())
    area_growth[shrink] = rng.uniform(-0.03, -0.005, shrink.sum())
    area_sev, area_nw = _area_severity(rng, n_areas, years)

    afd_ids: list[str] = []
    afd_mun: list[int] = []
    afd_area: list[int] = []
    afd_size: list[float] = []
    afd_growth: list[float] = []
    for a in range(n_areas):
        k = int(rng.integers(1, 6))
        parts = rng.dirichlet(np.full(k, 3.0)) * area_size[a]
        for p in parts:
            afd_ids.append(f"AFD{len(afd_ids) + 1:05d}")
            afd_mun.append(int(area_mun[a]))  # python ints: keep the lists homogeneous
            afd_area.append(a)
            afd_size.append(float(p))
            afd_growth.append(float(area_growth[a]))
    # other almene afdelinger, spread by population
    rest = np.clip(mun_pop0 * ALMEN_SHARE - np.bincount(area_mun, weights=area_size, minlength=len(muns)), 0, None)
    for m in range(len(muns)):
        budget = rest[m]
        while budget > 60:
            size = float(min(budget, np.clip(np.exp(rng.normal(np.log(220), 0.6)), 40, 900)))
            afd_ids.append(f"AFD{len(afd_ids) + 1:05d}")
            afd_mun.append(m)
            afd_area.append(-1)
            afd_size.append(size)
            afd_growth.append(float(rng.normal(0.002, 0.005)))
            budget -= size
    n_afd = len(afd_ids)
    afd_area_arr = np.array(afd_area)
    sev = np.empty((n_afd + len(muns), len(years)))
    nw = np.empty_like(sev)
    in_area = afd_area_arr >= 0
    jitter = rng.normal(0, 0.03, (n_afd, 1))
    sev[:n_afd][in_area] = np.clip(area_sev[afd_area_arr[in_area]] + jitter[in_area], 0, 1)
    nw[:n_afd][in_area] = np.clip(area_nw[afd_area_arr[in_area]] + jitter[in_area], 0.01, 0.95)
    n_other = int((~in_area).sum())
    other_s = np.clip(rng.beta(2, 4.5, n_other), 0, 0.8)
    # flat over time: the criteria compare areas with the nation and the region, so a drifting background would
    # move every area relative to its thresholds
    sev[:n_afd][~in_area] = other_s[:, None]
    nw[:n_afd][~in_area] = np.clip(0.05 + 0.5 * other_s, 0.01, 0.6)[:, None]
    mun_s = np.clip(rng.normal(0.08, 0.03, len(muns)), 0.01, 0.2)
    sev[n_afd:] = mun_s[:, None]
    nw[n_afd:] = np.clip(0.035 + 0.3 * mun_s, 0.01, 0.2)[:, None] + 0.0015 * (years - years[0])[None, :]
    np.clip(sev, 0, 1, out=sev)

    places = Places(
        afd_ids=afd_ids,
        afd_mun=np.array(afd_mun),
        afd_area=afd_area_arr,
        afd_size0=np.array(afd_size),
        afd_growth=np.array(afd_growth),
        severity=sev,
        nonwestern=nw,
        mun_codes=mun_codes,
        mun_region=mun_region,
        mun_pop0=mun_pop0,
    )
    return places, _registry_tables(cfg, rng, places, n_areas, area_mun)


def _registry_tables(
    cfg: SynthConfig, rng: np.random.Generator, pl: Places, n_areas: int, area_mun: np.ndarray
) -> dict[str, list[dict[str, object]]]:
    muns = municipalities()
    orgs: list[dict[str, object]] = []
    org_of_mun: dict[int, list[str]] = {}
    for m, mun in enumerate(muns):
        k = int(np.clip(round(pl.mun_pop0[m] / 25000) + 1, 1, 8))
        ids = []
        for j in range(k):
            oid = f"ORG{len(orgs) + 1:04d}"
            orgs.append({"org_id": oid, "name": f"Boligselskabet {mun.name} {j + 1}"})
            ids.append(oid)
        org_of_mun[m] = ids
    afdelinger = []
    counters: dict[str, int] = {}
    names_used: set[str] = set()

    def fresh_name() -> str:
        for _ in range(1000):
            n = f"{rng.choice(AREA_NAMES_C)}{rng.choice(AREA_NAMES_B)}"
            if rng.random() < 0.3:
                n = f"{rng.choice(AREA_NAMES_A)} {n}"
            if n not in names_used:
                names_used.add(n)
                return n
        return f"Område {len(names_used)}"

    area_names = [fresh_name() for _ in range(n_areas)]
    for i, afd in enumerate(pl.afd_ids):
        m = int(pl.afd_mun[i])
        org = str(rng.choice(org_of_mun[m]))
        counters[org] = counters.get(org, 0) + 1
        a = int(pl.afd_area[i])
        name = f"{area_names[a]} afd. {counters[org]}" if a >= 0 else fresh_name()
        afdelinger.append(
            {
                "afdeling_id": afd,
                "org_id": org,
                "number": counters[org],
                "name": name,
                "municipality_code": int(pl.mun_codes[m]),
                "dwellings": round(pl.afd_size0[i] / 2.1),
            }
        )
    areas = []
    members = []
    for a in range(n_areas):
        areas.append(
            {
                "area_id": f"A{a + 1:04d}",
                "name": area_names[a],
                "municipality_code": int(pl.mun_codes[area_mun[a]]),
                "kind": "statutory",
            }
        )
        for j in np.flatnonzero(pl.afd_area == a).tolist():
            members.append({"area_id": f"A{a + 1:04d}", "afdeling_id": pl.afd_ids[j], "valid_from": "2000-01-01",
                            "valid_to": ""})
    # helhedsplan areas: a statutory area plus a neighbouring afdeling, from the 2015-18 funding period on
    others_by_mun: dict[int, list[int]] = {}
    for j in np.flatnonzero(pl.afd_area < 0).tolist():
        others_by_mun.setdefault(int(pl.afd_mun[j]), []).append(j)
    for a in range(0, n_areas, 3):
        hid = f"H{a + 1:04d}"
        m = int(area_mun[a])
        areas.append({"area_id": hid, "name": f"Helhedsplan {area_names[a]}", "municipality_code":
                      int(pl.mun_codes[m]), "kind": "helhedsplan"})
        for j in np.flatnonzero(pl.afd_area == a).tolist():
            members.append({"area_id": hid, "afdeling_id": pl.afd_ids[j], "valid_from": "2015-01-01",
                            "valid_to": ""})
        if others_by_mun.get(m):
            extra = others_by_mun[m].pop()
            members.append({"area_id": hid, "afdeling_id": pl.afd_ids[extra], "valid_from": "2015-01-01",
                            "valid_to": ""})
    return {
        "regions": [{"region_code": k, "name": v} for k, v in sorted(regions().items())],
        "municipalities": [{"municipality_code": m.code, "name": m.name, "region_code": m.region_code}
                           for m in muns],
        "organisations": orgs,
        "afdelinger": afdelinger,
        "areas": areas,
        "area_members": members,
    }


class Population:
    """The person state, held as parallel numpy arrays sorted by person id."""

    def __init__(self, rng: np.random.Generator, places: Places, year_index: int) -> None:
        self.rng = rng
        self.pl = places
        self.next_id = 1_000_001
        n_afd = len(places.afd_ids)
        sizes = np.concatenate([places.afd_size0, np.zeros(len(places.mun_codes))])
        almen_by_mun = np.bincount(places.afd_mun, weights=places.afd_size0, minlength=len(places.mun_codes))
        sizes[n_afd:] = np.clip(places.mun_pop0 - almen_by_mun, 0, None)
        counts = rng.poisson(sizes).astype(np.int64)
        loc = np.repeat(np.arange(len(sizes)), counts)
        self.cols: dict[str, np.ndarray] = {}
        self._new_persons(loc, year_index, first=True)

    # -- creation -------------------------------------------------------------------------------------------
    def _new_persons(self, loc: np.ndarray, yi: int, first: bool = False, age: np.ndarray | None = None) -> None:
        rng, pl = self.rng, self.pl
        n = len(loc)
        year = 0  # only relative ages matter here
        if age is None:
            age = (rng.gamma(2.0, 17.0, n) if first else rng.gamma(2.2, 12.0, n)).astype(np.int64)
            age = np.clip(age, 0, 99)
        sev = pl.severity[loc, yi]
        nw_p = pl.nonwestern[loc, yi]
        u = rng.random(n)
        nonwestern = u < nw_p
        western_imm = (~nonwestern) & (u < nw_p + 0.06)
        descendant = rng.random(n) < np.where(age < 18, 0.7, 0.15)
        origin = np.zeros(n, dtype=np.int8)  # dansk
        origin[western_imm] = np.where(descendant[western_imm], 3, 1)
        origin[nonwestern] = np.where(descendant[nonwestern], 4, 2)
        p_basic = np.clip(0.08 + 0.66 * sev, 0, 0.95)
        ue = rng.random(n)
        edu = np.where(ue < p_basic, 0, 1 + (rng.random(n) * 5).astype(np.int8)).astype(np.int8)
        unknown = (ue < p_basic) & (rng.random(n) < np.where(origin == 2, 0.45, 0.03))
        edu[unknown] = 6
        new = {
            "person_id": np.arange(self.next_id, self.next_id + n, dtype=np.int64),
            "loc": loc.astype(np.int32),
            "birth": (year - age).astype(np.int32) + yi,
            "sex": (rng.random(n) < 0.5).astype(np.int8),
            "origin": origin,
            "edu": edu,
            "u_out": rng.random(n).astype(np.float32),
            "u_conv": rng.random(n).astype(np.float32),
            "z_inc": rng.standard_normal(n).astype(np.float32),
            "u_study": rng.random(n).astype(np.float32),
            "taxable": (rng.random(n) < 0.985),
        }
        self.next_id += n
        if not self.cols:
            self.cols = new
        else:
            for k, v in new.items():
                self.cols[k] = np.concatenate([self.cols[k], v])

    def _keep(self, mask: np.ndarray) -> None:
        for k in self.cols:
            self.cols[k] = self.cols[k][mask]

    # -- one year of dynamics ------------------------------------------------------------------------------
    def advance(self, yi: int) -> None:
        rng, pl, c = self.rng, self.pl, self.cols
        n_afd = len(pl.afd_ids)
        age = yi - c["birth"]
        death = rng.random(len(age)) < np.clip(np.exp(-10.2 + 0.093 * age), 0, 0.6)
        self._keep(~death)
        c = self.cols
        age = yi - c["birth"]
        mothers = np.flatnonzero((c["sex"] == 1) & (age >= 20) & (age <= 40))
        n_births = int(0.0108 * len(age))
        if len(mothers) and n_births:
            mom = rng.choice(mothers, n_births)
            self._births(mom, yi)
        c = self.cols
        in_almen = c["loc"] < n_afd
        movers = in_almen & (rng.random(len(c["loc"])) < MOVE_OUT_RATE)
        c["loc"][movers] = n_afd + pl.afd_mun[c["loc"][movers]]
        # refill afdelinger to their size in this year, with newcomers drawn from the place's current profile
        target = np.rint(pl.afd_size0 * (1 + pl.afd_growth) ** yi).astype(np.int64)
        current = np.bincount(c["loc"][c["loc"] < n_afd], minlength=n_afd)
        need = np.clip(target - current, 0, None)
        surplus = np.clip(current - target, 0, None)
        if surplus.any():
            self._move_out_surplus(surplus)
        self._new_persons(np.repeat(np.arange(n_afd), need), yi)
        self._balance_municipalities(yi)
        c = self.cols
        n = len(c["loc"])
        redraw = rng.random(n) < 0.12
        c["u_out"][redraw] = rng.random(int(redraw.sum())).astype(np.float32)
        redraw = rng.random(n) < 0.3
        c["u_conv"][redraw] = rng.random(int(redraw.sum())).astype(np.float32)
        order = np.argsort(c["person_id"], kind="stable")
        if not np.all(order == np.arange(n)):
            self._keep(order)

    def _births(self, mom: np.ndarray, yi: int) -> None:
        c = self.cols
        loc = c["loc"][mom]
        self._new_persons(loc, yi, age=np.zeros(len(mom), dtype=np.int64))
        k = len(mom)
        origin = c["origin"][mom]
        child = np.where(np.isin(origin, (2, 4)), 4, np.where(np.isin(origin, (1, 3)), 3, 0)).astype(np.int8)
        self.cols["origin"][-k:] = child

    def _move_out_surplus(self, surplus: np.ndarray) -> None:
        c, pl = self.cols, self.pl
        n_afd = len(pl.afd_ids)
        idx = np.flatnonzero(c["loc"] < n_afd)
        order = self.rng.permutation(len(idx))
        idx = idx[order]
        loc = c["loc"][idx]
        # rank of each person within its afdeling (in random order), move out those ranked below the surplus
        sort = np.argsort(loc, kind="stable")
        loc_sorted = loc[sort]
        starts = np.searchsorted(loc_sorted, loc_sorted, side="left")
        rank = np.arange(len(loc_sorted)) - starts
        out = sort[rank < surplus[loc_sorted]]
        sel = idx[out]
        c["loc"][sel] = n_afd + pl.afd_mun[c["loc"][sel]]

    def _balance_municipalities(self, yi: int) -> None:
        rng, pl = self.rng, self.pl
        n_afd = len(pl.afd_ids)
        n_mun = len(pl.mun_codes)
        c = self.cols
        mun_of = np.where(c["loc"] < n_afd, pl.afd_mun[np.minimum(c["loc"], n_afd - 1)], c["loc"] - n_afd)
        current = np.bincount(mun_of, minlength=n_mun)
        target = np.rint(pl.mun_pop0 * 1.004**yi).astype(np.int64)
        diff = target - current
        rest = c["loc"] >= n_afd
        drop = np.zeros(len(c["loc"]), dtype=bool)
        for m in np.flatnonzero(diff < 0):
            cand = np.flatnonzero(rest & (mun_of == m))
            k = min(len(cand), int(-diff[m]))
            drop[rng.choice(cand, k, replace=False)] = True
        self._keep(~drop)
        add = np.clip(diff, 0, None)
        self._new_persons(np.repeat(n_afd + np.arange(n_mun), add), yi)

    # -- the register rows for one year ---------------------------------------------------------------------
    def year_table(self, year: int, yi: int) -> pa.Table:
        rng, pl, c = self.rng, self.pl, self.cols
        n = len(c["loc"])
        n_afd = len(pl.afd_ids)
        loc = c["loc"]
        age = (yi - c["birth"]).astype(np.int32)
        sev = pl.severity[loc, yi]
        t = year - 2006
        study_p = np.select([age < 16, age <= 19, age <= 24, age <= 29], [0.0, 0.85, 0.48, 0.22], 0.0)
        in_edu = c["u_study"] < study_p * (1 - 0.35 * sev)
        p_out = np.clip(0.08 + 0.55 * sev - 0.002 * t, 0.01, 0.86)
        u = c["u_out"]
        outside = np.where(u < 0.85 * p_out, 1.0, np.where(u < 1.15 * p_out, 0.5, 0.0))
        outside = np.where(age >= 65, 1.0, np.where((age < 16) | in_edu, 0.0, outside))
        base_conv = 0.0125 * 0.965**t
        age_f = np.select([age < 15, age <= 29, age <= 49], [0.0, 1.9, 0.9], 0.3)
        pers_f = np.where(c["u_conv"] < 0.15, 3.0, 0.647)
        p_conv = np.clip(base_conv * (0.55 + 3.4 * sev**1.6) * age_f * pers_f, 0, 0.9)
        convicted = rng.random(n) < p_conv
        charged = convicted | (rng.random(n) < p_conv * 0.6)
        region = pl.mun_region[np.where(loc < n_afd, pl.afd_mun[np.minimum(loc, n_afd - 1)], loc - n_afd)]
        reg_f = np.select([region == r for r in REGION_INCOME], list(REGION_INCOME.values()), 1.0)
        z = c["z_inc"].astype(np.float64)
        income = 330_000 * 1.021**t * np.exp(0.55 * z - 0.15) * reg_f * np.clip(1 - 0.78 * sev, 0.15, 1.0)
        income = income * np.where(in_edu, 0.3, 1.0) * (1 - 0.72 * np.where(age < 65, outside, 0.0))
        income = np.where(age < 15, 0.0, np.where(age >= 65, income * 0.55, income))
        income = np.round(income, 0)
        daycare = np.where((age >= 1) & (age <= 5), rng.random(n) < 0.93 - 0.25 * sev, False)
        grade = np.round(np.clip(7.3 - 3.2 * sev + rng.normal(0, 1.8, n), -3, 12), 1)
        voted = rng.random(n) < 0.86 - 0.4 * sev
        edu_out = np.where(age >= 25, c["edu"], np.where(age >= 16, 0, 6)).astype(np.int8)
        afd_idx = np.where(loc < n_afd, loc, -1)
        mun = np.where(loc < n_afd, pl.afd_mun[np.minimum(loc, n_afd - 1)], loc - n_afd)
        mask_day = ~((age >= 1) & (age <= 5))
        mask_grade = age != 15
        mask_vote = (age < 18) | (year not in ELECTION_YEARS)
        return pa.table(
            {
                "year": pa.array(np.full(n, year, dtype=np.int32)),
                "person_id": pa.array(c["person_id"]),
                "afdeling_id": pa.DictionaryArray.from_arrays(
                    pa.array(afd_idx.astype(np.int32), mask=afd_idx < 0), pa.array(pl.afd_ids)
                ),
                "municipality_code": pa.array(pl.mun_codes[mun].astype(np.int32)),
                "age": pa.array(age),
                "sex": _dict(c["sex"], ("M", "K")),
                "origin": _dict(c["origin"], ORIGINS),
                "outside_labour_or_education": pa.array(outside),
                "education_dk": _dict(edu_out, EDUCATIONS),
                "in_education": pa.array(in_edu),
                "gross_income": pa.array(income),
                "taxable": pa.array(c["taxable"] & (age >= 15)),
                "convicted": pa.array(convicted),
                "charged": pa.array(charged),
                "in_daycare": pa.array(daycare, mask=mask_day),
                "grade_9th_avg": pa.array(grade, mask=mask_grade),
                "voted": pa.array(voted, mask=mask_vote),
            }
        )


def _dict(codes: np.ndarray, labels: tuple[str, ...]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int8)), pa.array(list(labels)))


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


def generate(cfg: SynthConfig, progress: Callable[[int], None] | None = None) -> dict[str, object]:
    """Write a synthetic data folder (registry/ + persons/) and return a summary."""
    rng = np.random.default_rng(cfg.seed)
    places, tables = build_places(cfg, rng)
    reg_dir = cfg.out / "registry"
    for name, rows in tables.items():
        write_csv(reg_dir / f"{name}.csv", rows)
    geometry = area_geometry(tables["municipalities"], tables["areas"], tables["area_members"], seed=cfg.seed)
    (reg_dir / "area_geometry.geojson").write_text(json.dumps(geometry, ensure_ascii=False) + "\n", encoding="utf-8")
    persons_dir = cfg.out / "persons"
    persons_dir.mkdir(parents=True, exist_ok=True)
    pop = Population(rng, places, 0)
    total_rows = 0
    for yi, year in enumerate(range(cfg.first_year, cfg.last_year + 1)):
        if yi > 0:
            pop.advance(yi)
        table = pop.year_table(year, yi)
        pq.write_table(table, persons_dir / f"persons_{year}.parquet", row_group_size=1 << 20)
        total_rows += table.num_rows
        if progress:
            progress(year)
    summary: dict[str, object] = {
        "synthetic": True,
        "generator": "boligmonitor synth",
        "seed": cfg.seed,
        "scale": cfg.scale,
        "years": [cfg.first_year, cfg.last_year],
        "statutory_areas": sum(1 for a in tables["areas"] if a["kind"] == "statutory"),
        "afdelinger": len(tables["afdelinger"]),
        "person_rows": total_rows,
        "persons_last_year": len(pop.cols["loc"]),
        "note": "SYNTHETIC DATA — invented persons and areas; not a description of any real place.",
    }
    (cfg.out / "dataset.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary
