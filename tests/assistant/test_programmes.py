"""Programme matching: fit, status on a reference date, verbatim clauses, explanations."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.doc_chunks import units
from assistant.errors import InvalidRequestError, NotFoundError
from assistant.models import SearchHit
from assistant.programme_catalogue import programme_doc
from assistant.programmes import ProgrammeDoc, ProgrammeMatch, ProgrammeMatcher, status_of
from assistant.topic_terms import matched_slugs, term_matches, topic_terms

PILOT = "foerderaufruf-lorawan-pilotprojekte-owl-2024.md"
IOT = "iot-lorawan-infrastruktur-nrw-beispielaufruf.md"
IKZ = "ikz-nrw-interkommunale-zusammenarbeit.md"
KOMMUNAL = "kommunalrichtlinie-klimaschutz.md"
MODELLREGIONEN = "digitale-modellregionen-nrw.md"
GIGABIT_KOORD = "gigabitkoordination-nrw.md"


def _doc(deadline: date | None, valid_until: date | None) -> ProgrammeDoc:
    return ProgrammeDoc(
        doc_id="d",
        title="T",
        programme="P",
        source="s.md",
        url="",
        applicants=("gemeinde",),
        region_scope="NRW",
        funding_rate="",
        published=None,
        deadline=deadline,
        valid_until=valid_until,
        topics=(),
        contacts=(),
        size_classes=(),
        chunks=(),
    )


@pytest.mark.parametrize(
    ("deadline", "valid_until", "on", "status"),
    [
        (date(2024, 9, 30), date(2025, 12, 31), date(2024, 9, 30), "open"),
        (date(2024, 9, 30), date(2025, 12, 31), date(2024, 10, 1), "deadline_passed"),
        (date(2024, 9, 30), date(2025, 12, 31), date(2026, 1, 1), "expired"),
        (None, date(2023, 6, 30), date(2023, 7, 1), "expired"),
        (date(2027, 1, 1), date(2023, 6, 30), date(2024, 1, 1), "expired"),
        (None, None, date(2030, 1, 1), "open"),
    ],
)
def test_status_on_reference_date(
    deadline: date | None, valid_until: date | None, on: date, status: str
) -> None:
    got, note = status_of(_doc(deadline, valid_until), on)
    assert got == status
    assert note
    if status != "open":
        assert "offen" not in note


def test_topic_terms_match_compounds_not_generic_prefixes() -> None:
    terms = topic_terms("LoRaWAN-Gebäudemonitoring")
    assert terms == ["lorawan", "gebaeudemonitoring"]
    assert matched_slugs(terms, ["lorawan", "gebaeudemanagement", "breitband"]) == [
        "lorawan",
        "gebaeudemanagement",
    ]
    assert not term_matches("gebaeudemonitoring", "gebaeude")
    assert term_matches("gebaeude", "gebaeudemanagement")
    assert "gebaeude" in topic_terms("building monitoring")


def test_units_are_verbatim_and_skip_the_heading() -> None:
    text = (
        "Fristen und Laufzeit\n\n- Veröffentlichung: März 2026\n"
        "- Einreichungsfrist für Anträge: 30. April 2027\n"
        "Hinweise - Funknetz vorhanden prüfen. - Betriebskonzept schreiben."
    )
    pieces = [text[s:e] for s, e in units(text, "Fristen und Laufzeit")]
    assert pieces == [
        "Veröffentlichung: März 2026",
        "Einreichungsfrist für Anträge: 30. April 2027",
        "Funknetz vorhanden prüfen.",
        "Betriebskonzept schreiben.",
    ]


@pytest.fixture(scope="module")
def matcher(corpus_services: Any) -> ProgrammeMatcher:
    s = corpus_services
    return ProgrammeMatcher(s.index, s.answers.regions, s.settings.regions_path)


def _by_file(matches: list[ProgrammeMatch]) -> dict[str, ProgrammeMatch]:
    return {Path(m.doc.source).name: m for m in matches}


@pytest.mark.slow
def test_delbrueck_lorawan_fitting_programmes(matcher: ProgrammeMatcher) -> None:
    report = matcher.match("Delbrück", "LoRaWAN Gebäudemonitoring", on=date(2026, 11, 28))
    fitting = _by_file(report.programmes)
    assert {IOT, IKZ, KOMMUNAL, PILOT} <= set(fitting)
    assert fitting[IOT].status == "open" and fitting[IOT].route == "direct"
    assert {"lorawan", "gebaeudemanagement"} <= set(fitting[IOT].matched_topics)
    assert fitting[PILOT].status == "expired"
    assert fitting[MODELLREGIONEN].status == "expired"
    statuses = [m.status for m in report.programmes]
    assert statuses == sorted(statuses, key=["open", "deadline_passed", "expired"].index)
    assert report.profile.size_class == "mittelstadt"
    assert report.profile.place.kreis == "Kreis Paderborn"
    data = report.to_dict()
    assert data["programmes"][0]["status"] == "open"
    assert {c["kind"] for c in data["programmes"][0]["clauses"]} >= {"applicants", "deadline"}


@pytest.mark.slow
def test_clauses_are_verbatim_chunk_text(matcher: ProgrammeMatcher, corpus_services: Any) -> None:
    report = matcher.match("Delbrück", "LoRaWAN", on=date(2026, 11, 28))
    clauses = [c for m in report.programmes for c in m.clauses]
    assert len(clauses) >= 8
    stored = corpus_services.index.store.get([c.hit.chunk_id for c in clauses])
    for clause in clauses:
        text, meta = stored[clause.hit.chunk_id]
        assert clause.quote in text
        assert meta["doc_type"] == "programme_guideline"
        assert clause.hit.section == meta["section"]
    pilot = _by_file(report.programmes)[PILOT].clause("deadline")
    assert pilot is not None and "30. September 2024" in pilot.quote


@pytest.mark.slow
@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2024, 6, 1), "open"),
        (date(2025, 3, 1), "deadline_passed"),
        (date(2026, 1, 1), "expired"),
    ],
)
def test_expired_call_is_never_open(matcher: ProgrammeMatcher, on: date, status: str) -> None:
    report = matcher.match("Delbrück", "LoRaWAN", on=on)
    assert _by_file(report.programmes)[PILOT].status == status
    for m in report.programmes + report.not_fitting:
        if m.doc.valid_until and m.doc.valid_until < on:
            assert m.status == "expired", m.doc.title
        elif m.doc.deadline and m.doc.deadline < on:
            assert m.status == "deadline_passed", m.doc.title
        else:
            assert m.status == "open", m.doc.title


@pytest.mark.slow
def test_non_fit_reasons_and_kreis_route(matcher: ProgrammeMatcher) -> None:
    outside = matcher.match("Dortmund", "LoRaWAN", on=date(2024, 6, 1))
    assert PILOT not in _by_file(outside.programmes)
    pilot = _by_file(outside.not_fitting)[PILOT]
    assert any("OWL" in r for r in pilot.non_fit_reasons)

    delbrueck = _by_file(matcher.match("Delbrück", "Breitband", on=date(2025, 1, 1)).programmes)
    koord = delbrueck[GIGABIT_KOORD]
    assert koord.route == "kreis"
    assert any("Kreis Paderborn" in r for r in koord.reasons)
    bielefeld = _by_file(matcher.match("Bielefeld", "Breitband", on=date(2025, 1, 1)).programmes)
    assert bielefeld[GIGABIT_KOORD].route == "direct"


@pytest.mark.slow
def test_unknown_size_class_is_said_not_invented(matcher: ProgrammeMatcher) -> None:
    report = matcher.match("Gütersloh", "Breitband")
    assert report.profile.size_class == ""
    assert any("nicht angegeben" in line for line in report.profile.used())
    assert report.to_dict()["profile"]["size_class"] is None


@pytest.mark.slow
def test_bad_input(matcher: ProgrammeMatcher) -> None:
    with pytest.raises(NotFoundError, match="Delbrück"):
        matcher.match("Delbrük", "LoRaWAN")
    with pytest.raises(InvalidRequestError):
        matcher.match("  ", "LoRaWAN")
    with pytest.raises(InvalidRequestError):
        matcher.match("Delbrück", "x" * 201)


# -- guidelines read from their text (no index needed) -----------------------------------------
def _hit(text: str, n: int, **meta: object) -> SearchHit:
    base: dict[str, object] = {"doc_type": "programme_guideline", "chunk_index": n, **meta}
    return SearchHit(
        rank=0,
        score=0.0,
        chunk_id=f"rl:{n}",
        doc_id="rl",
        title="Richtlinie Beispiel",
        doc_type="programme_guideline",
        source="richtlinie.md",
        page=None,
        section="Geltungsdauer",
        text=text,
        metadata=base,
    )


def test_text_fills_empty_fields_and_disagreements_show_both() -> None:
    meta = {"valid_until": "2027-12-31", "extra_applicants": "gemeinde"}
    doc = programme_doc(
        [
            _hit("Diese Richtlinie tritt am 30. Juni 2026 außer Kraft.", 0, **meta),
            _hit("Anträge sind bis zum 31.03.2026 einzureichen.", 1, **meta),
        ]
    )
    assert doc.valid_until == date(2027, 12, 31) and doc.source_of("valid_until") == "metadata"
    assert doc.deadline == date(2026, 3, 31) and doc.source_of("deadline") == "text"
    assert doc.applicants == ("gemeinde",) and doc.source_of("applicants") == "metadata"
    (d,) = doc.disagreements
    assert (d.field, d.metadata, d.text) == ("valid_until", "2027-12-31", "2026-06-29")
    assert d.fact.quote == "Diese Richtlinie tritt am 30. Juni 2026 außer Kraft."
    assert d.describe() == "Geltungsdauer: Metadaten 2027-12-31, Text 2026-06-29"
    match = ProgrammeMatch(doc, "open", "", fits=True, route="direct")
    data = match.to_dict()
    assert data["disagreements"][0]["fact"]["quote"] == d.fact.quote
    assert data["field_sources"] == {
        "applicants": "metadata",
        "deadline": "text",
        "valid_until": "metadata",
    }
    status, _ = status_of(doc, date(2026, 4, 1))
    assert status == "deadline_passed"


def test_the_status_note_names_both_values_where_they_differ(matcher: ProgrammeMatcher) -> None:
    meta = {
        "valid_until": "2027-12-31",
        "extra_applicants": "gemeinde",
        "extra_region_scope": "NRW",
    }
    doc = programme_doc([_hit("Diese Richtlinie tritt am 30. Juni 2026 außer Kraft.", 0, **meta)])
    match = matcher.judge(doc, matcher.profile("Delbrück"), [], date(2026, 4, 1))
    assert match.status == "open"
    assert match.status_note.endswith(
        "; Metadaten und Text weichen ab – Geltungsdauer: Metadaten 2027-12-31, Text 2026-06-29"
    )
    english = matcher.judge(doc, matcher.profile("Delbrück"), [], date(2026, 4, 1), "en")
    assert english.status_note.endswith(
        "; metadata and text differ – valid_until: metadata 2027-12-31, text 2026-06-29"
    )


def test_status_of_a_guideline_read_from_its_text() -> None:
    doc = programme_doc(
        [
            _hit(
                "Diese Richtlinie tritt mit Wirkung vom 1. Januar 2022 in Kraft. Die Laufzeit ist "
                "bis zum 30.06.2024 befristet. Sie verlängert sich entsprechend, aber nicht über "
                "den 31. Dezember 2027 hinaus.",
                0,
            ),
            _hit("Anträge können Sie ganzjährig einreichen.", 1),
        ]
    )
    assert doc.reads_text and doc.valid_until == date(2027, 12, 31)
    status, note = status_of(doc, date(2026, 12, 2))
    assert status == "open"
    assert note.startswith("offen nach der längsten Lesart des Textes, aktuellen Stand prüfen")
    assert "befristet bis 30. Juni 2024 (abgelaufen)" in note
    assert "keine Antragsfrist im Text gefunden; Anträge laufend/ganzjährig möglich" in note
    status, note = status_of(doc, date(2024, 3, 1))
    assert status == "open" and "abgelaufen" not in note
    status, note = status_of(doc, date(2028, 1, 1), "en")
    assert status == "expired" and note.startswith(
        "expired: the text's validity ended on 31 December 2027 (as of 1 January 2028); "
        "in force from 1 January 2022"
    )
    assert "no application deadline found in the text" in note
