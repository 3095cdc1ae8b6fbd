"""The plan model's validation errors as sentences in Danish and English: the field in words and what was expected.

Pydantic's own messages are English and name types ("Input should be a valid integer"); every error type the plan
model can raise has a sentence here in both languages. The web's forms (``web/plans/messages.py``) and the plan
file's reader (``files.py``) both say them, so a user reads the same sentence on a page and from the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boligmonitor.rules.texts import Text

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


def expected(err: dict[str, Any]) -> Text:
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
        return Text(f"skal være mindst {num(bound, 'da')}", f"must be at least {num(bound, 'en')}")
    if t in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return Text(f"må højst være {num(bound, 'da')}", f"must be at most {num(bound, 'en')}")
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


def num(value: Any, lang: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    return s.replace(".", ",") if lang == "da" else s


def field_label(loc: Sequence[Any]) -> Text:
    """The last named part of a location, in words."""
    for part in reversed(loc):
        if isinstance(part, str):
            return FIELD_NAMES.get(part, Text(part, part))
    return Text("værdien", "the value")


def error_text(err: dict[str, Any]) -> Text:
    """One validation error as '<field>: <what was expected>'."""
    label = field_label(err.get("loc", ()))
    what = expected(err)
    return Text(f"{label.da}: {what.da}", f"{label.en}: {what.en}")
