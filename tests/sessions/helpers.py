"""Shared setup for listening-session tests: a small survey, a consultation from the template, a session."""
from __future__ import annotations

import re
from html import unescape
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from tests.conftest import csrf_from


def t(en: str, es: str | None = None, ar: str | None = None) -> dict[str, str]:
    return {"en": en, "es": es or f"{en} (es)", "ar": ar or f"{en} (ar)"}


def small_survey() -> dict[str, Any]:
    """Keys match the community responder template, so its topics link to these questions."""
    return {
        "slug": "responders-small", "status": "open", "default_locale": "en", "locales": ["en", "es", "ar"],
        "title": t("Community responders", "Equipos de respuesta", "فرق الاستجابة"),
        "sections": [{
            "title": t("Your views"),
            "questions": [
                {"key": "run_by", "type": "single_choice", "required": True, "label": t("Who should employ the responders?"),
                 "choices": [{"code": "city_staff", "label": t("The city")}, {"code": "outside_contract", "label": t("A contract")},
                             {"code": "mix", "label": t("A mix")}]},
                {"key": "call_categories", "type": "multiple_choice", "label": t("Which calls?"), "settings": {"max_choices": 2},
                 "choices": [{"code": "mental_health", "label": t("Mental health")}, {"code": "homelessness", "label": t("Homelessness")},
                             {"code": "welfare_check", "label": t("Welfare checks")}]},
                {"key": "importance_trust", "type": "likert", "label": t("A program people trust"), "settings": {"scale": 5}},
                {"key": "calls_past_year", "type": "number", "label": t("Calls in the past year"), "settings": {"min": 0, "max": 365}},
                {"key": "anything_else", "type": "long_text", "label": t("Anything else?"), "settings": {"max_length": 500}},
                {"key": "district", "type": "demographic", "label": t("Where do you live?"), "settings": {"segment": "district"},
                 "choices": [{"code": "north", "label": t("North")}, {"code": "south", "label": t("South")}]},
            ],
        }],
    }


def form_page(client: Any, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.get_data(as_text=True)
    return html, csrf_from(html)


def create_consultation(client: Any, survey_id: int, slug: str = "riverton") -> int:
    _html, token = form_page(client, "/manage/consultations/new?from_template=community-responders")
    response = client.post("/manage/consultations/new", data={
        "csrf_token": token, "slug": slug, "survey": str(survey_id), "template": "community-responders"})
    assert response.status_code == 302, response.get_data(as_text=True)
    consultation_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    html, token = form_page(client, f"/manage/consultations/{consultation_id}")
    data = {"csrf_token": token, "status": "open", "card_question_key": "anything_else"}
    for name, value in re.findall(r'<input[^>]*name="(title__[a-z]+)"[^>]*value="([^"]*)"', html):
        data[name] = unescape(value)
    for name, value in re.findall(r'<textarea[^>]*name="(intro__[a-z]+)"[^>]*>([^<]*)</textarea>', html):
        data[name] = unescape(value).strip()
    assert client.post(f"/manage/consultations/{consultation_id}", data=data).status_code == 302
    return consultation_id


def schedule(client: Any, consultation_id: int, **overrides: Any) -> int:
    _html, token = form_page(client, "/manage/sessions/new")
    day = (date.today() + timedelta(days=10)).isoformat()
    data = {
        "csrf_token": token, "consultation": str(consultation_id), "day": day, "start": "18:00", "end": "20:00",
        "timezone": "America/Chicago", "place": "Eastbank Library, Room 2", "address": "12 River St, Riverton",
        "languages": ["en", "es"], "host_organization": "Eastbank Neighbors; Tenants, United",
        "facilitator": "Dana R.", "registration_open": "y",
        "title__en": "Eastbank listening session", "title__es": "Sesión de escucha en Eastbank",
        "accessibility__en": "Step-free entrance.\nChildcare, snacks.", "interpretation__en": "Spanish interpreter on site",
    }
    data.update(overrides)
    response = client.post("/manage/sessions/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def count(db: Any, model: Any, *where: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))
