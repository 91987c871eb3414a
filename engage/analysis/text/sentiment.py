"""Sentiment per answer and per theme: VADER (through NLTK) for English, and a plain "none" elsewhere.

VADER's lexicon is read from the file shipped in the ``vaderSentiment`` wheel, so nothing is
downloaded. We have no validated lexicon for other languages, and say so rather than guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NLTK is imported on first use: it takes ~2 s, too long for every web worker start
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

from engage.analysis.text.normalize import base_language

SUPPORTED = frozenset({"en"})
NO_SENTIMENT = "no sentiment for this language"
# VADER's authors' conventional cut-offs on the compound score.
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

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
    answers: Sequence[Mapping[str, object]], tags: Sequence[Sequence[str]], theme_ids: Sequence[str]
) -> dict[str, dict]:
    """Per theme: mean compound and positive/neutral/negative counts over answers with sentiment.

    ``answers`` are dicts with "text" and "language"; ``tags`` the themes of each answer. Answers
    in languages without sentiment are counted apart, so a theme discussed only in Spanish says
    "no sentiment" instead of a misleading neutral.
    """
    per = {t: {"n": 0, "positive": 0, "neutral": 0, "negative": 0, "without_sentiment": 0, "sum": 0.0} for t in theme_ids}
    for answer, themes in zip(answers, tags):
        result = sentiment(str(answer.get("text") or ""), str(answer.get("language") or "en"))
        for theme in themes:
            slot = per.setdefault(theme, {"n": 0, "positive": 0, "neutral": 0, "negative": 0, "without_sentiment": 0, "sum": 0.0})
            if not result["available"]:
                slot["without_sentiment"] += 1
                continue
            slot["n"] += 1
            slot[result["label"]] += 1
            slot["sum"] += result["compound"]
    out = {}
    for theme, slot in per.items():
        total = slot.pop("sum")
        slot["mean_compound"] = round(total / slot["n"], 4) if slot["n"] else None
        if not slot["n"] and slot["without_sentiment"]:
            slot["note"] = NO_SENTIMENT
        out[theme] = slot
    return out
