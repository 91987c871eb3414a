"""PII redaction: the first step for any open text, before it is kept, tagged or quoted.

Emails, URLs, phone numbers (local and international formats), street addresses and names
introduced by phrases such as "my name is" / "me llamo" / "ich heiße" / "اسمي" become typed
placeholders: ``[email]``, ``[url]``, ``[phone]``, ``[address]``, ``[name]``. Patterns lean towards
over-redaction: a lost word in a quote costs less than a published phone number.

Self-introductions that are also ordinary phrases ("I'm / I am / this is / it's", "soy", "habla",
"ich bin", "hier ist / spricht", "je suis", "c'est", "<Name> here") redact one or two capitalised
words, but only when they look like a name: words people use to state who they are ("I'm Black",
"I am Latino", "I'm Muslim", "I'm African American", "soy Latina", "ich bin Rentnerin", "I'm OK")
are kept, and a single capitalised word counts only when the introduction plainly ends after it
("I'm Mike, ...", "I'm Mike and ...", "I'm Mike from ...", "Mike here", end of sentence), so
"I'm Sorry to say" stays. Arabic has no capitals, and "أنا" (I am) is followed by anything, so
only "اسمي" / "أدعى" introduce a name there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|info|us|uk|de|es|fr|mx)(?:/[^\s<>\"']*)?\b",
    re.IGNORECASE,
)
# Runs of 7-15 digits, allowing +, spaces, dots, dashes, slashes and brackets between groups:
# "(270) 555-0134", "+44 20 7946 0958", "0171/1234567", "+52 55 1234 5678".
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s./-]?\(?\d{1,4}\)?){5,}(?!\w)|\(\d{2,4}\)\s?\d(?:[\s./-]?\d){5,}")

# Street types in the languages we support; a house number next to one of them is an address.
_STREET_EN = r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|circle|cir|highway|hwy|parkway|pkwy|terrace|trail|square|sq)\.?"
_STREET_EN_CLEAR = r"(?:street|st|avenue|ave|boulevard|blvd|rd|ln|dr)\.?"
_STREET_LATIN = r"(?:calle|c/|avenida|av\.?|avda\.?|paseo|camino|carrera|plaza|rue|boulevard|bd|avenue|chemin|place|allée|impasse|quai)"
_STREET_DE = r"[\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer)"
# Arabic: street, road, avenue, alley (with a leading "the" or "and" written on), then the street's
# name. Digits may be Western or Arabic-Indic (\d reads both).
_STREET_AR = r"(?:[وف]?(?:ال)?(?:شارع|طريق|جادة|زقاق))"
_AR_WORD = r"[^\W\d_]+"
ADDRESS = re.compile(
    # The name's words are capitalised ("1234 Main Street"): the pattern ignores case, which had
    # made "The 911 dispatchers need a way to ..." an address. Typed in lower case, a name of one or
    # two words counts before a street type that is rarely anything else ("1234 main st").
    rf"\b\d{{1,6}}[a-z]?\s+(?:(?-i:[A-Z0-9])[\w'.-]*\s+){{0,4}}{_STREET_EN}(?=\W|$)"
    rf"|\b\d{{1,6}}[a-z]?\s+(?:(?-i:[a-z])[\w'.-]*\s+){{1,2}}{_STREET_EN_CLEAR}(?=\W|$)"
    rf"|\b{_STREET_LATIN}\s+(?:de\s+|del\s+|la\s+|los\s+|las\s+|du\s+|de\s+la\s+)?[\wÀ-ÿ'.-]+(?:\s+[\wÀ-ÿ'.-]+){{0,3}}?,?\s*(?:n[º°o.]?\s*)?\d{{1,5}}\b"
    rf"|\b\d{{1,5}},?\s+{_STREET_LATIN}\s+(?:de\s+|du\s+|des\s+|de\s+la\s+)?[\wÀ-ÿ'-]+(?:\s+[\wÀ-ÿ'-]+){{0,2}}"
    rf"|\b[A-ZÄÖÜ]{_STREET_DE}\s+\d{{1,5}}[a-z]?\b"
    # "12 شارع الملك" (number first: one name word), "شارع النخيل 15", and a name of two words
    # when a comma or "number"/"building" comes before the number ("شارع الملك فهد، رقم 7"): a
    # second word then a bare number is as often a sentence ("شارع الملك فيه 3 مشردين").
    rf"|\b\d{{1,5}}\s+{_STREET_AR}\s+{_AR_WORD}"
    rf"|\b{_STREET_AR}\s+{_AR_WORD}\s+\d{{1,5}}\b"
    rf"|\b{_STREET_AR}\s+{_AR_WORD}(?:\s+{_AR_WORD})?\s*[،,]?\s*(?:رقم|مبنى|بناية|عمارة)\s*\d{{1,5}}\b"
    rf"|\b{_STREET_AR}\s+{_AR_WORD}(?:\s+{_AR_WORD})?\s*[،,]\s*\d{{1,5}}\b",
    re.IGNORECASE | re.UNICODE,
)
# A word that can be part of a name: a letter, then letters, apostrophes or hyphens ("O'Brien").
_WORD = r"[^\W\d_][\w'’-]*"
# Capital letters (Latin, Greek, Cyrillic) for patterns that must see case while matching.
_UPPER = "[" + "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper() and ch.isalpha()) + "]"
_CAPITALISED = rf"{_UPPER}[\w'’-]*"
# Phrases that introduce a name whatever follows: "my name is", "me llamo", "ich heiße"...
NAME_INTRO = re.compile(
    r"(?i:\b(?:my name is|my name's|my name’s|i am called|i'm called|i’m called|me llamo|mi nombre es|"
    r"je m'appelle|je m’appelle|mon nom est|ich heiße|ich heisse|mein name ist)\s+)"
    rf"({_WORD}(?:[ \t]+{_WORD}){{0,2}})",
    re.UNICODE,
)
# Self-introductions that are also ordinary phrases ("I'm Mike" / "I'm Black", "soy María" /
# "soy de aquí"): only one or two capitalised words that are not a known non-name count, and a
# single word only when something that ends a name follows it (see ``_names``).
_WEAK_INTROS = (
    # (phrase, how many capitalised words it needs: "pair_or_cue" = two, or one followed by a cue;
    #  "any" = one is enough)
    (r"i['’]m|i am|this is|it['’]s|it is", "pair_or_cue"),  # en
    (r"soy|(?:le |les )?habla", "pair_or_cue"),  # es
    (r"ich bin|hier ist", "pair_or_cue"),  # de
    (r"hier spricht", "any"),
    (r"je suis|c['’]est", "pair_or_cue"),  # fr
    (r"call me", "any"),
)
_CUE = (
    r"(?P<cue>[ \t]*(?:[,.;:!?()\"]|[-–—](?:\s|$)|$)"
    r"|[ \t]+(?i:and|from|here|y|de|del|desde|aquí|aqui|und|aus|hier|et|du|des|ici)\b)?"
)
WEAK_NAME_INTRO = re.compile(
    r"(?P<intro>(?<![\w'’])(?i:" + "|".join(f"(?P<m{i}>{p})" for i, (p, _) in enumerate(_WEAK_INTROS)) + r")[ \t]+)"
    rf"(?P<name>{_CAPITALISED}(?:[ \t]+{_CAPITALISED})?)" + _CUE,
    re.UNICODE | re.MULTILINE,
)
# "Mike here" / "Hi, Mike Johnson here." at the start of a sentence or after a greeting.
NAME_HERE = re.compile(
    r"(?P<intro>(?:^|(?<=[.!?;:\n])|(?<=[.!?;:\n])[ \t]+|(?i:\b(?:hi|hello|hey|hola|hallo|bonjour|salut)\b)[,!]?[ \t]+))"
    rf"(?P<name>{_CAPITALISED}(?:[ \t]+{_CAPITALISED})?)(?P<tail>[ \t]+(?i:here)(?=[ \t]*(?:[,.;:!?()]|[-–—]|$)))",
    re.UNICODE | re.MULTILINE,
)
# Arabic has no capitals: take the one or two words after "اسمي" (my name) / "أنا اسمي" / "أدعى" (I am
# called). "أنا" (I am) alone is left alone: it is followed by anything ("أنا طالب", I am a student).
NAME_INTRO_AR = re.compile(r"((?:اسمي|إسمي|أدعى|ادعى)\s+(?:هو\s+)?)([\u0600-\u06FF]+(?:\s+[\u0600-\u06FF]+)?)")

# Capitalised words that commonly follow "I'm" / "I am" / "soy" / "ich bin" / "c'est" and are not
# names: identities people state in a consultation (race, ethnicity, nationality, religion,
# language, politics, disability, roles), feelings, places of work, calendar words, and words that
# never start a name. Lower case; a run of such words is kept, a run with any other word redacted.
_NOT_NAMES = frozenset("""
a an the not very so also just still really only here there from in at on of for to with by
and or but because if when as no yes ok okay fine sorry glad happy sure done tired afraid
i we you he she they it this that these those my our your his her their everyone everybody
someone somebody nobody people anyone something nothing everything
black white brown latino latina latinx latine hispanic asian african american americans native
indigenous mexican chicano chicana puerto rican cuban dominican salvadoran guatemalan honduran
colombian venezuelan haitian jamaican caribbean european arab middle eastern pacific islander
hawaiian alaskan filipino filipina chinese japanese korean vietnamese cambodian hmong indian
pakistani bangladeshi somali ethiopian eritrean nigerian ghanaian kenyan congolese sudanese
irish italian german french english british scottish welsh polish russian ukrainian greek
turkish kurdish iranian persian afghan syrian iraqi lebanese palestinian egyptian moroccan
jewish muslim islamic christian catholic protestant baptist methodist lutheran pentecostal
mormon evangelical orthodox buddhist hindu sikh jain atheist agnostic quaker
spanish arabic mandarin cantonese vietnamese tagalog portuguese creole
lgbt lgbtq lgbtqia gay lesbian bisexual trans transgender queer nonbinary two-spirit
deaf blind disabled autistic neurodivergent veteran vet homeless unhoused sober
democrat republican independent conservative liberal progressive libertarian socialist
woman man women men female male mom dad mother father parent grandmother grandfather grandparent
nurse doctor teacher student resident neighbor neighbour renter homeowner retired retiree
police officer cop firefighter paramedic emt social worker clinician counselor pastor
city county council department state federal government public safety mental health community
crisis emergency program services service team office center
god jesus christmas easter ramadan thanksgiving
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december america
un una uno el la los las de del muy también tambien aquí aqui allí
mexicano mexicana americano americana estadounidense católico católica catolico catolica cristiano
cristiana evangélico evangélica musulmán musulmana judío judía judio judia indígena indigena negro
negra blanco blanca moreno morena afroamericano afroamericana afrodescendiente hispano hispana
latinoamericano latinoamericana salvadoreño salvadoreña guatemalteco guatemalteca hondureño
hondureña cubano cubana puertorriqueño puertorriqueña dominicano dominicana colombiano colombiana
español española inglés ingles francés alemán árabe madre padre abuela abuelo estudiante vecino
vecina enfermera enfermero maestra maestro policía
ein eine einer nicht sehr auch hier dort aus im am mit
deutsch deutscher deutsche türke türkin türkisch christ christin muslima muslimin jude jüdin
jüdisch katholisch evangelisch mutter vater eltern elternteil oma opa rentner rentnerin student
studentin schüler schülerin anwohner anwohnerin bürger bürgerin nachbar nachbarin mitglied mieter
mieterin vermieter arzt ärztin lehrer lehrerin krankenschwester krankenpfleger pfleger pflegerin
sozialarbeiter sozialarbeiterin polizist polizistin feuerwehrmann sanitäter opfer ausländer
ausländerin migrant migrantin flüchtling mensch teil fan single selbstständig arbeitslos
obdachlos froh dankbar besorgt
une pas très aussi ici français française francais francaise musulman musulmane chrétien
chrétienne catholique juif juive noir noire blanc blanche maghrébin maghrébine mère père
infirmière infirmier voisin voisine étudiant étudiante retraité retraitée noël paris
""".split())
# Substrings without which NAME_INTRO / WEAK_NAME_INTRO cannot match (checked on lower-cased text).
_STRONG_HINTS = ("name", "called", "llamo", "nombre", "appelle", "nom est", "heiße", "heisse")
_WEAK_HINTS = ("i'm", "i’m", "i am", "this is", "it's", "it’s", "it is", "soy", "habla", "ich bin", "hier ",
               "je suis", "c'est", "c’est", "call me")
# "Hi Mike here": a greeting is not part of the name.
_GREETINGS = frozenset({"hi", "hello", "hey", "hola", "hallo", "bonjour", "salut"})
# German nouns are capitalised: after "ich bin" / "hier ist" a lone word with a common-noun ending
# ("Rentnerin", "Hoffnung") is not a name.
_DE_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "ismus", "erin", "ner", "ling", "tion", "tät")
_CONNECTORS = frozenset({"and", "y", "und", "et", "or", "o", "oder", "ou", "from", "de", "aus", "but", "pero", "aber", "mais"})


def _looks_like_name(word: str) -> bool:
    """A capitalised word (not an all-capitals acronym like "OK" or "EMT") that is not a known non-name."""
    return word[0].isupper() and not (len(word) > 1 and word.isupper()) and word.lower() not in _NOT_NAMES


@dataclass
class Redaction:
    text: str
    found: dict[str, int] = field(default_factory=dict)


_DIGIT = re.compile(r"\d")


def _sub(pattern: re.Pattern[str], placeholder: str, text: str, found: dict[str, int]) -> str:
    def replace(match: re.Match[str]) -> str:
        found[placeholder] = found.get(placeholder, 0) + 1
        return f"[{placeholder}]"

    return pattern.sub(replace, text)


def _names(text: str, found: dict[str, int]) -> str:
    def count() -> None:
        found["name"] = found.get("name", 0) + 1

    def strong(match: re.Match[str]) -> str:
        words = match.group(1).split()
        if words[0].lower() in _NOT_NAMES:  # "my name is not important"
            return match.group(0)
        # Further words belong to the name when capitalised ("John Smith and I" keeps "and I"); a
        # name typed all in lower case takes its next word unless it joins a new clause.
        kept = [words[0]]
        for word in words[1:]:
            if word[0].isupper() or (words[0].islower() and word.lower() not in _NOT_NAMES | _CONNECTORS):
                kept.append(word)
            else:
                break
        count()
        name = match.group(1)
        end = name.index(kept[-1], sum(len(w) for w in kept[:-1])) + len(kept[-1])
        return match.group(0)[: match.start(1) - match.start(0)] + "[name]" + name[end:]

    def weak(match: re.Match[str]) -> str:
        words = match.group("name").split()
        mode = next(mode for i, (_, mode) in enumerate(_WEAK_INTROS) if match.group(f"m{i}") is not None)
        german = match.group("intro").strip().lower() in ("ich bin", "hier ist")
        if not words[0][0].isupper() or not any(_looks_like_name(w) for w in words):
            return match.group(0)
        if len(words) == 1:
            # One word: a name only when the introduction plainly ends there ("I'm Mike, ...",
            # "I'm Mike and ...", "I'm Mike from ...", "Soy Ana."), never "I'm Sorry to say".
            if mode != "any" and match.group("cue") is None:
                return match.group(0)
            if german and words[0].lower().endswith(_DE_NOUN_ENDINGS):
                return match.group(0)
        count()
        return f"{match.group('intro')}[name]{match.group('cue') or ''}"

    def here(match: re.Match[str]) -> str:
        intro, words = match.group("intro"), match.group("name").split()
        if words[0].lower() in _GREETINGS:
            if len(words) == 1:
                return match.group(0)
            intro, words = intro + match.group("name")[: match.group("name").index(words[1])], words[1:]
        if not all(_looks_like_name(w) for w in words):
            return match.group(0)
        count()
        return f"{intro}[name]{match.group('tail')}"

    def arabic(match: re.Match[str]) -> str:
        count()
        return f"{match.group(1)}[name]"

    # Cheap substring checks first: most comments introduce nobody.
    lowered = text.lower()
    if any(hint in lowered for hint in _STRONG_HINTS):
        text = NAME_INTRO.sub(strong, text)
    if any(hint in lowered for hint in _WEAK_HINTS):
        text = WEAK_NAME_INTRO.sub(weak, text)
    if "here" in lowered:
        text = NAME_HERE.sub(here, text)
    if any(hint in text for hint in ("اسم", "إسم", "دعى")):
        text = NAME_INTRO_AR.sub(arabic, text)
    return text


def redact_details(text: str | None) -> Redaction:
    """Redact ``text`` and count what was found per type."""
    if not text:
        return Redaction(text or "")
    found: dict[str, int] = {}
    # Order matters: emails before URLs (a domain inside an email), URLs before phones (digits in
    # paths), addresses before phones (house numbers are short, so they rarely collide).
    # Cheap guards skip patterns that cannot match (every email has "@", every URL a dot, every
    # phone number and street address a digit): most comments have none of these.
    out = text
    if "@" in out:
        out = _sub(EMAIL, "email", out, found)
    if "." in out or "://" in out:
        out = _sub(URL, "url", out, found)
    if _DIGIT.search(out):
        out = _sub(PHONE, "phone", out, found)
        out = _sub(ADDRESS, "address", out, found)
    out = _names(out, found)
    return Redaction(out, found)


def redact(text: str | None) -> str:
    """``text`` with personal details replaced by typed placeholders."""
    return redact_details(text).text
