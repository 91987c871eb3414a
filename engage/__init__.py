"""Engage: a multilingual consultation platform for community responder programs."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engage import config as settings

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, CLI, error pages. Nothing else."""
    # Imported here so that ``engage.analysis`` (the command line, a worker) never loads Flask.
    from flask import Flask

    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="static",
        instance_path=str(settings.INSTANCE_DIR),
    )
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    settings.check_production(app.config)

    from engage import web
    from engage.extensions import babel, csrf, db, limiter, login
    from engage.i18n import select_locale

    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login.init_app(app)

    web.init_app(app)

    from engage.accounts.routes import bp as accounts_bp
    from engage.accounts.routes import staff_bp
    from engage.manage.routes import bp as manage_bp
    from engage.public.routes import bp as public_bp
    from engage.surveys.routes import bp as surveys_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(manage_bp)

    from engage.consultations.routes import bp as consultations_bp, manage_bp as manage_consultations_bp
    from engage.sessions.routes import bp as sessions_bp, manage_bp as manage_sessions_bp

    for blueprint in (consultations_bp, manage_consultations_bp, sessions_bp, manage_sessions_bp):
        app.register_blueprint(blueprint)

    from engage.reports.routes import bp as reports_bp

    app.register_blueprint(reports_bp)

    from engage.cli import register_cli

    register_cli(app)
    return app
