"""Residents answering a survey at /s/<slug>: landing, pages, save and resume, confirmation."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from engage.extensions import csrf, db, limiter
from engage.models import Draft, Survey
from engage.surveys import services
from engage.surveys.forms import build_page_form, initial_data, read_page
from engage.surveys.logic import missing_required, prune, questions_on, visible_sections
from engage.surveys.services import InviteError
from engage.surveys.view import page_context

bp = Blueprint("surveys", __name__, url_prefix="/s")

ANSWERED_COOKIE = "engage_answered"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="engage.draft")


def _load_survey(slug: str) -> Survey:
    survey = services.find_survey(db.session, slug)
    if survey is None:
        abort(404)
    return survey


def _can_preview() -> bool:
    return current_user.is_authenticated and current_user.can("surveys.edit")


def _draft_key(survey: Survey) -> str:
    return f"draft-{survey.id}"


def _current_draft(survey: Survey) -> Draft | None:
    return services.find_draft(db.session, survey, session.get(_draft_key(survey)))


def _remember_draft(survey: Survey, draft: Draft) -> None:
    session[_draft_key(survey)] = draft.token


def _locale() -> str:
    return str(get_locale())


def _answered_before(survey: Survey) -> bool:
    return str(survey.id) in request.cookies.get(ANSWERED_COOKIE, "").split(".")


@bp.route("/<slug>")
def landing(slug: str):
    survey = _load_survey(slug)
    preview = _can_preview() and request.args.get("preview") == "1"
    if not survey.is_accepting() and not preview:
        return render_template("surveys/unavailable.html", survey=survey), (404 if survey.status == "draft" else 200)
    return render_template(
        "surveys/landing.html", survey=survey, preview=preview, draft=_current_draft(survey),
        answered_before=_answered_before(survey), page_count=len(visible_sections(survey, {})),
        via_session=services.listening_session_for(db.session, survey, request.args.get("session")),
    )


@bp.route("/<slug>/start", methods=["POST"])
@limiter.limit("20 per minute", exempt_when=lambda: not request.form.get("invite_code"))
def start(slug: str):
    survey = _load_survey(slug)
    preview = _can_preview() and request.form.get("preview") == "1"
    if not survey.is_accepting() and not preview:
        return render_template("surveys/unavailable.html", survey=survey), 200
    from flask_wtf import FlaskForm

    form = FlaskForm()
    if not form.validate_on_submit():
        flash(_("This page was open for a long time. Please press Start again."), "error")
        return redirect(url_for(".landing", slug=slug))
    invite = None
    if survey.response_policy == "invite" and not preview:
        try:
            invite = services.find_invite(
                db.session, survey, request.form.get("invite_code", ""), current_app.config["SECRET_KEY"]
            )
        except InviteError:
            return render_template(
                "surveys/landing.html", survey=survey, preview=False, draft=None, answered_before=False,
                page_count=len(visible_sections(survey, {})),
                invite_error=_("That code is not valid or has already been used. Check it and try again."),
                invite_code=request.form.get("invite_code", "")[:40],
            ), 400
    draft = services.start_draft(db.session, survey, _locale(), invite)
    draft.preview = preview
    db.session.commit()
    _remember_draft(survey, draft)
    via = services.listening_session_for(db.session, survey, request.form.get("session"))
    # Kept beside the draft token so web answers from a listening session's poster count for that session.
    session[f"via-{draft.token}"] = via
    return redirect(url_for(".page", slug=slug, number=1))


@bp.route("/<slug>/p/<int:number>", methods=["GET", "POST"])
@csrf.exempt  # the page form checks its own token, so a stale token keeps the answers on screen
def page(slug: str, number: int):
    survey = _load_survey(slug)
    found = _draft_for_request(survey)
    if not isinstance(found, tuple):
        return found  # a redirect or the "closed" page
    draft, notice = found
    sections = visible_sections(survey, draft.answers or {})
    if not sections:
        abort(404)
    if number < 1 or number > len(sections):
        return redirect(url_for(".page", slug=slug, number=min(max(number, 1), len(sections))))
    if request.method == "GET":
        return _show_page(survey, draft, sections, number, notice)
    return _take_page(survey, draft, sections, number, notice)


def _draft_for_request(survey: Survey) -> tuple[Draft, str | None] | Any:
    """The resident's draft and any notice to show, or the response to send instead.

    A POST names its draft in a signed field; a form sent twice finds its stored response, and a page
    whose draft is gone keeps what it sent in a new draft rather than losing it.
    """
    draft = _current_draft(survey)
    notice = None
    if request.method == "POST":
        try:
            token = _signer().loads(request.form.get("draft", ""))
        except BadSignature:
            token = None
            notice = _("Part of this page was changed before it was sent. Please check your answers and continue.")
        if token and (draft is None or draft.token != token):
            if services.find_response_by_token(db.session, token) is not None:
                # The same form sent twice (double click, back button): it is already stored once.
                return redirect(url_for(".thanks", slug=survey.slug))
            draft = services.find_draft(db.session, survey, token) or draft
    if draft is None:
        if request.method == "GET":
            flash(_("Your answers were not found on this device. Start again, or use your resume code."), "info")
            return redirect(url_for(".landing", slug=survey.slug))
        if not survey.is_accepting():
            return render_template("surveys/unavailable.html", survey=survey), 200
        draft = services.start_draft(db.session, survey, _locale())
        _remember_draft(survey, draft)
        notice = notice or _("We could not find your earlier answers. This page's answers are kept; please check earlier pages.")
    if not survey.is_accepting() and not draft.preview:
        return render_template("surveys/unavailable.html", survey=survey), 200
    return draft, notice


def _show_page(survey: Survey, draft: Draft, sections: list, number: int, notice: str | None) -> Any:
    section = sections[number - 1]
    questions = questions_on(section, draft.answers or {})
    form = build_page_form(questions, _locale(), survey.default_locale, formdata=None,
                           data=initial_data(questions, draft.answers or {}))
    form.draft.data = _signer().dumps(draft.token)
    return render_template("surveys/page.html", **page_context(survey, section, number, sections, form, {}, draft, notice))


def _take_page(survey: Survey, draft: Draft, sections: list, number: int, notice: str | None) -> Any:
    """Check and keep one page's answers, then go back, pause, show errors, go on or submit."""
    section = sections[number - 1]
    questions = questions_on(section, draft.answers or {})
    form = build_page_form(questions, _locale(), survey.default_locale)
    csrf_ok = form.validate()
    page_answers, errors = read_page(form, dict(draft.answers or {}))
    action = request.form.get("action", "next")
    form.draft.data = _signer().dumps(draft.token)

    def again(errs: dict[str, str]) -> str:
        return render_template("surveys/page.html", **page_context(survey, section, number, sections, form, errs, draft, notice))

    if not csrf_ok:
        db.session.commit()
        return again({"csrf_token": _("This page was open for a long time, so for your safety it was not saved. Your answers are still here: please press the button again."), **errors})
    keys = [q.key for q in questions] + [f"{q.key}__other" for q in questions]
    if action in ("back", "save") or errors or notice:
        # Going back, pausing or fixing an error never throws away what was typed: keep every valid answer.
        services.save_answers(draft, survey, page_answers, [k for k in keys if k not in errors], number)
        if action == "back":
            db.session.commit()
            return redirect(url_for(".page", slug=survey.slug, number=max(1, number - 1)))
        if action == "save":
            code = services.issue_resume_code(draft, current_app.config["SECRET_KEY"])
            db.session.commit()
            return render_template("surveys/saved.html", survey=survey, code=code, number=number)
        db.session.commit()
        return again(errors)
    services.save_answers(draft, survey, page_answers, keys, number)
    if number < len(visible_sections(survey, draft.answers)) and action != "submit":
        db.session.commit()
        return redirect(url_for(".page", slug=survey.slug, number=number + 1))
    return _submit(survey, draft)


