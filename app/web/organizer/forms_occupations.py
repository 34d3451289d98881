"""Forms of the occupations catalogue page: edit one occupation, import a sheet."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField


class OccupationImportForm(FlaskForm):
    """Upload a sheet of occupations (职业编码, 职业名称, 英文名称, 最高等级)."""

    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(_l("Choose a file to upload."))])
    valid_only = BooleanField(_l("Import the valid rows and skip the others"))
    submit = SubmitField(_l("Import occupations"))
