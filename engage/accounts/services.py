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


class StaffError(Exception):
    """A change that would leave the city without an active administrator, or acts on oneself."""


def _active_admins(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))) or 0


def change_staff(session: Session, actor: User, user: User, *, role: str | None = None, active: bool | None = None) -> None:
    """Change a staff member's role or access; an admin keeps at least one other admin able to sign in."""
    if role is not None and role not in ROLES:
        raise ValueError(role)
    if user.id == actor.id and (active is False or (role is not None and role != user.role)):
        raise StaffError("self")
    losing_admin = user.role == "admin" and user.active and ((role is not None and role != "admin") or active is False)
    if losing_admin and _active_admins(session) <= 1:
        raise StaffError("last admin")
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    session.flush()


def reset_password(user: User) -> str:
    """Give the account a new generated password, shown once to the admin who reset it."""
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    return password
