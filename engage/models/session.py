"""Listening sessions: in-person meetings, their registrations, notes, tallies and paper codes.

Nothing here identifies a resident: registrations hold a name or nickname only, and attendance
and demographics are aggregate counts.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.models.base import Base, utcnow

TALLY_METHODS = ("hands", "dots")


class ListeningSession(Base):
    __tablename__ = "listening_sessions"
    __table_args__ = (sa.Index("ix_listening_sessions_starts_at", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    title: Mapped[dict[str, str]] = mapped_column(default=dict)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    #: IANA time zone the organizer scheduled in; times are stored in UTC and shown in this zone.
    timezone: Mapped[str] = mapped_column(sa.String(60), default="UTC")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    accessibility: Mapped[dict[str, str]] = mapped_column(default=dict)
    languages: Mapped[list[str]] = mapped_column(default=list)
    interpretation: Mapped[dict[str, str]] = mapped_column(default=dict)
    host_organization: Mapped[str] = mapped_column(sa.String(200), default="")
    facilitator: Mapped[str] = mapped_column(sa.String(120), default="")
    registration_open: Mapped[bool] = mapped_column(default=True)
    cancelled: Mapped[bool] = mapped_column(default=False)
    attendance: Mapped[int | None] = mapped_column(default=None)
    #: Aggregate counts only: {segment: {choice code: count}}; never one row per person.
    demographics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    registrations: Mapped[list[SessionRegistration]] = relationship(
        back_populates="listening_session", cascade="all, delete-orphan", order_by="SessionRegistration.id"
    )
    notes: Mapped[list[SessionNote]] = relationship(back_populates="listening_session", cascade="all, delete-orphan")
    tallies: Mapped[list[SessionTally]] = relationship(back_populates="listening_session", cascade="all, delete-orphan")

    @property
    def offered_locales(self) -> list[str]:
        return list(self.languages or []) or ["en"]

    def is_upcoming(self, now: datetime | None = None) -> bool:
        return not self.cancelled and self.ends_at >= (now or utcnow())


class SessionRegistration(Base):
    """Someone says they are coming: a name or nickname, nothing else."""

    __tablename__ = "session_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("listening_sessions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    listening_session: Mapped[ListeningSession] = relationship(back_populates="registrations")


class SessionNote(Base):
    """The facilitator's notes on one topic of the consultation."""

    __tablename__ = "session_notes"
    __table_args__ = (sa.UniqueConstraint("session_id", "topic_id", name="uq_session_notes_topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("listening_sessions.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation_topics.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    listening_session: Mapped[ListeningSession] = relationship(back_populates="notes")


class SessionTally(Base):
    """A show of hands or a dot vote: how many people in the room chose one option of a topic."""

    __tablename__ = "session_tallies"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "topic_id", "option_code", "method", name="uq_session_tallies_option"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("listening_sessions.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation_topics.id", ondelete="CASCADE"), index=True)
    option_code: Mapped[str] = mapped_column(sa.String(60))
    method: Mapped[str] = mapped_column(sa.String(10), default="hands")
    count: Mapped[int] = mapped_column(default=0)

    listening_session: Mapped[ListeningSession] = relationship(back_populates="tallies")


class PaperCode(Base):
    """The single-use code printed on one paper form. Spent when the sheet is typed in.

    Stored in clear (unlike invite codes): it grants nothing to a resident, and the kit must be
    reprintable with the same codes.
    """

    __tablename__ = "paper_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("listening_sessions.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class PaperCheck(Base):
    """A second, independent typing of a sheet already entered, to measure data-entry errors."""

    __tablename__ = "paper_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_code_id: Mapped[int] = mapped_column(sa.ForeignKey("paper_codes.id", ondelete="CASCADE"), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    paper_code: Mapped[PaperCode] = relationship()
