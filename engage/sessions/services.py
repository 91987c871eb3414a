"""Listening sessions, paper forms and comment cards: scheduling, capture and the one dataset they feed.

Flask-free: callers pass the SQLAlchemy session; helpers only flush, routes commit. Paper forms and
comment cards land in the same Response/Answer tables as web answers, with their channel.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engage.models import (
    CHANNELS,
    Answer,
    Consultation,
    ConsultationTopic,
    ListeningSession,
    PaperCheck,
    PaperCode,
    Question,
    Response,
    SessionNote,
    SessionRegistration,
    SessionTally,
    Survey,
    utcnow,
)
from engage.models.session import TALLY_METHODS
from engage.sessions.calendar import CalendarEvent, build_calendar
from engage.surveys import codes
from engage.surveys.logic import prune
from engage.surveys.services import store_response


class PaperCodeError(Exception):
    """A paper code that cannot be used: `reason` is unknown, spent, other_session, not_entered or checked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- scheduling --------------------------------------------------------------------------------

def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_times(day: date, start: time, end: time, tz_name: str) -> tuple[datetime, datetime]:
    """Local wall-clock times → aware UTC datetimes; an end before the start means past midnight."""
    tz = zone(tz_name)
    starts = datetime.combine(day, start, tzinfo=tz)
    ends = datetime.combine(day, end, tzinfo=tz)
    if ends <= starts:
        ends += timedelta(days=1)
    return starts, ends


def local(ls: ListeningSession, value: datetime) -> datetime:
    return value.astimezone(zone(ls.timezone))


def upcoming_sessions(session: Session, *, consultation_id: int | None = None, now: datetime | None = None,
                      limit: int | None = None) -> list[ListeningSession]:
    """Sessions residents can still go to: not cancelled, not over, on a public consultation."""
    query = (
        sa.select(ListeningSession)
        .join(Consultation, Consultation.id == ListeningSession.consultation_id)
        .where(ListeningSession.ends_at >= (now or utcnow()), ListeningSession.cancelled.is_(False),
               Consultation.status == "open")
        .order_by(ListeningSession.starts_at)
    )
    if consultation_id is not None:
        query = query.where(ListeningSession.consultation_id == consultation_id)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def public_session(session: Session, session_id: int) -> ListeningSession | None:
    ls = session.get(ListeningSession, session_id)
    if ls is None or ls.consultation is None or not ls.consultation.is_public:
        return None
    return ls


def register(session: Session, ls: ListeningSession, name: str) -> SessionRegistration:
    registration = SessionRegistration(session_id=ls.id, name=name.strip()[:80])
    session.add(registration)
    session.flush()
    return registration


def calendar_file(ls: ListeningSession, *, title: str, description: str, url: str, host: str) -> str:
    location = ", ".join(part for part in (ls.place, ls.address) if part)
    event = CalendarEvent(
        uid=f"listening-session-{ls.id}@{host}", starts_at=ls.starts_at, ends_at=ls.ends_at, summary=title,
        location=location, description=description, url=url, stamp=ls.updated_at or ls.created_at,
        cancelled=ls.cancelled,
    )
    return build_calendar([event])


# --- paper codes -------------------------------------------------------------------------------

def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def issue_paper_codes(session: Session, ls: ListeningSession, survey: Survey, counts: dict[str, int]) -> list[PaperCode]:
    """Make new single-use codes, `counts[locale]` of them per language, for the kit's paper forms."""
    made: list[PaperCode] = []
    wanted = sum(max(0, n) for n in counts.values())
    taken = set(session.scalars(sa.select(PaperCode.code)))
    for locale, count in counts.items():
        for _ in range(max(0, count)):
            code = codes.normalize(codes.new_code())
            while code in taken:
                code = codes.normalize(codes.new_code())
            taken.add(code)
            paper = PaperCode(survey_id=survey.id, session_id=ls.id, code=code, locale=locale)
            session.add(paper)
            made.append(paper)
    session.flush()
    assert len(made) == wanted
    return made


def session_paper_codes(session: Session, ls: ListeningSession, *, unused_only: bool = False) -> list[PaperCode]:
    query = sa.select(PaperCode).where(PaperCode.session_id == ls.id).order_by(PaperCode.locale, PaperCode.id)
    if unused_only:
        query = query.where(PaperCode.used_at.is_(None))
    return list(session.scalars(query))


