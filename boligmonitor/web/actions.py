"""The one layer that writes: imports, publishing, accounts and the audit log (pages and commands call these)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpRequest

from boligmonitor.errors import BundleError
from boligmonitor.rules import categories_in_force
from boligmonitor.runs.bundle import CLASSIFICATIONS_SCHEMA, INDICATORS_SCHEMA, Bundle, open_bundle
from boligmonitor.web import models as m

BATCH = 5000


@dataclass(frozen=True)
class ImportResult:
    vintage: m.Vintage
    created: bool


def audit(action: str, request: HttpRequest | None = None, user: Any = None, **detail: Any) -> None:
    """Record an event. Details are ids, counts and file names; never a person-level value."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    m.AuditEvent.objects.create(user=user if user is not None and user.pk else None,
                                username=getattr(user, "username", "") or "", action=action, detail=detail, ip=ip)


def bundle_identity(bundle: Bundle) -> str:
    """A bundle is identified by its file checksums and its manifest; the same bundle imports once."""
    blob = json.dumps(bundle.manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def check_bundle(bundle: Bundle) -> None:
    """What the web application relies on, checked before anything is written."""
    where = str(bundle.path)
    for table, schema, name in ((bundle.indicators, INDICATORS_SCHEMA, "indicators.parquet"),
                                (bundle.classifications, CLASSIFICATIONS_SCHEMA, "classifications.parquet")):
        missing = [f.name for f in schema if f.name not in table.column_names]
        if missing:
            raise BundleError(f"{where}/{name}: missing column(s) {', '.join(missing)}; re-run 'boligmonitor run'.")
    reg = bundle.registry
    for key in ("regions", "municipalities", "organisations", "afdelinger", "areas", "area_members"):
        if not isinstance(reg.get(key), list):
            raise BundleError(f"{where}/registry.json: '{key}' is missing; re-run 'boligmonitor run'.")
    areas = {a["area_id"] for a in reg["areas"]}
    unknown = set(bundle.classifications.column("area_id").to_pylist()) - areas
    if unknown:
        raise BundleError(f"{where}: classifications name areas the registry does not have: "
                          f"{', '.join(sorted(unknown)[:5])}.")
    for year, cat in set(zip(bundle.classifications.column("list_year").to_pylist(),
                             bundle.classifications.column("category").to_pylist(), strict=True)):
        if cat not in categories_in_force(year):
            raise BundleError(f"{where}: category '{cat}' was not a list in {year}.")
    _check_disclosure(bundle)


def _check_disclosure(bundle: Bundle) -> None:
    """Defence in depth: refuse a bundle with a published count or share part below its own minimum."""
    minimum = int(bundle.manifest.get("disclosure", {}).get("minimum_count", 0))
    if minimum < 1:
        raise BundleError(f"{bundle.path}/manifest.json: no disclosure minimum recorded; refusing to import.")
    t = bundle.indicators
    published = pc.invert(t.column("suppressed"))
    for col in ("numerator", "denominator"):
        values = t.column(col)
        small = pc.and_(published, pc.less(values, minimum))
        n = pc.sum(pc.cast(pc.fill_null(small, False), "int64")).as_py() or 0
        if n:
            raise BundleError(f"{bundle.path}/indicators.parquet: {n} published cell(s) have a {col} below the "
                              f"disclosure minimum {minimum}; the bundle was not made by this pipeline or was "
                              "altered. Nothing was imported.")


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


@transaction.atomic
def _store(bundle: Bundle, checksum: str, source: str, user: Any, publish: bool) -> m.Vintage:
    man = bundle.manifest
    data = man.get("data", {})
    reg = bundle.registry
    list_years = data.get("list_years") or [0]
    data_years = data.get("data_years") or [0, 0]
    label = (f"Data {data_years[0]}–{data_years[-1]} · regler {man.get('rules_version', '?')}"
             + (" · SYNTETISKE DATA" if data.get("synthetic") else ""))
    v = m.Vintage.objects.create(
        checksum=checksum, label=label, imported_by=user if user is not None and user.pk else None,
        source=source, synthetic=bool(data.get("synthetic")), first_data_year=data_years[0],
        last_data_year=data_years[-1], first_list_year=min(list_years), last_list_year=max(list_years),
        rules_version=man.get("rules_version", ""), code_version=man.get("code_version", ""),
        minimum_count=int(man.get("disclosure", {}).get("minimum_count", 5)), published=False, manifest=man)
    m.Region.objects.bulk_create([m.Region(vintage=v, code=r["region_code"], name=r["name"])
                                  for r in reg["regions"]])
    m.Municipality.objects.bulk_create([m.Municipality(vintage=v, code=r["municipality_code"], name=r["name"],
                                                       region_code=r["region_code"])
                                        for r in reg["municipalities"]])
    mun_region = {r["municipality_code"]: r["region_code"] for r in reg["municipalities"]}
    afd_org = {a["afdeling_id"]: a["org_id"] for a in reg["afdelinger"]}
    m.Organisation.objects.bulk_create([m.Organisation(vintage=v, org_id=o["org_id"], name=o["name"])
                                        for o in reg["organisations"]])
    m.Afdeling.objects.bulk_create([m.Afdeling(vintage=v, **a) for a in reg["afdelinger"]], batch_size=BATCH)
    members = reg["area_members"]
    m.Membership.objects.bulk_create([m.Membership(vintage=v, area_id=x["area_id"], afdeling_id=x["afdeling_id"],
                                                   valid_from=_date(x["valid_from"]), valid_to=_date(x["valid_to"]))
                                      for x in members], batch_size=BATCH)
    orgs_of_area: dict[str, set[str]] = {}
    for x in members:
        orgs_of_area.setdefault(x["area_id"], set()).add(afd_org.get(x["afdeling_id"], ""))
    geometry = {f["properties"]["area_id"]: f["geometry"]
                for f in (reg.get("area_geometry") or {}).get("features", [])}
    m.Area.objects.bulk_create([
        m.Area(vintage=v, area_id=a["area_id"], name=a["name"], municipality_code=a["municipality_code"],
               region_code=mun_region.get(a["municipality_code"], 0), kind=a["kind"],
               org_ids=sorted(orgs_of_area.get(a["area_id"], set()) - {""}), geometry=geometry.get(a["area_id"]))
        for a in reg["areas"]])
    _insert_indicators(v, bundle)
    cls = bundle.classifications.to_pylist()
    m.Classification.objects.bulk_create([
        m.Classification(vintage=v, area_id=r["area_id"], list_year=r["list_year"], list_date=r["list_date"],
                         rule_set=r["rule_set"], category=r["category"], member=r["member"],
                         criteria_met=r["criteria_met"], consecutive_years=r["consecutive_years"],
                         criteria=json.loads(r["criteria_json"]), notes=json.loads(r["notes_json"]),
                         rules_version=r["rules_version"]) for r in cls], batch_size=BATCH)
    if publish:
        publish_vintage(v)
    return v


INDICATOR_COLUMNS = ("unit_type", "unit_id", "year", "indicator_id", "numerator", "denominator", "value",
                     "suppression")


def _insert_indicators(v: m.Vintage, bundle: Bundle) -> None:
    """The bulk of an import (up to millions of cells): plain executemany, no model object per row."""
    meta = m.IndicatorValue._meta
    names = ["vintage_id", *INDICATOR_COLUMNS]
    quoted = ", ".join(connection.ops.quote_name(meta.get_field(n.removesuffix("_id")).column
                                                 if n == "vintage_id" else n) for n in names)
    sql = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({quoted}) "
           f"VALUES ({', '.join(['%s'] * len(names))})")
    table = bundle.indicators
    with connection.cursor() as cursor:
        for batch in table.to_batches(max_chunksize=20_000):
            cols = [batch.column(c).to_pylist() for c in INDICATOR_COLUMNS]
            cursor.executemany(sql, [(v.pk, *row) for row in zip(*cols, strict=True)])


