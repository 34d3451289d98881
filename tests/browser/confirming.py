"""Answer the confirmation dialog that irreversible actions open first (static/js/confirm.js)."""

from __future__ import annotations

from typing import Any


def accept_confirm(page: Any) -> None:
    """Press the dialog's confirming button and wait until the dialog has closed."""
    page.locator("#jx-confirm[open]").wait_for()
    page.locator("#jx-confirm-ok").click()
    page.locator("#jx-confirm[open]").wait_for(state="detached")
