"""Surveys, their sections (pages), questions, choices and invite codes."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.models.base import Base, utcnow

STATUSES = ("draft", "open", "closed")
RESPONSE_POLICIES = ("open", "invite")

QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "likert",
    "ranking",
    "short_text",
    "long_text",
    "number",
    "yes_no",
    "demographic",
)
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "ranking", "demographic"})

#: The segments a demographic question can feed; analysis breaks results down by these.
SEGMENTS = ("district", "age_band", "home_language", "race_ethnicity", "housing")

PREFER_NOT = "prefer_not"
DONT_KNOW = "dont_know"
OTHER = "other"


class SurveyStateError(Exception):
    """A lifecycle change that the survey's current state does not allow."""


class Survey(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(default=dict)
    intro: Mapped[dict[str, str]] = mapped_column(default=dict)
    privacy_notice: Mapped[dict[str, str]] = mapped_column(default=dict)
    thank_you: Mapped[dict[str, str]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    opens_at: Mapped[datetime | None] = mapped_column(default=None)
    closes_at: Mapped[datetime | None] = mapped_column(default=None)
    default_locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    locales: Mapped[list[str]] = mapped_column(default=list)
    response_policy: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    sections: Mapped[list[Section]] = relationship(
        back_populates="survey", order_by="Section.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", order_by="Question.position", cascade="all, delete-orphan",
        overlaps="section,questions",
    )

    # --- lifecycle -------------------------------------------------------------------------
    def state(self, now: datetime | None = None) -> str:
        """The state residents see: 'scheduled' and 'ended' come from the dates of an open survey."""
        now = now or utcnow()
        if self.status != "open":
            return self.status
        if self.opens_at and now < self.opens_at:
            return "scheduled"
        if self.closes_at and now >= self.closes_at:
            return "ended"
        return "open"

    def is_accepting(self, now: datetime | None = None) -> bool:
        return self.state(now) == "open"

    def open(self) -> None:
        if self.status == "open":
            raise SurveyStateError("already open")
        if not self.active_questions:
            raise SurveyStateError("no questions")
        self.status = "open"

    def close(self) -> None:
        if self.status != "open":
            raise SurveyStateError("not open")
        self.status = "closed"

    # --- structure -------------------------------------------------------------------------
    @property
    def offered_locales(self) -> list[str]:
        locales = list(self.locales or [])
        if self.default_locale not in locales:
            locales.insert(0, self.default_locale)
        return locales

    @property
    def active_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.retired]

    def pages(self) -> list[Section]:
        return list(self.sections)

    def question_by_key(self, key: str) -> Question | None:
        for q in self.active_questions:
            if q.key == key:
                return q
        return None


class Section(Base):
    """A page of a survey; it can be shown only when an earlier answer matches (its condition)."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[dict[str, str]] = mapped_column(default=dict)
    intro: Mapped[dict[str, str]] = mapped_column(default=dict)
    condition: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, default=None)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[Question]] = relationship(
        back_populates="section", order_by="Question.position", overlaps="questions,survey"
    )

    @property
    def active_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.retired]


class Question(Base):
    """One question. `key` is the stable code used in exports and analysis across versions.

    Once answers exist, only wording may change in place; anything that changes meaning makes a
    new version (a new row that `replaces` the retired one), so stored answers never change meaning.
    """

    __tablename__ = "questions"
    __table_args__ = (sa.Index("ix_questions_survey_key", "survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(sa.String(60))
    type: Mapped[str] = mapped_column(sa.String(20))
    label: Mapped[dict[str, str]] = mapped_column(default=dict)
    help: Mapped[dict[str, str]] = mapped_column(default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    condition: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, default=None)
    version: Mapped[int] = mapped_column(default=1)
    retired: Mapped[bool] = mapped_column(default=False)
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("questions.id", ondelete="SET NULL"))

    survey: Mapped[Survey] = relationship(back_populates="questions", overlaps="questions,section")
    section: Mapped[Section] = relationship(back_populates="questions", overlaps="questions,survey")
    choices: Mapped[list[Choice]] = relationship(
        back_populates="question", order_by="Choice.position", cascade="all, delete-orphan"
    )

    @property
    def active_choices(self) -> list[Choice]:
        return [c for c in self.choices if not c.retired]

    def setting(self, name: str, default: Any = None) -> Any:
        return (self.settings or {}).get(name, default)

    def choice_codes(self) -> list[str]:
        return [c.code for c in self.active_choices]

    @property
    def segment(self) -> str | None:
        return self.setting("segment") if self.type == "demographic" else None


class Choice(Base):
    __tablename__ = "choices"
    __table_args__ = (sa.UniqueConstraint("question_id", "code", name="uq_choices_question_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(sa.String(60))
    label: Mapped[dict[str, str]] = mapped_column(default=dict)
    retired: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(back_populates="choices")


class InviteCode(Base):
    """A single-use code an organizer prints; only its keyed hash is stored."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    batch: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)
