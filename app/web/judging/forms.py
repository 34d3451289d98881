"""WTForms of the judging pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.web.form_fields import MaxChars


class AnnouncementForm(FlaskForm):
    """The chief judge's announcement to every tablet of the project."""

    text = TextAreaField(_l("Announcement to all judges"), validators=[MaxChars(500)])


class TieOrderForm(FlaskForm):
    """One tie's order as anonymous codes, best first, and the written reason."""

    tie = HiddenField()
    order = StringField(_l("Order (codes, best first, separated by commas)"),
                        validators=[DataRequired(), Length(max=2000)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
