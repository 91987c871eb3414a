"""Seed the demo city: staff accounts, three surveys and thousands of synthetic responses.

Rows are written in bulk (an INSERT ... RETURNING for responses, one executemany for answers) so a
fresh `make run` is ready in seconds. Flushes only; the caller commits.
"""
from __future__ import annotations

import functools
import itertools
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.accounts.services import create_user
from engage.demo.community_responders import DEFINITION
from engage.demo.residents import Resident, answer_survey, draw_resident, pick
from engage.demo.small_surveys import PRIORITIES_LAST_YEAR, SESSION_FEEDBACK
from engage.models import Answer, InviteCode, Response, Survey, utcnow
from engage.surveys import codes
from engage.surveys.definition import build_survey
from engage.surveys.logic import prune, segments_from

DEMO_ACCOUNTS = (
    ("admin@example.org", "admin", "Demo Admin"),
    ("organizer@example.org", "organizer", "Demo Organizer"),
    ("analyst@example.org", "analyst", "Demo Analyst"),
)
CAMPAIGN_DAYS = 42
#: Days (from the survey's start) of the evening listening sessions where staff typed in answers.
SESSION_DAYS = (4, 11, 16, 22, 29, 36)


class DemoError(Exception):
    """The demo cannot be seeded here (for example, it is already there)."""


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    password: str


@dataclass
class DemoResult:
    survey_path: str
    responses: int
    answers: int
    accounts: list[DemoAccount]
    password_generated: bool
    other_surveys: list[tuple[str, str, int]] = field(default_factory=list)  # (slug, status, responses)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"Demo seeded in {self.seconds:.1f} s.",
            f"  Survey:   {self.survey_path}  ({self.responses:,} responses, {self.answers:,} answers; en, es, ar)",
        ]
        for slug, status, count in self.other_surveys:
            lines.append(f"  Also:     {slug} ({status}, {count:,} responses)")
        lines.append("  Staff sign-in at /account/login:")
        for account in self.accounts:
            lines.append(f"    {account.email:<24} {account.role:<10} password: {account.password}")
        if self.password_generated:
            lines.append("  The password was generated now and is not shown again; "
                         "set ENGAGE_DEMO_PASSWORD to choose it.")
        return "\n".join(lines)


def seed_demo(session: Session, *, secret: str, responses: int = 2400, password: str | None = None,
              seed: int = 7, now: datetime | None = None) -> DemoResult:
    """Create the demo accounts and surveys with `responses` synthetic responses; flushes, never commits.

    The same `seed` gives the same residents and answers (receipt codes and tokens stay random).
    """
    started = time.perf_counter()
    now = now or utcnow()
    if session.scalar(sa.select(Survey.id).where(Survey.slug == DEFINITION["slug"])) is not None:
        raise DemoError(f"a survey called {DEFINITION['slug']!r} already exists; the demo is seeded only once")
    rng = random.Random(seed)
    generated = not password
    password = password or secrets.token_urlsafe(9)
    accounts = []
    for email, role, name in DEMO_ACCOUNTS:
        _user, used = create_user(session, email, password, role, name)
        accounts.append(DemoAccount(email, role, used))

    start = now - timedelta(days=CAMPAIGN_DAYS)
    survey = build_survey(session, {**DEFINITION, "opens_at": start})
    build_survey(session, SESSION_FEEDBACK)
    last_year = start - timedelta(days=365)
    closed = build_survey(session, {**PRIORITIES_LAST_YEAR, "opens_at": last_year,
                                    "closes_at": last_year + timedelta(days=28)})

    residents = [draw_resident(rng) for _ in range(responses)]
    rows = []
    for resident in residents:
        submitted = submission_time(rng, resident.channel, start, now)
        rows.append((submitted, resident, answer_survey(rng, resident)))
    rows.sort(key=lambda row: row[0])
    answer_count = write_responses(session, survey, [
        _response_fields(rng, submitted, resident, answers) for submitted, resident, answers in rows
    ])

    closed_count = _seed_closed_survey(session, closed, rng, secret, last_year)
    session.flush()
    return DemoResult(
        survey_path=f"/s/{survey.slug}", responses=responses, answers=answer_count, accounts=accounts,
        password_generated=generated,
        other_surveys=[(f"/s/{closed.slug}", "closed", closed_count), (SESSION_FEEDBACK["slug"], "draft", 0)],
        seconds=time.perf_counter() - started,
    )


def submission_time(rng: random.Random, channel: str, start: datetime, now: datetime) -> datetime:
    """When a response arrived: a launch rush, a bump after a news story, a last-week push; web answers
    all day long, paper forms typed in during office hours, session answers on meeting evenings."""
    if channel == "session":
        day = rng.choice(SESSION_DAYS)
        minute = rng.randint(18 * 60, 20 * 60 + 45)
    else:
        day = rng.choices(range(CAMPAIGN_DAYS), cum_weights=_day_weights(start, channel == "web"))[0]
        if channel == "web":
            hour = rng.choices(range(24), weights=[2, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 8, 10, 9, 8, 8, 8, 9,
                                                    10, 11, 12, 11, 8, 4])[0]
        else:
            hour = rng.randint(9, 16 if channel == "paper" else 18)
        minute = hour * 60 + rng.randint(0, 59)
    moment = (start + timedelta(days=day)).replace(hour=0, minute=0, second=0, microsecond=0)
    moment += timedelta(minutes=minute, seconds=rng.randint(0, 59))
    return min(moment, now - timedelta(minutes=rng.randint(1, 600)))


