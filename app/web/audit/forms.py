"""The audit log's filter bar."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from app.services.common.list_query import MAX_SEARCH
from app.web.form_fields import MaxChars
from app.web.list_forms import ListForm


class AuditListForm(ListForm):
    """Search and project of the audit log (it has no status or organisation)."""

    q = StringField(_l("Action, object, actor, reason or number"),
                    validators=[MaxChars(MAX_SEARCH)])
    status = None
    organization_id = None
