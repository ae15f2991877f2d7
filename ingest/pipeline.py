"""The incremental ingest pipeline.

For every file: hash it (with its sidecar), skip it when the manifest has the same hash and
the current ingest format number (``ingest.format_version``), otherwise load, chunk, embed
and write it, then mark it indexed with that number. Failures are reported per
file with a reason code and never touch the rest of the index; a previously indexed
version of a file that now fails stays searchable.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.errors import DocumentError
from assistant.index import SearchIndex
from assistant.models import Chunk
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.corrections import MetadataCorrections
from ingest.document import LoadedDocument
from ingest.format_version import INGEST_FORMAT
from ingest.loaders import SUPPORTED_SUFFIXES, load_document
from ingest.manifest import Manifest
from ingest.metadata import DocumentMetadata, build_metadata, read_sidecar, sidecar_path

FileStatus = Literal["indexed", "unchanged", "failed", "removed"]
#: a folder holding a file of this name is not walked (e.g. sources of generated PDFs)
NOINDEX_MARKER = ".noindex"


@dataclass
class FileReport:
    """The outcome for one file, as ``smartcity ingest --json`` prints it."""

    path: str
    status: FileStatus
    chunks: int = 0
    doc_id: str = ""
    reason: str | None = None
    message: str | None = None
    message_en: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "chunks": self.chunks,
            "doc_id": self.doc_id,
        }
        if self.status == "failed":
            out.update(reason=self.reason, message=self.message, message_en=self.message_en)
        if self.warnings:
            out["warnings"] = self.warnings
        return out


@dataclass
class IngestReport:
    """All file outcomes of one run."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        """The files that could not be indexed."""
        return [f for f in self.files if f.status == "failed"]

    def counts(self) -> dict[str, int]:
        """How many files ended in each status."""
        out = {"indexed": 0, "unchanged": 0, "failed": 0, "removed": 0}
        for f in self.files:
            out[f.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "ok": not self.failed,
            "counts": self.counts(),
            "chunks": sum(f.chunks for f in self.files if f.status == "indexed"),
            "files": [f.to_dict() for f in self.files],
        }


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus the supported files inside named folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                if NOINDEX_MARKER in files:
                    dirs.clear()
                    continue
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    Path(root) / name
                    for name in sorted(files)
                    if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
                )
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p.resolve(), None)
    return list(unique)


def document_id(path: Path) -> str:
    """A stable id from the resolved path: readable slug plus a short hash."""
    resolved = str(path.resolve())
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "doc"
    return f"{slug}-{hashlib.sha1(resolved.encode()).hexdigest()[:10]}"


def display_source(path: Path) -> str:
    """The path as the ingest report shows it: relative to the working directory when inside
    it, else absolute (the operator named it)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def public_source(path: Path, root: Path | None = None) -> str:
    """The document's origin as answers and the document list show it, never a server path:
    relative to the working directory when inside it (unless that is the file system root);
    else, inside ``root`` (the folder given to ingest), that folder's name and the path below
    it; else the file name."""
    resolved = path.resolve()
    cwd = Path.cwd().resolve()
    if cwd != Path(cwd.anchor) and resolved.is_relative_to(cwd):
        return resolved.relative_to(cwd).as_posix()
    base = root.resolve() if root is not None else None
    if base is not None and base != resolved and resolved.is_relative_to(base):
        below = resolved.relative_to(base).as_posix()
        return f"{base.name}/{below}" if base.name else below
    return resolved.name


