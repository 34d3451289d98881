"""Qualification: top N into the fed project, shared last slot, withdrawal, eligibility."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.finalisation_setup import FINAL_AT, fed_project, feeding_contest, ready_contest

MARKS = [(80, 20), (85, 25), (90, 28), (70, 10)]


def _setup(db, marks=MARKS, quota=2, **kwargs):
    from app.services.results.finalisation import finalize_project

    contest, target = feeding_contest(marks, quota=quota, **kwargs)
    finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)
    return contest, target


def _entrants(target_id):
    from app.extensions import db
    from app.models import Registration

    return {r.person_id: r for r in db.session.scalars(
        select(Registration).where(Registration.project_id == target_id))}


def _user_for(make_user, registration):
    return make_user("CONTESTANT", person_id=registration.person_id)


def test_top_n_are_registered_as_qualified(db):
    from app.services.results.qualification import list_entrant_origins, list_project_qualifications

    contest, target = _setup(db)
    regs = contest.registrations
    entrants = _entrants(target.id)
    assert set(entrants) == {regs[2].person_id, regs[1].person_id}
    for reg in entrants.values():
        assert (reg.status, reg.source) == ("QUALIFIED", "QUALIFIED")
        assert reg.qualified_from_id in {regs[1].id, regs[2].id}
        assert reg.eligibility["ok"] is True  # the window does not bind a qualified place
    places = list_project_qualifications(contest.project.id)
    assert [(p.rank, p.state) for p in places] == [(1, "QUALIFIED"), (2, "QUALIFIED")]
    origins = {o.registration.person_id: o.label for o in list_entrant_origins(target.id)}
    name = contest.project.competition.name
    assert origins[regs[2].person_id] == f"{name} #{contest.project.id}, 第1名"


def test_shared_last_slot_qualifies_everyone_sharing_it(db):
    from app.models import Competition

    contest = ready_contest([(90, 28), (85, 25), (85, 25)], publish=False)
    db.session.get(Competition, contest.project.competition_id).shares_ranks = True
    target = fed_project(contest)
    contest.project.advances_to_id, contest.project.quota = target.id, 2
    db.session.commit()
    from app.services.boards.publication import publish_results
    from app.services.results.finalisation import finalize_project
    from tests.finalisation_setup import PUBLISH_AT

    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)
    assert len(_entrants(target.id)) == 3


def test_withdrawal_offers_the_slot_to_the_next_ranked(db, make_user):
    from app.services.results.qualification import (
        confirm_qualification,
        list_my_qualifications,
        withdraw_qualification,
    )

    contest, target = _setup(db)
    regs = contest.registrations
    winner = _user_for(make_user, regs[2])
    place = list_my_qualifications(winner)[0]
    confirm_qualification(winner, place.id, now=FINAL_AT)
    assert place.state == "CONFIRMED"
    withdrawn, offered = withdraw_qualification(winner, place.id, now=FINAL_AT, reason="工作冲突")
    assert withdrawn.state == "WITHDRAWN"
    assert [db.session.get(type(regs[0]), o.registration_id).person_id for o in offered] == [
        regs[0].person_id]  # rank 3 moves up
    entrants = _entrants(target.id)
    assert entrants[regs[2].person_id].status == "WITHDRAWN"
    assert entrants[regs[0].person_id].status == "QUALIFIED"
    # Finalising again keeps the withdrawal and the offered place: nothing changes.
    from app.services.results.finalisation import finalize_project

    assert not finalize_project(contest.project.id, actor=contest.organizer,
                                now=FINAL_AT).changed


def test_someone_else_cannot_answer_for_a_place(db, make_user):
    from app.services.results.outcome_errors import NotFound, OutcomeError
    from app.services.results.qualification import (
        confirm_qualification,
        list_my_qualifications,
        withdraw_qualification,
    )

    contest, _target = _setup(db)
    winner = _user_for(make_user, contest.registrations[2])
    place = list_my_qualifications(winner)[0]
    stranger = _user_for(make_user, contest.registrations[3])
    with pytest.raises(NotFound):
        confirm_qualification(stranger, place.id, now=FINAL_AT)
    with pytest.raises(NotFound):
        withdraw_qualification(stranger, place.id, now=FINAL_AT)
    withdraw_qualification(winner, place.id, now=FINAL_AT)
    with pytest.raises(OutcomeError) as caught:
        confirm_qualification(winner, place.id, now=FINAL_AT)
    assert caught.value.code == "qualification.state"


def test_eligibility_is_rechecked_in_the_fed_project(db):
    from app.models import PersonGrade

    contest = ready_contest(MARKS, publish=False)
    target = fed_project(contest)
    target.max_grade = "L3"  # 高级工 at most
    best = contest.registrations[2]
    db.session.add(PersonGrade(person_id=best.person_id, occupation_id=target.occupation_id,
                               grade="L1", source="CERTIFICATE",
                               obtained_on=FINAL_AT.date().replace(year=2020)))
    contest.project.advances_to_id, contest.project.quota = target.id, 1
    db.session.commit()
    from app.services.boards.publication import publish_results
    from app.services.results.finalisation import finalize_project
    from tests.finalisation_setup import PUBLISH_AT

    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)
    reg = _entrants(target.id)[best.person_id]
    assert reg.status == "QUALIFIED" and reg.eligibility["ok"] is False
    assert [f["code"] for f in reg.eligibility["failures"]] == ["eligibility.grade_max"]
