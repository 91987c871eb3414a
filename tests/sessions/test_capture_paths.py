"""Every capture path end to end through the HTTP routes: schedule, kit, paper, cards, tallies, totals."""
from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from engage.models import Answer, ListeningSession, PaperCode, Response, SessionRegistration, SessionTally
from engage.sessions import services
from tests.conftest import TEST_SECRET, csrf_from
from tests.sessions.helpers import count, create_consultation, form_page, schedule, small_survey

CODE_RE = re.compile(r"\b[2-9A-HJ-NP-TV-Z]{4}-[2-9A-HJ-NP-TV-Z]{4}\b")


@pytest.fixture
def organizer(make_user, auth):
    make_user("organizer")
    auth.login()


@pytest.fixture
def setup(organizer, client, make_survey):
    survey = make_survey(small_survey())
    consultation_id = create_consultation(client, survey.id)
    session_id = schedule(client, consultation_id)
    return survey, consultation_id, session_id


def test_schedule_list_register_and_calendar(setup, client, db):
    survey, consultation_id, session_id = setup
    listed = client.get("/sessions/").get_data(as_text=True)
    assert "Eastbank listening session" in listed and f"/sessions/{session_id}" in listed
    detail = client.get(f"/sessions/{session_id}")
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert "Step-free entrance." in html and "Spanish interpreter on site" in html

    ok = client.post(f"/sessions/{session_id}/register", data={"csrf_token": csrf_from(html), "name": "Rosa"})
    assert ok.status_code == 302
    bad = client.post(f"/sessions/{session_id}/register", data={"csrf_token": csrf_from(html), "name": "  "})
    assert bad.status_code == 400 and "Enter a name or a nickname." in bad.get_data(as_text=True)
    no_csrf = client.post(f"/sessions/{session_id}/register", data={"name": "Sam"})
    assert no_csrf.status_code == 400
    assert [r.name for r in db.session.scalars(sa.select(SessionRegistration))] == ["Rosa"]

    ics = client.get(f"/sessions/{session_id}.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    raw = ics.get_data()
    event = parse_ics(raw)
    ls = db.session.get(ListeningSession, session_id)
    assert event["DTSTART"] == ls.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == ls.ends_at.strftime("%Y%m%dT%H%M%SZ")
    assert event["SUMMARY"] == "Eastbank listening session"
    assert event["LOCATION"] == "Eastbank Library, Room 2, 12 River St, Riverton"
    assert "Host: Eastbank Neighbors; Tenants, United" in event["DESCRIPTION"]
    assert "Step-free entrance.\nChildcare, snacks." in event["DESCRIPTION"]


def parse_ics(raw: bytes) -> dict[str, str]:
    """A strict reader for what RFC 5545 requires of us: CRLF lines of at most 75 octets, folding, escapes."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    unfolded: list[str] = []
    for line in physical:
        text = line.decode("utf-8")
        if text.startswith(" "):
            unfolded[-1] += text[1:]
        else:
            unfolded.append(text)
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR" and "VERSION:2.0" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1 and any(u.startswith("PRODID:") for u in unfolded)
    event: dict[str, str] = {}
    for line in unfolded[unfolded.index("BEGIN:VEVENT") + 1: unfolded.index("END:VEVENT")]:
        name, value = line.split(":", 1)
        assert not re.search(r"(?<!\\)[;,]", value) or name in ("URL", "UID"), line
        event[name] = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
    for required in ("UID", "DTSTAMP", "DTSTART"):
        assert required in event
    return event


def test_kit_pdf_has_distinct_codes_and_a_qr_code_to_the_survey(setup, client, db, app):
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    survey, consultation_id, session_id = setup
    html, token = form_page(client, f"/manage/sessions/{session_id}/kit")
    made = client.post(f"/manage/sessions/{session_id}/codes", data={"csrf_token": token, "count__en": "3", "count__es": "2"})
    assert made.status_code == 302
    printable = client.get(f"/manage/sessions/{session_id}/kit/print")
    assert printable.status_code == 200
    response = client.get(f"/manage/sessions/{session_id}/kit.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    document = pdfium.PdfDocument(response.get_data())
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    printed = set(CODE_RE.findall(text))
    stored = {services.display_code(c) for c in db.session.scalars(sa.select(PaperCode.code))}
    assert len(stored) == 5 and printed == stored
    assert "Agenda" in text and "Who should employ the responders?" in text and "¿Quién" not in text
    assert "Marque una casilla." in text  # the Spanish sheets speak Spanish

    decoded = set()
    for index in range(len(document)):
        image = document[index].render(scale=2).to_pil()
        decoded |= {r.text for r in zxingcpp.read_barcodes(image)}
    assert decoded == {f"{app.config['ENGAGE_PUBLIC_URL']}/s/{survey.slug}?session={session_id}"}


def test_twenty_paper_forms_cards_tallies_and_totals(setup, client, db, resident):
    survey, consultation_id, session_id = setup
    _html, token = form_page(client, f"/manage/sessions/{session_id}/kit")
    client.post(f"/manage/sessions/{session_id}/codes", data={"csrf_token": token, "count__en": "12", "count__es": "9"})
    codes = [services.display_code(c) for c in db.session.scalars(sa.select(PaperCode.code).order_by(PaperCode.id))]
    assert len(set(codes)) == 21

    html, token = form_page(client, f"/manage/sessions/{session_id}/paper")
    for n, code in enumerate(codes[:20]):
        data = {"csrf_token": token, "sheet-code": code.lower().replace("-", " ") if n == 3 else code,
                "run_by": ["city_staff", "outside_contract", "mix"][n % 3], "call_categories": ["mental_health", "welfare_check"],
                "importance_trust": str(1 + n % 5), "calls_past_year": str(n), "district": "north"}
        if n % 2 == 0:
            data.pop("run_by")  # a required question left blank on paper stays blank
        response = client.post(f"/manage/sessions/{session_id}/paper", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)

    repeated = client.post(f"/manage/sessions/{session_id}/paper", data={
        "csrf_token": token, "sheet-code": codes[5], "run_by": "mix", "anything_else": "Typed twice"})
    page = repeated.get_data(as_text=True)
    assert repeated.status_code == 400
    assert "This sheet has already been entered." in page and "Typed twice" in page

    invalid = client.post(f"/manage/sessions/{session_id}/paper", data={
        "csrf_token": token, "sheet-code": codes[20], "calls_past_year": "400", "call_categories": ["mental_health", "homelessness", "welfare_check"],
        "anything_else": "Keep this text"})
    page = invalid.get_data(as_text=True)
    assert invalid.status_code == 400
    assert "Enter a number from 0 to 365." in page and "Choose at most 2 options." in page and "Keep this text" in page
    unknown = client.post(f"/manage/sessions/{session_id}/paper", data={"csrf_token": token, "sheet-code": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 400 and "not one of this survey" in unknown.get_data(as_text=True)
    spanish = client.post(f"/manage/sessions/{session_id}/paper?lang=es", data={"csrf_token": token, "sheet-code": codes[0]})
    assert "Esta hoja ya se ingresó" in spanish.get_data(as_text=True)
    client.get("/?lang=en")

    paper = db.session.scalars(sa.select(Response).where(Response.channel == "paper")).all()
    assert len(paper) == 20 and {r.listening_session_id for r in paper} == {session_id}
    assert len({r.paper_code_id for r in paper}) == 20
    assert {r.locale for r in paper} == {"en", "es"} and all(r.segments == {"district": "north"} for r in paper)
    assert count(db, PaperCode, PaperCode.used_at.is_not(None)) == 20

    # Comment cards, each with its language.
    html, token = form_page(client, f"/manage/sessions/{session_id}/cards")
    cards = [("en", "Send people who speak our language."), ("es", "Que no venga la policía armada."),
             ("ar", "نريد فريقًا يتحدث العربية"), ("es", "Más horas por la noche.")]
    for language, text in cards:
        saved = client.post(f"/manage/sessions/{session_id}/cards", data={"csrf_token": token, "card-language": language, "anything_else": text})
        assert saved.status_code == 302, saved.get_data(as_text=True)
    empty = client.post(f"/manage/sessions/{session_id}/cards", data={"csrf_token": token, "card-language": "en", "anything_else": " "})
    assert empty.status_code == 400 and "Type the words written on the card." in empty.get_data(as_text=True)
    too_long = client.post(f"/manage/sessions/{session_id}/cards", data={"csrf_token": token, "card-language": "en", "anything_else": "x" * 501})
    assert too_long.status_code == 400 and "Use at most 500 characters" in too_long.get_data(as_text=True)
    card_rows = db.session.execute(
        sa.select(Response.locale, Answer.value).join(Answer).where(Response.channel == "session").order_by(Response.id)).all()
    assert [tuple(r) for r in card_rows] == cards

    # Tallies for the in-house/contract topic, and attendance with aggregate demographics.
    html, token = form_page(client, f"/manage/sessions/{session_id}/tallies")
    ls = db.session.get(ListeningSession, session_id)
    topic = next(t for t in ls.consultation.topics if t.key == "run_by")
    data = {"csrf_token": token, f"t__{topic.id}__0__hands": "11", f"t__{topic.id}__1__hands": "4", f"t__{topic.id}__2__dots": "7"}
    assert client.post(f"/manage/sessions/{session_id}/tallies", data=data).status_code == 302
    wrong = client.post(f"/manage/sessions/{session_id}/tallies", data={"csrf_token": token, f"t__{topic.id}__0__hands": "-3"})
    assert wrong.status_code == 400 and "Enter a whole number from 0 to 100000." in wrong.get_data(as_text=True)
    db.session.remove()
    stored = {(t.option_code, t.method): t.count for t in db.session.scalars(sa.select(SessionTally))}
    assert stored == {("city_staff", "hands"): 11, ("outside_contract", "hands"): 4, ("mix", "dots"): 7}

    html, token = form_page(client, f"/manage/sessions/{session_id}/attendance")
    too_many = client.post(f"/manage/sessions/{session_id}/attendance", data={
        "csrf_token": token, "attendance": "5", "d__district__north": "4", "d__district__south": "3"})
    assert too_many.status_code == 400 and "add up to more than the 5 people" in too_many.get_data(as_text=True)
    assert client.post(f"/manage/sessions/{session_id}/attendance", data={
        "csrf_token": token, "attendance": "31", "d__district__north": "20", "d__district__south": "9",
        "d__district__prefer_not": "2"}).status_code == 302

    html, token = form_page(client, f"/manage/sessions/{session_id}/notes")
    note_field = f"note__{topic.id}"
    assert client.post(f"/manage/sessions/{session_id}/notes", data={"csrf_token": token, note_field: "Most wanted city jobs."}).status_code == 302

    # One resident answers on the web, so every channel is exercised.
    r = resident(survey.slug)
    r.start()
    assert r.post(1, {"run_by": "city_staff"}).status_code == 302

    totals = services.channel_totals(db.session, survey.id)
    assert totals["web"] == 1 and totals["paper"] == 20 and totals["session"] == 4 and totals["phone"] == 0
    assert totals["responses"] == 25 and totals["session_attendance"] == 31 and totals["listening_sessions"] == 1
    page = client.get(f"/manage/consultations/{consultation_id}/totals").get_data(as_text=True)
    for channel, expected in (("web", 1), ("paper", 20), ("session", 4), ("phone", 0), ("all", 25), ("attendance", 31)):
        assert f'data-channel="{channel}">{expected}<' in page
    assert "Response policy" in page

    summary_page = client.get(f"/manage/sessions/{session_id}").get_data(as_text=True)
    assert 'data-summary="cards">4<' in summary_page and 'data-summary="paper">20<' in summary_page
    assert 'data-summary="attendance">31<' in summary_page and "Most wanted city jobs." in summary_page
    (summary,) = services.session_summaries(db.session, survey.id)
    assert summary["cards_by_locale"] == {"en": 1, "es": 2, "ar": 1} and summary["paper_forms"] == 20
    assert summary["demographics"] == {"district": {"north": 20, "south": 9, "prefer_not": 2}}
    assert {(t["option_code"], t["hands"], t["dots"]) for t in summary["tallies"]} == {
        ("city_staff", 11, None), ("outside_contract", 4, None), ("mix", None, 7)}


def test_double_entry_reports_discrepancies(setup, client, db):
    survey, consultation_id, session_id = setup
    _html, token = form_page(client, f"/manage/sessions/{session_id}/kit")
    client.post(f"/manage/sessions/{session_id}/codes", data={"csrf_token": token, "count__en": "2"})
    first, second = [services.display_code(c) for c in db.session.scalars(sa.select(PaperCode.code).order_by(PaperCode.id))]
    _html, token = form_page(client, f"/manage/sessions/{session_id}/paper")
    for code in (first, second):
        client.post(f"/manage/sessions/{session_id}/paper", data={"csrf_token": token, "sheet-code": code, "run_by": "mix", "calls_past_year": "3"})
    not_yet = client.post(f"/manage/sessions/{session_id}/paper/check", data={"csrf_token": token, "sheet-code": "ZZZZ-ZZZZ"})
    assert not_yet.status_code == 400
    assert client.post(f"/manage/sessions/{session_id}/paper/check", data={
        "csrf_token": token, "sheet-code": first, "run_by": "mix", "calls_past_year": "3"}).status_code == 302
    assert client.post(f"/manage/sessions/{session_id}/paper/check", data={
        "csrf_token": token, "sheet-code": second, "run_by": "city_staff", "calls_past_year": "3"}).status_code == 302
    again = client.post(f"/manage/sessions/{session_id}/paper/check", data={"csrf_token": token, "sheet-code": second})
    assert again.status_code == 400 and "already been checked" in again.get_data(as_text=True)
    report = client.get(f"/manage/sessions/{session_id}/paper/report").get_data(as_text=True)
    assert 'data-report="checked">2<' in report and 'data-report="sheets-different">1<' in report
    assert second in report and "run_by" in report


def test_capture_pages_need_the_sessions_permission(setup, client, make_user, auth):
    survey, consultation_id, session_id = setup
    client.post("/account/logout", data={"csrf_token": csrf_from(client.get("/manage/").get_data(as_text=True))})
    make_user("analyst")
    auth.login("analyst@example.org")
    for url in (f"/manage/sessions/{session_id}/paper", f"/manage/sessions/{session_id}/cards",
                f"/manage/sessions/{session_id}/kit.pdf", "/manage/sessions/new"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/manage/sessions/{session_id}").status_code == 200
    assert client.get(f"/manage/consultations/{consultation_id}/totals").status_code == 200


def test_web_answers_from_a_session_poster_count_for_that_session(setup, client, db, app):
    survey, consultation_id, session_id = setup
    resident = app.test_client()
    landing = resident.get(f"/s/{survey.slug}?session={session_id}").get_data(as_text=True)
    assert f'name="session" value="{session_id}"' in landing
    start = resident.post(f"/s/{survey.slug}/start", data={"csrf_token": csrf_from(landing), "session": str(session_id)})
    assert start.status_code == 302
    page = resident.get(f"/s/{survey.slug}/p/1").get_data(as_text=True)
    from tests.conftest import draft_from

    done = resident.post(f"/s/{survey.slug}/p/1", data={
        "csrf_token": csrf_from(page), "draft": draft_from(page), "action": "next", "run_by": "mix"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/thanks")
    stored = db.session.scalars(sa.select(Response).where(Response.channel == "web")).one()
    assert stored.listening_session_id == session_id
    # An unknown or forged session id is ignored, never an error.
    assert "name=\"session\"" not in resident.get(f"/s/{survey.slug}?session=99999").get_data(as_text=True)
    assert resident.get(f"/s/{survey.slug}?session=abc").status_code == 200


def test_kit_pdf_is_rendered_once_per_version_of_the_kit(setup, client, db, app, monkeypatch, tmp_path):
    from pathlib import Path

    from engage.sessions import kit

    survey, consultation_id, session_id = setup
    monkeypatch.setattr(app, "instance_path", str(tmp_path))  # no kit cached by an earlier run
    rendered = []
    monkeypatch.setattr(kit, "render_pdf", lambda html, base_url: rendered.append(html) or b"%PDF-" + str(len(rendered)).encode())
    first = client.get(f"/manage/sessions/{session_id}/kit.pdf").get_data()
    again = client.get(f"/manage/sessions/{session_id}/kit.pdf").get_data()
    assert first == again and len(rendered) == 1
    html, token = form_page(client, f"/manage/sessions/{session_id}/kit")
    assert client.post(f"/manage/sessions/{session_id}/codes", data={"csrf_token": token, "count__en": "2"}).status_code == 302
    changed = client.get(f"/manage/sessions/{session_id}/kit.pdf").get_data()
    assert changed != first and len(rendered) == 2  # new codes, new kit
    folder = Path(app.instance_path) / "kit-pdf"
    assert len(list(folder.glob(f"session-{session_id}-*.pdf"))) == 1  # the old version is gone
