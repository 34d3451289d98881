"""One access module: loaders that check what the user may do, the same on every surface."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from app.errors import RecordNotFound
from app.models import RoleAssignment
from app.services.common.access import Need, get_competition, get_project, get_registration
from tests.board_setup import contestant_user, locked_contest
from tests.ticketing import make_contest, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


def _refused(load, *args, **kwargs) -> RecordNotFound:
    with pytest.raises(RecordNotFound) as refused:
        load(*args, **kwargs)
    return refused.value


def test_a_project_loads_for_what_the_user_may_do(contest, make_user, db):
    organizer = make_organizer(contest.body)
    outsider = make_user()
    outsider.roles.append(RoleAssignment(role="ORGANIZER", organization_id=contest.employer.id))
    db.session.commit()
    pid = contest.project.id
    assert get_project(None, pid) is contest.project  # the public boards
    assert get_project(organizer, pid, Need.MANAGE) is contest.project
    assert get_project(organizer, pid, Need.OVERSEE) is contest.project
    # Out of scope looks exactly like missing: the same code, message and 404.
    missing = _refused(get_project, organizer, 999999, Need.MANAGE)
    hidden = _refused(get_project, outsider, pid, Need.MANAGE)
    assert (hidden.code, hidden.message, hidden.status) == (
        missing.code, missing.message, 404) == ("project.not_found", missing.message, 404)
    assert hidden.missing_record and hidden.field == "project_id"
    assert _refused(get_project, organizer, pid, Need.JUDGE).code == "project.not_found"
    assert _refused(get_project, None, pid, Need.PUBLISHED).code == "project.not_found"
    assert _refused(get_project, None, "1").code == "project.not_found"  # ids are ints only


def test_a_competition_loads_for_its_organizers_only(contest, make_user):
    organizer = make_organizer(contest.body)
    cid = contest.competition.id
    assert get_competition(organizer, cid) is contest.competition
    assert get_competition(None, cid, Need.VIEW) is contest.competition
    refused = _refused(get_competition, make_user(), cid)
    assert (refused.code, refused.status) == ("competition.not_found", 404)


def test_a_ticket_is_its_holders_or_its_organizers(contest, make_user, db):
    from tests.ticketing import make_contestant_user

    registration = make_registration(contest.project, status="APPROVED")
    holder = make_contestant_user(registration)
    organizer = make_organizer(contest.body)
    db.session.commit()
    rid = registration.id
    assert get_registration(holder, rid, Need.HOLD, what="ticket") is registration
    assert get_registration(organizer, rid, Need.HOLD, what="ticket") is registration
    assert get_registration(organizer, rid) is registration
    # The holder may download their ticket but not manage the registration.
    assert _refused(get_registration, holder, rid).code == "registration.not_found"
    assert _refused(get_registration, make_user(), rid, Need.HOLD,
                    what="ticket").code == "ticket.not_found"


def test_each_rule_exists_once() -> None:
    """Each reach rule and access predicate is defined in one module, and nowhere else."""
    import ast
    from pathlib import Path

    rules = {"is_admin", "organization_subtree", "managed_competition_ids", "managed_body_ids",
             "visible_body_ids", "approver_competition_ids", "can_approve_promotions",
             "can_manage_competition", "can_manage_project", "can_oversee", "can_manage",
             "manages_person", "arbitration_refusal", "holds", "may"}
    found: dict[str, list[str]] = {}
    for path in Path("app").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name in rules:
                found.setdefault(node.name, []).append(str(path))
    where = {"app/services/common/scope.py", "app/services/common/access.py"}
    assert set(found) == rules
    assert all(len(paths) == 1 and paths[0] in where for paths in found.values()), found


def test_an_appeal_attachment_is_hidden_from_who_may_not_open_it(client, login, db,
                                                                  monkeypatch, make_user):
    # The page always answered 404 here while the API said 403; both now answer 404.
    from tests.board_setup import ENDS

    contest = locked_contest()
    monkeypatch.setattr("app.web.api.appeals.utcnow", lambda: ENDS + timedelta(minutes=10))
    login(contestant_user(contest))
    form = {"registration_id": str(contest.registrations[0].id), "subject": "SCORE",
            "aspect_id": str(contest.j.id), "text": "外观评分偏低，请求复核。",
            "attachment": (io.BytesIO(b"photo-bytes"), "photo.jpg")}
    filed = client.post("/api/v1/appeals", data=form, content_type="multipart/form-data")
    assert filed.status_code == 201
    login(make_user())
    answer = client.get(f"/api/v1/appeals/{filed.json['id']}/attachment")
    assert answer.status_code == 404 and answer.json["error"]["code"] == "appeal.not_found"
    assert client.get(f"/appeals/{filed.json['id']}/attachment").status_code == 404
