"""Survey rules that need neither Flask nor the database: display conditions, paging, answer values."""
from __future__ import annotations

from typing import Any

from engage.models import SEGMENTS, Question, Section, Survey

CONDITION_OPS = ("equals", "not_equals", "any_of", "answered")


def condition_met(condition: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """True when there is no condition, or the earlier answer it names matches.

    A condition is {"question": key, "op": "equals"|"not_equals"|"any_of"|"answered", "value": ...};
    for a multiple-choice or ranking answer, "equals" means "includes".
    """
    if not condition:
        return True
    answer = answers.get(condition.get("question", ""))
    op = condition.get("op", "equals")
    wanted = condition.get("value")
    if op == "answered":
        return answer not in (None, "", [])
    if answer in (None, "", []):
        return op == "not_equals"
    given = set(answer) if isinstance(answer, list) else {answer}
    wanted_set = set(wanted) if isinstance(wanted, list) else {wanted}
    if op == "equals":
        return bool(given & wanted_set)
    if op == "any_of":
        return bool(given & wanted_set)
    if op == "not_equals":
        return not (given & wanted_set)
    return True


def visible_sections(survey: Survey, answers: dict[str, Any]) -> list[Section]:
    return [s for s in survey.sections if s.active_questions and condition_met(s.condition, answers)]


def questions_on(section: Section, answers: dict[str, Any]) -> list[Question]:
    """The questions of a page to render: those whose condition depends on an earlier page must match;
    a condition on the same page is left for the browser to reveal (and the server to enforce)."""
    keys_here = {q.key for q in section.active_questions}
    out = []
    for q in section.active_questions:
        cond = q.condition
        if cond and cond.get("question") not in keys_here and not condition_met(cond, answers):
            continue
        out.append(q)
    return out


def applicable(question: Question, answers: dict[str, Any]) -> bool:
    return condition_met(question.condition, answers)


def prune(survey: Survey, answers: dict[str, Any]) -> dict[str, Any]:
    """Keep only answers to questions the resident was actually shown, given all their answers.

    Conditions can chain, so repeat until nothing changes.
    """
    current = dict(answers)
    for _ in range(len(survey.active_questions) + 1):
        shown_sections = {s.id for s in visible_sections(survey, current)}
        keep: dict[str, Any] = {}
        for q in survey.active_questions:
            if q.section_id in shown_sections and condition_met(q.condition, current):
                for key in (q.key, f"{q.key}__other"):
                    if key in current and current[key] not in (None, "", []):
                        keep[key] = current[key]
        if keep == current:
            return keep
        current = keep
    return current


def segments_from(survey: Survey, answers: dict[str, Any]) -> dict[str, str]:
    segments: dict[str, str] = {}
    for q in survey.active_questions:
        seg = q.segment
        if seg in SEGMENTS and answers.get(q.key):
            segments[seg] = answers[q.key]
    return segments


def missing_required(survey: Survey, answers: dict[str, Any]) -> list[Question]:
    """Required questions the resident was shown but did not answer (checked again at submit)."""
    shown_sections = {s.id for s in visible_sections(survey, answers)}
    return [
        q for q in survey.active_questions
        if q.required and q.section_id in shown_sections and condition_met(q.condition, answers)
        and answers.get(q.key) in (None, "", [])
    ]

