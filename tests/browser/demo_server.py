"""The README's demo season served on a port of its own, for the tests that walk many pages.

The shared live server keeps the other browser tests' data; these tests start their own app
on a fresh SQLite file holding `flask demo`'s data (optionally with the 唐山 electricians'
results published, so the pages after publication have something to show).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests import socketio_binding
from tests.browser.conftest import _free_port, _wait_until_listening

CITY = "唐山市职业技能大赛"


@dataclass
class DemoServer:
    """The demo season served on its own port, with the ids its pages need."""

    url: str
    binding: dict[str, Any]
    ids: dict[str, int]


def serve_demo(folder: Path, *, publish: bool = False) -> Iterator[DemoServer]:
    """Start the app on `folder`/demo.sqlite loaded with the demo; yield it, then dispose."""
    from sqlalchemy import select

    from app import create_app
    from app.config import TestConfig
    from app.demo.demo import load_demo
    from app.extensions import db, socketio
    from app.models import Competition, Project, User
    from app.models._types import utcnow
    from app.services.boards.publication import publish_results

    previous = socketio_binding.current()
    database = folder / "demo.sqlite"

    class DemoConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        WTF_CSRF_ENABLED = True
        SOCKETIO_ASYNC_MODE = "threading"
        SOCKETIO_MESSAGE_QUEUE = None

    app = create_app(DemoConfig)
    binding = socketio_binding.current()
    with app.app_context():
        db.create_all()
        load_demo()
        city = db.session.scalar(select(Competition).where(Competition.name == CITY))
        projects = {p.name: p.id for p in db.session.scalars(
            select(Project).where(Project.competition_id == city.id))}
        ids = {"city": city.id, "welders": projects["焊工（职工组）"],
               "electricians": projects["电工（职工组）"]}
        if publish:
            organizer = db.session.scalar(select(User).where(User.username == "org_tangshan"))
            publish_results(organizer, ids["electricians"], now=utcnow())
    port = _free_port()
    thread = threading.Thread(
        target=socketio.run, args=(app,),
        kwargs={"host": "127.0.0.1", "port": port, "allow_unsafe_werkzeug": True,
                "use_reloader": False, "log_output": False},
        daemon=True,
    )
    thread.start()
    _wait_until_listening(port)
    socketio_binding.restore(previous)
    yield DemoServer(url=f"http://127.0.0.1:{port}", binding=binding, ids=ids)
    with app.app_context():
        db.engine.dispose()
