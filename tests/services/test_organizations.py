"""Organizing bodies: moving bodies around never makes the tree a cycle (property)."""

from __future__ import annotations

from itertools import count
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_batch = count(1)


def _roots_reachable(bodies: list[Any]) -> bool:
    """Tell whether walking up from every body ends at the top (no cycle)."""
    by_id = {b.id: b for b in bodies}
    for body in bodies:
        seen: set[int] = set()
        node = body
        while node.parent_id is not None:
            if node.id in seen:
                return False
            seen.add(node.id)
            node = by_id.get(node.parent_id) or node.parent
    return True


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 5), st.one_of(st.none(), st.integers(0, 5))),
                min_size=1, max_size=12))
def test_moves_never_make_a_cycle(db: Any, make_user: Any,
                                  moves: list[tuple[int, int | None]]) -> None:
    from app.errors import ServiceError
    from app.models import User
    from app.models._types import utcnow
    from app.services.setup.organizations import BodyData, create_body, update_body

    admin = db.session.query(User).filter_by(username="root").first() or make_user(
        "ADMIN", username="root")
    n = next(_batch)
    bodies = [create_body(admin, BodyData(name=f"单位{n}-{i}", kind="HRSS"), now=utcnow())
              for i in range(6)]
    for child, parent in moves:
        target = None if parent is None else bodies[parent].id
        try:
            update_body(admin, bodies[child].id, BodyData(parent_id=target, move=True),
                        now=utcnow())
        except ServiceError as error:
            assert error.code == "organization.cycle"
        db.session.expire_all()
        assert _roots_reachable(bodies)
