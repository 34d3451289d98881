"""A project's promotion and title rules: a copy of a shipped preset, edited row by row (§7).

Rows are stored as the domain serialises them (`RuleRow` via to_jsonable): rows with a
promotion action in Project.promotion_rules, title-only rows in Project.title_rules, so
`RuleSet(rows=promotion_rules + title_rules)` is the project's rule set. Every edit is
checked by loading the rows back with the domain, so a bad row is refused by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.domain.codes import Tier
from app.domain.errors import DomainError
from app.domain.presets import PRESETS, RENAMED_PRESETS
from app.domain.rulesets import RuleRow, RuleSet, TitleSpec
from app.domain.serde import load, to_jsonable
from app.extensions import begin_write, db
from app.models import Project
from app.services.common.access import Need, get_project
from app.services.scoring import audit
from app.services.setup.competitions import SetupError

ROW_FIELDS = ("group", "band", "action", "target", "cap", "steps", "title", "title_state",
              "note", "pass_gate", "min_grade", "max_grade", "title_name", "title_tier")
_PATH_FIELD = re.compile(r"^\$\.(\w+)")


def known_titles() -> dict[str, TitleSpec]:
    """Return the honorary titles the shipped presets use, by code."""
    found: dict[str, TitleSpec] = {}
    for preset in PRESETS.values():
        for _i, row in preset.title_rows():
            assert row.title is not None
            found.setdefault(row.title.code, TitleSpec(row.title.code, row.title.name,
                                                        row.title.tier))
    return found


@dataclass(frozen=True, slots=True)
class RowInput:
    """One rule row as a person types it: codes and a band text such as "4-n/2"."""

    band: str
    group: str = ""
    action: str = ""
    target: str = ""
    cap: str = ""
    steps: int = 1
    title: str = ""
    title_state: str = ""
    note: str = ""
    pass_gate: bool = True  # whether the notice makes promotion depend on passing (§7)
    min_grade: str = ""  # grade condition: the row applies only inside [min, max]
    max_grade: str = ""
    title_name: str = ""  # a template with {region} and {occupation}; "" = the title's name
    title_tier: str = ""  # a custom title's level; "" = the chosen title's, else MUNICIPAL


@dataclass(frozen=True, slots=True)
class RowView:
    """A stored row for display and editing, with where it came from."""

    index: int
    input: RowInput
    row: RuleRow
    provenance: str  # SRC / LOCAL / DEFAULT from the preset, or EDITED


def project_preset(project: Project) -> RuleSet | None:
    """Return the shipped preset the project's rows were copied from (renamed codes too)."""
    code = project.promotion_preset or ""
    return PRESETS.get(RENAMED_PRESETS.get(code, code))


def project_rule_set(project: Project) -> RuleSet:
    """Return the project's rules as a domain rule set."""
    preset = project_preset(project)
    return RuleSet.from_dict({
        "code": project.promotion_preset or "CUSTOM",
        "name": preset.name if preset else "",
        "rows": list(project.promotion_rules or []) + list(project.title_rules or []),
        "source": preset.source if preset else "DEFAULT",
    })


def list_rule_rows(project: Project) -> list[RowView]:
    """Return the project's rows, each marked with its preset's tag or EDITED."""
    rules = project_rule_set(project)
    preset = project_preset(project)
    originals = set(preset.rows) if preset else set()
    source = preset.source if preset else "DEFAULT"
    return [RowView(i, row_input(row), row, source if row in originals else "EDITED")
            for i, row in enumerate(rules.rows)]


def row_input(row: RuleRow) -> RowInput:
    """Return a stored row in its typed-in form."""
    return RowInput(
        band=row.band.label,
        group=row.group.value if row.group else "",
        action=row.action.value if row.action else "",
        target=row.target.value if row.target else "",
        cap=row.cap.value if row.cap else "",
        steps=row.steps,
        title=row.title.code if row.title else "",
        title_state=row.title.state.value if row.title and row.title.state else "",
        note=row.note,
        pass_gate=row.pass_gate,
        min_grade=row.min_grade.value if row.min_grade else "",
        max_grade=row.max_grade.value if row.max_grade else "",
        title_name=row.title.name if row.title else "",
        title_tier=row.title.tier.value if row.title else "",
    )


def parse_row(index: int, data: RowInput) -> RuleRow:
    """Build a domain row from typed-in values, or raise SetupError naming row and field."""
    if not data.band.strip():
        raise _row_error(index, "band", _("Enter a rank band such as 1-10, 4-n/2 or top30%."))
    title = _title(index, data)
    raw = {
        "band": data.band.strip(),
        "group": data.group or None,
        "action": data.action or None,
        "target": data.target or None,
        "cap": data.cap or None,
        "steps": data.steps,
        "title": title,
        "note": data.note.strip(),
        "pass_gate": bool(data.pass_gate),
        "min_grade": data.min_grade or None,
        "max_grade": data.max_grade or None,
    }
    try:
        return load(RuleRow, raw)
    except DomainError as error:
        name, message = _explain(error, data)
        raise _row_error(index, name, message) from None


