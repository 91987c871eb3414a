"""Short human codes (resume, receipt, invite): easy to read aloud and type, stored only as keyed hashes."""
from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford-style alphabet without 0/O, 1/I/L and U, so a code read over the phone is not misheard.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code(length: int = 8) -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{raw[:4]}-{raw[4:]}" if length == 8 else raw


def normalize(code: str) -> str:
    """Forgive case, spaces and dashes a person might type."""
    return "".join(ch for ch in (code or "").upper() if ch.isascii() and ch.isalnum())


def code_hash(secret: str, purpose: str, code: str) -> str:
    """A keyed hash: a stolen database alone does not reveal which codes are still unused."""
    key = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return hmac.new(key, normalize(code).encode(), hashlib.sha256).hexdigest()
