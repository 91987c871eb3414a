"""Consultations: copy a ready-made template, link its topics to survey questions, list what is public.

Flask-free: callers pass the SQLAlchemy session; helpers only flush, routes commit.
"""
from __future__ import annotations

import copy
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.consultations.starter import TEMPLATES
from engage.models import Consultation, ConsultationTopic, Question, Survey

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


def find_consultation(session: Session, slug: str) -> Consultation | None:
    return session.scalar(sa.select(Consultation).where(Consultation.slug == slug))


def public_consultations(session: Session) -> list[Consultation]:
    return list(session.scalars(
        sa.select(Consultation).where(Consultation.status == "open").order_by(Consultation.created_at.desc())
    ))


def all_consultations(session: Session) -> list[Consultation]:
    return list(session.scalars(sa.select(Consultation).order_by(Consultation.created_at.desc())))


def slug_taken(session: Session, slug: str) -> bool:
    return session.scalar(sa.select(Consultation.id).where(Consultation.slug == slug)) is not None


def create_consultation(
    session: Session, *, slug: str, survey: Survey | None, template_key: str | None = None,
    title: dict[str, str] | None = None, status: str = "draft",
) -> Consultation:
    """A new consultation, with the template's topics copied in (so edits never touch the template)."""
    template = copy.deepcopy(TEMPLATES.get(template_key or "", {}))
    locales = list(survey.offered_locales) if survey else ["en", "es", "ar"]
    consultation = Consultation(
        slug=slug, title=title or template.get("title") or {}, intro=template.get("intro") or {},
        survey_id=survey.id if survey else None, card_question_key=template.get("card_question_key", ""),
        status=status, default_locale=survey.default_locale if survey else "en", locales=locales,
        template=template_key or "",
    )
    available = {q.key for q in survey.active_questions} if survey else set()
    for position, topic in enumerate(template.get("topics") or []):
        consultation.topics.append(ConsultationTopic(
            position=position, key=topic["key"], title=topic["title"], briefing=topic["briefing"],
            options=topic.get("options") or [], minutes=int(topic.get("minutes", 10)),
            # Keep only the links this survey can honour; the organizer adds others when adapting.
            question_keys=[k for k in topic.get("question_keys") or [] if not survey or k in available],
        ))
    session.add(consultation)
    session.flush()
    return consultation


def add_topic(session: Session, consultation: Consultation, key: str, title: dict[str, str]) -> ConsultationTopic:
    topic = ConsultationTopic(key=key, title=title, position=len(consultation.topics), briefing={}, options=[],
                              question_keys=[])
    consultation.topics.append(topic)
    session.flush()
    return topic


def topic_questions(consultation: Consultation, topic: ConsultationTopic) -> list[Question]:
    """The survey questions a topic links to, in the survey's order; unknown keys are skipped."""
    survey = consultation.survey
    if survey is None:
        return []
    wanted = set(topic.question_keys or [])
    return [q for q in survey.active_questions if q.key in wanted]


def unknown_question_keys(consultation: Consultation, keys: list[str]) -> list[str]:
    survey = consultation.survey
    known = {q.key for q in survey.active_questions} if survey else set()
    return [k for k in keys if k not in known]


def update_topic(topic: ConsultationTopic, *, title: dict[str, str], briefing: dict[str, str], minutes: int,
                 question_keys: list[str], options: list[dict[str, Any]]) -> None:
    topic.title = title
    topic.briefing = briefing
    topic.minutes = minutes
    topic.question_keys = question_keys
    topic.options = options


def agenda(consultation: Consultation, start_minutes: int = 10) -> list[dict[str, Any]]:
    """Welcome, then each topic with its minute offset, then wrap-up: the facilitator's running order."""
    items: list[dict[str, Any]] = []
    clock = start_minutes
    for topic in consultation.topics:
        items.append({"topic": topic, "at": clock, "minutes": topic.minutes})
        clock += topic.minutes
    return items
