"""The facilitator kit: agenda, paper forms (one per single-use code, in its language) and a QR poster.

Rendered as one print-ready HTML document; the PDF is the same document through WeasyPrint as PDF/UA.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from flask import render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from engage.consultations.services import agenda
from engage.models import ListeningSession, PaperCode, Survey
from engage.sessions.services import display_code, local

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "engage.css"


def poster_url(public_url: str, survey: Survey, ls: ListeningSession) -> str:
    """The survey with the session pre-filled; the residents' flow ignores the parameter for now."""
    return f"{public_url.rstrip('/')}/s/{survey.slug}?{urlencode({'session': ls.id})}"


def qr_svg(url: str, label: str) -> Markup:
    """An inline SVG QR code with an accessible name (the same SVG goes into the HTML and the PDF)."""
    svg = segno.make(url, error="m").svg_inline(scale=8, svgclass="kit-qr__code", lineclass=None, title=label)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def agenda_items(ls: ListeningSession) -> list[dict[str, Any]]:
    start = local(ls, ls.starts_at)
    return [{**item, "clock": start + timedelta(minutes=item["at"])} for item in agenda(ls.consultation)]


def paper_sheets(survey: Survey, papers: list[PaperCode]) -> list[Markup]:
    """One paper form per code, rendered in the code's language (interface words included)."""
    sheets: list[Markup] = []
    numbering = {q.key: n for n, q in enumerate(survey.active_questions, 1)}
    for paper in papers:
        with force_locale(paper.locale):
            sheets.append(Markup(render_template(
                "sessions/_paper_sheet.html", survey=survey, loc=paper.locale, code=display_code(paper.code),
                numbering=numbering,
            )))
    return sheets


def posters(ls: ListeningSession, url: str) -> list[Markup]:
    out = []
    for loc in ls.offered_locales:
        with force_locale(loc):
            qr = qr_svg(url, gettext("QR code to answer the survey online: %(url)s", url=url))
            out.append(Markup(render_template("sessions/_poster.html", ls=ls, loc=loc, url=url, qr=qr,
                                              starts=local(ls, ls.starts_at), ends=local(ls, ls.ends_at))))
    return out


def cached_pdf(html: str, base_url: str, folder: Path, prefix: str) -> bytes:
    """The kit's PDF, rendered once per version of its HTML (rendering takes seconds; a facilitator
    may download the same kit several times). Older versions of the same kit are removed."""
    digest = hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()[:20]
    path = folder / f"{prefix}-{digest}.pdf"
    if path.exists():
        return path.read_bytes()
    body = render_pdf(html, base_url)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.pdf"):
        old.unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(body)
    tmp.replace(path)
    return body


def render_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1",
    )
