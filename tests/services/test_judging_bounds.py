"""The original freeze (issue #11, finding 1): an in-range mark with a huge exponent.

``1E-999999999`` is between 0 and 30, so the old score check turned it into an exact Fraction
with a billion-digit denominator while the write transaction was open. Each case below hung
the old code; now it is refused at once and nothing is stored.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.judging_setup import NOW, new_id


def _stored() -> int:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import ScoreEvent

    return db.session.scalar(select(func.count()).select_from(ScoreEvent))


@pytest.mark.parametrize(("target", "value"), [
    ("panel", "1E-999999999"), ("panel", Decimal("1E-999999999")), ("m", "0E-999999999"),
    ("theory", "1E-999999999"), ("j", "1E-999999999"), ("panel", 1e-300),
])
def test_submit_score_refuses_a_huge_exponent_quickly_and_stores_nothing(contest, target, value):
    from app.services.scoring.judging import submit_score
    from app.services.scoring.judging_errors import JudgingError

    judge = contest.chief if target == "theory" else contest.judges[0]
    key = ({"component_id": contest.theory.id} if target == "theory"
           else {"aspect_id": getattr(contest, target).id})
    with pytest.raises(JudgingError) as refused:
        submit_score(client_id=new_id(), judge=judge,
                     registration_id=contest.registrations[0].id, value=value, now=NOW, **key)
    assert refused.value.code == "score.bad_value" and refused.value.field == "value"
    assert _stored() == 0


def test_the_rules_refuse_an_unbounded_value_that_skipped_the_parser(contest):
    from app.services.scoring.judging import check_value
    from app.services.scoring.judging_errors import JudgingError

    with pytest.raises(JudgingError) as refused:
        check_value(contest.panel, Decimal("1E-999999999"))
    assert refused.value.code == "score.bad_value"


@pytest.mark.parametrize("points", [Decimal("1E-999999999"), Decimal("0.001"), Decimal("NaN")])
def test_a_penalty_with_unbounded_points_is_refused_and_stores_nothing(contest, points):
    from app.models import Penalty
    from app.services.scoring import penalties
    from app.services.scoring.judging_errors import JudgingError
    from tests.judging_setup import score_all

    score_all(contest)
    with pytest.raises(JudgingError) as refused:
        penalties.add_penalty(contest.chief, contest.project.id,
                              registration_id=contest.registrations[0].id,
                              component_id=contest.practical.id, points=points, reason="x",
                              now=NOW)
    assert refused.value.code == "penalty.points" and refused.value.field == "points"
    from sqlalchemy import func, select

    from app.extensions import db

    assert db.session.scalar(select(func.count()).select_from(Penalty)) == 0


_PIECES = st.sampled_from(["1", "0", "9", ".", "E", "e", "-", "+", "999999999", "_", "１",
                           "٣", "NaN", "Inf", "\u3000", "x", ","])
# Each of these is refused whatever surrounds it: an exponent, a non-ASCII digit, too many
# places or digits, or a character no number has.
_POISON = st.sampled_from(["E-999999999", "e5", "１", "٣", "_", "NaN", ".00001", "99999", "x"])
HOSTILE_MARKS = st.builds(lambda head, poison, tail: head + poison + tail,
                          st.lists(_PIECES, max_size=4).map("".join), _POISON,
                          st.lists(_PIECES, max_size=4).map("".join))


@settings(max_examples=60, deadline=timedelta(seconds=1),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE_MARKS)
def test_hostile_marks_are_refused_promptly_and_nothing_is_stored(contest, value):
    from app.services.scoring.judging import submit_score
    from app.services.scoring.judging_errors import JudgingError

    with pytest.raises(JudgingError) as refused:
        submit_score(client_id=new_id(), judge=contest.judges[0],
                     registration_id=contest.registrations[0].id, aspect_id=contest.panel.id,
                     value=value, now=NOW)
    assert refused.value.code == "score.bad_value"
    assert _stored() == 0
