"""The demo survey end to end in Spanish through the real routes, filled as a person would."""
from __future__ import annotations

import re

import sqlalchemy as sa

from engage.models import Response


def fill(html: str) -> dict[str, object]:
    """Pick the first option of every radio group and checkbox list, distinct options for rankings."""
    answers: dict[str, object] = {}
    for name in dict.fromkeys(re.findall(r'type="radio" id="[^"]+" name="([^"]+)"', html)):
        answers[name] = re.search(rf'type="radio" id="[^"]+" name="{re.escape(name)}" value="([^"]+)"', html).group(1)
    for name in dict.fromkeys(re.findall(r'type="checkbox" id="[^"]+" name="([^"]+)"', html)):
        answers[name] = [re.search(rf'type="checkbox" id="[^"]+" name="{re.escape(name)}" value="([^"]+)"', html).group(1)]
    used: dict[str, set] = {}
    for slot in re.findall(r'<select class="select" id="([^"]+)"', html):
        base = slot.rsplit("-", 1)[0]
        block = re.search(rf'<select class="select" id="{re.escape(slot)}".*?</select>', html, re.S).group(0)
        options = [o for o in re.findall(r'<option value="([^"]+)"', block) if o not in used.setdefault(base, set())]
        answers[slot] = options[0]
        used[base].add(options[0])
    for name in re.findall(r'<textarea class="textarea" id="([^"]+)"', html):
        answers[name] = "Que vengan rápido y que hablen español."
    return answers


def test_demo_survey_completes_in_spanish(db, resident, client):
    from engage.demo import seed_demo

    seed_demo(db.session, secret="s", responses=0, password="demo-password-123")
    db.session.commit()
    r = resident("community-responders")
    r.start(lang="es")
    assert 'lang="es"' in r.html
    number = 1
    for _ in range(20):
        # Every question label on the page is Spanish: no fallback note.
        assert "translation-note" not in r.html
        response = r.post(number, fill(r.html))
        assert response.status_code == 302, re.findall(r'<li><a href="#[^"]+">([^<]+)</a>', r.html)
        if response.headers["Location"].endswith("/thanks"):
            break
        number += 1
        r.open(number)
    thanks = client.get("/s/community-responders/thanks").get_data(as_text=True)
    assert "Gracias" in thanks
    survey_id = db.session.scalar(sa.text("SELECT id FROM surveys WHERE slug = 'community-responders'"))
    stored = db.session.scalars(sa.select(Response).where(Response.survey_id == survey_id)).all()
    assert len(stored) == 1 and stored[0].locale == "es" and stored[0].channel == "web"
