"""Self-introductions without "my name is": names go, identities people state stay."""

import pytest

from engage.analysis import redact


@pytest.mark.parametrize(
    "text,leaked",
    [
        ("I'm Mike Johnson from Westfield", ["Mike", "Johnson"]),
        ("I am Mike Johnson", ["Mike", "Johnson"]),
        ("This is Mike Johnson", ["Mike", "Johnson"]),
        ("Hi, Mike here", ["Mike"]),
        ("Hi Mike Johnson here.", ["Mike", "Johnson"]),
        ("Mike here. I want a clinician, not a cop.", ["Mike"]),
        ("I’m Mike, a nurse at the hospital", ["Mike"]),
        ("I'm Mike and I called 911 last year", ["Mike"]),
        ("I am Mike from the east side", ["Mike"]),
        ("It's Mike Johnson again", ["Mike", "Johnson"]),
        ("I'm Christian Müller", ["Christian", "Müller"]),
        ("Hola, soy María López", ["María", "López"]),
        ("Soy María y vivo aquí", ["María"]),
        ("Buenas, le habla Juan Pérez", ["Juan", "Pérez"]),
        ("Ich bin Anna Schmidt", ["Anna", "Schmidt"]),
        ("Ich bin Anna und wohne hier", ["Anna"]),
        ("Hier ist Jürgen Müller", ["Jürgen", "Müller"]),
        ("Hier spricht Anna", ["Anna"]),
        ("Je suis Claire Dubois", ["Claire", "Dubois"]),
        ("Bonjour, c'est Claire.", ["Claire"]),
        ("أدعى أحمد علي", ["أحمد"]),
    ],
)
def test_self_introductions_are_redacted(text, leaked):
    out = redact(text)
    assert "[name]" in out, out
    for word in leaked:
        assert word not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "I'm Black and I'm afraid of the police",
        "I am Latino",
        "I'm Muslim.",
        "I'm African American and I live downtown",
        "I am Native American from Westfield",
        "I'm OK with police coming if they bring a counselor",
        "I'm Christian, and my church runs a shelter",
        "I'm Sorry to say the response was slow",
        "I'm EMT certified",
        "It's Mental Health that matters",
        "Soy Latina y vivo aquí",
        "Nadie habla Inglés en la oficina",
        "Ich bin Rentnerin und wohne hier",
        "Ich bin Mutter von drei Kindern",
        "Hier ist Hilfe nötig",
        "أنا طالب وأخاف من الشرطة",
        "Everyone here agrees.",
        "I am very worried.",
    ],
)
def test_identities_and_ordinary_phrases_are_kept(text):
    assert redact(text) == text


def test_only_the_name_goes_and_the_sentence_stays():
    assert redact("Hi, my name is John Smith and I need help") == "Hi, my name is [name] and I need help"
    assert redact("my name is john smith and i need help") == "my name is [name] and i need help"
    assert redact("I'm Mike Johnson from Westfield") == "I'm [name] from Westfield"
    assert redact("Hi, Mike here") == "Hi, [name] here"
    assert redact("Soy María y vivo aquí") == "Soy [name] y vivo aquí"
