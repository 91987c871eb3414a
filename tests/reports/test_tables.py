"""The report's bulk summaries equal the analysis engine's, cell for cell, weighted and unweighted."""
from __future__ import annotations

import math
import random

import pytest

from engage.analysis import breakdown, rake, summarize_question
from engage.reports.tables import Frame

QUESTIONS = [
    {"key": "s", "type": "single_choice", "choices": [{"code": c} for c in "abc"]},
    {"key": "m", "type": "multiple_choice", "choices": [{"code": c} for c in "abcd"]},
    {"key": "l", "type": "likert", "scale": 5},
    {"key": "r", "type": "ranking", "choices": [{"code": c} for c in "abcd"]},
    {"key": "y", "type": "yes_no"},
    {"key": "n", "type": "number"},
    {"key": "t", "type": "text"},
]


def rows(seed: int, n: int = 400) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a: dict = {}
        if rng.random() < .9: a["s"] = rng.choice("abcx")  # "x": a code the question does not list
        if rng.random() < .9: a["m"] = rng.sample("abcd", rng.randint(0, 3))
        if rng.random() < .9: a["l"] = rng.choice([1, 2, 3, 4, 5, "dont_know"])
        if rng.random() < .9: a["r"] = rng.sample("abcd", rng.randint(1, 3))
        if rng.random() < .9: a["y"] = rng.choice(["yes", "no"])
        if rng.random() < .9: a["n"] = rng.randint(0, 20)
        if rng.random() < .5: a["t"] = "words"
        district = rng.choice(["d1", "d2", "d3"]) if rng.random() > .03 else rng.choice(["rare", "prefer_not"])
        out.append({"response_id": str(i), "channel": rng.choice(["web", "paper"]), "locale": "en",
                    "segments": {"district": district}, "answers": a})
    return out


def same(a, b, path=""):
    if isinstance(a, dict):
        a = {k: v for k, v in a.items() if k != "other_texts"}
        b = {k: v for k, v in b.items() if k != "other_texts"}
        assert set(a) == set(b), (path, set(a) ^ set(b))
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, abs_tol=2e-6), (path, a, b)
    else:
        assert a == b, (path, a, b)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_bulk_summaries_equal_the_engine(seed, weighted):
    data = rows(seed)
    weights = rake(data, {"district": {"d1": .5, "d2": .3, "d3": .2}}).weights if weighted else None
    frame = Frame(data, weights)
    for q in QUESTIONS:
        enc = frame.encode(q)
        same(summarize_question(q, data, weights), enc.summary(None, frame.weights))
        for by in ("district", "channel"):
            ours = frame.breakdown(enc, by, 10)
            try:
                theirs = breakdown(q, data, by, 10, weights)
            except IndexError:
                # The engine's breakdown builds a ragged table when a code outside the question's
                # list turns up in some groups only; ours keeps one column per code everywhere.
                widths = {len(g["summary"].get("choices", [])) for g in ours["groups"] if "summary" in g}
                assert len(widths) == 1
                continue
            same(theirs, ours)
