"""Creating staff accounts and checking sign-ins, without Flask."""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from engage.models import ROLES, User, utcnow


def create_user(session: Session, email: str, password: str | None, role: str, name: str = "") -> tuple[User, str]:
    """Create a staff account; when no password is given a strong one is generated and returned."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    password = password or secrets.token_urlsafe(12)
    user = User(email=email.strip().lower(), display_name=name, role=role)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user, password


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        # Spend the same time as a real check so response time does not reveal which emails exist.
        User(password_hash="$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$invalidinvalidinvalidinvalid").check_password(password)
        return None
    if not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user
