"""/api/plans: answers as its OpenAPI schema says; writing needs a session with its CSRF token, stays within the
writer's scope, is validated whole and refuses a stale version."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from django.test import Client
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from boligmonitor.web import models as m
from boligmonitor.web.plans import models as pm
from tests.web.plans import factories as f
from tests.web.test_api_schema import _rebase


def _check(spec: dict[str, Any], path: str, method: str, status: int, body: Any) -> None:
    schema = spec["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    registry = Registry().with_resource("urn:spec", Resource(contents=spec, specification=DRAFT202012))
    jsonschema.Draft202012Validator(_rebase(schema), registry=registry).validate(body)


def _post(c: Client, url: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(c, method)(url, json.dumps(body), content_type="application/json")


def test_read_endpoints_match_their_schema(db: Any) -> None:
    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c = f.client(editor)
    spec = Client().get("/api/openapi.json").json()
    validate_spec(spec)
    year = plan.document["baseline_year"] + 1
    from boligmonitor.web.plans import actions

    actions.start_report(plan, year, f.viewer(editor), editor)
    cases = [("/api/plans", "/api/plans", 200), (f"/api/plans/{plan.pk}", "/api/plans/{plan_id}", 200),
             (f"/api/plans/{plan.pk}/goals", "/api/plans/{plan_id}/goals", 200),
             (f"/api/plans/{plan.pk}/file", "/api/plans/{plan_id}/file", 200),
             (f"/api/plans/{plan.pk}/reports/{year}", "/api/plans/{plan_id}/reports/{year}", 200),
             (f"/api/plans/{plan.pk}/reports/1999", "/api/plans/{plan_id}/reports/{year}", 404),
             ("/api/plans/999999", "/api/plans/{plan_id}", 404)]
    for url, path, status in cases:
        r = c.get(url)
        assert r.status_code == status, (url, r.content[:300])
        _check(spec, path, "get", status, r.json())
    file = c.get(f"/api/plans/{plan.pk}/file").json()
    assert file["plan"]["key"] == plan.key and file["format"] == 1


def test_writing_needs_a_session_and_its_csrf_token(db: Any) -> None:
    body = {"format": 1, "plan": f.agreement_doc(key="via-api")}
    assert _post(Client(), "/api/plans", body).status_code == 401
    editor = f.editor_of_plan_area()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert _post(strict, "/api/plans", body).status_code in (401, 403)
    assert not pm.Plan.objects.exists()


def test_create_replace_and_report_through_the_api(db: Any) -> None:
    editor, board = f.editor_of_plan_area(), f.board()
    c, b = f.client(editor), f.client(board)
    spec = Client().get("/api/openapi.json").json()
    r = _post(c, "/api/plans", {"format": 1, "plan": f.agreement_doc(key="via-api")})
    assert r.status_code == 201, r.content
    _check(spec, "/api/plans", "post", 201, r.json())
    pid = r.json()["id"]
    assert m.AuditEvent.objects.filter(action="plan_create", detail__plan=pid).exists()
    again = _post(c, "/api/plans", {"format": 1, "plan": f.agreement_doc(key="via-api")})
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate_key"
    _check(spec, "/api/plans", "post", 409, again.json())
    bad = _post(c, "/api/plans", {"format": 1, "plan": {**f.agreement_doc(key="x2"), "colour": "red"}})
    assert bad.status_code == 422 and "colour" in bad.json()["error"]["message"]
    doc = pm.Plan.objects.get(pk=pid).document
    doc["vision"] = "Ny vision via API"
    put = _post(c, f"/api/plans/{pid}", {"plan": doc, "version": 1, "why": "API"}, "put")
    assert put.status_code == 200 and put.json()["version"] == 2
    stale = _post(c, f"/api/plans/{pid}", {"plan": doc, "version": 1}, "put")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    year = doc["baseline_year"] + 1
    assert _post(c, f"/api/plans/{pid}/reports/{year}", {}).status_code == 200
    submitted = _post(c, f"/api/plans/{pid}/reports/{year}/status", {"to": "submitted"})
    assert submitted.status_code == 200 and submitted.json()["report"]["status"] == "submitted"
    refused = _post(c, f"/api/plans/{pid}/reports/{year}/status", {"to": "approved"})
    assert refused.status_code == 403
    _check(spec, "/api/plans/{plan_id}/reports/{year}/status", "post", 403, refused.json())
    approved = _post(b, f"/api/plans/{pid}/reports/{year}/status", {"to": "approved"})
    assert approved.status_code == 200 and approved.json()["report"]["approved_by"] == "board"
    assert approved.json()["steps"] == []
    outsider = f.user("kommune-x", "municipality", municipality_code=999)
    x = f.client(outsider)
    assert _post(x, f"/api/plans/{pid}", {"plan": doc, "version": 3}, "put").status_code == 404  # cannot see it
    assert _post(x, "/api/plans", {"format": 1, "plan": f.agreement_doc(key="fremmed")}).status_code == 403
