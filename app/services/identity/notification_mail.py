"""E-mail copies of notifications, sent after commit in a thread; never failing a use case.

Off unless MAIL_SERVER is configured. The subscriber receives the committed
`notification_created` event, renders subject and text in the recipient's language while the
app context is at hand, and hands the SMTP conversation to a daemon thread, so a slow or
unreachable mail server delays no request. Failures are logged and dropped.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import force_locale

from app import events
from app.services.identity.notifications import MAIL_EVENT, render

log = logging.getLogger(__name__)
_MAX_THREADS = 8
_slots = threading.BoundedSemaphore(_MAX_THREADS)


def register_mail() -> None:
    """Subscribe the mailer to committed events (harmless while MAIL_SERVER is unset)."""
    events.subscribe(on_event)


def on_event(event: events.Event) -> None:
    """Send a committed notification by e-mail if mail is configured; never raise."""
    if event.name != MAIL_EVENT:
        return
    try:
        config = current_app.config
        if not config.get("MAIL_SERVER"):
            return
        message = build_message(event.payload, sender=config["MAIL_SENDER"])
        settings = {key: config.get(key) for key in (
            "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD",
            "MAIL_TIMEOUT")}
    except Exception:  # a notification e-mail must never fail the committed use case
        log.exception("could not prepare a notification e-mail")
        return
    if not _slots.acquire(blocking=False):
        # Bounded: past this many sends in flight, drop the copy; the inbox still has it.
        log.warning("notification e-mail dropped: %d sends already in flight", _MAX_THREADS)
        return
    threading.Thread(target=_send_and_release, args=(message, settings), daemon=True,
                     name="jx-mail").start()


def build_message(payload: dict[str, Any], *, sender: str) -> EmailMessage:
    """Return the e-mail for one notification, in the recipient's language."""
    with force_locale(payload.get("locale") or "zh_CN"):
        title, body = render(payload["kind"], payload.get("params") or {})
    message = EmailMessage()
    message["From"] = sender
    message["To"] = payload["to"]
    message["Subject"] = f"[匠心 Jiangxin] {title}"
    message.set_content(body)
    return message


def _send_and_release(message: EmailMessage, settings: dict[str, Any]) -> None:
    try:
        send(message, settings)
    except Exception:  # logged, never raised: the inbox already holds the notification
        log.exception("notification e-mail to %s failed", message["To"])
    finally:
        _slots.release()


def send(message: EmailMessage, settings: dict[str, Any]) -> None:
    """Deliver one message over SMTP (STARTTLS and log-in when configured)."""
    with smtplib.SMTP(settings["MAIL_SERVER"], int(settings.get("MAIL_PORT") or 25),
                      timeout=float(settings.get("MAIL_TIMEOUT") or 10)) as smtp:
        if settings.get("MAIL_USE_TLS"):
            smtp.starttls()
        if settings.get("MAIL_USERNAME"):
            smtp.login(settings["MAIL_USERNAME"], settings.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
