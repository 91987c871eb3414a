"""Building and running surveys for organizers, without Flask: helpers flush, the route commits.

The versioning rule lives here: once a question has answers, wording may change in place, but a
change that would make stored answers invalid or change their meaning makes a new version of the
question (same key, `version + 1`, `replaces_id` → the retired old row), so no answer ever changes
meaning under an analyst's feet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.models import (
    CHOICE_TYPES,
    DONT_KNOW,
    OTHER,
    QUESTION_TYPES,
    SEGMENTS,
    Answer,
    AuditEvent,
    Choice,
    Draft,
    Question,
    Response,
    Section,
    Survey,
    utcnow,
)
from engage.surveys.definition import KEY_PATTERN

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]{0,59}$")
MANAGED_SETTINGS = frozenset({
    "allow_other", "min_choices", "max_choices", "scale", "dont_know", "point_labels", "rank_count",
    "min_length", "max_length", "min", "max", "integer", "segment",
})
#: Column names of the responses CSV that a question key would clash with.
RESERVED_KEYS = frozenset({"response_id", "receipt_code", "channel", "locale", "submitted_at", "repeat_browser", *SEGMENTS})


class ManageError(Exception):
    """A change the survey or its stored answers cannot take; `code` names which (routes translate it)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# --- audit ---------------------------------------------------------------------------------------

def audit(session: Session, actor_id: int | None, action: str, obj: Any, **detail: Any) -> None:
    session.add(AuditEvent(
        user_id=actor_id, action=action, object_type=type(obj).__name__.lower(), object_id=obj.id, detail=detail,
    ))


# --- translatable text -----------------------------------------------------------------------------

def set_text(value: dict[str, str] | None, locale: str, text: str | None) -> dict[str, str]:
    """A new translatable value with `locale` set (or removed when blank); JSON columns need a new dict."""
    out = dict(value or {})
    text = (text or "").strip()
    if text:
        out[locale] = text
    else:
        out.pop(locale, None)
    return out


def slugify_code(text: str, taken: Iterable[str] = ()) -> str:
    """A choice code from its label ("Mental-health clinicians" → "mental_health_clinicians")."""
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:50] or "choice"
    if not base[0].isalnum():
        base = "c_" + base
    taken = set(taken)
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


# --- surveys ---------------------------------------------------------------------------------------

@dataclass
class SurveySettings:
    slug: str
    title: str
    default_locale: str
    locales: list[str]
    response_policy: str = "open"
    intro: str = ""
    privacy_notice: str = ""
    thank_you: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None


def slug_taken(session: Session, slug: str, survey: Survey | None = None) -> bool:
    query = sa.select(Survey.id).where(Survey.slug == slug)
    if survey is not None:
        query = query.where(Survey.id != survey.id)
    return session.scalar(query) is not None


def has_responses(session: Session, survey: Survey) -> bool:
    return session.scalar(sa.select(Response.id).where(Response.survey_id == survey.id).limit(1)) is not None


def create_survey(session: Session, settings: SurveySettings, actor_id: int | None) -> Survey:
    if not SLUG_PATTERN.match(settings.slug):
        raise ManageError("slug_invalid")
    if slug_taken(session, settings.slug):
        raise ManageError("slug_taken")
    survey = Survey(slug=settings.slug, status="draft", title={}, intro={}, privacy_notice={}, thank_you={})
    _apply_settings(survey, settings)
    survey.sections.append(Section(position=0, title={}, intro={}))
    session.add(survey)
    session.flush()
    audit(session, actor_id, "survey.create", survey, slug=survey.slug)
    return survey


def update_survey(session: Session, survey: Survey, settings: SurveySettings, actor_id: int | None) -> None:
    if settings.slug != survey.slug:
        # The link is printed on posters and invite cards once residents can answer.
        if survey.status != "draft" or has_responses(session, survey):
            raise ManageError("slug_frozen")
        if not SLUG_PATTERN.match(settings.slug):
            raise ManageError("slug_invalid")
        if slug_taken(session, settings.slug, survey):
            raise ManageError("slug_taken")
    before = _settings_snapshot(survey)
    survey.slug = settings.slug
    _apply_settings(survey, settings)
    session.flush()
    after = _settings_snapshot(survey)
    changed = sorted(k for k in after if after[k] != before[k])
    if changed:
        audit(session, actor_id, "survey.edit", survey, fields=changed)


def _apply_settings(survey: Survey, s: SurveySettings) -> None:
    locale = s.default_locale
    survey.default_locale = locale
    survey.locales = [locale] + [x for x in s.locales if x != locale]
    survey.response_policy = s.response_policy
    survey.opens_at, survey.closes_at = s.opens_at, s.closes_at
    survey.title = set_text(survey.title, locale, s.title)
    survey.intro = set_text(survey.intro, locale, s.intro)
    survey.privacy_notice = set_text(survey.privacy_notice, locale, s.privacy_notice)
    survey.thank_you = set_text(survey.thank_you, locale, s.thank_you)


