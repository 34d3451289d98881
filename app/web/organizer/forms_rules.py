"""Forms of the promotion-rules page: the rows as a list of sub-forms, and the preset choice."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.domain.presets import PRESETS
from app.services.common import labels
from app.services.setup.competition_rules import known_titles
from app.web.form_fields import BoundedIntegerField
from app.web.organizer.forms import grade_choices, options, tier_choices

ACTION_CHOICES = [("", _l("No promotion (title only)")), *labels.PROMOTION_ACTION.items()]
ROW_GROUP_CHOICES = [("", _l("Both groups")), *labels.GROUP.items()]
TITLE_STATE_CHOICES = [("", _l("The tier's default")), *labels.TITLE_STATE.items()]
SOURCE_LABELS = {"SRC": _l("[SRC] from a public rule"),
                 "LOCAL": _l("[LOCAL] one province or city's rule"),
                 "DEFAULT": _l("[DEFAULT] our proposed default"),
                 "EDITED": _l("edited here")}


def preset_choices(presets: Any = None) -> list[tuple[str, str]]:
    """Return the shipped presets as choices, each with its source tag and document."""
    chosen = presets if presets is not None else PRESETS.values()
    return [(p.code, f"[{p.source}] {p.name} — {p.origin.label if p.origin else ''}")
            for p in chosen]


class RuleRowForm(Form):
    """One rule row (a sub-form: the page's form carries the CSRF token)."""

    group = SelectField(_l("Group"), choices=options(ROW_GROUP_CHOICES))
    band = StringField(_l("Rank band"), validators=[Length(max=40)],
                       description=_l("e.g. 1-10, 4-n/2, team_top, top30%"))
    action = SelectField(_l("Action"), choices=options(ACTION_CHOICES))
    target = SelectField(_l("Target grade"))
    cap = SelectField(_l("Grade cap"))
    steps = BoundedIntegerField(_l("Steps"), default=1, validators=[InputRequired(),
                                                             NumberRange(1, 7)])
    title = SelectField(_l("Title"))
    title_state = SelectField(_l("Title state"), choices=options(TITLE_STATE_CHOICES))
    title_name = StringField(_l("Title name"), validators=[Optional(), Length(max=100)],
                             description=_l("e.g. {region}{occupation}技术状元"))
    title_tier = SelectField(_l("Title tier"), default="")
    pass_gate = BooleanField(_l("Needs a pass"), default=True)
    min_grade = SelectField(_l("From current grade"), default="")
    max_grade = SelectField(_l("Up to current grade"), default="")
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])
    remove = BooleanField(_l("Remove"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target.choices = grade_choices(blank=_l("None"), up_to_cap=True)
        self.cap.choices = grade_choices(blank=_l("None"), up_to_cap=True)
        self.min_grade.choices = grade_choices(blank=_l("Any"), up_to_cap=True)
        self.max_grade.choices = grade_choices(blank=_l("Any"), up_to_cap=True)
        self.title_tier.choices = options([("", _l("The title's own"))]) + tier_choices()
        self.title.choices = options([("", _l("No title"))] + [
            (code, spec.name) for code, spec in known_titles().items()])


class RulesForm(FlaskForm):
    """Every row of the project's rule set; "add" appends a blank row without saving."""

    rows = FieldList(FormField(RuleRowForm), min_entries=0, max_entries=40)
    add = SubmitField(_l("Add a row"))
    save = SubmitField(_l("Save rules"))


class PresetForm(FlaskForm):
    """Replace every row with a fresh copy of a shipped preset."""

    preset = SelectField(_l("Preset"))
    apply = SubmitField(_l("Replace the rows with this preset"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preset.choices = options(preset_choices())
