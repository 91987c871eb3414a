"""Representative quotes per theme (central and diverse) and the minority views a theme hides.

Quotes are always redacted again here and cut to a readable length, so nothing personal and
nothing too long reaches a report even if a caller forgot to redact first. A long answer (see
``parts``) is quoted by the part that speaks for the theme, marked as an excerpt: the point that
earned the theme, not the answer's opening (which a 240-character cut could leave it out of).
The tagger says which part that is (``pipeline.FittedTags.passages``); without it (an analyst's
own tags), the part closest to the theme's other answers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from engage.analysis.text.parts import parts, words
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


def _passage(pieces: list[int], rows: list[str], closeness: np.ndarray, spoken: str | None) -> int | None:
    """The row of the part of a long answer to quote (None: quote the answer, it has no parts):
    the part the tagger found the theme in, else the one closest to the theme's centre."""
    if not pieces:
        return None
    if spoken is not None:
        said = " ".join(spoken.split())
        for row in pieces:
            if " ".join(rows[row].split()) == said:
                return row
    return max(pieces, key=closeness.__getitem__)


def _similarity_to(rows: sparse.csr_matrix, i: int) -> np.ndarray:
    """Cosine of every row to row ``i`` (rows are unit length)."""
    return np.asarray((rows @ rows[i].T).toarray()).ravel()


def _mmr(similarity_to_centre: np.ndarray, rows: sparse.csr_matrix, k: int, balance: float) -> list[int]:
    """Maximal marginal relevance: central first, then ones unlike those already picked.

    Similarities to the picked rows only, kept as a running maximum: a theme of 30,000 answers
    would need a 7 GB matrix of all pairs.
    """
    chosen: list[int] = []
    redundancy = np.zeros(len(similarity_to_centre))
    open_ = np.ones(len(similarity_to_centre), dtype=bool)
    while open_.any() and len(chosen) < k:
        value = np.where(open_, balance * similarity_to_centre - (1 - balance) * redundancy, -np.inf)
        best = int(np.argmax(value))
        chosen.append(best)
        open_[best] = False
        redundancy = np.maximum(redundancy, _similarity_to(rows, best))
    return chosen


def theme_quotes(
    texts: Sequence[str],
    tags: Sequence[Sequence[str]],
    theme_ids: Sequence[str],
    language: str = "en",
    per_theme: int = 3,
    minority: int = 2,
    ids: Sequence[str] | None = None,
    passages: Sequence[dict[str, str]] | None = None,
) -> dict[str, dict]:
    """For each theme: ``{"n", "quotes": [...], "minority_views": [...]}``.

    ``quotes`` are central then diverse answers (maximal marginal relevance around the theme's
    centroid); ``minority_views`` are answers far from the centroid and from each other — what
    a theme's headline count would hide. Each item is ``{"id", "text", "similarity"}``.
    ``passages[i]`` (theme id -> text of one of answer i's parts) says which part of a long answer
    the tagger found the theme in.
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
        members = [i for i, t in enumerate(tags) if theme in t and words(safe[i]) >= MIN_WORDS]
        members = members or [i for i, t in enumerate(tags) if theme in t and safe[i].strip()]
        n = sum(1 for t in tags if theme in t)
        if not members:
            out[theme] = {"n": n, "quotes": [], "minority_views": []}
            continue
        centre = _unit(np.asarray(vectors.matrix[members].mean(axis=0)).ravel())
        # Each long answer stands by its part closest to the theme; the centre is then re-read
        # from what will be quoted.
        closeness = np.asarray(vectors.matrix @ centre).ravel()  # one product for every row
        chosen = [_passage(pieces[i], rows, closeness, passages[i].get(theme) if passages else None) for i in members]
        sub = vectors.matrix[[row if row is not None else i for i, row in zip(members, chosen)]]
        centre = _unit(np.asarray(sub.mean(axis=0)).ravel())
        to_centre = np.asarray(sub @ centre).ravel()
        picked = _mmr(to_centre, sub, per_theme, balance=0.7)
        rest = sorted(set(range(len(members))) - set(picked))
        # Minority views: least central first, each unlike those already picked.
        far = sorted(rest, key=lambda i: to_centre[i])
        views: list[int] = []
        nearest = np.zeros(len(members))  # each answer's highest cosine to a picked one
        for j in picked:
            nearest = np.maximum(nearest, _similarity_to(sub, j))
        for i in far:
            if len(views) >= minority or len(members) < 2 * per_theme:
                break
            if nearest[i] < 0.5:
                views.append(i)
                nearest = np.maximum(nearest, _similarity_to(sub, i))

        def item(i: int) -> dict:
            answer, row = members[i], chosen[i]
            text = rows[answer] if row is None else _excerpt(safe[answer], rows[row])
            return {"id": ids[answer], "text": shorten(text), "similarity": round(float(to_centre[i]), 4)}

        out[theme] = {"n": n, "quotes": [item(i) for i in picked], "minority_views": [item(i) for i in views]}
    return out
