"""Council reports: the analysts' builder under /manage/reports/ and the public, frozen reports under /reports/."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from engage.accounts.permissions import require
from engage.extensions import db
from engage.models import Report, ReportComment, Survey
from engage.reports.lazy import LazyModule
from engage.reports.forms import ActionForm, NewReportForm, QuoteForm, ReviewForm, SettingsForm
from engage.reports.messages import error_message
from engage.reports.render import open_data_csv, render_pdf, render_xlsx, report_context

# The report services pull in NumPy, SciPy, scikit-learn and NLTK (seconds to import): load them
# when a report page is first asked for, not every time a web worker or a `flask` command starts.
services = LazyModule("engage.reports.services")

bp = Blueprint("reports", __name__)
PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(report_id: int) -> Report:
    return db.session.get(Report, report_id) or abort(404)


def _locale() -> str:
    return str(get_locale() or "en")


# --- analysts ------------------------------------------------------------------------------------

@bp.route("/manage/reports/", methods=["GET", "POST"])
@require("results.view")
def index():
    form = NewReportForm()
    form.survey_id.choices = [(s.id, s.slug) for s in db.session.scalars(sa.select(Survey).order_by(Survey.slug))]
    if form.validate_on_submit():
        if not current_user.can("analysis.edit"):
            abort(403)
        try:
            report = services.create_report(db.session, db.session.get(Survey, form.survey_id.data), form.slug.data)
        except services.ReportError as exc:
            form.slug.errors.append(error_message(exc))
        else:
            db.session.commit()
            return redirect(url_for("reports.builder", report_id=report.id))
    reports = db.session.scalars(sa.select(Report).order_by(Report.created_at.desc())).all()
    return render_template("reports/manage/index.html", reports=reports, form=form)


@bp.route("/manage/reports/<int:report_id>", methods=["GET", "POST"])
@require("results.view")
def builder(report_id: int):
    report = _report(report_id)
    form = SettingsForm(data={"segments": report.setting("segments", []), "min_cell": report.setting("min_cell", 10),
                              "codebook": report.setting("codebook")} if request.method == "GET" else None)
    form.codebook.choices = [(c, c) for c in services.shipped_codebooks()] + (
        [("uploaded", _("Uploaded codebook"))] if report.setting("codebook_data") else [])
    if form.validate_on_submit():
        if not current_user.can("analysis.edit"):
            abort(403)
        if _save_settings(report, form):
            db.session.commit()
            flash(_("Settings saved."), "info")
            return redirect(url_for("reports.builder", report_id=report.id))
    comments = db.session.scalar(sa.select(sa.func.count()).select_from(ReportComment).where(ReportComment.report_id == report.id))
    codebook = services.report_codebook(report)
    return render_template("reports/manage/builder.html", report=report, form=form, action=ActionForm(),
                           comments=comments, review=_review_figures(report),
                           emerging=services.emerging_groups(db.session, report),
                           learning=services.learning_summary(report, codebook), codebook=codebook,
                           codebook_notes=services.codebook_notes(codebook))


def _save_settings(report: Report, form: SettingsForm) -> bool:
    population = codebook_data = None
    try:
        if form.population_file.data and form.population_file.data.filename:
            population = services.parse_population(form.population_file.data.read())
        if form.codebook_file.data and form.codebook_file.data.filename:
            codebook_data = services.parse_codebook(form.codebook_file.data.read())
    except services.ReportError as exc:
        target = form.population_file if exc.code.startswith("population") else form.codebook_file
        target.errors = [error_message(exc)]
        return False
    services.update_settings(report, segments=form.segments.data or [], min_cell=form.min_cell.data,
                             codebook=form.codebook.data, population=population,
                             clear_population=form.clear_population.data, codebook_data=codebook_data)
    return True


def _review_figures(report: Report) -> dict:
    from engage.reports.builder import review_figures

    return review_figures(services.comment_rows(db.session, report), services.report_codebook(report).ids)


@bp.route("/manage/reports/<int:report_id>/analyse", methods=["POST"])
@require("analysis.edit")
def analyse(report_id: int):
    report = _report(report_id)
    if ActionForm().validate_on_submit():
        services.analyse(db.session, report, learn=request.form.get("learn") == "1")
        db.session.commit()
        flash(_("The written answers were tagged. Review the themes below."), "info")
    return redirect(url_for("reports.builder", report_id=report.id))


@bp.route("/manage/reports/<int:report_id>/tags")
@require("results.view")
def tags(report_id: int):
    report = _report(report_id)
    page = max(1, request.args.get("page", 1, type=int))
    show = request.args.get("show", "all")
    if show == "sample":
        # Checks made in this order are a random sample: agreement and learning stand for all answers.
        ids = services.review_sample(db.session, report)
        total, wanted = len(ids), ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        found = {c.id: c for c in db.session.scalars(sa.select(ReportComment).where(ReportComment.id.in_(wanted)))}
        comments = [found[i] for i in wanted if i in found]
    else:
        stmt = sa.select(ReportComment).where(ReportComment.report_id == report.id)
        if show == "unreviewed":
            stmt = stmt.where(ReportComment.reviewed_at.is_(None))
        elif show == "reviewed":
            stmt = stmt.where(ReportComment.reviewed_at.is_not(None))
        elif show == "poor":
            weak = (report.analysis or {}).get("weak_fit") or []
            stmt = stmt.where(ReportComment.reviewed_at.is_(None), ReportComment.id.in_(weak))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
        comments = db.session.scalars(stmt.order_by(ReportComment.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template("reports/manage/tags.html", report=report, comments=comments, page=page, show=show,
                           pages=max(1, -(-total // PAGE_SIZE)), total=total, form=ReviewForm(),
                           codebook=services.report_codebook(report), review=_review_figures(report))


@bp.route("/manage/reports/<int:report_id>/tags/<int:comment_id>", methods=["POST"])
@require("analysis.edit")
def review(report_id: int, comment_id: int):
    report = _report(report_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.review_comment(db.session, report, comment_id, form.themes.data or [], current_user)
        except services.ReportError:
            abort(404)
        db.session.commit()
        flash(_("Review saved."), "info")
    return redirect(url_for("reports.tags", report_id=report.id, page=request.args.get("page", 1, type=int),
                            show=request.args.get("show", "all"), _anchor=f"c{comment_id}"))


@bp.route("/manage/reports/<int:report_id>/quotes")
@require("results.view")
def quotes(report_id: int):
    report = _report(report_id)
    candidates = (report.analysis or {}).get("candidates") or {}
    wanted = {int(i) for c in candidates.values() for i in c.get("quotes", []) + c.get("minority_views", [])}
    by_id = {c.id: c for c in db.session.scalars(sa.select(ReportComment).where(ReportComment.id.in_(wanted or [-1])))}
    return render_template("reports/manage/quotes.html", report=report, candidates=candidates, by_id=by_id,
                           codebook=services.report_codebook(report), form=QuoteForm(), action=ActionForm())


@bp.route("/manage/reports/<int:report_id>/quotes/<int:comment_id>", methods=["POST"])
@require("analysis.edit")
def quote(report_id: int, comment_id: int):
    report = _report(report_id)
    form = QuoteForm()
    if form.validate_on_submit():
        try:
            services.set_quote(db.session, report, comment_id, form.status.data, form.translation.data)
        except services.ReportError:
            abort(404)
        db.session.commit()
        flash(_("Quote decision saved."), "info")
    return redirect(url_for("reports.quotes", report_id=report.id, _anchor=f"c{comment_id}"))


@bp.route("/manage/reports/<int:report_id>/quotes/refresh", methods=["POST"])
@require("analysis.edit")
def refresh_quotes(report_id: int):
    report = _report(report_id)
    if ActionForm().validate_on_submit():
        report.analysis = dict(report.analysis or {}, **services.suggest_quotes(db.session, report))
        db.session.commit()
        flash(_("Quote suggestions now follow the reviewed themes."), "info")
    return redirect(url_for("reports.quotes", report_id=report.id))


@bp.route("/manage/reports/<int:report_id>/preview")
@require("results.view")
def preview(report_id: int):
    report = _report(report_id)
    data = services.build_data(db.session, report)
    return render_template("reports/public.html", report=report, version=None, versions=report.versions,
                           preview=True, **report_context(data, _locale()))


@bp.route("/manage/reports/<int:report_id>/publish", methods=["POST"])
@require("analysis.edit")
def publish(report_id: int):
    report = _report(report_id)
    if ActionForm().validate_on_submit():
        version = services.publish(db.session, report, current_user)
        db.session.commit()
        flash(_("Version %(n)s is published.", n=version.number), "info")
        return redirect(url_for("reports.version", slug=report.slug, number=version.number))
    return redirect(url_for("reports.builder", report_id=report.id))


@bp.route("/manage/reports/<int:report_id>/responses.csv")
@require("results.view")
def responses_csv(report_id: int):
    from engage.reports.exports import responses_csv as rows

    survey = _report(report_id).survey
    name = f"{survey.slug}-responses-{datetime.now(timezone.utc):%Y%m%d-%H%M}.csv"
    return Response(stream_with_context(rows(db.session, survey.id)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/manage/reports/<int:report_id>/responses.xlsx")
@require("results.view")
def responses_xlsx(report_id: int):
    from engage.reports.exports import responses_xlsx as workbook

    survey = _report(report_id).survey
    name = f"{survey.slug}-responses-{datetime.now(timezone.utc):%Y%m%d-%H%M}.xlsx"
    return Response(workbook(db.session, survey), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- the public ------------------------------------------------------------------------------------

def _version(slug: str, number: int | None):
    return services.find_version(db.session, slug, number) or abort(404)


@bp.route("/reports/<slug>")
def latest(slug: str):
    return _show(_version(slug, None))


@bp.route("/reports/<slug>/v/<int:number>")
def version(slug: str, number: int):
    return _show(_version(slug, number))


def _show(version):
    return render_template("reports/public.html", report=version.report, version=version,
                           versions=version.report.versions, preview=False,
                           **report_context(version.data, _locale()))


@bp.route("/reports/<slug>.pdf")
def latest_pdf(slug: str):
    return _pdf(_version(slug, None))


@bp.route("/reports/<slug>/v/<int:number>.pdf")
def version_pdf(slug: str, number: int):
    return _pdf(_version(slug, number))


def _pdf(version):
    """Frozen data renders the same PDF every time, so each (version, language) is cached on disk."""
    locale = _locale()
    cache = Path(current_app.instance_path) / "report-pdf" / f"{version.report.slug}-v{version.number}-{locale}.pdf"
    if cache.exists():
        body = cache.read_bytes()
    else:
        body = render_pdf(version.data, locale, version=version)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_bytes(body)
        tmp.replace(cache)
    name = f"{version.report.slug}-v{version.number}-{locale}.pdf"
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.route("/reports/<slug>/v/<int:number>/data.json")
def data_json(slug: str, number: int):
    version = _version(slug, number)
    body = json.dumps(version.data, ensure_ascii=False, indent=1, sort_keys=True)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-v{number}.json"'})


@bp.route("/reports/<slug>/v/<int:number>/data.csv")
def data_csv(slug: str, number: int):
    version = _version(slug, number)
    return Response("\ufeff" + open_data_csv(version.data, _locale()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-v{number}.csv"'})


@bp.route("/reports/<slug>/v/<int:number>/data.xlsx")
def data_xlsx(slug: str, number: int):
    version = _version(slug, number)
    return Response(render_xlsx(version.data, _locale()), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{slug}-v{number}.xlsx"'})


@bp.app_context_processor
def _published_reports():
    """`published_reports()` for the home page's reports section (called only where it is used)."""
    return {"published_reports": lambda: services.published_reports(db.session)}
