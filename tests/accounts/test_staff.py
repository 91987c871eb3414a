"""Administrators manage staff accounts: add with a generated password, change roles, switch off, never lock out."""
from __future__ import annotations

import re

import sqlalchemy as sa

from engage.models import AuditEvent, User
from tests.conftest import csrf_from


def page(client):
    html = client.get("/manage/staff/").get_data(as_text=True)
    return html, csrf_from(html)


def test_admin_adds_a_staff_member_who_can_sign_in(client, db, make_user, auth, app):
    make_user("admin")
    auth.login("admin@example.org")
    html, token = page(client)
    response = client.post("/manage/staff/", data={"csrf_token": token, "email": "New.Analyst@City.gov", "role": "analyst"})
    assert response.status_code == 200
    password = re.search(r'class="code-display__value">([^<]+)<', response.get_data(as_text=True)).group(1)
    user = db.session.scalars(sa.select(User).where(User.email == "new.analyst@city.gov")).one()
    assert user.role == "analyst" and user.check_password(password)
    other = app.test_client()
    login = other.get("/account/login").get_data(as_text=True)
    assert other.post("/account/login", data={"csrf_token": csrf_from(login), "email": "new.analyst@city.gov",
                                              "password": password}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "staff.create")) == 1


def test_bad_input_is_explained_and_kept(client, db, make_user, auth):
    make_user("admin")
    auth.login("admin@example.org")
    _html, token = page(client)
    response = client.post("/manage/staff/", data={"csrf_token": token, "email": "not-an-email", "display_name": "Rosa", "role": "analyst"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter an email address like name@city.gov." in html and 'value="Rosa"' in html
    response = client.post("/manage/staff/", data={"csrf_token": token, "email": "admin@example.org", "role": "analyst"})
    assert "An account with this email already exists." in response.get_data(as_text=True)


def test_role_change_switch_off_and_new_password(client, db, make_user, auth):
    make_user("admin")
    organizer = make_user("organizer")
    auth.login("admin@example.org")
    _html, token = page(client)
    assert client.post(f"/manage/staff/{organizer.id}", data={"csrf_token": token, "action": "role", "role": "analyst"}).status_code == 302
    assert client.post(f"/manage/staff/{organizer.id}", data={"csrf_token": token, "action": "deactivate"}).status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, organizer.id)
    assert changed.role == "analyst" and not changed.active
    reset = client.post(f"/manage/staff/{organizer.id}", data={"csrf_token": token, "action": "password"})
    new_password = re.search(r'class="code-display__value">([^<]+)<', reset.get_data(as_text=True)).group(1)
    db.session.expire_all()
    assert db.session.get(User, organizer.id).check_password(new_password)


def test_the_last_admin_cannot_be_removed_or_lock_themselves_out(client, db, make_user, auth):
    admin = make_user("admin")
    auth.login("admin@example.org")
    _html, token = page(client)
    for data in ({"action": "deactivate"}, {"action": "role", "role": "organizer"}):
        response = client.post(f"/manage/staff/{admin.id}", data={"csrf_token": token, **data}, follow_redirects=True)
        assert "would leave no administrator able to sign in" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin" and db.session.get(User, admin.id).active


def test_organizers_and_analysts_cannot_manage_staff(client, make_user, auth):
    make_user("organizer")
    auth.login()
    assert client.get("/manage/staff/").status_code == 403
