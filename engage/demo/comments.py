"""Synthetic open-text answers in English, Spanish and Arabic, in the voice of Riverton residents.

Each comment is composed from sentence fragments per theme (the themes of the community responder
codebook), with slots, openers, closers and the typos real people make, so that thousands of answers
are mostly distinct. `Comment.themes` records what a comment was written to say: a reference for the
theme tagger, never stored with the response.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

#: The theme ids of the default codebook, engage/analysis/codebooks/community_responder.json.
THEMES = (
    "trust_police_fear_911", "mental_health_crisis", "homelessness_housing", "substance_use",
    "response_time_availability", "who_responds", "cost_funding", "jobs_labor", "youth", "racial_equity",
    "privacy_data", "follow_up_case_management", "accountability",
)


@dataclass(frozen=True)
class Comment:
    text: str
    themes: tuple[str, ...]
    has_personal_data: bool = False


# --- slot fillers -------------------------------------------------------------------------------
# Spanish and Arabic people are grammatically masculine so the sentences around them always agree.
SOMEONE = {
    "en": ["my brother", "my son", "my neighbor", "my mom", "my best friend", "my uncle", "a guy on my street",
           "my daughter", "my cousin", "my husband", "a coworker", "my roommate"],
    "es": ["mi hermano", "mi hijo", "mi vecino", "mi tío", "mi primo", "mi esposo", "un amigo",
           "un compañero de trabajo", "mi papá", "mi cuñado"],
    "ar": ["أخي", "ابني", "جاري", "عمي", "ابن عمي", "زوجي", "صديقي", "زميلي في العمل", "والدي", "خالي"],
}
WHEN = {
    "en": ["last year", "two years ago", "last winter", "in 2021", "a few months ago", "last summer",
           "during covid", "back in March"],
    "es": ["el año pasado", "hace dos años", "el invierno pasado", "en 2021", "hace unos meses",
           "el verano pasado", "durante la pandemia", "en marzo"],
    "ar": ["في العام الماضي", "قبل عامين", "في الشتاء الماضي", "في عام 2021", "قبل بضعة أشهر",
           "في الصيف الماضي", "أثناء جائحة كورونا", "في شهر مارس"],
}
WAIT = {
    "en": ["40 minutes", "almost an hour", "over an hour", "two hours", "45 min", "like 90 minutes"],
    "es": ["40 minutos", "casi una hora", "más de una hora", "dos horas", "45 minutos"],
    "ar": ["40 دقيقة", "قرابة ساعة", "أكثر من ساعة", "ساعتين", "45 دقيقة"],
}
PLACES = {
    "old_town": {"en": "Old Town", "es": "Old Town", "ar": "أولد تاون"},
    "northgate": {"en": "Northgate", "es": "Northgate", "ar": "نورثغيت"},
    "eastbank": {"en": "Eastbank", "es": "Eastbank", "ar": "إيستبانك"},
    "mill_creek": {"en": "Mill Creek", "es": "Mill Creek", "ar": "ميل كريك"},
    "southport": {"en": "Southport", "es": "Southport", "ar": "ساوثبورت"},
    "westfield": {"en": "Westfield", "es": "Westfield", "ar": "ويستفيلد"},
}

# --- sentences per theme ------------------------------------------------------------------------
SENTENCES: dict[str, dict[str, list[str]]] = {
    "trust_police_fear_911": {
        "en": [
            "When police show up everything gets more tense, not less.",
            "I called 911 for {someone} {when} and the officers treated us like criminals.",
            "People around {place} don't call 911 unless someone is bleeding, because we don't know who will show up.",
            "I'm scared a simple call could end with somebody getting hurt or arrested.",
            "Honestly I don't trust the police to help with this kind of thing.",
            "Last time the cops came they had their hands on their guns the whole time and my kids saw that.",
            "I worry that calling for help will get someone I love in trouble instead of getting them help.",
            "My family has been stopped too many times for us to feel comfortable calling them.",
            "Nothing against individual officers but they are not trained for a person in crisis.",
            "i dont call anymore. last time it made things worse",
        ],
        "es": [
            "Cuando llega la policía todo se pone más tenso, no menos.",
            "Llamé al 911 por {someone} {when} y los agentes nos trataron como criminales.",
            "En {place} la gente no llama al 911 a menos que alguien esté sangrando, porque no sabemos quién va a llegar.",
            "Tengo miedo de que una simple llamada termine con alguien herido o arrestado.",
            "Sinceramente no confío en que la policía ayude en este tipo de situaciones.",
            "Muchas familias de mi barrio tienen miedo de llamar por su situación migratoria.",
            "Me preocupa que pedir ayuda meta en problemas a un ser querido en vez de ayudarlo.",
            "No tengo nada contra los policías, pero no están preparados para una persona en crisis.",
            "La última vez que vinieron tenían la mano en la pistola todo el tiempo y mis hijos lo vieron.",
            "ya no llamo, la ultima vez fue peor",
        ],
        "ar": [
            "عندما تصل الشرطة يزداد الموقف توترًا بدلًا من أن يهدأ.",
            "اتصلت بالرقم 911 من أجل {someone} {when} فعاملنا رجال الشرطة كأننا مجرمون.",
            "الناس في {place} لا يتصلون بالطوارئ إلا إذا كان أحدهم ينزف، لأننا لا نعرف مَن سيأتي.",
            "أخاف أن تنتهي مكالمة بسيطة بإصابة أحدهم أو اعتقاله.",
            "بصراحة لا أثق بأن الشرطة تستطيع المساعدة في مثل هذه المواقف.",
            "كثير من العائلات في حيّنا تخاف من الاتصال بسبب أوضاع الهجرة.",
            "أخشى أن يؤدي طلب المساعدة إلى توريط شخص أحبه بدلًا من مساعدته.",
            "ليس لدي شيء ضد أفراد الشرطة، لكنهم غير مدرَّبين على التعامل مع شخص في أزمة.",
            "في المرة الأخيرة كانت أيديهم على مسدساتهم طوال الوقت، ورأى أطفالي ذلك.",
            "لم أعد أتصل، ففي المرة الأخيرة ساءت الأمور أكثر.",
        ],
    },
    "mental_health_crisis": {
        "en": [
            "When {someone} was in a mental health crisis {when}, what we needed was a counselor, not handcuffs.",
            "A person who is hearing voices needs someone calm who knows how to talk them down.",
            "Mental health calls should go to people trained in mental health. It's that simple.",
            "We need somebody who can stay for more than ten minutes and actually connect the person to care.",
            "People in crisis get taken to the ER or to jail and then released with nothing.",
            "Suicide threats should be handled by clinicians who know what they are doing.",
            "depression and anxiety are real and people shouldnt be ashamed to ask for help",
            "{someone} has schizophrenia and every time it's the police who come. It scares him more.",
        ],
        "es": [
            "Cuando {someone} tuvo una crisis de salud mental {when}, lo que necesitábamos era un consejero, no esposas.",
            "Una persona que escucha voces necesita a alguien tranquilo que sepa cómo calmarla.",
            "Las llamadas de salud mental deberían ir a personas capacitadas en salud mental. Así de simple.",
            "Necesitamos a alguien que se quede más de diez minutos y que de verdad conecte a la persona con atención.",
            "A las personas en crisis las llevan a urgencias o a la cárcel y luego las sueltan sin nada.",
            "Las amenazas de suicidio las deben atender profesionales que sepan lo que hacen.",
            "La depresión y la ansiedad son reales y nadie debería sentir vergüenza de pedir ayuda.",
            "{someone} tiene esquizofrenia y siempre viene la policía. Eso lo asusta más.",
        ],
        "ar": [
            "عندما مرّ {someone} بأزمة نفسية {when}، كان ما نحتاجه مرشدًا نفسيًا لا أصفادًا.",
            "الشخص الذي يسمع أصواتًا يحتاج إلى شخص هادئ يعرف كيف يهدّئه.",
            "مكالمات الصحة النفسية يجب أن يتولاها أشخاص مدرَّبون في الصحة النفسية، الأمر بهذه البساطة.",
            "نحتاج إلى شخص يبقى أكثر من عشر دقائق ويربط المريض فعلًا بالرعاية المناسبة.",
            "الأشخاص الذين يمرون بأزمة يُنقلون إلى الطوارئ أو إلى السجن ثم يُطلق سراحهم دون أي دعم.",
            "التهديد بالانتحار يجب أن يتعامل معه مختصون يعرفون ما يفعلون.",
            "الاكتئاب والقلق أمران حقيقيان، ولا ينبغي لأحد أن يخجل من طلب المساعدة.",
            "في مجتمعنا ما زال الحديث عن المرض النفسي عيبًا، لذلك نحتاج إلى فريق يفهم ثقافتنا.",
            "{someone} مصاب بالفصام، وفي كل مرة تأتي الشرطة فيزداد خوفه.",
        ],
    },
    "homelessness_housing": {
        "en": [
            "There are people sleeping by the river in {place} every night and police just move them along.",
            "Being homeless is not a crime. People need housing and a shower, not a ticket.",
            "I've been unhoused myself and the last thing you want at 3am is a cop shining a flashlight in your face.",
            "The shelters are full most nights, so telling someone to go to a shelter doesn't help.",
            "Homeless folks downtown need outreach workers who know them by name.",
            "more housing!!! the responders can't fix anything if there's nowhere for people to go",
            "Businesses call about people in doorways; those calls should go to outreach, not police.",
        ],
        "es": [
            "Hay gente durmiendo junto al río en {place} cada noche y la policía solo los hace moverse.",
            "No tener casa no es un delito. La gente necesita vivienda y una ducha, no una multa.",
            "Yo estuve sin vivienda y lo último que uno quiere a las 3 de la mañana es un policía con una linterna en la cara.",
            "Los albergues están llenos casi todas las noches, así que decirle a alguien que vaya a uno no sirve.",
            "Las personas sin hogar del centro necesitan trabajadores de calle que las conozcan por su nombre.",
            "¡más vivienda! el equipo no puede resolver nada si la gente no tiene a dónde ir",
            "Los negocios llaman por gente en las puertas; esas llamadas deberían ir a trabajadores de calle, no a la policía.",
        ],
        "ar": [
            "هناك أشخاص ينامون قرب النهر في {place} كل ليلة، والشرطة تكتفي بإبعادهم من مكان إلى آخر.",
            "التشرد ليس جريمة. الناس يحتاجون إلى مسكن وحمّام، لا إلى مخالفة.",
            "كنتُ بلا مأوى من قبل، وآخر ما تريده في الثالثة فجرًا هو شرطي يسلّط مصباحه على وجهك.",
            "الملاجئ ممتلئة معظم الليالي، فلا فائدة من أن تقول لشخص اذهب إلى الملجأ.",
            "المشردون في وسط المدينة يحتاجون إلى عاملين ميدانيين يعرفونهم بأسمائهم.",
            "نحتاج إلى مساكن أكثر! الفريق لن يحل شيئًا إذا لم يكن هناك مكان يذهب إليه الناس.",
            "المحلات تتصل بالشرطة بسبب أشخاص ينامون عند الأبواب، وهذه المكالمات يجب أن تذهب إلى فرق التواصل الميداني.",
        ],
    },
    "substance_use": {
        "en": [
            "Someone who is drunk or high needs a sobering center, not a night in jail.",
            "Overdoses in {place} are way up and people are scared to call because of the police.",
            "Responders should carry Narcan and know where the detox beds are.",
            "Addiction has been in my family for years and every arrest made it worse.",
            "Treat addiction like the health problem it is.",
            "There is a lot of fentanyl around here now, the team needs to be ready for that.",
        ],
        "es": [
            "Alguien que está borracho o drogado necesita un centro de desintoxicación, no una noche en la cárcel.",
            "Las sobredosis en {place} han aumentado mucho y la gente tiene miedo de llamar por la policía.",
            "El equipo debería llevar naloxona (Narcan) y saber dónde hay camas de desintoxicación.",
            "La adicción ha estado en mi familia por años y cada arresto lo empeoró.",
            "Hay que tratar la adicción como lo que es: un problema de salud.",
            "Ahora hay mucho fentanilo por aquí, el equipo tiene que estar preparado.",
        ],
        "ar": [
            "الشخص السكران أو المتعاطي يحتاج إلى مركز للتعافي، لا إلى ليلة في السجن.",
            "ارتفعت حالات الجرعات الزائدة كثيرًا في {place}، والناس يخافون من الاتصال بسبب الشرطة.",
            "يجب أن يحمل الفريق دواء النالوكسون (ناركان) وأن يعرف أين تتوفر أسرّة لعلاج الإدمان.",
            "عانت عائلتي من الإدمان لسنوات، وكل اعتقال كان يزيد الأمر سوءًا.",
            "يجب أن نتعامل مع الإدمان على أنه مشكلة صحية، فهذا ما هو عليه فعلًا.",
            "انتشر الفنتانيل كثيرًا هنا، ويجب أن يكون الفريق مستعدًا لذلك.",
        ],
    },
    "response_time_availability": {
        "en": [
            "We waited {wait} for someone to come {when}. That's too long when a person is in crisis.",
            "It has to be 24/7. Crises don't happen 9 to 5.",
            "Most of the bad nights happen after midnight, so a daytime-only team won't help much.",
            "Response time matters most. If they take an hour, people will just call the police instead.",
            "Please make sure there are enough teams that nobody waits on hold.",
            "start with nights and weekends, thats when we need it",
        ],
        "es": [
            "{when} esperamos {wait} a que llegara alguien. Es demasiado cuando una persona está en crisis.",
            "Tiene que ser las 24 horas, todos los días. Las crisis no pasan de 9 a 5.",
            "Las peores noches son después de la medianoche, así que un equipo que solo trabaje de día no ayudaría mucho.",
            "Lo más importante es el tiempo de respuesta. Si tardan una hora, la gente va a llamar a la policía.",
            "Que haya suficientes equipos para que nadie se quede esperando en la línea.",
            "empiecen con las noches y los fines de semana, es cuando mas se necesita",
        ],
        "ar": [
            "انتظرنا {wait} حتى وصل أحد {when}، وهذا وقت طويل جدًا لشخص يمر بأزمة.",
            "يجب أن يعمل الفريق على مدار الساعة، فالأزمات لا تحدث في ساعات الدوام فقط.",
            "أصعب الليالي تكون بعد منتصف الليل، لذلك لن يفيد فريق يعمل في النهار فقط.",
            "سرعة الاستجابة أهم شيء. إذا تأخروا ساعة فسيتصل الناس بالشرطة بدلًا منهم.",
            "أرجو أن يكون هناك عدد كافٍ من الفرق حتى لا ينتظر أحد على الخط.",
            "ابدأوا بالليل وعطلة نهاية الأسبوع، فهذا هو الوقت الذي نحتاجهم فيه.",
        ],
    },
    "who_responds": {
        "en": [
            "Send people who know how to listen and calm things down.",
            "I want a responder who treats people like human beings, with patience and respect.",
            "Peer specialists who have been through it themselves can reach people that nobody else can.",
            "The team should include a nurse or EMT in case there is a medical problem too.",
            "Responders should speak the languages people speak here: Spanish, Arabic, Vietnamese.",
            "No guns, no uniforms that look like police. A calm voice and a plan.",
            "They should look like the neighborhood and ideally come from it.",
            "Kindness. Patience. Training in de-escalation. Knowing what services actually exist.",
            "A social worker who can help with the paperwork afterwards would make a huge difference.",
            "someone who doesnt judge",
        ],
        "es": [
            "Que manden a personas que sepan escuchar y calmar la situación.",
            "Quiero que quien venga trate a la gente como seres humanos, con paciencia y respeto.",
            "Que hablen español. Muchas familias aquí no hablan bien inglés y es muy difícil explicar lo que pasa.",
            "Los especialistas que han vivido lo mismo pueden llegar a personas a las que nadie más llega.",
            "El equipo debería tener una enfermera o un paramédico por si también hay un problema médico.",
            "Sin armas y sin uniformes que parezcan de policía. Una voz tranquila y un plan.",
            "Que sean de la comunidad y que conozcan el barrio.",
            "Amabilidad, paciencia, formación para calmar situaciones y que conozcan los servicios que de verdad existen.",
            "Una trabajadora social que ayude con los papeles después haría una gran diferencia.",
            "alguien que no juzgue",
        ],
        "ar": [
            "أرسلوا أشخاصًا يعرفون كيف يستمعون ويهدّئون الموقف.",
            "أريد مستجيبًا يعامل الناس كبشر، بصبر واحترام.",
            "يجب أن يتحدث بعضهم العربية، فكثير من كبار السن في حيّنا لا يجيدون الإنجليزية.",
            "أخصائيو دعم الأقران الذين مرّوا بالتجربة نفسها يستطيعون الوصول إلى أشخاص لا يصل إليهم غيرهم.",
            "يجب أن يضم الفريق ممرضًا أو مسعفًا في حال وجود مشكلة طبية أيضًا.",
            "لا أسلحة ولا زيّ يشبه زيّ الشرطة، بل صوت هادئ وخطة واضحة.",
            "من المهم أن يكونوا من أبناء المجتمع وأن يعرفوا الحي.",
            "اللطف والصبر والتدريب على تهدئة المواقف، ومعرفة الخدمات المتاحة فعلًا.",
            "يجب أن يحترموا خصوصية العائلة وثقافتها، وأن تكون في الفريق امرأة عند التعامل مع النساء.",
            "شخص لا يحكم على الآخرين.",
        ],
    },
    "cost_funding": {
        "en": [
            "How are we paying for this? I don't want my property taxes going up again.",
            "Move some money from the police budget, they already get most of the general fund.",
            "It will save money in the long run: fewer ER visits, fewer nights in jail.",
            "Don't start something great and then cut it after two years when the grant runs out.",
            "Please show the cost per call compared to sending police.",
            "Use the opioid settlement money for this.",
        ],
        "es": [
            "¿Cómo lo vamos a pagar? No quiero que suban los impuestos otra vez.",
            "Pasen parte del presupuesto de la policía a este programa.",
            "A la larga ahorra dinero: menos visitas a urgencias y menos noches en la cárcel.",
            "No empiecen algo bueno para cortarlo a los dos años cuando se acabe la subvención.",
            "Muestren cuánto cuesta cada llamada comparado con mandar a la policía.",
            "Usen el dinero del acuerdo por los opioides para esto.",
        ],
        "ar": [
            "كيف سندفع تكاليف هذا البرنامج؟ لا أريد أن ترتفع الضرائب مرة أخرى.",
            "انقلوا جزءًا من ميزانية الشرطة إلى هذا البرنامج.",
            "سيوفّر المال على المدى الطويل: زيارات أقل للطوارئ وليالٍ أقل في السجن.",
            "لا تبدأوا شيئًا جيدًا ثم توقفوه بعد سنتين عندما تنتهي المنحة.",
            "أرجو نشر تكلفة المكالمة الواحدة مقارنةً بإرسال الشرطة.",
            "استخدموا أموال تسوية قضايا المواد الأفيونية لتمويل هذا البرنامج.",
        ],
    },
    "jobs_labor": {
        "en": [
            "Pay the responders well. This is hard work and burnout is real.",
            "These should be city jobs with a union, not low-wage contract jobs.",
            "Hire people from the neighborhood and give them real training and a career path.",
            "Don't require a master's degree for everyone; lived experience counts.",
            "If you contract it out, make sure the workers get the same pay and benefits as city staff.",
            "responders need mental health support too, they will see a lot",
        ],
        "es": [
            "Paguen bien a las personas del equipo. Es un trabajo duro y el agotamiento es real.",
            "Deberían ser empleos de la ciudad con sindicato, no contratos mal pagados.",
            "Contraten a gente del barrio y denles buena capacitación y oportunidades de crecer.",
            "No exijan una maestría a todos; la experiencia vivida también cuenta.",
            "Si lo contratan afuera, que los trabajadores tengan el mismo sueldo y prestaciones que el personal de la ciudad.",
            "el equipo tambien necesita apoyo emocional, van a ver cosas muy duras",
        ],
        "ar": [
            "ادفعوا للمستجيبين أجورًا جيدة، فهذا عمل شاق والإرهاق حقيقي.",
            "يجب أن تكون هذه وظائف في البلدية مع نقابة، لا عقودًا بأجور متدنية.",
            "وظّفوا أشخاصًا من الحي، وقدّموا لهم تدريبًا حقيقيًا ومسارًا مهنيًا.",
            "لا تشترطوا شهادة ماجستير على الجميع، فالتجربة الشخصية لها قيمتها أيضًا.",
            "إذا تعاقدتم مع جهة خارجية، فتأكدوا أن العاملين يحصلون على الأجر والمزايا نفسها التي يحصل عليها موظفو المدينة.",
            "المستجيبون أنفسهم يحتاجون إلى دعم نفسي، فسيرون أشياء صعبة كثيرة.",
        ],
    },
    "youth": {
        "en": [
            "Teenagers in crisis need someone who knows how to talk to young people.",
            "Please work with the schools. Kids have been struggling since covid.",
            "My son had a panic attack at school and they called the police on him. He was 14.",
            "Young people in {place} have nothing to do and nowhere to go after school.",
            "Include youth on the advisory board, we're the ones who will live with this program.",
        ],
        "es": [
            "Los adolescentes en crisis necesitan a alguien que sepa hablar con jóvenes.",
            "Por favor trabajen con las escuelas. Los niños la están pasando mal desde la pandemia.",
            "Mi hijo tuvo un ataque de pánico en la escuela y llamaron a la policía. Tenía 14 años.",
            "Los jóvenes de {place} no tienen nada que hacer ni a dónde ir después de la escuela.",
            "Incluyan a jóvenes en el consejo asesor, somos los que vamos a vivir con este programa.",
        ],
        "ar": [
            "المراهقون الذين يمرون بأزمة يحتاجون إلى شخص يعرف كيف يتحدث مع الشباب.",
            "أرجو التعاون مع المدارس، فالأطفال يعانون منذ الجائحة.",
            "أصيب ابني بنوبة هلع في المدرسة فاتصلوا بالشرطة، وكان عمره 14 عامًا.",
            "الشباب في {place} ليس لديهم ما يفعلونه ولا مكان يذهبون إليه بعد المدرسة.",
            "أشركوا الشباب في المجلس الاستشاري، فنحن مَن سيعيش مع هذا البرنامج.",
        ],
    },
    "racial_equity": {
        "en": [
            "Black residents in this city have been over-policed for a long time. This program has to change that, not repeat it.",
            "Track who gets helped and who gets arrested by race and neighborhood, and publish it.",
            "{place} always gets the police and never gets the services.",
            "As a person of color I think twice before calling 911 for anyone.",
            "The team has to reflect the people it serves, in race and in language.",
            "Immigrant families need to know that calling for help will not lead to deportation.",
        ],
        "es": [
            "Los barrios latinos siempre reciben más policía y menos servicios.",
            "Que publiquen a quién ayudan y a quién arrestan, por raza y por barrio.",
            "{place} siempre recibe policía y nunca recibe servicios.",
            "El equipo tiene que parecerse a la gente a la que sirve, en raza y en idioma.",
            "Las familias inmigrantes necesitan saber que pedir ayuda no va a terminar en una deportación.",
        ],
        "ar": [
            "الأحياء التي يسكنها المهاجرون تحصل دائمًا على مزيد من الشرطة وعلى خدمات أقل.",
            "انشروا بيانات عن الذين حصلوا على المساعدة والذين اعتُقلوا بحسب العرق والحي.",
            "حيّ {place} يحصل دائمًا على الشرطة ولا يحصل أبدًا على الخدمات.",
            "يجب أن يشبه الفريقُ الناسَ الذين يخدمهم، في الأصل واللغة.",
            "بعد كل ما نسمعه في الأخبار، يتردد كثير من العرب والمسلمين هنا في الاتصال بالشرطة.",
            "العائلات المهاجرة تحتاج إلى أن تعرف أن طلب المساعدة لن يؤدي إلى الترحيل.",
        ],
    },
    "privacy_data": {
        "en": [
            "Who sees the records from these calls? I don't want a mental health visit following someone forever.",
            "Please don't share information with ICE or with the police unless there is real danger.",
            "Keep the data private but publish the totals so we can see if it works.",
            "People won't call if they think it goes on a file somewhere.",
            "What happens to the information I gave in this survey?",
        ],
        "es": [
            "¿Quién ve los registros de estas llamadas? No quiero que una visita de salud mental persiga a alguien para siempre.",
            "Por favor no compartan información con ICE ni con la policía a menos que haya un peligro real.",
            "Mantengan los datos privados, pero publiquen los totales para ver si funciona.",
            "La gente no va a llamar si piensa que queda en un expediente.",
            "¿Qué pasa con la información que di en esta encuesta?",
        ],
        "ar": [
            "مَن يطّلع على سجلات هذه المكالمات؟ لا أريد أن تلاحق زيارةٌ تتعلق بالصحة النفسية شخصًا ما طوال حياته.",
            "أرجو ألا تُشارَك المعلومات مع سلطات الهجرة أو مع الشرطة إلا عند وجود خطر حقيقي.",
            "حافظوا على سرية البيانات، لكن انشروا الأرقام الإجمالية حتى نرى إن كان البرنامج ناجحًا.",
            "لن يتصل الناس إذا ظنوا أن الأمر سيُسجَّل في ملف ما.",
            "ماذا سيحدث للمعلومات التي قدمتها في هذا الاستبيان؟",
        ],
    },
    "follow_up_case_management": {
        "en": [
            "The follow-up is the most important part. One visit doesn't fix anything.",
            "Someone should call back the next day to check that the person is OK.",
            "{someone} got help once {when} and then nobody ever checked in again.",
            "Connect people to housing, treatment and benefits, and stay with them until it actually happens.",
            "case management!! otherwise its the same people every week",
        ],
        "es": [
            "El seguimiento es lo más importante. Una sola visita no arregla nada.",
            "Alguien debería llamar al día siguiente para ver si la persona está bien.",
            "{someone} recibió ayuda una vez {when} y después nadie volvió a preguntar.",
            "Conecten a las personas con vivienda, tratamiento y beneficios, y acompáñenlas hasta que de verdad lo consigan.",
            "¡gestión de casos! si no, son las mismas personas cada semana",
        ],
        "ar": [
            "المتابعة هي أهم جزء، فزيارة واحدة لا تحل شيئًا.",
            "يجب أن يتصل أحدهم في اليوم التالي للاطمئنان على الشخص.",
            "حصل {someone} على المساعدة مرة واحدة {when}، ثم لم يسأل عنه أحد بعد ذلك.",
            "اربطوا الناس بالسكن والعلاج والمساعدات، وابقوا معهم حتى يتحقق ذلك فعلًا.",
            "إدارة الحالات ضرورية، وإلا فسنرى الأشخاص أنفسهم كل أسبوع.",
        ],
    },
    "accountability": {
        "en": [
            "Who is the program accountable to? There should be a public report every year.",
            "Residents need a real say, not just one survey and then silence.",
            "If something goes wrong there has to be a way to complain that isn't the police.",
            "Set clear goals now and tell us honestly if they are not met.",
            "Put people who used the service on the oversight board.",
        ],
        "es": [
            "¿Ante quién rinde cuentas el programa? Debería haber un informe público cada año.",
            "Los residentes necesitan voz de verdad, no una encuesta y luego silencio.",
            "Si algo sale mal, tiene que haber una forma de quejarse que no sea la policía.",
            "Pongan metas claras desde ahora y dígannos con honestidad si no se cumplen.",
            "Incluyan en la junta de supervisión a personas que usaron el servicio.",
        ],
        "ar": [
            "أمام مَن سيكون البرنامج مسؤولًا؟ يجب نشر تقرير عام كل سنة.",
            "السكان يحتاجون إلى رأي حقيقي، لا إلى استبيان واحد ثم صمت.",
            "إذا حدث خطأ، يجب أن تكون هناك طريقة لتقديم شكوى لا تمر عبر الشرطة.",
            "ضعوا أهدافًا واضحة من الآن، وأخبرونا بصراحة إذا لم تتحقق.",
            "ضمّوا إلى مجلس الرقابة أشخاصًا استفادوا من الخدمة.",
        ],
    },
}

OPENERS = {
    "en": ["I live in {place}.", "I've lived in Riverton for 20 years.", "I'm a nurse.",
           "As a parent this matters a lot to me.", "Thank you for asking.", "Good idea overall.",
           "I have mixed feelings.", "Where do I start.", "This is long overdue.", "I work downtown."],
    "es": ["Vivo en {place}.", "Llevo 20 años en Riverton.", "Soy enfermera.",
           "Como madre, esto me importa mucho.", "Gracias por preguntar.", "Me parece buena idea.",
           "Tengo sentimientos encontrados.", "Ya era hora.", "Trabajo en el centro."],
    "ar": ["أسكن في {place}.", "أعيش في ريفرتون منذ 20 عامًا.", "أعمل ممرضة.",
           "بصفتي أمًّا، يهمني هذا الموضوع كثيرًا.", "شكرًا على السؤال.", "الفكرة جيدة بشكل عام.",
           "لديّ مشاعر مختلطة.", "كان يجب أن يحدث هذا منذ زمن.", "أعمل في وسط المدينة."],
}
CLOSERS = {
    "en": ["Thank you.", "Thanks for listening.", "Please get this right.", "That's all.", "Good luck.",
           "We need this.", "Please don't let this be just talk."],
    "es": ["Gracias.", "Gracias por escuchar.", "Por favor, háganlo bien.", "Eso es todo.", "Suerte.",
           "Lo necesitamos.", "Que no se quede en palabras."],
    "ar": ["شكرًا.", "شكرًا على الاستماع.", "أرجو أن تنجحوا في ذلك.", "هذا كل شيء.", "بالتوفيق.",
           "نحن بحاجة إلى هذا.", "أرجو ألا يبقى هذا مجرد كلام."],
}
SHORT = {
    "en": ["no", "No.", "nothing", "Nothing else.", "n/a", "Thanks!", "Just do it.", "Good idea.",
           "not sure", "Please hurry.", "no thanks"],
    "es": ["no", "Nada más.", "nada", "Gracias.", "¡Háganlo ya!", "Buena idea.", "no sé", "Ninguna."],
    "ar": ["لا", "لا شيء.", "شكرًا", "فكرة جيدة.", "لا أعرف", "أسرعوا من فضلكم.", "لا، شكرًا."],
}
OFF_TOPIC = {
    "en": ["Fix the potholes on River Road please.", "The streetlights on 5th Avenue have been out for months.",
           "Why is the bus so late in {place}?", "Can we get a dog park in {place}?",
           "Trash pickup has been terrible lately.", "Lower the water bill!"],
    "es": ["Arreglen los baches de River Road, por favor.",
           "Las luces de la calle en la Quinta Avenida llevan meses apagadas.",
           "¿Por qué el autobús tarda tanto en {place}?", "Necesitamos más parques para los niños en {place}.",
           "La recolección de basura ha estado muy mal."],
    "ar": ["أصلحوا الحفر في طريق ريفر رود من فضلكم.", "إنارة الشارع في الجادة الخامسة معطلة منذ أشهر.",
           "لماذا تتأخر الحافلة كثيرًا في {place}؟", "نحتاج إلى حدائق أكثر للأطفال في {place}.",
           "جمع النفايات سيئ جدًا في الفترة الأخيرة."],
}
# Fictional people, reserved 555-01xx numbers and example domains: something for PII redaction to find.
NAMES = {
    "en": [("Denise", "Carter"), ("Mike", "Johnson"), ("Tran", "Nguyen"), ("Angela", "Brooks"), ("Sam", "Porter")],
    "es": [("Rosa", "Martínez"), ("Luis", "Hernández"), ("María", "González"), ("Jorge", "Ramírez")],
    "ar": [("أحمد", "الخطيب"), ("فاطمة", "حداد"), ("يوسف", "منصور"), ("ليلى", "عبد الله")],
}
ASCII_NAMES = {"أحمد": "ahmad", "الخطيب": "alkhatib", "فاطمة": "fatima", "حداد": "haddad", "يوسف": "yousef",
               "منصور": "mansour", "ليلى": "layla", "عبد الله": "abdullah"}
PII_TEMPLATES = {
    "en": ["My name is {name}, you can email me at {email} if you want to talk more.",
           "Call me at {phone}, I'd like to volunteer.", "I'm {name} from {place}, my number is {phone}.",
           "Email me the results please: {email}"],
    "es": ["Me llamo {name} y me pueden llamar al {phone}.", "Mi correo es {email} por si quieren más información.",
           "Soy {name}, de {place}. Me gustaría ayudar, escríbanme a {email}."],
    "ar": ["اسمي {name}، ويمكنكم التواصل معي على الرقم {phone}.",
           "بريدي الإلكتروني {email} إذا أردتم مزيدًا من التفاصيل.",
           "أنا {name} من {place}، وأودّ التطوع. رقمي {phone}."],
}

#: Which themes each open question draws on, with base weights.
QUESTION_THEMES: dict[str, dict[str, float]] = {
    "why_unsafe": {
        "trust_police_fear_911": 6, "racial_equity": 2, "mental_health_crisis": 2,
        "response_time_availability": 1.5, "homelessness_housing": 1, "privacy_data": 1, "youth": 0.6,
        "substance_use": 0.7,
    },
    "responder_qualities": {
        "who_responds": 6, "mental_health_crisis": 3, "follow_up_case_management": 1.5, "substance_use": 1,
        "homelessness_housing": 1, "youth": 1, "racial_equity": 1, "response_time_availability": 1,
        "jobs_labor": 0.5,
    },
    "anything_else": {
        "cost_funding": 2, "jobs_labor": 1.5, "accountability": 2, "privacy_data": 1,
        "response_time_availability": 1, "follow_up_case_management": 1, "youth": 0.7, "who_responds": 0.5,
    },
}


def _fill(template: str, rng: random.Random, lang: str, place: str) -> str:
    text = template
    if "{someone}" in text:
        text = text.replace("{someone}", rng.choice(SOMEONE[lang]))
    if "{when}" in text:
        text = text.replace("{when}", rng.choice(WHEN[lang]))
    if "{wait}" in text:
        text = text.replace("{wait}", rng.choice(WAIT[lang]))
    text = text.replace("{place}", PLACES[place][lang])
    if template.startswith("{"):
        text = text[0].upper() + text[1:]
    return text


def _pick_themes(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    for _ in range(min(count, len(pool))):
        theme = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(theme)
        del pool[theme]
    return chosen


def _roughen(text: str, rng: random.Random, lang: str) -> str:
    """What people do when they type on a phone: no accents, no capitals, typos, no final stop."""
    if lang == "es" and rng.random() < 0.3:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        text = unicodedata.normalize("NFC", text.replace("n\u0303", "ñ"))
    if lang == "ar":
        if rng.random() < 0.3:  # informal writing often drops the hamza on alif
            text = text.replace("أ", "ا").replace("إ", "ا")
        if rng.random() < 0.1:
            text = text.replace("ة ", "ه ")
    elif rng.random() < 0.12:
        text = text.lower()
    if rng.random() < 0.15:
        words = text.split(" ")
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3 and w.isalpha():
            j = rng.randrange(len(w) - 1)
            op = rng.random()
            if op < 0.4:
                w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
            elif op < 0.7:
                w = w[:j] + w[j + 1:]
            else:
                w = w[:j] + w[j] + w[j:]
            words[i] = w
        text = " ".join(words)
    if rng.random() < 0.2 and text[-1:] in ".。":
        text = text[:-1]
    return text


def _join(parts: list[str], rng: random.Random) -> str:
    """Sentences typed without a final stop usually get one when more follows; sometimes they run on."""
    out = []
    for i, part in enumerate(parts):
        if i < len(parts) - 1 and part[-1:] not in ".!?؟" and rng.random() < 0.75:
            part += "."
        out.append(part)
    return " ".join(out)


def personal_data(rng: random.Random, lang: str, place: str) -> str:
    first, last = rng.choice(NAMES[lang])
    local = f"{ASCII_NAMES.get(first, first)}.{ASCII_NAMES.get(last, last)}".lower()
    local = unicodedata.normalize("NFD", local).encode("ascii", "ignore").decode()
    email = f"{local}{rng.randint(1, 99)}@{rng.choice(['example.com', 'example.org', 'example.net'])}"
    phone = rng.choice([f"(555) 555-01{rng.randint(10, 99)}", f"555-01{rng.randint(10, 99)}",
                        f"555.555.01{rng.randint(10, 99)}"])
    name = f"{first} {last}"
    return rng.choice(PII_TEMPLATES[lang]).format(name=name, email=email, phone=phone, place=PLACES[place][lang])


def compose(rng: random.Random, lang: str, question: str, *, place: str = "old_town",
            boosts: dict[str, float] | None = None, max_length: int = 2000) -> Comment:
    """One resident's answer to an open question, in `lang`; `boosts` multiply theme weights."""
    weights = dict(QUESTION_THEMES[question])
    for theme, factor in (boosts or {}).items():
        if theme in weights:
            weights[theme] *= factor
    roll = rng.random()
    short_rate = 0.2 if question == "anything_else" else 0.03
    if roll < short_rate:
        return Comment(rng.choice(SHORT[lang]), ())
    if roll < short_rate + (0.06 if question == "anything_else" else 0.01):
        return Comment(_fill(rng.choice(OFF_TOPIC[lang]), rng, lang, place), ())
    one_line = question == "anything_else"
    if one_line:
        count = rng.choices([1, 2], weights=[70, 30])[0]
    else:
        count = rng.choices([1, 2, 3, 4], weights=[35, 38, 20, 7])[0]
    themes = _pick_themes(rng, weights, count)
    parts: list[str] = []
    if rng.random() < (0.12 if one_line else 0.3):
        parts.append(_fill(rng.choice(OPENERS[lang]), rng, lang, place))
    for theme in themes:
        parts.append(_fill(rng.choice(SENTENCES[theme][lang]), rng, lang, place))
        if not one_line and rng.random() < 0.15:  # a second point on the same theme
            extra = _fill(rng.choice(SENTENCES[theme][lang]), rng, lang, place)
            if extra not in parts:
                parts.append(extra)
    if rng.random() < (0.25 if one_line else 0.3):
        parts.append(rng.choice(CLOSERS[lang]))
    has_pii = rng.random() < 0.012
    if has_pii:
        parts.append(personal_data(rng, lang, place))
    while len(" ".join(parts)) > max_length - 10 and len(parts) > 1:
        parts.pop(-2 if has_pii else -1)  # keep the personal details: redaction must find them
    text = _roughen(_join(parts, rng), rng, lang)[:max_length]
    return Comment(text, tuple(themes), has_pii)


