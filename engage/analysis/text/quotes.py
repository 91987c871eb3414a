"""Representative quotes per theme (central and diverse) and the minority views a theme hides.

Quotes are always redacted again here and cut to a readable length, so nothing personal and
nothing too long reaches a report even if a caller forgot to redact first. A long answer (see
``parts``) is quoted by its part closest to the theme, marked as an excerpt: the point that
earned the theme, not the answer's opening (which a 240-character cut could leave it out of).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engage.analysis.text.parts import parts
from engage.analysis.text.redact import redact
from engage.analysis.text.vectors import answer_vectors

MAX_CHARS = 240
# Answers shorter than this say too little to stand for a theme.
MIN_WORDS = 4


def shorten(text: str, max_chars: int = MAX_CHARS) -> str:
    """Cut at a word boundary with an ellipsis when longer than ``max_chars``."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / (np.linalg.norm(vector) or 1.0)


def _excerpt(answer: str, part: str) -> str:
    """``part`` marked with an ellipsis where the answer goes on before or after it."""
    answer, part = " ".join(answer.split()), " ".join(part.split())
    start = answer.find(part)
    before = "…" if start != 0 else ""
    after = "…" if start < 0 or start + len(part) < len(answer) else ""
    return f"{before}{part}{after}"


def _mmr(similarity_to_centre: np.ndarray, pairwise: np.ndarray, k: int, balance: float) -> list[int]:
    """Maximal marginal relevance: central first, then ones unlike those already picked."""
    chosen: list[int] = []
    candidates = list(range(len(similarity_to_centre)))
    while candidates and len(chosen) < k:
        def value(i: int) -> float:
            redundancy = max((pairwise[i, j] for j in chosen), default=0.0)
            return balance * similarity_to_centre[i] - (1 - balance) * redundancy
        best = max(candidates, key=value)
        chosen.append(best)
        candidates.remove(best)
    return chosen


def theme_quotes(
    texts: Sequence[str],
    tags: Sequence[Sequence[str]],
    theme_ids: Sequence[str],
    language: str = "en",
    per_theme: int = 3,
    minority: int = 2,
    ids: Sequence[str] | None = None,
) -> dict[str, dict]:
    """For each theme: ``{"n", "quotes": [...], "minority_views": [...]}``.

    ``quotes`` are central then diverse answers (maximal marginal relevance around the theme's
    centroid); ``minority_views`` are answers far from the centroid and from each other — what
    a theme's headline count would hide. Each item is ``{"id", "text", "similarity"}``.
    """
    ids = list(ids) if ids is not None else [str(i) for i in range(len(texts))]
    safe = [redact(t or "") for t in texts]
    # Rows of ``vectors``: the answers, then the parts of long ones (``pieces[i]``: answer i's rows).
    rows = list(safe)
    pieces: list[list[int]] = []
    for text in safe:
        found = parts(text)
        pieces.append(list(range(len(rows), len(rows) + len(found))))
        rows.extend(found)
    vectors = answer_vectors(rows, language)
    out: dict[str, dict] = {}
    for theme in theme_ids:
        members = [i for i, t in enumerate(tags) if theme in t and len(safe[i].split()) >= MIN_WORDS]
        members = members or [i for i, t in enumerate(tags) if theme in t and safe[i].strip()]
        n = sum(1 for t in tags if theme in t)
        if not members:
            out[theme] = {"n": n, "quotes": [], "minority_views": []}
            continue
        centre = _unit(np.asarray(vectors.matrix[members].mean(axis=0)).ravel())
        # Each long answer stands by its part closest to the theme; the centre is then re-read
        # from what will be quoted.
        passages = [max(pieces[i], key=lambda r: float((vectors.matrix[r] @ centre)[0])) if pieces[i] else i
                    for i in members]
        sub = vectors.matrix[passages]
        centre = _unit(np.asarray(sub.mean(axis=0)).ravel())
        to_centre = np.asarray(sub @ centre).ravel()
        pairwise = (sub @ sub.T).toarray()
        picked = _mmr(to_centre, pairwise, per_theme, balance=0.7)
        rest = [i for i in range(len(members)) if i not in picked]
        # Minority views: least central first, each unlike those already picked.
        far = sorted(rest, key=lambda i: to_centre[i])
        views: list[int] = []
        for i in far:
            if len(views) >= minority or len(members) < 2 * per_theme:
                break
            if all(pairwise[i, j] < 0.5 for j in views + picked):
                views.append(i)

        def item(i: int) -> dict:
            answer, row = members[i], passages[i]
            text = rows[row] if row == answer else _excerpt(safe[answer], rows[row])
            return {"id": ids[answer], "text": shorten(text), "similarity": round(float(to_centre[i]), 4)}

        out[theme] = {"n": n, "quotes": [item(i) for i in picked], "minority_views": [item(i) for i in views]}
    return out
