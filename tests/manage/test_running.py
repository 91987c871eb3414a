"""Running a survey: open and close, translations side by side, preview, invite codes, counts and the CSV."""
from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa

from engage.manage.exports import neutralise
from engage.models import AuditEvent, Draft, InviteCode, Question, Response, Survey
from tests.conftest import csrf_from
from tests.manage.helpers import complete, count, one, post_form, sign_in, token
from tests.surveys.definitions import VALID_PAGES, every_type_survey


def test_open_and_close_with_audit_and_translated_refusals(client, db, make_user, auth, make_survey):
    user = sign_in(make_user, auth)
    survey = make_survey(status="draft")
    sid = survey.id
    client.post(f"/manage/surveys/{sid}/open", data={"csrf_token": token(client)})
    assert one(db, Survey).status == "open"
    response = client.post(f"/manage/surveys/{sid}/open", data={"csrf_token": token(client)}, follow_redirects=True)
    assert "The survey is already open." in response.get_data(as_text=True)
    client.post(f"/manage/surveys/{sid}/close", data={"csrf_token": token(client)})
    db.session.expire_all()
    assert one(db, Survey).status == "closed"
    response = client.post(f"/manage/surveys/{sid}/close?lang=es", data={"csrf_token": token(client)}, follow_redirects=True)
    assert response.status_code == 200
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["survey.open", "survey.close"]
    assert all(e.user_id == user.id for e in db.session.scalars(sa.select(AuditEvent)))


def test_an_empty_survey_cannot_open(client, db, make_user, auth):
    sign_in(make_user, auth)
    page = client.get("/manage/surveys/new")
    client.post("/manage/surveys/new", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "title": "Empty", "slug": "empty",
                                             "default_locale": "en", "locales": ["en"], "response_policy": "open"})
    sid = one(db, Survey).id
    response = client.post(f"/manage/surveys/{sid}/open", data={"csrf_token": token(client)}, follow_redirects=True)
    assert "Add at least one question before opening the survey." in response.get_data(as_text=True)
    assert one(db, Survey).status == "draft" and count(db, AuditEvent, AuditEvent.action == "survey.open") == 0


