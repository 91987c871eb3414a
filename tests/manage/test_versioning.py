"""Once residents have answered, an organizer's edit never changes what a stored answer means."""
from __future__ import annotations

import sqlalchemy as sa

from engage.models import Answer, Choice, Draft, Question, Response
from tests.manage.helpers import complete, count, one, post_form, sign_in, token
from tests.surveys.definitions import VALID_PAGES


def question_data(q, **changes):
    """The edit form as the page would send it for `q`, with `changes`."""
    s = q.settings or {}
    data = {
        "type": q.type, "key": q.key, "label": q.label.get("en", ""), "help": q.help.get("en", ""),
        "required": "y" if q.required else "", "allow_other": "y" if s.get("allow_other") else "",
        "max_choices": s.get("max_choices", ""), "min_choices": s.get("min_choices", ""), "scale": s.get("scale", 5),
        "dont_know": "y" if s.get("dont_know", True) else "", "rank_count": s.get("rank_count", ""),
        "max_length": s.get("max_length", ""), "min_length": s.get("min_length", ""),
        "min_value": s.get("min", ""), "max_value": s.get("max", ""), "integer": "y" if s.get("integer", True) else "",
        "segment": s.get("segment", ""),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def edit(client, survey_id, q, **changes):
    url = f"/manage/surveys/{survey_id}/questions/{q.id}"
    return post_form(client, url, question_data(q, **changes))


def answered_survey(make_survey, resident, make_user, auth, db):
    survey = make_survey()
    complete(resident)
    sign_in(make_user, auth)
    return survey.id


def stored(db, key):
    return db.session.execute(
        sa.select(Question.id, Question.version, Answer.value).join(Answer, Answer.question_id == Question.id).where(Question.key == key)
    ).all()


def test_wording_changes_are_saved_in_place(client, db, make_survey, resident, make_user, auth):
    sid = answered_survey(make_survey, resident, make_user, auth, db)
    safe = one(db, Question, Question.key == "q_safe")
    page = client.get(f"/manage/surveys/{sid}/questions/{safe.id}").get_data(as_text=True)
    assert "1 resident has answered this question." in page and "new version" in page
    response = edit(client, sid, safe, label="Do you feel safe calling 9-1-1?", help="Think of the last year.", required="")
    assert response.status_code == 302
    db.session.expire_all()
    q = db.session.get(Question, safe.id)
    assert not q.retired and q.version == 1
    assert q.label == {"en": "Do you feel safe calling 9-1-1?", "es": "¿Se siente seguro al llamar al 911?",
                       "ar": "هل تشعر بالأمان عند الاتصال بـ 911؟"}
    assert q.help["en"] == "Think of the last year." and not q.required
    assert count(db, Question, Question.key == "q_safe") == 1
    # Raising a limit keeps every stored answer valid: in place too.
    line = one(db, Question, Question.key == "q_line")
    edit(client, sid, line, max_length="100")
    db.session.expire_all()
    assert db.session.get(Question, line.id).setting("max_length") == 100 and count(db, Question, Question.key == "q_line") == 1


def test_changing_the_scale_makes_a_new_version(client, db, make_survey, resident, make_user, auth):
    sid = answered_survey(make_survey, resident, make_user, auth, db)
    safe = one(db, Question, Question.key == "q_safe")
    # A resident is half-way through: their draft answer was given to the old version.
    r = resident("every-type")
    r.start()
    r.post(1, VALID_PAGES[0])
    response = edit(client, sid, safe, scale="7")
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved as version 2 of the question, because the number of points on the scale changed." in follow
    db.session.expire_all()
    old = db.session.get(Question, safe.id)
    new = one(db, Question, Question.key == "q_safe", Question.retired.is_(False))
    assert old.retired and old.setting("scale") == 5
    assert new.id != old.id and new.version == 2 and new.replaces_id == old.id and new.setting("scale") == 7
    assert new.label == old.label and new.section_id == old.section_id and new.position == old.position + 1
    # The stored answer still belongs to version 1 and still means "4 of 5".
    assert stored(db, "q_safe") == [(old.id, 1, 4)]
    # Dependent conditions still name the key, so they follow the new version.
    assert one(db, Question, Question.key == "q_why").condition["question"] == "q_safe"
    # The draft's answer to the old version is dropped, so it is asked again rather than mis-stored.
    assert all("q_safe" not in (d.answers or {}) for d in db.session.scalars(sa.select(Draft)))
    # Residents now answer the new version; the export keeps both.
    complete(resident, pages=[{**VALID_PAGES[0], "q_safe": "7"}, *VALID_PAGES[1:]])
    assert sorted(v for _id, _v, v in stored(db, "q_safe")) == [4, 7]
    assert count(db, Response) == 2


def test_type_change_and_tighter_limits_make_new_versions(client, db, make_survey, resident, make_user, auth):
    sid = answered_survey(make_survey, resident, make_user, auth, db)
    line = one(db, Question, Question.key == "q_line")  # answered "More help at night" (18 characters)
    edit(client, sid, line, max_length="10")
    db.session.expire_all()
    assert db.session.get(Question, line.id).retired
    v2 = one(db, Question, Question.key == "q_line", Question.retired.is_(False))
    assert v2.version == 2 and v2.setting("max_length") == 10
    # v2 has no answers yet, so changing it again happens in place.
    edit(client, sid, v2, type="long_text", max_length="10")
    db.session.expire_all()
    assert db.session.get(Question, v2.id).type == "long_text" and count(db, Question, Question.key == "q_line") == 2
    calls = one(db, Question, Question.key == "q_calls")  # answered 3
    edit(client, sid, calls, min_value="5")
    db.session.expire_all()
    assert db.session.get(Question, calls.id).retired
    cats = one(db, Question, Question.key == "q_categories")  # answered 2 options
    edit(client, sid, cats, max_choices="1")
    db.session.expire_all()
    assert one(db, Question, Question.key == "q_categories", Question.retired.is_(False)).version == 2
    team = one(db, Question, Question.key == "q_team")
    response = edit(client, sid, team, type="yes_no")
    db.session.expire_all()
    assert db.session.get(Question, team.id).retired and db.session.get(Question, team.id).choice_codes() == ["clinicians", "peers", "emts"]
    assert one(db, Question, Question.key == "q_team", Question.retired.is_(False)).type == "yes_no"


def test_key_cannot_change_once_answered(client, db, make_survey, resident, make_user, auth):
    sid = answered_survey(make_survey, resident, make_user, auth, db)
    safe = one(db, Question, Question.key == "q_safe")
    response = edit(client, sid, safe, key="q_safety")
    assert response.status_code == 400 and "its key cannot change" in response.get_data(as_text=True)


def test_choices_with_answers_are_retired_and_recoding_them_makes_a_version(client, db, make_survey, resident, make_user, auth):
    sid = answered_survey(make_survey, resident, make_user, auth, db)
    team = one(db, Question, Question.key == "q_team")  # answered "peers"
    tid = team.id
    url = f"/manage/surveys/{sid}/questions/{tid}"
    choices = {c.code: c.id for c in team.choices}
    # Relabel and recode an option nobody chose: in place.
    data = {f"label-{cid}": code for code, cid in choices.items()} | {f"code-{cid}": code for code, cid in choices.items()}
    data[f"code-{choices['emts']}"] = "emt"
    data[f"label-{choices['peers']}"] = "Peer specialists"
    post_form(client, url, {**data, "op": "save"}, action=url + "/choices")
    db.session.expire_all()
    q = db.session.get(Question, tid)
    assert not q.retired and q.choice_codes() == ["clinicians", "peers", "emt"]
    assert q.choices[1].label == {"en": "Peer specialists", "es": "ES peers", "ar": "AR peers"}
    # Removing the chosen option retires it: the answer "peers" keeps its label.
    post_form(client, url, {"op": f"remove-{choices['peers']}"}, action=url + "/choices")
    db.session.expire_all()
    q = db.session.get(Question, tid)
    assert q.choice_codes() == ["clinicians", "emt"] and one(db, Choice, Choice.id == choices["peers"]).retired
    # Recoding a chosen option makes a new version.
    post_form(client, url, {"op": f"remove-{choices['clinicians']}"}, action=url + "/choices")  # unchosen: deleted
    assert count(db, Choice, Choice.id == choices["clinicians"]) == 0
    db.session.expire_all()
    # Put "peers" back to test recoding: un-retire it as an import would.
    one(db, Choice, Choice.id == choices["peers"]).retired = False
    db.session.commit()
    data = {f"label-{choices['peers']}": "Peers", f"code-{choices['peers']}": "peer_specialists",
            f"label-{choices['emts']}": "EMTs", f"code-{choices['emts']}": "emt"}
    response = post_form(client, url, {**data, "op": "save"}, action=url + "/choices")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, tid).retired
    new = one(db, Question, Question.key == "q_team", Question.retired.is_(False))
    assert new.version == 2 and sorted(new.choice_codes()) == ["emt", "peer_specialists"]
    assert stored(db, "q_team") == [(tid, 1, "peers")]


def test_question_with_answers_is_retired_not_deleted(client, db, make_survey, resident, make_user, auth):
    sid = answered_survey(make_survey, resident, make_user, auth, db)
    line = one(db, Question, Question.key == "q_line")
    response = client.post(f"/manage/surveys/{sid}/questions/{line.id}/delete", data={"csrf_token": token(client)}, follow_redirects=True)
    assert "it was retired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Question, line.id).retired and stored(db, "q_line") == [(line.id, 1, "More help at night")]
