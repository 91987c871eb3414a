"""Open-text analysis end to end: redact, tag, sentiment, quotes, emerging themes.

This is what the report builder calls with plain comment dicts; the command line's ``tag`` uses
:func:`tag_comments` from here too, so both tag the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engage.analysis.errors import InputError
from engage.analysis.text.codebook import Codebook, default_codebook
from engage.analysis.text.emerging import emerging_themes, weak_fits
from engage.analysis.text.learning import learn_and_tag
from engage.analysis.text.normalize import (
    approval_remainder,
    base_language,
    is_approval,
    is_non_answer,
    subject_words,
    tokenize,
)
from engage.analysis.text.quotes import theme_quotes
from engage.analysis.text.redact import redact, redact_details
from engage.analysis.text.sentiment import passage_sentiment, sentiment, summarize_sentiment
from engage.analysis.text.themes import Tagged, ZeroShotTagger


def tag_comments(
    codebook: Codebook,
    texts: Sequence[str],
    languages: Sequence[str | None],
    coded: Sequence[Mapping[str, Any]] | None = None,
) -> tuple[list[list[str]], dict | None]:
    """Theme ids per comment (best first) and, in learning mode, the quality report.

    Texts are redacted before anything else. Empty or whitespace-only comments and non-answers
    ("no thanks", "n/a", see ``normalize.is_non_answer``) get no theme. Answers that only approve
    ("Love it, keep up the great work!") get the codebook's general-approval theme, or none
    (see :func:`approval_tags`).
    ``coded`` rows are ``{"text", "themes": [ids], "language"?}``; comments are learned per
    language, and a language with no coded comments falls back to zero-shot.
    """
    found = tag_with_fit(codebook, texts, languages, coded, passages=False)
    return found.themes, found.report


@dataclass
class FittedTags:
    """What :func:`tag_with_fit` found for each comment."""

    themes: list[list[str]]
    # The learning quality report per language (learning mode only).
    report: dict | None
    # The best theme score (None when the comment got no theme): see ``emerging.weak_fits``.
    fit: list[float | None]
    # Theme id -> the part of a long comment that speaks for that theme (``themes.Tagged.passages``):
    # what the comment's sentiment about the theme, and its quote, should read.
    passages: list[dict[str, str]]
    # The comments as tagged: redacted (empty for a missing one).
    texts: list[str]
    # Whether each comment says nothing to code (empty, or a non-answer such as "no thanks").
    says_nothing: list[bool]
    # Personal details replaced in the batch, per placeholder type ("email": 3): counted in the
    # same pass that redacted the texts, so a caller need not redact them again.
    redacted: dict[str, int]


# A coded sample speaks for how its analyst codes answers that only approve once it has this many.
APPROVAL_SAMPLE = 3


def approval_theme(codebook: Codebook) -> str | None:
    """The theme that collects answers which only approve ("General support and praise",
    "Allgemeine Zustimmung"): its label is made of approving words. None when no theme is."""
    for theme in codebook.themes:
        label = theme.text("label", codebook.language, codebook.language)
        if label and is_approval(label, codebook.language):
            return theme.id
    return None


def approval_subjects(codebook: Codebook, language: str) -> frozenset[str]:
    """Words the general-approval theme names as what is approved ("thanks to the library"): an
    answer that approves with one of them ("Love our library!!") still only approves, if the
    batch's answers use the word widely (``normalize.subject_words``). Without such a theme, none:
    "Support the homeless" is about homelessness, however often the batch says "homeless"."""
    theme_id = approval_theme(codebook)
    if theme_id is None:
        return frozenset()
    theme = codebook.theme(theme_id)
    text = " ".join(theme.text(part, language, codebook.language) for part in ("label", "description"))
    return frozenset(tokenize(text))


def general_only(codebook: Codebook, coded: Sequence[Mapping[str, Any]]) -> str | None:
    """The general-approval theme, if it is only ever an answer's sole theme: "General support" is
    what an answer gets when it raises nothing specific, so beside a specific theme it is the
    tagger's noise (a coded sample that pairs it with another theme says otherwise)."""
    theme = approval_theme(codebook)
    if theme is None or any(theme in row["themes"] and len(row["themes"]) > 1 for row in coded):
        return None
    return theme


