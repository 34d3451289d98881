"""Who may manage what: the organizational reach, answered by app/services/common/access.py.

Kept as a name for the many callers that ask about scope; the rules themselves live once, in
the access module.
"""

from __future__ import annotations

from app.services.common.access import (
    can_manage_competition,
    can_manage_project,
    is_admin,
    managed_competition_ids,
    organization_subtree,
)

__all__ = ["can_manage_competition", "can_manage_project", "is_admin",
           "managed_competition_ids", "organization_subtree"]
