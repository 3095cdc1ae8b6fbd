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

# The model's own ValueErrors (boligmonitor.plans.model), in Danish.
MODEL_VALUE_ERRORS = {
    "end is before start": Text("slutdatoen ligger før startdatoen", "the end date is before the start date"),
    "give exactly one of at_most and change": Text(
        "angiv enten et højeste antal områder på listen eller en ændring, ikke begge og ikke ingen",
        "give either a highest number of areas on the list or a change, not both and not neither"),
    "name areas or set all_almen_areas, not both or neither": Text(
        "vælg enten navngivne områder eller alle almene områder i kommunen, ikke begge og ikke ingen",
        "choose either named areas or every almen area of the municipality, not both and not neither"),
    "an agreement has one board (bestyrelse)": Text(
        "en samarbejdsaftale har én bestyrelse", "an agreement has one board (bestyrelse)"),
}

FIELD_NAMES = {
    "key": Text("nøgle", "key"), "title": Text("titel", "title"), "period": Text("periode", "period"),
    "start": Text("start", "start"), "end": Text("slut", "end"), "baseline_year": Text("baselineår", "baseline year"),
    "areas": Text("områder", "areas"), "municipality": Text("kommune", "municipality"),
    "funding_period": Text("støtteperiode", "funding period"), "amount": Text("beløb", "amount"),
    "spent": Text("forbrugt", "spent"), "year": Text("år", "year"), "due": Text("frist", "due date"),
    "indicator": Text("indikator", "indicator"), "value": Text("værdi", "value"), "source": Text("kilde", "source"),
    "party": Text("part", "party"), "name": Text("navn", "name"), "by": Text("år for målet", "target year"),
    "text": Text("tekst", "text"), "why": Text("begrundelse", "reason"), "scope": Text("omfang", "scope"),
}


def _expected(err: dict[str, Any]) -> Text:
    ctx = err.get("ctx") or {}
    t = err.get("type", "")
    if t == "missing":
        return Text("skal udfyldes", "is required")
    if t == "string_too_short":
        n = ctx.get("min_length", 1)
        return Text("skal udfyldes" if n == 1 else f"skal have mindst {n} tegn",
                    "is required" if n == 1 else f"needs at least {n} characters")
    if t == "string_too_long":
        return Text(f"må højst have {ctx.get('max_length')} tegn", f"may have at most {ctx.get('max_length')} "
                                                                   "characters")
    if t == "string_pattern_mismatch":
        return Text("må kun indeholde små bogstaver a-z, tal, _ og - (højst 64 tegn, begynder med bogstav eller tal)",
                    "may only contain lower-case a-z, digits, _ and - (at most 64, starting with a letter or digit)")
    if t in ("int_parsing", "int_type", "int_from_float"):
        return Text("skal være et helt tal", "must be a whole number")
    if t in ("float_parsing", "float_type", "finite_number"):
        return Text("skal være et tal (decimalkomma er i orden)", "must be a number")
    if t in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return Text(f"skal være mindst {_num(bound, 'da')}", f"must be at least {_num(bound, 'en')}")
    if t in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return Text(f"må højst være {_num(bound, 'da')}", f"must be at most {_num(bound, 'en')}")
    if t.startswith("date") or t.startswith("datetime"):
        return Text("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)")
    if t in ("literal_error", "enum"):
        return Text(f"skal være en af {ctx.get('expected', '')}", f"must be one of {ctx.get('expected', '')}")
    if t == "union_tag_invalid":
        return Text(f"'{ctx.get('tag')}' er ikke en kendt slags; brug en af {ctx.get('expected_tags', '')}",
                    f"'{ctx.get('tag')}' is not a known kind; use one of {ctx.get('expected_tags', '')}")
    if t == "union_tag_not_found":
        return Text("mangler feltet 'kind'", "lacks the field 'kind'")
    if t == "extra_forbidden":
        return Text("er ikke et felt i planen (stavefejl?)", "is not a field of a plan (a misspelling?)")
    if t == "too_short":
        n = ctx.get("min_length", 1)
        return Text(f"skal have mindst {n} element" + ("er" if n != 1 else ""),
                    f"needs at least {n} item" + ("s" if n != 1 else ""))
    if t == "too_long":
        return Text(f"må højst have {ctx.get('max_length')} elementer", f"may have at most {ctx.get('max_length')} "
                                                                         "items")
    if t in ("bool_parsing", "bool_type"):
        return Text("skal være ja eller nej (true/false)", "must be yes or no (true/false)")
    if t in ("list_type", "dict_type", "model_type", "model_attributes_type", "string_type"):
        kind = {"list_type": Text("en liste", "a list"), "string_type": Text("tekst", "text")}.get(
            t, Text("en gruppe af felter", "a group of fields"))
        return Text(f"skal være {kind.da}", f"must be {kind.en}")
    if t == "duplicate_key":
        key = ctx.get("key", "")
        return Text(f"'{key}' er brugt to gange; en nøgle skal være entydig i planen",
                    f"'{key}' is used twice; a key must be unique in the plan")
    if t == "value_error":
        exc = ctx.get("error")
        raw = str(exc) if exc is not None else str(err.get("msg", ""))
        raw = raw.removeprefix("Value error, ")
        known = MODEL_VALUE_ERRORS.get(raw)
        return known if known is not None else Text(f"er ugyldig: {raw}", f"is invalid: {raw}")
    return Text(f"er ugyldig ({t})", f"is invalid ({err.get('msg', t)})")


def _num(value: Any, lang: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    return s.replace(".", ",") if lang == "da" else s


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


def field_label(loc: Sequence[Any]) -> Text:
    """The last named part of a location, in words."""
    for part in reversed(loc):
        if isinstance(part, str):
            return FIELD_NAMES.get(part, Text(part, part))
    return Text("værdien", "the value")


def error_text(err: dict[str, Any]) -> Text:
    """One validation error as '<field> <what was expected>'."""
    label = field_label(err.get("loc", ()))
    expected = _expected(err)
    return Text(f"{label.da}: {expected.da}", f"{label.en}: {expected.en}")


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
