"""Translation workflow for the interface strings (gettext catalogs under translations/).

  python scripts/translate.py update            extract strings from Python and Jinja, update every locale
  python scripts/translate.py missing LOCALE    print untranslated or fuzzy msgids as JSON {msgid: ""}
                                                (plural entries as {msgid: ["", ""]})
  python scripts/translate.py apply LOCALE F    fill translations from a JSON file {msgid: msgstr | [forms]}
  python scripts/translate.py compile           compile .po to .mo
  python scripts/translate.py check             exit 1 when a shipped locale has an untranslated or fuzzy string
"""
from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
LOCALES = ("es", "ar")


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", *args], check=True, cwd=ROOT)


def update() -> None:
    pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_ngettext:1,2", "--no-location",
            "--sort-output", "--project", "Engage", "-o", str(POT), ".")
    for locale in LOCALES:
        if po_path(locale).exists():
            pybabel("update", "--no-fuzzy-matching", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)
        else:
            pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)


def load(locale: str):
    with po_path(locale).open("rb") as f:
        return read_po(f, locale=locale)


def gaps(locale: str) -> dict:
    catalog = load(locale)
    out: dict = {}
    for msg in catalog:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
        if msg.fuzzy or not all(strings):
            key = msg.id[0] if isinstance(msg.id, (list, tuple)) else msg.id
            out[key] = [""] * catalog.num_plurals if isinstance(msg.id, (list, tuple)) else ""
    return out


def apply(locale: str, source: Path) -> None:
    given = json.loads(source.read_text(encoding="utf-8"))
    catalog = load(locale)
    done = 0
    for msg in catalog:
        key = msg.id[0] if isinstance(msg.id, (list, tuple)) else msg.id
        if key in given and given[key]:
            value = given[key]
            msg.string = tuple(value) if isinstance(msg.id, (list, tuple)) else value
            msg.flags.discard("fuzzy")
            done += 1
    with po_path(locale).open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    print(f"{locale}: applied {done} translations; {len(gaps(locale))} still missing")


def check() -> int:
    bad = 0
    for locale in LOCALES:
        missing = gaps(locale)
        if missing:
            bad += 1
            print(f"{locale}: {len(missing)} untranslated or fuzzy, e.g. {list(missing)[:3]}")
    return 1 if bad else 0


def main(argv: list[str]) -> int:
    # Several people (and helpers) may update catalogs at once: one at a time.
    TRANSLATIONS.mkdir(exist_ok=True)
    lock = (TRANSLATIONS / ".lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    if not argv:
        print(__doc__)
        return 2
    cmd = argv[0]
    if cmd == "update":
        update()
    elif cmd == "missing":
        print(json.dumps(gaps(argv[1]), ensure_ascii=False, indent=1))
    elif cmd == "apply":
        apply(argv[1], Path(argv[2]))
    elif cmd == "compile":
        pybabel("compile", "-d", str(TRANSLATIONS))
    elif cmd == "check":
        return check()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
