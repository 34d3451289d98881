"""Display names of outcome codes (app.services.common.labels) as a template filter."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.services.common.labels import LABELS as _LABELS
from app.services.common.labels import label

#: Kept under its old name for callers; the same dict as app.services.common.labels.LABELS.
LABELS: dict[str, Any] = _LABELS


def outcome_label(code: str | None) -> str:
    """Return the display name of an outcome code."""
    return label(code)


def register_filters(bp: Blueprint) -> None:
    """Make `outcome_label` available to every template once `bp` is registered."""
    bp.add_app_template_filter(outcome_label, "outcome_label")
