"""Summaries of closed questions (choices, Likert, ranking, numbers, yes/no) from plain response dicts.

Entry point: :func:`summarize_question`. Every result is JSON-serialisable and comes weighted when
``weights`` (response_id -> weight) is given, with the unweighted ``n`` and the Kish effective n.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from engage.analysis.stats import kish_effective_n, share_entry
from engage.analysis.text.redact import redact

DONT_KNOW = "dont_know"
CHOICE_TYPES = {"single_choice", "multiple_choice", "yes_no"}


def _answer(row: Mapping[str, Any], key: str) -> Any:
    answers = row.get("answers") or {}
    value = answers.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (list, tuple)) and not value:
        return None
    return value


def _weight(row: Mapping[str, Any], weights: Mapping[str, float] | None) -> float:
    if weights is None:
        return 1.0
    return float(weights.get(str(row.get("response_id")), 0.0))


def _choice_codes(question: Mapping[str, Any]) -> list[str]:
    if question.get("type") == "yes_no" and not question.get("choices"):
        return ["yes", "no"]
    return [str(c["code"]) for c in question.get("choices") or []]


def _base(answered: list[tuple[Any, float]]) -> tuple[float, float, int]:
    ws = [w for _, w in answered]
    return sum(ws), kish_effective_n(ws), len(answered)


def _choices(question: Mapping[str, Any], answered: list[tuple[Any, float]], multiple: bool,
             codes: list[str] | None = None) -> dict:
    codes = codes if codes is not None else _choice_codes(question)
    total, n_eff, n = _base(answered)
    counts = {c: 0.0 for c in codes}
    raw = {c: 0 for c in codes}
    for value, w in answered:
        picked = value if multiple else [value]
        for code in dict.fromkeys(str(v) for v in picked):
            counts[code] = counts.get(code, 0.0) + w
            raw[code] = raw.get(code, 0) + 1
    choices = []
    for code, count in counts.items():
        entry = share_entry(count, total, n_eff, n)
        entry["code"] = code
        entry["respondents"] = raw[code]
        choices.append(entry)
    out = {"n": n, "n_effective": round(n_eff, 3), "weighted_total": round(total, 6), "choices": choices}
    if multiple:
        out["note"] = "multiple answers allowed: shares are of respondents and sum past 100%"
        out["shares_sum"] = round(sum(c["share"] for c in choices), 6)
    return out


def _likert(question: Mapping[str, Any], answered: list[tuple[Any, float]]) -> dict:
    points = int(question.get("scale") or 5)
    total, n_eff, n = _base(answered)
    dont_know = sum(w for v, w in answered if v == DONT_KNOW)
    rated = [(int(v), w) for v, w in answered if v != DONT_KNOW]
    rated_total = sum(w for _, w in rated)
    rated_eff = kish_effective_n([w for _, w in rated])
    distribution = []
    for point in range(1, points + 1):
        count = sum(w for v, w in rated if v == point)
        entry = share_entry(count, rated_total, rated_eff, len(rated))
        entry["point"] = point
        distribution.append(entry)
    mean = sum(v * w for v, w in rated) / rated_total if rated_total else None
    sd = math.sqrt(sum(w * (v - mean) ** 2 for v, w in rated) / rated_total) if mean is not None else None
    top2 = sum(w for v, w in rated if v >= points - 1)
    bottom2 = sum(w for v, w in rated if v <= 2)
    return {
        "n": n,
        "n_rated": len(rated),
        "n_effective": round(rated_eff, 3),
        "scale": points,
        "distribution": distribution,
        "mean": round(mean, 6) if mean is not None else None,
        "sd": round(sd, 6) if sd is not None else None,
        "top2_box": share_entry(top2, rated_total, rated_eff, len(rated)),
        "bottom2_box": share_entry(bottom2, rated_total, rated_eff, len(rated)),
        "dont_know": share_entry(dont_know, total, n_eff, n),
    }


def _ranking(question: Mapping[str, Any], answered: list[tuple[Any, float]], codes: list[str] | None = None) -> dict:
    m = len(_choice_codes(question)) or max((len(v) for v, _ in answered), default=0)
    codes = codes if codes is not None else _choice_codes(question)
    total, n_eff, n = _base(answered)
    borda = {c: 0.0 for c in codes}
    first = {c: 0.0 for c in codes}
    rank_sum = {c: 0.0 for c in codes}
    rank_weight = {c: 0.0 for c in codes}
    for value, w in answered:
        ranked = list(dict.fromkeys(str(v) for v in value))
        for position, code in enumerate(ranked):
            # Borda: m-1 points for first place down to 0; unranked items score nothing.
            borda[code] = borda.get(code, 0.0) + w * (m - 1 - position)
            rank_sum[code] = rank_sum.get(code, 0.0) + w * (position + 1)
            rank_weight[code] = rank_weight.get(code, 0.0) + w
        if ranked:
            first[ranked[0]] = first.get(ranked[0], 0.0) + w
    items = []
    for code in borda:
        entry = {
            "code": code,
            "borda": round(borda[code], 6),
            "borda_mean": round(borda[code] / total, 6) if total else 0.0,
            "mean_rank": round(rank_sum[code] / rank_weight[code], 6) if rank_weight[code] else None,
            "ranked_by": round(rank_weight[code], 6),
            "first_choice": share_entry(first.get(code, 0.0), total, n_eff, n),
        }
        items.append(entry)
    items.sort(key=lambda e: -e["borda"])
    return {"n": n, "n_effective": round(n_eff, 3), "items": items, "method": "Borda count (m-1 points for first place)"}


def _numbers(answered: list[tuple[Any, float]]) -> dict:
    values = sorted((float(v), w) for v, w in answered)
    total = sum(w for _, w in values)
    if not values or total <= 0:
        return {"n": 0, "mean": None, "median": None, "min": None, "max": None}
    mean = sum(v * w for v, w in values) / total
    running, median = 0.0, values[-1][0]
    for v, w in values:
        running += w
        if running >= total / 2:
            median = v
            break
    return {
        "n": len(values),
        "n_effective": round(kish_effective_n([w for _, w in values]), 3),
        "mean": round(mean, 6),
        "median": median,
        "min": values[0][0],
        "max": values[-1][0],
    }


def other_texts(question: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> list[dict]:
    """The "other, please specify" answers, redacted, routed into open-text analysis.

    Free text is where people write their names and phone numbers: it is redacted here, before
    it is part of any result; the raw text never leaves the rows it came in.
    """
    key = f"{question['key']}__other"
    out = []
    for row in rows:
        text = _answer(row, key)
        if isinstance(text, str) and text.strip():
            out.append({"response_id": row.get("response_id"), "locale": row.get("locale"), "text": redact(text)})
    return out


def answer_codes(question: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The question's choice codes, then any other code found in ``rows`` (in order of appearance).

    A code outside the choice list (an old choice since removed, a typo in an import) is kept as a
    column of its own rather than dropped, so shares still add up and every answer is counted.
    """
    codes = _choice_codes(question)
    if question.get("type") not in CHOICE_TYPES | {"ranking"}:
        return codes
    seen = dict.fromkeys(codes)
    key = question["key"]
    for row in rows:
        value = _answer(row, key)
        if value is None:
            continue
        for v in value if isinstance(value, (list, tuple)) else [value]:
            seen.setdefault(str(v))
    return list(seen)


