"""Zero-shot theme tagging: comments scored against a codebook alone, then adapted to the corpus.

1. Each comment's terms are matched against the theme profiles (see ``profiles``), giving a
   score per theme; exclusion sentences in descriptions lower a theme's score.
2. Corpus adaptation: the comments the codebook tags confidently teach which *other* words go
   with each theme in this consultation ("pothole" next to "road"), and every comment is scored
   again with that knowledge. This is pseudo-relevance feedback; it needs no labels.
3. Per comment, the best theme is kept when its score clears an absolute floor, and further themes
   when they come close to the best (a relative threshold), up to ``max_themes``. Long answers
   are also scored part by part and get their parts' themes too (see ``parts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse

from engage.analysis.text import embeddings
from engage.analysis.text.codebook import Codebook
from engage.analysis.text.features import CompoundMatcher, TermCounter
from engage.analysis.text.normalize import Normalizer, base_language
from engage.analysis.text.parts import PartLayout, Tagging

# How much higher a part's floor is than its answer's (see ``part_decision``).
PART_FLOOR = 1.5
from engage.analysis.text.profiles import ThemeProfiles, build_profiles


@dataclass(frozen=True)
class Decision:
    """How scores become tags: floor for the best theme, closeness for the others."""

    min_score: float = 0.4
    ratio: float = 0.8
    max_themes: int = 3


@dataclass(frozen=True)
class ZeroShotConfig:
    decision: Decision = field(default_factory=Decision)
    # Corpus adaptation; skipped for a handful of comments where it has nothing to learn from.
    adapt: bool = True
    adapt_min_comments: int = embeddings.CORPUS_ROWS
    adapt_rounds: int = 2
    adapt_strength: float = 1.0
    # A word must appear in this many comments before the corpus may attach it to a theme.
    adapt_min_df: int = 2
    adapt_prior: float = 5.0
    # Weight of the sentence encoder's evidence (when installed) next to the lexical evidence;
    # both are on one scale (1 = a typical confident match), so equal weight is the neutral choice.
    semantic_weight: float = 1.0


def _chosen(scores: np.ndarray, decision: Decision) -> tuple[np.ndarray, np.ndarray]:
    """Each row's best ``max_themes`` theme indexes (best first) and which of them are kept.

    Done on the whole matrix at once: it runs several times per batch in corpus adaptation and a
    few hundred times in learning mode's threshold search.
    """
    order = np.argsort(-scores, axis=1, kind="stable")[:, : decision.max_themes]
    ranked = np.take_along_axis(scores, order, axis=1)
    best = ranked[:, :1]
    keep = (ranked >= decision.ratio * best) & (ranked >= decision.min_score)
    keep[:, :1] = (best >= decision.min_score) & (best > 0)
    keep &= keep[:, :1]
    return order, keep


def decide(scores: np.ndarray, decision: Decision) -> list[list[int]]:
    """Theme indexes per row of ``scores`` under ``decision`` (best first)."""
    if scores.shape[0] == 0 or scores.shape[1] == 0:
        return [[] for _ in range(scores.shape[0])]
    order, keep = _chosen(scores, decision)
    return [row[mask].tolist() for row, mask in zip(order, keep)]


def part_decision(decision: Decision) -> Decision:
    """The rule for a part of a long answer: a part is short, so its scores are noisier than its
    answer's, and it adds a theme only when clearly about it (on joined real comments a floor 1.5
    times the answer's gave +0.004-0.009 F1 over the same floor)."""
    return replace(decision, min_score=decision.min_score * PART_FLOOR)


def part_tagging(decision: Decision) -> tuple[Tagging, Tagging]:
    """How answers' rows and parts' rows become 0/1 tags under ``decision``."""
    parts_rule = part_decision(decision)
    return (lambda rows: tag_matrix(rows, decision)), (lambda rows: tag_matrix(rows, parts_rule))


def decide_parts(scores: np.ndarray, layout: PartLayout, decision: Decision) -> list[list[int]]:
    """Theme indexes per comment whose rows ``layout`` describes: the themes ``decision`` gives
    the whole comment or any of its parts, best score first."""
    return layout.ranked(scores, *part_tagging(decision))


