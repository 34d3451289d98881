"""ORM models, one module per aggregate; imported here so metadata is complete."""

from app.models.appeals import Appeal
from app.models.audit import AuditAnchor, AuditEntry
from app.models.certificates import Certificate
from app.models.competitions import Competition, LinkRequest, Project, ProjectCeremony
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
from app.models.people import (
    ClaimCode,
    DeclaredConflict,
    Occupation,
    Person,
    PersonGrade,
    PersonHonour,
)
from app.models.registrations import LotDraw, Registration
from app.models.results import (
    Award,
    EntryResult,
    Promotion,
    Qualification,
    TieBreakOrder,
    TitleAward,
)
from app.models.staff import JudgeQualification
from app.models.unit_awards import UnitAward
from app.models.users import ApiToken, RoleAssignment, User

__all__ = [
    "Appeal",
    "ApiToken",
    "Aspect",
    "AuditAnchor",
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
    "JudgeQualification",
    "LotDraw",
    "Occupation",
    "Notification",
    "Organization",
    "OrganizationSeal",
    "PanelSeat",
    "Penalty",
    "Person",
    "PersonGrade",
    "PersonHonour",
    "Project",
    "ProjectCeremony",
    "Promotion",
    "Qualification",
    "Registration",
    "RoleAssignment",
    "ScoreEvent",
    "SheetState",
    "SubCriterion",
    "TieBreakOrder",
    "TitleAward",
    "UnitAward",
    "User",
]
