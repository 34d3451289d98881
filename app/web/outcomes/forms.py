"""Forms of the outcome pages (the what-if reuses the rules page's row forms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class FinaliseForm(FlaskForm):
    """Finalise the project's results; an administrator may give a reason to end the 公示 early."""

    override_reason = TextAreaField(_l("Reason to finalise before the objection period ends "
                                       "(administrators only)"),
                                    validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Finalise results"))


class ConfirmForm(FlaskForm):
    """Confirm one's place in the fed project."""

    submit = SubmitField(_l("Confirm my place"))


class WithdrawForm(FlaskForm):
    """Give up one's place, optionally saying why."""

    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Withdraw"))


class WithdrawForContestantForm(FlaskForm):
    """Record a contestant's withdrawal from a won place, saying why (their written word)."""

    reason = StringField(_l("Reason (required)"), validators=[DataRequired(), Length(max=500)])
    submit = SubmitField(_l("Record the withdrawal"))
