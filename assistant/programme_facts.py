"""Programme facts read from a guideline's own text: validity, deadlines, applicants, rates,
amounts and the funding area, each with its verbatim sentence and chunk as citation.

Real guidelines carry no front matter; what an advisor needs stands in sentences like
"Diese Richtlinie tritt mit Wirkung vom 1. Januar 2022 in Kraft", "Die Laufzeit ist ... bis
zum 30. Juni 2024 befristet ... aber nicht über den 31. Dezember 2027 hinaus", "Anträge sind
bis zum 30. September 2024 einzureichen", "Antragsberechtigt sind ...", "bis zu 70 Prozent
der zuwendungsfähigen Ausgaben" or a table row "4.1.2 – Energiemanagement | 70% | 90%" under
its header row, or a row flattened into one line of "name value" pairs under the short
paragraph naming it ("Förderquote (FQ) 80% Mindestzuwendung (Euro) 50.000 ...",
``flat_table_rows``). ``read_facts`` goes through every sentence (``fact_sentences``, which
does not end a sentence at "22." in "vom 22. August") and table row of every chunk and keeps
each finding once (chunks overlap). What the facts add up to: ``programme_fact_model``; the
funding area: ``grantor_region``.

Deliberately narrow readings, so that a fact is rather missed than invented:

* validity needs the guideline as subject: "tritt ... in/außer Kraft" (not "setzt die
  Richtlinie vom ... außer Kraft", which ends the previous one; not "in Kraft gesetzt"),
  "befristet", "gilt ... bis", "Laufzeit ... bis" (not a project's Laufzeit), "nicht über den
  ... hinaus";
* a deadline needs an application noun and "bis"/"spätestens" before the date, or a deadline
  word ("Stichtag", "Einreichungsfrist"); "Für Anträge, die ... gestellt werden" is a rule
  about some applications, not a deadline;
* rates need a funding context and no own-share, emission or ownership context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from assistant.applicant_types import applicant_types
from assistant.fact_sentences import sentence_spans
from assistant.flat_table_rows import flat_pairs, row_label
from assistant.german_dates import find_dates
from assistant.grantor_region import grantor, region_by_count
from assistant.models import SearchHit
from assistant.programme_fact_model import Fact, FactKind, ProgrammeFacts
from assistant.tables import render_row, row_name

__all__ = ["read_facts"]

MAX_QUOTE_CHARS = 900
_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


# --------------------------------------------------------------------------- validity
_KRAFT = _rx(r"\b(in|außer)\s+Kraft\b")
_VERB = _rx(r"\b(tritt|treten|trat|setzt|gesetzt|getreten)\b")
_SUBJECT = _rx(
    r"\b(?:diese[rs]?|die|der|das)\s+(?:förder)?(?:richtlinie|aufruf|förderaufruf|programm|"
    r"förderprogramm|bekanntmachung|regelung)\b|\bsie\b|\bgeltungsdauer\b|\blaufzeit\b"
)
_BEFRISTET = _rx(r"\bbefristet\b")
_UNTIL = _rx(r"\bbis\s+(?:zum\s+|einschließlich\s+|spätestens\s+(?:zum\s+)?)?$")
_GILT = _rx(r"\b(?:gilt|gelten|gültig)\b")
_ENDS = _rx(r"\b(?:endet|endete|läuft|lief)\b[^.;]{0,40}?\b(?:am|zum|mit\s+ablauf\s+des)\s+$")
_LAUFZEIT = _rx(r"\b(?:laufzeit|geltungsdauer)\b")
_NOT_PROGRAMME_TERM = _rx(
    r"(?:projekt|vorhabens?|bewilligungs|förder)laufzeit|laufzeit\s+(?:des|der|eines|einer|von)\s+"
    r"(?:vorhaben|projekt|maßnahme|stelle|personalstelle)|befristete[nrs]?\s+(?:stelle|personal)"
)
_BEYOND = _rx(r"\bnicht\s+über\s+den\s+$")

# --------------------------------------------------------------------------- deadlines
_APPLICATION = _rx(
    r"\b(?:förder)?anträge?\b|\bantragstellung\b|\bbeantragung\b|\bprojektskizzen?\b|\bskizzen\b|"
    r"\binteressenbekundungen?\b|\bbewerbungen?\b|\bvorschläge\b|\bprojektvorschläge\b"
)
_DEADLINE_WORD = _rx(
    r"\b(?:stichtag|einreichungsfrist|antragsfrist|bewerbungsfrist|skizzenfrist|abgabefrist|"
    r"einreichungsschluss|antragsschluss|bewerbungsschluss)\b"
)
_BY = _rx(
    r"\b(?:bis|spätestens)\s+(?:zum\s+|am\s+|einschließlich\s+|spätestens\s+(?:zum\s+|am\s+)?)?$"
)
_WINDOW_WORD = _rx(
    r"\b(?:antragsfenster|antragszeitraum|einreichungszeitraum|förderfenster|bewerbungszeitraum|"
    r"einreichungsfenster)\b"
)
_FROM = _rx(r"\b(?:vom|ab\s+dem|ab|zwischen\s+dem)\s+$")
_TO = _rx(r"^\s*(?:bis\s+(?:zum\s+|einschließlich\s+)?|und\s+dem\s+)$")
_ROLLING = _rx(r"\b(?:ganzjährig|jederzeit|laufend|fortlaufend)\b")
_ANNOUNCED = _rx(r"\b(?:bekannt\s*gegeben|bekannt\s*gemacht|veröffentlicht)\b")
_WINDOW_OR_CALL = _rx(r"antragsfenster|förderfenster|förderaufruf|stichtag|fristen|zeiträume")
_SCOPED = _rx(
    r"\b(?:beantragung\s+(?:von|der|des)|anträge\s+(?:für|zu|zum|zur|im|in))\s+"
    r"[^,.;]{3,80}?(?=\s+(?:sind|ist|können|kann|müssen|muss|werden|wird)\b)"
)
#: "Für Anträge, die ...", "gelten für Förderanträge gemäß ...": a rule about some applications
_RULE_ABOUT_SOME = _rx(r"\bfür\s+(?:die\s+)?(?:förder)?anträge\b")

# --------------------------------------------------------------------------- applicants
_APPLICANTS = _rx(
    r"\b(?:antragsberechtigt(?:e)?\s*(?:sind|ist|:)|zuwendungsempfänger(?:innen)?\s*(?:sind|:))"
    r"(?!\s+(?:verpflichtet|gehalten|aufgefordert))"
    r"|\b(?:sind|ist)\s+[^.;]{0,80}?\bantragsberechtigt\b"
    r"|\bals\s+antragsteller(?:innen)?\s+[^.;]{0,60}?\bzugelassen\b"
)
_NOT_APPLICANTS = _rx(r"\bnicht\s+antragsberechtigt|\bausgeschlossen\b")
_ITEM = re.compile(r"^\s*(?:[-*•]\s|[a-z]\)\s|\d{1,2}\.\s|\([a-z0-9]{1,3}\)\s)")

# --------------------------------------------------------------------------- rates, amounts
_PERCENT = _rx(
    r"(?:(?:bis\s+zu|höchstens|maximal|max\.|mindestens|auf)\s+)?\d{1,3}(?:,\d{1,2})?\s?"
    r"(?:%|prozent\b|v\.\s?h\.)"
)
_RATE_CONTEXT = _rx(
    r"zuwendungsfähig|förderfähig|förderquote|fördersatz|gefördert|zuschuss|bezuschusst|"
    r"förderung|anteilfinanzierung|gesamtförderung|\bfq\b|zuwendung"
)
_OWN_SHARE = _rx(r"eigenanteil|eigenmittel|eigenbeteiligung")
_NOT_RATE = _rx(
    r"schlusszahlung|abschlusszahlung|mehrwertsteuer|kommunaler\s+beteiligung|beteiligung\s+von|"
    r"treibhausgas|emission|einspar|minder|reduz|zinssatz|auszahlung|verwendungsnachweis"
)
_AMOUNT = _rx(
    r"(?:(?:bis\s+zu|höchstens|maximal|mindestens)\s+)?(?:(?:EUR|€)\s?\d{1,3}(?:\.\d{3})*(?:,\d{2})?"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d{2})?\s?(?:Euro|EUR|€)|\d+(?:,\d+)?\s?(?:Mio\.?|Millionen|Mrd\.?|"
    r"Milliarden)\s?(?:Euro|EUR|€)|\d{2,}\s?(?:Euro|EUR|€))"
)
_AMOUNT_CONTEXT = _rx(
    r"zuwendung|förder|zuschuss|festbetrag|pauschale|mindest|höchst|maximal|fördervolumen"
)
_NOT_AMOUNT = _rx(
    r"auszahlung|umsatz|bilanz|de-minimis|beihilfe|vermögen|unterhalb|tonne|co2|pro\s+kopf"
)


def read_facts(hits: Sequence[SearchHit]) -> ProgrammeFacts:
    """All facts of one guideline's chunks (in reading order), each found once."""
    facts: list[Fact] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    region: Fact | None = None
    for hit in hits:
        for fact in _facts_of_chunk(hit):
            key = (fact.kind, " ".join(fact.quote.split()), tuple(map(str, fact.dates)))
            if key in seen:
                continue
            seen.add(key)
            if fact.kind == "region":
                region = region or fact
                continue
            facts.append(fact)
    if region is None:
        region = region_by_count(hits)
    if region is not None:
        facts.append(region)
    return ProgrammeFacts(tuple(facts))


