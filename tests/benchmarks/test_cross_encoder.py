"""The cross-encoder experiment's model (benchmarks/xquad_cross_encoder.py)."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from benchmarks.xquad_cross_encoder import MAX_TOKENS, CrossEncoder, LoRALinear, train


def test_lora_starts_as_the_frozen_layer_and_trains_only_the_adapter() -> None:
    base = nn.Linear(6, 4).requires_grad_(False)
    lora = LoRALinear(base, rank=2)
    x = torch.randn(3, 6)
    assert torch.equal(lora(x), base(x))
    lora(x).sum().backward()
    assert lora.a.grad is not None and lora.b.grad is not None
    assert base.weight.grad is None


@pytest.fixture(scope="module")
def model() -> CrossEncoder:
    torch.manual_seed(0)
    return CrossEncoder(rank=4)


def test_pair_layout_and_length_cap(model: CrossEncoder) -> None:
    tok = model.encoder.tokenizer
    ids = model.pair_ids("Wer fördert LoRaWAN?", "Das Land fördert Sensoren. " * 200)
    assert ids[0] == tok.bos and ids[-1] == tok.eos
    assert len(ids) == MAX_TOKENS
    question = tok.content_ids("query: Wer fördert LoRaWAN?")
    assert ids[1 : 1 + len(question)] == question
    assert ids[1 + len(question)] == tok.eos


@pytest.mark.slow
def test_training_separates_answering_from_unrelated_passages(model: CrossEncoder) -> None:
    pairs = [
        ("Wann wurde das Rathaus gebaut?", "Das Rathaus wurde 1890 gebaut.", 1.0),
        ("Wer betreibt das Funknetz?", "Die Stadtwerke betreiben das Funknetz.", 1.0),
        ("Wann wurde das Rathaus gebaut?", "Der Kreis fördert Radwege.", 0.0),
        ("Wer betreibt das Funknetz?", "Im Sommer ist das Freibad geöffnet.", 0.0),
    ]
    labels = torch.tensor([y for *_, y in pairs])

    def loss() -> float:
        with torch.inference_mode():
            logits = model([(q, p) for q, p, _ in pairs])
        return float(F.binary_cross_entropy_with_logits(logits, labels))

    before = loss()
    train(model, list(pairs), epochs=15, lr=5e-3, batch=4)
    assert loss() < 0.5 * before
