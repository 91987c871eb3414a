"""Two small demo surveys beside the main one: a draft an organizer is still writing, and last year's
closed survey on public-safety priorities (which the community responder consultation grew out of)."""
from __future__ import annotations

from typing import Any

from engage.demo.community_responders import DISTRICTS, tr

SESSION_FEEDBACK: dict[str, Any] = {
    "slug": "listening-session-feedback",
    "status": "draft",
    "default_locale": "en",
    "locales": ["en", "es", "ar"],
    "response_policy": "open",
    "title": tr(
        "How was the listening session?",
        "¿Qué le pareció la reunión de escucha?",
        "ما رأيك في جلسة الاستماع؟",
    ),
    "intro": tr(
        "Three short questions about the meeting you just attended.",
        "Tres preguntas cortas sobre la reunión a la que acaba de asistir.",
        "ثلاثة أسئلة قصيرة عن الجلسة التي حضرتها للتو.",
    ),
    "privacy_notice": tr(
        "We keep your answers, your language and the time. We do not ask for your name.",
        "Guardamos sus respuestas, su idioma y la hora. No le pedimos su nombre.",
        "نحتفظ بإجاباتك ولغتك ووقت الإرسال، ولا نطلب اسمك.",
    ),
    "thank_you": tr("Thank you for coming!", "¡Gracias por venir!", "شكرًا لحضورك!"),
    "sections": [
        {
            "title": tr("The meeting", "La reunión", "الجلسة"),
            "questions": [
                {
                    "key": "felt_heard",
                    "type": "yes_no",
                    "label": tr("Did you feel heard?", "¿Sintió que le escucharon?", "هل شعرت بأن صوتك مسموع؟"),
                },
                {
                    "key": "session_useful",
                    "type": "likert",
                    "label": tr(
                        "How useful was the meeting for you?",
                        "¿Qué tan útil fue la reunión para usted?",
                        "ما مدى فائدة الجلسة بالنسبة إليك؟",
                    ),
                    "settings": {"scale": 5, "dont_know": True, "point_labels": [
                        tr("Not useful", "Nada útil", "غير مفيدة"),
                        tr("A little useful", "Poco útil", "مفيدة قليلًا"),
                        tr("Somewhat useful", "Algo útil", "مفيدة إلى حد ما"),
                        tr("Useful", "Útil", "مفيدة"),
                        tr("Very useful", "Muy útil", "مفيدة جدًا"),
                    ]},
                },
                {
                    "key": "improve_next_time",
                    "type": "long_text",
                    "label": tr(
                        "What should we do better next time?",
                        "¿Qué deberíamos mejorar la próxima vez?",
                        "ما الذي يجب أن نحسّنه في المرة القادمة؟",
                    ),
                },
            ],
        },
    ],
}

PRIORITIES_LAST_YEAR: dict[str, Any] = {
    "slug": "public-safety-priorities",
    "status": "closed",
    "default_locale": "en",
    "locales": ["en", "es", "ar"],
    "response_policy": "invite",
    "title": tr(
        "Riverton public safety priorities",
        "Prioridades de seguridad pública en Riverton",
        "أولويات السلامة العامة في ريفرتون",
    ),
    "intro": tr(
        "The city council wants to know what would make you feel safer in your neighborhood.",
        "El concejo municipal quiere saber qué le haría sentir más seguro/a en su barrio.",
        "يريد مجلس المدينة أن يعرف ما الذي يجعلك تشعر بأمان أكبر في حيّك.",
    ),
    "privacy_notice": tr(
        "We keep your answers, your language and the time. Invite codes are not linked to names.",
        "Guardamos sus respuestas, su idioma y la hora. Los códigos de invitación no están vinculados a nombres.",
        "نحتفظ بإجاباتك ولغتك ووقت الإرسال. رموز الدعوة غير مرتبطة بأسماء.",
    ),
    "thank_you": tr("Thank you for your answers.", "Gracias por sus respuestas.", "شكرًا على إجاباتك."),
    "sections": [
        {
            "title": tr("Your priorities", "Sus prioridades", "أولوياتك"),
            "questions": [
                {
                    "key": "top_priority",
                    "type": "single_choice",
                    "required": True,
                    "label": tr(
                        "What should the city do first to make your neighborhood safer?",
                        "¿Qué debería hacer primero la ciudad para que su barrio sea más seguro?",
                        "ما أول ما يجب أن تفعله المدينة لجعل حيّك أكثر أمانًا؟",
                    ),
                    "choices": [
                        {"code": "faster_emergency", "label": tr(
                            "Faster emergency response", "Respuesta de emergencia más rápida", "استجابة أسرع للطوارئ")},
                        {"code": "mental_health_services", "label": tr(
                            "More mental-health services", "Más servicios de salud mental", "مزيد من خدمات الصحة النفسية")},
                        {"code": "street_lighting", "label": tr(
                            "Better street lighting", "Mejor alumbrado público", "إنارة أفضل للشوارع")},
                        {"code": "traffic_safety", "label": tr(
                            "Traffic safety", "Seguridad vial", "السلامة المرورية")},
                        {"code": "youth_programs", "label": tr(
                            "Programs for young people", "Programas para jóvenes", "برامج للشباب")},
                    ],
                },
                {
                    "key": "satisfied_911",
                    "type": "likert",
                    "label": tr(
                        "How satisfied are you with how 911 calls are answered today?",
                        "¿Qué tan satisfecho/a está con la forma en que se atienden hoy las llamadas al 911?",
                        "ما مدى رضاك عن طريقة الرد على مكالمات 911 حاليًا؟",
                    ),
                    "settings": {"scale": 5, "dont_know": True, "point_labels": [
                        tr("Very dissatisfied", "Muy insatisfecho/a", "غير راضٍ إطلاقًا"),
                        tr("Dissatisfied", "Insatisfecho/a", "غير راضٍ"),
                        tr("Neutral", "Ni satisfecho/a ni insatisfecho/a", "محايد"),
                        tr("Satisfied", "Satisfecho/a", "راضٍ"),
                        tr("Very satisfied", "Muy satisfecho/a", "راضٍ جدًا"),
                    ]},
                },
                {
                    "key": "district",
                    "type": "demographic",
                    "label": tr(
                        "Which part of Riverton do you live in?",
                        "¿En qué parte de Riverton vive?",
                        "في أي منطقة من ريفرتون تسكن؟",
                    ),
                    "settings": {"segment": "district"},
                    "choices": DISTRICTS,
                },
            ],
        },
    ],
}
