"""The goals table (section 5) of plan and report pages, rendered once per content and kept in the process.

Section 5 is most of a plan page's cost: one chart per goal indicator (an agreement has 40–80) drawn as SVG, and a
template loop over the same rows. What it shows is fully decided by its rows (the goals table the core computed for
this plan, vintage, year and viewer), the list targets and the language, so the rendered HTML is kept under a
digest of exactly those; a viewer who may see less gets other rows, hence another digest, and never another
viewer's table. The cache lives in the process (a gunicorn worker), is bounded in bytes and forgets the least
recently used table first; nothing of it is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

LIMIT_BYTES = 48 * 1024 * 1024  # ~250 agreement tables of ~200 KB per worker
TEMPLATE = "plans/_goals.html"

_tables: OrderedDict[str, str] = OrderedDict()
_bytes = 0
_lock = threading.Lock()


def digest(*content: Any) -> str:
    """A digest of what a table shows. ``repr`` stands in for values JSON does not know (texts in two languages,
    dates): it is deterministic for them, and an unknown object with an address in its repr only costs a miss."""
    blob = json.dumps(content, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def goals_table(request: HttpRequest, rows: list[dict[str, Any]], rest: Any, lang: str,
                decorate: Callable[[], dict[str, Any]]) -> SafeString:
    """The rendered goals table: from the cache, else ``decorate()`` (which adds the charts and returns the
    template's context) and the template. ``rest`` is everything else the table shows (list targets, the names in
    the charts' legends): part of the key like the rows."""
    global _bytes
    key = digest(TEMPLATE, lang, rows, rest)
    with _lock:
        html = _tables.get(key)
        if html is not None:
            _tables.move_to_end(key)
            return mark_safe(html)  # our own template's output, escaped when it was rendered
    html = render_to_string(TEMPLATE, decorate(), request)
    with _lock:
        if key not in _tables:
            _tables[key] = html
            _bytes += len(html)
            while _bytes > LIMIT_BYTES and len(_tables) > 1:
                _old, dropped = _tables.popitem(last=False)
                _bytes -= len(dropped)
    return mark_safe(html)


def clear() -> None:
    """Forget every table (tests)."""
    global _bytes
    with _lock:
        _tables.clear()
        _bytes = 0
