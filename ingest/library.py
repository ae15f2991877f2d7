"""The document library behind the HTTP document routes: list, upload, delete, re-index.

Uploads go through the same ``IngestPipeline`` as ``smartcity ingest``. A client's file name
is never used as a path: it is reduced to a safe base name (``safe_filename``) and the file is
kept at ``<uploads_dir>/<hash of that name>/<safe name>``, so uploading a file of the same
name again replaces that document. When the new version cannot be indexed, the previous file
is put back and the index keeps the previous version (the manifest records the failure).

Index writes are serialised by one lock: two uploads (or an upload and a delete) never
interleave. Reads (listing, lookups) use a second manifest connection of their own, so they
neither wait for a long ingest nor share a SQLite connection with it. The methods block
(embedding is CPU-bound); HTTP routes run them in a worker thread.

Uploads indexed by an older version of text extraction or chunking (manifest column
``ingest_format`` below ``ingest.format_version.INGEST_FORMAT``) are not found by a
``smartcity ingest`` of the corpus folder; ``outdated_uploads`` lists them and
``reindex_outdated_uploads`` (the admin route ``POST /api/documents/reindex-outdated``)
indexes them again, one at a time under the write lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError, NotFoundError
from assistant.settings import Settings
from ingest.document import LoadedDocument, TextBlock
from ingest.format_version import INGEST_FORMAT
from ingest.loaders import load_document
from ingest.manifest import Manifest, ManifestRow
from ingest.metadata import build_metadata, read_sidecar
from ingest.pipeline import FileReport, IngestPipeline, public_source

#: longest stem kept from a client's file name
MAX_STEM_CHARS = 100
#: ``source`` prefix of uploaded documents (shown in citations)
UPLOAD_SOURCE_PREFIX = "upload/"
INCOMING_DIR = ".incoming"
_UNSAFE = re.compile(r"[^\w.\-]+")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")


def file_suffix(filename: str) -> str:
    """The lower-case extension of a client's file name (``""`` when it has none)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = Path(base).suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


def suffix_allowed(filename: str, allowed: Iterable[str]) -> bool:
    """Whether the file name ends in one of the ``allowed`` extensions (``.pdf`` or ``pdf``)."""
    wanted = {("." + a.lower().lstrip(".")) for a in allowed if a.strip(". ")}
    suffix = file_suffix(filename)
    return bool(suffix) and suffix in wanted


def safe_filename(filename: str) -> str:
    """A base name safe to store: no directories, no leading dot, only word characters,
    dots and dashes, at most ``MAX_STEM_CHARS`` before the (lower-case) extension."""
    base = unicodedata.normalize("NFKC", filename.replace("\\", "/").rsplit("/", 1)[-1])
    suffix = file_suffix(base)
    stem = base[: len(base) - len(suffix)] if suffix else base
    stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_STEM_CHARS].rstrip("._-")
    return (stem or "dokument") + suffix


@dataclass(frozen=True)
class DocumentInfo:
    """One document as the library lists it."""

    doc_id: str
    title: str
    doc_type: str
    source: str
    status: str
    chunks: int
    reason: str | None
    message: str | None
    updated: str
    format: str
    pages: int | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the contract's fields plus ``format`` and ``pages``)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "doc_type": self.doc_type,
            "source": self.source,
            "status": self.status,
            "chunks": self.chunks,
            "reason": self.reason,
            "message": self.message,
            "updated": self.updated,
            "format": self.format,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class DocumentContent:
    """A document's text blocks as its loader reads them."""

    info: DocumentInfo
    blocks: list[TextBlock]
    #: the sample corpus's notice (front matter or sidecar ``sample_note``; ``""`` for others)
    sample_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "doc_id": self.info.doc_id,
            "title": self.info.title,
            "doc_type": self.info.doc_type,
            "source": self.info.source,
            "sample_note": self.sample_note,
            "blocks": [{"page": b.page, "section": b.section, "text": b.text} for b in self.blocks],
        }


def sample_note_of(path: Path, loaded: LoadedDocument) -> str:
    """The ``sample_note`` the document's sidecar or front matter states (``""`` when none or
    when the sidecar cannot be read: the notice is shown beside the text, never needed)."""
    try:
        sidecar = read_sidecar(path)
    except DocumentError:
        sidecar = {}
    return build_metadata(loaded, sidecar).sample_note


