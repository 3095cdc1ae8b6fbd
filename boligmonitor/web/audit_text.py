"""The audit log as a reader sees it: actions and details in Danish or English, filtered and in pages.

The log itself keeps short action ids and a JSON detail (ids, counts, file names; never a person-level value);
this module only words them. An action or detail key this module does not know is shown as it is stored, so a
new kind of entry is never hidden (tests/web/test_audit_page.py fails when one is recorded without a wording).

Entries are never rewritten, so entries written by earlier versions are read as they were stored: a refused
import's ``error`` was the exception's English message (``str(exc)``, before refusals carried ``error_da``). On a
Danish page such a text goes through the message catalogue (``boligmonitor.messages``); when the catalogue has no
Danish for it, it is shown as the English original and marked so, never passed off as the page's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from boligmonitor.messages import localize, untranslated
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m

PAGE_SIZE = 50

ACTIONS: dict[str, Text] = {
    "login": Text("Logget ind", "Logged in"),
    "logout": Text("Logget ud", "Logged out"),
    "login_failed": Text("Mislykket login", "Failed login"),
    "login_throttled": Text("Login afvist (for mange forsøg)", "Login refused (too many attempts)"),
    "import": Text("Bundle importeret", "Bundle imported"),
    "import_unchanged": Text("Bundle allerede importeret", "Bundle already imported"),
    "import_failed": Text("Import afvist", "Import refused"),
    "publish": Text("Dataudgave offentliggjort", "Vintage published"),
    "export": Text("Download", "Download"),
    "token_created": Text("API-nøgle oprettet", "API token created"),
    "token_revoked": Text("API-nøgle tilbagekaldt", "API token revoked"),
    "user_created": Text("Bruger oprettet", "User created"),
    "user_updated": Text("Brugers rolle eller område ændret", "User's role or scope changed"),
    "user_disabled": Text("Bruger deaktiveret", "User disabled"),
    "user_enabled": Text("Bruger genaktiveret", "User enabled again"),
    "password_reset": Text("Adgangskode nulstillet", "Password reset"),
    "plan_attachment": Text("Bilag til plan tilføjet", "Plan attachment added"),
    "plan_attachment_delete": Text("Bilag til plan slettet", "Plan attachment deleted"),
    "plan_attachment_download": Text("Bilag til plan hentet", "Plan attachment downloaded"),
    "plan_attachment_refused": Text("Bilag til plan afvist", "Plan attachment refused"),
    "plan_report": Text("Planrapport hentet", "Plan report downloaded"),
    "plan_revision_discard": Text("Planudkast kasseret", "Plan draft discarded"),
    "plan_revision_edit": Text("Planudkast redigeret", "Plan draft edited"),
    "plan_revision_propose": Text("Planudkast foreslået", "Plan draft proposed"),
}

DETAILS: dict[str, Text] = {
    "source": Text("Kilde", "Source"), "vintage": Text("Dataudgave", "Vintage"),
    "checksum": Text("Kontrolsum", "Checksum"), "indicators": Text("Indikatorceller", "Indicator cells"),
    "classifications": Text("Listeafgørelser", "List decisions"), "reason": Text("Årsag", "Reason"),
    "error": Text("Fejl", "Error"), "file": Text("Fil", "File"), "what": Text("Hvad", "What"),
    "username": Text("Brugernavn", "Username"), "by": Text("Grænse", "Limit"),
    "target": Text("Bruger", "User"), "role": Text("Rolle", "Role"),
    "municipality_code": Text("Kommunekode", "Municipality code"), "org_id": Text("Organisation", "Organisation"),
    "area_ids": Text("Områder", "Areas"), "before": Text("Før", "Before"), "after": Text("Efter", "After"),
    "tokens_revoked": Text("Tilbagekaldte API-nøgler", "API tokens revoked"),
    "token": Text("API-nøgle", "API token"), "name": Text("Navn", "Name"),
    "prefix": Text("Begynder med", "Starts with"),
    "expires": Text("Udløber", "Expires"), "replaced": Text("Erstattede", "Replaced"),
    "plan": Text("Plan", "Plan"), "revision": Text("Udkast", "Draft"), "attachment": Text("Bilag", "Attachment"),
    "content_type": Text("Filtype", "File type"), "fields": Text("Felter", "Fields"),
    "filename": Text("Filnavn", "File name"), "section": Text("Afsnit", "Section"), "size": Text("Størrelse", "Size"),
    "status": Text("Status", "Status"), "type": Text("Type", "Type"), "year": Text("År", "Year"),
    "as_attachment": Text("Som download", "As a download"),
    "via": Text("Via", "Via"), "os_user": Text("Systembruger", "System user"),
}

# Who acted when no web user did (``actions.command_line``): shown in the user column.
VIA = {"command_line": Text("kommandolinjen", "the command line")}

# Detail keys whose value may be an English sentence (a refusal's message): worded through the message catalogue.
SENTENCES = ("error",)
ORIGINAL_EN = Text("engelsk original; der findes ingen dansk tekst", "English original")

THROTTLE_BY = {"account": Text("kontoen", "the account"), "address": Text("adressen", "the address")}


def action_label(action: str, lang: str) -> str:
    text = ACTIONS.get(action)
    return text.pick(lang) if text is not None else action


def actor(username: str, detail: dict[str, Any], lang: str) -> str:
    """Who acted: the user's name, or where the change came from when no web user made it (the command line)."""
    via = detail.get("via") if isinstance(detail, dict) else None
    if username or not isinstance(via, str):
        return username
    return VIA[via].pick(lang) if via in VIA else via


