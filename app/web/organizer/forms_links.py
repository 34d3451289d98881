"""The form answering a link request between organizers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional


class AnswerForm(FlaskForm):
    """Accept, decline (with an optional reason shown to the requester) or cancel."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
