"""The demo seed: a complete, translated survey and thousands of plausible, condition-respecting responses."""
from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.database import make_engine
from engage.demo import DemoError, seed_demo
from engage.demo.community_responders import DEFINITION, DISTRICTS
from engage.demo.residents import answer_survey, draw_resident
from engage.demo.small_surveys import PRIORITIES_LAST_YEAR, SESSION_FEEDBACK
from engage.models import QUESTION_TYPES, Answer, Base, InviteCode, Response, Survey, User
from engage.surveys.definition import KEY_PATTERN, check_definition
from engage.surveys.logic import condition_met, missing_required, segments_from

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
ARABIC = re.compile(r"[\u0600-\u06FF]")
SPANISH_WORDS = re.compile(r"\b(que|de|la|el|los|las|en|no|una?|por|para|con|es|nada|gracias|sé)\b", re.I)


@pytest.fixture(scope="module", autouse=True)
def _cheap_password_hashing():
    """Real argon2, with test-sized cost: the seed hashes three passwords every time it runs."""
    from argon2 import PasswordHasher

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("engage.models.account._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


def new_session() -> Session:
    engine = make_engine("sqlite:///:memory:")
    Base.metadata.create_all(engine)
    return Session(engine)


def load(session: Session, slug: str = "community-responders") -> tuple[Survey, list[Response], list[dict[str, Any]]]:
    """The survey, its responses and each response's answers by question key (with `<key>__other`)."""
    survey = session.scalar(sa.select(Survey).where(Survey.slug == slug))
    responses = session.scalars(
        sa.select(Response).where(Response.survey_id == survey.id).order_by(Response.id)
    ).all()
    keys = {q.id: q.key for q in survey.questions}
    by_response: dict[int, dict[str, Any]] = defaultdict(dict)
    for answer in session.scalars(sa.select(Answer).where(Answer.question_id.in_(keys))):
        by_response[answer.response_id][keys[answer.question_id]] = answer.value
        if answer.other_text:
            by_response[answer.response_id][f"{keys[answer.question_id]}__other"] = answer.other_text
    return survey, list(responses), [by_response[r.id] for r in responses]


@pytest.fixture(scope="module")
def seeded():
    session = new_session()
    result = seed_demo(session, secret="test-secret", password="correct horse battery", now=NOW)
    session.commit()
    survey, responses, answers = load(session)
    yield session, result, survey, responses, answers
    session.close()


def texts_of(survey: Survey, responses: list[Response], answers: list[dict[str, Any]], types: tuple[str, ...]):
    keys = [q.key for q in survey.questions if q.type in types]
    return [(r.locale, a[k]) for r, a in zip(responses, answers) for k in keys if k in a]


# --- the definition ------------------------------------------------------------------------------

def _translatables(node: Any, where: str = ""):
    """Every translatable text in a definition: any dict keyed by locale."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            yield where, node
            return
        for key, value in node.items():
            yield from _translatables(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _translatables(value, f"{where}[{i}]")


@pytest.mark.parametrize("definition", [DEFINITION, SESSION_FEEDBACK, PRIORITIES_LAST_YEAR],
                         ids=lambda d: d["slug"])
def test_every_content_string_is_translated(definition):
    check_definition(definition)
    found = list(_translatables(definition))
    for where, text in found:
        assert set(text) == {"en", "es", "ar"}, where
        assert all(v.strip() for v in text.values()), f"empty translation at {where}"
        assert ARABIC.search(text["ar"]), f"Arabic text is not in Arabic at {where}"
        assert not ARABIC.search(text["en"] + text["es"]), where
    # every field residents read is there, not just the ones that happen to be filled in
    for field in ("title", "intro", "privacy_notice", "thank_you"):
        assert definition[field]["en"], field
    for section in definition["sections"]:
        assert section["title"]
        for q in section["questions"]:
            assert q["label"], q["key"]
            assert all(c["label"] for c in q.get("choices", [])), q["key"]
            for point in q.get("settings", {}).get("point_labels", []):
                assert point["es"] and point["ar"]
    district_names = {c["label"]["en"] for c in DISTRICTS}
    untranslated = [w for w, t in found if t["es"] == t["en"] and t["en"] not in district_names]
    assert untranslated == []  # only place names read the same in Spanish


def test_definition_covers_every_question_type_and_both_kinds_of_condition():
    questions = [q for s in DEFINITION["sections"] for q in s["questions"]]
    assert {q["type"] for q in questions} == set(QUESTION_TYPES)
    assert all(KEY_PATTERN.match(q["key"]) for q in questions)
    codes = [c["code"] for q in questions for c in q.get("choices", [])]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes)
    assert "prefer_not" not in codes and "other" not in codes  # the app adds those itself
    same_page = [
        q["key"] for s in DEFINITION["sections"] for q in s["questions"]
        if q.get("condition") and q["condition"]["question"] in {o["key"] for o in s["questions"]}
    ]
    assert "crisis_who_came" in same_page and "why_unsafe" in same_page
    assert any(s.get("condition") for s in DEFINITION["sections"])
    demographic = {q["settings"]["segment"] for q in DEFINITION["sections"][-1]["questions"]}
    assert demographic == {"district", "age_band", "home_language", "race_ethnicity", "housing"}
    housing = next(q for q in questions if q["key"] == "housing")
    assert "unhoused" in [c["code"] for c in housing["choices"]]
    required = {q["key"] for q in questions if q.get("required")}
    assert required and not required & {"safe_calling_911", "why_unsafe", "crisis_experience", "district",
                                         "race_ethnicity", "housing"}


# --- the seeded data -----------------------------------------------------------------------------

def test_seeds_the_open_survey_with_thousands_of_responses(seeded):
    session, result, survey, responses, answers = seeded
    assert survey.status == "open" and survey.is_accepting()
    assert survey.offered_locales == ["en", "es", "ar"]
    assert {q.type for q in survey.questions} == set(QUESTION_TYPES)
    assert len(responses) == result.responses == 2400
    assert sum(len([k for k in a if not k.endswith("__other")]) for a in answers) == result.answers
    assert len({r.receipt_code for r in responses}) == len(responses)
    assert all(r.invite_code_id is None for r in responses)
    assert all(NOW - timedelta(days=43) <= r.submitted_at <= NOW for r in responses)
    assert all(r.started_at < r.submitted_at for r in responses)
    assert 0 < sum(r.repeat_browser for r in responses) < 0.05 * len(responses)
    assert not any(r.repeat_browser and r.channel != "web" for r in responses)


def test_seeding_is_fast(seeded):
    _session, result, *_ = seeded
    assert result.seconds < 15


def test_stored_answers_respect_every_display_condition(seeded):
    _session, _result, survey, _responses, answers = seeded
    sections = {s.id: s for s in survey.sections}
    skipped = Counter()
    for given in answers:
        for q in survey.questions:
            shown = condition_met(sections[q.section_id].condition, given) and condition_met(q.condition, given)
            if q.key in given:
                assert shown, (q.key, given)
            elif shown:
                skipped[q.key] += 1
        assert missing_required(survey, given) == []
        if "why_unsafe" in given:
            assert given["safe_calling_911"] in (1, 2)
        if "follow_up_by" in given or "follow_up_within" in given:
            assert given["follow_up_wanted"] == "yes"
    # the conditional questions were really reached, and the optional ones sometimes left blank
    counts = Counter(k for a in answers for k in a)
    assert counts["why_unsafe"] > 200 and counts["crisis_who_came"] > 500 and counts["follow_up_by"] > 1000
    assert counts["follow_up_wanted"] - counts["follow_up_by"] > 200  # the section hidden for "no"
    assert skipped["responder_qualities"] > 500 and skipped["pilot_area"] > 50


def test_answer_values_have_the_shape_of_their_question_type(seeded):
    _session, _result, survey, _responses, answers = seeded
    by_key = {q.key: q for q in survey.questions}
    for given in answers:
        for key, value in given.items():
            if key.endswith("__other"):
                assert value.strip() and "other" in (given[key[:-7]] if isinstance(given[key[:-7]], list)
                                                     else [given[key[:-7]]])
                continue
            q = by_key[key]
            codes = set(q.choice_codes())
            if q.type == "likert":
                assert value == "dont_know" or (isinstance(value, int) and 1 <= value <= 5)
            elif q.type == "number":
                assert isinstance(value, int) and 0 <= value <= 365
            elif q.type == "yes_no":
                assert value in ("yes", "no")
            elif q.type == "demographic":
                assert value in codes | {"prefer_not"}
            elif q.type == "single_choice":
                assert value in codes or (value == "other" and q.setting("allow_other"))
            elif q.type == "multiple_choice":
                assert value and len(set(value)) == len(value)
                assert set(value) <= codes | ({"other"} if q.setting("allow_other") else set())
                assert len(value) <= (q.setting("max_choices") or len(codes) + 1)
            elif q.type == "ranking":
                assert 1 <= len(value) <= 3 and len(set(value)) == len(value) and set(value) <= codes
            else:
                assert isinstance(value, str) and value.strip()
                assert len(value) <= (q.setting("max_length") or 200)
            if "other" in (value if isinstance(value, list) else [value]) and q.setting("allow_other"):
                assert given.get(f"{key}__other")


def test_segments_come_from_the_demographic_answers(seeded):
    _session, _result, survey, responses, answers = seeded
    for response, given in zip(responses, answers):
        assert response.segments == segments_from(survey, given)
    n = len(responses)
    housing = Counter(r.segments.get("housing") for r in responses)
    assert 0.025 <= housing["unhoused"] / n <= 0.06
    districts = Counter(r.segments.get("district") for r in responses)
    shares = sorted(districts[d] / n for d in ("old_town", "northgate", "eastbank", "mill_creek", "southport", "westfield"))
    assert shares[0] > 0.05 and shares[-1] > 1.5 * shares[0]  # every district, unequally
    assert len({r.segments.get("race_ethnicity") for r in responses}) >= 9
    assert len({r.segments.get("age_band") for r in responses}) >= 8


def test_languages_and_channels_are_spread_as_in_a_real_consultation(seeded):
    _session, _result, _survey, responses, _answers = seeded
    n = len(responses)
    locales = Counter(r.locale for r in responses)
    channels = Counter(r.channel for r in responses)
    assert 0.60 <= locales["en"] / n <= 0.70
    assert 0.20 <= locales["es"] / n <= 0.30
    assert 0.07 <= locales["ar"] / n <= 0.13
    assert 0.64 <= channels["web"] / n <= 0.76
    assert 0.14 <= channels["paper"] / n <= 0.22
    assert 0.05 <= channels["session"] / n <= 0.12
    assert 0.02 <= channels["phone"] / n <= 0.07
    days = {r.submitted_at.date() for r in responses}
    assert len(days) >= 35


def test_answers_are_plausibly_correlated(seeded):
    _session, _result, _survey, responses, answers = seeded

    def share(group, key, code):
        return sum(code in a.get(key, []) for a in group) / max(len(group), 1)

    unsafe = [a for a in answers if a.get("safe_calling_911") in (1, 2)]
    safe = [a for a in answers if a.get("safe_calling_911") in (4, 5)]
    assert share(unsafe, "team_skills", "peer_specialists") > share(safe, "team_skills", "peer_specialists") + 0.1
    assert share(unsafe, "team_skills", "clinicians") > share(safe, "team_skills", "clinicians")
    unhoused = [a for r, a in zip(responses, answers) if r.segments.get("housing") in ("unhoused", "shelter")]
    housed = [a for r, a in zip(responses, answers) if r.segments.get("housing") in ("own", "rent")]
    assert share(unhoused, "call_categories", "homelessness") > share(housed, "call_categories", "homelessness") + 0.15


def test_open_texts_are_varied_and_written_in_the_response_language(seeded):
    _session, _result, survey, responses, answers = seeded
    texts = texts_of(survey, responses, answers, ("long_text", "short_text"))
    long_texts = texts_of(survey, responses, answers, ("long_text",))
    assert len(texts) > 1500
    assert len({t for _l, t in long_texts}) / len(long_texts) >= 0.9
    assert len({t for _l, t in texts}) / len(texts) >= 0.8
    by_locale = defaultdict(list)
    for locale, text in texts:
        by_locale[locale].append(text)
    assert set(by_locale) == {"en", "es", "ar"} and min(len(v) for v in by_locale.values()) > 150
    assert all(ARABIC.search(t) for t in by_locale["ar"])
    assert not any(ARABIC.search(t) for t in by_locale["en"] + by_locale["es"])
    assert sum(bool(SPANISH_WORDS.search(t)) for t in by_locale["es"]) / len(by_locale["es"]) > 0.9
    assert sum(bool(SPANISH_WORDS.search(t)) for t in by_locale["en"]) / len(by_locale["en"]) < 0.5
    lengths = sorted(len(t) for _l, t in long_texts)
    assert lengths[len(lengths) // 10] < 80 and lengths[-len(lengths) // 10] > 200  # short and long ones
    others = [a[k] for a in answers for k in a if k.endswith("__other")]
    assert len(others) > 50


def test_some_open_texts_carry_personal_data_for_redaction_to_find(seeded):
    _session, _result, survey, responses, answers = seeded
    texts = [t for _l, t in texts_of(survey, responses, answers, ("long_text", "short_text"))]
    emails = [t for t in texts if re.search(r"[\w.]+@example\.(com|org|net)", t)]
    phones = [t for t in texts if re.search(r"555[-.)\s]+", t)]
    assert emails and phones
    assert len(emails) + len(phones) < 0.05 * len(texts)


def test_staff_accounts_use_the_given_password(seeded):
    session, result, *_ = seeded
    users = {u.email: u for u in session.scalars(sa.select(User))}
    assert {e: u.role for e, u in users.items()} == {
        "admin@example.org": "admin", "organizer@example.org": "organizer", "analyst@example.org": "analyst",
    }
    assert all(u.check_password("correct horse battery") for u in users.values())
    assert not users["admin@example.org"].check_password("wrong")
    summary = result.summary()
    assert "/s/community-responders" in summary and "2,400" in summary
    assert all(email in summary for email in users) and "correct horse battery" in summary


def test_draft_and_closed_surveys_beside_the_demo(seeded):
    session, result, *_ = seeded
    draft = session.scalar(sa.select(Survey).where(Survey.slug == "listening-session-feedback"))
    assert draft.status == "draft"
    closed, responses, answers = load(session, "public-safety-priorities")
    assert closed.status == "closed" and closed.response_policy == "invite"
    assert closed.closes_at < NOW - timedelta(days=300)
    assert len(responses) == 150 and all(a.get("top_priority") for a in answers)
    invites = {i.id: i for i in session.scalars(sa.select(InviteCode).where(InviteCode.survey_id == closed.id))}
    assert len(invites) > 150
    assert all(invites[r.invite_code_id].used_at == r.submitted_at for r in responses)
    assert sum(i.used_at is None for i in invites.values()) == len(invites) - 150


def _content(session: Session) -> list[tuple]:
    _survey, responses, answers = load(session)
    return [(r.locale, r.channel, r.submitted_at, r.repeat_browser, r.segments, a) for r, a in zip(responses, answers)]


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    contents = []
    for _ in range(2):
        session = new_session()
        seed_demo(session, secret="s", responses=150, password="pw", seed=11, now=NOW)
        contents.append(_content(session))
        session.close()
    assert len(contents[0]) == 150
    assert contents[0] == contents[1]

    def residents(seed):
        rng = random.Random(seed)
        return [(r, answer_survey(rng, r)) for r in (draw_resident(rng) for _ in range(50))]

    assert residents(11) == residents(11) != residents(12)


def test_generated_password_is_shown_once_and_seeding_twice_is_refused():
    session = new_session()
    result = seed_demo(session, secret="s", responses=20, now=NOW)
    password = result.accounts[0].password
    assert len(password) >= 12 and all(a.password == password for a in result.accounts)
    assert password in result.summary() and "ENGAGE_DEMO_PASSWORD" in result.summary()
    assert session.scalar(sa.select(User).where(User.email == "organizer@example.org")).check_password(password)
    with pytest.raises(DemoError):
        seed_demo(session, secret="s", responses=20, now=NOW)
    session.close()


def test_comment_themes_are_the_codebook_themes_in_every_language():
    import json
    from pathlib import Path

    from engage.demo import comments

    assert set(comments.SENTENCES) == set(comments.THEMES)
    for theme, by_lang in comments.SENTENCES.items():
        assert set(by_lang) == {"en", "es", "ar"} and all(len(v) >= 5 for v in by_lang.values()), theme
    codebook = Path(comments.__file__).parents[1] / "analysis" / "codebooks" / "community_responder.json"
    if codebook.exists():
        assert set(comments.THEMES) <= {t["id"] for t in json.loads(codebook.read_text())["themes"]}
    rng = random.Random(3)
    made = [comments.compose(rng, "ar", "why_unsafe") for _ in range(200)]
    assert all(set(c.themes) <= set(comments.THEMES) for c in made)
    assert sum(bool(c.themes) for c in made) > 180