@functools.lru_cache(maxsize=8)
def _day_weights(start: datetime, web: bool) -> list[float]:
    """Cumulative weights of the campaign's days for one kind of channel."""
    weights = []
    for d in range(CAMPAIGN_DAYS):
        w = 3.0 if d < 3 else 2.2 if 17 <= d <= 19 else 1.6 if d >= CAMPAIGN_DAYS - 7 else 1.0
        if (start + timedelta(days=d)).weekday() >= 5:
            w *= 0.7 if web else 0.05  # staff do not type in paper forms at weekends
        weights.append(w)
    return list(itertools.accumulate(weights))


def _response_fields(rng: random.Random, submitted: datetime, resident: Resident,
                     answers: dict[str, Any]) -> dict[str, Any]:
    typing_minutes = rng.uniform(4, 22) if resident.channel == "web" else rng.uniform(1.5, 6)
    return {
        "channel": resident.channel,
        "locale": resident.locale,
        "submitted_at": submitted,
        "started_at": submitted - timedelta(minutes=typing_minutes),
        "repeat_browser": resident.channel == "web" and rng.random() < 0.015,
        "answers": answers,
    }


def write_responses(session: Session, survey: Survey, responses: list[dict[str, Any]]) -> int:
    """Store complete responses in bulk; each item holds Response fields plus raw `answers` by key.

    Answers are pruned by the survey's display conditions exactly as a submitted form is, and the
    response's segments come from its demographic answers. Returns the number of answers written.
    """
    by_key = {q.key: q for q in survey.active_questions}
    response_rows: list[dict[str, Any]] = []
    kept_answers: list[dict[str, Any]] = []
    receipts: set[str] = set()
    for item in responses:
        answers = prune(survey, item["answers"])
        receipt = codes.new_code()
        while receipt in receipts:
            receipt = codes.new_code()
        receipts.add(receipt)
        fields = {k: v for k, v in item.items() if k != "answers"}
        response_rows.append({
            "survey_id": survey.id, "receipt_code": receipt, "submission_token": secrets.token_urlsafe(24),
            "repeat_browser": False, "started_at": None, "invite_code_id": None,
            **fields, "segments": segments_from(survey, answers),
        })
        kept_answers.append(answers)
    if not response_rows:
        return 0
    ids = session.scalars(
        sa.insert(Response).returning(Response.id, sort_by_parameter_order=True), response_rows
    ).all()
    answer_rows = [
        {"response_id": response_id, "question_id": by_key[key].id, "value": value,
         "other_text": answers.get(f"{key}__other")}
        for response_id, answers in zip(ids, kept_answers)
        for key, value in answers.items()
        if not key.endswith("__other")
    ]
    if answer_rows:
        # A plain Core executemany: about three times faster than an ORM bulk insert for ~60,000 rows
        # (and faster than multi-row VALUES, which SQLAlchemy compiles afresh for every chunk).
        session.execute(Answer.__table__.insert(), answer_rows)
    return len(answer_rows)


def _seed_closed_survey(session: Session, survey: Survey, rng: random.Random, secret: str,
                        opened: datetime, count: int = 150) -> int:
    """Last year's invite-only survey: printed codes, most of them used."""
    printed = count + 70
    plain: set[str] = set()
    while len(plain) < printed:
        plain.add(codes.new_code())
    invite_ids = session.scalars(
        sa.insert(InviteCode).returning(InviteCode.id, sort_by_parameter_order=True),
        [{"survey_id": survey.id, "code_hash": codes.code_hash(secret, "invite", code), "batch": "Mailing 1",
          "created_at": opened - timedelta(days=3)} for code in sorted(plain)],
    ).all()
    items = []
    used: list[tuple[int, datetime]] = []
    for invite_id in invite_ids[:count]:
        resident = draw_resident(rng)
        submitted = opened + timedelta(days=rng.uniform(0.2, 27.5))
        answers = _priorities_answers(rng, resident)
        items.append({"channel": rng.choices(["web", "paper"], weights=[70, 30])[0], "locale": resident.locale,
                      "submitted_at": submitted, "started_at": submitted - timedelta(minutes=rng.uniform(1, 6)),
                      "invite_code_id": invite_id, "answers": answers})
        used.append((invite_id, submitted))
    write_responses(session, survey, items)
    session.execute(sa.update(InviteCode), [{"id": i, "used_at": at} for i, at in used])
    return len(items)


def _priorities_answers(rng: random.Random, r: Resident) -> dict[str, Any]:
    distrust = max(0.0, -r.trust) / 2
    answers: dict[str, Any] = {
        "top_priority": pick(rng, {"faster_emergency": 0.25, "mental_health_services": 0.25 + 0.2 * distrust,
                                   "street_lighting": 0.18, "traffic_safety": 0.17,
                                   "youth_programs": 0.15 + (0.1 if r.young else 0)}),
    }
    if rng.random() > 0.05:
        answers["satisfied_911"] = max(1, min(5, round(3 + 0.9 * r.trust + rng.gauss(0, 0.8))))
    if rng.random() > 0.06:
        answers["district"] = r.district
    return answers
