"""What the plans app stores: each plan as ONE validated document plus the columns pages filter on, every saved
version, and the attached files' metadata (the files themselves live outside the web root, see storage.py).

The document is the JSON of the shared pydantic model (``boligmonitor.plans.model.Strategy`` / ``Agreement``), the
single source of truth: the indexed columns below are copies made from it on every save (actions.py), never edited
on their own. Values of indicators are not stored here: they come from a vintage when a page is shown.
"""

# ruff: noqa: RUF012  (Django's Meta options and choices are plain class attributes)

from __future__ import annotations

from django.conf import settings
from django.db import models


class Plan(models.Model):
    """A municipal strategy or a strategic cooperation agreement (helhedsplan)."""

    KINDS = [("strategy", "Strategi"), ("agreement", "Samarbejdsaftale")]
    kind = models.CharField(max_length=20, choices=KINDS)
    key = models.CharField(max_length=64, unique=True, help_text="The plan file's key; unique in the installation")
    title = models.CharField(max_length=300)
    municipality_code = models.IntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=20, help_text="The document's status (draft, published, signed, ended)")
    published = models.BooleanField(default=False, db_index=True, help_text="The public may see it")
    document = models.JSONField(help_text="The plan in force: the pydantic model as JSON")
    # A signed agreement is changed through a revision the board approves: edits go to this working copy until then.
    pending = models.JSONField(null=True, blank=True)
    pending_state = models.CharField(max_length=20, blank=True, default="",
                                     help_text="'' (none), 'editing' or 'proposed' (waiting for the board)")
    version = models.IntegerField(default=1, help_text="Raised on every save; a form from an older one is refused")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class PlanArea(models.Model):
    """An area the plan covers (for the board's scope and the filters)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="area_rows")
    area_id = models.CharField(max_length=50, db_index=True)

    class Meta:
        unique_together = [("plan", "area_id")]


class PlanOrganisation(models.Model):
    """A housing organisation that shares the plan (named in it, or owning afdelinger in its areas)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="org_rows")
    org_id = models.CharField(max_length=50, db_index=True)

    class Meta:
        unique_together = [("plan", "org_id")]


class PlanVersion(models.Model):
    """Every saved document, with who saved it, when and why: those in force, and the working copies of revisions
    of a signed agreement (``in_force`` false) until the board decides."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.IntegerField()
    document = models.JSONField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, help_text="create, update:<section>, import, report:<year>, ...")
    why = models.TextField(blank=True, default="")
    in_force = models.BooleanField(default=True)

    class Meta:
        ordering = ["plan", "-number"]
        unique_together = [("plan", "number")]


class PlanAttachment(models.Model):
    """An uploaded document (beredskabsplan, kommissorium, ...). The bytes are in storage.py's folder under a random
    name; nothing here is served as a static file."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachment_files")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300, blank=True, default="")
    file_name = models.CharField(max_length=200, help_text="The uploaded file's name, cleaned")
    stored_name = models.CharField(max_length=80, unique=True)
    file_type = models.CharField(max_length=10, help_text="pdf, docx, xlsx, odt, ods, png, jpg, txt")
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["plan", "kind", "id"]