def find_paper_code(session: Session, ls: ListeningSession, typed: str, *, for_check: bool = False) -> PaperCode:
    """The code typed from a sheet, or a PaperCodeError saying why it cannot be entered."""
    normal = codes.normalize(typed)
    paper = session.scalar(sa.select(PaperCode).where(PaperCode.code == normal)) if normal else None
    if paper is None or paper.survey_id != ls.consultation.survey_id:
        raise PaperCodeError("unknown")
    if paper.session_id != ls.id:
        raise PaperCodeError("other_session")
    if for_check:
        if paper.used_at is None:
            raise PaperCodeError("not_entered")
        if session.scalar(sa.select(PaperCheck.id).where(PaperCheck.paper_code_id == paper.id)) is not None:
            raise PaperCodeError("checked")
    elif paper.used_at is not None:
        raise PaperCodeError("spent")
    return paper


# --- storing responses from paper and cards ----------------------------------------------------

def record_response(
    session: Session, survey: Survey, answers: dict[str, Any], *, channel: str, locale: str,
    listening_session_id: int | None = None, paper_code: PaperCode | None = None,
) -> Response:
    """Store typed-in answers as one complete response, the way `surveys.services.submit` stores a web one.

    Paper and cards carry only what the resident wrote, so required questions left blank stay blank;
    every answer given has passed the same checks as on the web. A paper code is spent in the same
    transaction, with a guarded UPDATE so two people typing the same sheet cannot both store it.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    kept = prune(survey, answers)
    if paper_code is not None:
        spent = session.execute(
            sa.update(PaperCode).where(PaperCode.id == paper_code.id, PaperCode.used_at.is_(None))
            .values(used_at=utcnow()).execution_options(synchronize_session=False)
        )
        if spent.rowcount != 1:
            raise PaperCodeError("spent")
    try:
        response = store_response(
            session, survey, kept, channel=channel, locale=locale, listening_session_id=listening_session_id,
            paper_code_id=paper_code.id if paper_code is not None else None,
        )
    except IntegrityError as error:
        session.rollback()
        raise PaperCodeError("spent") from error
    if paper_code is not None:
        session.refresh(paper_code)
    return response


def card_question(consultation: Consultation, survey: Survey) -> Question | None:
    """The open-text question comment cards answer: the consultation's choice, else the first open-text one."""
    if consultation.card_question_key:
        chosen = survey.question_by_key(consultation.card_question_key)
        if chosen is not None and chosen.type in ("short_text", "long_text"):
            return chosen
    unconditional = [q for q in survey.active_questions if q.type in ("long_text", "short_text") and not q.condition]
    return unconditional[0] if unconditional else None


def record_card(session: Session, ls: ListeningSession, survey: Survey, question: Question, text: str, locale: str) -> Response:
    return record_response(
        session, survey, {question.key: text}, channel="session", locale=locale, listening_session_id=ls.id,
    )


def session_cards(session: Session, ls: ListeningSession, question: Question | None) -> list[dict[str, Any]]:
    if question is None:
        return []
    rows = session.execute(
        sa.select(Response.id, Response.locale, Response.submitted_at, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.listening_session_id == ls.id, Response.channel == "session", Answer.question_id == question.id)
        .order_by(Response.id.desc())
    ).all()
    return [{"id": r.id, "locale": r.locale, "at": r.submitted_at, "text": r.value} for r in rows]


def delete_card(session: Session, ls: ListeningSession, response_id: int) -> bool:
    response = session.get(Response, response_id)
    if response is None or response.listening_session_id != ls.id or response.channel != "session":
        return False
    session.delete(response)
    session.flush()
    return True


# --- notes, tallies, attendance ----------------------------------------------------------------

def notes_by_topic(ls: ListeningSession) -> dict[int, str]:
    return {n.topic_id: n.text for n in ls.notes}


def save_notes(session: Session, ls: ListeningSession, texts: dict[int, str]) -> None:
    existing = {n.topic_id: n for n in ls.notes}
    for topic_id, text in texts.items():
        text = (text or "").strip()
        if topic_id in existing:
            existing[topic_id].text = text
        elif text:
            ls.notes.append(SessionNote(topic_id=topic_id, text=text))
    session.flush()


def tallies_by_key(ls: ListeningSession) -> dict[tuple[int, str, str], int]:
    return {(t.topic_id, t.option_code, t.method): t.count for t in ls.tallies}


