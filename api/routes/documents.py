"""Document management: list, upload (same ingest pipeline as the CLI), delete, re-index,
correct an upload's metadata, and the original file and text of a document for citations."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.dependencies import LibraryDep, SettingsDep
from api.errors import BODY_PARSE_MESSAGE, error_response
from api.schemas import error_responses
from api.security import require_admin, require_reader
from api.upload import receive_file
from assistant.errors import NotFoundError
from ingest.corrections import (
    MetadataCorrections,
    indexed_metadata,
    public_metadata,
    validate_correction,
)
from ingest.library import DocumentLibrary
from ingest.pipeline import FileReport

UPLOAD_PATH = "/api/documents"

router = APIRouter(prefix="/api", tags=["Dokumente"])

DocId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Dokument-ID (siehe GET /api/documents).",
        examples=["lorawan-delbrueck-1a2b3c4d5e"],
    ),
]
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "PDF, Markdown, HTML oder Text.",
                        }
                    },
                }
            }
        },
    }
}


@router.get(
    "/documents",
    summary="Dokumente auflisten",
    dependencies=[Depends(require_reader)],
    responses=error_responses(401, 403, 429),
)
def list_documents(library: LibraryDep) -> dict[str, Any]:
    """Alle bekannten Dokumente: indexierte (`status: indexed`) und nicht indexierbare
    (`status: failed` mit `reason` wie `broken`, `encrypted`, `no_text` und `message`)."""
    return {"documents": [d.to_dict() for d in library.documents()]}


@router.post(
    UPLOAD_PATH.removeprefix("/api"),
    status_code=201,
    summary="Dokument hochladen und indexieren (Admin)",
    dependencies=[Depends(require_admin)],
    openapi_extra=_UPLOAD_BODY,
    responses={
        200: {"description": "Dieselbe Datei ist schon indexiert (`status: unchanged`)."},
        **error_responses(400, 401, 403, 413, 415, 422, 429),
    },
)
async def upload_document(
    request: Request, library: LibraryDep, settings: SettingsDep
) -> JSONResponse:
    """Lädt eine Datei hoch (multipart-Feld `file`) und indexiert sie wie `smartcity ingest`.

    201 mit dem Bericht (`report`), wenn die Datei indexiert wurde; 200, wenn dieselbe Datei
    schon indexiert ist (`status: unchanged`). Eine Datei gleichen Namens ersetzt die
    frühere Fassung. Ist die Datei nicht indexierbar (z. B. beschädigtes PDF), antwortet die
    Route mit 422 und `code` = Grund (`broken`, `encrypted`, `no_text`, `empty`, …); der
    Index bleibt unverändert und die Datei erscheint mit Grund in der Dokumentliste.
    413: Datei zu groß; 415: Dateityp nicht erlaubt (`SMARTCITY_UPLOAD_TYPES`).
    """
    temp = library.incoming_file()
    try:
        received = await receive_file(
            request, temp, max_bytes=settings.max_file_bytes, allowed=settings.upload_types
        )
        report = await run_in_threadpool(library.add_upload, received.path, received.filename)
    finally:
        temp.unlink(missing_ok=True)
    if report.status == "failed":
        return error_response(
            422, report.reason or "broken", report.message or "Datei nicht indexierbar."
        )
    status = 200 if report.status == "unchanged" else 201
    return JSONResponse({"ok": True, "report": report.to_dict()}, status_code=status)


class MetadataPatch(BaseModel):
    """Corrected metadata fields; omitted fields stay as they are, ``null`` removes the
    correction of a field (it is again what the document says), ``""`` sets it empty.

    Only the schema of the request body (OpenAPI): the route reads the JSON itself so that
    every wrong value gets a German message naming the field (``validate_correction``)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"title": "Kommunalrichtlinie 2022", "doc_type": "programme_guideline"}]
        },
    )

    title: str | None = Field(None, description="Titel.", max_length=300)
    doc_type: str | None = Field(
        None,
        description="programme_guideline, project_report, transfer_note, law, strategy, other.",
        max_length=100,
    )
    region: str | None = Field(None, description="Region, z. B. OWL.", max_length=200)
    municipality: str | None = Field(None, description="Kommune.", max_length=200)
    programme: str | None = Field(None, description="Förderprogramm.", max_length=200)
    published: str | None = Field(None, description="JJJJ-MM-TT.", max_length=40)
    valid_until: str | None = Field(None, description="Gültig bis, JJJJ-MM-TT.", max_length=40)
    deadline: str | None = Field(None, description="Antragsfrist, JJJJ-MM-TT.", max_length=40)
    topics: list[str] | str | None = Field(None, description="Themen (Liste oder mit Kommas).")
    url: str | None = Field(None, description="http(s)-Adresse.", max_length=2000)
    language: str | None = Field(None, description="de, en oder leer.", max_length=20)


