"""Who may read, edit and approve which plans. One place, used by pages, JSON twins, documents, the API and the
attachment downloads alike (the site's roles are in ``boligmonitor.web.access``).

* public (anonymous): published plans only (a strategy with status 'published', an agreement marked published and
  no longer a draft), and of those only the annual reports the board has approved; no drafts, no revision work, no
  version history.
* board member: reads every plan covering one of its board areas (drafts too) and approves or rejects that plan's
  annual reports and revisions; edits nothing else.
* housing organisation: reads and edits the plans it shares (named in the plan, or owning afdelinger in its areas);
  creates plans that include it.
* municipality: reads and edits the plans of its municipality; creates plans there.
* national analyst: reads everything; edits nothing.
* administrator: reads and edits everything (to put things right); approval stays with the board.

A plan a viewer may not read answers exactly as a plan that does not exist (404), so its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from boligmonitor.web.access import Viewer
from boligmonitor.web.plans import models as pm

EDITOR_ROLES = ("municipality", "organisation", "admin")


def scope_of(plan: pm.Plan) -> tuple[frozenset[str], frozenset[str]]:
    """The plan's areas and organisations (from the indexed rows, fetched once per plan object)."""
    cached = getattr(plan, "_scope", None)
    if cached is None:
        cached = (frozenset(plan.area_rows.values_list("area_id", flat=True)),
                  frozenset(plan.org_rows.values_list("org_id", flat=True)))
        plan._scope = cached
    return cached


def _in_scope(viewer: Viewer, plan: pm.Plan) -> bool:
    areas, orgs = scope_of(plan)
    if viewer.role == "municipality":
        return viewer.municipality_code is not None and plan.municipality_code == viewer.municipality_code
    if viewer.role == "organisation":
        return bool(viewer.org_id) and viewer.org_id in orgs
    if viewer.role == "board":
        return bool(viewer.area_ids & areas)
    return False


def may_read(viewer: Viewer, plan: pm.Plan) -> bool:
    return viewer.sees_everything or plan.published or _in_scope(viewer, plan)


def sees_internals(viewer: Viewer, plan: pm.Plan) -> bool:
    """Drafts of reports, revision work, version history, who did what: not for the public."""
    return not viewer.is_public and (viewer.sees_everything or _in_scope(viewer, plan))


def may_edit(viewer: Viewer, plan: pm.Plan) -> bool:
    if viewer.role == "admin":
        return True
    return viewer.role in ("municipality", "organisation") and _in_scope(viewer, plan)


def may_approve(viewer: Viewer, plan: pm.Plan) -> bool:
    """The plan's board: a board member whose areas the plan covers."""
    return viewer.role == "board" and _in_scope(viewer, plan)


def may_create(viewer: Viewer, municipality_code: int | None, org_ids: Iterable[str]) -> bool:
    """A new plan must lie within the creator's own scope."""
    if viewer.role == "admin":
        return True
    if viewer.role == "municipality":
        return viewer.municipality_code is not None and municipality_code == viewer.municipality_code
    if viewer.role == "organisation":
        return bool(viewer.org_id) and viewer.org_id in set(org_ids)
    return False


def can_create_any(viewer: Viewer) -> bool:
    return viewer.role in EDITOR_ROLES


def readable(viewer: Viewer) -> QuerySet[pm.Plan]:
    """The plans a viewer may read, as one query (the list page, the API)."""
    qs = pm.Plan.objects.all()
    if viewer.sees_everything:
        return qs
    mine = Q(published=True)
    if viewer.role == "municipality" and viewer.municipality_code is not None:
        mine |= Q(municipality_code=viewer.municipality_code)
    elif viewer.role == "organisation" and viewer.org_id:
        mine |= Q(org_rows__org_id=viewer.org_id)
    elif viewer.role == "board" and viewer.area_ids:
        mine |= Q(area_rows__area_id__in=sorted(viewer.area_ids))
    return qs.filter(mine).distinct()
