"""The one layer that writes: imports, publishing, accounts and the audit log (pages and commands call these)."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpRequest

from boligmonitor.disclosure import workers
from boligmonitor.disclosure.audit import audit_bundle
from boligmonitor.geo.outlines import municipality_code_of
from boligmonitor.messages import finding_kind, finding_text
from boligmonitor.rules.texts import Text
from boligmonitor.runs.bundle import Bundle
from boligmonitor.web import models as m
from boligmonitor.web.bundle_checks import Parsed, check_bundle
from boligmonitor.web.bundle_reader import read_bundle
from boligmonitor.web.cell_checks import check_cells
from boligmonitor.web.refusal import ImportRefused, refuse, where
from boligmonitor.web.throttle import client_ip
from boligmonitor.web.vintage_labels import vintage_label

BATCH = 5000


@dataclass(frozen=True)
class ImportResult:
    vintage: m.Vintage
    created: bool


def audit(action: str, request: HttpRequest | None = None, user: Any = None, **detail: Any) -> None:
    """Record an event. Details are ids, counts and file names; never a person-level value."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    ip = client_ip(request)
    m.AuditEvent.objects.create(user=user if user is not None and user.pk else None,
                                username=getattr(user, "username", "") or "", action=action, detail=detail, ip=ip)


COMMAND_LINE = "command_line"


