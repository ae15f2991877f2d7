"""Programme facts read from guideline text: validity, deadlines, applicants, rates, area.

The texts mix date forms ("1. Januar 2022", "30.06.2024") and put list numbers and day
ordinals next to full stops, so that a reading that relied on sentence ends at "22." fails.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.applicant_types import applicant_types
from assistant.fact_sentences import sentence_spans
from assistant.flat_table_rows import flat_pairs
from assistant.german_dates import find_dates
from assistant.models import SearchHit
from assistant.programme_fact_model import ProgrammeFacts
from assistant.programme_facts import read_facts


def hit(text: str, section: str = "", n: int = 0, **meta: object) -> SearchHit:
    return SearchHit(
        rank=0,
        score=0.0,
        chunk_id=f"doc:{n}",
        doc_id="doc",
        title="Richtlinie",
        doc_type="programme_guideline",
        source="richtlinie.md",
        page=None,
        section=section,
        text=text,
        metadata=dict(meta),
    )


def facts(*texts: str) -> ProgrammeFacts:
    found = read_facts([hit(t, n=i) for i, t in enumerate(texts)])
    for f in found.facts:  # every quote is verbatim text of its chunk
        assert f.quote in f.hit.text, f
    return found


def test_dates_in_both_forms_and_no_invented_days() -> None:
    text = "vom 22. August 2023, am 1.1.2024, bis 30.06.2024, im Juni 2025, 31. Februar 2025"
    assert [d.value for d in find_dates(text)] == [
        date(2023, 8, 22),
        date(2024, 1, 1),
        date(2024, 6, 30),
    ]


def test_sentences_do_not_end_at_day_ordinals_or_abbreviations() -> None:
    text = (
        "1. Diese Richtlinie tritt mit Wirkung vom 22. August 2023 in Kraft. 2. Diese Richtlinie "
        "tritt am 30. Juni 2026 außer Kraft. Gefördert wird z. B. nach § 5 Abs. 2 Nr. 3 BHO."
    )
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Diese Richtlinie tritt mit Wirkung vom 22. August 2023 in Kraft.",
        "Diese Richtlinie tritt am 30. Juni 2026 außer Kraft.",
        "Gefördert wird z. B. nach § 5 Abs. 2 Nr. 3 BHO.",
    ]


def test_in_force_and_repeal_of_the_previous_guideline() -> None:
    found = facts(
        "Diese Richtlinie tritt mit Wirkung vom 1. Januar 2022 in Kraft und setzt die Richtlinie "
        "(Kommunalrichtlinie) vom 22. Juli 2020 (BAnz AT 14.08.2020 B7) mit Ablauf des "
        "31.12.2021 außer Kraft."
    )
    (in_force,) = found.of("in_force")
    assert in_force.dates == (date(2022, 1, 1),)
    assert not found.of("valid_until")  # the end of the previous guideline is not this one's
    assert found.last_valid_day is None


def test_fixed_term_with_extension_limit_and_longer_term_for_some_grants() -> None:
    found = facts(
        "Die Laufzeit ist bis zum Zeitpunkt des Auslaufens der AGVO, mithin bis zum 30.06.2024 "
        "befristet. Sollte die AGVO verlängert werden, verlängert sich die Laufzeit dieser "
        "Förderrichtlinie entsprechend, aber nicht über den 31. Dezember 2027 hinaus.",
        "Für Zuwendungen, die nicht als Beihilfe bewilligt werden, gilt diese Richtlinie "
        "uneingeschränkt bis zum 31. Dezember 2027.",
    )
    term, limit, longer = found.of("valid_until", "extension_limit")
    assert (term.meaning, term.dates) == ("befristet", (date(2024, 6, 30),))
    assert (limit.kind, limit.dates) == ("extension_limit", (date(2027, 12, 31),))
    assert longer.meaning == "gilt_bis"
    assert longer.condition == "Für Zuwendungen, die nicht als Beihilfe bewilligt werden"
    assert found.last_valid_day == date(2027, 12, 31)
    notes = found.validity_notes()
    assert notes[0] == "befristet bis 30. Juni 2024"
    assert "nicht über den 31. Dezember 2027 hinaus" in notes[1]


def test_ceasing_on_a_day_makes_the_day_before_the_last() -> None:
    found = facts(
        "1. Diese Richtlinie tritt mit Wirkung vom 22. August 2023 in Kraft. 2. Diese Richtlinie "
        "tritt am 30.6.2026 außer Kraft. Dresden, den 22. August 2023"
    )
    assert found.in_force is not None and found.in_force.dates == (date(2023, 8, 22),)
    (end,) = found.of("valid_until")
    assert end.quote == "Diese Richtlinie tritt am 30.6.2026 außer Kraft."
    assert end.last_day == date(2026, 6, 29)
    assert found.last_valid_day == date(2026, 6, 29)
    ablauf = facts("Die Richtlinie tritt mit Ablauf des 31. Dezember 2025 außer Kraft.")
    assert ablauf.last_valid_day == date(2025, 12, 31)


def test_in_force_without_a_date_and_valid_until() -> None:
    found = facts(
        "Diese Richtlinie tritt am Tag nach der Veröffentlichung im Bundesanzeiger in Kraft und "
        "gilt bis zum 31. Dezember 2024."
    )
    assert found.in_force is not None and found.in_force.dates == ()
    assert found.last_valid_day == date(2024, 12, 31)


def test_project_terms_are_not_the_guidelines_validity() -> None:
    found = facts(
        "Die Projektlaufzeit ist bis zum 31.12.2025 befristet.",
        "Gefördert wird eine befristete Personalstelle bis zum 30. Juni 2026.",
        "Die Regelung gilt bis zum Eingang des Verwendungsnachweises.",
    )
    assert found.last_valid_day is None


def test_deadlines_windows_and_what_is_no_deadline() -> None:
    found = facts(
        "Anträge sind bis zum 30. September 2024 einzureichen.",
        "Stichtag für Projektskizzen ist der 15.03.2025.",
        "Das Antragsfenster ist vom 1. Februar 2025 bis zum 31.03.2025 geöffnet.",
        "Für Anträge, die zwischen dem 1. Januar 2022 und dem 31. Dezember 2022 gestellt werden, "
        "gilt ein Eigenanteil von 10 %.",
        "Die Beantragung von Vorreiterkonzepten ist einmalig bis zum 31. Dezember 2026 möglich.",
    )
    kinds = [(f.kind, f.dates, f.condition) for f in found.of("deadline", "window")]
    assert kinds == [
        ("deadline", (date(2024, 9, 30),), ""),
        ("deadline", (date(2025, 3, 15),), ""),
        ("window", (date(2025, 2, 1), date(2025, 3, 31)), ""),
        ("deadline", (date(2026, 12, 31),), "Beantragung von Vorreiterkonzepten"),
    ]
    # a deadline of one funding focus does not close the programme
    assert found.deadline == date(2025, 3, 31)


def test_no_deadline_in_the_text_is_said() -> None:
    found = facts(
        "Anträge können Sie ganzjährig einreichen.",
        "Die Zeiträume, in denen Anträge eingereicht werden können (Antragsfenster), werden auf "
        "der Internetseite der Projektträgerin bekannt gemacht.",
    )
    assert found.deadline is None
    assert [f.kind for f in found.facts] == ["rolling", "window_announced"]
    notes = found.deadline_notes()
    assert notes[0] == "keine Antragsfrist im Text gefunden"
    assert found.deadline_notes("en")[0] == "no application deadline found in the text"


def test_applicants_with_their_list() -> None:
    text = (
        "Antragsberechtigt sind Antragsteller mit rechtlicher Selbstständigkeit:\n\n"
        "Für Förderschwerpunkt A:\n\n"
        "Kommunen (Städte, Gemeinden und Landkreise) und Zusammenschlüsse\n\n"
        "b) Betriebe mit mehrheitlich kommunaler Beteiligung.\n\n"
        "c) gemeinnützige Vereine.\n\n"
        "Die Förderung ist an Bedingungen geknüpft:\n\n"
        "- Die Hochschulen werden nicht gefördert."
    )
    (stated,) = facts(text).of("applicants")
    assert stated.quote.startswith("Antragsberechtigt sind")
    assert stated.quote.endswith("c) gemeinnützige Vereine.")
    assert stated.values == ("gemeinde", "stadt", "kreis", "kommunales-unternehmen", "verein")


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (
            "Antragsberechtigt sind Gemeinden und Städte, nicht jedoch Kreise.",
            ("gemeinde", "stadt"),
        ),
        ("Antragsberechtigt sind kreisangehörige Gemeinden.", ("gemeinde",)),
        (
            "Antragsberechtigt sind Kreise und kreisfreie Städte.",
            ("stadt", "kreis", "kreisfreie-stadt"),
        ),
        (
            "Zuwendungsempfänger sind Zweckverbände und Stadtwerke.",
            ("zweckverband", "kommunales-unternehmen"),
        ),
        ("Zuwendungsempfänger sind die nach Nummer 4.1 der Gigabit-RL 2.0 genannten.", ()),
    ],
)
def test_applicant_types(passage: str, expected: tuple[str, ...]) -> None:
    assert applicant_types(passage) == expected


def test_obligations_of_recipients_are_no_applicant_statement() -> None:
    found = facts(
        "Der Zuwendungsempfänger ist verpflichtet, die Bewilligungsbehörde zu informieren.",
        "Nicht antragsberechtigt sind Unternehmen in Schwierigkeiten.",
    )
    assert not found.of("applicants")


def test_rates_amounts_and_what_is_no_rate() -> None:
    found = facts(
        "Energiemanagement: bis zu 70 Prozent der zuwendungsfähigen Ausgaben.",
        "Betriebe mit mindestens 25 Prozent kommunaler Beteiligung sind antragsberechtigt.",
        "Die Treibhausgasemissionen sollen um mindestens 65 Prozent sinken.",
        "Der Eigenanteil für finanzschwache Kommunen beträgt mindestens 10% der Ausgaben.",
        "Die maximale Zuwendungssumme beträgt 225.000 Euro pro Vorhaben.",
    )
    (rate,) = found.of("rate")
    assert (rate.label, rate.values) == ("Energiemanagement", ("bis zu 70 Prozent",))
    (own,) = found.of("own_share")
    assert own.values == ("mindestens 10%",)
    (amount,) = found.of("amount")
    assert amount.values == ("225.000 Euro",)
    assert found.funding_summary() == "70 % (laut Richtlinientext)"


def test_table_rows_under_their_header() -> None:
    table = (
        "Förderschwerpunkt | Förderquote (FQ) | FQ für finanzschwache Kommunen\n\n"
        "Strategische Förderschwerpunkte | |\n\n"
        "4.1.1 – Beratungsleistungen im Bereich Klimaschutz | 70% | 90%\n\n"
        "4.1.2 – Energiemanagement | 70% | 90%"
    )
    rows = facts(table).of("rate")
    assert [r.quote for r in rows] == [
        "4.1.1 – Beratungsleistungen im Bereich Klimaschutz | 70% | 90%",
        "4.1.2 – Energiemanagement | 70% | 90%",
    ]
    assert rows[1].describe() == (
        "Förderschwerpunkt 4.1.2 – Energiemanagement: Förderquote (FQ): 70%, "
        "FQ für finanzschwache Kommunen: 90%"
    )
    # a chunk that starts in the middle of a table carries the header in its metadata
    later = read_facts(
        [hit("4.2.2 – Lichtsignalanlagen | 20% | 35%", table_header=table.split("\n\n")[0])]
    )
    assert later.of("rate")[0].values == (
        "Förderquote (FQ): 20%",
        "FQ für finanzschwache Kommunen: 35%",
    )


@pytest.mark.parametrize(
    ("text", "region"),
    [
        (
            "Der Freistaat Sachsen gewährt Zuwendungen auf der Grundlage der Gigabit-Richtlinie "
            "des Bundesministeriums für Digitales und Verkehr.",
            "Sachsen",
        ),
        ("Das Bundesministerium für Wirtschaft und Klimaschutz fördert Vorhaben.", "Bund"),
        (
            "Das Land Nordrhein-Westfalen gewährt nach Maßgabe dieser Richtlinie Zuwendungen.",
            "Nordrhein-Westfalen",
        ),
        ("Gefördert werden Sensoren in Kommunen.", ""),
    ],
)
def test_region_scope_is_the_grantors_area(text: str, region: str) -> None:
    assert facts(text).region_scope == region


def test_overlapping_chunks_give_each_fact_once() -> None:
    sentence = "Anträge sind bis zum 30. September 2024 einzureichen."
    found = facts(f"Vorher. {sentence}", f"{sentence} Danach.")
    assert len(found.of("deadline")) == 1


def test_flattened_table_rows_under_their_label() -> None:
    """A table set as lines with hard breaks arrives as one line of "name value" pairs."""
    text = (
        "Finanzschwache Kommunen erhalten eine erhöhte Förderquote, wie in der Tabelle "
        "ersichtlich.\n\n"
        "Förderschwerpunkt A.3 Ausgewählte Maßnahme\n\n"
        "Förderquote (FQ) 50% Mindestzuwendung (Euro) 10.000 Maximalzuwendung (Euro) 200.000 "
        "FQ für finanzschwache Kommunen 65%"
    )
    found = facts(text)
    (rate,) = found.of("rate")
    assert rate.describe() == (
        "Förderschwerpunkt A.3 Ausgewählte Maßnahme: Förderquote (FQ): 50%, "
        "FQ für finanzschwache Kommunen: 65%"
    )
    assert rate.quote == text.rsplit("\n\n", 1)[1]
    (amount,) = found.of("amount")
    assert amount.values == ("Mindestzuwendung (Euro): 10.000", "Maximalzuwendung (Euro): 200.000")
    assert found.funding_summary() == "50 bis 65 % je nach Fördergegenstand (laut Richtlinientext)"


@pytest.mark.parametrize(
    "line",
    [
        "Gefördert werden Vorhaben mit 50 % Förderquote und 20 Monaten Laufzeit",
        "Die Förderquote beträgt 80%",
        "Förderquote (FQ) 80% Mindestzuwendung (Euro) 50.000.",
        "Stand Juni 2024 Förderquote 80%",
        "Förderquote (FQ) B Modul I",
    ],
)
def test_sentences_are_no_flattened_rows(line: str) -> None:
    assert flat_pairs(line) == []
    assert all(f.meaning != "tabelle" for f in facts(line).facts)
