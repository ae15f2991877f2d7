"""Contiguity: a sentence (or a list's lead-in) that leans on the sentence before it brings
that sentence along (``assistant.answer.selection.predecessor``)."""

from __future__ import annotations

from assistant.answer.selection import Unit, predecessor, units_of
from tests.assistant.answer.conftest import a_hit


def units(text: str) -> list[Unit]:
    return units_of([a_hit(text, section="Beratung")], {}, 1)


def before(text: str, starts_with: str) -> str | None:
    found = units(text)
    unit = next(u for u in found if u.text.startswith(starts_with))
    out = predecessor(unit, found)
    return out.text if out else None


def test_a_pronoun_after_the_verb_brings_the_sentence_before() -> None:
    text = (
        "Das Landesamt für Umwelt berät alle Gemeinden. "
        "Seit dem Jahr 2021 betreibt es ein eigenes Sensornetz für die Pegel."
    )
    assert before(text, "Seit") == "Das Landesamt für Umwelt berät alle Gemeinden."


def test_an_expletive_es_brings_nothing() -> None:
    text = "Das Landesamt für Umwelt berät alle Gemeinden. Seit 2021 gibt es ein Sensornetz."
    assert before(text, "Seit") is None


def test_a_list_under_a_lead_in_that_leans_back_brings_the_sentence_before_the_list() -> None:
    text = (
        "Außerdem steht die Servicestelle Wasser zur Verfügung.\n\n"
        "Als Lotse bietet sie den Gemeinden unter anderem:\n\n"
        "- eine Erstberatung zur Anpassung an Starkregen\n\n"
        "- eine Vermittlung von Fachleuten aus der Region"
    )
    assert (
        before(text, "eine Vermittlung") == "Außerdem steht die Servicestelle Wasser zur Verfügung."
    )


def test_a_list_under_a_plain_lead_in_brings_nothing() -> None:
    text = (
        "Außerdem steht die Servicestelle Wasser zur Verfügung.\n\n"
        "Die Servicestelle bietet den Gemeinden unter anderem:\n\n"
        "- eine Erstberatung zur Anpassung an Starkregen"
    )
    assert before(text, "eine Erstberatung") is None


def test_a_pronoun_after_a_preposition_brings_the_sentence_before() -> None:
    text = (
        "Nicht alle beteiligten Stellen waren sofort digital erreichbar. "
        "Für sie gab es eine Übergangslösung mit gesicherten Downloads."
    )
    assert before(text, "Für sie") == (
        "Nicht alle beteiligten Stellen waren sofort digital erreichbar."
    )


def test_a_chunk_that_starts_with_a_leaning_sentence_does_not_offer_it() -> None:
    # the overlap of a chunk began after the sentence "sie" refers to
    texts = [
        u.text
        for u in units("Für sie gab es eine Übergangslösung. Die Pläne brauchen schnelle Technik.")
    ]
    assert texts == ["Die Pläne brauchen schnelle Technik."]
    # an article, "es gibt" or the polite "Sie" start sentences that stand alone
    for text in ("Das Landesamt berät alle Gemeinden.", "Für Sie als Kommune gilt das auch."):
        assert [u.text for u in units(text)] == [text]