class DocumentLibrary:
    """Document management over one pipeline and its manifest."""

    def __init__(self, settings: Settings, pipeline: IngestPipeline, manifest: Manifest) -> None:
        self.settings = settings
        self.pipeline = pipeline
        self.manifest = manifest
        self.write_lock = threading.Lock()
        self._reader = Manifest(settings.manifest_path)
        self._read_lock = threading.Lock()

    def close(self) -> None:
        """Close the read connection."""
        with self._read_lock:
            self._reader.close()

    # -- reading -------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Every known document, indexed and failed, ordered by path."""
        with self._read_lock:
            rows = list(self._reader.rows())
        return [self._info(row) for row in rows]

    def get(self, doc_id: str) -> DocumentInfo:
        """One document; ``NotFoundError`` when unknown."""
        return self._info(self._row(doc_id))

    def file_path(self, doc_id: str) -> Path:
        """The document's file; ``NotFoundError`` when unknown or gone."""
        path = Path(self._row(doc_id).path)
        if not path.is_file():
            raise NotFoundError(
                f"Die Datei des Dokuments {doc_id} ist nicht mehr vorhanden.",
                message_en=f"The file of document {doc_id} no longer exists.",
            )
        return path

    def content(self, doc_id: str) -> DocumentContent:
        """The loader's text blocks (``DocumentError`` when the file cannot be read)."""
        info = self.get(doc_id)
        path = self.file_path(doc_id)
        loaded = load_document(path, max_bytes=self.settings.max_file_bytes)
        return DocumentContent(info, loaded.blocks, sample_note_of(path, loaded))

    def outdated_uploads(self) -> list[DocumentInfo]:
        """Indexed uploads whose chunks were made by an older ingest format."""
        with self._read_lock:
            rows = list(self._reader.rows())
        return [
            self._info(row)
            for row in rows
            if row.status == "indexed"
            and row.ingest_format < INGEST_FORMAT
            and self._is_upload(Path(row.path))
        ]

    # -- writing -------------------------------------------------------------------------
    def incoming_file(self) -> Path:
        """A fresh temporary path for an upload in progress (inside the uploads folder, so
        that moving it into place is atomic)."""
        folder = self.settings.uploads_dir / INCOMING_DIR
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{uuid.uuid4().hex}.part"

    def add_upload(self, temp: Path, filename: str) -> FileReport:
        """Move an uploaded temporary file into place under a safe name and index it."""
        name = safe_filename(filename)
        digest = hashlib.sha256(name.casefold().encode()).hexdigest()[:12]
        final = self.settings.uploads_dir / digest / name
        with self.write_lock:
            final.parent.mkdir(parents=True, exist_ok=True)
            previous = final.with_name(final.name + ".previous")
            had_previous = final.exists()
            if had_previous:
                os.replace(final, previous)
            os.replace(temp, final)
            try:
                report = self._ingest(final)
            except BaseException:
                if had_previous:
                    os.replace(previous, final)
                raise
            if had_previous:
                if report.status == "failed":  # the index keeps the previous version
                    os.replace(previous, final)
                else:
                    previous.unlink(missing_ok=True)
        return report

    def reindex(self, doc_id: str) -> FileReport:
        """Index the document's file again, also when it is unchanged (e.g. after a loader
        or chunking improvement)."""
        path = self.file_path(doc_id)
        with self.write_lock:
            return self._ingest(path, force=True)

    def reindex_outdated_uploads(self) -> list[FileReport]:
        """Index every outdated upload again (``outdated_uploads``); one report per file. A
        file that now fails keeps its previous chunks (see ``IngestPipeline``); a file that
        has gone is reported ``failed`` with reason ``broken``."""
        reports: list[FileReport] = []
        for info in self.outdated_uploads():
            try:
                reports.append(self.reindex(info.doc_id))
            except NotFoundError as exc:  # deleted or gone meanwhile
                reports.append(
                    FileReport(
                        info.source,
                        "failed",
                        doc_id=info.doc_id,
                        reason="broken",
                        message=exc.message,
                        message_en=exc.message_en,
                    )
                )
        return reports

    def remove(self, doc_id: str) -> None:
        """Delete a document from index and manifest, and its file if it was uploaded."""
        row = self._row(doc_id)
        with self.write_lock:
            try:
                self.pipeline.remove(doc_id)
            finally:
                self.pipeline.index.commit()
            path = Path(row.path)
            if self._is_upload(path):
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):  # not empty (or gone): leave it
                    path.parent.rmdir()

    # -- helpers -------------------------------------------------------------------------
    def _ingest(self, path: Path, *, force: bool = False) -> FileReport:
        try:
            return self.pipeline.ingest_file(path, source=self.source_of(path), force=force)
        finally:
            self.pipeline.index.commit()

    def _row(self, doc_id: str) -> ManifestRow:
        with self._read_lock:
            row = self._reader.get_doc(doc_id)
        if row is None:
            raise NotFoundError(
                f"Dokument {doc_id!r} ist nicht bekannt.",
                message_en=f"Unknown document {doc_id!r}.",
            )
        return row

    def _is_upload(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.settings.uploads_dir.resolve())
        except ValueError:
            return False
        return True

    def source_of(self, path: Path) -> str:
        """How the document's origin is shown, never as a server path: ``upload/<name>``,
        the path relative to the working directory, or (the folder given to ingest is not
        recorded) the file name."""
        if self._is_upload(path):
            return UPLOAD_SOURCE_PREFIX + path.name
        return public_source(path)

    def _info(self, row: ManifestRow) -> DocumentInfo:
        path = Path(row.path)
        return DocumentInfo(
            doc_id=row.doc_id,
            title=row.title or path.name,
            doc_type=row.doc_type or "other",
            source=self.source_of(path),
            status=row.status,
            chunks=row.chunks,
            reason=row.reason or None,
            message=row.message or None,
            updated=row.updated_at,
            format=row.format,
            pages=row.pages,
        )
