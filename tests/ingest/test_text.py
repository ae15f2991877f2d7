"""normalise_text and looks_like_text on German (and some English) cases."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.text import looks_like_text, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # hyphenation at a line end, next part lowercase: joined
        ("Förder-\nmittel", "Fördermittel"),
        ("Die Antrags-\nstellung erfolgt online.", "Die Antragsstellung erfolgt online."),
        ("Straßen-\nbeleuchtung", "Straßenbeleuchtung"),
        ("Mobilitäts-\nüberwachung", "Mobilitätsüberwachung"),
        ("Ver-\nkehrs-\nplanung", "Verkehrsplanung"),
        ("Förder-  \n   mittel", "Fördermittel"),
        ("Förder-\r\nmittel", "Fördermittel"),
        ("Förder\u2010\nmittel", "Fördermittel"),  # U+2010 HYPHEN
        # next part uppercase or a digit: a real compound, hyphen kept, no space
        ("Überlingen-\nSüd", "Überlingen-Süd"),
        ("LoRaWAN-\nNetz", "LoRaWAN-Netz"),
        ("Baden-\nWürttemberg", "Baden-Württemberg"),
        ("E-\nMail", "E-Mail"),
        ("Smart-City-\nStrategie", "Smart-City-Strategie"),
        ("Covid-\n19-Hilfen", "Covid-19-Hilfen"),
        ("2-\nfach", "2-fach"),
        ("5G-\nAusbau", "5G-Ausbau"),
        # suspended compounds before a conjunction keep their hyphen and the space
        ("Rad-\nund Fußwege", "Rad- und Fußwege"),
        ("Förder-\noder Beratungsangebote", "Förder- oder Beratungsangebote"),
        ("Bus-\nbzw. Bahnverkehr", "Bus- bzw. Bahnverkehr"),
        ("und-\noder", "und-oder"),
        ("Kreis-\nundurchlässig", "Kreisundurchlässig"),  # only the whole word counts
        # a dash standing alone is not hyphenation
        ("Bus -\nBahn", "Bus - Bahn"),
        ("Ende-\n\nNeuer Absatz", "Ende-\n\nNeuer Absatz"),
        # soft hyphens, also at a line end
        ("För\u00adder\u00admittel", "Fördermittel"),
        ("Auf\u00ad\ngabe", "Aufgabe"),
        # ligatures and compatibility forms (NFKC)
        ("ﬁnanziell ﬂexibel oﬀen", "finanziell flexibel offen"),
        ("Auﬂage", "Auflage"),
        ("Förderquote\u00a0von\u202f50\u00a0%", "Förderquote von 50 %"),
        # zero-width and control characters
        ("Förder\u200bmittel", "Fördermittel"),
        ("\ufeffText", "Text"),
        ("Wort\u200c\u200dWort\u2060", "WortWort"),
        ("a\x00b\x0cc", "a b c"),
        # decomposed umlauts are composed
        ("Gru\u0308n", "Grün"),
        # whitespace
        ("  viele   Leer\t\tzeichen  ", "viele Leer zeichen"),
        ("Zeile eins\nZeile zwei\nZeile drei", "Zeile eins Zeile zwei Zeile drei"),
        ("Absatz eins\n\n\n\nAbsatz zwei", "Absatz eins\n\nAbsatz zwei"),
        ("Absatz eins\n   \t \nAbsatz zwei", "Absatz eins\n\nAbsatz zwei"),
        ("Absatz\u2029Neu", "Absatz\n\nNeu"),
        ("\n\n  \n", ""),
        ("", ""),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


SAMPLES = [
    "Die Förder-\nrichtlinie gilt bis 31.12.2025.\n\nAnträge stellen Kommunen in "
    "Baden-\nWürttemberg.",
    "Überlingen-\nSüd erhält ein LoRaWAN-\nNetz für Park-\nund Umweltsensoren.",
    "ﬁnanziell  gefördert\u00ad werden\t\tDigital-\nisierungs-\nprojekte\r\n\r\nEnde",
    "   \n Straße \u200b und\u00a0Platz \n\n\n\n ",
    "Zeile\nZeile\nZeile\n\nAbsatz\n\nAbsatz",
]


@pytest.mark.parametrize("raw", SAMPLES)
def test_normalise_text_properties(raw: str) -> None:
    once = normalise_text(raw)
    assert normalise_text(once) == once  # idempotent
    assert once == once.strip()
    assert "\n\n\n" not in once
    assert "  " not in once
    assert "\t" not in once and "\u00ad" not in once and "\u200b" not in once
    for paragraph in once.split("\n\n"):
        assert paragraph and "\n" not in paragraph
    # no letter is lost or invented: only hyphens, spaces and invisible characters change
    letters = [c for c in unicodedata.normalize("NFKC", raw) if c.isalpha()]
    assert [c for c in once if c.isalpha()] == letters


@pytest.mark.parametrize(
    "text",
    [
        "test example",
        "Inhalt",
        "This is a test document. It only contains some text. Creative Commons CC0: Public "
        "Domain Dedication. To the extent possible under law, Johan van der Knijff has waived "
        "all copyright and related or neighboring rights to this test document.",
        "1.1 Topologische Räume . . . . . . . . . . . . . . . . . . . . . . . . 2\n"
        "1.2 Metrische Räume . . . . . . . . . . . . . . . . . . . . . . . . . 6",
        "(i) ∅,X ∈ T (ii) Sind U1,U2 ∈ T, so ist U1 ∩U2 ∈ T",
        "Jahr 2023 2024 2025\nBetrag 1.500 3.000 4.500\nQuote 50 60 70",
        "حَبيبي habibi حَبيبي",
    ],
)
def test_looks_like_text_keeps_real_text(text: str) -> None:
    assert looks_like_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "12",
        ". . . . . . .",
        "• • • \u2014 \u2014 \u2013",
        ":.,\ndP\n. .\ni, .\n. . ?\n. i '\n»\n14\ne.\n:\n..\nPr\n. srN\n• ki ., ,\nLIL\nk\n1\n"
        "sa\ns\n..\n% ,\n2\nY. .\ng . %Z.. ,\nI '\nI\n.4\ni\n\\\n...\n' 4 .n.,\n.\ni\n—.\n. 41.\n"
        "1111101\n",
        "1 2 3 4 5 6 7 8 9 10 11 12",
    ],
)
def test_looks_like_text_rejects_noise(text: str) -> None:
    assert not looks_like_text(text)
