"""Analysts' exports: responses as CSV and XLSX (with a codebook sheet), free text redacted.

The rows come from the organizer pages' own builder (`engage.manage.exports.response_rows`) so
there is one definition of a responses row; here open text is additionally redacted, and every
cell is neutralised against spreadsheet formula injection.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from engage.analysis import redact
from engage.manage.exports import columns, csv_chunks, neutralise, response_rows
from engage.models import Survey
from engage.reports.render import safe_cell

TEXT_TYPES = ("short_text", "long_text")


def redacted_rows(session: Session, survey_id: int) -> Iterator[list[Any]]:
    """Responses rows with every free-text cell (open answers and "other" words) redacted.

    Takes the survey's id: a streamed download runs after the view returned and its session is gone.
    """
    survey = session.get(Survey, survey_id)
    if survey is None:
        return
    cols = columns(session, survey)
    rows = response_rows(session, survey_id)
    header = next(rows)
    yield header
    offset = len(header) - len(cols)
    text_positions = [offset + i for i, (_name, q, is_other) in enumerate(cols) if is_other or q.type in TEXT_TYPES]
    for row in rows:
        for i in text_positions:
            if isinstance(row[i], str) and row[i]:
                row[i] = neutralise(redact(row[i]))
        yield row


def responses_csv(session: Session, survey_id: int) -> Iterator[str]:
    return csv_chunks(redacted_rows(session, survey_id))


def codebook_rows(survey: Survey) -> list[list[Any]]:
    """One row per question and per choice: key, type, and the text in every offered locale."""
    locales = survey.offered_locales
    rows: list[list[Any]] = [["question_key", "type", "choice_code"] + [f"text_{loc}" for loc in locales]]
    for q in survey.active_questions:
        rows.append([q.key, q.type, ""] + [(q.label or {}).get(loc, "") for loc in locales])
        for c in q.active_choices:
            rows.append([q.key, q.type, c.code] + [(c.label or {}).get(loc, "") for loc in locales])
        if q.type == "likert":
            for i, label in enumerate(q.setting("point_labels") or [], start=1):
                rows.append([q.key, q.type, str(i)] + [(label or {}).get(loc, "") for loc in locales])
            if q.setting("dont_know", True):
                rows.append([q.key, q.type, "dont_know"] + ["" for _ in locales])
        if q.type == "yes_no":
            rows += [[q.key, q.type, code] + ["" for _ in locales] for code in ("yes", "no")]
        if q.setting("allow_other"):
            rows.append([q.key, q.type, "other"] + ["" for _ in locales])
    return rows


def responses_xlsx(session: Session, survey: Survey) -> bytes:
    """Responses and codebook sheets; write-only mode keeps memory flat for large surveys."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    for row in redacted_rows(session, survey.id):
        sheet.append([safe_cell(v) for v in row])
    codebook = book.create_sheet("codebook")
    for row in codebook_rows(survey):
        codebook.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
