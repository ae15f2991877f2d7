"""Town-hall questions: what a municipal employee is told, judged by kind and detail type.

The questions (``corpus/eval/town_hall/*.yaml``) were written by people who read the documents
but never ran the assistant: long, often two questions in one, with a sentence about the
asker's town, follow-ups with history, German and English. Each carries its kind (``answer``:
the documents answer it; ``hedge``: the topic is covered but not the asked detail; ``refuse``:
off-topic), its detail type, the facts a right answer must state, the documents it must cite
and the contacts that fit. Questions on the real documents (``realdocs/...``) are asked of an
index of ``../shared/realdocs/`` (ingested as they are, no front matter); the others of an
index of the sample corpus ``corpus/``. Each question belongs to the ``dev`` half (methods
may be developed on it) or the ``holdout`` half (nothing is tuned on it).

Outcomes (``judge``):

* right: ``answer`` questions: ``kind`` is ``answer``, every fact occurs in the answer text
  (white space and case folded) and every listed document is cited; ``hedge`` questions:
  ``kind`` is ``hedge`` and a listed document is cited; ``refuse`` questions: ``kind`` is
  ``refusal`` and nobody is suggested as a contact;
* hedged / refused / answered: what the assistant did when it was not right;
* confident-wrong: not right, at confidence ``high`` or ``medium``;
* unclean: the answer text has a dash glued into prose, a sentence ending in ":" before its
  marker, an internal id in brackets, a table pipe or Markdown leftovers (a footnote mark
  or an HTML tag included), or a citation whose
  quote is not verbatim text of its chunk.

It also runs the sample corpus's held-out questions (``corpus/eval/holdout.yaml``:
answerable ones and near misses that no document answers; a near miss is right when hedged or
refused).

    python -m benchmarks.town_hall                 # both halves, summary figures
    python -m benchmarks.town_hall --show dev      # also every dev question that was not right
    python -m benchmarks.town_hall --half dev      # only the development half (for tuning)
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from api.services import Services
from assistant.answer.result import Answer
from assistant.settings import Settings
from benchmarks.answers import add_answer_check_option
from benchmarks.xquad import REPO

QUESTIONS = REPO / "corpus" / "eval" / "town_hall"
HOLDOUT_YAML = REPO / "corpus" / "eval" / "holdout.yaml"
KINDS = ("answer", "hedge", "refuse")
DETAILS = (
    "amount", "date", "count", "rate", "organisation", "steps", "experience", "eligibility",
    "none",
)  # fmt: skip
CONFIDENT = ("high", "medium")

_UNCLEAN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dash in prose", re.compile(r"(?:[.!?]|\])\s+[-–•]\s")),
    ("ends in ':'", re.compile(r":\s*\[\d+\]")),
    ("internal id", re.compile(r"\([a-z0-9]+(?:-[a-z0-9]+){1,}\)")),
    ("table pipe", re.compile(r"\s\|\s")),
    ("markdown", re.compile(r"\*\[|^%\s|\*\*|\]\(|\[\^|\[@|</?[a-z]+\b[^>\n]*>", re.MULTILINE)),
)


def fold(text: str) -> str:
    """Text as compared: NFC, every kind of space one blank, case folded."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split()).casefold()


def alternatives(entry: str | Sequence[str]) -> list[str]:
    """A fact or document entry: a string, or a list of alternatives (any one counts)."""
    return [entry] if isinstance(entry, str) else [str(x) for x in entry]


def facts_stated(answer_text: str, facts: Sequence[str | Sequence[str]]) -> list[bool]:
    """Per fact entry, whether one of its alternatives occurs in the answer text."""
    text = fold(answer_text)
    return [any(fold(alt) in text for alt in alternatives(f)) for f in facts]


def unclean_reasons(answer_text: str) -> list[str]:
    """What makes the answer text unclean (see the module docstring); ``[]`` when clean."""
    return [name for name, pattern in _UNCLEAN if pattern.search(answer_text)]


@dataclass
class Judged:
    """One question's outcome."""

    qid: str
    half: str
    kind: str
    detail: str
    real: bool
    outcome: str  # right | hedged | refused | answered
    confidence: str
    unclean: list[str]
    contacts_fit: bool | None  # None: the question names no fitting contacts
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def right(self) -> bool:
        return self.outcome == "right"

    @property
    def confident_wrong(self) -> bool:
        return not self.right and self.confidence in CONFIDENT


def document_key(path: str) -> str:
    """A document as the questions name it, reduced to its file name."""
    return Path(path).name


