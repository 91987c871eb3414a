"""Wrong input for every question type: the page comes back with a clear, translated message, every
other answer kept, never a 500 and never a partial response row."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from engage.models import Answer, Response
from tests.surveys.definitions import VALID_PAGES


def no_response_stored(db) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0 and \
        db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0


def error_summary(html: str) -> list[str]:
    block = re.search(r'class="error-summary".*?</div>', html, re.S)
    return re.findall(r'class="error-summary__message">([^<]+)</span>', block.group(0)) if block else []


PAGE1_CASES = [
    ("missing required multi", {"q_safe": "3"}, "Choose at least one option."),
    ("missing required likert", {"q_categories": ["noise"]}, "Choose an answer."),
    ("too many choices", {"q_categories": ["noise", "welfare", "homelessness", "intoxication"], "q_safe": "3"}, "Choose at most 3 options."),
    ("unknown choice id", {"q_categories": ["noise", "launch_missiles"], "q_safe": "3"}, "Choose only from the options shown."),
    ("unknown likert point", {"q_categories": ["noise"], "q_safe": "9"}, "Choose one of the options shown."),
    ("other without text", {"q_categories": ["noise", "other"], "q_safe": "3"}, "Tell us what “Other” means for you, or choose another option."),
    ("oversized text", {"q_categories": ["noise"], "q_safe": "1", "q_why": "x" * 501}, "Use at most 500 characters; you used 501."),
    ("control characters", {"q_categories": ["noise"], "q_safe": "1", "q_why": "bad\x00byte"}, "Your answer contains characters we could not read. Please type it again."),
]


@pytest.mark.parametrize("name,answers,message", PAGE1_CASES, ids=[c[0] for c in PAGE1_CASES])
def test_page_one_errors(make_survey, resident, db, name, answers, message):
    make_survey()
    r = resident("every-type")
    r.start()
    response = r.post(1, answers)
    assert response.status_code == 200
    assert message in error_summary(r.html)
    assert "There is a problem" in r.html and "<title>Error:" in r.html
    # Each line names its question, so two identical messages can be told apart.
    assert '<span class="error-summary__question">' in r.html
    # Everything else the resident typed is still on the page.
    for key, value in answers.items():
        for v in value if isinstance(value, list) else [value]:
            if v in ("launch_missiles", "9") or len(v) > 100 or "\x00" in v:
                continue
            assert f'value="{v}"' in r.html or f">{v}</textarea>" in r.html, (key, v)
    assert no_response_stored(db)


PAGE2_CASES = [
    ("number out of range", {"q_calls": "400"}, "Enter a number from 0 to 365."),
    ("number not a number", {"q_calls": "twelve"}, "Enter a number using digits, like 12."),
    ("number not whole", {"q_calls": "2.5"}, "Enter a whole number, like 12."),
    ("ranking duplicate", {"q_rank-1": "time", "q_rank-2": "time"}, "Choose each option only once."),
    ("ranking unknown", {"q_rank-1": "bogus"}, "Choose only from the options shown."),
    ("ranking gap", {"q_rank-2": "cost"}, "Fill the places in order, starting with 1st choice."),
    ("short text too long", {"q_line": "y" * 51}, "Use at most 50 characters; you used 51."),
    ("yes_no unknown", {"q_followup": "maybe"}, "Choose one of the options shown."),
    ("single unknown", {"q_team": "police"}, "Choose one of the options shown."),
]


@pytest.mark.parametrize("name,answers,message", PAGE2_CASES, ids=[c[0] for c in PAGE2_CASES])
def test_page_two_errors_keep_other_answers(make_survey, resident, db, name, answers, message):
    make_survey()
    r = resident("every-type")
    r.start()
    r.post(1, VALID_PAGES[0])
    r.open(2)
    good = {"q_team": "peers", "q_followup": "no", "q_calls": "7", "q_line": "night shifts"}
    good = {k: v for k, v in good.items() if k not in answers}
    response = r.post(2, {**good, **answers})
    assert response.status_code == 200
    assert message in error_summary(r.html)
    for key, value in good.items():
        assert f'value="{value}"' in r.html, key
    assert no_response_stored(db)


def test_arabic_indic_digits_are_numbers(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start(lang="ar")
    r.post(1, VALID_PAGES[0])
    r.open(2)
    assert r.post(2, {"q_calls": "١٢"}).status_code == 302


def test_errors_are_translated(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start(lang="es")
    r.post(1, {"q_safe": "3"})
    assert "Elija al menos una opción." in error_summary(r.html)
    r2 = resident("every-type")
    r2.start(lang="ar")
    r2.post(1, {"q_safe": "3"})
    assert "اختر خيارًا واحدًا على الأقل." in error_summary(r2.html)


def test_missing_csrf_token_keeps_answers(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    response = r.post(1, VALID_PAGES[0], csrf=False)
    assert response.status_code == 200
    assert "for your safety it was not saved" in r.html
    assert 'value="mental_health" checked' in r.html and 'value="4" checked' in r.html
    # Pressing the button again with the fresh token goes on.
    assert r.post(1, VALID_PAGES[0]).status_code == 302


def test_tampered_draft_field_keeps_answers(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    response = r.post(1, VALID_PAGES[0], draft="forged.token.value")
    assert response.status_code == 200
    assert "Part of this page was changed before it was sent" in r.html
    assert 'value="welfare" checked' in r.html
    assert no_response_stored(db)


def test_invalid_utf8_is_refused_with_a_message(make_survey, resident, db, client):
    make_survey()
    r = resident("every-type")
    r.start()
    from tests.conftest import csrf_from, draft_from

    body = (
        b"action=next&q_categories=noise&q_safe=1&q_why=caf%C3%A9+%FF%FE+broken"
        + b"&csrf_token=" + csrf_from(r.html).encode() + b"&draft=" + draft_from(r.html).encode()
    )
    response = client.post("/s/every-type/p/1", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "characters we could not read" in html
    assert 'value="noise" checked' in html
    assert no_response_stored(db)


def test_garbage_posts_never_500(make_survey, resident, db, client):
    make_survey()
    r = resident("every-type")
    r.start()
    from tests.conftest import csrf_from, draft_from

    weird = [
        {"q_categories": "x" * 100000},
        {"q_safe": ["1", "2"]},
        {"q_rank-1": ["time", "cost"]},
        {"q_calls": "1e999999"},
        {"q_calls": "NaN"},
        {"q_calls": "-0"},
        {"action": "delete-everything"},
        {"q_categories": ""},
    ]
    for extra in weird:
        data = {"csrf_token": csrf_from(r.html), "draft": draft_from(r.html), "action": "next", **extra}
        response = client.post("/s/every-type/p/1", data=data)
        assert response.status_code in (200, 302, 413), (extra, response.status_code)
    for path in ["/s/every-type/p/0", "/s/every-type/p/999", "/s/every-type/p/-1", "/s/%00/p/1"]:
        assert client.get(path).status_code in (302, 404), path
    assert no_response_stored(db)


def test_oversized_request_is_a_clear_413(make_survey, resident, client, app):
    make_survey()
    r = resident("every-type")
    r.start()
    response = client.post("/s/every-type/p/1", data={"q_why": "z" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)


def test_required_question_on_an_earlier_page_is_checked_at_submit(make_survey, resident, db):
    make_survey()
    r = resident("every-type")
    r.start()
    r.post(1, VALID_PAGES[0])
    r.open(2)
    r.post(2, VALID_PAGES[1])
    r.open(3)
    # A forged jump past page 1 with an emptied required answer is caught at submit.
    r.open(1)
    r.post(1, {"q_categories": ["noise"], "q_safe": "4"})
    r.open(3)
    response = r.post(3, VALID_PAGES[2])
    assert response.status_code == 302 and response.headers["Location"].endswith("/thanks")


def test_raw_invalid_bytes_do_not_drop_the_page(make_survey, resident, db, client):
    make_survey()
    r = resident("every-type")
    r.start()
    from tests.conftest import csrf_from, draft_from

    body = (
        b"action=next&q_categories=welfare&q_safe=2&q_why=broken\xff\xfebytes"
        + b"&csrf_token=" + csrf_from(r.html).encode() + b"&draft=" + draft_from(r.html).encode()
    )
    response = client.post("/s/every-type/p/1", data=body, content_type="application/x-www-form-urlencoded")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "characters we could not read" in html
    assert 'value="welfare" checked' in html and 'value="2" checked' in html
    assert no_response_stored(db)
