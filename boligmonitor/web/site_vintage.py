"""The published vintage for the banner and footer of pages that show no vintage of their own (the vintages,
import, audit, account and error pages): the public's data is synthetic, or not, whichever page one is on."""

from __future__ import annotations

from typing import Any

from django.utils.functional import SimpleLazyObject

from boligmonitor.web import models as m


def _published() -> dict[str, Any]:
    v = m.Vintage.objects.filter(published=True).first()
    if v is None:
        return {}
    return {"id": v.pk, "label": v.label, "synthetic": v.synthetic, "minimum_count": v.minimum_count}


def lazy_published() -> Any:
    """Read only when a template asks (pages that pass their own vintage never do): no query otherwise."""
    return SimpleLazyObject(_published)