def _metadata_body(library: DocumentLibrary, doc_id: str) -> dict[str, Any]:
    """The document as listed plus its indexed metadata with the sources of its values."""
    info = library.get(doc_id)
    meta = indexed_metadata(library.pipeline.index, doc_id)
    if meta is None:
        raise NotFoundError(
            f"Dokument {doc_id!r} ist nicht indexiert (Status {info.status}).",
            message_en=f"Document {doc_id!r} is not indexed (status {info.status}).",
        )
    corrected = MetadataCorrections(library.settings.data_dir).get(doc_id)
    return {"document": info.to_dict(), "metadata": public_metadata(meta, corrected)}


def _correct(
    library: DocumentLibrary, doc_id: str, values: dict[str, Any]
) -> tuple[FileReport, dict[str, Any] | None]:
    """Store the correction, re-index the document; on failure put the old one back."""
    library.get(doc_id)  # 404 before anything is written
    corrections = MetadataCorrections(library.settings.data_dir)
    before = corrections.get(doc_id)
    corrections.update(doc_id, values)
    try:
        report = library.reindex(doc_id)
    except BaseException:
        corrections.replace(doc_id, before)
        raise
    if report.status == "failed":
        corrections.replace(doc_id, before)
        return report, None
    return report, _metadata_body(library, doc_id)


@router.get(
    "/documents/{doc_id}/metadata",
    summary="Metadaten eines Dokuments",
    dependencies=[Depends(require_reader)],
    responses=error_responses(401, 403, 404, 422, 429),
)
def document_metadata(doc_id: DocId, library: LibraryDep) -> dict[str, Any]:
    """Die indexierten Metadaten (Titel, Typ, Region, Fristen, Themen …) mit ihrer Herkunft
    (`title_source`, `doc_type_source`: `admin`, `sidecar`, `front-matter`, abgeleitet aus
    Text, Überschrift oder Dateiname) und den vom Admin korrigierten Feldern (`corrected`)."""
    return {"ok": True, **_metadata_body(library, doc_id)}


@router.patch(
    "/documents/{doc_id}",
    summary="Metadaten eines Dokuments korrigieren (Admin)",
    dependencies=[Depends(require_admin)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": MetadataPatch.model_json_schema()}},
        }
    },
    responses=error_responses(401, 403, 404, 422, 429),
)
async def correct_document(doc_id: DocId, request: Request, library: LibraryDep) -> JSONResponse:
    """Korrigiert Metadaten (`title`, `doc_type`, `region`, `municipality`, `programme`,
    `published`, `valid_until`, `deadline`, `topics`, `url`, `language`).

    Die Korrektur wird im Datenverzeichnis gespeichert und gilt auch nach jedem erneuten
    Indexieren (Vorrang: Admin vor Sidecar vor Datei vor Ableitung; Herkunft `admin`). Das
    Dokument wird sofort neu indexiert; die Antwort enthält seine neuen Metadaten. Ein
    weggelassenes Feld bleibt, `null` nimmt die Korrektur zurück, `""` setzt das Feld leer.
    Ungültige Werte: 422 mit einer Meldung, die das Feld nennt."""
    try:
        raw = json.loads(await request.body() or b"null")
    except ValueError:
        return error_response(422, "invalid_request", BODY_PARSE_MESSAGE)
    values = validate_correction(raw)  # German messages naming the field (the model: docs)
    report, body = await run_in_threadpool(_correct, library, doc_id, values)
    if body is None:
        return error_response(
            422, report.reason or "broken", report.message or "Datei nicht indexierbar."
        )
    return JSONResponse({"ok": True, **body, "report": report.to_dict()})