def _title(index: int, data: RowInput) -> dict[str, Any] | None:
    """Return the row's title: a listed title, optionally renamed, or a custom template."""
    name = data.title_name.strip()
    if not data.title and not name:
        return None
    spec = known_titles().get(data.title) if data.title else None
    if data.title and spec is None:
        raise _row_error(index, "title", _("Choose a title from the list."))
    if len(name) > 100:
        raise _row_error(index, "title_name", _("A title name has at most 100 characters."))
    tier = data.title_tier or (spec.tier.value if spec else "MUNICIPAL")
    if tier not in Tier.__members__:
        raise _row_error(index, "title_tier", _("Choose a tier."))
    return {"code": spec.code if spec else "CUSTOM", "name": name or (spec.name if spec else ""),
            "tier": tier, "state": data.title_state or None}


def update_promotion_rules(user: Any, project_id: int, *, rows: list[RowInput]) -> Project:
    """Replace the project's rule rows with edited ones, each checked by the domain."""
    begin_write()
    project = get_project(user, project_id, Need.MANAGE)
    _check_editable(project)
    parsed = [parse_row(i, row) for i, row in enumerate(rows)]
    old = _stored(project)
    _store(project, parsed)
    new = _stored(project)
    if new != old:
        audit.record("project.promotion_rules", entity="project", entity_id=project.id,
                     project_id=project.id, actor_id=user.id, old=old, new=new)
    db.session.commit()
    return project


def apply_promotion_preset(user: Any, project_id: int, *, preset: str) -> Project:
    """Replace the project's rows with a fresh copy of a shipped preset."""
    begin_write()
    project = get_project(user, project_id, Need.MANAGE)
    _check_editable(project)
    chosen = preset_or_error(preset)
    old = {"preset": project.promotion_preset, **_stored(project)}
    project.promotion_preset = chosen.code
    _store(project, list(chosen.rows))
    audit.record("project.promotion_preset", entity="project", entity_id=project.id,
                 project_id=project.id, actor_id=user.id, old=old,
                 new={"preset": chosen.code, **_stored(project)})
    db.session.commit()
    return project


def preset_or_error(code: str) -> RuleSet:
    """Return a shipped preset, or raise SetupError on the preset field."""
    if code not in PRESETS:
        raise SetupError("project.preset", _("Choose one of the shipped presets."),
                         field="promotion_preset")
    return PRESETS[code]


def copy_preset_into(project: Project, preset: RuleSet) -> None:
    """Copy a preset's rows into a new project (the caller records and commits)."""
    project.promotion_preset = preset.code
    _store(project, list(preset.rows))


def _store(project: Project, rows: list[RuleRow]) -> None:
    project.promotion_rules = [to_jsonable(r) for r in rows if r.action is not None]
    project.title_rules = [to_jsonable(r) for r in rows if r.action is None]


def _stored(project: Project) -> dict[str, Any]:
    return {"promotion_rules": list(project.promotion_rules or []),
            "title_rules": list(project.title_rules or [])}


def _check_editable(project: Project) -> None:
    if project.finalized_at is not None:
        raise SetupError("project.final", _("The results are final; the rules can no longer "
                                            "change."), field="rows")


def _row_error(index: int, name: str, message: str) -> SetupError:
    return SetupError("ruleset.row", _("Row %(row)d, %(field)s: %(message)s", row=index + 1,
                                       field=row_field_label(name), message=message),
                      field=f"rows[{index}].{name}", detail=message)


def row_field_label(name: str) -> str:
    """Return a row field's display name."""
    return {
        "band": _("rank band"), "group": _("group"), "action": _("action"),
        "target": _("target grade"), "cap": _("grade cap"), "steps": _("steps"),
        "title": _("title"), "title_state": _("title state"), "note": _("note"),
        "pass_gate": _("pass gate"), "min_grade": _("lowest current grade"),
        "max_grade": _("highest current grade"), "title_name": _("title name"),
        "title_tier": _("title tier"),
    }.get(name, name)


def _explain(error: DomainError, data: RowInput) -> tuple[str, str]:
    """Return (field, message in the user's language) for a domain error on one row."""
    if error.code.startswith("band."):
        text = error.params.get("text", "")
        messages = {
            "band.syntax": _("\"%(text)s\" is not a rank band; write 1-10, 4-n/2 or top30%%.",
                             text=text),
            "band.range": _("The band's end must not be before its start."),
            "band.percent": _("The percentage must be between 1 and 100."),
            "band.start": _("A band starts at rank 1 or later."),
        }
        return "band", messages.get(error.code, error.message)
    if error.code == "ruleset.target":
        return "target", _("This action needs a target grade.")
    if error.code == "ruleset.above_cap":
        name = "cap" if data.cap and data.cap == error.params.get("grade") else "target"
        return name, _("Contest promotion goes no higher than 高级技师 (L1).")
    if error.code in ("ruleset.title_name", "ruleset.title_template"):
        return "title_name", _("Give the title a name; {region} and {occupation} may be used.")
    if error.code == "ruleset.title_placeholder":
        return "title_name", _("A title name may use only {region} and {occupation}.")
    if error.code == "ruleset.grade_condition":
        return "min_grade", _("The lowest current grade must not be above the highest.")
    if error.code == "ruleset.steps":
        return "steps", _("Promote by at least one step.")
    if error.code == "ruleset.empty_row":
        return "action", _("A row needs a promotion action or a title.")
    match = _PATH_FIELD.match(error.field or "")
    name = match[1] if match else "band"
    return name, _("This value is not valid.")

