"""Shared helpers for organizer-page tests: sign in, post a page's form with its CSRF token, answer as a resident."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.conftest import csrf_from
from tests.surveys.definitions import VALID_PAGES


def sign_in(make_user: Any, auth: Any, role: str = "organizer") -> Any:
    user = make_user(role)
    response = auth.login(user.email)
    assert response.status_code == 302, response.status_code
    return user


def post_form(client: Any, page_url: str, data: dict[str, Any], action: str | None = None, **kwargs: Any) -> Any:
    """Open `page_url`, take its CSRF token, post `data` to `action` (default: the same URL)."""
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    payload = {"csrf_token": csrf_from(page.get_data(as_text=True)), **data}
    return client.post(action or page_url, data=payload, **kwargs)


def token(client: Any, url: str = "/manage/") -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


def complete(resident: Any, slug: str = "every-type", pages: list[dict[str, Any]] | None = None, lang: str | None = None) -> Any:
    """Answer every page through the residents' routes; returns the last response (the redirect to thanks)."""
    r = resident(slug)
    r.start(lang=lang)
    last = None
    for number, page in enumerate(pages or VALID_PAGES, 1):
        last = r.post(number, page)
        assert last.status_code == 302, r.html[:3000]
    return last


def one(db: Any, model: Any, *where: Any) -> Any:
    return db.session.scalars(sa.select(model).where(*where)).one()


def count(db: Any, model: Any, *where: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))
