"""Bulk import: whole-file validation, every bad row reported, all-or-nothing import."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.entry import imports
from app.services.entry.registration_sheets import COLUMNS
from tests.documents.helpers import csv_bytes, xlsx_bytes
from tests.registration_data import NOW, id_number, make_competition

pytestmark = pytest.mark.usefixtures("frozen_clock")

HEADER = [c.header for c in COLUMNS]


def row(**values):
    base = {"name": "王五", "id_number": id_number(), "phone": "13912345678",
            "organization": "沧州恒通机械", "organization_kind": "", "group": "职工组",
            "project": "电工（职工组）", "occupation": "电工", "grade": "中级工",
            "certificate_no": "C-1", "coach": ""}
    base.update(values)
    return [base[c.key] for c in COLUMNS]


@pytest.fixture()
def competition(db):
    return make_competition()


@pytest.fixture()
def organizer(db, make_user):
    return make_user("ADMIN", username="admin1")


def codes(report):
    return {(e.row, e.column, e.code) for e in report.errors}


@pytest.mark.parametrize(("values", "column", "code"), [
    ({"id_number": "110101199003070012"}, "id_number", "idcard.checksum"),
    ({"id_number": "11010119900230001X"}, "id_number", "idcard.birth_date"),
    ({"id_number": "1101"}, "id_number", "idcard.length"),
    ({"name": ""}, "name", "person.name_missing"),
    ({"name": "张\u202e三"}, "name", "person.name_invalid_characters"),
    ({"phone": "0317-1234567"}, "phone", "person.phone_invalid"),
    ({"phone": ""}, "phone", "person.phone_missing"),
    ({"organization": "厂" * 201}, "organization", "person.organization_too_long"),
    ({"coach": "李" * 101}, "coach", "person.coach_too_long"),
    ({"organization_kind": "政府"}, "organization_kind", "person.organization_kind_invalid"),
    ({"group": "退休组"}, "group", "person.group_invalid"),
    ({"project": "钳工"}, "project", "import.project_unknown"),
    ({"occupation": "厨师"}, "occupation", "import.occupation_unknown"),
    ({"occupation": "焊工"}, "occupation", "import.occupation_unknown"),
    ({"grade": "九级"}, "grade", "grade.unknown"),
    ({"group": "学生组"}, "group", "eligibility.group"),
    ({"id_number": id_number(birth=date.today() - timedelta(days=365 * 15))}, "id_number",
     "eligibility.age_min"),
])
def test_each_bad_value_is_reported_on_its_row_and_column(competition, values, column, code):
    data = xlsx_bytes([HEADER, row(), row(**values)])
    report = imports.validate_import(competition, data, "list.xlsx", now=NOW)
    assert (3, column, code) in codes(report)
    assert report.bad_rows == [3] and len(report.planned) == 1


def test_rows_without_employer_import_with_their_coach(competition, organizer, db):
    """§3: the employer or school is optional; the coach column fills coach_name (§6)."""
    from app.models import Registration

    data = xlsx_bytes([HEADER, row(organization="", coach="赵教练")])
    result = imports.import_registrations(organizer, competition, data, "list.xlsx", now=NOW)
    assert result.imported == 1 and not result.report.errors
    reg = db.session.query(Registration).one()
    assert (reg.organization_id, reg.coach_name, reg.person.organization_id) == (
        None, "赵教练", None)


def test_every_failing_eligibility_rule_is_listed(competition):
    child = id_number(birth=date.today() - timedelta(days=365 * 15))
    data = xlsx_bytes([HEADER, row(id_number=child, group="学生组")])
    report = imports.validate_import(competition, data, "list.xlsx", now=NOW)
    assert {"eligibility.age_min", "eligibility.group"} <= {e.code for e in report.errors}


def test_duplicates_within_the_file_and_already_registered(competition, organizer):
    number = id_number()
    imports.import_registrations(organizer, competition, xlsx_bytes([HEADER, row(
        id_number=number)]), "first.xlsx", now=NOW)
    again = id_number()
    data = xlsx_bytes([HEADER, row(id_number=number), row(id_number=again),
                       row(id_number=again)])
    report = imports.validate_import(competition, data, "second.xlsx", now=NOW)
    assert (2, "id_number", "eligibility.duplicate") in codes(report)
    assert (4, "id_number", "import.duplicate_row") in codes(report)
    assert report.bad_rows == [2, 4]


def test_closed_window_is_reported(db):
    closed = make_competition(opens=NOW - timedelta(days=30), closes=NOW - timedelta(days=1))
    report = imports.validate_import(closed, xlsx_bytes([HEADER, row()]), "x.xlsx", now=NOW)
    assert (2, "project", "eligibility.window_closed") in codes(report)


@pytest.mark.parametrize(("data", "filename", "code"), [
    (xlsx_bytes([["姓名", "电话"], ["张三", "1"]]), "x.xlsx", "sheet.header_missing"),
    (b"\x00\x01junk" * 1000, "x.xlsx", "sheet.not_spreadsheet"),
    (b"\xd0\xcf\x11\xe0old", "x.xls", "sheet.xls_unsupported"),
    (xlsx_bytes([HEADER]), "x.xlsx", "import.no_rows"),
])
def test_sheet_level_problems(competition, data, filename, code):
    report = imports.validate_import(competition, data, filename, now=NOW)
    assert code in {e.code for e in report.errors}
    assert not report.planned


def test_merged_cells_formulas_and_empty_rows(competition):
    def edit(sheet):
        sheet["A3"] = "=CONCAT(\"李\",\"四\")"
        sheet.merge_cells("E2:E4")

    data = xlsx_bytes([HEADER, row(), row(), [], row()], edit=edit)
    report = imports.validate_import(competition, data, "x.xlsx", now=NOW)
    found = {e.code for e in report.errors}
    assert {"sheet.formula", "sheet.merged_cells"} <= found
    assert report.rows == 3  # the empty row 5 is skipped


def test_gbk_csv_is_accepted_and_imported(competition, organizer):
    from app.models import Registration

    data = csv_bytes([HEADER, row(name="赵六")], encoding="gbk")
    result = imports.import_registrations(organizer, competition, data, "名单.csv", now=NOW)
    assert result.imported == 1
    assert Registration.query.one().person.name == "赵六"


def test_nothing_is_imported_unless_every_row_is_valid(competition, organizer):
    from app.models import Person, Registration

    data = xlsx_bytes([HEADER, row(), row(phone="123")])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_registrations(organizer, competition, data, "x.xlsx", now=NOW)
    assert refused.value.report.bad_rows == [3]
    assert Person.query.count() == 0 and Registration.query.count() == 0
    result = imports.import_registrations(organizer, competition, data, "x.xlsx", now=NOW,
                                          only_valid=True)
    assert result.imported == 1 and result.skipped_rows == [3]
    assert Registration.query.one().source == "IMPORT"


def test_import_creates_people_orgs_grades_and_approves_with_tickets(competition, organizer):
    from app.models import AuditEntry, Organization, Registration

    data = xlsx_bytes([HEADER, row(grade="高级工（三级）"), row(
        group="学生组", project="电工（学生组）", organization="沧州技师学院", grade="")])
    result = imports.import_registrations(organizer, competition, data, "x.xlsx", now=NOW,
                                          approve=True)
    assert result.imported == result.approved == 2
    regs = Registration.query.order_by(Registration.id).all()
    assert all(r.status == "APPROVED" and r.ticket_no for r in regs)
    assert [g.grade for g in regs[0].person.grades] == ["L3"]
    assert Organization.query.filter_by(name="沧州技师学院").one().kind == "SCHOOL"
    assert AuditEntry.query.filter_by(action="registrations.imported").count() == 1


def test_existing_person_is_updated_by_id_number_and_name_must_match(competition, organizer):
    from app.models import Person

    number = id_number()
    imports.import_registrations(organizer, competition, xlsx_bytes([HEADER, row(
        id_number=number)]), "a.xlsx", now=NOW)
    data = xlsx_bytes([HEADER, row(id_number=number, phone="13700000000",
                                   project="电工（学生组）", group="学生组")])
    report = imports.validate_import(competition, data, "b.xlsx", now=NOW)
    assert report.ok
    imports.import_registrations(organizer, competition, data, "b.xlsx", now=NOW)
    assert Person.query.one().phone == "13700000000"
    renamed = xlsx_bytes([HEADER, row(id_number=number, name="王六")])
    report = imports.validate_import(competition, renamed, "c.xlsx", now=NOW)
    assert (2, "name", "import.name_mismatch") in codes(report)


def test_project_found_from_occupation_and_group(competition):
    data = xlsx_bytes([HEADER, row(project="", group="学生组", organization="某学校")])
    report = imports.validate_import(competition, data, "x.xlsx", now=NOW)
    assert report.ok and report.planned[0].project.name == "电工（学生组）"


def test_an_occupation_name_two_catalog_entries_share_still_names_its_project(competition, db):
    """Codes are unique, names need not be: 电工 matches the project whose occupation it names."""
    from app.models import Occupation

    db.session.add_all([Occupation(code="6-31-01-03", name="电工"),
                        Occupation(code="6-25-03-00", name="焊工")])
    db.session.commit()
    data = xlsx_bytes([HEADER, row(), row(project="", group="学生组", organization="某学校"),
                       row(occupation="焊工")])
    report = imports.validate_import(competition, data, "x.xlsx", now=NOW)
    assert codes(report) == {(4, "occupation", "import.occupation_mismatch")}
    assert [p.project.name for p in report.planned] == ["电工（职工组）", "电工（学生组）"]
