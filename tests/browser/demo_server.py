"""The README's demo season served on a port of its own, for the tests that walk many pages.

The shared live server keeps the other browser tests' data; these tests start their own app
on a fresh SQLite file holding `flask demo`'s data (optionally with the 唐山 electricians'
results published, so the pages after publication have something to show).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.browser.conftest import serving

CITY = "唐山市职业技能大赛"


@dataclass
class DemoServer:
    """The demo season served on its own port, with the ids its pages need."""

    url: str
    binding: dict[str, Any]
    ids: dict[str, int]


def serve_demo(folder: Path, *, publish: bool = False) -> Iterator[DemoServer]:
    """Start the app on `folder`/demo.sqlite loaded with the demo; yield it, then dispose."""

    def load() -> dict[str, int]:
        from sqlalchemy import select

        from app.demo.demo import load_demo
        from app.extensions import db
        from app.models import Competition, Project, User
        from app.models._types import utcnow
        from app.services.boards.publication import publish_results

        load_demo()
        city = db.session.scalar(select(Competition).where(Competition.name == CITY))
        projects = {p.name: p.id for p in db.session.scalars(
            select(Project).where(Project.competition_id == city.id))}
        ids = {"city": city.id, "welders": projects["焊工（职工组）"],
               "electricians": projects["电工（职工组）"]}
        if publish:
            organizer = db.session.scalar(select(User).where(User.username == "org_tangshan"))
            publish_results(organizer, ids["electricians"], now=utcnow())
        return ids

    with serving(folder / "demo.sqlite", prepare=load) as server:
        yield DemoServer(url=server.url, binding=server.socketio_binding, ids=server.prepared)
