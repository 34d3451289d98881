"""Issue #11 finding 2: no cross-organizer writes through the contest tree.

Feeding another organizer's competition or project needs that organizer's acceptance; until
then qualification cannot write there. Qualification never overwrites a registration the fed
side decided, and the conflict is shown to both organizers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.errors import ConflictError, NotFoundError, RecordNotFound
from app.services.common.access import get_competition
from tests.finalisation_setup import FINAL_AT, PUBLISH_AT, ready_contest

NOW = datetime(2026, 3, 1, 8, tzinfo=UTC)
MARKS = [(80, 20), (85, 25), (90, 28), (70, 10)]


def _organizer(make_user, org, username):
    from app.extensions import db
    from app.models import RoleAssignment

    user = make_user(username=username)
    user.roles = [RoleAssignment(role="ORGANIZER", organization_id=org.id)]
    db.session.commit()
    return user


def _provincial(victim, org):
    """The victim's provincial competition and its welding project."""
    from app.extensions import db
    from app.models import Occupation
    from app.services.setup import competition_projects as projects
    from app.services.setup import competitions as svc

    welder = db.session.scalar(select(Occupation)) or Occupation(code="6-18", name="焊工")
    db.session.add(welder)
    db.session.commit()
    comp = svc.create_competition(victim, svc.CompetitionData(
        name="省赛", tier="PROVINCIAL", category="CLASS_1", year=2026, organizer_id=org.id,
        starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 2)))
    target = projects.create_project(victim, comp.id, projects.ProjectData(
        occupation_id=welder.id, group="EMPLOYEE", name="焊工（省赛）"))
    return comp, target


@pytest.fixture()
def two_bodies(db, make_user):
    from app.models import Organization

    mine, theirs = (Organization(name="甲市人社局", kind="ORGANIZER"),
                    Organization(name="乙省人社厅", kind="ORGANIZER"))
    db.session.add_all([mine, theirs])
    db.session.commit()
    return {"mine": mine, "theirs": theirs,
            "attacker": _organizer(make_user, mine, "attacker"),
            "victim": _organizer(make_user, theirs, "victim")}


def test_parent_and_feed_links_into_another_scope_wait_for_acceptance(two_bodies):
    from app.services.identity import link_requests as links
    from app.services.setup import competition_projects as projects
    from app.services.setup import competitions as svc

    attacker, victim = two_bodies["attacker"], two_bodies["victim"]
    parent, target = _provincial(victim, two_bodies["theirs"])
    child = svc.create_competition(attacker, svc.CompetitionData(
        name="市赛", tier="MUNICIPAL", category="CLASS_1", year=2026,
        organizer_id=two_bodies["mine"].id, starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 2), parent_id=parent.id))
    assert child.parent_id is None  # old code: parent.id at once
    incoming, _out = links.list_link_requests(victim)
    _in, outgoing = links.list_link_requests(attacker)
    assert [(r.kind, r.state) for r in incoming] == [("PARENT", "PENDING")]
    assert [r.id for r in outgoing] == [r.id for r in incoming]
    # The requester cannot accept its own request; the victim's scope stays untouched.
    with pytest.raises(NotFoundError):
        links.accept_link_request(attacker, incoming[0].id, now=NOW)
    with pytest.raises(RecordNotFound):
        get_competition(attacker, parent.id)
    links.accept_link_request(victim, incoming[0].id, now=NOW)
    assert child.parent_id == parent.id
    project = projects.create_project(attacker, child.id, projects.ProjectData(
        occupation_id=target.occupation_id, group="EMPLOYEE", name="焊工",
        advances_to_id=target.id, quota=2))
    assert (project.advances_to_id, project.quota) == (None, 0)
    (feed,) = links.pending_for_competition(child.id)
    assert (feed.kind, feed.target_project_id, feed.quota) == ("FEED", target.id, 2)
    links.decline_link_request(victim, feed.id, now=NOW, reason="名额已满")
    assert (feed.state, feed.reason, project.advances_to_id) == ("DECLINED", "名额已满", None)
    with pytest.raises(ConflictError):
        links.accept_link_request(victim, feed.id, now=NOW)


def test_a_link_inside_ones_own_scope_is_immediate(two_bodies):
    from app.services.identity import link_requests as links
    from app.services.setup import competitions as svc

    victim = two_bodies["victim"]
    parent, _target = _provincial(victim, two_bodies["theirs"])
    child = svc.create_competition(victim, svc.CompetitionData(
        name="企业赛", tier="ENTERPRISE", category="CLASS_1", year=2026,
        organizer_id=two_bodies["theirs"].id, starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 2), parent_id=parent.id))
    assert child.parent_id == parent.id
    assert links.list_link_requests(victim) == ([], [])


def test_the_requester_may_cancel_but_not_the_other_way_round(two_bodies):
    from app.services.identity import link_requests as links
    from app.services.setup import competitions as svc

    attacker, victim = two_bodies["attacker"], two_bodies["victim"]
    parent, _target = _provincial(victim, two_bodies["theirs"])
    child = svc.create_competition(attacker, svc.CompetitionData(
        name="市赛", tier="MUNICIPAL", category="CLASS_1", year=2026,
        organizer_id=two_bodies["mine"].id, starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 2), parent_id=parent.id))
    (request,) = links.pending_for_competition(child.id)
    with pytest.raises(NotFoundError):
        links.cancel_link_request(victim, request.id, now=NOW)
    assert links.cancel_link_request(attacker, request.id, now=NOW).state == "CANCELLED"


def _finalise(contest):
    from app.services.boards.publication import publish_results
    from app.services.results.finalisation import finalize_project

    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)