def test_translations_side_by_side_flag_and_count_missing(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()  # q_followup has no Arabic label; help texts are empty (nothing to translate)
    sid = survey.id
    url = f"/manage/surveys/{sid}/translations"
    html = client.get(url).get_data(as_text=True)
    followup = one(db, Question, Question.key == "q_followup")
    ar_name = f"question-{followup.id}-label--ar"
    assert f'id="{ar_name}-missing"' in html and "Missing" in html
    missing_ar = int(re.search(r'lang="ar">العربية</span>: <span class="tag tag--missing">(\d+) missing', html).group(1))
    assert missing_ar == 1  # only q_followup's label: empty texts need no translation
    assert f'name="question-{followup.id}-label--es" value="¿Deben dar seguimiento?"' in html
    response = post_form(client, url, {ar_name: "هل يجب أن يتابعوا؟", f"question-{followup.id}-label--es": "¿Deben hacer seguimiento?"})
    assert response.status_code == 302
    db.session.expire_all()
    q = db.session.get(Question, followup.id)
    assert q.label == {"en": "Should they follow up?", "es": "¿Deben hacer seguimiento?", "ar": "هل يجب أن يتابعوا؟"}
    html = client.get(url).get_data(as_text=True)
    assert f'id="{ar_name}-missing"' not in html
    assert re.search(r'lang="ar">العربية</span>: <span class="tag tag--open">Complete', html)
    assert count(db, AuditEvent, AuditEvent.action == "survey.translate") == 1


def test_likert_point_labels_are_translatable(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()
    safe = one(db, Question, Question.key == "q_safe")
    url = f"/manage/surveys/{survey.id}/questions/{safe.id}"
    post_form(client, url, {"type": "likert", "key": "q_safe", "label": "Safe?", "scale": "5", "dont_know": "y",
                            "required": "y", "point_labels": "Not at all\n\n\n\nCompletely"})
    turl = f"/manage/surveys/{survey.id}/translations"
    html = client.get(turl).get_data(as_text=True)
    assert f'question-{safe.id}-point-0--es' in html
    post_form(client, turl, {f"question-{safe.id}-point-0--es": "Nada", f"question-{safe.id}-point-4--es": "Totalmente"})
    db.session.expire_all()
    points = db.session.get(Question, safe.id).setting("point_labels")
    assert points[0] == {"en": "Not at all", "es": "Nada"} and points[4] == {"en": "Completely", "es": "Totalmente"}


def test_preview_a_draft_in_any_language_stores_nothing(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey(status="draft")
    page = client.get(f"/manage/surveys/{survey.id}").get_data(as_text=True)
    assert "/s/every-type?preview=1&amp;lang=es" in page
    assert client.get("/s/every-type").status_code == 404  # residents cannot see a draft
    landing = client.get("/s/every-type?preview=1&lang=es")
    html = landing.get_data(as_text=True)
    assert landing.status_code == 200 and 'name="preview" value="1"' in html and "Encuesta de respuesta" in html
    start = client.post("/s/every-type/start", data={"csrf_token": csrf_from(html), "preview": "1"})
    assert start.status_code == 302
    page1 = client.get("/s/every-type/p/1").get_data(as_text=True)
    assert "¿Qué llamadas?" in page1
    from tests.conftest import draft_from

    html = page1
    for number, answers in enumerate(VALID_PAGES, 1):
        r = client.post(f"/s/every-type/p/{number}", data={"csrf_token": csrf_from(html), "draft": draft_from(html), "action": "next", **answers})
        assert r.status_code in (200, 302)
        if r.status_code == 302 and number < len(VALID_PAGES):
            html = client.get(r.headers["Location"]).get_data(as_text=True)
        elif r.status_code == 200:
            html = r.get_data(as_text=True)
    assert count(db, Response) == 0 and count(db, Draft) == 0


def test_previewing_in_another_language_leaves_the_organizers_own_language(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey(status="draft")
    assert "Encuesta de respuesta" in client.get("/s/every-type?preview=1&lang=es").get_data(as_text=True)
    assert "engage_lang=" not in (client.get("/s/every-type?preview=1&lang=es").headers.get("Set-Cookie") or "")
    own = client.get(f"/manage/surveys/{survey.id}")
    assert own.status_code == 200 and '<html lang="en"' in own.get_data(as_text=True)
    # ... while the preview itself stays in Spanish from page to page.
    assert "Encuesta de respuesta" in client.get("/s/every-type?preview=1").get_data(as_text=True)
    # The organizer's own choice is still remembered.
    client.get(f"/manage/surveys/{survey.id}?lang=ar")
    assert '<html lang="ar"' in client.get(f"/manage/surveys/{survey.id}").get_data(as_text=True)


def test_invite_codes_printable_sheet_and_use(client, db, make_user, auth, make_survey, resident):
    sign_in(make_user, auth)
    survey = make_survey(every_type_survey(policy="invite"))
    url = f"/manage/surveys/{survey.id}/invites"
    response = post_form(client, url, {"batch": "Library, March", "count": "5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    codes = re.findall(r'class="invite-card__code code-display__value" dir="ltr">([0-9A-Z]{4}-[0-9A-Z]{4})<', html)
    assert len(codes) == 5 and len(set(codes)) == 5
    assert html.count("<svg") == 5 and "http://127.0.0.1:5000/s/every-type" in html
    assert 'lang="es"' in html and 'lang="ar" dir="rtl"' in html and "style=" not in html
    assert "only time they can be shown" in html
    # Only hashes are stored.
    stored = [c.code_hash for c in db.session.scalars(sa.select(InviteCode))]
    assert len(stored) == 5 and not any(code.replace("-", "") in h or code in h for code in codes for h in stored)
    assert one(db, AuditEvent, AuditEvent.action == "invites.generate").detail == {"batch": "Library, March", "count": 5}
    listing = client.get(url).get_data(as_text=True)
    assert "Library, March" in listing and codes[0] not in listing
    # A code works once for a resident.
    r = resident("every-type")
    r.start(invite_code=codes[0].lower())
    assert "¿Qué llamadas?" in r.html or "Which calls?" in r.html


def test_invite_form_errors(client, db, make_user, auth, make_survey):
    sign_in(make_user, auth)
    survey = make_survey()  # open policy
    page = client.get(f"/manage/surveys/{survey.id}/invites").get_data(as_text=True)
    assert "needs no invite codes" in page
    response = client.post(f"/manage/surveys/{survey.id}/invites", data={"csrf_token": token(client), "batch": "x", "count": "3"})
    assert response.status_code == 400 and count(db, InviteCode) == 0
    survey = make_survey(every_type_survey(slug="inv", policy="invite"))
    response = post_form(client, f"/manage/surveys/{survey.id}/invites", {"batch": "", "count": "5000"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Name the batch." in html and "from 1 to 1000" in html


def test_dashboard_and_results_count_responses(client, db, make_user, auth, make_survey, resident):
    survey = make_survey()
    complete(resident)
    complete(resident, lang="es")
    sign_in(make_user, auth, role="analyst")
    html = client.get("/manage/?lang=en").get_data(as_text=True)
    row = html.split("Responder survey", 1)[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["2", "2"]  # total, today
    assert "Web 2" in row and "English</span> 1" in row and "Español</span> 1" in row
    assert "New survey" not in html  # analysts do not build surveys
    results = client.get(f"/manage/surveys/{survey.id}/results").get_data(as_text=True)
    assert "q_categories" in results and "Mental health" in results
    team = results.split("<code>q_team</code>")[1].split("</table>")[0]
    assert re.search(r"Peers</th>\s*<td class=\"num\">2</td>", team)


def test_csv_download(client, db, make_user, auth, make_survey, resident):
    survey = make_survey()
    complete(resident, pages=[
        {"q_categories": ["mental_health", "other"], "q_categories__other": "=HYPERLINK(\"http://evil\")", "q_safe": "1", "q_why": "@SUM(A1)"},
        {"q_team": "peers", "q_rank-1": "time", "q_rank-2": "cost", "q_calls": "3", "q_followup": "yes", "q_line": "-2+3"},
        {"q_unsafe_detail": "+cmd"},
        {"q_district": "d2", "q_housing": "unhoused"},
    ])
    complete(resident, lang="ar")
    sign_in(make_user, auth, role="analyst")
    response = client.get(f"/manage/surveys/{survey.id}/responses.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'attachment; filename="every-type-responses-' in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 2
    header = list(rows[0].keys())
    assert header[:11] == ["response_id", "receipt_code", "channel", "locale", "submitted_at", "repeat_browser",
                           "district", "age_band", "home_language", "race_ethnicity", "housing"]
    assert header[11:] == ["q_categories", "q_categories__other", "q_safe", "q_why", "q_team", "q_team__other", "q_rank",
                           "q_calls", "q_followup", "q_line", "q_unsafe_detail", "q_district", "q_housing"]
    first, second = rows
    assert first["q_categories"] == "mental_health;other" and first["q_rank"] == "time;cost"
    assert first["q_categories__other"] == "'=HYPERLINK(\"http://evil\")"
    assert first["q_why"] == "'@SUM(A1)" and first["q_line"] == "'-2+3" and first["q_unsafe_detail"] == "'+cmd"
    assert first["q_safe"] == "1" and first["q_calls"] == "3" and first["district"] == "d2" and first["housing"] == "unhoused"
    assert first["channel"] == "web" and first["locale"] == "en" and second["locale"] == "ar"
    assert second["q_why"] == "" and second["repeat_browser"] == "true"
    assert one(db, AuditEvent, AuditEvent.action == "responses.export")


def test_csv_keeps_answered_earlier_versions_in_their_own_column(client, db, make_user, auth, make_survey, resident):
    survey = make_survey()
    complete(resident)
    sign_in(make_user, auth)
    safe = one(db, Question, Question.key == "q_safe")
    post_form(client, f"/manage/surveys/{survey.id}/questions/{safe.id}",
              {"type": "likert", "key": "q_safe", "label": "Safe?", "scale": "7", "dont_know": "y", "required": "y"})
    complete(resident, pages=[{**VALID_PAGES[0], "q_safe": "6"}, *VALID_PAGES[1:]])
    rows = list(csv.DictReader(io.StringIO(client.get(f"/manage/surveys/{survey.id}/responses.csv").get_data().decode("utf-8-sig"))))
    assert [(r["q_safe__v1"], r["q_safe"]) for r in rows] == [("4", ""), ("", "6")]


def test_neutralise_formula_cells():
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Normal text") == "Normal text" and neutralise(-3) == -3 and neutralise("") == ""


def test_csv_streams_in_batches(db, make_survey, monkeypatch):
    """Thousands of responses are read in keyset batches; the output has one line per response."""
    from engage.manage import exports
    from engage.models import Answer
    from engage.surveys.codes import new_code

    survey = make_survey()
    q = one(db, Question, Question.key == "q_line")
    for i in range(2500):
        r = Response(survey_id=survey.id, receipt_code=f"R{i:07d}", submission_token=f"t{i}", segments={"district": "d1"})
        r.answers.append(Answer(question_id=q.id, value=f"line {i}"))
        db.session.add(r)
    db.session.commit()
    monkeypatch.setattr(exports, "BATCH", 1000)
    lines = "".join(exports.csv_chunks(exports.response_rows(db.session, survey.id))).splitlines()
    assert len(lines) == 2501 and lines[-1].split(",")[0] == str(db.session.scalar(sa.select(sa.func.max(Response.id))))
