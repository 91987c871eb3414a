"""Demo listening sessions for Riverton: the consultation, past sessions with cards, tallies, notes and
paper forms, and upcoming ones residents can register for. Flushes only; the caller commits.

The demo survey's synthetic responses that arrived through the `session` and `paper` channels are
attached to the session of their evening (paper forms each get a spent single-use code), so the demo
shows one dataset across channels.
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.consultations.services import create_consultation
from engage.models import ListeningSession, PaperCode, Response, SessionRegistration, Survey, utcnow
from engage.sessions import services
from engage.surveys import codes

CONSULTATION_SLUG = "riverton-responders"
TIMEZONE = "America/Chicago"


def t(en: str, es: str, ar: str) -> dict[str, str]:
    return {"en": en, "es": es, "ar": ar}


PLACES = [
    # (place, address, languages, host, facilitator, title, interpretation)
    ("Eastbank Public Library, Community Room", "400 River Rd", ["en", "es"], "Eastbank Neighbors United", "Dana Ruiz",
     t("Eastbank listening session", "Sesión de escucha en Eastbank", "جلسة استماع في إيستبانك"),
     t("Spanish interpreter on site.", "Intérprete de español en el lugar.", "مترجم إسباني في المكان.")),
    ("Mill Creek Islamic Center, Hall B", "18 Orchard Ave", ["ar", "en"], "Arab American Family Services", "Yousef Haddad",
     t("Mill Creek listening session", "Sesión de escucha en Mill Creek", "جلسة استماع في ميل كريك"),
     t("Arabic interpreter and ASL on request.", "Intérprete de árabe y lengua de señas si se pide.", "مترجم عربي ولغة إشارة عند الطلب.")),
    ("Southport Recreation Center", "2 Harbor St", ["es", "en"], "Southport Tenants Union", "Marisol Vega",
     t("Southport listening session", "Sesión de escucha en Southport", "جلسة استماع في ساوثبورت"),
     t("The meeting is in Spanish with English interpretation.", "La reunión es en español con interpretación al inglés.", "اللقاء بالإسبانية مع ترجمة إلى الإنجليزية.")),
    ("Old Town Day Shelter", "77 Main St", ["en", "es", "ar"], "Riverton Street Outreach", "Chris Okafor",
     t("Listening session at the day shelter", "Sesión de escucha en el refugio de día", "جلسة استماع في المأوى النهاري"),
     t("Spanish and Arabic interpreters on site.", "Intérpretes de español y árabe en el lugar.", "مترجمون للإسبانية والعربية في المكان.")),
    ("Northgate High School Cafeteria", "1200 North Blvd", ["en", "ar"], "Northgate Parents Council", "Dana Ruiz",
     t("Northgate listening session", "Sesión de escucha en Northgate", "جلسة استماع في نورثغيت"),
     t("Arabic interpreter on site.", "Intérprete de árabe en el lugar.", "مترجم عربي في المكان.")),
    ("Westfield Senior Center", "9 Elm Ct", ["en", "es"], "Westfield Seniors Club", "Marisol Vega",
     t("Westfield listening session", "Sesión de escucha en Westfield", "جلسة استماع في ويستفيلد"),
     t("Spanish interpreter on site.", "Intérprete de español en el lugar.", "مترجم إسباني في المكان.")),
]
ACCESS = t(
    "Step-free entrance and accessible restrooms. Free childcare and a light dinner. Bus 4 stops outside.",
    "Entrada sin escalones y baños accesibles. Cuidado de niños gratis y una cena ligera. El autobús 4 para enfrente.",
    "مدخل بلا درجات ودورات مياه مهيأة. رعاية أطفال مجانية وعشاء خفيف. الحافلة 4 تتوقف أمام المبنى.",
)
NOTES = {
    "calls_today": "Several people said they waited a long time for help, and some did not call at all because they were afraid of what police would do.",
    "run_by": "Most of the room wanted city jobs with a union. A few said a known local group would start faster and be trusted more.",
    "department": "Strong feeling that the program should not be inside the police department. Public health came up most.",
    "pilot_scope": "People asked to start where most calls come from, and in the evenings.",
    "follow_up": "Many said the visit is not enough: someone must check back within a day or two.",
}
NICKNAMES = ["Rosa", "Ahmad", "Mrs. T", "J.", "Luz", "Omar", "Kim", "Fatima", "Big Mike", "Ana"]


def seed_listening_sessions(session: Session, *, now: datetime | None = None, seed: int = 11) -> dict[str, int]:
    """The Riverton consultation and its listening sessions, linked to the demo survey (if it is there)."""
    survey = session.scalar(sa.select(Survey).where(Survey.slug == "community-responders"))
    if survey is None or services_consultation_exists(session):
        return {}
    rng = random.Random(seed)
    now = now or utcnow()
    consultation = create_consultation(session, slug=CONSULTATION_SLUG, survey=survey,
                                       template_key="community-responders", status="open")
    start = survey.opens_at or now - timedelta(days=42)
    from engage.demo.seed import SESSION_DAYS  # the evenings the demo's session answers arrived

    held = []
    for index, day in enumerate(SESSION_DAYS[: len(PLACES)]):
        held.append(_session(session, consultation.id, PLACES[index], (start + timedelta(days=day)).date()))
    upcoming = [_session(session, consultation.id, PLACES[i], (now + timedelta(days=d)).date())
                for i, d in ((0, 6), (3, 13))]
    session.flush()
    attached = _attach_responses(session, survey, held)
    cards = sum(_capture(session, rng, survey, consultation, ls) for ls in held)
    for ls in upcoming:
        for name in rng.sample(NICKNAMES, 4):
            session.add(SessionRegistration(session_id=ls.id, name=name))
        services.issue_paper_codes(session, ls, survey, {loc: 10 for loc in ls.offered_locales})
    session.flush()
    return {"sessions": len(held) + len(upcoming), "cards": cards, **attached}


def services_consultation_exists(session: Session) -> bool:
    from engage.models import Consultation

    return session.scalar(sa.select(Consultation.id).where(Consultation.slug == CONSULTATION_SLUG)) is not None


def _session(session: Session, consultation_id: int, place: tuple, day: Any) -> ListeningSession:
    name, address, languages, host, facilitator, title, interpretation = place
    starts, ends = services.local_times(day, time(18, 0), time(20, 0), TIMEZONE)
    ls = ListeningSession(consultation_id=consultation_id, title=title, starts_at=starts, ends_at=ends, timezone=TIMEZONE,
                          place=name, address=address, languages=languages, host_organization=host,
                          facilitator=facilitator, accessibility=ACCESS, interpretation=interpretation)
    session.add(ls)
    return ls


def _attach_responses(session: Session, survey: Survey, held: list[ListeningSession]) -> dict[str, int]:
    """Session answers belong to that evening's session; paper forms to the last session before them."""
    by_day = {services.local(ls, ls.starts_at).date(): ls for ls in held}
    session_rows = session.execute(sa.select(Response.id, Response.submitted_at).where(
        Response.survey_id == survey.id, Response.channel == "session")).all()
    for response_id, submitted in session_rows:
        ls = by_day.get(submitted.astimezone(services.zone(TIMEZONE)).date()) or by_day.get(submitted.date())
        ls = ls or min(held, key=lambda s: abs((s.starts_at - submitted).total_seconds()))
        session.execute(sa.update(Response).where(Response.id == response_id).values(listening_session_id=ls.id))
    paper_rows = session.execute(sa.select(Response.id, Response.submitted_at, Response.locale).where(
        Response.survey_id == survey.id, Response.channel == "paper").order_by(Response.id)).all()
    for response_id, submitted, locale in paper_rows:
        before = [ls for ls in held if ls.starts_at <= submitted] or held[:1]
        ls = before[-1]
        paper = PaperCode(survey_id=survey.id, session_id=ls.id, code=codes.normalize(codes.new_code()),
                          locale=locale, used_at=submitted)
        session.add(paper)
        session.flush()
        session.execute(sa.update(Response).where(Response.id == response_id).values(
            listening_session_id=ls.id, paper_code_id=paper.id))
    return {"session_responses": len(session_rows), "paper_forms": len(paper_rows)}