def judge(
    q: dict[str, Any],
    answer: Answer,
    cited_files: set[str],
    quote_ok: Callable[[str, str], bool],
    *,
    real: bool,
) -> Judged:
    """Judge one answer (see the module docstring). ``cited_files``: file names of the cited
    documents; ``quote_ok(chunk_id, quote)``: whether the quote is verbatim in its chunk."""
    kind = q["kind"]
    missing: list[str] = []
    if kind == "answer":
        stated = facts_stated(answer.answer, q.get("facts") or [])
        missing += [
            f"fact {f!r}" for f, ok in zip(q.get("facts") or [], stated, strict=True) if not ok
        ]
        for entry in q.get("documents") or []:
            if not {document_key(d) for d in alternatives(entry)} & cited_files:
                missing.append(f"citation of {entry}")
        right = answer.kind == "answer" and not missing
    elif kind == "hedge":
        wanted = {document_key(d) for e in q.get("documents") or [] for d in alternatives(e)}
        cited = not wanted or bool(wanted & cited_files)
        if not cited:
            missing.append("citation of a covering document")
        right = answer.kind == "hedge" and cited
    else:
        right = answer.kind == "refusal" and not answer.contacts
        if answer.contacts:
            missing.append("contacts suggested for an off-topic question")
    outcome = (
        "right" if right else {"hedge": "hedged", "refusal": "refused"}.get(answer.kind, "answered")
    )
    unclean = unclean_reasons(answer.answer)
    unclean += [
        f"quote [{c.n}] not verbatim" for c in answer.citations if not quote_ok(c.chunk_id, c.quote)
    ]
    expected = set(q.get("contacts") or [])
    fit = bool(expected & {c.id for c in answer.contacts}) if expected else None
    return Judged(
        q["id"], q["half"], kind, q["detail"], real, outcome, answer.confidence, unclean, fit,
        missing,
    )  # fmt: skip


def load_town_hall(folder: Path = QUESTIONS) -> list[tuple[bool, dict[str, Any]]]:
    """(is about the real documents, question) for every question file in ``folder``."""
    out: list[tuple[bool, dict[str, Any]]] = []
    for path in sorted(folder.glob("*.yaml")):
        real = path.name.startswith("realdocs")
        out += [(real, q) for q in yaml.safe_load(path.read_text("utf-8")) or []]
    return out


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def table(title: str, rows: Iterable[tuple[str, Sequence[Judged]]]) -> None:
    """Print right / hedged / refused / answered / confident-wrong / unclean per row."""
    print(f"\n{title}")
    head = f"{'':<22}{'n':>4}  {'right':>11}  {'hedged':>7}  {'refused':>7}  {'answered':>8}"
    print(head + f"  {'conf.-wrong':>11}  {'unclean':>7}")
    for name, items in rows:
        if not items:
            continue
        c = Counter(j.outcome for j in items)
        n = len(items)
        wrong = sum(j.confident_wrong for j in items)
        unclean = sum(bool(j.unclean) for j in items)
        print(
            f"{name:<22}{n:>4}  {share(c['right'], n):>11}  {c['hedged']:>7}  {c['refused']:>7}"
            f"  {c['answered']:>8}  {share(wrong, n):>11}  {unclean:>7}"
        )


def report(judged: Sequence[Judged], half: str) -> None:
    """The figures of one half."""
    items = [j for j in judged if j.half == half]
    print(f"\n=== town-hall questions, {half} half ({len(items)}) ===")
    table("by kind", [(k, [j for j in items if j.kind == k]) for k in KINDS] + [("all", items)])
    table(
        "by detail type (answer and hedge questions)",
        [(d, [j for j in items if j.detail == d and j.kind != "refuse"]) for d in DETAILS],
    )
    table(
        "by documents",
        [
            ("real documents", [j for j in items if j.real]),
            ("sample corpus", [j for j in items if not j.real]),
            (
                "real: rate/date/elig.",
                [j for j in items if j.real and j.kind != "refuse" and j.detail in
                 ("rate", "date", "eligibility")],
            ),
        ],
    )  # fmt: skip
    fits = [j.contacts_fit for j in items if j.contacts_fit is not None]
    print(f"\nfitting contact among the three suggested: {share(sum(fits), len(fits))}")
    seconds = sorted(j.seconds for j in items)
    if seconds:
        p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
        print(f"seconds per question: median {statistics.median(seconds):.3f}, p95 {p95:.3f}")


