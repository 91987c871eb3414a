"""Theme tagging that learns from a coded sample, and reports its own cross-validated quality.

The analyst codes some comments; the engine then combines three kinds of evidence per theme:
the codebook (as in zero-shot), corpus associations learned from the coded comments *and* from
the confident guesses on the rest, and a logistic-regression classifier on the comments' terms.
How much the classifier counts and where the tag thresholds sit are chosen by k-fold
cross-validation on the coded sample, and the fold models, averaged, tag the uncoded comments.
The quality report scores each fold with settings chosen on the other folds only, so the choice
does not flatter itself, and says how uncertain the figure is (a bootstrap interval).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from engage.analysis.text import embeddings
from engage.analysis.text.codebook import Codebook
from engage.analysis.text.features import TermCounter
from engage.analysis.text.normalize import Normalizer, base_language
from engage.analysis.text.parts import PartLayout
from engage.analysis.text.profiles import ThemeProfiles, build_profiles
from engage.analysis.text.themes import (
    Adapted,
    CorpusMatrix,
    Decision,
    Tagged,
    ZeroShotConfig,
    adapt,
    part_chunks,
    part_decision,
    part_tagging,
    tag_matrix,
    term_product,
    vectorize,
    vectorize_more,
    weigh,
    weighted_scores,
)

# Doubling steps from "codebook only" to "mostly the classifier" (the classifier's scores already
# include the codebook's as features, so a high weight still keeps that evidence).
CLASSIFIER_WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0)
RATIOS = (0.5, 0.6, 0.7, 0.8, 0.9)
MIN_SCORES = (0.1, 0.2, 0.3, 0.4, 0.6, 0.8)
# The learned models keep a further theme when it is within 10% of the best or clears a second,
# absolute floor (``Decision.second_floor``; None: no second floor). Over bowling-green's split
# seeds 0-29 this beat the relative threshold alone (mean F1 0.7905 -> 0.7984; seed 0 0.777 ->
# 0.791): most missed tags were an answer's second theme, scored far below a first theme it names
# in many words, which no ratio keeps without also keeping noise. A ratio fixed near 1 keeps the
# grid (288 settings) close to the old one's size (180): a larger grid is chosen noisily by ~120
# coded answers (ratios 0.5-0.9 with the same floors: 0.7974, and worse on the check sets).
LEARNED_RATIO = 0.9
SECOND_FLOORS = (0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, None)
# The codebook alone replaces the learned models only when its held-out micro-F1 beats theirs by
# more than this: two held-out figures from ~120 answers are within 0.01 by chance, and a near
# tie went to the codebook on lexical-only seed 0 (0.659 on the rest, learned 0.718). Over
# bowling-green's seeds 0-29, exact / word-level / lexical: +0.001 / +0.003 / +0.002, the
# half-coded check sets unchanged; margins of 0.02-0.03 or a paired bootstrap cost the check sets.
CODEBOOK_MARGIN = 0.01


@dataclass
class QualityReport:
    """Cross-validated quality of the learning tagger on the coded sample."""

    folds: int
    coded: int
    micro_f1: float
    macro_f1: float
    per_theme: dict[str, dict[str, float]]
    zero_shot_micro_f1: float
    chosen: dict[str, float]
    # 95% bootstrap interval of micro_f1 over the coded comments: how far a sample this size can say.
    micro_f1_interval: tuple[float, float] = (0.0, 0.0)

    def as_dict(self) -> dict:
        return {
            "folds": self.folds,
            "coded": self.coded,
            "micro_f1": round(self.micro_f1, 4),
            "micro_f1_interval": [round(self.micro_f1_interval[0], 4), round(self.micro_f1_interval[1], 4)],
            "macro_f1": round(self.macro_f1, 4),
            "zero_shot_micro_f1": round(self.zero_shot_micro_f1, 4),
            "chosen": self.chosen,
            "per_theme": self.per_theme,
        }


@dataclass
class LearnedTags:
    themes: list[list[str]]
    scores: np.ndarray
    quality: QualityReport
    # Scores, tags and, for long comments, the part that speaks for each theme (``Tagged.passages``).
    tagged: Tagged | None = None


@dataclass(frozen=True)
class LearningConfig:
    folds: int = 5
    zero_shot: ZeroShotConfig = field(default_factory=ZeroShotConfig)
    # Regularisation of the per-theme classifier: small samples need a firm hand.
    c: float = 4.0
    seed: int = 0
    # Scale of the (unit-length) sentence vectors next to the unit-length term features; 0 leaves
    # them out (cross-validation on the development split found them no help once the prior
    # carries the encoder's evidence, so the simpler, faster classifier is the default).
    vector_weight: float = 0.0
    # Compare answers with themes through a metric fitted per fold model to its coded answers, the
    # codebook's views and the batch's zero-shot tags (``embeddings.theme_metric``).
    metric: bool = True


def micro_macro(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, list[tuple[float, float, float, int]]]:
    """Micro and macro F1 of 0/1 matrices, with (precision, recall, f1, support) per column."""
    tp = (gold * pred).sum(axis=0)
    fp = ((1 - gold) * pred).sum(axis=0)
    fn = (gold * (1 - pred)).sum(axis=0)
    per = []
    for j in range(gold.shape[1]):
        p = tp[j] / (tp[j] + fp[j]) if tp[j] + fp[j] else 0.0
        r = tp[j] / (tp[j] + fn[j]) if tp[j] + fn[j] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per.append((float(p), float(r), float(f), int(tp[j] + fn[j])))
    TP, FP, FN = tp.sum(), fp.sum(), fn.sum()
    micro = 2 * TP / (2 * TP + FP + FN) if TP + FP + FN else 0.0
    used = [f for (_, _, f, support) in per if support > 0]
    macro = sum(used) / len(used) if used else 0.0
    return float(micro), float(macro), per


def tag_f1(ids: Sequence[str], gold: Sequence[Sequence[str]], found: Sequence[Sequence[str]]) -> tuple[float, float]:
    """Micro and macro F1 of ``found`` theme-id lists against ``gold`` ones (same comments, same order)."""
    column = {t: j for j, t in enumerate(ids)}
    g = np.zeros((len(gold), len(ids)))
    p = np.zeros_like(g)
    for i, (want, got) in enumerate(zip(gold, found)):
        g[i, [column[t] for t in want]] = 1
        p[i, [column[t] for t in got]] = 1
    micro, macro, _ = micro_macro(g, p)
    return micro, macro


def _folds(labels: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Fold number per coded comment, stratified by first theme so each fold sees every theme."""
    rng = np.random.default_rng(seed)
    first = np.where(labels.any(axis=1), labels.argmax(axis=1), -1)
    out = np.zeros(len(labels), dtype=int)
    start = 0
    for value in np.unique(first):
        members = np.flatnonzero(first == value)
        rng.shuffle(members)
        # Each stratum starts where the last one stopped: were every stratum to start at fold 0,
        # small strata (a theme with 1-4 coded answers) would all land in the first folds.
        out[members] = (start + np.arange(len(members))) % folds
        start += len(members)
    return out


