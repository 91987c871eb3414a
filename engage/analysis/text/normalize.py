"""Language-aware normalisation of open text: tokens, curated stopwords and Snowball stems.

Only NLTK parts that need no downloaded data are used (a regexp tokenizer and the Snowball
stemmers), so the engine runs on a closed network.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from importlib import resources

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NLTK takes ~2 s to import: load it on first use, not when the web app starts
    from nltk.stem.snowball import SnowballStemmer

# ISO 639-1 codes to the names NLTK's Snowball stemmers use.
SNOWBALL_LANGUAGES: dict[str, str] = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
}

# A language written as its name rather than its code, as survey tools and spreadsheets often
# export it ("German", "Deutsch", "Español", ISO 639-2 "deu"): read as the code, so such answers
# still get their stemmer, stopwords and the encoder instead of none of them.
LANGUAGE_NAMES: dict[str, str] = {
    **{name: code for code, name in SNOWBALL_LANGUAGES.items()},
    "chinese": "zh", "japanese": "ja", "korean": "ko", "polish": "pl", "thai": "th", "turkish": "tr",
    "greek": "el", "hebrew": "he", "hindi": "hi", "vietnamese": "vi", "ukrainian": "uk", "farsi": "fa",
    "persian": "fa", "somali": "so", "tagalog": "tl", "urdu": "ur", "bengali": "bn", "czech": "cs",
    "deutsch": "de", "español": "es", "espanol": "es", "castellano": "es", "français": "fr",
    "francais": "fr", "italiano": "it", "português": "pt", "portugues": "pt", "nederlands": "nl",
    "svenska": "sv", "dansk": "da", "norsk": "no", "suomi": "fi", "magyar": "hu", "română": "ro",
    "romana": "ro", "русский": "ru", "українська": "uk", "polski": "pl", "türkçe": "tr", "turkce": "tr",
    "العربية": "ar", "عربي": "ar", "فارسی": "fa", "中文": "zh", "日本語": "ja", "한국어": "ko",
    "tiếng việt": "vi", "eng": "en", "deu": "de", "ger": "de", "spa": "es", "fra": "fr", "fre": "fr",
    "ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "ara": "ar", "rus": "ru", "zho": "zh",
    "chi": "zh", "jpn": "ja", "kor": "ko", "pol": "pl", "tur": "tr", "vie": "vi", "swe": "sv",
}

# Languages that glue nouns into compounds ("Straßenverkehr"): theme terms are also looked for
# inside longer words there.
COMPOUNDING_LANGUAGES = frozenset({"de", "nl", "sv", "da", "no", "fi"})

# Letters and digits, with inner apostrophes or hyphen-free; placeholders like [email] are kept
# whole so redaction marks never turn into theme evidence.
TOKEN_PATTERN = r"\[[a-z]+\]|[^\W_]+(?:['’][^\W_]+)*"


# Punctuation that ends a phrase: bigrams never cross it. A redaction placeholder is a token,
# not two brackets around a word ("[email]" never reads as "email").
PHRASE_BREAK = r"[,;:.!?()\[\]{}\"“”«»/|\n–—]+|\s-\s"
_BREAK_START = frozenset(",;:.!?()[]{}\"“”«»/|\n–—")


@lru_cache(maxsize=None)
def _finder(pattern: str) -> Callable[[str], list[str]]:
    """NLTK's ``RegexpTokenizer`` for ``pattern``, as a function of the text.

    NLTK 3.9.3+ runs every match under a wall-clock timer, its ReDoS backstop for caller-supplied
    patterns. Ours are fixed and linear (no nested or ambiguous repeats), and the timer took two
    thirds of the tokenizer's time (10,000 comments: 0.21 s with it, 0.07 s without), so it is off.
    """
    from nltk.tokenize import RegexpTokenizer

    tokenizer = RegexpTokenizer(pattern)
    tokenizer._check_regexp()
    compiled = tokenizer._regexp
    try:
        compiled.findall("", timeout=None)
    except TypeError:  # an NLTK before its ReDoS layer: a plain compiled pattern, no timer
        return tokenizer.tokenize
    return partial(compiled.findall, timeout=None)


def _tokenizer() -> Callable[[str], list[str]]:
    return _finder(TOKEN_PATTERN)


def _phrase_tokenizer() -> Callable[[str], list[str]]:
    # Tokens first, so a placeholder's brackets are not read as breaks.
    return _finder(f"{TOKEN_PATTERN}|{PHRASE_BREAK}")


_PLACEHOLDER = re.compile(r"^\[[a-z]+\]$")


def base_language(language: str | None, default: str = "en") -> str:
    """Return the two-letter base of a locale such as ``es-MX`` (``default`` when empty); a
    language's name ("German", "Español", "deu") is read as its code (:data:`LANGUAGE_NAMES`)."""
    if not language or not language.strip():
        return default
    value = language.strip().lower()
    if value in LANGUAGE_NAMES:  # before splitting: "tiếng việt" holds a space, not a locale's "-"
        return LANGUAGE_NAMES[value]
    code = value.replace("_", "-").split("-")[0]
    return LANGUAGE_NAMES.get(code, code)


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """The shipped stopword list for ``language`` (empty when we ship none)."""
    return _word_list("stopwords", language)


