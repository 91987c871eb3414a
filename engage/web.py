"""What every page shares: security headers, language, template helpers, error pages."""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import Flask, Request, abort, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import FormDataParser

from engage.i18n import locale_name, remember_locale, resolve, text_direction

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("What you sent is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("Engage is not ready yet"),
}
ERROR_HINTS = {
    400: _l("Go back, reload the page and try again."),
    403: _l("Sign in with an account that has access, or ask an administrator."),
    404: _l("Check the address, or start from the home page."),
    405: _l("Go back and use the buttons on the page."),
    413: _l("Shorten your answer and try again."),
    429: _l("Please wait a minute before you try again."),
    500: _l("Your answers so far are saved. Please try again in a moment."),
    503: _l("The database has not been set up. An administrator needs to run the migrations (make run, or flask --app wsgi engage migrate)."),
}


class LenientFormDataParser(FormDataParser):
    """Decode form bodies with U+FFFD for bytes that are not UTF-8, instead of dropping the whole form.

    Werkzeug discards every field when one has invalid UTF-8; residents would lose a page of
    answers. With replacement characters the survey form can name the one bad answer instead.
    """

    def _parse_urlencoded(self, stream, mimetype, content_length, options):  # type: ignore[override]
        items = parse_qsl(stream.read().decode("utf-8", "replace"), keep_blank_values=True, errors="replace")
        return stream, self.cls(items), self.cls()

    def parse(self, *args, **kwargs):  # type: ignore[override]
        stream, form, files = super().parse(*args, **kwargs)
        # PostgreSQL refuses NUL in text; turn it into the same "unreadable character" the forms report.
        if any("\x00" in key or "\x00" in value for key, value in form.items(multi=True)):
            form = self.cls([(k.replace("\x00", "\ufffd"), v.replace("\x00", "\ufffd")) for k, v in form.items(multi=True)])
        return stream, form, files


class EngageRequest(Request):
    form_data_parser_class = LenientFormDataParser


def _refuse_nul_in_url() -> None:
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        abort(404)


def init_app(app: Flask) -> None:
    from engage.extensions import db, login

    app.request_class = EngageRequest
    app.before_request(_refuse_nul_in_url)
    from engage.models import User

    login.login_view = "accounts.login"
    login.login_message = _l("Please sign in to see that page.")
    login.login_message_category = "info"

    @login.user_loader
    def _load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user and user.active else None

    app.after_request(remember_locale)
    app.after_request(_security_headers)
    app.context_processor(_template_helpers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(sa.exc.OperationalError, _database_error)
    app.register_error_handler(sa.exc.ProgrammingError, _database_error)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["paragraphs"] = paragraphs


def paragraphs(text: Any) -> Markup:
    """Plain text with blank lines → escaped <p> paragraphs (organizer text is data, never markup)."""
    parts = [p.strip() for p in str(text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(Markup("<br>").join(p.split("\n"))) for p in parts)


def _security_headers(response: Any) -> Any:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    if request.endpoint and not request.endpoint.endswith("static") and response.mimetype == "text/html":
        # Pages may hold a resident's answers: never keep them in a shared cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _template_helpers() -> dict[str, Any]:
    locale = str(get_locale() or "en")

    def lang_url(code: str) -> str:
        args = request.args.to_dict()
        args["lang"] = code
        return f"{request.path}?{urlencode(args)}"

    def tr(value: Any, default_locale: str = "en") -> Any:
        return resolve(value, locale, default_locale)

    return {
        "current_locale": locale,
        "list_sep": list_separator(locale),
        "list_separator": list_separator,
        "text_dir": text_direction(locale),
        "locale_name": locale_name,
        "lang_url": lang_url,
        "tr": tr,
        "shipped_locales": _shipped_locales(),
    }


# Languages written in Arabic script separate list items with the Arabic comma.
_ARABIC_COMMA_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb"})


def list_separator(locale: str) -> str:
    """What goes between the items of a list in ``locale``: ", ", or "، " in Arabic script."""
    return "، " if locale.replace("-", "_").split("_")[0] in _ARABIC_COMMA_LANGUAGES else ", "


def _shipped_locales() -> tuple[str, ...]:
    from flask import current_app

    return tuple(current_app.config["ENGAGE_LOCALES"])


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    return (
        render_template(
            "error.html", code=code, title=ERROR_TITLES.get(code, ERROR_TITLES[500]),
            hint=message or ERROR_HINTS.get(code, ERROR_HINTS[500]),
        ),
        code,
    )


def _http_error(error: HTTPException) -> Any:
    if error.code is None or error.code < 400:
        return error
    response = render_error(error.code)
    if error.code == 405 and getattr(error, "valid_methods", None):
        return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
    return response


def _csrf_error(error: CSRFError) -> Any:
    return render_error(400, str(_l("This form has expired or was sent from another site. Go back, reload the page and try again.")))


def _database_error(error: Exception) -> Any:
    from engage.extensions import db

    db.session.rollback()
    if not schema_is_current():
        return render_error(503)
    raise error


def schema_is_current() -> bool:
    """True when the database has been migrated (the alembic version table exists and has a row)."""
    from engage.extensions import db

    try:
        with db.engine.connect() as conn:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).first() is not None
    except sa.exc.DBAPIError:
        return False


