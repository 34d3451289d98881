"""Score submission: idempotency, the rules at submission, flags, chief-judge actions, audit."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest

from app.errors import ForbiddenError
from tests.judging_setup import NOW, build_contest, new_id, score_all


def _submit(contest, judge=None, registration=None, *, aspect=None, component=None, value=2,
            client_id=None):
    from app.services.scoring.judging import submit_score

    return submit_score(
        client_id=client_id or new_id(), judge=judge or contest.judges[0],
        registration_id=(registration or contest.registrations[0]).id,
        aspect_id=None if aspect is None and component is not None else (aspect or contest.j).id,
        component_id=component.id if component is not None else None, value=value, now=NOW)


def _count(model):
    from sqlalchemy import func, select

    from app.extensions import db

    return db.session.scalar(select(func.count()).select_from(model))


def test_a_replay_returns_the_stored_result_and_stores_nothing_new(contest, published):
    from app.models import ScoreEvent

    cid = new_id()
    first = _submit(contest, client_id=cid, value=2)
    again = _submit(contest, client_id=cid, value="2.00")
    assert not first.replay and again.replay
    assert again.event_id == first.event_id and again.value == Decimal(2)
    assert _count(ScoreEvent) == 1
    # The standings job (inline under test) announces right after the commit.
    emitted = [e.name for e in published if not e.internal]
    assert emitted == ["score_recorded", "standings_changed"]


def test_a_different_payload_under_a_used_id_is_refused(contest):
    from app.models import ScoreEvent
    from app.services.scoring.judging_errors import JudgingError

    cid = new_id()
    _submit(contest, client_id=cid, value=2)
    with pytest.raises(JudgingError) as refused:
        _submit(contest, client_id=cid, value=3)
    assert refused.value.code == "score.id_reused" and refused.value.message
    with pytest.raises(JudgingError):
        _submit(contest, contest.judges[1], client_id=cid, value=2)  # another judge, same id
    assert _count(ScoreEvent) == 1


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("j_four", "score.out_of_range"),
        ("j_half", "score.j_integer"),
        ("m_not_allowed", "score.m_not_allowed"),
        ("panel_over", "score.out_of_range"),
        ("theory_over", "score.out_of_range"),
        ("not_seated", "score.not_seated"),
        ("conflicted", "score.conflicted"),
        ("not_judge", "score.not_judge"),
        ("bad_id", "score.bad_request"),
        ("bad_value", "score.bad_value"),
        ("both_targets", "score.bad_request"),
    ],
)
def test_rules_at_submission_refuse_with_a_code_and_store_nothing(contest, published, case,
                                                                   code):
    from app.models import AuditEntry, ScoreEvent, SheetState
    from app.services.scoring.judging_errors import JudgingError

    c = contest
    calls = {
        "j_four": lambda: _submit(c, value=4),
        "j_half": lambda: _submit(c, value="1.5"),
        "m_not_allowed": lambda: _submit(c, aspect=c.m, value=30),
        "panel_over": lambda: _submit(c, aspect=c.panel, value="30.5"),
        "theory_over": lambda: _submit(c, c.chief, component=c.theory, value=101),
        "not_seated": lambda: _submit(c, c.judges[1], aspect=c.m, value=40),
        "conflicted": lambda: _submit(c, c.judges[2], c.registrations[2], value=2),
        "not_judge": lambda: _submit(c, c.organizer, value=2),
        "bad_id": lambda: _submit(c, client_id="not-a-uuid"),
        "bad_value": lambda: _submit(c, value="abc"),
        "both_targets": lambda: importlib.import_module(
            "app.services.scoring.judging").submit_score(
            client_id=new_id(), judge=c.judges[0], registration_id=c.registrations[0].id,
            aspect_id=c.j.id, component_id=c.theory.id, value=1, now=NOW),
    }
    with pytest.raises(JudgingError) as refused:
        calls[case]()
    assert refused.value.code == code and refused.value.message
    assert _count(ScoreEvent) == _count(SheetState) == _count(AuditEntry) == 0
    assert published == []


def test_a_contestant_not_checked_in_and_a_locked_project_are_refused(db):
    from app.extensions import db as _db
    from app.services.scoring.judging_errors import JudgingError

    contest = build_contest(checked_in=False)
    with pytest.raises(JudgingError) as refused:
        _submit(contest)
    assert refused.value.code == "score.not_checked_in"
    contest.registrations[0].status = "CHECKED_IN"
    contest.project.scores_locked_at = NOW
    _db.session.commit()
    with pytest.raises(JudgingError) as refused:
        _submit(contest)
    assert refused.value.code == "score.project_locked"


def test_the_first_score_locks_the_scheme_and_an_invalid_scheme_blocks_judging(contest):
    from app.extensions import db
    from app.services.scoring.judging_errors import JudgingError

    contest.j.max_mark = Decimal(31)  # max marks now sum to 101
    db.session.commit()
    with pytest.raises(JudgingError) as refused:
        _submit(contest)
    assert refused.value.code == "score.scheme_invalid"
    assert [p.code for p in refused.value.problems] == ["scheme.max_sum"]
    contest.j.max_mark = Decimal(30)
    db.session.commit()
    _submit(contest)
    db.session.refresh(contest.project)
    assert contest.project.scheme_locked_at is not None


def test_the_latest_event_is_the_judges_value_and_spread_flags_a_rescore(contest, published):
    from app.services.entry.sheets import get_sheet
    from app.services.scoring.chief_judge import request_rescore

    reg = contest.registrations[0]
    _submit(contest, contest.judges[0], value=0)
    _submit(contest, contest.judges[1], value=2)
    _submit(contest, contest.judges[2], value=3)
    sheet = get_sheet(reg.id, (contest.j.id, None))
    assert sheet.flags == ["NEEDS_RESCORE"]
    published.clear()
    request_rescore(contest.chief, contest.project.id, registration_id=reg.id,
                    key=(contest.j.id, None), reason="分差过大", judge_ids=[contest.judges[0].id],
                    now=NOW)
    names = [(e.name, e.room) for e in published]
    assert ("rescore_requested", f"judge:{contest.judges[0].id}") in names
    assert ("sheet_changed", f"chief:{contest.project.id}") in names
    outcome = _submit(contest, contest.judges[0], value=2)
    assert outcome.sheet["flags"] == []
    assert outcome.sheet["values"][str(contest.judges[0].id)] == "2"
    assert outcome.sheet["rescore_requested"] is False and outcome.sheet["mark"] == "23.33"


def test_a_panel_judge_far_from_the_median_disputes_the_sheet(contest):
    for judge, value in zip(contest.judges, (20, 21, 28), strict=True):
        outcome = _submit(contest, judge, aspect=contest.panel, value=value)
    assert outcome.sheet["flags"] == ["DISPUTED"]


def test_four_eyes_verification(contest):
    from app.services.scoring.chief_judge import verify_sheet
    from app.services.scoring.judging_errors import JudgingError

    reg, key = contest.registrations[0], (contest.m.id, None)
    _submit(contest, aspect=contest.m, value=40)
    with pytest.raises(JudgingError) as refused:
        verify_sheet(contest.judges[0], contest.project.id, registration_id=reg.id, key=key,
                     now=NOW)
    assert refused.value.code == "sheet.own_entry"
    verify_sheet(contest.judges[1], contest.project.id, registration_id=reg.id, key=key, now=NOW)
    with pytest.raises(JudgingError) as refused:
        verify_sheet(contest.chief, contest.project.id, registration_id=reg.id,
                     key=(contest.j.id, None), now=NOW)
    assert refused.value.code == "sheet.not_found"
    _submit(contest, contest.judges[0], aspect=contest.j, value=2)
    with pytest.raises(JudgingError) as refused:
        verify_sheet(contest.chief, contest.project.id, registration_id=reg.id,
                     key=(contest.j.id, None), now=NOW)
    assert refused.value.code == "sheet.incomplete"
    outcome = _submit(contest, aspect=contest.m, value=20)  # a new score voids the verification
    assert outcome.sheet["state"] == "ENTERED" and outcome.sheet["verified_by"] is None


def test_lock_needs_complete_unflagged_sheets_and_unlock_a_reason(contest):
    from app.services.scoring.chief_judge import lock_project, unlock_project
    from app.services.scoring.judging_errors import JudgingError

    pid = contest.project.id
    _submit(contest, value=2)
    with pytest.raises(JudgingError) as refused:
        lock_project(contest.chief, pid, now=NOW)
    assert refused.value.code == "lock.incomplete"
    with pytest.raises(JudgingError) as refused:
        lock_project(contest.judges[0], pid, now=NOW)
    assert refused.value.code == "auth.forbidden"
    score_all(contest)
    _submit(contest, contest.judges[0], contest.registrations[1], value=0)
    with pytest.raises(JudgingError) as refused:
        lock_project(contest.chief, pid, now=NOW)
    assert refused.value.code == "lock.flagged"
    _submit(contest, contest.judges[0], contest.registrations[1], value=2)
    lock_project(contest.chief, pid, now=NOW)
    with pytest.raises(JudgingError) as refused:
        _submit(contest, value=3)
    assert refused.value.code == "score.project_locked"
    with pytest.raises(JudgingError) as refused:
        unlock_project(contest.chief, pid, reason="  ", now=NOW)
    assert refused.value.code == "reason.required"
    unlock_project(contest.chief, pid, reason="复核 A1.2", now=NOW)
    assert _submit(contest, value=3).value == 3


def test_penalties_dq_needs_the_chief_and_finish_status_unranks(contest):
    from app.services.boards.standings import compute_standings
    from app.services.scoring import penalties
    from app.services.scoring.judging_errors import JudgingError

    score_all(contest)
    pid, reg = contest.project.id, contest.registrations[0]
    with pytest.raises(JudgingError) as refused:
        penalties.add_penalty(contest.judges[0], pid, registration_id=reg.id,
                              component_id=contest.practical.id, points=Decimal(5), reason="",
                              now=NOW)
    assert refused.value.code == "reason.required"
    fine = penalties.add_penalty(contest.judges[0], pid, registration_id=reg.id,
                                 component_id=contest.practical.id, points=Decimal(5),
                                 reason="未戴护目镜", now=NOW)
    row = next(r for r in compute_standings(contest.project)["rows"]
               if r["registration_id"] == reg.id)
    assert row["components"]["P"] == "75.00" and row["penalty_points"] == {"P": "5"}
    dq = penalties.add_penalty(contest.judges[0], pid, registration_id=reg.id,
                               component_id=contest.practical.id, points=Decimal(0),
                               reason="严重违规", disqualifies=True, now=NOW)
    assert dq.countersigned_by_id is None
    rows = {r["registration_id"]: r for r in compute_standings(contest.project)["rows"]}
    assert rows[reg.id]["status"] == "FINISHED"
    penalties.countersign_penalty(contest.chief, pid, dq.id, now=NOW)
    rows = {r["registration_id"]: r for r in compute_standings(contest.project)["rows"]}
    assert rows[reg.id]["status"] == "DQ" and rows[reg.id]["rank"] is None
    penalties.withdraw_penalty(contest.chief, pid, dq.id, reason="复核后撤销", now=NOW)
    penalties.withdraw_penalty(contest.chief, pid, fine.id, reason="误判", now=NOW)
    penalties.set_finish_status(contest.chief, pid, registration_id=contest.registrations[1].id,
                                status="DNF", reason="设备故障退出", now=NOW)
    snapshot = compute_standings(contest.project)
    assert snapshot["n"] == 2
    assert [r["status"] for r in snapshot["rows"]][-1] == "DNF"


def test_assignment_refuses_a_conflicted_judge_with_the_reasons(contest):
    from app.services.scoring.judging_errors import JudgingError
    from app.services.setup.judge_assignments import assign_judge, list_assignments, set_panel

    pid = contest.project.id
    with pytest.raises(JudgingError) as refused:
        assign_judge(contest.organizer, pid, user_id=contest.judges[2].id, now=NOW)
    assert refused.value.code == "assign.conflicted"
    assert [p.code for p in refused.value.problems] == ["conflict.same_employer"]
    assert refused.value.problems[0].params["contestant"] == "J003"
    assign_judge(contest.organizer, pid, user_id=contest.judges[2].id, allow_recusals=True,
                 now=NOW)
    with pytest.raises(JudgingError) as refused:
        assign_judge(contest.organizer, pid, user_id=contest.judges[0].id, role="CHIEF_JUDGE",
                     now=NOW)
    assert refused.value.code == "assign.chief_exists"
    with pytest.raises(ForbiddenError) as refused:
        assign_judge(contest.judges[0], pid, user_id=contest.judges[1].id, now=NOW)
    assert refused.value.code == "auth.forbidden"
    set_panel(contest.organizer, pid, user_id=contest.judges[1].id, aspect_ids=[contest.m.id],
              now=NOW)
    listed = {a["user_id"]: a for a in list_assignments(pid)}
    assert listed[contest.judges[1].id]["aspect_ids"] == [contest.m.id]
    assert listed[contest.judges[2].id]["recusals"][0]["code"] == "J003"


def test_a_declared_conflict_recuses(contest):
    from app.extensions import db
    from app.models import DeclaredConflict
    from app.services.scoring.judging_errors import JudgingError

    db.session.add(DeclaredConflict(judge_person_id=contest.judges[1].person_id,
                                    person_id=contest.registrations[0].person_id, reason="师徒"))
    db.session.commit()
    with pytest.raises(JudgingError) as refused:
        _submit(contest, contest.judges[1])
    assert refused.value.code == "score.conflicted"
    assert [p.code for p in refused.value.problems] == ["conflict.declared"]


def test_every_action_is_in_a_chain_that_verifies(contest):
    from app.services.scoring import audit
    from app.services.scoring.chief_judge import lock_project

    score_all(contest)
    lock_project(contest.chief, contest.project.id, now=NOW)
    report = audit.verify_chain()
    assert report.ok and report.checked >= 20
    actions = {e.action for e in audit.list_entries(project_id=contest.project.id, limit=500)}
    assert {"score.submitted", "scheme.locked", "project.scores_locked"} <= actions