def _submit(survey: Survey, draft: Draft) -> Any:
    missing = missing_required(survey, prune(survey, draft.answers or {}))
    if missing:
        sections = visible_sections(survey, draft.answers)
        first = next(i for i, s in enumerate(sections, 1) if s.id == missing[0].section_id)
        db.session.commit()
        flash(_("Some required questions are not answered yet. Please answer them on this page."), "error")
        return redirect(url_for(".page", slug=survey.slug, number=first))
    if draft.preview:
        db.session.delete(draft)
        db.session.commit()
        session.pop(_draft_key(survey), None)
        return render_template("surveys/thanks.html", survey=survey, receipt=None, preview=True)
    try:
        result = services.submit(
            db.session, survey, draft, repeat_browser=_answered_before(survey),
            listening_session_id=session.pop(f"via-{draft.token}", None),
        )
    except InviteError:
        db.session.rollback()
        flash(_("Your invite code was used by someone else before you finished. Your answers are kept: ask the organizer for a new code."), "error")
        return redirect(url_for(".landing", slug=survey.slug))
    db.session.commit()
    session.pop(_draft_key(survey), None)
    session[f"receipt-{survey.id}"] = result.response.receipt_code
    response = redirect(url_for(".thanks", slug=survey.slug))
    answered = set(filter(None, request.cookies.get(ANSWERED_COOKIE, "").split(".")))
    answered.add(str(survey.id))
    response.set_cookie(
        ANSWERED_COOKIE, ".".join(sorted(answered))[:1000], max_age=365 * 24 * 3600, httponly=True,
        samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.route("/<slug>/thanks")
def thanks(slug: str):
    survey = _load_survey(slug)
    receipt = session.get(f"receipt-{survey.id}")
    if receipt is None:
        return redirect(url_for(".landing", slug=slug))
    return render_template("surveys/thanks.html", survey=survey, receipt=receipt, preview=False)


@bp.route("/<slug>/resume", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def resume(slug: str):
    survey = _load_survey(slug)
    from flask_wtf import FlaskForm

    form = FlaskForm()
    error = None
    code = ""
    if request.method == "POST":
        code = request.form.get("code", "")[:40]
        if not form.validate_on_submit():
            error = _("This page was open for a long time. Please press Resume again.")
        else:
            draft = services.resume(db.session, survey, code, current_app.config["SECRET_KEY"])
            if draft is None:
                error = _("That resume code was not found. Check it, or start again. Each code works once.")
            else:
                db.session.commit()
                _remember_draft(survey, draft)
                return redirect(url_for(".page", slug=slug, number=max(1, draft.page or 1)))
    return render_template("surveys/resume.html", survey=survey, form=form, error=error, code=code), (400 if error else 200)
