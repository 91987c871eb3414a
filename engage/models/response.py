"""Residents' responses: drafts while they answer, then one complete Response with its Answers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.models.base import Base, utcnow

CHANNELS = ("web", "paper", "session", "phone")


class Response(Base):
    """A complete response. Nothing identifying is stored: no IP address, no user agent, no name.

    `submission_token` is unique so that a form posted twice stores one response.
    """

    __tablename__ = "responses"
    __table_args__ = (sa.Index("ix_responses_survey_submitted", "survey_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"))
    receipt_code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    submission_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(10), default="web")
    locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A first-party cookie said this browser had already answered; analysts see it, nothing is blocked.
    repeat_browser: Mapped[bool] = mapped_column(default=False)
    invite_code_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invite_codes.id", ondelete="SET NULL"), unique=True
    )
    segments: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Paper forms and comment cards: the listening session they came from (sessions feature).
    listening_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("listening_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    #: The single-use code printed on the paper sheet this response was typed in from.
    paper_code_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("paper_codes.id", ondelete="SET NULL"), unique=True, default=None
    )

    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_id", name="uq_answers_response_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="RESTRICT"), index=True)
    value: Mapped[Any] = mapped_column(sa.JSON)
    #: The words after "Other, please specify"; analysis routes them into open-text themes.
    other_text: Mapped[str | None] = mapped_column(sa.Text, default=None)

    response: Mapped[Response] = relationship(back_populates="answers")


class Draft(Base):
    """Answers so far, page by page, before the resident submits. Resumable with a short code."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    resume_code_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    page: Mapped[int] = mapped_column(default=0)
    locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    invite_code_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invite_codes.id", ondelete="SET NULL"))
    #: An organizer trying the survey out: nothing is stored when it is submitted.
    preview: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
