"""Forms of the approval pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.web.form_fields import form_id

ACTIONS = [SelectChoice("approve", _l("Approve")), SelectChoice("reject", _l("Reject")),
           SelectChoice("certify", _l("Certify"))]


class DecisionForm(FlaskForm):
    """Approve, reject or certify the chosen promotions (the view sets the id choices)."""

    ids = SelectMultipleField(_l("Promotions"), coerce=form_id, validators=[DataRequired()])
    action = SelectField(_l("Action"), choices=ACTIONS, validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=500)])