def _word_list(folder_name: str, language: str) -> frozenset[str]:
    path = resources.files("engage.analysis.text") / folder_name / f"{base_language(language)}.txt"
    if not path.is_file():
        return frozenset()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(fold(line) for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=None)
def non_answer_words(language: str) -> frozenset[str]:
    """Function words and the words of non-answers ("thanks", "nothing", "sure"), for ``language``
    and for English (residents write "ok" and "n/a" in every language)."""
    words = stopwords(language) | stopwords("en") | _word_list("nonanswers", language) | _word_list("nonanswers", "en")
    spell = SPELLING.get(base_language(language))
    return words | {spell(word) for word in words} if spell is not None else words


# A non-answer is short: a longer answer made only of such words is rare and worth reading.
NON_ANSWER_MAX_WORDS = 8


def is_non_answer(text: str, language: str) -> bool:
    """True for an answer that says nothing to code: "no thanks", "not sure", "n/a", "nothing to add".

    Empty answers are non-answers too. Numbers and one-letter tokens carry nothing on their own.
    """
    if len((text or "").split()) > NON_ANSWER_MAX_WORDS:  # most answers: no need to tokenize
        return False
    tokens = tokenize(text or "")
    if len(tokens) > NON_ANSWER_MAX_WORDS:
        return False
    lang = base_language(language)
    return all(len(t) < 2 or t.isdigit() or says_nothing(t, lang) or says_nothing(t.rstrip("."), lang) for t in tokens)


@lru_cache(maxsize=None)
def approval_words(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(approving words, words that may stand beside them) for ``language`` and English: the
    words of an answer that only approves ("Love it, keep up the great work!")."""
    approving: set[str] = set()
    beside: set[str] = set()
    for lang in {base_language(language), "en"}:
        path = resources.files("engage.analysis.text") / "approval" / f"{lang}.txt"
        if not path.is_file():
            continue
        into = approving
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## with"):
                into = beside
            elif not line.startswith("#"):
                into.update(fold(word) for word in line.split())
    spell = SPELLING.get(base_language(language))
    if spell is not None:  # "schoen" is "schön", as residents type it
        approving |= {spell(word) for word in approving}
        beside |= {spell(word) for word in beside}
    return frozenset(approving), frozenset(beside)


# An answer that only approves is short; a longer one makes a point worth coding.
APPROVAL_MAX_WORDS = 12
# A batch's subject ("library", "Stadt") is a word this share of its answers use: "Love our
# library!" approves of the subject, it does not raise one of its themes.
SUBJECT_SHARE = 0.12
SUBJECT_MIN_ANSWERS = 30


def subject_words(texts: Sequence[str], words: Iterable[str]) -> frozenset[str]:
    """Which of ``words`` a large share of a batch's answers use (its subject), from 30 answers
    on. Only the few words approval answers leave over are counted, so the batch is searched for
    them, not tokenized again."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if len(texts) < SUBJECT_MIN_ANSWERS or not words:
        return frozenset()
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    counts: dict[str, int] = {}
    for text in texts:
        for word in {fold(m) for m in pattern.findall(text or "")}:
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= SUBJECT_SHARE * len(texts))


def approval_remainder(text: str, language: str) -> str | None:
    """For an answer that only approves ("Love our library!!", "Keep up the great work", "Weiter
    so!", "¡Excelente trabajo!"): the one word it has besides approval ("library"), or "" (none).
    None for any other answer.

    Its words are approving words (at least one), words that go with them ("work", "idea"),
    function and non-answer words, and at most one other word; it is short.
    """
    if len((text or "").split()) > APPROVAL_MAX_WORDS:
        return None
    tokens = tokenize(text or "")
    if not tokens or len(tokens) > APPROVAL_MAX_WORDS:
        return None
    lang = base_language(language)
    approving, beside = approval_words(lang)
    spell = SPELLING.get(lang)
    approves = False
    other = ""
    for token in tokens:
        token = token.rstrip(".")
        word = spell(token) if spell is not None else token
        if token in approving or word in approving:
            approves = True
        elif token in beside or word in beside or len(token) < 2 or token.isdigit() or says_nothing(token, lang):
            continue
        elif not other:
            other = token
        elif token != other:
            return None
    return other if approves else None


