"""What the plans app says when something is refused: one exception with Danish and English text, and the shared
model's validation errors rewritten as sentences a user can act on (the field, what was expected, how to fix it).

Pydantic's own messages are English and name types ("Input should be a valid integer"); every error type the plan
model can raise has a sentence here in both languages. A message names the field and the value's place in the plan,
never anything person-level (plans hold no person data).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boligmonitor.errors import UserError
from boligmonitor.plans.error_texts import error_text
from boligmonitor.rules.texts import Text


class PlanRefused(UserError):
    """A change to a plan that was not made. Nothing was saved when this is raised."""

    def __init__(self, kind: str, text: Text, status: int = 400, errors: list[dict[str, Any]] | None = None) -> None:
        self.kind = kind
        self.text = text
        self.status = status
        self.errors = errors or []  # per field: {"loc": [...], "text": Text}
        super().__init__(text.en)

    def pick(self, lang: str) -> str:
        return self.text.pick(lang)


NOTHING_SAVED = Text("Intet blev gemt.", "Nothing was saved.")

# pydantic puts the tag of a discriminated union into the location (plan.agreement.title, ...target.list.lists);
# the plan file has no such level, so it is left out of what users see
TAGS = {"plan": {"strategy", "agreement"}, "target": {"absolute", "relative", "change", "list"}}


def clean_loc(loc: Sequence[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for part in loc:
        if out and isinstance(out[-1], str) and part in TAGS.get(out[-1], ()):
            continue
        out.append(part)
    return tuple(out)


def parse_path(path: str) -> tuple[Any, ...]:
    """``focus_areas[0].goals[1].key`` -> ('focus_areas', 0, 'goals', 1, 'key')."""
    out: list[Any] = []
    for part in path.split("."):
        name, *indexes = part.replace("]", "").split("[")
        if name:
            out.append(name)
        out.extend(int(i) for i in indexes)
    return tuple(out)


def path_text(loc: Sequence[Any]) -> str:
    """``plan.focus_areas[0].goals[1].title``: where in the plan file the error is (the plan file's own names)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def refused_by_model(errors: list[dict[str, Any]], prefix: Sequence[Any] = ()) -> PlanRefused:
    """The plan model refused a change: every error with its place in the plan, nothing saved."""
    located = [(list(clean_loc([*prefix, *e.get("loc", ())])), error_text(e), e.get("type")) for e in errors]
    items = [{"loc": loc, "text": text, "type": kind} for loc, text, kind in located]
    shown = located[:5]
    more = len(items) - len(shown)
    da = "; ".join(f"{path_text(loc)}: {text.da}" for loc, text, _ in shown)
    en = "; ".join(f"{path_text(loc)}: {text.en}" for loc, text, _ in shown)
    if more > 0:
        da += f" (og {more} fejl mere)"
        en += f" (and {more} more)"
    return PlanRefused("invalid", Text(f"Planen er ikke gyldig: {da}. {NOTHING_SAVED.da}",
                                       f"The plan is not valid: {en}. {NOTHING_SAVED.en}"), errors=items)
