"""API keys: admin keys for writes and admin routes, optional keys for read routes.

* Writes (document upload, delete, re-index) and admin routes need ``X-API-Key`` equal to one
  of ``SMARTCITY_ADMIN_KEYS``. With no admin key configured, writes are switched off (403).
* Read routes need a key only when ``SMARTCITY_API_KEYS`` is set; admin keys count as well.
* Missing key: 401 ``unauthorized``; wrong key: 403 ``forbidden``.

Keys are compared in constant time (``hmac.compare_digest``) against every configured key,
so the time taken does not tell which key was close.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ApiError
from assistant.settings import Settings

API_KEY_HEADER = "X-API-Key"

api_key_header = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    scheme_name="ApiKey",
    description="API-Schlüssel. Für Schreibzugriffe ein Admin-Schlüssel (SMARTCITY_ADMIN_KEYS); "
    "für Lesezugriffe nur nötig, wenn SMARTCITY_API_KEYS gesetzt ist.",
)


def key_matches(given: str, keys: Iterable[str]) -> bool:
    """Whether ``given`` equals one of ``keys`` (constant time per key, all keys checked)."""
    given_bytes = given.encode()
    found = False
    for key in keys:
        if key and hmac.compare_digest(given_bytes, key.encode()):
            found = True
    return found


def valid_key(settings: Settings, given: str | None) -> bool:
    """Whether ``given`` is any configured key (read or admin)."""
    return bool(given) and key_matches(given or "", [*settings.api_keys, *settings.admin_keys])


def key_fingerprint(key: str) -> str:
    """A short, non-reversible name for a key (rate-limit buckets, never logs of the key)."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def require_reader(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Read routes: a valid key when ``SMARTCITY_API_KEYS`` is set, else open."""
    settings = _settings(request)
    if not settings.api_keys:
        return
    if not key:
        raise ApiError(401, message="API-Schlüssel fehlt: Header X-API-Key angeben.")
    if not valid_key(settings, key):
        raise ApiError(403, message="Der API-Schlüssel ist nicht gültig.")


def require_admin(
    request: Request, key: Annotated[str | None, Security(api_key_header)] = None
) -> None:
    """Writes and admin routes: an admin key; none configured means writes are off."""
    settings = _settings(request)
    if not settings.admin_keys:
        raise ApiError(
            403,
            message="Schreibzugriff ist abgeschaltet: Es ist kein Admin-Schlüssel konfiguriert. "
            "Setzen Sie SMARTCITY_ADMIN_KEYS (kommagetrennt) und senden Sie den Schlüssel im "
            "Header X-API-Key.",
        )
    if not key:
        raise ApiError(401, message="Admin-Schlüssel fehlt: Header X-API-Key angeben.")
    if not key_matches(key, settings.admin_keys):
        raise ApiError(403, message="Der Schlüssel ist kein gültiger Admin-Schlüssel.")


ReaderDep = Depends(require_reader)
AdminDep = Depends(require_admin)
