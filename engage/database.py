"""The database handle: one engine per app, one SQLAlchemy session per app context."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

EXTENSION_KEY = "engage_db_engine"


class AppSession(Session):
    """Uses the engine of the app handling the request, so several apps (tests, tools) can coexist."""

    def get_bind(self, mapper: Any = None, clause: Any = None, **kw: Any) -> Any:
        if has_app_context() and EXTENSION_KEY in current_app.extensions:
            return current_app.extensions[EXTENSION_KEY]
        return super().get_bind(mapper, clause=clause, **kw)


class Database:
    """A small Flask binding for plain SQLAlchemy 2.0 (engine, scoped session, teardown)."""

    def __init__(self) -> None:
        self._factory = sessionmaker(class_=AppSession, expire_on_commit=False)
        self.session: scoped_session[Session] = scoped_session(self._factory)
        self._default_engine: sa.Engine | None = None

    @property
    def engine(self) -> sa.Engine:
        if has_app_context() and EXTENSION_KEY in current_app.extensions:
            return current_app.extensions[EXTENSION_KEY]
        assert self._default_engine is not None, "Database.init_app() has not been called"
        return self._default_engine

    def init_app(self, app: Any) -> None:
        engine = make_engine(app.config["DATABASE_URL"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        app.extensions[EXTENSION_KEY] = engine
        self.bind(app)

        @app.teardown_appcontext
        def _remove_session(exc: BaseException | None) -> None:
            if exc is not None:
                self.session.rollback()
            self.session.remove()

    def bind(self, app: Any) -> None:
        """Make `app`'s engine the default outside an app context (scripts, tests)."""
        self._default_engine = app.extensions[EXTENSION_KEY]
        self._factory.configure(bind=self._default_engine)


def make_engine(url: str, options: dict | None = None) -> sa.Engine:
    """Create an engine with the settings Engage relies on in both SQLite and PostgreSQL."""
    options = dict(options or {})
    if url.startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = sa.create_engine(url, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # WAL lets residents submit while an organizer downloads a CSV.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 20)
    return sa.create_engine(url, **options)
