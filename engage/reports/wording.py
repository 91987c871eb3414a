"""The report's words in the reader's language: labels, numbers and key findings from templates.

Findings are stored as numbers (`builder.key_findings`); each kind has one translatable template
here, so a sentence can only say what its numbers say. Needs a Flask-Babel context (a request, or
`app.test_request_context` for the command line).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.i18n import LocalizedText, locale_name, resolve

CHANNELS = {
    "web": _l("Online"), "paper": _l("Paper form"), "session": _l("Listening session"), "phone": _l("Phone"),
}
SEGMENT_NAMES = {
    "district": _l("District"), "age_band": _l("Age group"), "home_language": _l("Language spoken at home"),
    "race_ethnicity": _l("Race or ethnicity"), "housing": _l("Housing situation"),
    "channel": _l("How people took part"), "locale": _l("Language of the survey"),
}
SPECIAL_CODES = {
    "yes": _l("Yes"), "no": _l("No"), "other": _l("Other"), "dont_know": _l("Don't know"),
    "not_stated": _l("Not stated"), "prefer_not": _l("Prefer not to say"),
}
TYPE_NAMES = {
    "single_choice": _l("One answer"), "multiple_choice": _l("Several answers allowed"),
    "likert": _l("Rating scale"), "ranking": _l("Ranking"), "yes_no": _l("Yes or no"), "number": _l("Number"),
}


class Wording:
    """Resolves the labels a report's data holds (translatable dicts and codes) for one locale."""

    def __init__(self, data: Mapping[str, Any], locale: str) -> None:
        self.data = data
        self.locale = locale
        self.default = data.get("survey", {}).get("default_locale", "en")
        self._questions = {q["key"]: q for q in data.get("questions", [])}
        self._text_questions = {q["key"]: q for q in data.get("themes", {}).get("questions", [])}
        self._themes = {t["id"]: t for t in data.get("themes", {}).get("items", [])}

    def text(self, value: Any) -> LocalizedText:
        return resolve(value, self.locale, self.default)

    def pct(self, share: float | None) -> str:
        if share is None:
            return "–"
        return format_percent(share, format="#,##0%")

    def pct1(self, share: float | None) -> str:
        if share is None:
            return "–"
        return format_percent(share, format="#,##0.0%")

    def num(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        return format_decimal(round(value, digits), format="#,##0." + "0" * digits if digits else "#,##0")

    def count(self, value: float | None) -> str:
        return "–" if value is None else format_decimal(round(value), format="#,##0")

    def interval(self, ci: list[float] | None) -> str:
        if not ci:
            return "–"
        return _("%(low)s to %(high)s", low=self.pct(ci[0]), high=self.pct(ci[1]))

    def question(self, key: str) -> LocalizedText:
        q = self._questions.get(key) or self._text_questions.get(key) or {}
        return self.text(q.get("label") or {key: key})

    def choice(self, key: str, code: str) -> str | LocalizedText:
        q = self._questions.get(key) or {}
        if q.get("type") == "likert" and str(code).isdigit():
            return self.point(q, int(code))
        for c in q.get("choices") or []:
            if str(c["code"]) == str(code) and c.get("label"):
                return self.text(c["label"])
        return str(SPECIAL_CODES.get(code, code))

    def point(self, q: Mapping[str, Any], point: int) -> str:
        labels = q.get("point_labels") or []
        if point <= len(labels) and labels[point - 1]:
            return _("%(point)s – %(label)s", point=point, label=self.text(labels[point - 1]).text)
        return str(point)

    def segment(self, by: str) -> str:
        return str(SEGMENT_NAMES.get(by, by))

    def segment_list(self, names: list[str]) -> str:
        return ", ".join(self.segment(n) for n in names)

    def group(self, by: str, code: str) -> str | LocalizedText:
        if code in SPECIAL_CODES and code not in ("yes", "no"):
            return str(SPECIAL_CODES[code])
        if by == "channel":
            return str(CHANNELS.get(code, code))
        if by == "locale":
            return locale_name(code)
        label = (self.data.get("segment_labels", {}).get(by) or {}).get(code)
        if label:
            return self.text(label)
        if by == "home_language" and len(code) <= 3:
            return locale_name(code)
        return code

    def ordered(self, by: str, items: list[dict], key: str = "code") -> list[dict]:
        """Groups in the survey's own choice order (as residents saw them), "not stated" last."""
        order = list((self.data.get("segment_labels", {}).get(by) or {}))
        def rank(item: dict) -> tuple[int, int, str]:
            code = item[key]
            if code == "not_stated":
                return (2, 0, code)
            return (0, order.index(code), code) if code in order else (1, 0, code)
        return sorted(items, key=rank)

    def theme(self, theme_id: str) -> LocalizedText:
        t = self._themes.get(theme_id) or {}
        return self.text(t.get("label") or {theme_id: theme_id})

    def question_type(self, kind: str) -> str:
        return str(TYPE_NAMES.get(kind, kind))

    # --- key findings -------------------------------------------------------------------------
    def finding(self, f: Mapping[str, Any]) -> str:
        p = f["params"]
        kind = f["kind"]
        if kind == "participation":
            return _("%(n)s people responded, through %(channels)s ways of taking part and in %(languages)s languages.",
                     n=self.count(p["n"]), channels=p["channels"], languages=p["languages"])
        if kind == "weighted":
            return _("Results are weighted to match the population; the %(n)s responses carry the statistical "
                     "weight of about %(effective_n)s people chosen at random.",
                     n=self.count(p["n"]), effective_n=self.count(p["effective_n"]))
        if kind == "top_choice":
            return _("“%(question)s”: the most common answer was “%(choice)s”, chosen by %(share)s of the %(n)s "
                     "people who answered (95%% interval %(low)s to %(high)s).",
                     question=self.question(p["question"]).text, choice=str(self.choice(p["question"], p["choice"])),
                     share=self.pct(p["share"]), n=self.count(p["n"]), low=self.pct(p["low"]), high=self.pct(p["high"]))
        if kind == "top_multi":
            return _("“%(question)s”: “%(choice)s” was picked most often, by %(share)s of the %(n)s people who "
                     "answered (95%% interval %(low)s to %(high)s; people could pick several).",
                     question=self.question(p["question"]).text, choice=str(self.choice(p["question"], p["choice"])),
                     share=self.pct(p["share"]), n=self.count(p["n"]), low=self.pct(p["low"]), high=self.pct(p["high"]))
        if kind == "likert":
            return _("“%(question)s”: %(share)s of the %(n)s people who gave a rating chose one of the top two "
                     "points (95%% interval %(low)s to %(high)s); the average was %(mean)s out of %(scale)s.",
                     question=self.question(p["question"]).text, share=self.pct(p["share"]), n=self.count(p["n"]),
                     low=self.pct(p["low"]), high=self.pct(p["high"]), mean=self.num(p["mean"]), scale=p["scale"])
        if kind == "ranking_top":
            return _("“%(question)s”: “%(choice)s” ranked highest overall and was the first choice of %(share)s "
                     "of the %(n)s people who answered.",
                     question=self.question(p["question"]).text, choice=str(self.choice(p["question"], p["choice"])),
                     share=self.pct(p["share"]), n=self.count(p["n"]))
        if kind == "number":
            return _("“%(question)s”: the average answer was %(mean)s and the median %(median)s (%(n)s answered).",
                     question=self.question(p["question"]).text, mean=self.num(p["mean"]),
                     median=self.num(p["median"], 0), n=self.count(p["n"]))
        if kind == "segment_gap":
            return _("“%(choice)s” (%(question)s) was chosen by %(high_share)s in %(high_group)s but %(low_share)s "
                     "in %(low_group)s; their 95%% intervals do not overlap (%(segment)s).",
                     choice=str(self.choice(p["question"], p["choice"])), question=self.question(p["question"]).text,
                     high_share=self.pct(p["high_share"]), high_group=str(self.group(p["by"], p["high_group"])),
                     low_share=self.pct(p["low_share"]), low_group=str(self.group(p["by"], p["low_group"])),
                     segment=self.segment(p["by"]))
        if kind == "theme_top":
            return _("In open answers, the theme raised most often was “%(theme)s”: %(n)s of %(comments)s comments "
                     "(%(share)s).", theme=self.theme(p["theme"]).text, n=self.count(p["n"]),
                     comments=self.count(p["comments"]), share=self.pct(p["share"]))
        if kind == "review":
            return _("An analyst checked the themes of %(checked)s of %(comments)s comments; the machine agreed "
                     "with the analyst on %(agreement)s of theme decisions.", checked=self.count(p["checked"]),
                     comments=self.count(p["comments"]), agreement=self.pct1(p.get("percent_agreement")))
        return ""
