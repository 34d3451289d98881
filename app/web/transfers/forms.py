"""Forms of the transfer pages (CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField


class TheoryUploadForm(FlaskForm):
    """Upload a theory score sheet."""

    file = FileField(_l("Score sheet (.xlsx or .csv)"), validators=[
        FileRequired(_l("Choose a file to upload.")),
        FileAllowed(["xlsx", "csv"], _l("Upload an .xlsx or .csv file.")),
    ])
    check_only = BooleanField(_l("Only check the file, store nothing"))
    only_valid = BooleanField(_l("Store the valid rows even if others have problems"))