def _facts_of_chunk(hit: SearchHit) -> Iterator[Fact]:
    text = hit.text
    header = str(hit.metadata.get("table_header") or "")
    spans = sentence_spans(text)
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if " | " in sentence:
            if not header:
                header = sentence  # the first row of a run of rows is its header
                continue
            if sentence != header:
                yield from _table_row(hit, sentence, header)
            continue
        header = str(hit.metadata.get("table_header") or "")
        if pairs := flat_pairs(sentence):
            yield from _flat_row(hit, sentence, pairs, row_label(text, start))
            continue
        yield from _validity(hit, sentence)
        yield from _deadlines(hit, sentence)
        if _APPLICANTS.search(sentence) and not _NOT_APPLICANTS.search(sentence):
            quote = _with_list(text, spans, i)
            yield Fact("applicants", quote, hit, values=applicant_types(quote))
        yield from _money(hit, sentence)
        if found := grantor(sentence):
            yield Fact("region", sentence, hit, values=(found,))


def _with_list(text: str, spans: list[tuple[int, int]], i: int) -> str:
    """The sentence ``i`` and, when it opens a list (ends with a colon, or without a full stop
    at the end of its line), the list after it: items, short sub-headings ending with a colon
    ("Für Förderschwerpunkt B:") and the line under such a sub-heading."""
    start, end = spans[i]
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opener = text[start:end].rstrip()
    if text[end:line_end].strip() or not (opener.endswith(":") or opener[-1:] not in ".!?"):
        return text[start:end]
    previous = "colon"
    for line in re.finditer(r"[^\n]+", text[line_end:]):
        body = line[0].strip()
        item = bool(_ITEM.match(body))
        colon = body.endswith(":") and len(body) <= 80
        if not (item or previous == "colon" or (colon and previous != "item")):
            break
        if line_end + line.end() - start > MAX_QUOTE_CHARS:
            break
        end = line_end + line.start() + len(line[0].rstrip())
        previous = "item" if item else "colon" if colon else "line"
    return text[start:end]


