"""`flask --app wsgi engage ...` commands: migrate, demo, create-user, run-ready."""
from __future__ import annotations

import os
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent

engage_cli = AppGroup("engage", help="Engage administration commands.")


def alembic_config():
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", current_app.config["DATABASE_URL"].replace("%", "%%"))
    return cfg


def migrate_database() -> None:
    from alembic import command

    if current_app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(current_app.config["DATABASE_URL"][len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), "heads")


@engage_cli.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema."""
    migrate_database()
    click.echo("Database is up to date.")


@engage_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Seed only when there is no survey yet.")
@click.option("--responses", default=2400, show_default=True, help="How many synthetic responses.")
def demo_command(if_empty: bool, responses: int) -> None:
    """Seed the demo city: a community responder survey with synthetic responses and staff accounts."""
    from engage.demo import seed_demo
    from engage.extensions import db
    from engage.models import Survey

    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(Survey)):
        click.echo("Demo data already present; nothing seeded.")
        return
    result = seed_demo(db.session, secret=current_app.config["SECRET_KEY"], responses=responses,
                       password=os.environ.get("ENGAGE_DEMO_PASSWORD"))
    from engage.sessions.demo import seed_listening_sessions

    sessions = seed_listening_sessions(db.session)
    from engage.reports.demo import publish_demo_report

    report = publish_demo_report(db.session)
    db.session.commit()
    click.echo(result.summary())
    if sessions:
        click.echo(f"  Listening sessions: {sessions['sessions']} (consultation /c/riverton-responders, "
                   f"{sessions['cards']} comment cards, {sessions['paper_forms']} paper forms)")
    if report:
        click.echo(f"  Council report: /reports/{report.report.slug} (version {report.number}, linked from the home page)")


@engage_cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "organizer", "analyst"]), default="organizer", show_default=True)
@click.option("--name", default="")
@click.option("--password", envvar="ENGAGE_NEW_USER_PASSWORD", default=None,
              help="Taken from ENGAGE_NEW_USER_PASSWORD; generated and printed when absent.")
def create_user_command(email: str, role: str, name: str, password: str | None) -> None:
    """Create a staff account."""
    from engage.accounts.services import create_user
    from engage.extensions import db

    _user, used = create_user(db.session, email, password, role, name)
    db.session.commit()
    click.echo(f"Created {role} {email}" + ("" if password else f" with password: {used}"))


@engage_cli.command("purge")
@click.option("--drafts-older-than", "days", default=30, show_default=True, type=click.IntRange(min=1),
              help="Delete unfinished answers not touched for this many days.")
def purge_command(days: int) -> None:
    """Delete abandoned drafts: unfinished answers should not be kept longer than needed."""
    from datetime import timedelta

    from engage.extensions import db
    from engage.models import Draft, utcnow

    result = db.session.execute(sa.delete(Draft).where(Draft.updated_at < utcnow() - timedelta(days=days)))
    db.session.commit()
    click.echo(f"Deleted {result.rowcount} unfinished drafts older than {days} days.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(engage_cli)
