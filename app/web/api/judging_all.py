"""The judging API blueprints, listed once for app/web/api/__init__.py."""

from __future__ import annotations

from typing import Any


def judging_blueprints() -> list[Any]:
    """Return the live-judging, chief-judge and judging set-up blueprints."""
    from app.web.api.judging import blp as judging_blp
    from app.web.api.judging_chief import blp as chief_blp
    from app.web.api.judging_setup import blp as setup_blp

    return [judging_blp, chief_blp, setup_blp]
