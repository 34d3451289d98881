"""Certificates: issue from the outcome rows, sign, verify, revoke, render (DOMAIN.md §9).

A certificate's QR carries sign("certificate", {"s": serial, "h": content_hash}) — HMAC-SHA256
with the app's secret. Verification checks the signature, finds the serial, and recomputes the
hash of the stored content: an altered token, an invented serial or edited stored content all
fail. Issuing is idempotent: unchanged content issues nothing; changed content revokes the old
certificate (with the reason) and issues a new one that names it in `replaces_id`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.documents.certificates import render_certificate
from app.extensions import begin_write, db
from app.models import (
    Award,
    Certificate,
    EntryResult,
    Project,
    Promotion,
    Registration,
    TitleAward,
)
from app.services.certification.certificate_content import (
    award_content,
    canonical_hash,
    certificate_data,
    participation_content,
    promotion_content,
)
from app.services.common.access import Need, get_project, holds
from app.services.common.offload import offload
from app.services.common.scope import can_manage_project
from app.services.common.signing import BadToken, sign, unsign
from app.services.identity import notifications
from app.services.results.outcome_errors import NotFound, OutcomeError, checked_reason
from app.services.scoring import audit

KINDS = ("AWARD", "PROMOTION", "PARTICIPATION")
_KIND_LETTER = {"AWARD": "A", "PROMOTION": "P", "PARTICIPATION": "C"}
_NOT_COMPETED = ("WITHDRAWN", "DISQUALIFIED", "REJECTED", "SUBMITTED")
PURPOSE = "certificate"

__all__ = ["BadToken", "NotGenuine", "KINDS", "IssueReport", "Verification"]


@dataclass
class IssueReport:
    """What one issuing run did."""

    issued: list[Certificate] = field(default_factory=list)
    unchanged: int = 0
    revoked: list[Certificate] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    """A verified certificate: the row and whether it is still valid."""

    certificate: Certificate

    @property
    def valid(self) -> bool:
        return self.certificate.status == "VALID"


# ---------------------------------------------------------------- tokens


def certificate_token(certificate: Certificate) -> str:
    """Return the signed token printed in the certificate's QR code."""
    return sign(PURPOSE, {"s": certificate.serial, "h": certificate.content_hash})


def verify_url(certificate: Certificate, *, base_url: str | None = None) -> str:
    """Return the public verification URL of a certificate under ``base_url``.

    The view passes the base (app.web.public_url: PUBLIC_BASE_URL, else the request's root);
    services build no URLs from routes and read no request.
    """
    token = certificate_token(certificate)
    return f"{(base_url or 'http://localhost:5000').rstrip('/')}/verify/{token}"


class NotGenuine(BadToken):
    """A certificate token or number + surname that names no genuine certificate (404)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, code="certificate.invalid_token", message=_l(
            "This verification code is not genuine: it was altered, or no such certificate "
            "was issued."))


def verify_token(token: str) -> Verification:
    """Return the certificate a token names, or raise NotGenuine (forged, altered, unknown)."""
    try:
        payload = unsign(PURPOSE, (token or "").strip())
    except BadToken as error:
        raise NotGenuine(error.reason) from None
    serial, digest = payload.get("s"), payload.get("h")
    if not isinstance(serial, str) or not isinstance(digest, str):
        raise NotGenuine("payload")
    return _genuine(serial, digest)


def _genuine(serial: str, digest: str | None) -> Verification:
    """Return the certificate with this serial if its stored content is unaltered."""
    certificate = db.session.scalars(
        select(Certificate).where(Certificate.serial == serial)).first()
    if certificate is None:
        raise NotGenuine("serial")
    expected = certificate.content_hash if digest is None else digest
    # The stored content must still hash to what was signed: edited rows do not verify.
    if certificate.content_hash != expected or canonical_hash(certificate.content) != expected:
        raise NotGenuine("content")
    return Verification(certificate)


MAX_NUMBER, MAX_SURNAME = 40, 20


def verify_number(number: str, surname: str) -> Verification:
    """Return the certificate with this printed number whose holder has this surname.

    The surname stops anyone walking the serials to harvest holders; a wrong pair answers
    exactly as an unknown number does (NotGenuine), and the right pair answers exactly as the QR
    token of the same certificate does.
    """
    serial = (number or "").strip().upper()
    family = "".join((surname or "").split()).casefold()
    if not serial or not family or len(serial) > MAX_NUMBER or len(family) > MAX_SURNAME:
        raise NotGenuine("input")
    verification = _genuine(serial, None)
    name = str(verification.certificate.content.get("name", ""))
    if not _has_surname(name, family):
        raise NotGenuine("surname")
    return verification


def _has_surname(name: str, family: str) -> bool:
    """Tell whether a holder's name starts (Chinese order) or ends (Latin order) with it."""
    words = name.split()
    joined = "".join(words).casefold()
    return joined.startswith(family) or (len(words) > 1 and words[-1].casefold() == family)


