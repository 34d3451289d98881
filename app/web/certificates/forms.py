"""Forms of the certificate pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.services.common.list_query import MAX_SEARCH
from app.web.form_fields import MaxChars
from app.web.list_forms import ListForm

KIND_CHOICES = [SelectChoice("AWARD", _l("Award certificates")),
                SelectChoice("PROMOTION", _l("Promotion notices")),
                SelectChoice("PARTICIPATION", _l("Participation certificates"))]


class IssueForm(FlaskForm):
    """Which kinds of certificate to issue."""

    kinds = SelectMultipleField(_l("Kinds"), choices=KIND_CHOICES,
                                default=[choice.value for choice in KIND_CHOICES],
                                validators=[DataRequired()],
                                widget=widgets.ListWidget(prefix_label=False),
                                option_widget=widgets.CheckboxInput())


class RevokeForm(FlaskForm):
    """Why a certificate is revoked."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class VerifyForm(FlaskForm):
    """A token or whole verification URL, or the printed number plus the holder's surname."""

    class Meta:
        csrf = False  # a read-only public lookup (GET)

    token = StringField(_l("Verification code or link"),
                        validators=[Optional(), Length(max=2000)])
    number = StringField(_l("Certificate number (as printed)"),
                         validators=[Optional(), Length(max=40)])
    surname = StringField(_l("Holder's surname (姓)"), validators=[Optional(), Length(max=20)])

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        """Accept a token, or a number with a surname."""
        if not super().validate(extra_validators):
            return False
        if (self.token.data or "").strip():
            return True
        if (self.number.data or "").strip() and (self.surname.data or "").strip():
            return True
        self.surname.errors = [*self.surname.errors, _l(
            "Give the verification code, or the certificate number and the holder's surname.")]
        return False


class ButtonForm(FlaskForm):
    """A button that only carries the CSRF token."""


class SealForm(FlaskForm):
    """An issuing body's seal image: PNG with a transparent background."""

    image = FileField(_l("Seal image (PNG, transparent background)"),
                      validators=[FileRequired(_l("Choose a file to upload."))])


class CertificateListForm(ListForm):
    """The organizer's list of certificates across projects."""

    q = StringField(_l("Name, serial, ticket or registration number"),
                    validators=[MaxChars(MAX_SEARCH)])
