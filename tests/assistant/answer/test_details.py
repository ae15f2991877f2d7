"""Detectors of the asked detail in a sentence (money, percentages, dates and their kind,
counts of the counted noun, organisations, eligibility)."""

from __future__ import annotations

import pytest

from assistant.answer.details import has_count, has_date, has_organisation, states


@pytest.mark.parametrize(
    ("sentence", "detail", "expected"),
    [
        ("Ein Sensor kostet 89 Euro, das Gateway 1.200 €.", "amount", True),
        ("Die Förderung beträgt höchstens EUR 200.000 je Vorhaben.", "amount", True),
        ("Das Land stellte rund 91 Millionen Euro bereit.", "amount", True),
        ("Kosten entstanden für Software und Personal.", "amount", False),
        ("Die Förderquote beträgt 60 Prozent der Ausgaben.", "rate", True),
        ("Gefördert werden bis zu 90% für finanzschwache Kommunen.", "rate", True),
        ("Die Quote ist laut Richtlinie zu prüfen.", "rate", False),
        ("Kreisangehörige Gemeinden konnten nicht selbst beantragen.", "eligibility", True),
        ("Antragsberechtigt sind Städte und Gemeinden.", "eligibility", True),
        ("Die Sensoren messen den Füllstand.", "eligibility", False),
    ],
)
def test_states(sentence: str, detail: str, expected: bool) -> None:
    assert states(sentence, detail) is expected  # type: ignore[arg-type]


def test_dates_and_their_kind() -> None:
    deadline = "Anträge sind bis zum 31. März 2027 bei der Bezirksregierung einzureichen."
    validity = "Diese Richtlinie tritt am 30. Juni 2026 außer Kraft."
    start = "Im Frühjahr 2020 begann der Ausbau in der Innenstadt."
    assert has_date(deadline, "deadline") and not has_date(validity, "deadline")
    assert has_date(validity, "validity") and not has_date(deadline, "validity")
    assert has_date(start, "start") and has_date(start)
    assert has_date("Das Konto wird bei zweijähriger Inaktivität gelöscht.")
    assert has_date("Anträge können ganzjährig gestellt werden.", "deadline")
    assert not has_date("Die Stadt hat 9.000 Einwohner.")


def test_counts_of_the_counted_noun() -> None:
    assert has_count("Im Einsatz sind vier Kleinbusse mit je acht Sitzen.")
    assert has_count("Im Einsatz sind vier Kleinbusse.", "Kleinbusse")
    # a count of something else does not answer "wie viele Haltepunkte"
    assert not has_count("Der Weg beträgt meist wenige hundert Meter.", "Haltepunkte")
    # years, paragraph numbers, percentages and amounts are not counts
    assert not has_count("Seit 2021 gilt § 5 der Richtlinie.")
    assert not has_count("Es gibt 60 Prozent und 89 Euro.")


def test_organisations() -> None:
    assert has_organisation("Anträge nimmt die Bezirksregierung Detmold entgegen.")
    assert has_organisation("Über Prioritäten entscheidet das Datenqualitätskomitee.")
    assert has_organisation("Projektträger ist die ZUG gGmbH.")
    assert not has_organisation("Die Daten werden einmal im Monat ausgewertet.")


def test_a_role_or_a_thing_ending_in_traeger_is_no_organisation() -> None:
    assert not has_organisation("Orientierungsberatung für Entscheidungsträger in Kommunen")
    assert not has_organisation("Der Umstieg auf erneuerbare Energieträger wird gefördert.")
    assert has_organisation("Der Projektträger prüft den Antrag.")
    assert has_organisation("Entscheidungsträger und der Maßnahmenträger stimmen sich ab.")


def test_the_number_of_a_code_is_no_count() -> None:
    assert not has_count("Förderschwerpunkt A.1 Nachhaltiges Anpassungskonzept — Förderquote: 80%")
    assert not has_count("Nach Nummer 4.1.2 Energiemanagement gilt die Quote.")
    assert has_count("Im ersten Fenster wurden 12 Kommunen bewilligt.", "Kommunen")


def test_a_yearly_deadline_and_per_cent_as_legal_text_writes_it() -> None:
    assert has_date("Anträge können jeweils bis 30. Juni gestellt werden.", "deadline")
    assert states("Der Eigenanteil liegt bei mindestens 10 v. H. der Ausgaben.", "rate")
    assert not states("Die Sitzung ist am Montag.", "date")


def test_staff_stated_in_posts_is_a_count() -> None:
    for text in [
        "Für den Betrieb sind eine halbe bis einer ganzen Stelle eingeplant.",
        "Der Kreis finanziert 1,5 Vollzeitstellen.",
        "Vorgesehen sind zwei Personalstellen für das Klimaschutzmanagement.",
    ]:
        assert has_count(text), text
    assert not has_count("Die Stelle ist beim Kreis angesiedelt.")
    assert not has_count("An einer Stelle musste ein Sensor mit Antenne eingesetzt werden.")
