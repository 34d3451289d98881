"""Seed a deployment's database with a small scored project; print its handles as JSON.

Run as a child process with the deployment's environment (JX_CONFIG=production,
DATABASE_URL, ...): `python -m tests.realtime.cluster_seed`. It builds the app exactly as
the servers do and fills the database through the same models and services as the tests
(tests/judging_setup.py): a checked-in project with a chief judge and three seated judges,
and one complete round of scores.
"""

from __future__ import annotations

import json


def main() -> None:
    """Build the project, score it once through the services, print the ids the test needs."""
    from app import create_app
    from tests.factories import PASSWORD
    from tests.judging_setup import build_contest, score_all

    app = create_app()
    with app.app_context():
        contest = build_contest(contestants=3)
        score_all(contest)
        judge = contest.judges[0]  # seated on every aspect, recused from nobody
        print(json.dumps({
            "project_id": contest.project.id,
            "judge": {"id": judge.id, "username": judge.username, "password": PASSWORD},
            "registration_ids": [r.id for r in contest.registrations],
            "panel_aspect_id": contest.panel.id,
        }))


if __name__ == "__main__":
    main()