def is_approval(text: str, language: str, subject: frozenset[str] = frozenset()) -> bool:
    """True for an answer that only approves (:func:`approval_remainder`) and whose one other
    word, if any, is the batch's ``subject`` (:func:`subject_words`): "Love our library!!"
    approves of the subject; "Love the new bike lanes" is an answer about bike lanes."""
    other = approval_remainder(text, language)
    return other is not None and (not other or other in subject)


def says_nothing(token: str, language: str) -> bool:
    """Whether a folded token is a function word or a non-answer word ("thanks", "nothing") in
    ``language`` (or English), however it was spelled ("fuer" is "für", "tambien" "también")."""
    lang = base_language(language)
    words = non_answer_words(lang)
    spell = SPELLING.get(lang)
    return token in words or (spell is not None and spell(token) in words)


@lru_cache(maxsize=None)
def _stemmer(language: str) -> SnowballStemmer | None:
    from nltk.stem.snowball import SnowballStemmer

    name = SNOWBALL_LANGUAGES.get(base_language(language))
    return SnowballStemmer(name) if name else None


# Apostrophes unified; Arabic short-vowel marks (harakat, tanween, shadda, sukun, dagger alif) and
# the tatweel stretch dropped: "شكراً" and "شكرا" are one word, as residents write either.
_FOLD = {0x2019: "'", 0x0640: None, 0x0670: None, **{mark: None for mark in range(0x064B, 0x0660)}}


def fold(word: str) -> str:
    """Lower-case, unify apostrophes ("Don’t" and "don't") and drop Arabic vowel marks, so the
    spellings of one word compare equal."""
    word = word.lower()
    return word if word.isascii() else word.translate(_FOLD)


