"""Finding 12: a marking scheme is for the project's staff until the results are published."""

from __future__ import annotations

import pytest

from app.models._types import utcnow
from tests.judging_setup import build_contest


@pytest.fixture()
def contest(db):
    return build_contest()


def _status(client, login, user, project_id):
    login(user)
    return client.get(f"/api/v1/projects/{project_id}/scheme").status_code


@pytest.mark.parametrize(("who", "expected"), [
    ("organizer", 200), ("chief", 200), ("judge", 200), ("admin", 200),
    ("other_judge", 403), ("contestant", 403), ("other_organizer", 403),
])
def test_only_the_projects_staff_read_the_scheme_before_publication(
        client, login, make_user, contest, who, expected):
    users = {
        "organizer": contest.organizer, "chief": contest.chief, "judge": contest.judges[0],
        "admin": make_user("ADMIN"), "other_judge": make_user("JUDGE"),
        "contestant": make_user("CONTESTANT"), "other_organizer": make_user("ORGANIZER"),
    }
    assert _status(client, login, users[who], contest.project.id) == expected


def test_anyone_logged_in_reads_it_once_published(client, login, make_user, contest, db):
    contestant = make_user("CONTESTANT")
    assert _status(client, login, contestant, contest.project.id) == 403
    contest.project.published_at = utcnow()
    db.session.commit()
    assert _status(client, login, contestant, contest.project.id) == 200
    client.get("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/api/v1/projects/{contest.project.id}/scheme").status_code == 401
