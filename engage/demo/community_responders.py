"""The demo consultation for "Riverton", a fictional US city planning a community responder program.

Plain data in the shape `engage.surveys.definition.build_survey` reads, so it also serves as a template
a city can copy. Every piece of content is written in English, Spanish and Arabic.
"""
from __future__ import annotations

from typing import Any

SLUG = "community-responders"
LOCALES = ("en", "es", "ar")


def tr(en: str, es: str, ar: str) -> dict[str, str]:
    """One translatable text in the three demo languages."""
    return {"en": en, "es": es, "ar": ar}


def choice(code: str, en: str, es: str, ar: str) -> dict[str, Any]:
    return {"code": code, "label": tr(en, es, ar)}


CHOOSE_ALL = tr("Choose all that apply.", "Marque todas las opciones que correspondan.", "اختر كل ما ينطبق.")
HOW_MUCH = tr(
    "How much does this matter to you?", "¿Qué tan importante es esto para usted?",
    "ما مدى أهمية هذا بالنسبة إليك؟",
)
NO_PERSONAL = tr(
    "Please do not include names, phone numbers or addresses.",
    "Por favor, no incluya nombres, teléfonos ni direcciones.",
    "يُرجى عدم ذكر أسماء أو أرقام هواتف أو عناوين.",
)

SAFETY_POINTS = [
    tr("Very unsafe", "Muy inseguro/a", "غير آمن إطلاقًا"),
    tr("Unsafe", "Inseguro/a", "غير آمن"),
    tr("Neither safe nor unsafe", "Ni seguro/a ni inseguro/a", "لا آمن ولا غير آمن"),
    tr("Safe", "Seguro/a", "آمن"),
    tr("Very safe", "Muy seguro/a", "آمن جدًا"),
]
IMPORTANCE_POINTS = [
    tr("Not important at all", "Nada importante", "غير مهم إطلاقًا"),
    tr("Slightly important", "Poco importante", "قليل الأهمية"),
    tr("Moderately important", "Algo importante", "مهم إلى حد ما"),
    tr("Very important", "Muy importante", "مهم جدًا"),
    tr("Extremely important", "Sumamente importante", "مهم للغاية"),
]
IMPORTANCE = {"scale": 5, "point_labels": IMPORTANCE_POINTS, "dont_know": True}

DISTRICTS = [
    choice("old_town", "Old Town (downtown)", "Old Town (centro)", "أولد تاون (وسط المدينة)"),
    choice("northgate", "Northgate", "Northgate", "نورثغيت"),
    choice("eastbank", "Eastbank", "Eastbank", "إيستبانك"),
    choice("mill_creek", "Mill Creek", "Mill Creek", "ميل كريك"),
    choice("southport", "Southport", "Southport", "ساوثبورت"),
    choice("westfield", "Westfield", "Westfield", "ويستفيلد"),
]


def _likert(key: str, label: dict[str, str], settings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"key": key, "type": "likert", "label": label, "settings": dict(settings), **extra}