@router.delete(
    "/documents/{doc_id}",
    summary="Dokument löschen (Admin)",
    dependencies=[Depends(require_admin)],
    responses=error_responses(401, 403, 404, 422, 429),
)
async def delete_document(doc_id: DocId, library: LibraryDep) -> dict[str, Any]:
    """Entfernt das Dokument aus Index und Dokumentliste; eine hochgeladene Datei wird auch
    gelöscht. Dokumente aus dem Korpus-Ordner bleiben auf der Platte (ein erneutes
    `smartcity ingest` des Ordners nimmt sie wieder auf)."""
    await run_in_threadpool(library.remove, doc_id)
    MetadataCorrections(library.settings.data_dir).remove(doc_id)
    return {"ok": True}


@router.post(
    "/documents/{doc_id}/reindex",
    summary="Dokument neu indexieren (Admin)",
    dependencies=[Depends(require_admin)],
    responses=error_responses(401, 403, 404, 422, 429),
)
async def reindex_document(doc_id: DocId, library: LibraryDep) -> JSONResponse:
    """Liest die Datei des Dokuments erneut ein, auch wenn sie unverändert ist; ist sie
    nicht mehr indexierbar, 422 mit dem Grund als `code`
    (die bisher indexierte Fassung bleibt durchsuchbar)."""
    report = await run_in_threadpool(library.reindex, doc_id)
    if report.status == "failed":
        return error_response(
            422, report.reason or "broken", report.message or "Datei nicht indexierbar."
        )
    return JSONResponse({"ok": True, "report": report.to_dict()})


@router.post(
    "/documents/reindex-outdated",
    summary="Veraltet indexierte Uploads neu indexieren (Admin)",
    dependencies=[Depends(require_admin)],
    responses=error_responses(401, 403, 429),
)
async def reindex_outdated_uploads(library: LibraryDep) -> dict[str, Any]:
    """Indexiert jedes hochgeladene Dokument neu, dessen Abschnitte mit einer älteren
    Version der Textaufbereitung erstellt wurden (`ingest_format` im Manifest kleiner als
    das aktuelle). Dokumente aus dem Korpus-Ordner nimmt `smartcity ingest` des Ordners neu
    auf. Antwort: ein Bericht je Datei (`reports`); eine Datei, die jetzt nicht mehr
    indexierbar ist, steht mit Grund darin, und ihre bisherige Fassung bleibt durchsuchbar."""
    reports = await run_in_threadpool(library.reindex_outdated_uploads)
    return {
        "ok": True,
        "reindexed": sum(1 for r in reports if r.status != "failed"),
        "failed": sum(1 for r in reports if r.status == "failed"),
        "reports": [r.to_dict() for r in reports],
    }


@router.get(
    "/documents/{doc_id}/file",
    summary="Originaldatei",
    dependencies=[Depends(require_reader)],
    response_class=FileResponse,
    responses={
        200: {
            "content": {"application/pdf": {}, "text/plain": {}},
            "description": "Die Datei.",
        },
        **error_responses(401, 403, 404, 429),
    },
)
def document_file(doc_id: DocId, library: LibraryDep) -> FileResponse:
    """Die Originaldatei: PDFs inline als `application/pdf` (Zitate öffnen mit `#page=N`),
    alle anderen Formate als `text/plain; charset=utf-8`, nie als HTML."""
    path = library.file_path(doc_id)
    is_pdf = path.suffix.lower() == ".pdf"
    headers = {"X-Content-Type-Options": "nosniff"}
    if not is_pdf:  # text is never rendered as a page (browsers' PDF viewers need no sandbox)
        headers["Content-Security-Policy"] = "sandbox"
    return FileResponse(
        path,
        media_type="application/pdf" if is_pdf else "text/plain; charset=utf-8",
        filename=path.name,
        content_disposition_type="inline",
        headers=headers,
    )


@router.get(
    "/documents/{doc_id}/content",
    summary="Text eines Dokuments",
    dependencies=[Depends(require_reader)],
    responses=error_responses(401, 403, 404, 422, 429),
)
def document_content(doc_id: DocId, library: LibraryDep) -> dict[str, Any]:
    """Die Textblöcke des Dokuments, wie der Lader sie liest (`page`, `section`, `text`),
    für die Ansicht einer zitierten Stelle (als Text, nie als HTML darzustellen), und der
    Hinweis auf Beispielinhalt (`sample_note`, leer bei echten Dokumenten)."""
    return library.content(doc_id).to_dict()
