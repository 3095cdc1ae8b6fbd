"""What the web application stores: imported aggregate bundles (vintages), accounts and the audit log.

Nothing here is person-level. Each vintage keeps its own copy of the registry it was computed with, so several
vintages (e.g. the data of 2023 and of 2024, or two rules versions) can live side by side and every page says which
one it shows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from boligmonitor.web.vintage_labels import render


class Vintage(models.Model):
    """One imported bundle."""

    checksum = models.CharField(max_length=64, unique=True, help_text="SHA-256 over the bundle's file checksums")
    # Read the label through ``label`` / ``label_in(lang)``: an automatic label is worded in the page's language.
    label_text = models.CharField(max_length=200, db_column="label",
                                  help_text="The label as an administrator typed it, or an automatic label in Danish")
    label_parts = models.JSONField(null=True, blank=True,
                                   help_text="What an automatic label is made of (vintage_labels.label_parts); "
                                             "empty for a label typed by hand")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=500)
    synthetic = models.BooleanField(default=False)
    first_data_year = models.IntegerField()
    last_data_year = models.IntegerField()
    first_list_year = models.IntegerField()
    last_list_year = models.IntegerField()
    rules_version = models.CharField(max_length=100)
    code_version = models.CharField(max_length=50)
    minimum_count = models.IntegerField()
    published = models.BooleanField(default=False, help_text="The vintage the public and the default views show")
    manifest = models.JSONField()
    outline_attribution = models.CharField(max_length=300, blank=True, default="",
                                           help_text="Source of the municipality outlines supplied with the registry")

    class Meta:
        ordering = ["-imported_at", "-id"]
        # At most one published vintage, guaranteed by the database (a partial unique index on SQLite and
        # PostgreSQL alike), so two concurrent publishes cannot both win.
        constraints = [models.UniqueConstraint(fields=["published"], condition=models.Q(published=True),
                                               name="one_published_vintage")]

    def __str__(self) -> str:
        return self.label

    def label_in(self, lang: str) -> str:
        """The label in ``lang``: an automatic one worded in that language, a typed one as typed."""
        return render(self.label_parts, lang) if self.label_parts else self.label_text

    @property
    def label(self) -> str:
        """The label in the active language: the page's, as the language middleware sets it, so every page, JSON
        twin, download and PDF that shows ``vintage.label`` speaks the page's language (Danish outside a request)."""
        return self.label_in("en" if (translation.get_language() or "da").startswith("en") else "da")

    @label.setter
    def label(self, text: Any) -> None:
        """A label typed by hand: kept and shown exactly as typed, in every language."""
        self.label_text, self.label_parts = str(text)[:200], None


class Region(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="regions")
    code = models.IntegerField()
    name = models.CharField(max_length=100)

    class Meta:
        unique_together = [("vintage", "code")]


class Municipality(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="municipalities")
    code = models.IntegerField()
    name = models.CharField(max_length=100)
    region_code = models.IntegerField()
    geometry = models.JSONField(null=True, blank=True, help_text="Outline supplied with the registry (a "
                                "MultiPolygon); none: the map draws the packaged DAGI 2014 outline")

    class Meta:
        unique_together = [("vintage", "code")]


class Organisation(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="organisations")
    org_id = models.CharField(max_length=50)
    name = models.CharField(max_length=200)

    class Meta:
        unique_together = [("vintage", "org_id")]


class Afdeling(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="afdelinger")
    afdeling_id = models.CharField(max_length=50)
    org_id = models.CharField(max_length=50)
    number = models.IntegerField()
    name = models.CharField(max_length=200)
    municipality_code = models.IntegerField()
    dwellings = models.IntegerField()

    class Meta:
        unique_together = [("vintage", "afdeling_id")]


class Area(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="areas")
    area_id = models.CharField(max_length=50)
    name = models.CharField(max_length=200)
    municipality_code = models.IntegerField()
    region_code = models.IntegerField()
    kind = models.CharField(max_length=20)
    org_ids = models.JSONField(default=list, help_text="Organisations owning any of its afdelinger, ever")
    geometry = models.JSONField(null=True, blank=True)

    class Meta:
        unique_together = [("vintage", "area_id")]
        indexes = [models.Index(fields=["vintage", "municipality_code"])]


class Membership(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="memberships")
    area_id = models.CharField(max_length=50)
    afdeling_id = models.CharField(max_length=50)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["vintage", "area_id"])]


class IndicatorValue(models.Model):
    """One published cell of the bundle. Suppressed cells hold no numbers at all, only the reason."""

    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="indicator_values")
    unit_type = models.CharField(max_length=20)
    unit_id = models.CharField(max_length=50)
    year = models.IntegerField()
    indicator_id = models.CharField(max_length=80)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    value = models.FloatField(null=True)
    suppression = models.CharField(max_length=30, null=True)

    class Meta:
        indexes = [
            models.Index(fields=["vintage", "unit_type", "unit_id", "indicator_id"]),
            models.Index(fields=["vintage", "indicator_id", "year", "unit_type"]),
        ]


class Classification(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="classifications")
    area_id = models.CharField(max_length=50)
    list_year = models.IntegerField()
    list_date = models.CharField(max_length=10)
    rule_set = models.CharField(max_length=50)
    category = models.CharField(max_length=50)
    member = models.BooleanField(null=True, help_text="None: undetermined (e.g. nobody in the age group measured)")
    criteria_met = models.IntegerField()
    consecutive_years = models.IntegerField(null=True)
    criteria = models.JSONField()
    notes = models.JSONField(default=list)
    rules_version = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["vintage", "list_year"]), models.Index(fields=["vintage", "area_id"])]


class Profile(models.Model):
    """A user's role and the scope it applies to (see access.py for what each role may see)."""

    ROLES = [
        ("admin", "Administrator"),
        ("analyst", "National analytiker"),
        ("municipality", "Kommune"),
        ("organisation", "Boligorganisation"),
        ("board", "Bestyrelsesmedlem"),
    ]
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=20, choices=ROLES)
    municipality_code = models.IntegerField(null=True, blank=True)
    org_id = models.CharField(max_length=50, blank=True, default="")
    area_ids = models.JSONField(default=list, blank=True, help_text="Board members: the areas of their plan")


class AuditEvent(models.Model):
    """Imports, exports, logins (also failed ones) and refusals; never any person-level value."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"])]  # the audit page filters by action


class LoginFailure(models.Model):
    """A failed password login, kept for the throttle window (in the database: every worker sees every failure)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["ip", "at"])]


class ExportCache(models.Model):
    """A download rendered for the public (lists as CSV/XLSX/PDF, an area as PDF). Vintages never change, so an
    entry is valid for as long as its vintage exists; every worker serves it instead of rendering again."""

    key = models.CharField(max_length=64, unique=True, help_text="SHA-256 of vintage, page, parameters, language")
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="+")
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)


class ExportRender(models.Model):
    """A public download rendered (not served from the cache): counted per address for the rate limit."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["ip", "at"])]


class ApiToken(models.Model):
    """A personal API token: it acts as its owner (same role and scope, decided per request), read-only.

    Only a SHA-256 of the secret is stored (the secret is 256 random bits, so a slow hash adds nothing); the secret
    is shown once, when it is made. ``prefix`` is its first characters, so its owner can tell tokens apart.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
