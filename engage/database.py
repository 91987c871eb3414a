"""The database handle: one engine per app, one SQLAlchemy session per app context."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


class Database:
    """A small Flask binding for plain SQLAlchemy 2.0 (engine, scoped session, teardown)."""

    def __init__(self) -> None:
        self.engine: sa.Engine | None = None
        self._factory = sessionmaker(expire_on_commit=False)
        self.session: scoped_session[Session] = scoped_session(self._factory)

    def init_app(self, app: Any) -> None:
        url = app.config["DATABASE_URL"]
        self.engine = make_engine(url, app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        self._factory.configure(bind=self.engine)
        app.extensions["engage_db"] = self

        @app.teardown_appcontext
        def _remove_session(exc: BaseException | None) -> None:
            if exc is not None:
                self.session.rollback()
            self.session.remove()


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
