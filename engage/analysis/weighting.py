"""Representativeness: respondents vs population shares, and raking (IPF) weights with trimming.

Population shares come from the analyst as CSV with header ``segment,category,share``, e.g.
``district,d1,0.18`` or ``age_band,25-34,0.21`` (one file may hold several segments; shares within
a segment are rescaled to sum to 1). Respondents whose value for a segment is missing or
"prefer_not" keep their weight for that segment's adjustment and do not count towards its margins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engage.analysis.csvfiles import read_csv
from engage.analysis.crosstabs import MISSING_SEGMENT, segment_value
from engage.analysis.errors import InputError
from engage.analysis.stats import kish_effective_n

Population = dict[str, dict[str, float]]


def population_from_rows(rows: Sequence[Mapping[str, str]], source: str = "population") -> Population:
    """Population shares from ``segment,category,share`` rows, each segment rescaled to sum to 1."""
    population: Population = {}
    for number, row in enumerate(rows, start=2):
        segment = (row.get("segment") or "").strip()
        category = (row.get("category") or "").strip()
        raw = (row.get("share") or "").strip()
        if not segment or not category:
            raise InputError(f"{source} line {number}: segment and category are required")
        try:
            share = float(raw)
        except ValueError as exc:
            raise InputError(f"{source} line {number}: share {raw!r} is not a number") from exc
        if share < 0:
            raise InputError(f"{source} line {number}: share must not be negative")
        if category in population.setdefault(segment, {}):
            raise InputError(f"{source} line {number}: {segment}/{category} appears twice")
        population[segment][category] = share
    for segment, shares in population.items():
        total = sum(shares.values())
        if total <= 0:
            raise InputError(f"{source}: shares for segment {segment!r} sum to zero")
        population[segment] = {c: s / total for c, s in shares.items()}
    return population


def load_population(path: str | Path) -> Population:
    """Read a population CSV (UTF-8, BOM allowed)."""
    rows = read_csv(path, required=("segment", "category", "share"), what="population file")
    return population_from_rows(rows, source=str(path))


@dataclass
class RakingResult:
    weights: dict[str, float]
    iterations: int
    converged: bool
    max_margin_error: float
    effective_n: float
    design_effect: float
    trimmed: int

    def as_dict(self) -> dict:
        return {
            "iterations": self.iterations,
            "converged": self.converged,
            "max_margin_error": round(self.max_margin_error, 8),
            "effective_n": round(self.effective_n, 3),
            "design_effect": round(self.design_effect, 4),
            "trimmed": self.trimmed,
            "n": len(self.weights),
        }


def _margins(values: list[str], weights: list[float], categories: Sequence[str]) -> dict[str, float]:
    totals = {c: 0.0 for c in categories}
    for v, w in zip(values, weights):
        if v in totals:
            totals[v] += w
    return totals


def rake(
    rows: Sequence[Mapping[str, Any]],
    population: Population,
    max_iterations: int = 200,
    tolerance: float = 1e-6,
    trim: tuple[float, float] = (0.2, 5.0),
) -> RakingResult:
    """Iterative proportional fitting of weights to every segment's population shares.

    After each full round, weights are trimmed to ``trim`` times their mean (so one respondent
    cannot speak for a crowd) and raking continues; it stops when every margin is within
    ``tolerance`` or after ``max_iterations`` rounds. Weights are returned with mean 1.
    Categories of the population nobody answered cannot be reached: their share is spread over
    the categories present, and the result says so through ``max_margin_error``.
    """
    ids = [str(r.get("response_id")) for r in rows]
    if len(set(ids)) != len(ids):
        raise InputError("raking needs unique response ids")
    n = len(rows)
    if n == 0:
        return RakingResult({}, 0, True, 0.0, 0.0, 1.0, 0)
    columns = {s: [segment_value(r, s) for r in rows] for s in population}
    weights = [1.0] * n
    converged = False
    iterations = 0
    trimmed = 0
    error = 0.0
    for iterations in range(1, max_iterations + 1):
        for segment, shares in population.items():
            values = columns[segment]
            present = [c for c in shares if any(v == c for v in values)]
            target_total = sum(shares[c] for c in present)
            stated = sum(w for v, w in zip(values, weights) if v in shares)
            current = _margins(values, weights, present)
            for i, v in enumerate(values):
                if v in current and current[v] > 0:
                    weights[i] *= (shares[v] / target_total) * stated / current[v]
        weights, trimmed = _trim(weights, trim)
        error = _max_error(columns, weights, population)
        if error < tolerance:
            converged = True
            break
    mean = sum(weights) / n
    weights = [w / mean for w in weights]
    ess = kish_effective_n(weights)
    return RakingResult(
        weights=dict(zip(ids, weights)),
        iterations=iterations,
        converged=converged,
        max_margin_error=error,
        effective_n=ess,
        design_effect=n / ess if ess else 1.0,
        trimmed=trimmed,
    )


def _trim(weights: list[float], bounds: tuple[float, float]) -> tuple[list[float], int]:
    """Scale to mean 1 and clip to ``bounds``; repeat, since clipping moves the mean."""
    low, high = bounds
    clipped_any: set[int] = set()
    for _ in range(100):
        mean = sum(weights) / len(weights)
        weights = [w / mean for w in weights]
        outside = [i for i, w in enumerate(weights) if w < low * (1 - 1e-9) or w > high * (1 + 1e-9)]
        if not outside:
            break
        clipped_any.update(outside)
        weights = [min(max(w, low), high) for w in weights]
    return weights, len(clipped_any)


def _max_error(columns: dict[str, list[str]], weights: list[float], population: Population) -> float:
    error = 0.0
    for segment, shares in population.items():
        values = columns[segment]
        present = [c for c in shares if c in set(values)]
        target_total = sum(shares[c] for c in present)
        current = _margins(values, weights, present)
        stated = sum(current.values())
        for c in present:
            error = max(error, abs(current[c] / stated - shares[c] / target_total))
    return error


def compare_with_population(
    rows: Sequence[Mapping[str, Any]],
    population: Population,
    weights: Mapping[str, float] | None = None,
) -> dict:
    """Respondent shares vs population shares per segment, unweighted and (when given) weighted.

    Shares are of respondents who stated the segment; ``not_stated`` counts are reported apart.
    ``ratio`` is respondent share / population share (below 1: under-represented).
    """
    out: dict[str, Any] = {}
    for segment, shares in population.items():
        values = [segment_value(r, segment) for r in rows]
        ws = [float((weights or {}).get(str(r.get("response_id")), 0.0)) for r in rows] if weights else None
        stated = sum(1 for v in values if v != MISSING_SEGMENT)
        stated_w = sum(w for v, w in zip(values, ws) if v != MISSING_SEGMENT) if ws else 0.0
        categories = list(shares) + sorted({v for v in values if v not in shares and v != MISSING_SEGMENT})
        lines = []
        for c in categories:
            count = sum(1 for v in values if v == c)
            share = count / stated if stated else 0.0
            pop = shares.get(c)
            line: dict[str, Any] = {
                "category": c,
                "respondents": count,
                "share": round(share, 6),
                "population_share": round(pop, 6) if pop is not None else None,
                "ratio": round(share / pop, 4) if pop else None,
            }
            if ws:
                wcount = sum(w for v, w in zip(values, ws) if v == c)
                line["weighted_share"] = round(wcount / stated_w, 6) if stated_w else 0.0
            lines.append(line)
        out[segment] = {
            "stated": stated,
            "not_stated": len(values) - stated,
            "categories": lines,
        }
    return out
