"""Reading the analysis command line's CSV files strictly, and writing outputs atomically.

Every problem becomes an :class:`InputError` with one line for the analyst; outputs are written
to a temporary file beside the target and renamed, so a failed run leaves no partial file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from engage.analysis.errors import InputError


def read_text(path: str | Path, what: str) -> str:
    """A whole UTF-8 file (BOM allowed) as text."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"cannot read {what} {path}: it is a directory") from exc
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{what} {path} is not valid UTF-8 (line {line}, byte {exc.start})") from exc


def _delimiter(text: str) -> str:
    """The header line's separator: a comma, or, when the header has none, the semicolon that
    spreadsheets in German, French or Spanish locales write, or a tab."""
    end = text.find("\n")
    header = text if end < 0 else text[:end]  # not split(): that would copy the whole file again
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def read_csv(path: str | Path, required: Sequence[str], what: str) -> list[dict[str, str]]:
    """Rows of a CSV with a header holding every ``required`` column."""
    text = read_text(path, what)
    # No field can be longer than the file: csv's default cap (131,072 characters) refused a
    # resident's pasted letter, and strict parsing, not the cap, catches a quote left open.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # Strict: a quote left open would otherwise swallow every later row into one comment's text.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [c for c in required if c not in header]
        if not header:
            raise InputError(f"{what} {path} is empty (no header line)")
        if missing:
            raise InputError(f"{what} {path} has no column {', '.join(repr(m) for m in missing)} (header: {','.join(header)})")
        rows = []
        for row in reader:
            if None in row:
                raise InputError(f"{what} {path} line {reader.line_num} has more fields than the header")
            rows.append({k: (v if v is not None else "") for k, v in row.items()})
        return rows
    except csv.Error as exc:
        line = reader.line_num + 1  # the record that failed starts after the last one read
        if "unexpected end of data" in str(exc):
            raise InputError(f"{what} {path} line {line}: a quoted field is never closed (a stray \" ?)") from exc
        raise InputError(f"{what} {path} line {line} is not valid CSV: {exc}") from exc


def unique_ids(rows: Sequence[dict[str, str]], column: str, path: str | Path, what: str) -> None:
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        value = row.get(column, "").strip()
        if not value:
            raise InputError(f"{what} {path} row {number} has an empty {column}")
        if value in seen:
            raise InputError(f"{what} {path} has duplicate {column} {value!r}")
        seen.add(value)


def check_writable(path: str | Path) -> None:
    """Fail before the work, not after it, when ``path`` cannot become an output file: a folder
    that is not there, or a folder where the file should be (tagging 100,000 comments first
    would waste minutes)."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a directory")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: no folder {folder}")


def write_atomically(path: str | Path, write: Callable[[IO[str]], None]) -> None:
    """Write through a temporary file in the same folder, renamed into place at the end."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):  # a full disk, or the path became a folder meanwhile
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
