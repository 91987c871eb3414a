"""Prepare the browser suite's database in one process (the app is slow to import, and the suite
must stay fast): migrate and seed the demo through the real `flask engage` commands, then add the
every-question-type survey in three situations (open, invite codes, closed) and a staff account.
Prints what it seeded as JSON on its last line.

    python -m tests.browser.seed [--demo-responses N]   (DATABASE_URL etc. from the environment)"""
from __future__ import annotations

import json

import sqlalchemy as sa

STAFF_EMAIL = "browser-admin@example.org"
STAFF_PASSWORD = "browser suite staff password"


def demo_available() -> bool:
    """The demo seeder is another feature's; without it the suite still has its own survey."""
    try:
        import engage.demo as demo
    except ImportError:
        return False
    return hasattr(demo, "seed_demo")


def main() -> None:
    import argparse

    from engage import create_app
    from engage.accounts.services import create_user
    from engage.extensions import db
    from engage.models import Survey
    from engage.surveys.definition import build_survey
    from tests.surveys.definitions import every_type_survey

    parser = argparse.ArgumentParser()
    parser.add_argument("--demo-responses", type=int, default=0, help="seed the demo with N responses (0: no demo)")
    parser.add_argument("--no-test-surveys", action="store_true", help="only the demo (for screenshots)")
    args = parser.parse_args()
    app = create_app()
    runner = app.test_cli_runner()
    for command in (["engage", "migrate"], ["engage", "demo", "--responses", str(args.demo_responses)]):
        if command[1] == "demo" and not (args.demo_responses and demo_available()):
            continue
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{result.output}\n{result.exception!r}")
    with app.app_context():
        if not args.no_test_surveys:
            build_survey(db.session, every_type_survey())
            build_survey(db.session, every_type_survey(slug="invite-only", policy="invite"))
            build_survey(db.session, every_type_survey(slug="closed-survey", status="closed"))
        create_user(db.session, STAFF_EMAIL, STAFF_PASSWORD, "admin", "Browser Suite")
        db.session.commit()
        surveys = {s.slug: s.status for s in db.session.scalars(sa.select(Survey))}
        ids = {s.slug: s.id for s in db.session.scalars(sa.select(Survey))}
    demo = None
    try:
        from engage.demo.community_responders import SLUG

        demo = SLUG if SLUG in surveys else None
    except ImportError:
        pass
    print(json.dumps({
        "every_type": "every-type", "invite": "invite-only", "closed": "closed-survey", "demo": demo,
        "surveys": surveys, "ids": ids, "staff_email": STAFF_EMAIL, "staff_password": STAFF_PASSWORD,
    }))


if __name__ == "__main__":
    main()