def summarize_question(
    question: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    weights: Mapping[str, float] | None = None,
    *,
    codes: Sequence[str] | None = None,
) -> dict:
    """Summarise one closed question over response dicts (see the package docstring).

    Returns ``{"key", "type", "weighted", "n_responses", "n_missing", ...type-specific...}``;
    text questions only report how many answered (their analysis is in ``engage.analysis.text``).
    Choice and ranking results list every code of :func:`answer_codes`; ``codes`` (which must hold
    all of them) fixes that list, so that summaries of different groups line up column by column.
    """
    if codes is None:
        codes = answer_codes(question, rows)
    codes = list(codes)
    key = question["key"]
    kind = question.get("type")
    answered = []
    for row in rows:
        value = _answer(row, key)
        if value is not None:
            answered.append((value, _weight(row, weights)))
    head: dict[str, Any] = {
        "key": key,
        "type": kind,
        "label": question.get("label"),
        "weighted": weights is not None,
        "n_responses": len(rows),
        "n_missing": len(rows) - len(answered),
    }
    if kind in ("single_choice", "yes_no"):
        body = _choices(question, [(str(v), w) for v, w in answered], multiple=False, codes=codes)
        if kind == "single_choice":
            body["other_texts"] = other_texts(question, rows)
    elif kind == "multiple_choice":
        body = _choices(question, [(v if isinstance(v, (list, tuple)) else [v], w) for v, w in answered], True, codes)
        body["other_texts"] = other_texts(question, rows)
    elif kind == "likert":
        body = _likert(question, answered)
    elif kind == "ranking":
        body = _ranking(question, [(v if isinstance(v, (list, tuple)) else [v], w) for v, w in answered], codes)
    elif kind == "number":
        body = _numbers(answered)
    elif kind == "text":
        body = {"n": len(answered)}
    else:
        raise ValueError(f"unknown question type {kind!r} for question {key!r}")
    head.update(body)
    return head
