"""The German sentence splitter: examples (many from the real documents) and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das ist gut. Das auch!", ["Das ist gut.", "Das auch!"]),
        (
            "Gefördert werden z. B. Sensoren. Anträge stellen Kommunen.",
            ["Gefördert werden z. B. Sensoren.", "Anträge stellen Kommunen."],
        ),
        (
            "Siehe Nr. 4 der Richtlinie. Danach gilt Abs. 2.",
            ["Siehe Nr. 4 der Richtlinie.", "Danach gilt Abs. 2."],
        ),
        ("Wer fördert das? Das Land NRW.", ["Wer fördert das?", "Das Land NRW."]),
        (
            "Erster Absatz ohne Punkt\n\nZweiter Absatz.",
            ["Erster Absatz ohne Punkt", "Zweiter Absatz."],
        ),
        ("Die Quote lag bei 2.5 Prozent. Gut.", ["Die Quote lag bei 2.5 Prozent.", "Gut."]),
        ("Er sagte: „Ja.“ Danach ging er.", ["Er sagte: „Ja.“", "Danach ging er."]),
        (
            "Seit 2019 gibt es das Board. 2023 kam der Kongress.",
            ["Seit 2019 gibt es das Board.", "2023 kam der Kongress."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_sentences_are_verbatim_substrings() -> None:
    text = "Die Stadt Delbrück misst den Wasserverbrauch.  Fenster melden, ob sie offen sind. Ok?"
    for sentence in split_sentences(text):
        assert sentence in text


# --- dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Saxon guideline, VIII.
        (
            "1. Diese Richtlinie tritt mit Wirkung vom 22. August 2023 in Kraft. 2. Diese "
            "Richtlinie tritt am 30. Juni 2026 außer Kraft. Dresden, den 22. August 2023",
            [
                "1. Diese Richtlinie tritt mit Wirkung vom 22. August 2023 in Kraft.",
                "2. Diese Richtlinie tritt am 30. Juni 2026 außer Kraft.",
                "Dresden, den 22. August 2023",
            ],
        ),
        # DAS guideline, validity
        (
            "Diese Richtlinie tritt am Tag nach der Veröffentlichung im Bundesanzeiger in Kraft "
            "und gilt bis zum 31. Dezember 2024. Diese Richtlinie ersetzt die Förderrichtlinie.",
            [
                "Diese Richtlinie tritt am Tag nach der Veröffentlichung im Bundesanzeiger in "
                "Kraft und gilt bis zum 31. Dezember 2024.",
                "Diese Richtlinie ersetzt die Förderrichtlinie.",
            ],
        ),
        # Kommunalrichtlinie, date line and a date range
        (
            "Vom 22. November 2021, zuletzt geändert am 18. Oktober 2022",
            ["Vom 22. November 2021, zuletzt geändert am 18. Oktober 2022"],
        ),
        (
            "Für Anträge, die zwischen dem 1. Januar 2022 und dem 31. Dezember 2022 gestellt "
            "werden, reduziert sich der Eigenanteil auf 5%. Das gilt.",
            [
                "Für Anträge, die zwischen dem 1. Januar 2022 und dem 31. Dezember 2022 "
                "gestellt werden, reduziert sich der Eigenanteil auf 5%.",
                "Das gilt.",
            ],
        ),
        # OZG, a report deadline
        (
            "(2) Die Bundesregierung berichtet dem Deutschen Bundestag und dem Bundesrat bis "
            "spätestens 10. Dezember 2025 über die Erfahrungen. (3) Weiter.",
            [
                "(2) Die Bundesregierung berichtet dem Deutschen Bundestag und dem Bundesrat "
                "bis spätestens 10. Dezember 2025 über die Erfahrungen.",
                "(3) Weiter.",
            ],
        ),
        # numeric dates with and without spaces, abbreviated months, "15. Dezember" alone
        (
            "Die Frist endet am 1. 1. 2024. Danach nicht.",
            ["Die Frist endet am 1. 1. 2024.", "Danach nicht."],
        ),
        (
            "Stichtag ist der 1.1.2024. Danach nicht.",
            ["Stichtag ist der 1.1.2024.", "Danach nicht."],
        ),
        ("Anträge bis 1. Okt. 2024 stellen. Gut.", ["Anträge bis 1. Okt. 2024 stellen.", "Gut."]),
        ("Vom 15. Dezember", ["Vom 15. Dezember"]),
        # the decided edge case: day and month after a full stop stay a date
        (
            "Der Rat hat es beschlossen. 1. Januar 2022 trat es in Kraft.",
            ["Der Rat hat es beschlossen.", "1. Januar 2022 trat es in Kraft."],
        ),
    ],
)
def test_no_break_inside_dates(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- paragraph and list markers, abbreviations -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gemäß § 5 Abs. 2 Nr. 3 gilt Ziff. 4.2 der Anlage. Art. 107 AEUV bleibt. "
            "Siehe Kap. 3 und S. 12.",
            [
                "Gemäß § 5 Abs. 2 Nr. 3 gilt Ziff. 4.2 der Anlage.",
                "Art. 107 AEUV bleibt.",
                "Siehe Kap. 3 und S. 12.",
            ],
        ),
        # Saxon guideline: gazette citations
        (
            "a) der §§ 23, 44, 44a der Sächsischen Haushaltsordnung in der Fassung der "
            "Bekanntmachung vom 10. April 2001 (SächsGVBl. S. 153), die zuletzt durch Artikel 1 "
            "des Gesetzes vom 21. Mai 2021 (SächsGVBl. S. 578) geändert worden ist. Gut.",
            [
                "a) der §§ 23, 44, 44a der Sächsischen Haushaltsordnung in der Fassung der "
                "Bekanntmachung vom 10. April 2001 (SächsGVBl. S. 153), die zuletzt durch "
                "Artikel 1 des Gesetzes vom 21. Mai 2021 (SächsGVBl. S. 578) geändert worden "
                "ist.",
                "Gut.",
            ],
        ),
        # OZG
        (
            "spätestens mit Ablauf des fünften auf die Verkündung des Gesetzes vom 19. Juli 2024 "
            "(BGBl. 2024 I Nr. 245) folgenden Kalenderjahres ausschließlich elektronisch "
            "angeboten werden. Von dem ausschließlich elektronischen Angebot ausgenommen sind",
            [
                "spätestens mit Ablauf des fünften auf die Verkündung des Gesetzes vom 19. Juli "
                "2024 (BGBl. 2024 I Nr. 245) folgenden Kalenderjahres ausschließlich elektronisch "
                "angeboten werden.",
                "Von dem ausschließlich elektronischen Angebot ausgenommen sind",
            ],
        ),
        (
            "nach der Verordnung (EU) Nr. 910/2014 (ABl. L 257 vom 28.8.2014, S. 73) mindestens "
            "mit dem Sicherheitsniveau „substantiell“. § 4 Absatz 2 gilt entsprechend.",
            [
                "nach der Verordnung (EU) Nr. 910/2014 (ABl. L 257 vom 28.8.2014, S. 73) "
                "mindestens mit dem Sicherheitsniveau „substantiell“.",
                "§ 4 Absatz 2 gilt entsprechend.",
            ],
        ),
        # open-data guide: a reference list inside parentheses
        (
            "Schutz des geistigen Eigentums (§ 10 S. 1 Nr. 2 u. 3. IZG-SH) ist zu beachten. Ja.",
            [
                "Schutz des geistigen Eigentums (§ 10 S. 1 Nr. 2 u. 3. IZG-SH) ist zu beachten.",
                "Ja.",
            ],
        ),
        (
            "Nach § 5 Abs. 1 UrhG genießen Gesetze keinen Schutz. Die Schöpfungshöhe fehlt.",
            ["Nach § 5 Abs. 1 UrhG genießen Gesetze keinen Schutz.", "Die Schöpfungshöhe fehlt."],
        ),
        (
            "Gefördert werden z. B. Sensoren, d. h. Geräte, u. a. Zähler bzw. Netze, ggf. mit "
            "Abs. 2, ca. 5 Stück, inkl. Montage, i. V. m. § 4, gem. Nr. 3. Das ist alles.",
            [
                "Gefördert werden z. B. Sensoren, d. h. Geräte, u. a. Zähler bzw. Netze, ggf. "
                "mit Abs. 2, ca. 5 Stück, inkl. Montage, i. V. m. § 4, gem. Nr. 3.",
                "Das ist alles.",
            ],
        ),
        (
            "Das gilt u. U. auch für v. a. Kommunen, Vereine o. Ä. Dazu bzgl. Daten vgl. "
            "Hrsg. Dr. Meier und Prof. Schulz. Träger ist der Verein XY e. V. und die "
            "ABC GmbH & Co. KG. Siehe §§ 8 ff. EDL-G. Ende.",
            [
                "Das gilt u. U. auch für v. a. Kommunen, Vereine o. Ä. Dazu bzgl. Daten vgl. "
                "Hrsg. Dr. Meier und Prof. Schulz.",
                "Träger ist der Verein XY e. V. und die ABC GmbH & Co. KG.",
                "Siehe §§ 8 ff. EDL-G.",
                "Ende.",
            ],
        ),
        (
            "So könnten bspw. nur Rollen besetzt werden (s. Abb. 4). Gut.",
            ["So könnten bspw. nur Rollen besetzt werden (s. Abb. 4).", "Gut."],
        ),
        # a number after a marker at the end of a sentence still ends it
        (
            "Für die Höhe der Zuwendung gilt Nummer 7.4. Bewilligungsvoraussetzungen sind:",
            ["Für die Höhe der Zuwendung gilt Nummer 7.4.", "Bewilligungsvoraussetzungen sind:"],
        ),
        (
            "Ein Postfach im Sinne des Absatzes 7. Ein Nutzerkonto wird geführt.",
            ["Ein Postfach im Sinne des Absatzes 7.", "Ein Nutzerkonto wird geführt."],
        ),
        (
            "Dies gilt nach Anlage 2. Die Anlage ist beigefügt.",
            ["Dies gilt nach Anlage 2.", "Die Anlage ist beigefügt."],
        ),
    ],
)
def test_markers_and_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- ordinals and numbered items ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Die 2. Förderstufe beginnt im 3. Quartal. Das ist neu.",
            ["Die 2. Förderstufe beginnt im 3. Quartal.", "Das ist neu."],
        ),
        (
            "Zeitangaben wie „März 2020“ oder 1. Quartal 2020. Ausfuhr im 4. Quartal 2017.",
            ["Zeitangaben wie „März 2020“ oder 1. Quartal 2020.", "Ausfuhr im 4. Quartal 2017."],
        ),
        (
            "Zusammenfassung der Umsetzungsmaßnahmen in der 2. Phase ab 2022",
            ["Zusammenfassung der Umsetzungsmaßnahmen in der 2. Phase ab 2022"],
        ),
        # Saxon guideline, II.: numbered paragraphs run together
        (
            "1. Gegenstand der Förderung ist die Kofinanzierung von Maßnahmen, die nach Nummer 1 "
            "der Gigabit-RL 2.0 gefördert werden. 2. Förderfähig sind Ausgaben gemäß Nummer 3.1 "
            "und für Betreibermodelle gemäß Nummer 3.2 der Gigabit-RL 2.0",
            [
                "1. Gegenstand der Förderung ist die Kofinanzierung von Maßnahmen, die nach "
                "Nummer 1 der Gigabit-RL 2.0 gefördert werden.",
                "2. Förderfähig sind Ausgaben gemäß Nummer 3.1 und für Betreibermodelle gemäß "
                "Nummer 3.2 der Gigabit-RL 2.0",
            ],
        ),
        # OZG list items, one a paragraph
        ("1. Anrede,\n\n2. weitere Anschriften,", ["1. Anrede,", "2. weitere Anschriften,"]),
        ("3. Behörden.", ["3. Behörden."]),
        ("4.1. Förderung der Kommunen. Gut.", ["4.1. Förderung der Kommunen.", "Gut."]),
        (
            "IV. Zuwendungsvoraussetzungen gelten. Ja.",
            ["IV. Zuwendungsvoraussetzungen gelten.", "Ja."],
        ),
        (
            "Gefördert wird der Bau. (3) Die Zuwendung wird als Zuschuss gewährt.",
            ["Gefördert wird der Bau.", "(3) Die Zuwendung wird als Zuschuss gewährt."],
        ),
        (
            "Gefördert werden zwei Dinge. a) der Bau von Netzen, b) der Betrieb.",
            ["Gefördert werden zwei Dinge.", "a) der Bau von Netzen, b) der Betrieb."],
        ),
        (
            "Die Förderung erfolgt wahlweise. (a) Als Zuschuss. (b) Als Darlehen.",
            ["Die Förderung erfolgt wahlweise.", "(a) Als Zuschuss.", "(b) Als Darlehen."],
        ),
        (
            "Das Ziel ist die Zukunftsstadt 2030. In diesem Wettbewerb gewann Ulm.",
            ["Das Ziel ist die Zukunftsstadt 2030.", "In diesem Wettbewerb gewann Ulm."],
        ),
    ],
)
def test_ordinals_and_numbered_items(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- properties --------------------------------------------------------------------------------
_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"]  # fmt: skip
_OPENERS = ["Die", "Der", "Das", "Eine", "Gefördert", "Anträge", "Kommunen", "Zuwendungen",
            "Diese", "Förderfähig", "Antragsberechtigt", "Es", "Im"]  # fmt: skip
_WORDS = ["werden", "Kommunen", "gefördert", "die", "Maßnahme", "und", "Ausgaben", "nach",
          "Richtlinie", "sind", "Landkreise", "zuwendungsfähig", "bis", "Prozent", "Sensoren",
          "Netze", "mit", "Förderquote", "beträgt", "Zuschuss"]  # fmt: skip

_day = st.integers(1, 31)
_month = st.integers(1, 12)
_year = st.integers(1990, 2035)
_n = st.integers(1, 199)

_date = st.one_of(
    st.builds(lambda d, m, y: f"vom {d}. {_MONTHS[m - 1]} {y}", _day, _month, _year),
    st.builds(lambda d, m: f"bis zum {d}. {_MONTHS[m - 1]}", _day, _month),
    st.builds(lambda d, m, y: f"am {d}. {m}. {y}", _day, _month, _year),
    st.builds(lambda d, m, y: f"zum {d:02d}.{m:02d}.{y}", _day, _month, _year),
)
_reference = st.one_of(
    st.builds(lambda a, b, c: f"§ {a} Abs. {b} Nr. {c}", _n, _n, _n),
    st.builds(lambda a, b: f"Ziff. {a}.{b}", _n, _n),
    st.builds(lambda a: f"Art. {a} AEUV", _n),
    st.builds(lambda a, b: f"Nummer {a}.{b}", _n, _n),
    st.builds(lambda a: f"Anlage {a}", _n),
    st.builds(lambda a: f"Kap. {a}", _n),
    st.builds(lambda a: f"(BGBl. I S. {a})", _n),
    st.builds(lambda a: f"gem. Nr. {a}", _n),
)
_abbreviation = st.sampled_from(
    ["z. B.", "d. h.", "u. a.", "bzw.", "ggf.", "ca.", "inkl.", "i. V. m.", "vgl.", "u. U.",
     "v. a.", "o. Ä.", "bzgl.", "Dr. Meier", "Prof. Schulz", "XY e. V.", "ABC GmbH & Co. KG"]
)  # fmt: skip
_ordinal = st.one_of(
    st.builds(lambda n: f"die {n}. Förderstufe", st.integers(1, 9)),
    st.builds(lambda n: f"im {n}. Quartal", st.integers(1, 4)),
    st.builds(lambda n: f"der {n}. Förderaufruf", st.integers(1, 20)),
)
_fragment = st.one_of(st.sampled_from(_WORDS), _date, _reference, _abbreviation, _ordinal)
_enumerator = st.one_of(
    st.just(""),
    st.builds(lambda n: f"{n}. ", st.integers(1, 20)),
    st.builds(lambda n: f"({n}) ", st.integers(1, 20)),
    st.builds(lambda c: f"{c}) ", st.sampled_from("abcdef")),
)


@st.composite
def _sentence(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A sentence without its final stop, and the spans of its dates."""
    text = draw(_enumerator) + draw(st.sampled_from(_OPENERS))
    dates: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            date = draw(_date)
            dates.append((len(text) + 1, len(text) + 1 + len(date)))
            text += " " + date
        else:
            text += " " + draw(_fragment)
    # a sentence may end on a word, a date or a reference, not on an abbreviation ("usw.")
    ending = draw(st.one_of(st.sampled_from(_WORDS), _reference, _date))
    if _date_like(ending):
        dates.append((len(text) + 1, len(text) + 1 + len(ending)))
    text += " " + ending
    return text, dates


