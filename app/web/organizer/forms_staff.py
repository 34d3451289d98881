"""Forms of the organizing-body and staff pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.services.common.list_query import MAX_SEARCH
from app.services.identity.staff import QUALIFICATION_LEVELS, STAFF_ROLES
from app.services.setup.organizations import KINDS
from app.web.form_fields import MaxChars
from app.web.list_forms import ListForm, optional_text
from app.web.organizer.forms import options


class BodyForm(FlaskForm):
    """An organizing body: name, kind, region, codes, parent."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=options(KINDS.items()))
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])
    region_code = StringField(_l("Region code (行政区划代码)"),
                              validators=[Optional(), Length(max=6)])
    site_serial = StringField(_l("Certificate site serial"),
                              validators=[Optional(), Length(max=6)])
    parent_id = SelectField(_l("Parent body"), coerce=int, choices=[])


class OrganizerForm(FlaskForm):
    """A new organizer account attached to a body."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=3, max=80)])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])


class StaffForm(FlaskForm):
    """One staff member: account, person, qualification, projects."""

    role = SelectField(_l("Role"), choices=options(STAFF_ROLES.items()))
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=3, max=80)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    id_number = StringField(_l("ID number"), validators=[DataRequired(), Length(max=18)])
    employer = StringField(_l("Employer"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Mobile number"), validators=[Optional(), Length(max=20)])
    qualification_level = SelectField(
        _l("Judge qualification"),
        choices=options([("", "—"), *QUALIFICATION_LEVELS.items()]))
    certificate_no = StringField(_l("Qualification certificate number"),
                                 validators=[Optional(), Length(max=40)])
    expires_on = DateField(_l("Qualification valid until"), validators=[Optional()])
    project_ids = SelectMultipleField(_l("Projects served"), coerce=int, choices=[])


class StaffImportForm(FlaskForm):
    """A staff sheet to import."""

    file = FileField(_l("Staff sheet (.xlsx or .csv)"), validators=[FileRequired()])
    only_valid = BooleanField(_l("Import the valid rows even when others have problems"))


class QualificationForm(FlaskForm):
    """A judge qualification to record or renew."""

    level = SelectField(_l("Judge qualification"), choices=options(QUALIFICATION_LEVELS.items()))
    certificate_no = StringField(_l("Qualification certificate number"),
                                 validators=[DataRequired(), Length(max=40)])
    expires_on = DateField(_l("Qualification valid until"), validators=[Optional()])


class JudgeListForm(ListForm):
    """The judge assignments of the organizer's projects."""

    q = StringField(_l("Account or name"), validators=[MaxChars(MAX_SEARCH)])
    status = SelectField(_l("Role"), coerce=optional_text, choices=[])