def verification_answer(result: Verification) -> dict[str, Any]:
    """Return the one public answer for a verified certificate (QR or number: the same)."""
    cert = result.certificate
    name = mask_name(cert.content.get("name", ""))
    return {"valid": result.valid, "status": cert.status, "serial": cert.serial,
            "kind": cert.kind, "name": name, "revoked_reason": cert.revoked_reason,
            "content": {**cert.content, "name": name}}


# ---------------------------------------------------------------- reads


def _load(certificate_id: int) -> Certificate | None:
    return db.session.get(Certificate, certificate_id)


def can_download(user: Any, certificate: Certificate) -> bool:
    """Tell whether the user may download: their own, or an organizer's project in scope."""
    registration = db.session.get(Registration, certificate.registration_id)
    return registration is not None and (holds(user, registration)
                                         or can_manage_project(user, registration.project))


def get_certificate(user: Any, certificate_id: int) -> Certificate:
    """Return a certificate the user may download, else raise NotFound (never say whose)."""
    certificate = _load(certificate_id)
    if certificate is None or not can_download(user, certificate):
        raise NotFound("certificate.not_found", _("No such certificate."))
    return certificate


def list_my_certificates(user: Any) -> list[Certificate]:
    """Return the user's own certificates, newest first."""
    if user.person_id is None:
        return []
    query = (select(Certificate).join(Registration,
                                      Certificate.registration_id == Registration.id)
             .where(Registration.person_id == user.person_id)
             .order_by(Certificate.issued_at.desc(), Certificate.id.desc()))
    return list(db.session.scalars(query))


def list_project_certificates(user: Any, project_id: int) -> list[Certificate]:
    """Return every certificate of a project the user organizes."""
    get_project(user, project_id, Need.MANAGE)
    query = (select(Certificate).join(Registration,
                                      Certificate.registration_id == Registration.id)
             .where(Registration.project_id == project_id)
             .order_by(Certificate.serial))
    return list(db.session.scalars(query))


# ---------------------------------------------------------------- revocation


def revoke_rows(certificates: Iterable[Certificate], reason: str, *, now: datetime,
                actor_id: int | None) -> list[Certificate]:
    """Revoke VALID certificates in the caller's transaction, each audit-logged."""
    done = []
    for certificate in certificates:
        if certificate.status != "VALID":
            continue
        certificate.status = "REVOKED"
        certificate.revoked_reason = reason[:500]
        certificate.revoked_at = now
        registration = (db.session.get(Registration, certificate.registration_id)
                        if certificate.registration_id is not None else None)
        audit.record("certificate.revoke", entity="certificate", entity_id=certificate.id,
                     actor_id=actor_id,
                     project_id=registration.project_id if registration else None,
                     old={"status": "VALID"}, new={"status": "REVOKED"},
                     reason=reason, now=now)
        done.append(certificate)
    return done


def revoke_certificate(user: Any, certificate_id: int, *, reason: str,
                       now: datetime) -> Certificate:
    """Revoke one certificate of a project the user organizes, with the reason."""
    text = checked_reason(reason, code="certificate",
                          missing=_("Give a reason for the revocation."))
    begin_write()
    certificate = _load(certificate_id)
    registration = (db.session.get(Registration, certificate.registration_id)
                    if certificate else None)
    if certificate is None or registration is None or not can_manage_project(
            user, registration.project):
        raise NotFound("certificate.not_found", _("No such certificate."))
    if certificate.status != "VALID":
        raise OutcomeError("certificate.already_revoked",
                           _("This certificate is already revoked."), status=409)
    revoke_rows([certificate], text, now=now, actor_id=user.id)
    db.session.commit()
    return certificate


# ---------------------------------------------------------------- issuing


def _wanted(project: Project, kinds: Sequence[str]) -> dict[tuple[str, int, int | None],
                                                          dict[str, Any]]:
    """Return the content every certificate of the project should have, by its key."""
    registrations = list(db.session.scalars(
        select(Registration).where(Registration.project_id == project.id)
        .options(selectinload(Registration.person))))
    by_id = {r.id: r for r in registrations}
    wanted: dict[tuple[str, int, int | None], dict[str, Any]] = {}
    if "AWARD" in kinds:
        titles: dict[int, list[TitleAward]] = {}
        for title in db.session.scalars(select(TitleAward).where(
                TitleAward.registration_id.in_(by_id), TitleAward.replaced_at.is_(None))):
            titles.setdefault(title.registration_id, []).append(title)
        for award in db.session.scalars(select(Award).where(
                Award.registration_id.in_(by_id), Award.replaced_at.is_(None))
                .order_by(Award.id)):
            reg = by_id[award.registration_id]
            wanted[("AWARD", reg.id, None)] = award_content(reg, award, titles.get(reg.id, []))
    if "PROMOTION" in kinds:
        for promotion in db.session.scalars(select(Promotion).where(
                Promotion.registration_id.in_(by_id), Promotion.state == "CERTIFIED")):
            wanted[("PROMOTION", promotion.registration_id, promotion.id)] = promotion_content(
                promotion)
    if "PARTICIPATION" in kinds:
        finished = set(db.session.scalars(select(EntryResult.registration_id).where(
            EntryResult.project_id == project.id, EntryResult.finish_status == "FINISHED")))
        for reg in registrations:
            if reg.status not in _NOT_COMPETED and (reg.status == "COMPETED" or reg.id in finished):
                wanted[("PARTICIPATION", reg.id, None)] = participation_content(reg)
    return wanted


