"""The filter bar of every long list: one GET form with bounded inputs (issue #17, item 7).

A list's form subclasses `ListForm`, removes the filters it lacks (``status = None``) and adds
its own; the view fills the choices with `fill` and turns the valid input into the service's
filter with `to_filter`. An invalid value is named in the bar and left out of the filter, so a
hand-edited link narrows less instead of failing with a 500.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice as C
from wtforms.validators import NumberRange, Optional

from app.services.common.list_query import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_SEARCH,
    PER_PAGE_CHOICES,
    ListFilter,
    parse_sort,
)
from app.web.form_fields import BoundedIntegerField, MaxChars, form_id


def optional_id(text: Any) -> int | None:
    """Coerce a select's value: empty means "all", else a row id (ValueError when not one)."""
    if text is None or text == "":
        return None
    return text if isinstance(text, int) else form_id(text)


def optional_text(text: Any) -> str | None:
    """Coerce a select's value: empty means "all"."""
    return None if text is None or text == "" else str(text)


class ListForm(FlaskForm):
    """Search, status, project, organisation, sort, page size and page of one list."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField(_l("Search"), validators=[MaxChars(MAX_SEARCH)])
    status = SelectField(_l("Status"), coerce=optional_text, choices=[])
    project_id = SelectField(_l("Project"), coerce=optional_id, choices=[])
    organization_id = SelectField(_l("Employer or school"), coerce=optional_id, choices=[])
    sort = SelectField(_l("Sort by"), coerce=optional_text, choices=[])
    per_page = SelectField(_l("Per page"), coerce=int, default=DEFAULT_PER_PAGE,
                           choices=[C(n, str(n)) for n in PER_PAGE_CHOICES])
    page = BoundedIntegerField(_l("Page"), default=1,
                               validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])

    def fill(self, *, statuses: Mapping[str, str] | None = None,
             projects: Iterable[tuple[int, str]] = (),
             organizations: Iterable[tuple[int, str]] = (),
             sorts: Mapping[str, str] | None = None) -> ListForm:
        """Set the choices of the selects (labels in the user's language)."""
        every = C("", _("All"))
        if "status" in self:
            self.status.choices = [every] + [C(k, v) for k, v in (statuses or {}).items()]
        if "project_id" in self:
            self.project_id.choices = [every] + [C(i, n) for i, n in projects]
        if "organization_id" in self:
            self.organization_id.choices = [every] + [C(i, n) for i, n in organizations]
        choices = [C("", _("Default order"))]
        for key, label in (sorts or {}).items():
            choices += [C(key, _("%(key)s, ascending", key=label)),
                        C(f"-{key}", _("%(key)s, descending", key=label))]
        self.sort.choices = choices
        return self

    def valid(self, name: str, default: Any = None) -> Any:
        """Return a field's value when it passed validation, else ``default``."""
        if name not in self:
            return default
        field = self[name]
        return default if field.errors or field.data in (None, "") else field.data

    def to_filter(self, kind: type[ListFilter] = ListFilter, **extra: Any) -> Any:
        """Build the service filter from the valid fields (invalid ones are left out)."""
        sort, descending = parse_sort(self.valid("sort"))
        return kind(
            q=self.valid("q", ""), status=self.valid("status"),
            project_id=self.valid("project_id"), organization_id=self.valid("organization_id"),
            sort=sort, descending=descending, page=self.valid("page", 1),
            per_page=self.valid("per_page", DEFAULT_PER_PAGE), **extra)


def list_form(form_class: type[ListForm], formdata: Any, **choices: Any) -> ListForm:
    """Build, fill and validate a list form from the query string."""
    form = form_class(formdata=formdata)
    form.fill(**choices)
    form.validate()
    return form


def query_args(formdata: Any, *, drop: Iterable[str] = ("page",)) -> dict[str, str]:
    """Return the query string as a dict without `drop` (for pager and export links)."""
    skipped = set(drop)
    return {k: v for k, v in formdata.items() if k not in skipped and v != ""}
