"""normalise_text and looks_like_text on German (and some English) cases."""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from assistant.sentences import split_sentences
from assistant.settings import Settings
from ingest.chunking import chunk_document
from ingest.loaders import load_document
from ingest.metadata import build_metadata, read_sidecar
from ingest.text import looks_like_text, normalise_characters, normalise_text
from tests.conftest import shared_dir


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
        # ligatures and no-break spaces: the two compatibility mappings kept
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
    letters = [c for c in normalise_characters(raw) if c.isalpha()]
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


# --- the original's characters (NFC, not NFKC) ---------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("It\u00b4s OWL", "It\u00b4s OWL"),  # acute accent, not a space + combining accent
        ("50 m² Fläche", "50 m² Fläche"),
        ("½ Stelle", "½ Stelle"),
        ("Smart City™", "Smart City™"),
        ("ＡＢＣ １２３", "ＡＢＣ １２３"),  # full-width forms
        ("und so weiter…", "und so weiter…"),
        ("ſtraße", "ſtraße"),  # a lone long s stays
        ("H₂O", "H₂O"),
        ("Ⅻ", "Ⅻ"),
        ("\u2126 \u212b", "\u03a9 \u00c5"),  # canonical singletons: what NFC itself does
        # all Latin ligatures
        ("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06", "ff fi fl ffi ffl st st"),
        ("Auﬂage Eﬃzienz Treﬀpunkt", "Auflage Effizienz Treffpunkt"),
        # all Unicode spaces
        ("a\u00a0b\u202fc\u2007d\u3000e\u205ff", "a b c d e f"),
        ("".join(f"x{chr(c)}" for c in range(0x2000, 0x200B)) + "x", " ".join("x" * 12)),
        ("Förderquote\u00a0\u00a0von 50\u202f%", "Förderquote von 50 %"),
    ],
)
def test_normalise_text_keeps_the_originals_characters(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected
    assert unicodedata.is_normalized("NFC", normalise_text(raw))


def test_normalise_characters_changes_nothing_else() -> None:
    untouched = "It\u00b4s ² ½ ™ ＡＢＣ … ſ H₂O Ⅻ „Zitat“ – € § ⅓ ﬀ"[:-1]
    assert normalise_characters(untouched) == untouched
    assert normalise_characters("Gru\u0308n\u00a0ﬁ") == "Grün fi"


def test_looks_like_text_still_counts_compatibility_letters() -> None:
    assert looks_like_text("ﬁnanziell ﬂexibel")
    assert looks_like_text("ＡＢＣ Ｆörderung")


# --- quotes findable in the original PDF -------------------------------------------------------
_LIGATURE_TEXT = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                  "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}  # fmt: skip
_UNICODE_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_CHARS = re.compile(r"\u00ad[ \t]*\n[ \t]*(?=\w)|[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HYPHEN_AT_LINE_END = re.compile(r"(\w)[-\u2010\u2011][ \t]*\n[ \t]*(\w+)")
_SUSPENDED = {"und", "oder", "sowie", "bzw", "noch", "als", "and"}


def _unhyphenate(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    word_before = re.search(r"\w+$", match.string[: match.start(1) + 1])
    if before.isdigit():
        return f"{before}-{after}"
    if after.lower() in _SUSPENDED:
        joined = word_before is not None and word_before.group().lower() in _SUSPENDED
        return f"{before}-{after}" if joined else f"{before}- {after}"
    return f"{before}{after}" if after[:1].islower() else f"{before}-{after}"


def searchable(page_text: str) -> str:
    """pypdf's text of a page as Ctrl+F in a viewer sees it: NFC, ligatures and Unicode spaces
    as the loader writes them, line-end hyphenation undone the loader's way, white space
    collapsed. Written independently of ``ingest.text``."""
    text = unicodedata.normalize("NFC", page_text)
    for ligature, letters in _LIGATURE_TEXT.items():
        text = text.replace(ligature, letters)
    text = _UNICODE_SPACE.sub(" ", text)
    text = _INVISIBLE_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL_CHARS.sub(" ", text)
    text = _HYPHEN_AT_LINE_END.sub(_unhyphenate, text)
    return " ".join(text.split())


def chunk_sentences_by_page(path: Path) -> list[tuple[int, str]]:
    """(page, sentence) for every sentence of every chunk the pipeline makes of ``path``."""
    loaded = load_document(path, max_bytes=64 * 1024 * 1024)
    meta = build_metadata(loaded, read_sidecar(path))
    settings = Settings()
    chunks = chunk_document(
        loaded,
        meta,
        doc_id="d",
        source=path.name,
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
    )
    return [(int(c.metadata["page"]), s) for c in chunks for s in split_sentences(c.text)]


REAL_PDFS = [
    "testdata/pdfs/sf_GeoTopo-komprimiert.pdf",  # German, ligatures
    "testdata/pdfs/sf_pdflatex-4-pages.pdf",
    "testdata/pdfs/sf_multicolumn.pdf",
    "testdata/pdfs/pypdf_Seige_of_Vicksburg_Sample_OCR.pdf",
    "testdata/pdfs/fc_text_only_fontsNotEmbedded.pdf",
    "realdocs/Ueberblick_Ulm4CleverCity.pdf",
]


@pytest.mark.parametrize("name", REAL_PDFS)
def test_every_chunk_sentence_is_found_in_the_pdf_page(name: str) -> None:
    path = shared_dir() / name
    if not path.is_file():
        pytest.skip(f"shared PDF not here: {path}")
    reader = PdfReader(path)
    pages = {
        n: searchable(reader.pages[n - 1].extract_text()) for n in range(1, len(reader.pages) + 1)
    }
    found = chunk_sentences_by_page(path)
    assert len(found) >= 3
    missing = [(page, s) for page, s in found if " ".join(s.split()) not in pages[page]]
    assert not missing, missing[:3]


def test_searchable_finds_what_nfkc_lost(tmp_path: Path) -> None:
    # the helper must not hide the bug it is there to catch
    page = "It\u00b4s OWL: Treﬀpunkt"
    assert "It\u00b4s OWL: Treffpunkt" in searchable(page)
    assert unicodedata.normalize("NFKC", "It\u00b4s OWL") not in searchable(page)


def _one_page_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica (WinAnsi) text lines."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page = writer.add_blank_page(width=595, height=842)
    escaped = (ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in lines)
    operators = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td", *(f"({e}) Tj T*" for e in escaped), "ET"]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(operators).encode("cp1252"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_its_owl_keeps_its_accent_in_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "owl.pdf"
    path.write_bytes(
        _one_page_pdf(["It\u00b4s OWL fördert die Digitalisierung im Mittelstand.", "Das ist gut."])
    )
    assert "It\u00b4s OWL" in PdfReader(path).pages[0].extract_text()  # what a viewer shows
    ((page, first), (_, second)) = chunk_sentences_by_page(path)
    assert first == "It\u00b4s OWL fördert die Digitalisierung im Mittelstand."
    assert (page, second) == (1, "Das ist gut.")


def test_its_owl_keeps_its_accent_in_markdown(tmp_path: Path) -> None:
    path = tmp_path / "owl.md"
    path.write_text(
        "# It\u00b4s OWL\n\nIt\u00b4s OWL vernetzt 50 m² Testfläche und ½ Stelle™ je Kommune.\n",
        encoding="utf-8",
    )
    loaded = load_document(path, max_bytes=1024 * 1024)
    body = " ".join(block.text for block in loaded.blocks)
    assert "It\u00b4s OWL vernetzt 50 m² Testfläche und ½ Stelle™ je Kommune." in body
    assert build_metadata(loaded, read_sidecar(path)).title == "It\u00b4s OWL"
