"""Domain errors of the assistant.

Every error carries a stable machine ``code`` and a human ``message`` (German first; the
English text, where given, follows in ``message_en``). The HTTP layer renders them as
``{"ok": false, "error": {"code": ..., "message": ...}}``; the CLI prints the message.

The tree::

    SmartCityError
    ├── ConfigurationError          code "configuration"      settings that cannot work
    ├── IndexMismatchError          code "index_mismatch"     index built with another model
    ├── DocumentError               code = reason             one input file cannot be indexed
    │                                 reason ∈ encrypted | broken | no_text | not_supported
    │                                          | too_large | empty
    ├── InvalidRequestError         code "invalid_request"    a malformed query or filter
    └── NotFoundError               code "not_found"          an unknown document, contact, ...
"""

from __future__ import annotations

from typing import Literal

FailureReason = Literal["encrypted", "broken", "no_text", "not_supported", "too_large", "empty"]
FAILURE_REASONS: tuple[FailureReason, ...] = (
    "encrypted",
    "broken",
    "no_text",
    "not_supported",
    "too_large",
    "empty",
)


class SmartCityError(Exception):
    """Base of all domain errors."""

    code: str = "error"

    def __init__(self, message: str, *, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


class ConfigurationError(SmartCityError):
    """Settings that cannot work (unknown backend, missing model directory, ...)."""

    code = "configuration"


class IndexMismatchError(SmartCityError):
    """The index on disk was built with another embedding model than the one configured."""

    code = "index_mismatch"


class DocumentError(SmartCityError):
    """One input file cannot be indexed; ``reason`` is the contract's failure code."""

    def __init__(
        self, reason: FailureReason, message: str, *, message_en: str | None = None
    ) -> None:
        super().__init__(message, message_en=message_en)
        self.reason: FailureReason = reason
        self.code = reason


class InvalidRequestError(SmartCityError):
    """A malformed query, filter or option."""

    code = "invalid_request"


class NotFoundError(SmartCityError):
    """Something that was asked for does not exist."""

    code = "not_found"
