"""Sentiment per answer and per theme: VADER (through NLTK) for English, and a plain "none" elsewhere.

VADER's lexicon is read from the file shipped in the ``vaderSentiment`` wheel, so nothing is
downloaded. We have no validated lexicon for other languages, and say so rather than guess.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NLTK is imported on first use: it takes ~2 s, too long for every web worker start
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

from engage.analysis.text.normalize import base_language

_PUNCTUATION = frozenset(string.punctuation)
_WITHOUT_PUNCTUATION = str.maketrans("", "", string.punctuation)

SUPPORTED = frozenset({"en"})
NO_SENTIMENT = "no sentiment for this language"
# VADER's authors' conventional cut-offs on the compound score.
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05


def _words_and_emoticons(self: object) -> list[str]:
    """VADER's own tokens (``SentiText._words_and_emoticons``), found without its lookup table.

    NLTK maps every word of an answer with each of its 17 punctuation marks before and after
    ("cat," -> "cat", ",cat" -> "cat"): about 35 strings built per word, ~65% of sentiment's
    time (5,000 answers: 1.6 of 2.4 s). A word holds no ASCII punctuation, so a token is such a
    key exactly when its leading (or else trailing) run of punctuation is one of the marks and
    the rest is a word: the same tokens, tested against NLTK's own on real and made-up answers.
    """
    text: str = self.text  # type: ignore[attr-defined]
    marks: list[str] = self.PUNC_LIST  # type: ignore[attr-defined]
    words = {w for w in text.translate(_WITHOUT_PUNCTUATION).split() if len(w) > 1}
    out = []
    for token in text.split():
        if len(token) <= 1:
            continue
        if token[0] in _PUNCTUATION:
            lead = len(token) - len(token.lstrip(string.punctuation))
            if token[:lead] in marks and token[lead:] in words:
                token = token[lead:]
        elif token[-1] in _PUNCTUATION:
            trail = len(token) - len(token.rstrip(string.punctuation))
            if token[-trail:] in marks and token[:-trail] in words:
                token = token[:-trail]
        out.append(token)
    return out


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    import nltk.data
    import nltk.sentiment.vader as vader
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    # The same tokens as NLTK's (see _words_and_emoticons), for the implementation we know: one
    # that builds the lookup table (``_words_plus_punc``).
    if hasattr(vader.SentiText, "_words_plus_punc"):
        vader.SentiText._words_and_emoticons = _words_and_emoticons  # type: ignore[method-assign]

    lexicon = resources.files("vaderSentiment") / "vader_lexicon.txt"
    with resources.as_file(lexicon) as path:
        folder = str(path.resolve().parent)
        # NLTK only opens files under its data path; authorise the wheel's folder, nothing wider.
        if folder not in nltk.data.path:
            nltk.data.path.append(folder)
        return SentimentIntensityAnalyzer(lexicon_file=path.resolve().as_uri())


def sentiment(text: str, language: str | None = "en") -> dict:
    """``{"available", "compound", "label"}`` for one (already redacted) answer."""
    lang = base_language(language)
    if lang not in SUPPORTED:
        return {"available": False, "language": lang, "note": NO_SENTIMENT}
    if not text or not text.strip():
        return {"available": True, "language": lang, "compound": 0.0, "label": "neutral"}
    compound = _analyzer().polarity_scores(text)["compound"]
    label = "positive" if compound >= POSITIVE_AT else "negative" if compound <= NEGATIVE_AT else "neutral"
    return {"available": True, "language": lang, "compound": round(compound, 4), "label": label}


def theme_sentiment(
    answers: Sequence[Mapping[str, object]], tags: Sequence[Sequence[str]], theme_ids: Sequence[str],
    passages: Sequence[Mapping[str, str]] | None = None,
) -> dict[str, dict]:
    """Per theme: mean compound and positive/neutral/negative counts over answers with sentiment.

    ``answers`` are dicts with "text" and "language"; ``tags`` the themes of each answer. Answers
    in languages without sentiment are counted apart, so a theme discussed only in Spanish says
    "no sentiment" instead of a misleading neutral. ``passages`` (``pipeline.FittedTags``) give,
    per answer, the part of a long answer that speaks for a theme: "I love the new park. The
    police scare me." counts as positive about parks and negative about safety, not as one
    middling score for both.
    """
    results = [sentiment(str(a.get("text") or ""), str(a.get("language") or "en")) for a in answers]
    by_theme = None
    if passages is not None:
        by_theme = [passage_sentiment(spoken, str(a.get("language") or "en")) for a, spoken in zip(answers, passages)]
    return summarize_sentiment(results, tags, theme_ids, by_theme)


def summarize_sentiment(
    results: Sequence[Mapping[str, object]], tags: Sequence[Sequence[str]], theme_ids: Sequence[str],
    by_theme: Sequence[Mapping[str, Mapping[str, object]]] | None = None,
) -> dict[str, dict]:
    """:func:`theme_sentiment` from sentiments already computed (stored with a report's comments):
    ``results[i]`` is answer i's, ``by_theme[i]`` theme id -> its passage's (:func:`passage_sentiment`)."""
    per = {t: _empty() for t in theme_ids}
    for i, (whole, themes) in enumerate(zip(results, tags)):
        spoken = (by_theme[i] if by_theme is not None and i < len(by_theme) else None) or {}
        for theme in themes:
            _count(per.setdefault(theme, _empty()), spoken.get(theme) or whole)
    return {theme: _summary(slot) for theme, slot in per.items()}


def passage_sentiment(passages: Mapping[str, str], language: str | None) -> dict[str, dict]:
    """Theme id -> sentiment of the part of a long answer that speaks for that theme."""
    return {theme: sentiment(text, language) for theme, text in passages.items()}


def _empty() -> dict:
    return {"n": 0, "positive": 0, "neutral": 0, "negative": 0, "without_sentiment": 0, "sum": 0.0}


def _count(slot: dict, result: Mapping[str, object]) -> None:
    if not result.get("available"):
        slot["without_sentiment"] += 1
        return
    slot["n"] += 1
    slot[str(result["label"])] += 1
    slot["sum"] += float(result["compound"])  # type: ignore[arg-type]


def _summary(slot: dict) -> dict:
    slot = dict(slot)
    total = slot.pop("sum")
    slot["mean_compound"] = round(total / slot["n"], 4) if slot["n"] else None
    if not slot["n"] and slot["without_sentiment"]:
        slot["note"] = NO_SENTIMENT
    return slot
