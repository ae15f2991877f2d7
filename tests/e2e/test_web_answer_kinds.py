"""Answer kinds and sample notes on the chat page and the source view, in a real browser over
the real server and index: a partial answer (hedge) is marked as such, a sample document's
citation carries the "Beispielinhalt" badge with its note, a document without a note carries
none, and the answer's paragraphs and lines render as paragraphs and lines.

Every question is first put to ``POST /api/ask`` of the same server: the test checks that the
backend really gives the kind it is about (a clear failure otherwise) and that the page shows
exactly that answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.web_fixtures import WebServer, post_json, screenshot, watch

pytestmark = pytest.mark.slow

MUNICIPALITY = "Delbrück"
# the sample report names the Kommunalrichtlinie but no application deadline
HEDGE_QUESTION = "Bis wann muss Salzkotten den Förderantrag für die Straßenbeleuchtung stellen?"
# answered from the transfer note in its structure, one line per part
TRANSFER_QUESTION = (
    "Wie können wir die LED-Straßenbeleuchtung mit Steuerung in unserer Kommune übernehmen?"
)
# the one document of the test corpus without a sample note
PLAIN_QUESTION = "Was muss der Skriptfilter des Bürgerportals behandeln?"
HEDGE_MARK_DE = "Teilantwort: Das Gefragte steht nicht in den Dokumenten"
HEDGE_MARK_EN = "Partial answer: the documents do not state what was asked"


def api_answer(server: WebServer, question: str) -> dict[str, Any]:
    """The server's ``Answer`` for a first question from the test municipality."""
    return post_json(server.base, "/api/ask", {"question": question, "municipality": MUNICIPALITY})


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an answer text (blank-line separated), as the page should show them."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n\s*", text.strip()) if p.strip()]


def ask_on_chat_page(server: WebServer, page: Any, question: str) -> Any:
    """Open /, set the municipality, ask, and return the finished answer message."""
    page.goto(server.base + "/")
    page.locator("input.sc-input--small").fill(MUNICIPALITY)
    page.locator("textarea.sc-question").fill(question)
    page.locator(".sc-send").click()
    done = page.locator(".sc-msg--assistant:not(.sc-msg--pending)").first
    done.wait_for(timeout=60_000)
    return done


def shown_paragraphs(answer: Any) -> list[str]:
    """The text of every paragraph of the answer body on the page."""
    ps = answer.locator(".sc-answer > p")
    return [ps.nth(i).inner_text().strip() for i in range(ps.count())]


def test_hedge_is_marked_as_partial_answer_with_its_paragraphs(
    web_server: WebServer, context: Any
) -> None:
    expected = api_answer(web_server, HEDGE_QUESTION)
    assert expected["kind"] == "hedge", expected  # the near miss is hedged by the backend
    assert expected["confidence"] in ("low", "none"), expected
    want = paragraphs(expected["answer"])
    assert len(want) >= 2, want  # the hedge lead, then one paragraph per document

    page = context.new_page()
    seen = watch(page)
    answer = ask_on_chat_page(web_server, page, HEDGE_QUESTION)
    classes = answer.get_attribute("class") or ""
    assert "sc-msg--hedge" in classes and "sc-msg--refusal" not in classes, classes
    assert answer.locator(".sc-hedge-title").inner_text() == HEDGE_MARK_DE
    assert answer.locator(".sc-refusal-title").count() == 0
    assert answer.locator(".sc-confidence").inner_text() == "Sicherheit: gering"

    # the text as paragraphs: the lead without sources, then „Title“ (Kind): with its [n]
    assert shown_paragraphs(answer) == want
    ps = answer.locator(".sc-answer > p")
    assert "sc-hedge-lead" in (ps.first.get_attribute("class") or "")
    assert ps.first.locator("a.sc-ref").count() == 0
    second = ps.nth(1)
    assert second.locator("a.sc-ref").count() >= 1
    assert second.locator("strong.sc-doc-lead").inner_text().startswith("„")
    # the mark is distinct from the answer text and read before it
    order = answer.evaluate(
        """e => [...e.querySelectorAll('.sc-hedge-title, .sc-answer')].map(n => n.className)"""
    )
    assert order == ["sc-hedge-title", "sc-answer"], order

    # screen readers hear the mark with the answer
    page.wait_for_function(
        """m => document.querySelector('.sc-live').textContent.startsWith(m)""", arg=HEDGE_MARK_DE
    )
    page.locator("#lang-switch").click()
    assert answer.locator(".sc-hedge-title").inner_text() == HEDGE_MARK_EN
    assert answer.locator(".sc-confidence").inner_text() == "Confidence: low"
    page.locator("#lang-switch").click()
    assert answer.locator(".sc-hedge-title").inner_text() == HEDGE_MARK_DE
    assert not seen.errors, seen.errors
    assert not seen.csp_violations(), seen.console


