"""Public downloads are rendered once and then served from the database; rendering is rationed.

A PDF takes about a second of a worker's CPU. Anonymous visitors all see the same thing for the same vintage,
page, parameters and language, so their downloads are cached in the database (every worker shares it; vintages
never change, so nothing goes stale). What is not cached yet is rendered under two limits:

* per worker process, at most ``EXPORT_RENDER_SLOTS`` public renders at a time; a request beyond that is answered
  at once with 503 and Retry-After instead of holding a thread (threads are what the other pages need);
* per address, at most ``EXPORT_RENDERS_PER_MINUTE`` renders a minute (429), so that one client walking every
  area's PDF cannot keep the slots busy.

Logged-in users see what their role allows, so their downloads are rendered for them and not cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from boligmonitor.errors import UserError
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m
from boligmonitor.web.throttle import client_ip

_slots = threading.BoundedSemaphore(max(1, int(getattr(settings, "EXPORT_RENDER_SLOTS", 1))))


class RateLimited(UserError):
    """Not now: the answer carries a status (429 or 503) and how many seconds to wait."""

    def __init__(self, text: Text, status: int, retry_after: int) -> None:
        self.text, self.status, self.retry_after = text, status, retry_after
        super().__init__(text.en)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code that renders downloads (the package's Python files, templates and static files): a
    cached download made by another version of the code is never served after an upgrade."""
    root = Path(__file__).resolve().parents[1]  # the boligmonitor package
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".css", ".yaml", ".mo")):
        h.update(str(f.relative_to(root)).encode("utf-8"))
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def cache_key(v: m.Vintage, parts: tuple[Any, ...], lang: str) -> str:
    blob = json.dumps([v.pk, v.checksum, lang, code_digest(), *parts], default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def public_download(request: HttpRequest, v: m.Vintage, parts: tuple[Any, ...], lang: str, public: bool,
                    render: Callable[[], bytes]) -> bytes:
    """The download's bytes: from the cache for the public, else rendered (within the limits for the public)."""
    if not public:
        return render()
    key = cache_key(v, parts, lang)
    hit = m.ExportCache.objects.filter(key=key).values_list("body", flat=True).first()
    if hit is not None:
        return bytes(hit)
    _check_rate(client_ip(request))
    if not _slots.acquire(blocking=False):
        raise RateLimited(Text("Serveren er optaget af andre downloads. Prøv igen om et øjeblik.",
                               "The server is busy with other downloads. Try again in a moment."), 503, 2)
    try:
        m.ExportRender.objects.create(ip=client_ip(request))
        body = render()
    finally:
        _slots.release()
    _store(key, v, body)
    return body


def _check_rate(ip: str | None) -> None:
    since = timezone.now() - dt.timedelta(seconds=60)
    m.ExportRender.objects.filter(at__lt=since).delete()
    if ip and m.ExportRender.objects.filter(ip=ip, at__gte=since).count() >= settings.EXPORT_RENDERS_PER_MINUTE:
        raise RateLimited(Text("For mange nye downloads fra din adresse. Prøv igen om et minut.",
                               "Too many new downloads from your address. Try again in a minute."), 429, 60)


def _store(key: str, v: m.Vintage, body: bytes) -> None:
    try:
        with transaction.atomic():
            m.ExportCache.objects.create(key=key, vintage=v, body=body)
    except IntegrityError:
        return  # another worker rendered the same download at the same time; its copy is as good
    # keep the newest entries only
    stale = m.ExportCache.objects.order_by("-created_at", "-id").values_list("id", flat=True)[
        settings.EXPORT_CACHE_ENTRIES:]
    m.ExportCache.objects.filter(id__in=list(stale)).delete()