@dataclass
class Corpus:
    """One index and the file name -> path map of what it holds."""

    services: Services
    files: dict[str, str]

    def cited_files(self, answer: Answer) -> set[str]:
        return {Path(c.source).name for c in answer.citations}

    def quote_ok(self, chunk_id: str, quote: str) -> bool:
        stored = self.services.index.store.get([chunk_id])
        return chunk_id in stored and quote in stored[chunk_id][0]


def build_corpus(data_dir: Path, paths: Sequence[Path], answer_check: str) -> Corpus:
    """Ingest ``paths`` into ``data_dir`` (unchanged files are skipped on later runs)."""
    settings = Settings(data_dir=data_dir, answer_check=answer_check)
    services = Services.build(settings)
    result = services.pipeline.run(list(paths))
    failed = [f.path for f in result.files if f.status == "failed"]
    if failed:
        print(f"not indexed: {failed}")
    return Corpus(services, {Path(f.path).name: f.path for f in result.files})


def real_documents(shared: Path) -> list[Path]:
    """The real documents (``SOURCES.md`` describes them and is not one)."""
    folder = shared / "realdocs"
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "SOURCES.md")


def ask(corpus: Corpus, q: dict[str, Any]) -> tuple[Answer, float]:
    history = [tuple(turn) for turn in q.get("history") or []]
    started = time.perf_counter()
    answer = corpus.services.answers.ask(
        q["question"], municipality=q.get("municipality") or None, history=history
    )
    return answer, time.perf_counter() - started


def show(q: dict[str, Any], answer: Answer, judged: Judged) -> None:
    print(f"\n--- {q['id']} [{q['kind']}/{q['detail']}] {judged.outcome}, {answer.confidence}"
          f", kind {answer.kind}: {'; '.join(judged.missing + judged.unclean)}")  # fmt: skip
    print(f"Q: {q['question']}")
    print(f"A: {answer.answer}")
    print(f"contacts: {[c.id for c in answer.contacts]} (fit: {q.get('contacts')})")


def holdout_yaml(corpus: Corpus) -> None:
    """The sample corpus's held-out questions: answerable ones and near misses."""
    questions = yaml.safe_load(HOLDOUT_YAML.read_text("utf-8"))
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for q in questions:
        answer, _ = ask(corpus, q)
        group = "answerable" if q["answerable"] else "near miss"
        if q["answerable"]:
            stated = any(facts_stated(answer.answer, [s])[0] for s in q["answer_contains"])
            right = answer.kind == "answer" and stated
        else:
            right = answer.kind in ("hedge", "refusal")
        rows[group]["n"] += 1
        rows[group]["right"] += right
        rows[group][answer.kind] += 1
        rows[group]["confident-wrong"] += not right and answer.confidence in CONFIDENT
    print(f"\n=== corpus/eval/holdout.yaml ({len(questions)}) ===")
    for group, c in rows.items():
        n = c["n"]
        print(
            f"{group:<12} n {n:>3}  right {share(c['right'], n):>12}  answer {c['answer']:>3}"
            f"  hedge {c['hedge']:>3}  refusal {c['refusal']:>3}"
            f"  confident-wrong {share(c['confident-wrong'], n)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/smartcity-town-hall"))
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--show", choices=("dev", "holdout", "all"), help="print misses")
    parser.add_argument("--only", help="ask only questions whose id starts with this")
    parser.add_argument(
        "--half", choices=("dev", "holdout"), help="ask only this half (tuning: dev only)"
    )
    parser.add_argument("--skip-holdout-yaml", action="store_true")
    add_answer_check_option(parser)
    args = parser.parse_args()
    sample = build_corpus(args.data_dir / "sample", [REPO / "corpus"], args.answer_check)
    real = build_corpus(args.data_dir / "realdocs", real_documents(args.shared), args.answer_check)
    judged: list[Judged] = []
    for is_real, q in load_town_hall():
        if args.only and not q["id"].startswith(args.only):
            continue
        if args.half and q["half"] != args.half:
            continue
        corpus = real if is_real else sample
        answer, seconds = ask(corpus, q)
        result = judge(q, answer, corpus.cited_files(answer), corpus.quote_ok, real=is_real)
        result.seconds = seconds
        judged.append(result)
        if args.show in (q["half"], "all") and (not result.right or result.unclean):
            show(q, answer, result)
    for half in ("dev", "holdout"):
        if args.half in (None, half):
            report(judged, half)
    if not args.skip_holdout_yaml and not args.only and not args.half:
        holdout_yaml(sample)
    for corpus in (sample, real):
        corpus.services.close()


if __name__ == "__main__":
    main()
