"""The results state machine (DOMAIN §8): every transition by table, every path by hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.result_states import (
    Refusal,
    ResultAction,
    ResultState,
    TransitionContext,
    current_state,
    stored_status,
    transition,
)

S, A = ResultState, ResultAction
NOW = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
ENDS = NOW + timedelta(days=3)
CTX = TransitionContext(now=NOW, publication_ends_at=ENDS)
OPEN = TransitionContext(now=NOW, publication_ends_at=ENDS, open_appeals=2)
ADMIN = TransitionContext(now=NOW, publication_ends_at=ENDS, override_reason="省厅通知提前公布",
                          overrider_is_admin=True)
NOT_ADMIN = TransitionContext(now=NOW, publication_ends_at=ENDS, override_reason="赶时间")


@pytest.mark.parametrize(("state", "action", "ctx", "expected"), [
    (S.SCORING, A.LOCK, CTX, S.LOCKED),
    (S.LOCKED, A.LOCK, CTX, Refusal("results.already_locked")),
    (S.LOCKED, A.UNLOCK, CTX, S.SCORING),
    (S.SCORING, A.UNLOCK, CTX, Refusal("results.not_locked")),
    (S.PUBLISHED, A.UNLOCK, CTX, Refusal("results.published_reopen_only")),
    (S.LOCKED, A.PUBLISH, CTX, S.PUBLISHED),
    (S.SCORING, A.PUBLISH, CTX, Refusal("results.not_locked")),
    (S.PUBLISHED, A.PUBLISH, CTX, Refusal("results.already_published")),
    (S.OBJECTION_CLOSED, A.PUBLISH, CTX, Refusal("results.already_published")),
    (S.PUBLISHED, A.FILE_OBJECTION, CTX, S.PUBLISHED),
    (S.OBJECTION_CLOSED, A.FILE_OBJECTION, CTX,
     Refusal("results.objection_closed", {"ends_at": ENDS})),
    (S.LOCKED, A.FILE_OBJECTION, CTX, Refusal("results.not_published")),
    (S.FINAL, A.FILE_OBJECTION, CTX, Refusal("results.final")),
    (S.SCORING, A.FINALISE, CTX, Refusal("results.not_locked")),
    (S.LOCKED, A.FINALISE, CTX, Refusal("results.not_published")),
    (S.PUBLISHED, A.FINALISE, CTX, Refusal("results.objection_period", {"ends_at": ENDS})),
    (S.PUBLISHED, A.FINALISE, NOT_ADMIN,
     Refusal("results.override_admin_only", {"ends_at": ENDS})),
    (S.PUBLISHED, A.FINALISE, ADMIN, S.FINAL),
    (S.OBJECTION_CLOSED, A.FINALISE, CTX, S.FINAL),
    (S.OBJECTION_CLOSED, A.FINALISE, OPEN, Refusal("results.appeals_open", {"n": 2})),
    (S.PUBLISHED, A.FINALISE, OPEN, Refusal("results.appeals_open", {"n": 2})),
    (S.FINAL, A.FINALISE, CTX, S.FINAL),
    (S.CERTIFIED, A.FINALISE, CTX, S.CERTIFIED),
    (S.FINAL, A.CERTIFY, CTX, S.CERTIFIED),
    (S.CERTIFIED, A.CERTIFY, CTX, S.CERTIFIED),
    (S.PUBLISHED, A.CERTIFY, CTX, Refusal("results.not_final")),
    (S.PUBLISHED, A.REOPEN, CTX, S.SCORING),
    (S.OBJECTION_CLOSED, A.REOPEN, CTX, S.SCORING),
    (S.LOCKED, A.REOPEN, CTX, S.SCORING),
    (S.FINAL, A.REOPEN, CTX, Refusal("results.final")),
    (S.CERTIFIED, A.UNLOCK, CTX, Refusal("results.final")),
])
def test_transition_table(state, action, ctx, expected):
    assert transition(state, action, ctx) == expected


@pytest.mark.parametrize(("locked", "stored", "ends", "certified", "expected"), [
    (False, "OPEN", None, False, S.SCORING),
    (False, "PROVISIONAL", None, False, S.SCORING),
    (True, "OPEN", None, False, S.LOCKED),
    (True, "PROVISIONAL", None, False, S.LOCKED),
    (True, "PUBLISHED", ENDS, False, S.PUBLISHED),
    (True, "PUBLISHED", NOW, False, S.OBJECTION_CLOSED),   # the end itself is closed
    (True, "PUBLISHED", NOW - timedelta(seconds=1), False, S.OBJECTION_CLOSED),
    (True, "FINAL", ENDS, False, S.FINAL),
    (True, "FINAL", ENDS, True, S.CERTIFIED),
])
def test_current_state_from_stored_fields(locked, stored, ends, certified, expected):
    assert current_state(locked=locked, stored=stored, publication_ends_at=ends, now=NOW,
                         certified=certified) == expected


@pytest.mark.parametrize(("state", "stored"), [
    (S.SCORING, "PROVISIONAL"), (S.LOCKED, "PROVISIONAL"), (S.PUBLISHED, "PUBLISHED"),
    (S.OBJECTION_CLOSED, "PUBLISHED"), (S.FINAL, "FINAL"), (S.CERTIFIED, "FINAL"),
])
def test_stored_status(state, stored):
    assert stored_status(state) == stored


contexts = st.sampled_from([CTX, OPEN, ADMIN, NOT_ADMIN])
steps = st.lists(st.tuples(st.sampled_from(list(A)), contexts, st.booleans()), max_size=30)


@given(steps)
def test_every_path_keeps_the_invariants(path):
    """Walk any path from SCORING (a boolean lets the 公示 period run out) and check that
    FINAL is reached only through a publication, is left only to CERTIFIED, and that a
    running 公示 ends early only by an administrator's written override."""
    state, published = S.SCORING, False
    for action, ctx, period_over in path:
        if state is S.PUBLISHED and period_over:
            state = S.OBJECTION_CLOSED
        result = transition(state, action, ctx)
        assert isinstance(result, ResultState | Refusal)
        if isinstance(result, Refusal):
            continue
        if state in (S.FINAL, S.CERTIFIED):
            assert result in (S.FINAL, S.CERTIFIED)
        if result is S.FINAL and state is not S.FINAL:
            assert published
            assert ctx.open_appeals == 0
            assert state is S.OBJECTION_CLOSED or (ctx.overrider_is_admin and ctx.override_reason)
        if result is S.PUBLISHED:
            published = True
        if result is S.SCORING:
            published = False
        state = result
