"""Certificate batches: the zip of PDFs, the progress record, the separate process."""

from __future__ import annotations

import json
import time
import zipfile

import pytest

from app.services.certification import certificate_batches as batches
from app.services.certification import certificates as svc
from app.services.results.outcome_errors import OutcomeError
from tests import outcome_factories as f


def seed(db, n=3):
    city = f.organization("市人社局")
    proj = f.project(f.competition(city))
    for i in range(n):
        reg = f.registration(proj, f.person(f"选手{i}"), rank=i + 1)
        f.award(reg, "FIRST_PRIZE", i + 1)
    db.session.commit()
    organizer = f.user_with("ORGANIZER", organization_id=city.id, username="org")
    svc.issue_certificates(organizer, proj.id, ["AWARD"], now=f.NOW)
    return organizer, proj


def test_run_batch_writes_zip_and_progress(app, db, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    _organizer, proj = seed(db)
    seen = []
    path = batches.run_batch("project", proj.id, workers=2, base_url="https://jx.example",
                             notify=seen.append)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == 3 and all(n.endswith(".pdf") for n in names)
        assert archive.read(names[0]).startswith(b"%PDF")
    record = batches.read_progress(str(tmp_path), "project", proj.id)
    assert (record["state"], record["done"], record["total"]) == ("done", 3, 3)
    assert seen[0]["state"] == "running" and seen[-1]["state"] == "done"


def test_start_batch_refuses_while_running(app, db, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    launched = []
    monkeypatch.setattr(batches, "launch", lambda *a, **k: launched.append(a))
    organizer, proj = seed(db, n=1)
    record = batches.start_batch(organizer, "project", proj.id, now=f.NOW)
    assert record["state"] == "queued" and launched == [("project", proj.id)]
    from app.models._types import utcnow

    with pytest.raises(OutcomeError) as err:
        batches.start_batch(organizer, "project", proj.id, now=utcnow())
    assert err.value.code == "certificate.batch_running"


def test_the_launched_batch_runs_in_its_own_process(tmp_path):
    """launch() on a SQLite file, as the page's button does: the zip and the record appear."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db

    database = tmp_path / "batch.sqlite"

    class FileConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"

    app = create_app(FileConfig)
    app.instance_path = str(tmp_path)
    with app.app_context():
        db.create_all()
        _organizer, proj = seed(db, n=4)
        project_id = proj.id
        db.session.remove()
        db.engine.dispose()
        batches.launch("project", project_id, base_url="https://jx.example")
    record_path = tmp_path / "certificates" / f"project-{project_id}.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        record = json.loads(record_path.read_text()) if record_path.exists() else {}
        if record.get("state") in {"done", "failed"}:
            break
        time.sleep(0.2)
    log = (tmp_path / "certificates" / f"project-{project_id}.log").read_text()
    assert record.get("state") == "done" and record["total"] == 4, log
    with zipfile.ZipFile(tmp_path / "certificates" / f"project-{project_id}.zip") as archive:
        assert len(archive.namelist()) == 4
