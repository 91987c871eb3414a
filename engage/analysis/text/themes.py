"""Zero-shot theme tagging: comments scored against a codebook alone, then adapted to the corpus.

1. Each comment's terms are matched against the theme profiles (see ``profiles``), giving a
   score per theme; exclusion sentences in descriptions lower a theme's score.
2. Corpus adaptation: the comments the codebook tags confidently teach which *other* words go
   with each theme in this consultation ("pothole" next to "road"), and every comment is scored
   again with that knowledge. This is pseudo-relevance feedback; it needs no labels.
3. Per comment, the best theme is kept when its score clears an absolute floor, and further themes
   when they come close to the best (a relative threshold) or, where a second floor is set, clear
   it on their own, up to ``max_themes``. Long answers
   are also scored part by part and get their parts' themes too (see ``parts``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse

from engage.analysis.text import embeddings
from engage.analysis.text.codebook import Codebook
from engage.analysis.text.features import CompoundMatcher, TermCounter
from engage.analysis.text.normalize import Normalizer, base_language
from engage.analysis.text.parts import Tagging, parts, within_answer
from engage.analysis.text.profiles import ThemeProfiles, build_profiles

# How much higher a part's floor is than its answer's (see ``part_decision``).
PART_FLOOR = 1.5
# Parts of long answers are read, scored and tagged this many at a time: nothing per part is kept
# beyond its chunk (100,000 two-comment answers have 215,000 parts). 4,096 rather than 8,192:
# learning mode's peak on those answers 962 -> 943 MiB (five fold scorers score each chunk), at no
# measurable cost in speed.
PART_CHUNK = 4096


@dataclass(frozen=True)
class Decision:
    """How scores become tags: floor for the best theme, closeness for the others.

    ``second_floor`` also keeps a further theme whose own score clears it however far it is
    below the best: an answer about traffic that also asks for more police scores far lower on
    policing than on roads, yet is about both (learning mode fits it to the coded sample).
    """

    min_score: float = 0.4
    ratio: float = 0.8
    max_themes: int = 3
    second_floor: float = float("inf")


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
    keep = ((ranked >= decision.ratio * best) | (ranked >= decision.second_floor)) & (ranked >= decision.min_score)
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
    return replace(decision, min_score=decision.min_score * PART_FLOOR, second_floor=decision.second_floor * PART_FLOOR)


def part_tagging(decision: Decision) -> tuple[Tagging, Tagging]:
    """How answers' rows and parts' rows become 0/1 tags under ``decision``."""
    parts_rule = part_decision(decision)
    return (lambda rows: tag_matrix(rows, decision)), (lambda rows: tag_matrix(rows, parts_rule))


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

    def idf(self) -> np.ndarray:
        """Each term's rarity in this corpus (0 for terms most comments use).

        Words most comments use ("city", "need", "people" in a city consultation) say little about
        which theme a comment is about, whatever the codebook says about them.
        """
        n = self.matrix.shape[0]
        df = term_frequencies(self.matrix)
        return np.maximum(np.log((n + 1.0) / (df + 0.5)), 0.0)


# A batch's term matrix holds 0/1 in one byte per term (float64 data was ~88 MB of a 100,000-answer
# batch of ~80 words each, held for the whole run). scipy widens a narrow matrix to the other
# side's type for a product, so the products below widen it a block of rows at a time, never
# the whole matrix at once.
TERM_DTYPE = np.int8
_TERM_BLOCK = 16_384


def _row_blocks(matrix: sparse.csr_matrix) -> Iterator[tuple[int, sparse.csr_matrix]]:
    for start in range(0, matrix.shape[0], _TERM_BLOCK):
        yield start, matrix[start : start + _TERM_BLOCK]


def term_product(matrix: sparse.csr_matrix, dense: np.ndarray) -> np.ndarray:
    """``matrix @ dense`` (terms x m, or a vector of terms) as float64, widened block by block."""
    out = np.zeros((matrix.shape[0],) + dense.shape[1:], dtype=np.result_type(dense.dtype, np.float64))
    for start, block in _row_blocks(matrix):
        out[start : start + block.shape[0]] = block @ dense
    return out


def term_frequencies(matrix: sparse.csr_matrix) -> np.ndarray:
    """How many rows have each term (column sums), as float64."""
    out = np.zeros(matrix.shape[1])
    for _, block in _row_blocks(matrix):
        out += np.asarray(block.sum(axis=0)).ravel()
    return out


def weigh(matrix: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Rows of a term matrix with each term weighted by its rarity (a corpus's :meth:`CorpusMatrix.idf`)."""
    return sparse.csr_matrix(matrix @ sparse.diags(idf))


