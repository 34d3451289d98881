"""/api/v1: token-authenticated JSON endpoints documented by OpenAPI."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.web.api.base import BEARER_SCHEME, authenticate_api_request


def api_blueprints() -> list[Any]:
    """Return every API blueprint; add yours here."""
    from app.web.api import my_results  # noqa: F401  (adds /people/me/results to people_blp)
    from app.web.api.account import me_blp, tokens_blp
    from app.web.api.appeals import blp as appeals_blp
    from app.web.api.boards import blp as boards_blp
    from app.web.api.checkin import checkin_blp, tickets_blp
    from app.web.api.checklist import blp as checklist_blp
    from app.web.api.claims import claim_blp, claim_codes_blp, duplicates_blp
    from app.web.api.competitions import competitions_blp, presets_blp, projects_blp
    from app.web.api.finalisation import finalisation_blp, qualifications_blp
    from app.web.api.honours import blp as honours_blp
    from app.web.api.judging_all import judging_blueprints
    from app.web.api.links import conflicts_blp, links_blp
    from app.web.api.lists import blp as lists_blp
    from app.web.api.lotdraw import blp as lotdraw_blp
    from app.web.api.marking_sheets import marking_sheets_blp
    from app.web.api.notifications import notifications_blp
    from app.web.api.occupations import blp as occupations_blp
    from app.web.api.organizations import blp as organizations_blp
    from app.web.api.outcomes import certificates_blp, people_blp, promotions_blp
    from app.web.api.registrations import blp as registrations_blp
    from app.web.api.scheme_transfer import blp as scheme_transfer_blp
    from app.web.api.seals import seals_blp
    from app.web.api.staff import blp as staff_blp
    from app.web.api.system import blp as system_blp
    from app.web.api.tie_orders import blp as tie_orders_blp
    from app.web.api.token_login import blp as token_login_blp
    from app.web.api.unit_awards import blp as unit_awards_blp
    from app.web.api.users import reset_blp, users_blp

    return [system_blp, me_blp, tokens_blp, token_login_blp, users_blp, reset_blp, tickets_blp,
            checkin_blp, lotdraw_blp, organizations_blp, staff_blp, checklist_blp,
            competitions_blp, projects_blp, presets_blp, occupations_blp, registrations_blp,
            *judging_blueprints(), tie_orders_blp, promotions_blp, certificates_blp, people_blp,
            honours_blp, boards_blp, appeals_blp, scheme_transfer_blp, finalisation_blp,
            qualifications_blp, unit_awards_blp, links_blp, conflicts_blp, claim_blp,
            claim_codes_blp, duplicates_blp, seals_blp, notifications_blp, marking_sheets_blp,
            lists_blp]


def register_api(app: Flask) -> None:
    """Register the API blueprints, their authentication and their documentation."""
    from app.extensions import api, csrf
    from app.security import public
    from app.web.api.error_schemas import ApiErrorSchema

    _document_errors_and_security(api, ApiErrorSchema)
    for blueprint in api_blueprints():
        # Session callers are CSRF-checked in authenticate_api_request; token callers need not.
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    app.before_request(authenticate_api_request)
    # flask-smorest's own spec and docs views carry no access declaration: they are public.
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith(f"{api._make_doc_blueprint_name()}."):
            app.view_functions[endpoint] = public(_wrap(view))


def _wrap(view: Any) -> Any:
    def doc_view(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    doc_view.__name__ = getattr(view, "__name__", "doc_view")
    doc_view.__doc__ = "Serve the OpenAPI document or its interactive page."
    return doc_view


def _document_errors_and_security(api: Any, error_schema: type) -> None:
    """Make the spec show our error format and the bearer-token scheme."""
    api.ERROR_SCHEMA = error_schema
    # flask-smorest registered its default error responses with its own schema at
    # init_app; register them again (lazily, so this overwrites) with ours.
    api._register_responses()
    api.spec.components.schemas.pop("Error", None)
    api.spec.components.security_scheme(
        BEARER_SCHEME,
        {"type": "http", "scheme": "bearer",
         "description": "An API token from /auth/tokens or POST /api/v1/tokens."},
    )
    # Every operation needs a token unless it says otherwise (public ones set security: []).
    api.spec.options["security"] = [{BEARER_SCHEME: []}]
