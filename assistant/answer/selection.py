"""Sentence selection: the sentences of the retrieved chunks that answer each question part.

Every quotable unit (``assistant.quotable``) of the top chunks is a candidate. It is scored
for each part of the question by

* ``similarity``: e5 cosine of the part's question vector (and, for a multi-part question,
  of the whole question's) and the unit's vector made at ingest
  (``assistant.sentence_vectors``), taken relative to the best candidate of that part;
* ``coverage``: the weighted share of the part's content-word stems in the unit;
* ``detail``: whether the unit states the asked detail (``assistant.answer.details``);
* ``role``: whether its section is one where such a detail is written (``roles``), and a
  penalty for background sections ("Ausgangslage");
* ``rank``: the rank of its chunk in the merged retrieval lists.

Units that talk about the text itself (``roles.is_meta``), that are only a heading, end in
":" (a list's lead-in) or are a table's header row are never chosen. The best unit of a part
is chosen, then others within ``MARGIN`` of it (up to ``per_part``), without near-duplicates.
A chosen unit that leans on the previous one ("Sie ...", "Dabei ...", "This ...") brings its
predecessor along (contiguity). A list item knows its list's lead-in (``Unit.lead``,
``assistant.list_leads``): "gemeinnützige Vereine für die von ihnen betriebenen
Einrichtungen" states eligibility because it stands under "Antragsberechtigt sind:"; the
lead-in counts for the item's detail and words, and is shown in front of it.

The weights were set by hand and checked on the development half of the town-hall questions
(``benchmarks/town_hall.py``); nothing is fitted on the held-out half.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.answer.analysis import QuestionAnalysis, QuestionPart
from assistant.answer.details import states_any
from assistant.answer.focus import present
from assistant.answer.roles import Role, is_meta, section_roles, wanted_roles
from assistant.list_leads import lead_of
from assistant.models import SearchHit
from assistant.overlap import covered, stems
from assistant.quotable import is_table_row, quotable_spans

W_SIMILARITY = 8.0
W_COVERAGE = 0.9
W_DETAIL = 0.7
W_ROLE = 0.25
W_RANK = 0.35
BACKGROUND_PENALTY = 0.3
#: for units of other documents than the ones the question names
OTHER_DOCUMENT_PENALTY = 0.6
MARGIN = 0.35
#: experiences and steps are written as lists under their own heading: the heading weighs
#: more than the words, and more of the list is shown
LIST_DETAILS = frozenset({"experience", "steps"})
W_LIST_ROLE = 0.6
LIST_MARGIN = 0.6
MIN_CHARS = 25
MIN_WORDS = 6
#: a label, a colon and a figure ("Einreichungsfrist: 31. Mai 2027") is a unit however short
_LABELLED_FIGURE = re.compile(r"^[^:\n]{3,60}:\s*[^\s:]*\d")
MIN_LABELLED_CHARS = 15
DUPLICATE_JACCARD = 0.7
#: a chosen unit counts as on the question when it is this close to the best similarity,
#: or covers this much of the part's content words
RELEVANT_SIMILARITY = 0.045
RELEVANT_COVERAGE = 0.45
#: a table row whose label covers this much less of the question than a chosen row's
ROW_MARGIN = 0.1
#: prepositions before a pronoun that leans back ("Für sie gab es ...")
_PREPOSITIONS = r"(?:für|mit|bei|von|zu|an|auf|über|durch|ohne|gegen)\s+"
_ANAPHOR = re.compile(
    r"^(?:sie|er|es|dies|diese[rsmn]?|das|dabei|dort|damit|daher|deshalb|dafür|davon|"
    r"dazu|hierfür|hierbei|hier|außerdem|zudem|ebenso|auch\s+(?:das|dies)|so|"
    rf"{_PREPOSITIONS}(?:sie|ihn|ihm|ihr|ihnen|es)|"
    r"they|it|this|these|there|thus)\b",
    re.IGNORECASE,
)
#: a pronoun ("es", "er", "sie") right after the verb (German inverted order: "Im Rahmen einer
#: Lotsenfunktion bietet es Kommunen ..."), not the "es" of "gibt es", "geht es um"
_INVERTED_ANAPHOR = re.compile(
    r"^(?:[\w„\"-]+,?\s+){1,5}?(?!(?:gibt|gab|geht|ging|handelt|bleibt|lohnt)\b)"
    r"[a-zäöüß]{3,}\s+(?:es|er|sie)\b(?!\s+sich\b)"
)
#: a chunk's first sentence that cannot stand without the one before ("Für sie gab es ...",
#: "Dafür ..."): the overlap of the chunk began after it (not "Das", "Es", "Sie": articles,
#: "es gibt" and the polite "Sie" start sentences that stand alone)
_OPENS_LEANING = re.compile(
    rf"(?i:{_PREPOSITIONS})(?:sie|ihn|ihm|ihr|ihnen)\b|"
    r"(?i:er|dafür|dabei|davon|dadurch|deshalb|daher|hierfür)\b"
)
Span = tuple[int, int]
#: a sample notice paragraph as older sample documents had it in the body
_NOTICE = re.compile(r"(?m)^(?:>\s*)?(?:Beispielinhalt|Sample content)\b[^\n]*")


@dataclass(frozen=True)
class Unit:
    """A quotable unit of a retrieved chunk."""

    hit_index: int
    start: int
    end: int
    text: str
    stems: frozenset[str]
    vector: Sequence[float] | None
    #: the lead-in of the list the unit is an item of ("Antragsberechtigt sind:"), or ""
    lead: str = ""
    lead_stems: frozenset[str] = frozenset()


def _lead(hit: SearchHit, start: int) -> str:
    found = lead_of(hit.text, start)
    if found.open_at_start:
        return str(hit.metadata.get("list_lead", "") or "")
    return found.text


@dataclass(frozen=True)
class Scored:
    """A unit scored for one question part."""

    unit: Unit
    part_index: int
    similarity: float
    coverage: float
    detail: bool
    score: float
    relevant: bool
    #: how far its similarity lies below the best unit's for this part
    gap: float = 0.0
    #: its section is one where the asked detail is written
    role: bool = False
    #: the share of the whole question's words its own text covers (a table row's label)
    own_coverage: float = 0.0


def _label_keys(hit: SearchHit) -> set[str]:
    keys = {_key(hit.title)}
    for heading in re.split(r"\s*[›>]\s*", hit.section):
        keys.add(_key(heading))
    return keys - {""}


def _key(text: str) -> str:
    return " ".join(text.split()).strip(" .:").casefold()


def _header_row(hit: SearchHit) -> str:
    return str(hit.metadata.get("table_header", "") or "")


def usable(hit: SearchHit, start: int, end: int) -> tuple[int, int] | None:
    """The span of a unit that may be quoted, with a glued title or heading cut off its
    front; ``None`` for a unit that can never answer (heading, meta text, lead-in, header,
    a question)."""
    text = hit.text[start:end]
    for label in (hit.title.strip(), *re.split(r"\s*›\s*", hit.section.strip())):
        if label and text.startswith(label) and len(text) > len(label) + MIN_CHARS:
            rest = text[len(label) :]
            after = rest.lstrip(" -–:")
            # glued only when a new sentence follows ("Ergebnisse Nach drei Jahren ...") or a
            # separator does; "Ansprechstelle ist die ..." is the sentence's own subject
            glued = rest[:1].isspace() and (after[:1].isupper() or after[:1].isdigit())
            if glued or (rest[:1] in ":-–" or rest.lstrip()[:1] in (":", "-", "–")):
                cut = len(label) + len(rest) - len(after)
                start, text = start + cut, text[cut:]
    # "Einreichungsfrist: 31. Mai 2027", "Förderquote: 80 %": a fact in few words
    labelled = bool(_LABELLED_FIGURE.match(text))
    if len(text) < (MIN_LABELLED_CHARS if labelled else MIN_CHARS):
        return None
    if _key(text) in _label_keys(hit):
        return None
    short = len(text.split()) < MIN_WORDS and text[-1:] not in ".!?)"
    if short and not labelled and not is_table_row(text):
        return None  # a heading or label inside the chunk
    if text.rstrip().endswith(":") or is_meta(text):
        return None
    if text.rstrip().endswith("?") and not is_table_row(text):
        return None  # a question of the document (an FAQ's, a heading's) answers nothing
    header = _header_row(hit)
    if header and _key(text) == _key(header):
        return None
    if is_table_row(text) and not header:
        return None  # a row without its header cannot be read
    if hit.metadata.get("sample_content") and "Beispielinhalt" in text:
        return None
    return start, end


def units_of(
    hits: Sequence[SearchHit],
    vectors: Mapping[tuple[str, Span], Sequence[float]],
    max_chunks: int,
) -> list[Unit]:
    """The usable units of the first ``max_chunks`` hits with their vectors."""
    out: list[Unit] = []
    for i, hit in enumerate(hits[:max_chunks]):
        notices = (
            [m.span() for m in _NOTICE.finditer(hit.text)]
            if hit.metadata.get("sample_content")
            else []
        )
        spans = quotable_spans(hit.text)
        for raw_start, raw_end in spans:
            if any(a <= raw_start < b for a, b in notices):
                continue  # the sample notice of an older document version
            if _half_sentence(hit, (raw_start, raw_end), spans):
                continue
            if (raw_start, raw_end) == spans[0] and _OPENS_LEANING.match(hit.text[raw_start:]):
                continue  # the chunk's overlap starts after the sentence it leans on
            span = usable(hit, raw_start, raw_end)
            if span is None:
                continue
            start, end = span
            text = hit.text[start:end]
            vector = vectors.get((hit.chunk_id, (raw_start, raw_end)))
            lead = _lead(hit, raw_start)
            out.append(
                Unit(
                    i, start, end, text, frozenset(stems(text)), vector, lead,
                    frozenset(stems(lead)) if lead else frozenset(),
                )
            )  # fmt: skip
    return out


def _half_sentence(hit: SearchHit, span: Span, spans: Sequence[Span]) -> bool:
    """Whether ``span`` is half of a sentence that a page break cut in two
    (``ingest.chunking``: the first unit of a chunk that starts mid-sentence, the last of
    one that ends so)."""
    return bool(
        (hit.metadata.get("starts_mid_sentence") and span == spans[0])
        or (hit.metadata.get("ends_mid_sentence") and span == spans[-1])
    )


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))


def _rank_prior(index: int) -> float:
    return 1.0 / (1.0 + 0.5 * index)


def score_part(
    part_index: int,
    part: QuestionPart,
    analysis: QuestionAnalysis,
    units: Sequence[Unit],
    hits: Sequence[SearchHit],
    part_vector: Sequence[float] | None,
    whole_vector: Sequence[float] | None,
    key: Sequence[str] = (),
    named: frozenset[str] = frozenset(),
    places: frozenset[str] = frozenset(),
) -> list[Scored]:
    """Every unit scored for one part (best first). ``key``: the part's key words (a unit
    is only on the question when its chunk names one); ``named``: the documents the
    question names (units of others weigh less)."""
    if not units:
        return []
    q = stems(part.text)
    context = stems(" ".join(analysis.context))
    roles = wanted_roles(part.accepts, part.intents)
    doer = part.detail == "organisation" and bool(_ASKS_DOER.search(part.text))
    sims: list[float] = []
    for unit in units:
        if unit.vector is None:
            sims.append(0.0)
            continue
        values = [_dot(v, unit.vector) for v in (part_vector, whole_vector) if v is not None]
        sims.append(sum(values) / len(values) if values else 0.0)
    best_sim = max(sims)
    about: dict[int, bool] = {}
    asked: dict[int, dict[str, float]] = {}
    headed: dict[int, frozenset[str]] = {}
    for unit in units:
        if unit.hit_index not in about:
            hit = hits[unit.hit_index]
            context_text = f"{hit.title} {hit.section} {hit.text}"
            about[unit.hit_index] = not key or any(present(k, context_text) for k in key)
            asked[unit.hit_index] = _asked_of(q, part.text, hit, named)
            headed[unit.hit_index] = frozenset(stems(hit.section))
    whole = stems(analysis.text)
    out: list[Scored] = []
    fallback: list[int] = []
    for unit, sim in zip(units, sims, strict=True):
        hit = hits[unit.hit_index]
        # a sentence is read under its heading ("Förderquote und Förderhöhe")
        words = unit.stems | unit.lead_stems | headed[unit.hit_index]
        cov = covered(asked[unit.hit_index], words)
        if context:
            cov = 0.85 * cov + 0.15 * covered(context, words)
        detail = part.detail != "none" and any(
            states_any(text, part.accepts, part.date_kind, part.counted)
            for text in (unit.text, unit.lead)
            if text
        )
        # "Wer hat das schon eingeführt?": the town whose report it is, shown with its title
        detail = detail or (doer and _report_of_a_place(hit, places))
        section = section_roles(hit.section)
        score = (
            W_SIMILARITY * (sim - best_sim)
            + W_COVERAGE * cov
            + W_DETAIL * detail
            + (W_LIST_ROLE if part.detail in LIST_DETAILS else W_ROLE) * bool(section & roles)
            + W_RANK * _rank_prior(unit.hit_index)
            - BACKGROUND_PENALTY * ("background" in section and part.detail != "none")
            - OTHER_DOCUMENT_PENALTY * bool(named and hit.doc_id not in named)
        )
        # a list of experiences or steps is on the question by its heading
        listed = bool(section & roles) and part.detail in LIST_DETAILS
        # a question that names documents is answered by them, not by a figure of another
        eligible = about[unit.hit_index] and (not named or hit.doc_id in named)
        relevant = eligible and (
            sim >= best_sim - RELEVANT_SIMILARITY or cov >= RELEVANT_COVERAGE or listed
        )
        if eligible and not relevant and detail and hit.doc_id in named and section & roles:
            fallback.append(len(out))
        out.append(
            Scored(
                unit,
                part_index,
                sim,
                cov,
                detail,
                score,
                relevant,
                best_sim - sim,
                bool(section & roles),
                covered(whole, unit.stems) if is_table_row(unit.text) else 0.0,
            )
        )
    # when no unit on the question states the asked detail, a figure of the asked kind in
    # the section written for it of a document the question names is on it ("lohnt sich
    # ein Antrag noch?" on a named programme: the date in its "Fristen und Laufzeit"); not
    # otherwise, or a table's other rows would join the row the question asks for
    if not any(s.relevant and s.detail for s in out):
        for i in fallback:
            out[i] = replace(out[i], relevant=True)
    out.sort(key=lambda s: s.score, reverse=True)
    return out


def _asked_of(
    q: dict[str, float], question: str, hit: SearchHit, named: frozenset[str]
) -> dict[str, float]:
    """The question's stems a sentence of ``hit`` should cover: in a document the question
    names, the words that name it are given by the document ("Förderquote beim
    Bundesprogramm Anpassung urbaner Räume": its sentences need to say "Förderquote", not
    repeat the title); all of them when nothing else is left."""
    if hit.doc_id not in named:
        return q
    name = f"{hit.title} {hit.metadata.get('programme') or ''}"
    title = set(stems(name))
    # a question word inside a title's compound ("Programm" in "Bundesprogramm")
    folded = name.lower()
    title |= {w[:5] for w in re.findall(r"\w{6,}", question.lower()) if w in folded}
    rest = {s: w for s, w in q.items() if s not in title}
    return rest or q


#: an organisation question that asks who has already done it (a town, not an office)
_ASKS_DOER = re.compile(
    r"\bwer\s+(?:hat|haben)\b.{0,80}\b(?:schon|bereits)\b|\bwen\b.{0,60}\b(?:schon|bereits)\b|"
    r"\bwelche[rsn]?\s+(?:kommunen?|stadt|städte|gemeinden?|kreise?)\b.{0,80}"
    r"\b(?:schon|bereits)\b|\bgibt\s+es\s+(?:in\s+[\w-]+\s+)?(?:eine|einen)\s+"
    r"(?:kommune|stadt|gemeinde|kreis)\b|\bwho\s+(?:has|have)\s+already\b|"
    r"\bwhich\s+(?:towns?|cities|municipalit\w*|districts?)\b.{0,80}\balready\b",
    re.IGNORECASE,
)
_REPORTS = ("project_report", "transfer_note")


def _report_of_a_place(hit: SearchHit, places: frozenset[str]) -> bool:
    """Whether ``hit`` is from a project report or transfer note whose title names a place
    (the answer shows the title, so the town that did it is stated)."""
    if hit.doc_type not in _REPORTS:
        return False
    return any(w in places for w in re.findall(r"\w+", hit.title.casefold()) if len(w) >= 4)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def choose(
    scored: Sequence[Scored], per_part: int, taken: Sequence[Unit], margin: float = MARGIN
) -> list[Scored]:
    """The best unit and the others within ``margin`` of it, without near-duplicates of
    each other or of ``taken`` (units already chosen for an earlier part)."""
    chosen: list[Scored] = []
    own = {(s.unit.hit_index, s.unit.start): s.own_coverage for s in scored}
    for cand in scored:
        if len(chosen) >= per_part:
            break
        if chosen and cand.score < chosen[0].score - margin:
            break
        others = [c.unit for c in chosen] + list(taken)
        if any(_jaccard(cand.unit.stems, u.stems) >= DUPLICATE_JACCARD for u in others):
            continue
        if _other_row(cand, others, own):
            continue
        chosen.append(cand)
    return chosen


def _other_row(cand: Scored, others: Sequence[Unit], own: Mapping[tuple[int, int], float]) -> bool:
    """Whether ``cand`` is a table row beside a row already chosen whose own text is more
    on the question ("Förderquote für ein nachhaltiges Anpassungskonzept, und wie hoch ist
    die Zuwendung höchstens?": the row "A.1 Nachhaltiges Anpassungskonzept" answers both
    parts, the row "A.2 Anschlussvorhaben" beside it neither)."""
    if not is_table_row(cand.unit.text):
        return False
    return any(
        u.hit_index == cand.unit.hit_index
        and is_table_row(u.text)
        and own.get((u.hit_index, u.start), 0.0) > cand.own_coverage + ROW_MARGIN
        for u in others
    )


def section_block(
    scored: Sequence[Scored],
    per_part: int,
    hits: Sequence[SearchHit],
    taken: Sequence[Unit] = (),
    primary: frozenset[Role] = frozenset(),
) -> list[Scored]:
    """For experiences and steps: the units of the best-scored section written for them
    ("Erfahrungen und Stolpersteine", "Umsetzung"), in reading order, instead of single
    sentences that only repeat the question's words; a second part that asks for the same
    goes on where the first stopped (``taken``). A section written for the asked detail
    above all (``primary``: "Erfahrungen und Stolpersteine" rather than "Ergebnisse") is
    preferred within the margin. ``[]`` when no unit of such a section is close enough to
    the best unit (``LIST_MARGIN``) or on the question."""
    if not scored:
        return []
    best = scored[0].score
    close = [s for s in scored if s.role and s.relevant and s.score >= best - 2 * LIST_MARGIN]
    anchor = next(
        (s for s in close if section_roles(hits[s.unit.hit_index].section) & primary),
        close[0] if close else None,
    )
    if anchor is None:
        return []
    chunk = anchor.unit.hit_index
    section = hits[chunk].section
    same = [
        s
        for s in scored
        if s.role and hits[s.unit.hit_index].doc_id == hits[chunk].doc_id
        and hits[s.unit.hit_index].section == section and s.unit not in taken
    ]  # fmt: skip
    same.sort(key=lambda s: (s.unit.hit_index != chunk, s.unit.hit_index, s.unit.start))
    return same[:per_part]


def predecessor(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The unit before ``unit`` in the same chunk when ``unit`` (or the lead-in of its
    list) leans on it: a pronoun or "dabei", "dort" ... at its start, or "es"/"er" right
    after the verb."""
    before = [u for u in units if u.hit_index == unit.hit_index and u.end <= unit.start]
    if _leans_back(unit.text):
        return max(before, key=lambda u: u.end) if before else None
    if unit.lead and _leans_back(unit.lead):
        # a list item under a lead-in that leans back ("Im Rahmen einer Lotsenfunktion
        # bietet es ... unter anderem:"): the sentence before the list
        before = [u for u in before if u.lead != unit.lead]
        return max(before, key=lambda u: u.end) if before else None
    return None


def _leans_back(text: str) -> bool:
    return bool(_ANAPHOR.match(text) or _INVERTED_ANAPHOR.match(text))
