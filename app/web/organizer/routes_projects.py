"""Project pages: create and edit a project, edit its promotion rules row by row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.domain.codes import Category, Tier
from app.domain.presets import PRESETS, presets_for, suggested_preset
from app.security import Role, roles_required
from app.services.common.access import Need, get_competition, get_project
from app.services.setup import competition_projects as projects
from app.services.setup import competition_rules as rules
from app.services.setup import competitions as svc
from app.web.errors import refusals_go_to
from app.web.organizer import bp
from app.web.organizer.forms import ProjectForm, local_to_utc, options, utc_to_local
from app.web.organizer.forms_rules import SOURCE_LABELS, PresetForm, RulesForm, preset_choices
from app.web.organizer.helpers import show_error


@bp.route("/competitions/<int:competition_id>/projects/new", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def new_project(competition_id: int) -> Any:
    """Add a project to a competition the user manages."""
    comp = get_competition(current_user, competition_id, Need.MANAGE)
    form = _project_form(comp, None)
    if form.validate_on_submit():
        try:
            project = projects.create_project(current_user, comp.id, _project_data(form),
                                              preset=form.promotion_preset.data)
        except svc.SetupError as error:  # own-handling: re-renders the form, error on its field
            show_error(form, error)
        else:
            flash(_("Project created with a copy of the preset's promotion rules."), "success")
            return redirect(url_for("organizer.project_rules", project_id=project.id))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/project_form.html", form=form, competition=comp,
                           project=None), status


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def edit_project(project_id: int) -> Any:
    """Change a project's settings."""
    project = get_project(current_user, project_id, Need.MANAGE)
    form = _project_form(project.competition, project)
    if form.validate_on_submit():
        try:
            projects.update_project(current_user, project.id, _project_data(form))
        except svc.SetupError as error:  # own-handling: re-renders the form, error on its field
            show_error(form, error)
        else:
            flash(_("Project saved."), "success")
            return redirect(url_for("organizer.competition",
                                    competition_id=project.competition_id))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/project_form.html", form=form,
                           competition=project.competition, project=project), status