DEFINITION: dict[str, Any] = {
    "slug": SLUG,
    "status": "open",
    "default_locale": "en",
    "locales": list(LOCALES),
    "response_policy": "open",
    "title": tr(
        "Riverton Community Responders: tell us what you need",
        "Equipos de respuesta comunitaria de Riverton: díganos lo que necesita",
        "فرق الاستجابة المجتمعية في ريفرتون: أخبرنا بما تحتاج إليه",
    ),
    "intro": tr(
        "Riverton is planning a new way to answer some 911 calls. For calls about a mental-health crisis, "
        "homelessness, drinking or drug use, a welfare check or a noise complaint, the city could send a team "
        "of trained helpers, like counselors, medics and peer workers, instead of police. We want to hear from "
        "you before we decide how it works. This survey takes about 10 minutes. You can skip any question "
        "that is not marked as required.",
        "Riverton está planeando una nueva forma de responder a algunas llamadas al 911. En llamadas por una "
        "crisis de salud mental, personas sin hogar, consumo de alcohol o drogas, una visita para comprobar "
        "que alguien está bien o una queja por ruido, la ciudad podría enviar un equipo de personas "
        "capacitadas, como consejeros, paramédicos y especialistas de apoyo entre pares, en lugar de la "
        "policía. Queremos escucharle antes de decidir cómo funcionará. Esta encuesta toma unos 10 minutos. "
        "Puede saltar cualquier pregunta que no esté marcada como obligatoria.",
        "تخطط مدينة ريفرتون لطريقة جديدة للرد على بعض مكالمات الطوارئ 911. ففي المكالمات المتعلقة بأزمة "
        "نفسية، أو بأشخاص بلا مأوى، أو بتعاطي الكحول أو المخدرات، أو بالاطمئنان على سلامة شخص ما، أو بشكوى "
        "من الضوضاء، يمكن للمدينة أن ترسل فريقًا من المختصين المدرَّبين، مثل المرشدين النفسيين والمسعفين "
        "وأشخاص مرّوا بتجارب مماثلة، بدلًا من الشرطة. نريد أن نسمع رأيك قبل أن نقرر كيف سيعمل البرنامج. "
        "يستغرق هذا الاستبيان نحو 10 دقائق، ويمكنك تخطي أي سؤال غير مُعلَّم بأنه إلزامي.",
    ),
    "privacy_notice": tr(
        "What we keep: your answers, the language you used and the time you sent them. We do not ask for "
        "your name and we do not store your IP address. Please do not write your name, phone number or "
        "address in the text boxes. How we share results: we publish only totals for groups of people. "
        "When a group is too small to keep people anonymous, we hide its numbers. Before we quote anything "
        "you write, we remove names and other personal details.",
        "Lo que guardamos: sus respuestas, el idioma que usó y la hora en que las envió. No le pedimos su "
        "nombre y no guardamos su dirección IP. Por favor, no escriba su nombre, teléfono ni dirección en los "
        "cuadros de texto. Cómo compartimos los resultados: solo publicamos totales por grupos de personas. "
        "Cuando un grupo es demasiado pequeño para proteger el anonimato, ocultamos sus números. Antes de "
        "citar algo que usted escribió, quitamos los nombres y otros datos personales.",
        "ما نحتفظ به: إجاباتك، واللغة التي استخدمتها، ووقت إرسالها. لا نطلب اسمك ولا نحفظ عنوان IP الخاص "
        "بك. يُرجى عدم كتابة اسمك أو رقم هاتفك أو عنوانك في مربعات النص. كيف ننشر النتائج: ننشر المجاميع "
        "فقط لمجموعات من الناس، وعندما تكون المجموعة أصغر من أن تحفظ سرية هوية أفرادها نُخفي أرقامها. وقبل "
        "أن نقتبس أي شيء كتبته، نحذف منه الأسماء وغيرها من البيانات الشخصية.",
    ),
    "thank_you": tr(
        "Thank you! Your answers will help Riverton decide how the new responder program works. We will "
        "publish what we heard on this website this spring, and there will be more chances to take part.",
        "¡Gracias! Sus respuestas ayudarán a Riverton a decidir cómo funcionará el nuevo programa de "
        "respuesta. Publicaremos lo que escuchamos en este sitio web esta primavera, y habrá más "
        "oportunidades de participar.",
        "شكرًا لك! ستساعد إجاباتك مدينة ريفرتون على تحديد طريقة عمل برنامج الاستجابة الجديد. سننشر ما "
        "سمعناه على هذا الموقع في الربيع، وستكون هناك فرص أخرى للمشاركة.",
    ),
    "sections": [
        {
            "title": tr("Calling 911 today", "Llamar al 911 hoy", "الاتصال بالرقم 911 اليوم"),
            "intro": tr(
                "These questions are about your own experience. You can skip any of them.",
                "Estas preguntas son sobre su propia experiencia. Puede saltar cualquiera de ellas.",
                "تتعلق هذه الأسئلة بتجربتك الشخصية، ويمكنك تخطي أي منها.",
            ),
            "questions": [
                {
                    "key": "safe_calling_911",
                    "type": "likert",
                    "label": tr(
                        "How safe do you feel calling 911 for help today?",
                        "¿Qué tan seguro/a se siente hoy al llamar al 911 para pedir ayuda?",
                        "ما مدى شعورك بالأمان عند الاتصال بالرقم 911 لطلب المساعدة اليوم؟",
                    ),
                    "help": tr(
                        "Think about a time you might need help for yourself, your family or a neighbor.",
                        "Piense en una situación en la que podría necesitar ayuda para usted, su familia o un vecino.",
                        "فكّر في موقف قد تحتاج فيه إلى مساعدة لنفسك أو لعائلتك أو لأحد جيرانك.",
                    ),
                    "settings": {"scale": 5, "point_labels": SAFETY_POINTS, "dont_know": True},
                },
                {
                    "key": "why_unsafe",
                    "type": "long_text",
                    "label": tr(
                        "What makes you feel unsafe calling 911?",
                        "¿Qué le hace sentir inseguro/a al llamar al 911?",
                        "ما الذي يجعلك تشعر بعدم الأمان عند الاتصال بالرقم 911؟",
                    ),
                    "help": NO_PERSONAL,
                    "settings": {"max_length": 2000},
                    "condition": {"question": "safe_calling_911", "op": "any_of", "value": [1, 2]},
                },
                {
                    "key": "calls_past_year",
                    "type": "number",
                    "label": tr(
                        "In the past 12 months, about how many times did you or someone in your household call 911?",
                        "En los últimos 12 meses, ¿cuántas veces, más o menos, usted o alguien de su hogar llamó al 911?",
                        "خلال الأشهر الاثني عشر الماضية، كم مرة تقريبًا اتصلت أنت أو أحد أفراد أسرتك بالرقم 911؟",
                    ),
                    "help": tr(
                        "Enter a number. Write 0 if nobody called.",
                        "Escriba un número. Escriba 0 si nadie llamó.",
                        "اكتب رقمًا. اكتب 0 إذا لم يتصل أحد.",
                    ),
                    "settings": {"min": 0, "max": 365, "integer": True},
                },
                {
                    "key": "crisis_experience",
                    "type": "yes_no",
                    "label": tr(
                        "Have you or someone close to you had a mental-health crisis in the past few years?",
                        "¿Usted o alguien cercano ha tenido una crisis de salud mental en los últimos años?",
                        "هل مررت أنت أو أحد المقربين منك بأزمة نفسية خلال السنوات القليلة الماضية؟",
                    ),
                },
                {
                    "key": "crisis_who_came",
                    "type": "multiple_choice",
                    "label": tr(
                        "The last time, who came to help?",
                        "La última vez, ¿quién vino a ayudar?",
                        "في المرة الأخيرة، مَن جاء للمساعدة؟",
                    ),
                    "help": CHOOSE_ALL,
                    "settings": {"allow_other": True},
                    "condition": {"question": "crisis_experience", "op": "equals", "value": "yes"},
                    "choices": [
                        choice("police", "Police", "La policía", "الشرطة"),
                        choice("ambulance", "An ambulance or paramedics", "Una ambulancia o paramédicos",
                               "سيارة إسعاف أو مسعفون"),
                        choice("fire", "Firefighters", "Los bomberos", "رجال الإطفاء"),
                        choice("crisis_team", "A mobile crisis team", "Un equipo móvil de crisis",
                               "فريق متنقل للتدخل في الأزمات"),
                        choice("family_friends", "Family, friends or neighbors", "Familiares, amigos o vecinos",
                               "العائلة أو الأصدقاء أو الجيران"),
                        choice("nobody", "Nobody came", "No vino nadie", "لم يأتِ أحد"),
                    ],
                },
            ],
        },
        {
            "title": tr("The calls and the team", "Las llamadas y el equipo", "المكالمات والفريق"),
            "intro": tr(
                "Most 911 calls in Riverton are not about violence or a danger to life. The new team would "
                "answer some of them instead of police.",
                "La mayoría de las llamadas al 911 en Riverton no tienen que ver con violencia ni con un peligro "
                "para la vida. El nuevo equipo atendería algunas de ellas en lugar de la policía.",
                "معظم مكالمات 911 في ريفرتون لا تتعلق بالعنف أو بخطر على الحياة. وسيتولى الفريق الجديد الرد "
                "على بعض هذه المكالمات بدلًا من الشرطة.",
            ),
            "questions": [
                {
                    "key": "call_categories",
                    "type": "multiple_choice",
                    "required": True,
                    "label": tr(
                        "Which kinds of calls should the new team answer?",
                        "¿Qué tipos de llamadas debería atender el nuevo equipo?",
                        "ما أنواع المكالمات التي يجب أن يتولاها الفريق الجديد؟",
                    ),
                    "help": tr("Choose up to 5.", "Elija hasta 5.", "اختر حتى 5 خيارات."),
                    "settings": {"allow_other": True, "max_choices": 5},
                    "choices": [
                        choice("mental_health", "Someone in a mental-health crisis",
                               "Una persona en crisis de salud mental", "شخص يمر بأزمة نفسية"),
                        choice("homelessness", "People experiencing homelessness", "Personas sin hogar",
                               "أشخاص بلا مأوى"),
                        choice("substance_use", "Someone drunk or high, or other alcohol and drug use",
                               "Personas ebrias o drogadas, u otro consumo de alcohol y drogas",
                               "السُّكر وتعاطي الكحول أو المخدرات"),
                        choice("welfare_check", "Welfare checks (making sure someone is OK)",
                               "Visitas para comprobar que alguien está bien", "الاطمئنان على سلامة شخص ما"),
                        choice("quality_of_life", "Noise and other quality-of-life complaints",
                               "Ruido y otras quejas de convivencia",
                               "الضوضاء وغيرها من الشكاوى المتعلقة بجودة الحياة"),
                        choice("suspicious_person", "“Suspicious person” or “suspicious vehicle” calls",
                               "Llamadas por una «persona sospechosa» o un «vehículo sospechoso»",
                               "بلاغات عن «شخص مشبوه» أو «مركبة مشبوهة»"),
                        choice("neighbor_disputes", "Disputes between neighbors (community mediation)",
                               "Conflictos entre vecinos (mediación comunitaria)",
                               "الخلافات بين الجيران (الوساطة المجتمعية)"),
                    ],
                },
                {
                    "key": "team_skills",
                    "type": "multiple_choice",
                    "required": True,
                    "label": tr(
                        "Who should be on the team?",
                        "¿Quiénes deberían formar parte del equipo?",
                        "مَن يجب أن يكون ضمن الفريق؟",
                    ),
                    "help": CHOOSE_ALL,
                    "choices": [
                        choice("clinicians", "Mental-health clinicians, like counselors",
                               "Profesionales de salud mental, como consejeros",
                               "أخصائيو الصحة النفسية، مثل المرشدين النفسيين"),
                        choice("social_workers", "Social workers", "Trabajadores sociales", "أخصائيون اجتماعيون"),
                        choice("emts", "EMTs or paramedics", "Técnicos en emergencias médicas o paramédicos",
                               "فنيو الطوارئ الطبية أو المسعفون"),
                        choice("peer_specialists",
                               "Peer support specialists: people who have lived through similar struggles",
                               "Especialistas de apoyo entre pares: personas que han vivido dificultades parecidas",
                               "أخصائيو دعم الأقران: أشخاص مرّوا بظروف مشابهة"),
                        choice("mediators", "Community mediators", "Mediadores comunitarios", "وسطاء مجتمعيون"),
                    ],
                },
                {
                    "key": "responder_qualities",
                    "type": "long_text",
                    "label": tr(
                        "What do you want in a responder who comes to help you or someone you love?",
                        "¿Qué espera de la persona del equipo que venga a ayudarle a usted o a un ser querido?",
                        "ما الذي تريده في المستجيب الذي يأتي لمساعدتك أو لمساعدة شخص تحبه؟",
                    ),
                    "help": tr(
                        "For example: how they act, what they know, which languages they speak.",
                        "Por ejemplo: cómo se comporta, qué sabe, qué idiomas habla.",
                        "مثلًا: طريقة تعامله، وما يعرفه، واللغات التي يتحدث بها.",
                    ),
                    "settings": {"max_length": 2000},
                },
            ],
        },
        {
            "title": tr("Who runs the program", "Quién dirige el programa", "مَن يدير البرنامج"),
            "intro": tr(
                "The city can hire its own staff for the team, or pay an outside organization to do the work.",
                "La ciudad puede contratar a su propio personal para el equipo o pagarle a una organización "
                "externa para que haga el trabajo.",
                "يمكن للمدينة أن توظف أفراد الفريق بنفسها، أو أن تتعاقد مع منظمة خارجية للقيام بهذا العمل.",
            ),
            "questions": [
                {
                    "key": "run_by",
                    "type": "single_choice",
                    "required": True,
                    "label": tr(
                        "Who should employ the responders?",
                        "¿Quién debería contratar a las personas del equipo?",
                        "مَن يجب أن يوظّف أفراد فريق الاستجابة؟",
                    ),
                    "choices": [
                        choice("city_staff", "The city, as city staff", "La ciudad, como personal municipal",
                               "المدينة، بصفتهم موظفين في البلدية"),
                        choice("outside_contract", "An outside organization with a contract from the city",
                               "Una organización externa con un contrato de la ciudad",
                               "منظمة خارجية بموجب عقد مع المدينة"),
                        choice("mix", "A mix of both", "Una combinación de ambas", "مزيج من الاثنين"),
                        choice("not_sure", "Not sure", "No estoy seguro/a", "لستُ متأكدًا"),
                    ],
                },
                _likert("importance_job_quality", tr(
                    "Good jobs for responders: fair pay, benefits and a union",
                    "Buenos empleos para el equipo: salario justo, prestaciones y sindicato",
                    "وظائف جيدة للمستجيبين: أجر عادل ومزايا ونقابة",
                ), IMPORTANCE, help=HOW_MUCH),
                _likert("importance_speed", tr(
                    "Starting the program quickly",
                    "Poner en marcha el programa rápidamente",
                    "إطلاق البرنامج بسرعة",
                ), IMPORTANCE, help=HOW_MUCH),
                _likert("importance_trust", tr(
                    "A program that people in my neighborhood trust",
                    "Un programa en el que confíe la gente de mi barrio",
                    "برنامج يثق به سكان حيّي",
                ), IMPORTANCE, help=HOW_MUCH),
                _likert("importance_lived_experience", tr(
                    "Hiring people with lived experience of mental illness, addiction, homelessness or prison",
                    "Contratar a personas que han vivido una enfermedad mental, una adicción, la falta de "
                    "vivienda o la cárcel",
                    "توظيف أشخاص مرّوا بتجربة المرض النفسي أو الإدمان أو التشرد أو السجن",
                ), IMPORTANCE, help=HOW_MUCH),
                {
                    "key": "department",
                    "type": "single_choice",
                    "label": tr(
                        "Which part of city government should run the program?",
                        "¿Qué parte del gobierno de la ciudad debería dirigir el programa?",
                        "أيّ جهة في حكومة المدينة يجب أن تدير البرنامج؟",
                    ),
                    "help": tr(
                        "Some cities keep the program apart from police so people trust that it is not law enforcement.",
                        "Algunas ciudades mantienen el programa separado de la policía para que la gente confíe "
                        "en que no forma parte de las fuerzas del orden.",
                        "تُبقي بعض المدن البرنامج منفصلًا عن الشرطة حتى يثق الناس بأنه ليس جزءًا من جهات إنفاذ القانون.",
                    ),
                    "settings": {"allow_other": True},
                    "choices": [
                        choice("health", "The health department", "El departamento de salud", "إدارة الصحة"),
                        choice("fire_ems", "Fire and EMS", "Bomberos y servicios médicos de emergencia",
                               "إدارة الإطفاء والإسعاف"),
                        choice("new_department", "A new stand-alone department", "Un departamento nuevo e independiente",
                               "إدارة جديدة مستقلة"),
                        choice("police", "The police department", "El departamento de policía", "إدارة الشرطة"),
                        choice("community_org", "A community organization", "Una organización comunitaria",
                               "منظمة مجتمعية"),
                    ],
                },
            ],
        },
        {
            "title": tr("Where and when to start", "Dónde y cuándo empezar", "أين ومتى نبدأ"),
            "intro": tr(
                "The program will start small, as a pilot, and grow if it works.",
                "El programa empezará en pequeño, como programa piloto, y crecerá si funciona.",
                "سيبدأ البرنامج على نطاق صغير كمرحلة تجريبية، ثم يتوسع إذا نجح.",
            ),
            "questions": [
                {
                    "key": "pilot_area",
                    "type": "single_choice",
                    "label": tr(
                        "Where should the pilot start?",
                        "¿Dónde debería empezar el programa piloto?",
                        "أين يجب أن تبدأ المرحلة التجريبية؟",
                    ),
                    "choices": DISTRICTS + [
                        choice("citywide", "The whole city at once", "Toda la ciudad a la vez",
                               "المدينة كلها دفعة واحدة"),
                    ],
                },
                {
                    "key": "pilot_hours",
                    "type": "single_choice",
                    "required": True,
                    "label": tr(
                        "When should the team work during the pilot?",
                        "¿En qué horario debería trabajar el equipo durante el programa piloto?",
                        "في أي أوقات يجب أن يعمل الفريق خلال المرحلة التجريبية؟",
                    ),
                    "help": tr(
                        "Most of the calls the team would take come in between noon and midnight.",
                        "La mayoría de las llamadas que atendería el equipo llegan entre el mediodía y la medianoche.",
                        "تصل معظم المكالمات التي سيتولاها الفريق بين الظهر ومنتصف الليل.",
                    ),
                    "choices": [
                        choice("around_the_clock", "24 hours a day, 7 days a week, from day one",
                               "Las 24 horas, los 7 días de la semana, desde el primer día",
                               "على مدار الساعة طوال أيام الأسبوع منذ اليوم الأول"),
                        choice("busiest_shift", "The busiest hours first, then add more",
                               "Primero en las horas con más llamadas y después ampliar",
                               "ساعات الذروة أولًا، ثم تُضاف ساعات أخرى"),
                        choice("weekday_daytime", "Weekdays during the day", "Entre semana, durante el día",
                               "أيام العمل الأسبوعية خلال النهار"),
                    ],
                },
            ],
        },
        {
            "title": tr("Help after the first visit", "Ayuda después de la primera visita", "المساعدة بعد الزيارة الأولى"),
            "intro": tr(
                "A crisis often does not end when the team leaves. Follow-up means someone checks in later and "
                "helps with next steps, like treatment, housing or benefits.",
                "Muchas veces una crisis no termina cuando el equipo se va. El seguimiento significa que alguien "
                "vuelve a comunicarse después y ayuda con los siguientes pasos, como tratamiento, vivienda o "
                "beneficios.",
                "كثيرًا ما لا تنتهي الأزمة بمغادرة الفريق. والمتابعة تعني أن يتواصل أحدهم لاحقًا ويساعد في "
                "الخطوات التالية، مثل العلاج أو السكن أو الحصول على المساعدات.",
            ),
            "questions": [
                {
                    "key": "follow_up_wanted",
                    "type": "yes_no",
                    "required": True,
                    "label": tr(
                        "Should the program follow up with people after the first visit?",
                        "¿Debería el programa dar seguimiento a las personas después de la primera visita?",
                        "هل يجب أن يتابع البرنامج أحوال الأشخاص بعد الزيارة الأولى؟",
                    ),
                },
                _likert("follow_up_importance", tr(
                    "How important is it that the program helps people get longer-term care (case management)?",
                    "¿Qué tan importante es que el programa ayude a las personas a recibir atención a largo "
                    "plazo (gestión de casos)?",
                    "ما مدى أهمية أن يساعد البرنامجُ الناسَ على الحصول على رعاية طويلة الأمد (إدارة الحالات)؟",
                ), IMPORTANCE),
            ],
        },
        {
            "title": tr("How follow-up should work", "Cómo debería funcionar el seguimiento", "كيف يجب أن تتم المتابعة"),
            "intro": tr(
                "You said the program should follow up. Tell us how.",
                "Usted dijo que el programa debería dar seguimiento. Díganos cómo.",
                "ذكرتَ أن البرنامج يجب أن يتابع أحوال الناس. أخبرنا كيف.",
            ),
            "condition": {"question": "follow_up_wanted", "op": "equals", "value": "yes"},
            "questions": [
                {
                    "key": "follow_up_by",
                    "type": "single_choice",
                    "label": tr(
                        "Who should do the follow-up?",
                        "¿Quién debería hacer el seguimiento?",
                        "مَن يجب أن يتولى المتابعة؟",
                    ),
                    "choices": [
                        choice("same_team", "The same team that came", "El mismo equipo que vino",
                               "الفريق نفسه الذي حضر"),
                        choice("case_manager", "A case manager in the program", "Un gestor de casos del programa",
                               "مدير حالة تابع للبرنامج"),
                        choice("community_org", "A local community organization", "Una organización comunitaria local",
                               "منظمة مجتمعية محلية"),
                        choice("clinic", "A health clinic", "Una clínica de salud", "عيادة صحية"),
                    ],
                },
                {
                    "key": "follow_up_within",
                    "type": "single_choice",
                    "label": tr(
                        "How soon should the first follow-up happen?",
                        "¿Qué tan pronto debería hacerse el primer seguimiento?",
                        "متى يجب أن تتم المتابعة الأولى؟",
                    ),
                    "choices": [
                        choice("within_a_day", "Within a day", "En menos de un día", "خلال يوم واحد"),
                        choice("within_3_days", "Within 3 days", "En menos de 3 días", "خلال 3 أيام"),
                        choice("within_a_week", "Within a week", "En menos de una semana", "خلال أسبوع"),
                    ],
                },
            ],
        },
        {
            "title": tr(
                "Measuring results and staying involved",
                "Medir los resultados y seguir participando",
                "قياس النتائج والاستمرار في المشاركة",
            ),
            "questions": [
                {
                    "key": "evaluation_metrics",
                    "type": "ranking",
                    "label": tr(
                        "How should Riverton judge whether the program works? Rank your top 3.",
                        "¿Cómo debería Riverton juzgar si el programa funciona? Ordene sus 3 opciones principales.",
                        "كيف يجب أن تحكم ريفرتون على نجاح البرنامج؟ رتّب أهم 3 خيارات لديك.",
                    ),
                    "help": tr(
                        "Put first what matters most to you.",
                        "Ponga primero lo que más le importa.",
                        "ضع أولًا ما يهمك أكثر من غيره.",
                    ),
                    "settings": {"rank_count": 3},
                    "choices": [
                        choice("calls_answered", "Number of calls the team answers",
                               "Número de llamadas que atiende el equipo", "عدد المكالمات التي يرد عليها الفريق"),
                        choice("response_time", "How fast the team arrives", "Qué tan rápido llega el equipo",
                               "سرعة وصول الفريق"),
                        choice("calls_diverted", "Calls handled without police", "Llamadas atendidas sin la policía",
                               "المكالمات التي عولجت دون تدخل الشرطة"),
                        choice("satisfaction", "How satisfied the people who got help are",
                               "Qué tan satisfechas quedan las personas atendidas",
                               "مدى رضا الأشخاص الذين تلقوا المساعدة"),
                        choice("cost_per_call", "Cost per call", "Costo por llamada", "تكلفة المكالمة الواحدة"),
                        choice("repeat_crises_avoided", "Fewer repeat crises for the same person",
                               "Menos crisis repetidas para la misma persona",
                               "تراجع تكرار الأزمات لدى الشخص نفسه"),
                    ],
                },
                {
                    "key": "involvement",
                    "type": "multiple_choice",
                    "label": tr(
                        "How should residents stay involved after the program starts?",
                        "¿Cómo deberían seguir participando los residentes después de que empiece el programa?",
                        "كيف يجب أن يستمر السكان في المشاركة بعد انطلاق البرنامج؟",
                    ),
                    "help": CHOOSE_ALL,
                    "choices": [
                        choice("advisory_board", "A community advisory board with residents and people who used the service",
                               "Un consejo asesor comunitario con residentes y personas que usaron el servicio",
                               "مجلس استشاري مجتمعي يضم سكانًا وأشخاصًا استفادوا من الخدمة"),
                        choice("public_dashboard", "A public online dashboard with the program's numbers",
                               "Un tablero público en internet con las cifras del programa",
                               "لوحة بيانات عامة على الإنترنت تعرض أرقام البرنامج"),
                        choice("listening_sessions", "Listening sessions in each neighborhood",
                               "Reuniones de escucha en cada barrio", "جلسات استماع في كل حي"),
                        choice("yearly_survey", "A survey like this one every year", "Una encuesta como esta cada año",
                               "استبيان مثل هذا كل عام"),
                        choice("hiring_panels", "Residents on the panels that hire responders",
                               "Residentes en los comités que contratan al equipo",
                               "مشاركة السكان في لجان توظيف المستجيبين"),
                    ],
                },
                {
                    "key": "anything_else",
                    "type": "short_text",
                    "label": tr(
                        "Anything else? Tell us in one line.",
                        "¿Algo más? Díganoslo en una línea.",
                        "هل لديك ما تضيفه؟ أخبرنا في سطر واحد.",
                    ),
                    "help": NO_PERSONAL,
                    "settings": {"max_length": 300},
                },
            ],
        },
        {
            "title": tr("About you", "Sobre usted", "معلومات عنك"),
            "intro": tr(
                "These questions help us see who took part and who we still need to hear from. "
                "Every question is optional.",
                "Estas preguntas nos ayudan a ver quién participó y a quién todavía necesitamos escuchar. "
                "Todas las preguntas son opcionales.",
                "تساعدنا هذه الأسئلة على معرفة مَن شارك ومَن لا نزال بحاجة إلى سماع رأيه. جميع الأسئلة اختيارية.",
            ),
            "questions": [
                {
                    "key": "district",
                    "type": "demographic",
                    "label": tr(
                        "Which part of Riverton do you live in, or spend the most time in?",
                        "¿En qué parte de Riverton vive o pasa más tiempo?",
                        "في أي منطقة من ريفرتون تسكن أو تقضي معظم وقتك؟",
                    ),
                    "settings": {"segment": "district"},
                    "choices": DISTRICTS,
                },
                {
                    "key": "age_band",
                    "type": "demographic",
                    "label": tr("How old are you?", "¿Cuántos años tiene?", "كم عمرك؟"),
                    "settings": {"segment": "age_band"},
                    "choices": [
                        choice("under_18", "Under 18", "Menos de 18", "أقل من 18"),
                        choice("age_18_24", "18 to 24", "De 18 a 24", "من 18 إلى 24"),
                        choice("age_25_34", "25 to 34", "De 25 a 34", "من 25 إلى 34"),
                        choice("age_35_44", "35 to 44", "De 35 a 44", "من 35 إلى 44"),
                        choice("age_45_54", "45 to 54", "De 45 a 54", "من 45 إلى 54"),
                        choice("age_55_64", "55 to 64", "De 55 a 64", "من 55 إلى 64"),
                        choice("age_65_plus", "65 or older", "65 o más", "65 أو أكثر"),
                    ],
                },
                {
                    "key": "home_language",
                    "type": "demographic",
                    "label": tr(
                        "Which language do you speak most at home?",
                        "¿Qué idioma habla más en casa?",
                        "ما اللغة التي تتحدثها أكثر من غيرها في المنزل؟",
                    ),
                    "settings": {"segment": "home_language"},
                    "choices": [
                        choice("english", "English", "Inglés", "الإنجليزية"),
                        choice("spanish", "Spanish", "Español", "الإسبانية"),
                        choice("arabic", "Arabic", "Árabe", "العربية"),
                        choice("vietnamese", "Vietnamese", "Vietnamita", "الفيتنامية"),
                        choice("other_language", "Another language", "Otro idioma", "لغة أخرى"),
                    ],
                },
                {
                    "key": "race_ethnicity",
                    "type": "demographic",
                    "label": tr(
                        "Which best describes your race or ethnicity?",
                        "¿Qué describe mejor su raza u origen étnico?",
                        "ما الخيار الذي يصف عرقك أو أصلك على أفضل نحو؟",
                    ),
                    "help": tr(
                        "Choose the one that fits best. If more than one fits, choose “More than one”.",
                        "Elija la opción que mejor le describa. Si le describe más de una, elija «Más de una».",
                        "اختر الخيار الأنسب لك. وإذا انطبق عليك أكثر من خيار، فاختر «أكثر من عرق أو أصل».",
                    ),
                    "settings": {"segment": "race_ethnicity"},
                    "choices": [
                        choice("american_indian", "American Indian or Alaska Native",
                               "Indígena de las Américas o nativo/a de Alaska",
                               "من السكان الأصليين لأمريكا أو ألاسكا"),
                        choice("asian", "Asian", "Asiático/a", "آسيوي"),
                        choice("black", "Black or African American", "Negro/a o afroamericano/a",
                               "أسود أو أمريكي من أصل أفريقي"),
                        choice("hispanic_latino", "Hispanic or Latino", "Hispano/a o latino/a",
                               "من أصل إسباني أو لاتيني"),
                        choice("mena", "Middle Eastern or North African", "De Oriente Medio o del norte de África",
                               "من الشرق الأوسط أو شمال أفريقيا"),
                        choice("pacific_islander", "Native Hawaiian or Pacific Islander",
                               "Nativo/a de Hawái o de otras islas del Pacífico",
                               "من سكان هاواي الأصليين أو جزر المحيط الهادئ"),
                        choice("white", "White", "Blanco/a", "أبيض"),
                        choice("multiple", "More than one", "Más de una", "أكثر من عرق أو أصل"),
                        choice("another", "Another race or ethnicity", "Otra raza u origen étnico", "عرق أو أصل آخر"),
                    ],
                },
                {
                    "key": "housing",
                    "type": "demographic",
                    "label": tr(
                        "What is your housing situation right now?",
                        "¿Cuál es su situación de vivienda en este momento?",
                        "ما وضعك السكني حاليًا؟",
                    ),
                    "settings": {"segment": "housing"},
                    "choices": [
                        choice("own", "I own my home", "Soy dueño/a de mi vivienda", "أملك مسكني"),
                        choice("rent", "I rent", "Alquilo", "أستأجر مسكني"),
                        choice("with_others", "I am staying with family or friends",
                               "Me estoy quedando con familiares o amigos", "أقيم مؤقتًا لدى عائلة أو أصدقاء"),
                        choice("shelter", "I am staying in a shelter", "Me estoy quedando en un albergue",
                               "أقيم في مأوى"),
                        choice("unhoused", "I am currently unhoused (no place to stay)",
                               "Actualmente no tengo vivienda (no tengo dónde quedarme)",
                               "ليس لدي مسكن حاليًا (لا مكان أبيت فيه)"),
                    ],
                },
            ],
        },
    ],
}
