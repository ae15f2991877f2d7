"""Fixtures of the browser tests: a tiny corpus (two sample project reports, the transfer note of
one of them, and a document without a sample note), the real app under uvicorn, a hostile host
page on a second origin, and Debian's chromium driven by Playwright (never a downloaded
browser)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.net import NotReadyError, free_port, http_ok, stop_process, wait_until

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "docs" / "screenshots"
ADMIN_KEY = "test-admin-key-123"

XSS_TEXT = """---
title: "Sicherheitshinweis Skriptfilter Testdokument"
doc_type: other
region: OWL
municipality: Delbrück
language: de
---
Sicherheitshinweis zum Skriptfilter im Bürgerportal.

Der Skriptfilter des Bürgerportals muss Eingaben wie <script>alert(1)</script> und
<img src=x onerror=alert(1)> als reinen Text behandeln und niemals ausführen.

Der Skriptfilter wurde im Jahr 2024 von der Stadtverwaltung geprüft.
"""

HOSTILE_CSS = """
* { color: red !important; font-size: 3px !important; display: block !important;
    background: yellow !important; letter-spacing: 4px !important; }
html { font-size: 3px !important; }
button { display: none !important; }
div, span, p, a, li, ol, ul, form, textarea, section { visibility: hidden !important;
    position: static !important; transform: scale(0.2) !important; }
smartcity-assistant { display: none !important; opacity: 0 !important; }
[role="dialog"] { display: none !important; }
"""


@dataclass
class WebServer:
    """The running app: base URL, data dir, the ingested documents and the hostile host page."""

    base: str
    data_dir: Path
    host_page: str
    plain_page: str
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def doc_id(self, name_part: str) -> str:
        """The doc_id of the ingested file whose path contains ``name_part``."""
        for path, entry in self.docs.items():
            if name_part in path:
                return str(entry["doc_id"])
        raise KeyError(name_part)


PLAIN_CSS = """
body { margin: 0; font-family: Georgia, serif; color: #222; background: #fafafa; }
header { background: #5a6b2f; color: #fff; padding: 18px 32px; font-size: 22px; }
main { padding: 24px 32px; max-width: 760px; }
"""


def _host_page(api: str, hostile: bool) -> bytes:
    """An intranet page; the hostile one does its worst to the widget's styles."""
    css = HOSTILE_CSS if hostile else PLAIN_CSS
    html = f"""<!doctype html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intranet der Stadt Delbrück</title>
<style>{css}</style></head>
<body><header>Intranet der Stadt Delbrück</header>
<main><h1>Digitalisierung im Rathaus</h1>
<p>Neuigkeiten aus den Fachbereichen. Fragen zu Förderprogrammen und Smart-City-Projekten
beantwortet der Assistent unten rechts.</p></main>
<script src="{api}/widget.js" data-api="{api}" data-municipality="Delbrück" defer></script>
</body></html>"""
    return html.encode("utf-8")


class _HostHandler(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}  # noqa: RUF012 (set once by the fixture)

    def do_GET(self) -> None:
        page = self.pages.get(self.path.split("?")[0])
        if page is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: Any) -> None:
        return


def _wait_ready(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    try:
        wait_until(lambda: http_ok(base + "/readyz"), timeout_s=180, proc=proc)
    except NotReadyError as exc:
        pytest.fail(f"{exc}: {log.read_text(errors='replace')[-3000:]}")


def _write_corpus(root: Path) -> None:
    root.mkdir(parents=True)
    for name in (
        "projects/delbrueck-lorawan-gebaeudemonitoring.pdf",
        "projects/delbrueck-lorawan-gebaeudemonitoring.pdf.meta.yaml",
        "projects/salzkotten-smarte-strassenbeleuchtung.md",
        "transfer/transfer-led-strassenbeleuchtung.md",
    ):
        shutil.copy(REPO / "corpus" / name, root / Path(name).name)
    (root / "skriptfilter-hinweis.txt").write_text(XSS_TEXT, encoding="utf-8")


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """The real app (uvicorn, own process) over a tiny ingested corpus; CORS allows the host."""
    root = tmp_path_factory.mktemp("web")
    corpus = root / "corpus"
    _write_corpus(corpus)
    data_dir = root / "data"
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    _HostHandler.pages = {
        "/intranet.html": _host_page(base, hostile=True),
        "/plain.html": _host_page(base, hostile=False),
    }
    host = ThreadingHTTPServer(("127.0.0.1", 0), _HostHandler)
    host_origin = f"http://127.0.0.1:{host.server_address[1]}"
    threading.Thread(target=host.serve_forever, daemon=True).start()

    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCITY_")}
    env.update(
        SMARTCITY_DATA_DIR=str(data_dir),
        SMARTCITY_ADMIN_KEYS=ADMIN_KEY,
        SMARTCITY_CORS_ORIGINS=host_origin,
        SMARTCITY_RATE_LIMIT_PER_MINUTE="0",
        SMARTCITY_CONTACTS_PATH=str(REPO / "corpus" / "contacts.yaml"),
        SMARTCITY_REGIONS_PATH=str(REPO / "corpus" / "regions.yaml"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
    )
    cli = [sys.executable, "-c", "from api.cli import main; main()"]
    done = subprocess.run(
        [*cli, "ingest", "--json", str(corpus)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"ingest failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    files = report.get("files", report) if isinstance(report, dict) else report
    docs = {str(f["path"]): f for f in files}

    log = root / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ready(base, proc, log)
        yield WebServer(
            base, data_dir, host_origin + "/intranet.html", host_origin + "/plain.html", docs
        )
    finally:
        stop_process(proc)
        host.shutdown()
        host.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium; Playwright never downloads a browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class PageWatch:
    """What a page reported: console messages, page errors, dialogs."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        """Console lines about the Content-Security-Policy."""
        return [m for m in self.console if "Content Security Policy" in m or "Refused to" in m]


def watch(page: Any) -> PageWatch:
    """Record console output, uncaught errors and dialogs (dialogs are dismissed)."""
    w = PageWatch()
    page.on("console", lambda m: w.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: w.errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        w.dialogs.append(f"{d.type}: {d.message}")
        if d.type != "confirm":
            d.dismiss()

    page.on("dialog", on_dialog)
    return w


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (own storage) at desktop size, German locale."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE")
    ctx.set_default_timeout(20_000)
    try:
        yield ctx
    finally:
        ctx.close()


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page (WCAG 2.1 A/AA rules)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                             'best-practice']},
            resultTypes: ['violations']})"""
    )
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    for v in bad:
        print(v["id"], v["impact"], v["help"])
        for node in v["nodes"][:5]:
            print("   ", node.get("target"), node.get("failureSummary", "")[:300])
    return bad


def post_json(base: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST ``body`` to the running server and return its JSON answer."""
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as r:
        result: dict[str, Any] = json.loads(r.read().decode("utf-8"))
    return result


def screenshot(page: Any, name: str, **kwargs: Any) -> Path:
    """Write docs/screenshots/NAME.png from the test's own code path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), **kwargs)
    return path
