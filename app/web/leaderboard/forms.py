"""Forms of the board pages: the organizer's buttons carry only a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A bare POST button (publish, finalize): the CSRF token is the whole form."""
