"""Residents answer a survey through the real routes: pages, conditions, validation, exactly-once storage."""
from __future__ import annotations

import sqlalchemy as sa

from engage.models import Answer, Draft, Question, Response
from tests.conftest import csrf_from
from tests.surveys.definitions import VALID_PAGES


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def answers_of(db, response: Response) -> dict:
    rows = db.session.execute(
        sa.select(Question.key, Answer.value).join(Answer, Answer.question_id == Question.id)
        .where(Answer.response_id == response.id)
    ).all()
    return dict(rows)


def complete(resident, slug="every-type", pages=VALID_PAGES, lang=None):
    r = resident(slug)
    r.start(lang=lang)
    for number, page in enumerate(pages, 1):
        response = r.post(number, page)
        assert response.status_code == 302, r.html[:2000]
    return r, response


def test_complete_survey_stores_one_response_with_typed_answers(make_survey, resident, db, client):
    make_survey()
    r, last = complete(resident)
    assert last.headers["Location"].endswith("/s/every-type/thanks")
    thanks = client.get("/s/every-type/thanks").get_data(as_text=True)
    assert "Thank you" in thanks
    assert count(db, Response) == 1 and count(db, Draft) == 0
    response = db.session.scalars(sa.select(Response)).one()
    assert response.receipt_code in thanks
    assert response.channel == "web" and response.locale == "en"
    assert response.segments == {"district": "d2", "housing": "unhoused"}
    stored = answers_of(db, response)
    assert stored["q_categories"] == ["mental_health", "welfare"]
    assert stored["q_safe"] == 4
    assert stored["q_rank"] == ["time", "cost"]
    assert stored["q_calls"] == 3
    assert stored["q_followup"] == "yes"
    assert "q_why" not in stored and "q_unsafe_detail" not in stored


def test_response_stores_nothing_identifying(make_survey, resident, db):
    make_survey()
    complete(resident)
    columns = {c.name for c in Response.__table__.columns}
    assert not columns & {"ip", "ip_address", "user_agent", "email", "name"}


