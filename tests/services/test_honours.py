"""Honours and grade evidence on the lifetime record; the title-holder bar (§2, §3, #16)."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ForbiddenError, NotFoundError, ServiceError
from app.services.entry import registrations as regs
from app.services.entry.registration_rules import ApplicantInput
from app.services.setup import honours as svc
from tests.registration_data import NOW, id_number, make_competition

pytestmark = pytest.mark.usefixtures("frozen_clock")

TODAY = NOW.date()


def applicant(**changes):
    data = {"name": "张三", "id_number": id_number(), "phone": "13812345678",
            "organization_name": "", "group": "EMPLOYEE"}
    data.update(changes)
    return ApplicantInput(**data)


@pytest.fixture()
def world(db, make_user):
    competition = make_competition()
    contestant = make_user("CONTESTANT", username="c1")
    project = competition.projects[0]
    (reg,) = regs.register_for_project(contestant, applicant(), [project.id], now=NOW)
    admin = make_user("ADMIN", username="admin1")
    return {"project": project, "person": reg.person, "admin": admin, "contestant": contestant}


def test_technical_expert_holder_is_refused_with_the_reason(world, db):
    """Done when: a 技术能手 holder is refused entry to a contest that bars holders."""
    project, person = world["project"], world["person"]
    svc.record_honour(world["admin"], person.id, svc.HonourData(
        honour="MUNICIPAL_TECHNICAL_EXPERT", year=2024, issuer="沧州市人社局"), today=TODAY)
    preview = regs.preview_eligibility(world["contestant"], applicant(
        id_number=person.id_number), [project.id], now=NOW)
    assert preview.verdicts[0].result.ok  # no bar set yet
    project.barred_honours = ["MUNICIPAL_TECHNICAL_EXPERT", "CHINA_SKILLS_AWARD"]
    db.session.commit()
    preview = regs.preview_eligibility(world["contestant"], applicant(
        id_number=person.id_number), [project.id], now=NOW)
    (failure,) = preview.verdicts[0].result.failures
    assert failure.code == "eligibility.honour_holder"
    assert "市技术能手" in failure.message


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"honour": "GOLD_STAR"}, "honour.kind", "honour"),
        ({"honour": "LOCAL_TITLE"}, "honour.name", "name"),
        ({"year": 1900}, "honour.year", "year"),
        ({"year": TODAY.year + 1}, "honour.year", "year"),
        ({"issuer": "局" * 101}, "honour.issuer_too_long", "issuer"),
        ({"occupation_id": 999999}, "occupation.unknown", "occupation_id"),
    ],
)
def test_bad_honours_are_refused(world, changes, code, field):
    data = {"honour": "NATIONAL_TECHNICAL_EXPERT", "year": 2020, **changes}
    with pytest.raises(ServiceError) as caught:
        svc.record_honour(world["admin"], world["person"].id, svc.HonourData(**data),
                          today=TODAY)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_contestant_may_read_but_not_record(world):
    person = world["person"]
    assert svc.list_honours(world["contestant"], person.id) == []
    with pytest.raises(ForbiddenError):
        svc.record_honour(world["contestant"], person.id, svc.HonourData(
            honour="CHINA_SKILLS_AWARD", year=2020), today=TODAY)
    with pytest.raises(NotFoundError):
        svc.list_honours(world["contestant"], 999999)


@pytest.mark.parametrize(
    ("grade", "source", "code"),
    [
        ("L2", "DIRECT_CERTIFICATION", None),
        ("L1", "EXCEPTIONAL", None),
        ("L3", "ENTERPRISE_ASSESSMENT", None),
        ("SPECIAL", "APPOINTMENT", None),
        ("L2", "APPOINTMENT", "grade.appointment"),
        ("CHIEF", "CERTIFICATE", "grade.appointment"),
        ("L2", "CONTEST_PROMOTION", "grade.contest_source"),
        ("L2", "RUMOUR", "grade.source"),
    ],
)
def test_grade_sources_with_evidence(world, db, grade, source, code):
    project, person = world["project"], world["person"]
    data = svc.GradeEvidenceData(occupation_id=project.occupation_id, grade=grade,
                                 source=source, obtained_on=date(2025, 3, 1),
                                 document_no="冀人社认〔2025〕12号", issuer="河北省人社厅")
    if code:
        with pytest.raises(ServiceError) as caught:
            svc.record_grade(world["admin"], person.id, data, today=TODAY)
        assert caught.value.code == code
        return
    row = svc.record_grade(world["admin"], person.id, data, today=TODAY)
    assert (row.source, row.certificate_no, row.issuer) == (
        source, "冀人社认〔2025〕12号", "河北省人社厅")


def test_record_page_and_api(client, login, world, db):
    person = world["person"]
    web = login(world["admin"])
    page = web.get(f"/people/{person.id}")
    assert page.status_code == 200 and "荣誉" in page.get_data(as_text=True)
    created = web.post(f"/api/v1/people/{person.id}/honours", json={
        "honour": "LOCAL_TITLE", "name": "巴渠工匠", "year": 2023, "issuer": "达州市"})
    assert created.status_code == 201, created.json
    record = web.get(f"/api/v1/people/{person.id}/record").json
    assert [h["name"] for h in record["honours"]] == ["巴渠工匠"]
    gone = web.delete(f"/api/v1/people/{person.id}/honours/{created.json['id']}")
    assert gone.status_code == 204
    assert web.get(f"/api/v1/people/{person.id}/honours").json == []
