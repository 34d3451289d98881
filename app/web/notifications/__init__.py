"""The in-app inbox: every signed-in user's notifications, and the navbar's unread count."""

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("notifications", __name__)


@bp.app_template_global()
def unread_notifications() -> int:
    """Return the signed-in user's unread count for the navbar badge (0 when signed out)."""
    from app.services.identity.notifications import count_unread

    if not getattr(current_user, "is_authenticated", False):
        return 0
    return count_unread(current_user)


from app.web.notifications import routes  # noqa: E402, F401
