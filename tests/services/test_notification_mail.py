"""Notification e-mails: sent after commit through a real (local) SMTP server, never failing."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller

from app.services.entry import registrations as regs_svc
from app.services.identity import notification_mail as mail
from tests.registration_data import NOW, make_competition, organizer_of
from tests.services.test_registrations import applicant


class Inbox:
    """aiosmtpd handler that keeps every message and signals each arrival."""

    def __init__(self) -> None:
        self.messages: list = []
        self.arrived = threading.Semaphore(0)

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append(message_from_bytes(envelope.content))
        self.arrived.release()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def smtp(app):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_TIMEOUT=5)
    yield handler
    app.config["MAIL_SERVER"] = None
    controller.stop()


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_a_rejection_arrives_by_mail_in_the_recipients_language(db, make_user, smtp):
    competition = make_competition(name="2026年市职业技能大赛")
    user = make_user("CONTESTANT", username="c1")
    user.email, user.locale = "c1@example.test", "en"
    db.session.commit()
    (reg,) = regs_svc.register_for_project(user, applicant(), [competition.projects[0].id],
                                           now=NOW)
    organizer = organizer_of(competition, make_user)
    regs_svc.reject_registrations(organizer, [reg.id], reason="组别不符", now=NOW)
    # The thread delivers; wait (bounded) for its arrival rather than for a fixed time.
    assert smtp.arrived.acquire(timeout=10)
    message = smtp.messages[0]
    assert message["To"] == "c1@example.test"
    assert subject(message) == "[匠心 Jiangxin] Registration rejected"
    assert "Reason: 组别不符" in message.get_payload(decode=True).decode("utf-8")


def test_an_unreachable_server_never_fails_the_use_case(db, app, make_user):
    competition = make_competition()
    user = make_user("CONTESTANT", username="c2")
    user.email = "c2@example.test"
    db.session.commit()
    (reg,) = regs_svc.register_for_project(user, applicant(), [competition.projects[0].id],
                                           now=NOW)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=1)
    try:
        (done,) = regs_svc.approve_registrations(organizer_of(competition, make_user), [reg.id],
                                                 now=NOW)
    finally:
        app.config["MAIL_SERVER"] = None
    assert done.status == "APPROVED"


def test_the_message_is_built_in_chinese_by_default(app):
    with app.app_context():
        message = mail.build_message({"to": "a@example.test", "locale": "zh_CN",
                                      "kind": "RESULTS_PUBLISHED",
                                      "params": {"competition": "大赛", "project": "电工",
                                                 "deadline": "2026-05-27T02:00:00+00:00"}},
                                     sender="jx@example.test")
    assert subject(message) == "[匠心 Jiangxin] 成绩已公示"
    assert message.get_content().strip() == (
        "大赛 · 电工的成绩已公示。异议受理截至 2026-05-27 10:00。")
