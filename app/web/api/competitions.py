"""/api/v1 competition set-up: competitions, projects, promotion rule rows, presets."""

from __future__ import annotations

from typing import Any

from app.domain.presets import PRESETS
from app.security import Role, roles_required
from app.services.common import access
from app.services.common.access import Need
from app.services.setup import competition_projects as projects
from app.services.setup import competition_rules as rules
from app.services.setup import competitions as svc
from app.services.setup.dashboard_progress import STEPS, competition_progress
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.competition_schemas import (
    ApplyPresetSchema,
    CompetitionInSchema,
    CompetitionSchema,
    PresetSchema,
    ProjectCreateSchema,
    ProjectInSchema,
    ProjectSchema,
    RulesInSchema,
    RulesSchema,
)

competitions_blp = ApiBlueprint(
    "competition_setup", __name__, url_prefix="/api/v1/competitions",
    description="Competitions of the contest pyramid, within the caller's organizer scope.",
)
projects_blp = ApiBlueprint(
    "project_setup", __name__, url_prefix="/api/v1/projects",
    description="Projects (occupation × group) and their promotion rule rows.",
)
presets_blp = ApiBlueprint(
    "presets", __name__, url_prefix="/api/v1/presets",
    description="The shipped promotion/title presets a project's rules start from.",
)


@competitions_blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@competitions_blp.response(200, CompetitionSchema(many=True))
def list_competitions() -> Any:
    """List the competitions the caller manages, highest tier first."""
    return svc.list_competitions(api_user())


@competitions_blp.route("", methods=["POST"])
@roles_required(Role.ORGANIZER)
@competitions_blp.arguments(CompetitionInSchema)
@competitions_blp.response(201, CompetitionSchema)
def create_competition(data: dict[str, Any]) -> Any:
    """Create a competition for an organization in the caller's scope."""
    return svc.create_competition(api_user(), svc.CompetitionData(**data))


@competitions_blp.route("/<int:competition_id>", methods=["GET"])
@roles_required(Role.ORGANIZER)
@competitions_blp.response(200, CompetitionSchema)
def get_competition(competition_id: int) -> Any:
    """Return one competition the caller manages."""
    return access.get_competition(api_user(), competition_id, Need.MANAGE)


@competitions_blp.route("/<int:competition_id>", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@competitions_blp.arguments(CompetitionInSchema)
@competitions_blp.response(200, CompetitionSchema)
def update_competition(data: dict[str, Any], competition_id: int) -> Any:
    """Replace a competition's settings."""
    return svc.update_competition(api_user(), competition_id,
                 svc.CompetitionData(**data))


@competitions_blp.route("/<int:competition_id>/progress", methods=["GET"])
@roles_required(Role.ORGANIZER)
@competitions_blp.response(200)
def get_progress(competition_id: int) -> dict[str, Any]:
    """Return the live counts per step (registered … certified), all out of the registered."""
    competition = access.get_competition(api_user(), competition_id, Need.MANAGE)
    progress = competition_progress([competition.id])[competition.id]
    return {"competition_id": competition.id, "steps": list(STEPS), "counts": progress.counts}


@competitions_blp.route("/<int:competition_id>/projects", methods=["GET"])
@roles_required(Role.ORGANIZER)
@competitions_blp.response(200, ProjectSchema(many=True))
def list_projects(competition_id: int) -> Any:
    """List a competition's projects."""
    return access.get_competition(api_user(), competition_id, Need.MANAGE).projects


@competitions_blp.route("/<int:competition_id>/projects", methods=["POST"])
@roles_required(Role.ORGANIZER)
@competitions_blp.arguments(ProjectCreateSchema)
@competitions_blp.response(201, ProjectSchema)
def create_project(data: dict[str, Any], competition_id: int) -> Any:
    """Add a project, with a copy of a promotion preset (default: the tier's suggestion)."""
    preset = data.pop("promotion_preset", None)
    return projects.create_project(api_user(), competition_id,
                 projects.ProjectData(**data), preset=preset)


@projects_blp.route("/<int:project_id>", methods=["GET"])
@roles_required(Role.ORGANIZER)
@projects_blp.response(200, ProjectSchema)
def get_project(project_id: int) -> Any:
    """Return one project of a competition the caller manages."""
    return access.get_project(api_user(), project_id, Need.MANAGE)


@projects_blp.route("/<int:project_id>", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@projects_blp.arguments(ProjectInSchema)
@projects_blp.response(200, ProjectSchema)
def update_project(data: dict[str, Any], project_id: int) -> Any:
    """Replace a project's settings (its rule rows change through promotion-rules)."""
    return projects.update_project(api_user(), project_id, projects.ProjectData(**data))


@projects_blp.route("/<int:project_id>/promotion-rules", methods=["GET"])
@roles_required(Role.ORGANIZER)
@projects_blp.response(200, RulesSchema)
def get_promotion_rules(project_id: int) -> Any:
    """Return the project's promotion and title rows, each with its provenance."""
    return _rules_body(access.get_project(api_user(), project_id, Need.MANAGE))


@projects_blp.route("/<int:project_id>/promotion-rules", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@projects_blp.arguments(RulesInSchema)
@projects_blp.response(200, RulesSchema)
def update_promotion_rules(data: dict[str, Any], project_id: int) -> Any:
    """Replace the rows; a bad row is refused with field rows[i].<field>, nothing saved."""
    rows = [rules.RowInput(**row) for row in data["rows"]]
    return _rules_body(rules.update_promotion_rules(api_user(), project_id, rows=rows))


@projects_blp.route("/<int:project_id>/promotion-rules/preset", methods=["POST"])
@roles_required(Role.ORGANIZER)
@projects_blp.arguments(ApplyPresetSchema)
@projects_blp.response(200, RulesSchema)
def apply_preset(data: dict[str, Any], project_id: int) -> Any:
    """Replace every row with a fresh copy of a shipped preset."""
    return _rules_body(rules.apply_promotion_preset(api_user(), project_id,
                             preset=data["preset"]))


@presets_blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@presets_blp.response(200, PresetSchema(many=True))
def list_presets() -> Any:
    """List the shipped presets with their rows and source tags."""
    return [{**_preset_dict(p), "rows": [rules.row_input(row) for row in p.rows]}
            for p in PRESETS.values()]


def _preset_dict(preset: Any) -> dict[str, Any]:
    origin = preset.origin
    return {"code": preset.code, "name": preset.name, "source": preset.source,
            "document": origin.document if origin else "",
            "issuer": origin.issuer if origin else "",
            "year": origin.year if origin else None,
            "layer": preset.layer.value if preset.layer else None}


def _rules_body(project: Any) -> dict[str, Any]:
    preset = rules.project_preset(project)
    return {
        "preset": _preset_dict(preset) if preset else None,
        "rows": [{"index": v.index, "provenance": v.provenance, **_row_dict(v.input)}
                 for v in rules.list_rule_rows(project)],
    }


def _row_dict(row: rules.RowInput) -> dict[str, Any]:
    return {name: getattr(row, name) for name in rules.ROW_FIELDS}
