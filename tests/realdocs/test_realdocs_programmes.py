"""Programme matching on the real guidelines: facts read from their text, with quotes.

Every date pinned here was checked by reading the documents (the quotes are their sentences):

* Kommunalrichtlinie, "10 Geltungsdauer": in force from 1 January 2022; fixed term until
  30 June 2024, extendable "aber nicht über den 31. Dezember 2027 hinaus"; for grants that are
  no state aid valid until 31 December 2027. The 31 December 2021 in the same section ends
  the *previous* guideline. Applications all year ("Anträge können Sie ganzjährig
  einreichen."); the only dated application limit is for Vorreiterkonzepte (31 December 2024).
* DAS guideline (15 December 2023), "8 Geltungsdauer": in force the day after publication (no
  date), valid until 31 December 2024; application windows are announced on the Projektträger's
  website: no deadline in the text.
* Richtlinie Digitale Offensive Sachsen 2023, "VIII.": in force from 22 August 2023, "tritt am
  30. Juni 2026 außer Kraft"; granted by the Freistaat Sachsen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.programmes import ProgrammeMatch, ProgrammeMatcher
from tests.conftest import REPO

pytestmark = pytest.mark.slow

KOMMUNAL = "foerderdatenbank_Kommunalrichtlinie.md"
DAS = "foerderdatenbank_DAS_Anpassung-an-die-Folgen-des-Klimawandels.md"
SACHSEN = "digitale_offensive_sachsen_2023_frl.md"
ON = date(2026, 12, 2)


@pytest.fixture(scope="module")
def matcher(realdocs_services: Any) -> ProgrammeMatcher:
    s = realdocs_services
    return ProgrammeMatcher(s.index, s.answers.regions, s.settings.regions_path)


def bueren(matcher: ProgrammeMatcher) -> Any:
    return matcher.profile("Büren")


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``smartcity ARGS`` in a subprocess over ``data_dir`` (outer SMARTCITY_* ignored)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCITY_")}
    env.update(SMARTCITY_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def by_file(matches: list[ProgrammeMatch]) -> dict[str, ProgrammeMatch]:
    return {Path(m.doc.source).name: m for m in matches}


def facts(m: ProgrammeMatch, *kinds: str) -> list[tuple[str, tuple[date, ...], str]]:
    return [(f.meaning, f.dates, f.quote) for f in m.doc.facts.of(*kinds)]  # type: ignore[arg-type]


def test_bueren_klimaschutz_finds_both_federal_guidelines(matcher: ProgrammeMatcher) -> None:
    report = matcher.match("Büren", "Klimaschutz", on=ON)
    fitting = by_file(report.programmes)
    assert set(fitting) == {KOMMUNAL, DAS}
    kommunal, das = fitting[KOMMUNAL], fitting[DAS]
    assert report.programmes[0].doc.doc_id == kommunal.doc.doc_id  # open first
    for m in (kommunal, das):
        assert m.route == "direct" and m.doc.region_scope == "Bund"
        assert m.doc.source_of("valid_until") == "text"
        assert {"gemeinde", "stadt"} <= set(m.doc.applicants)

    # the Saxon guideline is checked and does not fit an NRW town
    sachsen = by_file(report.not_fitting)[SACHSEN]
    assert sachsen.doc.region_scope == "Sachsen"
    assert any("Sachsen umfasst nicht Büren" in r for r in sachsen.non_fit_reasons)


def test_kommunalrichtlinie_validity_read_from_the_text(matcher: ProgrammeMatcher) -> None:
    m = by_file(matcher.match("Büren", "Klimaschutz", on=ON).programmes)[KOMMUNAL]
    assert facts(m, "in_force")[0][1] == (date(2022, 1, 1),)
    assert facts(m, "valid_until", "extension_limit") == [
        (
            "befristet",
            (date(2024, 6, 30),),
            "Die Laufzeit ist bis zum Zeitpunkt des Auslaufens der AGVO und/oder der "
            "De-minimis-Verordnung, zuzüglich einer Anpassungsperiode von sechs Monaten, mithin "
            "bis zum 30. Juni 2024 befristet.",
        ),
        (
            "nicht_ueber_hinaus",
            (date(2027, 12, 31),),
            "Sollte die zeitliche Anwendung der AGVO und/oder der De-minimis-Verordnung ohne die "
            "Beihilferegelung betreffende relevante inhaltliche Veränderungen verlängert werden, "
            "verlängert sich die Laufzeit dieser Förderrichtlinie entsprechend, aber nicht über "
            "den 31. Dezember 2027 hinaus.",
        ),
        (
            "gilt_bis",
            (date(2027, 12, 31),),
            "Für Zuwendungen, die nicht als Beihilfe bewilligt werden, gilt diese Richtlinie "
            "uneingeschränkt bis zum 31. Dezember 2027.",
        ),
    ]
    assert m.doc.valid_until == date(2027, 12, 31)
    assert m.status == "open"
    assert "befristet bis 30. Juni 2024 (abgelaufen)" in m.status_note
    assert "aktuellen Stand prüfen" in m.status_note
    # no deadline for every application, and the text says applications run all year
    assert m.doc.deadline is None
    assert "keine Antragsfrist im Text gefunden" in m.status_note
    assert facts(m, "rolling")[0][2] == "Anträge können Sie ganzjährig einreichen."
    (scoped,) = m.doc.facts.of("deadline")
    assert scoped.dates == (date(2024, 12, 31),) and "Vorreiterkonzepten" in scoped.condition
    assert matcher.judge(m.doc, bueren(matcher), [], date(2028, 1, 1)).status == "expired"


def m_profile(matcher: ProgrammeMatcher) -> Any:
    return matcher.profile("Büren")


def test_das_and_sachsen_validity(matcher: ProgrammeMatcher) -> None:
    report = matcher.match("Büren", "Klimaschutz", on=ON)
    das = by_file(report.programmes)[DAS]
    assert facts(das, "valid_until") == [
        (
            "gilt_bis",
            (date(2024, 12, 31),),
            "Diese Richtlinie tritt am Tag nach der Veröffentlichung im Bundesanzeiger in Kraft "
            "und gilt bis zum 31. Dezember 2024.",
        )
    ]
    assert das.doc.facts.in_force is not None and das.doc.facts.in_force.dates == ()
    assert das.status == "expired" and das.doc.deadline is None
    assert das.doc.facts.of("window_announced")
    # "5.1 Förderschwerpunkt A": three records set as lines, read as one table (record_tables)
    rows = {f.label: f.values for f in das.doc.facts.of("rate") if f.meaning == "tabelle"}
    assert rows == {
        "Förderschwerpunkt A.1 Nachhaltiges Anpassungskonzept": (
            "Förderquote (FQ): 80%",
            "FQ für finanzschwache Kommunen: 90%",
        ),
        "Förderschwerpunkt A.2 Anschlussvorhaben": (
            "Förderquote (FQ): 80%",
            "FQ für finanzschwache Kommunen: 90%",
        ),
        "Förderschwerpunkt A.3 Ausgewählte Maßnahme": (
            "Förderquote (FQ): 50%",
            "FQ für finanzschwache Kommunen: 65%",
        ),
    }
    assert "keine Antragsfrist im Text gefunden" in das.status_note
    assert matcher.judge(das.doc, bueren(matcher), [], date(2024, 6, 1)).status == "open"

    sachsen = by_file(report.not_fitting)[SACHSEN]
    assert facts(sachsen, "in_force")[0][1] == (date(2023, 8, 22),)
    assert facts(sachsen, "valid_until") == [
        (
            "ausser_kraft",
            (date(2026, 6, 30),),
            "Diese Richtlinie tritt am 30. Juni 2026 außer Kraft.",
        )
    ]
    assert sachsen.doc.valid_until == date(2026, 6, 29)  # "am 30. Juni außer Kraft"
    assert sachsen.status == "expired"


def test_every_fact_quote_is_verbatim_chunk_text(
    matcher: ProgrammeMatcher, realdocs_services: Any
) -> None:
    report = matcher.match("Büren", "Klimaschutz", on=ON)
    matches = report.programmes + report.not_fitting
    quoted = [(f.hit, f.quote) for m in matches for f in m.doc.facts.facts]
    quoted += [(c.hit, c.quote) for m in matches for c in m.clauses]
    assert len(quoted) > 50
    stored = realdocs_services.index.store.get([h.chunk_id for h, _ in quoted])
    for hit, quote in quoted:
        text, meta = stored[hit.chunk_id]
        assert quote in text, quote
        assert (meta["section"], meta["doc_id"]) == (hit.section, hit.doc_id)


def test_http_and_cli_show_the_facts_with_quotes(realdocs_services: Any) -> None:
    settings = realdocs_services.settings
    with TestClient(create_app(settings, services=realdocs_services)) as client:
        response = client.get(
            "/api/programmes",
            params={"municipality": "Büren", "topic": "Klimaschutz", "on": ON.isoformat()},
        )
    assert response.status_code == 200
    body = response.json()
    fitting = {Path(p["source"]).name: p for p in body["programmes"]}
    kommunal = fitting[KOMMUNAL]
    assert kommunal["valid_until"] == "2027-12-31" and kommunal["deadline"] is None
    assert kommunal["field_sources"]["valid_until"] == "text"
    assert kommunal["deadline_notes"][0] == "keine Antragsfrist im Text gefunden"
    assert all(f["quote"] and f["chunk_id"] for f in kommunal["facts"])
    assert {Path(p["source"]).name for p in body["not_fitting"]} == {SACHSEN}

    args = ["programmes", "-m", "Büren", "--topic", "Klimaschutz", "--on", ON.isoformat()]
    done = cli(settings.data_dir, *args)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "1. [offen] Klimaschutzinitiative" in out
    assert "2. [abgelaufen] Maßnahmen zur Anpassung an die Folgen des Klimawandels" in out
    assert "keine Antragsfrist im Text gefunden" in out
    assert "„Diese Richtlinie tritt am 30. Juni 2026 außer Kraft.“" not in out  # not fitting
    assert "Richtlinie Digitale Offensive Sachsen 2023: Fördergebiet Sachsen" in out
    assert "„Anträge können Sie ganzjährig einreichen.“" in out
    json_out = cli(settings.data_dir, *args, "--json")
    assert json_out.returncode == 0, json_out.stderr
    data = json.loads(json_out.stdout)
    assert [Path(p["source"]).name for p in data["programmes"]] == [KOMMUNAL, DAS]


def test_briefing_on_the_real_guidelines(realdocs_services: Any) -> None:
    briefing = realdocs_services.advisor.build("Büren", ["Klimaschutz"], on=ON)
    blocks = briefing.section("programmes").blocks
    headings = [b.heading for b in blocks]
    assert any(h.startswith("Klimaschutzinitiative") for h in headings)
    das = next(b for b in blocks if b.heading.startswith("Maßnahmen zur Anpassung"))
    assert das.heading.endswith("[abgelaufen]")
    kommunal = next(b for b in blocks if b.heading.startswith("Klimaschutzinitiative"))
    status = kommunal.statements[0]
    assert "befristet bis 30. Juni 2024" in status.text
    assert "keine Antragsfrist im Text gefunden" in status.text
    cited = {c.n: c for c in briefing.references}
    assert any(
        "Antragsberechtigt sind" in cited[n].quote for s in kommunal.statements for n in s.refs
    )
    stored = realdocs_services.index.store.get([c.chunk_id for c in briefing.references])
    for c in briefing.references:
        assert c.quote in stored[c.chunk_id][0], c.n
