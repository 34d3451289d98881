"""Forms of the certificate pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

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
    """A token, or a whole verification URL, typed or pasted."""

    class Meta:
        csrf = False  # a read-only public lookup (GET)

    token = StringField(_l("Verification code or link"),
                        validators=[DataRequired(), Length(max=2000)])


class ButtonForm(FlaskForm):
    """A button that only carries the CSRF token."""


class SealForm(FlaskForm):
    """An issuing body's seal image: PNG with a transparent background."""

    image = FileField(_l("Seal image (PNG, transparent background)"),
                      validators=[FileRequired(_l("Choose a file to upload."))])
