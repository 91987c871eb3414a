"""Public pages: the home page residents land on, and the liveness check."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template

from engage.extensions import db
from engage.models import Survey

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    surveys = db.session.scalars(sa.select(Survey).where(Survey.status == "open").order_by(Survey.created_at.desc())).all()
    open_surveys = [s for s in surveys if s.is_accepting()]
    return render_template("public/home.html", surveys=open_surveys)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.DBAPIError:
        db.session.rollback()
        return "database unavailable", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