@bp.route("/projects/<int:project_id>/rules", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def project_rules(project_id: int) -> Any:
    """Show the promotion rule rows; add, remove or edit rows and save them together."""
    project = get_project(current_user, project_id, Need.MANAGE)
    views = rules.list_rule_rows(project)
    form = RulesForm()
    if request.method == "GET":
        for view in views:
            form.rows.append_entry(view.input)
    elif form.add.data:
        form.rows.append_entry()
    elif form.validate_on_submit():
        # Removed rows leave the form, so row numbers in errors match what is shown.
        form.rows.entries = [e for e in form.rows.entries if not e.form.remove.data]
        kept = [entry.form for entry in form.rows]
        try:
            rules.update_promotion_rules(current_user, project.id,
                                         rows=[_row_input(sub) for sub in kept])
        except svc.SetupError as error:  # own-handling: re-renders the rows, error on its row
            _show_row_error(kept, error)
        else:
            flash(_("Promotion rules saved."), "success")
            return redirect(url_for("organizer.project_rules", project_id=project.id))
    preset_form = PresetForm(formdata=None, preset=project.promotion_preset)
    comp = project.competition
    preset_form.preset.choices = options(preset_choices(
        presets_for(Tier(comp.tier), is_municipality=comp.is_municipality)))
    tags = [_provenance(project, i, entry.form) for i, entry in enumerate(form.rows)]
    status = 400 if request.method == "POST" and not form.add.data else 200
    return render_template(
        "organizer/project_rules.html", project=project, form=form, tags=tags,
        preset_form=preset_form, preset=rules.project_preset(project),
        source_labels=SOURCE_LABELS,
    ), status


@bp.post("/projects/<int:project_id>/preset")
@roles_required(Role.ORGANIZER)
def apply_preset(project_id: int) -> Any:
    """Replace the project's rows with a fresh copy of a shipped preset."""
    project = get_project(current_user, project_id, Need.MANAGE)
    form = PresetForm()
    if form.validate_on_submit():
        refusals_go_to(url_for("organizer.project_rules", project_id=project.id))
        rules.apply_promotion_preset(current_user, project.id, preset=form.preset.data)
        flash(_("The rows now follow the preset %(name)s.",
                name=PRESETS[form.preset.data].name), "success")
    else:
        flash(_("Choose one of the shipped presets."), "danger")
    return redirect(url_for("organizer.project_rules", project_id=project.id))


def _project_form(comp: Any, project: Any) -> ProjectForm:
    """Build the project form with occupations, feed targets and presets."""
    get = request.method == "GET"
    form = ProjectForm(obj=project) if project is not None and get else ProjectForm()
    form.occupation_id.choices = options((o.id, f"{o.name}（{o.code}）")
                                         for o in svc.list_occupations())
    form.advances_to_id.choices = options([(0, _("— feeds nothing —"))] + [
        (p.id, f"{p.name} — {p.competition.name}") for p in projects.list_feed_targets(comp)])
    form.promotion_preset.choices = options(preset_choices(
        presets_for(Tier(comp.tier), is_municipality=comp.is_municipality)))
    if project is not None:
        del form.promotion_preset  # changed on the rules page, which replaces the rows
    if not get:
        return form
    if project is None:
        form.promotion_preset.data = suggested_preset(
            Tier(comp.tier), Category(comp.category), is_municipality=comp.is_municipality).code
        return form
    form.advances_to_id.data = project.advances_to_id or 0
    form.shares_ranks.data = "" if project.shares_ranks is None else str(int(project.shares_ranks))
    form.starts_at.data = utc_to_local(project.starts_at)
    form.ends_at.data = utc_to_local(project.ends_at)
    form.board_freeze_at.data = utc_to_local(project.board_freeze_at)
    form.min_grade.data = project.min_grade or ""
    form.max_grade.data = project.max_grade or ""
    params = project.award_params or {}
    numbers = params.get("counts") or [Decimal(p) * 100 for p in params.get("percents", [])]
    for name, value in zip(("first", "second", "third"), numbers, strict=False):
        form[name].data = Decimal(value)
    return form


def _project_data(form: ProjectForm) -> projects.ProjectData:
    """Turn the form into the service's input; prize shares are typed as percentages."""
    numbers = [form.first.data, form.second.data, form.third.data]
    params: dict[str, Any] = {}
    if form.award_scheme.data == "PERCENT_PRIZES" and None not in numbers:
        params["percents"] = [str(n / 100) for n in numbers]
    elif form.award_scheme.data == "FIXED_COUNT" and None not in numbers:
        params["counts"] = [int(n) if n == int(n) else -1 for n in numbers]
    else:
        params = {"percents": None, "counts": None}
    return projects.ProjectData(
        occupation_id=form.occupation_id.data,
        group=form.group.data,
        name=form.name.data.strip(),
        award_scheme=form.award_scheme.data,
        award_params=params,
        team_size=form.team_size.data,
        venue=(form.venue.data or "").strip(),
        starts_at=local_to_utc(form.starts_at.data),
        ends_at=local_to_utc(form.ends_at.data),
        advances_to_id=form.advances_to_id.data or None,
        quota=form.quota.data,
        qualification_only=form.qualification_only.data,
        min_grade=form.min_grade.data or None,
        max_grade=form.max_grade.data or None,
        pass_mark=form.pass_mark.data,
        shares_ranks=None if form.shares_ranks.data == "" else form.shares_ranks.data == "1",
        min_age=form.min_age.data if form.min_age.data is not None else 16,
        max_age=form.max_age.data,
        barred_honours=list(form.barred_honours.data or []),
        board_freeze_at=local_to_utc(form.board_freeze_at.data),
    )


def _row_input(sub: Any) -> rules.RowInput:
    return rules.RowInput(
        band=sub.band.data or "", group=sub.group.data or "", action=sub.action.data or "",
        target=sub.target.data or "", cap=sub.cap.data or "", steps=sub.steps.data or 1,
        title=sub.title.data or "", title_state=sub.title_state.data or "",
        note=sub.note.data or "", pass_gate=bool(sub.pass_gate.data),
        min_grade=sub.min_grade.data or "", max_grade=sub.max_grade.data or "",
        title_name=(sub.title_name.data or "").strip(), title_tier=sub.title_tier.data or "",
    )


def _provenance(project: Any, index: int, sub: Any) -> str | None:
    """Return the tag of a row as typed: its preset's source if unchanged, else EDITED."""
    preset = rules.project_preset(project)
    if not (sub.band.data or "").strip():
        return None  # a blank row just added
    try:
        row = rules.parse_row(index, _row_input(sub))
    except svc.SetupError:  # own-handling: a row that does not parse is simply not the preset's
        return "EDITED"
    return preset.source if preset and row in preset.rows else "EDITED"


def _show_row_error(kept: list[Any], error: svc.SetupError) -> None:
    """Put a row error under that row's field (rows counted after removals)."""
    flash(error.message, "danger")
    field = error.field or ""
    if field.startswith("rows[") and "]." in field:
        index, name = field[5:].split("].", 1)
        if index.isdigit() and int(index) < len(kept) and name in kept[int(index)]._fields:
            target = kept[int(index)][name]
            target.errors = [*target.errors, error.detail]