OTHER_SPECIFY = {
    "call_categories": {
        "en": ["Overdoses", "Kids who run away from home", "Elderly people with dementia who wander",
               "Panhandling", "People talking to themselves on the bus", "Trespassing in empty buildings",
               "Family arguments where nobody is violent", "school calls"],
        "es": ["Sobredosis", "Jóvenes que se escapan de casa", "Personas mayores con demencia que se pierden",
               "Personas pidiendo dinero en la calle", "Peleas familiares sin violencia"],
        "ar": ["الجرعات الزائدة", "الأطفال الذين يهربون من المنزل", "كبار السن المصابون بالخرف الذين يضيعون",
               "التسول في الشوارع", "الخلافات العائلية غير العنيفة"],
    },
    "department": {
        "en": ["The county behavioral health agency", "A partnership between health and a nonprofit",
               "Its own board run by residents", "The 911 call center itself", "not police, anything else"],
        "es": ["La agencia de salud mental del condado",
               "Una alianza entre el departamento de salud y una organización sin fines de lucro",
               "Una junta propia dirigida por residentes"],
        "ar": ["وكالة الصحة النفسية في المقاطعة", "شراكة بين إدارة الصحة ومنظمة غير ربحية",
               "مجلس مستقل يديره السكان"],
    },
    "crisis_who_came": {
        "en": ["Hospital security", "A pastor from our church", "His caseworker", "School counselor",
               "the landlord"],
        "es": ["El pastor de la iglesia", "Seguridad del hospital", "Su trabajadora social"],
        "ar": ["إمام المسجد", "أمن المستشفى", "الأخصائي الاجتماعي المتابع لحالته"],
    },
}


def other_specify(rng: random.Random, lang: str, question: str) -> str:
    return rng.choice(OTHER_SPECIFY[question][lang])