def tag_matrix(scores: np.ndarray, decision: Decision) -> np.ndarray:
    """The tags ``decide`` gives, as a 0/1 comments x themes matrix."""
    out = np.zeros(scores.shape)
    if scores.size:
        order, keep = _chosen(scores, decision)
        np.put_along_axis(out, order, keep.astype(float), axis=1)
    return out


@dataclass
class CorpusMatrix:
    """Binary comment x term matrix over the union of codebook and corpus terms, one language."""

    vocab: dict[str, int]
    matrix: sparse.csr_matrix
    codebook_weights: np.ndarray  # themes x vocab, zero outside the codebook's terms
    # Rows that count for corpus statistics (word rarity, associations, scales): the answers. Rows
    # after them (parts of long answers, see ``parts``) are scored but teach nothing, so a long
    # answer does not count twice. None: every row.
    teaching: int | None = None

    @property
    def taught(self) -> int:
        return self.matrix.shape[0] if self.teaching is None else self.teaching

    def weighted(self) -> sparse.csr_matrix:
        """The matrix with each term weighted by its rarity in this corpus.

        Words most comments use ("city", "need", "people" in a city consultation) say little about
        which theme a comment is about, whatever the codebook says about them.
        """
        n = self.taught
        df = np.asarray(self.matrix[:n].sum(axis=0)).ravel()
        idf = np.log((n + 1.0) / (df + 0.5))
        return sparse.csr_matrix(self.matrix @ sparse.diags(np.maximum(idf, 0.0)))


def vectorize(texts: list[str], profiles: ThemeProfiles, counter: TermCounter, teaching: int | None = None) -> CorpusMatrix:
    vocab = dict(profiles.vocab)
    matcher = CompoundMatcher(counter.language, profiles.known_stems())
    rows: list[int] = []
    cols: list[int] = []
    for r, text in enumerate(texts):
        # Raw tokens are only needed to find codebook stems inside compounds.
        raw, terms = counter.tokens_and_terms(text) if matcher.active else ((), counter.terms(text))
        seen: set[int] = set()
        for term in terms:
            col = vocab.setdefault(term, len(vocab))
            seen.add(col)
        for token in raw:
            for part in matcher.parts(token):
                seen.add(vocab[part])
        rows.extend([r] * len(seen))
        cols.extend(seen)
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(vocab)))
    weights = np.zeros((len(profiles.theme_ids), len(vocab)))
    weights[:, : profiles.weights.shape[1]] = profiles.weights
    return CorpusMatrix(vocab=vocab, matrix=matrix, codebook_weights=weights, teaching=teaching)


def _scale(scores: np.ndarray, taught: int) -> np.ndarray:
    """Divide by the typical best score (of the first ``taught`` rows) so codebook and corpus
    evidence add on one scale."""
    best = scores[:taught].max(axis=1) if scores.size else np.zeros(0)
    positive = best[best > 0]
    typical = float(np.median(positive)) if positive.size else 1.0
    return scores / (typical or 1.0)


def corpus_associations(
    matrix: sparse.csr_matrix, assignment: np.ndarray, min_df: int, prior: float
) -> np.ndarray:
    """Log-odds of each term inside vs outside each theme's comments (positive part only).

    ``assignment`` is comments x themes, soft or hard. A Dirichlet prior towards the corpus-wide
    rate keeps rare words from looking decisive.
    """
    df = np.asarray(matrix.sum(axis=0)).ravel()
    n = matrix.shape[0]
    rate = (df + 0.5) / (n + 1.0)
    inside = np.asarray((matrix.T @ assignment).T)  # themes x terms
    size = assignment.sum(axis=0)[:, None]
    outside = df[None, :] - inside
    p_in = (inside + prior * rate) / (size + prior)
    p_out = (outside + prior * rate) / (n - size + prior)
    assoc = np.log(p_in / p_out)
    assoc[:, df < min_df] = 0.0
    return np.maximum(assoc, 0.0)