def weighted_scores(matrix: sparse.csr_matrix, idf: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``weigh(matrix, idf) @ weights.T`` (rows x themes) without a weighted copy of the matrix:
    the rarity goes into the small dense side instead (the same to ~1e-14; bowling-green's tags
    unchanged), so adaptation, the run's peak, holds one copy of the batch's terms instead of
    two (100,000 answers of ~80 words: ~110 MB)."""
    return term_product(matrix, (weights * idf).T)


class _Terms:
    """Comments -> rows of term columns, for one language's codebook profiles."""

    def __init__(self, profiles: ThemeProfiles, counter: TermCounter) -> None:
        self.counter = counter
        self.matcher = CompoundMatcher(counter.language, profiles.known_stems())

    def rows(self, texts: list[str], vocab: dict[str, int], grow: bool) -> sparse.csr_matrix:
        """Binary texts x vocab matrix; with ``grow``, new terms join ``vocab``, else are ignored."""
        # Columns go straight into a C int array and the CSR index pointer, not into Python lists
        # of (row, column) pairs turned into a COO matrix: those held ~48 bytes per term of the
        # batch at once (100,000 answers of ~80 words, ~11 million terms: ~500 MB transient).
        cols = array("i")
        ends = np.zeros(len(texts) + 1, dtype=np.int64)
        for r, text in enumerate(texts):
            # Raw tokens are only needed to find codebook stems inside compounds.
            raw, terms = self.counter.tokens_and_terms(text) if self.matcher.active else ((), self.counter.terms(text))
            seen: set[int] = set()
            for term in terms:
                col = vocab.setdefault(term, len(vocab)) if grow else vocab.get(term)
                if col is not None:
                    seen.add(col)
            for token in raw:
                for part in self.matcher.parts(token):
                    seen.add(vocab[part])
            cols.extend(sorted(seen))
            ends[r + 1] = len(cols)
        indices = np.frombuffer(cols, dtype=np.intc) if len(cols) else np.zeros(0, dtype=np.intc)
        indptr = ends.astype(np.int32) if len(cols) < 2**31 else ends
        data = np.ones(len(indices), dtype=TERM_DTYPE)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), len(vocab)))


def vectorize(texts: list[str], profiles: ThemeProfiles, counter: TermCounter) -> CorpusMatrix:
    vocab = dict(profiles.vocab)
    matrix = _Terms(profiles, counter).rows(texts, vocab, grow=True)
    weights = np.zeros((len(profiles.theme_ids), len(vocab)))
    weights[:, : profiles.weights.shape[1]] = profiles.weights
    return CorpusMatrix(vocab=vocab, matrix=matrix, codebook_weights=weights)


def vectorize_more(texts: list[str], corpus: CorpusMatrix, profiles: ThemeProfiles, counter: TermCounter) -> sparse.csr_matrix:
    """More comments (parts of long answers) on ``corpus``'s term columns; terms it lacks are left
    out (a part's terms are its answer's, so none are lost)."""
    return _Terms(profiles, counter).rows(texts, corpus.vocab, grow=False)


def _typical(scores: np.ndarray) -> float:
    """The typical best score: what codebook and corpus evidence are divided by to add on one scale."""
    best = scores.max(axis=1) if scores.size else np.zeros(0)
    positive = best[best > 0]
    return (float(np.median(positive)) if positive.size else 1.0) or 1.0


