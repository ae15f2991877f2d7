"""The cascade band of the stacked confidence model (benchmarks/answerability_fit.py)."""

from __future__ import annotations

import numpy as np

from benchmarks.answerability_fit import cascade_band


def test_band_keeps_the_decisions_and_is_narrowest() -> None:
    rng = np.random.default_rng(0)
    cheap = rng.uniform(0, 1, 2000)
    # the stacked model disagrees with the cheap one only for cheap scores in 0.2-0.5
    stacked = np.where((cheap > 0.2) & (cheap < 0.5), rng.uniform(0, 1, 2000), cheap)
    low, high = cascade_band(cheap, stacked, (0.3,), max_changed=0.0)
    assert low <= 0.2 + 0.005 and high >= 0.5 - 0.005
    inside = (cheap >= low) & (cheap < high)
    assert (np.where(inside, stacked >= 0.3, cheap >= 0.3) == (stacked >= 0.3)).all()
    # a tolerance of a few changed decisions allows a narrower band, never a wider one
    loose = cascade_band(cheap, stacked, (0.3,), max_changed=0.02)
    assert loose[1] - loose[0] < high - low


def test_band_serves_every_threshold() -> None:
    cheap = np.linspace(0, 0.99, 100)
    stacked = cheap.copy()
    stacked[10] = 0.9  # cheap 0.10 -> stacked says answer
    stacked[60] = 0.0  # cheap 0.60 -> stacked says refuse
    low, high = cascade_band(cheap, stacked, (0.05, 0.5), max_changed=0.0)
    assert low <= 0.10 < high and low <= 0.60 < high
