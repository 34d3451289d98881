"""Forms of the competition set-up pages; times are typed in the user's zone (Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.domain.codes import Tier
from app.domain.grades import LADDER, PROMOTION_CAP
from app.domain.numbers import MARK, NumberSpec
from app.services.common import labels
from app.web.context import code_label
from app.web.form_fields import BoundedDecimalField, BoundedIntegerField, MaxChars

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

CATEGORY_CHOICES = list(labels.CATEGORY.items())
HONOUR_CHOICES = list(labels.HONOUR.items())
VISIBILITY_CHOICES = [("LIVE", _l("Live scores")), ("PROGRESS_ONLY", _l("Progress only")),
                      ("HIDDEN", _l("Hidden until published"))]
ISSUER_CHOICES = [("", _l("Not set yet")), ("Y", _l("Y — employer")),
                  ("S", _l("S — social assessor"))]
GROUP_CHOICES = list(labels.GROUP.items())
AWARD_CHOICES = list(labels.AWARD_SCHEME.items())
GRADE_NAMES = labels.GRADE

# Prize counts (whole) or shares typed as percentages (12.5 means 12.5 %)
_PRIZE = NumberSpec(6, 2)


def options(pairs: Any) -> list[SelectChoice]:
    """Return (value, label) pairs as wtforms choices (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def tier_choices() -> list[tuple[str, Any]]:
    """Return the tiers, highest first."""
    return options((t.value, code_label(t.value)) for t in reversed(list(Tier)))


def grade_choices(*, blank: Any, up_to_cap: bool = False) -> list[tuple[str, Any]]:
    """Return the grade ladder as choices, with a blank first."""
    grades = [g for g in LADDER if not up_to_cap or g.ordinal <= PROMOTION_CAP.ordinal]
    return options([("", blank)] + [(g.value, GRADE_NAMES[g.value]) for g in grades])


def local_to_utc(value: datetime | None) -> datetime | None:
    """Read a time typed in the user's zone as an aware UTC time."""
    return None if value is None else to_utc(value).replace(tzinfo=UTC)


def utc_to_local(value: datetime | None) -> datetime | None:
    """Show a stored UTC time in the user's zone (naive, for an input field)."""
    return None if value is None else to_user_timezone(value).replace(tzinfo=None)


class CompetitionForm(FlaskForm):
    """A competition: who, what tier, when, and how results are shown."""

    name = StringField(_l("Name"), validators=[DataRequired(), MaxChars(200)])
    tier = SelectField(_l("Tier"), validators=[DataRequired()])
    category = SelectField(_l("Category"), choices=options(CATEGORY_CHOICES),
                           validators=[DataRequired()])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])
    year = BoundedIntegerField(_l("Year"),
                               validators=[InputRequired(), NumberRange(2000, 2100)])
    organizer_id = SelectField(_l("Organizing body"), coerce=int,
                               validators=[DataRequired()])
    parent_id = SelectField(_l("Feeds into (the competition one tier up)"), coerce=int)
    registration_opens_at = DateTimeLocalField(_l("Registration opens"),
                                               format=DATETIME_FORMAT, validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"),
                                                format=DATETIME_FORMAT, validators=[Optional()])
    starts_on = DateField(_l("First contest day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last contest day"), validators=[DataRequired()])
    appeal_window_minutes = BoundedIntegerField(
        _l("Appeal window (minutes after the contest)"), default=120,
        validators=[InputRequired(), NumberRange(0, 10080)])
    publication_working_days = BoundedIntegerField(
        _l("Publication period (working days)"), default=5,
        validators=[InputRequired(), NumberRange(0, 60)])
    shares_ranks = BooleanField(_l("Equal totals share a rank"))
    public_visibility = SelectField(_l("What the public sees before publication"),
                                    choices=options(VISIBILITY_CHOICES))
    mask_names = BooleanField(_l("Mask contestants' names in public"), default=True)
    issuer_kind = SelectField(_l("Grade-certificate issuer kind"), choices=options(ISSUER_CHOICES))
    issuer_body_code = StringField(_l("Assessing body code (4 digits)"),
                                   validators=[Optional(), Length(max=4)])
    issuer_province_code = StringField(_l("Province code (2 digits)"),
                                       validators=[Optional(), Length(max=2)])
    issuer_site_serial = StringField(_l("Assessing-site serial (6 digits)"),
                                     validators=[Optional(), Length(max=6)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    is_municipality = BooleanField(
        _l("Organised by a municipality directly under the central government (直辖市)"),
        description=_l("北京, 天津, 上海 or 重庆: their city-level contests take the "
                       "provincial-layer presets."))
    once_a_year = BooleanField(
        _l("At most one contest promotion per person per year"), default=True,
        description=_l("A local rule (天津 2024); the higher promotion of the year is kept."))
    submit = SubmitField(_l("Save"))


class ProjectForm(FlaskForm):
    """A project: occupation × group, where it feeds, how it is awarded."""

    occupation_id = SelectField(_l("Occupation"), coerce=int, validators=[DataRequired()])
    group = SelectField(_l("Group"), choices=options(GROUP_CHOICES))
    name = StringField(_l("Name"), validators=[DataRequired(), MaxChars(200)])
    team_size = BoundedIntegerField(_l("Team size"), default=1,
                             validators=[InputRequired(), NumberRange(1, 20)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format=DATETIME_FORMAT,
                                   validators=[Optional()])
    ends_at = DateTimeLocalField(_l("Ends"), format=DATETIME_FORMAT, validators=[Optional()])
    board_freeze_at = DateTimeLocalField(_l("Public board freeze (封榜)"), format=DATETIME_FORMAT,
                                         validators=[Optional()])
    advances_to_id = SelectField(_l("Feeds the project"), coerce=int)
    quota = BoundedIntegerField(_l("Quota: finishers who qualify"), default=0,
                         validators=[InputRequired(), NumberRange(0, 10000)])
    qualification_only = BooleanField(_l("Only contestants sent up by a feeder contest"))
    min_grade = SelectField(_l("Lowest current grade allowed"))
    max_grade = SelectField(_l("Highest current grade allowed"))
    pass_mark = BoundedDecimalField(_l("Pass mark (each component)"), default=60, spec=MARK,
                                    places=2, validators=[InputRequired(), NumberRange(0, 100)])
    shares_ranks = SelectField(_l("Equal totals share a rank"),
                               choices=options([("", _l("As the competition says")),
                                                ("1", _l("Yes")), ("0", _l("No"))]))
    award_scheme = SelectField(_l("Award scheme"), choices=options(AWARD_CHOICES))
    first = BoundedDecimalField(_l("First prize"), spec=_PRIZE,
                              validators=[Optional()])
    second = BoundedDecimalField(_l("Second prize"), spec=_PRIZE,
                               validators=[Optional()])
    third = BoundedDecimalField(_l("Third prize"), spec=_PRIZE,
                              validators=[Optional()])
    promotion_preset = SelectField(_l("Promotion preset"))
    min_age = BoundedIntegerField(_l("Youngest age at the contest"), default=16,
                                  validators=[Optional(), NumberRange(16, 70)])
    max_age = BoundedIntegerField(_l("Oldest age at the contest (blank: retirement age)"),
                                  validators=[Optional(), NumberRange(16, 70)])
    barred_honours = SelectMultipleField(
        _l("Holders of these honours may not enter"), choices=options(HONOUR_CHOICES),
        description=_l("A local rule (烟台): title holders no longer compete as contestants."))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.min_grade.choices = grade_choices(blank=_l("No minimum"))
        self.max_grade.choices = grade_choices(blank=_l("No maximum"))


class OccupationForm(FlaskForm):
    """A new occupation (职业/工种)."""

    code = StringField(_l("Occupation code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Occupation name"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=100)])
    top_grade = SelectField(_l("Top grade of its national standard"), default="L1",
                            description=_l("Contest promotions never go past it."))
    submit = SubmitField(_l("Add occupation"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.top_grade.choices = options(
            (g.value, GRADE_NAMES[g.value]) for g in LADDER
            if 1 <= g.ordinal <= PROMOTION_CAP.ordinal)
