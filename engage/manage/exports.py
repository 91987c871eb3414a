"""Responses as CSV for spreadsheets and statistics tools, streamed in batches (20,000 rows is normal).

One row per response: response facts, the segment columns, then one column per question key (a
demographic question keyed like its segment, e.g. `district`, is the segment column itself). A question with earlier versions that were
answered gets extra columns `<key>__v<version>` for them, so values of different meaning never
share a column.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.models import SEGMENTS, Answer, Question, Response, Survey

BOM = "\ufeff"
BATCH = 1000
#: A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = ["response_id", "receipt_code", "channel", "locale", "submitted_at", "repeat_browser"]
RESERVED_COLUMNS = frozenset(FIXED_COLUMNS) | frozenset(SEGMENTS)


def neutralise(value: Any) -> Any:
    """Make typed text inert in a spreadsheet: prefix a quote to what would start a formula.

    Only text is touched; numbers Engage stored itself (e.g. -3 from a number question) stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(";".join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def columns(session: Session, survey: Survey) -> list[tuple[str, Question, bool]]:
    """(column name, question, is_other_column) in reading order; retired versions only if answered."""
    answered_ids = set(session.scalars(
        sa.select(Answer.question_id).join(Response, Response.id == Answer.response_id)
        .where(Response.survey_id == survey.id).distinct()
    ))
    out: list[tuple[str, Question, bool]] = []
    for q in sorted(survey.questions, key=lambda q: (q.position, q.version)):
        if q.retired and q.id not in answered_ids:
            continue
        name = f"{q.key}__v{q.version}" if q.retired else q.key
        if name in RESERVED_COLUMNS:
            if q.segment == name:
                continue  # "district" answered by the district question: the segment column holds it
            name = f"q_{name}"
        out.append((name, q, False))
        if q.setting("allow_other") and q.type in ("single_choice", "multiple_choice"):
            out.append((f"{name}__other", q, True))
    return out


def response_rows(session: Session, survey_id: int) -> Iterator[list[Any]]:
    """The header, then one list per response, reading responses in batches by id (keyset paging).

    Takes the survey's id, not the object: a streamed download runs after the view has returned
    and its session is gone.
    """
    survey = session.get(Survey, survey_id)
    if survey is None:
        return
    cols = columns(session, survey)
    yield FIXED_COLUMNS + list(SEGMENTS) + [name for name, _q, _o in cols]
    last_id = 0
    while True:
        responses = session.execute(
            sa.select(Response.id, Response.receipt_code, Response.channel, Response.locale, Response.submitted_at,
                      Response.repeat_browser, Response.segments)
            .where(Response.survey_id == survey.id, Response.id > last_id).order_by(Response.id).limit(BATCH)
        ).all()
        if not responses:
            return
        ids = [r.id for r in responses]
        answers: dict[int, dict[int, tuple[Any, str | None]]] = {}
        for response_id, question_id, value, other in session.execute(
            sa.select(Answer.response_id, Answer.question_id, Answer.value, Answer.other_text).where(Answer.response_id.in_(ids))
        ):
            answers.setdefault(response_id, {})[question_id] = (value, other)
        for r in responses:
            given = answers.get(r.id, {})
            segments = r.segments or {}
            row = [r.id, r.receipt_code, r.channel, r.locale, r.submitted_at.isoformat(timespec="seconds"),
                   "true" if r.repeat_browser else "false"]
            row += [cell(segments.get(seg)) for seg in SEGMENTS]
            for _name, q, is_other in cols:
                value, other = given.get(q.id, (None, None))
                row.append(cell(other if is_other else value))
            yield row
        last_id = ids[-1]  # plain rows, not ORM objects: memory stays flat however many responses


def csv_chunks(rows: Iterator[list[Any]], rows_per_chunk: int = 200) -> Iterator[str]:
    """CSV text in chunks, starting with a byte order mark so Excel reads UTF-8 (Arabic, accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    for index, row in enumerate(rows, 1):
        writer.writerow(row)
        if index % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def filename(survey: Survey, now: Any) -> str:
    return f"{survey.slug}-responses-{now:%Y%m%d-%H%M}.csv"
