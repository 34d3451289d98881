"""Two gunicorn gevent instances on PostgreSQL + Redis, as scripts/serve_cluster.py runs them.

A judge scores on instance A while a spectator watches on instance B; then A is killed with
SIGKILL in the middle of a stream of scores, the judge's tablet reconnects to B and replays
its whole outbox: every acknowledged score is stored exactly once, and so is every other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from scripts.serve_cluster import Cluster
from tests.realtime.cluster_support import (
    TIMEOUT_S,
    Spectator,
    Tablet,
    log_in,
    project_seq,
    seed,
    stored_counts,
    throwaway_database,
)
from tests.realtime.server_process import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

STREAM_ACKS = 20  # scores acknowledged by A before it dies
WINDOW = 8  # scores a tablet keeps in flight at once
BURST = 6  # sent right before the kill, so some are surely unanswered when A dies


@pytest.fixture()
def cluster(postgres_url: str, redis_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Start two instances on a throwaway database seeded with a scored project."""
    name = f"jx_cluster_{os.getpid()}"
    with throwaway_database(postgres_url, name) as database_url:
        deployment = Cluster(ports=[free_port(), free_port()], database_url=database_url,
                             redis_url=redis_url, log_dir=tmp_path / "logs")
        with deployment:
            ids = seed(deployment.env)
            yield {"deployment": deployment, "database_url": database_url, **ids}


def _stream_until_acked(tablet: Tablet, registration_ids: list[int], aspect_id: int) -> None:
    """Send scores with at most WINDOW unanswered, until STREAM_ACKS + 1 are acknowledged."""
    n = 0
    while len(tablet.acked) < STREAM_ACKS + 1:
        in_flight = len(tablet.outbox) - len(tablet.acked) - len(tablet.refused)
        if in_flight >= WINDOW:
            assert tablet.wait_for_acks(len(tablet.acked) + 1), "A stopped acknowledging"
            continue
        tablet.score(registration_ids[n % len(registration_ids)], aspect_id, n % 31)
        n += 1
    assert not tablet.refused, tablet.refused


def test_a_score_crosses_instances_and_survives_the_death_of_one(cluster):
    a, b = cluster["deployment"].instances
    project_id = cluster["project_id"]
    judge = cluster["judge"]
    registrations, aspect = cluster["registration_ids"], cluster["panel_aspect_id"]
    for instance in (a, b):
        body = requests.get(f"{instance.url}/api/v1/health", timeout=TIMEOUT_S).json()
        assert body["database"] is True and body["message_queue"] is True

    spectator = Spectator(b.url, project_id)
    cookie = log_in(a.url, judge["username"], judge["password"])
    tablet = Tablet(cookie)
    tablet.connect(a.url)
    try:
        # A score stored by A reaches the spectator on B, through Redis.
        first = tablet.score(registrations[0], aspect, 17)
        assert tablet.wait_for_acks(1), "no acknowledgement from A"
        assert spectator.wait_for_seq(tablet.acked[first]["seq"]), \
            "the standings change made on A never reached the spectator on B"

        _stream_until_acked(tablet, registrations, aspect)
        for k in range(BURST):
            tablet.score(registrations[k % len(registrations)], aspect, k)
        a.kill()
        acked_on_a = dict(tablet.acked)
        assert len(acked_on_a) < len(tablet.outbox), "A answered everything before dying"

        # The tablet reconnects to B (same session cookie) and replays its whole outbox.
        tablet.client.disconnect()
        tablet.connect(b.url)
        replies = tablet.replay()
    finally:
        spectator.client.disconnect()
        if tablet.client is not None and tablet.client.connected:
            tablet.client.disconnect()

    refused = {cid: ack for cid, ack in replies.items() if ack.get("ok") is not True}
    assert not refused, refused
    for client_id, ack in acked_on_a.items():
        assert replies[client_id]["replay"] is True
        assert replies[client_id]["event_id"] == ack["event_id"]

    counts = stored_counts(cluster["database_url"])
    assert {cid: counts.get(cid, 0) for cid in tablet.outbox} == dict.fromkeys(tablet.outbox, 1)
    assert max(counts.values()) == 1, "some client_id is stored twice"

    # A spectator that missed a delta (A died between commit and publish) refetches from B.
    snapshot = requests.get(f"{b.url}/api/v1/projects/{project_id}/standings",
                            timeout=TIMEOUT_S)
    assert snapshot.status_code == 200
    assert snapshot.json()["seq"] == project_seq(cluster["database_url"], project_id)
