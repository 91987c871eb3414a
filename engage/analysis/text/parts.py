"""Long answers read part by part, so a resident who writes about three things gets three themes.

Tag decisions compare themes *within* an answer: the best theme, then others close to it. That
suits a short answer making one point, but an answer that makes several points in turn keeps only
its loudest: on answers of two to four real comments joined together, zero-shot F1 fell from 0.76
to 0.58-0.41 while the answers carried 2.3-4.1 themes and got about 1.2.

So an answer is split into parts (sentences, list items, lines) of at least :data:`PART_WORDS`
words; when it has two or more, each part is scored as a comment of its own, next to the whole
answer, and the answer gets the themes of its whole text and of each part (a part, short and so
noisier, must clear a higher floor: see ``themes.part_decision``). An answer of one sentence, or
whose other sentences are fragments ("Thanks.", "Please!"), is read whole, as before. Words are
counted by spaces, except in Chinese and Japanese, which write none: two characters count as one
word there (:func:`words`), so their long answers are split at 。！？； like any other.

Measured on joined comments and on single ones (bowling-green's Polis statements, where a second
sentence often explains the first and can add a theme the resident did not raise): parts of 5+
words cost single comments 0.004-0.006 zero-shot F1 and gain 0.02-0.13 on two joined comments;
an earlier rule that read answers under 25 words whole lost half of that gain (German answers,
with their compounds, are short in words) for 0.004.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

# A shorter piece ("Thanks.", "e.g.", "Also:") joins its neighbour instead of standing alone.
PART_WORDS = 5
# Shorter answers cannot hold two parts: they are read whole without looking.
LONG_ANSWER_WORDS = 2 * PART_WORDS
# A part adds a theme to its answer only with at least this share of the answer's own best score.
# A part that elaborates the answer's point ("It's pitch black there by 6pm in winter", after a
# broken shelter light) read alone drifts to a theme the answer is not about (service hours); a part
# that makes a second point scores near the answer's best. Zero-shot over twelve check sets and
# bowling-green, mean micro-F1 0.7706 -> 0.7750 with no set lower (shares 0.2 / 0.25 / 0.35 / 0.5:
# 0.7705 / 0.7737 / 0.7737 / 0.7722); bowling-green's comments joined 2 / 3 / 4 to an answer
# 0.761 / 0.764 / 0.783 -> 0.757 / 0.761 / 0.780. A higher floor for parts instead (1.5 -> 2 / 3
# times the answer's) cost the joined answers up to 0.07.
PART_SHARE = 0.3

# Rows of scores -> 0/1 rows of tags.
Tagging = Callable[[np.ndarray], np.ndarray]

# Chinese and Japanese write no spaces between words; a word there is about two characters.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UNSPACED_CHARS_PER_WORD = 2
_UNSPACED_ENDS = ("。", "！", "？", "；")
_LETTER = re.compile(r"[^\W_]")
# Sentence ends (Latin, Arabic, CJK punctuation), semicolons, line breaks and list bullets.
_BREAK = re.compile(r"(?<=[.!?;؟؛])\s+|(?<=[。！？；])|\s*\n\s*|\s+(?=[•·▪]\s)")


def words(text: str) -> int:
    """About how many words ``text`` has: spaces separate them, except in Chinese and Japanese,
    where every two characters count as one (without that, no answer there would be long)."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = sum(1 for token in _UNSPACED.sub(" ", text).split() if _LETTER.search(token))
    return spaced + -(-unspaced // _UNSPACED_CHARS_PER_WORD)


def parts(text: str) -> list[str]:
    """The parts of a long answer; empty for a short answer or one that reads as a single part."""
    if words(text) < LONG_ANSWER_WORDS:
        return []
    merged: list[str] = []
    for piece in (p.strip() for p in _BREAK.split(text)):
        if not piece:
            continue
        if merged and (words(piece) < PART_WORDS or words(merged[-1]) < PART_WORDS):
            # Chinese and Japanese sentences follow each other without a space.
            merged[-1] += ("" if _UNSPACED.match(merged[-1][-1:]) or merged[-1].endswith(_UNSPACED_ENDS) else " ") + piece
        else:
            merged.append(piece)
    return merged if len(merged) >= 2 else []


def within_answer(part_scores: np.ndarray, answer_scores: np.ndarray) -> np.ndarray:
    """0/1 per part and theme: whether the part's score may add the theme to its answer (``PART_SHARE``
    of the answer's best score; ``answer_scores`` are each part's answer's scores, read whole)."""
    best = answer_scores.max(axis=1, initial=0.0)
    return (part_scores >= PART_SHARE * best[:, None]).astype(part_scores.dtype)


@dataclass(frozen=True)
class PartLayout:
    """Rows of a score matrix: the answers first, then the parts of the long ones.

    ``owner[i]`` is the answer (row) that part row ``answers + i`` belongs to.
    """

    answers: int
    owner: np.ndarray

    @classmethod
    def of(cls, texts: list[str]) -> tuple[PartLayout, list[str]]:
        """The layout of ``texts`` and the text of every row (answers, then parts)."""
        rows = list(texts)
        owner: list[int] = []
        for index, text in enumerate(texts):
            pieces = parts(text)
            rows.extend(pieces)
            owner.extend([index] * len(pieces))
        return cls(len(texts), np.asarray(owner, dtype=np.int64)), rows

    @classmethod
    def whole(cls, answers: int) -> PartLayout:
        """Every answer read whole (no parts)."""
        return cls(answers, np.zeros(0, dtype=np.int64))

    @property
    def rows(self) -> int:
        return self.answers + len(self.owner)

    def tags(self, scores: np.ndarray, tag_answers: Tagging, tag_parts: Tagging) -> np.ndarray:
        """0/1 answers x themes: what ``tag_answers`` gives the whole answer, and ``tag_parts`` any
        of its parts."""
        answers = scores[: self.answers]
        out = tag_answers(answers)
        if len(self.owner):
            part_scores = scores[self.answers :]
            np.maximum.at(out, self.owner, tag_parts(part_scores) * within_answer(part_scores, answers[self.owner]))
        return out

    def with_parts(self, values: np.ndarray) -> np.ndarray:
        """Per-answer ``values`` laid out on these rows: each part takes its answer's."""
        return np.concatenate([values, values[self.owner]]) if len(self.owner) else values
