"""Question analysis: parts of long questions, the asked detail, the kind of date, intents."""

from __future__ import annotations

import pytest

from assistant.answer.analysis import analyse, counted_of, date_kind_of, detail_of


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("Wie viele Gateways braucht ein Dorf mit drei Ortsteilen?", "count"),
        ("Wie viel Prozent der Ausgaben übernimmt das Land?", "rate"),
        ("Was kostet ein Füllstandssensor ungefähr?", "amount"),
        ("Wie teuer war die Umrüstung der Ampeln?", "amount"),
        ("How expensive is one gateway?", "amount"),
        ("Wie viel hat die Stadt in das Netz investiert?", "amount"),
        ("Was hat der Umbau insgesamt gekostet?", "amount"),
        ("Bis wann muss der Antrag beim Projektträger sein?", "date"),
        ("Dürfen wir als kreisangehörige Gemeinde selbst beantragen?", "eligibility"),
        ("Kann unser Förderverein selbst einen Antrag beim Land stellen?", "eligibility"),
        ("Dürfen die Stadtwerke dabei Zuwendungsempfänger sein?", "eligibility"),
        ("Müssen wir erst den Bescheid des Bundes abwarten?", "eligibility"),
        ("Welche Voraussetzungen gelten für die Kreise?", "eligibility"),
        ("Wer betreibt das Netz im Alltag?", "organisation"),
        ("Bei wem reichen wir die Skizze ein?", "organisation"),
        ("Welche Stolpersteine gab es beim Einbau?", "experience"),
        ("Wie fangen wir mit so einem Projekt am besten an?", "steps"),
        ("Was ist ein digitaler Zwilling?", "none"),
        ("How many sensors did the town install?", "count"),
        ("Until when can we apply?", "date"),
        ("What does the software cost per year?", "amount"),
        ("What should we choose when buying sensors?", "none"),  # "when" inside a clause
    ],
)
def test_detail_of_a_question(question: str, detail: str) -> None:
    assert detail_of(question)[0] == detail


def test_a_rate_or_an_amount_answers_how_high_the_funding_is() -> None:
    assert detail_of("Wie hoch ist die Förderung für eine Kommune?")[1] == {"rate", "amount"}


def test_a_share_answers_how_much_is_saved() -> None:
    assert detail_of("Wie viel Strom spart die Stadt mit LED-Leuchten?")[1] == {"rate", "amount"}
    assert detail_of("How much energy did they save?")[1] == {"rate", "amount"}
    assert detail_of("Was kostet eine LED-Leuchte?")[1] == {"amount"}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Bis wann können wir den Antrag einreichen?", "deadline"),
        ("Bis wann gilt die Richtlinie noch?", "validity"),
        ("Seit wann läuft das Netz?", "start"),
        ("Wann war das?", "any"),
        ("When is the application deadline?", "deadline"),
        ("After how long is an account deleted automatically?", "any"),  # "automatically"
    ],
)
def test_kind_of_date(question: str, kind: str) -> None:
    assert date_kind_of(question) == kind


def test_a_long_question_is_split_into_context_and_parts() -> None:
    analysis = analyse(
        "Wir sind eine Gemeinde mit 8.000 Einwohnern im Kreis Lippe. Am 30. Juni tagt der Rat. "
        "Wie ist Lemgo mit den Füllstandssensoren vorgegangen, und wer kann uns dabei helfen?"
    )
    assert analysis.context == (
        "Wir sind eine Gemeinde mit 8.000 Einwohnern im Kreis Lippe.",
        "Am 30. Juni tagt der Rat.",
    )
    assert [p.text for p in analysis.parts] == [
        "Wie ist Lemgo mit den Füllstandssensoren vorgegangen?",
        "wer kann uns dabei helfen?",
    ]
    assert [p.detail for p in analysis.parts] == ["steps", "organisation"]
    assert "contacts" in analysis.parts[1].intents


def test_an_alternative_question_stays_one_part() -> None:
    analysis = analyse("Stellen wir direkt einen Antrag oder gibt es vorher eine Skizze?")
    assert len(analysis.parts) == 1


def test_a_lead_in_before_a_colon_is_context() -> None:
    analysis = analyse("Für die Ratsvorlage brauche ich Zahlen: Wie viele Sensoren hängen am Netz?")
    assert analysis.context == ("Für die Ratsvorlage brauche ich Zahlen:",)
    assert analysis.parts[0].detail == "count"


def test_an_indirect_question_is_a_question() -> None:
    analysis = analyse("Unser Kämmerer fragt, wer die Förderung am Ende bewilligt.")
    assert analysis.parts[0].detail == "organisation"
    assert analysis.context == ()


def test_counted_noun() -> None:
    assert counted_of("Wie viele virtuelle Haltepunkte gibt es?") == "Haltepunkte"
    assert counted_of("Wie viele Kleinbusse fahren dort?") == "Kleinbusse"
    assert counted_of("Was kostet das?") == ""


def test_language_and_intents() -> None:
    german = analyse("Wer fördert so etwas, und bis wann können wir beantragen?")
    assert german.language == "de" and "funding" in german.intents
    english = analyse("Who can help us to adopt the solution from the neighbouring town?")
    assert english.language == "en" and {"contacts", "adoption"} <= english.intents


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("lohnt sich ein Antrag noch?", "date"),
        ("Kann man da noch einen Antrag stellen?", "date"),
        ("Können wir uns noch bewerben?", "date"),
        ("Ist der Förderaufruf noch offen?", "date"),
        ("can we still apply in the current call?", "date"),
        # "noch" alone asks for no date
        ("Ist eine Nachrüstung noch möglich?", "none"),
        ("Haben Sie noch Tipps zum Antrag?", "none"),
    ],
)
def test_whether_one_can_still_apply_asks_for_the_deadline(question: str, detail: str) -> None:
    """ "Lohnt sich ein Antrag noch?" is answered by the call's deadline, not by any sentence
    on the topic."""
    assert analyse(question).parts[0].detail == detail
