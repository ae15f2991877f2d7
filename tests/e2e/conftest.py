"""Fixtures of the end-to-end tests (the browser fixtures live in ``web_fixtures``)."""

from __future__ import annotations

from tests.e2e.web_fixtures import browser, context, web_server

__all__ = ["browser", "context", "web_server"]
