"""PII redaction: the first step for any open text, before it is kept, tagged or quoted.

Emails, URLs, phone numbers (local and international formats), street addresses and names
introduced by phrases such as "my name is" / "me llamo" / "ich heiße" / "اسمي" become typed
placeholders: ``[email]``, ``[url]``, ``[phone]``, ``[address]``, ``[name]``. Patterns lean towards
over-redaction: a lost word in a quote costs less than a published phone number.
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
_STREET_LATIN = r"(?:calle|c/|avenida|av\.?|avda\.?|paseo|camino|carrera|plaza|rue|boulevard|bd|avenue|chemin|place|allée|impasse|quai)"
_STREET_DE = r"[\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer)"
ADDRESS = re.compile(
    rf"\b\d{{1,6}}[a-z]?\s+(?:[A-Z0-9][\w'.-]*\s+){{0,4}}{_STREET_EN}(?=\W|$)"
    rf"|\b{_STREET_LATIN}\s+(?:de\s+|del\s+|la\s+|los\s+|las\s+|du\s+|de\s+la\s+)?[\wÀ-ÿ'.-]+(?:\s+[\wÀ-ÿ'.-]+){{0,3}}?,?\s*(?:n[º°o.]?\s*)?\d{{1,5}}\b"
    rf"|\b\d{{1,5}},?\s+{_STREET_LATIN}\s+(?:de\s+|du\s+|des\s+|de\s+la\s+)?[\wÀ-ÿ'-]+(?:\s+[\wÀ-ÿ'-]+){{0,2}}"
    rf"|\b[A-ZÄÖÜ]{_STREET_DE}\s+\d{{1,5}}[a-z]?\b",
    re.IGNORECASE | re.UNICODE,
)
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’À-ÿ-]+"
NAME_INTRO = re.compile(
    r"(\b(?:my name is|my name's|i am called|i'm called|call me|this is|me llamo|mi nombre es|soy|"
    r"je m'appelle|je m’appelle|mon nom est|je suis|ich heiße|ich heisse|mein name ist|ich bin)\s+)"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})",
    re.IGNORECASE | re.UNICODE,
)
# Arabic has no capitals: take the one or two words after "اسمي" (my name) / "أنا اسمي".
NAME_INTRO_AR = re.compile(r"((?:اسمي|إسمي|أدعى|ادعى)\s+(?:هو\s+)?)([\u0600-\u06FF]+(?:\s+[\u0600-\u06FF]+)?)")

# After "i am" / "soy" / "je suis" / "ich bin", only a capitalised word is a name; these are not.
_NOT_NAMES = {
    "a", "an", "the", "not", "very", "so", "also", "just", "here", "there", "from", "in", "at", "un", "una",
    "de", "del", "muy", "ein", "eine", "nicht", "sehr", "aus", "un", "une", "pas", "très",
}


@dataclass
class Redaction:
    text: str
    found: dict[str, int] = field(default_factory=dict)


def _sub(pattern: re.Pattern[str], placeholder: str, text: str, found: dict[str, int]) -> str:
    def replace(match: re.Match[str]) -> str:
        found[placeholder] = found.get(placeholder, 0) + 1
        return f"[{placeholder}]"

    return pattern.sub(replace, text)


def _names(text: str, found: dict[str, int]) -> str:
    def replace(match: re.Match[str]) -> str:
        intro, name = match.group(1), match.group(2)
        lowered = intro.strip().lower()
        if lowered in {"soy", "je suis", "ich bin", "this is", "call me"}:
            words = name.split()
            # Only a capitalised word, not a common adjective, after these weaker openers.
            if not name[0].isupper() or words[0].lower() in _NOT_NAMES:
                return match.group(0)
        if name.split()[0].lower() in _NOT_NAMES:
            return match.group(0)
        found["name"] = found.get("name", 0) + 1
        return f"{intro}[name]"

    text = NAME_INTRO.sub(replace, text)

    def replace_ar(match: re.Match[str]) -> str:
        found["name"] = found.get("name", 0) + 1
        return f"{match.group(1)}[name]"

    return NAME_INTRO_AR.sub(replace_ar, text)


def redact_details(text: str | None) -> Redaction:
    """Redact ``text`` and count what was found per type."""
    if not text:
        return Redaction(text or "")
    found: dict[str, int] = {}
    # Order matters: emails before URLs (a domain inside an email), URLs before phones (digits in
    # paths), addresses before phones (house numbers are short, so they rarely collide).
    out = _sub(EMAIL, "email", text, found)
    out = _sub(URL, "url", out, found)
    out = _sub(PHONE, "phone", out, found)
    out = _sub(ADDRESS, "address", out, found)
    out = _names(out, found)
    return Redaction(out, found)


def redact(text: str | None) -> str:
    """``text`` with personal details replaced by typed placeholders."""
    return redact_details(text).text
