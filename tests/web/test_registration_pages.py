"""Registration pages: sign-up, form with eligibility, my registrations, organizer pages."""

from __future__ import annotations

import io
import re

import pytest

from app.services.entry.registration_sheets import COLUMNS
from tests.documents.helpers import xlsx_bytes
from tests.registration_data import id_number, make_competition, organizer_of

pytestmark = pytest.mark.usefixtures("frozen_clock")

HEADER = [c.header for c in COLUMNS]


def form_data(project_ids, **changes):
    data = {"name": "张三", "id_number": id_number(), "phone": "13812345678",
            "group": "EMPLOYEE", "organization_name": "沧州电力", "organization_kind": "EMPLOYER",
            "project_ids": [str(i) for i in project_ids], "action": "check"}
    data.update(changes)
    return data


def test_signup_creates_a_contestant_and_logs_in(client, db):
    from app.models import User

    weak = client.post("/registrations/signup", data={
        "username": "weak", "password": "short", "confirm": "short"})
    assert weak.status_code == 400
    response = client.post("/registrations/signup", data={
        "username": "newbie", "display_name": "新选手", "password": "Strong-pass-1",
        "confirm": "Strong-pass-1"})
    assert response.status_code == 302 and response.location.endswith("/registrations/register")
    user = User.query.filter_by(username="newbie").one()
    assert [r.role for r in user.roles] == ["CONTESTANT"]
    assert client.get("/registrations/register").status_code == 200


def test_check_id_endpoint_explains_bad_numbers(client, db):
    good = client.get(f"/registrations/check-id?id_number={id_number()}").json
    assert good["valid"] and good["birth_date"] == "1990-03-07"
    bad = client.get("/registrations/check-id?id_number=110101199013070011").json
    assert not bad["valid"] and bad["code"] == "idcard.birth_date" and "出生日期" in bad["message"]