def _settings_snapshot(survey: Survey) -> dict[str, Any]:
    return {
        "slug": survey.slug, "title": dict(survey.title or {}), "intro": dict(survey.intro or {}),
        "privacy_notice": dict(survey.privacy_notice or {}), "thank_you": dict(survey.thank_you or {}),
        "default_locale": survey.default_locale, "locales": list(survey.locales or []),
        "response_policy": survey.response_policy, "opens_at": survey.opens_at, "closes_at": survey.closes_at,
    }


def open_survey(session: Session, survey: Survey, actor_id: int | None) -> None:
    survey.open()  # raises SurveyStateError
    audit(session, actor_id, "survey.open", survey)
    session.flush()


def close_survey(session: Session, survey: Survey, actor_id: int | None) -> None:
    survey.close()
    audit(session, actor_id, "survey.close", survey)
    session.flush()


# --- order -----------------------------------------------------------------------------------------

def renumber(survey: Survey) -> None:
    """Sections 0..n, and questions numbered in reading order (page by page) across the survey."""
    position = 0
    for s_index, section in enumerate(sorted(survey.sections, key=lambda s: s.position)):
        section.position = s_index
        for question in sorted(section.questions, key=lambda q: (q.position, q.id or 0)):
            question.position = position
            position += 1
    survey.sections.sort(key=lambda s: s.position)
    survey.questions.sort(key=lambda q: q.position)
    for section in survey.sections:
        section.questions.sort(key=lambda q: q.position)


def reading_order(survey: Survey) -> list[Question]:
    """Active questions in the order residents meet them."""
    return [q for s in sorted(survey.sections, key=lambda s: s.position) for q in s.active_questions]


def condition_problems(survey: Survey) -> list[str]:
    """Keys of questions and titles of pages whose display condition no longer names an EARLIER question."""
    seen: set[str] = set()
    problems: list[str] = []
    for section in sorted(survey.sections, key=lambda s: s.position):
        cond = section.condition
        if cond and cond.get("question") not in seen and section.active_questions:
            problems.append(f"page:{section.id}")
        for q in section.active_questions:
            if q.condition and q.condition.get("question") not in seen:
                problems.append(q.key)
            seen.add(q.key)
    return problems


def _swap(items: list[Any], item: Any, direction: str) -> bool:
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return False
    items[index].position, items[other].position = items[other].position, items[index].position
    return True


def move_section(session: Session, section: Section, direction: str) -> None:
    survey = section.survey
    ordered = sorted(survey.sections, key=lambda s: s.position)
    for i, s in enumerate(ordered):
        s.position = i
    if not _swap(ordered, section, direction):
        return
    renumber(survey)
    if condition_problems(survey):
        raise ManageError("order_breaks_condition")  # the route rolls back
    session.flush()


def move_question(session: Session, question: Question, direction: str) -> None:
    """Move a question up or down on its page; at the edge of a page it moves to the next page."""
    survey = question.survey
    renumber(survey)
    siblings = [q for q in question.section.questions if not q.retired]
    index = siblings.index(question)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        other = siblings[target]
        question.position, other.position = other.position, question.position
    else:
        pages = sorted(survey.sections, key=lambda s: s.position)
        page_index = pages.index(question.section) + (-1 if direction == "up" else 1)
        if not 0 <= page_index < len(pages):
            return
        _put_on_page(question, pages[page_index], at_end=direction == "up")
    renumber(survey)
    if condition_problems(survey):
        raise ManageError("order_breaks_condition")  # the route rolls back
    session.flush()


def _put_on_page(question: Question, section: Section, at_end: bool) -> None:
    question.section = section  # back_populates moves it between the two pages' lists
    others = [q.position for q in section.questions if q is not question]
    question.position = (max(others) + 1) if (at_end and others) else ((min(others) - 1) if others else 0)


# --- sections --------------------------------------------------------------------------------------

def add_section(session: Session, survey: Survey, title: str, intro: str = "") -> Section:
    position = max((s.position for s in survey.sections), default=-1) + 1
    section = Section(position=position, title=set_text({}, survey.default_locale, title),
                      intro=set_text({}, survey.default_locale, intro))
    survey.sections.append(section)
    session.flush()
    return section


def edit_section(session: Session, section: Section, title: str, intro: str) -> None:
    locale = section.survey.default_locale
    section.title = set_text(section.title, locale, title)
    section.intro = set_text(section.intro, locale, intro)
    session.flush()


def delete_section(session: Session, section: Section) -> None:
    if section.questions:
        raise ManageError("section_not_empty")
    survey = section.survey
    survey.sections.remove(section)
    session.delete(section)
    renumber(survey)
    session.flush()


