"""Which forms a page offers. A page asked for a form it does not have answers 404 (as JSON), never with its HTML
page under a .csv or .pdf name: a script that downloads /rank.pdf must learn that there is no such file."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from boligmonitor.errors import NotFound
from boligmonitor.rules.texts import Text


def offers(*formats: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Put under ``@guarded``: any other ``fmt`` becomes NotFound, which guarded answers in the page's language."""
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str = "html", **kwargs: Any) -> HttpResponse:
            if fmt not in formats:
                shown = ", ".join(f".{f}" for f in formats if f != "html")
                raise NotFound(Text(f"siden findes ikke som .{fmt}; den findes som HTML og {shown}",
                                    f"this page has no .{fmt} form; it exists as HTML and {shown}")
                               .pick(translation.get_language() or "da"))
            return view(request, *args, fmt=fmt, **kwargs)
        return wrapper
    return decorate
