"""/api/v1 long lists: audit log, certificates, judges and people, with the pages' filters.

Each answers the same query arguments as its page (search ``q``, ``status``, ``project_id``,
``organization_id``, ``sort``, ``page``, ``per_page``) with items, total, page, per_page and
pages, and shows only what the caller may see (the same services as the pages).
"""

from __future__ import annotations

from typing import Any

from app.security import Role, roles_required
from app.services.certification import certificate_list
from app.services.common.list_query import page_info
from app.services.identity import people_list
from app.services.scoring import audit_log
from app.services.setup import judge_list
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.list_schemas import (
    AuditListArgsSchema,
    AuditPageSchema,
    CertificateListArgsSchema,
    CertificatePageSchema,
    JudgeListArgsSchema,
    JudgePageSchema,
    PeopleListArgsSchema,
    PersonPageSchema,
    list_filter,
)

blp = ApiBlueprint("lists_api", __name__, url_prefix="/api/v1",
                   description="Long lists with search, filters, sorting and pages.")


@blp.route("/audit", methods=["GET"])
@roles_required(Role.ADMIN, Role.ORGANIZER)
@blp.arguments(AuditListArgsSchema, location="query")
@blp.response(200, AuditPageSchema)
def audit_entries(args: dict[str, Any]) -> dict[str, Any]:
    """List audit entries: all for administrators, an organizer's projects' for organizers."""
    page = audit_log.page_entries(api_user(), list_filter(args))
    actors, _projects = audit_log.names(page.items)
    return {**page_info(page), "items": [
        {"id": e.id, "at": e.at, "action": e.action, "entity": e.entity,
         "entity_id": e.entity_id, "project_id": e.project_id, "actor_id": e.actor_id,
         "actor": actors.get(e.actor_id or 0, ""), "reason": e.reason} for e in page.items]}


@blp.route("/certificates", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.arguments(CertificateListArgsSchema, location="query")
@blp.response(200, CertificatePageSchema)
def certificates(args: dict[str, Any]) -> dict[str, Any]:
    """List the certificates of the competitions the caller organizes."""
    page = certificate_list.page_certificates(api_user(), list_filter(args))
    return {**page_info(page), "items": [
        {"id": c.id, "serial": c.serial, "kind": c.kind, "status": c.status,
         "holder": c.registration.person.name, "ticket_no": c.registration.ticket_no,
         "registration_id": c.registration_id, "project_id": c.registration.project_id,
         "issued_at": c.issued_at, "revoked_reason": c.revoked_reason} for c in page.items]}


@blp.route("/judges", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.arguments(JudgeListArgsSchema, location="query")
@blp.response(200, JudgePageSchema)
def judges(args: dict[str, Any]) -> dict[str, Any]:
    """List the judge assignments of the projects the caller organizes."""
    page = judge_list.page_judges(api_user(), list_filter(args))
    more = judge_list.details(page.items)
    return {**page_info(page), "items": [
        {"id": a.id, "user_id": a.user_id, "username": a.user.username,
         "name": a.user.display_name, "active": a.user.active, "role": a.role,
         "project_id": a.project_id, "project_name": more[a.id]["project"],
         "employer": more[a.id]["employer"]} for a in page.items]}


@blp.route("/people", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.arguments(PeopleListArgsSchema, location="query")
@blp.response(200, PersonPageSchema)
def people(args: dict[str, Any]) -> dict[str, Any]:
    """List the people registered in the caller's competitions, ID numbers and phones masked."""
    page = people_list.page_people(api_user(), list_filter(args))
    return {**page_info(page), "items": [people_list.masked(p) for p in page.items]}