# --- conditions ------------------------------------------------------------------------------------

def earlier_questions(survey: Survey, before: Question | Section) -> list[Question]:
    """The questions a condition may name: those a resident has met before this question or page."""
    out: list[Question] = []
    for section in sorted(survey.sections, key=lambda s: s.position):
        if section is before:
            return out
        for q in section.active_questions:
            if q is before:
                return out
            out.append(q)
    return out


def condition_values(question: Question) -> list[tuple[Any, Any]]:
    """(value, label) pairs a condition on `question` can match; labels are translatable dicts or codes."""
    if question.type in CHOICE_TYPES:
        values: list[tuple[Any, Any]] = [(c.code, c.label) for c in question.active_choices]
        if question.setting("allow_other") and question.type in ("single_choice", "multiple_choice"):
            values.append((OTHER, "other"))
        return values
    if question.type == "likert":
        labels = question.setting("point_labels") or []
        return [(i, labels[i - 1] if i <= len(labels) else str(i)) for i in range(1, int(question.setting("scale", 5)) + 1)]
    if question.type == "yes_no":
        return [("yes", "yes"), ("no", "no")]
    return []


def set_condition(session: Session, target: Question | Section, source_key: str | None, values: list[str]) -> None:
    """Show `target` only when the earlier question `source_key` has one of `values` (or any answer)."""
    if not source_key:
        target.condition = None
        session.flush()
        return
    survey = target.survey
    source = next((q for q in earlier_questions(survey, target) if q.key == source_key), None)
    if source is None:
        raise ManageError("condition_not_earlier")
    allowed = {str(v): v for v, _label in condition_values(source)}
    if not allowed:
        target.condition = {"question": source.key, "op": "answered"}
    else:
        chosen = [allowed[v] for v in values if v in allowed]
        if not chosen:
            raise ManageError("condition_no_values")
        target.condition = {"question": source.key, "op": "any_of", "value": chosen}
    session.flush()


# --- questions -------------------------------------------------------------------------------------

@dataclass
class QuestionSpec:
    """What the question form says. Texts are in the survey's default locale."""

    key: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    #: Only when adding: [(code, label)]; existing choices are edited one by one.
    choices: list[tuple[str, str]] = field(default_factory=list)
    #: Likert point labels in the default locale, one per point ("" keeps the number).
    point_labels: list[str] = field(default_factory=list)


def active_keys(survey: Survey, exclude: Question | None = None) -> set[str]:
    return {q.key for q in survey.active_questions if q is not exclude}


def add_question(session: Session, section: Section, spec: QuestionSpec, actor_id: int | None) -> Question:
    survey = section.survey
    _check_spec(survey, spec, None)
    locale = survey.default_locale
    question = Question(
        key=spec.key, type=spec.type, label=set_text({}, locale, spec.label), help=set_text({}, locale, spec.help),
        required=spec.required, settings=_settings_with_points(spec, {}, locale), version=1,
        position=max((q.position for q in section.questions), default=-1) + 1,
    )
    if spec.type in CHOICE_TYPES:
        taken: set[str] = set()
        for index, (code, label) in enumerate(spec.choices):
            code = code or slugify_code(label, taken)
            taken.add(code)
            question.choices.append(Choice(code=code, label=set_text({}, locale, label), position=index))
    with session.no_autoflush:
        with session.no_autoflush:
            section.questions.append(question)
            survey.questions.append(question)
    renumber(survey)
    session.flush()
    audit(session, actor_id, "question.create", question, key=question.key, type=question.type)
    return question


def _check_spec(survey: Survey, spec: QuestionSpec, question: Question | None) -> None:
    if not KEY_PATTERN.match(spec.key or ""):
        raise ManageError("key_invalid")
    own_segment = spec.type == "demographic" and spec.settings.get("segment") == spec.key
    if spec.key in RESERVED_KEYS and not own_segment and (question is None or spec.key != question.key):
        raise ManageError("key_reserved", key=spec.key)
    if spec.key in active_keys(survey, exclude=question):
        raise ManageError("key_taken", key=spec.key)
    if spec.type not in QUESTION_TYPES:
        raise ManageError("type_invalid")
    if spec.type == "demographic" and spec.settings.get("segment") not in SEGMENTS:
        raise ManageError("segment_missing")
    if spec.type in CHOICE_TYPES and not spec.choices and (question is None or not question.active_choices):
        raise ManageError("choices_missing")
    codes = [c for c, _label in spec.choices if c]
    if len(set(codes)) != len(codes) or any(not CODE_PATTERN.match(c) for c in codes):
        raise ManageError("choice_code_invalid")


