"""Organizers' pages under /manage/: the URL table and thin views; the work is in services.py.

Every view names its permission with @require (outermost), so the URL-map test finds it.
One commit per request, here; a refused change rolls back and says why.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from engage.accounts.permissions import require
from engage.extensions import db
from engage.manage import exports, services
from engage.manage.forms import QUESTION_TYPE_LABELS, SEGMENT_LABELS, ChoiceForm, InviteForm, QuestionForm, SectionForm, SurveyForm, read_choice_edits
from engage.manage.messages import explain, explain_state, explain_version
from engage.manage.services import ManageError
from engage.i18n import resolve, text_direction
from engage.models import AuditEvent, Question, Section, Survey, SurveyStateError, utcnow

bp = Blueprint("manage", __name__, url_prefix="/manage")


# --- loading and finishing ----------------------------------------------------------------------

def _survey(survey_id: int) -> Survey:
    return db.session.get(Survey, survey_id) or abort(404)


def _section(survey: Survey, section_id: int) -> Section:
    section = db.session.get(Section, section_id)
    if section is None or section.survey_id != survey.id:
        abort(404)
    return section


def _question(survey: Survey, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def _actor() -> int:
    return current_user.id


def _saved(message: str, url: str) -> Any:
    db.session.commit()
    flash(message, "success")
    return redirect(url)


def _refused(message: str, url: str) -> Any:
    db.session.rollback()
    flash(message, "error")
    return redirect(url)


def _status(form: FlaskForm) -> int:
    return 400 if form.errors else 200


# --- surveys --------------------------------------------------------------------------------------

@bp.route("/")
@require("results.view")
def dashboard():
    surveys = db.session.scalars(sa.select(Survey).order_by(Survey.created_at.desc())).all()
    return render_template("manage/dashboard.html", surveys=surveys, counts=services.response_counts(db.session))


@bp.route("/surveys/new", methods=["GET", "POST"])
@require("surveys.edit")
def survey_new():
    form = SurveyForm()
    if request.method == "GET":
        form.default_locale.data = str(get_locale())
        form.locales.data = [form.default_locale.data]
    if form.validate_on_submit():
        try:
            survey = services.create_survey(db.session, form.to_settings(), _actor())
        except ManageError as error:
            db.session.rollback()
            form.slug.errors.append(explain(error))
        else:
            return _saved(_("Survey created. Add its questions below."), url_for(".survey", survey_id=survey.id))
    return render_template("manage/survey_form.html", form=form, survey=None), _status(form)


@bp.route("/surveys/<int:survey_id>")
@require("surveys.edit")
def survey(survey_id: int):
    survey = _survey(survey_id)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.object_type == "survey", AuditEvent.object_id == survey.id)
        .order_by(AuditEvent.at.desc()).limit(8)
    ).all()
    return render_template(
        "manage/survey.html", survey=survey, counts=services.response_counts(db.session, [survey.id]).get(survey.id),
        problems=services.condition_problems(survey), events=events, type_labels=QUESTION_TYPE_LABELS,
        form=FlaskForm(),
    )


@bp.route("/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
@require("surveys.edit")
def survey_settings(survey_id: int):
    survey = _survey(survey_id)
    form = SurveyForm()
    if request.method == "GET":
        form.fill_from(survey)
    if form.validate_on_submit():
        try:
            services.update_survey(db.session, survey, form.to_settings(), _actor())
        except ManageError as error:
            db.session.rollback()
            form.slug.errors.append(explain(error))
        else:
            return _saved(_("Survey settings saved."), url_for(".survey", survey_id=survey.id))
    return render_template("manage/survey_form.html", form=form, survey=survey), _status(form)


@bp.route("/surveys/<int:survey_id>/open", methods=["POST"])
@require("surveys.edit")
def survey_open(survey_id: int):
    survey = _survey(survey_id)
    back = url_for(".survey", survey_id=survey.id)
    try:
        services.open_survey(db.session, survey, _actor())
    except SurveyStateError as error:
        return _refused(explain_state(error), back)
    return _saved(_("The survey is open."), back)


@bp.route("/surveys/<int:survey_id>/close", methods=["POST"])
@require("surveys.edit")
def survey_close(survey_id: int):
    survey = _survey(survey_id)
    back = url_for(".survey", survey_id=survey.id)
    try:
        services.close_survey(db.session, survey, _actor())
    except SurveyStateError as error:
        return _refused(explain_state(error), back)
    return _saved(_("The survey is closed. Residents can no longer answer."), back)


# --- pages (sections) ------------------------------------------------------------------------------

@bp.route("/surveys/<int:survey_id>/sections/new", methods=["GET", "POST"])
@require("surveys.edit")
def section_new(survey_id: int):
    survey = _survey(survey_id)
    form = SectionForm()
    if form.validate_on_submit():
        section = services.add_section(db.session, survey, form.title.data, form.intro.data or "")
        return _saved(_("Page added."), url_for(".survey", survey_id=survey.id, _anchor=f"page-{section.id}"))
    return render_template("manage/section_form.html", form=form, survey=survey, section=None), _status(form)


@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>", methods=["GET", "POST"])
@require("surveys.edit")
def section_edit(survey_id: int, section_id: int):
    survey = _survey(survey_id)
    section = _section(survey, section_id)
    form = SectionForm()
    if request.method == "GET":
        form.title.data = (section.title or {}).get(survey.default_locale, "")
        form.intro.data = (section.intro or {}).get(survey.default_locale, "")
    if form.validate_on_submit():
        services.edit_section(db.session, section, form.title.data, form.intro.data or "")
        return _saved(_("Page saved."), url_for(".survey", survey_id=survey.id, _anchor=f"page-{section.id}"))
    return render_template("manage/section_form.html", form=form, survey=survey, section=section), _status(form)


@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>/move", methods=["POST"])
@require("surveys.edit")
def section_move(survey_id: int, section_id: int):
    survey = _survey(survey_id)
    section = _section(survey, section_id)
    back = url_for(".survey", survey_id=survey.id, _anchor=f"page-{section.id}")
    try:
        services.move_section(db.session, section, request.form.get("direction", ""))
    except ManageError as error:
        return _refused(explain(error), back)
    return _saved(_("Page moved."), back)


@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>/delete", methods=["POST"])
@require("surveys.edit")
def section_delete(survey_id: int, section_id: int):
    survey = _survey(survey_id)
    section = _section(survey, section_id)
    back = url_for(".survey", survey_id=survey.id)
    try:
        services.delete_section(db.session, section)
    except ManageError as error:
        return _refused(explain(error), back)
    return _saved(_("Page deleted."), back)


@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>/condition", methods=["GET", "POST"])
@require("surveys.edit")
def section_condition(survey_id: int, section_id: int):
    survey = _survey(survey_id)
    return _condition_page(survey, _section(survey, section_id))


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/condition", methods=["GET", "POST"])
@require("surveys.edit")
def question_condition(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    return _condition_page(survey, _question(survey, question_id))


def _condition_page(survey: Survey, target: Question | Section) -> Any:
    form = FlaskForm()
    back = url_for(".survey", survey_id=survey.id, _anchor=f"{'q' if isinstance(target, Question) else 'page'}-{target.id}")
    if form.validate_on_submit():
        source = "" if request.form.get("action") == "remove" else request.form.get("source", "")
        try:
            services.set_condition(db.session, target, source, request.form.getlist("values"))
        except ManageError as error:
            db.session.rollback()
            flash(explain(error), "error")
        else:
            return _saved(_("Display condition saved."), back)
    earlier = services.earlier_questions(survey, target)
    current = target.condition or {}
    source_key = request.values.get("source") or current.get("question", "")
    source = next((q for q in earlier if q.key == source_key), None)
    chosen = [str(v) for v in (current.get("value") or [])] if source and source.key == current.get("question") else []
    return render_template(
        "manage/condition_form.html", survey=survey, target=target, earlier=earlier, source=source,
        values=services.condition_values(source) if source else [], chosen=chosen, form=form, back=back,
    ), (400 if request.method == "POST" else 200)


@bp.route("/surveys/<int:survey_id>/demographics", methods=["POST"])
@require("surveys.edit")
def demographics(survey_id: int):
    survey = _survey(survey_id)
    section = services.add_demographic_block(db.session, survey, _actor())
    return _saved(_("Added a page with the five standard demographic questions. Every one is optional and offers “Prefer not to say”."),
                  url_for(".survey", survey_id=survey.id, _anchor=f"page-{section.id}"))


# --- questions --------------------------------------------------------------------------------------

@bp.route("/surveys/<int:survey_id>/sections/<int:section_id>/questions/new", methods=["GET", "POST"])
@require("surveys.edit")
def question_new(survey_id: int, section_id: int):
    survey = _survey(survey_id)
    section = _section(survey, section_id)
    kind = request.values.get("type", "")
    if kind not in QUESTION_TYPE_LABELS:
        return render_template("manage/question_types.html", survey=survey, section=section, type_labels=QUESTION_TYPE_LABELS)
    form = QuestionForm(fixed_type=kind)
    if form.validate_on_submit():
        try:
            question = services.add_question(db.session, section, form.to_spec(), _actor())
        except ManageError as error:
            db.session.rollback()
            form.form_errors.append(explain(error))
        else:
            return _saved(_("Question added."), url_for(".survey", survey_id=survey.id, _anchor=f"q-{question.id}"))
    return render_template("manage/question_form.html", form=form, survey=survey, section=section, question=None,
                           segment_labels=SEGMENT_LABELS, answers=0), (400 if form.errors or form.form_errors else 200)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@require("surveys.edit")
def question_edit(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    form = QuestionForm()
    if request.method == "GET":
        form.fill_from(question, survey.default_locale)
    if form.validate_on_submit() and not question.retired:
        try:
            change = services.update_question(db.session, question, form.to_spec(), _actor())
        except ManageError as error:
            db.session.rollback()
            form.form_errors.append(explain(error))
        else:
            message = explain_version(change.question.version, change.reasons) if change.new_version else _("Question saved.")
            return _saved(message, url_for(".question_edit", survey_id=survey.id, question_id=change.question.id))
    return render_template(
        "manage/question_form.html", form=form, survey=survey, section=question.section, question=question,
        segment_labels=SEGMENT_LABELS, answers=services.answer_count(db.session, question),
        choice_counts=services.choice_answer_counts(db.session, question), choice_form=ChoiceForm(formdata=None),
        versions=_versions(question),
    ), (400 if form.errors or form.form_errors else 200)


def _versions(question: Question) -> list[Question]:
    return sorted((q for q in question.survey.questions if q.key == question.key), key=lambda q: q.version)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
@require("surveys.edit")
def question_move(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    back = url_for(".survey", survey_id=survey.id, _anchor=f"q-{question.id}")
    try:
        services.move_question(db.session, question, request.form.get("direction", ""))
    except ManageError as error:
        return _refused(explain(error), back)
    return _saved(_("Question moved."), back)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
@require("surveys.edit")
def question_delete(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    back = url_for(".survey", survey_id=survey.id)
    try:
        outcome = services.remove_question(db.session, question, _actor())
    except ManageError as error:
        return _refused(explain(error), back)
    if outcome == "retired":
        return _saved(_("The question has answers, so it was retired: residents no longer see it, and its answers are kept."), back)
    return _saved(_("Question deleted."), back)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/choices", methods=["POST"])
@require("surveys.edit")
def question_choices(survey_id: int, question_id: int):
    """The choices table: one form whose buttons save every label, or move or remove one option."""
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    back = url_for(".question_edit", survey_id=survey.id, question_id=question.id, _anchor="choices")
    if question.retired:
        abort(400)
    op, _sep, choice_id = request.form.get("op", "save").partition("-")
    choice = next((c for c in question.active_choices if str(c.id) == choice_id), None)
    try:
        if op in ("up", "down") and choice:
            services.move_choice(db.session, choice, op)
            return _saved(_("Option moved."), back)
        if op == "remove" and choice:
            outcome = services.remove_choice(db.session, choice)
            return _saved(_("Option retired: residents chose it, so their answers keep it.") if outcome == "retired"
                          else _("Option deleted."), back)
        change = services.edit_choices(db.session, question, read_choice_edits(request.form, question.active_choices), _actor())
    except ManageError as error:
        return _refused(explain(error), back)
    if change.new_version:
        return _saved(explain_version(change.question.version, change.reasons),
                      url_for(".question_edit", survey_id=survey.id, question_id=change.question.id, _anchor="choices"))
    return _saved(_("Options saved."), back)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/choices/new", methods=["POST"])
@require("surveys.edit")
def choice_new(survey_id: int, question_id: int):
    survey = _survey(survey_id)
    question = _question(survey, question_id)
    back = url_for(".question_edit", survey_id=survey.id, question_id=question.id, _anchor="choices")
    form = ChoiceForm()
    if not form.validate_on_submit() or question.retired:
        return _refused(" ".join(str(e) for errors in form.errors.values() for e in errors) or explain(ManageError("question_retired")), back)
    try:
        services.add_choice(db.session, question, form.new_code.data or "", form.new_label.data)
    except ManageError as error:
        return _refused(explain(error), back)
    return _saved(_("Option added."), back)


# --- translations -----------------------------------------------------------------------------------

@bp.route("/surveys/<int:survey_id>/translations", methods=["GET", "POST"])
@require("surveys.edit")
def translations(survey_id: int):
    survey = _survey(survey_id)
    form = FlaskForm()
    if form.validate_on_submit():
        texts = {k: v[:4000] for k, v in request.form.items() if "--" in k}
        changed = services.apply_translations(db.session, survey, texts, _actor())
        return _saved(_("Translations saved (%(num)d changed).", num=changed), url_for(".translations", survey_id=survey.id))
    fields = services.translatable_fields(survey)
    return render_template(
        "manage/translations.html", survey=survey, fields=fields, missing=services.missing_counts(survey, fields),
        others=[loc for loc in survey.offered_locales if loc != survey.default_locale], form=form,
    ), (400 if request.method == "POST" else 200)


# --- invite codes -----------------------------------------------------------------------------------

@bp.route("/surveys/<int:survey_id>/invites", methods=["GET", "POST"])
@require("surveys.edit")
def invites(survey_id: int):
    survey = _survey(survey_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            codes = services.generate_invites(db.session, survey, form.count.data, form.batch.data,
                                              current_app.config["SECRET_KEY"], _actor())
        except ManageError as error:
            db.session.rollback()
            form.form_errors.append(explain(error))
        else:
            db.session.commit()
            url = survey_url(survey)
            return render_template("manage/invite_sheet.html", survey=survey, codes=codes, batch=form.batch.data,
                                   url=url, qr=qr_svg(url), card_texts=card_texts(survey))
    return render_template("manage/invites.html", survey=survey, form=form,
                           batches=services.invite_batches(db.session, survey)), (400 if form.errors or form.form_errors else 200)


def survey_url(survey: Survey) -> str:
    return current_app.config["ENGAGE_PUBLIC_URL"].rstrip("/") + url_for("surveys.landing", slug=survey.slug)


def qr_svg(url: str) -> Markup:
    """A QR code as inline SVG (no inline style, so the CSP allows it); the printed URL beside it is the text alternative."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=3, svgclass="invite-card__qr", lineclass="invite-card__qr-line", omitsize=True)
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def card_texts(survey: Survey) -> list[dict[str, str]]:
    """The card's instructions in each of the survey's languages that the interface ships."""
    out = []
    for locale in survey.offered_locales:
        if locale not in current_app.config["ENGAGE_LOCALES"]:
            continue
        with force_locale(locale):
            out.append({"lang": locale, "dir": text_direction(locale),
                        "title": resolve(survey.title, locale, survey.default_locale).text,
                        "heading": _("You are invited to answer a survey"),
                        "steps": _("Open the address or scan the code, press Start and type your code. The code works once; no name or email is needed.")})
    return out


# --- results and downloads ---------------------------------------------------------------------------

@bp.route("/surveys/<int:survey_id>/results")
@require("results.view")
def results(survey_id: int):
    survey = _survey(survey_id)
    return render_template(
        "manage/results.html", survey=survey, counts=services.response_counts(db.session, [survey.id]).get(survey.id),
        results=services.question_results(db.session, survey), type_labels=QUESTION_TYPE_LABELS,
    )


@bp.route("/surveys/<int:survey_id>/responses.csv")
@require("results.view")
def responses_csv(survey_id: int):
    survey = _survey(survey_id)
    # Who downloaded residents' answers, and when, belongs in the audit log.
    services.audit(db.session, _actor(), "responses.export", survey)
    db.session.commit()
    rows = exports.response_rows(db.session, survey.id)
    return Response(
        stream_with_context(exports.csv_chunks(rows)), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{exports.filename(survey, utcnow())}"',
                 "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