def _scored(chosen: dict, prior: np.ndarray | None, probs: np.ndarray | None, zero_shot: np.ndarray | None,
            max_themes: int = Decision.max_themes) -> tuple[np.ndarray, Decision]:
    """The scores a chosen setting (see :class:`_Choice`) tags by, and its decision rule.

    Callers pass, for a part of a long answer, the classifier's probabilities *for its answer*
    (``PartLayout.with_parts``): the classifier learned from whole coded answers, and read on a
    fragment it is out of its depth (its own part scores cost 0.009 F1 on bowling-green's
    splits); the answer's probabilities say which themes the answer has, the part's codebook and
    corpus scores where they sit.
    """
    if chosen.get("source") == "zero-shot":
        return zero_shot, Decision(chosen["min_score"], chosen["ratio"], max_themes)
    weight = chosen["classifier_weight"]
    second = chosen.get("second_floor")
    return prior + weight * probs, Decision(chosen["min_score"] * (1 + weight), chosen["ratio"], max_themes,
                                            float("inf") if second is None else second * (1 + weight))


def _tags(chosen: dict, prior: np.ndarray, probs: np.ndarray, zero_shot: np.ndarray, layout: PartLayout) -> np.ndarray:
    """0/1 tags of some comments under a chosen setting; the score rows are laid out by ``layout``
    (the comments, then the parts of long ones)."""
    scores, decision = _scored(chosen, prior, probs, zero_shot)
    return layout.tags(scores, *part_tagging(decision))


