"""Comment features shared by the taggers: stemmed unigrams and adjacent-stem bigrams.

A bigram joins two content words that stand next to each other with no stopword or punctuation
between them ("bike lanes" -> "bike lane"), so list items in a codebook description
("road widening, intersections") do not run into each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engage.analysis.text.normalize import (
    COMPOUNDING_LANGUAGES,
    Normalizer,
    fold,
    german_letters,
    is_break,
    raw_phrase_tokens,
    stopwords,
)

_UNSEEN = object()


@dataclass
class TermCounter:
    """Extracts terms from text in one language.

    Terms are unigram stems, ``=light`` forms (plural endings removed only) and ``a b`` stem
    bigrams.
    """

    normalizer: Normalizer
    bigrams: bool = True
    # Also emit "=light" forms so an exact word match weighs more than a shared stem.
    light_forms: bool = True
    # Per token as written: (stem, "=light" form or None, the folded token), or None for a break or
    # a word with no content. Vocabularies are small, and reading terms is most of the lexical
    # engine's time.
    _entries: dict[str, tuple[str, str | None, str] | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def language(self) -> str:
        return self.normalizer.language

    def _entry(self, raw: str) -> tuple[str, str | None, str] | None:
        if is_break(raw):
            return None
        token = fold(raw)
        stem = self.normalizer.stem(token)
        if stem is None:
            return None
        return stem, ("=" + self.normalizer.light(token)) if self.light_forms else None, token

    def terms(self, text: str) -> list[str]:
        """All terms of ``text`` in order, unigrams and bigrams, repeats kept."""
        return self._read(text, None)

    def tokens_and_terms(self, text: str) -> tuple[list[str], list[str]]:
        """The content tokens (folded, for compound matching) and the terms of ``text``, in one pass."""
        tokens: list[str] = []
        return tokens, self._read(text, tokens)

    def _read(self, text: str, tokens: list[str] | None) -> list[str]:
        out: list[str] = []
        entries, bigrams = self._entries, self.bigrams
        previous: str | None = None
        for raw in raw_phrase_tokens(text):
            entry = entries.get(raw, _UNSEEN)
            if entry is _UNSEEN:
                entry = entries[raw] = self._entry(raw)
            if entry is None:  # a phrase break, a stopword: pairs stop here
                previous = None
                continue
            stem, light, token = entry
            out.append(stem)
            if light is not None:
                out.append(light)
            if bigrams and previous is not None and previous != stem:
                out.append(f"{previous} {stem}")
            if tokens is not None:
                tokens.append(token)
            previous = stem
        return out


class CompoundMatcher:
    """Finds known theme stems inside longer words, for languages that write compounds.

    "Straßenverkehr" carries "verkehr"; without this a German codebook term would only match
    the bare word. Results are cached per token because vocabularies repeat.
    """

    def __init__(self, language: str, known_stems: set[str], min_length: int = 4) -> None:
        self.active = language in COMPOUNDING_LANGUAGES
        german = language == "de"
        # Stems are in Snowball's letters: German ones have no umlauts ("Lärm" -> "larm"), so a
        # token is read in the same letters, or "Lärmschutz" would never hold "larm".
        self._letters = german_letters if german else None
        # A German participle without "ge-" is its stem plus "t", "et" or "te" ("verdrängt",
        # "beleuchtet", "begrünte"), which Snowball leaves whole: too close to the stem to count as a
        # compound, so it is matched to a codebook stem ("Verdrängung" -> "verdrang") by its ending.
        # With "ge-" ("geparkt") the stem is inside the word, as in a compound.
        self._endings = ("t", "et", "te") if german else ()
        self._shortest = min_length + 1 if german else 7
        self._stems = sorted((s for s in known_stems if " " not in s and not s.startswith("=") and len(s) >= min_length), key=len)
        self._known = frozenset(self._stems)
        # Snowball can cut a codebook word down to a function word ("Sicherheit" -> "sich"), which
        # then sits inside unrelated words ("Hinsicht", "Aussicht", "Gesicht"). Such a stem counts
        # inside a word only with the next two letters of a codebook word it came from ("sicher").
        function_words = stopwords(language)
        words = [w[1:] if self._letters is None else self._letters(w[1:]) for w in known_stems if w.startswith("=")]
        self._through = {s: tuple({w[: len(s) + 2] for w in words if w.startswith(s) and len(w) >= len(s) + 2})
                         for s in self._stems if s in function_words}
        self._cache: dict[str, tuple[str, ...]] = {}

    def parts(self, token: str) -> tuple[str, ...]:
        if not self.active or len(token) < self._shortest:
            return ()
        hit = self._cache.get(token)
        if hit is None:
            word = self._letters(token) if self._letters is not None else token
            endings = self._endings
            through = self._through
            hit = tuple(s for s in self._stems if (len(s) < len(word) - 2 and _joined(word, s)
                                                   and (s not in through or any(w in word for w in through[s])))
                        or (endings and word.startswith(s) and word[len(s):] in endings))
            if endings:
                hit += tuple(s for s in _verb_nouns(word) if s in self._known and s not in hit and s not in through)
            self._cache[token] = hit
        return hit


def _verb_nouns(word: str) -> tuple[str, ...]:
    """Stems a German verb form shares with its noun, as Snowball stems the noun: "entsiegeln"
    and "Entsiegelung" ("entsiegel"), "fördern" and "Förderung" ("forder"), "dämmt" / "gedämmt"
    and "Dämmung" ("dammung": Snowball keeps "-ung" on a short word), "heizen" and "Heizung".
    Snowball cuts the verb elsewhere ("entsiegeln", "ford", "damm"), so only a codebook stem
    found this way counts (``CompoundMatcher``)."""
    if word.startswith("ge") and word.endswith("t") and len(word) >= 7:
        word = word[2:]  # "gedämmt": "dämmt"
    if word.endswith(("eln", "ern")):
        verb = word[:-1]
    elif word.endswith("en"):
        verb = word[:-2]
    elif word.endswith("et"):
        verb = word[:-2]
    elif word.endswith("t"):
        verb = word[:-1]
    else:
        return ()
    return (verb, verb + "ung") if len(verb) >= 4 else ()


# German prefixes of one or two letters ("ge|parkt", "be|zuschussen"), and the inflections that may
# follow a stem after them: "be|hand|elt" and "be|teil|igung" are words of their own.
_SHORT_PREFIXES = ("ge", "be", "er", "zu", "um", "ab", "an")
_INFLECTIONS = ("", "e", "en", "n", "t", "et", "te", "ten", "st", "s", "es", "er", "ern")


def _joined(word: str, stem: str) -> bool:
    """Whether ``stem`` sits in ``word`` where a compound could join it: at the start, after a
    first part of three letters or more ("Gas|heizung", "Alt|stadt"), after "un"
    ("un|sicher|heit"), or after a short prefix with only an inflection after it ("ge|parkt",
    "be|zuschussen"). Otherwise one or two letters before it are part of another word:
    "P|last|ikmüll", "Ö|kost|rom", "Mi|grant|en"."""
    at = word.find(stem)
    while at != -1:
        before = word[:at]
        if at == 0 or at >= 3 or before == "un" or (before in _SHORT_PREFIXES and word[at + len(stem):] in _INFLECTIONS):
            return True
        at = word.find(stem, at + 1)
    return False
