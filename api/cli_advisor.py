"""The advisor verbs of the ``smartcity`` CLI: programme matching and briefings."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli_common import JsonOption, app, echo_json, open_services, parse_date, where
from assistant.briefing.export_docx import to_docx
from assistant.briefing.export_markdown import to_markdown
from assistant.briefing.export_pdf import to_pdf


def _print_programmes(report: Any) -> None:
    p = report.profile.place
    topic = f" – Thema: {report.topic}" if report.topic else ""
    typer.echo(f"Förderprogramme für {p.name} ({p.kreis}, {p.region}){topic} – Stand {report.on}")
    for line in report.profile.used(report.language):
        typer.echo(f"  {line}")
    if not report.programmes:
        typer.echo("Kein passendes Programm gefunden.")
    labels = {"open": "offen", "deadline_passed": "Frist abgelaufen", "expired": "abgelaufen"}
    for n, m in enumerate(report.programmes, start=1):
        typer.echo(f"\n{n}. [{labels[m.status]}] {m.doc.title} – {m.status_note}")
        typer.echo(f"   Passt: {'; '.join(m.reasons)}")
        if m.doc.funding_rate:
            typer.echo(f"   Förderquote: {m.doc.funding_rate}")
        _print_clauses(m)
        _print_text_facts(m)
    if report.not_fitting:
        typer.echo("\nGeprüft, aber nicht passend:")
    for m in report.not_fitting:
        typer.echo(f"- {m.doc.title}: {'; '.join(m.non_fit_reasons)}")


#: fact kinds shown for a programme read from its text, with their heading
_FACT_HEADINGS = (
    (("in_force", "valid_until", "extension_limit"), "Geltungsdauer"),
    (("deadline", "window", "rolling", "window_announced"), "Antragsfrist"),
    (("applicants",), "Antragsberechtigt"),
    (("rate", "own_share"), "Förderquote"),
    (("amount",), "Beträge"),
    (("region",), "Fördergebiet"),
)
#: at most this many facts of one heading are printed (all are in --json)
_MAX_FACTS = 3
_MAX_QUOTE = 400


def _shown(quote: str) -> str:
    """A quote on one line for the terminal (the JSON keeps it verbatim)."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= _MAX_QUOTE else flat[: _MAX_QUOTE - 2].rstrip() + " …"


def _print_clauses(m: Any) -> None:
    for c in m.clauses:
        if m.doc.reads_text and c.kind != "topic":
            continue  # the facts below show these sentences
        typer.echo(f"   „{_shown(c.quote)}“ ({where(c.hit.page, c.hit.section)}; {c.hit.source})")


def _print_text_facts(m: Any) -> None:
    """What the guideline's own text says, each fact with its quote and place."""
    doc = m.doc
    for d in doc.disagreements:
        typer.echo(f"   Metadaten und Text weichen ab – {d.describe()}: „{_shown(d.fact.quote)}“")
    if not doc.reads_text:
        return
    typer.echo("   Aus dem Richtlinientext gelesen:")
    for kinds, heading in _FACT_HEADINGS:
        facts = doc.facts.of(*kinds)
        lines: list[str] = []
        if kinds[0] == "deadline" and not doc.facts.general_deadlines():
            lines.append("keine Antragsfrist im Text gefunden")
        for f in facts[:_MAX_FACTS]:
            place = where(f.hit.page, f.hit.section)
            lines.append(f"{f.describe()} – „{_shown(f.quote)}“ ({place}; {f.hit.source})")
        if len(facts) > _MAX_FACTS:
            lines.append(f"… und {len(facts) - _MAX_FACTS} weitere (--json zeigt alle)")
        if not lines:
            lines.append("nichts im Text gefunden")
        typer.echo(f"   {heading}:")
        for line in lines:
            typer.echo(f"     - {line}")


@app.command()
def programmes(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="Kommune, z. B. Delbrück.")
    ],
    topic: Annotated[str, typer.Option("--topic", "-t", help="Thema, z. B. LoRaWAN.")] = "",
    on: Annotated[
        str | None, typer.Option("--on", help="Stichtag für Fristen (JJJJ-MM-TT); Standard heute.")
    ] = None,
    language: Annotated[str, typer.Option("--language", help="de oder en.")] = "de",
    as_json: JsonOption = False,
) -> None:
    """Passende Förderprogramme für eine Kommune und ein Thema, mit Fristen und Belegstellen.

    Ein abgelaufener Aufruf wird nie als offen gezeigt (Status am Stichtag).

    Beispiele:

      smartcity programmes --municipality Delbrück --topic "LoRaWAN Gebäudemonitoring"

      smartcity programmes -m Gütersloh -t Breitband --on 2025-01-10 --json
    """

    day = parse_date(on)
    with open_services() as services:
        report = services.advisor.programmes.match(municipality, topic, on=day, language=language)
    if as_json:
        echo_json(report.to_dict())
    else:
        _print_programmes(report)


@app.command()
def briefing(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="Kommune, z. B. Delbrück.")
    ],
    topic: Annotated[list[str], typer.Option("--topic", "-t", help="Thema (mehrfach möglich).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, docx, pdf oder json.")] = "md",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Zieldatei (für docx/pdf nötig; sonst stdout)."),
    ] = None,
    notes: Annotated[
        str | None, typer.Option("--notes", help="Notizen der Beratung (ohne Quelle).")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Stichtag für Fristen (JJJJ-MM-TT).")
    ] = None,
    language: Annotated[str, typer.Option("--language", help="de oder en.")] = "de",
) -> None:
    """Beratungsbriefing erstellen: Programme, Projekte nach Nähe, Transfer, Ansprechstellen,
    offene Fragen; jede Aussage mit nummerierter Quelle.

    Beispiele:

      smartcity briefing -m Delbrück -t "LoRaWAN Gebäudemonitoring" --format pdf -o delbrueck.pdf

      smartcity briefing -m Borchen -t "Open Data" -t "Ratsarbeit" --format docx -o borchen.docx

      smartcity briefing -m Delbrück -t LoRaWAN --format md > briefing.md
    """
    if fmt not in ("md", "docx", "pdf", "json"):
        typer.echo("Fehler: --format muss md, docx, pdf oder json sein.", err=True)
        raise typer.Exit(2)
    if fmt in ("docx", "pdf") and output is None:
        typer.echo(f"Fehler: für --format {fmt} bitte -o DATEI angeben.", err=True)
        raise typer.Exit(2)

    day = parse_date(on)
    with open_services() as services:
        result = services.advisor.build(municipality, topic, notes=notes, language=language, on=day)
        if fmt == "json":
            data = json.dumps(result.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        elif fmt == "md":
            data = to_markdown(result).encode("utf-8")
        elif fmt == "docx":
            data = to_docx(result)
        else:
            data = to_pdf(result)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.write_bytes(data)
    typer.echo(f"Briefing geschrieben: {output} ({len(result.references)} Quellen).")
