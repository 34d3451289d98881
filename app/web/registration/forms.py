"""Forms of the registration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice as C
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.domain.grades import LADDER
from app.services.common import labels
from app.services.common.list_query import MAX_SEARCH
from app.services.entry.registration_rules import (
    MAX_CERTIFICATE,
    MAX_COACH_NAME,
    MAX_NAME,
    MAX_ORG_NAME,
)
from app.web.form_fields import MaxChars, form_id
from app.web.list_forms import ListForm, optional_text

GROUP_CHOICES = [C(code, text) for code, text in labels.GROUP.items()]
KIND_CHOICES = [C("EMPLOYER", _l("Employer")), C("SCHOOL", _l("School"))]
GRADE_ROWS = 3


class SignupForm(FlaskForm):
    """A new contestant account."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Your name"), validators=[Optional(), MaxChars(100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class GradeForm(FlaskForm):
    """One current grade: occupation, grade, certificate number (no CSRF of its own)."""

    class Meta:
        csrf = False

    occupation_id = SelectField(_l("Occupation"), coerce=int, validate_choice=False,
                                default=0)
    grade = SelectField(_l("Current grade"), validate_choice=False,
                        choices=[C("", "—")] + [C(g.value, labels.GRADE[g.value]) for g in LADDER])
    certificate_no = StringField(_l("Certificate number"),
                                 validators=[Optional(), Length(max=MAX_CERTIFICATE)])


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RegisterForm(FlaskForm):
    """The contestant's details and the projects they enter."""

    name = StringField(_l("Full name"), validators=[MaxChars(MAX_NAME)])
    id_number = StringField(_l("ID card number (居民身份证)"), validators=[Length(max=30)])
    phone = StringField(_l("Mobile phone"), validators=[Length(max=20)])
    group = SelectField(_l("Group"), choices=GROUP_CHOICES)
    organization_name = StringField(_l("Employer or school"),
                                    validators=[MaxChars(MAX_ORG_NAME)])
    organization_kind = SelectField(_l("Organization kind"), choices=KIND_CHOICES)
    coach_name = StringField(_l("Coach or instructing teacher (指导教师/教练)"),
                             validators=[Length(max=MAX_COACH_NAME)])
    grades = FieldList(FormField(GradeForm), min_entries=GRADE_ROWS, max_entries=GRADE_ROWS)
    project_ids = MultiCheckboxField(_l("Projects"), coerce=form_id, validate_choice=False)


class ConfirmForm(FlaskForm):
    """A button carrying only the CSRF token."""


class DecisionForm(FlaskForm):
    """Approve or reject the checked registrations."""

    action = SelectField(_l("Decision"),
                         choices=[C("approve", _l("Approve")), C("reject", _l("Reject"))])
    reason = TextAreaField(_l("Reason (shown to the contestant)"),
                           validators=[Optional(), Length(max=500)])


class ImportForm(FlaskForm):
    """Upload a registration sheet."""

    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(_l("Choose a file to upload."))])
    approve = BooleanField(_l("Approve on import (tickets are assigned)"))
    check_only = BooleanField(_l("Only check the file, import nothing"))


class ImportValidForm(FlaskForm):
    """Import the valid rows of the file just checked."""

    token = StringField(validators=[DataRequired(), Length(max=64)])
    approve = BooleanField(_l("Approve on import (tickets are assigned)"))


class ClaimForm(FlaskForm):
    """The one-time claim code, as printed on the ticket or handed over by the organizer."""

    code = StringField(_l("Claim code"), validators=[DataRequired(), Length(max=40)])


class RefuseForm(FlaskForm):
    """Why a pending record is not that person (optional)."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class RegistrationListForm(ListForm):
    """The organizer's registration list: the shared filters and eligibility."""

    q = StringField(_l("Name, ticket, registration or ID number"),
                    validators=[MaxChars(MAX_SEARCH)])
    eligible = SelectField(_l("Eligibility"), coerce=optional_text, choices=[
        C("", _l("All")), C("yes", _l("Eligible")), C("no", _l("Not eligible"))])
