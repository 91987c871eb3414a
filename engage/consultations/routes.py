"""Consultations: the public page /c/<slug> and organizers' pages under /manage/consultations/ (URL table only)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engage.accounts.permissions import require
from engage.consultations import services
from engage.consultations.forms import (
    NewConsultationForm,
    NewTopicForm,
    collect,
    consultation_text_form,
    read_options,
    topic_form,
    topic_form_data,
)
from engage.consultations.starter import TEMPLATES
from engage.extensions import db
from engage.i18n import resolve
from engage.models import Consultation, ConsultationTopic, Survey
from engage.sessions import services as session_services

bp = Blueprint("consultations", __name__, url_prefix="/c")
manage_bp = Blueprint("manage_consultations", __name__, url_prefix="/manage/consultations")


@bp.app_context_processor
def _home_helpers() -> dict:
    # The home page includes public/_home_consultations.html; it asks for its data only when rendered.
    return {"home_consultations": lambda: services.public_consultations(db.session)}


@bp.route("/<slug>")
def consultation(slug: str):
    found = services.find_consultation(db.session, slug)
    if found is None or not found.is_public:
        abort(404)
    topics = [(topic, services.topic_questions(found, topic)) for topic in found.topics]
    sessions = session_services.upcoming_sessions(db.session, consultation_id=found.id)
    return render_template("consultations/public.html", consultation=found, topics=topics, sessions=sessions)


# --- organizers -------------------------------------------------------------------------------

def _load(consultation_id: int) -> Consultation:
    return db.session.get(Consultation, consultation_id) or abort(404)


def _load_topic(consultation: Consultation, topic_id: int) -> ConsultationTopic:
    return next((t for t in consultation.topics if t.id == topic_id), None) or abort(404)


@manage_bp.route("/")
@require("surveys.edit")
def index():
    return render_template("consultations/manage_index.html", consultations=services.all_consultations(db.session),
                           templates=TEMPLATES)


@manage_bp.route("/new", methods=["GET", "POST"])
@require("surveys.edit")
def new():
    form = NewConsultationForm(template=request.args.get("from_template", ""))
    surveys = db.session.scalars(sa.select(Survey).order_by(Survey.created_at.desc())).all()
    form.survey.choices = [(s.id, resolve(s.title, "en", s.default_locale).text or s.slug) for s in surveys]
    form.template.choices = [("", _("An empty consultation"))] + [(k, resolve(v["name"], "en").text) for k, v in TEMPLATES.items()]
    if form.validate_on_submit():
        if services.slug_taken(db.session, form.slug.data):
            form.slug.errors.append(_("Another consultation already uses this address."))
        else:
            created = services.create_consultation(
                db.session, slug=form.slug.data, survey=db.session.get(Survey, form.survey.data),
                template_key=form.template.data or None,
            )
            db.session.commit()
            flash(_("Consultation created. Adapt each topic to your city, then open it."), "info")
            return redirect(url_for(".edit", consultation_id=created.id))
    return render_template("consultations/manage_new.html", form=form), (400 if form.errors else 200)


@manage_bp.route("/<int:consultation_id>", methods=["GET", "POST"])
@require("surveys.edit")
def edit(consultation_id: int):
    found = _load(consultation_id)
    data = {f"title__{loc}": found.title.get(loc, "") for loc in found.offered_locales}
    data.update({f"intro__{loc}": found.intro.get(loc, "") for loc in found.offered_locales})
    form = consultation_text_form(found, data={**data, "status": found.status, "card_question_key": found.card_question_key})
    open_text = [q for q in found.survey.active_questions if q.type in ("short_text", "long_text")] if found.survey else []
    form.card_question_key.choices = [("", _("The first open-text question"))] + [(q.key, q.key) for q in open_text]
    if form.validate_on_submit():
        found.title = collect(form, "title", found.offered_locales)
        found.intro = collect(form, "intro", found.offered_locales)
        found.status, found.card_question_key = form.status.data, form.card_question_key.data or ""
        db.session.commit()
        flash(_("Saved."), "info")
        return redirect(url_for(".edit", consultation_id=found.id))
    return render_template("consultations/manage_edit.html", consultation=found, form=form,
                           topic_form=NewTopicForm(prefix="topic")), (400 if form.errors else 200)


@manage_bp.route("/<int:consultation_id>/topics", methods=["POST"])
@require("surveys.edit")
def add_topic(consultation_id: int):
    found = _load(consultation_id)
    form = NewTopicForm(prefix="topic")
    if form.validate_on_submit() and form.key.data not in {t.key for t in found.topics}:
        topic = services.add_topic(db.session, found, form.key.data, {found.default_locale: form.title.data})
        db.session.commit()
        return redirect(url_for(".edit_topic", consultation_id=found.id, topic_id=topic.id))
    if form.key.data in {t.key for t in found.topics}:
        form.key.errors = [*form.key.errors, _("Another topic already uses this code.")]
    page = consultation_text_form(found, data={"status": found.status})
    page.card_question_key.choices = [("", "")]
    return render_template("consultations/manage_edit.html", consultation=found, form=page, topic_form=form), 400


@manage_bp.route("/<int:consultation_id>/topics/<int:topic_id>", methods=["GET", "POST"])
@require("surveys.edit")
def edit_topic(consultation_id: int, topic_id: int):
    found = _load(consultation_id)
    topic = _load_topic(found, topic_id)
    choices = [(q.key, q.key) for q in found.survey.active_questions] if found.survey else []
    form = topic_form(found, topic, choices, data=topic_form_data(found, topic)) if request.method == "GET" else topic_form(found, topic, choices)
    errors: dict[str, str] = {}
    if request.method == "POST" and form.validate():
        options, errors = read_options(form, found, topic)
        unknown = services.unknown_question_keys(found, form.question_keys.data or [])
        if unknown:
            errors["question_keys"] = _("These questions are not in the survey: %(keys)s", keys=", ".join(unknown))
        if not errors:
            services.update_topic(topic, title=collect(form, "title", found.offered_locales),
                                  briefing=collect(form, "briefing", found.offered_locales), minutes=form.minutes.data,
                                  question_keys=form.question_keys.data or [], options=options)
            db.session.commit()
            flash(_("Topic saved."), "info")
            return redirect(url_for(".edit", consultation_id=found.id))
    for name, field in form._fields.items():
        if field.errors:
            errors.setdefault(name, str(field.errors[0]))
    return render_template("consultations/manage_topic.html", consultation=found, topic=topic, form=form,
                           errors=errors, option_count=len(topic.options or []) + 1), (400 if errors else 200)


@manage_bp.route("/<int:consultation_id>/totals")
@require("results.view")
def totals(consultation_id: int):
    found = _load(consultation_id)
    survey = found.survey
    channel = session_services.channel_totals(db.session, survey.id) if survey else None
    summaries = session_services.session_summaries(db.session, survey.id) if survey else []
    return render_template("consultations/manage_totals.html", consultation=found, survey=survey, totals=channel,
                           summaries=summaries, tallies=session_services.tally_totals(db.session, found))
