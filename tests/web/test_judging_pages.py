"""Judging pages: the tablet, the chief console, audit, statistics, scheme editor, judges."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.documents.schemes_xlsx import parse_scheme_workbook, scheme_workbook
from tests.factories import create_user
from tests.judging_setup import build_contest, score_all


@pytest.fixture()
def contest(db):
    return build_contest()


def boot(page: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)
    assert found, name
    return json.loads(found.group(1))


def read(data: bytes) -> dict:
    parsed = parse_scheme_workbook(data, "s.xlsx", max_bytes=10**7)
    assert parsed.errors == [] and parsed.data is not None
    return parsed.data


def test_judge_home_lists_projects_and_the_tablet_shows_codes_only(client, login, contest):
    login(contest.judges[2])
    home = client.get("/judging/")
    assert home.status_code == 200 and contest.project.name in home.text
    assert f"/judging/projects/{contest.project.id}" in home.text
    assert "我的评分" in home.text
    page = client.get(f"/judging/projects/{contest.project.id}").text
    data = boot(page, "jx-tablet-boot")
    codes = [c["code"] for c in data["worklist"]["contestants"]]
    # Judge 3 works where contestant 3 works: recused, so J003 is not on the tablet at all.
    assert codes == ["J001", "J002"]
    assert "选手1" not in page and "选手" not in json.dumps(data, ensure_ascii=False)
    assert data["score_url"] == "/api/v1/scores"
    assert "js/outbox.js" in page and "vendor/socket.io/socket.io.min.js" in page
    labels = boot(page, "jx-tablet-labels")
    assert labels["synced"] == "已保存" and labels["pending"] == "待发送"


def test_tablet_is_only_for_the_projects_judges(client, login, contest, make_user):
    other = build_contest()
    login(contest.judges[0])
    assert client.get(f"/judging/projects/{other.project.id}").status_code == 404
    assert client.get("/judging/projects/999999").status_code == 404
    login(make_user("CONTESTANT"))
    assert client.get(f"/judging/projects/{contest.project.id}").status_code == 403


def test_console_renders_the_matrix_for_the_chief_and_organizer_only(client, login, contest):
    score_all(contest)
    login(contest.chief)
    assert contest.project.name in client.get("/judging/chief").text
    page = client.get(f"/judging/projects/{contest.project.id}/console")
    assert page.status_code == 200
    assert "裁判长控制台" in page.text and "锁定成绩" in page.text
    data = boot(page.text, "jx-console-boot")
    assert data["chief"] is True
    assert {c["code"] for c in data["matrix"]["contestants"]} == {"J001", "J002", "J003"}
    assert data["names"] == {}  # codes only until the results are signed off
    assert data["urls"]["lock"] == f"/api/v1/projects/{contest.project.id}/lock"
    labels = boot(page.text, "jx-console-labels")
    assert labels["flags"]["NEEDS_RESCORE"] == "需重评"
    login(contest.organizer)
    page = client.get(f"/judging/projects/{contest.project.id}/console")
    assert page.status_code == 200 and boot(page.text, "jx-console-boot")["chief"] is False
    login(contest.judges[0])
    assert client.get(f"/judging/projects/{contest.project.id}/console").status_code == 403


def test_console_offers_the_sign_off_and_shows_names_only_after_it(client, login, contest):
    score_all(contest)
    url = f"/judging/projects/{contest.project.id}/console"
    login(contest.chief)
    page = client.get(url).text
    data = boot(page, "jx-console-boot")
    assert 'id="jx-signoff"' in page and "签核成绩" in page and 'data-confirm="确认签核' in page
    assert data["urls"]["sign_off"] == f"/api/v1/projects/{contest.project.id}/sign-off"
    assert data["names"] == {} and data["matrix"]["signed_off"] is None
    labels = boot(page, "jx-console-labels")
    assert labels["sign_after_lock"] == "请先锁定成绩，再签核。"
    assert client.post(f"/api/v1/projects/{contest.project.id}/lock").status_code == 200
    assert boot(client.get(url).text, "jx-console-boot")["names"] == {}  # locked, not signed
    assert client.post(data["urls"]["sign_off"]).status_code == 200
    data = boot(client.get(url).text, "jx-console-boot")
    assert sorted(data["names"].values()) == ["选手1", "选手2", "选手3"]
    assert data["matrix"]["names"] == data["names"]
    assert data["matrix"]["signed_off"]["by_id"] == contest.chief.id
    # The organizer's console shows the sign-off, without the button (the chief signs).
    login(contest.organizer)
    page = client.get(url).text
    assert 'id="jx-signoff-state"' in page and 'id="jx-signoff"' not in page


def test_audit_page_lists_newest_first_and_verifies_the_chain(client, login, contest, db):
    score_all(contest)
    login(contest.chief)
    page = client.get(f"/judging/projects/{contest.project.id}/audit")
    assert page.status_code == 200 and "审计日志" in page.text
    ids = [int(i) for i in re.findall(r'<td class="text-nowrap">(\d+)</td>', page.text)]
    assert ids and ids == sorted(ids, reverse=True)
    assert "score.submitted" in page.text
    verified = client.get(f"/judging/projects/{contest.project.id}/audit?verify=1").text
    assert 'data-ok="1"' in verified
    from app.models import AuditEntry

    entry = db.session.get(AuditEntry, ids[-1])
    entry.reason = "tampered"
    db.session.commit()
    broken = client.get(f"/judging/projects/{contest.project.id}/audit?verify=1").text
    assert 'data-ok="0"' in broken and f"#{ids[-1]}" in broken
    login(contest.judges[0])
    assert client.get(f"/judging/projects/{contest.project.id}/audit").status_code == 403


def test_stats_page_shows_a_severe_judge_and_the_chart(client, login, contest):
    from app.services.scoring.judging import submit_score
    from tests.judging_setup import NOW, new_id

    for registration in contest.registrations[:2]:
        for judge, value in zip(contest.judges, (2, 2, 1), strict=True):
            submit_score(client_id=new_id(), judge=judge, registration_id=registration.id,
                         aspect_id=contest.j.id, value=value, now=NOW)
            submit_score(client_id=new_id(), judge=judge, registration_id=registration.id,
                         aspect_id=contest.panel.id, value=20 if value == 1 else 26, now=NOW)
    login(contest.chief)
    page = client.get(f"/judging/projects/{contest.project.id}/stats")
    assert page.status_code == 200 and "裁判统计" in page.text
    assert 'data-tendency="SEVERE"' in page.text
    assert "vendor/chart.js/chart.umd.min.js" in page.text
    data = boot(page.text, "jx-stats-data")
    assert len(data["labels"]) == 4 and len(data["values"]) == 4


def test_scheme_editor_export_and_import_round_trip(client, login, contest, db):
    login(contest.organizer)
    page = client.get(f"/schemes/projects/{contest.project.id}")
    assert page.status_code == 200 and "评分标准" in page.text
    data = boot(page.text, "jx-scheme-boot")
    assert data["url"] == f"/api/v1/projects/{contest.project.id}/scheme"
    exported = client.get(f"/schemes/projects/{contest.project.id}/scheme.xlsx")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data)).active
    assert sheet.max_row == 1 + 3  # header, three aspects
    # Change a description in the table and import it back: the scheme follows.
    table = read(exported.data)
    table["components"][1]["criteria"][0]["sub_criteria"][0]["aspects"][0][
        "description"] = "尺寸公差"
    upload = scheme_workbook(table, project_name="p")
    answer = client.post(f"/schemes/projects/{contest.project.id}/import",
                         data={"file": (io.BytesIO(upload), "scheme.xlsx")},
                         content_type="multipart/form-data")
    assert answer.status_code == 302
    db.session.expire_all()
    assert contest.m.description == "尺寸公差"


def test_scheme_import_refuses_a_bad_table_and_changes_nothing(client, login, contest, db):
    login(contest.organizer)
    table = read(client.get(f"/schemes/projects/{contest.project.id}/scheme.xlsx").data)
    table["components"][0]["weight"] = "0.5"  # theory above 30 %, weights no longer add to 1
    upload = scheme_workbook(table, project_name="p")
    answer = client.post(f"/schemes/projects/{contest.project.id}/import",
                         data={"file": (io.BytesIO(upload), "scheme.xlsx")},
                         content_type="multipart/form-data")
    assert answer.status_code == 422
    assert "理论知识权重" in answer.text and "权重之和" in answer.text
    garbage = client.post(f"/schemes/projects/{contest.project.id}/import",
                          data={"file": (io.BytesIO(b"not a workbook"), "scheme.xlsx")},
                          content_type="multipart/form-data")
    assert garbage.status_code == 422 and 'id="jx-scheme-error"' in garbage.text
    db.session.expire_all()
    assert contest.theory.weight == Decimal("0.3")


def test_scheme_pages_are_for_the_projects_organizer(client, login, contest, make_user):
    stranger = make_user("ORGANIZER")
    login(stranger)
    assert client.get(f"/schemes/projects/{contest.project.id}").status_code == 404
    assert client.get(f"/schemes/projects/{contest.project.id}/judges").status_code == 404
    login(contest.judges[0])
    assert client.get(f"/schemes/projects/{contest.project.id}").status_code == 403


def test_judges_page_shows_why_an_assignment_was_refused(client, login, contest, db):
    from app.models import Person

    plant = db.session.get(Person, contest.registrations[0].person_id).organization_id
    person = Person(name="新裁判", id_number="IDNEWJUDGE0001", gender="F",
                    birth_date=contest.registrations[0].person.birth_date, organization_id=plant)
    db.session.add(person)
    db.session.flush()
    newcomer = create_user("JUDGE", username="newcomer", person_id=person.id)
    login(contest.organizer)
    page = client.get(f"/schemes/projects/{contest.project.id}/judges")
    assert page.status_code == 200 and "裁判与评分分工" in page.text
    assert "newcomer" in page.text
    refused = client.post(f"/schemes/projects/{contest.project.id}/judges",
                          data={"user_id": newcomer.id, "role": "JUDGE"})
    assert refused.status_code == 409
    assert 'id="jx-refusal"' in refused.text and "J001" in refused.text
    assert "同一单位" in refused.text
    accepted = client.post(f"/schemes/projects/{contest.project.id}/judges",
                           data={"user_id": newcomer.id, "role": "JUDGE", "allow_recusals": "y"})
    assert accepted.status_code == 302
    seated = client.post(
        f"/schemes/projects/{contest.project.id}/judges/{newcomer.id}/panel",
        data={"seats": [f"a:{contest.j.id}", f"a:{contest.panel.id}"]})
    assert seated.status_code == 302
    page = client.get(f"/schemes/projects/{contest.project.id}/judges").text
    assert f'value="a:{contest.j.id}" id="seat-{newcomer.id}-a-{contest.j.id}" checked' in page
    removed = client.post(f"/schemes/projects/{contest.project.id}/judges/{newcomer.id}/remove")
    assert removed.status_code == 302
    second_chief = client.post(f"/schemes/projects/{contest.project.id}/judges",
                               data={"user_id": contest.judges[0].id, "role": "CHIEF_JUDGE"})
    assert second_chief.status_code == 409 and "已有裁判长" in second_chief.text


def test_the_judge_home_says_where_each_project_stands(client, login, contest, db):
    from datetime import timedelta

    from app.models._types import utcnow
    from app.services.common.local_time import local_date

    login(contest.judges[0])
    contest.project.starts_at = utcnow() + timedelta(days=3)
    db.session.commit()
    state = re.compile(r"<span[^>]*data-state>([^<]*)</span>")
    assert state.findall(client.get("/judging/").text) == [
        f"{local_date(contest.project.starts_at)} 开始"]
    contest.project.scores_locked_at = utcnow()
    db.session.commit()
    assert state.findall(client.get("/judging/").text) == ["成绩已锁定"]


def test_nav_links_the_judging_pages(client, login, contest):
    login(contest.chief)
    page = client.get("/home").text
    assert 'href="/judging/"' in page and 'href="/judging/chief"' in page


@pytest.mark.parametrize(("seats", "explained"), [(0, True), (2, False)])
def test_a_judge_with_no_aspect_is_told_what_is_missing(client, login, contest, db,
                                                        seats, explained):
    from app.models import JudgeAssignment

    judge = contest.judges[1]
    assignment = db.session.query(JudgeAssignment).filter_by(
        project_id=contest.project.id, user_id=judge.id).one()
    assignment.panel = assignment.panel[:seats]
    db.session.commit()
    login(judge)
    page = client.get(f"/judging/projects/{contest.project.id}").text
    assert ('id="jx-no-aspects"' in page) is explained
    if explained:
        assert "裁判长或组织方" in page
        assert "is-done" not in page  # no green "0 / 0" card


def test_the_tablet_service_worker_is_served_for_the_judging_scope(client, contest):
    response = client.get("/judging/sw.js")
    assert response.status_code == 200 and "javascript" in response.content_type
    assert response.headers["Service-Worker-Allowed"] == "/judging/"
    assert "jx-tablet-v1" in response.get_data(as_text=True)


def test_the_judges_home_says_when_a_project_not_yet_begun_starts(client, login, db):
    """A contest next year reads "starts …" on the judge's card, not "in progress"."""
    from datetime import date

    from tests.judging_setup import build_contest

    contest = build_contest()
    contest.project.competition.starts_on = date(2099, 5, 6)
    db.session.commit()
    login(contest.judges[0])
    html = client.get("/home").get_data(as_text=True)
    assert "2099-05-06 开始" in html and "进行中" not in html