def approval_tags(codebook: Codebook, coded: Sequence[Mapping[str, Any]], language: str) -> list[str]:
    """The themes an answer that only approves gets in ``language``.

    A coded sample with a few such answers says how its analyst codes them (their most common
    codes); otherwise the codebook's general-approval theme, or none: "Great idea, long overdue"
    raises no theme, and the nearest theme by wording would be a guess.
    """
    seen: dict[tuple[str, ...], int] = {}
    named = approval_subjects(codebook, language)
    for row in coded:
        if base_language(row.get("language"), codebook.language) != language:
            continue
        other = approval_remainder(redact(row["text"]), language)
        if other is not None and (not other or other in named):
            key = tuple(row["themes"])
            seen[key] = seen.get(key, 0) + 1
    if sum(seen.values()) >= APPROVAL_SAMPLE:
        return list(max(seen, key=lambda key: seen[key]))
    theme = approval_theme(codebook)
    return [theme] if theme else []


def approval_answers(codebook: Codebook, texts: Sequence[str], langs: Sequence[str], says_nothing: Sequence[bool],
                     coded: Sequence[Mapping[str, Any]]) -> dict[int, list[str]]:
    """The answers that only approve (by index), each with the themes it gets (``approval_tags``).

    "Great idea!" is a non-answer unless the codebook, or its analyst, codes approval. An answer's
    one word besides approval must be what the approval theme names and what the batch's answers
    widely use (``approval_subjects``).
    """
    out: dict[int, list[str]] = {}
    for lang in set(langs):
        rows = [i for i, lang_i in enumerate(langs) if lang_i == lang]
        given = approval_tags(codebook, coded, lang)
        left = {i: approval_remainder(texts[i], lang) for i in rows if given or not says_nothing[i]}
        left = {i: other for i, other in left.items() if other is not None}
        named = approval_subjects(codebook, lang)
        subject = subject_words([texts[i] for i in rows if not says_nothing[i]], {o for o in left.values() if o in named})
        out.update((i, list(given)) for i, other in left.items() if not other or other in subject)
    return out


def tag_with_fit(
    codebook: Codebook,
    texts: Sequence[str],
    languages: Sequence[str | None],
    coded: Sequence[Mapping[str, Any]] | None = None,
    passages: bool = True,
) -> FittedTags:
    """:func:`tag_comments`, plus each comment's *fit* to its theme and, for a long comment, the part
    that speaks for each theme.

    Fits compare within one language of one batch (the scale differs between languages and modes):
    see :func:`engage.analysis.text.emerging.weak_fits`. Without ``passages`` (tags alone are
    wanted) every comment's passages are left empty: 100,000 long answers' would take ~40 MB.
    """
    langs = [base_language(lang, codebook.language) for lang in languages]
    redacted: dict[str, int] = {}
    safe = []
    for text in texts:
        details = redact_details(text or "")
        safe.append(details.text)
        for kind, count in details.found.items():
            redacted[kind] = redacted.get(kind, 0) + count
    known = set(codebook.ids)
    for row in coded or ():
        unknown = [t for t in row["themes"] if t not in known]
        if unknown:
            raise InputError(f"coded sample names unknown theme {unknown[0]!r}")
    tags: list[list[str]] = [[] for _ in texts]
    fit: list[float | None] = [None] * len(texts)
    spoken_by: list[dict[str, str]] = [{} for _ in texts]
    ids = codebook.ids
    # Non-answers ("no thanks", "n/a") get no theme, as empty ones, and stay out of the corpus statistics.
    says_nothing = [is_non_answer(t, lang) for t, lang in zip(safe, langs)]
    # So do answers that only approve ("Love our library!"): they name no theme, and read by their
    # wording they land on whichever theme shares a word ("keep up the great work": study and work).
    approving = approval_answers(codebook, safe, langs, says_nothing, coded or ())
    for i, given in approving.items():
        tags[i] = given
        says_nothing[i] = False
    live = [i for i, nothing in enumerate(says_nothing) if not nothing and i not in approving]
    reports: dict[str, dict] = {}
    tagger = ZeroShotTagger(codebook)
    general = general_only(codebook, coded or ())
    column = {t: j for j, t in enumerate(ids)}
    tagged: Tagged | None
    for lang in sorted({langs[i] for i in live}):
        rows = [i for i in live if langs[i] == lang]
        sample = [c for c in coded or () if base_language(c.get("language"), codebook.language) == lang]
        # A sample that names no theme at all teaches nothing to learn from (every setting scores 0
        # on it, and the first of them tagged loosely): the codebook alone tags, and says why.
        if not sample or not any(c["themes"] for c in sample):
            tagged = tagger.run([safe[i] for i in rows], [lang] * len(rows))
            found, scores = [[ids[j] for j in chosen] for chosen in tagged.ranked()], tagged.scores
            if coded:
                reports[lang] = {"mode": "zero-shot", "reason": "no coded comments in this language" if not sample
                                 else "the coded comments in this language name no theme", "coded": len(sample)}
        else:
            result = learn_and_tag(
                codebook,
                [redact(c["text"]) for c in sample],
                [list(c["themes"]) for c in sample],
                [safe[i] for i in rows],
                language=lang,
            )
            found, scores, tagged = result.themes, result.scores, result.tagged
            reports[lang] = {"mode": "learning", **result.quality.as_dict()}
        best = scores.max(axis=1) if scores.size else np.zeros(len(rows))
        for row, (i, themes, value) in enumerate(zip(rows, found, best)):
            if general is not None and len(themes) > 1 and general in themes:
                themes = [t for t in themes if t != general]
                # The answer's fit is to the themes it keeps (``emerging.weak_fits`` compares fits).
                value = max(scores[row, column[t]] for t in themes)
            tags[i] = themes
            fit[i] = float(value) if themes else None
        if passages and tagged is not None:
            for i, by_part in zip(rows, tagged.passages([safe[i] for i in rows])):
                spoken_by[i] = {ids[j]: text for j, text in by_part.items()}
    return FittedTags(tags, reports if coded else None, fit, spoken_by, safe, says_nothing, redacted)


