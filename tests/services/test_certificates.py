"""Certificates: issuing (idempotent), signed verification, revocation, who may download."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm.attributes import flag_modified

from app.errors import RecordNotFound
from app.models import AuditEntry, Certificate
from app.services.certification import certificates as svc
from app.services.certification.certificate_content import canonical_hash
from app.services.common.signing import BadToken, sign
from app.services.results.outcome_errors import NotFound, OutcomeError
from tests import outcome_factories as f

NOW = f.NOW


@pytest.fixture()
def world(db):
    """A FINAL project: a winner with award, title and certified promotion; a finisher; a DQ."""
    city = f.organization("市人社局")
    comp = f.competition(city, name="2026年市职业技能大赛")
    proj = f.project(comp, name="电工")
    winner = f.person("张三丰", grade="L3")
    reg = f.registration(proj, winner, rank=1)
    f.award(reg, "FIRST_PRIZE", 1)
    f.title(reg)
    promo = f.promotion(reg, before="L3", after="L2", state="CERTIFIED", rank=1)
    promo.certificate_no = "S130113000001262000001"
    promo.decided_at = NOW
    finisher = f.registration(proj, f.person("李四"), rank=2)
    f.registration(proj, f.person("王五"), status="DISQUALIFIED")
    db.session.commit()
    return {
        "comp": comp, "proj": proj, "reg": reg, "finisher": finisher, "promo": promo,
        "organizer": f.user_with("ORGANIZER", organization_id=city.id, username="org"),
        "owner": f.user_with("CONTESTANT", person_id=winner.id, username="owner"),
        "other": f.user_with("CONTESTANT", person_id=finisher.person_id, username="other"),
    }


def issue(world, **kw):
    return svc.issue_certificates(world["organizer"], world["proj"].id, now=NOW, **kw)


def test_issue_creates_each_kind_with_hash_and_serial(db, world):
    report = issue(world)
    kinds = sorted(c.kind for c in report.issued)
    assert kinds == ["AWARD", "PARTICIPATION", "PARTICIPATION", "PROMOTION"]
    award = next(c for c in report.issued if c.kind == "AWARD")
    assert award.content["name"] == "张三丰"
    assert award.content["award"] == "一等奖"
    assert award.content["titles"] == ["市技术能手（可申报）"]
    assert award.content_hash == canonical_hash(award.content)
    promotion = next(c for c in report.issued if c.kind == "PROMOTION")
    assert promotion.content["grade_after"] == "二级/技师"  # the one label table
    assert promotion.content["certificate_no"] == "S130113000001262000001"
    assert len({c.serial for c in report.issued}) == 4
    assert all(c.status == "VALID" for c in report.issued)


def test_issuing_again_is_idempotent(db, world):
    issue(world)
    again = issue(world)
    assert (again.issued, again.revoked, again.unchanged) == ([], [], 4)
    assert db.session.query(Certificate).count() == 4


def test_changed_content_revokes_and_reissues(db, world):
    first = issue(world, kinds=["AWARD"]).issued[0]
    world["reg"].person.name = "张三"
    db.session.commit()
    report = issue(world, kinds=["AWARD"])
    new = report.issued[0]
    assert report.revoked == [first]
    assert first.status == "REVOKED" and first.revoked_reason
    assert new.replaces_id == first.id and new.content["name"] == "张三"
    acts = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert acts.count("certificate.revoke") == 1 and acts.count("certificate.issue") == 2


def test_not_final_project_is_refused(db, world):
    world["proj"].result_status = "PUBLISHED"
    db.session.commit()
    with pytest.raises(OutcomeError) as err:
        issue(world)
    assert err.value.code == "certificate.not_final"


def test_unknown_kind_is_refused(db, world):
    with pytest.raises(OutcomeError) as err:
        issue(world, kinds=["DIPLOMA"])
    assert err.value.field == "kinds"


def test_token_verifies(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    result = svc.verify_token(svc.certificate_token(cert))
    assert result.certificate.id == cert.id and result.valid


def test_altered_token_is_rejected(db, world):
    token = svc.certificate_token(issue(world, kinds=["AWARD"]).issued[0])
    head, sig = token.rsplit(".", 1)
    flipped = sig[:-1] + ("A" if sig[-1] != "A" else "B")
    for bad in (f"{head}.{flipped}", token[1:], "", "not-a-token", token + "x"):
        with pytest.raises(BadToken):
            svc.verify_token(bad)


def test_invented_serial_is_rejected_even_when_signed(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    with pytest.raises(BadToken):
        svc.verify_token(sign("certificate", {"s": "JX2026-9999-A00001", "h": cert.content_hash}))
    with pytest.raises(BadToken):  # the right serial with a different hash
        svc.verify_token(sign("certificate", {"s": cert.serial, "h": "0" * 64}))
    with pytest.raises(BadToken):  # a ticket token never verifies as a certificate
        svc.verify_token(sign("ticket", {"s": cert.serial, "h": cert.content_hash}))


def test_altered_stored_content_is_rejected(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    token = svc.certificate_token(cert)
    cert.content = {**cert.content, "award": "特等奖"}
    flag_modified(cert, "content")
    db.session.commit()
    with pytest.raises(BadToken):
        svc.verify_token(token)


def test_revocation_shows_as_revoked_with_reason(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    token = svc.certificate_token(cert)
    with pytest.raises(OutcomeError) as err:
        svc.revoke_certificate(world["organizer"], cert.id, reason="", now=NOW)
    assert err.value.field == "reason"
    svc.revoke_certificate(world["organizer"], cert.id, reason="成绩更正",
                           now=NOW + timedelta(days=1))
    result = svc.verify_token(token)
    assert not result.valid
    assert result.certificate.revoked_reason == "成绩更正"
    with pytest.raises(OutcomeError) as again:
        svc.revoke_certificate(world["organizer"], cert.id, reason="again", now=NOW)
    assert again.value.code == "certificate.already_revoked"


def test_contestants_get_only_their_own(db, world):
    issue(world)
    mine = svc.list_my_certificates(world["owner"])
    assert {c.kind for c in mine} == {"AWARD", "PROMOTION", "PARTICIPATION"}
    assert svc.get_certificate(world["owner"], mine[0].id) is mine[0]
    with pytest.raises(NotFound):
        svc.get_certificate(world["other"], mine[0].id)
    assert svc.get_certificate(world["organizer"], mine[0].id) is mine[0]


def test_stranger_organizer_cannot_issue_or_revoke(db, world):
    stranger = f.user_with("ORGANIZER", organization_id=f.organization("外地").id)
    with pytest.raises(RecordNotFound):
        svc.issue_certificates(stranger, world["proj"].id, now=NOW)
    cert = issue(world, kinds=["AWARD"]).issued[0]
    with pytest.raises(NotFound):
        svc.revoke_certificate(stranger, cert.id, reason="x", now=NOW)
    assert cert.status == "VALID"


def test_a_replaced_award_revokes_its_certificate(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    from app.models import Award

    db.session.query(Award).update({"replaced_at": NOW, "replaced_reason": "申诉改判"})
    db.session.commit()
    report = issue(world, kinds=["AWARD"])
    assert report.revoked == [cert] and report.issued == []


def test_render_pdf(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    pdf = svc.render_certificate_pdf(cert, base_url="https://jx.example")
    assert pdf.startswith(b"%PDF")


def test_certificates_print_the_projects_finalisation_anchor(db, world):
    from app.services.certification.certificate_batches import batch_items
    from app.services.certification.certificate_content import certificate_data
    from app.services.scoring import audit

    report = issue(world)
    assert certificate_data(report.issued[0], "u").audit_anchor == ""  # none recorded yet
    anchor = audit.anchor_head("FINALISATION", project_id=world["proj"].id, now=NOW)
    db.session.commit()
    label = audit.anchor_label(anchor)
    assert certificate_data(report.issued[0], "u").audit_anchor == label
    assert {d.audit_anchor for d in batch_items("project", world["proj"].id)} == {label}
@pytest.mark.parametrize(("number", "surname", "found"), [
    ("{serial}", "张", True),
    ("  {serial_lower}  ", " 张 ", True),   # typed loosely: case and spaces do not matter
    ("{serial}", "张三", True),
    ("{serial}", "李", False),              # wrong surname: answered like an unknown number
    ("{serial}", "", False),
    ("JX2026-9999-A00001", "张", False),
    ("", "张", False),
    ("{serial}" + "9" * 40, "张", False),
])
def test_the_printed_number_verifies_with_the_surname(db, world, number, surname, found):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    typed = number.format(serial=cert.serial, serial_lower=cert.serial.lower())
    if not found:
        with pytest.raises(BadToken):
            svc.verify_number(typed, surname)
        return
    by_number = svc.verify_number(typed, surname)
    by_qr = svc.verify_token(svc.certificate_token(cert))
    assert svc.verification_answer(by_number) == svc.verification_answer(by_qr)
    assert by_number.certificate.id == cert.id and by_number.valid


def test_a_number_with_altered_stored_content_does_not_verify(db, world):
    cert = issue(world, kinds=["AWARD"]).issued[0]
    cert.content = {**cert.content, "award": "金奖"}
    flag_modified(cert, "content")
    db.session.commit()
    with pytest.raises(BadToken):
        svc.verify_number(cert.serial, "张")
