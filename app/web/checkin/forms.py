"""Forms of the check-in pages: buttons that POST carry only a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A bare POST button (re-issue, commit, draw): the CSRF token is the whole form."""
