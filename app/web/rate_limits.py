"""HTTP rate limits per client address (Flask-Limiter), on the endpoints strangers can hammer.

Limits come from the config at request time (RATELIMIT_* below), so tests and deployments
change them without code. Storage is in memory embedded, or Redis when RATELIMIT_STORAGE_URI
or a redis:// SOCKETIO_MESSAGE_QUEUE is set (then every instance shares one count). Staff
(any role beyond contestant) are exempt from the public limits, so a judge or chief judge
is never slowed by a crowd on the venue's shared address. A refusal is a 429 in the
surface's own error format, with Retry-After.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g
from flask_limiter import Limiter
from flask_login import current_user

from app.realtime.connections import is_staff
from app.security import client_address
from app.web.errors import OWN_RETRY_AFTER

# Endpoint → (config key of its limit, methods limited, exempt staff?).
LIMITED_ENDPOINTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    # Only refused attempts count (FAILURES_ONLY): thirty judges logging in from the venue's
    # one address at 8 o'clock must all get in; a guesser from it is still stopped.
    "auth.login": ("RATELIMIT_LOGIN", ("POST",), True),
    "auth.reset_password": ("RATELIMIT_LOGIN", ("POST",), True),
    "password_reset.reset_password": ("RATELIMIT_LOGIN", ("POST",), True),
    "token_login.issue_token": ("RATELIMIT_LOGIN", ("POST",), True),
    "registration.signup": ("RATELIMIT_SIGNUP", ("POST",), True),
    "registration.check_id": ("RATELIMIT_PUBLIC", ("GET",), True),  # called while typing
    "registrations.register": ("RATELIMIT_SIGNUP", ("POST",), True),
    "check-in.check_in": ("RATELIMIT_CHECKIN", ("POST",), False),
    "registration.import_sheet": ("RATELIMIT_UPLOAD", ("POST",), False),
    "registrations.import_sheet": ("RATELIMIT_UPLOAD", ("POST",), False),
    "schemes.import_xlsx": ("RATELIMIT_UPLOAD", ("POST",), False),
    "scheme_transfer.import_scheme": ("RATELIMIT_UPLOAD", ("POST",), False),
    "scheme_transfer.import_theory": ("RATELIMIT_UPLOAD", ("POST",), False),
    "judging_api.get_standings": ("RATELIMIT_PUBLIC", ("GET",), True),
    "leaderboard.project": ("RATELIMIT_PUBLIC", ("GET",), True),
    "leaderboard.screen": ("RATELIMIT_PUBLIC", ("GET",), True),
    "leaderboard.competition": ("RATELIMIT_PUBLIC", ("GET",), True),
    "certificates.verify": ("RATELIMIT_PUBLIC", ("GET",), True),
    "certificate_api.verify": ("RATELIMIT_PUBLIC", ("GET",), True),
    "certificates.verify_form": ("RATELIMIT_PUBLIC", ("GET",), True),
    "certificate_api.verify_by_number": ("RATELIMIT_PUBLIC", ("GET",), True),
}


FAILURES_ONLY = frozenset({"RATELIMIT_LOGIN"})


def _refused(response: Response) -> bool:
    # A 503 from the hashing lane (app/services/identity/hash_gate.py) checked nothing: not counted,
    # so a judge turned away during a flood keeps their attempts.
    return response.status_code >= 400 and response.status_code != 503


def rate_limit_key() -> str:
    """Count a logged-in user's own requests, anyone else's per client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{client_address()}"


def _exempt_staff() -> bool:
    return is_staff(current_user)


def _limit_of(key: str) -> Callable[[], str]:
    return lambda: current_app.config[key]


def storage_uri(config: dict) -> str:
    """Return where counts live: the configured URI, the Redis message queue, or memory."""
    explicit = config.get("RATELIMIT_STORAGE_URI")
    if explicit:
        return explicit
    queue = config.get("SOCKETIO_MESSAGE_QUEUE") or ""
    return queue if queue.startswith(("redis://", "rediss://")) else "memory://"


def _keep_own_retry_after(response: Response) -> Response:
    """Restore the Retry-After a refusal set itself, which the limiter's headers overwrite."""
    # The limiter writes max(our wait, its window's reset) on every limited response: a 2 s
    # account wait would read 60 s while the caller's address still has attempts left.
    own = g.pop(OWN_RETRY_AFTER, None)
    if own is not None:
        response.headers["Retry-After"] = own
    return response


def init_rate_limits(app: Flask) -> Limiter:
    """Give this app its own limiter and put the limits on the listed endpoints."""
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # Registered before the limiter's own hook, so it runs after it (Flask runs them reversed).
    app.after_request(_keep_own_retry_after)
    limiter = Limiter(key_func=rate_limit_key, app=app, default_limits=[])
    # The limit wrappers hold the limiter weakly: the app keeps it alive.
    app.extensions["jx_limiter"] = limiter
    for endpoint, (key, methods, exempt) in LIMITED_ENDPOINTS.items():
        view = app.view_functions.get(endpoint)
        if view is None:  # an area not built in this app
            continue
        # The decorated limits are checked by the wrapper (functools.wraps keeps the access
        # declaration that tests/web/test_access.py reads).
        app.view_functions[endpoint] = limiter.limit(
            _limit_of(key), methods=list(methods),
            exempt_when=_exempt_staff if exempt else None,
            deduct_when=_refused if key in FAILURES_ONLY else None)(view)
    return limiter
