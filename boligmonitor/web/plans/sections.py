"""The parts of a plan a form edits at a time, and which of them are the agreement itself.

Once a strategic cooperation agreement is signed, its content (the sections of seed 001 and the goals) changes only
through a revision the board approves (seed 001 § 8: "Revision af den strategiske samarbejdsaftale kræver
godkendelse"). Everything the plan's people keep up to date while it runs — delaftaler and activities (the board
keeps them current, seed 001 'Aftaledokumenter'), theories of change, budget and spending, milestones, survey values,
drafted facts, annual reports and attachments — is saved at once.
"""

from __future__ import annotations

from typing import Any

from boligmonitor.rules.texts import Text

SECTIONS: dict[str, Text] = {
    "basics": Text("Stamdata", "Basic details"),
    "texts": Text("Aftalens tekster", "Texts of the plan"),
    "parties": Text("Parter og underskrifter", "Parties and signatures"),
    "organisation": Text("Organisering", "Organisation"),
    "focus_areas": Text("Indsatsområder", "Focus areas"),
    "goals": Text("Mål og indikatorer", "Goals and indicators"),
    "facts": Text("Datafakta", "Data facts"),
    "delaftale": Text("Delaftale og aktiviteter", "Sub-agreement and activities"),
    "theory_of_change": Text("Forandringsteori", "Theory of change"),
    "budget": Text("Budget", "Budget"),
    "milestones": Text("Milepælsplan", "Milestones"),
    "manual_values": Text("Håndindtastede værdier", "Hand-entered values"),
    "attachments": Text("Bilag", "Attachments"),
    "reports": Text("Årlig opfølgning", "Annual follow-up"),
    "revisions": Text("Revision", "Revision"),
}

# Agreement content: a signed agreement changes these only through an approved revision.
CONTENT_SECTIONS = frozenset({"basics", "texts", "parties", "organisation", "focus_areas", "goals"})
# The agreement's own fields (all else in an Agreement is kept up to date while it runs).
CONTENT_FIELDS = ("key", "title", "funding_period", "areas", "afdelinger", "parties", "period", "baseline_year",
                  "status", "published", "about_area", "vision", "strategy", "working_principles", "organisation",
                  "interplay", "physical_plans", "local_evaluation", "revision_procedure")
# Within a focus area, the agreement's part; facts, delaftale and theory of change are kept up to date.
FOCUS_CONTENT_FIELDS = ("key", "title", "theme", "description", "problem_complex", "goals")


def needs_revision(doc: dict[str, Any], section: str) -> bool:
    return doc.get("kind") == "agreement" and doc.get("status") == "signed" and section in CONTENT_SECTIONS


def merge_revision(in_force: dict[str, Any], proposal: dict[str, Any]) -> dict[str, Any]:
    """The agreement after an approved revision: its content from the proposal, everything kept up to date while
    the revision waited (reports, budget, milestones, delaftaler, ...) from the agreement in force."""
    out = {**in_force, **{k: proposal[k] for k in CONTENT_FIELDS if k in proposal}}
    current = {fa["key"]: fa for fa in in_force.get("focus_areas", [])}
    merged = []
    for fa in proposal.get("focus_areas", []):
        kept = current.get(fa["key"], {})
        merged.append({**{k: v for k, v in kept.items() if k not in FOCUS_CONTENT_FIELDS},
                       **{k: fa[k] for k in FOCUS_CONTENT_FIELDS if k in fa},
                       **({} if kept else {k: v for k, v in fa.items() if k not in FOCUS_CONTENT_FIELDS})})
    out["focus_areas"] = merged
    out["revisions"] = proposal.get("revisions", in_force.get("revisions", []))
    return out
