"""Forms of the appeal pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.services.common.list_query import MAX_SEARCH
from app.web.form_fields import MaxChars
from app.web.list_forms import ListForm, optional_text


class AppealForm(FlaskForm):
    """A written appeal about one's own registration."""

    registration_id = SelectField(_l("Project"), coerce=int, validators=[DataRequired()])
    kind = RadioField(_l("Channel"), choices=[
        SelectChoice("APPEAL", _l("Score appeal (申诉), within the window after the contest")),
        SelectChoice("OBJECTION",
                     _l("Objection (异议) to the published results, during the 公示"))],
        default="APPEAL", validators=[DataRequired()])
    subject = SelectField(_l("What is it about?"), choices=[
        SelectChoice("SCORE", _l("A score")),
        SelectChoice("EQUIPMENT", _l("Equipment or materials")),
        SelectChoice("CONDUCT", _l("Conduct of the contest"))], validators=[DataRequired()])
    aspect_id = SelectField(_l("Aspect (for a score)"), coerce=lambda v: int(v) if v else None,
                            validators=[Optional()])
    text = TextAreaField(_l("What happened, and what do you ask for?"),
                         validators=[DataRequired(), Length(min=10, max=5000)])
    attachment = FileField(_l("Attachment (optional, at most 5 MB)"))


class DecisionForm(FlaskForm):
    """The arbitrator's final decision."""

    decision = RadioField(_l("Decision"), choices=[
        SelectChoice("UPHELD", _l("Upheld: re-open the scores for re-marking")),
        SelectChoice("DISMISSED", _l("Dismissed: the results stand"))], validators=[DataRequired()])
    reason = TextAreaField(_l("Written reason"), validators=[DataRequired(), Length(min=10,
                                                                                     max=5000)])


class AppealListForm(ListForm):
    """The arbitrators' and organizers' appeal list."""

    q = StringField(_l("Contestant, appeal number or ticket"), validators=[MaxChars(MAX_SEARCH)])
    status = SelectField(_l("State"), coerce=optional_text, choices=[])