def _grid(family: str) -> list[dict]:
    """The settings of a family: ``learned`` (a classifier weight with a floor and a second floor)
    or ``zero-shot`` (the codebook alone, its floor and ratio fitted to the sample)."""
    if family == "learned":
        return [{"classifier_weight": w, "ratio": LEARNED_RATIO, "min_score": f, "second_floor": a}
                for w in CLASSIFIER_WEIGHTS for f in MIN_SCORES for a in SECOND_FLOORS]
    return [{"classifier_weight": 0.0, "ratio": r, "min_score": f, "source": "zero-shot"}
            for r in RATIOS for f in MIN_SCORES]


class _Choice:
    """Every setting of a family read once off the coded answers' out-of-fold scores (laid out by
    ``layout``), kept as counts per fold: the best setting on any folds, and the nested held-out
    tags, follow without tagging again (with 5 folds the choice tags each setting once, not 6 times)."""

    def __init__(self, family: str, labels: np.ndarray, prior: np.ndarray, probs: np.ndarray,
                 zero_shot: np.ndarray, layout: PartLayout, fold_of: np.ndarray) -> None:
        self.grid = _grid(family)
        self.labels, self.scores, self.layout, self.fold_of = labels, (prior, probs, zero_shot), layout, fold_of
        self.folds = int(fold_of.max()) + 1 if len(fold_of) else 1
        in_fold = np.eye(self.folds)[fold_of]  # answers x folds
        self.gold = labels.sum(axis=1) @ in_fold
        self.hits = np.empty((len(self.grid), self.folds))
        self.given = np.empty((len(self.grid), self.folds))
        for i, setting in enumerate(self.grid):
            tags = _tags(setting, prior, probs, zero_shot, layout)
            self.hits[i] = (tags * labels).sum(axis=1) @ in_fold
            self.given[i] = tags.sum(axis=1) @ in_fold

    def best(self, folds: np.ndarray | None = None) -> dict:
        """The setting with the best micro-F1 on the answers of ``folds`` (a mask; default all),
        the first of equals."""
        folds = np.ones(self.folds, dtype=bool) if folds is None else folds
        hits, total = self.hits[:, folds].sum(axis=1), self.given[:, folds].sum(axis=1) + self.gold[folds].sum()
        f1 = np.divide(2 * hits, total, out=np.zeros_like(hits), where=total > 0)
        return self.grid[int(np.argmax(f1))]

    def held_out(self) -> np.ndarray:
        """Tags of every coded answer by the setting chosen on the *other* folds (nested): what
        the choice of thresholds gives on answers it did not see."""
        out = np.zeros_like(self.labels)
        for f in range(self.folds):
            test = self.fold_of == f
            out[test] = _tags(self.best(np.arange(self.folds) != f), *self.scores, self.layout)[test]
        return out


def _interval(gold: np.ndarray, pred: np.ndarray, seed: int, draws: int = 1000) -> tuple[float, float]:
    """95% percentile-bootstrap interval of micro-F1, resampling comments."""
    tp = (gold * pred).sum(axis=1)
    wrong = (gold + pred).sum(axis=1) - 2 * tp  # false positives + false negatives per comment
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(gold), np.full(len(gold), 1.0 / len(gold)), size=draws).astype(float)
    TP, WRONG = counts @ tp, counts @ wrong
    f1 = np.divide(2 * TP, 2 * TP + WRONG, out=np.zeros(draws), where=(2 * TP + WRONG) > 0)
    low, high = np.percentile(f1, [2.5, 97.5])
    return float(low), float(high)


