"""The set-up checklist asks for a seated judge on every aspect and on whole components, but
not on a whole theory component: its marks come from the exam sheet the organizer imports."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete

from app.models import Component, PanelSeat
from app.services.setup.checklist import get_checklist
from tests.judging_setup import build_contest


def _panels_ok(contest: Any) -> bool:
    checklist = get_checklist(contest.organizer, contest.project.competition_id)
    return next(i.ok for i in checklist.items
                if i.code == "project.panels" and i.project_id == contest.project.id)


@pytest.mark.parametrize(("kind", "expected"), [("THEORY", True), ("DEFENCE", False)])
def test_a_whole_component_without_a_seat(db: Any, kind: str, expected: bool) -> None:
    contest = build_contest()
    assert _panels_ok(contest) is True  # every aspect and the theory component are seated
    db.session.execute(delete(PanelSeat).where(PanelSeat.component_id == contest.theory.id))
    db.session.get(Component, contest.theory.id).kind = kind
    db.session.commit()
    assert _panels_ok(contest) is expected


def test_an_unseated_aspect_is_still_missing(db: Any) -> None:
    contest = build_contest()
    db.session.execute(delete(PanelSeat).where(PanelSeat.aspect_id == contest.m.id))
    db.session.commit()
    assert _panels_ok(contest) is False
