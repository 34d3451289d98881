"""Set-up shared by the board, publication and appeal tests: a scored, locked project."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.judging_setup import NOW, Contest, build_contest, score_all

ENDS = NOW + timedelta(hours=1)


def locked_contest(*, visibility: str = "LIVE", contestants: int = 3) -> Contest:
    """Build a project, score every sheet, lock it (the chief judge); ends one hour after NOW."""
    from app.extensions import db
    from app.services.chief_judge import lock_project

    contest = build_contest(visibility=visibility, contestants=contestants)
    contest.project.ends_at = ENDS
    db.session.commit()
    score_all(contest)
    lock_project(contest.chief, contest.project.id, now=ENDS)
    return contest


def contestant_user(contest: Contest, index: int = 0) -> Any:
    """Return a CONTESTANT account linked to the person of registration ``index``."""
    from tests.factories import create_user

    registration = contest.registrations[index]
    return create_user("CONTESTANT", username=f"c{registration.id}-{contest.project.id}",
                       person_id=registration.person_id)


def arbitrator(username: str = "arb", *, person_id: int | None = None) -> Any:
    """Return an ARBITRATOR account (optionally linked to a person, for recusal)."""
    from tests.factories import create_user

    return create_user("ARBITRATOR", username=username, person_id=person_id)