def test_condition_on_same_page_and_on_later_section(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    # q_why is on page 1 with a condition on q_safe (same page): visible with a hint, stored only when it applies.
    assert 'data-reveal-question="q_safe"' in r.html
    assert r.post(1, {"q_categories": ["noise"], "q_safe": "1", "q_why": "They did not come"}).status_code == 302
    r.open(2)
    assert r.post(2, {}).status_code == 302
    page3 = r.open(3).get_data(as_text=True)
    assert "Feeling unsafe" in page3  # section shown because q_safe is 1
    assert r.post(3, {"q_unsafe_detail": "A clinician"}).status_code == 302
    r.open(4)
    assert r.post(4, {}).status_code == 302
    stored = answers_of(db, db.session.scalars(sa.select(Response)).one())
    assert stored["q_why"] == "They did not come"
    assert stored["q_unsafe_detail"] == "A clinician"


def test_answer_to_hidden_question_is_dropped(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    r.post(1, {"q_categories": ["noise"], "q_safe": "5", "q_why": "should not be stored"})
    r.open(2)
    r.post(2, {})
    page3 = r.open(3).get_data(as_text=True)
    assert "Feeling unsafe" not in page3 and "About you" in page3
    r.post(3, {})
    stored = answers_of(db, db.session.scalars(sa.select(Response)).one())
    assert "q_why" not in stored


def test_changing_an_earlier_answer_prunes_answers_that_no_longer_apply(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    r.post(1, {"q_categories": ["noise"], "q_safe": "2", "q_why": "slow"})
    r.open(2); r.post(2, {})
    r.open(3); r.post(3, {"q_unsafe_detail": "night teams"})
    r.open(1)
    r.post(1, {"q_categories": ["noise"], "q_safe": "5"})
    r.open(2); r.post(2, {})
    r.open(3); r.post(3, {})  # page 3 is now "About you"
    stored = answers_of(db, db.session.scalars(sa.select(Response)).one())
    assert "q_unsafe_detail" not in stored and "q_why" not in stored


def test_back_keeps_answers_and_progress_indicator(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    assert "Page 1 of 3" in r.html
    r.post(1, VALID_PAGES[0])
    r.open(2)
    back = r.post(2, {"q_team": "emts", "q_calls": "12"}, action="back")
    assert back.status_code == 302 and back.headers["Location"].endswith("/p/1")
    html = r.open(2).get_data(as_text=True)
    assert 'value="emts" checked' in html and 'value="12"' in html


def test_double_post_of_last_page_stores_one_response(make_survey, resident, db, client):
    make_survey()
    r = resident("every-type")
    r.start()
    r.post(1, VALID_PAGES[0]); r.open(2)
    r.post(2, VALID_PAGES[1]); r.open(3)
    page_html = r.html
    first = r.post(3, VALID_PAGES[2])
    r.html = page_html  # the browser's back button shows the old page; the form is sent again
    second = r.post(3, VALID_PAGES[2])
    assert first.status_code == 302 and second.status_code == 302
    assert second.headers["Location"].endswith("/thanks")
    assert count(db, Response) == 1 and count(db, Answer) == len(answers_of(db, db.session.scalars(sa.select(Response)).one()))


def test_repeat_browser_is_flagged_not_blocked(make_survey, resident, db):
    make_survey()
    complete(resident)
    complete(resident)
    flags = db.session.scalars(sa.select(Response.repeat_browser).order_by(Response.id)).all()
    assert flags == [False, True]


def test_save_and_resume_with_code_on_another_device(make_survey, resident, db, app):
    make_survey()
    r = resident("every-type")
    r.start()
    r.post(1, VALID_PAGES[0])
    r.open(2)
    saved = r.post(2, {"q_team": "clinicians"}, action="save")
    assert saved.status_code == 200
    import re

    code = re.search(r'code-display__value">([A-Z0-9-]+)<', r.html).group(1)
    other = app.test_client()
    page = other.get("/s/every-type/resume").get_data(as_text=True)
    resumed = other.post("/s/every-type/resume", data={"code": code.lower().replace("-", " "), "csrf_token": csrf_from(page)})
    assert resumed.status_code == 302, resumed.get_data(as_text=True)[resumed.get_data(as_text=True).find("<h1"):][:400]
    assert resumed.headers["Location"].endswith("/p/2")
    html = other.get("/s/every-type/p/2").get_data(as_text=True)
    assert 'value="clinicians" checked' in html
    # The code works once.
    again = other.post("/s/every-type/resume", data={"code": code, "csrf_token": csrf_from(page)})
    assert again.status_code == 400 and "was not found" in again.get_data(as_text=True)


def test_spanish_interface_and_content(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start(lang="es")
    assert '<html lang="es" dir="ltr">' in r.html
    assert "¿Qué llamadas?" in r.html and "Página 1 de 3" in r.html
    for number, page in enumerate(VALID_PAGES, 1):
        r.post(number, page)
        if number < 3:
            r.open(number + 1)
    response = db.session.scalars(sa.select(Response)).one()
    assert response.locale == "es"


def test_arabic_is_right_to_left_and_falls_back_visibly(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start(lang="ar")
    assert '<html lang="ar" dir="rtl">' in r.html
    r.post(1, VALID_PAGES[0])
    html = r.open(2).get_data(as_text=True)
    # q_followup has no Arabic label: shown in English, marked as English, with a note.
    assert '<span lang="en">Should they follow up?</span>' in html
    assert "translation-note" in html


def test_closed_and_draft_surveys_take_no_answers(make_survey, client, db):
    make_survey(slug="closed-one", status="closed")
    make_survey(slug="draft-one", status="draft")
    assert "closed" in client.get("/s/closed-one").get_data(as_text=True)
    assert client.get("/s/draft-one").status_code == 404
    assert client.get("/s/no-such-survey").status_code == 404


def test_same_page_condition_on_a_scale_names_the_points_for_readers_without_javascript(make_survey, resident):
    make_survey()
    r = resident("every-type")
    r.start()
    assert "Answer this only if you chose: 1 / 2" in r.html


def test_a_survey_answered_with_nothing_optional_still_stores_one_response(make_survey, resident, db):
    from tests.surveys.definitions import t

    make_survey({"slug": "all-optional", "title": t("Optional"), "status": "open", "locales": ["en"],
                 "sections": [{"title": t("One"), "questions": [{"key": "q", "type": "short_text", "label": t("Say")}]}]})
    r = resident("all-optional")
    r.start()
    assert r.post(1, {}).status_code == 302
    assert count(db, Response) == 1 and count(db, Answer) == 0