def corpus_associations(
    matrix: sparse.csr_matrix, assignment: np.ndarray, min_df: int, prior: float
) -> np.ndarray:
    """Log-odds of each term inside vs outside each theme's comments (positive part only).

    ``assignment`` is comments x themes, soft or hard. A Dirichlet prior towards the corpus-wide
    rate keeps rare words from looking decisive.
    """
    df = term_frequencies(matrix)
    n = matrix.shape[0]
    rate = (df + 0.5) / (n + 1.0)
    inside = np.zeros((assignment.shape[1], matrix.shape[1]))  # themes x terms
    for start, block in _row_blocks(matrix):
        inside += np.asarray((block.T @ assignment[start : start + block.shape[0]]).T)
    size = assignment.sum(axis=0)[:, None]
    outside = df[None, :] - inside
    p_in = (inside + prior * rate) / (size + prior)
    p_out = (outside + prior * rate) / (n - size + prior)
    assoc = np.log(p_in / p_out)
    assoc[:, df < min_df] = 0.0
    return np.maximum(assoc, 0.0)


@dataclass
class Adapted:
    """A batch's scores, and what scoring it learned, so more rows (parts of long answers) are
    scored exactly as its own comments were (same rarity, associations, prototypes, scales)."""

    scores: np.ndarray  # the batch's comments x themes
    idf: np.ndarray
    codebook_weights: np.ndarray
    lexical_scale: float
    semantic_weight: float = 0.0
    semantic: embeddings.Semantic | None = None
    semantic_scale: embeddings.SimilarityScale | None = None
    # The last round of corpus adaptation (None when the batch was not adapted).
    strength: float = 0.0
    associations: np.ndarray | None = None
    associations_scale: float = 1.0
    prototypes: embeddings.Prototypes | None = None
    prototypes_scale: embeddings.SimilarityScale | None = None

    def total(self, raw: np.ndarray, semantic: np.ndarray | None = None, learned: np.ndarray | None = None,
              prototypes: np.ndarray | None = None) -> np.ndarray:
        """Scores from the evidence of some rows (codebook terms; the encoder's view similarity;
        corpus associations; prototype similarity), each on this batch's scale: the one formula
        for the batch's own comments and for more rows."""
        out = raw / self.lexical_scale
        w = self.semantic_weight
        if semantic is not None:
            out = out + w * self.semantic_scale.apply(semantic)
        if learned is not None:
            out = out + self.strength * learned / self.associations_scale
        if prototypes is not None:
            out = out + self.strength * w * self.prototypes_scale.apply(prototypes)
        return out / (1.0 + w)

    def score(self, matrix: sparse.csr_matrix, vectors: np.ndarray | None) -> np.ndarray:
        """Scores of more rows: their term matrix on the batch's columns and, with the encoder,
        their vectors."""
        encoded = self.semantic is not None and vectors is not None
        if encoded:
            vectors = self.semantic.place(vectors)
        adapted = self.associations is not None
        return self.total(
            weighted_scores(matrix, self.idf, self.codebook_weights),
            self.semantic.similarity(vectors) if encoded else None,
            weighted_scores(matrix, self.idf, self.associations) if adapted else None,
            self.prototypes.similarity(vectors) if adapted and encoded and self.prototypes is not None else None,
        )

    def scorer(self) -> Adapted:
        """This without the batch's own comments x themes arrays: what scoring more rows needs
        (a learning run keeps one per fold model until the last part is scored)."""
        # Fresh empty arrays: an empty slice would be a view that keeps the batch's buffer alive.
        semantic = self.semantic and replace(
            self.semantic, codebook=np.zeros((0, self.semantic.themes)),
            vectors=np.zeros((0, self.semantic.vectors.shape[1]), dtype=self.semantic.vectors.dtype))
        return replace(self, scores=np.zeros((0, self.scores.shape[1])), semantic=semantic)


