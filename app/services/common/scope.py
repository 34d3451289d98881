"""Which records a user's roles reach: the one place the organizational scope is worked out.

An organizer's reach is their organizations and what lies below, plus the competitions that
feed into a managed one (lower tiers of the pyramid); an approver's, the competitions of their
organizations (or the ones named); an administrator reaches everything. What a user may do to
one record, and the loaders that check it, are in app/services/common/access.py.
"""

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


def _own_roots(user: Any) -> set[int]:
    return {a.organization_id for a in getattr(user, "roles", ())
            if a.role == Role.ORGANIZER and a.organization_id is not None}


def managed_body_ids(user: Any) -> set[int] | None:
    """Return the ids of bodies the user may change (strictly below their own); None: all."""
    if is_admin(user):
        return None
    roots = _own_roots(user)
    return organization_subtree(roots) - roots if roots else set()


def visible_body_ids(user: Any) -> set[int] | None:
    """Return the ids of bodies the user may see (their own and below); None: all."""
    if is_admin(user):
        return None
    roots = _own_roots(user)
    return organization_subtree(roots) if roots else set()


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
        orgs = organization_subtree(org_ids)
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


def can_manage_competition(user: Any, competition: Competition | int) -> bool:
    """Tell whether the user may edit this competition (or competition id) and its entries."""
    ids = managed_competition_ids(user)
    competition_id = competition if isinstance(competition, int) else competition.id
    return ids is None or competition_id in ids


def can_manage_project(user: Any, project: Project) -> bool:
    """Tell whether the user may manage this project (through its competition)."""
    return can_manage_competition(user, project.competition_id)


def approver_competition_ids(user: Any) -> set[int] | None:
    """Return the competitions whose promotions the user may approve; None means all.

    An unscoped APPROVER (or an admin) approves everywhere; one scoped to an organization
    approves that organization's competitions and those of organizations below it; one scoped
    to a competition, that competition. The ORGANIZER role alone never approves.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    if is_admin(user):
        return None
    mine = [a for a in user.roles if a.role == Role.APPROVER]
    if any(a.organization_id is None and a.competition_id is None for a in mine):
        return None
    comp_ids = {a.competition_id for a in mine if a.competition_id is not None}
    orgs = organization_subtree({a.organization_id for a in mine
                                 if a.organization_id is not None})
    if orgs:
        comp_ids |= set(db.session.scalars(
            select(Competition.id).where(Competition.organizer_id.in_(orgs))))
    return comp_ids


def can_approve_promotions(user: Any, competition_id: int) -> bool:
    """Tell whether the user may approve, reject and certify this competition's promotions."""
    ids = approver_competition_ids(user)
    return ids is None or competition_id in ids


def can_see_promotions(user: Any, competition_id: int) -> bool:
    """Tell whether the user may see the promotions (an approver, or an organizer in scope)."""
    if can_approve_promotions(user, competition_id):
        return True
    managed = managed_competition_ids(user)
    return managed is None or competition_id in managed
