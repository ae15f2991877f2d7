"""Rate limiting per API key (or client IP without a valid key), sliding window, in memory.

Applies to the API paths (``/api/...`` and ``/v1/...``); health, readiness, metrics, the web
pages and CORS preflight requests are not counted. Over the limit: 429 in the error shape
with ``Retry-After`` (seconds). ``SMARTCITY_RATE_LIMIT_PER_MINUTE=0`` switches it off.
The state lives in the process: several worker processes each count on their own.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response
from api.security import API_KEY_HEADER, key_fingerprint, valid_key
from assistant.settings import Settings

LIMITED_PREFIXES = ("/api/", "/v1/")
#: buckets kept before idle ones are swept out
MAX_BUCKETS = 10_000


class SlidingWindowLimiter:
    """At most ``limit`` hits per ``window`` seconds per key (a log of hit times per key)."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count a request; ``None`` when allowed, else the seconds until one is allowed."""
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= MAX_BUCKETS:
                    self._sweep(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(hits[0] + self.window - now, 0.0)
            hits.append(now)
            return None

    def _sweep(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[key]


def client_key(scope: Scope, settings: Settings) -> str:
    """The bucket of a request: its API key (``X-API-Key`` or ``Authorization: Bearer``, as
    OpenAI clients send it) when valid, else the client address."""
    headers = Headers(scope=scope)
    key = headers.get(API_KEY_HEADER)
    if not key:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        key = token.strip() if scheme.lower() == "bearer" else None
    if key and valid_key(settings, key):
        return "key:" + key_fingerprint(key)
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")


class RateLimitMiddleware:
    """ASGI middleware applying a ``SlidingWindowLimiter`` to the API paths."""

    def __init__(self, app: ASGIApp, settings: Settings, limiter: SlidingWindowLimiter) -> None:
        self.app = app
        self.settings = settings
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") == "OPTIONS"
            or not str(scope.get("path", "")).startswith(LIMITED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        wait = self.limiter.hit(client_key(scope, self.settings))
        if wait is None:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        response = error_response(
            429,
            "rate_limited",
            f"Zu viele Anfragen (höchstens {self.limiter.limit} pro Minute). "
            f"Bitte in {seconds} s erneut versuchen.",
            headers={"Retry-After": str(seconds)},
        )
        await response(scope, receive, send)
