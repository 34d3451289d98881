"""The once-a-year rule across competitions, applied when a promotion is approved or certified.

DOMAIN.md §10.11: a person keeps at most one contest promotion per calendar year, in any
occupation. Among their promotions of the year that count (PROPOSED, APPROVED, CERTIFIED) the
highest grade-after wins; on equal grades the earlier contest stays. Every other one becomes
SUPERSEDED; a superseded CERTIFIED one has its certificates revoked and the grade it gave is
reversed by a new grade row (history is never deleted). These helpers change rows in the
caller's transaction; the calling use case commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select

from app.domain.grades import parse_grade
from app.domain.promotion import COUNTING_STATES
from app.extensions import db
from app.models import Competition, PersonGrade, Project, Promotion, Registration
from app.services.certification.certificates import revoke_rows
from app.services.common.local_time import local_date
from app.services.scoring import audit

COUNTING = tuple(state.value for state in COUNTING_STATES)
#: PersonGrade source of a row that undoes a superseded contest promotion.
REVERSAL_SOURCE = "PROMOTION_REVERSED"


def _contest_day(promotion: Promotion) -> date:
    """Return the last day of the promotion's competition (which contest came first)."""
    return promotion.registration.project.competition.ends_on


def order_key(promotion: Promotion) -> tuple[int, date, int]:
    """Sort the winner first: highest grade-after, then the earlier contest, then the older row."""
    return (-parse_grade(promotion.grade_after).ordinal, _contest_day(promotion), promotion.id)


def counting_promotions(person_id: int, year: int) -> list[Promotion]:
    """Return a person's promotions of `year` that count for the rule, the winner first."""
    rows = db.session.scalars(
        select(Promotion)
        .join(Registration, Promotion.registration_id == Registration.id)
        .join(Project, Registration.project_id == Project.id)
        .join(Competition, Project.competition_id == Competition.id)
        .where(Promotion.person_id == person_id, Promotion.year == year,
               Promotion.state.in_(COUNTING),
               # A contest that does not adopt the [LOCAL 天津] rule stays out of it (§7).
               Competition.once_a_year.is_(True))
    )
    return sorted(rows, key=order_key)


def resolve_year(person_id: int, year: int, *, now: datetime, actor_id: int | None
                 ) -> list[Promotion]:
    """Supersede every counting promotion of the person's year but the winner; return the losers."""
    ranked = counting_promotions(person_id, year)
    if len(ranked) < 2:
        return []
    winner = ranked[0]
    # A mere proposal does not undo a certified grade: that waits for the proposal's approval.
    losers = [row for row in ranked[1:]
              if not (row.state == "CERTIFIED" and winner.state == "PROPOSED")]
    for loser in losers:
        supersede(loser, winner, now=now, actor_id=actor_id)
    return losers


def supersede(loser: Promotion, winner: Promotion, *, now: datetime,
              actor_id: int | None) -> None:
    """Mark `loser` SUPERSEDED by `winner`; undo its certificate and grade if it was certified."""
    old_state = loser.state
    after = parse_grade(winner.grade_after)
    reason = (
        f"同一年度（{loser.year}）另有更高或更早的竞赛晋升（{after.zh}，晋升记录 #{winner.id}），"
        "依每年一次规则作废"
    )
    loser.state = "SUPERSEDED"
    loser.superseded_by_id = winner.id
    loser.decision_reason = reason[:500]
    loser.decided_at = now
    project_id = loser.registration.project_id
    audit.record("promotion.supersede", entity="promotion", entity_id=loser.id,
                 actor_id=actor_id, project_id=project_id,
                 old={"state": old_state}, new={"state": "SUPERSEDED",
                                                "superseded_by_id": winner.id},
                 reason=reason, now=now)
    if old_state == "CERTIFIED":
        revoke_rows(_promotion_certificates(loser.id), reason, now=now, actor_id=actor_id)
        reverse_grade(loser, reason=reason, now=now, actor_id=actor_id)


def _promotion_certificates(promotion_id: int) -> Iterable:
    from app.models import Certificate

    return db.session.scalars(
        select(Certificate).where(Certificate.promotion_id == promotion_id,
                                  Certificate.status == "VALID")
    )


def _grade_key(row: PersonGrade) -> tuple[date, int]:
    return (row.obtained_on, row.id)


def reverse_grade(promotion: Promotion, *, reason: str, now: datetime,
                  actor_id: int | None) -> PersonGrade | None:
    """Restore the grade held before `promotion` with a new row, if it is still the current one."""
    db.session.flush()
    history = sorted(
        db.session.scalars(select(PersonGrade).where(
            PersonGrade.person_id == promotion.person_id,
            PersonGrade.occupation_id == promotion.occupation_id)),
        key=_grade_key,
    )
    given = [row for row in history
             if row.promotion_id == promotion.id and row.source == "CONTEST_PROMOTION"]
    if not given or history[-1] is not given[-1]:
        # A later grade (another certificate, an assessment) stands; nothing to undo.
        return None
    earlier = history[: history.index(given[-1])]
    previous = earlier[-1].grade if earlier else parse_grade(None).value
    row = PersonGrade(person_id=promotion.person_id, occupation_id=promotion.occupation_id,
                      grade=previous, source=REVERSAL_SOURCE, certificate_no="",
                      obtained_on=local_date(now), promotion_id=promotion.id)
    db.session.add(row)
    db.session.flush()
    audit.record("person_grade.reverse", entity="person_grade", entity_id=row.id,
                 actor_id=actor_id, project_id=promotion.registration.project_id,
                 old={"grade": promotion.grade_after}, new={"grade": previous},
                 reason=reason, now=now)
    return row
