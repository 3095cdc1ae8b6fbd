"""Plan files: a strategy or agreement written out as YAML and read back (export → import → identical).

Reading is strict and explains itself: a file too large, not text, not YAML, with a repeated key, an anchor/alias,
an unknown key or a wrong value is refused with a :class:`PlanFileError` that names the file, the path inside it
(``plan.focus_areas[0].goals[1].measured_by[0].target.kind``), what was expected and how to fix it. References
(areas, indicators, themes, activity keys) are checked against a vintage through
:class:`~boligmonitor.plans.data.PlanData`. Nothing is returned — so nothing can be imported — when anything is wrong.

Writing is deterministic: fields in the schema's order, defaults left out (except each ``kind``), dates as
YYYY-MM-DD, text as UTF-8.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from boligmonitor.errors import UserError
from boligmonitor.plans.checks import check_plan, duplicate_keys
from boligmonitor.plans.data import PlanData
from boligmonitor.plans.error_texts import expected
from boligmonitor.plans.model import PlanFile
from boligmonitor.rules.texts import Text

MAX_BYTES = 2 * 1024 * 1024  # a large agreement is ~100 kB; anything near this limit is not a plan
HEADER = "# boligmonitor plan file (format 1); the format is described in docs/plan-file.md\n"


Problem = tuple[str, Text, Text]  # (path inside the file, what is wrong, how to fix it)


class PlanFileError(UserError):
    """A plan file that cannot be imported; ``problems`` are (path inside the file, what is wrong, how to fix), each
    in Danish and English. ``str()`` is the English; the command line says ``pick(lang)`` (Danish by default)."""

    exit_code = 9

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(self.pick("en"))

    def pick(self, lang: str) -> str:
        fix_word = "Ret" if lang == "da" else "Fix"
        lines = [f"  - {path + ': ' if path else ''}{what.pick(lang)}. {fix_word}: {fix.pick(lang)}"
                 for path, what, fix in self.problems]
        n = len(self.problems)
        head = Text(f"{self.name}: planfilen kan ikke importeres ({n} fejl); intet blev importeret",
                    f"{self.name}: the plan file cannot be imported ({n} problem(s)); nothing was imported")
        return head.pick(lang) + ":\n" + "\n".join(lines)


# -- YAML reading --------------------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """safe_load, and also: no anchors or aliases (a few lines could expand to gigabytes), no repeated keys (YAML
    keeps the last one silently)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, ALIASES, event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, TWICE.format(key=key), key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


ALIASES = "anchors and aliases (& and *) are not allowed in a plan file"
TWICE = "the key '{key}' appears twice in the same block"
_TWICE = re.compile(r"^the key '(.*)' appears twice in the same block$")


def _danish(problem: str) -> str:
    """Our loader's own refusals in Danish; PyYAML's words stay as they are."""
    if problem == ALIASES:
        return "ankre og aliaser (& og *) er ikke tilladt i en planfil"
    twice = _TWICE.match(problem)
    return f"nøglen '{twice[1]}' står to gange i samme blok" if twice else problem


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)


def _too_large(name: str, size: int) -> PlanFileError:
    da_size, da_max = f"{size:,}".replace(",", "."), f"{MAX_BYTES:,}".replace(",", ".")
    return PlanFileError(name, [("", Text(f"filen har {da_size} bytes, mere end grænsen på {da_max}",
                                          f"the file has {size:,} bytes, more than the limit of {MAX_BYTES:,}"),
                                 Text("del den op i én plan pr. fil; en planfil rummer én strategi eller aftale",
                                      "split it into one plan per file; a plan file holds one strategy or agreement"))])


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM); a file saved by Danish Windows tools as Windows-1252 is read as that."""
    if len(raw) > MAX_BYTES:
        raise _too_large(name, len(raw))
    if b"\x00" in raw:
        raise PlanFileError(name, [("", Text("filen er ikke tekst (den rummer NUL-bytes)",
                                             "the file is not text (it holds NUL bytes)"),
                                    Text("eksportér planen som YAML (boligmonitor-web plan export ID)",
                                         "export the plan as YAML (boligmonitor-web plan export ID)"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict") if _cp1252_ok(raw) else _undecodable(name)


def _cp1252_ok(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(name: str) -> str:
    raise PlanFileError(name, [("", Text("filen er hverken UTF-8- eller Windows-1252-tekst",
                                         "the file is neither UTF-8 nor Windows-1252 text"),
                                Text("gem den som UTF-8", "save it as UTF-8"))])


def parse_yaml(text: str, name: str) -> Any:
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise _too_large(name, size)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Text(f"linje {mark.line + 1}, kolonne {mark.column + 1}",
                     f"line {mark.line + 1}, column {mark.column + 1}") if mark is not None else Text("", "")
        what = exc.problem or str(exc)
        what_da = _danish(what)
        raise PlanFileError(name, [("", Text(f"{where.da + ': ' if where.da else ''}ikke gyldig YAML: {what_da}",
                                             f"{where.en + ': ' if where.en else ''}not valid YAML: {what}"),
                                    Text("tjek indrykningen (mellemrum, ikke tabulator), og sæt anførselstegn om "
                                         "tekst, der rummer ': ' eller begynder med et specialtegn",
                                         "check the indentation (spaces, not tabs) and quote text that holds ': ' "
                                         "or starts with a special character"))]) from None
    except yaml.YAMLError as exc:
        raise PlanFileError(name, [("", Text(f"ikke gyldig YAML: {exc}", f"not valid YAML: {exc}"),
                                    Text("gem filen som YAML", "save the file as YAML"))]) from None


# -- validation errors as paths inside the file ----------------------------------------------------------------


def _path(loc: tuple[Any, ...], raw: Any) -> str:
    """pydantic's location as the path a person sees in the file: union tags ('agreement', 'absolute') dropped,
    list positions as [i]."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            out += f"[{part}]"
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            out += f".{part}" if out else part
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part not in node and not _is_tag(part):
            out += f".{part}" if out else part  # a missing key
            node = None
    return out or "(top)"


