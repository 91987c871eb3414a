"""Sign-in form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)])


ROLE_CHOICES = [
    ("organizer", _l("Organizer: builds surveys, runs sessions, sees results")),
    ("analyst", _l("Analyst: sees results, codes themes, builds reports")),
    ("admin", _l("Administrator: everything, including staff accounts")),
]


class NewStaffForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter an email address.")), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address like name@city.gov.")), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, default="organizer", validators=[DataRequired(_l("Choose a role."))])


class StaffChangeForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[(code, code) for code, _label in ROLE_CHOICES])
