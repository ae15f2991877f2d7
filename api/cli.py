"""The ``smartcity`` command line: thin verbs over the shared services.

Exit codes: 0 success, 1 when some work failed (e.g. files that could not be indexed),
2 on usage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli_common import JsonOption, app, echo_json, open_services, parse_date, where
from assistant.answer.result import Answer
from assistant.errors import InvalidRequestError
from assistant.filters import SearchFilters
from assistant.models import DOC_TYPES, SearchHit
from assistant.settings import Settings


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
    with open_services(rebuild=rebuild) as services:
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
        echo_json(report.to_dict())
    else:
        counts = report.counts()
        typer.echo(
            f"{counts['indexed']} indexiert, {counts['unchanged']} unverändert, "
            f"{counts['failed']} fehlgeschlagen, {counts['removed']} entfernt; "
            f"{report.to_dict()['chunks']} neue Abschnitte."
        )
    raise typer.Exit(1 if report.failed else 0)


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
            valid_on=parse_date(valid_on),
        )
    except InvalidRequestError as exc:
        typer.echo(f"Fehler: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    lines: list[str] = []
    if queries is not None:
        source = sys.stdin if str(queries) == "-" else queries.open(encoding="utf-8")
        with source:
            lines = [line.strip() for line in source if line.strip()]
    with open_services() as services:
        if queries is not None:
            for line in lines:
                hits = services.searcher.search(line, k, filters)
                echo_json({"query": line, "results": [h.to_dict() for h in hits]})
            return
        assert query is not None
        hits = services.searcher.search(query, k, filters)
    if as_json:
        echo_json({"results": [h.to_dict() for h in hits]})
    else:
        _print_hits(hits)


_KIND_LABELS = {
    "answer": "Antwort",
    "hedge": "Teilantwort: das Gefragte steht nicht in den Dokumenten",
    "refusal": "keine Antwort aus den Dokumenten",
}


def _print_answer(answer: Answer) -> None:
    typer.echo(answer.answer)
    typer.echo(
        f"\n({_KIND_LABELS[answer.kind]}; Modus: {answer.mode}, "
        f"Verlässlichkeit: {answer.confidence})"
    )
    if answer.notice:
        typer.echo(f"Hinweis: {answer.notice}")
    if answer.citations:
        typer.echo("\nQuellen:")
    for c in answer.citations:
        sample = " [Beispielinhalt]" if c.sample_note else ""
        typer.echo(f"[{c.n}] {c.title}{sample} ({where(c.page, c.section)}) – {c.source}")
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
    with open_services() as services:
        answer = services.answers.ask(question, municipality=municipality)
    if as_json:
        echo_json(answer.to_dict())
    else:
        _print_answer(answer)


@app.command()
def stats(as_json: JsonOption = False) -> None:
    """Umfang des Index: Dokumente nach Status und Typ, Abschnitte, Modell."""
    with open_services() as services:
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
        echo_json(data)
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


def main() -> None:
    """Console-script entry point."""
    app()


# the advisor verbs live in their own module and register on the same app
from api.cli_advisor import briefing, programmes  # noqa: E402

__all__ = ["app", "briefing", "main", "programmes"]