def analyze_comments(
    comments: Sequence[Mapping[str, Any]],
    codebook: Codebook | None = None,
    coded: Sequence[Mapping[str, Any]] | None = None,
    quotes_per_theme: int = 3,
) -> dict:
    """Full open-text analysis of ``[{"id", "text", "language"?}]``.

    Returns ``{"codebook", "comments": [{"id", "text" (redacted), "language", "themes",
    "sentiment"}], "themes": {id: {"label", "n", "share", "sentiment", "quotes",
    "minority_views"}}, "emerging": [...], "non_answers": n, "learning": report|None}``.
    ``non_answers`` counts answers that say nothing to code ("no thanks", "n/a"; empty ones too).
    """
    codebook = codebook or default_codebook()
    ids = [str(c.get("id", i)) for i, c in enumerate(comments)]
    langs = [base_language(c.get("language"), codebook.language) for c in comments]
    # The tagger redacts the answers first; everything below reads its redacted texts.
    fitted = tag_with_fit(codebook, [str(c.get("text") or "") for c in comments], langs, coded)
    texts, tags, report, fit = fitted.texts, fitted.themes, fitted.report, fitted.fit
    # Each answer's sentiment is read once, for its own entry and for its themes' summaries (VADER
    # was a third of this function's time when both read it).
    feeling = [sentiment(t, lang) for t, lang in zip(texts, langs)]
    by_theme = [passage_sentiment(spoken, lang) for spoken, lang in zip(fitted.passages, langs)]
    feelings = summarize_sentiment(feeling, tags, codebook.ids, by_theme)
    non_empty = sum(1 for t in texts if t.strip())
    themes: dict[str, dict] = {}
    for lang in sorted(set(langs)):
        index = [i for i, lang_i in enumerate(langs) if lang_i == lang]
        picked = theme_quotes([texts[i] for i in index], [tags[i] for i in index], codebook.ids, lang,
                              per_theme=quotes_per_theme, ids=[ids[i] for i in index],
                              passages=[fitted.passages[i] for i in index])
        for theme_id, found in picked.items():
            slot = themes.setdefault(theme_id, {"quotes": [], "minority_views": []})
            slot["quotes"].extend(dict(q, language=lang) for q in found["quotes"])
            slot["minority_views"].extend(dict(q, language=lang) for q in found["minority_views"])
    for theme in codebook.themes:
        n = sum(1 for t in tags if theme.id in t)
        themes[theme.id].update({
            "label": theme.label,
            "n": n,
            "share": round(n / non_empty, 6) if non_empty else 0.0,
            "sentiment": feelings.get(theme.id),
        })
    emerging = []
    weak = weak_fits(fit, langs)
    for lang in sorted(set(langs)):
        index = [i for i, lang_i in enumerate(langs) if lang_i == lang]
        for candidate in emerging_themes([texts[i] for i in index], [tags[i] for i in index], lang,
                                         ids=[ids[i] for i in index], weak=[weak[i] for i in index]):
            emerging.append(dict(candidate, language=lang))
    return {
        "codebook": codebook.name,
        "comments": [
            {"id": i, "text": t, "language": lang, "themes": tg, "sentiment": felt}
            for i, t, lang, tg, felt in zip(ids, texts, langs, tags, feeling)
        ],
        "themes": themes,
        "emerging": emerging,
        "non_answers": sum(fitted.says_nothing),
        "learning": report,
    }
