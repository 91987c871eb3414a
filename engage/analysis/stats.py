"""Small statistics every summary shares: Wilson intervals, weighted counts, effective sample size."""

from __future__ import annotations

import math
from collections.abc import Sequence

Z95 = 1.959963984540054


def wilson_interval(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval for a proportion; (0, 0) when n is 0.

    With weights, pass the weighted share times the effective sample size as ``successes`` and
    the effective sample size as ``n``, so the interval widens for uneven weights.
    """
    if n <= 0:
        return (0.0, 0.0)
    p = min(max(successes / n, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def kish_effective_n(weights: Sequence[float]) -> float:
    """Kish's effective sample size: (sum w)^2 / sum w^2."""
    total = sum(weights)
    squares = sum(w * w for w in weights)
    return (total * total / squares) if squares > 0 else 0.0


def share_entry(count: float, base: float, n_effective: float, n_raw: int) -> dict:
    """One share with its interval, as plain data (count may be weighted)."""
    share = count / base if base > 0 else 0.0
    low, high = wilson_interval(share * n_effective, n_effective)
    return {
        "count": round(count, 6),
        "n": n_raw,
        "share": round(share, 6),
        "ci95": [round(low, 6), round(high, 6)],
    }
