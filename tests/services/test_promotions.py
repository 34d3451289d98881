"""The promotion workflow: approver gate, certify gate, grade at CERTIFIED, once-a-year rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.certificate_numbers import parse_certificate_number
from app.models import AuditEntry, Certificate, PersonGrade, Promotion
from app.services.common.mappers import current_grades
from app.services.common.scope import can_approve_promotions
from app.services.results import promotions as svc
from app.services.results.outcome_errors import Forbidden, NotFound, OutcomeError
from app.services.scoring.audit import verify_chain
from tests import outcome_factories as f

NOW = f.NOW


@pytest.fixture()
def world(db):
    """A city body running a competition; its organizer, an approver, a stranger approver."""
    city = f.organization("市人社局")
    other = f.organization("邻市人社局")
    comp = f.competition(city, name="2026年市职业技能大赛")
    proj = f.project(comp)
    worker = f.person("王五", grade="L3")
    reg = f.registration(proj, worker, rank=2)
    promo = f.promotion(reg, before="L3", after="L2")
    db.session.commit()
    return {
        "city": city, "comp": comp, "proj": proj, "person": worker, "reg": reg, "promo": promo,
        "organizer": f.user_with("ORGANIZER", organization_id=city.id, username="org"),
        "approver": f.user_with("APPROVER", organization_id=city.id, username="appr"),
        "elsewhere": f.user_with("APPROVER", organization_id=other.id, username="far"),
    }


def grade_of(db, person, occupation_id):
    rows = db.session.query(PersonGrade).filter_by(person_id=person.id).all()
    held = current_grades(rows).get(occupation_id)
    return held.grade if held else None


def actions(db):
    return [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]


def test_organizer_without_approver_role_is_refused_and_nothing_changes(db, world):
    with pytest.raises(Forbidden) as err:
        svc.approve_promotions(world["organizer"], [world["promo"].id], now=NOW)
    assert err.value.code == "promotion.approver_required"
    db.session.rollback()
    assert db.session.get(Promotion, world["promo"].id).state == "PROPOSED"
    assert actions(db) == []


def test_approver_of_another_body_does_not_see_the_promotion(db, world):
    with pytest.raises(NotFound):
        svc.approve_promotions(world["elsewhere"], [world["promo"].id], now=NOW)
    with pytest.raises(NotFound):
        svc.list_promotions(world["elsewhere"], project_id=world["proj"].id)


def test_organizer_may_list_but_approver_decides(db, world):
    listed = svc.list_promotions(world["organizer"], project_id=world["proj"].id,
                                 states=["PROPOSED"])
    assert [p.id for p in listed] == [world["promo"].id]
    done = svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW, reason="ok")
    assert [p.state for p in done] == ["APPROVED"]
    assert done[0].decided_by_id == world["approver"].id
    # Approval alone does not change the grade.
    assert grade_of(db, world["person"], world["proj"].occupation_id) == "L3"
    assert actions(db) == ["promotion.approve"]
    assert verify_chain().ok


def test_reject_needs_a_reason_and_records_it(db, world):
    with pytest.raises(OutcomeError) as err:
        svc.reject_promotions(world["approver"], [world["promo"].id], reason="  ", now=NOW)
    assert err.value.field == "reason"
    rows = svc.reject_promotions(world["approver"], [world["promo"].id], reason="材料不全",
                                 now=NOW)
    assert (rows[0].state, rows[0].decision_reason) == ("REJECTED", "材料不全")
    with pytest.raises(OutcomeError) as again:
        svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    assert again.value.code == "promotion.state"


def test_bulk_refuses_all_when_one_is_wrong(db, world):
    other = f.promotion(f.registration(world["proj"], f.person("赵六")), state="REJECTED")
    db.session.commit()
    with pytest.raises(OutcomeError):
        svc.approve_promotions(world["approver"], [world["promo"].id, other.id], now=NOW)
    db.session.rollback()
    assert db.session.get(Promotion, world["promo"].id).state == "PROPOSED"


def test_certify_without_issuer_is_refused(db, world):
    world["comp"].issuer_kind = ""
    db.session.commit()
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    with pytest.raises(OutcomeError) as err:
        svc.certify_promotions(world["approver"], [world["promo"].id], now=NOW)
    assert err.value.code == "promotion.issuer_missing"
    db.session.rollback()
    assert db.session.get(Promotion, world["promo"].id).state == "APPROVED"
    assert grade_of(db, world["person"], world["proj"].occupation_id) == "L3"


def test_certify_without_site_serial_is_refused_naming_it(db, world):
    world["comp"].issuer_site_serial = ""
    db.session.commit()
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    with pytest.raises(OutcomeError) as err:
        svc.certify_promotions(world["approver"], [world["promo"].id], now=NOW)
    assert (err.value.code, err.value.field) == ("promotion.issuer_missing",
                                                 "issuer_site_serial")
    db.session.rollback()
    assert db.session.get(Promotion, world["promo"].id).state == "APPROVED"
    assert grade_of(db, world["person"], world["proj"].occupation_id) == "L3"


def test_certificate_number_carries_the_configured_site_serial(db, world):
    world["comp"].issuer_site_serial = "204817"
    db.session.commit()
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    [row] = svc.certify_promotions(world["approver"], [world["promo"].id], now=NOW)
    assert row.certificate_no[7:13] == "204817"  # characters 8–13
    assert parse_certificate_number(row.certificate_no).site_serial == "204817"


def test_certify_requires_approval_first(db, world):
    with pytest.raises(OutcomeError) as err:
        svc.certify_promotions(world["approver"], [world["promo"].id], now=NOW)
    assert err.value.code == "promotion.state"


def test_grade_changes_only_at_certified_with_source(db, world):
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    second = f.promotion(f.registration(world["proj"], f.person("钱七", grade="L2")),
                         before="L2", after="L1")
    db.session.commit()
    svc.approve_promotions(world["approver"], [second.id], now=NOW)
    rows = svc.certify_promotions(world["approver"], [world["promo"].id, second.id], now=NOW)
    first = rows[0]
    assert first.state == "CERTIFIED" and len(first.certificate_no) == 22
    number = parse_certificate_number(first.certificate_no)
    assert (number.kind, number.body_code, number.province_code) == ("S", "1301", "13")
    assert (number.year, number.level, number.serial) == (26, 2, 1)
    assert parse_certificate_number(rows[1].certificate_no).level == 1
    grade = db.session.query(PersonGrade).filter_by(promotion_id=first.id).one()
    assert (grade.grade, grade.source, grade.certificate_no) == (
        "L2", "CONTEST_PROMOTION", first.certificate_no)
    assert grade_of(db, world["person"], world["proj"].occupation_id) == "L2"
    assert "person_grade.promote" in actions(db)


def test_certificate_serials_continue_per_prefix(db, world):
    others = [f.promotion(f.registration(world["proj"], f.person(f"人{i}")), state="APPROVED")
              for i in range(3)]
    db.session.commit()
    svc.certify_promotions(world["approver"], [others[0].id], now=NOW)
    svc.certify_promotions(world["approver"], [others[1].id, others[2].id], now=NOW)
    serials = sorted(parse_certificate_number(p.certificate_no).serial for p in others)
    assert serials == [1, 2, 3]


def _second_contest(world, *, after, ends_on=date(2026, 9, 1), before="L3"):
    comp = f.competition(world["city"], name="2026年省职业技能大赛", ends_on=ends_on)
    proj = f.project(comp, occ=f.occupation("焊工"))
    reg = f.registration(proj, world["person"], rank=1)
    return f.promotion(reg, before=before, after=after)


def test_later_higher_promotion_supersedes_a_certified_one(db, world):
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    svc.certify_promotions(world["approver"], [world["promo"].id], now=NOW)
    first_cert = Certificate(serial="JX-T-1", kind="PROMOTION", registration_id=world["reg"].id,
                             promotion_id=world["promo"].id, content={"k": 1}, content_hash="x")
    db.session.add(first_cert)
    later = _second_contest(world, after="L1", before="L2")
    db.session.commit()
    occ = world["proj"].occupation_id
    assert grade_of(db, world["person"], occ) == "L2"

    svc.approve_promotions(world["approver"], [later.id], now=NOW + timedelta(days=60))
    first = db.session.get(Promotion, world["promo"].id)
    assert (first.state, first.superseded_by_id) == ("SUPERSEDED", later.id)
    assert "每年一次" in first.decision_reason
    assert first_cert.status == "REVOKED" and first_cert.revoked_reason
    # The grade the first one gave is reversed by a new row; history is kept.
    history = (db.session.query(PersonGrade).filter_by(person_id=world["person"].id,
                                                        occupation_id=occ)
               .order_by(PersonGrade.id).all())
    assert [(g.grade, g.source) for g in history] == [
        ("L3", "CERTIFICATE"), ("L2", "CONTEST_PROMOTION"), ("L3", "PROMOTION_REVERSED")]
    assert grade_of(db, world["person"], occ) == "L3"
    assert {"promotion.supersede", "certificate.revoke", "person_grade.reverse"} <= set(
        actions(db))
    assert verify_chain().ok


def test_a_lower_later_promotion_is_superseded_at_once(db, world):
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    later = _second_contest(world, after="L3", before="L4")
    db.session.commit()
    rows = svc.approve_promotions(world["approver"], [later.id], now=NOW)
    assert rows[0].state == "SUPERSEDED"
    assert rows[0].superseded_by_id == world["promo"].id
    assert db.session.get(Promotion, world["promo"].id).state == "APPROVED"


def test_equal_grades_keep_the_earlier_contest(db, world):
    later = _second_contest(world, after="L2")
    db.session.commit()
    svc.approve_promotions(world["approver"], [later.id], now=NOW)
    assert later.state == "SUPERSEDED"
    assert db.session.get(Promotion, world["promo"].id).state == "PROPOSED"


def test_other_years_do_not_compete(db, world):
    comp = f.competition(world["city"], year=2027, ends_on=date(2027, 6, 1))
    reg = f.registration(f.project(comp), world["person"])
    next_year = f.promotion(reg, before="L2", after="L1")
    db.session.commit()
    svc.approve_promotions(world["approver"], [world["promo"].id, next_year.id], now=NOW)
    assert {world["promo"].state, next_year.state} == {"APPROVED"}


def test_a_proposal_does_not_undo_a_certified_grade(db, world):
    svc.approve_promotions(world["approver"], [world["promo"].id], now=NOW)
    svc.certify_promotions(world["approver"], [world["promo"].id], now=NOW)
    higher = _second_contest(world, after="L1")
    lower = f.promotion(f.registration(f.project(world["comp"], occ=f.occupation("钳工")),
                                       world["person"]), before="L5", after="L4")
    db.session.commit()
    # Approving the lowest one supersedes it (the PROPOSED higher one wins the year) but the
    # certified one stays until the higher proposal is itself approved.
    svc.approve_promotions(world["approver"], [lower.id], now=NOW)
    assert lower.state == "SUPERSEDED"
    assert db.session.get(Promotion, world["promo"].id).state == "CERTIFIED"
    assert higher.state == "PROPOSED"


def test_competition_scoped_approver(db, world):
    scoped = f.user_with("APPROVER", competition_id=world["comp"].id, username="scoped")
    rows = svc.approve_promotions(scoped, [world["promo"].id], now=NOW)
    assert rows[0].state == "APPROVED"
    assert can_approve_promotions(scoped, world["comp"].id)
    assert not can_approve_promotions(scoped, world["comp"].id + 1)