# --------------------------------------------------------------------------- validity


def _validity(hit: SearchHit, s: str) -> Iterator[Fact]:
    dates = list(find_dates(s))
    for m in _KRAFT.finditer(s):
        verbs = list(_VERB.finditer(s, 0, m.start()))
        after = _VERB.match(s, m.end() + 1) if m.end() < len(s) else None
        verb = verbs[-1] if verbs else None
        if verb is not None and verb[1].casefold() in {"setzt", "gesetzt"}:
            continue  # ends another guideline, or a successor "in Kraft gesetzt"
        if verb is None and not (after and after[1].casefold() == "getreten"):
            continue
        if after and after[1].casefold() == "gesetzt":
            continue
        begin = verb.end() if verb is not None else 0
        inside = [d for d in dates if begin <= d.start and d.end <= m.start()]
        if not _SUBJECT.search(s, 0, m.start()) and not re.match(r"\s*(?:\d+\.\s*)?tritt", s, _I):
            continue
        if m[1].casefold() == "in":
            yield Fact("in_force", s, hit, dates=tuple(d.value for d in inside[-1:]))
        elif inside:
            ablauf = "mit ablauf" in s[begin : m.start()].casefold()
            meaning = "ausser_kraft_ablauf" if ablauf else "ausser_kraft"
            yield Fact("valid_until", s, hit, dates=(inside[-1].value,), meaning=meaning)
    if _NOT_PROGRAMME_TERM.search(s) and not _SUBJECT.search(s):
        return
    term = not _NOT_PROGRAMME_TERM.search(s)
    for d in dates:
        before = s[max(0, d.start - 40) : d.start]
        if term and _BEFRISTET.search(s) and _UNTIL.search(before):
            yield Fact("valid_until", s, hit, dates=(d.value,), meaning="befristet")
        elif _ENDS.search(s[max(0, d.start - 60) : d.start]) and _SUBJECT.search(s, 0, d.start):
            yield Fact("valid_until", s, hit, dates=(d.value,), meaning="endet")
        elif _BEYOND.search(before) and re.match(r"\s*hinaus", s[d.end :]):
            yield Fact("extension_limit", s, hit, dates=(d.value,), meaning="nicht_ueber_hinaus")
        elif term and _UNTIL.search(before) and _SUBJECT.search(s):
            gilt = _GILT.search(s, 0, d.start)
            laufzeit = _LAUFZEIT.search(s, 0, d.start)
            if gilt or laufzeit:
                condition = _condition(s, (gilt or laufzeit).start())  # type: ignore[union-attr]
                meaning = "gilt_bis" if gilt else "laufzeit"
                yield Fact("valid_until", s, hit, (d.value,), meaning, condition)


