"""Presets: index definitions shipped as YAML data with their sources (``presets/*.yaml``), or a user's own file.

A file is read strictly: UTF-8 (or Windows-1252 as Danish Windows tools save it), no anchors or aliases, no repeated
keys (YAML would keep the last one silently), at most 256 kB. Problems raise
:class:`~boligmonitor.index.spec.IndexSpecError` naming the file, the place in it, what was expected and the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from boligmonitor.index.spec import IndexSpec, IndexSpecError, build_spec

PRESET_DIR = Path(__file__).with_name("presets")
MAX_BYTES = 256 * 1024


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))


def load_preset(name_or_path: str) -> IndexSpec:
    """A shipped preset by name (``aarhus``), or a definition file by path (``mit_indeks.yaml``)."""
    if name_or_path in preset_names():
        return read_spec(PRESET_DIR / f"{name_or_path}.yaml")
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return read_spec(path)
    raise IndexSpecError(name_or_path, [("", f"there is no preset named '{name_or_path}'",
                                         "use one of " + ", ".join(preset_names())
                                         + ", or give the path of a definition file ending in .yaml")])


def read_spec(path: Path) -> IndexSpec:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IndexSpecError(name, [("", "the file does not exist", "check the path")]) from None
    except IsADirectoryError:
        raise IndexSpecError(name, [("", "this is a folder", "give the definition file itself")]) from None
    except OSError as exc:
        raise IndexSpecError(name, [("", f"the file cannot be read ({exc.strerror})", "check its permissions")]
                             ) from None
    return build_spec(parse(raw, name), name)


def parse(raw: bytes, name: str) -> Any:
    if len(raw) > MAX_BYTES:
        raise IndexSpecError(name, [("", f"the file has {len(raw):,} bytes, more than the limit of {MAX_BYTES:,}",
                                     "an index definition is a few kB; check that this is the right file")])
    if b"\x00" in raw:
        raise IndexSpecError(name, [("", "the file is not text", "give a YAML file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise IndexSpecError(name, [("", "the file is neither UTF-8 nor Windows-1252 text", "save it as UTF-8")]
                                 ) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise IndexSpecError(name, [(where, f"not valid YAML: {exc.problem or exc}",
                                     "check the indentation (spaces, not tabs) and quote text holding ': '")]
                             ) from None
    except yaml.YAMLError as exc:
        raise IndexSpecError(name, [("", f"not valid YAML: {exc}", "save the file as YAML")]) from None
    if not isinstance(data, dict):
        raise IndexSpecError(name, [("", "the file does not hold a definition (a mapping of keys)",
                                     "start from one of the presets in boligmonitor/index/presets/")])
    return data


class _StrictLoader(yaml.SafeLoader):
    """safe_load without anchors/aliases (a few lines could expand enormously) and without repeated keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (& and *) are not allowed in an index definition", event.start_mark)
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
