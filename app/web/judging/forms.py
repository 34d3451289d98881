"""WTForms of the judging pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from app.web.form_fields import MaxChars


class AnnouncementForm(FlaskForm):
    """The chief judge's announcement to every tablet of the project."""

    text = TextAreaField(_l("Announcement to all judges"), validators=[MaxChars(500)])
