"""Locale negotiation and translatable text (one JSON value per field: {"en": "...", "es": "..."})."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from flask import current_app, g, request, session

from engage.config import RTL_LOCALES

LANG_COOKIE = "engage_lang"


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["ENGAGE_LOCALES"])


# Resident pages an organizer previews keep their language here, for the browser session only.
PREVIEW_LANG_KEY = "preview_lang"


def _organizer_on_resident_pages() -> bool:
    """A signed-in organizer on survey pages is previewing them: the language they pick there is
    the survey's, and must not become the language of their own organizer pages."""
    from flask_login import current_user

    return request.blueprint == "surveys" and current_user.is_authenticated


def select_locale() -> str:
    """Explicit choice (?lang=, then the cookie it set), then Accept-Language, then the default.

    An organizer previewing resident pages picks their language for the preview only.
    """
    if hasattr(g, "locale"):
        return g.locale
    supported = supported_locales()
    chosen = request.args.get("lang", "").strip().lower()
    previewing = _organizer_on_resident_pages()
    if chosen in supported:
        if previewing:
            session[PREVIEW_LANG_KEY] = chosen
        else:
            g.set_lang_cookie = chosen
        g.locale = chosen
        return chosen
    if previewing and session.get(PREVIEW_LANG_KEY) in supported:
        g.locale = session[PREVIEW_LANG_KEY]
        return g.locale
    cookie = request.cookies.get(LANG_COOKIE, "")
    if cookie in supported:
        g.locale = cookie
        return cookie
    best = request.accept_languages.best_match(supported)
    g.locale = best or current_app.config["BABEL_DEFAULT_LOCALE"]
    return g.locale


def remember_locale(response: Any) -> Any:
    lang = g.get("set_lang_cookie")
    if lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
        response.vary.add("Cookie")
    return response


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RTL_LOCALES else "ltr"


@lru_cache(maxsize=64)
def locale_name(code: str) -> str:
    """A language's name in its own language ("Español", "العربية"), as a language menu shows it."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class LocalizedText:
    """A translatable field resolved for one locale; `is_fallback` when shown in another language."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def resolve(value: dict[str, str] | str | None, locale: str, default_locale: str = "en") -> LocalizedText:
    """Pick the text for `locale`, falling back to the default locale, then to any text there is."""
    if value is None:
        return LocalizedText("", locale, False)
    if isinstance(value, str):
        return LocalizedText(value, default_locale, locale != default_locale)
    text = (value.get(locale) or "").strip()
    if text:
        return LocalizedText(value[locale], locale, False)
    for lang in (default_locale, *value.keys()):
        if (value.get(lang) or "").strip():
            return LocalizedText(value[lang], lang, True)
    return LocalizedText("", locale, False)


def missing_locales(value: dict[str, str] | None, locales: list[str]) -> list[str]:
    value = value or {}
    return [loc for loc in locales if not (value.get(loc) or "").strip()]
