"""The occupations catalogue: page and API, top grade, row-by-row import (issue #16 item 4)."""

from __future__ import annotations

import io

import pytest

from app.documents.workbooks import rows_xlsx
from app.models import AuditEntry, Occupation, Organization, RoleAssignment
from app.services.setup import occupations as svc


@pytest.fixture()
def organizer(db, make_user):
    city = Organization(name="市人社局", kind="ORGANIZER")
    db.session.add_all([city, Occupation(code="6-31-01-03", name="电工")])
    db.session.commit()
    user = make_user(username="cityorg")
    user.roles = [RoleAssignment(role="ORGANIZER", organization_id=city.id)]
    db.session.commit()
    return user


def sheet(*rows: tuple[str, ...], headers=("职业编码", "职业名称", "最高等级")) -> bytes:
    return rows_xlsx("职业", list(headers), [list(r) for r in rows])


def test_api_create_update_list(client, login, organizer, db):
    api = login(organizer)
    created = api.post("/api/v1/occupations", json={"code": "6-18-02-04", "name": "焊工",
                                                    "top_grade": "技师"})
    assert created.status_code == 201, created.json
    assert created.json["top_grade"] == "L2"
    oid = created.json["id"]
    changed = api.put(f"/api/v1/occupations/{oid}", json={"code": "6-18-02-04",
                                                          "name": "焊工", "top_grade": "L1"})
    assert changed.status_code == 200 and changed.json["top_grade"] == "L1"
    listed = api.get("/api/v1/occupations").json
    assert [o["code"] for o in listed] == ["6-18-02-04", "6-31-01-03"]
    assert db.session.query(AuditEntry).filter_by(action="occupation.update").count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"code": "6-31-01-03", "name": "电工"}, 422, "occupation.duplicate", "code"),
        ({"code": "x y", "name": "电工"}, 422, "occupation.code", "code"),
        ({"code": "X1", "name": "电工", "top_grade": "SPECIAL"}, 422, None, None),
    ],
)
def test_api_refuses_bad_occupations(client, login, organizer, body, status, code, field):
    response = login(organizer).post("/api/v1/occupations", json=body)
    assert response.status_code == status
    if code:
        assert (response.json["error"]["code"], response.json["error"]["field"]) == (code, field)


def test_api_code_cannot_change(client, login, organizer, db):
    occupation = db.session.query(Occupation).one()
    response = login(organizer).put(f"/api/v1/occupations/{occupation.id}",
                                    json={"code": "OTHER", "name": "电工"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "occupation.code_fixed"


def test_import_reports_every_bad_row_and_saves_nothing(app, organizer, db):
    data = sheet(("6-18-02-04", "焊工", "技师"), ("", "车工", ""), ("6-18-02-04", "焊工", ""),
                 ("6-20-01-01", "钳工", "特级技师"))
    with app.test_request_context():
        report = svc.import_occupations(organizer, data, "occ.xlsx")
    assert [(e.row, e.code) for e in report.errors] == [
        (3, "occupation.code"), (4, "occupation.duplicate_in_file"), (5, "occupation.top_grade")]
    assert db.session.query(Occupation).count() == 1


def test_import_valid_rows_only_and_update_existing(app, organizer, db):
    data = sheet(("6-18-02-04", "焊工", "技师"), ("6-31-01-03", "电工", "高级工"), ("?", "x", ""))
    with app.test_request_context():
        report = svc.import_occupations(organizer, data, "occ.xlsx", valid_only=True)
    assert (report.created, report.updated, len(report.errors)) == (1, 1, 1)
    tops = {o.code: o.top_grade for o in db.session.query(Occupation)}
    assert tops == {"6-18-02-04": "L2", "6-31-01-03": "L3"}


def test_catalogue_page_lists_adds_edits_and_imports(client, login, organizer, db):
    web = login(organizer)
    page = web.get("/organizer/occupations")
    assert page.status_code == 200 and "电工" in page.get_data(as_text=True)
    added = web.post("/organizer/occupations", data={"code": "6-18-02-04", "name": "焊工",
                                                     "name_en": "", "top_grade": "L2"})
    assert added.status_code == 302
    welder = db.session.query(Occupation).filter_by(code="6-18-02-04").one()
    assert welder.top_grade == "L2"
    edited = web.post(f"/organizer/occupations/{welder.id}",
                      data={"code": "6-18-02-04", "name": "焊工", "name_en": "Welder",
                            "top_grade": "L3"})
    assert edited.status_code == 302
    db.session.refresh(welder)
    assert (welder.name_en, welder.top_grade) == ("Welder", "L3")
    bad = web.post("/organizer/occupations/import", data={
        "file": (io.BytesIO(sheet(("", "车工", ""))), "occ.xlsx")},
        content_type="multipart/form-data")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "import-report" in html
    assert db.session.query(Occupation).count() == 2
