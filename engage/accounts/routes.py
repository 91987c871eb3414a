"""Staff sign-in and sign-out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage.accounts.forms import LoginForm
from engage.accounts.services import authenticate
from engage.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _safe_next(target: str | None) -> str:
    """Only a path on this site: browsers read "/\\evil.example" as "//evil.example", so backslashes and
    control characters are refused too."""
    if (
        target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc
        and "\\" not in target and not any(ord(ch) < 32 or ord(ch) == 127 for ch in target)
    ):
        return target
    return url_for("manage.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("That email and password do not match an active account."))
    return render_template("accounts/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))
