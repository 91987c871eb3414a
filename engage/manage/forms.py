"""Organizers' forms: survey settings, pages, questions of every type, choices, invite codes.

Each form turns its fields into the plain values services.py takes (`to_settings`, `to_spec`).
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from engage.manage.services import SLUG_PATTERN, QuestionSpec, SurveySettings
from engage.models import CHOICE_TYPES, SEGMENTS
from engage.surveys.definition import KEY_PATTERN

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

QUESTION_TYPE_LABELS = {
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "likert": _l("Rating scale (Likert)"),
    "ranking": _l("Ranking"),
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "number": _l("Number"),
    "yes_no": _l("Yes or no"),
    "demographic": _l("Demographic (feeds a segment)"),
}
SEGMENT_LABELS = {
    "district": _l("District or neighborhood"),
    "age_band": _l("Age band"),
    "home_language": _l("Language spoken at home"),
    "race_ethnicity": _l("Race or ethnicity"),
    "housing": _l("Housing situation"),
}
#: Which settings each question type offers on the form.
TYPE_SETTINGS = {
    "single_choice": ("allow_other",),
    "multiple_choice": ("allow_other", "min_choices", "max_choices"),
    "likert": ("scale", "point_labels", "dont_know"),
    "ranking": ("rank_count",),
    "short_text": ("min_length", "max_length"),
    "long_text": ("min_length", "max_length"),
    "number": ("min_value", "max_value", "integer"),
    "yes_no": (),
    "demographic": ("segment",),
}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def parse_datetime(raw: str | None) -> datetime | None:
    """`datetime-local` input text (UTC, as the page says) → aware datetime; ValueError when unreadable."""
    raw = (raw or "").strip()
    if not raw:
        return None
    return datetime.strptime(raw[:16], DATETIME_FORMAT).replace(tzinfo=timezone.utc)


def parse_decimal(raw: str | None) -> int | float | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    value = Decimal(raw)  # InvalidOperation for text
    if not value.is_finite():
        raise InvalidOperation(raw)
    return int(value) if value == value.to_integral_value() else float(value)


class SurveyForm(FlaskForm):
    slug = StringField(
        _l("Web address"),
        description=_l("The end of the survey's link, /s/…: 2 to 80 lowercase letters, digits and dashes. It cannot change once the survey has opened."),
        filters=[_strip, _lower],
        validators=[InputRequired(_l("Enter the web address.")),
                    Regexp(SLUG_PATTERN, message=_l("Use 2 to 80 lowercase letters, digits and dashes, like responder-survey."))],
    )
    title = StringField(_l("Title"), filters=[_strip], validators=[
        InputRequired(_l("Enter a title.")), Length(max=200, message=_l("Use at most %(max)d characters."))])
    intro = TextAreaField(_l("Introduction"), description=_l("Shown before residents start. Leave a blank line between paragraphs."),
                          validators=[Length(max=4000, message=_l("Use at most %(max)d characters."))])
    privacy_notice = TextAreaField(_l("Privacy notice"), validators=[Length(max=4000, message=_l("Use at most %(max)d characters."))])
    thank_you = TextAreaField(_l("Thank-you text"), description=_l("Shown after a resident sends their answers."),
                              validators=[Length(max=4000, message=_l("Use at most %(max)d characters."))])
    default_locale = SelectField(_l("Default language"), description=_l("Write the texts above in this language. Other languages fall back to it."))
    locales = SelectMultipleField(_l("Languages offered"), validate_choice=False)
    response_policy = RadioField(_l("Who can answer"), default="open", choices=[
        ("open", _l("Anyone with the link (repeat answers from one browser are flagged, never blocked)")),
        ("invite", _l("Only people with a single-use invite code")),
    ], validators=[InputRequired(_l("Choose who can answer."))])
    opens_at = StringField(_l("Opens at (UTC, optional)"), description=_l("Before this time residents see that the survey opens soon."))
    closes_at = StringField(_l("Closes at (UTC, optional)"), description=_l("After this time the survey stops taking answers."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from engage.i18n import locale_name

        codes = tuple(current_app.config["ENGAGE_LOCALES"])
        self.default_locale.choices = [(code, locale_name(code)) for code in codes]
        self.locales.choices = [(code, locale_name(code)) for code in codes]

    def validate_locales(self, field: Any) -> None:
        known = {code for code, _label in field.choices}
        if any(code not in known for code in field.data or []):
            raise ValidationError(_l("Choose languages from the list."))

    def validate_opens_at(self, field: Any) -> None:
        try:
            parse_datetime(field.data)
        except ValueError as exc:
            raise ValidationError(_l("Enter a date and time like 2025-03-01T09:00.")) from exc

    def validate_closes_at(self, field: Any) -> None:
        try:
            closes = parse_datetime(field.data)
        except ValueError as exc:
            raise ValidationError(_l("Enter a date and time like 2025-03-01T09:00.")) from exc
        try:
            opens = parse_datetime(self.opens_at.data)
        except ValueError:
            return
        if opens and closes and closes <= opens:
            raise ValidationError(_l("The closing time must be after the opening time."))

    def fill_from(self, survey: Any) -> None:
        locale = survey.default_locale
        self.slug.data = survey.slug
        for name in ("title", "intro", "privacy_notice", "thank_you"):
            getattr(self, name).data = (getattr(survey, name) or {}).get(locale, "")
        self.default_locale.data = locale
        self.locales.data = survey.offered_locales
        self.response_policy.data = survey.response_policy
        self.opens_at.data = survey.opens_at.strftime(DATETIME_FORMAT) if survey.opens_at else ""
        self.closes_at.data = survey.closes_at.strftime(DATETIME_FORMAT) if survey.closes_at else ""

    def to_settings(self) -> SurveySettings:
        return SurveySettings(
            slug=self.slug.data, title=self.title.data, intro=self.intro.data or "",
            privacy_notice=self.privacy_notice.data or "", thank_you=self.thank_you.data or "",
            default_locale=self.default_locale.data, locales=list(self.locales.data or []),
            response_policy=self.response_policy.data, opens_at=parse_datetime(self.opens_at.data),
            closes_at=parse_datetime(self.closes_at.data),
        )


class SectionForm(FlaskForm):
    title = StringField(_l("Page title"), filters=[_strip], validators=[Length(max=200, message=_l("Use at most %(max)d characters."))])
    intro = TextAreaField(_l("Text at the top of the page (optional)"),
                          validators=[Length(max=4000, message=_l("Use at most %(max)d characters."))])


def _optional_int(low: int, high: int) -> list[Any]:
    return [Optional(), NumberRange(low, high, message=_l("Enter a whole number from %(min)s to %(max)s."))]


class QuestionForm(FlaskForm):
    key = StringField(
        _l("Key"), filters=[_strip],
        description=_l("A short code for exports and analysis, like call_categories: lowercase letters, digits and underscores. It stays the same across versions."),
        validators=[InputRequired(_l("Enter a key.")),
                    Regexp(KEY_PATTERN, message=_l("Start with a letter; use lowercase letters, digits and underscores."))],
    )
    type = SelectField(_l("Question type"), choices=list(QUESTION_TYPE_LABELS.items()))
    label = TextAreaField(_l("Question"), filters=[_strip], validators=[
        InputRequired(_l("Write the question.")), Length(max=1000, message=_l("Use at most %(max)d characters."))])
    help = TextAreaField(_l("Help text (optional)"), filters=[_strip],
                         validators=[Length(max=2000, message=_l("Use at most %(max)d characters."))])
    required = BooleanField(_l("Residents must answer this question"))
    choices = TextAreaField(
        _l("Options"), description=_l("One option per line. To choose its code, write code = label, like mental_health = Mental health crises."),
        validators=[Length(max=10000, message=_l("Use at most %(max)d characters."))],
    )
    allow_other = BooleanField(_l("Add “Other, please specify”"))
    min_choices = IntegerField(_l("Fewest options a resident must choose (optional)"), validators=_optional_int(1, 50))
    max_choices = IntegerField(_l("Most options a resident may choose (optional)"), validators=_optional_int(1, 50))
    scale = IntegerField(_l("Number of points on the scale"), default=5, validators=[
        InputRequired(_l("Enter the number of points.")), NumberRange(2, 11, message=_l("Enter a whole number from %(min)s to %(max)s."))])
    point_labels = TextAreaField(_l("Point labels"), description=_l("One line per point, from the lowest to the highest. Leave a line empty to show the number."),
                                 validators=[Length(max=4000, message=_l("Use at most %(max)d characters."))])
    dont_know = BooleanField(_l("Offer “Don't know”"), default=True)
    rank_count = IntegerField(_l("How many places to rank (optional; all options when empty)"), validators=_optional_int(1, 20))
    min_length = IntegerField(_l("Fewest characters (optional)"), validators=_optional_int(0, 20000))
    max_length = IntegerField(_l("Most characters (optional)"), validators=_optional_int(1, 20000))
    min_value = StringField(_l("Smallest number allowed (optional)"))
    max_value = StringField(_l("Largest number allowed (optional)"))
    integer = BooleanField(_l("Whole numbers only"), default=True)
    segment = SelectField(_l("Segment"), description=_l("Analysts break results down by this segment."),
                          choices=[("", _l("– Choose –"))] + list(SEGMENT_LABELS.items()))

    def __init__(self, *args: Any, fixed_type: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_type:
            self.type.data = fixed_type

    @property
    def chosen_type(self) -> str:
        return self.type.data if self.type.data in QUESTION_TYPE_LABELS else "single_choice"

    def visible_settings(self) -> tuple[str, ...]:
        return TYPE_SETTINGS[self.chosen_type]

    def validate(self, extra_validators: Any = None) -> bool:
        # Only the settings of the chosen type are checked, so a hidden field cannot block saving.
        skip = {name for names in TYPE_SETTINGS.values() for name in names} - set(self.visible_settings())
        for name in skip:
            getattr(self, name).validators = [Optional()]
            getattr(self, name).raw_data = []
            getattr(self, name).process_errors = []
        ok = super().validate(extra_validators)
        return self._validate_settings() and ok

    def _validate_settings(self) -> bool:
        ok = True
        kind = self.chosen_type
        if kind == "multiple_choice" and self.min_choices.data and self.max_choices.data and self.min_choices.data > self.max_choices.data:
            self.max_choices.errors.append(_l("The most must not be smaller than the fewest."))
            ok = False
        if kind in ("short_text", "long_text") and self.min_length.data and self.max_length.data and self.min_length.data > self.max_length.data:
            self.max_length.errors.append(_l("The most must not be smaller than the fewest."))
            ok = False
        if kind == "number":
            values = []
            for field in (self.min_value, self.max_value):
                try:
                    values.append(parse_decimal(field.data))
                except (InvalidOperation, ValueError):
                    field.errors.append(_l("Enter a number, like 0 or 100."))
                    ok = False
                    values.append(None)
            if ok and None not in values and values[0] > values[1]:
                self.max_value.errors.append(_l("The largest number must not be smaller than the smallest."))
                ok = False
        if kind == "demographic" and self.segment.data not in SEGMENTS:
            self.segment.errors.append(_l("Choose the segment this question feeds."))
            ok = False
        return ok

    def parsed_choices(self) -> list[tuple[str, str]]:
        out = []
        for line in (self.choices.data or "").splitlines():
            code, sep, label = line.partition("=")
            if not sep:
                code, label = "", line
            if label.strip():
                out.append((code.strip().lower(), label.strip()))
        return out

    def fill_from(self, question: Any, locale: str) -> None:
        self.key.data, self.type.data, self.required.data = question.key, question.type, question.required
        self.label.data = (question.label or {}).get(locale, "")
        self.help.data = (question.help or {}).get(locale, "")
        s = question.settings or {}
        self.allow_other.data = bool(s.get("allow_other"))
        self.min_choices.data, self.max_choices.data = s.get("min_choices"), s.get("max_choices")
        self.scale.data = s.get("scale", 5)
        self.dont_know.data = bool(s.get("dont_know", True))
        points = s.get("point_labels") or []
        self.point_labels.data = "\n".join((p or {}).get(locale, "") if isinstance(p, dict) else str(p) for p in points)
        self.rank_count.data = s.get("rank_count")
        self.min_length.data, self.max_length.data = s.get("min_length"), s.get("max_length")
        self.min_value.data = "" if s.get("min") is None else str(s.get("min"))
        self.max_value.data = "" if s.get("max") is None else str(s.get("max"))
        self.integer.data = bool(s.get("integer", True))
        self.segment.data = s.get("segment") or ""

    def to_spec(self) -> QuestionSpec:
        kind = self.chosen_type
        settings: dict[str, Any] = {}
        if kind in ("single_choice", "multiple_choice"):
            settings["allow_other"] = bool(self.allow_other.data)
        if kind == "multiple_choice":
            settings.update({k: getattr(self, k).data for k in ("min_choices", "max_choices") if getattr(self, k).data})
        if kind == "likert":
            settings.update(scale=int(self.scale.data or 5), dont_know=bool(self.dont_know.data))
        if kind == "ranking" and self.rank_count.data:
            settings["rank_count"] = self.rank_count.data
        if kind in ("short_text", "long_text"):
            settings.update({k: getattr(self, k).data for k in ("min_length", "max_length") if getattr(self, k).data})
        if kind == "number":
            low, high = parse_decimal(self.min_value.data), parse_decimal(self.max_value.data)
            settings.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
            settings["integer"] = bool(self.integer.data)
        if kind == "demographic":
            settings["segment"] = self.segment.data
        return QuestionSpec(
            key=self.key.data, type=kind, label=self.label.data, help=self.help.data or "",
            required=bool(self.required.data), settings=settings,
            choices=self.parsed_choices() if kind in CHOICE_TYPES else [],
            point_labels=[line.strip() for line in (self.point_labels.data or "").splitlines()],
        )


class ChoiceForm(FlaskForm):
    new_label = StringField(_l("New option"), filters=[_strip], validators=[
        InputRequired(_l("Write the option.")), Length(max=500, message=_l("Use at most %(max)d characters."))])
    new_code = StringField(_l("Code (optional)"), filters=[_strip, _lower], description=_l("Made from the option when empty."),
                           validators=[Length(max=60, message=_l("Use at most %(max)d characters."))])


def read_choice_edits(formdata: Any, choices: list[Any]) -> dict[int, tuple[str, str]]:
    """The choices table: code-<id> and label-<id> for every active choice shown."""
    edits = {}
    for choice in choices:
        if f"label-{choice.id}" in formdata:
            edits[choice.id] = (
                formdata.get(f"code-{choice.id}", choice.code)[:60].strip().lower(),
                formdata.get(f"label-{choice.id}", "")[:500].strip(),
            )
    return edits


class InviteForm(FlaskForm):
    batch = StringField(_l("Batch name"), filters=[_strip], description=_l("Say where the codes go, like “Library, March” or “District 3 mailing”."),
                        validators=[InputRequired(_l("Name the batch.")), Length(max=80, message=_l("Use at most %(max)d characters."))])
    count = IntegerField(_l("How many codes"), default=20, validators=[
        InputRequired(_l("Enter how many codes to make.")), NumberRange(1, 1000, message=_l("Enter a whole number from %(min)s to %(max)s."))])
