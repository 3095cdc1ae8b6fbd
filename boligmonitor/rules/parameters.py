"""Law as data: one YAML file per parameter, dated values, a legal reference per date (OpenFisca's convention).

A parameter file looks like::

    description: Andel 18-64-årige uden for arbejdsmarked eller uddannelse (tærskel)
    unit: share
    values:
      2010-10-26:
        value: "0.40"
        reference: {title: "...", href: "https://..."}
      2018-12-01:
        value: "0.40"
        reference: {...}
        interpretation: "why we read it like this"   # optional, marks a choice the law text leaves open

A value applies from its date until the next date. ``value: null`` ends a parameter (e.g. a transitional rule).
Numbers are written as strings and read as exact fractions, so 40.0 % vs 40.1 % is compared exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from boligmonitor.errors import ParameterFileError, ParameterNotInForce

UNITS = ("share", "ratio", "persons", "years", "count", "codes", "text", "date", "flag")


@dataclass(frozen=True)
class Reference:
    title: str
    href: str


@dataclass(frozen=True)
class DatedValue:
    start: dt.date
    value: Any
    reference: Reference
    interpretation: str | None


@dataclass(frozen=True)
class Parameter:
    path: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]

    def at(self, day: dt.date) -> DatedValue:
        """The value in force on ``day``."""
        current = None
        for v in self.values:
            if v.start <= day:
                current = v
        if current is None or current.value is None:
            raise ParameterNotInForce(
                f"parameter '{self.path}' has no value in force on {day.isoformat()}; it covers "
                + ", ".join(f"from {v.start.isoformat()}" for v in self.values if v.value is not None)
            )
        return current

    def in_force(self, day: dt.date) -> bool:
        try:
            self.at(day)
        except ParameterNotInForce:
            return False
        return True


def _parse_value(raw: Any, unit: str, where: str) -> Any:
    if raw is None:
        return None
    if unit in ("share", "ratio"):
        if not isinstance(raw, str):
            raise ParameterFileError(f"{where}: write {unit} values as quoted decimal strings, e.g. \"0.40\"")
        try:
            return Fraction(raw)
        except ValueError:
            raise ParameterFileError(f"{where}: '{raw}' is not a decimal number") from None
    if unit in ("persons", "years", "count"):
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise ParameterFileError(f"{where}: expected a whole number, got {raw!r}")
        return raw
    if unit == "codes":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ParameterFileError(f"{where}: expected a list of codes")
        return tuple(raw)
    if unit == "flag":
        if not isinstance(raw, bool):
            raise ParameterFileError(f"{where}: expected true or false")
        return raw
    if unit == "date":
        if isinstance(raw, dt.date):
            return raw
        raise ParameterFileError(f"{where}: expected a date YYYY-MM-DD")
    return raw


def parse_parameter(path: str, data: Any, source: str) -> Parameter:
    """Validate one parameter document; every error names the file and the offending key."""
    if not isinstance(data, dict):
        raise ParameterFileError(f"{source}: expected a mapping with description, unit and values")
    for key in ("description", "unit", "values"):
        if key not in data:
            raise ParameterFileError(f"{source}: missing '{key}'")
    unit = data["unit"]
    if unit not in UNITS:
        raise ParameterFileError(f"{source}: unit '{unit}' is not one of {', '.join(UNITS)}")
    if not isinstance(data["values"], dict) or not data["values"]:
        raise ParameterFileError(f"{source}: 'values' must map dates to values")
    values = []
    for start, entry in data["values"].items():
        if not isinstance(start, dt.date):
            raise ParameterFileError(
                f"{source}: '{start}' under values is not a valid YYYY-MM-DD date; dates are the day a value "
                "takes effect"
            )
        where = f"{source} [{start.isoformat()}]"
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterFileError(f"{where}: each date needs 'value' and 'reference'")
        ref = entry.get("reference")
        if not isinstance(ref, dict) or not ref.get("title") or not ref.get("href"):
            raise ParameterFileError(f"{where}: missing legal reference (reference: {{title, href}})")
        values.append(
            DatedValue(
                start=start,
                value=_parse_value(entry["value"], unit, where),
                reference=Reference(str(ref["title"]), str(ref["href"])),
                interpretation=entry.get("interpretation"),
            )
        )
    values.sort(key=lambda v: v.start)
    return Parameter(path, str(data["description"]), unit, tuple(values))


class DuplicateKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (a silent overwrite would change the law)."""


def _no_duplicates(loader: DuplicateKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise ParameterFileError(f"duplicate key '{key}' at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _lenient_date(loader: DuplicateKeyLoader, node: yaml.ScalarNode) -> Any:
    """Keep an impossible date (2024-13-01) as text so the error can name it instead of crashing."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


DuplicateKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
DuplicateKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_date)


def load_parameter_text(path: str, text: str, source: str) -> Parameter:
    try:
        data = yaml.load(text, Loader=DuplicateKeyLoader)
    except ParameterFileError as exc:
        raise ParameterFileError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParameterFileError(f"{source}: not valid YAML ({exc})") from None
    return parse_parameter(path, data, source)


class ParameterSet:
    """All parameters of a tree, addressed as 'concept/name'."""

    def __init__(self, params: dict[str, Parameter], digest: str) -> None:
        self.params = params
        self.digest = digest

    def __getitem__(self, path: str) -> Parameter:
        try:
            return self.params[path]
        except KeyError:
            raise ParameterFileError(f"no parameter file for '{path}'") from None

    def value(self, path: str, day: dt.date) -> Any:
        return self[path].at(day).value


def _walk(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out = []
    for child in sorted(root.iterdir(), key=lambda c: c.name):
        if child.is_dir():
            out += _walk(child, f"{prefix}{child.name}/")
        elif child.name.endswith(".yaml"):
            out.append((prefix + child.name[: -len(".yaml")], child))
    return out


def load_parameters(root: Path | Traversable | None = None) -> ParameterSet:
    """Load a parameter tree (default: the one shipped with the package)."""
    base: Traversable = root if root is not None else resources.files("boligmonitor.rules").joinpath("parameters")
    params = {}
    h = hashlib.sha256()
    for path, file in _walk(base):
        text = file.read_text(encoding="utf-8")
        h.update(path.encode() + b"\0" + text.encode() + b"\0")
        params[path] = load_parameter_text(path, text, f"parameters/{path}.yaml")
    return ParameterSet(params, h.hexdigest()[:12])


@lru_cache(maxsize=1)
def default_parameters() -> ParameterSet:
    return load_parameters()
