"""Forms of the unit and coach awards page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.web.form_fields import BoundedIntegerField
from app.web.organizer.forms import options

TEAM_RULE_CHOICES = [("BEST_K_RANKS", _l("Sum of the best members' ranks (lower wins)")),
                     ("MEDAL_COUNT", _l("Medal count (first, then second, then third prizes)"))]
KIND_CHOICES = [("EXCELLENT_ORGANIZATION", _l("Excellent organisation award (优秀组织奖)")),
                ("OUTSTANDING_CONTRIBUTION", _l("Outstanding contribution unit (突出贡献单位)")),
                ("EXCELLENT_COACH", _l("Excellent coach (优秀指导教师/教练)"))]


class TeamRuleForm(FlaskForm):
    """How organisations are ranked for the 团体奖."""

    team_rule = SelectField(_l("Team rule"), choices=options(TEAM_RULE_CHOICES))
    team_k = BoundedIntegerField(_l("Members whose ranks count"), default=3,
                          validators=[InputRequired(), NumberRange(1, 50)])
    submit = SubmitField(_l("Save the team rule"))


class TeamPlacesForm(FlaskForm):
    """Give the 团体奖 to the first places."""

    places = BoundedIntegerField(_l("Team places to award"), default=3,
                          validators=[InputRequired(), NumberRange(1, 20)])
    submit = SubmitField(_l("Award team places"))


class UnitAwardForm(FlaskForm):
    """Give an award the organiser chooses."""

    kind = SelectField(_l("Award"), choices=options(KIND_CHOICES))
    organization_id = SelectField(_l("Organisation"), coerce=int, default=0)
    coach_name = SelectField(_l("Coach"), default="")
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Give the award"))


class PlainForm(FlaskForm):
    """A button carrying only the CSRF token."""
