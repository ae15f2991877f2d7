"""OpenAI messages → question and history; Answer → message text with references."""

from __future__ import annotations

import pytest

from assistant.answer.openai_mapping import (
    content_text,
    count_tokens,
    message_content,
    message_tail,
    references_block,
    split_conversation,
    text_pieces,
)
from assistant.answer.result import Answer, Citation, ContactSuggestion
from assistant.errors import InvalidRequestError


def _citation(n: int, *, page: int | None = None, section: str = "") -> Citation:
    return Citation(
        n=n,
        chunk_id=f"d{n}:0",
        doc_id=f"d{n}",
        title=f"Dokument  {n}",
        doc_type="project_report",
        source=f"corpus/d{n}.md",
        page=page,
        section=section,
        quote="Zitat.",
        url="",
    )


CONTACT = ContactSuggestion(
    id="digitalbuero-owl",
    name="DigitalBüro OWL",
    organisation="OstWestfalenLippe GmbH",
    role="Regionale Koordinierungsstelle",
    region="OWL",
    topics=["lorawan"],
    channel="https://www.ostwestfalenlippe.de/",
    reason="berät Kommunen in OWL",
    distance=1,
)


def test_last_user_message_is_the_question() -> None:
    question, history = split_conversation(
        [
            ("system", "Sei knapp."),
            ("user", "Wie überwacht Delbrück Schulen?"),
            ("assistant", "Mit Funkzählern [1]."),
            ("tool", "{}"),
            ("user", "  Und wer fördert das?  "),
            ("assistant", "ein angefangener Entwurf"),
        ]
    )
    assert question == "Und wer fördert das?"
    assert history == [
        ("user", "Wie überwacht Delbrück Schulen?"),
        ("assistant", "Mit Funkzählern [1]."),
    ]


@pytest.mark.parametrize(
    "messages",
    [[], [("system", "Hallo")], [("user", "  "), ("assistant", "Antwort")]],
)
def test_no_user_text_is_an_invalid_request(messages: list[tuple[str, str]]) -> None:
    with pytest.raises(InvalidRequestError, match="Keine Frage gefunden"):
        split_conversation(messages)


def test_content_parts_are_joined() -> None:
    parts = [
        {"type": "text", "text": "Erste Zeile"},
        {"type": "image_url", "image_url": {"url": "x"}},
        {"type": "text", "text": "zweite Zeile"},
    ]
    assert content_text(parts) == "Erste Zeile\nzweite Zeile"
    assert content_text(None) == "" and content_text("Text") == "Text"


def test_references_german_and_english() -> None:
    citations = [_citation(1, page=3, section="Ergebnisse"), _citation(2)]
    assert references_block(citations, "de") == (
        "Quellen:\n[1] Dokument 1, S. 3 – Ergebnisse\n[2] Dokument 2"
    )
    assert references_block(citations, "en").startswith("Sources:\n[1] Dokument 1, p. 3 – ")
    assert references_block([], "de") == ""


def test_message_is_answer_notice_references_contacts() -> None:
    answer = Answer(
        "Funkzähler melden den Verbrauch. [1]",
        "extractive",
        "de",
        "high",
        [_citation(1, page=2)],
        [CONTACT],
        notice="Das Sprachmodell war nicht verfügbar.",
    )
    assert message_content(answer) == (
        "Funkzähler melden den Verbrauch. [1]\n\n"
        "Hinweis: Das Sprachmodell war nicht verfügbar.\n\n"
        "Quellen:\n[1] Dokument 1, S. 2\n\n"
        "Ansprechstellen:\n- DigitalBüro OWL – https://www.ostwestfalenlippe.de/"
    )
    refusal = Answer("Dazu finde ich nichts.", "extractive", "en", "none", [], [])
    assert message_tail(refusal) == ""


def test_pieces_join_to_the_text_and_tokens_are_words() -> None:
    text = "Funkzähler  melden\nden Verbrauch. [1] "
    pieces = text_pieces(text)
    assert "".join(pieces) == text and len(pieces) == 5
    assert count_tokens(text) == 5 and count_tokens("") == 0
