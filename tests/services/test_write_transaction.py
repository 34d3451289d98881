"""The one write frame of the services: begin_write, the block, one commit; or a rollback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select


@pytest.fixture()
def commits(db: Any) -> Iterator[list[str]]:
    """Record each commit and rollback of the test's session."""
    seen: list[str] = []
    session = db.session()
    listeners = {
        "after_commit": lambda _s: seen.append("commit"),
        "after_rollback": lambda _s: seen.append("rollback"),
    }
    for name, listener in listeners.items():
        event.listen(session, name, listener)
    yield seen
    for name, listener in listeners.items():
        event.remove(session, name, listener)


def _occupations(db: Any) -> int:
    from app.models import Occupation

    return db.session.scalar(select(func.count()).select_from(Occupation))


def test_a_block_that_ends_commits_once(db: Any, commits: list[str]) -> None:
    from app.extensions import write_transaction
    from app.models import Occupation

    with write_transaction():
        db.session.add(Occupation(code="6-31-01-03", name="电工"))

    assert commits == ["commit"]
    assert _occupations(db) == 1


def test_a_block_that_raises_rolls_back_and_passes_the_error_on(db: Any,
                                                                 commits: list[str]) -> None:
    from app.extensions import write_transaction
    from app.models import Occupation

    with pytest.raises(LookupError), write_transaction():
        db.session.add(Occupation(code="6-31-01-03", name="电工"))
        db.session.flush()
        raise LookupError("refused")

    assert "commit" not in commits and "rollback" in commits
    assert _occupations(db) == 0


def test_rollback_on_error_leaves_the_commit_to_the_block(db: Any, commits: list[str]) -> None:
    from app.extensions import begin_write, rollback_on_error
    from app.models import Occupation

    begin_write()
    with rollback_on_error():
        db.session.add(Occupation(code="6-31-01-03", name="电工"))
        db.session.commit()
    with pytest.raises(ValueError), rollback_on_error():
        db.session.add(Occupation(code="6-31-01-04", name="焊工"))
        db.session.flush()
        raise ValueError("refused")

    assert commits[0] == "commit" and commits.count("commit") == 1
    assert _occupations(db) == 1
