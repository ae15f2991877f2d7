"""The embeddable widget on foreign intranet pages (a second origin), in a real browser."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.web_fixtures import WebServer, post_json, run_axe, screenshot, watch

pytestmark = pytest.mark.slow

QUESTION = "Wie überwacht Delbrück den Wasserverbrauch der Schulen mit LoRaWAN?"
W = "smartcity-assistant"  # Playwright's CSS locators pierce the open shadow root


def open_widget(page: Any, url: str) -> None:
    """Load the host page and open the panel with the launcher."""
    page.goto(url)
    page.wait_for_selector(f"{W}[data-ready=true]", state="attached")
    page.locator(f"{W} .scw-launcher").click()
    page.locator(f"{W} .scw-panel").wait_for(state="visible")


def shadow_focus(page: Any) -> str:
    """Tag and class of the focused element inside the widget's shadow root."""
    return str(
        page.evaluate(
            """() => {
                const a = document.querySelector('smartcity-assistant').shadowRoot.activeElement;
                return a ? a.tagName + ' ' + a.className : '';
            }"""
        )
    )


def ask(page: Any, question: str) -> Any:
    """Type a question, send it with Enter and wait for the finished answer."""
    before = page.locator(f"{W} .sc-msg--assistant").count()
    box = page.locator(f"{W} textarea.sc-question")
    box.fill(question)
    box.press("Enter")
    done = page.locator(f"{W} .sc-msg--assistant:not(.sc-msg--pending)").nth(before)
    done.wait_for(timeout=60_000)
    return done


def test_widget_survives_hostile_css_and_answers_with_sources(
    web_server: WebServer, context: Any
) -> None:
    page = context.new_page()
    seen = watch(page)
    open_widget(page, web_server.host_page)

    launcher_style = page.evaluate(
        """() => {
            const host = document.querySelector('smartcity-assistant');
            const panel = host.shadowRoot.querySelector('.scw-panel');
            const s = getComputedStyle(panel);
            const b = host.shadowRoot.querySelector('.scw-close');
            return {panelFont: s.fontSize, panelColor: s.color, panelDisplay: s.display,
                    closeDisplay: getComputedStyle(b).display,
                    width: panel.getBoundingClientRect().width};
        }"""
    )
    assert launcher_style["panelFont"] == "16px", launcher_style
    assert launcher_style["panelColor"] != "rgb(255, 0, 0)", launcher_style
    assert launcher_style["closeDisplay"] != "none", launcher_style
    assert launcher_style["width"] > 300, launcher_style
    # focus moved into the panel
    assert shadow_focus(page) == "TEXTAREA sc-input sc-question"

    # count how often the streamed text changes before the answer is complete
    page.evaluate(
        """() => {
            window.__streamUpdates = 0;
            const root = document.querySelector('smartcity-assistant').shadowRoot;
            new MutationObserver((records) => {
                for (const r of records) {
                    if (r.target.classList && r.target.classList.contains('sc-stream')
                        && r.addedNodes.length) window.__streamUpdates++;
                }
            }).observe(root, {subtree: true, childList: true, characterData: true});
        }"""
    )
    answer = ask(page, QUESTION)
    assert page.evaluate("() => window.__streamUpdates") >= 2  # token by token
    text = answer.locator(".sc-answer").inner_text()
    assert "LoRaWAN" in text or "Wasser" in text, text
    assert answer.locator(".sc-refusal-title").count() == 0

    # numbered citation links: the PDF opens at its page
    pdf_id = web_server.doc_id("delbrueck-lorawan")
    links = answer.locator(".sc-source-link")
    assert links.count() >= 1
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    pattern = re.compile(
        re.escape(f"{web_server.base}/api/documents/{pdf_id}/file") + r"#page=\d+$"
    )
    assert any(pattern.match(h or "") for h in hrefs), hrefs
    marker = answer.locator(".sc-answer a.sc-ref").first
    assert re.match(r"\[\d+\]", marker.inner_text())

    # contact cards with their reason
    cards = answer.locator(".sc-contact")
    assert cards.count() >= 1
    first = cards.first.inner_text()
    assert "Warum" in first and len(cards.first.locator("dd").last.inner_text()) > 3, first

    # the live region announces the finished answer
    page.wait_for_function(
        """() => document.querySelector('smartcity-assistant').shadowRoot
                 .querySelector('.sc-live').textContent.startsWith('Antwort:')"""
    )
    # thumbs up -> stored feedback and a thank-you
    answer.locator(".sc-fb-up").click()
    page.locator(f"{W} .sc-thanks").wait_for()
    with sqlite3.connect(web_server.data_dir / "feedback.sqlite3") as db:
        rows = db.execute(
            "SELECT rating, question, answer, chunk_ids FROM feedback WHERE question = ?",
            (QUESTION,),
        ).fetchall()
    assert rows, "feedback not stored"
    rating, _, stored_answer, chunk_ids = rows[-1]
    assert rating == "up" and stored_answer.strip() and json.loads(chunk_ids)

    # Escape closes the panel and returns focus to the launcher
    page.keyboard.press("Escape")
    page.locator(f"{W} .scw-panel").wait_for(state="hidden")
    assert shadow_focus(page) == "BUTTON scw-launcher"

    # the conversation stays in this tab across a reload, thanks included
    page.reload()
    page.wait_for_selector(f"{W}[data-ready=true]", state="attached")
    page.locator(f"{W} .scw-launcher").click()
    assert page.locator(f"{W} .sc-msg--user").first.inner_text().endswith(QUESTION)
    assert page.locator(f"{W} .sc-thanks").count() == 1

    # the host page itself is unharmed: no globals but the namespace, no global styles
    leaked = page.evaluate(
        """() => ({ns: typeof window.SmartCityAssistant,
                   styles: document.querySelectorAll('style').length,
                   links: document.querySelectorAll('link[rel=stylesheet]').length})"""
    )
    assert leaked == {"ns": "object", "styles": 1, "links": 0}, leaked

    # "new conversation" empties it
    page.locator(f"{W} .sc-new").click()
    assert page.locator(f"{W} .sc-msg").count() == 0
    assert not seen.errors, seen.errors
    assert not seen.dialogs


