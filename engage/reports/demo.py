"""Publish the demo city's council report, so a newcomer sees a finished report linked from the home page."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.models import Report, ReportVersion, Survey
from engage.reports import services

DEMO_SURVEY = "community-responders"
DEMO_REPORT = "riverton-community-responders"
POPULATION = Path(__file__).with_name("demo_population.csv")
QUOTES_APPROVED = 2
MINORITY_APPROVED = 1


def publish_demo_report(session: Session) -> ReportVersion | None:
    """Build, tag and publish version 1 of the demo report; flushes, never commits.

    The demo approves the first suggested quotes of each theme on the analyst's behalf; it never
    pretends to have reviewed tags, so the report says its themes are unchecked.
    """
    survey = session.scalar(sa.select(Survey).where(Survey.slug == DEMO_SURVEY))
    if survey is None or session.scalar(sa.select(Report.id).where(Report.slug == DEMO_REPORT)):
        return None
    report = services.create_report(session, survey, DEMO_REPORT)
    services.update_settings(report, segments=["district", "age_band", "home_language", "housing", "channel"],
                             min_cell=10, codebook="community_responder",
                             population=services.parse_population(POPULATION.read_bytes()))
    services.analyse(session, report)
    for picks in (report.analysis.get("candidates") or {}).values():
        for cid in picks.get("quotes", [])[:QUOTES_APPROVED] + picks.get("minority_views", [])[:MINORITY_APPROVED]:
            services.set_quote(session, report, cid, "approved")
    return services.publish(session, report, None)