def adapt(
    corpus: CorpusMatrix,
    config: ZeroShotConfig,
    known: dict[int, np.ndarray] | None = None,
    semantic: embeddings.Semantic | None = None,
) -> Adapted:
    """Codebook scores, then corpus-adapted scores (see the module docstring).

    ``known`` maps comment rows to their analyst-coded 0/1 theme vectors: those rows teach the
    corpus associations with their true themes instead of guessed ones. ``semantic`` (when the
    optional sentence encoder is installed) adds the encoder's codebook similarity to the
    codebook evidence and, in adaptation, each theme's prototype (mean vector of its comments).
    """
    idf = corpus.idf()
    raw = weighted_scores(corpus.matrix, idf, corpus.codebook_weights)
    n = corpus.matrix.shape[0]
    w = config.semantic_weight if semantic is not None else 0.0
    small = n < config.adapt_min_comments and not known
    if small:
        # Too few comments for a corpus-relative scale: 1.0 is then one strong codebook cue
        # (a typical theme's best term) found in one comment of this batch.
        best_terms = corpus.codebook_weights.max(axis=1)
        cue = float(np.median(best_terms[best_terms > 0])) if (best_terms > 0).any() else 1.0
        lexical_scale = cue * np.log((n + 1.0) / 1.5) or 1.0
    else:
        lexical_scale = _typical(raw)
    out = Adapted(np.zeros(0), idf, corpus.codebook_weights, lexical_scale, w)
    codebook_similarity = None
    if semantic is not None:
        out.semantic, codebook_similarity = semantic, semantic.codebook
        out.semantic_scale = embeddings.SimilarityScale.fit(semantic.codebook, config.adapt_min_comments)
    out.scores = out.total(raw, codebook_similarity)
    if not small and config.adapt:
        out.strength = config.adapt_strength
        for _ in range(config.adapt_rounds):
            assignment = tag_matrix(out.scores, config.decision)
            for row, labels in (known or {}).items():
                assignment[row] = labels
            out.associations = corpus_associations(corpus.matrix, assignment, config.adapt_min_df, config.adapt_prior)
            learned = weighted_scores(corpus.matrix, idf, out.associations)
            out.associations_scale = _typical(learned)
            prototype_similarity = None
            if semantic is not None:
                out.prototypes, prototype_similarity = embeddings.prototypes_of(semantic.vectors, assignment)
                out.prototypes_scale = embeddings.SimilarityScale.fit(prototype_similarity, config.adapt_min_comments)
            out.scores = out.total(raw, codebook_similarity, learned, prototype_similarity)
    return out


@dataclass
class Tagged:
    """Comments' tags (0/1, comments x themes) and scores: each theme's best over the comment and
    its parts; and, for a long comment, which part speaks most for each theme (``passage``)."""

    scores: np.ndarray
    chosen: np.ndarray
    # Per comment and theme: the index (in ``parts.parts(text)``) of the part that scored the theme
    # highest, or -1 for a comment read whole. Sentiment and quotes read that part, not the whole.
    passage: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.passage is None:
            self.passage = np.full(self.scores.shape, -1, dtype=np.int32)

    def add_parts(self, owner: np.ndarray, scores: np.ndarray, decision: Decision) -> None:
        """Parts' scores (rows of comments ``owner``; all of a comment's parts in one call, together
        and in order, as ``part_chunks`` gives them): their tags under ``decision`` join their
        comment's."""
        if not len(owner):
            return
        # ``self.scores`` still holds the answers' own (whole) scores: their parts come in one call.
        np.maximum.at(self.chosen, owner, tag_matrix(scores, decision) * within_answer(scores, self.scores[owner]))
        np.maximum.at(self.scores, owner, scores)
        # Per comment and theme, the first of its parts with the best score.
        comments, at = np.unique(owner, return_inverse=True)
        index = np.arange(len(owner)) - np.searchsorted(owner, owner, side="left")  # place in its comment
        best = np.full((len(comments), scores.shape[1]), -np.inf)
        np.maximum.at(best, at, scores)
        never = np.iinfo(np.int32).max
        first = np.full(best.shape, never, dtype=np.int32)
        np.minimum.at(first, at, np.where(scores >= best[at], index[:, None], never).astype(np.int32))
        self.passage[comments] = first

    def ranked(self) -> list[list[int]]:
        """Theme indexes per comment, best score first."""
        return [sorted(np.flatnonzero(row).tolist(), key=lambda j, b=b: (-b[j], j))
                for row, b in zip(self.chosen, self.scores)]

    def passages(self, texts: Sequence[str]) -> list[dict[int, str]]:
        """Per comment, the part of it that speaks for each of its tagged themes (long comments only:
        a comment read whole speaks for all its themes with its whole text)."""
        out: list[dict[int, str]] = [{} for _ in texts]
        spoken = (self.passage >= 0) & (self.chosen > 0)
        for i in np.flatnonzero(spoken.any(axis=1)):
            pieces = parts(texts[i])
            out[i] = {int(j): pieces[self.passage[i, j]] for j in np.flatnonzero(spoken[i])}
        return out


