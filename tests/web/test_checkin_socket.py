"""Only an organizer of the project may join its check-in room; counts reach that room only."""

from __future__ import annotations

import pytest

from app.models import RoleAssignment
from app.services.entry.checkin import check_in
from app.services.entry.tickets import ticket_token
from tests.ticketing import NOW, make_contest, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


def _join(sock, project_id):
    return sock.emit("join_checkin", {"project_id": project_id}, callback=True)


def _counts_received(sock):
    return [e["args"][0] for e in sock.get_received() if e["name"] == "checkin_changed"]


def test_anonymous_socket_cannot_join(sio, contest):
    sock = sio()  # spectators may connect; joining is what is checked
    assert _join(sock, contest.project.id) == {"ok": False, "error": "auth.forbidden"}


def test_non_organizer_and_out_of_scope_organizer_cannot_join(sio, contest, make_user):
    judge = sio(make_user("JUDGE", "CONTESTANT"))
    assert _join(judge, contest.project.id)["ok"] is False
    stranger = make_user()
    stranger.roles.append(RoleAssignment(role="ORGANIZER", organization_id=contest.employer.id))
    sock = sio(stranger)
    assert _join(sock, contest.project.id) == {"ok": False, "error": "project.not_found"}
    assert _join(sock, "1")["ok"] is False and _join(sock, None)["ok"] is False


def test_organizer_joins_and_receives_counts_of_that_project_only(sio, contest, make_user):
    organizer = make_organizer(contest.body)
    registration = make_registration(contest.project)
    elsewhere = make_registration(contest.other_project)
    watching = sio(organizer)
    joined = _join(watching, contest.project.id)
    assert joined == {"ok": True, "counts": {"project_id": contest.project.id,
                                             "checked_in": 0, "approved": 1}}
    outsider = sio(make_user("JUDGE"))
    _join(outsider, contest.project.id)
    watching.get_received(), outsider.get_received()

    check_in(contest.project, token=ticket_token(registration), staff=organizer, now=NOW)
    check_in(contest.other_project, token=ticket_token(elsewhere), staff=organizer, now=NOW)

    assert _counts_received(watching) == [
        {"project_id": contest.project.id, "checked_in": 1, "approved": 1}
    ]
    assert _counts_received(outsider) == []
