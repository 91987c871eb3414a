"""Organizer and resident forms for listening sessions: scheduling, registration, capture, paper entry."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from engage.i18n import locale_name
from engage.sessions.services import is_time_zone

COUNT = NumberRange(min=0, max=100000, message=_l("Enter a whole number from 0 to 100000."))


def _zone_check(_form: Any, field: Any) -> None:
    if not is_time_zone((field.data or "").strip()):
        raise ValidationError(_l("Enter a time zone like America/Chicago."))


class ScheduleForm(FlaskForm):
    consultation = SelectField(_l("Consultation"), coerce=int, validators=[InputRequired(message=_l("Choose a consultation."))])
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Enter the date, like 2025-03-14."))],
                    description=_l("For example 2025-03-14."))
    start = TimeField(_l("Starts at"), validators=[InputRequired(message=_l("Enter the start time, like 18:00."))])
    end = TimeField(_l("Ends at"), validators=[InputRequired(message=_l("Enter the end time, like 20:00."))])
    timezone = StringField(_l("Time zone"), validators=[DataRequired(message=_l("Enter a time zone like America/Chicago.")), _zone_check])
    place = StringField(_l("Place"), validators=[DataRequired(message=_l("Enter the name of the place.")), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    languages = SelectMultipleField(_l("Languages offered"), validators=[DataRequired(message=_l("Choose at least one language."))])
    host_organization = StringField(_l("Host organization"), validators=[Optional(), Length(max=200)])
    facilitator = StringField(_l("Facilitator"), validators=[Optional(), Length(max=120)])
    registration_open = BooleanField(_l("Let residents say they are coming (name or nickname only)"), default=True)
    cancelled = BooleanField(_l("This session is cancelled"))

    def validate_end(self, field: Any) -> None:
        if self.start.data and field.data and field.data == self.start.data:
            raise ValidationError(_l("The end time must be different from the start time."))


TRANSLATED_FIELDS = (
    ("title", _l("Title"), 200, False),
    ("accessibility", _l("Accessibility: step-free entry, hearing loop, childcare, food, transit"), 2000, True),
    ("interpretation", _l("Interpretation (for example: Arabic and ASL interpreters on site)"), 1000, True),
)


def schedule_form(locales: list[str], **kwargs: Any) -> ScheduleForm:
    attrs: dict[str, Any] = {}
    for name, label, max_length, long in TRANSLATED_FIELDS:
        for loc in locales:
            field_class = TextAreaField if long else StringField
            attrs[f"{name}__{loc}"] = field_class(f"{label} ({locale_name(loc)})", validators=[Optional(), Length(max=max_length)])
    form = type("SessionScheduleForm", (ScheduleForm,), attrs)(**kwargs)
    form.languages.choices = [(loc, locale_name(loc)) for loc in locales]
    return form


class RegistrationForm(FlaskForm):
    name = StringField(_l("Your name or a nickname"), validators=[
        DataRequired(message=_l("Enter a name or a nickname.")), Length(max=80, message=_l("Use at most 80 characters."))])


class PaperCodesForm(FlaskForm):
    """How many more paper forms to print, per language."""


def paper_codes_form(locales: list[str], **kwargs: Any) -> FlaskForm:
    attrs = {f"count__{loc}": IntegerField(locale_name(loc), default=0, validators=[
        Optional(), NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500."))]) for loc in locales}
    return type("SessionPaperCodesForm", (PaperCodesForm,), attrs)(**kwargs)


def attendance_form(groups: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> FlaskForm:
    """Attendance, and for each demographic question a count per answer (aggregate only)."""
    attrs: dict[str, Any] = {"attendance": IntegerField(_l("People who came"), validators=[Optional(), COUNT])}
    for segment, choices in groups:
        for code, label in choices:
            attrs[f"d__{segment}__{code}"] = IntegerField(label, validators=[Optional(), COUNT])
    return type("SessionAttendanceForm", (FlaskForm,), attrs)(**kwargs)


def notes_form(topic_ids: list[int], **kwargs: Any) -> FlaskForm:
    attrs = {f"note__{tid}": TextAreaField(validators=[Optional(), Length(max=20000)]) for tid in topic_ids}
    return type("SessionNotesForm", (FlaskForm,), attrs)(**kwargs)


def tallies_form(rows: list[tuple[int, int]], **kwargs: Any) -> FlaskForm:
    """A count box per (topic, option index) and method; empty means 'not counted'."""
    attrs: dict[str, Any] = {}
    for topic_id, index in rows:
        for method in ("hands", "dots"):
            attrs[f"t__{topic_id}__{index}__{method}"] = IntegerField(validators=[Optional(), COUNT])
    return type("SessionTalliesForm", (FlaskForm,), attrs)(**kwargs)


class CardForm(FlaskForm):
    """The card's language; its words are checked by the survey's own form for the card question."""

    language = SelectField(_l("Language the card is written in"))


class SheetCodeForm(FlaskForm):
    """The code printed on a paper sheet (bound beside the survey page form, which carries CSRF)."""

    class Meta:
        csrf = False

    code = StringField(_l("Code printed on the sheet"), validators=[DataRequired(message=_l("Type the code printed at the top of the sheet."))])


class SimpleActionForm(FlaskForm):
    """A button that posts (CSRF only)."""
