"""Document management: list, upload (same ingest pipeline as the CLI), delete, re-index,
and the original file and text of a document for citations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.dependencies import LibraryDep, SettingsDep
from api.errors import error_response
from api.schemas import error_responses
from api.security import require_admin, require_reader
from api.upload import receive_file

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
    für die Ansicht einer zitierten Stelle (als Text, nie als HTML darzustellen)."""
    return library.content(doc_id).to_dict()