def _settings_with_points(spec: QuestionSpec, old: dict[str, Any], locale: str) -> dict[str, Any]:
    """The spec's settings plus likert point labels, keeping the labels' other translations."""
    # Settings the form does not manage (from an import, say) are kept as they were.
    settings = {k: v for k, v in old.items() if k not in MANAGED_SETTINGS}
    settings.update(spec.settings)
    if spec.type == "likert":
        old_points = list(old.get("point_labels") or [])
        points = []
        for i in range(int(settings.get("scale", 5))):
            before = old_points[i] if i < len(old_points) and isinstance(old_points[i], dict) else {}
            text = spec.point_labels[i] if i < len(spec.point_labels) else ""
            points.append(set_text(before, locale, text))
        if any(points):
            settings["point_labels"] = points
    return settings


def answer_count(session: Session, question: Question) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Answer).where(Answer.question_id == question.id)) or 0


def stored_answers(session: Session, question: Question) -> list[tuple[Any, str | None]]:
    return [tuple(row) for row in session.execute(
        sa.select(Answer.value, Answer.other_text).where(Answer.question_id == question.id)
    )]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def breaking_reasons(question: Question, spec: QuestionSpec, answers: list[tuple[Any, str | None]]) -> list[str]:
    """Why applying `spec` in place would change what stored answers mean or make them invalid.

    Wording (label, help, point labels, choice labels), the required flag and the display
    condition never break anything: they are not in this list.
    """
    if not answers:
        return []
    reasons: list[str] = []
    new, old = spec.settings, question.settings or {}
    values = [v for v, _other in answers]
    if spec.type != question.type:
        reasons.append("type")
    if spec.key != question.key:
        reasons.append("key")
    if spec.type == "demographic" and new.get("segment") != old.get("segment"):
        reasons.append("segment")
    if spec.type == "likert" and int(new.get("scale", 5)) != int(old.get("scale", 5)):
        reasons.append("scale")
    if spec.type == "likert" and not new.get("dont_know", True) and DONT_KNOW in values:
        reasons.append("dont_know")
    if spec.type in ("single_choice", "multiple_choice") and not new.get("allow_other") and any(
        OTHER in _as_list(v) for v in values
    ):
        reasons.append("other")
    if spec.type == "multiple_choice":
        sizes = [len(_as_list(v)) for v in values]
        if new.get("max_choices") and max(sizes) > int(new["max_choices"]):
            reasons.append("max_choices")
        if new.get("min_choices") and min(sizes) < int(new["min_choices"]):
            reasons.append("min_choices")
    if spec.type == "ranking" and new.get("rank_count") and max(len(_as_list(v)) for v in values) > int(new["rank_count"]):
        reasons.append("rank_count")
    if spec.type in ("short_text", "long_text"):
        lengths = [len(str(v)) for v in values]
        if new.get("max_length") and max(lengths) > int(new["max_length"]):
            reasons.append("max_length")
        if new.get("min_length") and min(lengths) < int(new["min_length"]):
            reasons.append("min_length")
    if spec.type == "number":
        numbers = [v for v in values if isinstance(v, (int, float))]
        if numbers and new.get("min") is not None and min(numbers) < new["min"]:
            reasons.append("min")
        if numbers and new.get("max") is not None and max(numbers) > new["max"]:
            reasons.append("max")
        if new.get("integer", True) and any(isinstance(v, float) and not v.is_integer() for v in numbers):
            reasons.append("integer")
    return reasons


@dataclass
class QuestionChange:
    question: Question  # the question now collecting answers (the new version when one was made)
    new_version: bool
    reasons: list[str]


def update_question(session: Session, question: Question, spec: QuestionSpec, actor_id: int | None) -> QuestionChange:
    """Apply the edit in place when stored answers keep their meaning; otherwise make a new version."""
    survey = question.survey
    if question.retired:
        raise ManageError("question_retired")
    _check_spec(survey, spec, question)
    answers = stored_answers(session, question)
    if answers and spec.key != question.key:
        # Exports and analyses follow a question across versions by its key.
        raise ManageError("key_frozen")
    reasons = breaking_reasons(question, spec, answers)
    target = new_version(session, question) if reasons else question
    locale = survey.default_locale
    target.type = spec.type
    target.key = spec.key
    target.label = set_text(target.label, locale, spec.label)
    target.help = set_text(target.help, locale, spec.help)
    target.required = spec.required
    target.settings = _settings_with_points(spec, target.settings or {}, locale)
    if spec.type not in CHOICE_TYPES:
        for choice in list(target.choices):
            target.choices.remove(choice)
    elif not target.active_choices and spec.choices:
        for index, (code, label) in enumerate(spec.choices):
            target.choices.append(Choice(code=code or slugify_code(label, target.choice_codes()),
                                         label=set_text({}, locale, label), position=index))
    session.flush()
    if reasons:
        audit(session, actor_id, "question.version", target, key=target.key, version=target.version,
              replaces=question.id, reasons=reasons)
    else:
        audit(session, actor_id, "question.edit", target, key=target.key)
    return QuestionChange(target, bool(reasons), reasons)


