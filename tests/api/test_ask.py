"""POST /api/ask and GET /api/contacts on the tiny corpus (real app, real index)."""

from __future__ import annotations

import re

import pytest

from api.schemas import MAX_HISTORY_MESSAGES
from assistant.retrieval import MAX_QUERY_CHARS
from tests.api.conftest import QUESTION, UNANSWERABLE, MakeClient, assert_error_shape

ANSWER_KEYS = {
    "answer", "mode", "kind", "language", "confidence", "citations", "contacts", "notice",
}  # fmt: skip
CITATION_KEYS = {
    "n", "chunk_id", "doc_id", "title", "doc_type", "source", "page", "section", "quote", "url",
    "sample_note",
}  # fmt: skip
CONTACT_KEYS = {
    "id", "name", "organisation", "role", "region", "topics", "channel", "reason", "distance",
}  # fmt: skip


def test_ask_returns_a_cited_answer_with_contacts(make_client: MakeClient) -> None:
    client = make_client()
    response = client.post("/api/ask", json={"question": QUESTION, "municipality": "Delbrück"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ANSWER_KEYS
    assert body["mode"] == "extractive" and body["language"] == "de"
    assert body["kind"] == "answer"
    assert body["confidence"] in ("high", "medium", "low")
    assert body["citations"] and set(body["citations"][0]) == CITATION_KEYS
    assert body["citations"][0]["title"] == "LoRaWAN-Gebäudemonitoring in Delbrück"
    numbers = {c["n"] for c in body["citations"]}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])} <= numbers
    assert body["contacts"] and set(body["contacts"][0]) == CONTACT_KEYS
    assert body["contacts"][0]["id"] == "delbrueck-digital"


def test_unanswerable_question_is_refused_plainly(make_client: MakeClient) -> None:
    body = make_client().post("/api/ask", json={"question": UNANSWERABLE}).json()
    assert body["confidence"] == "none" and body["citations"] == []
    assert body["kind"] == "refusal"
    assert "keine belastbare Antwort" in body["answer"]


def test_follow_up_uses_the_history(make_client: MakeClient) -> None:
    client = make_client()
    history = [
        {"role": "user", "content": "Wie fördert das Land NRW LoRaWAN-Netze?"},
        {"role": "assistant", "content": "Gefördert werden Gateways und Sensoren [1]."},
    ]
    body = client.post(
        "/api/ask", json={"question": "Und wer ist antragsberechtigt?", "history": history}
    ).json()
    assert body["citations"][0]["doc_type"] == "programme_guideline"
    assert "Gemeinden" in body["answer"]


def test_language_and_filters_are_applied(make_client: MakeClient) -> None:
    client = make_client()
    english = client.post("/api/ask", json={"question": QUESTION, "language": "en"}).json()
    assert english["language"] == "en"
    assert english["answer"].startswith("From the (German) documents")
    only_guidelines = client.post(
        "/api/ask", json={"question": QUESTION, "filters": {"type": "programme_guideline"}}
    ).json()
    assert all(c["doc_type"] == "programme_guideline" for c in only_guidelines["citations"])


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "invalid_request"),
        ({"question": ""}, 422, "invalid_request"),
        ({"question": "   "}, 422, "invalid_request"),
        ({"question": "x" * (MAX_QUERY_CHARS + 1)}, 422, "invalid_request"),
        ({"question": QUESTION, "filters": {"type": "bericht"}}, 422, "invalid_request"),
        ({"question": QUESTION, "language": "fr"}, 422, "invalid_request"),
        ({"question": QUESTION, "history": [{"role": "system", "content": "x"}]}, 422,
         "invalid_request"),
        ({"question": QUESTION,
          "history": [{"role": "user", "content": "a"}] * (MAX_HISTORY_MESSAGES + 1)}, 422,
         "invalid_request"),
        ({"question": QUESTION, "municipality": "Atlantis"}, 404, "not_found"),
    ],
)  # fmt: skip
def test_bad_questions_get_the_error_shape(
    make_client: MakeClient, body: dict[str, object], status: int, code: str
) -> None:
    response = make_client().post("/api/ask", json=body)
    assert response.status_code == status
    assert_error_shape(response.json(), code)


def test_malformed_json_is_a_validation_error(make_client: MakeClient) -> None:
    response = make_client().post(
        "/api/ask", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert_error_shape(response.json(), "invalid_request")


def test_contacts_for_a_topic_near_a_municipality(make_client: MakeClient) -> None:
    client = make_client()
    body = client.get(
        "/api/contacts", params={"municipality": "Delbrück", "topic": "LoRaWAN"}
    ).json()
    contacts = body["contacts"]
    assert contacts and contacts[0]["id"] == "delbrueck-digital"
    assert all("lorawan" in c["topics"] for c in contacts)
    assert "in Ihrer Kommune" in contacts[0]["reason"]
    distances = [c["distance"] for c in contacts]
    assert distances == sorted(distances)


def test_contacts_listing_without_topic_is_nearest_first(make_client: MakeClient) -> None:
    client = make_client()
    everyone = client.get("/api/contacts", params={"limit": 100}).json()["contacts"]
    near = client.get("/api/contacts", params={"municipality": "Paderborn", "limit": 100}).json()[
        "contacts"
    ]
    assert len(near) == len(everyone) > 10
    assert near[0]["municipality"] == "Paderborn" and near[0]["distance"] == 0
    assert near[0]["reason"].startswith("Ansprechstelle in Ihrer Kommune")
    assert [c["distance"] for c in near] == sorted(c["distance"] for c in near)
    english = client.get("/api/contacts", params={"topic": "open data", "language": "en"})
    assert english.json()["contacts"][0]["reason"].startswith("advises on open data")
    # no contact works on parking: nobody is suggested with an invented general reason
    nobody = client.get("/api/contacts", params={"topic": "parking", "language": "en"})
    assert nobody.json()["contacts"] == []


def test_contacts_unknown_municipality_suggests_names(make_client: MakeClient) -> None:
    response = make_client().get("/api/contacts", params={"municipality": "Delbrueck"})
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")
    assert "Delbrück" in response.json()["error"]["message"]
