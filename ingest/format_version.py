"""The ingest format number: which version of text extraction and chunking made the index.

Every manifest row stores the format its chunks were made with (``documents.ingest_format``).
A file whose row carries an older number is processed again by the next ingest run even when
its content hash is unchanged (it is reported ``indexed``, not ``unchanged``). The number is
kept per row, set in the same statement that marks the row ``indexed``, so a run killed half
way leaves the finished files at the new number and the rest at the old one, and the next run
picks up exactly the rest.

Raise ``INGEST_FORMAT`` by one whenever a change alters the chunks made from an unchanged file
(text normalisation, a loader, sentence splitting, chunking, chunk metadata), and add a line
below.

History:

1. Everything up to issue 19: Unicode NFKC, the first sentence splitter. Rows written before
   the number existed (no ``ingest_format`` column) count as format 1.
2. Unicode NFC (only ligatures and Unicode spaces mapped, ``ingest.text``), and the German
   sentence splitter for administrative text (``assistant.sentences``), which moves chunk
   boundaries away from dates, paragraph references and abbreviations.
3. Tables kept as rows under their header (``table_header`` in the chunk metadata), Pandoc
   title blocks and abbreviation definitions out of the body, titles and document types
   inferred from the text (``title_source``, ``doc_type_source``), the sample notice in
   front matter (``sample_note``), and e5 vectors of every quotable unit of a chunk
   (``assistant.sentence_vectors``) written with the chunks.
4. A chunk that starts inside a list carries the list's lead-in (``list_lead``), so the
   items of a list cut by a chunk boundary still say what they list. PDFs lose their
   running headers, footers and page numbers (``ingest.loaders.pdf_margins``).
5. Markdown footnote references ("[^12]") out of the body text; a dash between numbers is a
   range, not a run-in list item; a slide's run-in label split off its figures
   (``assistant.quotable``).
6. A sentence cut by a page break marked on both chunks (``starts_mid_sentence``,
   ``ends_mid_sentence``).
7. Inline HTML tags in Markdown (``<a href="...">``, ``<sup>``) out of the text, their words kept.
8. Records set with hard line breaks (a label, then one "name value" line per column) read as
   table rows under a header (``ingest.loaders.record_tables``).
9. A dash in prose is no run-in bullet: an en dash only after a sentence or a lead-in, a hyphen
   not where it closes an aside (``assistant.quotable``); the units' stored vectors change.
10. Pandoc citation markers in Markdown ("[@link(5starinfo)]", "[@doe99, S. 3]") out of the text.
11. The same markers with their emphasis ("**[@linktarget(x)]**" left "****" behind).
"""

from __future__ import annotations

__all__ = ["FIRST_FORMAT", "INGEST_FORMAT"]

#: the format of rows written before the number was stored
FIRST_FORMAT = 1
#: the format this code writes
INGEST_FORMAT = 11
