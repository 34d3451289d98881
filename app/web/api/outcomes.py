"""/api/v1 outcomes: promotions (list, approve, reject, certify), certificates, person records."""

from __future__ import annotations

from typing import Any

from flask import Response

from app.models._types import utcnow
from app.security import Role, login_required, public, roles_required
from app.services.certification import certificates as certs
from app.services.identity.person_records import get_person_record
from app.services.results import promotions as promos
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.outcome_schemas import (
    CertificateSchema,
    IdsSchema,
    IssueReportSchema,
    IssueSchema,
    PersonRecordSchema,
    PromotionQuerySchema,
    PromotionSchema,
    RejectSchema,
    RevokeSchema,
    VerificationSchema,
    VerifyNumberSchema,
)
from app.web.public_url import public_base_url

promotions_blp = ApiBlueprint(
    "promotions", __name__, url_prefix="/api/v1/promotions",
    description="Grade promotions: PROPOSED → APPROVED (by an approver) → CERTIFIED.")
certificates_blp = ApiBlueprint(
    "certificate_api", __name__, url_prefix="/api/v1/certificates",
    description="Issued certificates: download, verify a QR token, revoke.")
people_blp = ApiBlueprint(
    "person_records", __name__, url_prefix="/api/v1/people",
    description="A person's lifetime record across tiers.")


# ---------------------------------------------------------------- schemas


# ---------------------------------------------------------------- promotions


@promotions_blp.route("", methods=["GET"])
@roles_required(Role.APPROVER, Role.ORGANIZER)
@promotions_blp.arguments(PromotionQuerySchema, location="query")
@promotions_blp.response(200, PromotionSchema(many=True))
def list_promotions(query: dict[str, Any]) -> Any:
    """List a project's or a competition's promotions with their explanations."""
    return promos.list_promotions(
        api_user(), project_id=query["project_id"], competition_id=query["competition_id"],
        states=[query["state"]] if query["state"] else None)


@promotions_blp.route("/approve", methods=["POST"])
@roles_required(Role.APPROVER)
@promotions_blp.arguments(IdsSchema)
@promotions_blp.response(200, PromotionSchema(many=True))
def approve(data: dict[str, Any]) -> Any:
    """Approve PROPOSED promotions (all or none); the once-a-year rule may supersede some."""
    return promos.approve_promotions(api_user(), data["ids"], now=utcnow(),
                                     reason=data["reason"])


@promotions_blp.route("/reject", methods=["POST"])
@roles_required(Role.APPROVER)
@promotions_blp.arguments(RejectSchema)
@promotions_blp.response(200, PromotionSchema(many=True))
def reject(data: dict[str, Any]) -> Any:
    """Reject PROPOSED or APPROVED promotions with a reason."""
    return promos.reject_promotions(api_user(), data["ids"],
                                    reason=data["reason"], now=utcnow())


@promotions_blp.route("/certify", methods=["POST"])
@roles_required(Role.APPROVER)
@promotions_blp.arguments(IdsSchema)
@promotions_blp.response(200, PromotionSchema(many=True))
def certify(data: dict[str, Any]) -> Any:
    """Issue grade-certificate numbers to APPROVED promotions and raise the grades."""
    return promos.certify_promotions(api_user(), data["ids"], now=utcnow())


# ---------------------------------------------------------------- certificates


@certificates_blp.route("/verify/<token>", methods=["GET"])
@public
@certificates_blp.response(200, VerificationSchema)
def verify(token: str) -> dict[str, Any]:
    """Verify a QR token: the certificate's status and masked data, or 404 when not genuine."""
    return certs.verification_answer(certs.verify_token(token))


@certificates_blp.route("/verify", methods=["GET"])
@public
@certificates_blp.arguments(VerifyNumberSchema, location="query")
@certificates_blp.response(200, VerificationSchema)
def verify_by_number(query: dict[str, Any]) -> dict[str, Any]:
    """Verify by the printed number plus the holder's surname: the same answer as the QR.

    A wrong surname answers 404 exactly like an unknown number, so serials cannot be walked.
    """
    return certs.verification_answer(certs.verify_number(query["number"], query["surname"]))


@certificates_blp.route("/mine", methods=["GET"])
@login_required
@certificates_blp.response(200, CertificateSchema(many=True))
def mine() -> Any:
    """List the caller's own certificates."""
    return certs.list_my_certificates(api_user())


@certificates_blp.route("/<int:certificate_id>", methods=["GET"])
@login_required
@certificates_blp.response(200, CertificateSchema)
def get_certificate(certificate_id: int) -> Any:
    """Return one certificate: the caller's own, or one of a project they organize."""
    return certs.get_certificate(api_user(), certificate_id)


@certificates_blp.route("/<int:certificate_id>/pdf", methods=["GET"])
@login_required
@certificates_blp.response(200, description="The certificate as a PDF.",
                           content_type="application/pdf")
def download(certificate_id: int) -> Response:
    """Download one certificate as a PDF."""
    cert = certs.get_certificate(api_user(), certificate_id)
    pdf = certs.render_certificate_pdf(cert, base_url=public_base_url())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{certs.download_name(cert)}"')
    return response


@certificates_blp.route("/<int:certificate_id>/revoke", methods=["POST"])
@roles_required(Role.ORGANIZER)
@certificates_blp.arguments(RevokeSchema)
@certificates_blp.response(200, CertificateSchema)
def revoke(data: dict[str, Any], certificate_id: int) -> Any:
    """Revoke a certificate of a project the caller organizes, with the reason."""
    return certs.revoke_certificate(api_user(), certificate_id,
                                    reason=data["reason"], now=utcnow())


@certificates_blp.route("/projects/<int:project_id>/issue", methods=["POST"])
@roles_required(Role.ORGANIZER)
@certificates_blp.arguments(IssueSchema)
@certificates_blp.response(200, IssueReportSchema)
def issue(data: dict[str, Any], project_id: int) -> Any:
    """Issue a FINAL project's certificates; unchanged ones are not issued again."""
    return certs.issue_certificates(api_user(), project_id, data["kinds"],
                                    now=utcnow())


# ---------------------------------------------------------------- people


@people_blp.route("/<int:person_id>/record", methods=["GET"])
@login_required
@people_blp.response(200, PersonRecordSchema)
def person_record(person_id: int) -> Any:
    """Return a person's lifetime record: one's own, or in an organizer's scope."""
    return get_person_record(api_user(), person_id)