def _capture(session: Session, rng: random.Random, survey: Survey, consultation: Any, ls: ListeningSession) -> int:
    """Attendance, counts by district and language, tallies, notes and comment cards for one evening."""
    from engage.demo.comments import compose

    attendance = rng.randint(18, 64)
    districts = ["old_town", "northgate", "eastbank", "mill_creek", "southport", "westfield"]
    weights = [rng.random() + (2.0 if d.replace("_", " ") in ls.place.lower() else 0) for d in districts]
    district_counts = _spread(rng, attendance, districts + ["prefer_not"], weights + [0.4])
    language_map = {"en": "english", "es": "spanish", "ar": "arabic"}
    languages = [language_map[loc] for loc in ls.offered_locales] + ["other_language", "prefer_not"]
    language_counts = _spread(rng, attendance, languages, [3.0] * len(ls.offered_locales) + [0.5, 0.3])
    services.save_attendance(ls, attendance, {"district": district_counts, "home_language": language_counts})
    counts: dict[tuple[int, str, str], int | None] = {}
    for topic in consultation.topics:
        if not topic.options:
            continue
        method = "dots" if topic.key in ("call_categories", "evaluation", "staying_involved") else "hands"
        shares = _spread(rng, attendance if method == "hands" else attendance * 3, topic.option_codes(),
                         [1.0 + 2 * (i == 0) + rng.random() for i in range(len(topic.options))])
        counts.update({(topic.id, code, method): n for code, n in shares.items()})
    services.save_tallies(session, ls, counts)
    services.save_notes(session, ls, {t.id: NOTES[t.key] for t in consultation.topics if t.key in NOTES})
    question = services.card_question(consultation, survey)
    limit = int(question.setting("max_length") or 300)
    made = 0
    for _ in range(rng.randint(8, 16)):
        locale = rng.choice(ls.offered_locales)
        text = compose(rng, locale, "anything_else", place=rng.choice(districts), max_length=limit).text.strip()
        if text:
            card = services.record_card(session, ls, survey, question, text[:limit], locale)
            card.submitted_at = ls.ends_at - timedelta(minutes=rng.randint(0, 40))
            made += 1
    return made


def _spread(rng: random.Random, total: int, codes_: list[str], weights: list[float]) -> dict[str, int]:
    picks = rng.choices(codes_, weights=weights, k=total)
    return {code: picks.count(code) for code in codes_ if picks.count(code)}
