"""Shared helpers for the XQuAD-de benchmarks: load the data set, write it as files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``shared/`` beside the repository, or SMARTCITY_SHARED_DIR."""
    env = os.environ.get("SMARTCITY_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


@dataclass(frozen=True)
class Question:
    """One XQuAD question with the index of its paragraph and its answer strings."""

    text: str
    paragraph: int
    answers: tuple[str, ...]


@dataclass(frozen=True)
class XQuAD:
    """Paragraphs (with article titles) and questions."""

    titles: list[str]
    paragraphs: list[str]
    questions: list[Question]


def load_xquad(path: Path | None = None) -> XQuAD:
    """Read ``xquad.de.json`` (SQuAD v1.1 format)."""
    path = path or shared_dir() / "eval" / "xquad-de" / "xquad.de.json"
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    titles: list[str] = []
    paragraphs: list[str] = []
    questions: list[Question] = []
    for article in data:
        for para in article["paragraphs"]:
            idx = len(paragraphs)
            titles.append(article["title"].replace("_", " "))
            paragraphs.append(para["context"])
            for qa in para["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                questions.append(Question(qa["question"], idx, answers))
    return XQuAD(titles, paragraphs, questions)


def write_paragraph_files(xquad: XQuAD, folder: Path) -> list[Path]:
    """One plain-text file per paragraph, with its article title in front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for idx, (title, text) in enumerate(zip(xquad.titles, xquad.paragraphs, strict=True)):
        path = folder / f"p{idx:03d}.txt"
        path.write_text(
            f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndoc_type: other\n"
            f"language: de\n---\n{text}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths
