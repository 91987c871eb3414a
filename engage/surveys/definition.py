"""Surveys as plain data: build one from a definition dict (demo, templates, imports) and dump it back.

A definition is JSON-shaped:
{"slug", "title": {loc: str}, "intro", "privacy_notice", "thank_you", "default_locale", "locales": [...],
 "response_policy": "open"|"invite", "status": "draft"|"open"|"closed",
 "sections": [{"title", "intro", "condition",
               "questions": [{"key", "type", "label", "help", "required", "settings", "condition",
                              "choices": [{"code", "label"}]}]}]}
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from engage.models import QUESTION_TYPES, Choice, Question, Section, Survey
from engage.models.survey import RESPONSE_POLICIES, STATUSES

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class DefinitionError(ValueError):
    """The definition does not describe a valid survey; the message says where."""


def build_survey(session: Session, definition: dict[str, Any]) -> Survey:
    """Create a survey with its sections, questions and choices from a definition; flushes, never commits."""
    check_definition(definition)
    survey = Survey(
        slug=definition["slug"],
        title=definition.get("title") or {},
        intro=definition.get("intro") or {},
        privacy_notice=definition.get("privacy_notice") or {},
        thank_you=definition.get("thank_you") or {},
        default_locale=definition.get("default_locale", "en"),
        locales=list(definition.get("locales") or [definition.get("default_locale", "en")]),
        response_policy=definition.get("response_policy", "open"),
        status=definition.get("status", "draft"),
        opens_at=definition.get("opens_at"),
        closes_at=definition.get("closes_at"),
    )
    session.add(survey)
    position = 0
    for s_index, sdef in enumerate(definition.get("sections") or []):
        section = Section(
            position=s_index, title=sdef.get("title") or {}, intro=sdef.get("intro") or {},
            condition=sdef.get("condition"),
        )
        survey.sections.append(section)
        for qdef in sdef.get("questions") or []:
            question = Question(
                key=qdef["key"], type=qdef["type"], label=qdef.get("label") or {}, help=qdef.get("help") or {},
                required=bool(qdef.get("required", False)), settings=dict(qdef.get("settings") or {}),
                condition=qdef.get("condition"), position=position,
            )
            position += 1
            for c_index, cdef in enumerate(qdef.get("choices") or []):
                question.choices.append(Choice(code=cdef["code"], label=cdef.get("label") or {}, position=c_index))
            section.questions.append(question)
            survey.questions.append(question)
    session.flush()
    return survey


def check_definition(definition: dict[str, Any]) -> None:
    slug = definition.get("slug", "")
    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,79}", slug):
        raise DefinitionError(f"slug {slug!r}: use 2-80 lowercase letters, digits and dashes")
    if definition.get("response_policy", "open") not in RESPONSE_POLICIES:
        raise DefinitionError("response_policy must be open or invite")
    if definition.get("status", "draft") not in STATUSES:
        raise DefinitionError("status must be draft, open or closed")
    seen: set[str] = set()
    for sdef in definition.get("sections") or []:
        for qdef in sdef.get("questions") or []:
            key = qdef.get("key", "")
            if not KEY_PATTERN.match(key or ""):
                raise DefinitionError(f"question key {key!r}: use lowercase letters, digits and underscores")
            if key in seen:
                raise DefinitionError(f"question key {key!r} is used twice")
            if qdef.get("type") not in QUESTION_TYPES:
                raise DefinitionError(f"question {key}: unknown type {qdef.get('type')!r}")
            cond = qdef.get("condition") or sdef.get("condition")
            if cond and cond.get("question") not in seen:
                raise DefinitionError(f"question {key}: its condition must name an earlier question")
            codes = [c.get("code") for c in qdef.get("choices") or []]
            if len(set(codes)) != len(codes):
                raise DefinitionError(f"question {key}: choice codes must be unique")
            seen.add(key)


def dump_survey(survey: Survey) -> dict[str, Any]:
    """The definition of an existing survey (its active questions), e.g. to copy it."""
    return {
        "slug": survey.slug, "title": survey.title, "intro": survey.intro,
        "privacy_notice": survey.privacy_notice, "thank_you": survey.thank_you,
        "default_locale": survey.default_locale, "locales": survey.locales,
        "response_policy": survey.response_policy, "status": survey.status,
        "sections": [
            {
                "title": s.title, "intro": s.intro, "condition": s.condition,
                "questions": [
                    {
                        "key": q.key, "type": q.type, "label": q.label, "help": q.help, "required": q.required,
                        "settings": q.settings, "condition": q.condition,
                        "choices": [{"code": c.code, "label": c.label} for c in q.active_choices],
                    }
                    for q in s.active_questions
                ],
            }
            for s in survey.sections
        ],
    }
