"""签核 through /api/v1: the chief judge signs off locked results, and only then sees names.

DOMAIN §3: judges work under anonymous codes "until results are decrypted at sign-off". The
sign-off needs locked scores, is given once, is refused to anyone the lock is refused to, and
an unlock voids it (the re-locked results are signed again).
"""

from __future__ import annotations

import pytest

from app.models import AuditEntry
from tests.judging_setup import build_contest, score_all

NAMES = {"选手1", "选手2", "选手3"}


@pytest.fixture()
def contest(db):
    built = build_contest()
    score_all(built)
    return built


def _url(contest, action):
    return f"/api/v1/projects/{contest.project.id}/{action}"


def _chief_sees(client, contest):
    """Return the names on the chief's standings and the matrix's names and sign-off."""
    rows = client.get(_url(contest, "standings")).json["rows"]
    matrix = client.get(_url(contest, "matrix")).json
    return {r["name"] for r in rows}, set(matrix["names"].values()), matrix["signed_off"]


def test_the_chief_signs_off_locked_results_once_and_then_sees_names(client, contest, login,
                                                                     db):
    login(contest.chief)
    assert _chief_sees(client, contest) == ({"J001", "J002", "J003"}, set(), None)
    early = client.post(_url(contest, "sign-off"))
    assert early.status_code == 409
    assert early.json["error"]["code"] == "signoff.not_locked"
    assert "请先锁定成绩" in early.json["error"]["message"]
    assert contest.project.signed_off_by_id is None

    assert client.post(_url(contest, "lock")).status_code == 200
    assert _chief_sees(client, contest)[:2] == ({"J001", "J002", "J003"}, set())
    signed = client.post(_url(contest, "sign-off"))
    assert signed.status_code == 200 and signed.json["ok"] is True
    db.session.refresh(contest.project)
    assert signed.json["seq"] == contest.project.event_seq
    assert contest.project.signed_off_by_id == contest.chief.id
    assert contest.project.signed_off_at is not None
    names, matrix_names, signed_off = _chief_sees(client, contest)
    assert names == NAMES and matrix_names == NAMES
    assert signed_off["by_id"] == contest.chief.id and signed_off["at"]
    entry = db.session.query(AuditEntry).filter_by(action="project.signed_off").one()
    assert entry.actor_id == contest.chief.id and entry.project_id == contest.project.id

    again = client.post(_url(contest, "sign-off"))
    assert again.status_code == 409 and again.json["error"]["code"] == "signoff.already"
    assert "已签核" in again.json["error"]["message"]
    assert db.session.query(AuditEntry).filter_by(action="project.signed_off").count() == 1


def test_an_unlock_voids_the_sign_off_and_hides_the_names_again(client, contest, login, db):
    login(contest.chief)
    client.post(_url(contest, "lock"))
    client.post(_url(contest, "sign-off"))
    unlocked = client.post(_url(contest, "unlock"), json={"reason": "复核外观评分"})
    assert unlocked.status_code == 200
    db.session.refresh(contest.project)
    assert contest.project.signed_off_by_id is None and contest.project.signed_off_at is None
    entry = client.get(_url(contest, "audit")).json[0]
    assert entry["action"] == "project.scores_unlocked"
    assert entry["old"]["signed_off_by_id"] == contest.chief.id
    assert _chief_sees(client, contest) == ({"J001", "J002", "J003"}, set(), None)
    refused = client.post(_url(contest, "sign-off"))
    assert refused.json["error"]["code"] == "signoff.not_locked"
    client.post(_url(contest, "lock"))
    assert client.post(_url(contest, "sign-off")).status_code == 200
    assert _chief_sees(client, contest)[0] == NAMES


@pytest.mark.parametrize(("who", "status", "code"), [
    ("judge", 403, "auth.forbidden"),
    ("organizer", 403, "auth.forbidden"),
    ("other_chief", 403, "auth.forbidden"),
    ("anonymous", 401, "auth.required"),
])
def test_only_the_projects_chief_judge_may_sign_off(client, contest, login, who, status, code,
                                                    app):
    from app.services.scoring.chief_judge import lock_project
    from tests.judging_setup import NOW

    actor = {"judge": contest.judges[0], "organizer": contest.organizer,
             "other_chief": build_contest().chief, "anonymous": None}[who]
    api = login(actor) if actor is not None else app.test_client()
    # Refused exactly as the lock endpoint refuses the same caller.
    lock = api.post(_url(contest, "lock"))
    assert (lock.status_code, lock.json["error"]["code"]) == (status, code)
    lock_project(contest.chief, contest.project.id, now=NOW)
    answer = api.post(_url(contest, "sign-off"))
    assert (answer.status_code, answer.json["error"]["code"]) == (status, code)
    assert contest.project.signed_off_by_id is None


def test_an_administrator_may_sign_off(client, contest, login, make_user, db):
    login(contest.chief)
    client.post(_url(contest, "lock"))
    admin = make_user("ADMIN")
    assert login(admin).post(_url(contest, "sign-off")).status_code == 200
    db.session.refresh(contest.project)
    assert contest.project.signed_off_by_id == admin.id


def test_the_sign_off_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "post" in paths["/api/v1/projects/{project_id}/sign-off"]
