"""Checks the source markers ``[n]`` of a generated answer against the evidence it was given.

A model may cite a source that does not exist (``[7]`` with three sources), write sentences
without any source, or put the markers in another form. ``validate_citations`` keeps only what
the contract allows: every ``[n]`` refers to a source, every sentence has at least one.

Normalisation before the check (the meaning stays, only the form changes):

* ``[1, 2]`` / ``[1;2]`` → ``[1][2]``, ``[1-3]`` → ``[1][2][3]``;
* markers after the full stop go before it: ``Satz. [1]`` → ``Satz [1].``;
* a marker repeated in one run: ``[1][1]`` → ``[1]``.

One sentence may stand without a marker: the agreed "the sources do not answer this" sentence
(``NO_ANSWER_DE`` / ``NO_ANSWER_EN``), which the prompts ask for in that case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.sentences import split_sentences

#: the sentence the prompts ask for when the evidence does not answer the question
NO_ANSWER_DE = "Die Belege beantworten diese Frage nicht."
NO_ANSWER_EN = "The sources do not answer this question."
NO_ANSWER_SENTENCES: tuple[str, ...] = (NO_ANSWER_DE, NO_ANSWER_EN)

MARKER = re.compile(r"\[(\d{1,4})\]")
_MARKER_LIST = re.compile(r"\[\s*\d{1,4}(?:\s*[,;–-]\s*\d{1,4})+\s*\]")
_MARKER_RUN = re.compile(r"(?:\[\d{1,4}\][ \t]*)*\[\d{1,4}\]")
_MARKERS_AFTER_STOP = re.compile(r"([.!?…])((?:[ \t]*\[\d{1,4}\])+)")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([.,;:!?…])")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")
_WORD = re.compile(r"\w+")
_MAX_RANGE = 10

_STOPWORDS = frozenset(
    {
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
        "und", "oder", "für", "mit", "von", "auf", "aus", "bei", "ist", "sind", "wird",
        "werden", "nicht", "auch", "sich", "als", "wie", "zum", "zur", "im", "in", "an",
        "the", "and", "for", "with", "from", "are", "was", "not", "this", "that",
    }
)  # fmt: skip


@dataclass(frozen=True)
class CitationCheck:
    """The result of ``validate_citations``.

    ``text``: the cleaned answer; ``used``: source numbers in order of first use;
    ``removed_markers``: numbers of markers that pointed at no source; ``removed_sentences``:
    sentences dropped for having no (valid) source; ``no_answer``: the answer is only the
    agreed "the sources do not answer this" sentence; ``notes``: what was changed and why.
    """

    text: str
    used: list[int]
    removed_markers: list[int] = field(default_factory=list)
    removed_sentences: list[str] = field(default_factory=list)
    no_answer: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything was stripped."""
        return bool(self.removed_markers or self.removed_sentences)


def normalize_markers(text: str) -> str:
    """Bring source markers into the one form ``Satz [1][2].`` (see the module docstring)."""
    text = _MARKER_LIST.sub(_expand_list, text)
    text = _MARKERS_AFTER_STOP.sub(lambda m: " " + _compact(m.group(2)) + m.group(1), text)
    return _MARKER_RUN.sub(lambda m: _compact(m.group(0)), text)


