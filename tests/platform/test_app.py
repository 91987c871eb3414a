"""The app as a whole: configuration, start-up checks, health, headers, translations."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engage import create_app

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_a_real_secret(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    app = create_app()
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@h/db"


def test_unmigrated_database_gives_a_clear_message(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "SECRET_KEY": "t"})
    response = app.test_client().get("/")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "The database has not been set up" in text and "Traceback" not in text


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_language_choice_is_remembered_and_accept_language_used(client):
    assert '<html lang="ar" dir="rtl">' in client.get("/", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in client.get("/?lang=es").get_data(as_text=True)
    # remembered in a cookie, beating Accept-Language
    assert '<html lang="es" dir="ltr">' in client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in client.get("/?lang=en").get_data(as_text=True)
    # an unknown choice is ignored
    assert '<html lang="en"' in client.get("/?lang=xx").get_data(as_text=True)


def test_404_and_405_pages_are_friendly(client):
    assert "Page not found" in client.get("/nowhere").get_data(as_text=True)
    assert client.get("/account/logout").status_code == 405


def test_every_shipped_locale_is_fully_translated():
    result = subprocess.run([sys.executable, "scripts/translate.py", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_catalogs_are_up_to_date_with_the_code(tmp_path):
    """Every string in the code is in the catalogs: extract afresh and compare msgids."""
    from babel.messages.pofile import read_po

    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_ngettext:1,2", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with pot.open("rb") as f:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for locale in ("es", "ar"):
        with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
            catalog = read_po(f, locale=locale)
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
        assert not fresh - known, f"{locale}: untranslated strings {sorted(fresh - known)[:10]}"


def test_purge_deletes_only_old_drafts(db, runner, make_survey):
    from datetime import timedelta

    import sqlalchemy as sa

    from engage.models import Draft, utcnow

    survey = make_survey()
    db.session.add_all([
        Draft(survey_id=survey.id, token="old", answers={"q_safe": 3}, updated_at=utcnow() - timedelta(days=40)),
        Draft(survey_id=survey.id, token="new", answers={"q_safe": 4}),
    ])
    db.session.commit()
    result = runner.invoke(args=["engage", "purge", "--drafts-older-than", "30"])
    assert result.exit_code == 0 and "Deleted 1" in result.output
    db.session.rollback()
    assert db.session.scalars(sa.select(Draft.token)).all() == ["new"]
