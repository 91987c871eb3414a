"""Emerging themes: clusters of answers that no codebook theme fits, offered as candidate themes.

The pool is the untagged answers *and* the quarter of tagged ones that fit their theme least
(:func:`weak_fits`): the tagger gives nearly every answer its nearest theme, so the answers about
a subject the codebook lacks are mostly tagged with a poor fit, not left untagged. Leaving one
theme out of the bowling-green codebook at a time, groups of untagged answers alone found 0 of the
12 missing themes; with the weak fits, 11 (a group of at least 5 of its answers, half or more of
the group; ``benchmarks/analysis``).

The pool is grouped (k groups, from its size) on the sentence encoder's vectors when the encoder
knows the language (answers about one subject in different words group together), else on TF-IDF;
groups with enough members and enough cohesion become candidates with key phrases and example
answers. Groups come from Ward's hierarchical clustering (:func:`groups`), which has no random
start. On encoder vectors k-means found 7-10 of the 12 left-out themes depending on the answers'
order and which 85% of them were there, Ward 9-11 (11 in every order of the full set); on TF-IDF
(no encoder) k-means found 1-6, Ward 3-9 (9 in every order). Non-answers ("no thanks", "not sure",
"n/a") are left out first: they share words, so they would otherwise cluster into "themes" of
their own and crowd out what residents raised.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import cut_tree, linkage
from scipy.spatial.distance import squareform
from sklearn.preprocessing import normalize

from engage.analysis.text import embeddings
from engage.analysis.text.normalize import is_non_answer, says_nothing, tokenize
from engage.analysis.text.quotes import shorten
from engage.analysis.text.redact import redact
from engage.analysis.text.vectors import answer_vectors


# Share of tagged answers, those with the lowest fit, that join the pool (a quartile, not tuned).
WEAK_SHARE = 0.25


# Ward's clustering keeps all pairwise distances: at most this many answers are clustered (16 MB,
# under a second); in a larger pool the others join the nearest group's centre.
WARD_ROWS = 2_000
_BLOCK = 8192


def _unit_rows(space: np.ndarray | sparse.spmatrix) -> np.ndarray | sparse.csr_matrix:
    if sparse.issparse(space):
        return normalize(sparse.csr_matrix(space, dtype=np.float64))
    return normalize(np.asarray(space, dtype=np.float32))


def _ward(unit: np.ndarray | sparse.csr_matrix, k: int) -> np.ndarray:
    """Ward's clustering of unit rows into k groups, from their pairwise distances (computed from
    dot products, in place, so sparse TF-IDF needs no dense copy)."""
    squared = unit @ unit.T
    squared = squared.toarray() if sparse.issparse(squared) else np.asarray(squared, dtype=np.float64)
    norms = np.diag(squared).copy()  # 1, or 0 for an answer with no vector
    squared *= -2.0
    squared += norms[:, None]
    squared += norms[None, :]
    np.fill_diagonal(squared, 0.0)
    np.sqrt(np.maximum(squared, 0.0, out=squared), out=squared)
    return cut_tree(linkage(squareform(squared, checks=False), method="ward"), n_clusters=k).ravel().astype(np.int64)


def groups(space: np.ndarray | sparse.spmatrix, k: int, seed: int = 0) -> np.ndarray:
    """A group number (0..k-1) for each row of ``space`` (encoder vectors or TF-IDF rows).

    Ward's hierarchical clustering of the rows at unit length. K-means from random starts moved by
    one or two found themes of twelve on any change of the pool (its order, a few answers more or
    less); Ward's merges are fixed by the data, and it found more (module docstring).
    """
    n = space.shape[0]
    if k <= 1 or n <= 1:
        return np.zeros(n, dtype=np.int64)
    if n <= WARD_ROWS:
        return _ward(_unit_rows(space), k)
    sample = np.sort(np.random.default_rng(seed).choice(n, WARD_ROWS, replace=False))
    sampled_rows = _unit_rows(space[sample])
    sampled = _ward(sampled_rows, k)
    members = sparse.csr_matrix((np.ones(len(sample)), (sampled, np.arange(len(sample)))), shape=(k, len(sample)))
    centres = members @ sampled_rows / np.asarray(members.sum(axis=1))
    centres = centres.toarray() if sparse.issparse(centres) else np.asarray(centres)
    # Nearest centre in squared distance (what Ward minimises), a block of rows at a time.
    out = np.empty(n, dtype=np.int64)
    half_norms = 0.5 * (centres ** 2).sum(axis=1)
    for start in range(0, n, _BLOCK):
        near = _unit_rows(space[start : start + _BLOCK]) @ centres.T
        out[start : start + _BLOCK] = np.argmax(np.asarray(near) - half_norms, axis=1)
    out[sample] = sampled
    return out


def weak_fits(fit: Sequence[float | None], languages: Sequence[str] | None = None,
              share: float = WEAK_SHARE) -> list[bool]:
    """Which answers fit their best theme worst: fit under the ``share`` quantile of the known fits,
    within each language when ``languages`` are given (score scales differ between languages and
    engines, so fits only compare within one language of one batch).

    ``fit`` is each tagged answer's best theme score (None for an answer with no theme).
    """
    if languages is not None:
        out = [False] * len(fit)
        for lang in set(languages):
            index = [i for i, lang_i in enumerate(languages) if lang_i == lang]
            for i, flag in zip(index, weak_fits([fit[i] for i in index], share=share)):
                out[i] = flag
        return out
    known = np.array([f for f in fit if f is not None], dtype=float)
    if len(known) < 4:  # no quartile to speak of
        return [False] * len(fit)
    cut = float(np.quantile(known, share))
    return [f is not None and f < cut for f in fit]


def emerging_themes(
    texts: Sequence[str],
    tags: Sequence[Sequence[str]],
    language: str = "en",
    min_size: int = 3,
    max_clusters: int = 12,
    min_cohesion: float = 0.15,
    ids: Sequence[str] | None = None,
    seed: int = 0,
    weak: Sequence[bool] | None = None,
) -> list[dict]:
    """Candidate themes among untagged answers and, with ``weak``, poorly fitting tagged ones; largest first.

    Each candidate: ``{"size", "cohesion", "key_phrases": [...], "examples": [{"id", "text"}],
    "tagged_as": {theme: n}, "members": [ids]}`` where ``tagged_as`` counts the members that did get
    a theme (a poor fit), by theme, and ``members`` lists every member, most central first.
    Cohesion is the mean cosine similarity of members to their centre (0..1), on TF-IDF.
    """
    ids = list(ids) if ids is not None else [str(i) for i in range(len(texts))]
    weak = list(weak) if weak is not None else [False] * len(texts)
    pool = [i for i, (text, t) in enumerate(zip(texts, tags))
            if (not t or weak[i]) and not is_non_answer(text, language)]
    if len(pool) < max(min_size, 2):
        return []
    safe = [redact(texts[i]) for i in pool]
    vectors = answer_vectors(safe, language)
    matrix = vectors.matrix
    if matrix.shape[1] == 0:
        return []
    k = max(1, min(max_clusters, round(math.sqrt(len(pool) / 2)), len(pool) // min_size))
    encoder = embeddings.encoder_for(language)
    space = np.asarray(encoder.encode(safe), dtype=np.float32) if encoder is not None else matrix
    labels = groups(space, k, seed)
    pool_sum = np.asarray(matrix.sum(axis=0)).ravel()
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
        # Key phrases: the terms that set the group apart from the rest of the pool (centre weight
        # above the others'; words every answer uses, such as the town's name, say nothing),
        # present in at least two members.
        present = np.asarray((sub > 0).sum(axis=0)).ravel()
        rest = len(pool) - len(members)
        distinct = centre - ((pool_sum - centre * len(members)) / rest if rest else 0.0)
        order = np.argsort(-distinct)
        phrases_out: list[str] = []
        for col in order:
            if distinct[col] <= 0 or len(phrases_out) >= 5:
                break
            phrase = vectors.readable(vectors.terms[col])
            # "thanks" shared by answers that end "thanks for listening" names no theme.
            if present[col] >= 2 and not all(says_nothing(w, language) for w in tokenize(phrase)):
                phrases_out.append(phrase)
        examples = [members[i] for i in np.argsort(-similarity)[:3]]
        tagged_as: dict[str, int] = {}
        for i in members:
            for theme in tags[pool[i]][:1]:  # the theme it was given first, poorly
                tagged_as[theme] = tagged_as.get(theme, 0) + 1
        candidates.append({
            "size": int(len(members)),
            "cohesion": round(cohesion, 4),
            "key_phrases": phrases_out,
            "examples": [{"id": ids[pool[i]], "text": shorten(safe[i])} for i in examples],
            "tagged_as": dict(sorted(tagged_as.items(), key=lambda item: -item[1])),
            "members": [ids[pool[i]] for i in members[np.argsort(-similarity)]],
        })
    candidates.sort(key=lambda c: (-c["size"], -c["cohesion"]))
    return candidates
