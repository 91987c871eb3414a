"""Staff sign-in: good and bad passwords, rate limiting, sign-out, and no open redirect."""
from __future__ import annotations

import pytest

from engage.models import User
from tests.conftest import TEST_SECRET, csrf_from


def login_page_token(client, url="/account/login"):
    return csrf_from(client.get(url).get_data(as_text=True))


def test_good_password_signs_in_and_goes_to_the_dashboard(client, db, make_user, auth):
    make_user("organizer")
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    user = db.session.query(User).one()
    assert user.last_login_at is not None


def test_email_is_not_case_sensitive(client, make_user, auth):
    make_user("analyst")
    assert auth.login("Analyst@Example.org").status_code == 302


@pytest.mark.parametrize("email,password", [("organizer@example.org", "wrong password"), ("nobody@example.org", "correct horse battery")])
def test_bad_credentials_are_refused_with_the_same_message(client, make_user, auth, email, password):
    make_user("organizer")
    response = auth.login(email, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "That email and password do not match an active account." in html
    assert f'value="{email}"' in html and "correct horse" not in html.replace(email, "")  # email kept, password never echoed
    assert client.get("/manage/").status_code == 302


def test_missing_fields_and_csrf(client):
    response = client.post("/account/login", data={"csrf_token": login_page_token(client), "email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter your email address." in html and "Enter your password." in html
    assert client.post("/account/login", data={"email": "a@b.c", "password": "x"}).status_code == 400


def test_inactive_account_cannot_sign_in(client, db, make_user, auth):
    user = make_user("admin")
    user.active = False
    db.session.commit()
    assert auth.login(user.email).status_code == 400


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, db, make_user, auth):
    user = make_user("organizer")
    auth.login(user.email)
    assert client.get("/manage/").status_code == 200
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert client.get("/manage/").status_code == 302


def test_sign_out(client, make_user, auth):
    make_user("organizer")
    auth.login()
    home = client.get("/").get_data(as_text=True)
    response = client.post("/account/logout", data={"csrf_token": csrf_from(home)})
    assert response.status_code == 302
    assert client.get("/manage/").headers["Location"].startswith("/account/login")
    assert client.get("/account/logout").status_code == 405  # a link cannot sign anyone out


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
                                    "/%0d%0aLocation:%20http://evil.example", "evil.example"])
def test_open_redirect_is_refused(client, make_user, target):
    make_user("organizer")
    url = "/account/login?next=" + target
    response = client.post(url, data={"csrf_token": login_page_token(client), "email": "organizer@example.org",
                                      "password": "correct horse battery"})
    assert response.status_code == 302 and response.headers["Location"] == "/manage/", response.headers["Location"]


def test_next_path_on_this_site_is_followed(client, make_user):
    make_user("organizer")
    response = client.post("/account/login?next=/manage/surveys/new", data={
        "csrf_token": login_page_token(client), "email": "organizer@example.org", "password": "correct horse battery"})
    assert response.headers["Location"] == "/manage/surveys/new"


@pytest.fixture
def limited_client(app):
    """A second app on the same database with rate limiting on (the session app runs without it)."""
    from engage import create_app
    from engage.extensions import db, limiter

    limited = create_app({
        "DATABASE_URL": app.config["DATABASE_URL"], "TESTING": True, "SECRET_KEY": TEST_SECRET,
        "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
    })
    yield limited.test_client()
    db.session.remove()
    limiter.reset()
    limiter.enabled = False
    limited.extensions["engage_db_engine"].dispose()
    db.bind(app)  # scripts and fixtures outside a request use the session app's engine again


def test_sign_in_attempts_are_rate_limited(limited_client, make_user):
    make_user("organizer")
    statuses = []
    for _ in range(11):
        token = csrf_from(limited_client.get("/account/login").get_data(as_text=True))
        statuses.append(limited_client.post("/account/login", data={
            "csrf_token": token, "email": "organizer@example.org", "password": "guess"}).status_code)
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    token = csrf_from(limited_client.get("/account/login").get_data(as_text=True))
    # Even the right password waits: guessing cannot continue by luck.
    response = limited_client.post("/account/login", data={"csrf_token": token, "email": "organizer@example.org", "password": "correct horse battery"})
    assert response.status_code == 429 and "Too many attempts" in response.get_data(as_text=True)
