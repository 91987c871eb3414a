"""TF-IDF vectors of answers for quotes and emerging themes, with readable words for stems.

Stems are what we compare, but people read words: each stem remembers the word form it was most
often written as, so key phrases read "police", not "polic".
"""

from __future__ import annotations

import math
from array import array
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
    """L2-normalised TF-IDF of unigram stems and adjacent-stem bigrams.

    Rows go straight into CSR arrays, and written forms are counted per (term, form) pair: lists
    of (row, column) triplets and a counter per token (most of them thrown away) took half the
    time of 5,000 answers.
    """
    normalizer = Normalizer(language)
    vocab: dict[str, int] = {}
    forms: Counter[tuple[str, str]] = Counter()  # (term, the words it was written as)
    columns, values, indptr = array("i"), array("d"), array("q", [0])
    for text in texts:
        counts: dict[int, int] = {}
        previous: tuple[str, str] | None = None
        for token in phrase_tokens(text or ""):  # a phrase break is "", which has no stem
            stem = normalizer.stem(token)
            if stem is None:
                previous = None
                continue
            forms[stem, token] += 1
            col = vocab.setdefault(stem, len(vocab))
            counts[col] = counts.get(col, 0) + 1
            if previous is not None and previous[0] != stem:
                bigram = f"{previous[0]} {stem}"
                forms[bigram, f"{previous[1]} {token}"] += 1
                col = vocab.setdefault(bigram, len(vocab))
                counts[col] = counts.get(col, 0) + 1
            previous = (stem, token)
        for col in sorted(counts):
            columns.append(col)
            values.append(1.0 + math.log(counts[col]))
        indptr.append(len(columns))
    matrix = sparse.csr_matrix(
        (np.frombuffer(values, dtype=np.float64), np.frombuffer(columns, dtype=np.intc), np.frombuffer(indptr, dtype=np.int64)),
        shape=(len(texts), len(vocab)),
    )
    df = np.bincount(matrix.indices, minlength=len(vocab)) if len(vocab) else np.zeros(0)
    idf = np.log((len(texts) + 1) / (df + 1)) + 1.0
    # Answers with no content word at all ("nada", "n/a") leave no columns; sklearn refuses those.
    matrix = normalize(matrix @ sparse.diags(idf), norm="l2").tocsr() if len(vocab) else matrix.tocsr()
    terms = [""] * len(vocab)
    for term, col in vocab.items():
        terms[col] = term
    # Each term reads as the form it was most often written as (the first seen, of equals).
    display: dict[str, str] = {}
    best: dict[str, int] = {}
    for (term, form), count in forms.items():
        if count > best.get(term, 0):
            best[term], display[term] = count, form
    return AnswerVectors(matrix=matrix, terms=terms, display=display)
