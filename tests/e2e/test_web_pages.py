"""The pages /, /advisor and /view in a real browser: answers, sources, XSS, language, CSP."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.web_fixtures import WebServer, post_json, screenshot, watch

pytestmark = pytest.mark.slow

MD_QUESTION = "Wie hat Salzkotten die Straßenbeleuchtung mit LED und Sensoren umgestellt?"
XSS_QUESTION = "Was muss der Skriptfilter des Bürgerportals behandeln?"
PAGES = ("/", "/advisor", "/admin", "/view")


def ask(page: Any, question: str) -> Any:
    """Ask on a page with the inline chat and wait for the finished answer."""
    before = page.locator(".sc-msg--assistant:not(.sc-msg--pending)").count()
    box = page.locator("textarea.sc-question")
    box.fill(question)
    page.locator(".sc-send").click()
    done = page.locator(".sc-msg--assistant:not(.sc-msg--pending)").nth(before)
    done.wait_for(timeout=60_000)
    return done


def test_security_headers(web_server: WebServer) -> None:
    for path in PAGES:
        with urllib.request.urlopen(web_server.base + path) as r:
            csp = r.headers["Content-Security-Policy"]
            assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
            assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
            assert "unsafe-inline" not in csp
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert r.headers["Referrer-Policy"]
            body = r.read().decode()
            # no inline scripts or styles in the pages
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
            assert "<style" not in body and "style=" not in body, path
    with urllib.request.urlopen(web_server.base + "/widget.js") as r:
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert r.headers["Content-Type"].startswith("text/javascript")
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(web_server.base + "/static/..%2f..%2fpyproject.toml")
    assert err.value.code == 404
    err.value.close()


def test_chat_page_markdown_citation_opens_view_at_section(
    web_server: WebServer, context: Any
) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.base + "/")
    assert page.locator("h1").inner_text() == "Fragen an den Smart-City-Assistenten"
    page.locator("input.sc-input--small").fill("Paderborn")
    answer = ask(page, MD_QUESTION)
    md_id = web_server.doc_id("salzkotten")
    links = answer.locator(".sc-source-link")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    view = [h for h in hrefs if h.startswith(f"{web_server.base}/view?doc={md_id}")]
    assert view, hrefs
    query = parse_qs(urlparse(view[0]).query)
    section = query["section"][0]
    assert section

    # the link opens the source in a new tab, scrolled to the highlighted section
    with context.expect_page() as new:
        answer.locator(f'.sc-source-link[href="{view[0]}"]').first.click()
    source = new.value
    source_seen = watch(source)
    source.wait_for_selector("body[data-loaded=true]")
    cited = source.locator(".doc-block.is-cited")
    assert cited.count() == 1
    assert section.split(" › ")[-1] in cited.inner_text()
    assert cited.evaluate("e => document.activeElement === e")
    box = cited.bounding_box()
    assert box is not None and 0 <= box["y"] < 860
    assert "/tmp" not in source.locator("#doc-meta").inner_text()  # file name, not server path
    if cited.evaluate("e => e.getBoundingClientRect().bottom + scrollY") < 840:
        source.evaluate("() => window.scrollTo(0, 0)")  # the cited block fits with the title
    screenshot(source, "view.png")
    assert not source_seen.csp_violations(), source_seen.console

    page.bring_to_front()
    answer.scroll_into_view_if_needed()
    page.locator(".sc-messages").evaluate("e => e.scrollTop = 0")
    screenshot(page, "chat.png")
    assert not seen.csp_violations(), seen.console
    assert not seen.errors, seen.errors


def test_xss_document_stays_inert(web_server: WebServer, context: Any) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.base + "/")
    answer = ask(page, XSS_QUESTION)
    assert "<script>alert(1)</script>" in answer.locator(".sc-answer").inner_text()
    assert answer.locator(".sc-answer img, .sc-answer script").count() == 0
    xss_id = web_server.doc_id("skriptfilter")
    link = answer.locator(f'.sc-source-link[href*="/view?doc={xss_id}"]').first
    href = link.get_attribute("href")
    assert href

    view = context.new_page()
    view_seen = watch(view)
    view.goto(href)
    view.wait_for_selector("body[data-loaded=true]")
    text = view.locator("#doc-blocks").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert view.locator("#doc-blocks script, #doc-blocks img").count() == 0
    view.wait_for_timeout(300)
    assert not seen.dialogs and not view_seen.dialogs
    assert not seen.errors and not view_seen.errors
    assert not view_seen.csp_violations(), view_seen.console

    # the raw file is served as text, never as HTML
    with urllib.request.urlopen(f"{web_server.base}/api/documents/{xss_id}/file") as r:
        assert r.headers["Content-Type"].startswith("text/plain")


def test_english_switch_changes_texts_and_is_remembered(
    web_server: WebServer, context: Any
) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.base + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator(".sc-send").inner_text() == "Senden"
    page.locator("#lang-switch").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Ask the smart city assistant"
    assert page.locator(".sc-send").inner_text() == "Send"
    assert page.locator("label.sc-label").last.inner_text() == "Your question"
    assert page.locator("#lang-switch").inner_text() == "Deutsch"
    page.goto(web_server.base + "/admin")
    assert page.locator("h1").inner_text() == "Document administration"
    assert page.title().startswith("Document administration")
    page.locator("#lang-switch").click()
    assert page.locator("h1").inner_text() == "Dokumentverwaltung"
    assert not seen.csp_violations(), seen.console


def test_advisor_history_pins_notes(web_server: WebServer, context: Any) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.base + "/advisor")
    assert page.locator("#history").inner_text().startswith("Noch keine Fragen")
    page.locator("#chat input.sc-input--small").fill("Delbrück")
    answer = ask(page, MD_QUESTION)
    assert page.locator("#history .history-item").first.inner_text() == MD_QUESTION

    pin = answer.locator(".sc-pin").first
    pin.click()
    assert pin.get_attribute("aria-pressed") == "true"
    pinned = page.locator("#pins .pin-item")
    assert pinned.count() == 1
    title = answer.locator(".sc-source-link").first.inner_text()
    assert pinned.first.locator("a").inner_text() in title
    # the pin of a sample document keeps its badge and note
    note = answer.locator(".sc-source").first.locator(".sc-sample-note").text_content() or ""
    assert note.strip(), "the cited Salzkotten report is sample content"
    pin_badge = pinned.first.locator("button.sc-sample-badge")
    assert pin_badge.inner_text() == "Beispielinhalt"
    expect(pin_badge).to_have_accessible_description(note.strip())

    page.locator("#notes").fill("Rückfragen: Wartungsvertrag, Datenschutz der Sensoren")
    page.locator("#notes-status").get_by_text("Notizen gespeichert.").wait_for()
    page.locator("#b-municipality").fill("Delbrück")
    page.locator("#b-topics").fill("LoRaWAN, Gebäudemonitoring")
    page.locator("#chat .sc-messages").evaluate("e => e.scrollTop = 0")
    screenshot(page, "advisor.png", full_page=True)

    page.reload()
    assert page.locator("#notes").input_value().startswith("Rückfragen")
    assert page.locator("#pins .pin-item").count() == 1
    expect(page.locator("#pins .sc-sample-badge")).to_have_accessible_description(note.strip())
    assert page.locator("#history .history-item").count() == 1
    page.locator("#history .history-item button").click()
    assert page.locator("textarea.sc-question").input_value() == MD_QUESTION
    assert not seen.csp_violations(), seen.console
    assert not seen.errors, seen.errors


def test_advisor_briefing_export_downloads_a_file(web_server: WebServer, context: Any) -> None:
    page = context.new_page()
    page.goto(web_server.base + "/advisor")
    page.locator("#b-municipality").fill("Delbrück")
    page.locator("#b-topics").fill("LoRaWAN")
    page.locator("#b-format").select_option("md")
    with page.expect_download(timeout=60_000) as dl:
        page.locator("#b-submit").click()
    download = dl.value
    assert download.suggested_filename.endswith(".md")
    path = download.path()
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "Delbrück" in text
    assert page.locator("#b-status").inner_text().startswith("Briefing heruntergeladen")


def test_off_topic_refusal_suggests_nobody_and_history_is_sent(
    web_server: WebServer, context: Any
) -> None:
    question = "Wie backe ich einen Marmorkuchen mit Schokolade?"
    expected = post_json(
        web_server.base, "/api/ask", {"question": question, "municipality": "Delbrück"}
    )
    assert expected["confidence"] == "none" and expected["contacts"] == [], expected
    page = context.new_page()
    page.goto(web_server.base + "/")
    page.locator("input.sc-input--small").fill("Delbrück")
    ask(page, MD_QUESTION)
    with page.expect_request("**/api/chat/stream") as sent:
        refusal = ask(page, question)
    body = sent.value.post_data_json
    assert body["municipality"] == "Delbrück"
    assert [m["role"] for m in body["history"]] == ["user", "assistant"]
    assert body["history"][0]["content"] == MD_QUESTION
    classes = refusal.get_attribute("class") or ""
    assert "sc-msg--refusal" in classes and "sc-msg--hedge" not in classes, classes
    assert refusal.locator(".sc-refusal-title").inner_text() == (
        "Keine belegte Antwort in den Dokumenten"
    )
    assert refusal.locator(".sc-hedge-title, .sc-confidence").count() == 0
    assert refusal.locator(".sc-sources").count() == 0
    # no contacts: no empty heading and no words pointing to offices below
    assert refusal.locator(".sc-contacts, .sc-subhead, .sc-contact").count() == 0
    text = refusal.inner_text()
    assert "Bitte wenden Sie sich" not in text and "unten genannten" not in text, text
    assert "Ansprechstellen" not in text


def test_notice_and_stream_errors_are_shown(web_server: WebServer, context: Any) -> None:
    """Events the extractive server never sends (a notice, an error, a refusal with contacts,
    a `done` without `kind` from an older server) are replayed to the UI."""
    page = context.new_page()
    page.goto(web_server.base + "/")
    events = [
        ("token", {"text": "Antwort aus den Quellen "}),
        ("token", {"text": "<img src=x onerror=alert(1)> [1]"}),
        ("citations", []),
        ("contacts", []),
        (
            "done",
            {
                "answer": "Antwort aus den Quellen <img src=x onerror=alert(1)> [1]",
                "mode": "extractive",
                "language": "de",
                "confidence": "low",
                "notice": "Das Sprachmodell war nicht erreichbar.",
            },
        ),
    ]
    contact = {
        "id": "kreis-paderborn-digital",
        "name": "Digitalisierungsstelle des Kreises Paderborn",
        "organisation": "Kreis Paderborn",
        "role": "Digitalisierung",
        "region": "Kreis Paderborn",
        "topics": ["lorawan"],
        "channel": "https://www.kreis-paderborn.de/",
        "reason": "berät Kommunen im Kreis zur Digitalisierung",
        "distance": 1,
    }
    refusal_with_contacts = [
        ("contacts", [contact]),
        (
            "done",
            {
                "answer": "Dazu finde ich keine belastbare Antwort. Die unten genannten Stellen "
                "können weiterhelfen.",
                "mode": "extractive",
                "kind": "refusal",
                "language": "de",
                "confidence": "none",
                "notice": None,
            },
        ),
    ]
    old_refusal = [
        (
            "done",
            {
                "answer": "Keine Antwort.",
                "mode": "extractive",
                "language": "de",
                "confidence": "none",
                "notice": None,
            },
        )
    ]

    def sse(items: list[tuple[str, Any]]) -> str:
        return "".join(f"event: {n}\r\ndata: {json.dumps(d)}\r\n\r\n" for n, d in items)

    replies = [
        sse(events),
        'event: error\r\ndata: {"code": "internal", "message": "Interner Fehler."}\r\n\r\n',
        sse(refusal_with_contacts),
        sse(old_refusal),
    ]

    def fulfil(route: Any) -> None:
        route.fulfill(status=200, content_type="text/event-stream", body=replies.pop(0))

    page.route("**/api/chat/stream", fulfil)
    seen = watch(page)
    answer = ask(page, "Gibt es einen Hinweis?")
    assert answer.locator(".sc-notice").inner_text() == (
        "Hinweis: Das Sprachmodell war nicht erreichbar."
    )
    assert "<img src=x onerror=alert(1)>" in answer.locator(".sc-answer").inner_text()
    assert answer.locator("img").count() == 0
    assert answer.locator(".sc-confidence").inner_text() == "Sicherheit: gering"
    # no `kind` (an older server) at confidence low: a plain answer
    assert answer.locator(".sc-hedge-title, .sc-refusal-title").count() == 0
    failed = ask(page, "Und jetzt?")
    assert failed.locator(".sc-error").inner_text().endswith("Interner Fehler.")
    # a refusal that does suggest offices shows them under the refusal's heading
    refused = ask(page, "Wer kann helfen?")
    assert "sc-msg--refusal" in (refused.get_attribute("class") or "")
    heading = refused.locator(".sc-contacts .sc-subhead")
    assert heading.inner_text() == "Bitte wenden Sie sich an diese Stellen:"
    assert refused.locator(".sc-contact").count() == 1
    # no `kind` at confidence none: a refusal, and without contacts no contacts heading
    old = ask(page, "Und sonst?")
    assert "sc-msg--refusal" in (old.get_attribute("class") or "")
    assert old.locator(".sc-refusal-title").count() == 1
    assert old.locator(".sc-contacts").count() == 0
    assert not seen.dialogs
