"""Demo-like data for report tests: a survey built from a definition, responses inserted in bulk."""
from __future__ import annotations

import random
from typing import Any

import sqlalchemy as sa

EVIL = ("<script>alert('x')</script> =HYPERLINK(\"http://evil.example\") write to jane.doe@example.org "
        "or call (270) 555-0134 about the team")
FORMULA = "=1+2*cmd|' /C calc'!A0"

DISTRICTS = ["north", "south", "east", "west", "tiny"]
COMMENTS = [
    "Send trained mental health counselors instead of police when someone is in crisis.",
    "People sleeping outside need housing help and someone to follow up with them.",
    "I am afraid to call 911 because the police might hurt my brother.",
    "The team must answer quickly, day and night, every day of the week.",
    "Pay for it from the police budget and hire peers with lived experience.",
    "Envíen consejeros de salud mental en lugar de la policía.",
]


def t(en: str, es: str | None = None) -> dict[str, str]:
    return {"en": en, "es": es or f"ES {en}"}


def definition(slug: str = "council") -> dict[str, Any]:
    def choices(*codes: str) -> list[dict]:
        return [{"code": c, "label": t(c.replace("_", " ").capitalize())} for c in codes]

    return {
        "slug": slug, "title": t("Responder consultation"), "default_locale": "en", "locales": ["en", "es", "ar"],
        "status": "open",
        "sections": [
            {"title": t("Questions"), "questions": [
                {"key": "team", "type": "single_choice", "label": t("Who should respond?"),
                 "settings": {"allow_other": True}, "choices": choices("clinicians", "peers", "emts")},
                {"key": "calls", "type": "multiple_choice", "label": t("Which calls?"),
                 "choices": choices("mental_health", "homelessness", "welfare", "noise")},
                {"key": "safe", "type": "likert", "label": t("Do you feel safe calling 911?"),
                 "settings": {"scale": 5, "dont_know": True}},
                {"key": "metrics", "type": "ranking", "label": t("Rank the measures"),
                 "settings": {"rank_count": 3}, "choices": choices("time", "cost", "diversion", "satisfaction")},
                {"key": "follow", "type": "yes_no", "label": t("Should they follow up?")},
                {"key": "times", "type": "number", "label": t("How many calls last year?"), "settings": {"min": 0, "max": 50}},
                {"key": "why", "type": "long_text", "label": t("Anything else?")},
            ]},
            {"title": t("About you"), "questions": [
                {"key": "district", "type": "demographic", "label": t("District"), "settings": {"segment": "district"},
                 "choices": choices(*DISTRICTS)},
                {"key": "housing", "type": "demographic", "label": t("Housing"), "settings": {"segment": "housing"},
                 "choices": choices("own", "rent", "unhoused")},
            ]},
        ],
    }


def seed_survey(session, responses: int = 300, seed: int = 1, evil: bool = True):
    """Build the survey and insert `responses` complete responses directly; returns the survey."""
    from engage.models import Answer, Question, Response
    from engage.surveys.definition import build_survey

    rng = random.Random(seed)
    survey = build_survey(session, definition())
    qid = {q.key: q.id for q in session.scalars(sa.select(Question).where(Question.survey_id == survey.id))}
    rows, given_rows = [], []
    for i in range(responses):
        district = "tiny" if i % 60 == 0 else rng.choice(DISTRICTS[:4])
        housing = rng.choice(["own", "rent", "rent", "unhoused"])
        segments = {"district": district, "housing": housing}
        rows.append({"survey_id": survey.id, "receipt_code": f"RC{seed}-{i:06d}", "submission_token": f"tok{seed}-{i}",
                     "channel": rng.choice(["web", "web", "paper"]), "locale": rng.choice(["en", "en", "es"]),
                     "segments": segments, "repeat_browser": i % 50 == 7})
        given: dict[str, Any] = {"district": district, "housing": housing}
        team = rng.choice(["clinicians", "clinicians", "peers", "emts", "other"])
        given["team"] = team
        given["calls"] = rng.sample(["mental_health", "homelessness", "welfare", "noise"], rng.randint(1, 3))
        if rng.random() < 0.9:
            given["safe"] = rng.choice([1, 2, 3, 4, 4, 5, "dont_know"])
        given["metrics"] = rng.sample(["time", "cost", "diversion", "satisfaction"], 3)
        given["follow"] = rng.choice(["yes", "yes", "no"])
        if rng.random() < 0.8:
            given["times"] = rng.randint(0, 6)
        if rng.random() < 0.6:
            given["why"] = rng.choice(COMMENTS)
        if evil and i in (3, 4):
            given["why"] = EVIL if i == 3 else FORMULA
        given_rows.append(given)
    ids = session.scalars(sa.insert(Response).returning(Response.id, sort_by_parameter_order=True), rows).all()
    answers = []
    for i, (rid, given) in enumerate(zip(ids, given_rows)):
        for key, value in given.items():
            other = EVIL if (evil and key == "team" and value == "other" and i < 40) else None
            answers.append({"response_id": rid, "question_id": qid[key], "value": value, "other_text": other})
    session.execute(sa.insert(Answer), answers)
    session.flush()
    return survey
