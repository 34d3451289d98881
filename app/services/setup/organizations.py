"""Organizing bodies: create, rename, move and deactivate organizations in the tree.

An admin manages the whole tree; an organizer manages the bodies strictly below their own
(their own body is the admin's to change). Attaching an organizer to a body sets their
scope (app/services/common/scope.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.domain.regions import region_code_problem, site_serial_problem
from app.errors import ConflictError, ForbiddenError, NotFoundError, ServiceError
from app.extensions import db, write_transaction
from app.models import Organization, RoleAssignment, User
from app.security import Role
from app.services.common.access import Need, get_organization
from app.services.common.scope import is_admin, organization_subtree, visible_body_ids
from app.services.identity.accounts import AccountError, add_user, hash_password, one_time_password
from app.services.scoring import audit

MAX_NAME = 200
MAX_REGION = 100
#: The kinds of §1's organizers and of employers/schools, with their labels.
KINDS = {
    "HRSS": _l("Human resources and social security department"),
    "INDUSTRY": _l("Industry authority"),
    "EMPLOYER": _l("Employer"),
    "SCHOOL": _l("School"),
}
LEGACY_KINDS = ("ORGANIZER",)  # older rows: an organizing body of unspecified kind
#: What a person reads for a stored kind, the legacy one included.
KIND_LABELS = {**KINDS, "ORGANIZER": _l("Organizing body")}


@dataclass(frozen=True)
class BodyData:
    """What a form or a JSON body says about a body (None: leave unchanged)."""

    name: str | None = None
    kind: str | None = None
    region: str | None = None
    region_code: str | None = None
    site_serial: str | None = None
    parent_id: int | None = None
    move: bool = False  # parent_id given (None then means "to the top")


def list_bodies(user: Any) -> list[Organization]:
    """Return the bodies the user may see, by name."""
    query = select(Organization).order_by(Organization.name)
    ids = visible_body_ids(user)
    if ids is not None:
        if not ids:
            return []
        query = query.where(Organization.id.in_(ids))
    return list(db.session.scalars(query))


def _clean(data: BodyData, body: Organization | None) -> dict[str, Any]:
    """Validate the given fields; return the values to set."""
    out: dict[str, Any] = {}
    if data.name is not None or body is None:
        name = (data.name or "").strip()
        if not name or len(name) > MAX_NAME:
            raise ServiceError("organization.name_invalid",
                               _("Give a name of 1 to %(n)d characters.", n=MAX_NAME),
                               field="name")
        clash = db.session.scalar(select(Organization.id).where(Organization.name == name))
        if clash is not None and (body is None or clash != body.id):
            raise ConflictError("organization.name_taken",
                                _("An organization with this name already exists."),
                                field="name")
        out["name"] = name
    if data.kind is not None or body is None:
        if data.kind not in KINDS:
            raise ServiceError("organization.kind_invalid",
                               _("Choose the kind: %(kinds)s.", kinds=", ".join(KINDS)),
                               field="kind")
        out["kind"] = data.kind
    if data.region is not None:
        if len(data.region.strip()) > MAX_REGION:
            raise ServiceError("organization.region_too_long",
                               _("The region name may have at most %(n)d characters.",
                                 n=MAX_REGION), field="region")
        out["region"] = data.region.strip()
    if data.region_code is not None:
        code = data.region_code.strip()
        if code and region_code_problem(code) is not None:
            raise ServiceError("organization.region_code_invalid",
                               _("The region code must be a 6-digit administrative division "
                                 "code (行政区划代码), e.g. 370600."), field="region_code")
        out["region_code"] = code
    if data.site_serial is not None:
        serial = data.site_serial.strip()
        if serial and site_serial_problem(serial) is not None:
            raise ServiceError("organization.site_serial_invalid",
                               _("The certificate site serial must be 6 digits."),
                               field="site_serial")
        out["site_serial"] = serial
    return out


def _check_parent(user: Any, parent_id: int | None, body: Organization | None) -> None:
    """Refuse a parent outside the user's reach, inactive, or below the body (a cycle)."""
    if parent_id is None:
        if not is_admin(user):
            raise ForbiddenError("organization.parent_required",
                                 _("Place the body below your own organization."),
                                 field="parent_id")
        return
    parent = get_organization(user, parent_id, what="parent")
    if not parent.active:
        raise ConflictError("organization.parent_inactive",
                            _("The parent organization is deactivated."), field="parent_id")
    if body is not None and parent.id in organization_subtree({body.id}):
        raise ConflictError("organization.cycle",
                            _("A body cannot be moved below itself or one of its own bodies."),
                            field="parent_id")


