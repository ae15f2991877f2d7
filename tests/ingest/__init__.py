"""Tests of the ingest package; helpers for the shared PDF fixtures live here.

The PDFs sit in the read-only ``shared/`` folder beside the repository (``<X>/main`` and
``<X>/shared``), or wherever ``SMARTCITY_SHARED_DIR`` points.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from ingest.document import LoadedDocument
from ingest.loaders import load_document

REPO = Path(__file__).resolve().parents[2]
#: generous: the loaders' own limit is tested separately
MAX_BYTES = 64 * 1024 * 1024
#: manifest ``expect`` values that must fail, with the reason code they must fail with
EXPECTED_FAILURE = {
    "encrypted": "encrypted",
    "no-text": "no_text",
    "junk-text": "no_text",
    "broken": "broken",
    "broken-no-text": "broken",
    "not-pdf": "not_supported",
}


def shared_dir() -> Path:
    """The shared folder (``SMARTCITY_SHARED_DIR`` or ``<repo>/../shared``)."""
    env = os.environ.get("SMARTCITY_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


def pdf_dir() -> Path:
    """The folder of third-party PDF fixtures."""
    return shared_dir() / "testdata" / "pdfs"


def pdf_manifest() -> dict[str, dict[str, Any]]:
    """``manifest.json`` of the PDF fixtures; ``{}`` when it cannot be found."""
    path = pdf_dir() / "manifest.json"
    if not path.is_file():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def load_shared_pdf(name: str) -> LoadedDocument | DocumentError:
    """Load one shared PDF once per test session: the document, or the error it raised.

    Callers must not modify the returned document.
    """
    try:
        return load_document(pdf_dir() / name, max_bytes=MAX_BYTES)
    except DocumentError as exc:
        return exc
