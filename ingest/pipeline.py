"""The incremental ingest pipeline.

For every file: hash it (with its sidecar), skip it when the manifest has the same hash,
otherwise load, chunk, embed and write it, then mark it indexed. Failures are reported per
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
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.loaders import SUPPORTED_SUFFIXES, load_document
from ingest.manifest import Manifest
from ingest.metadata import build_metadata, read_sidecar, sidecar_path

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
    """The path as users see it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


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
        gone. The lexical index is brought in step at the end, also after an error."""
        report = IngestReport()
        try:
            for path in discover(paths):
                result = self.ingest_file(path)
                report.files.append(result)
                if on_file:
                    on_file(result)
            if prune:
                for result in self.prune():
                    report.files.append(result)
                    if on_file:
                        on_file(result)
        finally:
            self.index.commit()
        return report

    def ingest_file(self, path: Path, *, source: str | None = None) -> FileReport:
        """Index one file (or skip it when unchanged)."""
        path = path.resolve()
        doc_id = document_id(path)
        shown = source or display_source(path)
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
            if known and known.status == "indexed" and known.content_hash == digest:
                return FileReport(shown, "unchanged", known.chunks, doc_id)
            loaded = load_document(path, max_bytes=self.settings.max_file_bytes)
            meta = build_metadata(loaded, read_sidecar(path))
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
                shown,
                "failed",
                doc_id=doc_id,
                reason=exc.reason,
                message=exc.message,
                message_en=exc.message_en,
            )
        vectors = self.index.embeddings.embed_documents([c.text for c in chunks])
        self.manifest.begin(doc_id, str(path), digest)
        self.index.replace_document(doc_id, chunks, vectors)
        self.manifest.finish(
            doc_id,
            chunks=len(chunks),
            title=meta.title,
            doc_type=meta.doc_type,
            format=loaded.format,
            pages=loaded.page_count,
            warnings=loaded.warnings,
        )
        return FileReport(shown, "indexed", len(chunks), doc_id, warnings=list(loaded.warnings))

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