def _condition(s: str, verb_start: int) -> str:
    """ "Für Zuwendungen, die nicht als Beihilfe bewilligt werden" before "gilt"."""
    head = s[:verb_start].strip(" ,")
    return head if re.match(r"für\s", head, _I) and len(head) < 200 else ""


# --------------------------------------------------------------------------- deadlines


def _deadlines(hit: SearchHit, s: str) -> Iterator[Fact]:
    application = _APPLICATION.search(s)
    word = _DEADLINE_WORD.search(s)
    if not (application or word or _WINDOW_WORD.search(s)):
        return
    if _RULE_ABOUT_SOME.search(s) and not word:
        return
    scoped = _SCOPED.search(s)
    condition = scoped[0] if scoped and not word else ""
    dates = list(find_dates(s))
    used: set[int] = set()
    windowed = bool(_WINDOW_WORD.search(s) or application)
    for first, second in pairwise(dates):
        opens = _FROM.search(s[max(0, first.start - 20) : first.start])
        if windowed and opens and _TO.match(s[first.end : second.start]):
            used |= {first.start, second.start}
            yield Fact("window", s, hit, (first.value, second.value), "antragsfenster", condition)
    for d in dates:
        if d.start in used:
            continue
        before = s[max(0, d.start - 40) : d.start]
        if word and word.start() < d.start:
            meaning = "stichtag" if word[0].casefold() == "stichtag" else "frist"
            yield Fact("deadline", s, hit, (d.value,), meaning, condition)
        elif application and application.start() < d.start and _BY.search(before):
            yield Fact("deadline", s, hit, (d.value,), "antraege_bis", condition)
    if not dates and application and _ROLLING.search(s):
        yield Fact("rolling", s, hit, meaning="ganzjaehrig")
    if not dates and _WINDOW_OR_CALL.search(s) and _ANNOUNCED.search(s):
        yield Fact("window_announced", s, hit, meaning="bekanntgabe")


