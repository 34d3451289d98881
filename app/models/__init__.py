"""ORM models, one module per aggregate; imported here so metadata is complete."""

from app.models.appeals import Appeal
from app.models.audit import AuditEntry
from app.models.certificates import Certificate
from app.models.competitions import Competition, LinkRequest, Project
from app.models.judging import (
    Aspect,
    Component,
    Criterion,
    JudgeAssignment,
    PanelSeat,
    Penalty,
    ScoreEvent,
    SheetState,
    SubCriterion,
)
from app.models.notifications import Notification
from app.models.organizations import Organization, OrganizationSeal
from app.models.people import ClaimCode, DeclaredConflict, Occupation, Person, PersonGrade
from app.models.registrations import LotDraw, Registration
from app.models.results import (
    Award,
    EntryResult,
    Promotion,
    Qualification,
    TieBreakOrder,
    TitleAward,
)
from app.models.users import ApiToken, RoleAssignment, User

__all__ = [
    "Appeal",
    "ApiToken",
    "Aspect",
    "AuditEntry",
    "Award",
    "Certificate",
    "ClaimCode",
    "Competition",
    "Component",
    "Criterion",
    "DeclaredConflict",
    "EntryResult",
    "JudgeAssignment",
    "LinkRequest",
    "LotDraw",
    "Occupation",
    "Notification",
    "Organization",
    "OrganizationSeal",
    "PanelSeat",
    "Penalty",
    "Person",
    "PersonGrade",
    "Project",
    "Promotion",
    "Qualification",
    "Registration",
    "RoleAssignment",
    "ScoreEvent",
    "SheetState",
    "SubCriterion",
    "TieBreakOrder",
    "TitleAward",
    "User",
]