def _date_like(fragment: str) -> bool:
    return re.match(r"(vom|bis zum|am|zum) \d", fragment) is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(_sentence(), min_size=1, max_size=6), st.sampled_from([".", "!", "?"]))
def test_joined_sentences_split_back(
    generated: list[tuple[str, list[tuple[int, int]]]], stop: str
) -> None:
    sentences = [text + "." for text, _ in generated]
    sentences[-1] = sentences[-1][:-1] + stop
    joined = " ".join(sentences)  # the sentences joined by ". "
    assert split_sentences(joined) == sentences


@settings(max_examples=300, deadline=None)
@given(st.lists(_sentence(), min_size=1, max_size=6))
def test_no_piece_ends_inside_a_date(generated: list[tuple[str, list[tuple[int, int]]]]) -> None:
    text = ""
    dates: list[tuple[int, int]] = []
    for sentence, spans in generated:
        if text:
            text += ". "
        dates.extend((len(text) + a, len(text) + b) for a, b in spans)
        text += sentence
    cursor = 0
    for piece in split_sentences(text):
        start = text.index(piece, cursor)
        end = cursor = start + len(piece)
        for a, b in dates:
            assert not a < start < b, (piece, text[a:b])
            assert not a < end < b, (piece, text[a:b])


_NOISY = st.lists(
    st.sampled_from([*"aäBcDÄöÜß19 .!?…„“()[]§\n\t-", ". ", "\n\n", "Nr", "Mai", "12"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NOISY)
def test_every_piece_is_a_stripped_verbatim_substring(text: str) -> None:
    cursor = 0
    for piece in split_sentences(text):
        assert piece and piece == piece.strip()
        at = text.index(piece, cursor)  # in order, without overlap
        cursor = at + len(piece)
    # nothing but white space is lost
    kept = re.sub(r"\s", "", "".join(split_sentences(text)))
    assert kept == re.sub(r"\s", "", text)
