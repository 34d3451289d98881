"""Run a real contest through /api/v1 alone, from an empty database (issue #13).

Set-up writes only what a fresh installation has: one admin (the `flask create-admin` step)
and the occupation catalogue row (reference data; replace it with /api/v1/occupations once
the occupations catalogue API lands). After that every step is an HTTP call with a bearer
token obtained from the API's own token endpoint: no database writes, no service calls.
"""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import Workbook

from tests.outcome_factories import id_number

ADMIN_PASSWORD = "Steel-Weld-2026"


class Client:
    """A bearer-token API client over the Flask test client (no cookies are ever sent)."""

    def __init__(self, client: Any, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def call(self, method: str, path: str, expect: int | tuple[int, ...] = 200,
             **kwargs: Any) -> Any:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.client.delete_cookie("session")
        answer = self.client.open(path, method=method, headers=headers, **kwargs)
        wanted = expect if isinstance(expect, tuple) else (expect,)
        assert answer.status_code in wanted, (method, path, answer.status_code, answer.json)
        return None if answer.status_code == 204 else answer.json

    def login(self, username: str, password: str) -> Client:
        """Return a client holding a token issued for these credentials."""
        body = Client(self.client).call("POST", "/api/v1/auth/token", 201,
                                        json={"username": username, "password": password,
                                              "name": "no-back-door"})
        return Client(self.client, body["token"])

    def first_login(self, username: str, one_time_password: str) -> Client:
        """Log in with a password someone else set: change it first, as the API demands."""
        body = Client(self.client).call("POST", "/api/v1/auth/token", 201,
                                        json={"username": username,
                                              "password": one_time_password,
                                              "name": "no-back-door"})
        assert body["must_change_password"] is True
        own = Client(self.client, body["token"])
        refused = own.call("GET", "/api/v1/competitions", 403)
        assert refused["error"]["code"] == "auth.password_change_required"
        own.call("POST", "/api/v1/me/password", 204, json={
            "current_password": one_time_password, "new_password": "Chosen-By-Me-2026"})
        assert own.call("GET", "/api/v1/me")["must_change_password"] is False
        return own


def _xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(data: bytes, name: str) -> dict[str, Any]:
    return {"data": {"file": (io.BytesIO(data), name)}, "content_type": "multipart/form-data"}


@pytest.fixture()
def fresh(db: Any) -> dict[str, Any]:
    """An empty database with one admin, as after `flask create-admin`."""
    from app.models import User
    from app.services.identity.accounts import create_user

    assert db.session.query(User).count() == 0
    create_user("admin", ADMIN_PASSWORD, display_name="管理员", roles=["ADMIN"])
    return {}


def test_a_contest_runs_through_the_api_alone(client: Any, fresh: dict[str, Any]) -> None:
    from app.models._types import utcnow

    anonymous = Client(client)
    admin = anonymous.login("admin", ADMIN_PASSWORD)

    # 1. Admin: the occupation, an organizing body and an organizer attached to it.
    occupation = admin.call("POST", "/api/v1/occupations", 201, json={
        "code": "6-18-02-04", "name": "焊工", "top_grade": "L1"})
    fresh["occupation_id"] = occupation["id"]
    body = admin.call("POST", "/api/v1/organizations", 201, json={
        "name": "烟台市人力资源和社会保障局", "kind": "HRSS", "region": "烟台市",
        "region_code": "370600", "site_serial": "000321"})
    made = admin.call("POST", f"/api/v1/organizations/{body['id']}/organizers", 201,
                      json={"username": "yantai_org", "display_name": "烟台市竞赛办"})
    organizer = anonymous.first_login("yantai_org", made["one_time_password"])

    # 2. Organizer: a competition with two projects, and a scheme for the first.
    now = utcnow()
    competition = organizer.call("POST", "/api/v1/competitions", 201, json={
        "name": "烟台市焊工技能大赛", "tier": "MUNICIPAL", "category": "CLASS_2",
        "year": (now + timedelta(days=20)).year, "organizer_id": body["id"],
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=10)).isoformat(),
        "starts_on": (now + timedelta(days=20)).date().isoformat(),
        "ends_on": (now + timedelta(days=21)).date().isoformat(),
        "issuer_kind": "S", "issuer_body_code": "3706", "issuer_province_code": "37",
        "issuer_site_serial": "000321"})
    cid = competition["id"]
    projects = [organizer.call("POST", f"/api/v1/competitions/{cid}/projects", 201, json={
        "occupation_id": fresh["occupation_id"], "group": group, "name": name})
        for group, name in (("EMPLOYEE", "焊工（职工组）"), ("STUDENT", "焊工（学生组）"))]
    pid = projects[0]["id"]
    # The public board freezes (封榜) at 16:00 Beijing time on the first contest day.
    first_day = (now + timedelta(days=20)).date().isoformat()
    frozen = organizer.call("PUT", f"/api/v1/projects/{pid}", json={
        "occupation_id": fresh["occupation_id"], "group": "EMPLOYEE", "name": "焊工（职工组）",
        "board_freeze_at": f"{first_day}T16:00:00"})
    assert frozen["board_freeze_at"] == f"{first_day}T08:00:00+00:00"
    checklist = organizer.call("GET", f"/api/v1/competitions/{cid}/checklist")
    assert checklist["ready_for_registration"] is True
    assert checklist["ready_for_judging"] is False
    organizer.call("PUT", f"/api/v1/projects/{pid}/scheme", json={"components": [
        {"code": "T", "kind": "THEORY", "name": "理论知识", "weight": "0.3"},
        {"code": "P", "kind": "PRACTICAL", "name": "技能操作", "weight": "0.7", "criteria": [
            {"code": "A", "name": "焊缝质量", "sub_criteria": [
                {"code": "A1", "name": "外观", "aspects": [
                    {"code": "A1.1", "kind": "PANEL", "max_mark": "100",
                     "aggregation": "mean", "description": "焊缝成形"}]}]}]}]})
    scheme = organizer.call("GET", f"/api/v1/projects/{pid}/scheme")
    theory_id = next(c["id"] for c in scheme["components"] if c["code"] == "T")
    aspect_id = scheme["components"][1]["criteria"][0]["sub_criteria"][0]["aspects"][0]["id"]

    # 3. Staff: three judges from a sheet built here; an approver, a chief judge one by one.
    sheet = _xlsx(["角色", "用户名", "姓名", "身份证号", "工作单位", "裁判员资格等级",
                   "资格证书编号", "资格有效期至", "赛项"],
                  [["裁判员", f"judge{i}", f"裁判{i}", id_number(500 + i), "市技师学院", "市级",
                    f"YT-J-{i}", "2030-12-31", "焊工（职工组）"] for i in (1, 2, 3)])
    imported = organizer.call("POST", f"/api/v1/competitions/{cid}/staff/import", 201,
                              **_upload(sheet, "裁判名单.xlsx"))
    judges = {c["username"]: c for c in imported["created"]}
    assert sorted(judges) == ["judge1", "judge2", "judge3"]
    approver_made = organizer.call("POST", f"/api/v1/competitions/{cid}/staff", 201, json={
        "role": "APPROVER", "username": "approver", "name": "核准员",
        "id_number": id_number(520)})
    chief_made = organizer.call("POST", f"/api/v1/competitions/{cid}/staff", 201, json={
        "role": "CHIEF_JUDGE", "username": "chief", "name": "裁判长", "employer": "市质监站",
        "id_number": id_number(510), "qualification_level": "PROVINCIAL",
        "certificate_no": "SD-C-1", "expires_on": "2030-12-31", "project_ids": [pid]})
    for created in judges.values():
        organizer.call("PUT", f"/api/v1/projects/{pid}/assignments/{created['user_id']}/panel",
                       json={"aspect_ids": [aspect_id]})
    organizer.call("PUT", f"/api/v1/projects/{pid}/assignments/{chief_made['user_id']}/panel",
                   json={"component_ids": [theory_id]})
    checklist = organizer.call("GET", f"/api/v1/competitions/{cid}/checklist")
    assert {i["code"]: i["ok"] for i in checklist["items"] if i["project_id"] == pid} == {
        "project.scheme": True, "project.chief_judge": True, "project.panels": True,
        "project.coverage": True, "project.qualifications": True}

    # 4. Contestants: imported and approved (tickets), then checked in.
    contestants = [["选手甲", id_number(601)], ["选手乙", id_number(602)],
                   ["选手丙", id_number(603)], ["选手丁", id_number(604)]]
    registration_sheet = _xlsx(
        ["姓名", "身份证号", "手机号", "工作单位或学校", "组别", "赛项"],
        [[name, number, f"1380013{8000 + k}", f"第{k}机械厂", "职工组", "焊工（职工组）"]
         for k, (name, number) in enumerate(contestants)])
    organizer.call("POST", f"/api/v1/registrations/import?competition_id={cid}&approve=true",
                   201, **_upload(registration_sheet, "报名表.xlsx"))
    listed = organizer.call("GET", f"/api/v1/registrations?competition_id={cid}&project_id={pid}")
    regs = {r["person"]["name"]: r for r in listed["items"]}
    assert {r["status"] for r in regs.values()} == {"APPROVED"}
    numbers = dict(contestants)
    for name, reg in regs.items():
        # A typed ticket number needs the ID number's last four characters as well.
        organizer.call("POST", f"/api/v1/projects/{pid}/checkin",
                       json={"ticket_no": reg["ticket_no"], "id_last4": numbers[name][-4:]})

    # 5. Judges score through the HTTP fallback; 乙 and 丙 tie on everything.
    marks = {"选手甲": (90, 95), "选手乙": (80, 85), "选手丙": (80, 85), "选手丁": (70, 60)}
    chief = anonymous.first_login("chief", chief_made["one_time_password"])
    scorers = [anonymous.first_login(u, c["one_time_password"])
               for u, c in sorted(judges.items())]
    for name, (theory, practical) in marks.items():
        rid = regs[name]["id"]
        chief.call("POST", "/api/v1/scores", 201, json={
            "client_id": str(uuid.uuid4()), "registration_id": rid,
            "component_id": theory_id, "value": theory})
        for judge in scorers:
            judge.call("POST", "/api/v1/scores", 201, json={
                "client_id": str(uuid.uuid4()), "registration_id": rid,
                "aspect_id": aspect_id, "value": practical})

    # 6. The chief judge sees the tie side by side and orders it through the API.
    ties = chief.call("GET", f"/api/v1/projects/{pid}/ties")
    assert ties["blocking"] is True
    [tie] = ties["ties"]
    tied = [e["registration_id"] for e in tie["entries"]]
    assert sorted(tied) == sorted([regs["选手乙"]["id"], regs["选手丙"]["id"]])
    chief.call("POST", f"/api/v1/projects/{pid}/tie-order", 201, json={
        "registration_ids": [regs["选手丙"]["id"], regs["选手乙"]["id"]],
        "reason": "两人各项成绩相同，经裁判组合议以实操焊缝截面检验结果排序"})
    assert chief.call("GET", f"/api/v1/projects/{pid}/ties")["blocking"] is False
    standings = chief.call("GET", f"/api/v1/projects/{pid}/standings")
    ranks = {r["registration_id"]: r["rank"] for r in standings["rows"]}
    assert [ranks[regs[n]["id"]] for n in ("选手甲", "选手丙", "选手乙", "选手丁")] == [1, 2, 3, 4]

    # 7. Locked and signed off (签核) by the chief judge, who then sees the names; published
    # by the organizer.
    chief.call("POST", f"/api/v1/projects/{pid}/lock")
    before = chief.call("GET", f"/api/v1/projects/{pid}/standings")
    assert not {r["name"] for r in before["rows"]} & set(marks)  # codes only (加密号)
    chief.call("POST", f"/api/v1/projects/{pid}/sign-off")
    after = chief.call("GET", f"/api/v1/projects/{pid}/standings")
    assert {r["name"] for r in after["rows"]} == set(marks)
    published = organizer.call("POST", f"/api/v1/projects/{pid}/publish")
    assert published["result_status"] == "PUBLISHED"

    # 8. Finalising during the 公示 is refused with its end; an administrator may finalise
    # early with a written reason. Then certificates, promotions approved and certified.
    early = organizer.call("POST", f"/api/v1/projects/{pid}/finalize", 409, json={})
    assert early["error"]["code"] != "finalisation.unresolved_tie"
    final = admin.call("POST", f"/api/v1/projects/{pid}/finalize", 200, json={
        "override_reason": "测试：组委会书面同意提前确认成绩"})
    assert final["result_status"] == "FINAL"
    outcomes = organizer.call("GET", f"/api/v1/projects/{pid}/outcomes")
    reasons = {e["registration_id"]: e["tie_order_reason"] for e in outcomes["entries"]}
    assert reasons[regs["选手丙"]["id"]].startswith("两人各项成绩相同")
    assert reasons[regs["选手甲"]["id"]] is None
    issued = organizer.call("POST", f"/api/v1/certificates/projects/{pid}/issue", json={})
    assert issued
    approver = anonymous.first_login("approver", approver_made["one_time_password"])
    proposed = approver.call("GET", f"/api/v1/promotions?project_id={pid}&state=PROPOSED")
    ids = [p["id"] for p in proposed]
    assert ids
    approver.call("POST", "/api/v1/promotions/approve", json={"ids": ids, "reason": "核准"})
    certified = approver.call("POST", "/api/v1/promotions/certify", json={"ids": ids})
    assert {p["state"] for p in certified} == {"CERTIFIED"}


@pytest.mark.parametrize("path", [
    "/api/v1/auth/token", "/api/v1/organizations", "/api/v1/organizations/{body_id}",
    "/api/v1/organizations/{body_id}/organizers",
    "/api/v1/competitions/{competition_id}/staff",
    "/api/v1/competitions/{competition_id}/staff/import",
    "/api/v1/competitions/{competition_id}/checklist",
    "/api/v1/projects/{project_id}/ties", "/api/v1/projects/{project_id}/tie-order",
    "/api/v1/projects/{project_id}", "/api/v1/projects/{project_id}/sign-off",
])
def test_every_step_is_in_the_openapi_document(client: Any, path: str) -> None:
    assert path in client.get("/api/v1/openapi.json").json["paths"]
