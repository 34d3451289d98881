"""The chief judge's tie order through /api/v1: list ties side by side, record an order."""

from __future__ import annotations

from typing import Any

import pytest

from tests.finalisation_setup import ready_contest

TIED = [(80, 20), (85, 25), (85, 25)]


@pytest.fixture()
def contest(db: Any) -> Any:
    return ready_contest(TIED)


def _url(contest: Any, tail: str) -> str:
    return f"/api/v1/projects/{contest.project.id}/{tail}"


def test_lists_the_surviving_tie_with_every_value(client: Any, contest: Any, login: Any) -> None:
    login(contest.chief)
    sheet = client.get(_url(contest, "ties")).json
    regs = contest.registrations
    assert sheet["blocking"] is True and sheet["shares_ranks"] is False and sheet["order"] is None
    [tie] = sheet["ties"]
    assert tie["ordered"] is False
    assert [e["registration_id"] for e in tie["entries"]] == [regs[1].id, regs[2].id]
    first = tie["entries"][0]
    assert set(first) >= {"total", "practical", "working_time", "theory", "top_criterion"}
    assert first["total"] == tie["entries"][1]["total"]
    assert first["decided_by"] == "UNRESOLVED"


@pytest.mark.parametrize(
    ("who", "ids", "reason", "status", "code"),
    [
        ("organizer", "tie", "抽签决定", 403, "auth.forbidden"),
        ("chief", "one", "抽签决定", 422, "tie_order.not_a_tie"),
        ("chief", "with_outsider", "抽签决定", 422, "tie_order.not_a_tie"),
        ("chief", "twice", "抽签决定", 422, "tie_order.not_a_tie"),
        ("chief", "tie", "   ", 422, "tie_order.reason_required"),
        ("chief", "tie", "x" * 501, 422, "validation"),
    ],
)
def test_refusals_record_nothing(client: Any, contest: Any, login: Any, who: str, ids: str,
                                 reason: str, status: int, code: str) -> None:
    from app.models import TieBreakOrder

    regs = contest.registrations
    chosen = {"tie": [regs[2].id, regs[1].id], "one": [regs[2].id, regs[2].id][:1] * 2,
              "with_outsider": [regs[2].id, regs[1].id, regs[0].id],
              "twice": [regs[2].id, regs[1].id, regs[1].id]}[ids]
    login(getattr(contest, who))
    answer = client.post(_url(contest, "tie-order"),
                         json={"registration_ids": chosen, "reason": reason})
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["code"] == code
    assert TieBreakOrder.query.count() == 0


def test_recorded_order_settles_ranks_is_audited_and_unblocks(
        client: Any, contest: Any, login: Any, db: Any) -> None:
    from app.models import AuditEntry
    from app.services.results.finalisation import check_finalisable
    from app.services.scoring.tie_orders import tie_reasons

    regs = contest.registrations
    assert check_finalisable(contest.organizer, contest.project.id) is not None
    login(contest.chief)
    answer = client.post(_url(contest, "tie-order"),
                         json={"registration_ids": [regs[2].id, regs[1].id],
                               "reason": "现场实操用时相同，经裁判组合议抽签"})
    assert answer.status_code == 201, answer.json
    assert answer.json["tie_ids"] == [regs[2].id, regs[1].id]
    sheet = client.get(_url(contest, "ties")).json
    assert sheet["blocking"] is False and sheet["ties"][0]["ordered"] is True
    assert [(e["registration_id"], e["rank"], e["decided_by"])
            for e in sheet["ties"][0]["entries"]] == [
        (regs[2].id, 1, "CHIEF_JUDGE"), (regs[1].id, 2, "CHIEF_JUDGE")]
    assert sheet["order"]["reason"] == "现场实操用时相同，经裁判组合议抽签"
    entry = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "tie_order.recorded")).one()
    assert entry.actor_id == contest.chief.id and entry.project_id == contest.project.id
    assert check_finalisable(contest.organizer, contest.project.id) is None
    assert tie_reasons(contest.project.id) == {regs[2].id: "现场实操用时相同，经裁判组合议抽签",
                                               regs[1].id: "现场实操用时相同，经裁判组合议抽签"}


def test_order_applies_where_ranks_are_shared(client: Any, contest: Any, login: Any,
                                              db: Any) -> None:
    contest.project.shares_ranks = True
    db.session.commit()
    regs = contest.registrations
    login(contest.chief)
    sheet = client.get(_url(contest, "ties")).json
    assert sheet["blocking"] is False
    assert [e["rank"] for e in sheet["ties"][0]["entries"]] == [1, 1]
    client.post(_url(contest, "tie-order"),
                json={"registration_ids": [regs[2].id, regs[1].id], "reason": "裁判长裁定"})
    ranks = {e["registration_id"]: e["rank"]
             for e in client.get(_url(contest, "ties")).json["ties"][0]["entries"]}
    assert ranks == {regs[2].id: 1, regs[1].id: 2}
