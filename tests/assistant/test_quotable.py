"""Quotable units: sentences, list items without their marker, table rows, run-in bullets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.quotable import quotable_spans

TEXT = (
    "Die Stadt baute das Netz in drei Stufen auf:\n\n"
    "- Zunächst wurden Gateways auf zwei Dächern montiert.\n\n"
    "1. Danach folgten die Sensoren in den Schulen.\n\n"
    "Nach drei Jahren arbeiten alle Ämter mit der E-Akte. - Vorgänge sind überall verfügbar."
    " • Suchzeiten sind gesunken.\n\n"
    "Förderschwerpunkt | Förderquote | finanzschwache Kommunen\n\n"
    "4.1.2 Energiemanagement | 50 % | 65 %"
)


def test_units() -> None:
    units = [TEXT[a:b] for a, b in quotable_spans(TEXT)]
    assert units == [
        "Die Stadt baute das Netz in drei Stufen auf:",
        "Zunächst wurden Gateways auf zwei Dächern montiert.",
        "Danach folgten die Sensoren in den Schulen.",
        "Nach drei Jahren arbeiten alle Ämter mit der E-Akte.",
        "Vorgänge sind überall verfügbar.",
        "Suchzeiten sind gesunken.",
        "Förderschwerpunkt | Förderquote | finanzschwache Kommunen",
        "4.1.2 Energiemanagement | 50 % | 65 %",
    ]


def test_a_hyphen_inside_a_word_group_is_not_a_bullet() -> None:
    text = "Rad- und Fußwege sind frei - was gut ist."
    assert [text[a:b] for a, b in quotable_spans(text)] == [text]


def test_a_range_is_not_cut_and_a_run_in_slide_label_is_split_off() -> None:
    text = (
        "Projektlaufzeit: Phase 2: 01/2022 – 12/2026 Fördervolumen: 8 Mio € Bausteine: "
        "• Entwicklung einer Strategie • Seiten 3 - 5 lesen"
    )
    assert [text[a:b] for a, b in quotable_spans(text)] == [
        "Projektlaufzeit: Phase 2: 01/2022 – 12/2026 Fördervolumen: 8 Mio €",
        "Entwicklung einer Strategie",
        "Seiten 3 - 5 lesen",
    ]


def test_a_lead_in_keeps_its_last_word() -> None:
    text = "Für Nummer 4.1 gilt: gefördert werden ab 2025 die folgenden Maßnahmen:"
    assert [text[a:b] for a, b in quotable_spans(text)] == [text]


@given(st.text(alphabet=st.sampled_from("abc ABC.-•|\n1"), max_size=200))
def test_units_are_verbatim_stripped_and_ordered(text: str) -> None:
    end = 0
    for a, b in quotable_spans(text, min_chars=1):
        piece = text[a:b]
        assert piece == piece.strip() and piece and a >= end
        end = b


def test_a_gedankenstrich_and_a_name_with_dashes_are_not_bullets() -> None:
    for text in [
        "Das Ministerium hat die Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH mit der Abwicklung "
        "der Fördermaßnahme beauftragt.",
        "Ulm4CleverCity – Smart City Modellstadt Zentrales Ziel: eine Strategie für die Stadt.",
        "Die Datei wird kreisweise zerlegt, um - passend zu den PDF-Dateien - Denkmallisten "
        "pro Kreis anbieten zu können.",
    ]:
        assert [text[a:b] for a, b in quotable_spans(text)] == [text]


def test_run_in_bullets_after_a_lead_in_or_a_sentence_are_cut() -> None:
    text = (
        "Bewährt haben sich: – Sensoren nach Funktion ausschreiben. – Testgeräte vorab "
        "einbauen. Stolpersteine - Funk in Kellern braucht Antennen. - Zu viele Gerätetypen."
    )
    assert [text[a:b] for a, b in quotable_spans(text)] == [
        "Bewährt haben sich:",
        "Sensoren nach Funktion ausschreiben.",
        "Testgeräte vorab einbauen.",
        "Stolpersteine",
        "Funk in Kellern braucht Antennen.",
        "Zu viele Gerätetypen.",
    ]
