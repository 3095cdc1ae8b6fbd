"""What follows from an area's status (obligations and limits), as data with a legal reference each."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from boligmonitor.errors import ParameterFileError


@cache
def _obligations() -> list[dict[str, Any]]:
    text = resources.files("boligmonitor.rules").joinpath("obligations.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    required = {"id", "categories", "from", "title", "text", "reference", "href"}
    for i, item in enumerate(data, start=1):
        missing = required - set(item)
        if missing:
            raise ParameterFileError(f"obligations.yaml entry {i}: missing {', '.join(sorted(missing))}")
    return list(data)


def obligations_for(categories: set[str], list_year: int, lang: str = "da") -> list[dict[str, Any]]:
    """The obligations in force in ``list_year`` for an area on the given lists (each listed once)."""
    out = []
    for item in _obligations():
        if list_year < int(item["from"]) or list_year > int(item.get("to", 9999)):
            continue
        because = [c for c in item["categories"] if c in categories]
        if because:
            key = "en" if lang == "en" else "da"
            out.append({"id": item["id"], "title": item["title"][key], "text": item["text"][key],
                        "reference": item["reference"], "href": item["href"], "because_of": because})
    return out
