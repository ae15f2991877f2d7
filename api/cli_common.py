"""What the ``smartcity`` CLI modules share: the Typer app, options, output helpers and the
services of one command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer

from api.services import Services
from assistant.errors import InvalidRequestError, NotFoundError, SmartCityError
from assistant.settings import Settings

app = typer.Typer(
    name="smartcity",
    help="Offline-Assistent für Smart-City-Beratung: Dokumente indexieren und durchsuchen, "
    "Fragen beantworten, Beratungen vorbereiten.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Maschinenlesbare Ausgabe (JSON).")]


def echo_json(data: Any) -> None:
    """One JSON document on stdout (UTF-8, not escaped)."""
    typer.echo(json.dumps(data, ensure_ascii=False))


@contextmanager
def open_services(*, rebuild: bool = False) -> Iterator[Services]:
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


def parse_date(value: str | None) -> date | None:
    """An ISO date option (``None`` stays ``None``); a usage error otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"Datum im Format JJJJ-MM-TT erwartet, nicht {value!r}.") from exc


def where(page: int | None, section: str) -> str:
    """``S. 3, Abschnitt`` (what of the two is known)."""
    return ", ".join(x for x in (f"S. {page}" if page else "", section) if x)
