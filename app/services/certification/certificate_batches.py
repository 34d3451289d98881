"""Render a project's or a competition's certificates into one zip, in a separate process.

The web request only starts `scripts/certificates_batch.py` (CPU work must stay out of the
Socket.IO server, STACK.md); that process renders the PDFs with a pool of worker processes,
writes the zip into the instance folder and reports progress in a small JSON file next to it,
which the organizer's page polls (and, with a message queue, through Socket.IO as well).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.certificates import CertificateData, prepare_renderer, render_certificate
from app.extensions import db
from app.models import Certificate, Project, Registration
from app.models._types import utcnow
from app.services.certification.certificate_content import certificate_data
from app.services.certification.certificates import verify_url
from app.services.common.access import Need, get_competition, get_project
from app.services.common.offload import offload
from app.services.results.outcome_errors import OutcomeError

Scope = Literal["project", "competition"]
# app/services/certification/ → the repository root, where scripts/ lives.
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "certificates_batch.py"
Progress = Callable[[int, int], None]


def _folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "certificates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def progress_file(instance_path: str, scope: Scope, scope_id: int) -> Path:
    """Return the JSON progress record of a batch."""
    return _folder(instance_path) / f"{scope}-{int(scope_id)}.json"


def zip_file(instance_path: str, scope: Scope, scope_id: int) -> Path:
    """Return where a batch's zip is written."""
    return _folder(instance_path) / f"{scope}-{int(scope_id)}.zip"


def write_progress(path: Path, **data: Any) -> dict[str, Any]:
    """Replace the progress record atomically (a poller never reads half a file)."""
    record = {**data, "updated_at": utcnow().isoformat()}
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return record


def read_progress(instance_path: str, scope: Scope, scope_id: int) -> dict[str, Any]:
    """Return the progress record, or {"state": "none"} before any batch."""
    path = progress_file(instance_path, scope, scope_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"state": "none", "done": 0, "total": 0}


# ---------------------------------------------------------------- in the batch process


def batch_items(scope: Scope, scope_id: int, *, base_url: str | None = None
                ) -> list[CertificateData]:
    """Return the printable data of every valid certificate of a project or competition."""
    query = (select(Certificate).join(Registration,
                                      Certificate.registration_id == Registration.id)
             .where(Certificate.status == "VALID").order_by(Certificate.serial))
    if scope == "project":
        query = query.where(Registration.project_id == scope_id)
    else:
        query = query.join(Project, Registration.project_id == Project.id).where(
            Project.competition_id == scope_id)
    anchors: dict[int, str] = {}
    return [certificate_data(c, verify_url(c, base_url=base_url), anchors)
            for c in db.session.scalars(query)]


def build_zip(items: Sequence[CertificateData], target: Path, *, workers: int = 2,
              on_progress: Progress | None = None) -> int:
    """Render `items` with `workers` processes into a zip at `target`; return how many."""
    tmp = target.with_suffix(".part")
    total = len(items)
    step = max(1, total // 100)
    names = [f"{item.serial}.pdf" for item in items]
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
        if workers <= 1:
            prepare_renderer()
            results: Any = (offload(render_certificate, item) for item in items)
            _write_all(archive, names, results, total, step, on_progress)
        else:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=prepare_renderer) as pool:
                results = pool.imap(render_certificate, items, chunksize=16)
                _write_all(archive, names, results, total, step, on_progress)
    os.replace(tmp, target)
    return total


def _write_all(archive: zipfile.ZipFile, names: list[str], results: Any, total: int,
               step: int, on_progress: Progress | None) -> None:
    for done, (name, pdf) in enumerate(zip(names, results, strict=True), start=1):
        archive.writestr(name, pdf)  # PDFs are compressed already: store them
        if on_progress is not None and (done % step == 0 or done == total):
            on_progress(done, total)


def run_batch(scope: Scope, scope_id: int, *, workers: int = 2, base_url: str | None = None,
              notify: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """Render the batch, keeping the progress record (and `notify`) up to date."""
    instance = current_app.instance_path
    record_path = progress_file(instance, scope, scope_id)
    target = zip_file(instance, scope, scope_id)
    started = utcnow().isoformat()

    def report(state: str, done: int, total: int, **extra: Any) -> None:
        record = write_progress(record_path, state=state, done=done, total=total,
                                scope=scope, id=scope_id, started_at=started, **extra)
        if notify is not None:
            notify(record)

    try:
        items = batch_items(scope, scope_id, base_url=base_url)
        db.session.remove()  # no connection is carried into the forked workers
        report("running", 0, len(items))
        count = build_zip(items, target, workers=workers,
                          on_progress=lambda done, total: report("running", done, total))
    except Exception as error:
        report("failed", 0, 0, error=str(error)[:300])
        raise
    report("done", count, count, file=target.name)
    return target


# ---------------------------------------------------------------- from a web request


def check_scope(user: Any, scope: Scope, scope_id: int) -> None:
    """Raise a 404 unless the user organizes the project or competition."""
    if scope == "project":
        get_project(user, scope_id, Need.MANAGE)
    else:
        get_competition(user, scope_id, Need.MANAGE)


def start_batch(user: Any, scope: Scope, scope_id: int, *, now: datetime,
                base_url: str | None = None) -> dict[str, Any]:
    """Start the batch process for a scope the user organizes; refuse while one runs."""
    check_scope(user, scope, scope_id)
    instance = current_app.instance_path
    current = read_progress(instance, scope, scope_id)
    if current.get("state") in {"queued", "running"} and not _stale(current, now):
        raise OutcomeError("certificate.batch_running",
                           _("Certificates are already being generated; wait for that run."),
                           status=409)
    record = write_progress(progress_file(instance, scope, scope_id), state="queued", done=0,
                            total=0, scope=scope, id=scope_id)
    launch(scope, scope_id, base_url=base_url)
    return record


def _stale(record: dict[str, Any], now: datetime) -> bool:
    """Tell whether a running record has not moved for 10 minutes (a crashed batch)."""
    try:
        updated = datetime.fromisoformat(record["updated_at"])
    except (KeyError, ValueError):
        return True
    return (now - updated).total_seconds() > 600


def launch(scope: Scope, scope_id: int, *, base_url: str | None = None) -> None:
    """Start scripts/certificates_batch.py detached, on this app's database and secret."""
    config = current_app.config
    env = {
        **os.environ,
        "DATABASE_URL": str(config["SQLALCHEMY_DATABASE_URI"]),
        "SECRET_KEY": str(config["SECRET_KEY"]),
        "JX_INSTANCE_PATH": current_app.instance_path,
    }
    args = ["--base-url", str(base_url)] if base_url else []
    if config.get("SOCKETIO_MESSAGE_QUEUE"):
        env["SOCKETIO_MESSAGE_QUEUE"] = str(config["SOCKETIO_MESSAGE_QUEUE"])
    # The batch's own output goes to a log beside its progress record: a batch that dies
    # before it can report "failed" still says why.
    log = progress_file(current_app.instance_path, scope, scope_id).with_suffix(".log")
    with log.open("wb") as output:
        subprocess.Popen(  # noqa: S603  (our own script, fixed arguments)
            [sys.executable, str(SCRIPT), f"--{scope}", str(int(scope_id)), *args],
            env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True)