def test_widget_on_plain_page_screenshot_and_accessibility(
    web_server: WebServer, context: Any
) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.plain_page)
    page.wait_for_selector(f"{W}[data-ready=true]", state="attached")
    # keyboard only: Tab reaches the launcher, Enter opens the panel with focus in the field
    page.keyboard.press("Tab")
    assert shadow_focus(page) == "BUTTON scw-launcher"
    page.keyboard.press("Enter")
    page.locator(f"{W} .scw-panel").wait_for(state="visible")
    assert shadow_focus(page) == "TEXTAREA sc-input sc-question"
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.locator(f"{W} .sc-msg--assistant:not(.sc-msg--pending)").wait_for(timeout=60_000)
    page.locator(f"{W} .sc-question").focus()
    screenshot(page, "widget.png")
    assert not run_axe(page)

    # the English switch relabels the widget and is remembered for the host origin
    page.locator(f"{W} .scw-lang").click()
    assert page.locator(f"{W} .scw-title").inner_text() == "Smart city assistant"
    assert page.locator(f"{W} .sc-send").inner_text() == "Send"
    assert page.locator(f"{W} .sc-feedback-q").first.inner_text() == "Was this answer helpful?"
    assert page.evaluate("() => localStorage.getItem('smartcity.lang')") == "en"
    assert not seen.errors, seen.errors


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(360, 740, 1), (640, 430, 2)],  # a phone; 1280x860 at 200 % zoom
    ids=["360px", "zoom200"],
)
def test_widget_panel_fits_small_screens_and_zoom(
    web_server: WebServer, browser: Any, width: int, height: int, scale: int
) -> None:
    ctx = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    try:
        page = ctx.new_page()
        open_widget(page, web_server.plain_page)
        ask(page, QUESTION)
        geo = page.evaluate(
            """() => {
                const root = document.querySelector('smartcity-assistant').shadowRoot;
                const panel = root.querySelector('.scw-panel');
                const list = root.querySelector('.sc-messages');
                const r = panel.getBoundingClientRect();
                return {left: r.left, right: r.right, vw: innerWidth,
                        panelOverflow: panel.scrollWidth - panel.clientWidth,
                        listOverflow: list.scrollWidth - list.clientWidth,
                        send: root.querySelector('.sc-send').getBoundingClientRect().right};
            }"""
        )
        assert geo["left"] >= 0 and geo["right"] <= geo["vw"], geo
        assert geo["panelOverflow"] <= 0 and geo["listOverflow"] <= 0, geo
        assert geo["send"] <= geo["vw"], geo
    finally:
        ctx.close()