@pytest.mark.parametrize("status", ["REJECTED", "WITHDRAWN", "DISQUALIFIED"])
def test_qualification_keeps_a_decided_registration_and_reports_it(db, make_user, status):
    from app.models import Registration
    from app.services.results.qualification import list_project_qualifications
    from app.services.results.qualification_conflicts import list_qualification_conflicts
    from tests.finalisation_setup import fed_project

    contest = ready_contest(MARKS, publish=False)
    target = fed_project(contest)
    best = contest.registrations[2]
    decided = Registration(project_id=target.id, person_id=best.person_id, group="EMPLOYEE",
                           status=status, source="SELF", decision_reason="资格审查未通过",
                           decided_at=NOW)
    db.session.add(decided)
    contest.project.advances_to_id, contest.project.quota = target.id, 2
    db.session.commit()
    _finalise(contest)
    db.session.refresh(decided)
    # Old code: QUALIFIED with the reason erased.
    assert (decided.status, decided.decision_reason) == (status, "资格审查未通过")
    places = {p.registration_id: p.state for p in list_project_qualifications(contest.project.id)}
    assert places == {best.id: "BLOCKED", contest.registrations[1].id: "QUALIFIED"}
    (conflict,) = list_qualification_conflicts(contest.organizer)
    assert (conflict.person_name, conflict.status, conflict.reason) == (
        best.person.name, status, "资格审查未通过")
    stranger = make_user("ORGANIZER", username="stranger")  # scoped to nothing
    assert list_qualification_conflicts(stranger) == []
    # Finalising again neither retries the blocked place nor changes anything.
    from app.services.results.finalisation import finalize_project

    assert not finalize_project(contest.project.id, actor=contest.organizer,
                                now=FINAL_AT).changed
    assert len(list_project_qualifications(contest.project.id)) == 2


def test_a_place_taken_back_by_the_results_can_be_given_again(db):
    """A withdrawal the machinery made itself (REPLACED place) is not the fed side's decision."""
    from app.models import Qualification, Registration
    from app.services.results.qualification import _decided
    from tests.finalisation_setup import fed_project

    contest = ready_contest(MARKS, publish=False)
    target = fed_project(contest)
    reg = Registration(project_id=target.id, person_id=contest.registrations[0].person_id,
                       group="EMPLOYEE", status="WITHDRAWN", source="QUALIFIED")
    db.session.add(reg)
    db.session.flush()
    db.session.add(Qualification(registration_id=contest.registrations[0].id,
                                 target_project_id=target.id, rank=3, state="REPLACED",
                                 target_registration_id=reg.id, created_at=NOW))
    db.session.commit()
    assert _decided(reg) is False
    reg.source = "SELF"
    assert _decided(reg) is True


def test_the_cross_organizer_qualification_attack_end_to_end(db, make_user):
    """Issue #11 finding 2 as reported: link into another organizer's project, then finalise."""
    from dataclasses import fields, replace

    from app.models import Organization, Registration
    from app.services.setup import competition_projects as projects
    from app.services.setup import competitions as svc

    contest = ready_contest(MARKS, publish=False)
    attacker, source = contest.organizer, contest.project
    theirs = Organization(name="乙省人社厅", kind="ORGANIZER")
    db.session.add(theirs)
    db.session.commit()
    victim = _organizer(make_user, theirs, "victim")
    parent, target = _provincial(victim, theirs)
    target.occupation_id = source.occupation_id
    rejected = Registration(project_id=target.id, person_id=contest.registrations[2].person_id,
                            group="EMPLOYEE", status="REJECTED", decision_reason="证件不符")
    db.session.add(rejected)
    db.session.commit()
    comp = source.competition
    data = svc.CompetitionData(**{f.name: getattr(comp, f.name)
                                  for f in fields(svc.CompetitionData)})
    svc.update_competition(attacker, comp.id, replace(data, parent_id=parent.id))
    assert comp.parent_id is None  # old code: linked at once
    pdata = projects.ProjectData(**{f.name: getattr(source, f.name)
                                    for f in fields(projects.ProjectData)})
    with pytest.raises(svc.SetupError):  # not linked, so no project of theirs can be fed
        projects.update_project(attacker, source.id,
                                replace(pdata, advances_to_id=target.id, quota=2))
    _finalise(contest)
    db.session.refresh(rejected)
    assert (rejected.status, rejected.decision_reason) == ("REJECTED", "证件不符")
    assert db.session.scalars(select(Registration).where(
        Registration.project_id == target.id)).all() == [rejected]


@pytest.mark.parametrize(("status", "kept"), [
    ("DISQUALIFIED", "DISQUALIFIED"), ("REJECTED", "REJECTED"), ("QUALIFIED", "WITHDRAWN")])
def test_taking_a_place_back_keeps_a_fed_side_decision(db, status, kept):
    from app.models import Qualification, Registration
    from app.services.results.qualification import _take_back
    from tests.finalisation_setup import fed_project

    contest = ready_contest(MARKS, publish=False)
    target = fed_project(contest)
    reg = Registration(project_id=target.id, person_id=contest.registrations[0].person_id,
                       group="EMPLOYEE", status=status, source="QUALIFIED",
                       decision_reason="原决定")
    db.session.add(reg)
    db.session.flush()
    place = Qualification(registration_id=contest.registrations[0].id,
                          target_project_id=target.id, rank=2, state="QUALIFIED",
                          target_registration_id=reg.id, created_at=NOW)
    db.session.add(place)
    db.session.flush()
    _take_back(place, "名次变化", now=NOW, actor_id=None)
    assert (place.state, reg.status) == ("REPLACED", kept)
    assert reg.decision_reason == ("原决定" if kept == status else "名次变化")
