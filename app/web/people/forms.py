"""Forms of the lifetime record: record an honour, record a grade with its evidence."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.services.common.list_query import MAX_SEARCH
from app.web.form_fields import BoundedIntegerField, MaxChars
from app.web.list_forms import ListForm, optional_text
from app.web.organizer.forms import GRADE_NAMES, HONOUR_CHOICES, options

SOURCE_CHOICES = [
    ("CERTIFICATE", _l("Grade certificate")),
    ("DIRECT_CERTIFICATION", _l("Direct certification (直接认定)")),
    ("EXCEPTIONAL", _l("Exceptional promotion (破格)")),
    ("ENTERPRISE_ASSESSMENT", _l("Enterprise assessment")),
    ("APPOINTMENT", _l("Appointment (特级/首席技师)")),
]


class HonourForm(FlaskForm):
    """An honour the person holds."""

    honour = SelectField(_l("Honour"), choices=options(HONOUR_CHOICES))
    name = StringField(_l("Name as awarded"), validators=[Optional(), Length(max=100)],
                       description=_l("Needed for a local title, e.g. 巴渠工匠."))
    year = BoundedIntegerField(_l("Year"), validators=[InputRequired(), NumberRange(1950, 2100)])
    issuer = StringField(_l("Issuer"), validators=[Optional(), Length(max=100)])
    document_no = StringField(_l("Document number"), validators=[Optional(), Length(max=64)])
    occupation_id = SelectField(_l("Occupation"), coerce=int, default=0)
    submit = SubmitField(_l("Record honour"))


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""


class GradeEvidenceForm(FlaskForm):
    """A grade with its source and evidence."""

    occupation_id = SelectField(_l("Occupation"), coerce=int, validators=[DataRequired()])
    grade = SelectField(_l("Grade"))
    source = SelectField(_l("Source"), choices=options(SOURCE_CHOICES))
    obtained_on = DateField(_l("Date"), validators=[DataRequired()])
    document_no = StringField(_l("Document number"), validators=[Optional(), Length(max=32)])
    issuer = StringField(_l("Issuer"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Record grade"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grade.choices = options(GRADE_NAMES.items())


class PeopleListForm(ListForm):
    """People registered in the organizer's competitions (ID numbers masked)."""

    q = StringField(_l("Name, or the first 6 or last 4 characters of the ID number"),
                    validators=[MaxChars(MAX_SEARCH)])
    status = SelectField(_l("Registration status"), coerce=optional_text, choices=[])
