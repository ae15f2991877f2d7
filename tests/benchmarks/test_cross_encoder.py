"""The cross-encoder experiment's model (benchmarks/xquad_cross_encoder.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from assistant.answerability import AnswerabilityModel
from benchmarks.xquad_cross_encoder import (
    CrossEncoder,
    LoRALinear,
    load_adapters,
    save_adapters,
    train,
)


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


def test_saved_adapters_merged_at_load_give_the_trained_logits(
    model: CrossEncoder, tmp_path: Path
) -> None:
    """The product model (updates merged into the weights) scores as the trained one."""
    with torch.no_grad():  # adapters away from their zero start, as after training
        for p in model.trainable():
            p.add_(0.05 * torch.randn_like(p))
    pairs = [
        ("Wann wurde das Rathaus gebaut?", "Das Rathaus wurde 1890 gebaut."),
        ("Wer betreibt das Funknetz?", "Im Sommer ist das Freibad geöffnet. " * 40),
    ]
    with torch.inference_mode():
        trained = model(pairs).tolist()
    save_adapters(model, tmp_path / "adapters.npz")
    loaded = AnswerabilityModel(tmp_path / "adapters.npz", bfloat16=False)
    assert loaded.score_many(pairs) == pytest.approx(trained, abs=1e-3)
    assert loaded.score(pairs[0][0], [pairs[0][1]]) == pytest.approx(trained[:1], abs=1e-3)
    assert abs(trained[0] - trained[1]) > 1e-3  # the pairs differ, so the check can fail
    fresh = CrossEncoder(rank=4)  # adapters at their start: other logits until loaded
    with torch.inference_mode():
        assert fresh(pairs).tolist() != pytest.approx(trained, abs=1e-3)
        load_adapters(fresh, tmp_path / "adapters.npz")
        assert fresh(pairs).tolist() == pytest.approx(trained, abs=1e-4)
