"""What a survey page template needs: fields with their question, errors in page order, progress."""
from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from engage.i18n import resolve
from engage.models import Draft, Question, Section, Survey
from engage.surveys.forms import PageForm, likert_points


def field_anchor(question: Question, field_name: str) -> str:
    """The id an error-summary link jumps to: the first input of a group, or the input itself."""
    if field_name.endswith("__other"):
        return field_name
    if question.type in ("single_choice", "demographic", "yes_no", "likert", "multiple_choice"):
        return f"{field_name}-0"
    if question.type == "ranking":
        return f"{field_name}-1"
    return field_name


def page_context(
    survey: Survey, section: Section, number: int, sections: list[Section], form: PageForm,
    errors: dict[str, str], draft: Draft, notice: str | None,
) -> dict[str, Any]:
    locale = str(get_locale())
    questions: list[Question] = form.page_questions  # type: ignore[attr-defined]
    items = []
    summary = []
    keys_here = {q.key for q in questions}
    for q in questions:
        same_page_condition = q.condition if q.condition and q.condition.get("question") in keys_here else None
        items.append({
            "question": q,
            "field": form[q.key],
            "other": form[f"{q.key}__other"] if f"{q.key}__other" in form else None,
            "error": errors.get(q.key),
            "other_error": errors.get(f"{q.key}__other"),
            "label": resolve(q.label, locale, survey.default_locale),
            "help": resolve(q.help, locale, survey.default_locale),
            "reveal": same_page_condition,
            "reveal_label": _reveal_label(survey, same_page_condition, locale),
            "points": likert_points(q, locale, survey.default_locale) if q.type == "likert" else None,
            "choices": [(c.code, resolve(c.label, locale, survey.default_locale)) for c in q.active_choices],
        })
        # The summary names the question too, so two "Choose an answer." lines can be told apart.
        label = items[-1]["label"].text
        if q.key in errors:
            summary.append((errors[q.key], field_anchor(q, q.key), label))
        if f"{q.key}__other" in errors:
            summary.append((errors[f"{q.key}__other"], f"{q.key}__other", label))
    if "csrf_token" in errors:
        summary.insert(0, (errors["csrf_token"], "page-actions", ""))
    fallback = any(i["label"].is_fallback for i in items) or resolve(section.title, locale, survey.default_locale).is_fallback
    return {
        "survey": survey,
        "section": section,
        "number": number,
        "total": len(sections),
        "form": form,
        "items": items,
        "error_summary": summary,
        "notice": notice,
        "is_last": number == len(sections),
        "preview": draft.preview,
        "translation_fallback": fallback,
    }


def _reveal_label(survey: Survey, condition: dict[str, Any] | None, locale: str) -> str | None:
    """Words for "answer this only if ..." shown when JavaScript is off and the question stays visible."""
    if not condition:
        return None
    source = survey.question_by_key(condition.get("question", ""))
    if source is None:
        return None
    wanted = condition.get("value")
    wanted = wanted if isinstance(wanted, list) else [wanted]
    labels = []
    if source.type == "likert":
        points = dict(likert_points(source, locale, survey.default_locale))
        labels = [points.get(str(code), str(code)) for code in wanted]
    for code in wanted if source.type != "likert" else []:
        if code in ("yes", "no"):
            labels.append(_("Yes") if code == "yes" else _("No"))
            continue
        for c in source.active_choices:
            if c.code == code:
                labels.append(resolve(c.label, locale, survey.default_locale).text)
    return " / ".join(labels) or None
