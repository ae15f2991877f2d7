"""The ingest manifest: one SQLite row per known file.

``status`` is ``indexing`` while a file's chunks are being written, ``indexed`` once they
all are, and ``failed`` for files that could not be read (with ``reason`` and ``message``).
A row left in ``indexing`` by a killed run is simply processed again. ``ingest_format`` is the
ingest format number (``ingest.format_version``) the row's chunks were made with; a manifest
from before that column gets it added, every existing row at format 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingest.format_version import FIRST_FORMAT

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('indexing', 'indexed', 'failed')),
    chunks INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    pages INTEGER,
    warnings TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    ingest_format INTEGER NOT NULL DEFAULT {FIRST_FORMAT}
);
"""
_ADD_FORMAT = (
    f"ALTER TABLE documents ADD COLUMN ingest_format INTEGER NOT NULL DEFAULT {FIRST_FORMAT}"
)


@dataclass(frozen=True)
class ManifestRow:
    """One file as the manifest knows it."""

    doc_id: str
    path: str
    content_hash: str
    status: str
    chunks: int
    reason: str
    message: str
    title: str
    doc_type: str
    format: str
    pages: int | None
    warnings: str
    updated_at: str
    ingest_format: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Manifest:
    """Access to the manifest database (one connection, autocommit per statement)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._add_format_column()

    def _add_format_column(self) -> None:
        """Bring a manifest written before the ingest format number up to date."""
        if "ingest_format" in self._columns():
            return
        try:
            self._db.execute(_ADD_FORMAT)
        except sqlite3.OperationalError:
            if "ingest_format" not in self._columns():  # not another process's migration
                raise

    def _columns(self) -> set[str]:
        return {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def get(self, path: str) -> ManifestRow | None:
        """The row of a file path, if known."""
        cur = self._db.execute("SELECT * FROM documents WHERE path = ?", (path,))
        row = cur.fetchone()
        return ManifestRow(*row) if row else None

    def get_doc(self, doc_id: str) -> ManifestRow | None:
        """The row of a document id, if known."""
        row = self._db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return ManifestRow(*row) if row else None

    def rows(self) -> Iterator[ManifestRow]:
        """All rows, ordered by path."""
        for row in self._db.execute("SELECT * FROM documents ORDER BY path"):
            yield ManifestRow(*row)

    def begin(self, doc_id: str, path: str, content_hash: str) -> None:
        """Record that the file's chunks are about to be written."""
        self._db.execute(
            """INSERT INTO documents (doc_id, path, content_hash, status, updated_at)
               VALUES (?, ?, ?, 'indexing', ?)
               ON CONFLICT(doc_id) DO UPDATE SET content_hash = excluded.content_hash,
               status = 'indexing', reason = '', message = '', updated_at = excluded.updated_at""",
            (doc_id, path, content_hash, _now()),
        )

    def finish(
        self,
        doc_id: str,
        *,
        chunks: int,
        title: str,
        doc_type: str,
        format: str,
        pages: int | None,
        warnings: list[str],
        ingest_format: int,
    ) -> None:
        """Record that all chunks of the file are written, made with ``ingest_format``."""
        self._db.execute(
            """UPDATE documents SET status = 'indexed', chunks = ?, title = ?, doc_type = ?,
               format = ?, pages = ?, warnings = ?, updated_at = ?, ingest_format = ?
               WHERE doc_id = ?""",
            (
                chunks,
                title,
                doc_type,
                format,
                pages,
                "\n".join(warnings),
                _now(),
                ingest_format,
                doc_id,
            ),
        )

    def record_failure(
        self, doc_id: str, path: str, content_hash: str, reason: str, message: str
    ) -> None:
        """Remember a file that could not be indexed. A previously indexed version stays."""
        self._db.execute(
            """INSERT INTO documents (doc_id, path, content_hash, status, reason, message,
               updated_at) VALUES (?, ?, ?, 'failed', ?, ?, ?)
               ON CONFLICT(doc_id) DO UPDATE SET reason = excluded.reason,
               message = excluded.message, updated_at = excluded.updated_at,
               status = CASE WHEN documents.status = 'indexed' THEN 'indexed' ELSE 'failed' END""",
            (doc_id, path, content_hash, reason, message, _now()),
        )

    def remove(self, doc_id: str) -> None:
        """Forget a document."""
        self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def clear(self) -> None:
        """Forget everything (rebuild)."""
        self._db.execute("DELETE FROM documents")