def content_hash(path: Path) -> str:
    """SHA-256 of the file and its sidecar (a metadata change re-indexes the file)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        digest.update(b"\0sidecar\0")
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class _ParsedFile:
    """A changed file, loaded and chunked, waiting for its embeddings."""

    path: Path
    doc_id: str
    reported: str
    digest: str
    loaded: LoadedDocument
    meta: DocumentMetadata
    chunks: list[Chunk]


class IngestPipeline:
    """Indexes files into one ``SearchIndex`` and keeps the manifest."""

    def __init__(self, settings: Settings, index: SearchIndex, manifest: Manifest) -> None:
        self.settings = settings
        self.index = index
        self.manifest = manifest

    def run(
        self,
        paths: Sequence[Path],
        *,
        prune: bool = False,
        on_file: Callable[[FileReport], None] | None = None,
    ) -> IngestReport:
        """Ingest ``paths`` (files or folders); with ``prune`` drop documents whose file is
        gone. The lexical index is brought in step at the end, also after an error.

        Chunks of consecutive files are embedded together, in batches of about
        ``embedding_batch_size`` texts: a model embeds one large batch much faster than many
        one-chunk calls (most documents are short). Each file is still written on its own,
        so a crash loses at most the files of the current batch, which a rerun redoes."""
        slots: list[FileReport | None] = []
        pending: list[tuple[int, _ParsedFile]] = []

        def emit(slot: int, result: FileReport) -> None:
            slots[slot] = result
            if on_file:
                on_file(result)

        def flush() -> None:
            parsed = [p for _, p in pending]
            for (slot, _), result in zip(pending, self._embed_and_write(parsed), strict=True):
                emit(slot, result)
            pending.clear()

        folders = [p.resolve() for p in paths if p.is_dir()]
        try:
            for path in discover(paths):
                slots.append(None)
                root = next((f for f in folders if path.is_relative_to(f)), None)
                prepared = self._parse(path, root=root)
                if isinstance(prepared, FileReport):
                    emit(len(slots) - 1, prepared)
                    continue
                pending.append((len(slots) - 1, prepared))
                if sum(len(p.chunks) for _, p in pending) >= self.settings.embedding_batch_size:
                    flush()
            flush()
            if prune:
                for result in self.prune():
                    slots.append(result)
                    if on_file:
                        on_file(result)
        finally:
            self.index.commit()
        return IngestReport(files=[r for r in slots if r is not None])

    def ingest_file(
        self, path: Path, *, source: str | None = None, force: bool = False
    ) -> FileReport:
        """Index one file (or skip it when unchanged, unless ``force``)."""
        prepared = self._parse(path, source=source, force=force)
        if isinstance(prepared, FileReport):
            return prepared
        (result,) = self._embed_and_write([prepared])
        return result

    def _parse(
        self,
        path: Path,
        *,
        source: str | None = None,
        force: bool = False,
        root: Path | None = None,
    ) -> FileReport | _ParsedFile:
        """Hash, load and chunk one file; a report when it is unchanged or fails.

        ``source``: how answers show the file (default ``public_source(path, root)``, with
        ``root`` the folder given to ingest); the report shows ``source`` or the path."""
        path = path.resolve()
        doc_id = document_id(path)
        shown = source or public_source(path, root)
        reported = source or display_source(path)
        digest = ""
        try:
            if not path.is_file():
                raise DocumentError(
                    "not_supported",
                    f"{shown} ist keine lesbare Datei.",
                    message_en=f"{shown} is not a readable file.",
                )
            size = path.stat().st_size
            digest = content_hash(path) if size <= self.settings.max_file_bytes else "too-large"
            known = self.manifest.get(str(path))
            unchanged = (
                known
                and known.status == "indexed"
                and known.content_hash == digest
                and known.ingest_format == INGEST_FORMAT
            )
            if unchanged and known and not force:
                return FileReport(reported, "unchanged", known.chunks, doc_id)
            loaded = load_document(path, max_bytes=self.settings.max_file_bytes)
            corrected = MetadataCorrections(self.settings.data_dir).get(doc_id)
            meta = build_metadata(loaded, read_sidecar(path), corrected)
            chunks = chunk_document(
                loaded,
                meta,
                doc_id=doc_id,
                source=shown,
                chunk_size=self.settings.chunk_size,
                overlap=self.settings.chunk_overlap,
            )
            if not chunks:
                raise DocumentError(
                    "no_text",
                    f"{shown} enthält keinen indexierbaren Text.",
                    message_en=f"{shown} contains no text that can be indexed.",
                )
        except DocumentError as exc:
            self.manifest.record_failure(doc_id, str(path), digest, exc.reason, exc.message)
            return FileReport(
                reported,
                "failed",
                doc_id=doc_id,
                reason=exc.reason,
                message=exc.message,
                message_en=exc.message_en,
            )
        return _ParsedFile(path, doc_id, reported, digest, loaded, meta, chunks)

    def _embed_and_write(self, files: Sequence[_ParsedFile]) -> list[FileReport]:
        """Embed the chunks of ``files`` in one call, then write each file on its own."""
        if not files:
            return []
        texts = [c.text for f in files for c in f.chunks]
        vectors = self.index.embeddings.embed_documents(texts)
        reports: list[FileReport] = []
        start = 0
        for f in files:
            own = vectors[start : start + len(f.chunks)]
            start += len(f.chunks)
            self.manifest.begin(f.doc_id, str(f.path), f.digest)
            self.index.replace_document(f.doc_id, f.chunks, own)
            self.manifest.finish(
                f.doc_id,
                chunks=len(f.chunks),
                title=f.meta.title,
                doc_type=f.meta.doc_type,
                format=f.loaded.format,
                pages=f.loaded.page_count,
                warnings=f.loaded.warnings,
                ingest_format=INGEST_FORMAT,
            )
            reports.append(
                FileReport(
                    f.reported, "indexed", len(f.chunks), f.doc_id, warnings=list(f.loaded.warnings)
                )
            )
        return reports

    def prune(self) -> list[FileReport]:
        """Remove documents whose files no longer exist."""
        removed: list[FileReport] = []
        for row in list(self.manifest.rows()):
            if Path(row.path).exists():
                continue
            self.remove(row.doc_id)
            if row.status == "failed":  # never in the index: forget it quietly
                continue
            removed.append(FileReport(display_source(Path(row.path)), "removed", 0, row.doc_id))
        return removed

    def remove(self, doc_id: str) -> None:
        """Delete one document from index and manifest."""
        self.index.delete_document(doc_id)
        self.manifest.remove(doc_id)

    def rebuild(self) -> None:
        """Forget everything, e.g. before re-indexing with another embedding model."""
        self.index.reset()
        self.manifest.clear()
