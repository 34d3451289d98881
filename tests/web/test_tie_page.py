"""The chief judge's tie page: the tie side by side, an order recorded from the form."""

from __future__ import annotations

from typing import Any

from tests.finalisation_setup import ready_contest


def test_chief_orders_a_tie_from_the_page(db: Any, client: Any, login: Any) -> None:
    from app.models import TieBreakOrder

    contest = ready_contest([(80, 20), (85, 25), (85, 25)])
    regs = contest.registrations
    login(contest.chief)
    page = client.get(f"/judging/projects/{contest.project.id}/ties")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert regs[1].anonymous_code in html and regs[2].anonymous_code in html
    order = f"{regs[2].anonymous_code}，{regs[1].anonymous_code.lower()}"
    answer = client.post(f"/judging/projects/{contest.project.id}/ties",
                         data={"order": order, "reason": "抽签"})
    assert answer.status_code == 303
    row = db.session.scalars(db.select(TieBreakOrder)).one()
    assert row.tie_ids == [regs[2].id, regs[1].id] and row.reason == "抽签"
    assert "抽签" in client.get(f"/judging/projects/{contest.project.id}/ties").get_data(
        as_text=True)


def test_unknown_code_is_refused_with_a_message(db: Any, client: Any, login: Any) -> None:
    from app.models import TieBreakOrder

    contest = ready_contest([(80, 20), (85, 25), (85, 25)])
    login(contest.chief)
    answer = client.post(f"/judging/projects/{contest.project.id}/ties",
                         data={"order": "NOPE, J002", "reason": "抽签"})
    assert answer.status_code == 303
    assert TieBreakOrder.query.count() == 0


def test_publication_and_outcomes_quote_the_reason(db: Any, client: Any, login: Any) -> None:
    from app.models._types import utcnow
    from app.services.scoring.tie_orders import record_tie_order

    contest = ready_contest([(80, 20), (85, 25), (85, 25)])
    regs = contest.registrations
    record_tie_order(contest.chief, contest.project.id,
                     registration_ids=[regs[2].id, regs[1].id], reason="实操截面检验更优",
                     now=utcnow())
    html = client.get(f"/live/projects/{contest.project.id}/publication").get_data(
        as_text=True)
    assert 'id="jx-tie-notes"' in html and "实操截面检验更优" in html


def test_console_counts_the_ties_to_order(db: Any, client: Any, login: Any) -> None:
    contest = ready_contest([(80, 20), (85, 25), (85, 25)])
    login(contest.chief)
    html = client.get(f"/judging/projects/{contest.project.id}/console").get_data(as_text=True)
    assert 'id="jx-tie-count">1<' in html
