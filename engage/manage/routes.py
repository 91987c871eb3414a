"""Organizers' pages under /manage/ (URL table only; the work is in services)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template

from engage.accounts.permissions import require
from engage.extensions import db
from engage.models import Response, Survey

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.route("/")
@require("results.view")
def dashboard():
    counts = dict(db.session.execute(sa.select(Response.survey_id, sa.func.count()).group_by(Response.survey_id)).all())
    surveys = db.session.scalars(sa.select(Survey).order_by(Survey.created_at.desc())).all()
    return render_template("manage/dashboard.html", surveys=surveys, counts=counts)