def save_tallies(session: Session, ls: ListeningSession, counts: dict[tuple[int, str, str], int | None]) -> None:
    """Set counts per (topic, option, method); an emptied box removes the count."""
    existing = {(t.topic_id, t.option_code, t.method): t for t in ls.tallies}
    for key, count in counts.items():
        topic_id, code, method = key
        if method not in TALLY_METHODS:
            raise ValueError(method)
        row = existing.get(key)
        if count is None:
            if row is not None:
                ls.tallies.remove(row)
            continue
        if row is None:
            ls.tallies.append(SessionTally(topic_id=topic_id, option_code=code, method=method, count=count))
        else:
            row.count = count
    session.flush()


def demographic_questions(survey: Survey) -> list[Question]:
    return [q for q in survey.active_questions if q.type == "demographic" and q.segment]


def save_attendance(ls: ListeningSession, attendance: int | None, demographics: dict[str, dict[str, int]]) -> None:
    ls.attendance = attendance
    ls.demographics = {seg: {code: n for code, n in counts.items() if n} for seg, counts in demographics.items()
                       if any(counts.values())}


# --- double entry ------------------------------------------------------------------------------

def record_check(session: Session, paper: PaperCode, survey: Survey, answers: dict[str, Any]) -> PaperCheck:
    check = PaperCheck(paper_code_id=paper.id, answers=prune(survey, answers))
    session.add(check)
    session.flush()
    return check


def suggested_checks(session: Session, ls: ListeningSession, share: float = 0.1, minimum: int = 5) -> list[str]:
    """A random sample of entered sheets (10%, at least 5) not yet checked, stable for a session."""
    entered = [p for p in session_paper_codes(session, ls) if p.used_at is not None]
    checked = set(session.scalars(
        sa.select(PaperCheck.paper_code_id).join(PaperCode).where(PaperCode.session_id == ls.id)
    ))
    size = min(len(entered), max(minimum, round(len(entered) * share)))
    sample = random.Random(ls.id).sample(entered, size) if entered else []
    return [display_code(p.code) for p in sample if p.id not in checked]


@dataclass
class Discrepancy:
    code: str
    question_key: str
    first: Any
    second: Any


@dataclass
class CheckReport:
    sheets_checked: int = 0
    sheets_with_differences: int = 0
    answers_compared: int = 0
    answers_different: int = 0
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def answer_error_rate(self) -> float:
        return self.answers_different / self.answers_compared if self.answers_compared else 0.0


def check_report(session: Session, ls: ListeningSession) -> CheckReport:
    """Compare each second entry with the stored first entry of the same sheet, answer by answer."""
    report = CheckReport()
    rows = session.execute(
        sa.select(PaperCheck, PaperCode, Response)
        .join(PaperCode, PaperCode.id == PaperCheck.paper_code_id)
        .join(Response, Response.paper_code_id == PaperCode.id)
        .where(PaperCode.session_id == ls.id).order_by(PaperCode.code)
    ).all()
    keys = {q.id: q.key for q in ls.consultation.survey.questions} if ls.consultation.survey else {}
    for check, paper, response in rows:
        first: dict[str, Any] = {}
        for answer in response.answers:
            key = keys.get(answer.question_id, str(answer.question_id))
            first[key] = answer.value
            if answer.other_text:
                first[f"{key}__other"] = answer.other_text
        second = check.answers or {}
        report.sheets_checked += 1
        differing = 0
        for key in sorted(set(first) | set(second)):
            report.answers_compared += 1
            if _normal(first.get(key)) != _normal(second.get(key)):
                differing += 1
                report.discrepancies.append(Discrepancy(display_code(paper.code), key, first.get(key), second.get(key)))
        report.answers_different += differing
        report.sheets_with_differences += 1 if differing else 0
    return report


