"""Consultations: a set of design topics, each with a plain-language briefing linked to survey questions."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.models.base import Base, utcnow

CONSULTATION_STATUSES = ("draft", "open", "closed")


class Consultation(Base):
    """A structured set of design questions with briefing material, asked through one survey."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(default=dict)
    intro: Mapped[dict[str, str]] = mapped_column(default=dict)
    survey_id: Mapped[int | None] = mapped_column(sa.ForeignKey("surveys.id", ondelete="SET NULL"), index=True)
    #: The open-text question that comment cards from listening sessions answer.
    card_question_key: Mapped[str] = mapped_column(sa.String(60), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    default_locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    locales: Mapped[list[str]] = mapped_column(default=list)
    #: Which ready-made template it was copied from, if any (for the organizer's information).
    template: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    topics: Mapped[list[ConsultationTopic]] = relationship(
        back_populates="consultation", order_by="ConsultationTopic.position", cascade="all, delete-orphan"
    )
    survey = relationship("Survey")

    @property
    def offered_locales(self) -> list[str]:
        locales = list(self.locales or [])
        if self.default_locale not in locales:
            locales.insert(0, self.default_locale)
        return locales

    @property
    def is_public(self) -> bool:
        return self.status in ("open", "closed")


class ConsultationTopic(Base):
    """One design question: what the choice is, the options with their trade-offs, the questions that ask it.

    `options` is a list of {"code": str, "label": {loc: str}, "tradeoffs": {loc: str}}; tallies at
    listening sessions are counted per option code.
    """

    __tablename__ = "consultation_topics"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "key", name="uq_consultation_topics_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[dict[str, str]] = mapped_column(default=dict)
    briefing: Mapped[dict[str, str]] = mapped_column(default=dict)
    options: Mapped[list[Any]] = mapped_column(default=list)
    question_keys: Mapped[list[str]] = mapped_column(default=list)
    #: Minutes to spend on this topic at a listening session (the agenda adds them up).
    minutes: Mapped[int] = mapped_column(default=10)

    consultation: Mapped[Consultation] = relationship(back_populates="topics")

    def option_codes(self) -> list[str]:
        return [o.get("code", "") for o in self.options or []]
