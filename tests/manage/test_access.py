"""Every organizer route refuses an anonymous visitor and a signed-in role without its permission.

The routes are read from the app's URL map, so routes that later features add are covered
without touching this file: anything under /manage/, any `manage*` blueprint, and any view that
@require marked with `required_permission`.
"""
from __future__ import annotations

from typing import Any

import pytest
from werkzeug.routing import IntegerConverter, Rule

from engage.models import PERMISSIONS, ROLES
from tests.conftest import TEST_SECRET, csrf_from


def is_organizer_route(rule: Rule, view: Any) -> bool:
    return (
        rule.rule.startswith("/manage") or rule.endpoint.split(".")[0].startswith("manage")
        or getattr(view, "required_permission", None) is not None
    )


def _organizer_routes() -> list[tuple[str, str, str | None]]:
    """(endpoint, method, permission) for every organizer route, read once at collection time."""
    from engage import create_app

    listing = create_app({"DATABASE_URL": "sqlite://", "TESTING": True, "RATELIMIT_ENABLED": False, "SECRET_KEY": TEST_SECRET})
    out = []
    for rule in listing.url_map.iter_rules():
        view = listing.view_functions[rule.endpoint]
        if is_organizer_route(rule, view):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.endpoint, method, getattr(view, "required_permission", None)))
    return out


ROUTES = _organizer_routes()
LOWER_ROLES = [
    (endpoint, method, permission, role)
    for endpoint, method, permission in ROUTES
    for role in ROLES
    if permission and permission not in PERMISSIONS[role]
]


def url_for_rule(app: Any, endpoint: str) -> str:
    """The rule's URL with a harmless value for each argument (the ids need not exist: the guard comes first)."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {name: (1 if isinstance(rule._converters.get(name), IntegerConverter) else "x") for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def send(client: Any, app: Any, endpoint: str, method: str, token_page: str) -> Any:
    url = url_for_rule(app, endpoint)
    if method == "GET":
        return client.get(url)
    # A valid CSRF token, so that it is the permission check that answers, not the CSRF check.
    token = csrf_from(client.get(token_page).get_data(as_text=True))
    return client.open(url, method=method, data={"csrf_token": token})


def test_the_walk_finds_the_organizer_routes():
    endpoints = {e for e, _m, _p in ROUTES}
    assert {"manage.dashboard", "manage.survey_new", "manage.question_edit", "manage.responses_csv", "manage.invites"} <= endpoints
    assert len(ROUTES) >= 25


@pytest.mark.parametrize(("endpoint", "method", "permission"), ROUTES, ids=[f"{e}-{m}" for e, m, _p in ROUTES])
def test_every_organizer_route_names_its_permission(endpoint: str, method: str, permission: str | None):
    assert permission in {p for perms in PERMISSIONS.values() for p in perms}, f"{endpoint} is not guarded by @require"


@pytest.mark.parametrize(("endpoint", "method", "permission"), ROUTES, ids=[f"{e}-{m}" for e, m, _p in ROUTES])
def test_anonymous_visitor_is_sent_to_sign_in(app, client, endpoint: str, method: str, permission: str | None):
    response = send(client, app, endpoint, method, "/account/login")
    assert response.status_code == 302, (endpoint, method, response.status_code)
    assert response.headers["Location"].startswith("/account/login"), response.headers["Location"]


@pytest.mark.parametrize(("endpoint", "method", "permission", "role"), LOWER_ROLES,
                         ids=[f"{e}-{m}-{r}" for e, m, _p, r in LOWER_ROLES])
def test_role_without_the_permission_is_refused(app, client, make_user, auth, endpoint: str, method: str, permission: str, role: str):
    user = make_user(role)
    assert auth.login(user.email).status_code == 302
    response = send(client, app, endpoint, method, "/")  # the sign-out form carries a token
    assert response.status_code == 403, (endpoint, method, role, response.status_code)
