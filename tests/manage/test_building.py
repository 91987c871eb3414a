"""Organizers build a survey through the real /manage/ routes: settings, pages, questions, conditions."""
from __future__ import annotations

import sqlalchemy as sa

from engage.models import AuditEvent, Choice, Question, Section, Survey
from tests.manage.helpers import count, one, post_form, sign_in, token

NEW_SURVEY = {
    "title": "Responder pilot", "slug": "pilot", "default_locale": "en", "locales": ["en", "es", "ar"],
    "intro": "Tell us.", "privacy_notice": "No names.", "thank_you": "Thanks!", "response_policy": "open",
    "opens_at": "", "closes_at": "",
}


def create(client, **overrides):
    return post_form(client, "/manage/surveys/new", {**NEW_SURVEY, **overrides})


def test_create_survey_and_edit_its_settings(client, db, make_user, auth):
    user = sign_in(make_user, auth)
    response = create(client, opens_at="2030-01-01T09:00", closes_at="2030-02-01T09:00")
    assert response.status_code == 302
    survey = one(db, Survey, Survey.slug == "pilot")
    assert survey.title == {"en": "Responder pilot"} and survey.status == "draft"
    assert survey.offered_locales == ["en", "es", "ar"] and survey.thank_you == {"en": "Thanks!"}
    assert survey.opens_at.year == 2030 and survey.closes_at.month == 2
    assert len(survey.sections) == 1  # a first page to put questions on
    assert one(db, AuditEvent, AuditEvent.action == "survey.create").user_id == user.id

    url = f"/manage/surveys/{survey.id}/settings"
    response = post_form(client, url, {**NEW_SURVEY, "title": "Responder pilot 2025", "response_policy": "invite", "opens_at": "2030-01-01T09:00", "closes_at": "2030-02-01T09:00"})
    assert response.status_code == 302
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert survey.title["en"] == "Responder pilot 2025" and survey.response_policy == "invite"
    event = one(db, AuditEvent, AuditEvent.action == "survey.edit")
    assert set(event.detail["fields"]) == {"title", "response_policy"}


def test_bad_survey_settings_give_errors_and_keep_input(client, db, make_user, auth):
    sign_in(make_user, auth)
    response = create(client, title="", slug="Not A Slug!", intro="Keep me", closes_at="2020-01-01T00:00", opens_at="2021-01-01T00:00")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and 'href="#title"' in html and 'href="#slug"' in html
    assert "Keep me" in html and "The closing time must be after the opening time." in html
    assert count(db, Survey) == 0
    create(client)
    response = create(client, title="Another")
    assert response.status_code == 400 and "already uses this web address" in response.get_data(as_text=True)


