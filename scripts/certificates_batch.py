"""Render all certificates of a project or a competition into a zip in the instance folder.

    .venv/bin/python scripts/certificates_batch.py --project 12 [--workers 2] [--base-url URL]
    .venv/bin/python scripts/certificates_batch.py --competition 3

Runs apart from the web/Socket.IO server. Progress goes to instance/certificates/<scope>-<id>.json
(the organizer's page polls it) and, when SOCKETIO_MESSAGE_QUEUE is set, to the Socket.IO room
organizer:<project id> (or organizer:competition:<id>) as `certificate_progress` events.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the batch, print where the zip is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--project", type=int)
    target.add_argument("--competition", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--base-url", default=os.environ.get("PUBLIC_BASE_URL"),
                        help="where the verification page is served, e.g. https://jx.example")
    args = parser.parse_args(argv)

    from app import create_app
    from app.realtime.external import emit_external
    from app.services.certification.certificate_batches import run_batch

    app = create_app()
    scope = "project" if args.project is not None else "competition"
    scope_id = args.project if args.project is not None else args.competition
    room = f"organizer:{scope_id}" if scope == "project" else f"organizer:competition:{scope_id}"
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")

    def notify(record: dict[str, Any]) -> None:
        emit_external("certificate_progress", record, room, message_queue=queue)

    with app.app_context():
        path = run_batch(scope, scope_id, workers=max(1, args.workers),
                         base_url=args.base_url, notify=notify)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
