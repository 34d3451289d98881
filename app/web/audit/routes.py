"""The audit verification page (administrators)."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from app.security import Role, roles_required
from app.services.audit_verify import verify_audit
from app.web.audit import bp

FINDING_LABELS = {
    "chain": _l("Broken link in the chain"),
    "missing_tail": _l("Missing tail (entries after an anchor were deleted)"),
    "anchor_mismatch": _l("Anchored entry changed"),
    "anchor_forged": _l("Anchor not signed with the audit key"),
    "score_mismatch": _l("Score differs from its audit entry"),
}


@bp.get("/verify")
@roles_required(Role.ADMIN)
def verify() -> str:
    """Run every audit check and show the verdict with the first finding of each kind."""
    return render_template("audit/verify.html", report=verify_audit(), labels=FINDING_LABELS)
