"""WTForms built from a survey page: one field per question, validated on the server.

Parsing and checking an answer are kept here; the page's rules (which questions apply) come from
logic.py. Every message is translated and names what to do next.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.utils import unset_value

from engage.i18n import resolve
from engage.models import DONT_KNOW, OTHER, PREFER_NOT, Question
from engage.surveys.logic import applicable

DEFAULT_SHORT_MAX = 200
DEFAULT_LONG_MAX = 4000
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ufeff]")


class RankingField(Field):
    """Rank the top N options with N drop-downs ("1st choice", "2nd choice" ...): works without JavaScript."""

    def __init__(self, label: str = "", slots: int = 3, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.slots = slots

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default
        self.object_data = data
        names = [f"{self.name}-{i}" for i in range(1, self.slots + 1)]
        if formdata is not None and any(n in formdata for n in names):
            self.raw_data = [formdata.get(n, "") for n in names]
            self.data = [v.strip() for v in self.raw_data]
        else:
            values = list(data or []) if isinstance(data, list) else []
            self.data = (values + [""] * self.slots)[: self.slots]

    def _value(self) -> list[str]:
        return self.data


class PageForm(FlaskForm):
    """Base for a survey page; `draft` carries the signed draft token across pages."""

    draft = HiddenField()


def build_page_form(questions: list[Question], locale: str, default_locale: str, **kwargs: Any) -> PageForm:
    attrs: dict[str, Any] = {}
    for q in questions:
        attrs[q.key] = _field_for(q, locale, default_locale)
        if q.setting("allow_other") and q.type in ("single_choice", "multiple_choice"):
            attrs[f"{q.key}__other"] = StringField(_l("Other, please specify"))
    form_class = type("SurveyPageForm", (PageForm,), attrs)
    form = form_class(**kwargs)
    form.page_questions = questions  # type: ignore[attr-defined]
    return form


def _label(q: Question, locale: str, default_locale: str) -> str:
    return resolve(q.label, locale, default_locale).text


def _choices(q: Question, locale: str, default_locale: str) -> list[tuple[str, str]]:
    out = [(c.code, resolve(c.label, locale, default_locale).text) for c in q.active_choices]
    if q.type in ("single_choice", "multiple_choice") and q.setting("allow_other"):
        out.append((OTHER, _("Other")))
    if q.type == "demographic":
        out.append((PREFER_NOT, _("Prefer not to say")))
    return out


def likert_points(q: Question, locale: str, default_locale: str) -> list[tuple[str, str]]:
    scale = int(q.setting("scale", 5))
    labels = q.setting("point_labels") or []
    points = []
    for i in range(1, scale + 1):
        text = resolve(labels[i - 1], locale, default_locale).text if i <= len(labels) else str(i)
        points.append((str(i), text))
    if q.setting("dont_know", True):
        points.append((DONT_KNOW, _("Don't know")))
    return points


def _field_for(q: Question, locale: str, default_locale: str) -> Field:
    label = _label(q, locale, default_locale)
    if q.type in ("single_choice", "demographic"):
        return RadioField(label, choices=_choices(q, locale, default_locale), validate_choice=False)
    if q.type == "multiple_choice":
        return SelectMultipleField(label, choices=_choices(q, locale, default_locale), validate_choice=False)
    if q.type == "likert":
        return RadioField(label, choices=likert_points(q, locale, default_locale), validate_choice=False)
    if q.type == "yes_no":
        return RadioField(label, choices=[("yes", _("Yes")), ("no", _("No"))], validate_choice=False)
    if q.type == "ranking":
        slots = int(q.setting("rank_count") or len(q.active_choices))
        field = RankingField(label, slots=min(slots, len(q.active_choices)) or 1)
        return field
    if q.type == "long_text":
        return TextAreaField(label)
    return StringField(label)  # short_text, number


# --- checking answers ----------------------------------------------------------------------------

def clean_text(raw: Any) -> tuple[str, str | None]:
    """Normalise typed text; return (text, error). Unreadable bytes and control characters are refused."""
    text = raw if isinstance(raw, str) else ""
    if _BAD_CHARS.search(text):
        return text, _("Your answer contains characters we could not read. Please type it again.")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip(), None


def parse_number(raw: str) -> Decimal | None:
    """Accept 12, 12.5, 12,5 and digits in any script (Arabic-Indic too)."""
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw.strip())
    text = text.replace("\u066b", ".").replace(",", ".").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check(q: Question, form: PageForm) -> tuple[Any, str | None, str | None]:
    """Read one question's field: (value to store, error on the question, error on its 'other' box)."""
    field = form[q.key]
    codes = set(q.choice_codes())
    if q.type in ("single_choice", "demographic", "yes_no", "likert"):
        value = field.data or None
        allowed = {code for code, _label in field.choices}
        if value is None:
            return None, (_("Choose an answer.") if q.required else None), None
        if value not in allowed:
            return None, _("Choose one of the options shown."), None
        if q.type == "likert":
            return (value if value == DONT_KNOW else int(value)), None, None
        return value, None, _other_error(q, form, [value])
    if q.type == "multiple_choice":
        values = [v for v in (field.data or []) if v]
        if len(set(values)) != len(values):
            return None, _("Choose each option only once."), None
        if any(v not in codes and not (v == OTHER and q.setting("allow_other")) for v in values):
            return None, _("Choose only from the options shown."), None
        low, high = q.setting("min_choices"), q.setting("max_choices")
        if not values:
            return [], (_("Choose at least one option.") if q.required or low else None), None
        if high and len(values) > int(high):
            return values, _("Choose at most %(num)d options.", num=int(high)), None
        if low and len(values) < int(low):
            return values, _("Choose at least %(num)d options.", num=int(low)), None
        return values, None, _other_error(q, form, values)
    if q.type == "ranking":
        picked = [v for v in field.data if v]
        if not picked:
            return [], (_("Rank at least your first choice.") if q.required else None), None
        if any(v not in codes for v in picked):
            return None, _("Choose only from the options shown."), None
        if len(set(picked)) != len(picked):
            return None, _("Choose each option only once."), None
        if "" in field.data[: len(picked)]:
            return None, _("Fill the places in order, starting with 1st choice."), None
        return picked, None, None
    if q.type in ("short_text", "long_text"):
        text, error = clean_text(field.data)
        if error:
            return None, error, None
        limit = int(q.setting("max_length") or (DEFAULT_SHORT_MAX if q.type == "short_text" else DEFAULT_LONG_MAX))
        if len(text) > limit:
            return None, _("Use at most %(max)d characters; you used %(used)d.", max=limit, used=len(text)), None
        if not text:
            return None, (_("Write an answer.") if q.required else None), None
        min_len = int(q.setting("min_length") or 0)
        if len(text) < min_len:
            return None, _("Write at least %(min)d characters.", min=min_len), None
        return text, None, None
    if q.type == "number":
        raw, error = clean_text(field.data)
        if error:
            return None, error, None
        if not raw:
            return None, (_("Enter a number.") if q.required else None), None
        number = parse_number(raw) if len(raw) <= 30 else None
        if number is None:
            return None, _("Enter a number using digits, like 12."), None
        low, high = q.setting("min"), q.setting("max")
        if (low is not None and number < Decimal(str(low))) or (high is not None and number > Decimal(str(high))):
            return None, _("Enter a number from %(min)s to %(max)s.", min=low if low is not None else "…", max=high if high is not None else "…"), None
        if q.setting("integer", True) and number != number.to_integral_value():
            return None, _("Enter a whole number, like 12."), None
        return (int(number) if number == number.to_integral_value() else float(number)), None, None
    return None, None, None


