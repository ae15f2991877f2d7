"""Abbreviation definitions and query expansion (assistant/glossary.py)."""

from __future__ import annotations

import pytest

from assistant.glossary import (
    expand_query,
    glossary_from_json,
    glossary_to_json,
    parse_glossary,
    remove_definitions,
)
from tests.conftest import shared_dir

DEFINITIONS = """Text davor.
*[AGVO]: Allgemeine Gruppenfreistellungsverordnung
*[ EU ]: Europäische Union
  *[
     BMUV
    ]: Bundesministerium für Umwelt,   Naturschutz
  *[
      z.B.
     ]: zum Beispiel
*[EU]: anders definiert, die erste Definition gilt
*[kein]: kein
Text danach mit *[Stern] im Satz.
"""

GLOSSARY = {
    "AGVO": "Allgemeine Gruppenfreistellungsverordnung",
    "EU": "Europäische Union",
    "BMUV": "Bundesministerium für Umwelt, Naturschutz",
    "z.B.": "zum Beispiel",
}


def test_parse_glossary_reads_one_line_spaced_and_multi_line_definitions() -> None:
    assert parse_glossary(DEFINITIONS) == GLOSSARY


def test_remove_definitions_leaves_the_text_around_them() -> None:
    rest = remove_definitions(DEFINITIONS)
    assert "]:" not in rest
    assert " ".join(rest.split()) == "Text davor. Text danach mit *[Stern] im Satz."


def test_json_round_trip_and_bad_values() -> None:
    text = glossary_to_json(GLOSSARY)
    assert glossary_from_json(text) == GLOSSARY
    assert "Europäische" in text  # not escaped to \\u00e4
    for bad in ("", "nicht json", "[1, 2]", None, 3):
        assert glossary_from_json(bad) == {}


def test_expand_abbreviation_with_its_long_form() -> None:
    assert expand_query("Was regelt die AGVO?", GLOSSARY) == (
        "Was regelt die AGVO (Allgemeine Gruppenfreistellungsverordnung)?"
    )


def test_expand_long_form_with_its_abbreviation() -> None:
    assert expand_query("Förderung der Europäischen Union", GLOSSARY) == (
        "Förderung der Europäischen Union"  # inflected: not the long form as written
    )
    assert expand_query("Regeln der europäische union für Kommunen", GLOSSARY) == (
        "Regeln der europäische union (EU) für Kommunen"
    )


def test_query_without_either_is_unchanged() -> None:
    for query in ("Wie hoch ist die Förderquote?", "EURO und Europa", "agvoxyz", ""):
        assert expand_query(query, GLOSSARY) == query


def test_short_abbreviations_match_case_sensitively_longer_ones_not() -> None:
    assert expand_query("eu-weit", GLOSSARY) == "eu-weit"
    assert expand_query("EU-weit", GLOSSARY) == "EU-weit (Europäische Union)"
    assert expand_query("agvo-konform?", GLOSSARY) == (
        "agvo-konform (Allgemeine Gruppenfreistellungsverordnung)?"
    )


def test_both_spellings_present_or_several_entries() -> None:
    query = "AGVO, die Allgemeine Gruppenfreistellungsverordnung"
    assert expand_query(query, GLOSSARY) == query
    assert expand_query("BMUV und EU", GLOSSARY) == (
        "BMUV (Bundesministerium für Umwelt, Naturschutz) und EU (Europäische Union)"
    )
    assert expand_query("z.B. Radwege", GLOSSARY) == "z.B. (zum Beispiel) Radwege"


def test_glossary_of_a_real_foerderdatenbank_page() -> None:
    path = shared_dir() / "realdocs" / "foerderdatenbank_Kommunalrichtlinie.md"
    if not path.is_file():
        pytest.skip(f"the real documents are not here ({path.parent})")
    text = path.read_text(encoding="utf-8")
    glossary = parse_glossary(text)
    assert glossary["AGVO"] == "Allgemeine Gruppenfreistellungsverordnung"
    assert glossary["BMWK"] == "Bundesministerium für Wirtschaft und Klimaschutz"
    assert glossary["bzw."] == "beziehungsweise"
    # every "*[" that opens a line in the file is a definition, and all of them are removed
    opened = sum(1 for line in text.splitlines() if line.lstrip().startswith("*["))
    assert opened > len(glossary)  # duplicates in the file
    assert "*[" not in remove_definitions(text)
