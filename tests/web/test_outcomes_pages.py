"""Outcome pages: finalise (with the refusal reason), outcomes table, what-if, qualifications."""

from __future__ import annotations

from tests.finalisation_setup import PUBLISH_AT, feeding_contest, ready_contest

MARKS = [(80, 20), (85, 25), (90, 28)]


def test_refusal_shown_then_finalise_and_outcomes(client, login, db):
    contest = ready_contest(MARKS, publish=False)
    pid = contest.project.id
    login(contest.organizer)
    page = client.get(f"/outcomes/projects/{pid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="refusal"' in html and "disabled" in html
    # A refusal flashes and goes back to the page the browser came from.
    refused = client.post(f"/outcomes/projects/{pid}/finalize", follow_redirects=True,
                          headers={"Referer": f"http://localhost/outcomes/projects/{pid}"})
    assert refused.status_code == 200 and 'id="refusal"' in refused.get_data(as_text=True)
    from app.services.boards.publication import publish_results

    publish_results(contest.organizer, pid, now=PUBLISH_AT)
    done = client.post(f"/outcomes/projects/{pid}/finalize", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and 'id="refusal"' not in html
    assert "市技术能手" in html and "选手3" in html
    assert "每年限晋升一次" in html and "ONCE_A_YEAR" not in html  # gates named, not raw
    again = client.post(f"/outcomes/projects/{pid}/finalize", follow_redirects=True)
    assert again.status_code == 200


def test_outcomes_page_is_404_outside_scope(client, login, db, make_user):
    contest = ready_contest(MARKS)
    login(make_user("ORGANIZER"))
    assert client.get(f"/outcomes/projects/{contest.project.id}").status_code == 404
    login(make_user("CONTESTANT"))
    assert client.get(f"/outcomes/projects/{contest.project.id}").status_code == 403


def test_what_if_page_tries_edited_rows(client, login, db):
    contest = ready_contest(MARKS, publish=False)
    url = f"/outcomes/projects/{contest.project.id}/what-if"
    login(contest.organizer)
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "what-if-result" in html
    form = {"rows-0-band": "1-1", "rows-0-group": "EMPLOYEE", "rows-0-action": "TARGET",
            "rows-0-target": "L3", "rows-0-cap": "", "rows-0-steps": "1", "rows-0-title": "",
            "rows-0-title_state": "", "rows-0-note": "", "save": "1"}
    tried = client.post(url, data=form)
    html = tried.get_data(as_text=True)
    assert tried.status_code == 200 and html.count("table-success") == 1
    bad = client.post(url, data={**form, "rows-0-band": "ten"})
    assert bad.status_code == 400 and "invalid-feedback" in bad.get_data(as_text=True)
    db.session.refresh(contest.project)
    assert contest.project.promotion_preset == "MUNICIPALITY_CLASS_1"


def test_contestant_confirms_and_withdraws_on_the_page(client, login, db, make_user):
    from app.services.results.finalisation import finalize_project
    from tests.finalisation_setup import FINAL_AT

    contest, target = feeding_contest(MARKS, quota=1)
    finalize_project(contest.project.id, actor=contest.organizer, now=FINAL_AT)
    winner = make_user("CONTESTANT", person_id=contest.registrations[2].person_id)
    login(winner)
    home = client.get("/home").get_data(as_text=True)
    assert "data-place=" in home and "/outcomes/qualifications" in home
    page = client.get("/outcomes/qualifications").get_data(as_text=True)
    assert "焊工（省赛）" in page and "Confirm my place" in page or "确认" in page
    from app.services.results.qualification import list_my_qualifications

    qid = list_my_qualifications(winner)[0].id
    client.post(f"/outcomes/qualifications/{qid}/confirm")
    assert list_my_qualifications(winner)[0].state == "CONFIRMED"
    client.post(f"/outcomes/qualifications/{qid}/withdraw", data={"reason": "伤病"})
    db.session.expire_all()
    assert list_my_qualifications(winner)[0].state == "WITHDRAWN"
    login(contest.organizer)
    fed = client.get(f"/outcomes/projects/{target.id}").get_data(as_text=True)
    assert "第2名" in fed


def test_an_admin_finalises_early_with_a_reason_shown_on_the_page(client, login, db,
                                                                   make_user):
    from app.models._types import utcnow
    from app.services.boards.publication import publish_results

    contest = ready_contest(MARKS, publish=False)
    pid = contest.project.id
    publish_results(contest.organizer, pid, now=utcnow())
    login(contest.organizer)
    html = client.get(f"/outcomes/projects/{pid}").get_data(as_text=True)
    assert 'id="refusal"' in html and 'name="override_reason"' not in html
    login(make_user("ADMIN", username="root"))
    html = client.get(f"/outcomes/projects/{pid}").get_data(as_text=True)
    assert 'name="override_reason"' in html and 'id="objection-period"' in html
    done = client.post(f"/outcomes/projects/{pid}/finalize", follow_redirects=True,
                       data={"override_reason": "省厅通知提前公布"})
    html = done.get_data(as_text=True)
    assert 'id="override-reason"' in html and "省厅通知提前公布" in html


def test_the_organizer_records_a_withdrawal_on_the_outcomes_page(client, login, db, make_user):
    from sqlalchemy import select

    from app.models import Qualification
    from app.services.results.finalisation import finalize_project
    from tests.finalisation_setup import FINAL_AT

    contest, _target = feeding_contest(MARKS, quota=1)
    pid = contest.project.id
    finalize_project(pid, actor=contest.organizer, now=FINAL_AT)
    [place] = db.session.scalars(select(Qualification)).all()
    url = f"/outcomes/projects/{pid}/qualifications/{place.id}/withdraw"
    login(contest.organizer)
    page = client.get(f"/outcomes/projects/{pid}").get_data(as_text=True)
    assert f'action="{url}"' in page and "登记放弃" in page

    # No reason: refused, named, nothing changed.
    refused = client.post(url, data={"reason": " "}, follow_redirects=True)
    assert "请说明放弃名额的原因" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Qualification, place.id).state == "QUALIFIED"
    # Another organizer: not found, nothing changed.
    login(make_user("ORGANIZER"))
    assert client.post(url, data={"reason": "选手书面放弃"}).status_code == 404
    login(contest.organizer)
    done = client.post(url, data={"reason": "选手书面放弃晋级资格"}, follow_redirects=True)
    assert "已登记放弃" in done.get_data(as_text=True)
    db.session.expire_all()
    states = sorted(q.state for q in db.session.scalars(select(Qualification)))
    assert states == ["QUALIFIED", "WITHDRAWN"]  # the next-ranked finisher has the place
