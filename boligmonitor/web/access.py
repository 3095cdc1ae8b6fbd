"""Who may see what. One place, used by pages, JSON twins, exports and the API alike.

* anonymous public: the published vintage; the lists; the public profile of statutory areas.
* board member (read-only): as the public, plus the full profile of the areas of its plan.
* housing organisation: as the public, plus the full profile of every area containing one of its afdelinger.
* municipality: as the public, plus the full profile of every area in the municipality.
* national analyst: every area, every indicator, every vintage.
* administrator: as the analyst, plus importing bundles and reading the audit log.

Logged-in users may choose among vintages; the public sees only the published one. The *public profile* is the
statutory criteria and the basic composition of the population (what the ministry itself publishes); the *full
profile* adds the LBF-style indicators (charges, day care, grades, turnout, education detail, income).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from boligmonitor.web import models as m

PUBLIC_INDICATORS = frozenset({
    "residents", "age_0_5_share", "age_6_17_share", "age_18_29_share", "age_30_49_share", "age_50_64_share",
    "age_65plus_share", "female_share", "origin_dansk_share", "origin_indvandrer_vestlig_share",
    "origin_indvandrer_ikke_vestlig_share", "origin_efterkommer_vestlig_share",
    "origin_efterkommer_ikke_vestlig_share", "nonwestern_share", "outside_labour_18_64", "outside_labour_18_64_avg2",
    "outside_labour_18_64_avg4", "employed_or_student_18_64", "convicted_18plus", "convicted_18plus_avg2",
    "convicted_18plus_avg4", "convicted_ratio_national_avg2", "basic_education_30_59", "income_ratio_region",
})

FULL_SCOPE_ROLES = ("admin", "analyst")


@dataclass(frozen=True)
class Viewer:
    """The requesting user's role and scope, resolved once per request."""

    role: str  # 'public' for anonymous users
    username: str = ""
    municipality_code: int | None = None
    org_id: str = ""
    area_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_public(self) -> bool:
        return self.role == "public"

    @property
    def sees_everything(self) -> bool:
        return self.role in FULL_SCOPE_ROLES

    @property
    def can_import(self) -> bool:
        return self.role == "admin"

    @property
    def can_choose_vintage(self) -> bool:
        return not self.is_public

    def full_profile(self, area: m.Area) -> bool:
        if self.sees_everything:
            return True
        if self.role == "municipality":
            return area.municipality_code == self.municipality_code
        if self.role == "organisation":
            return self.org_id in (area.org_ids or [])
        if self.role == "board":
            return area.area_id in self.area_ids
        return False

    def may_see(self, area: m.Area) -> bool:
        return area.kind == "statutory" or self.full_profile(area)

    def indicators_for(self, area: m.Area | None) -> frozenset[str] | None:
        """None means every indicator."""
        if area is not None and self.full_profile(area):
            return None
        return PUBLIC_INDICATORS


def viewer_of(user: Any) -> Viewer:
    if user is None or not user.is_authenticated:
        return Viewer("public")
    profile = getattr(user, "profile", None)
    if profile is None:
        return Viewer("admin" if user.is_superuser else "public", user.username)
    return Viewer(profile.role, user.username, profile.municipality_code, profile.org_id,
                  frozenset(profile.area_ids or []))
