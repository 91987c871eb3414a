"""Council reports end to end: build through the analyst's pages, publish, and check every output.

Numbers are checked against an independent computation from the raw answers written here.
"""
from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess

import pytest
from markupsafe import escape
import sqlalchemy as sa

from tests.conftest import csrf_from
from tests.reports.factory import EVIL, FORMULA, seed_survey

Z = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return c - h, c + h


def raw_answers(db, survey_id: int) -> dict[str, list]:
    from engage.models import Answer, Question, Response

    out: dict[str, list] = {}
    for key, value in db.session.execute(
        sa.select(Question.key, Answer.value).join(Answer, Answer.question_id == Question.id)
        .join(Response, Response.id == Answer.response_id).where(Response.survey_id == survey_id)
    ):
        out.setdefault(key, []).append(value)
    return out


def post(client, page_url: str, url: str, data: dict | None = None, **kw):
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **(data or {})}, **kw)


@pytest.fixture
def built(db, client, make_user, auth):
    """A survey with 300 responses and a published report (version 1), made through the real pages."""
    survey = seed_survey(db.session)
    db.session.commit()
    make_user("analyst")
    auth.login("analyst@example.org")
    r = post(client, "/manage/reports/", "/manage/reports/", {"survey_id": survey.id, "slug": "council-report"})
    assert r.status_code == 302, r.get_data(as_text=True)
    builder = r.headers["Location"]
    r = post(client, builder, builder, {"segments": ["district", "housing"], "min_cell": "10",
                                        "codebook": "community_responder"})
    assert r.status_code == 302
    assert post(client, builder, builder + "/analyse").status_code == 302
    return {"survey": survey, "builder": builder, "report_id": int(builder.rsplit("/", 1)[1])}


def publish(client, builder: str) -> str:
    r = post(client, builder, builder + "/publish")
    assert r.status_code == 302
    return r.headers["Location"]


def test_published_numbers_match_an_independent_computation(db, client, built):
    from engage.models import ReportVersion

    url = publish(client, built["builder"])
    assert url.endswith("/reports/council-report/v/1")
    data = db.session.scalar(sa.select(ReportVersion)).data
    raw = raw_answers(db, built["survey"].id)
    questions = {q["key"]: q for q in data["questions"]}
    assert set(questions) == {"team", "calls", "safe", "metrics", "follow", "times"}
    assert data["participation"]["total"] == 300

    team = raw["team"]
    for code in ("clinicians", "peers", "emts", "other"):
        cell = next(c for c in questions["team"]["summary"]["choices"] if c["code"] == code)
        k = sum(1 for v in team if v == code)
        assert cell["respondents"] == k
        assert cell["share"] == pytest.approx(k / len(team), abs=1e-6)
        low, high = wilson(k, len(team))
        assert cell["ci95"] == pytest.approx([low, high], abs=1e-6)

    calls = raw["calls"]
    for cell in questions["calls"]["summary"]["choices"]:
        assert cell["share"] == pytest.approx(sum(cell["code"] in v for v in calls) / len(calls), abs=1e-6)

    rated = [v for v in raw["safe"] if v != "dont_know"]
    safe = questions["safe"]["summary"]
    assert safe["mean"] == pytest.approx(sum(rated) / len(rated), abs=1e-6)
    assert safe["top2_box"]["share"] == pytest.approx(sum(v >= 4 for v in rated) / len(rated), abs=1e-6)
    assert safe["dont_know"]["share"] == pytest.approx(raw["safe"].count("dont_know") / len(raw["safe"]), abs=1e-6)

    metrics = raw["metrics"]
    borda = {c: sum(4 - 1 - v.index(c) for v in metrics if c in v) for c in ("time", "cost", "diversion", "satisfaction")}
    items = questions["metrics"]["summary"]["items"]
    assert [i["code"] for i in items] == sorted(borda, key=lambda c: -borda[c])
    assert {i["code"]: i["borda"] for i in items} == pytest.approx(borda)
    times = raw["times"]
    assert questions["times"]["summary"]["mean"] == pytest.approx(sum(times) / len(times), abs=1e-6)

    # The 5-person district is hidden wherever it appears, and so is its complement.
    by_district = next(b for b in questions["team"]["breakdowns"] if b["by"] == "district")
    tiny = next(g for g in by_district["groups"] if g["group"] == "tiny")
    assert tiny.get("suppressed") and "summary" not in tiny
    part = next(t for t in data["participation"]["tables"] if t["by"] == "district")
    hidden = [r["code"] for r in part["rows"] if r.get("suppressed")]
    assert "tiny" in hidden and len(hidden) >= 2
    assert all("n" not in r for r in part["rows"] if r.get("suppressed"))

    # Key findings are templates filled from these numbers.
    team_finding = next(f for f in data["findings"] if f["params"].get("question") == "team")
    assert team_finding["params"]["choice"] == max(
        questions["team"]["summary"]["choices"], key=lambda c: c["share"])["code"]

    page = client.get(url).get_data(as_text=True)
    assert "Who should respond?" in page and "hidden" in page and 'role="img"' in page
    assert client.get("/reports/council-report").status_code == 200
    assert client.get("/reports/council-report/v/1/data.json").get_json()["version"] == 1