def with_examples(codebook: Codebook, texts: list[str], labels: np.ndarray) -> Codebook:
    """The codebook with coded comments added to each theme's examples."""
    extra: list[list[str]] = [[] for _ in codebook.themes]
    for text, row in zip(texts, labels):
        for j in np.flatnonzero(row):
            extra[j].append(text)
    themes = tuple(
        replace(theme, examples=theme.examples + tuple(extra[j])) for j, theme in enumerate(codebook.themes)
    )
    return replace(codebook, themes=themes)


def _weights_in(vocab: dict[str, int], profiles: ThemeProfiles) -> np.ndarray:
    """Profile weights laid out on a corpus vocabulary (terms the corpus lacks cannot match)."""
    out = np.zeros((len(profiles.theme_ids), len(vocab)))
    for term, col in profiles.vocab.items():
        target = vocab.get(term)
        if target is not None:
            out[:, target] = profiles.weights[:, col]
    return out


class _Combiner:
    """Codebook + corpus scores and a per-theme classifier, fitted on some coded rows.

    The coded comments also join the codebook as examples of their themes, so the words
    analysts saw in them count like the codebook's own.
    """

    def __init__(
        self, codebook: Codebook, counter: TermCounter, texts: list[str], corpus: CorpusMatrix,
        config: LearningConfig, encoder: embeddings.Encoder | None = None, vectors: np.ndarray | None = None,
    ) -> None:
        self.codebook = codebook
        self.counter = counter
        self.texts = texts
        self.corpus = corpus
        self.config = config
        self.encoder = encoder
        self.vectors = vectors
        # Corpus rows x themes: the zero-shot tags of the uncoded comments (zero rows for coded
        # ones), which join a fold's coded answers in fitting its metric.
        self.guessed: np.ndarray | None = None
        # The same for every fold model, so made once: the terms' rarity and each row's norm of
        # rarity-weighted terms (the classifier's features), and the codebook's own views.
        self._idf: np.ndarray | None = None
        self._norms: np.ndarray | None = None
        self._views: tuple[np.ndarray, np.ndarray] | None = None

    def idf(self) -> np.ndarray:
        if self._idf is None:
            self._idf = self.corpus.idf()
        return self._idf

    def norms(self) -> np.ndarray:
        """Each corpus row's rarity-weighted term norm (0/1 terms: the root of their rarities' squares)."""
        if self._norms is None:
            idf = self.idf()
            self._norms = np.sqrt(term_product(self.corpus.matrix, idf * idf))
        return self._norms

    def features(self, rows: np.ndarray) -> sparse.csr_matrix:
        """The classifier's features of some corpus rows: their term features and, with a
        ``vector_weight``, the encoder's view of them."""
        features = normalize(weigh(self.corpus.matrix[rows], self.idf()), norm="l2", copy=False).tocsr()
        if self.vectors is not None and self.config.vector_weight > 0:
            vectors = sparse.csr_matrix(np.asarray(self.vectors[rows], dtype=np.float32) * self.config.vector_weight)
            features = sparse.hstack([features, vectors]).tocsr()
        return features

    def products(self, coefficients: np.ndarray) -> np.ndarray:
        """Every corpus row's features times each of ``coefficients`` (models x features), as
        rows x models, without building the rows' features: a row's terms are its 0/1 terms
        times their rarity over the row's norm, so its product is its terms times (rarity x
        coefficient) over that norm. The features of every row, made per fold model, were the
        peak of a run on long answers (100,000 answers of ~80 words, in process: 1,009 -> 959 MiB)."""
        matrix, norms = self.corpus.matrix, self.norms()
        terms = matrix.shape[1]
        out = weighted_scores(matrix, self.idf(), coefficients[:, :terms])
        # A row with no terms (or only terms every row has) has no norm, and a product of 0.
        np.divide(out, norms[:, None], out=out, where=norms[:, None] > 0)
        if coefficients.shape[1] > terms:  # the encoder's view (``vector_weight``)
            for start in range(0, len(out), embeddings.VECTOR_BLOCK):
                rows = np.asarray(self.vectors[start : start + embeddings.VECTOR_BLOCK], dtype=np.float32)
                block = rows * self.config.vector_weight  # not in place: float32 vectors come as a view
                out[start : start + len(block)] += block @ coefficients[:, terms:].T
        return out

    def metric(self, coded_rows: np.ndarray, coded_labels: np.ndarray) -> np.ndarray | None:
        """The metric a fold model compares answers and themes in (``embeddings.theme_metric``):
        its coded answers by their codes, the rest by their zero-shot tags, and the codebook's views.

        The coded answers alone (~100) gave a noisier metric: fold models' held-out scores then
        undersold them, and the codebook alone was chosen on 4 of 10 splits.
        """
        if not self.config.metric or self.encoder is None or self.vectors is None:
            return None
        k = coded_labels.shape[1]
        members = self.guessed.copy() if self.guessed is not None else np.zeros((len(self.vectors), k), np.uint8)
        members[coded_rows] = coded_labels
        if self._views is None:
            views, owners = embeddings.theme_views(self.codebook, self.counter.language)
            self._views = self.encoder.encode(views, cache=True, dtype=np.float32), owners
        return embeddings.theme_metric(self.vectors, members, *self._views)

    def scores(self, coded_rows: np.ndarray, coded_labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, Adapted]:
        """(prior scores, classifier probabilities) for every corpus row, and the prior's scorer
        for more rows (parts of long answers)."""
        known = {int(r): coded_labels[i] for i, r in enumerate(coded_rows)}
        taught = with_examples(self.codebook, [self.texts[r] for r in coded_rows], coded_labels)
        weights = _weights_in(self.corpus.vocab, build_profiles(taught, self.counter))
        corpus = replace(self.corpus, codebook_weights=weights)
        semantic = None
        if self.encoder is not None and self.vectors is not None:
            semantic = embeddings.semantic_for(taught, [], self.counter.language, self.encoder, self.vectors,
                                               metric=self.metric(coded_rows, coded_labels))
        adapted = adapt(corpus, self.config.zero_shot, known, semantic)
        prior = adapted.scores
        probs = np.zeros_like(prior)
        if not len(coded_rows):
            return prior, probs, adapted.scorer()  # nothing coded: nothing for a classifier to learn
        coded_features = self.features(coded_rows)
        x_train = sparse.hstack([coded_features, sparse.csr_matrix(prior[coded_rows])]).tocsr()
        features = coded_features.shape[1]
        fitted: list[int] = []
        coefficients, intercepts = [], []
        for j in range(coded_labels.shape[1]):
            y = coded_labels[:, j]
            if y.min() == y.max():
                # A theme the sample never (or always) uses: the classifier can say nothing.
                probs[:, j] = y[0] if len(y) else 0.0
                continue
            model = LogisticRegression(C=self.config.c, class_weight="balanced", max_iter=1000)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.fit(x_train, y)
            fitted.append(j)
            coefficients.append(model.coef_.ravel())
            intercepts.append(model.intercept_[0])
        if fitted:
            # predict_proba on [features | prior] for every row, without building that matrix.
            weights = np.asarray(coefficients)
            linear = self.products(weights[:, :features]) + prior @ weights[:, features:].T + np.asarray(intercepts)
            probs[:, fitted] = expit(linear)
        return prior, probs, adapted.scorer()


