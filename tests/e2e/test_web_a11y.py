"""Accessibility of every page (axe-core, WCAG 2.1 AA) and their layout at 360 px and 200 %.

axe-core is injected with ``add_script_tag``, which the pages' strict CSP would block; these
contexts therefore bypass the CSP (the CSP itself is tested in ``test_web_pages``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.web_fixtures import WebServer, run_axe

pytestmark = pytest.mark.slow

# a near miss on a sample report: a partial answer (hedge) citing sample content
QUESTION = "Bis wann muss Salzkotten den Förderantrag für die Straßenbeleuchtung stellen?"


def _view_url(server: WebServer) -> str:
    return f"/view?doc={server.doc_id('salzkotten')}&section=Ausgangslage"


def _ready(page: Any, path: str) -> None:
    if path == "/admin":
        page.locator("#doc-table tbody tr").first.wait_for()
    elif path.startswith("/view"):
        page.wait_for_selector("body[data-loaded=true]", state="attached")
    else:
        page.locator(".sc-messages").wait_for()


def _answered(page: Any) -> None:
    page.locator("textarea.sc-question").fill(QUESTION)
    page.locator(".sc-send").click()
    done = page.locator(".sc-msg--assistant:not(.sc-msg--pending)").first
    done.wait_for(timeout=60_000)
    # the partial-answer mark, the sample badges and an opened note are checked too
    done.locator(".sc-hedge-title").wait_for()
    done.locator(".sc-sample-badge").first.click()
    done.locator(".sc-sample-note").first.wait_for()


@pytest.mark.parametrize("path", ["/", "/advisor", "/admin", "/view"])
def test_pages_have_no_serious_axe_violations(
    web_server: WebServer, browser: Any, path: str
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, bypass_csp=True)
    try:
        page = ctx.new_page()
        url = _view_url(web_server) if path == "/view" else path
        page.goto(web_server.base + url)
        _ready(page, url)
        if path in ("/", "/advisor"):
            _answered(page)  # check the answer, its sources, contacts and feedback too
        assert not run_axe(page), f"axe violations on {path}"
        page.locator("#lang-switch").click()
        assert not run_axe(page), f"axe violations on {path} (English)"
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(360, 740, 1), (640, 430, 2)],  # a phone; 1280x860 at 200 % zoom
    ids=["360px", "zoom200"],
)
@pytest.mark.parametrize("path", ["/", "/advisor", "/admin", "/view"])
def test_pages_reflow_without_horizontal_scrolling(
    web_server: WebServer, browser: Any, path: str, width: int, height: int, scale: int
) -> None:
    ctx = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    try:
        page = ctx.new_page()
        url = _view_url(web_server) if path == "/view" else path
        page.goto(web_server.base + url)
        _ready(page, url)
        if path == "/":
            _answered(page)
        overflow = page.evaluate(
            """() => ({doc: document.documentElement.scrollWidth - innerWidth,
                       chat: (() => { const l = document.querySelector('.sc-messages');
                                      return l ? l.scrollWidth - l.clientWidth : 0; })()})"""
        )
        assert overflow["doc"] <= 0 and overflow["chat"] <= 0, (path, overflow)
        # the language switch and the main heading stay reachable
        assert page.locator("#lang-switch").is_visible()
        assert page.locator("h1").first.is_visible()
    finally:
        ctx.close()


def test_the_axe_check_finds_violations(web_server: WebServer, browser: Any) -> None:
    """The check itself can fail: an unlabelled field and unreadable text are reported."""
    ctx = browser.new_context(bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(web_server.base + "/admin")
        page.evaluate(
            """() => {
                const i = document.createElement('input');
                document.querySelector('main').appendChild(i);
                const p = document.createElement('p');
                p.textContent = 'kaum lesbar';
                p.style.color = '#d0d0d0';
                document.querySelector('main').appendChild(p);
            }"""
        )
        ids = {v["id"] for v in run_axe(page)}
        assert {"label", "color-contrast"} <= ids, ids
    finally:
        ctx.close()