def adapted_scores(
    corpus: CorpusMatrix,
    config: ZeroShotConfig,
    known: dict[int, np.ndarray] | None = None,
    semantic: embeddings.Semantic | None = None,
) -> np.ndarray:
    """Codebook scores, then corpus-adapted scores (see the module docstring).

    ``known`` maps comment rows to their analyst-coded 0/1 theme vectors: those rows teach the
    corpus associations with their true themes instead of guessed ones. ``semantic`` (when the
    optional sentence encoder is installed) adds the encoder's codebook similarity to the
    codebook evidence and, in adaptation, each theme's prototype (mean vector of its comments).
    """
    weighted = corpus.weighted()
    raw = np.asarray(weighted @ corpus.codebook_weights.T)
    n = corpus.taught
    w = config.semantic_weight if semantic is not None else 0.0
    if n < config.adapt_min_comments and not known:
        # Too few comments for a corpus-relative scale: 1.0 is then one strong codebook cue
        # (a typical theme's best term) found in one comment of this batch.
        best_terms = corpus.codebook_weights.max(axis=1)
        cue = float(np.median(best_terms[best_terms > 0])) if (best_terms > 0).any() else 1.0
        lexical = raw / (cue * np.log((n + 1.0) / 1.5) or 1.0)
        if semantic is None:
            return lexical
        return (lexical + w * embeddings.scale_like_scores(semantic.codebook, config.adapt_min_comments, n)) / (1.0 + w)
    base = _scale(raw, n)
    if semantic is not None:
        base = base + w * embeddings.scale_like_scores(semantic.codebook, config.adapt_min_comments, n)
    if not config.adapt:
        return base / (1.0 + w)
    scores = base
    for _ in range(config.adapt_rounds):
        assignment = tag_matrix(scores / (1.0 + w), config.decision)
        assignment[n:] = 0.0  # parts of long answers teach nothing (their answer does)
        for row, labels in (known or {}).items():
            assignment[row] = labels
        assoc = corpus_associations(corpus.matrix[:n], assignment[:n], config.adapt_min_df, config.adapt_prior)
        learned = _scale(np.asarray(weighted @ assoc.T), n)
        scores = base + config.adapt_strength * learned
        if semantic is not None:
            prototypes = embeddings.prototype_similarity(semantic.vectors, assignment)
            scores = scores + config.adapt_strength * w * embeddings.scale_like_scores(prototypes, config.adapt_min_comments, n)
    return scores / (1.0 + w)


class ZeroShotTagger:
    """Tags comments from a codebook alone. Reusable across calls; profiles are cached per language."""

    def __init__(self, codebook: Codebook, config: ZeroShotConfig | None = None) -> None:
        self.codebook = codebook
        self.config = config or ZeroShotConfig()
        self._profiles: dict[str, tuple[ThemeProfiles, TermCounter]] = {}

    def profiles(self, language: str) -> tuple[ThemeProfiles, TermCounter]:
        language = base_language(language, self.codebook.language)
        if language not in self._profiles:
            counter = TermCounter(Normalizer(language))
            self._profiles[language] = (build_profiles(self.codebook, counter), counter)
        return self._profiles[language]

    def scored(self, texts: list[str], languages: list[str] | None = None) -> tuple[np.ndarray, PartLayout]:
        """Scores of every row (the comments, then the parts of long ones: see ``parts``), scaled so
        ~1 is a typical confident match, and the rows' layout."""
        languages = languages or [self.codebook.language] * len(texts)
        layout, rows = PartLayout.of(list(texts))
        scores = np.zeros((layout.rows, len(self.codebook.themes)))
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(languages):
            groups.setdefault(base_language(lang, self.codebook.language), []).append(i)
        for lang, members in groups.items():
            profiles, counter = self.profiles(lang)
            index, _ = layout.subset(np.asarray(members))
            group = [rows[i] for i in index]
            corpus = vectorize(group, profiles, counter, teaching=len(members))
            encoder = embeddings.encoder_for(lang)
            semantic = embeddings.semantic_for(self.codebook, group, lang, encoder, teaching=len(members)) if encoder else None
            scores[index] = adapted_scores(corpus, self.config, semantic=semantic)
        return scores, layout

    def score(self, texts: list[str], languages: list[str] | None = None) -> np.ndarray:
        """Comments x themes scores: each theme's best over the comment and its parts."""
        scores, layout = self.scored(texts, languages)
        return layout.best(scores)

    def tag(self, texts: list[str], languages: list[str] | None = None) -> list[list[str]]:
        """Theme ids per comment, best first; empty text gets none."""
        scores, layout = self.scored(texts, languages)
        ids = self.codebook.ids
        return [[ids[j] for j in chosen] for chosen in decide_parts(scores, layout, self.config.decision)]