def _serial_counter(project: Project) -> Any:
    """Return a function giving the next serial, JX<year>-<project>-<kind letter><n>."""
    prefix = f"JX{project.competition.year}-{project.id:04d}-"
    existing = db.session.scalars(select(Certificate.serial).where(
        Certificate.serial.like(f"{prefix}%")))
    last = max((int(s[len(prefix) + 1:]) for s in existing if s[len(prefix) + 1:].isdigit()),
               default=0)
    counter = {"n": last}

    def next_serial(kind: str) -> str:
        counter["n"] += 1
        return f"{prefix}{_KIND_LETTER[kind]}{counter['n']:05d}"

    return next_serial


def issue_certificates(user: Any, project_id: int, kinds: Sequence[str] = KINDS, *,
                       now: datetime) -> IssueReport:
    """Issue (or re-issue) a FINAL project's certificates of the given kinds; idempotent."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise OutcomeError("certificate.kind", _("Unknown certificate kind: %(kind)s.",
                                                 kind=(unknown or ["—"])[0]), field="kinds")
    begin_write()
    project = get_project(user, project_id, Need.MANAGE)
    # The results state machine: FINAL → CERTIFIED (imported here: boards import this module).
    from app.errors import ServiceError
    from app.services.results.result_flow import ResultAction, check

    if isinstance(check(project, ResultAction.CERTIFY, now), ServiceError):
        raise OutcomeError("certificate.not_final",
                           _("Certificates are issued once the project's results are final."),
                           status=409)
    wanted = _wanted(project, kinds)
    current = {(c.kind, c.registration_id, c.promotion_id): c for c in db.session.scalars(
        select(Certificate).join(Registration, Certificate.registration_id == Registration.id)
        .where(Registration.project_id == project.id, Certificate.kind.in_(list(kinds)),
               Certificate.status == "VALID"))}
    revoked_before = {(c.kind, c.registration_id, c.promotion_id): c.id for c in db.session.scalars(
        select(Certificate).join(Registration, Certificate.registration_id == Registration.id)
        .where(Registration.project_id == project.id, Certificate.status == "REVOKED")
        .order_by(Certificate.id))}
    report = IssueReport()
    next_serial = _serial_counter(project)
    for key, content in wanted.items():
        digest = canonical_hash(content)
        old = current.pop(key, None)
        if old is not None and old.content_hash == digest:
            report.unchanged += 1
            continue
        if old is not None:
            report.revoked += revoke_rows([old], "证书内容已变更，已重新颁发", now=now,
                                          actor_id=user.id)
        certificate = Certificate(
            serial=next_serial(key[0]), kind=key[0], registration_id=key[1],
            promotion_id=key[2], content=content, content_hash=digest, status="VALID",
            replaces_id=old.id if old else revoked_before.get(key), issued_at=now)
        db.session.add(certificate)
        db.session.flush()
        audit.record("certificate.issue", entity="certificate", entity_id=certificate.id,
                     actor_id=user.id, project_id=project.id,
                     new={"serial": certificate.serial, "kind": certificate.kind,
                          "replaces_id": certificate.replaces_id}, now=now)
        notifications.notify_registration(key[1], "CERTIFICATE_READY", serial=certificate.serial)
        report.issued.append(certificate)
    # What no longer has an outcome behind it (a replaced award, a superseded promotion).
    report.revoked += revoke_rows(current.values(), "对应的竞赛结果已变更，证书作废", now=now,
                                  actor_id=user.id)
    db.session.commit()
    return report


# ---------------------------------------------------------------- rendering


def render_certificate_pdf(certificate: Certificate, *, base_url: str | None = None) -> bytes:
    """Return the certificate as a one-page PDF with its verification QR."""
    return offload(render_certificate, certificate_data(certificate,
                                               verify_url(certificate, base_url=base_url)))


def mask_name(name: str) -> str:
    """Mask a name for public pages: 张三丰 → 张*丰, 张三 → 张*, 欧阳小明 → 欧**明."""
    text = (name or "").strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def download_name(certificate: Certificate) -> str:
    """Return a file name for the certificate's PDF (ASCII, the serial)."""
    return f"{certificate.serial}.pdf"
