"""Organizer forms for consultations: copy a template, edit the consultation and its topics side by side per language."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from engage.i18n import locale_name
from engage.models import Consultation, ConsultationTopic

SLUG_RULE = Regexp(r"^[a-z0-9][a-z0-9-]{1,79}$", message=_l("Use 2 to 80 lowercase letters, digits and dashes, like riverton-2025."))
KEY_RULE = Regexp(r"^[a-z][a-z0-9_]{0,59}$", message=_l("Use lowercase letters, digits and underscores, starting with a letter."))
STATUS_CHOICES = [("draft", _l("Draft (only staff can see it)")), ("open", _l("Open (public)")), ("closed", _l("Closed (public, read only)"))]


class NewConsultationForm(FlaskForm):
    slug = StringField(_l("Web address"), validators=[DataRequired(message=_l("Enter a web address.")), SLUG_RULE],
                       description=_l("Residents will find it at /c/ followed by this."))
    survey = SelectField(_l("Survey that asks the questions"), coerce=int,
                         validators=[DataRequired(message=_l("Choose a survey."))])
    template = SelectField(_l("Start from"), validators=[Optional()])


class ConsultationForm(FlaskForm):
    status = SelectField(_l("Who can see it"), choices=STATUS_CHOICES)
    card_question_key = SelectField(_l("Question that comment cards answer"), validators=[Optional()],
                                    description=_l("Cards typed in at listening sessions are stored as answers to this open-text question."))


class NewTopicForm(FlaskForm):
    key = StringField(_l("Short code"), validators=[DataRequired(message=_l("Enter a short code.")), KEY_RULE])
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title.")), Length(max=200)])


def _translatable(attrs: dict[str, Any], prefix: str, locales: list[str], label: str, *, long: bool, max_length: int) -> None:
    for loc in locales:
        field_class = TextAreaField if long else StringField
        attrs[f"{prefix}__{loc}"] = field_class(f"{label} ({locale_name(loc)})", validators=[Optional(), Length(max=max_length)])


def consultation_text_form(consultation: Consultation, **kwargs: Any) -> ConsultationForm:
    """Title and introduction in every language, side by side, plus status and the card question."""
    attrs: dict[str, Any] = {}
    _translatable(attrs, "title", consultation.offered_locales, str(_l("Title")), long=False, max_length=200)
    _translatable(attrs, "intro", consultation.offered_locales, str(_l("Introduction")), long=True, max_length=4000)
    form_class = type("ConsultationTextForm", (ConsultationForm,), attrs)
    return form_class(**kwargs)


def topic_form(consultation: Consultation, topic: ConsultationTopic, question_choices: list[tuple[str, str]], **kwargs: Any) -> FlaskForm:
    """One topic: title and briefing per language, linked questions, and each option with its trade-offs.

    One empty option row is offered for adding; an option whose labels are all emptied is removed.
    """
    locales = consultation.offered_locales
    attrs: dict[str, Any] = {
        "minutes": IntegerField(_l("Minutes on the agenda"), validators=[NumberRange(min=0, max=240, message=_l("Enter minutes from 0 to 240."))]),
        "question_keys": SelectMultipleField(_l("Survey questions about this topic"), choices=question_choices, validate_choice=False),
    }
    _translatable(attrs, "title", locales, str(_l("Title")), long=False, max_length=200)
    _translatable(attrs, "briefing", locales, str(_l("Briefing")), long=True, max_length=6000)
    for index in range(len(topic.options or []) + 1):
        attrs[f"option{index}__code"] = StringField(_l("Option code"), validators=[Optional(), KEY_RULE])
        _translatable(attrs, f"option{index}__label", locales, str(_l("Option")), long=False, max_length=200)
        _translatable(attrs, f"option{index}__tradeoffs", locales, str(_l("Good and hard parts")), long=True, max_length=2000)
    form_class = type("TopicForm", (FlaskForm,), attrs)
    return form_class(**kwargs)


def topic_form_data(consultation: Consultation, topic: ConsultationTopic) -> dict[str, Any]:
    data: dict[str, Any] = {"minutes": topic.minutes, "question_keys": list(topic.question_keys or [])}
    for loc in consultation.offered_locales:
        data[f"title__{loc}"] = (topic.title or {}).get(loc, "")
        data[f"briefing__{loc}"] = (topic.briefing or {}).get(loc, "")
        for index, option in enumerate(topic.options or []):
            data[f"option{index}__code"] = option.get("code", "")
            data[f"option{index}__label__{loc}"] = (option.get("label") or {}).get(loc, "")
            data[f"option{index}__tradeoffs__{loc}"] = (option.get("tradeoffs") or {}).get(loc, "")
    return data


def collect(form: FlaskForm, prefix: str, locales: list[str]) -> dict[str, str]:
    return {loc: form[f"{prefix}__{loc}"].data.strip() for loc in locales if (form[f"{prefix}__{loc}"].data or "").strip()}


def read_options(form: FlaskForm, consultation: Consultation, topic: ConsultationTopic) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The options as typed, and errors by field name (a new option needs a code; codes are unique)."""
    locales = consultation.offered_locales
    options: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index in range(len(topic.options or []) + 1):
        label = collect(form, f"option{index}__label", locales)
        if not label:
            continue
        code = (form[f"option{index}__code"].data or "").strip()
        if not code:
            errors[f"option{index}__code"] = str(_l("Give this option a short code."))
            continue
        if code in seen:
            errors[f"option{index}__code"] = str(_l("Each option needs its own code."))
            continue
        seen.add(code)
        options.append({"code": code, "label": label, "tradeoffs": collect(form, f"option{index}__tradeoffs", locales)})
    return options, errors
