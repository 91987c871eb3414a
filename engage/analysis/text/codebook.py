"""Codebooks: the analyst's list of themes, validated and read in the language of the comments."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from engage.analysis.errors import InputError

_THEME_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Theme:
    """One theme: labels and descriptions may be plain strings or ``{locale: text}``."""

    id: str
    label: dict[str, str]
    description: dict[str, str]
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def text(self, part: str, language: str, fallback: str) -> str:
        """The label or description in ``language``, else the fallback language, else any."""
        values: dict[str, str] = getattr(self, part)
        for key in (language, fallback):
            if values.get(key):
                return values[key]
        return next(iter(values.values()), "")


@dataclass(frozen=True)
class Codebook:
    """A named, ordered set of themes with a default language."""

    name: str
    language: str
    themes: tuple[Theme, ...] = field(default_factory=tuple)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def languages(self) -> list[str]:
        """Every language any label or description is written in, the default first."""
        seen = [self.language]
        for t in self.themes:
            for values in (t.label, t.description):
                for lang in values:
                    if lang not in seen and lang != "*":
                        seen.append(lang)
        return seen


def names_like_a_word(theme_id: str) -> bool:
    """Whether a theme id is also an ordinary word ("housing", "education"), not a made-up name
    ("traffic_roads"): only a made-up name can be told for a reference when it stands bare in text."""
    return theme_id.isalpha()


def reference_pattern(ids: list[str]) -> re.Pattern[str]:
    """Theme references in a description: a parenthesis holding theme ids ("(housing)",
    "(parks, roads)") or a made-up id standing bare ("... is traffic_roads unless ...")."""
    bare = [i for i in ids if not names_like_a_word(i)]
    alternatives = [r"\(([^)]*)\)"] + ([r"\b(" + "|".join(re.escape(i) for i in bare) + r")\b"] if bare else [])
    return re.compile("|".join(alternatives))


def referenced_ids(match: re.Match[str], ids: list[str]) -> list[str]:
    """The theme ids a :func:`reference_pattern` match names; none for a parenthesis of prose
    ("(fire, ambulance, sirens)"), which is not a reference."""
    inside = match.group(1)
    if inside is None:
        return [match.group(2)]
    names = [n for n in re.split(r"[\s,;/]+|\bor\b|\band\b", inside) if n]
    return names if names and all(n in ids for n in names) else []


def strip_references(text: str, ids: list[str]) -> str:
    """``text`` without its theme references (see :func:`reference_pattern`); other parentheses
    ("Policing (training, conduct)") and ids that are ordinary words ("adult education") stay."""
    return reference_pattern(ids).sub(lambda m: " " if referenced_ids(m, ids) else m.group(0), text)


# A made-up theme id as analysts write them ("walk_bike_transit"): words joined by underscores;
# and a parenthesis holding one lower-case word, where a reference to a word-like id stands
# ("Not rent (housing)"): such a word is a reference gone wrong only if it is close to an id.
_MADE_UP_ID = re.compile(r"\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")
_ONE_WORD_PARENTHESIS = re.compile(r"\(\s*([a-z][a-z0-9-]*)\s*\)")


@dataclass(frozen=True)
class CodebookNote:
    """Something in a codebook that will mislead the tagger, for the analyst to fix.

    ``kind`` is ``unknown_reference`` (a description names ``name``, which looks like a theme id
    but is none: a typo, or a theme since renamed, so its "Not ... (name)" rule sends answers
    nowhere) or ``label_only`` (the theme has a label and nothing else: zero-shot tagging reads
    descriptions, keywords and examples, and bowling-green's codebook with labels alone tags at
    F1 0.60 instead of 0.76).
    """

    kind: str
    theme: str
    name: str = ""
    # For an unknown reference, the theme id it most resembles ("walk_bike_transit"), if any.
    suggestion: str = ""

    def message(self) -> str:
        """The note in English, for the command line (the web app words its own, translated)."""
        if self.kind == "unknown_reference":
            hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
            return f"theme {self.theme!r} names {self.name!r}, which is not a theme in this codebook{hint}"
        return (f"theme {self.theme!r} has only a label: add a description, keywords or examples, "
                "which the tagger reads")

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "theme": self.theme, "name": self.name, "suggestion": self.suggestion}


def review_codebook(codebook: Codebook) -> list[CodebookNote]:
    """What in ``codebook`` will mislead the tagger (see :class:`CodebookNote`), theme by theme.

    A codebook with such notes still tags: the notes are advice, not input errors.
    """
    ids = set(codebook.ids)
    notes: list[CodebookNote] = []
    for theme in codebook.themes:
        if not any(theme.description.values()) and not theme.keywords and not theme.examples:
            notes.append(CodebookNote("label_only", theme.id))
        seen: set[str] = set()
        for text in theme.description.values():
            for name in _MADE_UP_ID.findall(text) + _ONE_WORD_PARENTHESIS.findall(text):
                if name in ids or name in seen:
                    continue
                close = difflib.get_close_matches(name, codebook.ids, n=1, cutoff=0.8)
                if "_" in name or close:
                    seen.add(name)
                    notes.append(CodebookNote("unknown_reference", theme.id, name, close[0] if close else ""))
    return notes


def _localized(value: Any, where: str, default_language: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {default_language: value}
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return {k.lower(): v for k, v in value.items()}
    raise InputError(f"{where} must be a string or an object of locale to string")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"{where} must be a list of strings")


def codebook_from_dict(data: Any, source: str = "codebook") -> Codebook:
    """Validate a codebook already parsed from JSON (see ARCHITECTURE.md for the format)."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: the codebook must be a JSON object")
    language = data.get("language") or "en"
    if not isinstance(language, str):
        raise InputError(f"{source}: 'language' must be a string")
    language = language.lower()
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise InputError(f"{source}: 'themes' must be a non-empty list")
    themes: list[Theme] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_themes):
        if not isinstance(raw, dict):
            raise InputError(f"{source}: theme #{i + 1} must be an object")
        theme_id = raw.get("id")
        if not isinstance(theme_id, str) or not _THEME_ID.match(theme_id):
            raise InputError(f"{source}: theme #{i + 1} has a missing or invalid id")
        if theme_id in seen:
            raise InputError(f"{source}: duplicate theme id '{theme_id}'")
        seen.add(theme_id)
        where = f"{source}: theme '{theme_id}'"
        label = _localized(raw.get("label"), f"{where} label", language)
        if not label:
            label = {language: theme_id.replace("_", " ")}
        themes.append(
            Theme(
                id=theme_id,
                label=label,
                description=_localized(raw.get("description"), f"{where} description", language),
                keywords=_strings(raw.get("keywords"), f"{where} keywords"),
                examples=_strings(raw.get("examples"), f"{where} examples"),
            )
        )
    name = data.get("name") if isinstance(data.get("name"), str) else source
    return Codebook(name=name, language=language, themes=tuple(themes))


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook JSON file; every problem becomes one InputError line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read codebook {path}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"codebook {path} is not valid UTF-8 (byte {exc.start})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"codebook {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    return codebook_from_dict(data, source=str(path))


def default_codebook() -> Codebook:
    """The shipped English/Spanish codebook for community responder consultations."""
    ref = resources.files("engage.analysis") / "codebooks" / "community_responder.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    return codebook_from_dict(data, source="community_responder.json")
