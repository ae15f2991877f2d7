"""The ``smartcity`` command line: thin verbs over the shared services.

Exit codes: 0 success, 1 when some work failed (e.g. files that could not be indexed),
2 on usage errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from api.services import Services
from assistant.answer_models import Answer
from assistant.errors import InvalidRequestError, NotFoundError, SmartCityError
from assistant.filters import SearchFilters
from assistant.models import DOC_TYPES, SearchHit
from assistant.settings import Settings

app = typer.Typer(
    name="smartcity",
    help="Offline-Assistent für Smart-City-Beratung: Dokumente indexieren und durchsuchen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Maschinenlesbare Ausgabe (JSON).")]


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


@contextmanager
def _services(*, rebuild: bool = False) -> Iterator[Services]:
    """Build the services, turning domain errors into a clean message and exit code."""
    services: Services | None = None
    try:
        services = Services.build(Settings(), rebuild=rebuild)
        yield services
    except (InvalidRequestError, NotFoundError) as exc:
        typer.echo(f"Fehler: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    except SmartCityError as exc:
        typer.echo(f"Fehler: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    finally:
        if services is not None:
            services.close()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Dateien oder Ordner.", show_default=False)],
    prune: Annotated[
        bool, typer.Option("--prune", help="Dokumente entfernen, deren Datei fehlt.")
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Index verwerfen und neu aufbauen (z. B. neues Modell)."),
    ] = False,
    as_json: JsonOption = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Fortschrittsbalken.")
    ] = None,
) -> None:
    """Dateien (PDF, Markdown, HTML, Text) indexieren; unveränderte werden übersprungen.

    Beispiele:

      smartcity ingest corpus/

      smartcity ingest --json --prune corpus/ berichte/neu.pdf
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"Fehler: Pfad nicht gefunden: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    from tqdm import tqdm

    from ingest.pipeline import discover

    show = sys.stderr.isatty() if progress is None else progress
    with _services(rebuild=rebuild) as services:
        files = discover(paths)
        bar = tqdm(total=len(files), unit="Datei", disable=not show, file=sys.stderr)

        def on_file(result: Any) -> None:
            if result.status != "removed":
                bar.update(1)
            if not as_json and result.status == "failed":
                bar.write(f"FEHLER {result.path}: [{result.reason}] {result.message}", sys.stderr)

        report = services.pipeline.run(paths, prune=prune, on_file=on_file)
        bar.close()
    if as_json:
        _echo_json(report.to_dict())
    else:
        counts = report.counts()
        typer.echo(
            f"{counts['indexed']} indexiert, {counts['unchanged']} unverändert, "
            f"{counts['failed']} fehlgeschlagen, {counts['removed']} entfernt; "
            f"{report.to_dict()['chunks']} neue Abschnitte."
        )
    raise typer.Exit(1 if report.failed else 0)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"Datum im Format JJJJ-MM-TT erwartet, nicht {value!r}.") from exc