def import_bundle(path: str | Path, user: Any = None, publish: bool = True,
                  request: HttpRequest | None = None) -> ImportResult:
    """Verify and import a bundle, all or nothing. Importing the same bundle again changes nothing."""
    try:
        bundle = open_bundle(Path(path))
        check_bundle(bundle)
    except BundleError as exc:
        audit("import_failed", request, user, source=str(path), error=str(exc))
        raise
    checksum = bundle_identity(bundle)
    existing = m.Vintage.objects.filter(checksum=checksum).first()
    if existing is not None:
        audit("import_unchanged", request, user, source=str(path), vintage=existing.pk)
        return ImportResult(existing, False)
    v = _store(bundle, checksum, str(path), user, publish)
    audit("import", request, user, source=str(path), vintage=v.pk, checksum=checksum,
          indicators=bundle.indicators.num_rows, classifications=bundle.classifications.num_rows)
    return ImportResult(v, True)


@transaction.atomic
def publish_vintage(v: m.Vintage) -> None:
    """The published vintage is what the public and the default views show; exactly one at a time."""
    m.Vintage.objects.exclude(pk=v.pk).update(published=False)
    m.Vintage.objects.filter(pk=v.pk).update(published=True)
    v.published = True


ROLE_SCOPE_FIELDS = ("municipality_code", "org_id", "area_ids")


@transaction.atomic
def create_user(username: str, password: str, role: str, municipality_code: int | None = None,
                org_id: str = "", area_ids: list[str] | None = None) -> Any:
    """Create (or reset) an account with a role and its scope; the password is hashed with Argon2."""
    if role not in dict(m.Profile.ROLES):
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(dict(m.Profile.ROLES))}")
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_staff = role == "admin"
    user.save()
    m.Profile.objects.update_or_create(user=user, defaults={
        "role": role, "municipality_code": municipality_code, "org_id": org_id, "area_ids": area_ids or []})
    return user
