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
        for c in m.clauses:
            typer.echo(f"   „{c.quote}“ ({where(c.hit.page, c.hit.section)}; {c.hit.source})")
    if report.not_fitting:
        typer.echo("\nGeprüft, aber nicht passend:")
    for m in report.not_fitting:
        typer.echo(f"- {m.doc.title}: {'; '.join(m.non_fit_reasons)}")


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
