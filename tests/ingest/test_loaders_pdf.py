"""The PDF loader on PDFs written here with pypdf, and outline sections on a real PDF."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

from assistant.errors import DocumentError
from ingest.document import LoadedDocument
from ingest.loaders import load_document
from ingest.loaders.pdf import plausible_title
from tests.ingest import load_shared_pdf, pdf_dir

MB = 1024 * 1024
#: a stray ")" makes pypdf's content-stream parser raise PdfReadError for the page
BROKEN_PAGE = "\x00broken"


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[str],
    *,
    outline: Sequence[tuple[str, int, str | None]] = (),
    title: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
    permissions: int = -1,
) -> bytes:
    """A PDF with one Helvetica text line per input line (pypdf extracts them line by line).

    ``outline`` entries are ``(title, page_index, parent_title)``. ``BROKEN_PAGE`` as page text
    gives a page whose text extraction raises.
    """
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    for text in pages:
        page = writer.add_blank_page(width=595, height=842)
        operators = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
        if text == BROKEN_PAGE:
            operators.append("(kaputt) Tj )")
        else:
            operators += [f"({_escape(line)}) Tj T*" for line in text.split("\n")]
        operators.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(operators).encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    items: dict[str, IndirectObject] = {}
    for heading, page_index, parent in outline:
        items[heading] = writer.add_outline_item(
            title=heading, page_number=page_index, parent=items.get(parent) if parent else None
        )
    if title is not None:
        writer.add_metadata({"/Title": title})
    if user_password is not None or owner_password is not None:
        writer.encrypt(
            user_password=user_password or "",
            owner_password=owner_password,
            permissions_flag=UserAccessPermissions(permissions & 0xFFFFFFFF),
            algorithm="AES-128",
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def load_bytes(tmp_path: Path, data: bytes, name: str = "datei.pdf") -> LoadedDocument:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, max_bytes=10 * MB)


def load_error(tmp_path: Path, data: bytes, name: str = "datei.pdf") -> DocumentError:
    with pytest.raises(DocumentError) as info:
        load_bytes(tmp_path, data, name)
    return info.value


# --------------------------------------------------------------------------- generated PDFs


def test_pages_hyphenation_and_whitespace(tmp_path: Path) -> None:
    data = make_pdf(
        [
            "Die Förder-\nmittel für Überlingen-\nSüd  und das LoRaWAN-\nNetz werden\nbewilligt.",
            "Zweite Seite mit Rad-\nund Fußwegen.",
        ]
    )
    doc = load_bytes(tmp_path, data)
    assert doc.format == "pdf"
    assert doc.page_count == 2
    assert [(b.page, b.section) for b in doc.blocks] == [(1, ""), (2, "")]
    assert doc.blocks[0].text == (
        "Die Fördermittel für Überlingen-Süd und das LoRaWAN-Netz werden bewilligt."
    )
    assert doc.blocks[1].text == "Zweite Seite mit Rad- und Fußwegen."
    assert doc.warnings == []
    assert doc.metadata == {}


def test_outline_sections_split_pages_at_headings(tmp_path: Path) -> None:
    data = make_pdf(
        [
            "Vorwort ohne Abschnitt.",
            "1 Zieleinlauf ist nicht die Überschrift.\n1 Ziele\nDie Stadt will Daten teilen.",
            "Fortsetzung der Ziele.\n2 Förderung\nDie Quote beträgt 60 Prozent.\n"
            "2.1 Antrag\nAnträge gehen an den Kreis.",
            "Weiter im Antrag.",
            "Hier fehlt die Überschrift im Text.",
        ],
        outline=[
            ("1 Ziele", 1, None),
            ("2 Förderung", 2, None),
            ("2.1 Antrag", 2, "2 Förderung"),
            ("3 Anhang", 4, None),
        ],
    )
    doc = load_bytes(tmp_path, data)
    got = [(b.page, b.section, b.text) for b in doc.blocks]
    assert got == [
        (1, "", "Vorwort ohne Abschnitt."),
        (2, "", "1 Zieleinlauf ist nicht die Überschrift."),
        (2, "1 Ziele", "1 Ziele Die Stadt will Daten teilen."),
        (3, "1 Ziele", "Fortsetzung der Ziele."),
        (3, "2 Förderung", "2 Förderung Die Quote beträgt 60 Prozent."),
        (3, "2 Förderung \u203a 2.1 Antrag", "2.1 Antrag Anträge gehen an den Kreis."),
        (4, "2 Förderung \u203a 2.1 Antrag", "Weiter im Antrag."),
        (5, "3 Anhang", "Hier fehlt die Überschrift im Text."),
    ]


def test_broken_outline_costs_only_the_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: PdfReader) -> object:
        raise RecursionError("outline loops")

    monkeypatch.setattr(PdfReader, "outline", property(broken))
    doc = load_bytes(tmp_path, make_pdf(["1 Ziele\nText."]))
    assert [b.section for b in doc.blocks] == [""]
    assert any("Lesezeichen" in w for w in doc.warnings)


def test_one_broken_page_is_isolated(tmp_path: Path) -> None:
    doc = load_bytes(tmp_path, make_pdf(["Erste Seite.", BROKEN_PAGE, "Dritte Seite."]))
    assert doc.page_count == 3
    assert [b.page for b in doc.blocks] == [1, 3]
    assert "Seite 2: Text nicht lesbar (PdfReadError)" in doc.warnings


def test_only_broken_pages_means_no_text(tmp_path: Path) -> None:
    error = load_error(tmp_path, make_pdf([BROKEN_PAGE]))
    assert error.reason == "no_text"


def test_ocr_noise_is_not_text(tmp_path: Path) -> None:
    noise = ":.,\ndP\n. .\ni, .\n. . ?\n»\n14\ne.\n. srN\n• ki ., ,\nLIL\n% ,\n' 4 .n.,\n—."
    doc = load_bytes(tmp_path, make_pdf(["Eine Seite mit echtem Text.", noise]))
    assert [b.page for b in doc.blocks] == [1]
    assert any(w.startswith("Seite 2:") and "OCR" in w for w in doc.warnings)
    error = load_error(tmp_path, make_pdf([noise]), "nur-rauschen.pdf")
    assert error.reason == "no_text"
    assert "OCR" in error.message


def test_short_real_page_is_kept(tmp_path: Path) -> None:
    doc = load_bytes(tmp_path, make_pdf(["test example"]))
    assert doc.blocks[0].text == "test example"


def test_blank_pages_mean_no_text(tmp_path: Path) -> None:
    error = load_error(tmp_path, make_pdf(["", ""]))
    assert error.reason == "no_text"
    assert "OCR" in error.message and "OCR" in error.message_en


def test_some_blank_pages_are_reported(tmp_path: Path) -> None:
    doc = load_bytes(tmp_path, make_pdf(["Text.", "", "Mehr Text.", ""]))
    assert "Seiten ohne Text (Bild oder Scan?): 2, 4" in doc.warnings


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Förderrichtlinie Smart City", "Förderrichtlinie Smart City"),
        ("  Leitfaden\nDigitale  Kommune ", "Leitfaden Digitale Kommune"),
        ("Microsoft Word - Richtlinie_final.doc", ""),
        ("Binder1.pdf", ""),
        ("Title", ""),
        ("Untitled", ""),
        ("Dokument1", ""),
        ("Folie 1", ""),
        ("", ""),
        ("1234", ""),
        ("PowerPoint-Präsentation", ""),
        (None, ""),
    ],
)
def test_plausible_title(title: str | None, expected: str) -> None:
    assert plausible_title(title) == expected


def test_info_title_goes_to_metadata(tmp_path: Path) -> None:
    doc = load_bytes(tmp_path, make_pdf(["Text."], title="Förderrichtlinie Smart City"))
    assert doc.metadata == {"title": "Förderrichtlinie Smart City"}
    doc = load_bytes(tmp_path, make_pdf(["Text."], title="Microsoft Word - x.doc"), "b.pdf")
    assert doc.metadata == {}


def test_user_password_is_encrypted(tmp_path: Path) -> None:
    error = load_error(tmp_path, make_pdf(["Geheim."], user_password="geheim"))
    assert error.reason == "encrypted"
    assert "passwortgeschützt" in error.message
    assert "password" in error.message_en


def test_owner_password_only_is_indexed_with_a_warning(tmp_path: Path) -> None:
    no_copy = -1 & ~16 & ~512  # neither copying nor extraction allowed
    data = make_pdf(["Nur lesen, nicht kopieren."], owner_password="chef", permissions=no_copy)
    doc = load_bytes(tmp_path, data)
    assert doc.blocks[0].text == "Nur lesen, nicht kopieren."
    (warning,) = [w for w in doc.warnings if "Berechtigungen" in w]
    assert "Kopieren/Textextraktion" in warning


def test_header_must_be_in_the_first_kilobyte(tmp_path: Path) -> None:
    data = make_pdf(["Text nach Vorspann."])
    doc = load_bytes(tmp_path, b"\x00" * 500 + data)  # readers skip leading junk
    assert doc.blocks[0].text == "Text nach Vorspann."
    error = load_error(tmp_path, b" " * 1100 + data, "spaet.pdf")
    assert error.reason == "not_supported"


def test_library_logging_becomes_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = make_pdf(["Text."])
    damaged = data.replace(b"startxref\n", b"startxref\n1", 1)  # wrong xref offset
    logger = logging.getLogger("pypdf")
    before = logger.propagate
    with caplog.at_level(logging.DEBUG):
        doc = load_bytes(tmp_path, damaged)
    assert doc.blocks[0].text == "Text."
    assert any("repariert geöffnet" in w for w in doc.warnings)
    assert any(w.startswith("PDF-Bibliothek:") for w in doc.warnings)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logger.propagate is before


def test_concurrent_loads_keep_their_own_warnings(tmp_path: Path) -> None:
    damaged = make_pdf(["Text."]).replace(b"startxref\n", b"startxref\n1", 1)
    clean = make_pdf(["Sauber."])
    paths = []
    for i in range(8):
        path = tmp_path / f"{i}.pdf"
        path.write_bytes(damaged if i % 2 else clean)
        paths.append(path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        docs = list(pool.map(lambda p: load_document(p, max_bytes=MB), paths))
    for i, doc in enumerate(docs):
        library = [w for w in doc.warnings if w.startswith("PDF-Bibliothek:")]
        assert bool(library) == bool(i % 2), (i, doc.warnings)
    assert logging.getLogger("pypdf").propagate is True


def test_garbage_after_header_is_broken(tmp_path: Path) -> None:
    error = load_error(tmp_path, b"%PDF-1.7\n" + b"kein pdf\n" * 50)
    assert error.reason == "broken"
    assert "beschädigt" in error.message


# --------------------------------------------------------------------------- a real outline

GEOTOPO = "sf_GeoTopo-komprimiert.pdf"


def test_geotopo_has_an_outline() -> None:
    reader = PdfReader(pdf_dir() / GEOTOPO)
    assert len(reader.outline) > 5


def test_outline_sections_on_geotopo() -> None:
    doc = load_shared_pdf(GEOTOPO)
    assert isinstance(doc, LoadedDocument), doc
    by_page: dict[int, list[tuple[str, str]]] = {}
    for block in doc.blocks:
        assert block.page is not None
        by_page.setdefault(block.page, []).append((block.section, block.text))
    # front matter before the first bookmark has no section
    assert {s for p in range(1, 6) for s, _ in by_page.get(p, [])} == {""}
    chapter = "1 Topologische Grundbegriffe"
    assert [s for s, _ in by_page[6]] == [f"{chapter} \u203a 1.1 Topologische Räume"]
    assert by_page[6][0][1].startswith("1.1 Topologische Räume Definition 1")
    # page 10: the end of 1.1 stays in 1.1, the heading 1.2 starts a new block
    assert [s for s, _ in by_page[10]] == [
        f"{chapter} \u203a 1.1 Topologische Räume",
        f"{chapter} \u203a 1.2 Metrische Räume",
    ]
    assert by_page[10][1][1].startswith("1.2 Metrische Räume")
    # three levels deep: chapter, separator, leaf
    assert "4 Euklidische und nichteuklidische Geometrie \u203a 4.2.1 Flächeninhalt" in {
        s for s, _ in by_page[78]
    }
    assert {s for s, _ in by_page[103]} == {"Lösungen der Übungsaufgaben"}
    # ligatures are normalised, German text is intact
    text = " ".join(block.text for block in doc.blocks)
    assert "ﬁ" not in text and "ﬀ" not in text
    assert "Grundbegriffe" in text and "Äquivalenzrelation" in text
    assert doc.metadata == {"title": "Geometrie und Topologie"}


def test_no_outline_means_no_sections() -> None:
    doc = load_shared_pdf("sf_pdflatex-4-pages.pdf")
    assert isinstance(doc, LoadedDocument), doc
    assert {b.section for b in doc.blocks} == {""}
