"""Language choice and security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# No external origin is ever needed: scripts, styles, images and fonts all come from this server.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class LanguageAndSecurityMiddleware:
    """Danish unless the user chose otherwise (cookie) or asked for ``?lang=en``; plus a strict CSP.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the product is Danish by default, so
    only an explicit choice switches to English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        languages = dict(settings.LANGUAGES)
        lang = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or "da"
        if lang not in languages:
            lang = "da"
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response
