"""The fixture layer: one app and one migrated database per run; every test starts from empty tables.

TEST_DATABASE_URL picks the database (default: a temporary SQLite file), so the same suite runs
against SQLite and PostgreSQL.
"""
from __future__ import annotations

import os
import re
from typing import Any, Callable

import pytest
import sqlalchemy as sa

from engage import create_app
from engage.extensions import db as _db
from engage.extensions import limiter
from engage.models import Base

TEST_SECRET = "test-secret-key-that-is-long-enough-for-production-checks"


def test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'engage-test.db'}"


def reset_database(url: str) -> None:
    """Start from an empty database so migrations run from the first revision."""
    from engage.database import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(conn)
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory):
    url = test_database_url(tmp_path_factory)
    reset_database(url)
    app = create_app({
        "DATABASE_URL": url, "TESTING": True, "SECRET_KEY": TEST_SECRET, "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    })
    with app.app_context():
        from engage.cli import migrate_database

        migrate_database()
    return app


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    # A test may have built another app, re-pointing the shared extension objects.
    _db.bind(app)
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def db(app):
    """The database handle, used outside any app context: holding one open would make every test
    request share its `g` (Flask reuses an active app context), hiding per-request bugs."""
    yield _db
    _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DRAFT_RE = re.compile(r'name="draft"[^>]*value="([^"]*)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def draft_from(html: str) -> str:
    match = DRAFT_RE.search(html)
    assert match, "page has no draft token"
    return match.group(1)


@pytest.fixture
def make_survey(db) -> Callable[..., Any]:
    """Factory: build a survey from a definition (defaults to the every-question-type survey)."""
    from engage.surveys.definition import build_survey
    from tests.surveys.definitions import every_type_survey

    def make(definition: dict | None = None, **overrides: Any):
        definition = dict(definition or every_type_survey())
        definition.update(overrides)
        survey = build_survey(db.session, definition)
        db.session.commit()
        return survey

    return make


@pytest.fixture
def make_user(db) -> Callable[..., Any]:
    from engage.accounts.services import create_user

    def make(role: str = "organizer", email: str | None = None, password: str = "correct horse battery"):
        user, _ = create_user(db.session, email or f"{role}@example.org", password, role)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client: Any) -> None:
        self.client = client

    def login(self, email: str = "organizer@example.org", password: str = "correct horse battery"):
        page = self.client.get("/account/login")
        return self.client.post("/account/login", data={
            "email": email, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True)),
        })


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


class Resident:
    """Answers a survey through the real routes, as a browser without JavaScript would."""

    def __init__(self, client: Any, slug: str) -> None:
        self.client = client
        self.slug = slug
        self.html = ""

    def start(self, lang: str | None = None, **extra: str):
        landing = self.client.get(f"/s/{self.slug}" + (f"?lang={lang}" if lang else ""))
        assert landing.status_code == 200, landing.status_code
        data = {"csrf_token": csrf_from(landing.get_data(as_text=True)), **extra}
        response = self.client.post(f"/s/{self.slug}/start", data=data)
        if response.status_code == 302:
            return self.open(1)
        self.html = response.get_data(as_text=True)
        return response

    def open(self, number: int):
        response = self.client.get(f"/s/{self.slug}/p/{number}")
        self.html = response.get_data(as_text=True)
        return response

    def post(self, number: int, answers: dict[str, Any], action: str = "next", *, csrf: bool = True, draft: str | None = None):
        data: dict[str, Any] = {"action": action, "draft": draft if draft is not None else draft_from(self.html)}
        if csrf:
            data["csrf_token"] = csrf_from(self.html)
        data.update(answers)
        response = self.client.post(f"/s/{self.slug}/p/{number}", data=data)
        if response.status_code == 200:
            self.html = response.get_data(as_text=True)
        return response


@pytest.fixture
def resident(client) -> Callable[[str], Resident]:
    return lambda slug: Resident(client, slug)
