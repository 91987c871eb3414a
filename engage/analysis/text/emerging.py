"""Emerging themes: clusters of answers that no codebook theme fits, offered as candidate themes.

Untagged answers are clustered (k-means on TF-IDF, k from the number of answers); clusters with
enough members and enough cohesion become candidates with key phrases and example answers.
Non-answers ("no thanks", "not sure", "n/a") are left out first: they share words, so they would
otherwise cluster into "themes" of their own and crowd out what residents raised.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
from sklearn.cluster import KMeans

from engage.analysis.text.normalize import is_non_answer, non_answer_words, tokenize
from engage.analysis.text.quotes import shorten
from engage.analysis.text.redact import redact
from engage.analysis.text.vectors import answer_vectors


def emerging_themes(
    texts: Sequence[str],
    tags: Sequence[Sequence[str]],
    language: str = "en",
    min_size: int = 3,
    max_clusters: int = 12,
    min_cohesion: float = 0.15,
    ids: Sequence[str] | None = None,
    seed: int = 0,
) -> list[dict]:
    """Candidate themes among untagged, non-empty answers, largest first.

    Each candidate: ``{"size", "cohesion", "key_phrases": [...], "examples": [{"id", "text"}]}``.
    Cohesion is the mean cosine similarity of members to their centre (0..1).
    """
    ids = list(ids) if ids is not None else [str(i) for i in range(len(texts))]
    pool = [i for i, (text, t) in enumerate(zip(texts, tags)) if not t and not is_non_answer(text, language)]
    if len(pool) < max(min_size, 2):
        return []
    safe = [redact(texts[i]) for i in pool]
    vectors = answer_vectors(safe, language)
    matrix = vectors.matrix
    if matrix.shape[1] == 0:
        return []
    k = max(1, min(max_clusters, round(math.sqrt(len(pool) / 2)), len(pool) // min_size))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(matrix)
    empty_words = non_answer_words(language)
    candidates = []
    for cluster in range(k):
        members = np.flatnonzero(labels == cluster)
        if len(members) < min_size:
            continue
        sub = matrix[members]
        centre = np.asarray(sub.mean(axis=0)).ravel()
        norm = np.linalg.norm(centre)
        if norm == 0:
            continue
        similarity = np.asarray(sub @ (centre / norm)).ravel()
        cohesion = float(similarity.mean())
        if cohesion < min_cohesion:
            continue
        # Key phrases: heaviest centre terms present in at least two members; bigrams first
        # because they read as phrases.
        present = np.asarray((sub > 0).sum(axis=0)).ravel()
        order = np.argsort(-centre)
        phrases_out: list[str] = []
        for col in order:
            if centre[col] <= 0 or len(phrases_out) >= 5:
                break
            phrase = vectors.readable(vectors.terms[col])
            # "thanks" shared by answers that end "thanks for listening" names no theme.
            if present[col] >= 2 and not all(w in empty_words for w in tokenize(phrase)):
                phrases_out.append(phrase)
        examples = [members[i] for i in np.argsort(-similarity)[:3]]
        candidates.append({
            "size": int(len(members)),
            "cohesion": round(cohesion, 4),
            "key_phrases": phrases_out,
            "examples": [{"id": ids[pool[i]], "text": shorten(safe[i])} for i in examples],
        })
    candidates.sort(key=lambda c: (-c["size"], -c["cohesion"]))
    return candidates
