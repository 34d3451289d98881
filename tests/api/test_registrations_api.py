"""/api/v1/registrations: register, preview, list, decide, import, template, export."""

from __future__ import annotations

import io

import pytest

from app.services.entry.registration_sheets import COLUMNS
from tests.documents.helpers import xlsx_bytes
from tests.registration_data import id_number, make_competition, organizer_of

pytestmark = pytest.mark.usefixtures("frozen_clock")

BASE = "/api/v1/registrations"
HEADER = [c.header for c in COLUMNS]


def body(project_ids, **changes):
    data = {"name": "张三", "id_number": id_number(), "phone": "13812345678",
            "organization_name": "沧州电力", "group": "EMPLOYEE", "project_ids": project_ids,
            "grades": []}
    data.update(changes)
    return data


def test_preview_then_register_then_mine(client, db, make_user, login):
    competition = make_competition()
    login(make_user("CONTESTANT"))
    ids = [p.id for p in competition.projects]
    preview = client.post(f"{BASE}/eligibility", json=body(ids))
    assert preview.status_code == 200
    verdicts = {v["project_id"]: v for v in preview.json["verdicts"]}
    assert verdicts[ids[0]]["ok"] is True
    assert [f["code"] for f in verdicts[ids[1]]["failures"]] == ["eligibility.group"]
    created = client.post(BASE, json=body(ids))
    assert created.status_code == 201
    assert {r["status"] for r in created.json} == {"SUBMITTED"}
    mine = client.get(f"{BASE}/mine").json
    assert len(mine) == 2 and mine[0]["person"]["id_number"].isalnum()


def test_register_bad_id_is_422_with_field(client, db, make_user, login):
    competition = make_competition()
    login(make_user("CONTESTANT"))
    response = client.post(BASE, json=body([competition.projects[0].id],
                                           id_number="110101199003070012"))
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "idcard.checksum" and error["field"] == "id_number"


def test_list_approve_reject(client, db, make_user, login):
    competition = make_competition()
    contestant = make_user("CONTESTANT")
    login(contestant)
    regs = client.post(BASE, json=body([p.id for p in competition.projects])).json
    assert {r["ticket_pdf"] for r in regs} == {None}
    login(organizer_of(competition, make_user))
    listed = client.get(f"{BASE}?competition_id={competition.id}&eligible=false").json
    assert listed["total"] == 1 and listed["items"][0]["failures"][0]["code"] == (
        "eligibility.group")
    refused = client.post(f"{BASE}/reject", json={"ids": [regs[1]["id"]]})
    assert refused.status_code == 422 and refused.json["error"]["field"] == "reason"
    rejected = client.post(f"{BASE}/reject", json={"ids": [regs[1]["id"]], "reason": "组别不符"})
    assert rejected.json[0]["status"] == "REJECTED"
    approved = client.post(f"{BASE}/approve", json={"ids": [regs[0]["id"]]})
    assert approved.json[0]["status"] == "APPROVED" and approved.json[0]["ticket_no"]
    again = client.post(f"{BASE}/approve", json={"ids": [regs[0]["id"]]})
    assert again.status_code == 422 and again.json["error"]["code"] == (
        "registration.illegal_transition")
    assert client.post(f"{BASE}/approve", json={"ids": [999999]}).status_code == 404
    # The contestant's own list says where the approved one's ticket is; the rejected has none.
    login(contestant)
    mine = {r["id"]: r["ticket_pdf"] for r in client.get(f"{BASE}/mine").json}
    assert mine[regs[1]["id"]] is None
    ticket = client.get(mine[regs[0]["id"]])
    assert ticket.status_code == 200 and ticket.mimetype == "application/pdf"


def test_import_validate_only_refused_only_valid(client, db, make_user, login):
    competition = make_competition()
    login(organizer_of(competition, make_user))
    good = ["王五", id_number(), "13912345678", "沧州恒通", "", "职工组", "电工（职工组）", "", "",
            ""]
    bad = ["李四", "1101", "13912345678", "沧州恒通", "", "职工组", "电工（职工组）", "", "", ""]
    data = xlsx_bytes([HEADER, good, bad])

    def upload(query):
        return client.post(f"{BASE}/import?competition_id={competition.id}{query}",
                           data={"file": (io.BytesIO(data), "x.xlsx")},
                           content_type="multipart/form-data")

    checked = upload("&validate_only=true")
    assert checked.status_code == 200 and checked.json["bad_rows"] == [3]
    assert checked.json["errors"][0]["code"] == "idcard.length"
    refused = upload("")
    assert refused.status_code == 422 and refused.json["valid_rows"] == 1
    imported = upload("&only_valid=true&approve=true")
    assert imported.status_code == 201
    assert imported.json["imported"] == 1 and imported.json["approved"] == 1
    assert imported.json["skipped_rows"] == [3]


