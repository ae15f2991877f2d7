"""CLI: ``smartcity programmes`` and ``smartcity briefing`` on the sample corpus index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from api.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture
def corpus_env(corpus_services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the CLI at the index the session fixture built."""
    monkeypatch.setenv("SMARTCITY_DATA_DIR", str(corpus_services.settings.data_dir))


def test_programmes_command(corpus_env: None) -> None:
    args = ["programmes", "-m", "Delbrück", "-t", "LoRaWAN", "--on", "2026-11-28", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    states = {p["source"].rsplit("/", 1)[-1]: p["status"] for p in data["programmes"]}
    assert states["foerderaufruf-lorawan-pilotprojekte-owl-2024.md"] == "expired"
    assert states["iot-lorawan-infrastruktur-nrw-beispielaufruf.md"] == "open"

    text = runner.invoke(app, ["programmes", "-m", "Delbrück", "-t", "LoRaWAN"])
    assert text.exit_code == 0
    assert "[abgelaufen] Förderaufruf LoRaWAN-Pilotprojekte OWL 2024" in text.stdout


def test_briefing_command_writes_files(corpus_env: None, tmp_path: Path) -> None:
    pdf = tmp_path / "delbrueck.pdf"
    result = runner.invoke(
        app,
        ["briefing", "-m", "Delbrück", "-t", "LoRaWAN Gebäudemonitoring", "--format", "pdf",
         "-o", str(pdf)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Briefing geschrieben" in result.stdout
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Offene Fragen für das Gespräch" in text and "[1]" in text

    docx = tmp_path / "borchen.docx"
    result = runner.invoke(
        app,
        ["briefing", "-m", "Borchen", "-t", "Open Data", "-t", "Ratsarbeit", "-f", "docx",
         "-o", str(docx)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    assert "Quellen" in paragraphs and any("[1]" in p for p in paragraphs)

    md = runner.invoke(app, ["briefing", "-m", "Delbrück", "-t", "LoRaWAN", "--format", "md"])
    assert md.exit_code == 0 and md.stdout.startswith("# Beratungsbriefing: Delbrück")


def test_briefing_usage_errors(corpus_env: None) -> None:
    no_file = runner.invoke(app, ["briefing", "-m", "Delbrück", "-t", "LoRaWAN", "-f", "pdf"])
    assert no_file.exit_code == 2
    bad_format = runner.invoke(app, ["briefing", "-m", "Delbrück", "-t", "x", "-f", "odt"])
    assert bad_format.exit_code == 2
    unknown = runner.invoke(app, ["briefing", "-m", "Delbrük", "-t", "LoRaWAN"])
    assert unknown.exit_code == 2
    assert "Meinten Sie" in unknown.output
    help_text = runner.invoke(app, ["briefing", "--help"])
    assert help_text.exit_code == 0 and "Beispiele" in help_text.stdout
