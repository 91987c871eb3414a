"""Council reports: the analyst's draft (settings, reviewed theme tags, approved quotes) and its frozen versions."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.models.base import Base, utcnow
from engage.models.survey import Survey

QUOTE_STATUSES = ("", "approved", "rejected")


class Report(Base):
    """A report an analyst builds from one survey; publishing freezes a new ReportVersion.

    `settings` holds the analyst's choices (segments, population shares, codebook, suppression
    threshold); `analysis` holds what the last tagging run suggested (quote candidates, emerging
    themes), so review pages never re-run the tagger.
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    title: Mapped[dict[str, str]] = mapped_column(default=dict)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    analysis: Mapped[dict[str, Any]] = mapped_column(default=dict)
    analysed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    survey: Mapped[Survey] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", order_by="ReportVersion.number", cascade="all, delete-orphan"
    )

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions[-1] if self.versions else None

    def setting(self, name: str, default: Any = None) -> Any:
        return (self.settings or {}).get(name, default)


class ReportComment(Base):
    """One open-text answer under review: redacted text, the machine's themes and the analyst's."""

    __tablename__ = "report_comments"
    __table_args__ = (sa.UniqueConstraint("report_id", "answer_id", "part", name="uq_report_comments_answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int] = mapped_column(sa.ForeignKey("answers.id", ondelete="CASCADE"))
    #: "text" for an open question's answer, "other" for the words after "Other, please specify".
    part: Mapped[str] = mapped_column(sa.String(10), default="text")
    question_key: Mapped[str] = mapped_column(sa.String(60))
    language: Mapped[str] = mapped_column(sa.String(10), default="en")
    #: Already redacted: the raw answer never leaves the answers table.
    text: Mapped[str] = mapped_column(sa.Text, default="")
    machine_themes: Mapped[list[str]] = mapped_column(default=list)
    analyst_themes: Mapped[list[str] | None] = mapped_column(sa.JSON, default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: {"available", "label", "compound"} from the engine, computed once when tagged.
    sentiment: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, default=None)
    #: Machine theme id -> the part of a long answer that theme was found in (None: read whole).
    passages: Mapped[dict[str, str] | None] = mapped_column(sa.JSON, default=None)
    quote_status: Mapped[str] = mapped_column(sa.String(10), default="")
    #: An organizer's translation of an approved quote into the report's default language.
    translation: Mapped[str | None] = mapped_column(sa.Text, default=None)

    @property
    def found_in(self) -> list[tuple[str, str]]:
        """(machine theme, the part of this long answer it was found in), in the answer's order."""
        return sorted((self.passages or {}).items(), key=lambda item: (self.text.find(item[1]), item[0]))

    def around(self, theme_id: str) -> tuple[str, str, str] | None:
        """(before, part, after): this long answer's text around the part ``theme_id`` was found in,
        or None (read whole, or the part is no longer in the text)."""
        part = (self.passages or {}).get(theme_id)
        start = self.text.find(part) if part else -1
        if start < 0:
            return None
        return self.text[:start], part, self.text[start + len(part):]

    @property
    def themes(self) -> list[str]:
        """The themes the report uses: the analyst's where reviewed, else the machine's."""
        return list(self.analyst_themes) if self.analyst_themes is not None else list(self.machine_themes or [])


class ReportVersion(Base):
    """A published, frozen report: the exact data behind it never changes; republishing adds a version."""

    __tablename__ = "report_versions"
    __table_args__ = (sa.UniqueConstraint("report_id", "number", name="uq_report_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    report: Mapped[Report] = relationship(back_populates="versions")