def _normal(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- summaries for organizers and the council report --------------------------------------------

def channel_counts(session: Session, survey_id: int) -> dict[str, int]:
    counts = dict(session.execute(
        sa.select(Response.channel, sa.func.count()).where(Response.survey_id == survey_id).group_by(Response.channel)
    ).all())
    return {channel: int(counts.get(channel, 0)) for channel in CHANNELS}


def channel_totals(session: Session, survey_id: int) -> dict[str, Any]:
    """How many took part each way, as plain data: responses per channel plus people in the room.

    {"web": n, "paper": n, "session": n, "phone": n, "responses": n, "repeat_browser": n,
     "listening_sessions": n held, "session_attendance": n counted in the room, "registrations": n}
    """
    totals: dict[str, Any] = channel_counts(session, survey_id)
    totals["responses"] = sum(totals[c] for c in CHANNELS)
    totals["repeat_browser"] = int(session.scalar(
        sa.select(sa.func.count()).select_from(Response)
        .where(Response.survey_id == survey_id, Response.repeat_browser.is_(True))
    ) or 0)
    held = _survey_sessions(session, survey_id)
    totals["listening_sessions"] = sum(1 for ls in held if ls.attendance is not None)
    totals["session_attendance"] = sum(ls.attendance or 0 for ls in held)
    totals["registrations"] = int(session.scalar(
        sa.select(sa.func.count()).select_from(SessionRegistration)
        .where(SessionRegistration.session_id.in_([ls.id for ls in held] or [-1]))
    ) or 0)
    return totals


def _survey_sessions(session: Session, survey_id: int) -> list[ListeningSession]:
    return list(session.scalars(
        sa.select(ListeningSession).join(Consultation, Consultation.id == ListeningSession.consultation_id)
        .where(Consultation.survey_id == survey_id).order_by(ListeningSession.starts_at)
    ))


def session_summary(session: Session, ls: ListeningSession) -> dict[str, Any]:
    """One session as plain data: attendance, demographics, cards, paper forms, tallies and notes."""
    consultation = ls.consultation
    topics = {t.id: t for t in consultation.topics}
    by_channel = dict(session.execute(
        sa.select(Response.channel, sa.func.count()).where(Response.listening_session_id == ls.id)
        .group_by(Response.channel)
    ).all())
    cards_by_locale = dict(session.execute(
        sa.select(Response.locale, sa.func.count())
        .where(Response.listening_session_id == ls.id, Response.channel == "session").group_by(Response.locale)
    ).all())
    tallies: list[dict[str, Any]] = []
    counts = tallies_by_key(ls)
    for topic in consultation.topics:
        for option in topic.options or []:
            hands = counts.get((topic.id, option["code"], "hands"))
            dots = counts.get((topic.id, option["code"], "dots"))
            if hands is None and dots is None:
                continue
            tallies.append({
                "topic_key": topic.key, "topic_title": dict(topic.title), "option_code": option["code"],
                "option_label": dict(option.get("label") or {}), "hands": hands, "dots": dots,
            })
    notes = [
        {"topic_key": topics[n.topic_id].key, "topic_title": dict(topics[n.topic_id].title), "text": n.text}
        for n in sorted(ls.notes, key=lambda n: topics[n.topic_id].position if n.topic_id in topics else 0)
        if n.text and n.topic_id in topics
    ]
    return {
        "id": ls.id, "title": dict(ls.title), "starts_at": ls.starts_at.isoformat(), "ends_at": ls.ends_at.isoformat(),
        "timezone": ls.timezone, "place": ls.place, "languages": list(ls.languages or []),
        "host_organization": ls.host_organization, "facilitator": ls.facilitator, "cancelled": ls.cancelled,
        "attendance": ls.attendance, "demographics": dict(ls.demographics or {}),
        "registrations": len(ls.registrations),
        "cards": int(by_channel.get("session", 0)), "cards_by_locale": {k: int(v) for k, v in cards_by_locale.items()},
        "paper_forms": int(by_channel.get("paper", 0)),
        "tallies": tallies, "notes": notes,
    }


def session_summaries(session: Session, survey_id: int) -> list[dict[str, Any]]:
    """Every listening session of the consultations that use this survey, for the council report."""
    return [session_summary(session, ls) for ls in _survey_sessions(session, survey_id)]


def tally_totals(session: Session, consultation: Consultation) -> dict[str, dict[str, dict[str, int]]]:
    """Tallies added up over all sessions: {topic key: {option code: {"hands": n, "dots": n}}}."""
    totals: dict[str, dict[str, dict[str, int]]] = {}
    topics = {t.id: t.key for t in consultation.topics}
    rows = session.execute(
        sa.select(SessionTally.topic_id, SessionTally.option_code, SessionTally.method, sa.func.sum(SessionTally.count))
        .join(ListeningSession, ListeningSession.id == SessionTally.session_id)
        .where(ListeningSession.consultation_id == consultation.id)
        .group_by(SessionTally.topic_id, SessionTally.option_code, SessionTally.method)
    ).all()
    for topic_id, code, method, count in rows:
        if topic_id in topics:
            totals.setdefault(topics[topic_id], {}).setdefault(code, Counter())[method] += int(count or 0)
    return {k: {c: dict(v) for c, v in opts.items()} for k, opts in totals.items()}


def topic_by_id(consultation: Consultation, topic_id: int) -> ConsultationTopic | None:
    return next((t for t in consultation.topics if t.id == topic_id), None)
