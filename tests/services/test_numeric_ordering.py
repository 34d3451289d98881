"""Listings sort codes and numbers with numeric parts as numbers ("J9" before "J10")."""

from __future__ import annotations

from typing import Any

from tests.judging_setup import build_contest


def test_competing_registrations_sort_codes_numerically(db: Any) -> None:
    from app.services.boards.standings_inputs import competing_registrations

    contest = build_contest(contestants=3)
    for registration, code in zip(contest.registrations, ["J10", "J9", "J100"], strict=True):
        registration.anonymous_code = code
    db.session.commit()
    codes = [r.anonymous_code for r in competing_registrations(contest.project.id)]
    assert codes == ["J9", "J10", "J100"]


def test_ticket_lists_sort_numbers_numerically(db: Any) -> None:
    from app.services.entry.checkin import list_project_registrations
    from app.services.entry.tickets import list_ticketed

    contest = build_contest(contestants=3, status="APPROVED")
    for registration, number in zip(contest.registrations, ["T-10", "T-9", "T-100"],
                                    strict=True):
        registration.ticket_no = number
    db.session.commit()
    assert [r.ticket_no for r in list_ticketed(contest.project)] == ["T-9", "T-10", "T-100"]
    assert [r.ticket_no for r in list_project_registrations(contest.project)] == [
        "T-9", "T-10", "T-100"]