def _value(key: str, value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{_key(k, lang)}: {_value(k, v, lang)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "via" and str(value) in VIA:
        return VIA[str(value)].pick(lang)
    if key == "by" and str(value) in THROTTLE_BY:
        return THROTTLE_BY[str(value)].pick(lang)
    if key == "role":
        from boligmonitor.web.users import ROLE_TEXTS
        return ROLE_TEXTS[str(value)].pick(lang) if str(value) in ROLE_TEXTS else str(value)
    return str(value)


def _key(key: str, lang: str) -> str:
    text = DETAILS.get(key)
    return text.pick(lang) if text is not None else key


def _sentence(text: str, lang: str) -> dict[str, str]:
    """A stored English sentence on a page in ``lang``: its Danish from the message catalogue, or the English
    original marked as such (``original``: the language it is shown in) when the catalogue has none."""
    if lang == "en":
        return {"value": text}
    if not untranslated(text):
        return {"value": localize(text, lang)}
    return {"value": text, "original": "en", "note": ORIGINAL_EN.pick(lang)}


def detail_lines(detail: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The detail as (label, value) lines; a refusal's error in the reader's language: as recorded in Danish
    (``error_da``), else through the message catalogue, else the English original, marked."""
    shown = dict(detail)
    danish = shown.pop("error_da", None)
    lines = []
    for k, v in shown.items():
        if k == "via":  # the user column names it (``actor``)
            continue
        line = {"label": _key(k, lang)}
        if k in SENTENCES and lang == "da" and danish:
            line["value"] = str(danish)
        elif k in SENTENCES and isinstance(v, str) and shown.get("reason") != "internal_error":
            line |= _sentence(v, lang)  # internal_error: the error is an exception's class name, not a sentence
        else:
            line["value"] = _value(k, v, lang)
        lines.append(line)
    return lines


class BadFilter(ValueError):
    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _day(raw: str, name: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(Text(f"'{name}' skal være en dato som 2026-11-30", f"'{name}' must be a date like "
                                                                           "2026-11-30")) from None


def filtered(params: dict[str, str]) -> QuerySet[m.AuditEvent]:
    """Events matching ``action``, ``user`` (part of the name), ``from`` and ``to`` (days, both included)."""
    qs = m.AuditEvent.objects.all()
    if params.get("action"):
        qs = qs.filter(action=params["action"])
    if params.get("user"):
        name = params["user"].strip()
        qs = qs.filter(Q(username__icontains=name) | Q(detail__target=name))
    start, end = _day(params.get("from", ""), "from"), _day(params.get("to", ""), "to")
    zone = timezone.get_current_timezone()
    if start is not None:
        qs = qs.filter(at__gte=dt.datetime.combine(start, dt.time.min, zone))
    if end is not None:
        qs = qs.filter(at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone))
    return qs


def page_of(params: dict[str, str], lang: str) -> dict[str, Any]:
    """One page of the filtered log (newest first), worded in ``lang``, with what the page's links need."""
    qs = filtered(params)
    total = qs.count()
    pages = max(1, -(-total // PAGE_SIZE))
    raw = params.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= pages:
        raise BadFilter(Text(f"siden skal være et tal fra 1 til {pages}", f"the page must be a number from 1 to "
                                                                           f"{pages}"))
    number = int(raw)
    rows = qs[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    events = [{"at": e.at.isoformat(), "username": e.username, "actor": actor(e.username, e.detail, lang),
               "action": e.action,
               "action_label": action_label(e.action, lang), "detail": e.detail,
               "detail_lines": detail_lines(e.detail, lang), "ip": e.ip} for e in rows]
    known = set(m.AuditEvent.objects.values_list("action", flat=True).distinct())
    choices = sorted({*ACTIONS, *known}, key=lambda a: action_label(a, lang).lower())
    return {"events": events, "total": total, "page": number, "pages": pages, "page_size": PAGE_SIZE,
            "filters": {k: params.get(k, "") for k in ("action", "user", "from", "to")},
            "actions": [{"id": a, "label": action_label(a, lang)} for a in choices]}