def validate_citations(
    text: str,
    evidence_count: int,
    *,
    no_answer_sentences: tuple[str, ...] = NO_ANSWER_SENTENCES,
) -> CitationCheck:
    """Keep only valid markers ``[1]..[evidence_count]`` and only sentences that carry one."""
    removed_markers: list[int] = []
    removed_sentences: list[str] = []
    notes: list[str] = []
    used: list[int] = []
    no_answer_keys = {_key(s) for s in no_answer_sentences}
    saw_no_answer = False
    lines: list[str] = []
    for line in normalize_markers(text).splitlines():
        kept: list[str] = []
        for sentence in split_sentences(line):
            numbers = [int(k) for k in MARKER.findall(sentence)]
            bad = [k for k in numbers if not 1 <= k <= evidence_count]
            if bad:
                removed_markers.extend(bad)
                notes.append(f"removed marker(s) {_fmt(bad)}: no such source (1..{evidence_count})")
                sentence = _tidy(
                    MARKER.sub(lambda m: m.group(0) if _valid(m, evidence_count) else "", sentence)
                )
            good = [k for k in numbers if 1 <= k <= evidence_count]
            if not good:
                if _key(sentence) in no_answer_keys:
                    saw_no_answer = True
                    kept.append(sentence)
                elif sentence.strip():
                    removed_sentences.append(sentence)
                    notes.append(f"removed sentence without source: {sentence!r}")
                continue
            if re.match(r"[\s\-*•]*\[\d", sentence) or not _WORD.search(MARKER.sub("", sentence)):
                removed_sentences.append(sentence)
                notes.append(f"removed reference-list line or bare marker: {sentence!r}")
                continue
            kept.append(sentence)
            used.extend(k for k in good if k not in used)
        lines.append(" ".join(kept))
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return CitationCheck(
        text=cleaned,
        used=used,
        removed_markers=removed_markers,
        removed_sentences=removed_sentences,
        no_answer=saw_no_answer and not used,
        notes=notes,
    )


def renumber(text: str, used: list[int]) -> str:
    """Map the numbers ``used`` to ``1..m`` in that order; markers not in ``used`` are dropped."""
    mapping = {old: new for new, old in enumerate(used, start=1)}

    def _sub(match: re.Match[str]) -> str:
        new = mapping.get(int(match.group(1)))
        return f"[{new}]" if new is not None else ""

    return _tidy(MARKER.sub(_sub, text))


def sentences_citing(text: str, number: int) -> list[str]:
    """The sentences of ``text`` that carry the marker ``[number]``, markers removed."""
    found: list[str] = []
    for line in text.splitlines():
        for sentence in split_sentences(line):
            if number in {int(k) for k in MARKER.findall(sentence)}:
                found.append(strip_markers(sentence))
    return found


def strip_markers(text: str) -> str:
    """``text`` without any ``[n]`` marker (and without the space it leaves)."""
    return _tidy(MARKER.sub("", text))


def best_quote(sentence: str, chunk_text: str) -> str:
    """The sentence of ``chunk_text`` sharing the most words with ``sentence`` (verbatim).

    Ties go to the earlier sentence; a chunk without sentences gives its stripped text.
    """
    wanted = _words(MARKER.sub("", sentence))
    best = ""
    best_score = -1
    for candidate in split_sentences(chunk_text):
        if candidate not in chunk_text:  # split_sentences promises substrings; stay safe
            continue
        score = len(wanted & _words(candidate))
        if score > best_score:
            best, best_score = candidate, score
    return best if best else chunk_text.strip()


def _expand_list(match: re.Match[str]) -> str:
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", match.group(0).strip("[] \t")):
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2:
            low, high = int(bounds[0]), int(bounds[1])
            if 0 <= high - low <= _MAX_RANGE:
                numbers.extend(range(low, high + 1))
                continue
            numbers.extend((low, high))
        else:
            numbers.extend(int(b) for b in bounds)
    return "".join(f"[{n}]" for n in numbers)


def _compact(run: str) -> str:
    seen: list[str] = []
    for number in MARKER.findall(run):
        if number not in seen:
            seen.append(number)
    return "".join(f"[{n}]" for n in seen)


def _valid(match: re.Match[str], evidence_count: int) -> bool:
    return 1 <= int(match.group(1)) <= evidence_count


def _tidy(sentence: str) -> str:
    sentence = _SPACE_BEFORE_PUNCT.sub(r"\1", sentence)
    return _MULTI_SPACE.sub(" ", sentence).strip()


def _key(sentence: str) -> str:
    return " ".join(_WORD.findall(MARKER.sub("", sentence).casefold()))


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) >= 3 and w not in _STOPWORDS}


def _fmt(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)
