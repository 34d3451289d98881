"""Admission tickets (准考证): numbers, signed QR tokens, PDFs."""

from __future__ import annotations

from app.models import Registration
from app.services.signing import sign

TICKET_PURPOSE = "ticket"


def assign_ticket(registration: Registration) -> None:
    """Give an approved registration a ticket number and invalidate older QR tokens.

    Joins the caller's transaction (approval, re-issue); the caller commits. The number
    is year + project + registration id: unique, stable and needing no counter.
    """
    if registration.id is None or registration.project is None:
        raise ValueError("flush the registration before assigning a ticket")
    year = registration.project.competition.year
    registration.ticket_no = f"{year}{registration.project_id:04d}{registration.id:06d}"
    registration.ticket_version += 1


def ticket_token(registration: Registration) -> str:
    """Return the signed token a ticket's QR code carries (valid for the current version)."""
    return sign(TICKET_PURPOSE, {"r": registration.id, "v": registration.ticket_version})