def new_version(session: Session, old: Question) -> Question:
    """Retire `old` (its answers stay attached to it) and put a copy in its place, version + 1."""
    survey, section = old.survey, old.section
    new = Question(
        key=old.key, type=old.type, label=dict(old.label or {}), help=dict(old.help or {}), required=old.required,
        settings=dict(old.settings or {}), condition=old.condition, position=old.position,
        version=old.version + 1, replaces_id=old.id,
    )
    for choice in old.active_choices:
        new.choices.append(Choice(code=choice.code, label=dict(choice.label or {}), position=choice.position))
    old.retired = True
    with session.no_autoflush:  # the new row must not be flushed before it has both parents
        section.questions.append(new)
        survey.questions.append(new)
    session.flush()
    renumber(survey)
    forget_draft_answers(session, survey, old.key)
    return new


def forget_draft_answers(session: Session, survey: Survey, key: str) -> None:
    """Answers in unfinished drafts were given to the old version: ask the resident again."""
    for draft in session.scalars(sa.select(Draft).where(Draft.survey_id == survey.id)):
        answers = dict(draft.answers or {})
        if key in answers or f"{key}__other" in answers:
            answers.pop(key, None)
            answers.pop(f"{key}__other", None)
            draft.answers = answers


def remove_question(session: Session, question: Question, actor_id: int | None) -> str:
    """Delete a question without answers; retire one with answers (its answers are kept). Returns which."""
    survey = question.survey
    for other in survey.active_questions:
        if other is not question and (other.condition or {}).get("question") == question.key:
            raise ManageError("question_is_condition", key=other.key)
    for section in survey.sections:
        if (section.condition or {}).get("question") == question.key:
            raise ManageError("question_is_condition", key=question.key)
    if answer_count(session, question):
        question.retired = True
        audit(session, actor_id, "question.retire", question, key=question.key)
        session.flush()
        return "retired"
    audit(session, actor_id, "question.delete", question, key=question.key)
    section = question.section
    session.delete(question)
    session.flush()
    session.expire(survey, ["questions"])
    session.expire(section, ["questions"])
    renumber(survey)
    session.flush()
    return "deleted"


# --- choices ---------------------------------------------------------------------------------------

def choice_answer_counts(session: Session, question: Question) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value, _other in stored_answers(session, question):
        for code in _as_list(value):
            counts[str(code)] = counts.get(str(code), 0) + 1
    return counts


def add_choice(session: Session, question: Question, code: str, label: str) -> Choice:
    """Adding an option never changes what stored answers mean, so it is done in place."""
    locale = question.survey.default_locale
    all_codes = {c.code for c in question.choices}
    code = code or slugify_code(label, all_codes)
    if not CODE_PATTERN.match(code):
        raise ManageError("choice_code_invalid")
    if code in all_codes:
        raise ManageError("choice_code_taken", code=code)
    if not label.strip():
        raise ManageError("choice_label_missing")
    choice = Choice(code=code, label=set_text({}, locale, label),
                    position=max((c.position for c in question.choices), default=-1) + 1)
    question.choices.append(choice)
    session.flush()
    return choice


def edit_choices(session: Session, question: Question, edits: dict[int, tuple[str, str]], actor_id: int | None) -> QuestionChange:
    """Save choice labels (in place) and codes; recoding a choice that has answers makes a new version."""
    locale = question.survey.default_locale
    by_id = {c.id: c for c in question.active_choices}
    new_codes = {cid: code.strip() for cid, (code, _label) in edits.items() if cid in by_id}
    final = [new_codes.get(c.id, c.code) for c in question.choices]
    if any(not CODE_PATTERN.match(code) for code in final) or len(set(final)) != len(final):
        raise ManageError("choice_code_invalid")
    if any(not label.strip() for cid, (_code, label) in edits.items() if cid in by_id):
        raise ManageError("choice_label_missing")
    recoded = [by_id[cid] for cid, code in new_codes.items() if by_id[cid].code != code]
    answered = choice_answer_counts(session, question) if recoded else {}
    reasons = ["choice_code"] if any(answered.get(c.code) for c in recoded) else []
    target = new_version(session, question) if reasons else question
    target_by_code = {c.code: c for c in target.choices}
    for cid, (code, label) in edits.items():
        if cid not in by_id:
            continue
        choice = target_by_code[by_id[cid].code] if reasons else by_id[cid]
        choice.label = set_text(choice.label, locale, label)
        choice.code = code.strip()
    session.flush()
    if reasons:
        audit(session, actor_id, "question.version", target, key=target.key, version=target.version,
              replaces=question.id, reasons=reasons)
    return QuestionChange(target, bool(reasons), reasons)


