from __future__ import annotations

import json
from pathlib import Path

from assistant.filters import SearchFilters
from assistant.lexical import FORMAT, LexicalIndex, indexed_text, tokenize

ROWS = [
    (
        "a",
        "Die Förderrichtlinie Digitale Modellregionen fördert Kommunen.",
        {"doc_type": "programme_guideline", "key_region": "nrw", "valid_until_n": 20231231},
    ),
    (
        "b",
        "LoRaWAN-Sensoren messen den Wasserverbrauch in Schulen.",
        {"doc_type": "project_report", "key_region": "owl", "valid_until_n": 0},
    ),
    (
        "c",
        "Das Breitband-Förderprogramm des Bundes für Gigabitnetze.",
        {"doc_type": "programme_guideline", "key_region": "bund", "valid_until_n": 20281231},
    ),
]


def test_tokenize_makes_word_internal_4grams() -> None:
    assert tokenize("Die LoRaWAN") == ["die", "lora", "oraw", "rawa", "awan"]
    assert tokenize("a-b") == ["a", "b"]
    # grams never cross words
    assert "ieda" not in tokenize("die Daten")


def test_compound_parts_match() -> None:
    index = LexicalIndex.build(ROWS, generation=1)
    hits = index.search("Richtlinie", 3)
    assert hits[0][0] == "a"
    assert index.search("Wasser Schule", 3)[0][0] == "b"


def test_unknown_words_give_no_hits() -> None:
    index = LexicalIndex.build(ROWS, generation=1)
    assert index.search("xyzq", 3) == []
    assert index.search("   ", 3) == []


def test_filters_mask_results() -> None:
    index = LexicalIndex.build(ROWS, generation=1)
    ids = [
        i
        for i, _ in index.search("Förderprogramm Förderrichtlinie", 3, SearchFilters(region="Bund"))
    ]
    assert ids == ["c"]
    from datetime import date

    ids = [i for i, _ in index.search("Förder", 3, SearchFilters(valid_on=date(2026, 1, 1)))]
    assert "a" not in ids and "c" in ids


def test_empty_index_searches_and_persists(tmp_path: Path) -> None:
    empty = LexicalIndex.build([], generation=3)
    assert empty.search("Förderung", 5) == []
    empty.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert loaded is not None and len(loaded) == 0 and loaded.generation == 3


def test_save_load_round_trip_and_replace(tmp_path: Path) -> None:
    index = LexicalIndex.build(ROWS, generation=7)
    index.save(tmp_path / "lex")
    LexicalIndex.build(ROWS[:1], generation=8).save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert loaded is not None
    assert loaded.generation == 8 and loaded.ids == ["a"]
    assert [p.name for p in tmp_path.iterdir()] == ["lex"]


def test_unreadable_index_loads_as_none(tmp_path: Path) -> None:
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "state.json").write_text("{broken", encoding="utf-8")
    assert LexicalIndex.load(tmp_path / "lex") is None
    assert LexicalIndex.load(tmp_path / "missing") is None


def test_the_document_title_is_indexed_with_each_chunk() -> None:
    rows = [
        ("t", "Sensoren melden offene Fenster.", {"title": "Gebäudemonitoring Delbrück"}),
        ("u", "Sensoren zählen freie Parkplätze.", {"title": "Smart Parking Paderborn"}),
    ]
    index = LexicalIndex.build(rows, generation=1)
    assert index.search("Delbrück Sensoren", 2)[0][0] == "t"
    assert index.search("Paderborn Sensoren", 2)[0][0] == "u"
    assert indexed_text("Text.", {"title": " "}) == "Text."


def test_an_index_saved_in_an_older_format_is_rebuilt(tmp_path: Path) -> None:
    LexicalIndex.build(ROWS, generation=4).save(tmp_path / "lex")
    state = tmp_path / "lex" / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    del data["format"]  # as saved before titles were indexed
    state.write_text(json.dumps(data), encoding="utf-8")
    assert LexicalIndex.load(tmp_path / "lex") is None  # the index then rebuilds from the store
