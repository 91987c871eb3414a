"""Council reports as domain operations: settings, tagging, review, quote approval, publishing.

Flask-free (takes a SQLAlchemy session); helpers flush, the route commits.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.analysis import InputError, population_from_rows, redact
from engage.analysis.text.codebook import Codebook, CodebookNote, codebook_from_dict, review_codebook
from engage.analysis.text.emerging import emerging_themes, weak_fits
from engage.analysis.text.normalize import base_language, is_non_answer
from engage.analysis.text.pipeline import tag_with_fit
from engage.analysis.text.quotes import theme_quotes
from engage.analysis.text.sentiment import passage_sentiment, sentiment
from engage.models import Report, ReportComment, ReportVersion, Survey, User, utcnow
from engage.reports.builder import BREAKDOWN_SEGMENTS, DEFAULT_MIN_CELL, build_report_data
from engage.reports.dataset import Dataset, load_dataset

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
#: Coded comments needed before the tagger can learn from an analyst's reviews.
LEARN_FROM = 20


class ReportError(ValueError):
    """Input the report cannot use; `code` names which (the route turns it into a translated message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


# --- codebooks ----------------------------------------------------------------------------------

def shipped_codebooks() -> list[str]:
    folder = resources.files("engage.analysis") / "codebooks"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def report_codebook(report: Report) -> Codebook:
    uploaded = report.setting("codebook_data")
    if uploaded:
        return codebook_from_dict(uploaded, "uploaded codebook")
    name = report.setting("codebook") or "community_responder"
    ref = resources.files("engage.analysis") / "codebooks" / f"{name}.json"
    return codebook_from_dict(json.loads(ref.read_text(encoding="utf-8")), name)


def codebook_notes(codebook: Codebook) -> list[CodebookNote]:
    """What in a report's codebook will mislead the tagger (a reference to a theme that is not
    there, a theme with only a label): shown beside the settings, so the analyst can fix it."""
    return review_codebook(codebook)


def parse_codebook(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        codebook_from_dict(data, "uploaded codebook")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError("codebook_unreadable", str(exc)) from exc
    except InputError as exc:
        raise ReportError("codebook_invalid", str(exc)) from exc
    return data


def parse_population(raw: bytes) -> dict[str, dict[str, float]]:
    """Population shares from an uploaded ``segment,category,share`` CSV (UTF-8, BOM allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError("population_encoding") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"segment", "category", "share"} <= {f.strip() for f in reader.fieldnames}:
        raise ReportError("population_columns")
    rows = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    try:
        population = population_from_rows(rows, source="population file")
    except InputError as exc:
        raise ReportError("population_invalid", str(exc)) from exc
    unknown = [s for s in population if s not in BREAKDOWN_SEGMENTS]
    if unknown:
        raise ReportError("population_segment", unknown[0])
    if not population:
        raise ReportError("population_empty")
    return population


# --- reports ------------------------------------------------------------------------------------

def create_report(session: Session, survey: Survey, slug: str, title: dict[str, str] | None = None) -> Report:
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug):
        raise ReportError("slug_format")
    if session.scalar(sa.select(Report.id).where(Report.slug == slug)):
        raise ReportError("slug_taken")
    report = Report(survey_id=survey.id, slug=slug, title=dict(title or survey.title or {}),
                    settings={"segments": ["district"], "min_cell": DEFAULT_MIN_CELL, "codebook": "community_responder"})
    session.add(report)
    session.flush()
    return report


def update_settings(report: Report, *, segments: list[str], min_cell: int, codebook: str,
                    population: dict | None = None, clear_population: bool = False,
                    codebook_data: dict | None = None) -> None:
    settings = dict(report.settings or {})
    settings["segments"] = [s for s in BREAKDOWN_SEGMENTS if s in segments]
    settings["min_cell"] = max(3, int(min_cell))
    if codebook_data is not None:
        settings["codebook_data"] = codebook_data
        settings["codebook"] = "uploaded"
    elif codebook in shipped_codebooks():
        settings["codebook"] = codebook
        settings.pop("codebook_data", None)
    if population is not None:
        settings["population"] = population
    elif clear_population:
        settings.pop("population", None)
    report.settings = settings


def comment_rows(session: Session, report: Report) -> list[dict[str, Any]]:
    """The report's reviewed comments as plain dicts (one query)."""
    cols = (ReportComment.id, ReportComment.question_key, ReportComment.language, ReportComment.text,
            ReportComment.machine_themes, ReportComment.analyst_themes, ReportComment.quote_status,
            ReportComment.translation, ReportComment.sentiment, ReportComment.passages)
    names = ("id", "question_key", "language", "text", "machine_themes", "analyst_themes", "quote_status",
             "translation", "sentiment", "passages")
    stmt = sa.select(*cols).where(ReportComment.report_id == report.id).order_by(ReportComment.id)
    return [dict(zip(names, row)) for row in session.execute(stmt)]


def analyse(session: Session, report: Report, dataset: Dataset | None = None, learn: bool = False) -> dict[str, Any]:
    """Tag every open-text answer with the codebook and store it for review; keep analysts' reviews.

    With ``learn``, comments an analyst already reviewed are the coded sample the tagger learns from.
    """
    dataset = dataset or load_dataset(session, report.survey)
    codebook = report_codebook(report)
    existing = {(c.answer_id, c.part): c for c in session.scalars(
        sa.select(ReportComment).where(ReportComment.report_id == report.id))}
    texts = dataset.texts
    languages = [base_language(t["language"], codebook.language) for t in texts]
    coded = None
    if learn:
        reviewed = [c for c in existing.values() if c.analyst_themes is not None]
        if len(reviewed) >= LEARN_FROM:
            coded = [{"text": c.text, "themes": [t for t in c.analyst_themes if t in codebook.ids], "language": c.language}
                     for c in reviewed]
    found_tags = tag_with_fit(codebook, [t["text"] for t in texts], languages, coded)
    tags, quality = found_tags.themes, found_tags.report
    # The answers that fit their theme least, per language, join the pool of emerging themes.
    weak = weak_fits(found_tags.fit, languages)
    weak_comments: list[ReportComment] = []
    seen = set()
    for text, safe, lang, themes, is_weak, spoken in zip(texts, found_tags.texts, languages, tags, weak,
                                                         found_tags.passages):
        key = (text["answer_id"], text["part"])
        seen.add(key)
        comment = existing.get(key)
        if comment is None:
            comment = ReportComment(report_id=report.id, answer_id=text["answer_id"], part=text["part"])
            session.add(comment)
        comment.question_key = text["question_key"]
        comment.language = lang
        whole = comment.sentiment
        if comment.text != safe or whole is None:
            whole = sentiment(safe, lang)
        # A long answer's feeling about each theme is read from the part that speaks for it.
        whole = {k: v for k, v in whole.items() if k != "themes"}
        by_theme = passage_sentiment(spoken, lang)
        comment.sentiment = dict(whole, themes=by_theme) if by_theme else whole
        comment.text = safe
        comment.machine_themes = list(themes)
        comment.passages = dict(spoken) or None
        if is_weak:
            weak_comments.append(comment)
        if comment.analyst_themes is not None:
            comment.analyst_themes = [t for t in comment.analyst_themes if t in codebook.ids]
    for key, comment in existing.items():
        if key not in seen:
            session.delete(comment)
    session.flush()
    report.analysed_at = utcnow()
    weak_ids = sorted(c.id for c in weak_comments)
    report.analysis = dict(suggest_quotes(session, report, codebook, weak_ids), learning=quality, comments=len(texts),
                           non_answers=sum(found_tags.says_nothing), weak_fit=weak_ids,
                           redaction={"texts": len(texts), "found": found_tags.redacted})
    session.flush()
    return report.analysis


def suggest_quotes(session: Session, report: Report, codebook: Codebook | None = None,
                   weak_ids: list[int] | None = None) -> dict[str, Any]:
    """Quote and minority-view candidates per theme, and emerging themes, from the current tags."""
    codebook = codebook or report_codebook(report)
    comments = comment_rows(session, report)
    # Poor fits from the last tagging (an answer an analyst has reviewed is no longer one).
    weak_fit = set(weak_ids if weak_ids is not None else (report.analysis or {}).get("weak_fit") or [])
    candidates: dict[str, dict[str, list[int]]] = {t: {"quotes": [], "minority_views": []} for t in codebook.ids}
    emerging: list[dict[str, Any]] = []
    for lang in sorted({c["language"] for c in comments}):
        group = [c for c in comments if c["language"] == lang]
        tags = [c["analyst_themes"] if c["analyst_themes"] is not None else c["machine_themes"] for c in group]
        picked = theme_quotes([c["text"] for c in group], tags, codebook.ids, lang, per_theme=4, minority=2,
                              ids=[str(c["id"]) for c in group], passages=[c["passages"] or {} for c in group])
        for theme, found in picked.items():
            candidates[theme]["quotes"].extend(int(q["id"]) for q in found["quotes"])
            candidates[theme]["minority_views"].extend(int(q["id"]) for q in found["minority_views"])
        weak = [c["id"] in weak_fit and c["analyst_themes"] is None for c in group]
        for item in emerging_themes([c["text"] for c in group], tags, lang, ids=[str(c["id"]) for c in group],
                                    weak=weak):
            emerging.append({"language": lang, "size": item.get("size") or item.get("n"),
                             "key_phrases": list(item.get("key_phrases") or [])[:6],
                             "examples": [int(e["id"]) for e in item.get("examples") or []][:3],
                             "tagged_as": dict(list((item.get("tagged_as") or {}).items())[:3])})
    emerging.sort(key=lambda item: -(item["size"] or 0))
    return {"candidates": candidates, "emerging": emerging}


def learning_summary(report: Report, codebook: Codebook) -> list[dict[str, Any]]:
    """Per language, what learning from the analysts' checks gave (for the builder page).

    ``weak`` lists the themes whose held-out F1 is under 0.5 with at least 3 checked answers: where
    more checking pays off most.
    """
    out = []
    for lang, quality in sorted(((report.analysis or {}).get("learning") or {}).items()):
        per_theme = quality.get("per_theme") or {}
        weak = [theme for theme in codebook.themes
                if (per_theme.get(theme.id) or {}).get("support", 0) >= 3 and per_theme[theme.id].get("f1", 1) < 0.5]
        out.append({"language": lang, "learned": quality.get("mode") == "learning",
                    "source": (quality.get("chosen") or {}).get("source", "learning"),
                    "coded": quality.get("coded", 0), "micro_f1": quality.get("micro_f1", 0.0),
                    "micro_f1_interval": quality.get("micro_f1_interval"),
                    "zero_shot_micro_f1": quality.get("zero_shot_micro_f1", 0.0), "weak": weak,
                    # Checked answers that name no theme teach nothing: the codebook alone tagged.
                    "nothing_to_learn": quality.get("mode") != "learning" and bool(quality.get("coded"))})
    return out


def emerging_groups(session: Session, report: Report, limit: int = 8) -> list[dict[str, Any]]:
    """The largest groups of answers no theme fits (well), with their example answers, for the builder page."""
    # A group whose members share no words is clustering's leftovers ("no", "nothing", "n/a"), not a theme.
    groups = [g for g in (report.analysis or {}).get("emerging") or [] if g.get("key_phrases")][:limit]
    wanted = {i for g in groups for i in g.get("examples") or []}
    found = {c.id: c for c in session.scalars(sa.select(ReportComment).where(
        ReportComment.report_id == report.id, ReportComment.id.in_(wanted)))} if wanted else {}
    themes = {t.id: t for t in report_codebook(report).themes}
    return [{**g, "examples": [found[i] for i in g.get("examples") or [] if i in found],
             "given": [(themes[t], n) for t, n in (g.get("tagged_as") or {}).items() if t in themes]} for g in groups]


# Knuth's multiplicative hash constant (2^32 / golden ratio): a fixed shuffle of comment ids.
_SAMPLE_HASH = 2654435761


def review_sample(session: Session, report: Report) -> list[int]:
    """Ids of the unchecked answers in a random order that stays put from page to page.

    Checked in this order they are a random sample, so the agreement figure and what learning
    takes from them stand for all the answers. Non-answers ("no thanks") are left out: there is
    nothing in them to check.
    """
    rows = session.execute(sa.select(ReportComment.id, ReportComment.text, ReportComment.language).where(
        ReportComment.report_id == report.id, ReportComment.reviewed_at.is_(None))).all()
    ids = [r.id for r in rows if not is_non_answer(r.text, r.language)]
    ids.sort(key=lambda i: ((i + report.id) * _SAMPLE_HASH) % 2**32)
    return ids


def review_comment(session: Session, report: Report, comment_id: int, themes: list[str], user: User) -> ReportComment:
    comment = session.get(ReportComment, comment_id)
    if comment is None or comment.report_id != report.id:
        raise ReportError("comment_missing")
    known = report_codebook(report).ids
    comment.analyst_themes = [t for t in known if t in themes]
    comment.reviewed_at = utcnow()
    comment.reviewed_by_id = user.id
    session.flush()
    return comment


def set_quote(session: Session, report: Report, comment_id: int, status: str, translation: str | None = None) -> ReportComment:
    comment = session.get(ReportComment, comment_id)
    if comment is None or comment.report_id != report.id:
        raise ReportError("comment_missing")
    if status not in ("", "approved", "rejected"):
        raise ReportError("quote_status")
    comment.quote_status = status
    if translation is not None:
        comment.translation = redact(translation.strip())[:1000] or None
    session.flush()
    return comment


def listening_sessions(session: Session, survey_id: int) -> dict[str, Any]:
    """Listening-session summaries when that feature is installed; a plain "not available" otherwise."""
    try:
        from engage.sessions import services as session_services
    except ImportError:
        return {"available": False}
    summaries = getattr(session_services, "session_summaries", None)
    totals = getattr(session_services, "channel_totals", None)
    if summaries is None:
        return {"available": False}
    return {"available": True, "summaries": summaries(session, survey_id),
            "totals": totals(session, survey_id) if totals else {}}


def build_data(session: Session, report: Report, dataset: Dataset | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The report's data as it stands now (what publishing would freeze)."""
    dataset = dataset or load_dataset(session, report.survey)
    analysed = bool(report.analysed_at)
    return build_report_data(
        dataset,
        title=report.title,
        segments=report.setting("segments", ["district"]),
        population=report.setting("population"),
        min_cell=int(report.setting("min_cell", DEFAULT_MIN_CELL)),
        codebook=report_codebook(report) if analysed else None,
        comments=comment_rows(session, report) if analysed else (),
        candidates=(report.analysis or {}).get("candidates"),
        redaction=(report.analysis or {}).get("redaction"),
        sessions=listening_sessions(session, report.survey_id),
        now=now,
    )


def publish(session: Session, report: Report, user: User | None, data: dict[str, Any] | None = None) -> ReportVersion:
    """Freeze the report's data as a new version; earlier versions stay at their permanent URLs."""
    data = data or build_data(session, report)
    number = (session.scalar(sa.select(sa.func.max(ReportVersion.number)).where(ReportVersion.report_id == report.id)) or 0) + 1
    version = ReportVersion(report_id=report.id, number=number, published_by_id=user.id if user else None, data=data)
    data["version"] = number
    session.add(version)
    session.flush()
    data["published_at"] = version.published_at.isoformat(timespec="seconds")
    version.data = dict(data)
    session.flush()
    return version


def published_reports(session: Session) -> list[tuple[Report, ReportVersion]]:
    """Every report with at least one published version, newest first, with its latest version."""
    latest = (sa.select(ReportVersion.report_id, sa.func.max(ReportVersion.number).label("number"))
              .group_by(ReportVersion.report_id).subquery())
    stmt = (sa.select(Report, ReportVersion)
            .join(latest, latest.c.report_id == Report.id)
            .join(ReportVersion, sa.and_(ReportVersion.report_id == Report.id, ReportVersion.number == latest.c.number))
            .order_by(ReportVersion.published_at.desc()))
    return [(r, v) for r, v in session.execute(stmt).all()]


def find_version(session: Session, slug: str, number: int | None = None) -> ReportVersion | None:
    stmt = sa.select(ReportVersion).join(Report).where(Report.slug == slug)
    if number is None:
        stmt = stmt.order_by(ReportVersion.number.desc()).limit(1)
    else:
        stmt = stmt.where(ReportVersion.number == number)
    return session.scalar(stmt)