def _snapshot(body: Organization) -> dict[str, Any]:
    return {"name": body.name, "kind": body.kind, "region": body.region,
            "region_code": body.region_code, "site_serial": body.site_serial,
            "parent_id": body.parent_id, "active": body.active}


def create_body(user: Any, data: BodyData, *, now: datetime) -> Organization:
    """Create a body in the tree (an organizer: below their own)."""
    with write_transaction():
        values = _clean(data, None)
        _check_parent(user, data.parent_id, None)
        body = Organization(parent_id=data.parent_id, created_at=now, **values)
        db.session.add(body)
        db.session.flush()
        audit.record("organization.created", entity="organization", entity_id=body.id,
                     actor_id=user.id, new=_snapshot(body), now=now)
        return body


def update_body(user: Any, body_id: int, data: BodyData, *, now: datetime) -> Organization:
    """Rename, re-describe or move (re-parent, refusing cycles) a body."""
    with write_transaction():
        body = get_organization(user, body_id, Need.MANAGE)
        values = _clean(data, body)
        if data.move:
            _check_parent(user, data.parent_id, body)
            values["parent_id"] = data.parent_id
        old = _snapshot(body)
        for key, value in values.items():
            setattr(body, key, value)
        db.session.flush()
        audit.record("organization.updated", entity="organization", entity_id=body.id,
                     actor_id=user.id, old=old, new=_snapshot(body), now=now)
        return body


def deactivate_body(user: Any, body_id: int, *, now: datetime) -> Organization:
    """Deactivate a body: its history stays; it takes no new competitions or organizers."""
    with write_transaction():
        body = get_organization(user, body_id, Need.MANAGE)
        if body.active:
            body.active = False
            audit.record("organization.deactivated", entity="organization", entity_id=body.id,
                         actor_id=user.id, now=now)
        return body


def _managed_active_body(user: Any, body_id: int) -> Organization:
    """Return a body the user manages that is still active (it may take organizers)."""
    body = get_organization(user, body_id, Need.MANAGE)
    if not body.active:
        raise ConflictError("organization.inactive", _("This organization is deactivated."),
                            field="organization_id")
    return body


def attach_organizer(user: Any, body_id: int, *, user_id: int, now: datetime) -> RoleAssignment:
    """Make a user an organizer of a body (and so of everything below it)."""
    with write_transaction():
        body = _managed_active_body(user, body_id)
        target = db.session.get(User, user_id)
        if target is None:
            raise NotFoundError("user.not_found", _("No such user."), field="user_id")
        assignment = db.session.scalar(select(RoleAssignment).where(
            RoleAssignment.user_id == target.id, RoleAssignment.role == Role.ORGANIZER.value,
            RoleAssignment.organization_id == body.id))
        if assignment is None:
            assignment = RoleAssignment(user_id=target.id, role=Role.ORGANIZER.value,
                                        organization_id=body.id, created_at=now)
            db.session.add(assignment)
            db.session.flush()
            audit.record("organization.organizer_attached", entity="organization",
                         entity_id=body.id, actor_id=user.id, new={"user_id": target.id}, now=now)
        return assignment


def create_organizer(user: Any, body_id: int, *, username: str, display_name: str,
                     now: datetime) -> tuple[User, str]:
    """Create an organizer account attached to a body; return it with its one-time password."""
    password = one_time_password()
    digest = hash_password(password)  # slow: before the write that other writers wait for
    with write_transaction():
        body = _managed_active_body(user, body_id)
        name = display_name.strip()
        if not name or len(name) > 100:
            raise ServiceError("organization.organizer_name_invalid",
                               _("Give a name of 1 to %(n)d characters.", n=100),
                               field="display_name")
        try:
            account = add_user(username, password, display_name=name, actor_id=user.id,
                               password_hash=digest, must_change_password=True)
        except AccountError as error:
            raise ServiceError(error.code, error.message, field=error.field) from error
        account.roles = [RoleAssignment(role=Role.ORGANIZER.value, organization_id=body.id,
                                        created_at=now)]
        db.session.flush()
        audit.record("organization.organizer_attached", entity="organization",
                     entity_id=body.id, actor_id=user.id,
                     new={"user_id": account.id, "created": True}, now=now)
        return account, password


def body_dict(body: Organization) -> dict[str, Any]:
    """Return a body as JSON-ready data."""
    return {"id": body.id, **_snapshot(body),
            "kind_label": str(KIND_LABELS.get(body.kind, body.kind))}