def _print_hits(hits: list[SearchHit]) -> None:
    if not hits:
        typer.echo("Keine Treffer.")
    for hit in hits:
        where = f"S. {hit.page}" if hit.page else hit.section or "-"
        typer.echo(f"{hit.rank}. {hit.title} ({hit.doc_type}, {where}) – {hit.source}")
        snippet = hit.text if len(hit.text) <= 240 else hit.text[:239] + "…"
        typer.echo(f"   {snippet}")


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="Suchanfrage.", show_default=False)] = None,
    k: Annotated[int, typer.Option("-k", help="Anzahl Treffer (1-100).")] = 5,
    doc_type: Annotated[
        str | None, typer.Option("--type", help=f"Dokumenttyp: {', '.join(DOC_TYPES)}.")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Region, z. B. OWL.")] = None,
    municipality: Annotated[str | None, typer.Option("--municipality", help="Kommune.")] = None,
    programme: Annotated[str | None, typer.Option("--programme", help="Förderprogramm.")] = None,
    valid_on: Annotated[
        str | None, typer.Option("--valid-on", help="Nur am Datum (JJJJ-MM-TT) gültige.")
    ] = None,
    queries: Annotated[
        Path | None,
        typer.Option(
            "--queries",
            help="Datei mit einer Anfrage je Zeile ('-' = stdin); gibt eine JSON-Zeile je "
            "Anfrage aus.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Hybride Suche (semantisch + lexikalisch) mit Filtern.

    Beispiele:

      smartcity search "LoRaWAN Wasserzähler Schule"

      smartcity search "Förderquote Breitband" --type programme_guideline --json

      smartcity search --queries fragen.txt -k 10 > treffer.jsonl
    """
    if (query is None) == (queries is None):
        typer.echo("Fehler: genau eine Suchanfrage oder --queries DATEI angeben.", err=True)
        raise typer.Exit(2)
    try:
        filters = SearchFilters(
            doc_type=doc_type,
            region=region,
            municipality=municipality,
            programme=programme,
            valid_on=_parse_date(valid_on),
        )
    except InvalidRequestError as exc:
        typer.echo(f"Fehler: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    lines: list[str] = []
    if queries is not None:
        source = sys.stdin if str(queries) == "-" else queries.open(encoding="utf-8")
        with source:
            lines = [line.strip() for line in source if line.strip()]
    with _services() as services:
        if queries is not None:
            for line in lines:
                hits = services.searcher.search(line, k, filters)
                _echo_json({"query": line, "results": [h.to_dict() for h in hits]})
            return
        assert query is not None
        hits = services.searcher.search(query, k, filters)
    if as_json:
        _echo_json({"results": [h.to_dict() for h in hits]})
    else:
        _print_hits(hits)


def _where(page: int | None, section: str) -> str:
    """``S. 3, Abschnitt`` (what of the two is known)."""
    return ", ".join(x for x in (f"S. {page}" if page else "", section) if x)


def _print_answer(answer: Answer) -> None:
    typer.echo(answer.answer)
    typer.echo(f"\n(Modus: {answer.mode}, Verlässlichkeit: {answer.confidence})")
    if answer.notice:
        typer.echo(f"Hinweis: {answer.notice}")
    if answer.citations:
        typer.echo("\nQuellen:")
    for c in answer.citations:
        typer.echo(f"[{c.n}] {c.title} ({_where(c.page, c.section)}) – {c.source}")
        typer.echo(f"    „{c.quote if len(c.quote) <= 200 else c.quote[:199] + '…'}“")
    if answer.contacts:
        typer.echo("\nAnsprechstellen:")
    for contact in answer.contacts:
        typer.echo(f"- {contact.name}: {contact.reason} {contact.channel}")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Frage (Deutsch oder Englisch).")],
    municipality: Annotated[
        str | None, typer.Option("--municipality", "-m", help="Ihre Kommune, z. B. Delbrück.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Frage beantworten: Antwort mit Quellen und regionale Ansprechstellen.

    Beispiele:

      smartcity ask "Wie überwacht man den Wasserverbrauch von Schulen mit LoRaWAN?" -m Delbrück

      smartcity ask "Who funds gigabit broadband?" --json
    """
    with _services() as services:
        answer = services.answers.ask(question, municipality=municipality)
    if as_json:
        _echo_json(answer.to_dict())
    else:
        _print_answer(answer)


@app.command()
def stats(as_json: JsonOption = False) -> None:
    """Umfang des Index: Dokumente nach Status und Typ, Abschnitte, Modell."""
    with _services() as services:
        rows = list(services.manifest.rows())
        by_status: dict[str, int] = {}
        by_type: dict[str, int] = {}
        for row in rows:
            by_status[row.status] = by_status.get(row.status, 0) + 1
            if row.status == "indexed":
                by_type[row.doc_type] = by_type.get(row.doc_type, 0) + 1
        data = {
            "documents": len(rows),
            "by_status": by_status,
            "by_type": by_type,
            "chunks": services.index.store.count(),
            "lexical_chunks": len(services.index.lexical),
            "embedding_model": services.embeddings.identity,
            "data_dir": str(services.settings.data_dir),
            "failed": [
                {"path": r.path, "reason": r.reason, "message": r.message}
                for r in rows
                if r.status == "failed"
            ],
        }
    if as_json:
        _echo_json(data)
        return
    typer.echo(f"Dokumente: {data['documents']} {by_status}")
    typer.echo(f"Nach Typ: {by_type}")
    typer.echo(f"Abschnitte: {data['chunks']} (lexikalisch: {data['lexical_chunks']})")
    typer.echo(f"Modell: {data['embedding_model']}")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Adresse.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
) -> None:
    """API (und Webseiten) auf einem Port starten.

    Beispiel:

      smartcity serve --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(Settings()), host=host, port=port, log_level="info")


# -- advisor commands (issue 7): programmes and briefings ----------------------------------


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
            typer.echo(f"   „{c.quote}“ ({_where(c.hit.page, c.hit.section)}; {c.hit.source})")
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
    from api.routes.programmes import advisor_for

    day = _parse_date(on)
    with _services() as services:
        report = advisor_for(services).programmes.match(
            municipality, topic, on=day, language=language
        )
    if as_json:
        _echo_json(report.to_dict())
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
    offene Fragen; jede Aussage mit Quelle [n].

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
    from api.routes.programmes import advisor_for
    from assistant.briefing.export_docx import to_docx
    from assistant.briefing.export_markdown import to_markdown
    from assistant.briefing.export_pdf import to_pdf

    day = _parse_date(on)
    with _services() as services:
        result = advisor_for(services).build(
            municipality, topic, notes=notes, language=language, on=day
        )
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


def main() -> None:
    """Console-script entry point."""
    app()