_TAGS = {"strategy", "agreement", "absolute", "relative", "change", "list", "function-after"}


def _is_tag(part: str) -> bool:
    return part in _TAGS or part.startswith(("function-", "union["))


def _model_at(loc: tuple[Any, ...], raw: Any) -> type[BaseModel] | None:
    """The model class whose fields apply at ``loc`` (to list the keys allowed next to an unknown one)."""
    model: Any = PlanFile
    node = raw
    for part in loc[:-1]:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        if _is_tag(part):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        node = node.get(part) if isinstance(node, dict) else None
        model = _resolve(model.model_fields[part].annotation, node)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _resolve(annotation: Any, node: Any) -> Any:
    """The model inside list[...], X | None and discriminated unions (chosen by the node's 'kind')."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _resolve(get_args(annotation)[0], node)
    if origin is list:
        item = node[0] if isinstance(node, list) and node else None
        return _resolve(get_args(annotation)[0], item)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if len(options) == 1:  # X | None
            return _resolve(options[0], node)
        models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1:
            return models[0]
        kind = node.get("kind") if isinstance(node, dict) else None
        for m in models:
            field = m.model_fields.get("kind")
            if field is not None and field.default == kind:
                return m
        return models[0] if models else None
    return annotation


_DATE = Text("skriv datoen som ÅÅÅÅ-MM-DD", "write the date as YYYY-MM-DD")
_INT = Text("skriv et helt tal", "write a whole number")
_FLOAT = Text("skriv et tal med decimalpunktum (0.25, ikke 0,25 eller 25 %)",
              "write a number with a decimal point (0.25, not 0,25 or 25 %)")
_BLOCK = Text("skriv en blok af nøgler (nøgle: værdi på indrykkede linjer)",
              "write a block of keys (key: value on indented lines)")
_FIXES = {
    "missing": Text("tilføj nøglen", "add the key"),
    "extra_forbidden": Text("fjern nøglen, eller ret stavningen", "remove the key or correct its spelling"),
    "string_pattern_mismatch": Text("brug et kort id af a-z, 0-9, _ og - (højst 64 tegn, begynder med et bogstav "
                                    "eller tal)", "use a short id of a-z, 0-9, _ and - (at most 64 characters, "
                                    "starting with a letter or digit)"),
    "date_from_datetime_parsing": _DATE, "date_parsing": _DATE, "date_type": _DATE,
    "int_parsing": _INT, "int_type": _INT, "float_parsing": _FLOAT, "float_type": _FLOAT,
    "bool_parsing": Text("skriv true eller false", "write true or false"),
    "string_type": Text("skriv tekst (med anførselstegn, hvis den ligner et tal eller en dato)",
                        "write text (quote it if it looks like a number or a date)"),
    "string_too_short": Text("skriv noget tekst; feltet må ikke være tomt", "write some text; the field cannot be "
                                                                             "empty"),
    "string_too_long": Text("gør teksten kortere", "shorten the text"),
    "too_short": Text("angiv mindst ét element", "give at least one item"),
    "list_type": Text("skriv en liste (linjer, der begynder med '- ')", "write a list (lines starting with '- ')"),
    "model_type": _BLOCK, "dict_type": _BLOCK,
    "union_tag_invalid": Text("brug en af de nævnte slags", "use one of the kinds named"),
    "union_tag_not_found": Text("tilføj nøglen 'kind' med en af de nævnte slags",
                                "add the key 'kind' with one of the kinds named"),
    "literal_error": Text("brug en af de nævnte værdier", "use one of the values named"),
    "greater_than_equal": Text("brug en større værdi", "use a larger value"),
    "less_than_equal": Text("brug en mindre værdi", "use a smaller value"),
    "value_error": Text("ret værdien som beskrevet", "correct the value as described"),
}
_ANY_FIX = Text("ret værdien", "correct the value")


def problems_of(exc: ValidationError, raw: Any) -> list[Problem]:
    out: list[Problem] = []
    # an unknown key first: it is usually the misspelling behind a 'missing' one
    for e in sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden"):
        path = _path(tuple(e["loc"]), raw)
        if e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path += ".kind"  # the key that chooses the block's model
        fix = _FIXES.get(e["type"], _ANY_FIX)
        if e["type"] == "extra_forbidden":
            model = _model_at(tuple(e["loc"]), raw)
            if model is not None:
                keys = ", ".join(model.model_fields)
                fix = Text(f"{fix.da}; nøglerne, der er tilladt her, er: {keys}",
                           f"{fix.en}; the keys allowed here are: {keys}")
        en = str(e["msg"]).removeprefix("Value error, ")  # pydantic's words, which name the kind of value
        da = "skal være et tal" if e["type"] in ("float_parsing", "float_type") else expected(dict(e)).da
        if e["type"] not in ("missing", "extra_forbidden") and "input" in e and not isinstance(e["input"],
                                                                                                (dict, list)):
            found = str(e["input"])[:40]
            da, en = f"{da} (fandt {found!r})", f"{en} (found {found!r})"
        out.append((path, Text(da[:1].upper() + da[1:], en), fix))
    return out[:20]


# -- the public functions ------------------------------------------------------------------------------------------


def load_plan_text(text: str, name: str = "plan file", data: PlanData | None = None) -> PlanFile:
    """A plan file from YAML text; with ``data`` also its references checked against that vintage."""
    raw = parse_yaml(text, name)
    if not isinstance(raw, dict):
        raise PlanFileError(name, [("(top)", Text("filen rummer ingen blok af nøgler",
                                                  "the file holds no block of keys"),
                                    Text("begynd filen med 'format: 1' og 'plan:' (se docs/plan-file.md)",
                                         "start the file with 'format: 1' and 'plan:' (see docs/plan-file.md)"))])
    try:
        pf = PlanFile.model_validate(raw)
    except ValidationError as exc:
        raise PlanFileError(name, problems_of(exc, raw)) from None
    problems: list[Problem] = [
        (f"plan.{path}", Text(f"nøglen '{key}' er brugt to gange", f"the key '{key}' is used twice"),
         Text("giv hver sin egen nøgle", "give each a key of its own")) for path, key in duplicate_keys(pf.plan)]
    if data is not None:
        problems += [("plan", c.text, Text("ret henvisningen, eller vælg en dataudgave, der har den",
                                           "correct the reference, or choose a vintage that has it"))
                     for c in check_plan(pf.plan, data) if c.severity == "error" and c.code in REFERENCE_CODES]
    if problems:
        raise PlanFileError(name, problems)
    return pf


# the checks that make a file unimportable: references that do not exist (the period's other rules — a missing
# delaftale, low co-financing — are shown on the plan, since a plan is written step by step)
REFERENCE_CODES = frozenset({"area_unknown", "municipality_unknown", "indicator_unknown", "theme_unknown",
                             "list_unknown", "activity_unknown", "funding_period_unknown",
                             "share_target_out_of_range"})


def load_plan_file(path: Path, data: PlanData | None = None) -> PlanFile:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_large(str(path), size)
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(str(path), [("", Text(f"filen kan ikke læses ({exc.strerror})",
                                                  f"the file cannot be read ({exc.strerror})"),
                                         Text("tjek stien, og at du må læse filen",
                                              "check the path and that you may read it"))]) from None
    return load_plan_text(decode(raw, str(path)), str(path), data)


def _keep_kinds(full: Any, pruned: Any) -> Any:
    """Put back the ``kind`` of every block that has one: it says which model the block is."""
    if isinstance(full, dict) and isinstance(pruned, dict):
        out = {}
        for key, value in full.items():
            if key == "kind":
                out[key] = value
            elif key in pruned:
                out[key] = _keep_kinds(value, pruned[key])
        return out
    if isinstance(full, list) and isinstance(pruned, list):
        return [_keep_kinds(f, p) for f, p in zip(full, pruned, strict=True)]
    return pruned


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_plan(pf: PlanFile) -> str:
    """The plan file as YAML text; ``load_plan_text(dump_plan(pf)) == pf`` and dumping again gives the same text."""
    full = pf.model_dump(mode="python")
    pruned = pf.model_dump(mode="python", exclude_defaults=True)
    body = {"format": pf.format, **_keep_kinds(full, pruned)}
    return HEADER + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110,
                              default_flow_style=False)