def test_slug_is_frozen_once_open(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()  # open
    response = post_form(client, f"/manage/surveys/{survey.id}/settings", {**NEW_SURVEY, "slug": "renamed"})
    assert response.status_code == 400 and "cannot change once the survey has opened" in response.get_data(as_text=True)


def test_pages_add_rename_reorder_delete(client, db, make_user, auth):
    sign_in(make_user, auth)
    create(client)
    survey = one(db, Survey)
    sid = survey.id
    first = survey.sections[0].id
    for title in ("Second", "Third"):
        assert post_form(client, f"/manage/surveys/{sid}/sections/new", {"title": title, "intro": ""}).status_code == 302
    assert post_form(client, f"/manage/surveys/{sid}/sections/{first}", {"title": "First", "intro": "Hello"}).status_code == 302

    def titles():
        db.session.expire_all()
        return [s.title.get("en") for s in db.session.scalars(sa.select(Section).where(Section.survey_id == sid).order_by(Section.position))]

    assert titles() == ["First", "Second", "Third"]
    third = next(s for s in db.session.scalars(sa.select(Section)) if s.title.get("en") == "Third")
    # Move buttons are plain forms: no JavaScript involved.
    page = client.get(f"/manage/surveys/{sid}").get_data(as_text=True)
    assert f'action="/manage/surveys/{sid}/sections/{third.id}/move"' in page and 'value="up"' in page
    client.post(f"/manage/surveys/{sid}/sections/{third.id}/move", data={"direction": "up", "csrf_token": token(client)})
    assert titles() == ["First", "Third", "Second"]
    client.post(f"/manage/surveys/{sid}/sections/{first}/move", data={"direction": "down", "csrf_token": token(client)})
    assert titles() == ["Third", "First", "Second"]
    client.post(f"/manage/surveys/{sid}/sections/{third.id}/delete", data={"csrf_token": token(client)})
    assert titles() == ["First", "Second"]


def test_non_empty_page_cannot_be_deleted(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()
    sid, section = survey.id, survey.sections[0].id
    response = client.post(f"/manage/surveys/{sid}/sections/{section}/delete", data={"csrf_token": token(client)}, follow_redirects=True)
    assert "Only an empty page can be deleted" in response.get_data(as_text=True)
    assert count(db, Section, Section.id == section) == 1


QUESTION_FORMS = {
    "single_choice": ({"allow_other": "y", "choices": "Clinicians\npeer = Peer specialists"},
                      {"allow_other": True}, ["clinicians", "peer"]),
    "multiple_choice": ({"min_choices": "1", "max_choices": "2", "choices": "A\nB\nC"},
                        {"allow_other": False, "min_choices": 1, "max_choices": 2}, ["a", "b", "c"]),
    "likert": ({"scale": "4", "point_labels": "Never\n\n\nAlways", "dont_know": "y"},
               {"scale": 4, "dont_know": True, "point_labels": [{"en": "Never"}, {}, {}, {"en": "Always"}]}, []),
    "ranking": ({"rank_count": "2", "choices": "Time\nCost\nTrust"}, {"rank_count": 2}, ["time", "cost", "trust"]),
    "short_text": ({"max_length": "80"}, {"max_length": 80}, []),
    "long_text": ({"min_length": "5", "max_length": "900"}, {"min_length": 5, "max_length": 900}, []),
    "number": ({"min_value": "0", "max_value": "24.5", "integer": ""}, {"min": 0, "max": 24.5, "integer": False}, []),
    "yes_no": ({}, {}, []),
    "demographic": ({"segment": "housing", "choices": "Own\nRent\nunhoused = Currently unhoused"}, {"segment": "housing"}, ["own", "rent", "unhoused"]),
}


def test_add_a_question_of_every_type(client, db, make_user, auth):
    sign_in(make_user, auth)
    create(client)
    survey = one(db, Survey)
    sid, section = survey.id, survey.sections[0].id
    for kind, (fields, settings, codes) in QUESTION_FORMS.items():
        url = f"/manage/surveys/{sid}/sections/{section}/questions/new?type={kind}"
        data = {"type": kind, "key": f"q_{kind}", "label": f"What about {kind}?", "help": "", "required": "y", **fields}
        response = post_form(client, url, data, action=url)
        assert response.status_code == 302, (kind, response.get_data(as_text=True)[:3000])
        q = one(db, Question, Question.key == f"q_{kind}")
        assert q.type == kind and q.required and q.label == {"en": f"What about {kind}?"}
        assert q.settings == settings, kind
        assert q.choice_codes() == codes
    keys = [q.key for q in db.session.scalars(sa.select(Question).order_by(Question.position))]
    assert keys == [f"q_{k}" for k in QUESTION_FORMS]
    # The survey can be opened and answered: every type renders for residents.
    client.post(f"/manage/surveys/{sid}/open", data={"csrf_token": token(client)})
    assert client.get("/s/pilot").status_code == 200


def test_question_form_errors_keep_input(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()
    sid, section = survey.id, survey.sections[0].id
    url = f"/manage/surveys/{sid}/sections/{section}/questions/new?type=multiple_choice"
    response = post_form(client, url, {"type": "multiple_choice", "key": "q_safe", "label": "Keep this label",
                                       "min_choices": "3", "max_choices": "2", "choices": "A\nB"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Keep this label" in html
    assert "The most must not be smaller than the fewest." in html
    response = post_form(client, url, {"type": "multiple_choice", "key": "q_safe", "label": "Keep this label", "choices": "A\nB"})
    assert response.status_code == 400 and "already uses the key q_safe" in response.get_data(as_text=True)
    response = post_form(client, url.replace("multiple_choice", "number"), {"type": "number", "key": "q_n", "label": "N", "min_value": "ten"})
    assert response.status_code == 400 and "Enter a number, like 0 or 100." in response.get_data(as_text=True)
    response = post_form(client, url.replace("multiple_choice", "demographic"), {"type": "demographic", "key": "q_d", "label": "D", "choices": "A"})
    assert response.status_code == 400 and "Choose the segment" in response.get_data(as_text=True)


def test_demographic_block_adds_five_optional_translated_questions(client, db, make_user, auth):
    sign_in(make_user, auth)
    create(client)
    sid = one(db, Survey).id
    client.post(f"/manage/surveys/{sid}/demographics", data={"csrf_token": token(client)})
    questions = db.session.scalars(sa.select(Question).where(Question.type == "demographic").order_by(Question.position)).all()
    assert [q.key for q in questions] == ["district", "age_band", "home_language", "race_ethnicity", "housing"]
    assert [q.segment for q in questions] == [q.key for q in questions]
    assert not any(q.required for q in questions)
    housing = questions[-1]
    assert "unhoused" in housing.choice_codes()
    for q in questions:
        assert set(q.label) == {"en", "es", "ar"} and all(set(c.label) == {"en", "es", "ar"} for c in q.choices)
    # A second block does not clash with the first one's keys.
    client.post(f"/manage/surveys/{sid}/demographics", data={"csrf_token": token(client)})
    assert count(db, Question, Question.key == "district_2") == 1


def test_display_condition_names_an_earlier_question(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()
    sid = survey.id
    team = one(db, Question, Question.key == "q_team")
    line = one(db, Question, Question.key == "q_line")
    url = f"/manage/surveys/{sid}/questions/{line.id}/condition"
    page = client.get(url + "?source=q_team").get_data(as_text=True)
    assert 'value="peers"' in page and "q_categories" in page and "q_unsafe_detail" not in page.split('id="source"')[1].split("</select>")[0]
    response = post_form(client, url + "?source=q_team", {"source": "q_team", "values": ["peers", "emts"], "action": "save"}, action=url)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, line.id).condition == {"question": "q_team", "op": "any_of", "value": ["peers", "emts"]}
    # A likert source keeps its values as numbers, as the residents' logic compares them.
    post_form(client, url + "?source=q_safe", {"source": "q_safe", "values": ["1", "2"]}, action=url)
    db.session.expire_all()
    assert db.session.get(Question, line.id).condition["value"] == [1, 2]
    # A later question cannot be named.
    response = post_form(client, f"/manage/surveys/{sid}/questions/{team.id}/condition", {"source": "q_line", "values": ["x"]})
    assert response.status_code == 400 and "earlier in the survey" in response.get_data(as_text=True)
    # Section condition, then remove it.
    section = survey.sections[3].id
    surl = f"/manage/surveys/{sid}/sections/{section}/condition"
    post_form(client, surl, {"source": "q_followup", "values": ["yes"]})
    db.session.expire_all()
    assert db.session.get(Section, section).condition == {"question": "q_followup", "op": "any_of", "value": ["yes"]}
    post_form(client, surl, {"action": "remove"})
    db.session.expire_all()
    assert db.session.get(Section, section).condition is None


def test_reorder_questions_and_refuse_a_move_that_breaks_a_condition(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()
    sid, first_page = survey.id, survey.sections[0].id

    def keys():
        db.session.expire_all()
        return [q.key for q in db.session.scalars(sa.select(Question).where(Question.survey_id == sid).order_by(Question.position))]

    before = keys()
    rank = one(db, Question, Question.key == "q_rank").id
    client.post(f"/manage/surveys/{sid}/questions/{rank}/move", data={"direction": "up", "csrf_token": token(client)})
    after = keys()
    i = before.index("q_team")
    assert after[i:i + 2] == ["q_rank", "q_team"]
    # The first question on a page moves to the end of the previous page.
    client.post(f"/manage/surveys/{sid}/questions/{rank}/move", data={"direction": "up", "csrf_token": token(client)})
    q = one(db, Question, Question.id == rank)
    assert q.section_id == first_page
    # q_why depends on q_safe: moving it above q_safe is refused and nothing changes.
    why = one(db, Question, Question.key == "q_why").id
    client.post(f"/manage/surveys/{sid}/questions/{why}/move", data={"direction": "up", "csrf_token": token(client)})
    order = keys()
    response = client.post(f"/manage/surveys/{sid}/questions/{why}/move", data={"direction": "up", "csrf_token": token(client)}, follow_redirects=True)
    assert "depends on" in response.get_data(as_text=True)
    assert keys() == order and order.index("q_safe") < order.index("q_why")


def test_delete_question_without_answers_and_choice_edits(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()
    sid = survey.id
    line = one(db, Question, Question.key == "q_line").id
    client.post(f"/manage/surveys/{sid}/questions/{line}/delete", data={"csrf_token": token(client)})
    assert count(db, Question, Question.key == "q_line") == 0
    # A question another one depends on cannot go.
    safe = one(db, Question, Question.key == "q_safe").id
    response = client.post(f"/manage/surveys/{sid}/questions/{safe}/delete", data={"csrf_token": token(client)}, follow_redirects=True)
    assert "Change that display condition first" in response.get_data(as_text=True)
    # Options: add, relabel, recode (no answers: in place), reorder, delete.
    team = one(db, Question, Question.key == "q_team")
    tid = team.id
    url = f"/manage/surveys/{sid}/questions/{tid}"
    post_form(client, url, {"new_label": "Social workers", "new_code": ""}, action=url + "/choices/new")
    choices = {c.code: c.id for c in db.session.scalars(sa.select(Choice).where(Choice.question_id == tid))}
    assert "social_workers" in choices
    edits = {f"label-{cid}": code.upper() for code, cid in choices.items()}
    edits.update({f"code-{cid}": code for code, cid in choices.items()})
    edits[f"code-{choices['emts']}"] = "emt"
    assert post_form(client, url, {**edits, "op": "save"}, action=url + "/choices").status_code == 302
    db.session.expire_all()
    team = db.session.get(Question, tid)
    assert not team.retired and "emt" in team.choice_codes() and team.active_choices[0].label["en"] == "CLINICIANS"
    assert team.active_choices[0].label["es"] == "ES clinicians"  # other translations kept
    post_form(client, url, {"op": f"down-{choices['clinicians']}"}, action=url + "/choices")
    db.session.expire_all()
    assert db.session.get(Question, tid).choice_codes()[:2] == ["peers", "clinicians"]
    post_form(client, url, {"op": f"remove-{choices['peers']}"}, action=url + "/choices")
    db.session.expire_all()
    assert "peers" not in [c.code for c in db.session.get(Question, tid).choices]
