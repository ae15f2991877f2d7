"""A briefing's "Erfahrungen" line quotes a sentence that says something on its own, not a
list's short label or a lead-in that ends with a colon."""

from __future__ import annotations

from assistant.briefing.evidence import section_unit
from tests.assistant.answer.conftest import a_hit

LESSONS = (
    "Erfahrungen und Stolpersteine\n\n"
    "Die Stadt hat ihre Lehren in einer Checkliste für künftige Förderprojekte festgehalten:\n\n"
    "- Dateninventur zuerst.\n\n"
    "- Bevor ein Portal gebaut wird, lohnt sich eine Liste aller Daten mit ihren Pflegenden."
)


def test_lessons_line_skips_lead_in_and_label() -> None:
    hits = [
        a_hit("Ausgangslage\n\nDie Stadt wollte Daten öffnen.", section="Ausgangslage"),
        a_hit(LESSONS, section="Erfahrungen und Stolpersteine"),
    ]
    found = section_unit(hits, "erfahr")
    assert found is not None
    assert found[1] == (
        "Bevor ein Portal gebaut wird, lohnt sich eine Liste aller Daten mit ihren Pflegenden."
    )
    assert found[1] in found[0].text


def test_a_section_of_labels_only_gives_its_first_unit() -> None:
    hit = a_hit(
        "Erfahrungen\n\n- Betrieb vor Beschaffung klären.\n\n- Früh planen.", section="Erfahrungen"
    )
    found = section_unit([hit], "erfahr")
    assert found is not None and found[1] == "Betrieb vor Beschaffung klären."
