"""Issuing bodies' seals: an administrator uploads the real image; the software never draws one.

A certificate carries a seal only when its competition's organizing body has an uploaded seal;
otherwise the stamp area is left empty for a hand stamp. Uploads and removals are audited with
the image's SHA-256, so who put which seal on the certificates can be traced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.seals import inspect_seal
from app.errors import ForbiddenError, NotFoundError
from app.extensions import begin_write, db
from app.models import Competition, Organization, OrganizationSeal, Project, Registration
from app.services.common.access import Need, get_organization
from app.services.common.scope import is_admin
from app.services.scoring import audit


@dataclass(frozen=True, slots=True)
class SealRow:
    """One organizing body and its seal, if any, for the seals page."""

    organization: Organization
    seal: OrganizationSeal | None


def _require_admin(user: Any) -> None:
    if not is_admin(user):
        raise ForbiddenError("auth.forbidden", _("Only an administrator may manage seals."))


def _seal_of(organization_id: int) -> OrganizationSeal | None:
    return db.session.scalars(select(OrganizationSeal).where(
        OrganizationSeal.organization_id == organization_id)).first()


def list_seals(user: Any) -> list[SealRow]:
    """Return every organizing body with its seal (administrators only)."""
    _require_admin(user)
    bodies = db.session.scalars(select(Organization).where(Organization.kind == "ORGANIZER")
                                .order_by(Organization.name))
    seals = {s.organization_id: s for s in db.session.scalars(select(OrganizationSeal))}
    return [SealRow(org, seals.get(org.id)) for org in bodies]


def get_seal(user: Any, organization_id: int) -> OrganizationSeal:
    """Return an organization's seal for an administrator's preview, or 404."""
    _require_admin(user)
    seal = _seal_of(get_organization(user, organization_id, Need.MANAGE).id)
    if seal is None:
        raise NotFoundError("seal.not_found", _("This organization has no seal."),
                            field="organization_id")
    return seal


def upload_seal(user: Any, organization_id: int, data: bytes, *,
                now: datetime) -> OrganizationSeal:
    """Store (or replace) an organization's seal image after checking it, and audit it."""
    _require_admin(user)
    image = inspect_seal(data)
    begin_write()
    organization = get_organization(user, organization_id, Need.MANAGE)
    seal = _seal_of(organization.id)
    old = {"sha256": seal.sha256} if seal else None
    if seal is None:
        seal = OrganizationSeal(organization_id=organization.id)
        db.session.add(seal)
    seal.png = image.png
    seal.sha256 = hashlib.sha256(image.png).hexdigest()
    seal.width, seal.height = image.width, image.height
    seal.uploaded_by_id = user.id
    seal.uploaded_at = now
    audit.record("seal.upload", entity="organization", entity_id=organization.id,
                 actor_id=user.id, old=old,
                 new={"sha256": seal.sha256, "width": image.width, "height": image.height},
                 now=now)
    db.session.commit()
    return seal


def remove_seal(user: Any, organization_id: int, *, now: datetime) -> None:
    """Delete an organization's seal, so its certificates show the empty stamp area again."""
    _require_admin(user)
    begin_write()
    seal = _seal_of(get_organization(user, organization_id, Need.MANAGE).id)
    if seal is None:
        raise NotFoundError("seal.not_found", _("This organization has no seal."),
                            field="organization_id")
    audit.record("seal.remove", entity="organization", entity_id=organization_id,
                 actor_id=user.id, old={"sha256": seal.sha256}, now=now)
    db.session.delete(seal)
    db.session.commit()


def issuer_seal(registration_id: int) -> bytes | None:
    """Return the seal of the body organizing this registration's competition, if uploaded."""
    query = (select(OrganizationSeal.png)
             .join(Competition, Competition.organizer_id == OrganizationSeal.organization_id)
             .join(Project, Project.competition_id == Competition.id)
             .join(Registration, Registration.project_id == Project.id)
             .where(Registration.id == registration_id))
    return db.session.scalars(query).first()
