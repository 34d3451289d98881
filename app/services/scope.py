"""Who may manage what: an organizer's reach is their organizations and what lies below."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Competition, Organization, Project
from app.security import Role, user_roles


def _descendants(parent_ids: set[int], model: Any) -> set[int]:
    """Return ids of `model` rows reachable from `parent_ids` through parent_id (inclusive)."""
    found = set(parent_ids)
    frontier = set(parent_ids)
    while frontier:
        children = set(db.session.scalars(select(model.id).where(model.parent_id.in_(frontier))))
        frontier = children - found
        found |= frontier
    return found


def organization_subtree(org_ids: set[int]) -> set[int]:
    """Return the ids of the organizations at or below `org_ids`."""
    return _descendants(org_ids, Organization)


def is_admin(user: Any) -> bool:
    """Tell whether the user is an administrator."""
    return Role.ADMIN in user_roles(user)


def managed_competition_ids(user: Any) -> set[int] | None:
    """Return the ids of competitions the user organizes; None means all (admin).

    An organizer scoped to an organization manages that organization's competitions and
    those of organizations below it; scoped to a competition, that competition. Either way
    the competitions feeding into a managed one (lower tiers of the pyramid) are included.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    if is_admin(user):
        return None
    org_ids: set[int] = set()
    comp_ids: set[int] = set()
    for assignment in user.roles:
        if assignment.role != Role.ORGANIZER:
            continue
        if assignment.organization_id is not None:
            org_ids.add(assignment.organization_id)
        if assignment.competition_id is not None:
            comp_ids.add(assignment.competition_id)
    if org_ids:
        orgs = _descendants(org_ids, Organization)
        comp_ids |= set(
            db.session.scalars(select(Competition.id).where(Competition.organizer_id.in_(orgs)))
        )
    return _feeder_closure(comp_ids)


def _feeder_closure(comp_ids: set[int]) -> set[int]:
    """Add every competition that feeds, directly or not, into one of `comp_ids`."""
    found = set(comp_ids)
    frontier = set(comp_ids)
    while frontier:
        feeders = set(
            db.session.scalars(select(Competition.id).where(Competition.parent_id.in_(frontier)))
        )
        frontier = feeders - found
        found |= frontier
    return found


def can_manage_competition(user: Any, competition: Competition) -> bool:
    """Tell whether the user may edit this competition and its registrations."""
    ids = managed_competition_ids(user)
    return ids is None or competition.id in ids


def can_manage_project(user: Any, project: Project) -> bool:
    """Tell whether the user may manage this project (through its competition)."""
    return can_manage_competition(user, project.competition)
