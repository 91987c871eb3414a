"""Synthetic Riverton residents and the answers they give to the demo survey.

Plain data only: a resident is drawn from weighted distributions (language, district, age, race and
ethnicity, housing), and a hidden `trust` in calling 911 today shapes their answers, so that results
show the patterns an analyst expects (people who feel unsafe calling 911 want clinicians and peers,
unhoused residents put homelessness calls first) rather than noise.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from engage.demo import comments

LOCALES = {"en": 0.65, "es": 0.25, "ar": 0.10}
#: Before the adjustments for older and unstably housed residents, which bring the totals to about
#: 70% web, 18% paper, 8% listening sessions and 4% phone.
CHANNELS = {"web": 0.763, "paper": 0.151, "session": 0.056, "phone": 0.03}

#: Where speakers of each language live: Spanish speakers mostly in Southport and Mill Creek,
#: Arabic speakers mostly in Eastbank.
DISTRICT_BY_LOCALE = {
    "en": {"old_town": 0.14, "northgate": 0.27, "eastbank": 0.14, "mill_creek": 0.08, "southport": 0.17,
           "westfield": 0.20},
    "es": {"old_town": 0.08, "northgate": 0.06, "eastbank": 0.12, "mill_creek": 0.30, "southport": 0.40,
           "westfield": 0.04},
    "ar": {"old_town": 0.07, "northgate": 0.05, "eastbank": 0.66, "mill_creek": 0.06, "southport": 0.13,
           "westfield": 0.03},
}
AGE_BANDS = {"under_18": 0.03, "age_18_24": 0.10, "age_25_34": 0.20, "age_35_44": 0.19, "age_45_54": 0.16,
             "age_55_64": 0.16, "age_65_plus": 0.16}
HOME_LANGUAGE_BY_LOCALE = {
    "en": {"english": 0.85, "spanish": 0.05, "vietnamese": 0.06, "arabic": 0.01, "other_language": 0.03},
    "es": {"spanish": 0.93, "english": 0.05, "other_language": 0.02},
    "ar": {"arabic": 0.95, "english": 0.03, "other_language": 0.02},
}
RACE_BY_LOCALE = {
    "en": {"white": 0.50, "black": 0.23, "hispanic_latino": 0.07, "asian": 0.07, "mena": 0.02,
           "american_indian": 0.02, "pacific_islander": 0.01, "multiple": 0.06, "another": 0.02},
    "es": {"hispanic_latino": 0.88, "multiple": 0.04, "white": 0.04, "black": 0.02, "another": 0.02},
    "ar": {"mena": 0.90, "white": 0.03, "black": 0.03, "multiple": 0.02, "another": 0.02},
}
HOUSING = {"own": 0.46, "rent": 0.37, "with_others": 0.07, "shelter": 0.03, "unhoused": 0.04}
HOUSING_YOUNG = {"own": 0.10, "rent": 0.55, "with_others": 0.25, "shelter": 0.04, "unhoused": 0.06}
UNSTABLY_HOUSED = ("shelter", "unhoused")


@dataclass(frozen=True)
class Resident:
    locale: str
    channel: str
    district: str
    age_band: str
    home_language: str
    race_ethnicity: str
    housing: str
    #: How much this person trusts that calling 911 today brings help, roughly -2 (not at all) to 2.
    trust: float

    @property
    def unstably_housed(self) -> bool:
        return self.housing in UNSTABLY_HOUSED

    @property
    def older(self) -> bool:
        return self.age_band in ("age_55_64", "age_65_plus")

    @property
    def young(self) -> bool:
        return self.age_band in ("under_18", "age_18_24")


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def draw_resident(rng: random.Random) -> Resident:
    locale = pick(rng, LOCALES)
    district = pick(rng, DISTRICT_BY_LOCALE[locale])
    age_band = pick(rng, AGE_BANDS)
    home_language = pick(rng, HOME_LANGUAGE_BY_LOCALE[locale])
    race = "asian" if home_language == "vietnamese" else pick(rng, RACE_BY_LOCALE[locale])
    young = age_band in ("age_18_24",)
    housing = pick(rng, HOUSING_YOUNG if young else HOUSING)
    if age_band == "under_18":
        housing = rng.choices(["own", "rent", "with_others", "unhoused"], weights=[45, 45, 7, 3])[0]
    if housing in UNSTABLY_HOUSED and rng.random() < 0.5:
        district = rng.choice(["old_town", "old_town", "southport", district])  # shelters are downtown
    channel_weights = dict(CHANNELS)
    if housing in UNSTABLY_HOUSED:  # reached by outreach at listening sessions and on paper
        channel_weights = {"web": 0.25, "paper": 0.35, "session": 0.35, "phone": 0.05}
    elif age_band == "age_65_plus":
        channel_weights = {"web": 0.58, "paper": 0.25, "session": 0.08, "phone": 0.09}
    channel = pick(rng, channel_weights)
    trust = 0.45 + rng.gauss(0, 0.75)
    trust -= {"black": 0.85, "hispanic_latino": 0.45, "mena": 0.5, "multiple": 0.3, "american_indian": 0.5}.get(race, 0)
    trust -= 0.25 if locale != "en" else 0  # fear of immigration enforcement
    trust -= 0.9 if housing in UNSTABLY_HOUSED else 0
    trust += 0.35 if age_band in ("age_55_64", "age_65_plus") else 0
    trust += 0.2 if housing == "own" else 0
    trust -= 0.2 if age_band in ("under_18", "age_18_24") else 0
    return Resident(locale, channel, district, age_band, home_language, race, housing, max(-2.0, min(2.0, trust)))


def _likert(rng: random.Random, mean: float, *, dont_know: float = 0.03, blank: float = 0.04) -> int | str | None:
    roll = rng.random()
    if roll < blank:
        return None
    if roll < blank + dont_know:
        return "dont_know"
    return clamp(mean + rng.gauss(0, 0.8), 1, 5)


def _some_of(rng: random.Random, probabilities: dict[str, float], *, at_least: int = 1,
             at_most: int | None = None) -> list[str]:
    chosen = [code for code, p in probabilities.items() if rng.random() < max(0.0, min(p, 0.98))]
    if len(chosen) < at_least:
        chosen = [pick(rng, {k: max(v, 0.01) for k, v in probabilities.items()})]
    if at_most is not None and len(chosen) > at_most:
        # keep the ones this resident cares most about, with a little chance
        chosen.sort(key=lambda c: probabilities[c] + rng.random() * 0.3, reverse=True)
        chosen = chosen[:at_most]
    order = list(probabilities)
    return sorted(chosen, key=order.index)


def _rank(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    pool = dict(weights)
    ranked = []
    for _ in range(count):
        code = pick(rng, pool)
        ranked.append(code)
        del pool[code]
    return ranked


def _text_rate(resident: Resident, base: float) -> float:
    """People type less on paper, and staff taking phone answers write down less."""
    return base * {"web": 1.0, "session": 1.1, "paper": 0.6, "phone": 0.7}[resident.channel]


def answer_survey(rng: random.Random, r: Resident) -> dict[str, Any]:
    """The raw answers of one resident, keyed by question key (with `<key>__other` texts).

    Conditions are followed as a resident would meet them; `engage.surveys.logic.prune` is still run
    on the result before it is stored.
    """
    a: dict[str, Any] = {}
    lang = r.locale
    boosts: dict[str, float] = {}
    if r.unstably_housed:
        boosts.update(homelessness_housing=5, substance_use=1.5, follow_up_case_management=1.5)
    if r.race_ethnicity in ("black", "hispanic_latino", "mena", "multiple"):
        boosts.update(racial_equity=2.2)
    if lang != "en":
        boosts.update(privacy_data=2, who_responds=1.3)
    if r.young:
        boosts.update(youth=3)
    if r.housing == "own":
        boosts.update(cost_funding=1.6)

    # 1. Calling 911 today
    safe = _likert(rng, 3.1 + 1.1 * r.trust, dont_know=0.03, blank=0.03)
    a["safe_calling_911"] = safe
    if safe in (1, 2) and rng.random() < _text_rate(r, 0.72):
        a["why_unsafe"] = comments.compose(rng, lang, "why_unsafe", place=r.district, boosts=boosts).text
    if rng.random() > 0.09:
        calls = rng.choices([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 20, 30],
                            weights=[38, 22, 14, 8, 5, 4, 3, 2, 2, 1, 0.6, 0.4])[0]
        if r.unstably_housed:
            calls += rng.choice([0, 1, 2, 3, 5])
        a["calls_past_year"] = calls
    crisis_p = 0.40 + (0.25 if r.unstably_housed else 0) + (0.08 if r.young or r.age_band == "age_25_34" else 0)
    if rng.random() > 0.05:
        a["crisis_experience"] = "yes" if rng.random() < crisis_p else "no"
    if a.get("crisis_experience") == "yes" and rng.random() < 0.9:
        came = _some_of(rng, {"police": 0.68, "ambulance": 0.42, "fire": 0.10, "crisis_team": 0.12,
                              "family_friends": 0.22, "nobody": 0.0})
        if rng.random() < 0.06:
            came = ["nobody"]
        if rng.random() < 0.03:
            came.append("other")
            a["crisis_who_came__other"] = comments.other_specify(rng, lang, "crisis_who_came")
        a["crisis_who_came"] = came

    # 2. The calls and the team
    came_police = "police" in (a.get("crisis_who_came") or [])
    distrust = max(0.0, -r.trust) / 2  # 0..1
    categories = _some_of(rng, {
        "mental_health": 0.82 + 0.1 * distrust,
        "homelessness": 0.62 + (0.3 if r.unstably_housed else 0),
        "substance_use": 0.50 + (0.15 if r.unstably_housed else 0),
        "welfare_check": 0.55 + (0.1 if r.older else 0),
        "quality_of_life": 0.32 - 0.1 * distrust + (0.08 if r.housing == "rent" else 0),
        "suspicious_person": 0.22 + 0.35 * distrust,
        "neighbor_disputes": 0.42,
    }, at_most=5)
    if rng.random() < 0.035:
        categories = categories[:4] + ["other"]
        a["call_categories__other"] = comments.other_specify(rng, lang, "call_categories")
    a["call_categories"] = categories
    a["team_skills"] = _some_of(rng, {
        "clinicians": 0.78 + 0.15 * distrust + (0.08 if came_police else 0),
        "social_workers": 0.58,
        "emts": 0.62 + (0.1 if r.older else 0),
        "peer_specialists": 0.42 + 0.3 * distrust + (0.25 if r.unstably_housed else 0),
        "mediators": 0.38 + (0.1 if r.housing == "rent" else 0),
    })
    if rng.random() < _text_rate(r, 0.55):
        a["responder_qualities"] = comments.compose(rng, lang, "responder_qualities", place=r.district,
                                                    boosts=boosts).text

    # 3. Who runs the program
    a["run_by"] = pick(rng, {
        "city_staff": 0.40 + 0.1 * max(r.trust, 0),
        "outside_contract": 0.15 + 0.12 * distrust,
        "mix": 0.27,
        "not_sure": 0.16 + (0.06 if lang != "en" else 0),
    })
    a["importance_job_quality"] = _likert(rng, 3.7 + (0.3 if a["run_by"] == "city_staff" else 0))
    a["importance_speed"] = _likert(rng, 3.4 + 0.3 * distrust)
    a["importance_trust"] = _likert(rng, 4.1 + 0.5 * distrust)
    a["importance_lived_experience"] = _likert(
        rng, 3.2 + 0.8 * distrust + (0.7 if r.unstably_housed else 0) - (0.3 if r.older else 0))
    if rng.random() > 0.05:
        department = pick(rng, {
            "health": 0.33, "fire_ems": 0.20 + 0.05 * max(r.trust, 0), "new_department": 0.18,
            "police": 0.03 + 0.08 * max(r.trust, 0), "community_org": 0.12 + 0.2 * distrust,
            "other": 0.03,
        })
        a["department"] = department
        if department == "other":
            a["department__other"] = comments.other_specify(rng, lang, "department")

    # 4. Pilot
    if rng.random() > 0.06:
        a["pilot_area"] = r.district if rng.random() < 0.45 else pick(rng, {
            "old_town": 0.25, "southport": 0.2, "eastbank": 0.15, "northgate": 0.06, "mill_creek": 0.08,
            "westfield": 0.04, "citywide": 0.22})
    a["pilot_hours"] = pick(rng, {"around_the_clock": 0.52 + 0.1 * distrust, "busiest_shift": 0.34,
                                  "weekday_daytime": 0.12 + (0.05 if r.older else 0)})

    # 5-6. Follow-up
    a["follow_up_wanted"] = "yes" if rng.random() < 0.86 + (0.08 if r.unstably_housed else 0) else "no"
    a["follow_up_importance"] = _likert(rng, (4.2 if a["follow_up_wanted"] == "yes" else 2.8))
    if a["follow_up_wanted"] == "yes":
        if rng.random() > 0.08:
            a["follow_up_by"] = pick(rng, {"same_team": 0.30, "case_manager": 0.34,
                                           "community_org": 0.20 + 0.1 * distrust, "clinic": 0.16})
        if rng.random() > 0.08:
            a["follow_up_within"] = pick(rng, {"within_a_day": 0.45, "within_3_days": 0.35, "within_a_week": 0.20})

    # 7. Measuring results and staying involved
    if rng.random() > 0.07:
        count = rng.choices([3, 2, 1], weights=[88, 7, 5])[0]
        a["evaluation_metrics"] = _rank(rng, {
            "calls_answered": 0.35, "response_time": 0.85, "calls_diverted": 0.55 + 0.5 * distrust,
            "satisfaction": 0.75, "cost_per_call": 0.35 + 0.25 * max(r.trust, 0) + (0.15 if r.housing == "own" else 0),
            "repeat_crises_avoided": 0.75,
        }, count)
    if rng.random() > 0.10:
        a["involvement"] = _some_of(rng, {
            "advisory_board": 0.52 + 0.15 * distrust, "public_dashboard": 0.45 - (0.1 if r.older else 0),
            "listening_sessions": 0.40 + (0.1 if r.channel == "session" else 0), "yearly_survey": 0.35,
            "hiring_panels": 0.22 + 0.2 * distrust,
        })
    if rng.random() < _text_rate(r, 0.27):
        a["anything_else"] = comments.compose(rng, lang, "anything_else", place=r.district, boosts=boosts,
                                              max_length=300).text

    # 8. About you: every item optional; some skip it, some prefer not to say
    for key, value, prefer_not in (
        ("district", r.district, 0.02), ("age_band", r.age_band, 0.03), ("home_language", r.home_language, 0.02),
        ("race_ethnicity", r.race_ethnicity, 0.06), ("housing", r.housing, 0.04),
    ):
        roll = rng.random()
        if roll < 0.04:
            continue
        a[key] = "prefer_not" if roll < 0.04 + prefer_not else value
    return {k: v for k, v in a.items() if v not in (None, "", [])}
