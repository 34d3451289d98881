"""The board memory: bounded, oldest out first, forgotten per project."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.services.boards import leaderboard_cache
from app.services.boards.leaderboard_cache import BOARDS, BuiltBoard


@pytest.fixture()
def memory() -> Iterator[None]:
    leaderboard_cache.forget()
    yield
    leaderboard_cache.forget()


def _built(project_id: int, seq: int, view: str = "PUBLIC") -> BuiltBoard:
    return BuiltBoard(key=(project_id, seq, view), board={}, body=b"{}", gzipped=b"")


def test_the_memory_keeps_at_most_boards_and_drops_the_oldest(memory: None) -> None:
    for seq in range(BOARDS + 10):
        leaderboard_cache.put_built(_built(1, seq))

    assert leaderboard_cache.get_built((1, 0, "PUBLIC")) is None
    assert leaderboard_cache.get_built((1, 9, "PUBLIC")) is None
    assert leaderboard_cache.get_built((1, 10, "PUBLIC")) is not None
    assert leaderboard_cache.get_built((1, BOARDS + 9, "PUBLIC")) is not None
    assert leaderboard_cache.latest_public(1).key == (1, BOARDS + 9, "PUBLIC")


def test_forgetting_a_project_drops_only_its_boards(memory: None) -> None:
    leaderboard_cache.put_built(_built(1, 1))
    leaderboard_cache.put_built(_built(2, 1, "STAFF"))

    leaderboard_cache.forget(1)

    assert leaderboard_cache.get_built((1, 1, "PUBLIC")) is None
    assert leaderboard_cache.latest_public(1) is None
    assert leaderboard_cache.get_built((2, 1, "STAFF")) is not None