def test_sample_citation_has_a_keyboard_reachable_badge_with_its_note(
    web_server: WebServer, context: Any
) -> None:
    expected = api_answer(web_server, HEDGE_QUESTION)
    notes = {int(c["n"]): str(c.get("sample_note", "")) for c in expected["citations"]}
    assert notes and all(notes.values()), expected["citations"]  # sample documents only

    page = context.new_page()
    seen = watch(page)
    answer = ask_on_chat_page(web_server, page, HEDGE_QUESTION)
    sources = answer.locator(".sc-source")
    assert sources.count() == len(notes)
    for i in range(sources.count()):
        li = sources.nth(i)
        n = int(li.locator(".sc-source-n").inner_text().strip("[]"))
        badge = li.locator("button.sc-sample-badge")
        assert badge.count() == 1
        assert badge.inner_text() == "Beispielinhalt"
        expect(badge).to_have_accessible_description(notes[n])
        assert li.locator(".sc-sample-note").is_hidden()  # a tooltip, not in the way
    ref = answer.locator(".sc-answer a.sc-ref").first
    assert (ref.get_attribute("aria-label") or "").endswith("(Beispielinhalt)")

    # keyboard: Tab from the source link reaches the badge, its note shows, Escape hides it
    first = sources.first
    first_n = int(first.locator(".sc-source-n").inner_text().strip("[]"))
    badge = first.locator("button.sc-sample-badge")
    note = first.locator(".sc-sample-note")
    first.locator(".sc-source-link").focus()
    page.keyboard.press("Tab")
    assert badge.evaluate("e => document.activeElement === e")
    expect(note).to_be_visible()
    page.keyboard.press("Escape")
    expect(note).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(note).to_be_visible()  # shown again when focus comes back

    # a click (or tap) keeps it open after focus has left; a second click closes it
    page.locator("textarea.sc-question").focus()
    expect(note).to_be_hidden()
    badge.click()
    assert badge.get_attribute("aria-expanded") == "true"
    page.locator("textarea.sc-question").focus()
    expect(note).to_be_visible()
    box, note_box = first.bounding_box(), note.bounding_box()
    assert box and note_box and note_box["x"] + note_box["width"] <= box["x"] + box["width"] + 1
    # the mark, the text and the first source with its open note in one picture
    answer.evaluate("e => e.parentElement.scrollTop = e.offsetTop - 8")
    screenshot(page, "chat-hedge.png")
    badge.click()
    assert badge.get_attribute("aria-expanded") == "false"
    expect(note).to_be_hidden()  # although the badge keeps focus and pointer
    page.mouse.move(0, 0)
    badge.hover()
    expect(note).to_be_visible()  # the pointer came back

    page.locator("#lang-switch").click()
    assert badge.inner_text() == "Sample content"
    expect(badge).to_have_accessible_description(notes[first_n])
    assert not seen.errors, seen.errors


def test_citation_of_a_document_without_sample_note_has_no_badge(
    web_server: WebServer, context: Any
) -> None:
    expected = api_answer(web_server, PLAIN_QUESTION)
    assert expected["citations"], expected
    assert all(c.get("sample_note", "") == "" for c in expected["citations"])

    page = context.new_page()
    answer = ask_on_chat_page(web_server, page, PLAIN_QUESTION)
    assert answer.locator(".sc-source").count() == len(expected["citations"])
    assert answer.locator(".sc-sample-badge, .sc-sample-note").count() == 0
    assert "Beispielinhalt" not in answer.inner_text()
    assert answer.locator(".sc-hedge-title, .sc-refusal-title").count() == 0
    classes = answer.get_attribute("class") or ""
    assert "sc-msg--hedge" not in classes and "sc-msg--refusal" not in classes


def test_structured_answer_shows_one_line_per_part(web_server: WebServer, context: Any) -> None:
    expected = api_answer(web_server, TRANSFER_QUESTION)
    want = paragraphs(expected["answer"])
    assert any("\n" in p for p in want), expected["answer"]  # the transfer structure

    page = context.new_page()
    answer = ask_on_chat_page(web_server, page, TRANSFER_QUESTION)
    assert shown_paragraphs(answer) == want
    ps = answer.locator(".sc-answer > p")
    for i, para in enumerate(want):
        assert ps.nth(i).locator("br").count() == para.count("\n"), para
    # each part's label in bold, its sentences as text with their [n] links
    labels = answer.locator(".sc-line-label")
    assert labels.count() >= 2
    assert all(labels.nth(i).inner_text().endswith(":") for i in range(labels.count()))
    assert answer.locator(".sc-answer a.sc-ref").count() >= len(expected["citations"])
    # every line is inside the paragraph, no line text was lost or became markup
    assert answer.locator(".sc-answer script, .sc-answer img").count() == 0


def test_source_view_shows_the_sample_badge_from_the_content(
    web_server: WebServer, context: Any
) -> None:
    """A document without a note has no badge; one whose content names a note has it.

    ``GET /api/documents/{id}/content`` does not carry ``sample_note`` yet: the second case
    takes the real response and adds the field in the browser (route fulfilment)."""
    plain = context.new_page()
    seen = watch(plain)
    plain.goto(f"{web_server.base}/view?doc={web_server.doc_id('skriptfilter')}")
    plain.wait_for_selector("body[data-loaded=true]")
    assert plain.locator("#doc-meta .sc-sample-badge").count() == 0

    note = "Fiktive Projektgeschichte, angesiedelt in der Stadt Salzkotten. Zahlen sind Beispiele."
    page = context.new_page()

    def with_note(route: Any) -> None:
        body = route.fetch().json()
        body.setdefault("sample_note", note)
        route.fulfill(
            status=200, content_type="application/json", body=json.dumps(body, ensure_ascii=False)
        )

    page.route("**/api/documents/*/content", with_note)
    page.goto(f"{web_server.base}/view?doc={web_server.doc_id('salzkotten')}")
    page.wait_for_selector("body[data-loaded=true]")
    badge = page.locator("#doc-meta button.sc-sample-badge")
    assert badge.inner_text() == "Beispielinhalt"
    expect(badge).to_have_accessible_description(
        re.compile(r"^Fiktive Projektgeschichte, angesiedelt in der Stadt Salzkotten")
    )
    badge.focus()
    expect(page.locator("#doc-meta .sc-sample-note")).to_be_visible()
    assert not seen.errors, seen.errors
