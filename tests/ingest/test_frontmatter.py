"""YAML front matter: splitting, parsing, errors with the file's line number."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import DocumentError
from ingest.frontmatter import load_yaml_mapping, read_front_matter, split_front_matter


def test_split_front_matter() -> None:
    block, body, first_line = split_front_matter("---\ntitle: A\n---\n# Body\n")
    assert block == "title: A\n"
    assert body == "# Body\n"
    assert first_line == 2


def test_split_accepts_dots_crlf_bom_and_leading_blank_lines() -> None:
    block, body, first_line = split_front_matter("\ufeff\n\n---\r\ntitle: A\r\n...\r\nText")
    assert block is not None and "title: A" in block
    assert body == "Text"
    assert first_line == 4


@pytest.mark.parametrize(
    "text",
    [
        "# Titel\n---\ntitle: A\n---\n",  # not at the start
        "---\ntitle: A\nno closing line\n",
        "--- \ntitle",
        "----\ntitle: A\n----\n",
        "Text only",
        "",
    ],
)
def test_no_front_matter(text: str) -> None:
    block, body, _ = split_front_matter(text)
    assert block is None
    assert body == text


def test_read_front_matter_values() -> None:
    data, body = read_front_matter(
        "---\ntitle: Förderaufruf\npublished: 2024-03-01\ntopics: [Mobilität, Energie]\n"
        "1: eins\n---\nText\n",
        name="a.md",
    )
    assert data == {
        "title": "Förderaufruf",
        "published": date(2024, 3, 1),
        "topics": ["Mobilität", "Energie"],
        "1": "eins",
    }
    assert body == "Text\n"


def test_impossible_date_stays_a_string() -> None:
    data, _ = read_front_matter("---\nvalid_until: 2024-13-45\n---\nText", name="a.md")
    assert data == {"valid_until": "2024-13-45"}


def test_empty_front_matter() -> None:
    assert read_front_matter("---\n---\nText", name="a.md") == ({}, "Text")


def test_malformed_yaml_names_the_line() -> None:
    text = "---\ntitle: ok\ntopics: [a, b\nregion: : x\n---\nText\n"
    with pytest.raises(DocumentError) as info:
        read_front_matter(text, name="bericht.md")
    error = info.value
    assert error.reason == "broken"
    assert "bericht.md" in error.message
    assert "Zeile 4" in error.message  # the line of the file, counting the opening ---
    assert "line 4" in error.message_en


def test_tab_indentation_is_broken() -> None:
    with pytest.raises(DocumentError, match="Zeile 3") as info:
        read_front_matter("---\ntitle: a\n\tregion: b\n---\n", name="x.md")
    assert info.value.reason == "broken"


@pytest.mark.parametrize("yaml_text", ["- a\n- b\n", "nur ein Satz\n", "42\n"])
def test_front_matter_must_be_a_mapping(yaml_text: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_front_matter(f"---\n{yaml_text}---\nText", name="x.md")
    assert info.value.reason == "broken"


def test_load_yaml_mapping_line_offset() -> None:
    with pytest.raises(DocumentError, match="Zeile 12"):
        load_yaml_mapping("a: [1,\n", what="Test", first_line=11)