def move_choice(session: Session, choice: Choice, direction: str) -> None:
    ordered = sorted(choice.question.active_choices, key=lambda c: c.position)
    for i, c in enumerate(ordered):
        c.position = i
    _swap(ordered, choice, direction)
    session.flush()


def remove_choice(session: Session, choice: Choice) -> str:
    """Delete an option nobody chose; retire one with answers, so those answers keep their label."""
    question = choice.question
    if len(question.active_choices) <= 1:
        raise ManageError("last_choice")
    if choice_answer_counts(session, question).get(choice.code):
        choice.retired = True
        session.flush()
        return "retired"
    question.choices.remove(choice)  # delete-orphan: the row goes
    session.flush()
    return "deleted"


# --- the standard demographic block --------------------------------------------------------------

def _t(en: str, es: str, ar: str) -> dict[str, str]:
    return {"en": en, "es": es, "ar": ar}


DEMOGRAPHIC_BLOCK: list[dict[str, Any]] = [
    {"key": "district", "label": _t("Which district do you live in?", "¿En qué distrito vive?", "في أي حي تسكن؟"),
     "choices": [(f"district_{n}", _t(f"District {n}", f"Distrito {n}", f"الحي {n}")) for n in range(1, 6)]
     + [("outside", _t("I do not live in the city", "No vivo en la ciudad", "لا أسكن في المدينة"))]},
    {"key": "age_band", "label": _t("How old are you?", "¿Qué edad tiene?", "كم عمرك؟"),
     "choices": [("under_18", _t("Under 18", "Menos de 18", "أقل من 18")), ("18_24", _t("18–24", "18–24", "18–24")),
                 ("25_34", _t("25–34", "25–34", "25–34")), ("35_44", _t("35–44", "35–44", "35–44")),
                 ("45_54", _t("45–54", "45–54", "45–54")), ("55_64", _t("55–64", "55–64", "55–64")),
                 ("65_plus", _t("65 or older", "65 o más", "65 أو أكثر"))]},
    {"key": "home_language", "label": _t("Which language do you mostly speak at home?",
                                          "¿Qué idioma habla principalmente en casa?", "ما اللغة التي تتحدثها غالبًا في المنزل؟"),
     "choices": [("en", _t("English", "Inglés", "الإنجليزية")), ("es", _t("Spanish", "Español", "الإسبانية")),
                 ("ar", _t("Arabic", "Árabe", "العربية")), ("zh", _t("Chinese", "Chino", "الصينية")),
                 ("vi", _t("Vietnamese", "Vietnamita", "الفيتنامية")),
                 ("another", _t("Another language", "Otro idioma", "لغة أخرى"))]},
    {"key": "race_ethnicity", "label": _t("How do you describe your race or ethnicity?",
                                          "¿Cómo describe su raza u origen étnico?", "كيف تصف عرقك أو أصلك؟"),
     "choices": [("asian", _t("Asian", "Asiático", "آسيوي")),
                 ("black", _t("Black or African American", "Negro o afroamericano", "أسود أو أمريكي من أصل أفريقي")),
                 ("hispanic", _t("Hispanic or Latino", "Hispano o latino", "من أصل إسباني أو لاتيني")),
                 ("mena", _t("Middle Eastern or North African", "De Oriente Medio o del norte de África", "من الشرق الأوسط أو شمال أفريقيا")),
                 ("native", _t("Native American or Alaska Native", "Indígena americano o nativo de Alaska", "من السكان الأصليين لأمريكا أو ألاسكا")),
                 ("pacific", _t("Native Hawaiian or Pacific Islander", "Nativo de Hawái o de las islas del Pacífico", "من سكان هاواي الأصليين أو جزر المحيط الهادئ")),
                 ("white", _t("White", "Blanco", "أبيض")),
                 ("multiple", _t("More than one", "Más de una", "أكثر من واحد")),
                 ("another", _t("Another race or ethnicity", "Otra raza u origen", "عرق أو أصل آخر"))]},
    {"key": "housing", "label": _t("What is your housing situation?", "¿Cuál es su situación de vivienda?", "ما هو وضع سكنك؟"),
     "choices": [("own", _t("I own my home", "Soy dueño de mi vivienda", "أملك منزلي")),
                 ("rent", _t("I rent", "Alquilo", "أستأجر")),
                 ("family_friends", _t("Staying with family or friends", "Me quedo con familiares o amigos", "أقيم مع العائلة أو الأصدقاء")),
                 ("shelter", _t("Shelter or transitional housing", "Albergue o vivienda de transición", "مأوى أو سكن انتقالي")),
                 ("unhoused", _t("Currently unhoused", "Actualmente sin vivienda", "بلا مأوى حاليًا")),
                 ("another", _t("Something else", "Otra situación", "وضع آخر"))]},
]


