"""Forms of the report builder (all plain HTML forms: the builder works without JavaScript)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from engage.reports.wording import SEGMENT_NAMES


class NewReportForm(FlaskForm):
    survey_id = SelectField(_l("Survey"), coerce=int, validate_choice=True)
    slug = StringField(
        _l("Web address"),
        description=_l("Lowercase letters, digits and dashes; the report will be at /reports/<address>."),
        validators=[DataRequired(_l("Enter a web address for the report.")), Length(max=80),
                    Regexp(r"^[a-z0-9][a-z0-9-]{1,79}$", message=_l("Use 2 to 80 lowercase letters, digits and dashes."))],
    )


class SettingsForm(FlaskForm):
    segments = SelectMultipleField(_l("Break results down by"), choices=[(k, v) for k, v in SEGMENT_NAMES.items()],
                                   validate_choice=True)
    min_cell = IntegerField(
        _l("Hide groups smaller than"), description=_l("People. 10 is the usual threshold; it cannot go below 3."),
        validators=[DataRequired(_l("Enter a number of people.")),
                    NumberRange(min=3, max=1000, message=_l("Enter a number from 3 to 1000."))],
    )
    codebook = SelectField(_l("Codebook"), validate_choice=False)
    codebook_file = FileField(_l("Or upload a codebook (JSON)"))
    population_file = FileField(
        _l("Population shares for weighting (CSV)"),
        description=_l("Columns segment,category,share — for example district,old_town,0.18. Leave empty to keep the current shares."),
    )
    clear_population = BooleanField(_l("Do not weight (remove the population shares)"))


class ReviewForm(FlaskForm):
    themes = SelectMultipleField(_l("Themes"), validate_choice=False, validators=[Optional()])


class QuoteForm(FlaskForm):
    status = SelectField(_l("Decision"), choices=[("approved", _l("Approve for publication")),
                                                  ("rejected", _l("Do not publish")), ("", _l("Undecided"))],
                         validate_choice=True)
    translation = TextAreaField(_l("Translation (optional)"), validators=[Optional(), Length(max=1000)])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (analyse, publish, refresh suggestions)."""