def _other_error(q: Question, form: PageForm, chosen: list[str]) -> str | None:
    if not q.setting("allow_other") or f"{q.key}__other" not in form:
        return None
    text, error = clean_text(form[f"{q.key}__other"].data)
    if error:
        return error
    if OTHER in chosen and not text:
        return _("Tell us what “Other” means for you, or choose another option.")
    if len(text) > DEFAULT_SHORT_MAX:
        return _("Use at most %(max)d characters; you used %(used)d.", max=DEFAULT_SHORT_MAX, used=len(text))
    return None


def read_page(form: PageForm, context: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every question on the page. Returns (answers, errors by field name).

    Questions whose condition (possibly on this same page) is not met are skipped and not stored.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    questions: list[Question] = form.page_questions  # type: ignore[attr-defined]
    # First pass without rules, so a condition on this page sees this page's answers.
    for q in questions:
        value, _err, _oerr = check(q, form)
        if value not in (None, "", []):
            context = {**context, q.key: value}
    for q in questions:
        if not applicable(q, context):
            continue
        value, error, other_error = check(q, form)
        if error:
            errors[q.key] = error
        if other_error:
            errors[f"{q.key}__other"] = other_error
        if value not in (None, "", []):
            answers[q.key] = value
            other_field = f"{q.key}__other"
            if other_field in form:
                chosen = value if isinstance(value, list) else [value]
                text, _e = clean_text(form[other_field].data)
                if OTHER in chosen and text and not other_error:
                    answers[other_field] = text
    return answers, errors


def initial_data(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """Draft answers in the shape the page's fields expect."""
    data: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q.key)
        if value is None:
            continue
        data[q.key] = str(value) if q.type in ("likert", "number") else value
        if f"{q.key}__other" in answers:
            data[f"{q.key}__other"] = answers[f"{q.key}__other"]
    return data