def add_demographic_block(session: Session, survey: Survey, actor_id: int | None) -> Section:
    """A new "About you" page with the five standard segment questions, every one optional."""
    section = add_section(session, survey, "")
    section.title = {k: v for k, v in _t("About you", "Sobre usted", "عنك").items()}
    taken = active_keys(survey)
    for index, item in enumerate(DEMOGRAPHIC_BLOCK):
        key, n = item["key"], 2
        while key in taken:
            key, n = f"{item['key']}_{n}", n + 1
        taken.add(key)
        question = Question(key=key, type="demographic", label=dict(item["label"]), help={}, required=False,
                            settings={"segment": item["key"]}, position=index)
        for c_index, (code, label) in enumerate(item["choices"]):
            question.choices.append(Choice(code=code, label=dict(label), position=c_index))
        with session.no_autoflush:
            section.questions.append(question)
            survey.questions.append(question)
    renumber(survey)
    session.flush()
    audit(session, actor_id, "survey.demographics", survey, section=section.id)
    return section


# --- translations ----------------------------------------------------------------------------------

@dataclass
class TranslatableField:
    """One translatable text of a survey, as the side-by-side page shows it."""

    name: str  # form field prefix, e.g. "question-12-label"
    group: str  # "survey" | "section" | "question"
    owner: Any  # the Survey / Section / Question it belongs to (for headings)
    part: str  # "title", "label", "choice", "point" ...
    value: dict[str, str]
    extra: Any = None  # the choice code or the point number


def translatable_fields(survey: Survey) -> list[TranslatableField]:
    fields: list[TranslatableField] = []
    for part in ("title", "intro", "privacy_notice", "thank_you"):
        fields.append(TranslatableField(f"survey-{part}", "survey", survey, part, getattr(survey, part) or {}))
    for section in sorted(survey.sections, key=lambda s: s.position):
        for part in ("title", "intro"):
            fields.append(TranslatableField(f"section-{section.id}-{part}", "section", section, part, getattr(section, part) or {}))
        for q in section.active_questions:
            fields.append(TranslatableField(f"question-{q.id}-label", "question", q, "label", q.label or {}))
            fields.append(TranslatableField(f"question-{q.id}-help", "question", q, "help", q.help or {}))
            for choice in q.active_choices:
                fields.append(TranslatableField(f"choice-{choice.id}-label", "question", q, "choice", choice.label or {}, choice.code))
            for index, point in enumerate(q.setting("point_labels") or [] if q.type == "likert" else []):
                if isinstance(point, dict):
                    fields.append(TranslatableField(f"question-{q.id}-point-{index}", "question", q, "point", point, index + 1))
    # Only texts written in the default language need translating.
    return [f for f in fields if (f.value.get(survey.default_locale) or "").strip()]


def missing_counts(survey: Survey, fields: list[TranslatableField]) -> dict[str, int]:
    return {
        loc: sum(1 for f in fields if not (f.value.get(loc) or "").strip())
        for loc in survey.offered_locales if loc != survey.default_locale
    }


def apply_translations(session: Session, survey: Survey, texts: dict[str, str], actor_id: int | None) -> int:
    """Save the side-by-side form: `texts` maps "<field name>--<locale>" to text. Returns how many changed."""
    changed = 0
    targets = {"survey": {survey.id: survey}, "section": {s.id: s for s in survey.sections},
               "question": {q.id: q for q in survey.active_questions},
               "choice": {c.id: c for q in survey.active_questions for c in q.active_choices}}
    for f in translatable_fields(survey):
        for locale in survey.offered_locales:
            if locale == survey.default_locale or f"{f.name}--{locale}" not in texts:
                continue
            new_text = texts[f"{f.name}--{locale}"].strip()
            if new_text == (f.value.get(locale) or "").strip():
                continue
            changed += 1
            kind, _sep, rest = f.name.partition("-")
            if kind == "survey":
                setattr(survey, f.part, set_text(getattr(survey, f.part), locale, new_text))
            elif f.part == "point":
                q = f.owner
                points = [dict(p) if isinstance(p, dict) else p for p in q.setting("point_labels") or []]
                points[f.extra - 1] = set_text(points[f.extra - 1], locale, new_text)
                q.settings = {**(q.settings or {}), "point_labels": points}
            else:
                obj_id = int(rest.split("-")[0])
                obj = targets[kind][obj_id]
                attr = "label" if kind == "choice" else f.part
                setattr(obj, attr, set_text(getattr(obj, attr), locale, new_text))
            # refresh the value the next field of the same object compares against
    if changed:
        session.flush()
        audit(session, actor_id, "survey.translate", survey, changed=changed)
    return changed