HEDGE_QUESTION = "Bis wann muss Salzkotten den Förderantrag für die Straßenbeleuchtung stellen?"


def test_widget_marks_a_hedge_and_badges_sample_sources(
    web_server: WebServer, context: Any
) -> None:
    """Inside the shadow root: the partial-answer mark, paragraphs, and the sample badge whose
    note is its accessible description; Escape first hides the note, then closes the panel."""
    expected = post_json(
        web_server.base, "/api/ask", {"question": HEDGE_QUESTION, "municipality": "Delbrück"}
    )
    assert expected["kind"] == "hedge", expected
    notes = {int(c["n"]): c["sample_note"] for c in expected["citations"]}
    assert notes and all(notes.values()), expected["citations"]

    page = context.new_page()
    seen = watch(page)
    open_widget(page, web_server.plain_page)
    answer = ask(page, HEDGE_QUESTION)
    assert "sc-msg--hedge" in (answer.get_attribute("class") or "")
    assert answer.locator(".sc-hedge-title").inner_text() == (
        "Teilantwort: Das Gefragte steht nicht in den Dokumenten"
    )
    assert answer.locator(".sc-refusal-title").count() == 0
    shown = answer.locator(".sc-answer > p")
    assert shown.count() == len(re.split(r"\n\s*\n", expected["answer"].strip()))
    page.wait_for_function(
        """() => document.querySelector('smartcity-assistant').shadowRoot
                 .querySelector('.sc-live').textContent.startsWith('Teilantwort')"""
    )

    first = answer.locator(".sc-source").first
    n = int(first.locator(".sc-source-n").inner_text().strip("[]"))
    badge = first.locator("button.sc-sample-badge")
    assert badge.inner_text() == "Beispielinhalt"
    expect(badge).to_have_accessible_description(notes[n])
    # the description's element lives in the same shadow root as the badge
    described = page.evaluate(
        """() => {
            const root = document.querySelector('smartcity-assistant').shadowRoot;
            const b = root.querySelector('.sc-sample-badge');
            const note = root.getElementById(b.getAttribute('aria-describedby'));
            return note ? note.textContent : null;
        }"""
    )
    assert described == notes[n]
    assert answer.locator(".sc-sample-badge").count() == answer.locator(".sc-source").count()

    badge.focus()
    note = first.locator(".sc-sample-note")
    expect(note).to_be_visible()
    first.evaluate("e => e.scrollIntoView({block: 'center'})")
    screenshot(page, "widget-hedge.png")
    assert not run_axe(page)  # the open note too
    page.keyboard.press("Escape")
    expect(note).to_be_hidden()
    assert page.locator(f"{W} .scw-panel").is_visible()  # the first Escape only hid the note
    page.keyboard.press("Escape")
    page.locator(f"{W} .scw-panel").wait_for(state="hidden")
    assert shadow_focus(page) == "BUTTON scw-launcher"
    assert not seen.errors, seen.errors
