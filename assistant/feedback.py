"""User feedback on answers (thumbs up/down), kept in SQLite for a limited time.

Data protection: an entry holds only what the user sent (rating, optionally the question,
the answer, the cited chunk ids, a comment and a conversation id) and the time it arrived;
never an IP address, user agent or API key. Entries older than the retention period are
deleted when the store opens and before every new entry.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    chunk_ids TEXT NOT NULL DEFAULT '[]',
    comment TEXT NOT NULL DEFAULT '',
    conversation_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
"""


def _utc(moment: datetime | None) -> datetime:
    return (moment or datetime.now(UTC)).astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedbackEntry:
    """One feedback entry as stored."""

    rating: Rating
    question: str = ""
    answer: str = ""
    chunk_ids: list[str] = field(default_factory=list)
    comment: str = ""
    conversation_id: str = ""
    id: int | None = None
    created_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "rating": self.rating,
            "question": self.question,
            "answer": self.answer,
            "chunk_ids": list(self.chunk_ids),
            "comment": self.comment,
            "conversation_id": self.conversation_id,
        }


class FeedbackStore:
    """Feedback entries in one SQLite file; safe to use from several threads."""

    def __init__(self, path: Path, retention_days: int) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.retention = timedelta(days=retention_days)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self.purge_older_than(self.retention)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def add(self, entry: FeedbackEntry, *, now: datetime | None = None) -> int:
        """Store an entry (after purging expired ones) and return its id."""
        moment = _utc(now)
        self.purge_older_than(self.retention, now=moment)
        with self._lock:
            cur = self._db.execute(
                """INSERT INTO feedback (created_at, rating, question, answer, chunk_ids,
                   comment, conversation_id) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (
                    _iso(moment),
                    entry.rating,
                    entry.question,
                    entry.answer,
                    json.dumps(list(entry.chunk_ids), ensure_ascii=False),
                    entry.comment,
                    entry.conversation_id,
                ),
            )
            new_id = cur.lastrowid
        assert new_id is not None
        return int(new_id)

    def list(self, *, limit: int = 100, offset: int = 0) -> list[FeedbackEntry]:
        """The newest entries first."""
        with self._lock:
            rows = self._db.execute(
                """SELECT id, created_at, rating, question, answer, chunk_ids, comment,
                   conversation_id FROM feedback ORDER BY id DESC LIMIT ? OFFSET ?""",
                (limit, offset),
            ).fetchall()
        return [
            FeedbackEntry(
                id=row[0],
                created_at=row[1],
                rating=row[2],
                question=row[3],
                answer=row[4],
                chunk_ids=list(json.loads(row[5])),
                comment=row[6],
                conversation_id=row[7],
            )
            for row in rows
        ]

    def count(self) -> int:
        """How many entries are stored."""
        with self._lock:
            (n,) = self._db.execute("SELECT COUNT(*) FROM feedback").fetchone()
        return int(n)

    def purge_older_than(self, age: timedelta, *, now: datetime | None = None) -> int:
        """Delete entries older than ``age``; returns how many were deleted."""
        cutoff = _iso(_utc(now) - age)
        with self._lock:
            cur = self._db.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,))
        return int(cur.rowcount)
