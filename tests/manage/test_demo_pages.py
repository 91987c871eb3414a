"""Every organizer page renders for the real demo survey (all question types, conditions, likert labels) in en, es and ar."""
from tests.manage.helpers import sign_in


def test_render_every_question_and_condition_page_of_the_demo(client, db, make_user, auth, make_survey):
    import copy
    from engage.demo.community_responders import DEFINITION
    sign_in(make_user, auth)
    survey = make_survey(copy.deepcopy(DEFINITION))
    sid = survey.id
    qids = [q.id for q in survey.questions]
    secs = [s.id for s in survey.sections]
    for path in [f"/manage/surveys/{sid}", f"/manage/surveys/{sid}/translations", f"/manage/surveys/{sid}/results"]:
        for lang in ("en", "es", "ar"):
            assert client.get(f"{path}?lang={lang}").status_code == 200, path
    for qid in qids:
        assert client.get(f"/manage/surveys/{sid}/questions/{qid}").status_code == 200
        assert client.get(f"/manage/surveys/{sid}/questions/{qid}/condition").status_code == 200
    for s in secs:
        assert client.get(f"/manage/surveys/{sid}/sections/{s}/condition").status_code == 200


def test_lists_in_arabic_pages_use_the_arabic_comma(client, db, make_user, auth, make_survey):
    import copy
    from engage.demo.community_responders import DEFINITION
    from engage.web import list_separator

    assert (list_separator("ar"), list_separator("es-MX"), list_separator("fa_IR")) == ("، ", ", ", "، ")
    sign_in(make_user, auth)
    sid = make_survey(copy.deepcopy(DEFINITION)).id
    arabic = client.get(f"/manage/surveys/{sid}?lang=ar").get_data(as_text=True)
    english = client.get(f"/manage/surveys/{sid}?lang=en").get_data(as_text=True)
    assert '</span>، <span lang="' in arabic and '</span>, <span lang="' not in arabic
    assert '</span>, <span lang="' in english