# --- invite codes ----------------------------------------------------------------------------------

def generate_invites(session: Session, survey: Survey, count: int, batch: str, secret: str, actor_id: int | None) -> list[str]:
    from engage.surveys.services import generate_invite_codes

    if survey.response_policy != "invite":
        raise ManageError("not_invite_policy")
    if not 1 <= count <= 1000:
        raise ManageError("invite_count")
    codes = generate_invite_codes(session, survey, count, batch.strip()[:80], secret)
    audit(session, actor_id, "invites.generate", survey, batch=batch.strip()[:80], count=count)
    return codes


def invite_batches(session: Session, survey: Survey) -> list[tuple[str, int, int]]:
    """(batch name, codes, used) per batch, newest first."""
    from engage.models import InviteCode

    rows = session.execute(
        sa.select(InviteCode.batch, sa.func.count(), sa.func.count(InviteCode.used_at), sa.func.max(InviteCode.created_at))
        .where(InviteCode.survey_id == survey.id).group_by(InviteCode.batch).order_by(sa.func.max(InviteCode.created_at).desc())
    ).all()
    return [(batch, total, used) for batch, total, used, _at in rows]


# --- response counts and results -----------------------------------------------------------------

@dataclass
class ResponseCounts:
    total: int = 0
    today: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_locale: dict[str, int] = field(default_factory=dict)


def response_counts(session: Session, survey_ids: list[int] | None = None, now: datetime | None = None) -> dict[int, ResponseCounts]:
    """Counts per survey, straight from the database (three grouped queries, whatever the volume)."""
    now = now or utcnow()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    where = [Response.survey_id.in_(survey_ids)] if survey_ids is not None else []
    out: dict[int, ResponseCounts] = {}
    for survey_id, channel, n in session.execute(
        sa.select(Response.survey_id, Response.channel, sa.func.count()).where(*where).group_by(Response.survey_id, Response.channel)
    ):
        counts = out.setdefault(survey_id, ResponseCounts())
        counts.by_channel[channel] = n
        counts.total += n
    for survey_id, locale, n in session.execute(
        sa.select(Response.survey_id, Response.locale, sa.func.count()).where(*where).group_by(Response.survey_id, Response.locale)
    ):
        out.setdefault(survey_id, ResponseCounts()).by_locale[locale] = n
    for survey_id, n in session.execute(
        sa.select(Response.survey_id, sa.func.count()).where(*where, Response.submitted_at >= start_of_day,
                                                             Response.submitted_at < start_of_day + timedelta(days=1))
        .group_by(Response.survey_id)
    ):
        out.setdefault(survey_id, ResponseCounts()).today = n
    return out


@dataclass
class QuestionResult:
    question: Question
    answered: int
    #: (value, label, count) for closed questions, most common first for choices, in scale order for scales.
    rows: list[tuple[Any, Any, int]]
    other_texts: int = 0


def question_results(session: Session, survey: Survey) -> list[QuestionResult]:
    """How many answered each question and, for closed questions, how many chose each option.

    Every version of a question is listed (retired ones last), so numbers never mix meanings.
    """
    questions = sorted(survey.questions, key=lambda q: (q.retired, q.position))
    tallies: dict[int, dict[Any, int]] = {q.id: {} for q in questions}
    answered: dict[int, int] = {q.id: 0 for q in questions}
    others: dict[int, int] = {q.id: 0 for q in questions}
    closed = {q.id for q in questions if q.type in CHOICE_TYPES or q.type in ("likert", "yes_no")}
    query = (
        sa.select(Answer.question_id, Answer.value, Answer.other_text)
        .join(Response, Response.id == Answer.response_id).where(Response.survey_id == survey.id)
    )
    for question_id, value, other_text in session.execute(query.execution_options(yield_per=2000)):
        if question_id not in answered:
            continue
        answered[question_id] += 1
        if other_text:
            others[question_id] += 1
        if question_id in closed:
            tally = tallies[question_id]
            for item in _as_list(value):
                tally[item] = tally.get(item, 0) + 1
    results = []
    for q in questions:
        tally = tallies[q.id]
        rows: list[tuple[Any, Any, int]] = []
        if q.id in closed:
            known = [(v, label) for v, label in condition_values(q)]
            if q.type in CHOICE_TYPES:
                known += [(c.code, c.label) for c in q.choices if c.retired]
            seen = {v for v, _l in known}
            rows = [(v, label, tally.get(v, 0)) for v, label in known]
            rows += [(v, str(v), n) for v, n in tally.items() if v not in seen]
            if q.type in CHOICE_TYPES:
                rows.sort(key=lambda r: -r[2])
        results.append(QuestionResult(q, answered[q.id], rows, others[q.id]))
    return results
