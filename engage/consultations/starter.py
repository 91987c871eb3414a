"""Ready-made consultation templates an organizer copies and adapts.

The community responder template covers every design question in the policy guide, plus the two
baselines it asks for first (today's calls, and what a responder program is and is not). Written
in English, Spanish and Arabic at a 6th-8th grade reading level: short sentences, everyday words.
Option codes match the choice codes of the demo survey, so tallies and answers line up.
"""
from __future__ import annotations

from typing import Any


def t(en: str, es: str, ar: str) -> dict[str, str]:
    return {"en": en, "es": es, "ar": ar}


def option(code: str, label: dict[str, str], tradeoffs: dict[str, str]) -> dict[str, Any]:
    return {"code": code, "label": label, "tradeoffs": tradeoffs}


COMMUNITY_RESPONDERS: dict[str, Any] = {
    "key": "community-responders",
    "name": t("Community responder program", "Programa de respuesta comunitaria", "برنامج الاستجابة المجتمعية"),
    "title": t(
        "Planning our community responder program",
        "Planeamos nuestro programa de respuesta comunitaria",
        "نخطط معًا لبرنامج الاستجابة المجتمعية",
    ),
    "intro": t(
        "The city wants to send trained, unarmed helpers to some 911 calls instead of police. Before we "
        "decide how this works, we want to hear from you. Each topic below explains one choice in plain "
        "words, with the good and hard parts of each option. Then you can answer the questions about it.",
        "La ciudad quiere enviar a personas capacitadas y sin armas a algunas llamadas al 911 en lugar de "
        "la policía. Antes de decidir cómo funcionará, queremos escucharle. Cada tema explica una decisión "
        "con palabras sencillas, con lo bueno y lo difícil de cada opción. Después puede responder las "
        "preguntas sobre ese tema.",
        "تريد المدينة أن ترسل أشخاصًا مدرَّبين وغير مسلحين إلى بعض مكالمات 911 بدلًا من الشرطة. وقبل أن "
        "نقرر كيف سيعمل ذلك، نريد أن نسمع رأيك. يشرح كل موضوع أدناه قرارًا واحدًا بكلمات بسيطة، مع "
        "الجوانب الجيدة والصعبة لكل خيار. بعد ذلك يمكنك الإجابة عن الأسئلة المتعلقة به.",
    ),
    "card_question_key": "anything_else",
    "topics": [
        {
            "key": "calls_today",
            "minutes": 10,
            "title": t("What calls the city gets today", "Qué llamadas recibe hoy la ciudad", "ما المكالمات التي تتلقاها المدينة اليوم"),
            "briefing": t(
                "Every year, people in our city call 911 many thousands of times. Most of these calls are not "
                "about a crime or a danger to life. Many are about someone in a mental-health crisis, someone "
                "without a home, someone who has had too much to drink, or a neighbor who needs a check-in. "
                "Today, police answer most of these calls, even when they are not the right people to help. "
                "We will share the numbers for our city at the meeting. We also want to know what happened "
                "when you or people you know called for help.",
                "Cada año, la gente de nuestra ciudad llama al 911 miles de veces. La mayoría de estas llamadas "
                "no son por un delito ni por un peligro para la vida. Muchas son por una persona en crisis de "
                "salud mental, una persona sin hogar, alguien que bebió demasiado o un vecino que necesita que "
                "alguien lo visite. Hoy la policía atiende casi todas estas llamadas, aunque no sea la mejor "
                "ayuda. En la reunión compartiremos los números de nuestra ciudad. También queremos saber qué "
                "pasó cuando usted o alguien que conoce pidió ayuda.",
                "يتصل الناس في مدينتنا بالرقم 911 آلاف المرات كل عام. ومعظم هذه المكالمات لا تتعلق بجريمة أو "
                "بخطر على الحياة. فكثير منها يخص شخصًا يمر بأزمة نفسية، أو شخصًا بلا مأوى، أو شخصًا أفرط في "
                "الشرب، أو جارًا يحتاج إلى من يطمئن عليه. واليوم تتولى الشرطة معظم هذه المكالمات، حتى عندما "
                "لا تكون الجهة الأنسب للمساعدة. سنعرض أرقام مدينتنا في اللقاء، ونريد أيضًا أن نعرف ماذا حدث "
                "عندما طلبت أنت أو أحد معارفك المساعدة.",
            ),
            "options": [],
            "question_keys": ["safe_calling_911", "why_unsafe", "calls_past_year", "crisis_experience", "crisis_who_came"],
        },
        {
            "key": "what_it_is",
            "minutes": 10,
            "title": t(
                "What a responder program is, and what it is not",
                "Qué es un programa de respuesta, y qué no es",
                "ما هو برنامج الاستجابة، وما الذي ليس هو",
            ),
            "briefing": t(
                "A community responder team is a group of trained helpers, such as counselors, medics and "
                "peer workers. They do not carry guns and they do not arrest people. When 911 gets a call "
                "about someone in crisis, the team can go instead of police. They calm things down, give "
                "care on the spot and connect people to services. It is not a police unit, and it does not "
                "replace ambulances or firefighters when someone's life is in danger. It also cannot fix "
                "everything alone: it works best when there are beds, clinics and housing to send people to.",
                "Un equipo de respuesta comunitaria es un grupo de personas capacitadas, como consejeros, "
                "paramédicos y especialistas de apoyo entre pares. No llevan armas y no arrestan a nadie. "
                "Cuando el 911 recibe una llamada por alguien en crisis, el equipo puede ir en lugar de la "
                "policía. Calman la situación, dan atención en el lugar y conectan a las personas con "
                "servicios. No es una unidad de policía, y no reemplaza a las ambulancias ni a los bomberos "
                "cuando hay peligro para la vida. Tampoco puede resolverlo todo solo: funciona mejor cuando "
                "hay camas, clínicas y vivienda adonde enviar a las personas.",
                "فريق الاستجابة المجتمعية مجموعة من المساعدين المدرَّبين، مثل المرشدين النفسيين والمسعفين "
                "وأشخاص مرّوا بتجارب مشابهة. لا يحملون أسلحة ولا يعتقلون أحدًا. وعندما يتلقى 911 مكالمة عن "
                "شخص في أزمة، يمكن أن يذهب الفريق بدلًا من الشرطة. فهم يهدّئون الموقف ويقدمون الرعاية في "
                "المكان ويوصلون الناس بالخدمات. وهو ليس وحدة تابعة للشرطة، ولا يحل محل الإسعاف أو الإطفاء "
                "عندما تكون حياة شخص في خطر. ولا يستطيع أن يحل كل شيء وحده: فهو يعمل بأفضل شكل عندما تتوفر "
                "أسرّة وعيادات ومساكن يمكن توجيه الناس إليها.",
            ),
            "options": [],
            "question_keys": ["responder_qualities"],
        },
        {
            "key": "call_categories",
            "minutes": 15,
            "title": t("Which calls the team should take", "Qué llamadas debe atender el equipo", "ما المكالمات التي يجب أن يتولاها الفريق"),
            "briefing": t(
                "Almost every program answers calls about mental-health crises. Many also take other kinds of "
                "calls. The more kinds of calls the team takes, the more people it can help, but it also needs "
                "more staff and money. Think about which calls you would want a helper, not an officer, to answer.",
                "Casi todos los programas atienden llamadas por crisis de salud mental. Muchos también atienden "
                "otros tipos de llamadas. Cuantos más tipos de llamadas atienda el equipo, a más personas podrá "
                "ayudar, pero también necesitará más personal y más dinero. Piense en qué llamadas preferiría "
                "que atendiera una persona de apoyo y no un policía.",
                "تتولى كل البرامج تقريبًا مكالمات الأزمات النفسية، ويتولى كثير منها أنواعًا أخرى أيضًا. "
                "وكلما زادت أنواع المكالمات التي يتولاها الفريق، زاد عدد من يستطيع مساعدتهم، لكنه يحتاج "
                "عندئذ إلى موظفين ومال أكثر. فكّر في المكالمات التي تفضّل أن يتولاها مساعد لا شرطي.",
            ),
            "options": [
                option("mental_health", t("Mental-health crisis", "Crisis de salud mental", "أزمة نفسية"), t(
                    "The most common choice. Trained counselors often calm things down better than officers.",
                    "La opción más común. Los consejeros capacitados suelen calmar la situación mejor que la policía.",
                    "الخيار الأكثر شيوعًا. غالبًا ما يهدّئ المرشدون المدرَّبون الموقف أفضل من الشرطة.")),
                option("homelessness", t("People without a home", "Personas sin hogar", "أشخاص بلا مأوى"), t(
                    "Helpers can offer shelter, food and services instead of a ticket. Works best when there are places to send people.",
                    "Pueden ofrecer refugio, comida y servicios en lugar de una multa. Funciona mejor si hay lugares adonde enviar a las personas.",
                    "يمكن للمساعدين تقديم مأوى وطعام وخدمات بدلًا من مخالفة. ويعمل ذلك أفضل عند وجود أماكن لتوجيه الناس إليها.")),
                option("substance_use", t("Drinking and drug use", "Consumo de alcohol y drogas", "تعاطي الكحول والمخدرات"), t(
                    "A medic can check if the person is safe. Some calls may still need an ambulance.",
                    "Un paramédico puede revisar si la persona está bien. Algunas llamadas aún pueden necesitar ambulancia.",
                    "يستطيع المسعف التأكد من سلامة الشخص. وقد تحتاج بعض المكالمات إلى سيارة إسعاف.")),
                option("welfare_check", t("Checking that someone is OK", "Ver si alguien está bien", "الاطمئنان على سلامة شخص ما"), t(
                    "Often an older person or someone living alone. A friendly visit can prevent a crisis.",
                    "Muchas veces es una persona mayor o que vive sola. Una visita amable puede evitar una crisis.",
                    "غالبًا ما يكون شخصًا مسنًّا أو يعيش وحده. وقد تمنع زيارة ودية حدوث أزمة.")),
                option("quality_of_life", t("Noise and other neighborhood complaints", "Ruido y otras quejas del barrio", "الضوضاء وغيرها من شكاوى الحي"), t(
                    "Many calls, low danger. Taking them frees up officers, but could stretch the team thin.",
                    "Muchas llamadas y poco peligro. Atenderlas libera a la policía, pero puede recargar al equipo.",
                    "مكالمات كثيرة وخطر قليل. توليها يخفف العبء عن الشرطة، لكنه قد يُثقل كاهل الفريق.")),
                option("suspicious_person", t("“Suspicious person” or vehicle", "“Persona” o vehículo “sospechoso”", "«شخص مشبوه» أو مركبة مشبوهة"), t(
                    "These calls are sometimes driven by bias. A helper may lower the risk of harm, but some people worry about safety.",
                    "A veces estas llamadas nacen de prejuicios. Un equipo de apoyo puede bajar el riesgo de daño, pero a algunas personas les preocupa la seguridad.",
                    "تنشأ هذه البلاغات أحيانًا عن التحيّز. قد يقلل المساعد خطر الأذى، لكن بعض الناس يقلقون بشأن السلامة.")),
                option("neighbor_disputes", t("Arguments between neighbors", "Conflictos entre vecinos", "الخلافات بين الجيران"), t(
                    "Trained mediators help people agree, so the same call does not come back next week.",
                    "Los mediadores ayudan a que las personas se pongan de acuerdo, para que la misma llamada no se repita.",
                    "يساعد الوسطاء المدرَّبون الناس على التفاهم، فلا تتكرر المكالمة نفسها في الأسبوع التالي.")),
            ],
            "question_keys": ["call_categories"],
        },
        {
            "key": "team_skills",
            "minutes": 10,
            "title": t("Who is on the team", "Quiénes forman el equipo", "مَن يكون ضمن الفريق"),
            "briefing": t(
                "Cities mix different skills on each team. Most teams have two people. The best teams hire "
                "for skills and life experience, not only for degrees, and reflect the people they serve.",
                "Las ciudades combinan distintas habilidades en cada equipo. La mayoría de los equipos tienen "
                "dos personas. Los mejores equipos contratan por habilidades y experiencia de vida, no solo "
                "por títulos, y se parecen a la gente a la que sirven.",
                "تجمع المدن مهارات مختلفة في كل فريق، ومعظم الفرق تتكون من شخصين. وأفضل الفرق تختار أفرادها "
                "بحسب المهارات وتجارب الحياة، لا بحسب الشهادات فقط، وتشبه الناس الذين تخدمهم.",
            ),
            "options": [
                option("clinicians", t("Mental-health counselors", "Consejeros de salud mental", "مرشدون نفسيون"), t(
                    "Know how to calm a crisis. Licensed clinicians are hard to hire and cost more.",
                    "Saben calmar una crisis. Es difícil contratarlos y cuestan más.",
                    "يعرفون كيف يهدّئون الأزمة. لكن توظيفهم صعب وتكلفتهم أعلى.")),
                option("social_workers", t("Social workers", "Trabajadores sociales", "أخصائيون اجتماعيون"), t(
                    "Good at connecting people to housing and benefits after the call.",
                    "Buenos para conectar a las personas con vivienda y ayudas después de la llamada.",
                    "بارعون في توصيل الناس بالسكن والمساعدات بعد المكالمة.")),
                option("emts", t("Medics (EMTs)", "Paramédicos (técnicos de emergencias)", "مسعفون (فنيو طوارئ طبية)"), t(
                    "Can treat wounds and check if someone needs a hospital. Less training in mental health.",
                    "Pueden curar heridas y ver si alguien necesita ir al hospital. Menos formación en salud mental.",
                    "يستطيعون علاج الجروح ومعرفة ما إذا كان الشخص يحتاج إلى مستشفى. تدريبهم في الصحة النفسية أقل.")),
                option("peer_specialists", t("Peer workers with lived experience", "Pares con experiencia de vida", "أشخاص مرّوا بتجارب مشابهة"), t(
                    "People who have been through addiction, homelessness or prison. They build trust fast. Some city hiring rules make them hard to hire.",
                    "Personas que vivieron una adicción, la falta de vivienda o la cárcel. Generan confianza rápido. Algunas reglas de la ciudad dificultan contratarlas.",
                    "أشخاص مرّوا بالإدمان أو التشرد أو السجن، ويكسبون الثقة بسرعة. لكن بعض قواعد التوظيف في المدينة تصعّب توظيفهم.")),
                option("mediators", t("Community mediators", "Mediadores comunitarios", "وسطاء مجتمعيون"), t(
                    "Help settle arguments before they grow. Most useful if the team takes neighbor disputes.",
                    "Ayudan a resolver conflictos antes de que crezcan. Más útiles si el equipo atiende conflictos entre vecinos.",
                    "يساعدون على حل الخلافات قبل أن تكبر، ويكونون أكثر فائدة إذا تولى الفريق خلافات الجيران.")),
            ],
            "question_keys": ["team_skills", "responder_qualities"],
        },
        {
            "key": "run_by",
            "minutes": 20,
            "title": t("City staff or an outside contract", "Personal de la ciudad o un contrato externo", "موظفو المدينة أم عقد خارجي"),
            "briefing": t(
                "The city can hire the responders as its own workers. Or it can pay a community group or a "
                "health provider to do the work. It does not have to be all or nothing. A city can contract "
                "some parts. It can also start with a contract and bring the program in-house later. Five "
                "things to weigh: job quality, how fast it can start, community trust, where the program "
                "lives, and hiring people with lived experience.",
                "La ciudad puede contratar a las personas del equipo como sus propios empleados, o pagarle a un "
                "grupo comunitario o a un proveedor de salud para que lo haga. No tiene que ser todo o nada: "
                "puede contratar algunas partes, o empezar con un contrato y después pasar el programa a la "
                "ciudad. Hay cinco cosas que pesar: la calidad de los empleos, qué tan rápido puede empezar, la "
                "confianza de la comunidad, dónde vive el programa y contratar a personas con experiencia de vida.",
                "يمكن للمدينة أن توظف أفراد الفريق موظفين لديها، أو أن تدفع لمنظمة مجتمعية أو جهة صحية للقيام "
                "بذلك. وليس الأمر إما كل شيء أو لا شيء: يمكن التعاقد على بعض الأجزاء، أو البدء بعقد ثم نقل "
                "البرنامج إلى المدينة لاحقًا. هناك خمسة أمور يجب الموازنة بينها: جودة الوظائف، وسرعة الانطلاق، "
                "وثقة المجتمع، والجهة التي يتبع لها البرنامج، وتوظيف أشخاص مرّوا بتجارب مشابهة.",
            ),
            "options": [
                option("city_staff", t("City staff", "Personal de la ciudad", "موظفو المدينة"), t(
                    "Job quality: usually better pay, benefits and a union. Harder to cut later. Speed: slower, because new job types "
                    "and union talks take time. Trust: some people may see it as part of the government they do not trust. "
                    "Hiring: city rules can make it harder to hire people with a record.",
                    "Calidad del empleo: casi siempre mejor salario, prestaciones y sindicato. Más difícil de recortar después. "
                    "Rapidez: más lento, porque crear nuevos puestos y negociar con los sindicatos toma tiempo. Confianza: algunas "
                    "personas pueden verlo como parte de un gobierno en el que no confían. Contratación: las reglas de la ciudad "
                    "pueden dificultar contratar a personas con antecedentes.",
                    "جودة الوظائف: أجور ومزايا أفضل غالبًا ونقابة، ويصعب إلغاؤه لاحقًا. السرعة: أبطأ، لأن إنشاء وظائف جديدة "
                    "والتفاوض مع النقابات يستغرق وقتًا. الثقة: قد يراه بعض الناس جزءًا من حكومة لا يثقون بها. التوظيف: قد تصعّب "
                    "قواعد المدينة توظيف أشخاص لديهم سجل جنائي.")),
                option("outside_contract", t("An outside organization under contract", "Una organización externa con contrato", "منظمة خارجية بعقد"), t(
                    "Speed: can often start sooner. Trust: a known local group may be trusted more. Hiring: often easier to hire "
                    "people who reflect the community. Job quality: pay and benefits may be lower, and a contract is easier to "
                    "cut. The city can require fair pay in the contract.",
                    "Rapidez: muchas veces puede empezar antes. Confianza: un grupo local conocido puede inspirar más confianza. "
                    "Contratación: suele ser más fácil contratar a personas que se parecen a la comunidad. Calidad del empleo: el "
                    "salario y las prestaciones pueden ser menores, y un contrato es más fácil de cancelar. La ciudad puede exigir "
                    "salarios justos en el contrato.",
                    "السرعة: يمكنها غالبًا أن تبدأ أسرع. الثقة: قد يثق الناس أكثر بمنظمة محلية معروفة. التوظيف: غالبًا ما يكون "
                    "توظيف أشخاص يشبهون المجتمع أسهل. جودة الوظائف: قد تكون الأجور والمزايا أقل، ويسهل إلغاء العقد. ويمكن "
                    "للمدينة أن تشترط أجورًا عادلة في العقد.")),
                option("mix", t("A mix of both", "Una mezcla de ambas", "مزيج من الاثنين"), t(
                    "For example, city medics with counselors from a local clinic. More flexible, but harder to manage as one team.",
                    "Por ejemplo, paramédicos de la ciudad con consejeros de una clínica local. Más flexible, pero más difícil de "
                    "manejar como un solo equipo.",
                    "مثلًا: مسعفون من المدينة مع مرشدين من عيادة محلية. أكثر مرونة، لكن إدارته كفريق واحد أصعب.")),
            ],
            "question_keys": ["run_by", "importance_job_quality", "importance_speed", "importance_trust", "importance_lived_experience"],
        },
        {
            "key": "department",
            "minutes": 10,
            "title": t("Which department runs it", "Qué departamento lo dirige", "أي إدارة تديره"),
            "briefing": t(
                "If the city runs the program, it needs a home inside city government. The home shapes how "
                "the team works and how people see it. If the program sits inside the police department, many "
                "people will not trust it, and it may take on police habits. Some cities do not have a good "
                "home yet and create a new one. A program without the right leaders and home can struggle.",
                "Si la ciudad dirige el programa, necesita un lugar dentro del gobierno municipal. Ese lugar "
                "influye en cómo trabaja el equipo y en cómo lo ve la gente. Si el programa está dentro de la "
                "policía, mucha gente no confiará en él y puede adoptar costumbres policiales. Algunas ciudades "
                "no tienen un buen lugar para él y crean uno nuevo. Un programa sin buenos líderes ni un buen "
                "lugar puede tener problemas.",
                "إذا أدارت المدينة البرنامج، فإنه يحتاج إلى جهة يتبع لها داخل حكومة المدينة. وهذه الجهة تؤثر في "
                "طريقة عمل الفريق وفي نظرة الناس إليه. فإذا كان البرنامج داخل إدارة الشرطة، فلن يثق به كثيرون، "
                "وقد يكتسب عادات الشرطة. وبعض المدن لا توجد فيها جهة مناسبة فتنشئ إدارة جديدة. والبرنامج الذي "
                "يفتقر إلى القادة المناسبين والجهة المناسبة قد يواجه صعوبات.",
            ),
            "options": [
                option("health", t("Public health department", "Departamento de salud pública", "إدارة الصحة العامة"), t(
                    "Fits the care mission and links to clinics. May have little experience running a 24-hour service.",
                    "Encaja con la misión de cuidado y conecta con clínicas. Puede tener poca experiencia con un servicio de 24 horas.",
                    "يناسب مهمة الرعاية ويرتبط بالعيادات، لكن خبرته في إدارة خدمة على مدار الساعة قد تكون قليلة.")),
                option("fire_ems", t("Fire and ambulance department", "Bomberos y ambulancias", "إدارة الإطفاء والإسعاف"), t(
                    "Already answers 911 around the clock. Its culture is medical, not mental health.",
                    "Ya atiende el 911 a toda hora. Su cultura es médica, no de salud mental.",
                    "يرد على 911 على مدار الساعة، لكن ثقافته طبية وليست نفسية.")),
                option("new_department", t("A new department of its own", "Un departamento nuevo propio", "إدارة جديدة مستقلة"), t(
                    "Clear mission and its own leaders. Takes longer and costs more to set up.",
                    "Misión clara y líderes propios. Toma más tiempo y cuesta más crearlo.",
                    "مهمة واضحة وقادة خاصون به، لكن إنشاءه يستغرق وقتًا أطول ويكلف أكثر.")),
                option("police", t("Police department", "Departamento de policía", "إدارة الشرطة"), t(
                    "Easy to link with 911 dispatch. Many people would not trust it, and it could become part of policing.",
                    "Fácil de conectar con el 911. Mucha gente no confiaría en él y podría volverse parte de la policía.",
                    "يسهل ربطه بمركز 911، لكن كثيرين لن يثقوا به، وقد يصبح جزءًا من العمل الشرطي.")),
                option("community_org", t("A community organization", "Una organización comunitaria", "منظمة مجتمعية"), t(
                    "Trusted by many residents. The city has less direct control.",
                    "Muchos residentes confían en ella. La ciudad tiene menos control directo.",
                    "يثق بها كثير من السكان، لكن سيطرة المدينة المباشرة عليه أقل.")),
            ],
            "question_keys": ["department"],
        },
        {
            "key": "pilot_scope",
            "minutes": 15,
            "title": t("Where and when to start", "Dónde y cuándo empezar", "أين ومتى نبدأ"),
            "briefing": t(
                "Most cities start with a pilot before the program covers everyone. A bigger pilot gives better "
                "information and makes it easier to grow. It is hard to cover the whole city 24 hours a day "
                "from the start, because it takes many staff and a large budget. Many cities start in the areas "
                "with the most calls, or during the busiest hours of the day.",
                "La mayoría de las ciudades empiezan con un programa piloto antes de cubrir a todos. Un piloto "
                "más grande da mejor información y facilita crecer. Es difícil cubrir toda la ciudad las 24 "
                "horas desde el principio, porque se necesita mucho personal y mucho dinero. Muchas ciudades "
                "empiezan en las zonas con más llamadas, o en las horas con más trabajo.",
                "تبدأ معظم المدن بمرحلة تجريبية قبل أن يشمل البرنامج الجميع. والمرحلة التجريبية الأكبر تعطي "
                "معلومات أفضل وتسهّل التوسع. ومن الصعب تغطية المدينة كلها على مدار الساعة منذ البداية، لأن ذلك "
                "يتطلب موظفين كثيرين وميزانية كبيرة. لذلك تبدأ مدن كثيرة في المناطق التي تأتي منها أكثر "
                "المكالمات، أو في أكثر ساعات اليوم انشغالًا.",
            ),
            "options": [
                option("busiest_shift", t("The busiest hours first", "Primero las horas con más llamadas", "ساعات الذروة أولًا"), t(
                    "Helps the most people for the money. People who call at night still get police at first.",
                    "Ayuda a más personas con el mismo dinero. Quien llame de noche seguirá recibiendo a la policía al principio.",
                    "يساعد أكبر عدد من الناس بالمال نفسه، لكن من يتصل ليلًا ستأتيه الشرطة في البداية.")),
                option("around_the_clock", t("24 hours a day, 7 days a week", "Las 24 horas, los 7 días", "على مدار الساعة طوال الأسبوع"), t(
                    "Everyone can count on it at any time. Needs about four times the staff of one shift.",
                    "Todos pueden contar con él a cualquier hora. Necesita unas cuatro veces el personal de un solo turno.",
                    "يمكن للجميع الاعتماد عليه في أي وقت، لكنه يحتاج إلى نحو أربعة أضعاف موظفي الوردية الواحدة.")),
                option("weekday_daytime", t("Weekday daytime", "Días de semana, de día", "أيام الأسبوع نهارًا"), t(
                    "Easiest to staff. Misses many crisis calls, which often come in the evening.",
                    "Lo más fácil de cubrir con personal. Deja fuera muchas crisis, que suelen ocurrir por la tarde y la noche.",
                    "الأسهل من حيث الموظفين، لكنه يفوّت كثيرًا من مكالمات الأزمات التي تأتي غالبًا مساءً.")),
                option("citywide", t("The whole city at once", "Toda la ciudad a la vez", "المدينة كلها دفعة واحدة"), t(
                    "Fair to every neighborhood. Each team covers a larger area, so it may arrive later.",
                    "Justo para todos los barrios. Cada equipo cubre una zona más grande, así que puede llegar más tarde.",
                    "عادل لكل الأحياء، لكن كل فريق يغطي منطقة أكبر، فقد يصل متأخرًا.")),
            ],
            "question_keys": ["pilot_area", "pilot_hours"],
        },
        {
            "key": "follow_up",
            "minutes": 10,
            "title": t("Follow-up after the crisis", "Seguimiento después de la crisis", "المتابعة بعد الأزمة"),
            "briefing": t(
                "After the first visit, someone can check back and help the person get longer-term care, "
                "like treatment, housing or benefits. This is called follow-up or case management. Some cities "
                "build it into the program. Others keep the team focused on the emergency and hand people on to "
                "other services. Either way, some follow-up needs to happen.",
                "Después de la primera visita, alguien puede volver a contactar a la persona y ayudarla a "
                "recibir atención a largo plazo, como tratamiento, vivienda o ayudas. Esto se llama seguimiento "
                "o gestión de casos. Algunas ciudades lo incluyen en el programa. Otras dejan que el equipo se "
                "ocupe solo de la emergencia y pasan a las personas a otros servicios. De cualquier forma, debe "
                "haber algún seguimiento.",
                "بعد الزيارة الأولى، يمكن لشخص ما أن يعود للاطمئنان ويساعد الشخص على الحصول على رعاية طويلة "
                "الأمد، مثل العلاج أو السكن أو المساعدات. ويسمى هذا المتابعة أو إدارة الحالة. بعض المدن تجعلها "
                "جزءًا من البرنامج، وبعضها يُبقي الفريق مركّزًا على الطوارئ ويحيل الناس إلى خدمات أخرى. وفي "
                "الحالتين، لا بد من وجود متابعة ما.",
            ),
            "options": [
                option("same_team", t("The same team comes back", "El mismo equipo vuelve", "يعود الفريق نفسه"), t(
                    "The person already knows them. Takes time away from new calls.",
                    "La persona ya los conoce. Les quita tiempo para atender nuevas llamadas.",
                    "الشخص يعرفهم مسبقًا، لكن ذلك يأخذ من وقتهم للمكالمات الجديدة.")),
                option("case_manager", t("A case manager in the program", "Un gestor de casos del programa", "مدير حالة في البرنامج"), t(
                    "Steady help over weeks. Costs more staff.",
                    "Ayuda constante durante semanas. Requiere más personal.",
                    "مساعدة ثابتة على مدى أسابيع، لكنها تتطلب موظفين أكثر.")),
                option("community_org", t("A community organization", "Una organización comunitaria", "منظمة مجتمعية"), t(
                    "Often close to the person's neighborhood. The hand-off can lose people along the way.",
                    "Suele estar cerca del barrio de la persona. En el traspaso algunas personas se pueden perder.",
                    "غالبًا ما تكون قريبة من حي الشخص، لكن قد يضيع بعض الناس أثناء الإحالة.")),
                option("clinic", t("A health clinic", "Una clínica de salud", "عيادة صحية"), t(
                    "Can give treatment right away. People may wait for an appointment.",
                    "Puede dar tratamiento enseguida. La gente puede tener que esperar una cita.",
                    "يمكنها تقديم العلاج فورًا، لكن قد ينتظر الناس موعدًا.")),
            ],
            "question_keys": ["follow_up_wanted", "follow_up_importance", "follow_up_by", "follow_up_within"],
        },
        {
            "key": "evaluation",
            "minutes": 10,
            "title": t("How we know it works", "Cómo sabremos si funciona", "كيف نعرف أنه ينجح"),
            "briefing": t(
                "The city will collect numbers from the start and share them on a public web page, while "
                "keeping every person's details private. No single number tells the whole story. Which ones "
                "matter most to you? The city may also work with a university to study the program over time.",
                "La ciudad reunirá datos desde el principio y los compartirá en una página web pública, sin "
                "mostrar datos personales de nadie. Ningún número por sí solo cuenta toda la historia. ¿Cuáles "
                "le importan más? La ciudad también puede trabajar con una universidad para estudiar el programa "
                "a lo largo del tiempo.",
                "ستجمع المدينة الأرقام منذ البداية وتنشرها على صفحة إلكترونية عامة، مع الحفاظ على خصوصية "
                "بيانات كل شخص. ولا يوجد رقم واحد يروي القصة كلها. فما الأرقام الأهم بالنسبة إليك؟ وقد تتعاون "
                "المدينة أيضًا مع جامعة لدراسة البرنامج على مر الزمن.",
            ),
            "options": [
                option("calls_answered", t("How many calls the team answers", "Cuántas llamadas atiende el equipo", "عدد المكالمات التي يتولاها الفريق"), t(
                    "Shows how much the team is used. More calls is not always better care.",
                    "Muestra cuánto se usa el equipo. Más llamadas no siempre significa mejor atención.",
                    "يبيّن مدى استخدام الفريق، لكن كثرة المكالمات لا تعني دائمًا رعاية أفضل.")),
                option("response_time", t("How fast the team arrives", "Qué tan rápido llega el equipo", "سرعة وصول الفريق"), t(
                    "Matters in a crisis. Speed alone does not show if people were helped.",
                    "Importa en una crisis. La rapidez sola no muestra si se ayudó a la persona.",
                    "مهمة في الأزمات، لكن السرعة وحدها لا تبيّن إن كان الناس قد تلقوا المساعدة.")),
                option("calls_diverted", t("Calls that did not need police", "Llamadas que no necesitaron policía", "مكالمات لم تحتج إلى الشرطة"), t(
                    "Shows the program is working as planned. Needs careful counting.",
                    "Muestra que el programa funciona como se planeó. Hay que contarlas con cuidado.",
                    "يبيّن أن البرنامج يعمل كما خُطط له، لكنه يحتاج إلى عدّ دقيق.")),
                option("satisfaction", t("What the people helped say", "Lo que dicen las personas atendidas", "ما يقوله الأشخاص الذين تلقوا المساعدة"), t(
                    "The voice of the people served. Hard to ask someone right after a crisis.",
                    "La voz de quienes recibieron el servicio. Es difícil preguntar justo después de una crisis.",
                    "صوت من تلقوا الخدمة، لكن من الصعب سؤال شخص بعد الأزمة مباشرة.")),
                option("cost_per_call", t("Cost for each call", "Costo por llamada", "تكلفة كل مكالمة"), t(
                    "Helps decide the budget. A cheap call is not always a good one.",
                    "Ayuda a decidir el presupuesto. Una llamada barata no siempre es una buena llamada.",
                    "يساعد في تحديد الميزانية، لكن المكالمة الرخيصة ليست دائمًا جيدة.")),
                option("repeat_crises_avoided", t("Fewer repeat crises", "Menos crisis repetidas", "تكرار أقل للأزمات"), t(
                    "Shows lasting help. Takes months or years to measure.",
                    "Muestra una ayuda duradera. Toma meses o años medirlo.",
                    "يبيّن أن المساعدة دائمة، لكن قياسه يستغرق شهورًا أو سنوات.")),
            ],
            "question_keys": ["evaluation_metrics"],
        },
        {
            "key": "staying_involved",
            "minutes": 10,
            "title": t("Staying involved over time", "Seguir participando con el tiempo", "الاستمرار في المشاركة مع الوقت"),
            "briefing": t(
                "This meeting is not the last word. Programs last when residents keep a say in how they grow "
                "and change. The city wants to set clear ways for you to stay involved, and to be honest about "
                "what the program can and cannot do in its first years.",
                "Esta reunión no es la última palabra. Los programas duran cuando los residentes siguen "
                "opinando sobre cómo crecen y cambian. La ciudad quiere crear formas claras para que usted siga "
                "participando, y ser honesta sobre lo que el programa puede y no puede hacer en sus primeros años.",
                "هذا اللقاء ليس الكلمة الأخيرة. فالبرامج تدوم عندما يبقى للسكان رأي في كيفية نموها وتغيّرها. "
                "وتريد المدينة أن تضع طرقًا واضحة لتستمر في المشاركة، وأن تكون صادقة بشأن ما يستطيع البرنامج "
                "فعله وما لا يستطيعه في سنواته الأولى.",
            ),
            "options": [
                option("advisory_board", t("A community advisory board", "Un consejo asesor comunitario", "مجلس استشاري مجتمعي"), t(
                    "Residents and people who used the service meet often. Needs support so members can take part.",
                    "Residentes y personas que usaron el servicio se reúnen seguido. Necesita apoyo para que todos puedan participar.",
                    "يجتمع فيه السكان ومن استفادوا من الخدمة بانتظام، ويحتاج إلى دعم حتى يتمكن الأعضاء من المشاركة.")),
                option("public_dashboard", t("A public data page", "Una página pública de datos", "صفحة بيانات عامة"), t(
                    "Anyone can see the numbers at any time. Not everyone uses the internet.",
                    "Cualquiera puede ver los números en cualquier momento. No todos usan internet.",
                    "يستطيع أي شخص رؤية الأرقام في أي وقت، لكن ليس الجميع يستخدم الإنترنت.")),
                option("listening_sessions", t("Listening sessions like this one", "Reuniones como esta", "لقاءات استماع مثل هذا اللقاء"), t(
                    "Face to face, in many languages. Reaches fewer people each time.",
                    "Cara a cara, en varios idiomas. Llega a menos personas cada vez.",
                    "وجهًا لوجه وبلغات متعددة، لكنها تصل إلى عدد أقل من الناس في كل مرة.")),
                option("yearly_survey", t("A yearly survey", "Una encuesta cada año", "استبيان سنوي"), t(
                    "Hears from many people. Gives less room for discussion.",
                    "Escucha a muchas personas. Deja menos espacio para conversar.",
                    "يصل إلى كثير من الناس، لكنه يترك مجالًا أقل للنقاش.")),
                option("hiring_panels", t("Residents on hiring panels", "Residentes en los comités de contratación", "سكان في لجان التوظيف"), t(
                    "Residents help choose responders. Takes time from volunteers.",
                    "Los residentes ayudan a elegir al personal. Requiere tiempo de voluntarios.",
                    "يساعد السكان في اختيار المستجيبين، لكن ذلك يتطلب وقتًا من المتطوعين.")),
            ],
            "question_keys": ["involvement", "anything_else"],
        },
    ],
}

TEMPLATES: dict[str, dict[str, Any]] = {COMMUNITY_RESPONDERS["key"]: COMMUNITY_RESPONDERS}
