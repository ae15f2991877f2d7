"""The web pages, the embeddable widget and their static assets, served from ``web/``.

Pages get a strict Content-Security-Policy (no inline scripts or styles, same-origin only);
``/widget.js`` and ``/static/*`` may be loaded from any intranet page (the API calls the
widget makes are governed by the CORS allowlist, not by these headers).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.errors import ApiError

router = APIRouter(include_in_schema=False)

#: ``web/`` beside the ``api`` package: the repository root (also with the editable install)
WEB_DIR = Path(__file__).resolve().parents[2] / "web"
STATIC_DIR = WEB_DIR / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)

#: headers on every response of this router
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

PAGE_HEADERS = {
    **COMMON_HEADERS,
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-cache",
}

#: assets the widget loads into any host page
ASSET_HEADERS = {
    **COMMON_HEADERS,
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Cache-Control": "public, max-age=300",
}

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}

PAGES = {
    "/": "index.html",
    "/advisor": "advisor.html",
    "/admin": "admin.html",
    "/view": "view.html",
}


def _not_found() -> ApiError:
    return ApiError(404, "not_found", "Diese Datei gibt es nicht.")


def _page(name: str) -> FileResponse:
    path = WEB_DIR / name
    if not path.is_file():
        raise _not_found()
    return FileResponse(path, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


@router.get("/")
def chat_page() -> FileResponse:
    """Die Chat-Seite."""
    return _page(PAGES["/"])


@router.get("/advisor")
def advisor_page() -> FileResponse:
    """Der Beratungsarbeitsplatz."""
    return _page(PAGES["/advisor"])


@router.get("/admin")
def admin_page() -> FileResponse:
    """Die Dokumentverwaltung."""
    return _page(PAGES["/admin"])


@router.get("/view")
def view_page() -> FileResponse:
    """Die Quellenansicht für Markdown-, HTML- und Textdokumente."""
    return _page(PAGES["/view"])


@router.get("/widget.js")
def widget_script() -> FileResponse:
    """Das einbettbare Chat-Widget (ein Script-Tag auf einer beliebigen Intranetseite)."""
    path = WEB_DIR / "widget.js"
    if not path.is_file():
        raise _not_found()
    return FileResponse(path, media_type=MEDIA_TYPES[".js"], headers=ASSET_HEADERS)


def resolve_static(name: str) -> Path | None:
    """The file below ``web/static`` that ``name`` names, or None (no traversal, known types)."""
    if not name or "\\" in name or "\x00" in name:
        return None
    base = STATIC_DIR.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    if path.suffix not in MEDIA_TYPES:
        return None
    return path


@router.get("/static/{name:path}")
def static_file(name: str) -> FileResponse:
    """Skripte, Stylesheets und Bilder der Webseiten und des Widgets."""
    path = resolve_static(name)
    if path is None:
        raise _not_found()
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=ASSET_HEADERS)
