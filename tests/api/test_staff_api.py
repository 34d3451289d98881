"""Staff accounts through /api/v1: one by one, in bulk from a sheet, deactivation."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from tests.outcome_factories import id_number


@pytest.fixture()
def setup(db: Any, make_user: Any) -> dict[str, Any]:
    from app.models import Competition, Occupation, Organization, Project

    body = Organization(name="烟台市人社局", kind="HRSS")
    occupation = Occupation(code="6-18-02-04", name="焊工")
    db.session.add_all([body, occupation])
    db.session.flush()
    competition = Competition(name="烟台市焊工大赛", tier="MUNICIPAL", category="CLASS_2",
                              year=2026, organizer_id=body.id, starts_on=date(2026, 5, 20),
                              ends_on=date(2026, 5, 21))
    db.session.add(competition)
    db.session.flush()
    projects = [Project(competition_id=competition.id, occupation_id=occupation.id, group=g,
                        name=name, award_scheme="MEDALS_PLUS_MERIT")
                for g, name in (("EMPLOYEE", "焊工职工组"), ("STUDENT", "焊工学生组"))]
    db.session.add_all(projects)
    organizer = make_user("ORGANIZER", username="org")
    organizer.roles[0].organization_id = body.id
    db.session.commit()
    return {"competition": competition, "projects": projects, "organizer": organizer}


def _judge(n: int, **extra: Any) -> dict[str, Any]:
    return {"role": "JUDGE", "username": f"judge{n}", "name": f"裁判{n}",
            "id_number": id_number(100 + n), "employer": "某机械厂",
            "qualification_level": "PROVINCIAL", "certificate_no": f"CJ-{n}",
            "expires_on": "2027-12-31", **extra}


def test_create_one_judge_with_person_qualification_and_project(
        client: Any, setup: Any, login: Any, db: Any) -> None:
    from app.models import JudgeAssignment, JudgeQualification, User

    login(setup["organizer"])
    cid = setup["competition"].id
    project = setup["projects"][0]
    answer = client.post(f"/api/v1/competitions/{cid}/staff",
                         json=_judge(1, project_ids=[project.id]))
    assert answer.status_code == 201, answer.json
    password = answer.json["one_time_password"]
    assert answer.headers["Cache-Control"] == "no-store"
    user = db.session.get(User, answer.json["user_id"])
    assert user.person.name == "裁判1" and user.person.organization.name == "某机械厂"
    assert {(r.role, r.competition_id) for r in user.roles} == {("JUDGE", cid)}
    assert password not in user.password_hash
    qual = db.session.scalars(db.select(JudgeQualification)).one()
    assert (qual.level, qual.certificate_no, qual.expires_on) == (
        "PROVINCIAL", "CJ-1", date(2027, 12, 31))
    assert db.session.scalars(db.select(JudgeAssignment.project_id)).all() == [project.id]
    listed = client.get(f"/api/v1/competitions/{cid}/staff").json
    assert listed[0]["project_ids"] == [project.id]
    assert "one_time_password" not in listed[0]
    # The one-time password works at the API's own log-in.
    token = client.post("/api/v1/auth/token", json={"username": "judge1", "password": password})
    assert token.status_code == 201


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"id_number": "110101199003071230"}, "idcard.checksum", "id_number"),
        ({"expires_on": "2026-05-01"}, "staff.qualification_expired", "expires_on"),
        ({"qualification_level": "PROVINCIAL", "certificate_no": ""},
         "staff.certificate_invalid", "certificate_no"),
        ({"project_ids": [9999]}, "staff.project_unknown", "project_ids"),
        ({"role": "APPROVER", "project_ids": "first"}, "staff.projects_for_judges", "project_ids"),
        ({"username": "a b"}, "username.invalid", "username"),
        ({"phone": "12345"}, "staff.phone_invalid", "phone"),
    ],
)
def test_refusals_name_the_field_and_create_nothing(
        client: Any, setup: Any, login: Any, extra: dict[str, Any], code: str,
        field: str) -> None:
    from app.models import Person, User

    login(setup["organizer"])
    if extra.get("project_ids") == "first":
        extra = {**extra, "project_ids": [setup["projects"][0].id]}
    answer = client.post(f"/api/v1/competitions/{setup['competition'].id}/staff",
                         json=_judge(1, **extra))
    assert answer.status_code == 422, answer.json
    assert (answer.json["error"]["code"], answer.json["error"]["field"]) == (code, field)
    assert User.query.count() == 1 and Person.query.count() == 0


def test_second_chief_judge_for_a_project_conflicts(client: Any, setup: Any,
                                                    login: Any) -> None:
    login(setup["organizer"])
    url = f"/api/v1/competitions/{setup['competition'].id}/staff"
    pid = setup["projects"][0].id
    assert client.post(url, json=_judge(1, role="CHIEF_JUDGE",
                                        project_ids=[pid])).status_code == 201
    again = client.post(url, json=_judge(2, role="CHIEF_JUDGE", project_ids=[pid]))
    assert again.status_code == 409 and again.json["error"]["code"] == "assign.chief_exists"


def _sheet(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["角色", "用户名", "姓名", "身份证号", "工作单位", "裁判员资格等级",
                  "资格证书编号", "资格有效期至", "赛项"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post_sheet(client: Any, cid: int, data: bytes, query: str = "") -> Any:
    return client.post(f"/api/v1/competitions/{cid}/staff/import{query}",
                       data={"file": (io.BytesIO(data), "staff.xlsx")},
                       content_type="multipart/form-data")


def test_bulk_import_reports_every_bad_row_and_imports_nothing(
        client: Any, setup: Any, login: Any) -> None:
    from app.models import User

    login(setup["organizer"])
    cid = setup["competition"].id
    data = _sheet([
        ["裁判员", "judge1", "裁判一", id_number(201), "甲厂", "省级", "C1", "2027-01-01",
         "焊工职工组"],
        ["裁判长", "judge2", "裁判二", "123", "乙厂", "", "", "", "焊工学生组"],
        ["裁判员", "judge1", "裁判三", id_number(203), "", "", "", "", "不存在的赛项"],
        ["厨师", "j4", "裁判四", id_number(201), "", "", "", "", ""],
    ])
    answer = _post_sheet(client, cid, data)
    assert answer.status_code == 422
    assert answer.json["bad_rows"] == [3, 4, 5]
    codes = {(e["row"], e["code"]) for e in answer.json["errors"]}
    assert {(3, "idcard.length"), (4, "username.taken"), (4, "staff.project_unknown"),
            (5, "staff.role_invalid"), (5, "staff.duplicate_person"),
            (5, "username.invalid")} <= codes
    assert User.query.count() == 1


def test_bulk_import_creates_accounts_with_passwords_once(client: Any, setup: Any,
                                                          login: Any, db: Any) -> None:
    from app.models import JudgeAssignment

    login(setup["organizer"])
    cid = setup["competition"].id
    p1, p2 = setup["projects"]
    data = _sheet([
        ["裁判员", "judge_j1", "裁判一", id_number(201), "甲厂", "省级", "C1", "2027-01-01",
         "焊工职工组；焊工学生组"],
        ["裁判长", "judge_j2", "裁判二", id_number(202), "乙厂", "国家级", "C2", "2028-01-01",
         "焊工学生组"],
        ["仲裁员", "arb_a1", "仲裁一", id_number(203), "", "", "", "", ""],
    ])
    assert _post_sheet(client, cid, data, "?validate_only=true").json["ok"] is True
    answer = _post_sheet(client, cid, data)
    assert answer.status_code == 201, answer.json
    created = answer.json["created"]
    assert [(c["row"], c["username"], c["roles"]) for c in created] == [
        (2, "judge_j1", ["JUDGE"]), (3, "judge_j2", ["CHIEF_JUDGE", "JUDGE"]),
        (4, "arb_a1", ["ARBITRATOR"])]
    assert all(len(c["one_time_password"]) >= 10 for c in created)
    seats = {(a.user.username, a.project_id, a.role)
             for a in db.session.scalars(db.select(JudgeAssignment))}
    assert seats == {("judge_j1", p1.id, "JUDGE"), ("judge_j1", p2.id, "JUDGE"),
                     ("judge_j2", p2.id, "CHIEF_JUDGE")}


def test_deactivate_staff(client: Any, setup: Any, login: Any, db: Any) -> None:
    login(setup["organizer"])
    cid = setup["competition"].id
    made = client.post(f"/api/v1/competitions/{cid}/staff", json=_judge(1)).json
    off = client.post(f"/api/v1/competitions/{cid}/staff/{made['user_id']}/deactivate")
    assert off.status_code == 200 and off.json["active"] is False
    refused = client.post("/api/v1/auth/token", json={"username": "judge1",
                                                      "password": made["one_time_password"]})
    assert refused.status_code == 401


def test_template_downloads(client: Any, setup: Any, login: Any) -> None:
    login(setup["organizer"])
    answer = client.get(f"/api/v1/competitions/{setup['competition'].id}/staff/template")
    assert answer.status_code == 200 and answer.data[:2] == b"PK"


def test_stranger_organizer_sees_nothing(client: Any, setup: Any, login: Any,
                                         make_user: Any) -> None:
    login(make_user("ORGANIZER", username="stranger"))
    answer = client.post(f"/api/v1/competitions/{setup['competition'].id}/staff",
                         json=_judge(1))
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"level": "NATIONAL", "certificate_no": "GJ-1", "expires_on": "2029-01-01"}, 200, None),
        ({"level": "NATIONAL", "certificate_no": "GJ-1", "expires_on": "2026-05-01"}, 422,
         "staff.qualification_expired"),
        ({"level": "GALACTIC", "certificate_no": "GJ-1"}, 422, "validation"),
    ],
)
def test_set_qualification(client: Any, setup: Any, login: Any, db: Any, body: dict[str, Any],
                           status: int, code: str | None) -> None:
    from app.models import JudgeQualification

    login(setup["organizer"])
    cid = setup["competition"].id
    made = client.post(f"/api/v1/competitions/{cid}/staff",
                       json=_judge(1, qualification_level="", certificate_no="",
                                   expires_on=None)).json
    answer = client.put(f"/api/v1/competitions/{cid}/staff/{made['user_id']}/qualification",
                        json=body)
    assert answer.status_code == status, answer.json
    rows = db.session.scalars(db.select(JudgeQualification)).all()
    if code is None:
        assert [(r.level, r.certificate_no) for r in rows] == [("NATIONAL", "GJ-1")]
    else:
        assert answer.json["error"]["code"] == code and rows == []
