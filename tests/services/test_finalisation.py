"""Finalisation: refusals, stored outcomes with explanations, idempotence, replacement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.finalisation_setup import FINAL_AT, NOW, outcome_snapshot, ready_contest

# Contestant k: (theory, panel). Totals: 0.3·T + 0.7·(40 + 20 + P).
MARKS = [(80, 20), (85, 25), (90, 28)]


def _finalize(contest, *, now=FINAL_AT, actor=None):
    from app.services.results.finalisation import finalize_project

    return finalize_project(contest.project.id, actor=actor or contest.organizer, now=now)


def _promotions(project_id):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Promotion, Registration

    return list(db.session.scalars(
        select(Promotion).join(Registration, Promotion.registration_id == Registration.id)
        .where(Registration.project_id == project_id).order_by(Promotion.id)))


def test_finalize_stores_every_outcome_with_explanations(db):
    from app.models import Award, EntryResult, TitleAward

    contest = ready_contest(MARKS)
    report = _finalize(contest)
    assert report.changed and report.finalized_now
    project = contest.project
    db.session.refresh(project)
    assert project.result_status == "FINAL" and project.finalized_at == FINAL_AT
    best = contest.registrations[2]
    result = db.session.query(EntryResult).filter_by(registration_id=best.id).one()
    assert result.rank == 1 and result.award == "GOLD"
    assert result.component_scores == {"T": "90.00", "P": "88.00"}
    assert result.total == Decimal("88.60")
    assert db.session.query(Award).filter_by(registration_id=best.id,
                                             replaced_at=None).one().award == "GOLD"
    title = db.session.query(TitleAward).filter_by(registration_id=best.id).one()
    assert (title.title, title.state) == ("天津市技术能手", "ELIGIBLE_TO_APPLY")
    promotions = _promotions(project.id)
    assert [p.state for p in promotions] == ["PROPOSED"] * 3
    first = next(p for p in promotions if p.registration_id == best.id)
    assert (first.grade_before, first.grade_after, first.action) == ("APPRENTICE", "L2", "TARGET")
    explanation = first.explanation
    assert explanation["rank"] == 1 and explanation["n"] == 3
    assert explanation["row_band"] and explanation["outcome"] == "PROMOTED"
    assert [g["gate"] for g in explanation["gates"]][:2] == ["FINAL", "PASSED"]
    assert all(g["passed"] for g in explanation["gates"] if g["gate"] in ("FINAL", "PASSED"))


@pytest.mark.parametrize("case", ["open_appeal", "unlocked", "not_published", "tie"])
def test_refusals_change_nothing(db, case):
    from app.errors import ServiceError
    from app.models import Appeal
    from app.services.results.finalisation import finalize_project

    marks = [(80, 20), (85, 25), (85, 25)] if case == "tie" else MARKS
    contest = ready_contest(marks, publish=case != "not_published")
    project = contest.project
    if case == "open_appeal":
        db.session.add(Appeal(project_id=project.id, registration_id=contest.registrations[0].id,
                              filed_by_id=contest.organizer.id, subject="SCORE", text="复核",
                              state="ACCEPTED", filed_at=NOW))
    if case == "unlocked":
        project.scores_locked_at = None
    db.session.commit()
    before = outcome_snapshot(project.id)
    with pytest.raises(ServiceError) as caught:
        finalize_project(project.id, actor=contest.organizer, now=FINAL_AT)
    expected = {"open_appeal": "results.appeals_open",
                "unlocked": "results.not_locked",
                "not_published": "results.not_published",
                "tie": "finalisation.unresolved_tie"}[case]
    assert caught.value.code == expected and caught.value.status == 409
    if case == "tie":
        # Names both tied registrations and says the chief judge must order them.
        assert "选手2" in caught.value.message and "选手3" in caught.value.message
        assert "裁判长" in caught.value.message or "chief judge" in caught.value.message
    assert outcome_snapshot(project.id) == before


def test_chief_judge_order_resolves_the_tie(db):
    from app.models import TieBreakOrder

    contest = ready_contest([(80, 20), (85, 25), (85, 25)])
    regs = contest.registrations
    db.session.add(TieBreakOrder(project_id=contest.project.id, reason="抽签",
                                 registration_ids=[regs[2].id, regs[1].id],
                                 decided_by_id=contest.chief.id))
    db.session.commit()
    assert _finalize(contest).changed


def test_outsider_may_not_finalise(db, make_user):
    from app.errors import RecordNotFound

    contest = ready_contest(MARKS)
    from app.models import Organization

    stranger = make_user("ORGANIZER")
    other = Organization(name="别的人社局", kind="ORGANIZER")
    db.session.add(other)
    db.session.flush()
    stranger.roles[0].organization_id = other.id
    db.session.commit()
    with pytest.raises(RecordNotFound):
        _finalize(contest, actor=stranger)


def test_rerun_on_unchanged_data_changes_nothing(db):
    contest = ready_contest(MARKS)
    _finalize(contest)
    once = outcome_snapshot(contest.project.id)
    report = _finalize(contest, now=FINAL_AT.replace(day=FINAL_AT.day + 1))
    assert not report.changed and report.replaced == []
    assert outcome_snapshot(contest.project.id) == once


def test_changed_score_replaces_outcomes_with_reasons(db):
    from sqlalchemy import select

    from app.models import Appeal, AuditEntry, Award, ScoreEvent

    contest = ready_contest(MARKS)
    _finalize(contest)
    middle, best = contest.registrations[1], contest.registrations[2]
    # An upheld appeal's re-mark (stored directly: the results are already final).
    db.session.add(Appeal(project_id=contest.project.id, registration_id=best.id,
                          filed_by_id=contest.organizer.id, subject="SCORE", text="漏评",
                          state="UPHELD", filed_at=NOW, decided_at=FINAL_AT))
    db.session.add(ScoreEvent(client_id="fix-1", payload_hash="x", judge_id=contest.chief.id,
                              registration_id=best.id, component_id=contest.theory.id,
                              value=Decimal(40), server_time=FINAL_AT))
    db.session.commit()
    later = FINAL_AT.replace(day=FINAL_AT.day + 2)
    report = _finalize(contest, now=later)
    assert report.replaced and not report.finalized_now
    old_gold = db.session.scalar(select(Award).where(Award.registration_id == best.id,
                                                     Award.replaced_at.is_not(None)))
    assert old_gold.award == "GOLD" and "名次 1 → 3" in old_gold.replaced_reason
    assert "申诉 #" in old_gold.replaced_reason
    new = db.session.scalar(select(Award).where(Award.registration_id == middle.id,
                                                Award.replaced_at.is_(None)))
    assert new.award == "GOLD" and new.rank == 1
    reasons = [e.reason for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.action.in_(("award.replaced", "title.replaced"))))]
    assert reasons and all(r.startswith("重新终审") for r in reasons)
    # Theory 40 fails the pass mark: best's proposal is replaced by a NOT_PASSED decision;
    # the others keep their rows, their explanations restated with the new ranks.
    promotions = _promotions(contest.project.id)
    mine = [p for p in promotions if p.registration_id == best.id]
    assert [p.state for p in mine] == ["SUPERSEDED", "NOT_PASSED"]
    assert mine[0].explanation["replaced"]["reason"].startswith("重新终审")
    assert mine[1].explanation["rank"] == 3
    others = [p for p in promotions if p.registration_id != best.id]
    assert [p.state for p in others] == ["PROPOSED", "PROPOSED"]
    assert next(p for p in others if p.registration_id == middle.id).explanation["rank"] == 1
    # And once more: nothing left to change.
    assert not _finalize(contest, now=later).changed


def test_certified_promotion_no_longer_given_is_revoked(db):
    from app.models import Occupation, PersonGrade

    contest = ready_contest(MARKS)
    _finalize(contest)
    best = contest.registrations[2]
    promotion = next(p for p in _promotions(contest.project.id) if p.registration_id == best.id)
    promotion.state, promotion.certificate_no = "CERTIFIED", "S13010000010126200001"[:22]
    occupation = db.session.get(Occupation, contest.project.occupation_id)
    db.session.add(PersonGrade(person_id=best.person_id, occupation_id=occupation.id,
                               grade="L2", source="CONTEST_PROMOTION",
                               obtained_on=FINAL_AT.date(), promotion_id=promotion.id))
    # A grade already held at the contest is corrected: 高级技师 gets no promotion.
    db.session.add(PersonGrade(person_id=best.person_id, occupation_id=occupation.id,
                               grade="L1", source="CERTIFICATE", obtained_on=date(2020, 1, 1)))
    db.session.commit()
    report = _finalize(contest, now=FINAL_AT.replace(day=FINAL_AT.day + 3))
    db.session.refresh(promotion)
    assert promotion.state == "SUPERSEDED" and "replaced" in promotion.explanation
    assert report.replaced and any(f"promotion #{promotion.id}" in r for r in report.replaced)
    grades = db.session.query(PersonGrade).filter_by(person_id=best.person_id,
                                                     source="PROMOTION_REVERSED").all()
    assert len(grades) == 1


def test_once_a_year_across_two_competitions(db):
    """A higher promotion earlier in the year stands; this contest's lower one is SUPERSEDED."""
    first = ready_contest(MARKS, preset="MUNICIPALITY_CLASS_2")  # 1–6 → TARGET(L3)
    second = ready_contest(MARKS)  # 1–10 → TARGET(L2)
    # The same three people entered both; give contest two's people contest one's identities.
    for a, b in zip(first.registrations, second.registrations, strict=True):
        b.person_id = a.person_id
    second.project.occupation_id = first.project.occupation_id
    db.session.commit()
    _finalize(second)  # higher: L2, finalised first
    _finalize(first)
    lower = _promotions(first.project.id)
    assert {p.state for p in lower} == {"SUPERSEDED"}
    gates = lower[0].explanation["gates"]
    assert any(g["gate"] == "ONCE_A_YEAR" and g["passed"] is False for g in gates)
    assert {p.state for p in _promotions(second.project.id)} == {"PROPOSED"}


def test_a_higher_later_promotion_supersedes_the_earlier(db):
    first = ready_contest(MARKS, preset="MUNICIPALITY_CLASS_2")  # TARGET(L3)
    second = ready_contest(MARKS)  # TARGET(L2)
    for a, b in zip(first.registrations, second.registrations, strict=True):
        b.person_id = a.person_id
    second.project.occupation_id = first.project.occupation_id
    db.session.commit()
    _finalize(first)
    _finalize(second)
    assert {p.state for p in _promotions(first.project.id)} == {"SUPERSEDED"}
    assert {p.state for p in _promotions(second.project.id)} == {"PROPOSED"}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(marks=st.lists(st.tuples(st.integers(40, 100), st.integers(0, 30)), min_size=2,
                      max_size=4, unique=True))
def test_finalize_twice_equals_finalize_once(db, marks):
    from app.services.results.outcome_errors import OutcomeError

    contest = ready_contest(list(marks))
    try:
        _finalize(contest)
    except OutcomeError as error:
        assert error.code == "finalisation.unresolved_tie"
        return
    once = outcome_snapshot(contest.project.id)
    assert not _finalize(contest).changed
    assert outcome_snapshot(contest.project.id) == once