def test_template_export_and_scope(client, db, make_user, login):
    competition = make_competition()
    login(organizer_of(competition, make_user))
    template = client.get(f"{BASE}/template?competition_id={competition.id}")
    assert template.status_code == 200 and template.data.startswith(b"PK")
    export = client.get(f"{BASE}/export?competition_id={competition.id}")
    assert export.status_code == 200 and export.data.startswith(b"PK")
    other = make_competition(name="别的赛事")
    response = client.get(f"{BASE}/export?competition_id={other.id}")
    assert response.status_code == 404


def test_oversized_import_is_413_json(client, db, make_user, login):
    competition = make_competition()
    login(organizer_of(competition, make_user))
    junk = io.BytesIO(b"x" * (50 * 1024 * 1024))
    response = client.post(f"{BASE}/import?competition_id={competition.id}",
                           data={"file": (junk, "junk.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "upload.too_large"


def test_an_approved_entry_keeps_its_identity_and_its_employer(client, db, make_user, login):
    from app.models import Registration
    from app.services.common.mappers import contestant_profile

    competition = make_competition(projects=(("电工（职工组）", "ELEC", "EMPLOYEE"),
                                             ("焊工（职工组）", "WELD", "EMPLOYEE")))
    first, second = (p.id for p in competition.projects)
    contestant = make_user("CONTESTANT")
    login(contestant)
    mine = body([first])
    approved_id = client.post(BASE, json=mine).json[0]["id"]
    login(organizer_of(competition, make_user))
    assert client.post(f"{BASE}/approve", json={"ids": [approved_id]}).status_code == 200
    login(contestant)
    # Signing up again under another person's name and number would seat them on the ticket.
    for field, value in (("id_number", id_number()), ("name", "李四")):
        swapped = client.post(BASE, json={**mine, field: value, "project_ids": [second]})
        assert swapped.status_code == 422, field
        error = swapped.json["error"]
        assert (error["code"], error["field"]) == ("person.identity_locked", field)
        assert "撤回" in error["message"]
        preview = client.post(f"{BASE}/eligibility", json={**mine, field: value,
                                                           "project_ids": [second]})
        assert "person.identity_locked" in {p["code"] for p in preview.json["problems"]}
    person = client.get(f"{BASE}/mine").json[0]["person"]
    assert (person["name"], person["id_number"]) == (mine["name"], mine["id_number"])
    # A new employer is the person's own business, but the approved entry's recusals keep the
    # employer it was approved with.
    moved = client.post(BASE, json={**mine, "organization_name": "唐山电力",
                                    "project_ids": [second]})
    assert moved.status_code == 201
    assert contestant_profile(db.session.get(Registration, approved_id)).employer == "沧州电力"


def test_an_identity_may_be_corrected_while_only_resubmitted_entries_stand_on_it(
        client, db, make_user, login):
    competition = make_competition()
    first = competition.projects[0].id
    login(make_user("CONTESTANT"))
    typo = body([first], name="张山")
    client.post(BASE, json=typo)
    fixed = client.post(BASE, json={**typo, "name": "张三"})
    assert fixed.status_code == 201 and fixed.json[0]["person"]["name"] == "张三"


def test_full_width_digits_are_the_same_number_and_meet_the_duplicate_check(
        client, db, make_user, login):
    competition = make_competition()
    first = competition.projects[0].id
    number = id_number()
    wide = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    login(make_user("CONTESTANT"))
    made = client.post(BASE, json=body([first], id_number=wide, phone="１３８１２３４５６７８"))
    assert made.status_code == 201, made.json
    person = made.json[0]["person"]
    assert (person["id_number"], person["phone"]) == (number, "13812345678")
    # Typed either way, it is the number of a record that already has an account.
    for typed in (number, wide):
        login(make_user("CONTESTANT"))
        taken = client.post(BASE, json=body([first], id_number=typed))
        assert (taken.status_code, taken.json["error"]["code"]) == (
            422, "person.id_number_taken"), typed
    arabic = number.translate({ord(c): ord(c) + 0x0660 - ord("0") for c in "0123456789"})
    refused = client.post(BASE, json=body([first], id_number=arabic))
    assert (refused.status_code, refused.json["error"]["field"]) == (422, "id_number")