def test_pdf_is_tagged_and_holds_every_result_and_xlsx_agrees(db, client, built, app):
    from openpyxl import load_workbook

    from engage.models import ReportVersion

    publish(client, built["builder"])
    data = db.session.scalar(sa.select(ReportVersion)).data
    pdf = client.get("/reports/council-report.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    body = pdf.data
    assert body.startswith(b"%PDF")
    assert_tagged(body)
    text = pdf_text(body)
    flat = " ".join(text.split())
    from flask_babel import format_percent
    with app.test_request_context("/?lang=en"):
        for q in data["questions"]:
            label = q["label"]["en"]
            assert label in flat, label
            finding = q["finding"]["params"]
            if "share" in finding:
                assert format_percent(finding["share"], format="#,##0%") in flat
    assert "Methods and limitations" in flat and "Listening sessions" in flat

    book = load_workbook(io.BytesIO(client.get("/reports/council-report/v/1/data.xlsx?lang=en").data))
    assert {"Key findings", "Who took part", "Results", "Breakdowns", "Themes", "Methods"} <= set(book.sheetnames)
    results = [row for row in book["Results"].iter_rows(values_only=True)][1:]
    team = next(q for q in data["questions"] if q["key"] == "team")
    clinicians = next(c for c in team["summary"]["choices"] if c["code"] == "clinicians")
    row = next(r for r in results if r[0] == "team" and r[2] == "Clinicians")
    assert row[3] == pytest.approx(clinicians["share"]) and row[6] == clinicians["respondents"]


def assert_tagged(body: bytes) -> None:
    """A tagged PDF: a structure tree and MarkInfo /Marked true (objects may sit in compressed streams)."""
    try:
        import pypdf
    except ImportError:
        if not shutil.which("pdfinfo"):
            pytest.skip("neither pypdf nor poppler's pdfinfo is installed")
        info = subprocess.run(["pdfinfo", "-"], input=body, capture_output=True, check=True).stdout.decode()
        assert re.search(r"^Tagged:\s+yes", info, re.M), info
        return
    root = pypdf.PdfReader(io.BytesIO(body)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert root.get("/Lang")


def pdf_text(body: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def test_review_updates_agreement_and_only_approved_quotes_are_published(db, client, built):
    from engage.models import ReportComment, ReportVersion

    report_id = built["report_id"]
    tags = f"/manage/reports/{report_id}/tags"
    comment = next(c for c in db.session.scalars(sa.select(ReportComment).where(ReportComment.report_id == report_id)
                                                 .order_by(ReportComment.id)) if c.machine_themes)
    machine = list(comment.machine_themes)
    added = "privacy_data" if "privacy_data" not in machine else "youth"
    r = post(client, tags, f"{tags}/{comment.id}", {"themes": machine[1:] + [added]})
    assert r.status_code == 302
    page = client.get(tags).get_data(as_text=True)
    assert "Checked by an analyst: 1 of" in page
    db.session.expire_all()
    assert db.session.get(ReportComment, comment.id).analyst_themes is not None

    quotes = f"/manage/reports/{report_id}/quotes"
    html = client.get(quotes).get_data(as_text=True)
    ids = [int(i) for i in re.findall(r'id="c(\d+)"', html)]
    assert ids, "the machine suggests quotes"
    assert post(client, quotes, f"{quotes}/{ids[0]}", {"status": "approved", "translation": "In English: fine."}).status_code == 302
    publish(client, built["builder"])
    data = db.session.scalar(sa.select(ReportVersion)).data
    published = [q["id"] for t in data["themes"]["items"] for q in t["quotes"] + t["minority_views"]]
    assert published == [ids[0]]
    review = data["themes"]["review"]
    assert review["checked"] == 1 and review["percent_agreement"] < 1


def test_republishing_makes_a_new_version_and_old_ones_stay(db, client, built):
    publish(client, built["builder"])
    assert publish(client, built["builder"]).endswith("/v/2")
    assert client.get("/reports/council-report/v/1").status_code == 200
    latest = client.get("/reports/council-report").get_data(as_text=True)
    assert "Version 2" in latest
    home = client.get("/").get_data(as_text=True)
    assert "/reports/council-report" in home
    assert client.get("/reports/council-report/v/9").status_code == 404
    assert client.get("/reports/nope").status_code == 404


def test_the_public_reads_reports_in_every_language(db, client, built):
    publish(client, built["builder"])
    client.post("/account/logout")
    for lang in ("en", "es", "ar"):
        r = client.get(f"/reports/council-report?lang={lang}")
        assert r.status_code == 200
        assert f'lang="{lang}"' in r.get_data(as_text=True)


def test_no_personal_details_or_live_markup_in_any_output(db, client, built):
    """An answer with <script>, a formula, an email and a phone: nowhere raw in HTML, PDF, CSV or XLSX."""
    from openpyxl import load_workbook

    from engage.models import ReportComment

    report_id = built["report_id"]
    for c in db.session.scalars(sa.select(ReportComment).where(ReportComment.report_id == report_id)):
        c.quote_status = "approved"  # the worst case: every suggestion approved
    db.session.commit()
    publish(client, built["builder"])
    texts = {
        "public": client.get("/reports/council-report").get_data(as_text=True),
        "preview": client.get(f"/manage/reports/{report_id}/preview").get_data(as_text=True),
        "tags": client.get(f"/manage/reports/{report_id}/tags?show=all&page=1").get_data(as_text=True),
        "quotes": client.get(f"/manage/reports/{report_id}/quotes").get_data(as_text=True),
        "pdf": pdf_text(client.get("/reports/council-report.pdf").data),
        "json": client.get("/reports/council-report/v/1/data.json").get_data(as_text=True),
        "open_csv": client.get("/reports/council-report/v/1/data.csv").get_data(as_text=True),
        "responses_csv": client.get(f"/manage/reports/{report_id}/responses.csv").get_data(as_text=True),
    }
    for name, url in (("xlsx", "/reports/council-report/v/1/data.xlsx"),
                      ("responses_xlsx", f"/manage/reports/{report_id}/responses.xlsx")):
        book = load_workbook(io.BytesIO(client.get(url).data))
        cells = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
        assert not [v for v in cells if v.startswith(("=", "+", "-", "@", "\t", "\r"))], name
        texts[name] = "\n".join(cells)
    for name in ("public", "preview", "tags", "quotes"):
        assert "<script>alert" not in texts[name], name  # markup from an answer is escaped in every page
    for name, text in texts.items():
        assert "jane.doe@example.org" not in text, name
        assert "555-0134" not in text, name
    # The analyst's exports keep the answer, redacted and neutralised.
    assert "[email]" in texts["responses_csv"] and "[phone]" in texts["responses_csv"]
    assert "'" + FORMULA in texts["responses_csv"]
    assert not re.search(r"(^|,)=1\+2", texts["responses_csv"], re.M)
    assert "&lt;script&gt;" in texts["tags"] or "[email]" in texts["tags"]
    assert EVIL not in json.dumps(texts)
    # In files that are data (CSV, XLSX, JSON, PDF text) the words may stay, but never as a live formula.
    assert not re.search(r'(^|,)"?=HYPERLINK', texts["responses_csv"], re.M)


def test_builder_pages_need_the_right_role(db, client, built, make_user, auth):
    report_id = built["report_id"]
    client.post("/account/logout", data={"csrf_token": csrf_from(client.get("/manage/reports/").get_data(as_text=True))})
    anonymous = client.get(f"/manage/reports/{report_id}")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    make_user("organizer")
    auth.login("organizer@example.org")
    assert client.get(f"/manage/reports/{report_id}").status_code == 200  # organizers may look
    page = client.get(f"/manage/reports/{report_id}").get_data(as_text=True)
    r = client.post(f"/manage/reports/{report_id}/publish", data={"csrf_token": csrf_from(page)})
    assert r.status_code == 403


def test_bad_population_file_gives_a_clear_error_and_keeps_the_rest(db, client, built):
    builder = built["builder"]
    page = client.get(builder).get_data(as_text=True)
    r = client.post(builder, data={
        "csrf_token": csrf_from(page), "segments": ["housing"], "min_cell": "12", "codebook": "community_responder",
        "population_file": (io.BytesIO(b"segment,share\ndistrict,0.5\n"), "pop.csv"),
    }, content_type="multipart/form-data")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "needs the columns segment, category and share" in html
    assert 'value="12"' in html
    r = client.post(builder, data={
        "csrf_token": csrf_from(page), "segments": ["district"], "min_cell": "10", "codebook": "community_responder",
        "population_file": (io.BytesIO(b"segment,category,share\ndistrict,north,0.4\ndistrict,south,0.2\n"
                                       b"district,east,0.2\ndistrict,west,0.18\ndistrict,tiny,0.02\n"), "pop.csv"),
    }, content_type="multipart/form-data")
    assert r.status_code == 302
    url = publish(client, builder)
    from engage.models import ReportVersion
    data = db.session.scalar(sa.select(ReportVersion)).data
    assert data["settings"]["weighted"] and data["participation"]["weighting"]["converged"]
    table = next(t for t in data["participation"]["tables"] if t["by"] == "district")
    north = next(r for r in table["rows"] if r["code"] == "north")
    # Raking makes the weighted district shares match the population (independent of how it got there).
    assert north["weighted_share"] == pytest.approx(0.4, abs=1e-3)
    assert client.get(url).status_code == 200


def test_builder_says_what_in_an_uploaded_codebook_will_mislead_the_tagger(db, client, built):
    builder = built["builder"]
    page = client.get(builder).get_data(as_text=True)
    assert "Check the codebook" not in page  # the shipped codebook has nothing to fix
    codebook = {"name": "parks", "language": "en", "themes": [
        {"id": "parks", "label": "Parks <b>", "description": "Benches and play areas. Not potholes (road)."},
        {"id": "roads", "label": "Roads", "description": "Potholes and traffic. Not buses (bus_service)."},
        {"id": "trees", "label": {"en": "Trees", "es": "Árboles"}},
    ]}
    r = client.post(builder, data={
        "csrf_token": csrf_from(page), "segments": ["district"], "min_cell": "10", "codebook": "community_responder",
        "codebook_file": (io.BytesIO(json.dumps(codebook).encode()), "parks.json"),
    }, content_type="multipart/form-data")
    assert r.status_code == 302
    html = client.get(builder).get_data(as_text=True)
    assert "Check the codebook" in html
    assert ("The theme <bdi>Parks &lt;b&gt;</bdi> refers to <bdi><code>road</code></bdi>, which is not a theme in "
            "this codebook. Did you mean <bdi><code>roads</code></bdi>?") in html
    assert "The theme <bdi>Roads</bdi> refers to <bdi><code>bus_service</code></bdi>, which is not a theme" in html
    assert "The theme <bdi>Trees</bdi> has only a label." in html
    spanish = client.get(builder + "?lang=es").get_data(as_text=True)
    assert "Check the codebook" not in spanish and "<bdi>Árboles</bdi>" in spanish


def test_learning_summary_tells_checks_that_name_no_theme_from_no_checks():
    from types import SimpleNamespace

    from engage.analysis.text.codebook import default_codebook
    from engage.reports.services import learning_summary

    report = SimpleNamespace(analysis={"learning": {
        "en": {"mode": "zero-shot", "reason": "the coded comments in this language name no theme", "coded": 24},
        "es": {"mode": "zero-shot", "reason": "no coded comments in this language"},
    }})
    summary = {q["language"]: q for q in learning_summary(report, default_codebook())}
    assert summary["en"]["nothing_to_learn"] and summary["en"]["coded"] == 24 and not summary["en"]["learned"]
    assert not summary["es"]["nothing_to_learn"] and not summary["es"]["learned"]


def test_builder_offers_groups_of_answers_no_theme_fits(db, client, built):
    from engage.models import Report, ReportComment

    report = db.session.get(Report, built["report_id"])
    emerging = report.analysis["emerging"]
    page = client.get(built["builder"]).get_data(as_text=True)
    ours = {c.id: c for c in db.session.scalars(sa.select(ReportComment).where(ReportComment.report_id == report.id))}
    weak = set(report.analysis["weak_fit"])
    tagged = [c for c in ours.values() if c.machine_themes]
    # The quarter of tagged answers that fit their theme least (per language, so roughly).
    assert 0.15 * len(tagged) <= len(weak) <= 0.3 * len(tagged) and weak <= {c.id for c in tagged}
    for group in emerging:
        assert group["examples"] and set(group["examples"]) <= set(ours)
        assert all(not ours[i].themes or i in weak for i in group["examples"]), "answers no theme fits (well)"
        assert sum(group["tagged_as"].values()) <= group["size"]
    assert [g["size"] for g in emerging] == sorted((g["size"] for g in emerging), reverse=True)
    # The factory's answers include a group the community-responder codebook does not cover.
    assert emerging and "Answers no theme fits well" in page
    assert all(g["key_phrases"] for g in emerging if str(escape(ours[g["examples"][0]].text[:40])) in page)
    first = ours[emerging[0]["examples"][0]]
    assert str(escape(first.text[:40])) in page
    assert "<script>alert" not in page


def test_learning_from_checks_reports_its_held_out_quality_on_the_builder(db, client, built):
    from engage.models import Report, ReportComment
    from engage.reports.services import LEARN_FROM

    report_id = built["report_id"]
    comments = db.session.scalars(sa.select(ReportComment).where(ReportComment.report_id == report_id)
                                  .order_by(ReportComment.id)).all()
    english = [c for c in comments if c.language == "en"][: LEARN_FROM + 10]
    assert len(english) >= LEARN_FROM
    for c in english:  # the analyst accepts the machine's themes
        c.analyst_themes = list(c.machine_themes)
    db.session.commit()
    r = post(client, built["builder"], built["builder"] + "/analyse", {"learn": "1"})
    assert r.status_code == 302
    db.session.expire_all()
    learning = db.session.get(Report, report_id).analysis["learning"]
    assert learning["en"]["mode"] == "learning" and learning["en"]["coded"] == len(english)
    page = client.get(built["builder"]).get_data(as_text=True)
    assert "What the tagger learned from your checks" in page
    assert f"{len(english)} checked answers" in page
    assert f"{round(learning['en']['micro_f1'] * 100, 1)}%" in page
    low, high = learning["en"]["micro_f1_interval"]
    assert low <= learning["en"]["micro_f1"] <= high
    assert f"anywhere from {round(low * 100, 1)}% to {round(high * 100, 1)}%" in page
    others = sorted(set(learning) - {"en"})
    assert others == ["es"]  # the factory's residents answer in English and Spanish
    assert learning["es"]["mode"] == "zero-shot" and "no checked answers in this language" in page


def test_builder_counts_non_answers_and_keeps_them_out_of_themes(db, client, built):
    from engage.models import Answer, Question, Report, ReportComment

    why = db.session.scalar(sa.select(Question).where(Question.survey_id == built["survey"].id, Question.key == "why"))
    answers = db.session.scalars(sa.select(Answer).where(Answer.question_id == why.id).order_by(Answer.id)).all()[:4]
    for answer, text in zip(answers, ["No thanks", "n/a", "Not sure."]):
        answer.value = text
    answers[3].value = "Write to me at ana@example.org, the police scare me"
    db.session.commit()
    assert post(client, built["builder"], built["builder"] + "/analyse").status_code == 302
    db.session.expire_all()
    report = db.session.get(Report, built["report_id"])
    assert report.analysis["non_answers"] == 3
    # The counts come from the same redaction pass as the stored texts.
    stored = db.session.scalars(sa.select(ReportComment.text).where(ReportComment.report_id == report.id)).all()
    assert report.analysis["redaction"]["found"]["email"] == sum(t.count("[email]") for t in stored) >= 1
    assert not any("ana@example.org" in t for t in stored)
    said_nothing = db.session.scalars(sa.select(ReportComment).where(
        ReportComment.report_id == report.id, ReportComment.text.in_(["No thanks", "n/a", "Not sure."]))).all()
    assert len(said_nothing) == 3 and all(c.machine_themes == [] for c in said_nothing)
    page = client.get(built["builder"]).get_data(as_text=True)
    assert "3 of them say nothing to code" in page


def test_review_page_offers_a_random_sample_and_the_poor_fits(db, client, built):
    import re

    from engage.analysis.text.normalize import is_non_answer
    from engage.models import Report, ReportComment

    url = built["builder"] + "/tags"
    report = db.session.get(Report, built["report_id"])
    unreviewed = {c.id for c in db.session.scalars(sa.select(ReportComment).where(
        ReportComment.report_id == report.id, ReportComment.reviewed_at.is_(None)))}

    def listed(show: str) -> list[int]:
        out, page = [], 1
        while True:
            html = client.get(f"{url}?show={show}&page={page}").get_data(as_text=True)
            found = [int(i) for i in re.findall(r'class="card review-card" id="c(\d+)"', html)]
            if not found or page > 50:
                return out
            out += found
            page += 1

    nothing_to_check = db.session.get(ReportComment, min(unreviewed))
    nothing_to_check.text = "No thanks"
    db.session.commit()
    said_nothing = {c.id for c in db.session.scalars(sa.select(ReportComment).where(ReportComment.report_id == report.id))
                    if is_non_answer(c.text, c.language)}
    assert nothing_to_check.id in said_nothing
    sample = listed("sample")
    assert sorted(sample) == sorted(unreviewed - said_nothing) and sample != sorted(sample)  # all, shuffled
    assert listed("sample") == sample  # the same order every time
    assert "random order" in client.get(f"{url}?show=sample").get_data(as_text=True)
    poor = listed("poor")
    assert poor and set(poor) == set(report.analysis["weak_fit"]) & unreviewed


def test_a_long_answers_feeling_about_each_theme_is_read_from_its_part(db, client, built):
    """Praise for the counselors and anger at the wait, in one answer: read whole it is one
    slightly negative score for both themes."""
    from engage.models import Answer, Question, Report, ReportComment
    from engage.reports.builder import theme_sentiment_from
    from engage.reports.routes import PAGE_SIZE
    from engage.reports.services import comment_rows

    praise = "The crisis counselors who came for my brother were wonderful, kind and very helpful."
    wait = "Waiting four hours for anyone to answer the phone was terrible and frightening."
    mixed = f"{praise} {wait}"
    why = db.session.scalar(sa.select(Question).where(Question.survey_id == built["survey"].id, Question.key == "why"))
    answer = db.session.scalars(sa.select(Answer).where(Answer.question_id == why.id).order_by(Answer.id)).first()
    answer.value = mixed
    db.session.commit()
    assert post(client, built["builder"], built["builder"] + "/analyse").status_code == 302
    db.session.expire_all()
    comment = db.session.scalar(sa.select(ReportComment).where(ReportComment.text == mixed))
    assert comment.sentiment["label"] == "negative"  # the answer as a whole
    assert comment.sentiment["themes"]["mental_health_crisis"]["label"] == "positive"
    assert comment.sentiment["themes"]["response_time_availability"]["label"] == "negative"
    # The review page shows the analyst where in the answer each theme was found.
    assert comment.passages == {"mental_health_crisis": praise, "response_time_availability": wait}
    assert comment.found_in == [("mental_health_crisis", praise), ("response_time_availability", wait)]
    ids = db.session.scalars(sa.select(ReportComment.id).where(ReportComment.report_id == built["report_id"])
                             .order_by(ReportComment.id)).all()
    page = client.get(f"{built['builder']}/tags?page={ids.index(comment.id) // PAGE_SIZE + 1}").get_data(as_text=True)
    card = page[page.index(f'id="c{comment.id}"'):]
    card = card[: card.index("</form>")]
    assert "where the machine found each of its themes" in card
    assert f'<q lang="en" dir="ltr">{wait}</q>' in card
    report = db.session.get(Report, built["report_id"])
    rows = comment_rows(db.session, report)
    tags = [r["analyst_themes"] if r["analyst_themes"] is not None else r["machine_themes"] for r in rows]
    ids = ["mental_health_crisis", "response_time_availability"]
    by_part = theme_sentiment_from(rows, tags, ids)
    whole = theme_sentiment_from([dict(r, sentiment={k: v for k, v in r["sentiment"].items() if k != "themes"})
                                  for r in rows], tags, ids)
    crisis, wait = by_part["mental_health_crisis"], whole["mental_health_crisis"]
    assert (crisis["positive"], crisis["negative"]) == (wait["positive"] + 1, wait["negative"] - 1)
    late, late_whole = by_part["response_time_availability"], whole["response_time_availability"]
    assert late["negative"] == late_whole["negative"] and late["mean_compound"] < late_whole["mean_compound"]
    # An analyst's own tags for the answer fall back to its whole sentiment for themes the machine
    # did not find in a part.
    assert theme_sentiment_from([rows[0] | {"sentiment": comment.sentiment}], [["youth"]], ["youth"])["youth"]["negative"] == 1


def test_quote_page_highlights_where_a_long_answers_theme_was_found(db, client, built):
    from engage.models import Answer, Question, Report, ReportComment

    praise = "The crisis counselors who came for my brother were wonderful, kind and very helpful."
    wait = "Waiting four hours for anyone to answer the phone was terrible and frightening."
    why = db.session.scalar(sa.select(Question).where(Question.survey_id == built["survey"].id, Question.key == "why"))
    answer = db.session.scalars(sa.select(Answer).where(Answer.question_id == why.id).order_by(Answer.id)).first()
    answer.value = f"{praise} {wait}"
    db.session.commit()
    assert post(client, built["builder"], built["builder"] + "/analyse").status_code == 302
    db.session.expire_all()
    comment = db.session.scalar(sa.select(ReportComment).where(ReportComment.text == f"{praise} {wait}"))
    assert comment.around("response_time_availability") == (praise + " ", wait, "")
    assert comment.around("youth") is None
    # Suggested under one of its themes: that theme's part is marked, the whole answer shown.
    report = db.session.get(Report, built["report_id"])
    report.analysis = dict(report.analysis, candidates={"response_time_availability": {"quotes": [comment.id]}})
    db.session.commit()
    page = client.get(built["builder"] + "/quotes").get_data(as_text=True)
    assert f"<p>{praise} <mark>{wait}</mark></p>" in page
    assert "The whole answer is published." in page