def learn_and_tag(
    codebook: Codebook,
    coded_texts: list[str],
    coded_themes: list[list[str]],
    texts: list[str],
    language: str | None = None,
    config: LearningConfig | None = None,
) -> LearnedTags:
    """Learn from the coded sample, tag ``texts`` and report cross-validated quality.

    Coded and uncoded comments form one corpus (the engine learns which words go together from
    both). Comments are treated as written in ``language`` (default: the codebook's). Long
    comments are also scored part by part (see ``parts``); the classifier learns from whole
    comments only, since an analyst's codes belong to the whole.
    """
    config = config or LearningConfig()
    ids = codebook.ids
    k = len(ids)
    index = {t: j for j, t in enumerate(ids)}
    labels = np.zeros((len(coded_texts), k))
    for i, themes in enumerate(coded_themes):
        for t in themes:
            labels[i, index[t]] = 1.0
    lang = base_language(language, codebook.language)
    counter = TermCounter(Normalizer(lang))
    profiles = build_profiles(codebook, counter)
    all_texts = list(coded_texts) + list(texts)
    corpus = vectorize(all_texts, profiles, counter)
    encoder = embeddings.encoder_for(lang, job="learning")  # float32: see use_onnx.precision
    vectors = encoder.encode(all_texts) if encoder is not None else None
    if encoder is not None:
        encoder.remember(list(coded_texts), vectors[: len(coded_texts)])
    combiner = _Combiner(codebook, counter, all_texts, corpus, config, encoder, vectors)
    n_coded = len(coded_texts)
    coded_rows = np.arange(n_coded)
    # Long comments are also scored part by part. The coded ones' parts are few and kept (the
    # cross-validation tags them under every setting); the rest's are scored a chunk at a time.
    coded_layout, coded_texts_and_parts = PartLayout.of(list(coded_texts))
    coded_parts = coded_texts_and_parts[n_coded:]
    coded_parts_matrix = vectorize_more(coded_parts, corpus, profiles, counter)
    coded_parts_vectors = encoder.encode(coded_parts) if encoder is not None else None

    folds = min(config.folds, max(2, n_coded // 4)) if n_coded >= 4 else 0
    chosen = {"classifier_weight": 1.0, "ratio": config.zero_shot.decision.ratio,
              "min_score": config.zero_shot.decision.min_score}
    micro = macro = zs_micro = 0.0
    interval = (0.0, 0.0)
    per_theme: dict[str, dict[str, float]] = {}
    # Scores of every comment, summed over the models fitted (then averaged), and each model's
    # scorer for the parts of long comments.
    prior_sum = np.zeros((len(all_texts), k))
    probs_sum = np.zeros((len(all_texts), k))
    scorers: list[Adapted] = []
    zero_shot: Adapted | None = None  # the codebook alone's scorer
    zs_scores: np.ndarray | None = None
    if folds:
        # The codebook alone, first: its tags on the uncoded comments help fit the fold models'
        # metric, and it competes with them below. Only its scores and scorer are kept through the
        # folds (its similarities to the codebook are batch-sized).
        zs_semantic = embeddings.semantic_for(codebook, [], lang, encoder, vectors) if encoder is not None else None
        zero_shot = adapt(corpus, config.zero_shot, semantic=zs_semantic)
        zs_coded = np.concatenate([zero_shot.scores[:n_coded], zero_shot.score(coded_parts_matrix, coded_parts_vectors)])
        zs_scores = zero_shot.scores
        if config.metric and encoder is not None:
            combiner.guessed = tag_matrix(zs_scores, config.zero_shot.decision).astype(np.uint8)
            combiner.guessed[:n_coded] = 0
        zero_shot = zero_shot.scorer()
        del zs_semantic
        fold_of = _folds(labels, folds, config.seed)
        fold_of_row = coded_layout.with_parts(fold_of)
        oof_prior = np.zeros((coded_layout.rows, k))
        oof_probs = np.zeros((coded_layout.rows, k))
        for f in range(folds):
            train = coded_rows[fold_of != f]
            test = fold_of_row == f
            prior, probs, scorer = combiner.scores(train, labels[train])
            coded_prior = np.concatenate([prior[:n_coded], scorer.score(coded_parts_matrix, coded_parts_vectors)])
            oof_prior[test] = coded_prior[test]
            # A part is scored with the classifier's probabilities for its whole comment (see _scored).
            oof_probs[test] = coded_layout.with_parts(probs[:n_coded])[test]
            prior_sum += prior
            probs_sum += probs
            scorers.append(scorer)
        # Learned models or the codebook alone: a small or unrepresentative sample can teach the
        # models less than it misleads them. Each family is scored on folds its thresholds were not
        # chosen on (the best of ~200 settings read off the same folds flatters itself by
        # 0.01-0.07 F1 on 120 checks, and flatters the larger, learned family most), the better
        # family tags, with thresholds then chosen on every fold, and its held-out tags are the
        # quality report.
        choices = {family: _Choice(family, labels, oof_prior, oof_probs, zs_coded, coded_layout, fold_of)
                   for family in ("learned", "zero-shot")}
        held = {family: choice.held_out() for family, choice in choices.items()}
        held_f1 = {name: micro_macro(labels, tags)[0] for name, tags in held.items()}
        family = "zero-shot" if held_f1["zero-shot"] > held_f1["learned"] + CODEBOOK_MARGIN else "learned"
        chosen = choices[family].best()
        held_out = held[family]
        micro, macro, per = micro_macro(labels, held_out)
        interval = _interval(labels, held_out, config.seed)
        per_theme = {ids[j]: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "support": s}
                     for j, (p, r, f1, s) in enumerate(per)}
        zs_micro = micro_macro(labels, coded_layout.tags(zs_coded, *part_tagging(config.zero_shot.decision)))[0]

    if folds < config.folds:
        # Too few coded comments for full folds (or none at all): each fold model saw only half to
        # three quarters of them, so one fitted on all of them joins the average.
        prior, probs, scorer = combiner.scores(coded_rows, labels)
        prior_sum += prior
        probs_sum += probs
        scorers.append(scorer)
    # The uncoded comments are tagged by the cross-validation's own models, averaged: each saw
    # (folds - 1) / folds of the sample, and together they vary less than one model refitted on
    # all of it (bagging); the quality report then describes exactly these models.
    models = len(scorers)
    rest = np.arange(n_coded, len(all_texts))
    rest_prior, rest_probs = (prior_sum / models)[rest], (probs_sum / models)[rest]
    max_themes = config.zero_shot.decision.max_themes
    combined, decision = _scored(chosen, rest_prior, rest_probs, zs_scores[rest] if zs_scores is not None else None,
                                 max_themes)
    tagged = Tagged(combined, tag_matrix(combined, decision))
    from_codebook = chosen.get("source") == "zero-shot"
    # Scoring the parts needs only the scorers: the comments' vectors (100 MB for 100,000) and
    # the batch-sized score arrays go before the parts' piece tables are made (100,000 two-comment
    # answers: peak 951 -> 933 MiB; the fold models' corpus adaptation is the peak).
    del combiner, vectors, prior_sum, probs_sum, rest_prior, prior, probs, zs_scores
    for owner, matrix, part_vectors in part_chunks(texts, corpus, profiles, counter, encoder):
        if from_codebook:
            part_scores, _ = _scored(chosen, None, None, zero_shot.score(matrix, part_vectors), max_themes)
        else:
            part_prior = sum(scorer.score(matrix, part_vectors) for scorer in scorers) / models
            part_scores, _ = _scored(chosen, part_prior, rest_probs[owner], None, max_themes)
        tagged.add_parts(owner, part_scores, part_decision(decision))
    tags = [[ids[j] for j in row] for row in tagged.ranked()]
    if encoder is not None:
        encoder.forget(list(coded_texts))
    quality = QualityReport(folds=folds, coded=n_coded, micro_f1=micro, macro_f1=macro,
                            per_theme=per_theme, zero_shot_micro_f1=zs_micro, chosen=chosen,
                            micro_f1_interval=interval)
    return LearnedTags(themes=tags, scores=tagged.scores, quality=quality, tagged=tagged)