def command_line() -> dict[str, str]:
    """Audit detail naming the actor of a change made on the server's command line (``boligmonitor-web``): no web
    user made it, so the entry says where it came from, and which operating-system account ran the command."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. in a container)
        who = ""
    return {"via": COMMAND_LINE} | ({"os_user": who[:150]} if who else {})


def bundle_identity(bundle: Bundle) -> str:
    """A bundle is identified by its file checksums and its manifest; the same bundle imports once."""
    blob = json.dumps(bundle.manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def _audit_disclosure(bundle: Bundle, name: str) -> None:
    """The disclosure audit of a bundle, before anything is written: the one place every import passes.

    Every cell is re-checked against the site minimum (``settings.SITE_MINIMUM_COUNT``, or the bundle's own minimum
    when that is higher); then the attacker's audit the pipeline runs (``boligmonitor.disclosure.audit``) tries to
    work out every suppressed cell and every small group from what the bundle publishes, against the same minimum.
    """
    minimum = max(int(settings.SITE_MINIMUM_COUNT), int(bundle.manifest["disclosure"]["minimum_count"]))
    check_cells(bundle.indicators, minimum, f"{name}/indicators.parquet")
    catalogue = bundle.manifest.get("catalogue")
    try:
        if not isinstance(catalogue, dict):
            raise TypeError("no catalogue in the manifest")
        with workers.one_process():  # never fork inside a threaded server process
            report = audit_bundle(bundle.indicators, bundle.classifications, bundle.registry, catalogue, minimum)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise refuse("catalogue", where(f"{name}/manifest.json", column="catalogue"),
                     Text(f"katalogets relationer mangler eller kan ikke læses ({type(exc).__name__})",
                          f"the catalogue's relations are missing or unreadable ({type(exc).__name__})")) from None
    if not report.ok:
        first = report.issues[0].text

        def counts(lang: str) -> str:
            return ", ".join(f"{finding_kind(k, lang)} {n}" for k, n in report.counts().items())
        raise refuse("disclosure_audit", where(f"{name}/indicators.parquet"),
                     Text(f"diskretioneringsrevisionen kan regne undertrykte eller små tal ud af de offentliggjorte "
                          f"({counts('da')}); første fund: {finding_text(first, 'da')}",
                          f"the disclosure audit can work out suppressed or small numbers from the published ones "
                          f"({counts('en')}); first finding: {first}"))


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


AFDELING_FIELDS = ("afdeling_id", "org_id", "number", "name", "municipality_code", "dwellings")


@transaction.atomic
def _store(bundle: Bundle, parsed: Parsed, checksum: str, source: str, user: Any, typed: str = "") -> m.Vintage:
    man = bundle.manifest
    data = man["data"]
    reg = bundle.registry
    list_years = data["list_years"]
    data_years = data["data_years"]
    # an automatic label is stored as its parts and worded per page; a typed one is kept as typed
    text, parts = (typed, None) if typed else vintage_label(
        (data_years[0], data_years[-1]), str(man["rules_version"]), bool(data.get("synthetic")), checksum,
        lambda t: m.Vintage.objects.filter(label_text=t).exists())
    v = m.Vintage.objects.create(
        checksum=checksum, label_text=text[:200], label_parts=parts,
        imported_by=user if user is not None and user.pk else None,
        source=source[:500], synthetic=bool(data.get("synthetic")), first_data_year=data_years[0],
        last_data_year=data_years[-1], first_list_year=min(list_years), last_list_year=max(list_years),
        rules_version=man["rules_version"], code_version=man["code_version"],
        minimum_count=int(man["disclosure"]["minimum_count"]), published=False, manifest=man,
        outline_attribution=str((reg.get("municipality_geometry") or {}).get("attribution") or ""))
    m.Region.objects.bulk_create([m.Region(vintage=v, code=r["region_code"], name=r["name"])
                                  for r in reg["regions"]])
    outlines = municipality_outlines(reg.get("municipality_geometry"))
    m.Municipality.objects.bulk_create([m.Municipality(vintage=v, code=r["municipality_code"], name=r["name"],
                                                       region_code=r["region_code"],
                                                       geometry=outlines.get(r["municipality_code"]))
                                        for r in reg["municipalities"]])
    mun_region = {r["municipality_code"]: r["region_code"] for r in reg["municipalities"]}
    afd_org = {a["afdeling_id"]: a["org_id"] for a in reg["afdelinger"]}
    m.Organisation.objects.bulk_create([m.Organisation(vintage=v, org_id=o["org_id"], name=o["name"])
                                        for o in reg["organisations"]])
    m.Afdeling.objects.bulk_create([m.Afdeling(vintage=v, **{k: a[k] for k in AFDELING_FIELDS})
                                    for a in reg["afdelinger"]], batch_size=BATCH)
    members = reg["area_members"]
    m.Membership.objects.bulk_create([m.Membership(vintage=v, area_id=x["area_id"], afdeling_id=x["afdeling_id"],
                                                   valid_from=_date(x["valid_from"]), valid_to=_date(x["valid_to"]))
                                      for x in members], batch_size=BATCH)
    orgs_of_area: dict[str, set[str]] = {}
    for x in members:
        orgs_of_area.setdefault(x["area_id"], set()).add(afd_org.get(x["afdeling_id"], ""))
    geometry = {f["properties"]["area_id"]: f.get("geometry")
                for f in (reg.get("area_geometry") or {}).get("features", [])}
    m.Area.objects.bulk_create([
        m.Area(vintage=v, area_id=a["area_id"], name=a["name"], municipality_code=a["municipality_code"],
               region_code=mun_region.get(a["municipality_code"], 0), kind=a["kind"],
               org_ids=sorted(orgs_of_area.get(a["area_id"], set()) - {""}), geometry=geometry.get(a["area_id"]))
        for a in reg["areas"]])
    _insert_indicators(v, bundle)
    cls = bundle.classifications.to_pylist()
    # member may be null: "undetermined" (e.g. no 18-64-year-olds to measure), neither on nor off the list
    m.Classification.objects.bulk_create([
        m.Classification(vintage=v, area_id=r["area_id"], list_year=r["list_year"], list_date=r["list_date"],
                         rule_set=r["rule_set"], category=r["category"], member=r["member"],
                         criteria_met=r["criteria_met"], consecutive_years=r["consecutive_years"],
                         criteria=criteria, notes=notes, rules_version=r["rules_version"])
        for r, criteria, notes in zip(cls, parsed.criteria, parsed.notes, strict=True)], batch_size=BATCH)
    return v


def municipality_outlines(collection: dict[str, Any] | None) -> dict[int, dict[str, Any]]:
    """The registry's municipality geometry as one MultiPolygon per municipality (DAGI has a feature per island)."""
    out: dict[int, dict[str, Any]] = {}
    for f in (collection or {}).get("features", []):
        code, geometry = municipality_code_of(f.get("properties")), f.get("geometry")
        if code is None or not geometry:
            continue
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        out.setdefault(code, {"type": "MultiPolygon", "coordinates": []})["coordinates"].extend(polygons)
    return out


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


