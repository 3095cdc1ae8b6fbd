"""Pages for scripts and teams (issue 12 §5, §7): the preview before publishing, personal API tokens, accounts.

Each page parses its form, calls one function of preview.py, tokens.py or users.py and renders the result, or its
JSON twin. Tokens are for every logged-in user (their own); the preview and accounts are for administrators.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from boligmonitor.errors import NotFound
from boligmonitor.rules.texts import Text
from boligmonitor.web import actions, params, preview, tokens, users
from boligmonitor.web import models as m
from boligmonitor.web.queries import Forbidden
from boligmonitor.web.views import _json, guarded, lang_of, viewer

ADMINS_ONLY = Text("kun administratorer har adgang til denne side", "only administrators may use this page")


def _admin(request: HttpRequest) -> None:
    if not viewer(request).can_import or getattr(request, "api_token", False):
        raise Forbidden(ADMINS_ONLY.pick(lang_of(request)))


def _only(fmt: str, request: HttpRequest, *allowed: str) -> None:
    if fmt not in allowed:
        raise NotFound(Text(f"siden findes ikke som .{fmt}", f"this page has no .{fmt} form").pick(lang_of(request)))


def preview_context(request: HttpRequest, chosen: m.Vintage, message: str = "") -> dict[str, Any]:
    current = m.Vintage.objects.filter(published=True).first()
    data = preview.preview(chosen, current, lang_of(request))
    data["message"] = message
    data["replaces"] = str(current.pk) if current is not None else "none"
    return data


@guarded
def vintage_preview(request: HttpRequest, vintage_id: str, fmt: str = "html") -> HttpResponse:
    """A vintage against the published one, with the form that publishes it (administrators)."""
    _admin(request)
    _only(fmt, request, "html", "json")
    chosen = m.Vintage.objects.filter(pk=params.vintage_id(vintage_id, lang_of(request))).first()
    if chosen is None:
        raise NotFound(Text("dataudgaven findes ikke", "no such vintage").pick(lang_of(request)))
    data = preview_context(request, chosen)
    if fmt == "json":
        return _json({k: v for k, v in data.items() if k != "message"})
    return render(request, "monitor/publish_confirm.html", {**data, "vintage": data["vintage"]})


# ------------------------------------------------------------------------------------------------------ tokens

@guarded
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """Your own API tokens: make one (its secret shown on this answer only), list them, revoke one."""
    v, lang = viewer(request), lang_of(request)
    if v.is_public:
        raise Forbidden(Text("log ind for at lave API-nøgler", "log in to make API tokens").pick(lang))
    _only(fmt, request, "html", "json")
    context: dict[str, Any] = {"lifetimes": tokens.LIFETIMES}
    if request.method == "POST":
        if request.POST.get("revoke"):
            token = tokens.revoke_token(request.user, params.vintage_id(request.POST["revoke"], lang) or 0)
            if token is None:
                raise NotFound(Text("du har ingen aktiv API-nøgle med det id", "you have no active API token with "
                                                                                "that id").pick(lang))
            actions.audit("token_revoked", request, token=token.pk, name=token.name, prefix=token.prefix)
            return redirect("/tokens/")
        name = str(request.POST.get("name", "")).strip()
        days = str(request.POST.get("days", ""))
        if not name or len(name) > 100 or not days.isdigit() or int(days) not in tokens.LIFETIMES:
            context["error"] = Text("giv nøglen et navn (højst 100 tegn) og vælg hvor længe den skal gælde",
                                    "give the token a name (at most 100 characters) and choose how long it lasts"
                                    ).pick(lang)
        else:
            token, secret = tokens.create_token(request.user, name, int(days))
            actions.audit("token_created", request, token=token.pk, name=token.name, prefix=token.prefix,
                          expires=token.expires_at.date().isoformat() if token.expires_at else None)
            context["secret"] = secret
            context["created"] = token
    context["tokens"] = tokens.token_list(request.user)
    if fmt == "json":
        body = {"tokens": context["tokens"]}
        if "secret" in context:
            body["secret"] = context["secret"]
        response = _json(body)
    else:
        response = render(request, "monitor/tokens.html", context, status=400 if "error" in context else 200)
    response["Cache-Control"] = "no-store"  # a page that may hold a secret is never kept by a cache
    return response


# ------------------------------------------------------------------------------------------------------ accounts

@guarded
@require_http_methods(["GET", "POST"])
def users_page(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """Every account (administrators), and the form that creates one."""
    _admin(request)
    _only(fmt, request, "html", "json")
    lang = lang_of(request)
    context: dict[str, Any] = {"form": {}}
    status = 200
    if request.method == "POST":
        try:
            scope = users.parse_scope(request.POST)
            created = users.create_account(request, str(request.POST.get("username", "")),
                                           str(request.POST.get("password", "")), scope)
        except users.Refused as exc:
            context.update(error=exc.text.pick(lang), error_field=exc.field,
                           form={k: request.POST.get(k, "") for k in ("username", "role", "municipality_code",
                                                                        "org_id", "area_ids")})
            status = 400
        else:
            return redirect(f"/users/?created={created.username}")
    context["users"] = users.account_rows(lang)
    if fmt == "json":
        return _json({"users": context["users"], **({"error": context["error"]} if "error" in context else {})})
    context["options"] = users.form_options(lang)
    context["created"] = request.GET.get("created", "")
    return render(request, "monitor/users.html", context, status=status)


@guarded
@require_http_methods(["GET", "POST"])
def user_page(request: HttpRequest, username: str, fmt: str = "html") -> HttpResponse:
    """One account: role and scope, active or not, a new password (administrators)."""
    _admin(request)
    _only(fmt, request, "html", "json")
    lang = lang_of(request)
    target = get_user_model().objects.filter(username=username).select_related("profile").first()
    if target is None:
        raise NotFound(Text("brugeren findes ikke", "no such user").pick(lang))
    context: dict[str, Any] = {"target": target}
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "password":
                users.reset_password(request, target, str(request.POST.get("password", "")))
                return redirect(f"/users/{target.username}/?saved=password")
            users.update_account(request, target, users.parse_scope(request.POST),
                                 active=request.POST.get("active") == "yes")
            return redirect(f"/users/{target.username}/?saved=account")
        except users.Refused as exc:
            context.update(error=exc.text.pick(lang), error_field=exc.field)
            status = 400
    row = next(r for r in users.account_rows(lang) if r["username"] == target.username)
    if fmt == "json":
        return _json({"user": row})
    form = {"role": row["role"], "municipality_code": row["municipality_code"] or "", "org_id": row["org_id"],
            "area_ids": " ".join(row["area_ids"])}
    if status == 400:  # show what was sent, so the administrator fixes the one field named
        form = {k: request.POST.get(k, "") for k in form}
    context.update(row=row, form=form, options=users.form_options(lang), saved=request.GET.get("saved", ""),
                   is_self=target.pk == request.user.pk)
    return render(request, "monitor/user.html", context, status=status)

