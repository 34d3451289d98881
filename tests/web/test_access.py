"""Every route declares who may use it, and refuses everyone else.

Generic on purpose: it walks app.url_map, so routes added later are covered too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.routing import AnyConverter, FloatConverter, IntegerConverter, UUIDConverter

from app.security import AUTHENTICATED, PUBLIC, Role, access_of

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def _routes(app: Any) -> Iterator[tuple[Any, str, Any]]:
    """Yield (rule, method, view) for every non-static route and method."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
            yield rule, method, view


def _dummy(converter: Any) -> Any:
    if isinstance(converter, IntegerConverter):
        return 999999
    if isinstance(converter, FloatConverter):
        return 999999.5
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=0)
    if isinstance(converter, AnyConverter):
        return next(iter(converter.items))
    return "x"


def _url(rule: Any) -> str:
    values = {name: _dummy(conv) for name, conv in rule._converters.items()}
    values.update(rule.defaults or {})
    return rule.build(values, append_unknown=False)[1]


def _request(app: Any, client: Any, method: str, url: str) -> Any:
    # A fresh app context per request: Flask-Login and Flask-Babel cache on `g`, which
    # would otherwise be shared with the test's context and every earlier request.
    from app.extensions import db

    # End the test's own read transaction (a lazy load after make_user's commit): on the
    # shared in-memory SQLite connection the request could not begin its own.
    db.session.rollback()
    with app.app_context():
        return client.open(url, method=method)


def test_every_route_declares_its_access(app):
    undeclared = sorted(
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule, method, view in _routes(app)
        if access_of(view, method) is None
    )
    assert not undeclared, "Routes without @public, @login_required or @roles_required:\n" + (
        "\n".join(undeclared)
    )


def test_protected_routes_refuse_anonymous_users(app, client):
    wrong = []
    checked = 0
    for rule, method, view in _routes(app):
        if access_of(view, method) in (PUBLIC, None):
            continue
        url = _url(rule)
        response = _request(app, client, method, url)
        checked += 1
        if url.startswith("/api/"):
            ok = response.status_code == 401 and response.is_json
        else:
            ok = response.status_code == 302 and "/auth/login" in response.headers["Location"]
        if not ok:
            wrong.append(f"{method} {url} -> {response.status_code}")
    assert checked, "expected at least one protected route"
    assert not wrong, "Protected routes that let an anonymous user through:\n" + "\n".join(wrong)


def test_role_restricted_routes_refuse_users_without_the_role(app, client, make_user, login):
    wrong = []
    outsiders: dict[tuple[str, ...], Any] = {}
    for rule, method, view in _routes(app):
        access = access_of(view, method)
        if access in (PUBLIC, AUTHENTICATED, None):
            continue
        if access not in outsiders:
            # Holds every role but the wanted ones (and ADMIN, which holds them all).
            others = [r for r in Role if r is not Role.ADMIN and r not in access]
            outsiders[access] = make_user(*others)
        login(outsiders[access])
        url = _url(rule)
        response = _request(app, client, method, url)
        if response.status_code != 403:
            wrong.append(f"{method} {url} {access} -> {response.status_code}")
    if not outsiders:
        pytest.skip("no role-restricted route is registered yet")
    assert not wrong, "Role-restricted routes open to users without the role:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize("path", ["/auth/tokens", "/api/v1/me", "/api/v1/tokens"])
def test_known_protected_routes_are_in_the_walk(app, path):
    """Guard the walk itself: these routes exist and are declared as needing a log-in."""
    adapter = app.url_map.bind("localhost")
    endpoint, _values = adapter.match(path, method="GET")
    assert access_of(app.view_functions[endpoint], "GET") == AUTHENTICATED