def part_chunks(
    texts: Sequence[str], corpus: CorpusMatrix, profiles: ThemeProfiles, counter: TermCounter,
    encoder: embeddings.Encoder | None, kept: embeddings.KeptParts | None = None,
) -> Iterator[tuple[np.ndarray, sparse.csr_matrix, np.ndarray | None]]:
    """The parts of the long ones among ``texts`` (the batch ``corpus`` was made of), a chunk at a
    time, so parts' texts and vectors never all exist at once: (answer of each part, term matrix,
    vectors). Part vectors read with their answers come out of ``kept`` (``Encoder.encode_parts``)."""
    pending: list[tuple[int, str]] = []

    def chunk() -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray | None]:
        owner = np.asarray([answer for answer, _ in pending], dtype=np.int64)
        pieces = [piece for _, piece in pending]
        pending.clear()
        vectors = encoder.encode_parts(pieces, kept) if encoder is not None else None
        return owner, vectorize_more(pieces, corpus, profiles, counter), vectors

    for answer, text in enumerate(texts):
        pending.extend((answer, piece) for piece in parts(text))
        if len(pending) >= PART_CHUNK:
            yield chunk()
    if pending:
        yield chunk()


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

    def run(self, texts: list[str], languages: list[str] | None = None) -> Tagged:
        """Scores and tags of every comment; long comments are also read part by part (``parts``)."""
        languages = languages or [self.codebook.language] * len(texts)
        k = len(self.codebook.themes)
        out = Tagged(np.zeros((len(texts), k)), np.zeros((len(texts), k)))
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(languages):
            groups.setdefault(base_language(lang, self.codebook.language), []).append(i)
        decision = self.config.decision
        for lang, members in groups.items():
            profiles, counter = self.profiles(lang)
            group = [texts[i] for i in members]
            corpus = vectorize(group, profiles, counter)
            encoder = embeddings.encoder_for(lang)
            # Vectors of long answers' parts read along with their answers (int8 reading), until scored.
            kept = embeddings.KeptParts()
            semantic = embeddings.semantic_for(self.codebook, group, lang, encoder, parts=kept) if encoder else None
            adapted = adapt(corpus, self.config, semantic=semantic)
            tagged = Tagged(adapted.scores, tag_matrix(adapted.scores, decision))
            for owner, matrix, vectors in part_chunks(group, corpus, profiles, counter, encoder, kept):
                tagged.add_parts(owner, adapted.score(matrix, vectors), part_decision(decision))
            out.scores[members], out.chosen[members], out.passage[members] = tagged.scores, tagged.chosen, tagged.passage
        return out

    def score(self, texts: list[str], languages: list[str] | None = None) -> np.ndarray:
        """Comments x themes scores (scaled so ~1 is a typical confident match): each theme's best
        over the comment and, for a long one, its parts."""
        return self.run(texts, languages).scores

    def tag(self, texts: list[str], languages: list[str] | None = None) -> list[list[str]]:
        """Theme ids per comment, best first; empty text gets none."""
        ids = self.codebook.ids
        return [[ids[j] for j in row] for row in self.run(texts, languages).ranked()]