def test_preview_shows_every_reason_then_submit(client, db, make_user, login):
    competition = make_competition()
    login(make_user("CONTESTANT"))
    ids = [p.id for p in competition.projects]
    page = client.post("/registrations/register", data=form_data(ids), follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.request.path == "/registrations/register"
    assert "组别不符" in text and 'id="eligibility"' in text
    submitted = client.post("/registrations/register", data=form_data(ids, action="submit",
                                                                      id_number=id_number()))
    assert submitted.status_code == 302
    mine = client.get("/registrations/mine").get_data(as_text=True)
    assert mine.count("data-registration=") == 2 and "组别不符" in mine


def test_bad_id_is_shown_under_its_field(client, db, make_user, login):
    competition = make_competition()
    login(make_user("CONTESTANT"))
    page = client.post("/registrations/register", data=form_data(
        [competition.projects[0].id], action="submit", id_number="110101199003070012"))
    assert page.status_code == 303  # PRG: the form comes back by GET, so "back" never reposts
    page = client.get(page.location)
    assert "校验码错误" in page.get_data(as_text=True)


def test_organizer_list_filters_and_bulk_approve(client, db, make_user, login):
    from app.models import Registration

    competition = make_competition()
    contestant = make_user("CONTESTANT")
    login(contestant)
    client.post("/registrations/register", data=form_data(
        [p.id for p in competition.projects], action="submit"))
    assert "data-ticket" not in client.get("/registrations/mine").get_data(as_text=True)
    organizer = organizer_of(competition, make_user)
    login(organizer)
    listed = client.get(f"/registrations/competitions/{competition.id}?eligible=no")
    assert listed.get_data(as_text=True).count("data-registration=") == 1
    ids = [r.id for r in Registration.query]
    response = client.post(f"/registrations/competitions/{competition.id}/decide",
                           data={"ids": ids, "action": "reject", "reason": ""})
    assert response.status_code == 302
    assert {r.status for r in Registration.query} == {"SUBMITTED"}
    client.post(f"/registrations/competitions/{competition.id}/decide",
                data={"ids": ids, "action": "approve", "reason": ""})
    assert {r.status for r in Registration.query} == {"APPROVED"}
    # The contestant's own list now links each ticket, and the link is the PDF.
    login(contestant)
    mine = client.get("/registrations/mine").get_data(as_text=True)
    links = re.findall(r'data-ticket href="([^"]+)"', mine)
    assert len(links) == 2
    ticket = client.get(links[0])
    assert ticket.status_code == 200 and ticket.data.startswith(b"%PDF")


def test_other_organizers_get_404(client, db, make_user, login):
    competition = make_competition()
    other = make_competition(name="别的赛事")
    login(organizer_of(other, make_user))
    for path in ("", "/import", "/template.xlsx", "/export.xlsx"):
        assert client.get(f"/registrations/competitions/{competition.id}{path}").status_code == 404


def test_import_report_then_valid_rows_then_export(client, db, make_user, login):
    from app.models import Registration

    competition = make_competition()
    login(organizer_of(competition, make_user))
    base = ["王五", id_number(), "13912345678", "沧州恒通", "", "职工组", "电工（职工组）", "电工",
            "", ""]
    bad = ["", "110101199003070012", "123", "沧州恒通", "", "职工组", "电工（职工组）", "", "", ""]
    data = xlsx_bytes([HEADER, base, bad])
    page = client.post(f"/registrations/competitions/{competition.id}/import", data={
        "file": (io.BytesIO(data), "名单.xlsx")}, content_type="multipart/form-data")
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'data-row="3"' in text and "校验码错误" in text and "姓名" in text
    assert Registration.query.count() == 0
    token = re.search(r'name="token"[^>]*value="([^"]+)"', text).group(1)
    done = client.post(f"/registrations/competitions/{competition.id}/import/valid",
                       data={"token": token})
    assert done.status_code == 302 and Registration.query.count() == 1
    export = client.get(f"/registrations/competitions/{competition.id}/export.xlsx")
    assert export.status_code == 200 and export.data.startswith(b"PK")
    template = client.get(f"/registrations/competitions/{competition.id}/template.xlsx")
    assert template.status_code == 200 and template.data.startswith(b"PK")


@pytest.mark.parametrize("size_mb", [21, 50])
def test_oversized_upload_gets_a_clear_413(client, db, make_user, login, size_mb):
    competition = make_competition()
    login(organizer_of(competition, make_user))
    junk = io.BytesIO(b"x" * (size_mb * 1024 * 1024))
    response = client.post(f"/registrations/competitions/{competition.id}/import",
                           data={"file": (junk, "junk.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "20 MB" in response.get_data(as_text=True)


def test_submitting_twice_says_nothing_new_was_created(client, db, make_user, login):
    from app.models import Registration

    competition = make_competition()
    login(make_user("CONTESTANT"))
    data = form_data([competition.projects[0].id], action="submit")
    first = client.post("/registrations/register", data=data, follow_redirects=True)
    assert "报名已提交" in first.get_data(as_text=True)
    again = client.post("/registrations/register", data=data, follow_redirects=True)
    text = again.get_data(as_text=True)
    assert "未另建新的报名" in text and "报名已提交" not in text
    assert db.session.query(Registration).count() == 1


@pytest.mark.parametrize(("length", "refused"), [(100, False), (101, True)])
def test_a_long_name_is_refused_with_the_limit_not_cut(client, db, make_user, login,
                                                      length, refused):
    competition = make_competition()
    login(make_user("CONTESTANT"))
    form = client.get("/registrations/register").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="name"[^>]*maxlength', form) is None
    page = client.post("/registrations/register",
                       data=form_data([competition.projects[0].id], name="张" * length),
                       follow_redirects=True)
    text = page.get_data(as_text=True)
    assert ("最多 100 个字符，当前为 101 个" in text) is refused
    assert ('id="eligibility"' in text) is not refused
    assert ("张" * length) in text  # the typed name comes back as typed


@pytest.mark.parametrize("action", ["check", "submit"])
def test_every_post_of_the_form_redirects(client, db, make_user, login, action):
    competition = make_competition()
    login(make_user("CONTESTANT"))
    bad = form_data([competition.projects[0].id], action=action, id_number="110101199003070012")
    for data in (bad, form_data([competition.projects[0].id], action="check")):
        response = client.post("/registrations/register", data=data)
        assert response.status_code == 303
        assert response.location.startswith("/registrations/register?checked=1")
    again = client.get("/registrations/register?checked=1").get_data(as_text=True)
    assert 'id="eligibility"' in again and "沧州电力" in again
