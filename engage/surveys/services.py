"""Residents' answering: drafts, resume codes, invite codes and the one transaction that stores a response.

Flask-free: callers pass the SQLAlchemy session and the secret; only routes commit.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from engage.models import Answer, Draft, InviteCode, Question, Response, Section, Survey, utcnow
from engage.surveys import codes
from engage.surveys.logic import missing_required, prune, segments_from


class InviteError(Exception):
    """The invite code is unknown or already used."""


@dataclass
class Submission:
    response: Response
    duplicate: bool  # True when this exact form had already been stored (double click, back button)


def find_survey(session: Session, slug: str) -> Survey | None:
    """The survey with its pages, questions and choices loaded in four queries (not one per question)."""
    return session.scalar(
        sa.select(Survey).where(Survey.slug == slug).options(
            selectinload(Survey.sections).selectinload(Section.questions).selectinload(Question.choices),
            selectinload(Survey.questions).selectinload(Question.choices),
        )
    )


def start_draft(session: Session, survey: Survey, locale: str, invite: InviteCode | None = None) -> Draft:
    draft = Draft(
        survey_id=survey.id, token=secrets.token_urlsafe(24), locale=locale,
        invite_code_id=invite.id if invite else None, answers={},
    )
    session.add(draft)
    session.flush()
    return draft


def listening_session_for(session: Session, survey: Survey, raw: str | None) -> int | None:
    """The listening session a resident came from (a poster's QR code adds ?session=<id>), if it is real."""
    from engage.models.session import ListeningSession

    if not raw or not raw.isdigit() or len(raw) > 9:
        return None
    found = session.get(ListeningSession, int(raw))
    return found.id if found is not None else None


def find_draft(session: Session, survey: Survey, token: str | None) -> Draft | None:
    if not token:
        return None
    return session.scalar(sa.select(Draft).where(Draft.survey_id == survey.id, Draft.token == token))


def save_answers(draft: Draft, survey: Survey, page_answers: dict[str, Any], page_keys: list[str], page: int) -> None:
    """Merge one page's answers into the draft; a cleared field on the page clears the stored answer."""
    merged = {k: v for k, v in (draft.answers or {}).items() if k not in page_keys}
    merged.update({k: v for k, v in page_answers.items() if v not in (None, "", [])})
    draft.answers = merged
    draft.page = page


def issue_resume_code(draft: Draft, secret: str) -> str:
    code = codes.new_code()
    draft.resume_code_hash = codes.code_hash(secret, "resume", code)
    return code


def resume(session: Session, survey: Survey, code: str, secret: str) -> Draft | None:
    """Find the draft for a resume code and spend the code: each code resumes once."""
    draft = session.scalar(
        sa.select(Draft).where(
            Draft.survey_id == survey.id, Draft.resume_code_hash == codes.code_hash(secret, "resume", code)
        )
    )
    if draft is not None:
        draft.resume_code_hash = None
        draft.token = secrets.token_urlsafe(24)
    return draft


def find_invite(session: Session, survey: Survey, code: str, secret: str) -> InviteCode:
    invite = session.scalar(
        sa.select(InviteCode).where(
            InviteCode.survey_id == survey.id, InviteCode.code_hash == codes.code_hash(secret, "invite", code)
        )
    )
    if invite is None or invite.used_at is not None:
        raise InviteError(code)
    return invite


def generate_invite_codes(session: Session, survey: Survey, count: int, batch: str, secret: str) -> list[str]:
    """Make `count` new single-use codes; the plain codes are returned once, for printing, never stored."""
    made: list[str] = []
    while len(made) < count:
        code = codes.new_code()
        if code in made:
            continue
        session.add(InviteCode(survey_id=survey.id, code_hash=codes.code_hash(secret, "invite", code), batch=batch))
        made.append(code)
    session.flush()
    return made


def find_response_by_token(session: Session, token: str) -> Response | None:
    return session.scalar(sa.select(Response).where(Response.submission_token == token))


def submit(
    session: Session, survey: Survey, draft: Draft, *, channel: str = "web", repeat_browser: bool = False,
    listening_session_id: int | None = None,
) -> Submission:
    """Store the draft as one complete response with its answers, in one transaction, exactly once.

    The draft token is the response's unique submission token: a second post of the same form
    finds the stored response instead of writing another. The caller commits.
    """
    with session.no_autoflush:  # the draft is about to be deleted: no point writing its last page first
        existing = find_response_by_token(session, draft.token)
    if existing is not None:
        return Submission(existing, duplicate=True)
    answers = prune(survey, draft.answers or {})
    missing = missing_required(survey, answers)
    if missing:
        raise ValueError(f"required questions unanswered: {[q.key for q in missing]}")
    if draft.invite_code_id is not None:
        spent = session.execute(
            sa.update(InviteCode)
            .where(InviteCode.id == draft.invite_code_id, InviteCode.used_at.is_(None))
            .values(used_at=utcnow())
        )
        if spent.rowcount != 1:
            raise InviteError("used")
    session.delete(draft)
    try:
        response = store_response(
            session, survey, answers, submission_token=draft.token, channel=channel, locale=draft.locale,
            started_at=draft.created_at, repeat_browser=repeat_browser, invite_code_id=draft.invite_code_id,
            listening_session_id=listening_session_id,
        )
    except (IntegrityError, StaleDataError):
        # Another request stored this same form a moment ago: report that one.
        session.rollback()
        existing = find_response_by_token(session, draft.token)
        if existing is None:
            raise
        return Submission(existing, duplicate=True)
    return Submission(response, duplicate=False)


def store_response(session: Session, survey: Survey, answers: dict[str, Any], **fields: Any) -> Response:
    """Add one complete response with its (already checked and pruned) answers, and flush.

    The one way every channel stores a response: web submissions, paper forms and comment cards.
    A unique token or code already used raises IntegrityError from the flush; the caller decides.
    """
    fields.setdefault("submission_token", secrets.token_urlsafe(24))
    response = Response(
        survey_id=survey.id, receipt_code=codes.new_code(), submitted_at=utcnow(),
        segments=segments_from(survey, answers), **fields,
    )
    session.add(response)
    session.flush()
    by_key = {q.key: q for q in survey.active_questions}
    # One executemany for all answers (the ORM would send one INSERT ... RETURNING per answer).
    rows = [
        {"response_id": response.id, "question_id": by_key[key].id, "value": value,
         "other_text": answers.get(f"{key}__other") or None}
        for key, value in answers.items() if not key.endswith("__other")
    ]
    if rows:
        session.execute(sa.insert(Answer), rows)
    return response
