"""ORM models, one module per aggregate; imported here so metadata is complete."""

from app.models.appeals import Appeal
from app.models.audit import AuditEntry
from app.models.certificates import Certificate
from app.models.competitions import Competition, Project
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
from app.models.organizations import Organization
from app.models.people import DeclaredConflict, Occupation, Person, PersonGrade
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
from app.models.users import ApiToken, RoleAssignment, User

__all__ = [
    "Appeal",
    "ApiToken",
    "Aspect",
    "AuditEntry",
    "Award",
    "Certificate",
    "Competition",
    "Component",
    "Criterion",
    "DeclaredConflict",
    "EntryResult",
    "JudgeAssignment",
    "JudgeQualification",
    "LotDraw",
    "Occupation",
    "Organization",
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
