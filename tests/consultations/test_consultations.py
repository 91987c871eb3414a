"""Consultations: the ready-made template, copying it through the organizer routes, the public page."""
from __future__ import annotations

import re

import pytest

from engage.consultations.starter import COMMUNITY_RESPONDERS
from engage.demo.community_responders import DEFINITION
from tests.conftest import csrf_from
from tests.sessions.helpers import create_consultation, form_page, small_survey

LOCALES = ("en", "es", "ar")


def test_template_covers_every_design_question_in_three_languages():
    keys = [topic["key"] for topic in COMMUNITY_RESPONDERS["topics"]]
    assert keys == ["calls_today", "what_it_is", "call_categories", "team_skills", "run_by", "department",
                    "pilot_scope", "follow_up", "evaluation", "staying_involved"]
    demo_keys = {q["key"] for s in DEFINITION["sections"] for q in s["questions"]}
    demo_choices = {q["key"]: {c["code"] for c in q.get("choices", [])} for s in DEFINITION["sections"] for q in s["questions"]}
    for topic in COMMUNITY_RESPONDERS["topics"]:
        for field in ("title", "briefing"):
            assert all(topic[field].get(loc, "").strip() for loc in LOCALES), (topic["key"], field)
        for option in topic["options"]:
            assert all(option["label"][loc].strip() and option["tradeoffs"][loc].strip() for loc in LOCALES), option["code"]
        # Every link points at a real question of the demo survey, and option codes are its choice codes.
        assert set(topic["question_keys"]) <= demo_keys, topic["key"]
        codes = {o["code"] for o in topic["options"]}
        if codes:
            assert codes <= set().union(*(demo_choices[k] for k in topic["question_keys"])), topic["key"]
    run_by = next(t for t in COMMUNITY_RESPONDERS["topics"] if t["key"] == "run_by")
    trade = run_by["briefing"]["en"].lower()
    for factor in ("job", "fast", "trust", "where the program lives", "lived experience"):
        assert factor in trade


def words_per_sentence(text: str) -> float:
    sentences = [s for s in re.split(r"[.!?]+\s", text) if s.strip()]
    return sum(len(s.split()) for s in sentences) / len(sentences)


def test_briefings_are_written_in_short_sentences():
    """A rough reading-level guard: grade 6-8 text averages well under 20 words a sentence."""
    for topic in COMMUNITY_RESPONDERS["topics"]:
        assert words_per_sentence(topic["briefing"]["en"]) < 18, topic["key"]


@pytest.fixture
def organizer(make_user, auth):
    make_user("organizer")
    auth.login()


def test_copy_template_adapt_a_topic_and_show_it_publicly(organizer, client, make_survey):
    survey = make_survey(small_survey())
    draft_page = client.get("/manage/consultations/new?from_template=community-responders")
    token = csrf_from(draft_page.get_data(as_text=True))
    taken = client.post("/manage/consultations/new", data={"csrf_token": token, "slug": "Bad Slug!", "survey": str(survey.id)})
    assert taken.status_code == 400 and "lowercase letters" in taken.get_data(as_text=True)

    consultation_id = create_consultation(client, survey.id)
    page = client.get(f"/manage/consultations/{consultation_id}").get_data(as_text=True)
    assert "Which department runs it" in page and "Missing translations" in page

    # Adapt: reword a topic's English title, drop a question link the survey does not have.
    topic_id = int(re.search(rf"/manage/consultations/{consultation_id}/topics/(\d+)\">Who is on the team", page).group(1))
    html, token = form_page(client, f"/manage/consultations/{consultation_id}/topics/{topic_id}")
    data = {name: value for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html) if name != "csrf_token"}
    data.update({name: text for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', html)})
    data.update({"csrf_token": token, "title__en": "Who is on Riverton's team", "minutes": "12", "question_keys": ["call_categories"]})
    bad = client.post(f"/manage/consultations/{consultation_id}/topics/{topic_id}", data={**data, "question_keys": ["no_such_question"]})
    assert bad.status_code == 400 and "These questions are not in the survey: no_such_question" in bad.get_data(as_text=True)
    saved = client.post(f"/manage/consultations/{consultation_id}/topics/{topic_id}", data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)

    public = client.get("/c/riverton").get_data(as_text=True)
    assert "Who is on Riverton&#39;s team" in public
    # The in-house/contract briefing sits beside the survey's question about it.
    section = public[public.index('id="topic-run_by"'):public.index('id="topic-department"')]
    assert "Five things to weigh" in section and "Who should employ the responders?" in section
    assert 'href="/s/responders-small"' in public
    spanish = client.get("/c/riverton?lang=es").get_data(as_text=True)
    assert "Personal de la ciudad o un contrato externo" in spanish and 'lang="es"' in spanish
    arabic = client.get("/c/riverton?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "موظفو المدينة أم عقد خارجي" in arabic
    home = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/c/riverton"' in home


def test_a_draft_consultation_is_not_public(organizer, client, make_survey):
    survey = make_survey(small_survey())
    token = csrf_from(client.get("/manage/consultations/new").get_data(as_text=True))
    client.post("/manage/consultations/new", data={"csrf_token": token, "slug": "draft-one", "survey": str(survey.id), "template": ""})
    assert client.get("/c/draft-one").status_code == 404
    assert client.get("/c/nothing-here").status_code == 404


def test_organizer_pages_refuse_anonymous_and_analysts(client, make_user, auth):
    assert client.get("/manage/consultations/").status_code == 302
    make_user("analyst")
    auth.login("analyst@example.org")
    assert client.get("/manage/consultations/").status_code == 403
    assert client.get("/manage/consultations/new").status_code == 403
