"""Staff sign-in and sign-out, and the administrators' page for staff accounts."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage.accounts.forms import LoginForm, NewStaffForm, StaffChangeForm
from engage.accounts.permissions import require
from engage.accounts.services import StaffError, authenticate, change_staff, create_user, reset_password
from engage.extensions import db, limiter
from engage.manage.services import audit
from engage.models import User

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


staff_bp = Blueprint("staff", __name__, url_prefix="/manage/staff")


@staff_bp.route("/", methods=["GET", "POST"])
@require("users.edit")
def staff_list():
    form = NewStaffForm()
    shown_password = None
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
            form.email.errors.append(_("An account with this email already exists."))
        else:
            user, shown_password = create_user(db.session, email, None, form.role.data, form.display_name.data or "")
            audit(db.session, current_user.id, "staff.create", user, role=user.role)
            db.session.commit()
            flash(_("Account created for %(email)s.", email=email), "info")
            form = NewStaffForm(formdata=None)
            return render_template("accounts/staff.html", form=form, staff=_staff(), password=shown_password, for_email=email)
    status = 400 if form.errors else 200
    return render_template("accounts/staff.html", form=form, staff=_staff(), password=None), status


@staff_bp.route("/<int:user_id>", methods=["POST"])
@require("users.edit")
def staff_change(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = StaffChangeForm()
    action = request.form.get("action", "")
    if not form.validate_on_submit() and action == "role":
        flash(_("Choose one of the roles shown."), "error")
        return redirect(url_for(".staff_list"))
    try:
        if action == "role":
            change_staff(db.session, current_user, user, role=form.role.data)
        elif action in ("deactivate", "activate"):
            change_staff(db.session, current_user, user, active=action == "activate")
        elif action == "password":
            password = reset_password(user)
            audit(db.session, current_user.id, "staff.password", user)
            db.session.commit()
            return render_template("accounts/staff.html", form=NewStaffForm(formdata=None), staff=_staff(),
                                   password=password, for_email=user.email)
        else:
            abort(400)
    except StaffError:
        db.session.rollback()
        flash(_("That change would leave no administrator able to sign in, or would lock you out. Ask another administrator."), "error")
        return redirect(url_for(".staff_list"))
    audit(db.session, current_user.id, f"staff.{action}", user, role=user.role, active=user.active)
    db.session.commit()
    flash(_("Saved the change for %(email)s.", email=user.email), "info")
    return redirect(url_for(".staff_list"))


def _staff() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.active.desc(), User.email)))

