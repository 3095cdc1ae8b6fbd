"""The JSON API answers as its OpenAPI schema says, for success and for errors."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from boligmonitor.web import models as m


@pytest.fixture
def spec(client_for: Any) -> dict[str, Any]:
    s: dict[str, Any] = client_for("public").get("/api/openapi.json").json()
    validate_spec(s)
    return s


def _check(spec: dict[str, Any], path: str, status: int, body: Any) -> None:
    op = spec["paths"][path]["get"]
    schema = op["responses"][str(status)]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:spec", Resource(contents=spec, specification=DRAFT202012))
    jsonschema.Draft202012Validator(_rebase(schema), registry=registry).validate(body)


def _rebase(node: Any) -> Any:
    """Point the spec's local $refs (#/components/...) at the registered document."""
    if isinstance(node, dict):
        return {k: ("urn:spec" + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(x) for x in node]
    return node


def test_every_endpoint_matches_its_schema(client_for: Any, spec: dict[str, Any]) -> None:
    c = client_for("analyst")
    area = m.Area.objects.filter(kind="statutory").first()
    assert area is not None
    cases = [
        ("/api/vintages", "/api/vintages", 200),
        ("/api/indicators", "/api/indicators", 200),
        ("/api/lists", "/api/lists", 200),
        ("/api/lists?year=2018&category=ghettoomraade", "/api/lists", 200),
        ("/api/lists?year=1999", "/api/lists", 404),
        ("/api/areas", "/api/areas", 200),
        (f"/api/areas/{area.area_id}", "/api/areas/{area_id}", 200),
        (f"/api/areas/{area.area_id}?year=2012", "/api/areas/{area_id}", 200),
        ("/api/areas/NOPE", "/api/areas/{area_id}", 404),
        ("/api/rank?indicator=nonwestern_share&within=nation", "/api/rank", 200),
        ("/api/rank?indicator=nope", "/api/rank", 404),
        (f"/api/compare?area={area.area_id}", "/api/compare", 200),
    ]
    for url, path, status in cases:
        r = c.get(url)
        assert r.status_code == status, (url, r.content[:300])
        _check(spec, path, status, r.json())


def test_invalid_parameters_get_the_error_shape(client_for: Any, spec: dict[str, Any]) -> None:
    r = client_for("public").get("/api/lists?year=abc")
    assert r.status_code == 422
    _check(spec, "/api/lists", 422, r.json())
    assert "year" in r.json()["error"]["message"]
