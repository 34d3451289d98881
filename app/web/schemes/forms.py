"""Forms of the judging set-up pages (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired


class SchemeUploadForm(FlaskForm):
    """Upload a marking scheme table (.xlsx)."""

    file = FileField(_l("Scheme table (.xlsx)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["xlsx"], _l("Upload an .xlsx file.")),
    ])


class AssignForm(FlaskForm):
    """Assign a judge (or the chief judge) to the project."""

    user_id = SelectField(_l("Judge"), coerce=int, validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[SelectChoice("JUDGE", _l("Judge")),
                                            SelectChoice("CHIEF_JUDGE", _l("Chief judge"))])
    allow_recusals = BooleanField(_l("Assign anyway: the judge recuses from those contestants"))


class PanelForm(FlaskForm):
    """The aspects and whole components a judge scores."""

    seats = SelectMultipleField(_l("Seats"), choices=[], validate_choice=True)


class ConfirmForm(FlaskForm):
    """A bare POST with its CSRF token."""