def import_bundle(path: str | Path, user: Any = None, publish: bool = False,
                  request: HttpRequest | None = None, name: str | None = None, label: str = "",
                  actor: dict[str, str] | None = None) -> ImportResult:
    """Verify and import a bundle, all or nothing; it is not published unless ``publish`` says so.

    Importing the same bundle again (also at the same time, from another worker) changes nothing. Every refusal is
    an :class:`ImportRefused` in Danish and English and is in the audit log; ``name`` is how the administrator
    knows the bundle (an uploaded file's name), default the folder. ``label`` is a label the administrator typed
    (shown as typed); without one the vintage gets an automatic label, worded in each page's language. ``actor``
    is audit detail naming who acted when no web user did (:func:`command_line`).
    """
    name = name or str(path)
    by = actor or {}
    try:
        bundle = read_bundle(Path(path), name)
        parsed = check_bundle(bundle, name)
        checksum = bundle_identity(bundle)
        v = m.Vintage.objects.filter(checksum=checksum).first()
        created = v is None
        if v is None:  # a vintage already imported passed the audit then; the audit takes seconds at scale
            _audit_disclosure(bundle, name)
            v, created = _store_once(bundle, parsed, checksum, name, user, label.strip())
    except ImportRefused as exc:
        audit("import_failed", request, user, source=name, reason=exc.kind, error=exc.text.en, error_da=exc.text.da,
              **by)
        raise
    except Exception as exc:  # a bug: it still raises (and is logged), but the failed import is on record
        audit("import_failed", request, user, source=name, reason="internal_error", error=type(exc).__name__, **by)
        raise
    if created:
        audit("import", request, user, source=name, vintage=v.pk, checksum=checksum,
              indicators=bundle.indicators.num_rows, classifications=bundle.classifications.num_rows, **by)
    else:
        audit("import_unchanged", request, user, source=name, vintage=v.pk, **by)
    if publish and not v.published:
        publish_vintage(v, request, user, by)
    return ImportResult(v, created)


def _store_once(bundle: Bundle, parsed: Parsed, checksum: str, name: str, user: Any, typed: str
                ) -> tuple[m.Vintage, bool]:
    """Store, unless another import of the same bundle got there first (the unique checksum decides)."""
    try:
        return _store(bundle, parsed, checksum, name, user, typed), True
    except IntegrityError:
        other = m.Vintage.objects.filter(checksum=checksum).first()
        if other is None:
            raise
        return other, False
    except OperationalError as exc:
        # SQLite only: another import held the write lock longer than the timeout (a large bundle)
        if "locked" not in str(exc):
            raise
        raise refuse("busy", where(name), Text("en anden import var i gang og blev ikke færdig i tide",
                                               "another import was running and did not finish in time"),
                     Text("prøv igen når den er færdig", "try again when it has finished")) from None


def publish_vintage(v: m.Vintage, request: HttpRequest | None = None, user: Any = None,
                    actor: dict[str, str] | None = None) -> None:
    """Make ``v`` the vintage the public and the default views show; the previous one stops being published.

    Exactly one vintage is published at a time, and the database guarantees it (a partial unique index on
    ``published``). The row locks make concurrent publishes wait for each other; should one still collide on the
    index, it tries again with the other's result in view.
    """
    for attempt in range(3):
        try:
            with transaction.atomic():
                list(m.Vintage.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
                m.Vintage.objects.filter(published=True).exclude(pk=v.pk).update(published=False)
                m.Vintage.objects.filter(pk=v.pk).update(published=True)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    v.published = True
    audit("publish", request, user, vintage=v.pk, **(actor or {}))


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
