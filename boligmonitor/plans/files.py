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

import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from boligmonitor.errors import UserError
from boligmonitor.plans.checks import check_plan, duplicate_keys
from boligmonitor.plans.data import PlanData
from boligmonitor.plans.model import PlanFile

MAX_BYTES = 2 * 1024 * 1024  # a large agreement is ~100 kB; anything near this limit is not a plan
HEADER = "# boligmonitor plan file (format 1); the format is described in docs/plan-file.md\n"


class PlanFileError(UserError):
    """A plan file that cannot be imported; ``problems`` are (path inside the file, what is wrong, how to fix)."""

    exit_code = 9

    def __init__(self, name: str, problems: list[tuple[str, str, str]]) -> None:
        self.name = name
        self.problems = problems
        lines = [f"  - {path}: {what}. Fix: {fix}" if path else f"  - {what}. Fix: {fix}"
                 for path, what, fix in problems]
        super().__init__(f"{name}: the plan file cannot be imported ({len(problems)} problem(s)); nothing was "
                         "imported:\n" + "\n".join(lines))


# -- YAML reading --------------------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """safe_load, and also: no anchors or aliases (a few lines could expand to gigabytes), no repeated keys (YAML
    keeps the last one silently)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (& and *) are not allowed in a plan file", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice in the same block", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)


def _too_large(name: str, size: int) -> PlanFileError:
    return PlanFileError(name, [("", f"the file has {size:,} bytes, more than the limit of {MAX_BYTES:,}",
                                 "split it into one plan per file; a plan file holds one strategy or agreement")])


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM); a file saved by Danish Windows tools as Windows-1252 is read as that."""
    if len(raw) > MAX_BYTES:
        raise _too_large(name, len(raw))
    if b"\x00" in raw:
        raise PlanFileError(name, [("", "the file is not text (it holds NUL bytes)",
                                    "export the plan as YAML (boligmonitor-web plan export ID)")])
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
    raise PlanFileError(name, [("", "the file is neither UTF-8 nor Windows-1252 text", "save it as UTF-8")])


def parse_yaml(text: str, name: str) -> Any:
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise _too_large(name, size)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = exc.problem or str(exc)
        raise PlanFileError(name, [(where, f"not valid YAML: {what}",
                                    "check the indentation (spaces, not tabs) and quote text that holds ': ' "
                                    "or starts with a special character")]) from None
    except yaml.YAMLError as exc:
        raise PlanFileError(name, [("", f"not valid YAML: {exc}", "save the file as YAML")]) from None


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


_FIXES = {
    "missing": "add the key",
    "extra_forbidden": "remove the key or correct its spelling",
    "string_pattern_mismatch": "use a short id of a-z, 0-9, _ and - (at most 64 characters, starting with a letter "
                               "or digit)",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "float_parsing": "write a number with a decimal point (0.25, not 0,25 or 25 %)",
    "float_type": "write a number with a decimal point (0.25, not 0,25 or 25 %)",
    "bool_parsing": "write true or false",
    "string_type": "write text (quote it if it looks like a number or a date)",
    "string_too_short": "write some text; the field cannot be empty",
    "string_too_long": "shorten the text",
    "too_short": "give at least one item",
    "list_type": "write a list (lines starting with '- ')",
    "model_type": "write a block of keys (key: value on indented lines)",
    "dict_type": "write a block of keys (key: value on indented lines)",
    "union_tag_invalid": "use one of the kinds named",
    "union_tag_not_found": "add the key 'kind' with one of the kinds named",
    "literal_error": "use one of the values named",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "value_error": "correct the value as described",
}


def problems_of(exc: ValidationError, raw: Any) -> list[tuple[str, str, str]]:
    out = []
    # an unknown key first: it is usually the misspelling behind a 'missing' one
    for e in sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden"):
        path = _path(tuple(e["loc"]), raw)
        if e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path += ".kind"  # the key that chooses the block's model
        fix = _FIXES.get(e["type"], "correct the value")
        if e["type"] == "extra_forbidden":
            model = _model_at(tuple(e["loc"]), raw)
            if model is not None:
                fix += "; the keys allowed here are: " + ", ".join(model.model_fields)
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] not in ("missing", "extra_forbidden") and "input" in e and not isinstance(e["input"],
                                                                                                (dict, list)):
            msg += f" (found {str(e['input'])[:40]!r})"
        out.append((path, msg, fix))
    return out[:20]


# -- the public functions ------------------------------------------------------------------------------------------


def load_plan_text(text: str, name: str = "plan file", data: PlanData | None = None) -> PlanFile:
    """A plan file from YAML text; with ``data`` also its references checked against that vintage."""
    raw = parse_yaml(text, name)
    if not isinstance(raw, dict):
        raise PlanFileError(name, [("(top)", "the file holds no block of keys",
                                    "start the file with 'format: 1' and 'plan:' (see docs/plan-file.md)")])
    try:
        pf = PlanFile.model_validate(raw)
    except ValidationError as exc:
        raise PlanFileError(name, problems_of(exc, raw)) from None
    problems = [(f"plan.{path}", f"the key '{key}' is used twice", "give each a key of its own")
                for path, key in duplicate_keys(pf.plan)]
    if data is not None:
        problems += [("plan", c.text.en, "correct the reference, or choose a vintage that has it")
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
        raise PlanFileError(str(path), [("", f"the file cannot be read ({exc.strerror})",
                                         "check the path and that you may read it")]) from None
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