def tokenize(text: str) -> list[str]:
    """Split text into folded word tokens (no stopword removal, no stemming)."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text)
    return [fold(t) for t in _tokenizer()(text)]


def raw_phrase_tokens(text: str) -> list[str]:
    """Word tokens and phrase breaks in order, as written (not folded); see :func:`is_break`."""
    if not text:
        return []
    return _phrase_tokenizer()(unicodedata.normalize("NFC", text))


def is_break(raw: str) -> bool:
    """Whether a token of :func:`raw_phrase_tokens` is a phrase break (punctuation), not a word."""
    return (raw[0] in _BREAK_START or raw[0].isspace()) and not _PLACEHOLDER.match(raw)


def phrase_tokens(text: str) -> list[str]:
    """:func:`tokenize`'s tokens in one pass, with ``""`` where a phrase ends (a stem-less token,
    so whatever pairs words stops there)."""
    return ["" if is_break(t) else fold(t) for t in raw_phrase_tokens(text)]


# German written without umlauts ("Laerm", "Gruenflaechen", "Strasse", as on a phone with another
# keyboard) is the same word: Snowball's "german2" variant maps ae/oe/ue to ä/ö/ü, and its stems
# drop the umlauts. Without it "Laerm" and "Lärm" shared no stem. As in german2, "ue" stays after
# "q" ("Quelle") and after a vowel: german2 marks a "u" between vowels as a consonant first, so
# "bauen", "neuen" and "Steuer" keep their "ue" (read as umlauts they stemmed to "baun", "neun"
# and "steur", apart from "Bau", "neu" and "steuern").
_GERMAN_DIGRAPHS = re.compile(r"ae|oe|(?<![qaeiouyäöü])ue")
_GERMAN_UMLAUT = {"ae": "ä", "oe": "ö", "ue": "ü"}
_GERMAN_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def german_spelling(word: str) -> str:
    """A folded German word with ae/oe/ue written as umlauts (Snowball's german2 spelling) and "ß"
    as "ss" (Swiss spelling, and Snowball's first step)."""
    word = word.replace("ß", "ss")
    return _GERMAN_DIGRAPHS.sub(lambda m: _GERMAN_UMLAUT[m.group(0)], word) if "e" in word else word


def german_letters(word: str) -> str:
    """A folded German word in the letters of its Snowball stems: no umlauts, "ß" as "ss"; what
    codebook stems are looked for in (compounds, ``features.CompoundMatcher``)."""
    return german_spelling(word).translate(_GERMAN_PLAIN)


def german_verb_family(stem: str) -> str:
    """One stem for a German verb's participle, infinitive and noun, where Snowball gives several.

    Codebooks name things with nouns ("Sanierung", "Genehmigung", "Beteiligung") and residents
    write verbs ("wurde saniert", "nie genehmigt", "nicht beteiligt"), but Snowball stems
    "Sanierung" "sanier", "sanieren" "sani" and "saniert" "saniert"; "Genehmigung" and
    "genehmigen" "genehm" but "genehmigt" "genehmigt". So a long stem ending in "ier" or "iert"
    (the -ieren verbs: sanieren, finanzieren, kontrollieren) ends in "i", as the infinitive's does,
    and one ending in "igt" (a participle of an -igen verb) loses it, as its noun's does. Nouns in
    "-ier" stem to "-i" already ("Papier" "papi", "Quartier" "quarti").
    """
    if len(stem) >= 6:
        if stem.endswith("iert"):
            return stem[:-3]
        if stem.endswith("ier"):
            return stem[:-2]
    if len(stem) >= 8 and stem.endswith("igt"):
        return stem[:-3]
    return stem


# Spanish typed without accents ("policia", "tambien", "anadir", as on a phone set to English) is
# the same word: accents and the tilde go before stemming, since Snowball strips accents only after
# its suffixes ("policía" -> "polic" but "policia" -> "polici").
_SPANISH_ACCENTS = str.maketrans("áéíóúüñ", "aeiouun")


def spanish_spelling(word: str) -> str:
    """A folded Spanish word without its accents or tilde."""
    return word.translate(_SPANISH_ACCENTS)


# Per language, one spelling of the ways a word is typed: stopwords, stems and light forms use it.
SPELLING = {"de": german_spelling, "es": spanish_spelling}


class Normalizer:
    """Turns text into content stems for one language, with a cache because vocabularies are small.

    Tokens are folded, stopwords and one-letter tokens dropped, possessive endings removed, and
    the rest stemmed with the language's Snowball stemmer (left as is when there is none).
    """

    def __init__(self, language: str) -> None:
        self.language = base_language(language)
        self._spell = SPELLING.get(self.language)
        self._stop = stopwords(self.language)
        if self._spell is not None:  # "fuer" is "für", "tambien" "también": function words too
            self._stop = self._stop | {self._spell(word) for word in self._stop}
        self._stemmer = _stemmer(self.language)
        self._cache: dict[str, str | None] = {}
        self._light: dict[str, str] = {}

    def stem(self, token: str) -> str | None:
        """The stem of one folded token, or None when it carries no content."""
        cached = self._cache.get(token, "")
        if cached != "":
            return cached
        result: str | None
        spelled = self._spell(token) if self._spell is not None else token
        if spelled in self._stop or _PLACEHOLDER.match(token) or len(token) < 2:
            result = None
        else:
            word = re.sub(r"'s?$", "", spelled)
            if self._stemmer is not None and not word.isdigit():
                word = self._stemmer.stem(word)
                if self.language == "de":
                    word = german_verb_family(word)
            result = word or None
        self._cache[token] = result
        return result

    def light(self, token: str) -> str:
        """A light form of a content token: only plural-like endings removed.

        Snowball merges words a codebook keeps apart ("parking"/"parks", "busy"/"business");
        matching the light form as well lets an exact word count more than a shared stem.
        """
        hit = self._light.get(token)
        if hit is None:
            hit = self._light[token] = light_form(self._spell(token) if self._spell is not None else token,
                                                  self.language)
        return hit

    def stems(self, text: str) -> list[str]:
        """Content stems of ``text`` in order."""
        out = []
        for token in tokenize(text):
            stem = self.stem(token)
            if stem is not None:
                out.append(stem)
        return out


_LIGHT_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("ies", "y"), ("sses", "ss"), ("'s", ""), ("s", "")),
    "es": (("ces", "z"), ("es", ""), ("s", "")),
    "fr": (("aux", "al"), ("s", ""), ("x", "")),
    "pt": (("ões", "ão"), ("s", "")),
    "it": (("i", "o"), ("e", "a")),
    "de": (("innen", "in"), ("en", ""), ("er", ""), ("es", ""), ("e", ""), ("n", ""), ("s", "")),
    "nl": (("en", ""), ("s", "")),
}
# Endings that look plural but are not ("bus", "glass", "crisis").
_NOT_PLURAL = ("ss", "us", "is")


def light_form(token: str, language: str) -> str:
    """Strip one plural-like ending from a folded token, leaving short words alone."""
    word = re.sub(r"'s?$", "", token)
    if len(word) < 5:
        return word
    for ending, replacement in _LIGHT_ENDINGS.get(language, ()):
        if word.endswith(ending):
            if ending == "s" and word.endswith(_NOT_PLURAL):
                return word
            return word[: -len(ending)] + replacement
    return word
