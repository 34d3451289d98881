"""Signed, unforgeable tokens for QR codes (tickets, certificates)."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from app.errors import ServiceError


class BadToken(ServiceError):
    """A token that was altered, invented, or signed for another purpose (404: not genuine)."""

    status = 404

    def __init__(self, reason: str = "", *, code: str = "token.invalid",
                 message: Any = None) -> None:
        super().__init__(code, message if message is not None else _l(
            "This code is not genuine: it was altered, or it was never issued."))
        self.reason = reason


def _serializer(purpose: str) -> URLSafeSerializer:
    # The purpose is the salt: a ticket token never verifies as a certificate token.
    return URLSafeSerializer(
        current_app.config["SECRET_KEY"],
        salt=f"jx.{purpose}",
        signer_kwargs={"digest_method": hashlib.sha256},
    )


def sign(purpose: str, payload: dict[str, Any]) -> str:
    """Return a compact URL-safe token carrying `payload`, signed with HMAC-SHA256."""
    return _serializer(purpose).dumps(payload)


def unsign(purpose: str, token: str) -> dict[str, Any]:
    """Return the payload of a token, or raise BadToken."""
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(payload, dict):
        raise BadToken("payload")
    return payload
