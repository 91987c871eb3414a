"""Engage's analysis engine: pure Python, never imports Flask; plain rows in, plain data out.

Everything returns JSON-serialisable dicts. Responses are plain dicts::

    {"response_id": "r1", "channel": "web", "locale": "es",
     "segments": {"district": "d3", "age_band": "25-34", "home_language": "es",
                  "race_ethnicity": "latino", "housing": "unhoused"},
     "answers": {"q_categories": ["mental_health", "welfare"], "q_trust": 4, ...}}

and questions ``{"key", "type", "choices": [{"code", "label"}], "scale", "label"}``.

Closed questions and segments
    ``summarize_question(question, rows, weights=None)``   counts, shares, Wilson 95% CIs, Likert,
                                                           ranking (Borda), multi-select, "other" texts
    ``breakdown(question, rows, by, min_cell=10, weights=None)``  per-segment, with primary and
                                                           complementary suppression
Representativeness and weights
    ``load_population(path)`` / ``population_from_rows(rows)``   ``segment,category,share`` CSV
    ``rake(rows, population, trim=(0.2, 5.0))``            IPF weights (mean 1), Kish effective n
    ``compare_with_population(rows, population, weights=None)``
Open text (``engage.analysis.text``)
    ``redact(text)``                                       PII -> [email] [phone] [address] [url] [name]
    ``analyze_comments(comments, codebook=None, coded=None)``  tags, sentiment, quotes, emerging themes
    ``tag_comments(codebook, texts, languages, coded=None)``   tags only (+ learning quality report)
    ``load_codebook(path)`` / ``default_codebook()``       community responder codebook (en, es)
Agreement
    ``agreement(reference, other, theme_ids=None)``        Cohen's kappa, precision/recall per theme

Command line: ``python -m engage.analysis tag|summarize`` (see README.md beside this file).
"""

from engage.analysis.agreement import agreement
from engage.analysis.closed import summarize_question
from engage.analysis.crosstabs import breakdown, suppress
from engage.analysis.errors import InputError
from engage.analysis.stats import kish_effective_n, wilson_interval
from engage.analysis.text.codebook import default_codebook, load_codebook
from engage.analysis.text.pipeline import analyze_comments, tag_comments
from engage.analysis.text.redact import redact
from engage.analysis.weighting import compare_with_population, load_population, population_from_rows, rake

__all__ = [
    "InputError",
    "agreement",
    "analyze_comments",
    "breakdown",
    "compare_with_population",
    "default_codebook",
    "kish_effective_n",
    "load_codebook",
    "load_population",
    "population_from_rows",
    "rake",
    "redact",
    "summarize_question",
    "suppress",
    "tag_comments",
    "wilson_interval",
]
