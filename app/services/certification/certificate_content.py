"""What a certificate prints, as plain data: built from the outcome rows, hashed, rendered.

The content dict is stored on the Certificate row; its SHA-256 over canonical JSON is what the
QR token signs, so the verification page can tell an untouched certificate from an altered one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from app.documents.certificates import CertificateData
from app.domain.grades import parse_grade
from app.models import Award, Certificate, Project, Promotion, Registration, TitleAward
from app.services.common import labels
from app.services.common.local_time import local_date
from app.services.setup.seals import issuer_seal


def canonical_hash(content: dict[str, Any]) -> str:
    """Return the SHA-256 of the content's canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def award_label(code: str) -> str:
    """Return an award's Chinese name (the one label table); unknown codes show as stored."""
    return labels.chinese(code, "award")


def title_label(title: TitleAward) -> str:
    """Return a title with how it is conferred, e.g. 市技术能手（可申报）."""
    state = labels.chinese(title.state, "title_state")
    return f"{title.title}（{state}）"


def contest_date(project: Project) -> date:
    """Return the date a certificate carries: the (display-zone) day results became final, else
    the contest's last day; never the UTC date, which is a day early in Beijing's evening."""
    if project.finalized_at is None:
        return project.competition.ends_on
    return local_date(project.finalized_at)


def _base(registration: Registration, kind: str) -> dict[str, Any]:
    project = registration.project
    competition = project.competition
    occupation = project.occupation
    return {
        "kind": kind,
        "name": registration.person.name,
        "competition": competition.name,
        "project": project.name,
        "occupation": occupation.name if occupation else "",
        "group": labels.chinese(registration.group, "group"),
        "organizer": competition.organizer.name if competition.organizer else "",
        "date": contest_date(project).isoformat(),
        "registration_id": registration.id,
    }


def award_content(registration: Registration, award: Award,
                  titles: list[TitleAward]) -> dict[str, Any]:
    """Return the printed fields of an award certificate (获奖证书)."""
    return {
        **_base(registration, "AWARD"),
        "rank": award.rank,
        "award": award_label(award.award),
        "award_code": award.award,
        "titles": [title_label(t) for t in sorted(titles, key=lambda t: t.id)],
    }


def promotion_content(promotion: Promotion) -> dict[str, Any]:
    """Return the printed fields of a promotion notice (晋升通知)."""
    explanation = promotion.explanation or {}
    approved = promotion.decided_at or promotion.certified_at
    return {
        **_base(promotion.registration, "PROMOTION"),
        "rank": explanation.get("rank"),
        "grade_before": labels.chinese(parse_grade(promotion.grade_before).value, "grade"),
        "grade_after": labels.chinese(parse_grade(promotion.grade_after).value, "grade"),
        "certificate_no": promotion.certificate_no or "",
        "approved_on": local_date(approved).isoformat() if approved else "",
        "promotion_id": promotion.id,
    }


def participation_content(registration: Registration) -> dict[str, Any]:
    """Return the printed fields of a participation certificate (参赛证明)."""
    return _base(registration, "PARTICIPATION")


def _finalisation_anchor(certificate: Certificate, anchors: dict[int, str] | None) -> str:
    """Return the printed label of the finalisation anchor of the certificate's project."""
    from app.extensions import db
    from app.services.scoring.audit import anchor_label, latest_anchor

    # A unit's certificate (团体奖) has no registration, hence no project of its own to anchor.
    if certificate.registration_id is None:
        return ""
    registration = db.session.get(Registration, certificate.registration_id)
    if registration is None:
        return ""
    cache = {} if anchors is None else anchors
    if registration.project_id not in cache:
        cache[registration.project_id] = anchor_label(
            latest_anchor(registration.project_id, ("FINALISATION",)))
    return cache[registration.project_id]


def certificate_data(certificate: Certificate, verify_url: str,
                     anchors: dict[int, str] | None = None) -> CertificateData:
    """Turn a stored certificate into what the PDF builder needs (no database there).

    ``anchors`` (project id → label) caches the finalisation anchors over a batch.
    """
    c = certificate.content
    return CertificateData(
        kind=c.get("kind", certificate.kind),
        serial=certificate.serial,
        name=c.get("name", ""),
        competition=c.get("competition", ""),
        project=c.get("project", ""),
        occupation=c.get("occupation", ""),
        group=c.get("group", ""),
        organizer=c.get("organizer", ""),
        issued_on=(date.fromisoformat(c["date"]) if c.get("date")
                   else local_date(certificate.issued_at)),
        verify_url=verify_url,
        rank=c.get("rank"),
        award=c.get("award", ""),
        titles=tuple(c.get("titles") or ()),
        grade_before=c.get("grade_before", ""),
        grade_after=c.get("grade_after", ""),
        certificate_no=c.get("certificate_no", ""),
        approved_on=date.fromisoformat(c["approved_on"]) if c.get("approved_on") else None,
        revoked=certificate.status == "REVOKED",
        audit_anchor=_finalisation_anchor(certificate, anchors),
        seal_png=issuer_seal(certificate.registration_id),
    )
