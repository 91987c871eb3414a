"""Theme profiles: what a codebook says about each theme, as weighted terms in one language.

Every part of a theme counts (label, keywords, description, examples). Terms are weighted by how
well they tell themes apart (a term in one theme's text weighs more than one shared by many), and
sentences such as "Not sidewalks or bike lanes (walk_bike_transit)." are read as evidence
*against* the theme they describe and *for* the theme they name; an exception to the exclusion
("... unless police performance is the point") counts for the theme again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from engage.analysis.text.codebook import Codebook, reference_pattern, referenced_ids, strip_references
from engage.analysis.text.features import TermCounter

# How much one mention weighs, per part of a theme. The label names the theme, keywords are the
# analyst's chosen cues; descriptions and examples are longer and noisier.
LABEL_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
EXAMPLE_WEIGHT = 0.25
# A term an exclusion sentence hands to another theme counts for that theme, a little.
REFERENCED_WEIGHT = 0.5
# A term in an exclusion sentence counts against its own theme this much.
NEGATIVE_WEIGHT = 1.5

# Words that open an exclusion sentence, per language.
NEGATION_OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("not ", "excluding ", "excludes ", "except ", "this excludes ", "does not include "),
    "es": ("no ", "excluye ", "excepto ", "sin incluir "),
    "de": ("nicht ", "kein ", "keine ", "ausgenommen ", "ausgeschlossen ", "ohne "),
    "fr": ("pas ", "non ", "sauf ", "exclut ", "à l'exclusion "),
    "pt": ("não ", "exclui ", "exceto "),
    "it": ("non ", "escluso ", "esclusi ", "tranne "),
    "nl": ("niet ", "geen ", "exclusief "),
    "ar": ("ليس ", "ليست ", "لا يشمل ", "لا تشمل ", "باستثناء ", "عدا "),
}

# Words that open an exception to an exclusion ("Not X (y) unless Z"): Z is about the theme after
# all, so it counts for it, not against it.
EXCEPTION_OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("unless", "except when", "except where", "except if"),
    "es": ("a menos que", "salvo que", "salvo cuando", "excepto cuando", "excepto si"),
    "de": ("es sei denn", "außer wenn", "ausser wenn", "außer wo", "sofern nicht"),
    "fr": ("sauf si", "sauf quand", "à moins que", "a moins que"),
    "pt": ("a menos que", "salvo se", "exceto quando"),
    "it": ("a meno che", "salvo che", "tranne quando"),
    "nl": ("tenzij", "behalve als", "behalve wanneer"),
    "ar": ("إلا إذا", "الا اذا", "إلا عندما", "ما لم"),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _split_exception(sentence: str, language: str) -> tuple[str, str]:
    """An exclusion sentence cut at its exception: ("Not X (y)", "Z") for "Not X (y) unless Z"."""
    openers = EXCEPTION_OPENERS.get(language, ()) + EXCEPTION_OPENERS["en"]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(o) for o in openers) + r")\b", re.IGNORECASE)
    match = pattern.search(sentence)
    return (sentence[: match.start()], sentence[match.end():]) if match else (sentence, "")


@dataclass
class ThemeProfiles:
    """Term weights for every theme in one language: ``weights[k, vocab[term]]``."""

    language: str
    theme_ids: list[str]
    vocab: dict[str, int]
    weights: np.ndarray

    def known_stems(self) -> set[str]:
        return set(self.vocab)


def _is_negative(sentence: str, language: str) -> bool:
    lowered = sentence.strip().lower()
    openers = NEGATION_OPENERS.get(language, ()) + NEGATION_OPENERS["en"]
    return lowered.startswith(openers)


def _split_by_references(sentence: str, ids: list[str]) -> list[tuple[str, list[str]]]:
    """Cut an exclusion sentence into (text, referenced theme ids) pieces.

    "Not A or B (x); C (y)" -> [("Not A or B", [x]), ("; C", [y])]; text after the last
    reference keeps an empty list.
    """
    pieces: list[tuple[str, list[str]]] = []
    start = 0
    for match in reference_pattern(ids).finditer(sentence):
        refs = referenced_ids(match, ids)
        if not refs:
            continue
        pieces.append((sentence[start:match.start()], refs))
        start = match.end()
    pieces.append((sentence[start:], []))
    return pieces


def build_profiles(codebook: Codebook, counter: TermCounter) -> ThemeProfiles:
    """Weigh every theme's terms for the language of ``counter``."""
    language = counter.language
    ids = codebook.ids
    k = len(ids)
    positive: list[dict[str, float]] = [dict() for _ in ids]
    negative: list[set[str]] = [set() for _ in ids]

    def add(index: int, text: str, weight: float) -> None:
        for term in set(counter.terms(strip_references(text, ids))):
            positive[index][term] = positive[index].get(term, 0.0) + weight

    for index, theme in enumerate(codebook.themes):
        add(index, theme.text("label", language, codebook.language), LABEL_WEIGHT)
        for keyword in theme.keywords:
            add(index, keyword, KEYWORD_WEIGHT)
        for example in theme.examples:
            add(index, example, EXAMPLE_WEIGHT)
        description = theme.text("description", language, codebook.language)
        for sentence in _SENTENCE_END.split(description):
            if not _is_negative(sentence, language):
                add(index, sentence, DESCRIPTION_WEIGHT)
                continue
            sentence, exception = _split_exception(sentence, language)
            if exception.strip():
                add(index, exception, DESCRIPTION_WEIGHT)
            for piece, refs in _split_by_references(sentence, ids):
                terms = set(counter.terms(strip_references(piece, ids)))
                negative[index].update(terms)
                for ref in refs:
                    add(ids.index(ref), piece, REFERENCED_WEIGHT)

    vocab_terms = sorted(set().union(*positive, *negative))
    vocab = {t: i for i, t in enumerate(vocab_terms)}
    raw = np.zeros((k, len(vocab)), dtype=np.float64)
    neg = np.zeros_like(raw)
    for index in range(k):
        for term, weight in positive[index].items():
            raw[index, vocab[term]] = weight
        for term in negative[index]:
            neg[index, vocab[term]] = 1.0
    # Discriminative weight across themes: a term in one theme's text is a strong cue, a term
    # every theme mentions is none.
    df = np.count_nonzero(raw > 0, axis=0)
    idf = np.log((k + 1) / np.maximum(df, 1))
    # An exclusion only counts against a theme whose own text does not also claim the term.
    against = neg * (raw == 0) * np.maximum(raw.max(axis=0), 1.0)
    weights = (raw - NEGATIVE_WEIGHT * against) * idf
    return ThemeProfiles(language=language, theme_ids=ids, vocab=vocab, weights=weights)


def idf_for(k: int, df: int) -> float:
    """The theme-level inverse document frequency used above (exposed for explanations)."""
    return math.log((k + 1) / max(df, 1))
