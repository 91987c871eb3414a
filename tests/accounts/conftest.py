"""Organizer-page tests sign in many times: real argon2, with test-sized cost (production cost is ~1 s per sign-in here)."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engage.models.account._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
