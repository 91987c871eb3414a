"""Survey definitions the tests build on: one with every question type and both kinds of condition."""
from __future__ import annotations

from typing import Any


def t(en: str, es: str | None = None, ar: str | None = None) -> dict[str, str]:
    out = {"en": en}
    if es:
        out["es"] = es
    if ar:
        out["ar"] = ar
    return out


def choices(*codes: str) -> list[dict[str, Any]]:
    return [{"code": c, "label": t(c.replace("_", " ").capitalize(), f"ES {c}", f"AR {c}")} for c in codes]


def every_type_survey(slug: str = "every-type", status: str = "open", policy: str = "open") -> dict[str, Any]:
    return {
        "slug": slug,
        "title": t("Responder survey", "Encuesta de respuesta", "استبيان الاستجابة"),
        "intro": t("Tell us what you think.", "Díganos qué piensa.", "أخبرنا برأيك."),
        "privacy_notice": t("No names are stored.", "No guardamos nombres.", "لا نحفظ الأسماء."),
        "default_locale": "en",
        "locales": ["en", "es", "ar"],
        "status": status,
        "response_policy": policy,
        "sections": [
            {
                "title": t("Calls", "Llamadas", "المكالمات"),
                "questions": [
                    {"key": "q_categories", "type": "multiple_choice", "required": True,
                     "label": t("Which calls?", "¿Qué llamadas?", "أي مكالمات؟"),
                     "settings": {"max_choices": 3, "allow_other": True},
                     "choices": choices("mental_health", "homelessness", "intoxication", "welfare", "noise")},
                    {"key": "q_safe", "type": "likert", "required": True,
                     "label": t("Do you feel safe calling 911?", "¿Se siente seguro al llamar al 911?", "هل تشعر بالأمان عند الاتصال بـ 911؟"),
                     "settings": {"scale": 5, "dont_know": True}},
                    {"key": "q_why", "type": "long_text",
                     "label": t("Why not?", "¿Por qué no?", "لماذا لا؟"),
                     "settings": {"max_length": 500},
                     "condition": {"question": "q_safe", "op": "any_of", "value": [1, 2]}},
                ],
            },
            {
                "title": t("The team", "El equipo", "الفريق"),
                "questions": [
                    {"key": "q_team", "type": "single_choice", "label": t("Who should come?", "¿Quién debe venir?", "من يجب أن يأتي؟"),
                     "settings": {"allow_other": True}, "choices": choices("clinicians", "peers", "emts")},
                    {"key": "q_rank", "type": "ranking", "label": t("Rank what matters", "Ordene lo importante", "رتب الأهم"),
                     "settings": {"rank_count": 2}, "choices": choices("time", "cost", "diversion", "satisfaction")},
                    {"key": "q_calls", "type": "number", "label": t("How many calls last year?", "¿Cuántas llamadas?", "كم مكالمة؟"),
                     "settings": {"min": 0, "max": 365}},
                    {"key": "q_followup", "type": "yes_no", "label": t("Should they follow up?", "¿Deben dar seguimiento?")},
                    {"key": "q_line", "type": "short_text", "label": t("One line", "Una línea", "سطر واحد"),
                     "settings": {"max_length": 50}},
                ],
            },
            {
                "title": t("Feeling unsafe", "Sentirse inseguro", "الشعور بعدم الأمان"),
                "condition": {"question": "q_safe", "op": "any_of", "value": [1, 2]},
                "questions": [
                    {"key": "q_unsafe_detail", "type": "short_text", "label": t("What would help?", "¿Qué ayudaría?", "ما الذي سيساعد؟")},
                ],
            },
            {
                "title": t("About you", "Sobre usted", "عنك"),
                "questions": [
                    {"key": "q_district", "type": "demographic", "label": t("District", "Distrito", "الحي"),
                     "settings": {"segment": "district"}, "choices": choices("d1", "d2")},
                    {"key": "q_housing", "type": "demographic", "label": t("Housing", "Vivienda", "السكن"),
                     "settings": {"segment": "housing"}, "choices": choices("own", "rent", "unhoused")},
                ],
            },
        ],
    }


#: Valid answers for each page of every_type_survey (form field names → values).
VALID_PAGES: list[dict[str, Any]] = [
    {"q_categories": ["mental_health", "welfare"], "q_safe": "4"},
    {"q_team": "peers", "q_rank-1": "time", "q_rank-2": "cost", "q_calls": "3", "q_followup": "yes", "q_line": "More help at night"},
    {"q_district": "d2", "q_housing": "unhoused"},
]
