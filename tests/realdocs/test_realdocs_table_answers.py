"""A rate question on the DAS guideline is answered with the table row it asks about, shown as
"header: value" pairs under its row label, and the citation quotes the row as the chunk has it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROW = (
    "Förderschwerpunkt A.1 Nachhaltiges Anpassungskonzept — Förderquote (FQ): 80%, "
    "Mindestzuwendung (Euro): 50.000, Maximalzuwendung (Euro): 225.000, "
    "FQ für finanzschwache Kommunen: 90%"
)


def test_rate_question_gets_its_row_with_header_and_label(realdocs_services: Any) -> None:
    answer = realdocs_services.answers.ask(
        "Wir sind eine kleine Gemeinde in der Haushaltssicherung. Welche Förderquote gibt der "
        "Bund für ein nachhaltiges Anpassungskonzept an die Folgen des Klimawandels, und wie "
        "hoch ist die Zuwendung höchstens?"
    )
    assert answer.kind == "answer" and answer.confidence in ("high", "medium")
    assert ROW in answer.answer
    assert "Förderquote (FQ) 80% Mindestzuwendung" not in answer.answer
    [row_citation] = [c for c in answer.citations if "A.1 Nachhaltiges" in c.quote]
    assert row_citation.quote == "A.1 Nachhaltiges Anpassungskonzept | 80% | 50.000 | 225.000 | 90%"
    assert row_citation.section.endswith("5.1 Förderschwerpunkt A")
    stored = realdocs_services.index.store.get([row_citation.chunk_id])
    assert row_citation.quote in stored[row_citation.chunk_id][0]
