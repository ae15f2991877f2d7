from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import InvalidRequestError
from assistant.filters import SearchFilters


def test_empty_filters() -> None:
    f = SearchFilters()
    assert f.is_empty()
    assert f.to_chroma() is None
    assert f.matches({"doc_type": "other"})


def test_single_and_combined_clauses() -> None:
    assert SearchFilters(doc_type="project_report").to_chroma() == {"doc_type": "project_report"}
    where = SearchFilters(region=" owl ", valid_on=date(2026, 11, 28)).to_chroma()
    assert where == {
        "$and": [
            {"key_region": "owl"},
            {"$or": [{"valid_until_n": 0}, {"valid_until_n": {"$gte": 20261128}}]},
        ]
    }


def test_python_matching_agrees_with_the_clause() -> None:
    f = SearchFilters(municipality="Delbrück", valid_on=date(2026, 1, 1))
    assert f.matches({"key_municipality": "delbrück", "valid_until_n": 0})
    assert f.matches({"key_municipality": "delbrück", "valid_until_n": 20260101})
    assert not f.matches({"key_municipality": "delbrück", "valid_until_n": 20251231})
    assert not f.matches({"key_municipality": "paderborn", "valid_until_n": 0})


def test_unknown_doc_type_is_a_clear_error() -> None:
    with pytest.raises(InvalidRequestError, match="programme_guideline"):
        SearchFilters(doc_type="bericht")
