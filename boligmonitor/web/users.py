"""Accounts managed by administrators in the web (and on the server's command line): create, disable, set role and
scope, reset a password.

Only administrators reach these functions (the pages check ``Viewer.can_import``; a token never reaches a page);
``boligmonitor-web create_user`` calls the same functions without a request, and its entries name the command line
as the actor (``request`` is None only there).
The form is never trusted: the role must be one of the five, each role keeps only the scope field it uses (a
municipality account cannot carry an organisation along), every scope must exist in an imported vintage, and
``is_superuser`` is never set here. An administrator cannot take their own administrator role away nor disable
themselves, so the site cannot be left without one by a slip. Every change is one audit entry naming what changed
(never a password).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from boligmonitor.rules.texts import Text
from boligmonitor.web import actions
from boligmonitor.web import models as m

ROLE_TEXTS: dict[str, Text] = {
    "admin": Text("Administrator", "Administrator"),
    "analyst": Text("National analytiker", "National analyst"),
    "municipality": Text("Kommune", "Municipality"),
    "organisation": Text("Boligorganisation", "Housing organisation"),
    "board": Text("Bestyrelsesmedlem", "Board member"),
}


class Refused(Exception):
    """A form the server will not carry out; ``field`` is the form field to fix."""

    def __init__(self, field_name: str, text: Text) -> None:
        super().__init__(text.en)
        self.field = field_name
        self.text = text


@dataclass(frozen=True)
class Scope:
    role: str
    municipality_code: int | None = None
    org_id: str = ""
    area_ids: list[str] = field(default_factory=list)


def parse_scope(post: QueryDict) -> Scope:
    """Role and scope from a form; only the field the role uses is kept, and it must exist in the data."""
    role = str(post.get("role", ""))
    if role not in ROLE_TEXTS:
        raise Refused("role", Text("vælg en af de fem roller", "choose one of the five roles"))
    if role == "municipality":
        raw = str(post.get("municipality_code", "")).strip()
        if not raw.isdigit() or not m.Municipality.objects.filter(code=int(raw)).exists():
            raise Refused("municipality_code", Text("vælg en kommune fra listen (dens kommunekode)",
                                                    "choose a municipality from the list (its code)"))
        return Scope(role, municipality_code=int(raw))
    if role == "organisation":
        org = str(post.get("org_id", "")).strip()
        if not org or not m.Organisation.objects.filter(org_id=org).exists():
            raise Refused("org_id", Text("vælg en boligorganisation fra listen", "choose a housing organisation "
                                                                                 "from the list"))
        return Scope(role, org_id=org)
    if role == "board":
        ids = sorted({a.strip() for a in str(post.get("area_ids", "")).replace(",", " ").split() if a.strip()})
        known = set(m.Area.objects.filter(area_id__in=ids).values_list("area_id", flat=True))
        if not ids or known != set(ids):
            unknown = ", ".join(sorted(set(ids) - known)[:5])
            raise Refused("area_ids", Text(
                "skriv id'erne på planens områder, adskilt af mellemrum" + (f" (ukendt: {unknown})" if unknown else ""),
                "write the ids of the plan's areas, separated by spaces" + (f" (unknown: {unknown})" if unknown
                                                                           else "")))
        return Scope(role, area_ids=ids)
    return Scope(role)


def command_scope(role: str, municipality_code: int | None, org_id: str, area_ids: list[str]) -> Scope:
    """Role and scope from ``create_user``'s options, held to the web form's rules: only the option the role uses is
    kept, and it must name a municipality, organisation or areas of an imported vintage. ``Refused.field`` is the
    option to fix."""
    if role not in ROLE_TEXTS:
        raise Refused("role", Text("vælg en af de fem roller", "choose one of the five roles"))
    if role == "municipality":
        if municipality_code is None:
            raise Refused("municipality", Text("kommunerollen kræver --municipality KOMMUNEKODE",
                                               "the municipality role needs --municipality CODE"))
        if not m.Municipality.objects.filter(code=municipality_code).exists():
            raise Refused("municipality", Text(
                f"kommune {municipality_code} findes ikke i nogen importeret dataudgave; importér en bundle først "
                "eller brug en kommunekode fra den",
                f"municipality {municipality_code} is in no imported vintage; import a bundle first or use a "
                "municipality code from one"))
        return Scope(role, municipality_code=municipality_code)
    if role == "organisation":
        if not org_id:
            raise Refused("org", Text("organisationsrollen kræver --org ORG_ID", "the organisation role needs --org "
                                                                                "ORG_ID"))
        if not m.Organisation.objects.filter(org_id=org_id).exists():
            raise Refused("org", Text(f"boligorganisationen '{org_id[:40]}' findes ikke i nogen importeret dataudgave",
                                      f"housing organisation '{org_id[:40]}' is in no imported vintage"))
        return Scope(role, org_id=org_id)
    if role == "board":
        ids = sorted(set(area_ids))
        if not ids:
            raise Refused("area", Text("bestyrelsesrollen kræver mindst én --area OMRÅDE_ID",
                                       "the board role needs at least one --area AREA_ID"))
        unknown = sorted(set(ids) - set(m.Area.objects.filter(area_id__in=ids).values_list("area_id", flat=True)))
        if unknown:
            raise Refused("area", Text(f"ukendte områder: {', '.join(unknown[:5])}",
                                       f"unknown areas: {', '.join(unknown[:5])}"))
        return Scope(role, area_ids=ids)
    return Scope(role)


def _actor(request: HttpRequest | None) -> dict[str, str]:
    """Audit detail for a change made without a web request: the command line (the entry has no user of its own)."""
    return {} if request is not None else actions.command_line()


def _check_password(password: str, user: Any) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        # Django's own messages follow the active language (Danish or English)
        raise Refused("password", Text(" ".join(exc.messages), " ".join(exc.messages))) from None


def _apply(user: Any, scope: Scope) -> None:
    user.is_staff = scope.role == "admin"
    user.save()
    m.Profile.objects.update_or_create(user=user, defaults={
        "role": scope.role, "municipality_code": scope.municipality_code, "org_id": scope.org_id,
        "area_ids": scope.area_ids})


def _scope_detail(scope: Scope) -> dict[str, Any]:
    return {k: v for k, v in asdict(scope).items() if v not in (None, "", [])}


@transaction.atomic
def create_account(request: HttpRequest | None, username: str, password: str, scope: Scope) -> Any:
    user_model = get_user_model()
    username = username.strip()
    try:
        user_model.username_validator(username)
    except ValidationError:
        raise Refused("username", Text("brugernavnet må kun have bogstaver, tal og @ . + - _ (højst 150 tegn)",
                                       "a username may only hold letters, digits and @ . + - _ (at most 150)"),
                      ) from None
    if not username or len(username) > 150:
        raise Refused("username", Text("skriv et brugernavn (højst 150 tegn)", "write a username (at most 150)"))
    if user_model.objects.filter(username__iexact=username).exists():
        raise Refused("username", Text("brugernavnet findes allerede", "that username is taken"))
    user = user_model(username=username)
    _check_password(password, user)
    user.set_password(password)
    _apply(user, scope)
    actions.audit("user_created", request, target=username, **_scope_detail(scope), **_actor(request))
    return user


@transaction.atomic
def update_account(request: HttpRequest | None, target: Any, scope: Scope, active: bool) -> None:
    if request is not None and target.pk == request.user.pk and (scope.role != "admin" or not active):
        raise Refused("role", Text("du kan ikke fjerne din egen administratorrolle eller deaktivere dig selv; "
                                   "bed en anden administrator om det",
                                   "you cannot remove your own administrator role or disable yourself; ask "
                                   "another administrator"))
    profile = getattr(target, "profile", None)
    before = _scope_detail(Scope(profile.role, profile.municipality_code, profile.org_id, profile.area_ids or [])
                           ) if profile is not None else {"role": "admin" if target.is_superuser else ""}
    after = _scope_detail(scope)
    was_active = target.is_active
    target.is_active = active
    _apply(target, scope)
    if before != after:
        actions.audit("user_updated", request, target=target.username, before=before, after=after,
                      **_actor(request))
    if was_active and not active:
        revoked = m.ApiToken.objects.filter(user=target, revoked_at__isnull=True)
        tokens = revoked.count()
        revoked.update(revoked_at=timezone.now())
        actions.audit("user_disabled", request, target=target.username, tokens_revoked=tokens, **_actor(request))
    elif active and not was_active:
        actions.audit("user_enabled", request, target=target.username, **_actor(request))


def reset_password(request: HttpRequest | None, target: Any, password: str) -> None:
    _check_password(password, target)
    target.set_password(password)  # the old sessions end: Django checks a session against the password hash
    target.save(update_fields=["password"])
    actions.audit("password_reset", request, target=target.username, **_actor(request))


@transaction.atomic
def create_or_reset(request: HttpRequest | None, username: str, password: str, scope: Scope) -> bool:
    """Create the account, or reset an existing one's password, role and scope (the commands ``create_user`` and
    ``demo_users``); True when it was created. A reset keeps the account's active state: an account an
    administrator disabled stays disabled."""
    existing = get_user_model().objects.filter(username=username.strip()).first()
    if existing is None:
        create_account(request, username, password, scope)
        return True
    reset_password(request, existing, password)
    update_account(request, existing, scope, existing.is_active)
    return False


def scope_text(role: str, municipality: str, org: str, area_ids: list[str], lang: str) -> str:
    if role == "municipality":
        return municipality
    if role == "organisation":
        return org
    if role == "board":
        return ", ".join(area_ids)
    return Text("alle områder", "every area").pick(lang)


def account_rows(lang: str) -> list[dict[str, Any]]:
    """Every account with its role and scope in words (names from the published vintage where it has them)."""
    published = m.Vintage.objects.filter(published=True).first()
    municipalities = dict(m.Municipality.objects.filter(vintage=published).values_list("code", "name"))
    orgs = dict(m.Organisation.objects.filter(vintage=published).values_list("org_id", "name"))
    tokens: dict[int, int] = {}
    for uid in m.ApiToken.objects.filter(revoked_at__isnull=True).values_list("user_id", flat=True):
        tokens[uid] = tokens.get(uid, 0) + 1
    rows = []
    for u in get_user_model().objects.select_related("profile").order_by("username"):
        p = getattr(u, "profile", None)
        role = p.role if p is not None else ("admin" if u.is_superuser else "")
        code = p.municipality_code if p is not None else None
        org = p.org_id if p is not None else ""
        areas = list(p.area_ids or []) if p is not None else []
        rows.append({"username": u.username, "role": role,
                     "role_label": ROLE_TEXTS[role].pick(lang) if role in ROLE_TEXTS else "–",
                     "municipality_code": code, "org_id": org, "area_ids": areas,
                     "scope": scope_text(role, municipalities.get(code, str(code or "")) if code else "",
                                         orgs.get(org, org), areas, lang),
                     "active": u.is_active, "last_login": u.last_login.isoformat() if u.last_login else None,
                     "tokens": tokens.get(u.pk, 0)})
    return rows


def form_options(lang: str) -> dict[str, Any]:
    """The choices of the form: roles, and municipalities and organisations of the published vintage."""
    published = m.Vintage.objects.filter(published=True).first() or m.Vintage.objects.first()
    return {"roles": [{"id": k, "label": t.pick(lang)} for k, t in ROLE_TEXTS.items()],
            "municipalities": list(m.Municipality.objects.filter(vintage=published).order_by("name")
                                   .values("code", "name")),
            "organisations": list(m.Organisation.objects.filter(vintage=published).order_by("name")
                                  .values("org_id", "name"))}
