"""TF-IDF vectors of answers for quotes and emerging themes, with readable words for stems.

Stems are what we compare, but people read words: each stem remembers the word form it was most
often written as, so key phrases read "police", not "polic".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from engage.analysis.text.normalize import Normalizer, phrase_tokens


@dataclass
class AnswerVectors:
    matrix: sparse.csr_matrix  # answers x terms, L2-normalised TF-IDF
    terms: list[str]  # stems and "a b" stem bigrams
    display: dict[str, str]  # term -> readable words

    def readable(self, term: str) -> str:
        return self.display.get(term, term)


def answer_vectors(texts: list[str], language: str) -> AnswerVectors:
    """L2-normalised TF-IDF of unigram stems and adjacent-stem bigrams."""
    normalizer = Normalizer(language)
    vocab: dict[str, int] = {}
    surface: dict[str, Counter[str]] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for r, text in enumerate(texts):
        counts: Counter[int] = Counter()
        previous: tuple[str, str] | None = None
        for token in phrase_tokens(text or ""):  # a phrase break is "", which has no stem
            stem = normalizer.stem(token)
            if stem is None:
                previous = None
                continue
            surface.setdefault(stem, Counter())[token] += 1
            counts[vocab.setdefault(stem, len(vocab))] += 1
            if previous is not None and previous[0] != stem:
                bigram = f"{previous[0]} {stem}"
                surface.setdefault(bigram, Counter())[f"{previous[1]} {token}"] += 1
                counts[vocab.setdefault(bigram, len(vocab))] += 1
            previous = (stem, token)
        for col, count in counts.items():
            rows.append(r)
            cols.append(col)
            values.append(1.0 + np.log(count))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocab)))
    df = np.bincount(matrix.indices, minlength=len(vocab)) if len(vocab) else np.zeros(0)
    idf = np.log((len(texts) + 1) / (df + 1)) + 1.0
    # Answers with no content word at all ("nada", "n/a") leave no columns; sklearn refuses those.
    matrix = normalize(matrix @ sparse.diags(idf), norm="l2").tocsr() if len(vocab) else matrix.tocsr()
    terms = [""] * len(vocab)
    for term, col in vocab.items():
        terms[col] = term
    display = {term: forms.most_common(1)[0][0] for term, forms in surface.items()}
    return AnswerVectors(matrix=matrix, terms=terms, display=display)
