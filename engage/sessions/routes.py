"""Listening sessions: the public list /sessions/ and organizers' capture pages under /manage/sessions/.

URL table only: the work is in services.py (data) and kit.py (the printed kit).
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from engage.accounts.permissions import require
from engage.extensions import db, limiter
from engage.i18n import locale_name, resolve
from engage.models import Consultation, ListeningSession, Survey
from engage.sessions import kit, services
from engage.sessions.forms import (
    CardForm,
    RegistrationForm,
    SheetCodeForm,
    SimpleActionForm,
    attendance_form,
    notes_form,
    paper_codes_form,
    schedule_form,
    tallies_form,
)
from engage.sessions.services import PaperCodeError
from engage.surveys.forms import build_page_form, read_page
from engage.surveys.view import page_context

bp = Blueprint("sessions", __name__, url_prefix="/sessions")
manage_bp = Blueprint("manage_sessions", __name__, url_prefix="/manage/sessions")


def _locale() -> str:
    return str(get_locale())


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {
        "home_sessions": lambda: services.upcoming_sessions(db.session, limit=5),
        "session_local": services.local,
        "session_when": _when,
    }


def _when(ls: ListeningSession) -> str:
    """"Friday, March 14, 2025, 6:00 PM – 8:00 PM" in the session's own time zone and the reader's language."""
    from babel.dates import format_date, format_time

    locale = _locale()
    starts, ends = services.local(ls, ls.starts_at), services.local(ls, ls.ends_at)
    return _("%(date)s, %(start)s – %(end)s", date=format_date(starts.date(), "full", locale=locale),
             start=format_time(starts.timetz(), "short", locale=locale), end=format_time(ends.timetz(), "short", locale=locale))


# --- residents -------------------------------------------------------------------------------

def _public(session_id: int) -> ListeningSession:
    return services.public_session(db.session, session_id) or abort(404)


@bp.route("/")
def upcoming():
    return render_template("sessions/upcoming.html", sessions=services.upcoming_sessions(db.session))


@bp.route("/<int:session_id>")
def detail(session_id: int):
    ls = _public(session_id)
    return render_template("sessions/detail.html", ls=ls, form=RegistrationForm())


@bp.route("/<int:session_id>/register", methods=["POST"])
@limiter.limit("10 per minute")
def register(session_id: int):
    ls = _public(session_id)
    form = RegistrationForm()
    if not (ls.registration_open and ls.is_upcoming()):
        flash(_("Registration for this session is closed. You are still welcome to come."), "info")
        return redirect(url_for(".detail", session_id=ls.id))
    if not form.validate_on_submit():
        return render_template("sessions/detail.html", ls=ls, form=form), 400
    services.register(db.session, ls, form.name.data)
    db.session.commit()
    flash(_("Thank you, %(name)s. We look forward to seeing you.", name=form.name.data.strip()), "info")
    return redirect(url_for(".detail", session_id=ls.id))


@bp.route("/<int:session_id>.ics")
def calendar(session_id: int):
    ls = _public(session_id)
    locale = _locale()
    survey = ls.consultation.survey
    description = "\n".join(filter(None, [
        resolve(ls.consultation.title, locale, ls.consultation.default_locale).text,
        _("Host: %(name)s", name=ls.host_organization) if ls.host_organization else "",
        resolve(ls.accessibility, locale).text, resolve(ls.interpretation, locale).text,
        _("Can't come? Answer online: %(url)s", url=kit.poster_url(current_app.config["ENGAGE_PUBLIC_URL"], survey, ls)) if survey else "",
    ]))
    body = services.calendar_file(
        ls, title=_session_title(ls, locale), description=description,
        url=url_for(".detail", session_id=ls.id, _external=True),
        host=urlsplit(current_app.config["ENGAGE_PUBLIC_URL"]).hostname or "engage",
    )
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="listening-session-{ls.id}.ics"'})


def _session_title(ls: ListeningSession, locale: str) -> str:
    return resolve(ls.title, locale).text or _("Listening session")


# --- organizers: scheduling ----------------------------------------------------------------

def _load(session_id: int) -> ListeningSession:
    return db.session.get(ListeningSession, session_id) or abort(404)


def _survey(ls: ListeningSession) -> Survey:
    survey = ls.consultation.survey
    if survey is None:
        flash(_("Link a survey to this consultation first."), "error")
        abort(404)
    return survey


def _schedule_form(ls: ListeningSession | None = None) -> Any:
    locales = list(current_app.config["ENGAGE_LOCALES"])
    data: dict[str, Any] = {"timezone": current_app.config.get("ENGAGE_TIMEZONE", "America/Chicago"),
                            "languages": ["en"], "registration_open": True}
    if ls is not None:
        starts, ends = services.local(ls, ls.starts_at), services.local(ls, ls.ends_at)
        data = {"consultation": ls.consultation_id, "day": starts.date(), "start": starts.time(), "end": ends.time(),
                "timezone": ls.timezone, "place": ls.place, "address": ls.address, "languages": ls.languages,
                "host_organization": ls.host_organization, "facilitator": ls.facilitator,
                "registration_open": ls.registration_open, "cancelled": ls.cancelled}
        for name in ("title", "accessibility", "interpretation"):
            data.update({f"{name}__{loc}": getattr(ls, name).get(loc, "") for loc in locales})
    form = schedule_form(locales, data=data)
    consultations = db.session.scalars(sa.select(Consultation).order_by(Consultation.created_at.desc())).all()
    form.consultation.choices = [(c.id, resolve(c.title, _locale(), c.default_locale).text or c.slug) for c in consultations]
    return form


def _apply(form: Any, ls: ListeningSession) -> None:
    locales = list(current_app.config["ENGAGE_LOCALES"])
    ls.consultation_id = form.consultation.data
    ls.starts_at, ls.ends_at = services.local_times(form.day.data, form.start.data, form.end.data, form.timezone.data.strip())
    ls.timezone = form.timezone.data.strip()
    for name in ("title", "accessibility", "interpretation"):
        setattr(ls, name, {loc: form[f"{name}__{loc}"].data.strip() for loc in locales if (form[f"{name}__{loc}"].data or "").strip()})
    for name in ("place", "address", "host_organization", "facilitator"):
        setattr(ls, name, (form[name].data or "").strip())
    ls.languages, ls.registration_open, ls.cancelled = form.languages.data, form.registration_open.data, form.cancelled.data


@manage_bp.route("/")
@require("sessions.edit")
def index():
    sessions = db.session.scalars(sa.select(ListeningSession).order_by(ListeningSession.starts_at.desc())).all()
    return render_template("sessions/manage_index.html", sessions=sessions)


@manage_bp.route("/new", methods=["GET", "POST"])
@require("sessions.edit")
def new():
    form = _schedule_form()
    if form.validate_on_submit():
        ls = ListeningSession()
        _apply(form, ls)
        db.session.add(ls)
        db.session.commit()
        flash(_("Listening session scheduled."), "info")
        return redirect(url_for(".summary", session_id=ls.id))
    return render_template("sessions/manage_schedule.html", form=form, ls=None), (400 if form.errors else 200)


@manage_bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@require("sessions.edit")
def edit(session_id: int):
    ls = _load(session_id)
    form = _schedule_form(ls)
    if form.validate_on_submit():
        _apply(form, ls)
        db.session.commit()
        flash(_("Saved."), "info")
        return redirect(url_for(".summary", session_id=ls.id))
    return render_template("sessions/manage_schedule.html", form=form, ls=ls), (400 if form.errors else 200)


@manage_bp.route("/<int:session_id>")
@require("results.view")
def summary(session_id: int):
    ls = _load(session_id)
    return render_template("sessions/manage_summary.html", ls=ls, summary=services.session_summary(db.session, ls),
                           survey=ls.consultation.survey)


# --- the facilitator kit ---------------------------------------------------------------------

def _kit_context(ls: ListeningSession) -> dict[str, Any]:
    survey = _survey(ls)
    url = kit.poster_url(current_app.config["ENGAGE_PUBLIC_URL"], survey, ls)
    papers = services.session_paper_codes(db.session, ls, unused_only=True)
    agenda = kit.agenda_items(ls)
    starts = services.local(ls, ls.starts_at)
    closing = agenda[-1]["clock"] + timedelta(minutes=agenda[-1]["minutes"]) if agenda else starts + timedelta(minutes=10)
    return {"ls": ls, "survey": survey, "agenda": agenda, "closing": closing, "sheets": kit.paper_sheets(survey, papers),
            "posters": kit.posters(ls, url), "poster_url": url, "sheet_count": len(papers),
            "starts": starts, "ends": services.local(ls, ls.ends_at)}


@manage_bp.route("/<int:session_id>/kit")
@require("sessions.edit")
def kit_page(session_id: int):
    ls = _load(session_id)
    form = paper_codes_form(ls.offered_locales)
    return render_template("sessions/manage_kit.html", ls=ls, form=form,
                           codes=services.session_paper_codes(db.session, ls), display_code=services.display_code)


@manage_bp.route("/<int:session_id>/kit/print")
@require("sessions.edit")
def kit_print(session_id: int):
    return render_template("sessions/kit.html", for_pdf=False, **_kit_context(_load(session_id)))


@manage_bp.route("/<int:session_id>/kit.pdf")
@require("sessions.edit")
def kit_pdf(session_id: int):
    html = render_template("sessions/kit.html", for_pdf=True, **_kit_context(_load(session_id)))
    pdf = kit.cached_pdf(html, base_url=request.url_root, folder=Path(current_app.instance_path) / "kit-pdf",
                         prefix=f"session-{session_id}")
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="facilitator-kit-{session_id}.pdf"'})


@manage_bp.route("/<int:session_id>/codes", methods=["POST"])
@require("sessions.edit")
def paper_codes(session_id: int):
    ls = _load(session_id)
    form = paper_codes_form(ls.offered_locales)
    if not form.validate_on_submit():
        return render_template("sessions/manage_kit.html", ls=ls, form=form, display_code=services.display_code,
                               codes=services.session_paper_codes(db.session, ls)), 400
    counts = {loc: form[f"count__{loc}"].data or 0 for loc in ls.offered_locales}
    made = services.issue_paper_codes(db.session, ls, _survey(ls), counts)
    db.session.commit()
    flash(_("%(num)d new paper forms are ready to print.", num=len(made)), "info")
    return redirect(url_for(".kit_page", session_id=ls.id))


# --- capture: attendance, notes, tallies, cards ------------------------------------------------

def _demographic_groups(ls: ListeningSession) -> list[dict[str, Any]]:
    locale = _locale()
    groups = []
    for q in services.demographic_questions(_survey(ls)):
        choices = [(c.code, resolve(c.label, locale, q.survey.default_locale).text) for c in q.active_choices]
        choices.append(("prefer_not", _("Prefer not to say")))
        groups.append({"segment": q.segment, "label": resolve(q.label, locale, q.survey.default_locale), "choices": choices})
    return groups


@manage_bp.route("/<int:session_id>/attendance", methods=["GET", "POST"])
@require("sessions.edit")
def attendance(session_id: int):
    ls = _load(session_id)
    groups = _demographic_groups(ls)
    data = {"attendance": ls.attendance, **{f"d__{seg}__{code}": n for seg, counts in (ls.demographics or {}).items()
                                             for code, n in counts.items()}}
    form = attendance_form([(g["segment"], g["choices"]) for g in groups], data=data)
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        tallies = {g["segment"]: {code: form[f"d__{g['segment']}__{code}"].data or 0 for code, _label in g["choices"]} for g in groups}
        for g in groups:
            if form.attendance.data is not None and sum(tallies[g["segment"]].values()) > form.attendance.data:
                errors[f"d__{g['segment']}__{g['choices'][0][0]}"] = _("The counts for “%(question)s” add up to more than the %(num)d people who came.", question=g["label"].text, num=form.attendance.data)
        if not errors:
            services.save_attendance(ls, form.attendance.data, tallies)
            db.session.commit()
            flash(_("Attendance saved."), "info")
            return redirect(url_for(".summary", session_id=ls.id))
    errors.update({name: str(field.errors[0]) for name, field in form._fields.items() if field.errors})
    return render_template("sessions/manage_attendance.html", ls=ls, form=form, groups=groups, errors=errors), (400 if errors else 200)


@manage_bp.route("/<int:session_id>/notes", methods=["GET", "POST"])
@require("sessions.edit")
def notes(session_id: int):
    ls = _load(session_id)
    topics = ls.consultation.topics
    saved = services.notes_by_topic(ls)
    form = notes_form([t.id for t in topics], data={f"note__{t.id}": saved.get(t.id, "") for t in topics})
    if form.validate_on_submit():
        services.save_notes(db.session, ls, {t.id: form[f"note__{t.id}"].data for t in topics})
        db.session.commit()
        flash(_("Notes saved."), "info")
        return redirect(url_for(".notes", session_id=ls.id))
    return render_template("sessions/manage_notes.html", ls=ls, form=form, topics=topics), (400 if form.errors else 200)


@manage_bp.route("/<int:session_id>/tallies", methods=["GET", "POST"])
@require("sessions.edit")
def tallies(session_id: int):
    ls = _load(session_id)
    topics = [t for t in ls.consultation.topics if t.options]
    saved = services.tallies_by_key(ls)
    rows = [(t.id, i) for t in topics for i, _o in enumerate(t.options)]
    data = {f"t__{t.id}__{i}__{m}": saved.get((t.id, o["code"], m)) for t in topics for i, o in enumerate(t.options) for m in ("hands", "dots")}
    form = tallies_form(rows, data=data)
    if form.validate_on_submit():
        services.save_tallies(db.session, ls, {(t.id, o["code"], m): form[f"t__{t.id}__{i}__{m}"].data
                                               for t in topics for i, o in enumerate(t.options) for m in ("hands", "dots")})
        db.session.commit()
        flash(_("Tallies saved."), "info")
        return redirect(url_for(".summary", session_id=ls.id))
    errors = {name: str(field.errors[0]) for name, field in form._fields.items() if field.errors}
    return render_template("sessions/manage_tallies.html", ls=ls, form=form, topics=topics, errors=errors), (400 if errors else 200)


def _card_forms(ls: ListeningSession, survey: Survey, question: Any, formdata: Any = None) -> tuple[CardForm, Any]:
    card = CardForm(formdata=formdata, prefix="card")
    card.language.choices = [(loc, locale_name(loc)) for loc in dict.fromkeys([*ls.offered_locales, *current_app.config["ENGAGE_LOCALES"]])]
    page = build_page_form([question], _locale(), survey.default_locale, formdata=formdata)
    return card, page


@manage_bp.route("/<int:session_id>/cards", methods=["GET", "POST"])
@require("sessions.edit")
def cards(session_id: int):
    ls = _load(session_id)
    survey = _survey(ls)
    question = services.card_question(ls.consultation, survey) or abort(404)
    card, page = _card_forms(ls, survey, question, request.form if request.method == "POST" else None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        answers, errors = read_page(page, {}) if page.validate() and card.validate() else ({}, {"csrf_token": _("This form has expired. Please type the card again.")})
        if not errors and not answers.get(question.key):
            errors[question.key] = _("Type the words written on the card.")
        if not errors:
            services.record_card(db.session, ls, survey, question, answers[question.key], card.language.data)
            db.session.commit()
            flash(_("Card saved. Type the next one."), "info")
            return redirect(url_for(".cards", session_id=ls.id, lang_of_card=card.language.data))
    elif request.args.get("lang_of_card") in dict(card.language.choices):
        card.language.data = request.args["lang_of_card"]
    return render_template("sessions/manage_cards.html", ls=ls, card=card, delete_form=SimpleActionForm(),
                           cards=services.session_cards(db.session, ls, question),
                           **_entry_context(survey, page, errors)), (400 if errors else 200)


@manage_bp.route("/<int:session_id>/cards/<int:response_id>/delete", methods=["POST"])
@require("sessions.edit")
def delete_card(session_id: int, response_id: int):
    ls = _load(session_id)
    if SimpleActionForm().validate_on_submit() and services.delete_card(db.session, ls, response_id):
        db.session.commit()
        flash(_("Card removed."), "info")
    return redirect(url_for(".cards", session_id=ls.id))


# --- paper entry -----------------------------------------------------------------------------

PAPER_ERRORS = {
    "unknown": lambda: _("This code is not one of this survey's paper codes. Check the code at the top of the sheet."),
    "other_session": lambda: _("This sheet belongs to another listening session. Enter it from that session's page."),
    "spent": lambda: _("This sheet has already been entered. Each paper form can be typed in only once; put it on the “done” pile."),
    "not_entered": lambda: _("This sheet has not been entered yet. Enter it first, then check it."),
    "checked": lambda: _("This sheet has already been checked."),
}


def _entry_context(survey: Survey, page: Any, errors: dict[str, str]) -> dict[str, Any]:
    section = survey.sections[0] if survey.sections else None
    ctx = page_context(survey, section, 1, list(survey.sections), page, errors, SimpleNamespace(preview=False), None)
    return {"survey": survey, "page": page, "items": ctx["items"], "error_summary": ctx["error_summary"]}


def _paper_entry(ls: ListeningSession, *, check: bool) -> Any:
    survey = _survey(ls)
    questions = list(survey.active_questions)
    formdata = request.form if request.method == "POST" else None
    sheet = SheetCodeForm(formdata=formdata, prefix="sheet")
    page = build_page_form(questions, _locale(), survey.default_locale, formdata=formdata)
    errors: dict[str, str] = {}
    if request.method == "POST":
        csrf_ok = page.validate()
        answers, errors = read_page(page, {})
        # Paper holds what the resident wrote: a required question left blank stays blank.
        errors = {k: v for k, v in errors.items() if _typed(page, k)}
        paper = None
        if not sheet.validate():
            errors = {"sheet-code": str(sheet.code.errors[0]), **errors}
        else:
            try:
                paper = services.find_paper_code(db.session, ls, sheet.code.data, for_check=check)
            except PaperCodeError as error:
                errors = {"sheet-code": PAPER_ERRORS[error.reason](), **errors}
        if not csrf_ok:
            errors = {"csrf_token": _("This form has expired. Your typing is still here: press Save again."), **errors}
        if not errors and paper is not None:
            return _store_sheet(ls, survey, paper, answers, check)
    status = 400 if errors else 200
    code_error = errors.pop("sheet-code", None)
    return render_template("sessions/manage_paper.html", ls=ls, sheet=sheet, check=check, entered=_entered_count(ls),
                           code_error=code_error, **_entry_context(survey, page, errors)), status


def _typed(page: Any, key: str) -> bool:
    field = page[key.split("__")[0]] if key.split("__")[0] in page else None
    if field is None:
        return True
    raw = field.raw_data if field.raw_data is not None else []
    if hasattr(field, "slots"):
        raw = [v for v in field.data if v]
    return any(str(v).strip() for v in raw) or key.endswith("__other")


def _store_sheet(ls: ListeningSession, survey: Survey, paper: Any, answers: dict[str, Any], check: bool) -> Any:
    code = services.display_code(paper.code)
    try:
        if check:
            services.record_check(db.session, paper, survey, answers)
        else:
            services.record_response(db.session, survey, answers, channel="paper", locale=paper.locale,
                                     listening_session_id=ls.id, paper_code=paper)
        db.session.commit()
    except PaperCodeError:
        db.session.rollback()
        flash(PAPER_ERRORS["spent"](), "error")
        return redirect(url_for(".paper_check" if check else ".paper", session_id=ls.id))
    flash(_("Sheet %(code)s saved. Type the next sheet.", code=code), "info")
    return redirect(url_for(".paper_check" if check else ".paper", session_id=ls.id))


def _entered_count(ls: ListeningSession) -> int:
    return sum(1 for p in services.session_paper_codes(db.session, ls) if p.used_at is not None)


@manage_bp.route("/<int:session_id>/paper", methods=["GET", "POST"])
@require("sessions.edit")
def paper(session_id: int):
    return _paper_entry(_load(session_id), check=False)


@manage_bp.route("/<int:session_id>/paper/check", methods=["GET", "POST"])
@require("sessions.edit")
def paper_check(session_id: int):
    return _paper_entry(_load(session_id), check=True)


@manage_bp.route("/<int:session_id>/paper/report")
@require("results.view")
def paper_report(session_id: int):
    ls = _load(session_id)
    return render_template("sessions/manage_paper_report.html", ls=ls, report=services.check_report(db.session, ls),
                           suggested=services.suggested_checks(db.session, ls))