# --------------------------------------------------------------------------- money


def _label(s: str, start: int) -> str:
    """The words before a list item's colon ("Energiemanagement: bis zu 70 Prozent")."""
    colon = s.rfind(":", 0, start)
    if colon <= 0:
        return ""
    head = s[:colon].strip(" -*•")
    return head if 2 < len(head) <= 120 and "." not in head[-3:] else ""


def _money(hit: SearchHit, s: str) -> Iterator[Fact]:
    percents = [m for m in _PERCENT.finditer(s)]
    if percents and not _NOT_RATE.search(s):
        own = bool(_OWN_SHARE.search(s))
        if own or _RATE_CONTEXT.search(s):
            kind: FactKind = "own_share" if own else "rate"
            values = tuple(" ".join(m[0].split()) for m in percents)
            yield Fact(kind, s, hit, values=values, label=_label(s, percents[0].start()))
    amounts = [m for m in _AMOUNT.finditer(s)]
    if amounts and _AMOUNT_CONTEXT.search(s) and not _NOT_AMOUNT.search(s):
        values = tuple(" ".join(m[0].split()) for m in amounts)
        yield Fact("amount", s, hit, values=values, label=_label(s, amounts[0].start()))


def _table_row(hit: SearchHit, row: str, header: str) -> Iterator[Fact]:
    cells = [c.strip() for c in row.split(" | ")]
    heads = [c.strip() for c in header.split(" | ")]
    read = render_row(row, header)
    label = row_name(read) if read is not None else cells[0]
    rates: list[str] = []
    amounts: list[str] = []
    for i, cell in enumerate(cells[1:], start=1):
        name = heads[i] if i < len(heads) and heads[i] else f"Spalte {i + 1}"
        if _PERCENT.search(cell):
            rates.append(f"{name}: {cell}")
        elif _AMOUNT.search(cell) or (
            re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cell) and "euro" in name.casefold()
        ):
            amounts.append(f"{name}: {cell}")
    if rates and not _OWN_SHARE.search(header):
        yield Fact("rate", row, hit, values=tuple(rates), label=label, meaning="tabelle")
    if amounts:
        yield Fact("amount", row, hit, values=tuple(amounts), label=label, meaning="tabelle")


def _flat_row(hit: SearchHit, row: str, pairs: list[tuple[str, str]], label: str) -> Iterator[Fact]:
    """A table row flattened into "name value" pairs (``flat_table_rows``)."""
    if not (_RATE_CONTEXT.search(row) or _AMOUNT_CONTEXT.search(row)) or _NOT_RATE.search(row):
        return
    rates = tuple(f"{n}: {v}" for n, v in pairs if _PERCENT.fullmatch(v))
    amounts = tuple(
        f"{n}: {v}"
        for n, v in pairs
        if not _PERCENT.fullmatch(v) and (_AMOUNT.fullmatch(v) or re.search(r"euro|eur\b|€", n, _I))
    )
    own = bool(_OWN_SHARE.search(row))
    if rates:
        kind: FactKind = "own_share" if own else "rate"
        yield Fact(kind, row, hit, values=rates, label=label, meaning="tabelle")
    if amounts and not _NOT_AMOUNT.search(row):
        yield Fact("amount", row, hit, values=amounts, label=label, meaning="tabelle")
