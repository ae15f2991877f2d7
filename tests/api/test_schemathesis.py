"""Property-based run of schemathesis against the app's own OpenAPI schema, over real HTTP.

Every operation of ``/openapi.json`` gets its explicit examples, boundary cases (coverage
phase) and up to ``MAX_EXAMPLES`` generated requests, valid and invalid, sent with an admin
key (so the write routes run too) to uvicorn on loopback with the rate limit off. Checks:

* no 5xx anywhere (streams and file downloads included);
* every 4xx/5xx body is the one error shape ``{"ok": false, "error": {"code", "message"}}``;
* status codes, content types and JSON bodies conform to the schema, except for the event
  streams and the file download (not JSON; their bodies have no schema to check).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from tests.api.conftest import LiveServer, api_settings, serve_corpus

pytestmark = pytest.mark.slow

ADMIN = "admin-schluessel-0123456789"
MAX_EXAMPLES = 25
#: operations whose 200 body is not JSON (event streams, the original file)
NOT_JSON = {
    ("POST", "/api/chat/stream"),
    ("POST", "/v1/chat/completions"),  # a stream when ``stream: true``
    ("GET", "/api/documents/{doc_id}/file"),
    ("GET", "/metrics"),
}


#: the app under test: an admin key, no rate limit
SETTINGS: dict[str, Any] = {"admin_keys": [ADMIN], "rate_limit_per_minute": 0}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_corpus(tmp_path_factory.mktemp("schemathesis"), **SETTINGS) as server:
        yield server


# The schema is taken from the app itself at collection time (building the OpenAPI document
# needs no index); ``test_live_schema_is_the_tested_one`` checks that the server serves the
# same. (schemathesis' lazy ``from_fixture`` loader does not work with pytest 9.)
OPENAPI: dict[str, Any] = create_app(api_settings(Path("unused"), **SETTINGS)).openapi()
schema = schemathesis.openapi.from_dict(
    OPENAPI,
    config=schemathesis.Config.from_dict(
        {
            "seed": 20261128,
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
            "phases": {"stateful": {"enabled": False}},
            "request-timeout": 120,
        }
    ),
)


def error_shape(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    """Every error response is ``{"ok": false, "error": {"code": str, "message": str}}``."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"error body is not JSON: {response.content[:200]!r}") from exc
    assert isinstance(body, dict) and body.get("ok") is False, body
    error = body.get("error")
    assert isinstance(error, dict) and set(error) == {"code", "message"}, body
    assert isinstance(error["code"], str) and error["code"], body
    assert isinstance(error["message"], str) and error["message"], body
    return None


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_never_fails_and_errors_have_one_shape(
    case: schemathesis.Case[Any], live: LiveServer
) -> None:
    headers = {"X-API-Key": ADMIN}
    response = case.call(base_url=live.url, headers=headers, timeout=120)
    checks: list[schemathesis.CheckFunction] = [not_a_server_error, error_shape]
    if (case.method.upper(), case.path) not in NOT_JSON or response.status_code >= 400:
        checks += [status_code_conformance, content_type_conformance, response_schema_conformance]
    case.validate_response(response, checks=checks, headers=headers)


def test_live_schema_is_the_tested_one(live: LiveServer) -> None:
    """The run above covers what the server serves, and the routes of the contract."""
    served = httpx.get(f"{live.url}/openapi.json", timeout=30).json()
    assert served == OPENAPI
    paths = set(OPENAPI["paths"])
    assert {"/api/search", "/v1/chat/completions", "/v1/models", "/healthz"} <= paths
    assert len(paths) >= 8


def test_the_error_shape_check_can_fail() -> None:
    class Fake:
        status_code = 404
        content = b'{"detail": "Not Found"}'

    with pytest.raises(AssertionError):
        error_shape(None, Fake(), None)  # type: ignore[arg-type]
    Fake.content = b'{"ok": false, "error": {"code": "not_found", "message": "Nicht gefunden."}}'
    error_shape(None, Fake(), None)  # type: ignore[arg-type]
